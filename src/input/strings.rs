//! Reading string tables (`i18n/<language>.yaml`): nested maps whose leaves
//! are strings, keys of lower-case letters, digits and `_`.

use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::domain::builtin;
use crate::domain::strings::StringTable;
use crate::input::yaml::{Node, Value, parse};

/// Parses the string table `text` of `file`; every problem is reported, at
/// its line.
pub fn parse_table(file: &str, text: &str) -> Result<StringTable, Vec<Diagnostic>> {
    let root = parse(file, text).map_err(|d| vec![d])?;
    let mut entries = BTreeMap::new();
    let mut problems = Vec::new();
    walk((file, text), &root, "", &mut entries, &mut problems);
    if problems.is_empty() {
        Ok(StringTable::new(entries))
    } else {
        Err(problems)
    }
}

fn walk(
    (file, text): (&str, &str),
    node: &Node,
    prefix: &str,
    entries: &mut BTreeMap<String, String>,
    problems: &mut Vec<Diagnostic>,
) {
    let at = |message: String| Diagnostic::in_file(file, message).at(text, node.position);
    match &node.value {
        Value::Map(map) => {
            for (k, v) in map {
                let Value::Str(key) = &k.value else {
                    problems.push(at(format!("{prefix}: a key must be a name")));
                    continue;
                };
                if key.is_empty()
                    || !key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                {
                    problems.push(
                        Diagnostic::in_file(file, format!("{key:?} is not a string key"))
                            .at(text, k.position)
                            .with_help("use lower-case letters, digits and `_`"),
                    );
                    continue;
                }
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                walk((file, text), v, &path, entries, problems);
            }
        }
        Value::Str(s) if !prefix.is_empty() => {
            entries.insert(prefix.to_owned(), s.clone());
        }
        Value::Null if prefix.is_empty() => {}
        other => problems.push(
            at(format!(
                "{}: expected a string or a group of strings, found {}",
                if prefix.is_empty() {
                    "the table"
                } else {
                    prefix
                },
                other.kind()
            ))
            .with_help("quote the text if it looks like a number or a boolean"),
        ),
    }
}

/// The built-in strings of `language` (matched without regard to case),
/// completed from English, and the keys English had to fill in; English
/// alone, with every key named, for a language rungs has no table for.
pub fn builtin(language: &str) -> (StringTable, Vec<String>) {
    let table = |(file, text): (&str, &str)| {
        parse_table(&format!("i18n/{file}.yaml"), text).unwrap_or_default()
    };
    let english = table(builtin::STRINGS[0]);
    match builtin::STRINGS
        .iter()
        .find(|(tag, _)| tag.eq_ignore_ascii_case(language))
    {
        Some(found) if found.0 != "en" => table(*found).with_fallback(&english),
        Some(_) => (english, Vec::new()),
        None => {
            let keys = english.keys().map(str::to_owned).collect();
            (english, keys)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_nested_strings_and_problems_have_lines() {
        let t = parse_table("x.yaml", "nav:\n  home: Home\n  model: Model\n").unwrap();
        assert_eq!(t.get("nav.model"), Some("Model"));
        let e = parse_table("x.yaml", "nav:\n  home: 3\n  Bad-Key: x\n").unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].message.contains("nav.home: expected a string"),
            "{}",
            e[0].message
        );
        assert!(e[1].message.contains("\"Bad-Key\" is not a string key"));
    }

    /// The `{name}` placeholders of `text`, sorted, each once.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    #[test]
    fn placeholders_are_found() {
        assert_eq!(placeholders("{b} of {a}, {b}"), ["a", "b"]);
        assert!(placeholders("none").is_empty());
    }

    #[test]
    fn every_built_in_language_has_every_key_and_nothing_else() {
        let english = parse_table("en.yaml", builtin::STRINGS[0].1).unwrap();
        assert!(english.keys().count() >= 25);
        for (tag, text) in &builtin::STRINGS[1..] {
            let table = parse_table(tag, text).unwrap();
            let keys: Vec<&str> = table.keys().collect();
            let expected: Vec<&str> = english.keys().collect();
            assert_eq!(keys, expected, "{tag} has exactly English's keys");
            for (key, value) in table.entries() {
                let en = english.get(key).unwrap_or_default();
                // A separator may be a space, or nothing in a language
                // written without spaces.
                if !key.ends_with("_sep") {
                    assert!(!value.trim().is_empty(), "{tag}: {key} is empty");
                    assert!(!en.trim().is_empty(), "en: {key} is empty");
                }
                if key == "format.date" {
                    // A date picks its own fields.
                    for p in placeholders(value) {
                        assert!(
                            ["year", "month", "day", "mm", "dd"].contains(&p),
                            "{tag}: {key}: {{{p}}} is not a date field"
                        );
                    }
                } else {
                    // The values a page fills in are English's; the words
                    // for the model's parts (`{@level}`) are the
                    // language's own: 目标等级 names the level where
                    // English says "Target".
                    let filled = |text| {
                        let mut p = placeholders(text);
                        p.retain(|p| !p.starts_with('@'));
                        p
                    };
                    assert_eq!(
                        filled(en),
                        filled(value),
                        "{tag}: {key} has English's placeholders"
                    );
                }
            }
        }
        let (zh, missing) = builtin("zh-cn");
        assert!(missing.is_empty());
        assert_eq!(zh.get("nav.home"), Some("首页"));
        let (fr, missing) = builtin("fr");
        assert_eq!(fr.get("nav.home"), Some("Home"));
        assert_eq!(missing.len(), english.keys().count());
    }
    /// The words for the model's parts a table may use: `{@capability}`,
    /// `{@capabilities}`, `{@Capability}`, `{@Capabilities}`, and the same
    /// for dimensions, criteria and levels.
    fn term_placeholders() -> Vec<String> {
        let mut known = Vec::new();
        for (one, other) in [
            ("dimension", "dimensions"),
            ("capability", "capabilities"),
            ("criterion", "criteria"),
            ("level", "levels"),
        ] {
            for word in [one, other] {
                let mut upper = word.to_owned();
                upper[..1].make_ascii_uppercase();
                known.push(format!("@{word}"));
                known.push(format!("@{upper}"));
            }
        }
        known
    }

    #[test]
    fn built_in_tables_name_the_model_s_parts_by_the_known_words_only() {
        use crate::domain::model::Terms;
        let known = term_placeholders();
        assert_eq!(known.len(), 16);
        let mut used = std::collections::BTreeSet::new();
        for (tag, text) in &builtin::STRINGS {
            let table = parse_table(tag, text).unwrap();
            for part in Terms::PARTS {
                for n in ["one", "other"] {
                    let word = table.get(&format!("terms.{part}.{n}"));
                    assert!(
                        word.is_some_and(|w| !w.trim().is_empty() && !w.contains('{')),
                        "{tag}: terms.{part}.{n} is a word"
                    );
                }
            }
            for (key, value) in table.entries() {
                for p in placeholders(value) {
                    if p.starts_with('@') {
                        assert!(
                            known.iter().any(|k| k == p),
                            "{tag}: {key}: {{{p}}} is not a part of the model"
                        );
                        used.insert(p.to_owned());
                    }
                }
            }
            // With the table's own words, no placeholder of a term is left.
            let words = table.clone().with_terms(&Terms::default());
            for (key, value) in words.entries() {
                assert!(!value.contains("{@"), "{tag}: {key} keeps {value:?}");
            }
        }
        assert!(used.len() >= 12, "the tables use {used:?}");
        let en = builtin("en").0.with_terms(&Terms::default());
        assert_eq!(en.text("common.capabilities"), "Capabilities");
        assert_eq!(en.text("common.levels_other"), "{n} levels");
        assert_eq!(en.text("common.below_level_1"), "Below level 1");
        assert_eq!(en.text("common.level_abbr"), "L{n}");
        let zh = builtin("zh-CN").0.with_terms(&Terms::default());
        assert_eq!(zh.text("common.capabilities_other"), "{n} 项能力");
        assert_eq!(zh.text("report.target"), "目标等级");
    }

    /// The string keys named in `text`: `t.group.key` in a template,
    /// `.text("group.key")`, `.fill("group.key"` and `.count(n, "…", "…")`
    /// in Rust.
    fn keys_named(text: &str) -> Vec<String> {
        let mut keys = Vec::new();
        let is_key = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.';
        for (i, _) in text.match_indices("t.") {
            let before = text[..i].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let key: String = text[i + 2..].chars().take_while(|c| is_key(*c)).collect();
            if key.split('.').count() == 2 && !key.ends_with('.') {
                keys.push(key);
            }
        }
        for quote in text.split('"').skip(1).step_by(2) {
            let parts: Vec<&str> = quote.split('.').collect();
            if parts.len() == 2
                && [
                    "common",
                    "format",
                    "chart",
                    "search",
                    "roadmap",
                    "benchmarks",
                    "nav",
                    "not_found",
                    "organizations",
                    "report",
                ]
                .contains(&parts[0])
                && quote.chars().all(is_key)
                && !parts[1].is_empty()
                && !["html", "json", "csv", "js", "css", "xml", "yaml"].contains(&parts[1])
            {
                keys.push(quote.to_owned());
            }
        }
        keys
    }

    #[test]
    fn every_key_that_code_and_templates_name_is_in_the_tables() {
        let english = parse_table("en.yaml", builtin::STRINGS[0].1).unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut named = 0;
        for (name, text) in builtin::TEMPLATES {
            for key in keys_named(text) {
                named += 1;
                assert!(
                    english.get(&key).is_some(),
                    "{name} names {key}, which en.yaml lacks"
                );
            }
        }
        for file in [
            "src/render/mod.rs",
            "src/render/views.rs",
            "src/render/chart_views.rs",
            "src/render/cohort_views.rs",
            "src/publish/search.rs",
        ] {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            for key in keys_named(&text) {
                named += 1;
                assert!(
                    english.get(&key).is_some(),
                    "{file} names {key}, which en.yaml lacks"
                );
            }
        }
        assert!(named > 300, "{named} keys named");
        assert_eq!(
            keys_named(
                r#"{{ t.nav.model }} t.fill("roadmap.title", x) "common.level" "a.b" at.x.y"#
            ),
            ["nav.model", "roadmap.title", "common.level"]
        );
    }
}
