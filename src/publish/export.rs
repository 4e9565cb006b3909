//! Open-data exports (site.md "Data exports"): `data/results.json`,
//! `data/results.csv` and `data/model.json`.
//!
//! Only published assessments appear, sorted by organisation id then
//! period. Numbers carry full precision.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value, json};

use crate::analysis::benchmark::{Benchmarks, Cohort};
use crate::analysis::report::Report;
use crate::analysis::roadmap::{self, Phase, Unmet, WeakLink};
use crate::analysis::score::{AssessmentScores, Scored};
use crate::analysis::stats::Summary;
use crate::domain::model::{Capability, Criterion, Model};

/// Writes `data/results.json` into `out`, one record per line (compact,
/// it grows with every assessment, and it diffs well between builds),
/// without holding the file in memory: records are serialised on every
/// core a chunk at a time and written in order.
pub fn write_results_json(
    model: &Model,
    reports: &[Report<'_>],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let ids = ModelIds::new(model);
    out.write_all(b"{\"assessments\": [")?;
    for (c, chunk) in reports.chunks(4096).enumerate() {
        let lines: Vec<Vec<u8>> = chunk
            .par_iter()
            .map(|r| {
                // Plain data serialises into memory without error; `{}`
                // keeps the file valid if it ever did not.
                serde_json::to_vec(&ResultRecord::new(&ids, r)).unwrap_or_else(|_| b"{}".to_vec())
            })
            .collect();
        for (i, line) in lines.iter().enumerate() {
            out.write_all(if c == 0 && i == 0 { b"\n" } else { b",\n" })?;
            out.write_all(line)?;
        }
    }
    out.write_all(b"\n]}\n")
}

// A record of `data/results.json` is serialised straight from the borrowed
// structs below rather than built as a `serde_json::Value` first, for speed:
// with `preserve_order` every JSON object of a `Value` is an index map with
// an owned `String` per key, and building dozens of those per record was
// nearly all of the export's time (about 1 s of CPU for 9,000 reports of the
// default model, against under 0.1 s now). The structs build no maps; the
// `Serialize` impls walk the report and the model directly.
//
// Output must not change: a struct's field order is its key order in the
// file, `None` is `null`, and a non-finite `f64` is `null` as it was in a
// `Value`.

/// The model's ids in model order, looked up once per export rather than
/// once per record.
struct ModelIds<'a> {
    /// The dimension ids, in model order (the columns of the exports).
    dimensions: Vec<&'a str>,
    /// Every capability, in model order across dimensions.
    capabilities: Vec<&'a Capability>,
    /// Capability ids, flat.
    capability_ids: Vec<&'a str>,
}

impl<'a> ModelIds<'a> {
    fn new(model: &'a Model) -> Self {
        let capabilities: Vec<&Capability> = model.capabilities().map(|(_, c)| c).collect();
        ModelIds {
            dimensions: model.dimensions.iter().map(|d| d.id.as_str()).collect(),
            capability_ids: capabilities.iter().map(|c| c.id.as_str()).collect(),
            capabilities,
        }
    }

    /// The id of capability `c` (flat index), empty if there is none.
    fn capability_id(&self, c: usize) -> &'a str {
        self.capability_ids.get(c).copied().unwrap_or("")
    }
}

/// One record of `data/results.json`.
#[derive(Serialize)]
struct ResultRecord<'a> {
    organization: &'a str,
    name: &'a str,
    period: &'a str,
    attributes: &'a BTreeMap<String, String>,
    assessed_on: Option<&'a str>,
    assessor: Option<&'a str>,
    method: Option<&'static str>,
    target: Option<u32>,
    score: f64,
    level: u32,
    dimensions: Scopes<'a>,
    capabilities: Scopes<'a>,
    peer_cohort: Option<PeerCohort<'a>>,
    percentile: Option<f64>,
    weak_links: WeakLinks<'a>,
    roadmap: RoadmapRecord<'a>,
    to_target: ToTargetRecord<'a>,
    change: Option<ChangeRecord<'a>>,
    url: String,
}

impl<'a> ResultRecord<'a> {
    fn new(ids: &'a ModelIds<'a>, r: &'a Report<'_>) -> Self {
        let a = r.assessment;
        let s = r.scores;
        let an = &r.analysis;
        ResultRecord {
            organization: &a.organization.id,
            name: &a.organization.name,
            period: &a.period,
            attributes: &a.organization.attributes,
            assessed_on: a.assessed_on.as_deref(),
            assessor: a.assessor.as_deref(),
            method: a.method.map(|m| m.name()),
            target: a.target,
            score: s.overall.score,
            level: s.overall.level,
            dimensions: Scopes {
                ids: &ids.dimensions,
                scored: &s.dimensions,
            },
            capabilities: Scopes {
                ids: &ids.capability_ids,
                scored: &s.capabilities,
            },
            peer_cohort: an.peers.map(|p| PeerCohort {
                attribute: p.attribute(),
                value: p.value(),
            }),
            percentile: an.percentile,
            weak_links: WeakLinks {
                ids,
                links: &an.weak_links,
            },
            roadmap: RoadmapRecord {
                target: an.roadmap.target,
                phases: Phases {
                    ids,
                    phases: &an.roadmap.phases,
                },
            },
            to_target: ToTargetRecord {
                target: an.to_target.target,
                overall: an.to_target.overall,
                dimensions: ByDimension {
                    ids: &ids.dimensions,
                    values: &an.to_target.dimensions,
                },
            },
            change: an.change.as_ref().map(|c| ChangeRecord {
                previous_period: &c.previous_period,
                overall: c.overall,
                dimensions: ByDimension {
                    ids: &ids.dimensions,
                    values: &c.dimensions,
                },
            }),
            url: crate::render::routes::report_of(r),
        }
    }
}

/// Scores keyed by dimension or capability id, in model order:
/// `{"score", "level"}`, or `null` when not applicable.
struct Scopes<'a> {
    ids: &'a [&'a str],
    scored: &'a [Option<Scored>],
}

impl Serialize for Scopes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.ids.iter().zip(self.scored.iter().map(|s| {
            s.as_ref().map(|s| Scope {
                score: s.score,
                level: s.level,
            })
        })))
    }
}

/// The score and level of a dimension or capability.
#[derive(Serialize)]
struct Scope {
    score: f64,
    level: u32,
}

/// Numbers keyed by dimension id, in model order (`null` when not applicable).
struct ByDimension<'a> {
    ids: &'a [&'a str],
    values: &'a [Option<f64>],
}

impl Serialize for ByDimension<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.ids.iter().zip(self.values))
    }
}

/// The report's peer cohort (`null` attribute and value for "all").
#[derive(Serialize)]
struct PeerCohort<'a> {
    attribute: Option<&'a str>,
    value: Option<&'a str>,
}

/// The weak links' capability ids, weakest first.
struct WeakLinks<'a> {
    ids: &'a ModelIds<'a>,
    links: &'a [WeakLink],
}

impl Serialize for WeakLinks<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.links
                .iter()
                .map(|w| self.ids.capability_id(w.capability)),
        )
    }
}

/// The roadmap to the target level.
#[derive(Serialize)]
struct RoadmapRecord<'a> {
    target: u32,
    phases: Phases<'a>,
}

/// The roadmap's phases, lowest level first.
struct Phases<'a> {
    ids: &'a ModelIds<'a>,
    phases: &'a [Phase],
}

impl Serialize for Phases<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.phases.iter().map(|phase| PhaseRecord {
            level: phase.level,
            steps: Steps {
                ids: self.ids,
                phase,
            },
        }))
    }
}

/// One phase of a roadmap.
#[derive(Serialize)]
struct PhaseRecord<'a> {
    level: u32,
    steps: Steps<'a>,
}

/// A phase's steps, highest priority first.
struct Steps<'a> {
    ids: &'a ModelIds<'a>,
    phase: &'a Phase,
}

impl Serialize for Steps<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let level = self.phase.level as usize;
        serializer.collect_seq(self.phase.steps.iter().map(|st| {
            // The criteria of the phase's level of the step's capability.
            let criteria = self
                .ids
                .capabilities
                .get(st.capability)
                .and_then(|c| c.requirements.get(level.checked_sub(1)?))
                .map_or(&[][..], |r| r.criteria());
            StepRecord {
                capability: self.ids.capability_id(st.capability),
                priority: st.priority,
                level: st.level,
                score: st.score,
                unmet: UnmetList {
                    criteria,
                    unmet: &st.unmet,
                },
            }
        }))
    }
}

/// One step of a roadmap phase.
#[derive(Serialize)]
struct StepRecord<'a> {
    capability: &'a str,
    priority: f64,
    level: u32,
    score: f64,
    unmet: UnmetList<'a>,
}

/// What of a phase's level a step's capability does not fully meet.
struct UnmetList<'a> {
    /// The criteria of that level (empty for a text requirement).
    criteria: &'a [Criterion],
    unmet: &'a [Unmet],
}

impl Serialize for UnmetList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.unmet.iter().map(|u| match u {
            Unmet::Criterion { index, rating } => UnmetRecord::Criterion {
                criterion: self.criteria.get(*index).map(|c| c.id.as_str()),
                rating: *rating,
            },
            Unmet::Level { satisfaction } => UnmetRecord::Level {
                level_satisfaction: *satisfaction,
            },
        }))
    }
}

/// An unmet criterion (by id, with its rating) or level.
#[derive(Serialize)]
#[serde(untagged)]
enum UnmetRecord<'a> {
    Criterion {
        criterion: Option<&'a str>,
        rating: Option<f64>,
    },
    Level {
        level_satisfaction: f64,
    },
}

/// Progress toward the target level.
#[derive(Serialize)]
struct ToTargetRecord<'a> {
    target: u32,
    overall: f64,
    dimensions: ByDimension<'a>,
}

/// Change since the previous published report.
#[derive(Serialize)]
struct ChangeRecord<'a> {
    previous_period: &'a str,
    overall: f64,
    dimensions: ByDimension<'a>,
}

/// `data/results.csv`: one row per published assessment.
///
/// Columns: `organization`, `name`, `period`, `assessed_on`, `method`,
/// `level`, `score`, then `attribute:<name>` for every attribute any
/// published organisation has, then `dimension:<id>:level|score` and
/// `capability:<id>:level|score` (empty when not applicable).
pub fn results_csv(model: &Model, reports: &[Report<'_>]) -> Vec<u8> {
    let attributes = crate::analysis::report::attribute_names(reports);

    let mut header: Vec<String> = [
        "organization",
        "name",
        "period",
        "assessed_on",
        "method",
        "level",
        "score",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    header.extend(attributes.iter().map(|a| format!("attribute:{a}")));
    for d in &model.dimensions {
        header.push(format!("dimension:{}:level", d.id));
        header.push(format!("dimension:{}:score", d.id));
    }
    for (_, c) in model.capabilities() {
        header.push(format!("capability:{}:level", c.id));
        header.push(format!("capability:{}:score", c.id));
    }
    let mut out = String::new();
    write_row(&mut out, header.iter().map(String::as_str));
    for r in reports {
        let a = r.assessment;
        let s = r.scores;
        let mut row: Vec<String> = vec![
            a.organization.id.clone(),
            a.organization.name.clone(),
            a.period.clone(),
            a.assessed_on.clone().unwrap_or_default(),
            a.method.map(|m| m.name().to_owned()).unwrap_or_default(),
            s.overall.level.to_string(),
            s.overall.score.to_string(),
        ];
        row.extend(attributes.iter().map(|k| {
            a.organization
                .attributes
                .get(*k)
                .cloned()
                .unwrap_or_default()
        }));
        for scored in s.dimensions.iter().chain(&s.capabilities) {
            match scored {
                Some(sc) => {
                    row.push(sc.level.to_string());
                    row.push(sc.score.to_string());
                }
                None => {
                    row.push(String::new());
                    row.push(String::new());
                }
            }
        }
        write_row(&mut out, row.iter().map(String::as_str));
    }
    out.into_bytes()
}

/// One CSV row (RFC 4180): cells quoted when needed, CRLF line ends.
pub fn write_row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell);
    }
    out.push_str("\r\n");
}

/// Writes one cell. Text that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a
/// leading `'`, unless it is a plain number such as `-0.5`. `-inf` and
/// `+NaN` parse as `f64` but are names to a spreadsheet, so only finite
/// numbers count as plain.
fn push_cell(out: &mut String, cell: &str) {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && !cell.parse::<f64>().is_ok_and(f64::is_finite);
    let neutral;
    let cell = if formula {
        neutral = format!("'{cell}");
        neutral.as_str()
    } else {
        cell
    };
    if cell.contains([',', '"', '\n', '\r']) || cell.starts_with(' ') || cell.ends_with(' ') {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// `data/benchmarks.json`: the model its figures are of (id and version,
/// which a site that takes the file as its `benchmark.reference` checks),
/// and every published cohort of every period.
pub fn benchmarks_json(
    model: &Model,
    benchmarks: &Benchmarks,
    scores: &[AssessmentScores],
) -> Vec<u8> {
    let cohorts: Vec<Value> = benchmarks
        .cohorts
        .iter()
        .map(|c| cohort_record(model, c, scores))
        .collect();
    to_json(&json!({
        "model": { "id": model.id, "version": model.version },
        "min_cohort_size": benchmarks.min_cohort_size,
        "cohorts": cohorts,
    }))
}

fn cohort_record(model: &Model, c: &Cohort, scores: &[AssessmentScores]) -> Value {
    let levels: Map<String, Value> = c
        .levels
        .iter()
        .map(|l| {
            (
                l.level.to_string(),
                json!({ "count": l.count, "share": l.share }),
            )
        })
        .collect();
    let dimensions: Map<String, Value> = model
        .dimensions
        .iter()
        .zip(&c.dimensions)
        .map(|(d, s)| (d.id.clone(), json!(s)))
        .collect();
    let capabilities: Map<String, Value> = model
        .capabilities()
        .zip(&c.capabilities)
        .map(|((_, cap), s)| {
            let v = s.as_ref().map_or(
                Value::Null,
                |s| json!({ "median": s.median, "q1": s.q1, "q3": s.q3, "n": s.n }),
            );
            (cap.id.clone(), v)
        })
        .collect();
    let sector_roadmap: Vec<Value> = roadmap::sector_roadmap(model, c, scores)
        .iter()
        .map(|l| {
            json!({
                "level": l.level,
                "members": l.members,
                "capabilities": l.capabilities.iter().map(|(cap, n)| json!({
                    "capability": model.capabilities().nth(*cap).map(|(_, x)| x.id.as_str()),
                    "count": n,
                    "share": *n as f64 / l.members as f64,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "period": c.period,
        "attribute": c.attribute(),
        "value": c.value(),
        "n": c.n(),
        "assessed": c.assessed,
        "score": c.score,
        "levels": levels,
        "dimensions": dimensions,
        "capabilities": capabilities,
        "methods": {
            "self": c.methods.self_assessed,
            "third_party": c.methods.third_party,
            "unspecified": c.methods.unspecified,
            "self_median": c.methods.self_median,
            "third_party_median": c.methods.third_party_median,
        },
        "sector_roadmap": sector_roadmap,
        "url": crate::render::routes::cohort(c),
    })
}

/// `data/benchmarks.csv`: one row per published cohort.
pub fn benchmarks_csv(model: &Model, benchmarks: &Benchmarks) -> Vec<u8> {
    const STATS: [&str; 7] = ["n", "min", "q1", "median", "q3", "max", "mean"];
    let mut header: Vec<String> = ["period", "attribute", "value", "n", "assessed"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    header.extend(STATS[1..].iter().map(|s| format!("score:{s}")));
    for l in 0..=model.max_level() {
        header.push(format!("level:{l}:count"));
        header.push(format!("level:{l}:share"));
    }
    for d in &model.dimensions {
        header.extend(STATS.iter().map(|s| format!("dimension:{}:{s}", d.id)));
    }
    for (_, c) in model.capabilities() {
        header.push(format!("capability:{}:median", c.id));
    }
    let stats = |s: Option<&Summary>, with_n: bool| -> Vec<String> {
        let values = s.map(|s| [s.n as f64, s.min, s.q1, s.median, s.q3, s.max, s.mean]);
        let skip = usize::from(!with_n);
        (skip..7)
            .map(|i| values.map_or_else(String::new, |v| v[i].to_string()))
            .collect()
    };
    let mut out = String::new();
    write_row(&mut out, header.iter().map(String::as_str));
    for c in &benchmarks.cohorts {
        let mut row = vec![
            c.period.clone(),
            c.attribute().unwrap_or("").to_owned(),
            c.value().unwrap_or("").to_owned(),
            c.n().to_string(),
            c.assessed.to_string(),
        ];
        row.extend(stats(Some(&c.score), false));
        for l in &c.levels {
            row.push(l.count.to_string());
            row.push(l.share.to_string());
        }
        for d in &c.dimensions {
            row.extend(stats(d.as_ref(), true));
        }
        row.extend(c.capabilities.iter().map(|s| {
            s.as_ref()
                .map_or_else(String::new, |s| s.median.to_string())
        }));
        write_row(&mut out, row.iter().map(String::as_str));
    }
    out.into_bytes()
}

/// `data/model.json`: the model as loaded.
pub fn model_json(model: &Model, language: &str, translations: &[(&str, &Model)]) -> Vec<u8> {
    #[derive(Serialize)]
    struct ModelExport<'a> {
        #[serde(flatten)]
        model: &'a Model,
        max_level: u32,
        capability_count: usize,
        /// The language of the texts above, when the site has several.
        #[serde(skip_serializing_if = "Option::is_none")]
        language: Option<&'a str>,
        /// The texts in each other language, by the ids they label.
        #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
        translations: serde_json::Map<String, serde_json::Value>,
    }
    to_json(&ModelExport {
        model,
        max_level: model.max_level(),
        capability_count: model.capability_count(),
        language: (!translations.is_empty()).then_some(language),
        translations: translations
            .iter()
            .map(|(tag, m)| ((*tag).to_owned(), model_texts(m)))
            .collect(),
    })
}

/// Every text of `model`, keyed by what it labels: what a reader of
/// `data/model.json` needs to show the ids of the other exports in one
/// more language.
fn model_texts(model: &Model) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let text = |s: &Option<String>| s.as_ref().map_or(Value::Null, |s| Value::String(s.clone()));
    let levels: Map<String, Value> = model
        .levels
        .iter()
        .map(|l| {
            (
                l.number.to_string(),
                json!({"name": l.name, "description": text(&l.description)}),
            )
        })
        .collect();
    let ratings: Map<String, Value> = model
        .ratings
        .iter()
        .map(|r| (r.name.clone(), Value::String(r.shown().to_owned())))
        .collect();
    let dimensions: Map<String, Value> = model
        .dimensions
        .iter()
        .map(|d| {
            (
                d.id.clone(),
                json!({"name": d.name, "description": text(&d.description)}),
            )
        })
        .collect();
    let mut capabilities = Map::new();
    let mut criteria = Map::new();
    for (_, c) in model.capabilities() {
        let requirements: Map<String, Value> = c
            .requirements
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r {
                crate::domain::model::Requirement::Text(t) => {
                    Some(((i + 1).to_string(), Value::String(t.clone())))
                }
                crate::domain::model::Requirement::Criteria(_) => None,
            })
            .collect();
        let mut entry = json!({"name": c.name, "description": text(&c.description)});
        if !requirements.is_empty()
            && let Some(map) = entry.as_object_mut()
        {
            map.insert("requirements".to_owned(), Value::Object(requirements));
        }
        capabilities.insert(c.id.clone(), entry);
        for r in &c.requirements {
            for k in r.criteria() {
                criteria.insert(k.id.clone(), Value::String(k.text.clone()));
            }
        }
    }
    json!({
        "name": model.name,
        "description": text(&model.description),
        "levels": levels,
        "ratings": ratings,
        "dimensions": dimensions,
        "capabilities": capabilities,
        "criteria": criteria,
    })
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising plain data into memory cannot fail; an empty object is a
    // safe answer if it ever did.
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_else(|_| b"{}".to_vec());
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> String {
        let mut s = String::new();
        write_row(&mut s, cells.iter().copied());
        s
    }

    /// `data/results.json` of the site in `dir`, as `rungs build` writes it.
    fn results_json(dir: &std::path::Path) -> String {
        let (site, scores) = crate::pipeline::compile(crate::pipeline::load(dir).unwrap()).unwrap();
        let benchmarks = Benchmarks::compute(&site, &scores);
        let reports = crate::analysis::report::published(&site, &scores, &benchmarks);
        let mut out = Vec::new();
        write_results_json(&site.model, &reports, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// A small site whose reports have peers, a previous period, every
    /// optional field, a not applicable dimension, unrated criteria and
    /// text requirements.
    fn small_site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| crate::testing::write(dir.path(), rel, text);
        write(
            "site.yaml",
            "title: T\nbase_url: https://example.org/sub/\nbenchmark: {cohorts: [sector], min_cohort_size: 2}\n",
        );
        write(
            "content/model.yaml",
            "id: m
name: Tiny Model
levels: [{number: 1, name: Basic}, {number: 2, name: Managed}]
dimensions:
  - id: plan
    name: Planning
    capabilities:
      - {id: forecast, name: Forecasting, requirements: {1: History is kept., 2: Forecasts are reviewed.}}
      - id: sourcing
        name: Sourcing
        requirements:
          1: [{id: sourcing-1a, text: Suppliers are listed.}, {id: sourcing-1b, text: Contacts are kept.}]
          2: [{id: sourcing-2a, text: Scorecards are shared.}]
  - id: risk
    name: Risk
    capabilities:
      - {id: hedging, name: Hedging, requirements: {1: Exposure is known., 2: Exposure is hedged.}}
",
        );
        write(
            "content/assessments/acme-2024.yaml",
            "organization: {id: acme, name: \"Acme \\\"Gießerei\\\"\", sector: metal, size: small}
period: '2024'
capabilities:
  forecast: {level: 1}
  sourcing: {criteria: {sourcing-1a: full}}
  hedging: {level: 0, progress: 0.3}
",
        );
        write(
            "content/assessments/acme-2025.yaml",
            "organization: {id: acme, name: \"Acme \\\"Gießerei\\\"\", sector: metal, size: small}
period: '2025'
assessed_on: '2025-03-01'
assessor: Jo Doe
method: third-party
target: 2
capabilities:
  forecast: {level: 0, progress: 0.5}
  sourcing: {criteria: {sourcing-1a: full, sourcing-1b: partial}}
  hedging: {not_applicable: true}
",
        );
        write(
            "content/assessments/beta-2025.yaml",
            "organization: {id: beta, name: Beta, sector: metal}
period: '2025'
method: self
capabilities:
  forecast: {level: 2}
  sourcing: {criteria: {sourcing-1a: full, sourcing-1b: full, sourcing-2a: largely}}
  hedging: {level: 1, progress: 0.25}
",
        );
        dir
    }

    /// The key order of a record, as site.md shows it (plus later keys).
    const RECORD_KEYS: [&str; 19] = [
        "organization",
        "name",
        "period",
        "attributes",
        "assessed_on",
        "assessor",
        "method",
        "target",
        "score",
        "level",
        "dimensions",
        "capabilities",
        "peer_cohort",
        "percentile",
        "weak_links",
        "roadmap",
        "to_target",
        "change",
        "url",
    ];

    #[test]
    fn results_json_of_the_worked_example_is_exact() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/worked-example");
        let got = results_json(&dir);
        // Byte for byte what the `serde_json::Value` based export wrote:
        // key order, number formatting and `null`s all count.
        let want = concat!(
            "{\"assessments\": [\n",
            r#"{"organization":"x","name":"Example X","period":"2025","attributes":{"sector":"automotive"},"assessed_on":null,"assessor":null,"method":null,"target":3,"score":1.7000000000000002,"level":1,"dimensions":{"d1":{"score":2.25,"level":2},"d2":{"score":1.5,"level":1}},"capabilities":{"a":{"score":2.5,"level":2},"b":{"score":1.6,"level":1},"c":{"score":1.5,"level":1}},"peer_cohort":null,"percentile":null,"weak_links":["c","b","a"],"roadmap":{"target":3,"phases":[{"level":2,"steps":[{"capability":"c","priority":0.16666666666666666,"level":1,"score":1.5,"unmet":[{"criterion":"c3","rating":0.5}]},{"capability":"b","priority":0.1333333333333333,"level":1,"score":1.6,"unmet":[{"level_satisfaction":0.6}]}]},{"level":3,"steps":[{"capability":"c","priority":0.5,"level":1,"score":1.5,"unmet":[{"criterion":"c4","rating":null}]},{"capability":"b","priority":0.4666666666666666,"level":1,"score":1.6,"unmet":[{"level_satisfaction":0.0}]},{"capability":"a","priority":0.16666666666666666,"level":2,"score":2.5,"unmet":[{"level_satisfaction":0.5}]}]}]},"to_target":{"target":3,"overall":0.5666666666666667,"dimensions":{"d1":0.75,"d2":0.5}},"change":null,"url":"organizations/x/2025/"}"#,
            ",\n",
            r#"{"organization":"y","name":"Example Y","period":"2025","attributes":{"sector":"automotive"},"assessed_on":null,"assessor":null,"method":null,"target":null,"score":1.0,"level":1,"dimensions":{"d1":{"score":1.0,"level":1},"d2":{"score":0.4,"level":0}},"capabilities":{"a":{"score":1.0,"level":1},"b":null,"c":{"score":0.4,"level":0}},"peer_cohort":null,"percentile":null,"weak_links":["c","a"],"roadmap":{"target":2,"phases":[{"level":2,"steps":[{"capability":"a","priority":0.6666666666666666,"level":1,"score":1.0,"unmet":[{"level_satisfaction":0.0}]},{"capability":"c","priority":0.5333333333333333,"level":0,"score":0.4,"unmet":[{"level_satisfaction":0.0}]}]}]},"to_target":{"target":2,"overall":0.5,"dimensions":{"d1":0.5,"d2":0.19999999999999996}},"change":null,"url":"organizations/y/2025/"}"#,
            "\n]}\n",
        );
        assert_eq!(got, want);
        let parsed: Value = serde_json::from_str(&got).unwrap();
        let x = parsed["assessments"][0].as_object().unwrap();
        assert_eq!(x.keys().collect::<Vec<_>>(), RECORD_KEYS);
        assert_eq!(
            serde_json::to_string(&x["roadmap"]["phases"][0]).unwrap(),
            r#"{"level":2,"steps":[{"capability":"c","priority":0.16666666666666666,"level":1,"score":1.5,"unmet":[{"criterion":"c3","rating":0.5}]},{"capability":"b","priority":0.1333333333333333,"level":1,"score":1.6,"unmet":[{"level_satisfaction":0.6}]}]}"#
        );
    }

    #[test]
    fn results_json_with_peers_changes_and_every_field_is_exact() {
        let small = small_site();
        let got = results_json(small.path());
        let want = concat!(
            "{\"assessments\": [\n",
            r#"{"organization":"acme","name":"Acme \"Gießerei\"","period":"2024","attributes":{"sector":"metal","size":"small"},"assessed_on":null,"assessor":null,"method":null,"target":null,"score":0.525,"level":0,"dimensions":{"plan":{"score":0.75,"level":0},"risk":{"score":0.3,"level":0}},"capabilities":{"forecast":{"score":1.0,"level":1},"sourcing":{"score":0.5,"level":0},"hedging":{"score":0.3,"level":0}},"peer_cohort":null,"percentile":null,"weak_links":["hedging","sourcing","forecast"],"roadmap":{"target":1,"phases":[{"level":1,"steps":[{"capability":"hedging","priority":0.35,"level":0,"score":0.3,"unmet":[{"level_satisfaction":0.3}]},{"capability":"sourcing","priority":0.125,"level":0,"score":0.5,"unmet":[{"criterion":"sourcing-1b","rating":null}]}]}]},"to_target":{"target":1,"overall":0.525,"dimensions":{"plan":0.75,"risk":0.30000000000000004}},"change":null,"url":"organizations/acme/2024/"}"#,
            ",\n",
            r#"{"organization":"acme","name":"Acme \"Gießerei\"","period":"2025","attributes":{"sector":"metal","size":"small"},"assessed_on":"2025-03-01","assessor":"Jo Doe","method":"third-party","target":2,"score":0.625,"level":0,"dimensions":{"plan":{"score":0.625,"level":0},"risk":null},"capabilities":{"forecast":{"score":0.5,"level":0},"sourcing":{"score":0.75,"level":0},"hedging":null},"peer_cohort":{"attribute":"sector","value":"metal"},"percentile":25.0,"weak_links":["forecast","sourcing"],"roadmap":{"target":2,"phases":[{"level":1,"steps":[{"capability":"forecast","priority":0.4375,"level":0,"score":0.5,"unmet":[{"level_satisfaction":0.5}]},{"capability":"sourcing","priority":0.203125,"level":0,"score":0.75,"unmet":[{"criterion":"sourcing-1b","rating":0.5}]}]},{"level":2,"steps":[{"capability":"forecast","priority":1.3125,"level":0,"score":0.5,"unmet":[{"level_satisfaction":0.0}]},{"capability":"sourcing","priority":1.015625,"level":0,"score":0.75,"unmet":[{"criterion":"sourcing-2a","rating":null}]}]}]},"to_target":{"target":2,"overall":0.3125,"dimensions":{"plan":0.3125,"risk":null}},"change":{"previous_period":"2024","overall":0.09999999999999998,"dimensions":{"plan":-0.125,"risk":null}},"url":"organizations/acme/2025/"}"#,
            ",\n",
            r#"{"organization":"beta","name":"Beta","period":"2025","attributes":{"sector":"metal"},"assessed_on":null,"assessor":null,"method":"self","target":null,"score":1.575,"level":1,"dimensions":{"plan":{"score":2.0,"level":2},"risk":{"score":1.25,"level":1}},"capabilities":{"forecast":{"score":2.0,"level":2},"sourcing":{"score":2.0,"level":2},"hedging":{"score":1.25,"level":1}},"peer_cohort":{"attribute":"sector","value":"metal"},"percentile":75.0,"weak_links":[],"roadmap":{"target":2,"phases":[{"level":2,"steps":[{"capability":"hedging","priority":0.375,"level":1,"score":1.25,"unmet":[{"level_satisfaction":0.25}]}]}]},"to_target":{"target":2,"overall":0.7875,"dimensions":{"plan":1.0,"risk":0.625}},"change":null,"url":"organizations/beta/2025/"}"#,
            "\n]}\n",
        );
        assert_eq!(got, want);
        let parsed: Value = serde_json::from_str(&got).unwrap();
        for r in parsed["assessments"].as_array().unwrap() {
            assert_eq!(
                r.as_object().unwrap().keys().collect::<Vec<_>>(),
                RECORD_KEYS
            );
        }
    }

    #[test]
    fn numbers_are_written_as_a_value_would_write_them() {
        // The export once went through `serde_json::Value`; non-finite
        // numbers must stay `null`, and every float keep its spelling.
        for v in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            0.0,
            1.0,
            0.1 + 0.2,
            1e300,
            -5e-324,
        ] {
            let direct = serde_json::to_string(&Scope { score: v, level: 1 }).unwrap();
            let value = json!({ "score": v, "level": 1 }).to_string();
            assert_eq!(direct, value, "{v}");
            let ids = ["d1", "d2"];
            let values = [Some(v), None];
            let direct = serde_json::to_string(&ByDimension {
                ids: &ids,
                values: &values,
            })
            .unwrap();
            assert_eq!(direct, json!({ "d1": v, "d2": null }).to_string(), "{v}");
        }
        assert_eq!(
            serde_json::to_string(&Scope {
                score: f64::NAN,
                level: 0
            })
            .unwrap(),
            r#"{"score":null,"level":0}"#
        );
    }

    #[test]
    fn csv_quotes_and_neutralises_formulas() {
        assert_eq!(
            row(&["a", "b,c", "say \"hi\""]),
            "a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
        );
        assert_eq!(
            row(&["=HYPERLINK(\"x\")"]),
            "\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
        assert_eq!(
            row(&["+1 call", "@SUM(A1)", "-0.5", "-x"]),
            "'+1 call,'@SUM(A1),-0.5,'-x\r\n"
        );
        assert_eq!(row(&["line\nbreak"]), "\"line\nbreak\"\r\n");
        assert_eq!(
            row(&["-inf", "+NaN", "-Infinity", "-1e999", "+1e5", "\t1"]),
            "'-inf,'+NaN,'-Infinity,'-1e999,+1e5,'\t1\r\n"
        );
    }
}
