//! The maturity model: levels, dimensions, capabilities and their
//! requirements, read from `content/model.yaml` (see `formats.md`).

use std::collections::HashMap;

use crate::diag::{Diagnostic, did_you_mean};
use crate::domain::model::{
    Capability, Criterion, DEFAULT_RATINGS, DEFAULT_THRESHOLD, Dimension, Level, Method, Model,
    Rating, Requirement, Term, Terms,
};
use crate::input::yaml::{self, Doc, Fields, KeyPath, Node, Reading};

const MODEL_KEYS: &[&str] = &[
    "id",
    "name",
    "version",
    "description",
    "threshold",
    "scoring",
    "ratings",
    "levels",
    "dimensions",
    "terms",
];
const LEVEL_KEYS: &[&str] = &["number", "name", "description"];
const DIMENSION_KEYS: &[&str] = &["id", "name", "weight", "description", "capabilities"];
const CAPABILITY_KEYS: &[&str] = &["id", "name", "weight", "description", "requirements"];
const CRITERION_KEYS: &[&str] = &["id", "text", "weight"];
const RATING_KEYS: &[&str] = &["value", "label"];

/// Parses and validates a model file; every problem is reported. A text
/// given in several languages is read in the first language given, or
/// `en` (see [`parse_in`]).
pub fn parse(file: &str, source: &str) -> Result<Model, Vec<Diagnostic>> {
    parse_in(file, source, &Reading::default()).map(|(model, _)| model)
}

/// [`parse`], reading every text given in several languages as `reading`
/// says; with the key paths of the texts that had none in its language.
pub fn parse_in(
    file: &str,
    source: &str,
    reading: &Reading,
) -> Result<(Model, Vec<String>), Vec<Diagnostic>> {
    let root = yaml::parse(file, source).map_err(|d| vec![d])?;
    let mut doc = Doc::new(file, source).reading(reading.clone());
    let model = read_model(&mut doc, &root);
    match model {
        Some(m) if !doc.has_problems() => Ok((m, doc.untranslated().to_vec())),
        _ => Err(doc.into_problems()),
    }
}

fn read_model(doc: &mut Doc<'_>, root: &Node) -> Option<Model> {
    let path = KeyPath::ROOT;
    let f = doc.map(root, &path, MODEL_KEYS)?;
    let id = f
        .require(doc, &path, "id")
        .and_then(|n| doc.id(n, &path.key("id")));
    let name = f
        .require(doc, &path, "name")
        .and_then(|n| doc.localized(n, &path.key("name"), true));
    let version = f
        .get("version")
        .and_then(|n| doc.string(n, &path.key("version")));
    let description = f
        .get("description")
        .and_then(|n| doc.localized(n, &path.key("description"), false));
    let threshold = match f.get("threshold") {
        None => Some(DEFAULT_THRESHOLD),
        Some(n) => {
            let p = path.key("threshold");
            doc.number(n, &p).and_then(|t| {
                // Satisfactions are compared with the scoring tolerance, so
                // a threshold within it of 0 would count every level as met.
                if t > crate::domain::EPSILON && t <= 1.0 {
                    Some(t)
                } else {
                    let shown = doc.number_text(n, t);
                    doc.error_help(
                        n,
                        &p,
                        format!("threshold {shown} is out of range"),
                        "the threshold must be greater than 0 (more than the scoring tolerance of 1e-9) and at most 1, such as 0.8",
                    );
                    None
                }
            })
        }
    };
    let scoring = match f.get("scoring") {
        None => Some(Method::Gated),
        Some(n) => read_method(doc, n, &path.key("scoring")),
    };
    let ratings = read_ratings(doc, f.get("ratings"), &path.key("ratings"));
    let levels = f
        .require(doc, &path, "levels")
        .and_then(|n| read_levels(doc, n, &path.key("levels")));
    let max_level = levels.as_ref().and_then(|l| l.last()).map(|l| l.number);
    let terms = match f.get("terms") {
        None => Some(Terms::default()),
        Some(n) => read_terms(doc, n, &path.key("terms")),
    };
    let dimensions = f
        .require(doc, &path, "dimensions")
        .and_then(|n| read_dimensions(doc, n, &path.key("dimensions"), max_level));
    Some(Model {
        id: id?,
        name: name?,
        version,
        description,
        threshold: threshold?,
        scoring: scoring?,
        ratings: ratings?,
        levels: levels?,
        dimensions: dimensions?,
        terms: terms?,
    })
}

/// `terms: {capability: {one: security practice, other: security
/// practices}, level: maturity level}`: each part a singular and a plural,
/// or one text for both (a language without plurals); each text may be
/// given per language.
fn read_terms(doc: &mut Doc<'_>, node: &Node, path: &KeyPath<'_>) -> Option<Terms> {
    let f = doc.map(node, path, &Terms::PARTS)?;
    let mut terms = Terms::default();
    let mut ok = true;
    for part in Terms::PARTS {
        let Some(n) = f.get(part) else { continue };
        let p = path.key(part);
        let term = match &n.value {
            yaml::Value::Map(entries)
                if entries.iter().any(
                    |(k, _)| matches!(&k.value, yaml::Value::Str(s) if s == "one" || s == "other"),
                ) =>
            {
                let Some(g) = doc.map(n, &p, &["one", "other"]) else {
                    ok = false;
                    continue;
                };
                let one = g
                    .require(doc, &p, "one")
                    .and_then(|x| doc.localized(x, &p.key("one"), true));
                let other = g
                    .require(doc, &p, "other")
                    .and_then(|x| doc.localized(x, &p.key("other"), true));
                one.zip(other).map(|(one, other)| Term { one, other })
            }
            _ => doc.localized(n, &p, true).map(|one| Term {
                other: one.clone(),
                one,
            }),
        };
        match (part, term) {
            ("dimension", Some(t)) => terms.dimension = Some(t),
            ("capability", Some(t)) => terms.capability = Some(t),
            ("criterion", Some(t)) => terms.criterion = Some(t),
            ("level", Some(t)) => terms.level = Some(t),
            _ => ok = false,
        }
    }
    ok.then_some(terms)
}

fn read_method(doc: &mut Doc<'_>, node: &Node, path: &KeyPath<'_>) -> Option<Method> {
    let name = doc.string(node, path)?;
    let found = Method::ALL
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, m)| *m);
    if found.is_none() {
        let names: Vec<&str> = Method::ALL.iter().map(|(n, _)| *n).collect();
        let help = did_you_mean(&name, names.iter().copied())
            .unwrap_or_else(|| format!("use one of: {}", names.join(", ")));
        doc.error_help(node, path, format!("unknown scoring method `{name}`"), help);
    }
    found
}

fn read_ratings(doc: &mut Doc<'_>, node: Option<&Node>, path: &KeyPath<'_>) -> Option<Vec<Rating>> {
    let Some(node) = node else {
        return Some(
            DEFAULT_RATINGS
                .iter()
                .map(|(name, value)| Rating {
                    name: (*name).to_owned(),
                    value: *value,
                    label: None,
                })
                .collect(),
        );
    };
    let f = doc.map_of(node, path, "rating")?;
    if f.is_empty() {
        doc.error_help(node, path, "the rating scale is empty", "name at least one rating, such as `full: 1.0`, or leave `ratings` out for the default scale");
        return None;
    }
    let mut ratings = Vec::with_capacity(f.len());
    let mut ok = true;
    for (name, key, value) in f.iter() {
        let p = path.key(name);
        if name.trim().is_empty() {
            doc.error_near(key, &p, "a rating name must not be empty");
            ok = false;
            continue;
        }
        match read_rating(doc, value, &p) {
            Some((v, label)) => ratings.push(Rating {
                name: name.to_owned(),
                value: v,
                label,
            }),
            None => ok = false,
        }
    }
    ok.then_some(ratings)
}

/// A rating's value, and its label: `full: 1.0`, or `full: {value: 1.0,
/// label: {en: Fully met, zh-CN: 完全满足}}` for a scale whose names are
/// not what readers should see.
fn read_rating(
    doc: &mut Doc<'_>,
    node: &Node,
    path: &KeyPath<'_>,
) -> Option<(f64, Option<String>)> {
    if !matches!(node.value, yaml::Value::Map(_)) {
        return doc.number_in(node, path, 0.0, 1.0).map(|v| (v, None));
    }
    let f = doc.map(node, path, RATING_KEYS)?;
    let value = f
        .require(doc, path, "value")
        .and_then(|n| doc.number_in(n, &path.key("value"), 0.0, 1.0));
    let label = match f.get("label") {
        None => Some(None),
        Some(n) => doc.localized(n, &path.key("label"), true).map(Some),
    };
    Some((value?, label?))
}

fn read_levels(doc: &mut Doc<'_>, node: &Node, path: &KeyPath<'_>) -> Option<Vec<Level>> {
    let items = doc.list(node, path)?;
    let mut levels = Vec::with_capacity(items.len());
    let before = doc.problem_count();
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let Some(f) = doc.map(item, &p, LEVEL_KEYS) else {
            continue;
        };
        let number = f
            .require(doc, &p, "number")
            .and_then(|n| doc.unsigned(n, &p.key("number")));
        let name = f
            .require(doc, &p, "name")
            .and_then(|n| doc.localized(n, &p.key("name"), true));
        let description = f
            .get("description")
            .and_then(|n| doc.localized(n, &p.key("description"), false));
        if let (Some(number), Some(name)) = (number, name) {
            levels.push((
                item,
                Level {
                    number,
                    name,
                    description,
                },
            ));
        }
    }
    if doc.problem_count() > before {
        return None;
    }
    // Levels are consecutive integers from 1 (0 optional), in ascending order.
    let first = levels.first().map_or(1, |(_, l)| l.number.min(1));
    let mut ok = true;
    for (i, (item, level)) in levels.iter().enumerate() {
        let expected = first + u32::try_from(i).unwrap_or(u32::MAX);
        if level.number != expected {
            doc.error_help(
                item,
                &path.index(i).key("number"),
                format!("level {} is out of order: expected level {expected} here", level.number),
                "list levels in ascending order as consecutive numbers from 1 (level 0 is optional and comes first)",
            );
            ok = false;
            break;
        }
    }
    if ok && levels.iter().all(|(_, l)| l.number == 0) {
        doc.error_help(
            node,
            path,
            "the model has no level 1",
            "a model needs levels 1..K with K at least 1",
        );
        ok = false;
    }
    ok.then(|| levels.into_iter().map(|(_, l)| l).collect())
}

fn read_dimensions(
    doc: &mut Doc<'_>,
    node: &Node,
    path: &KeyPath<'_>,
    max_level: Option<u32>,
) -> Option<Vec<Dimension>> {
    let items = doc.list(node, path)?;
    if items.is_empty() {
        doc.error_near(node, path, "the model has no dimensions");
        return None;
    }
    let mut ids = IdRegistry::default();
    let mut dims = Vec::with_capacity(items.len());
    let mut weights = Vec::with_capacity(items.len());
    let before = doc.problem_count();
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let Some(f) = doc.map(item, &p, DIMENSION_KEYS) else {
            continue;
        };
        let Head {
            id,
            name,
            weight,
            description,
        } = read_head(doc, &f, &p, &mut ids, "dimension");
        let whose = match &id {
            Some(id) => format!("the weights of the capabilities of dimension `{id}`"),
            None => "the weights of the capabilities of this dimension".to_owned(),
        };
        let caps = f.require(doc, &p, "capabilities").and_then(|n| {
            let list = Siblings {
                path: &p.key("capabilities"),
                whose: &whose,
            };
            read_capabilities(doc, n, list, max_level, &mut ids)
        });
        if let Some(w) = weight {
            weights.push((i, w, f.get("weight").unwrap_or(item)));
        }
        if let (Some(id), Some(name), Some(weight), Some(capabilities)) = (id, name, weight, caps) {
            dims.push(Dimension {
                id,
                name,
                weight,
                description,
                capabilities,
            });
        }
    }
    let siblings = Siblings {
        path,
        whose: "the weights of the dimensions",
    };
    (doc.problem_count() == before && siblings.weights_add_up(doc, &weights)).then_some(dims)
}

/// A list of weighted siblings (dimensions, the capabilities of a
/// dimension, the criteria of a level), for checking their weights.
#[derive(Clone, Copy)]
struct Siblings<'a> {
    /// The key path of the list.
    path: &'a KeyPath<'a>,
    /// Whose weights these are, as messages say it: "the weights of the
    /// dimensions".
    whose: &'a str,
}

impl Siblings<'_> {
    /// Whether the weights (list index, weight, the node to report at) add
    /// up to a finite number; reports the weight that makes the sum pass
    /// the largest one (1.8e308) otherwise. Every weighted mean divides by
    /// such a sum, and any subset of siblings (those that apply) adds up to
    /// less, so then no mean of them can be infinite or NaN.
    fn weights_add_up(self, doc: &mut Doc<'_>, weights: &[(usize, f64, &Node)]) -> bool {
        let mut sum = 0.0_f64;
        for &(i, weight, node) in weights {
            sum += weight;
            if !sum.is_finite() {
                doc.error_help(
                    node,
                    &self.path.index(i).key("weight"),
                    format!(
                        "{} add up to more than the largest number (1.8e308)",
                        self.whose
                    ),
                    "weights only count relative to their siblings: use smaller weights such as 1, 2, 3",
                );
                return false;
            }
        }
        true
    }
}

/// What dimensions and capabilities have in common.
struct Head {
    id: Option<String>,
    name: Option<String>,
    weight: Option<f64>,
    description: Option<String>,
}

fn read_head(
    doc: &mut Doc<'_>,
    f: &Fields<'_>,
    p: &KeyPath<'_>,
    ids: &mut IdRegistry,
    what: &'static str,
) -> Head {
    Head {
        id: f.require(doc, p, "id").and_then(|n| {
            let id = doc.id(n, &p.key("id"))?;
            ids.claim(doc, n, &p.key("id"), &id, what).then_some(id)
        }),
        name: f
            .require(doc, p, "name")
            .and_then(|n| doc.localized(n, &p.key("name"), true)),
        weight: f
            .get("weight")
            .map_or(Some(1.0), |n| doc.weight(n, &p.key("weight"))),
        description: f
            .get("description")
            .and_then(|n| doc.localized(n, &p.key("description"), false)),
    }
}

fn read_capabilities(
    doc: &mut Doc<'_>,
    node: &Node,
    list: Siblings<'_>,
    max_level: Option<u32>,
    ids: &mut IdRegistry,
) -> Option<Vec<Capability>> {
    let path = list.path;
    let items = doc.list(node, path)?;
    if items.is_empty() {
        doc.error_help(
            node,
            path,
            "this dimension has no capabilities",
            "add at least one capability, or remove the dimension",
        );
        return None;
    }
    let mut caps = Vec::with_capacity(items.len());
    let mut weights = Vec::with_capacity(items.len());
    let before = doc.problem_count();
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let Some(f) = doc.map(item, &p, CAPABILITY_KEYS) else {
            continue;
        };
        let Head {
            id,
            name,
            weight,
            description,
        } = read_head(doc, &f, &p, ids, "capability");
        let requirements = f
            .require(doc, &p, "requirements")
            .and_then(|n| read_requirements(doc, n, &p.key("requirements"), max_level?, ids));
        if let Some(w) = weight {
            weights.push((i, w, f.get("weight").unwrap_or(item)));
        }
        if let (Some(id), Some(name), Some(weight), Some(requirements)) =
            (id, name, weight, requirements)
        {
            caps.push(Capability {
                id,
                name,
                weight,
                description,
                requirements,
            });
        }
    }
    (doc.problem_count() == before && list.weights_add_up(doc, &weights)).then_some(caps)
}

fn read_requirements(
    doc: &mut Doc<'_>,
    node: &Node,
    path: &KeyPath<'_>,
    max_level: u32,
    ids: &mut IdRegistry,
) -> Option<Vec<Requirement>> {
    let f = doc.level_map(node, path)?;
    let mut by_level: Vec<Option<Requirement>> = vec![None; max_level as usize];
    let before = doc.problem_count();
    for (key, key_node, value) in f.iter() {
        let p = path.key(key);
        let level = match yaml::level_number(key) {
            Some(l) if (1..=max_level).contains(&l) => l,
            Some(0) => {
                doc.error_help(key_node, &p, "level 0 has no requirements", "requirements are keyed by level number 1..K; level 0 only names \"below level 1\"");
                continue;
            }
            Some(l) => {
                doc.error_help(
                    key_node,
                    &p,
                    format!("level {l} is above the model's highest level {max_level}"),
                    format!("requirements are keyed by level number 1..{max_level}"),
                );
                continue;
            }
            None => {
                doc.error_help(
                    key_node,
                    &p,
                    format!("`{key}` is not a level number"),
                    format!("requirements are keyed by level number 1..{max_level}"),
                );
                continue;
            }
        };
        let requirement = match &value.value {
            yaml::Value::Seq(items) => {
                let whose = format!("the weights of the criteria of level {level}");
                let list = Siblings {
                    path: &p,
                    whose: &whose,
                };
                read_criteria(doc, value, items, list, ids).map(Requirement::Criteria)
            }
            _ => doc.localized(value, &p, true).map(Requirement::Text),
        };
        if let Some(slot) = by_level.get_mut(level as usize - 1) {
            *slot = requirement;
        }
    }
    if doc.problem_count() > before {
        return None;
    }
    let missing: Vec<String> = by_level
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_none())
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if !missing.is_empty() {
        doc.error_help(
            node,
            path,
            format!(
                "requirements are missing for level{} {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            ),
            format!("every capability needs a requirement for each level 1..{max_level}"),
        );
        return None;
    }
    by_level.into_iter().collect()
}

fn read_criteria(
    doc: &mut Doc<'_>,
    node: &Node,
    items: &[Node],
    list: Siblings<'_>,
    ids: &mut IdRegistry,
) -> Option<Vec<Criterion>> {
    let path = list.path;
    if items.is_empty() {
        doc.error_help(
            node,
            path,
            "the list of criteria is empty",
            "give at least one criterion, or a single requirement text",
        );
        return None;
    }
    let before = doc.problem_count();
    let mut criteria = Vec::with_capacity(items.len());
    let mut weights = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let Some(f) = doc.map(item, &p, CRITERION_KEYS) else {
            continue;
        };
        let id = f.require(doc, &p, "id").and_then(|n| {
            let id = doc.id(n, &p.key("id"))?;
            ids.claim(doc, n, &p.key("id"), &id, "criterion")
                .then_some(id)
        });
        let text = f
            .require(doc, &p, "text")
            .and_then(|n| doc.localized(n, &p.key("text"), true));
        let weight = f
            .get("weight")
            .map_or(Some(1.0), |n| doc.weight(n, &p.key("weight")));
        if let Some(w) = weight {
            weights.push((i, w, f.get("weight").unwrap_or(item)));
        }
        if let (Some(id), Some(text), Some(weight)) = (id, text, weight) {
            criteria.push(Criterion { id, text, weight });
        }
    }
    (doc.problem_count() == before && list.weights_add_up(doc, &weights)).then_some(criteria)
}

/// Ids of dimensions, capabilities and criteria share one namespace.
#[derive(Default)]
struct IdRegistry {
    seen: HashMap<String, (usize, &'static str)>,
}

impl IdRegistry {
    fn claim(
        &mut self,
        doc: &mut Doc<'_>,
        node: &Node,
        path: &KeyPath<'_>,
        id: &str,
        what: &'static str,
    ) -> bool {
        if let Some((line, other)) = self.seen.get(id) {
            doc.error_help(
                node,
                path,
                format!("duplicate id `{id}`: a {other} on line {line} already uses it"),
                "ids of dimensions, capabilities and criteria must be unique across the whole model",
            );
            return false;
        }
        self.seen.insert(id.to_owned(), (node.position.line, what));
        true
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::model::ModelIndex;

    /// The worked example model of scoring.md §4, shared with the integration tests.
    pub(crate) const EXAMPLE: &str =
        include_str!("../../tests/fixtures/worked-example/content/model.yaml");

    fn problems(src: &str) -> Vec<Diagnostic> {
        match parse("content/model.yaml", src) {
            Ok(_) => Vec::new(),
            Err(p) => p,
        }
    }

    const BILINGUAL: &str = "id: m
name: {en: Model, zh-CN: 模型}
ratings:
  full: {value: 1.0, label: {en: Fully met, zh-CN: 完全满足}}
  none: 0
levels:
  - {number: 1, name: {en: First, zh-CN: 第一级}}
dimensions:
  - id: d
    name: {zh-CN: 维度}
    capabilities:
      - id: c
        name: Capability
        requirements:
          1: {en: One text, zh-CN: 一段文字}
";

    #[test]
    fn texts_are_read_in_the_language_asked_with_the_fallbacks_named() {
        let read = |language: &str, first: &str| {
            parse_in("m.yaml", BILINGUAL, &Reading::new(language, first)).unwrap()
        };
        let (zh, missing) = read("zh-CN", "en");
        assert_eq!(zh.name, "模型");
        assert_eq!(zh.levels[0].name, "第一级");
        assert_eq!(zh.dimensions[0].name, "维度");
        assert_eq!(zh.ratings[0].shown(), "完全满足");
        assert_eq!(zh.ratings[1].shown(), "none", "no label: the name");
        assert!(
            matches!(&zh.dimensions[0].capabilities[0].requirements[0], Requirement::Text(t) if t == "一段文字")
        );
        // A plain text is the same in every language, but not translated.
        assert_eq!(missing, ["dimensions[0].capabilities[0].name"]);
        let (en, missing) = read("en", "en");
        assert_eq!(en.name, "Model");
        // Given in Chinese alone: the first given, and said.
        assert_eq!(en.dimensions[0].name, "维度");
        assert_eq!(missing, ["dimensions[0].name"]);
        // French: the site's first language, else English.
        let (fr, missing) = read("fr", "zh-CN");
        assert_eq!(fr.name, "模型");
        assert_eq!(missing.len(), 6, "{missing:?}");
        // Tags match without regard to case; scores do not depend on it.
        let (zh_lower, _) = read("zh-cn", "en");
        assert_eq!(zh_lower.name, "模型");
        assert_eq!(zh_lower.ratings[0].value, 1.0);
    }

    #[test]
    fn a_text_per_language_needs_tags_and_texts() {
        let bad = BILINGUAL
            .replace("{en: Model, zh-CN: 模型}", "{english: Model, zh-CN: ''}")
            .replace("{zh-CN: 维度}", "{}")
            .replace(
                "label: {en: Fully met, zh-CN: 完全满足}",
                "label: {en: [a]}",
            );
        let found: Vec<(String, String)> = problems(&bad)
            .into_iter()
            .map(|d| (d.key_path.unwrap_or_default(), d.message))
            .collect();
        let expected = [
            ("name.english", "`english` is not a language tag"),
            ("name.zh-CN", "must not be empty"),
            ("ratings.full.label.en", "expected text, found a list"),
            ("dimensions[0].name", "the mapping gives no text"),
        ];
        for (path, message) in expected {
            assert!(
                found.iter().any(|(p, m)| p == path && m == message),
                "{path}: {message} in {found:?}"
            );
        }
    }

    #[test]
    fn parses_the_worked_example() {
        let m = parse("m.yaml", EXAMPLE).unwrap();
        assert_eq!(m.max_level(), 3);
        assert_eq!(m.threshold, 0.8);
        assert_eq!(m.scoring, Method::Gated);
        assert_eq!(m.capability_count(), 3);
        assert_eq!(m.dimensions[0].weight, 2.0);
        assert_eq!(m.rating("largely"), Some(0.8));
        let flat: Vec<usize> = m.capabilities().map(|(i, _)| i.flat).collect();
        assert_eq!(flat, vec![0, 1, 2]);
        let idx = ModelIndex::new(&m);
        let c3 = idx.criterion("c3").unwrap();
        assert_eq!((c3.capability.flat, c3.level, c3.within), (2, 2, 0));
    }

    #[test]
    fn thresholds_within_the_tolerance_of_zero_are_refused() {
        for t in ["0", "1e-10", "0.000000001", "-0.5"] {
            let p = problems(&EXAMPLE.replace("threshold: 0.8", &format!("threshold: {t}")));
            assert!(
                p.iter().any(|d| d.message.ends_with("is out of range")),
                "{t}: {p:?}"
            );
        }
        assert!(problems(&EXAMPLE.replace("threshold: 0.8", "threshold: 0.01")).is_empty());
    }

    #[test]
    fn reports_every_model_problem() {
        let src = EXAMPLE
            .replace("threshold: 0.8", "threshold: 1.5\nscorin: gated")
            .replace(
                "{id: b, name: B, requirements: {1: b1, 2: b2, 3: b3}}",
                "{id: a, name: B, requirements: {1: b1, 2: b2, 7: b3}}",
            )
            .replace("id: c4", "id: C4");
        let p = problems(&src);
        let messages: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.contains(&"threshold 1.5 is out of range"),
            "{messages:?}"
        );
        assert!(messages.contains(&"unknown key `scorin`"), "{messages:?}");
        assert!(
            messages.iter().any(|m| m.starts_with("duplicate id `a`")),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"level 7 is above the model's highest level 3"),
            "{messages:?}"
        );
        assert!(messages.contains(&"`C4` is not a valid id"), "{messages:?}");
        let scorin = p
            .iter()
            .find(|d| d.message == "unknown key `scorin`")
            .unwrap();
        assert_eq!(scorin.help.as_deref(), Some("did you mean `scoring`?"));
        assert!(
            p.iter()
                .all(|d| d.file == "content/model.yaml" && d.position.is_some())
        );
    }

    #[test]
    fn levels_must_be_consecutive_and_complete() {
        let p = problems(&EXAMPLE.replace("{number: 2, name: Two}", "{number: 4, name: Two}"));
        assert!(p[0].message.contains("out of order"), "{p:?}");
        let p = problems(
            &EXAMPLE
                .replace("3: a3", "")
                .replace("{1: a1, 2: a2, }", "{1: a1, 2: a2}"),
        );
        assert!(
            p.iter()
                .any(|d| d.message == "requirements are missing for level 3"),
            "{p:?}"
        );
    }

    #[test]
    fn a_level_given_twice_in_requirements_is_an_error() {
        for (twice, spelling) in [
            ("\"1\": again", "`\"1\"`"),
            ("01: again", "`01`"),
            ("'+1': again", "`'+1'`"),
        ] {
            let src = EXAMPLE.replace(
                "{id: a, name: A, requirements: {1: a1, 2: a2, 3: a3}}",
                &format!("id: a\n        name: A\n        requirements:\n          1: a1\n          {twice}\n          2: a2\n          3: a3"),
            );
            let p = problems(&src);
            assert_eq!(p.len(), 1, "{p:?}");
            assert_eq!(
                p[0].message,
                format!("level 1 is given twice: at line 16 as `1` and at line 17 as {spelling}")
            );
            assert_eq!(p[0].position.map(|p| p.line), Some(17));
        }
        // Ratings named alike are one rating given twice.
        let p = problems(&EXAMPLE.replace("threshold: 0.8", "ratings: {true: 1, \"true\": 0}"));
        assert_eq!(
            p[0].message,
            "rating `true` is given twice: at line 3 as `true` and at line 3 as `\"true\"`"
        );
    }

    #[test]
    fn weights_must_add_up_to_a_finite_number() {
        // Each weight is finite; the sum of the dimensions' is not.
        let src = EXAMPLE.replace("weight: 2", "weight: 1.7e308").replace(
            "  - id: d2\n    name: D2\n",
            "  - id: d2\n    name: D2\n    weight: 1.7e308\n",
        );
        let p = problems(&src);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(
            p[0].message,
            "the weights of the dimensions add up to more than the largest number (1.8e308)"
        );
        assert_eq!(p[0].key_path.as_deref(), Some("dimensions[1].weight"));
        assert_eq!(p[0].position.map(|p| p.line), Some(17));
        assert!(p[0].help.as_deref().is_some_and(|h| h.contains("1, 2, 3")));
        // Capabilities of one dimension, and criteria of one level.
        let src = EXAMPLE
            .replace("{id: a, name: A,", "{id: a, name: A, weight: 1e308,")
            .replace("{id: b, name: B,", "{id: b, name: B, weight: 1e308,");
        let p = problems(&src);
        assert_eq!(
            p[0].message,
            "the weights of the capabilities of dimension `d1` add up to more than the largest number (1.8e308)"
        );
        assert_eq!(
            p[0].key_path.as_deref(),
            Some("dimensions[0].capabilities[1].weight")
        );
        let src = EXAMPLE.replace(
            "1: [{id: c1, text: c one}, {id: c2, text: c two}]",
            "1: [{id: c1, text: c one, weight: 9e307}, {id: c2, text: c two, weight: 9e307}]",
        );
        let p = problems(&src);
        assert_eq!(
            p[0].message,
            "the weights of the criteria of level 1 add up to more than the largest number (1.8e308)"
        );
        assert_eq!(
            p[0].key_path.as_deref(),
            Some("dimensions[1].capabilities[0].requirements.1[1].weight")
        );
        // Large weights that add up to a finite number are fine.
        let src = EXAMPLE.replace("weight: 2", "weight: 8e307").replace(
            "  - id: d2\n    name: D2\n",
            "  - id: d2\n    name: D2\n    weight: 8e307\n",
        );
        assert!(problems(&src).is_empty());
    }

    #[test]
    fn custom_ratings_and_method() {
        let m = parse(
            "m.yaml",
            &EXAMPLE.replace(
                "threshold: 0.8",
                "threshold: 0.5\nscoring: mean\nratings: {yes: 1, half: 0.5, no: 0}",
            ),
        )
        .unwrap();
        assert_eq!(m.scoring, Method::Mean);
        assert_eq!(m.rating("half"), Some(0.5));
        assert_eq!(m.rating("full"), None);
        let p = problems(&EXAMPLE.replace("threshold: 0.8", "scoring: meen\nratings: {yes: 2}"));
        assert!(
            p.iter()
                .any(|d| d.message == "unknown scoring method `meen`"
                    && d.help.as_deref() == Some("did you mean `mean`?"))
        );
        assert!(p.iter().any(|d| d.message.contains("out of range")));
    }
}
