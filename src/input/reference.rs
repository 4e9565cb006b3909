//! A reference benchmark (`benchmark.reference`): the `data/benchmarks.json`
//! of another rungs site, read and checked against this site's model.
//!
//! Only what a report compares with is read: each cohort's period, group,
//! count and the quartiles of its overall, dimension and capability
//! scores. A file of another model, or of another version of it, is
//! refused: its ids could mean other things.

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Position};
use crate::domain::model::Model;
use crate::domain::reference::{PeerBand, ReferenceBenchmark, ReferenceCohort};

/// At most this many problems are reported of one file: a file of another
/// model would otherwise give one per cohort and capability.
const MAX_PROBLEMS: usize = 20;

/// Parses the reference benchmark at `path` (its `text`) for `model`.
pub fn parse(path: &str, text: &str, model: &Model) -> Result<ReferenceBenchmark, Vec<Diagnostic>> {
    let help_rebuild = "copy the `data/benchmarks.json` of a site built with the same model by this version of rungs";
    let root: Value = serde_json::from_str(text).map_err(|e| {
        let d = Diagnostic::in_file(path, format!("this is not valid JSON: {e}"))
            .with_help(help_rebuild);
        let position = Position {
            line: e.line(),
            column: e.column(),
        };
        vec![if e.line() > 0 {
            d.at(text, position)
        } else {
            d
        }]
    })?;
    let mut r = Reader {
        path,
        problems: Vec::new(),
    };
    let Some(top) = r.object(&root, "") else {
        return Err(r.problems);
    };
    r.check_model(top, model);
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    let min_cohort_size = top
        .get("min_cohort_size")
        .and_then(|v| r.count(v, "min_cohort_size"))
        .unwrap_or(0);
    let cohorts = match top.get("cohorts") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, c)| r.cohort(c, &format!("cohorts[{i}]"), model))
            .collect(),
        _ => {
            r.problem("cohorts", "there is no list of cohorts", help_rebuild);
            Vec::new()
        }
    };
    if r.problems.is_empty() {
        Ok(ReferenceBenchmark {
            path: path.to_owned(),
            min_cohort_size,
            cohorts,
        })
    } else {
        r.problems.truncate(MAX_PROBLEMS);
        Err(r.problems)
    }
}

/// Walks the JSON, collecting every problem with its key path.
struct Reader<'p> {
    path: &'p str,
    problems: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn problem(&mut self, key: &str, message: impl Into<String>, help: &str) {
        self.problems.push(
            Diagnostic::in_file(self.path, message)
                .with_key_path(key)
                .with_help(help),
        );
    }

    fn object<'v>(&mut self, v: &'v Value, key: &str) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            _ => {
                self.problem(
                    key,
                    format!("expected an object, found {}", kind(v)),
                    "copy the file unchanged from the site that published it",
                );
                None
            }
        }
    }

    fn number(&mut self, m: &Map<String, Value>, key: &str, at: &str) -> Option<f64> {
        match m.get(key) {
            Some(Value::Number(n)) => n.as_f64().filter(|x| x.is_finite()),
            other => {
                self.problem(
                    &format!("{at}.{key}"),
                    format!("expected a number, found {}", other.map_or("nothing", kind)),
                    "copy the file unchanged from the site that published it",
                );
                None
            }
        }
    }

    fn count(&mut self, v: &Value, key: &str) -> Option<usize> {
        let n = v.as_u64().and_then(|n| usize::try_from(n).ok());
        if n.is_none() {
            self.problem(
                key,
                format!("expected a whole number, found {}", kind(v)),
                "copy the file unchanged from the site that published it",
            );
        }
        n
    }

    /// The file's `model` names this site's model, at the same version.
    fn check_model(&mut self, top: &Map<String, Value>, model: &Model) {
        let Some(Value::Object(m)) = top.get("model") else {
            self.problem(
                "model",
                "the file does not say which model its figures are of",
                "it was written by an older rungs, or is not a benchmarks.json: build the publishing site again with this version and copy its `data/benchmarks.json`",
            );
            return;
        };
        let id = m.get("id").and_then(Value::as_str);
        let version = m.get("version").and_then(Value::as_str);
        let ours = model.version.as_deref();
        let shown = |v: Option<&str>| {
            v.map_or_else(|| "no version".to_owned(), |v| format!("version `{v}`"))
        };
        if id != Some(model.id.as_str()) {
            self.problem(
                "model.id",
                format!(
                    "the figures are of model `{}`, and this site's model is `{}`",
                    id.unwrap_or("?"),
                    model.id
                ),
                "a report can only be compared with a benchmark of the same model: reference a benchmarks.json of a site that uses this site's model",
            );
        } else if version != ours {
            self.problem(
                "model.version",
                format!(
                    "the figures are of {} of model `{}`, and this site's model is at {}",
                    shown(version),
                    model.id,
                    shown(ours)
                ),
                "capabilities and levels may differ between versions: reference a benchmark of the same version, or use the model version it was computed with",
            );
        }
    }

    fn band(&mut self, v: &Value, at: &str) -> Option<Option<PeerBand>> {
        if v.is_null() {
            return Some(None); // withheld by the publishing site
        }
        let m = self.object(v, at)?;
        let n = match m.get("n") {
            Some(v) => self.count(v, &format!("{at}.n")),
            None => self.count(&Value::Null, &format!("{at}.n")),
        };
        let q1 = self.number(m, "q1", at);
        let median = self.number(m, "median", at);
        let q3 = self.number(m, "q3", at);
        Some(Some(PeerBand {
            n: n?,
            q1: q1?,
            median: median?,
            q3: q3?,
        }))
    }

    /// The bands of `key` (`dimensions` or `capabilities`) in the order of
    /// `ids`: every id of the model, and no other.
    fn bands(
        &mut self,
        m: &Map<String, Value>,
        key: &str,
        at: &str,
        ids: &[&str],
    ) -> Option<Vec<Option<PeerBand>>> {
        let at = format!("{at}.{key}");
        let map = self.object(m.get(key).unwrap_or(&Value::Null), &at)?;
        let help = "the file's model has other ids than this site's: reference a benchmark of the same model";
        for id in map.keys() {
            if !ids.contains(&id.as_str()) {
                self.problem(
                    &format!("{at}.{id}"),
                    format!("`{id}` is not in this site's model"),
                    help,
                );
            }
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match map.get(*id) {
                Some(v) => out.push(self.band(v, &format!("{at}.{id}"))?),
                None => {
                    self.problem(&at, format!("`{id}` of this site's model is missing"), help);
                    return None;
                }
            }
        }
        Some(out)
    }

    fn cohort(&mut self, v: &Value, at: &str, model: &Model) -> Option<ReferenceCohort> {
        let m = self.object(v, at)?;
        let period = match m.get("period") {
            Some(Value::String(p)) => Some(p.clone()),
            other => {
                self.problem(
                    &format!("{at}.period"),
                    format!(
                        "expected the period as text, found {}",
                        other.map_or("nothing", kind)
                    ),
                    "copy the file unchanged from the site that published it",
                );
                None
            }
        };
        let group = match (m.get("attribute"), m.get("value")) {
            (Some(Value::Null) | None, Some(Value::Null) | None) => Some(None),
            (Some(Value::String(a)), Some(Value::String(v))) => Some(Some((a.clone(), v.clone()))),
            _ => {
                self.problem(
                    &format!("{at}.attribute"),
                    "a cohort has both an attribute and a value as text, or neither",
                    "copy the file unchanged from the site that published it",
                );
                None
            }
        };
        let n = match m.get("n") {
            Some(v) => self.count(v, &format!("{at}.n")),
            None => self.count(&Value::Null, &format!("{at}.n")),
        };
        let score = self.band(
            m.get("score").unwrap_or(&Value::Null),
            &format!("{at}.score"),
        );
        let score = match score {
            Some(Some(s)) => Some(s),
            Some(None) => {
                self.problem(
                    &format!("{at}.score"),
                    "a published cohort has the statistics of its score",
                    "copy the file unchanged from the site that published it",
                );
                None
            }
            None => None,
        };
        let dimension_ids: Vec<&str> = model.dimensions.iter().map(|d| d.id.as_str()).collect();
        let capability_ids: Vec<&str> = model.capabilities().map(|(_, c)| c.id.as_str()).collect();
        let dimensions = self.bands(m, "dimensions", at, &dimension_ids);
        let capabilities = self.bands(m, "capabilities", at, &capability_ids);
        Some(ReferenceCohort {
            period: period?,
            group: group?,
            n: n?,
            score: score?,
            dimensions: dimensions?,
            capabilities: capabilities?,
        })
    }
}

/// What a JSON value is, as a message names it.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
