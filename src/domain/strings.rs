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

    /// The string of `key`, or the key itself when the table lacks it (a
    /// built-in table completed from English has every key rungs uses, so
    /// a key on a page is a typo that a test of its page catches).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.get(key).unwrap_or(key)
    }

    /// `key`'s string with its `{name}` placeholders filled from `values`.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        crate::text::fill(self.text(key), values)
    }

    /// The string of `key_one` when `n` is 1, else of `key_other`, with
    /// `{n}` filled in: English says "1 level", "2 levels"; a language
    /// without plurals gives both keys the same string.
    pub fn count(&self, n: usize, key_one: &str, key_other: &str) -> String {
        let key = if n == 1 { key_one } else { key_other };
        self.fill(key, &[("n", &n.to_string())])
    }

    /// This table with the words for the model's parts put in: each
    /// `{@capability}` (the singular), `{@capabilities}` (the plural) and
    /// their capitalised forms `{@Capability}`, `{@Capabilities}`, and the
    /// same for `dimension(s)`, `criterion`/`criteria` and `level(s)`,
    /// become the model's `terms:` where it names the part, else the
    /// table's own `terms.<part>.one` and `.other`. Done once per
    /// language, so pages and charts read finished strings.
    pub fn with_terms(mut self, terms: &crate::domain::model::Terms) -> StringTable {
        const PLURALS: [(&str, &str); 4] = [
            ("dimension", "dimensions"),
            ("capability", "capabilities"),
            ("criterion", "criteria"),
            ("level", "levels"),
        ];
        let mut words: Vec<(String, String)> = Vec::with_capacity(16);
        for (one_name, other_name) in PLURALS {
            let (one, other) = match terms.get(one_name) {
                Some(t) => (t.one.clone(), t.other.clone()),
                None => (
                    self.text(&format!("terms.{one_name}.one")).to_owned(),
                    self.text(&format!("terms.{one_name}.other")).to_owned(),
                ),
            };
            for (name, word) in [(one_name, one), (other_name, other)] {
                words.push((format!("{{@{}}}", capitalised(name)), capitalised(&word)));
                words.push((format!("{{@{name}}}"), word));
            }
        }
        for value in self.entries.values_mut() {
            if value.contains("{@") {
                for (mark, word) in &words {
                    if value.contains(mark.as_str()) {
                        *value = value.replace(mark.as_str(), word);
                    }
                }
            }
        }
        self
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

/// `word` with its first letter in upper case (`Security practice`); the
/// same where the script has no case.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
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
    fn a_model_s_terms_replace_the_table_s_words() {
        use crate::domain::model::{Term, Terms};
        let t = table(&[
            ("terms.capability.one", "capability"),
            ("terms.capability.other", "capabilities"),
            ("terms.level.one", "level"),
            ("terms.level.other", "levels"),
            ("report.capabilities", "{@Capabilities}"),
            (
                "report.weak",
                "The weakest {@capability} of {n} {@capabilities}, at {@level} {level}",
            ),
            ("zh", "{@capabilities}得分"),
        ]);
        let plain = t.clone().with_terms(&Terms::default());
        assert_eq!(plain.text("report.capabilities"), "Capabilities");
        assert_eq!(
            plain.text("report.weak"),
            "The weakest capability of {n} capabilities, at level {level}"
        );
        let samm = Terms {
            capability: Some(Term {
                one: "security practice".into(),
                other: "security practices".into(),
            }),
            level: Some(Term {
                one: "maturity level".into(),
                other: "maturity levels".into(),
            }),
            ..Terms::default()
        };
        let samm = t.with_terms(&samm);
        assert_eq!(samm.text("report.capabilities"), "Security practices");
        assert_eq!(
            samm.text("report.weak"),
            "The weakest security practice of {n} security practices, at maturity level {level}"
        );
        let zh = table(&[
            ("terms.capability.one", "能力"),
            ("terms.capability.other", "能力"),
            ("x", "{@Capabilities}得分"),
        ]);
        assert_eq!(zh.with_terms(&Terms::default()).text("x"), "能力得分");
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
