//! Interface strings: what pages say around the data (navigation, labels,
//! messages), one table per language. Built in for `en` and `zh-CN`
//! (`i18n/<language>.yaml`, embedded); a key missing in a language falls
//! back to English.

use std::collections::BTreeMap;

/// One language's strings, by dotted key (`nav.model`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StringTable {
    entries: BTreeMap<String, String>,
}

impl StringTable {
    /// A table of these entries.
    pub fn new(entries: BTreeMap<String, String>) -> StringTable {
        StringTable { entries }
    }

    /// The string of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(String::as_str)
    }

    /// The string of `key` with each `{name}` of `values` filled in (`Level
    /// {n}: {name}`); the key itself when the table lacks it, so a missing
    /// string shows where it belongs rather than vanishing.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).unwrap_or(key).to_owned();
        for (name, value) in values {
            let mark = format!("{{{name}}}");
            if text.contains(&mark) {
                text = text.replace(&mark, value);
            }
        }
        text
    }

    /// Every key, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Every (key, string), in key order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// This table with every key of `fallback` it lacks taken from there,
    /// and those keys.
    pub fn with_fallback(mut self, fallback: &StringTable) -> (StringTable, Vec<String>) {
        let mut missing = Vec::new();
        for (k, v) in &fallback.entries {
            if !self.entries.contains_key(k) {
                missing.push(k.clone());
                self.entries.insert(k.clone(), v.clone());
            }
        }
        (self, missing)
    }

    /// The table as nested maps (`{"nav": {"model": "Model"}}`), as
    /// templates read it (`{{ t.nav.model }}`).
    pub fn nested(&self) -> serde_json::Value {
        let mut root = serde_json::Map::new();
        for (key, value) in &self.entries {
            let mut map = &mut root;
            let mut parts = key.split('.').peekable();
            while let Some(part) = parts.next() {
                if parts.peek().is_none() {
                    map.insert(part.to_owned(), serde_json::Value::String(value.clone()));
                } else {
                    let entry = map
                        .entry(part.to_owned())
                        .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
                    if !entry.is_object() {
                        *entry = serde_json::Value::Object(serde_json::Map::new());
                    }
                    let serde_json::Value::Object(next) = entry else {
                        break;
                    };
                    map = next;
                }
            }
        }
        serde_json::Value::Object(root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(pairs: &[(&str, &str)]) -> StringTable {
        StringTable::new(
            pairs
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
        )
    }

    #[test]
    fn placeholders_are_filled_and_a_missing_key_shows_itself() {
        let t = table(&[("index.level", "Level {n}: {name}")]);
        assert_eq!(
            t.fill("index.level", &[("n", "2"), ("name", "Managed")]),
            "Level 2: Managed"
        );
        assert_eq!(t.fill("index.none", &[("n", "2")]), "index.none");
    }

    #[test]
    fn missing_keys_fall_back_and_are_named() {
        let en = table(&[("nav.home", "Home"), ("nav.model", "Model")]);
        let zh = table(&[("nav.home", "首页")]);
        let (zh, missing) = zh.with_fallback(&en);
        assert_eq!(missing, vec!["nav.model".to_owned()]);
        assert_eq!(zh.get("nav.home"), Some("首页"));
        assert_eq!(zh.get("nav.model"), Some("Model"));
        assert_eq!(
            zh.nested(),
            serde_json::json!({"nav": {"home": "首页", "model": "Model"}})
        );
    }
}
