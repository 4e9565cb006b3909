//! Assessment result files: one organisation in one period, every
//! capability of the model in one of four forms (see `formats.md`).

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, did_you_mean};
use crate::domain::assessment::{
    ASSESSMENT_KEYS, Assessment, AssessmentMethod, CapabilityInput, FORM_KEYS, Form, Organization,
};
use crate::domain::model::{Model, ModelIndex};
use crate::input::yaml::{self, Doc, Fields, KeyPath, Node};

const METHODS: [(&str, AssessmentMethod); 2] = [
    ("self", AssessmentMethod::SelfAssessed),
    ("third-party", AssessmentMethod::ThirdParty),
];

/// What an assessment is checked against.
pub struct Context<'a> {
    /// The model the assessment is read against.
    pub model: &'a Model,
    /// Look-ups of the model's capabilities and criteria by id.
    pub index: &'a ModelIndex,
    /// `publish_reports` of site.yaml.
    pub publish_default: bool,
}

/// Parses and validates one assessment; every problem is reported.
pub fn parse(file: &str, source: &str, cx: &Context<'_>) -> Result<Assessment, Vec<Diagnostic>> {
    let root = yaml::parse(file, source).map_err(|d| vec![d])?;
    let mut doc = Doc::new(file, source);
    let read = read(&mut doc, &root, cx);
    match read {
        Some(a) if !doc.has_problems() => Ok(a),
        _ => Err(doc.into_problems()),
    }
}

/// Reads an assessment from a document parsed already: how a row of a
/// table is read ([`crate::input::table`]), by the same rules as a file.
/// Every problem is left in `doc`; `None` when the assessment could not be
/// made at all.
pub fn read(doc: &mut Doc<'_>, root: &Node, cx: &Context<'_>) -> Option<Assessment> {
    let path = KeyPath::ROOT;
    let f = doc.map(root, &path, ASSESSMENT_KEYS)?;
    let organization = f
        .require(doc, &path, "organization")
        .and_then(|n| read_organization(doc, n, &path.key("organization")));
    let period = f.require(doc, &path, "period").and_then(|n| {
        let p = path.key("period");
        let period = doc.text(n, &p)?;
        if !is_period(&period) {
            doc.error_help(n, &p, format!("period `{period}` cannot be used in a URL"), "use letters, digits, `.`, `_` and `-` (at most 64), starting with a letter or digit, such as `2025` or `2025-h2`");
            return None;
        }
        Some(period)
    });
    let assessed_on = f.get("assessed_on").and_then(|n| {
        let p = path.key("assessed_on");
        let date = doc.string(n, &p)?;
        if is_date(&date) {
            Some(date)
        } else {
            doc.error_help(
                n,
                &p,
                format!("`{date}` is not a date"),
                "write the date as YYYY-MM-DD, such as 2025-06-30",
            );
            None
        }
    });
    let assessor = f
        .get("assessor")
        .and_then(|n| doc.text(n, &path.key("assessor")));
    let method = f.get("method").and_then(|n| {
        let p = path.key("method");
        let name = doc.string(n, &p)?;
        let found = METHODS.iter().find(|(m, _)| *m == name).map(|(_, m)| *m);
        if found.is_none() {
            let help = did_you_mean(&name, METHODS.iter().map(|(m, _)| *m))
                .unwrap_or_else(|| "use `self` or `third-party`".to_owned());
            doc.error_help(n, &p, format!("unknown assessment method `{name}`"), help);
        }
        found
    });
    let max = cx.model.max_level();
    let target = f.get("target").and_then(|n| {
        let p = path.key("target");
        let t = doc.unsigned(n, &p)?;
        if t == 0 || t > max {
            doc.error_help(
                n,
                &p,
                format!("target level {t} is not a level of the model"),
                format!("use a level from 1 to {max}"),
            );
            return None;
        }
        Some(t)
    });
    let publish = match f.get("publish") {
        Some(n) => doc.boolean(n, &path.key("publish")),
        None => Some(cx.publish_default),
    };
    let summary = f
        .get("summary")
        .and_then(|n| doc.string(n, &path.key("summary")));
    let capabilities = f
        .require(doc, &path, "capabilities")
        .and_then(|n| read_capabilities(doc, n, &path.key("capabilities"), cx));
    Some(Assessment {
        file: doc.file().to_owned(),
        organization: organization?,
        period: period?,
        assessed_on,
        assessor,
        method,
        target,
        publish: publish?,
        summary,
        capabilities: capabilities?,
        source: None,
        row: None,
    })
}

fn read_organization(doc: &mut Doc<'_>, node: &Node, path: &KeyPath<'_>) -> Option<Organization> {
    let f = doc.any_map(node, path)?;
    let id = f
        .require(doc, path, "id")
        .and_then(|n| doc.id(n, &path.key("id")));
    let name = f
        .require(doc, path, "name")
        .and_then(|n| doc.text(n, &path.key("name")));
    let mut attributes = BTreeMap::new();
    let mut ok = true;
    for (key, key_node, value) in f.iter() {
        if key == "id" || key == "name" {
            continue;
        }
        let p = path.key(key);
        if !doc.check_id(key_node, &p, key) {
            ok = false;
            continue;
        }
        match doc.text(value, &p) {
            Some(v) => {
                attributes.insert(key.to_owned(), v);
            }
            None => ok = false,
        }
    }
    let org = Organization {
        id: id?,
        name: name?,
        attributes,
    };
    ok.then_some(org)
}

fn read_capabilities(
    doc: &mut Doc<'_>,
    node: &Node,
    path: &KeyPath<'_>,
    cx: &Context<'_>,
) -> Option<Vec<CapabilityInput>> {
    let f = doc.map_of(node, path, "capability")?;
    let mut inputs: Vec<Option<CapabilityInput>> = vec![None; cx.model.capability_count()];
    // Present but invalid is reported where it stands, not as missing.
    let mut present = vec![false; inputs.len()];
    let before = doc.problem_count();
    for (id, key_node, value) in f.iter() {
        let p = path.key(id);
        let Some(ci) = cx.index.capability(id) else {
            let help = did_you_mean(id, cx.index.capability_ids.iter().map(String::as_str))
                .unwrap_or_else(|| format!("the model `{}` has no such capability", cx.model.id));
            doc.error_help(key_node, &p, format!("unknown capability `{id}`"), help);
            continue;
        };
        present[ci.flat] = true;
        if let Some(input) = read_capability(doc, value, &p, cx, ci.flat) {
            inputs[ci.flat] = Some(input);
        }
    }
    let missing: Vec<&str> = cx
        .model
        .capabilities()
        .filter(|(ci, _)| !present[ci.flat])
        .map(|(_, cap)| cap.id.as_str())
        .collect();
    if !missing.is_empty() {
        doc.error_help(
            node,
            path,
            format!("capabilit{} missing: {}", if missing.len() == 1 { "y" } else { "ies" }, missing.join(", ")),
            "every capability of the model must be assessed; write `not_applicable: true` for one that does not apply",
        );
        return None;
    }
    if doc.problem_count() > before {
        return None;
    }
    if inputs.iter().flatten().all(|i| !i.form.is_applicable()) {
        doc.error_help(
            node,
            path,
            "every capability is marked not applicable",
            "assess at least one capability",
        );
        return None;
    }
    inputs.into_iter().collect()
}

fn read_capability(
    doc: &mut Doc<'_>,
    node: &Node,
    path: &KeyPath<'_>,
    cx: &Context<'_>,
    flat: usize,
) -> Option<CapabilityInput> {
    let f = doc.map(node, path, FORM_KEYS)?;
    let evidence = f
        .get("evidence")
        .and_then(|n| doc.string(n, &path.key("evidence")));
    let forms: Vec<&str> = ["level", "levels", "criteria", "not_applicable"]
        .into_iter()
        .filter(|k| f.get(k).is_some())
        .collect();
    let form = match forms.as_slice() {
        [] => {
            doc.error_help(
                node,
                path,
                "no assessment given for this capability",
                "give one of `level`, `levels`, `criteria` or `not_applicable: true`",
            );
            None
        }
        [one] => read_form(doc, &f, one, path, cx, flat),
        several => {
            doc.error_help(
                node,
                path,
                format!(
                    "this capability is given in {} forms at once: {}",
                    several.len(),
                    several.join(", ")
                ),
                "keep exactly one of `level`, `levels`, `criteria` or `not_applicable`",
            );
            None
        }
    }?;
    // Keys that belong to another form are mistakes even when the form is clear.
    for (key, owner) in [("progress", "level"), ("reason", "not_applicable")] {
        if let Some(k) = f.key_node(key)
            && f.get(owner).is_none()
        {
            doc.error_help(
                k,
                &path.key(key),
                format!("`{key}` goes with `{owner}`"),
                format!("remove `{key}`, or give the capability as `{owner}`"),
            );
        }
    }
    Some(CapabilityInput { form, evidence })
}

fn read_form(
    doc: &mut Doc<'_>,
    f: &Fields<'_>,
    form: &str,
    path: &KeyPath<'_>,
    cx: &Context<'_>,
    flat: usize,
) -> Option<Form> {
    let max = cx.model.max_level();
    let node = f.get(form)?;
    let p = path.key(form);
    match form {
        "level" => {
            let level = doc.unsigned(node, &p)?;
            if level > max {
                doc.error_help(
                    node,
                    &p,
                    format!("level {level} is above the model's highest level {max}"),
                    format!("use a level from 0 to {max}"),
                );
                return None;
            }
            let progress = match f.get("progress") {
                None => 0.0,
                Some(n) => {
                    let pp = path.key("progress");
                    let value = doc.number(n, &pp)?;
                    let shown = doc.number_text(n, value);
                    let theta = cx.model.threshold;
                    if level == max && value != 0.0 {
                        doc.error_help(
                            n,
                            &pp,
                            format!("progress {shown} at the top level {max}"),
                            "there is no level above the top one: remove `progress`",
                        );
                        return None;
                    }
                    if !(0.0..theta).contains(&value) {
                        doc.error_help(n, &pp, format!("progress {shown} is out of range"), format!("progress toward level {} lies from 0 up to (not including) the threshold {theta}; at {theta} or more, write `level: {}`", level + 1, level + 1));
                        return None;
                    }
                    value
                }
            };
            Some(Form::Level { level, progress })
        }
        "levels" => {
            let m = doc.level_map(node, &p)?;
            let mut levels = vec![0.0; max as usize];
            let mut ok = true;
            for (key, key_node, value) in m.iter() {
                let lp = p.key(key);
                match yaml::level_number(key) {
                    Some(l) if (1..=max).contains(&l) => {
                        match doc.number_in(value, &lp, 0.0, 1.0) {
                            Some(v) => levels[l as usize - 1] = v,
                            None => ok = false,
                        }
                    }
                    Some(l) if l > max => {
                        doc.error_help(
                            key_node,
                            &lp,
                            format!("level {l} is above the model's highest level {max}"),
                            format!("satisfaction is given for levels 1 to {max}"),
                        );
                        ok = false;
                    }
                    _ => {
                        doc.error_help(key_node, &lp, format!("`{key}` is not a level number"), format!("satisfaction is given for levels 1 to {max}, such as `levels: {{1: 1.0, 2: 0.5}}`"));
                        ok = false;
                    }
                }
            }
            ok.then_some(Form::Levels(levels))
        }
        "criteria" => read_criteria(doc, node, &p, cx, flat),
        _ => {
            let applies_not = doc.boolean(node, &p)?;
            if !applies_not {
                doc.error_help(
                    node,
                    &p,
                    "`not_applicable: false` says nothing",
                    "remove it and assess the capability with `level`, `levels` or `criteria`",
                );
                return None;
            }
            let reason = f
                .get("reason")
                .and_then(|n| doc.string(n, &path.key("reason")));
            Some(Form::NotApplicable { reason })
        }
    }
}

fn read_criteria(
    doc: &mut Doc<'_>,
    node: &Node,
    path: &KeyPath<'_>,
    cx: &Context<'_>,
    flat: usize,
) -> Option<Form> {
    let m = doc.map_of(node, path, "criterion")?;
    let (_, cap) = cx.model.capabilities().nth(flat)?;
    let mut ratings: Vec<Vec<Option<f64>>> = cap
        .requirements
        .iter()
        .map(|r| vec![None; r.criteria().len()])
        .collect();
    let mut ok = true;
    for (id, key_node, value) in m.iter() {
        let p = path.key(id);
        let found = cx.index.criterion(id).filter(|c| c.capability.flat == flat);
        let Some(ci) = found else {
            let own = cap
                .requirements
                .iter()
                .flat_map(|r| r.criteria())
                .map(|c| c.id.as_str());
            let help = did_you_mean(id, own).unwrap_or_else(|| match cx.index.criterion(id) {
                Some(_) => format!("`{id}` is a criterion of another capability"),
                None if cap.requirements.iter().all(|r| r.criteria().is_empty()) => format!(
                    "capability `{}` has no criteria in the model; use `level` or `levels`",
                    cap.id
                ),
                None => format!(
                    "criteria of `{}`: {}",
                    cap.id,
                    cap.requirements
                        .iter()
                        .flat_map(|r| r.criteria())
                        .map(|c| c.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
            doc.error_help(
                key_node,
                &p,
                format!("unknown criterion `{id}` for capability `{}`", cap.id),
                help,
            );
            ok = false;
            continue;
        };
        match read_rating(doc, value, &p, cx.model) {
            Some(r) => ratings[ci.level as usize - 1][ci.within] = Some(r),
            None => ok = false,
        }
    }
    ok.then_some(Form::Criteria(ratings))
}

fn read_rating(doc: &mut Doc<'_>, node: &Node, path: &KeyPath<'_>, model: &Model) -> Option<f64> {
    match &node.value {
        yaml::Value::Str(name) => {
            let found = model.rating(name);
            if found.is_none() {
                let names: Vec<&str> = model.ratings.iter().map(|r| r.name.as_str()).collect();
                let help = did_you_mean(name, names.iter().copied()).unwrap_or_else(|| {
                    format!(
                        "use a rating of the model ({}) or a number from 0 to 1",
                        names.join(", ")
                    )
                });
                doc.error_help(node, path, format!("unknown rating `{name}`"), help);
            }
            found
        }
        _ => doc.number_in(node, path, 0.0, 1.0),
    }
}

/// Periods appear in URLs and file names, so they are kept to a safe alphabet.
pub fn is_period(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= crate::text::slug::MAX_ID_LEN
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || b"._-".contains(c))
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        s.get(r)
            .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))?
            .parse()
            .ok()
    };
    let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::input::model;

    pub(crate) fn example_model() -> Model {
        model::parse("content/model.yaml", model::tests::EXAMPLE).unwrap()
    }

    fn check(src: &str) -> Result<Assessment, Vec<Diagnostic>> {
        let m = example_model();
        let index = ModelIndex::new(&m);
        let cx = Context {
            model: &m,
            index: &index,
            publish_default: true,
        };
        parse("content/assessments/x.yaml", src, &cx)
    }

    pub(crate) const X: &str =
        include_str!("../../tests/fixtures/worked-example/content/assessments/x.yaml");

    #[test]
    fn reads_all_forms() {
        let a = check(X).unwrap();
        assert_eq!(
            a.organization.attributes.get("sector").map(String::as_str),
            Some("automotive")
        );
        assert_eq!(
            a.capabilities[0].form,
            Form::Level {
                level: 2,
                progress: 0.5
            }
        );
        assert_eq!(a.capabilities[1].form, Form::Levels(vec![1.0, 0.6, 0.0]));
        assert_eq!(
            a.capabilities[2].form,
            Form::Criteria(vec![
                vec![Some(1.0), Some(0.8)],
                vec![Some(0.5)],
                vec![None]
            ])
        );
        assert!(a.publish);
        assert_eq!(a.target, Some(3));
        let y = check("organization: {id: y, name: Y}\nperiod: 2025\npublish: false\ncapabilities:\n  a: {level: 1}\n  b: {not_applicable: true, reason: none}\n  c: {level: 0, progress: 0.4}\n").unwrap();
        assert_eq!(y.period, "2025");
        assert!(!y.publish);
        assert!(!y.capabilities[1].form.is_applicable());
    }

    #[test]
    fn reports_every_problem_with_hints() {
        let src = "organization: {id: x, name: X}
period: \"2025\"
method: thrid-party
capabilities:
  a: {level: 7}
  stratgy: {level: 1}
  b: {level: 1, levels: {1: 1}}
";
        let p = check(src).unwrap_err();
        let msgs: Vec<(&str, Option<&str>)> = p
            .iter()
            .map(|d| (d.message.as_str(), d.help.as_deref()))
            .collect();
        assert!(
            msgs.contains(&(
                "unknown assessment method `thrid-party`",
                Some("did you mean `third-party`?")
            )),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(&(
                "level 7 is above the model's highest level 3",
                Some("use a level from 0 to 3")
            )),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|(m, _)| *m == "unknown capability `stratgy`"),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|(m, _)| m.starts_with("this capability is given in 2 forms at once")),
            "{msgs:?}"
        );
        let level7 = p.iter().find(|d| d.message.starts_with("level 7")).unwrap();
        assert_eq!(level7.key_path.as_deref(), Some("capabilities.a.level"));
        assert_eq!(level7.position.map(|p| p.line), Some(5));
    }

    #[test]
    fn missing_capability_and_bad_values() {
        let p =
            check("organization: {id: x, name: X}\nperiod: '1'\ncapabilities:\n  a: {level: 1}\n")
                .unwrap_err();
        assert_eq!(p[0].message, "capabilities missing: b, c");
        let p = check("organization: {id: X, name: X}\nperiod: '1'\nassessed_on: 2025-02-30\ncapabilities:\n  a: {level: 1, progress: 0.9}\n  b: {levels: {1: 1.5}}\n  c: {criteria: {c9: full, c1: fully}}\n").unwrap_err();
        let msgs: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert!(msgs.contains(&"`X` is not a valid id"), "{msgs:?}");
        assert!(msgs.contains(&"`2025-02-30` is not a date"), "{msgs:?}");
        assert!(msgs.contains(&"progress 0.9 is out of range"), "{msgs:?}");
        assert!(
            msgs.contains(&"1.5 is out of range: expected a number from 0 to 1"),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(&"unknown criterion `c9` for capability `c`"),
            "{msgs:?}"
        );
        assert!(msgs.contains(&"unknown rating `fully`"), "{msgs:?}");
    }

    #[test]
    fn one_level_capability_or_criterion_given_twice_is_an_error() {
        let head = "organization: {id: x, name: X}\nperiod: '1'\ncapabilities:\n";
        let p = check(&format!(
            "{head}  a: {{level: 1}}\n  b:\n    levels:\n      1: 1\n      \"1\": 0.5\n      01: 0.2\n  c: {{level: 1}}\n"
        ))
        .unwrap_err();
        let msgs: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "level 1 is given twice: at line 7 as `1` and at line 8 as `\"1\"`",
                "level 1 is given twice: at line 7 as `1` and at line 9 as `01`",
            ]
        );
        assert_eq!(p[0].key_path.as_deref(), Some("capabilities.b.levels.1"));
        assert!(p[0].help.as_deref().is_some_and(|h| h.contains("keep one")));

        // Capability and criterion ids written as a number and as text.
        let m = model::parse(
            "m.yaml",
            &model::tests::EXAMPLE
                .replace("id: a,", "id: \"16\",")
                .replace("id: c1,", "id: \"1e3\","),
        )
        .unwrap();
        let index = ModelIndex::new(&m);
        let cx = Context {
            model: &m,
            index: &index,
            publish_default: true,
        };
        let src = format!(
            "{head}  16: {{level: 1}}\n  \"16\": {{level: 2}}\n  b: {{level: 1}}\n  c:\n    criteria:\n      1e3: full\n      \"1e3\": none\n"
        );
        let p = parse("x.yaml", &src, &cx).unwrap_err();
        let msgs: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "capability `16` is given twice: at line 4 as `16` and at line 5 as `\"16\"`",
                "criterion `1e3` is given twice: at line 9 as `1e3` and at line 10 as `\"1e3\"`",
            ]
        );
    }

    #[test]
    fn huge_ratings_and_progress_are_out_of_range() {
        let p = check("organization: {id: x, name: X}\nperiod: '1'\ncapabilities:\n  a: {level: 1, progress: 1e308}\n  b: {levels: {1: 1e308}}\n  c: {criteria: {c1: 1.7e308}}\n").unwrap_err();
        let msgs: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "progress 1e308 is out of range",
                "1e308 is out of range: expected a number from 0 to 1",
                "1.7e308 is out of range: expected a number from 0 to 1",
            ]
        );
    }

    #[test]
    fn a_byte_order_mark_is_left_out() {
        let a = check(&format!("{}{X}", '\u{feff}')).unwrap();
        assert_eq!(a.organization.id, "x");
        let p = check("\u{feff}organization: {id: x, name: X, extra: [1]}\n").unwrap_err();
        let extra = p
            .iter()
            .find(|d| d.message == "expected text, found a list")
            .unwrap();
        assert_eq!(extra.position.map(|p| p.column), Some(39));
    }

    #[test]
    fn periods() {
        assert!(is_period("2025"));
        assert!(is_period("2025-H2"));
        assert!(is_period("fy2025.q1"));
        assert!(!is_period("../x"));
        assert!(!is_period(".."));
        assert!(!is_period("2025 h2"));
        assert!(!is_period(""));
    }

    #[test]
    fn dates() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2023-13-01"));
        assert!(!is_date("2023-1-01"));
    }
}
