//! Open-data exports (site.md "Data exports"): `data/results.json`,
//! `data/results.csv` and `data/model.json`.
//!
//! Only published assessments appear, sorted by organisation id then
//! period. Numbers carry full precision.

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::benchmark::{Benchmarks, Cohort};
use crate::model::Model;
use crate::report::Report;
use crate::roadmap::{self, Unmet};
use crate::score::AssessmentScores;
use crate::stats::Summary;

/// Writes `data/results.json` into `out`, one record per line (compact,
/// it grows with every assessment, and it diffs well between builds),
/// without holding the file in memory: records are serialised on every
/// core a chunk at a time and written in order.
pub fn write_results_json(
    model: &Model,
    reports: &[Report<'_>],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all(b"{\"assessments\": [")?;
    for (c, chunk) in reports.chunks(4096).enumerate() {
        let lines: Vec<Vec<u8>> = chunk
            .par_iter()
            .map(|r| {
                // Plain data serialises into memory without error; `{}`
                // keeps the file valid if it ever did not.
                serde_json::to_vec(&result_record(model, r)).unwrap_or_else(|_| b"{}".to_vec())
            })
            .collect();
        for (i, line) in lines.iter().enumerate() {
            out.write_all(if c == 0 && i == 0 { b"\n" } else { b",\n" })?;
            out.write_all(line)?;
        }
    }
    out.write_all(b"\n]}\n")
}

fn result_record(model: &Model, r: &Report<'_>) -> Value {
    let a = r.assessment;
    let s = r.scores;
    let an = &r.analysis;
    let cap_id = |c: usize| {
        model
            .capabilities()
            .nth(c)
            .map_or_else(String::new, |(_, cap)| cap.id.clone())
    };
    let mut dimensions = Map::new();
    for (dim, scored) in model.dimensions.iter().zip(&s.dimensions) {
        dimensions.insert(dim.id.clone(), scope(scored.as_ref()));
    }
    let mut capabilities = Map::new();
    for ((_, cap), scored) in model.capabilities().zip(&s.capabilities) {
        capabilities.insert(cap.id.clone(), scope(scored.as_ref()));
    }
    let peer_cohort = an.peers.map_or(
        Value::Null,
        |p| json!({ "attribute": p.attribute(), "value": p.value() }),
    );
    let phases: Vec<Value> = an
        .roadmap
        .phases
        .iter()
        .map(|phase| {
            let steps: Vec<Value> = phase
                .steps
                .iter()
                .map(|st| {
                    let (_, cap) = model.capabilities().nth(st.capability).unzip();
                    let criteria = cap
                        .and_then(|c| c.requirements.get(phase.level as usize - 1))
                        .map_or(&[][..], |r| r.criteria());
                    let unmet: Vec<Value> = st
                        .unmet
                        .iter()
                        .map(|u| match u {
                            Unmet::Criterion { index, rating } => json!({
                                "criterion": criteria.get(*index).map(|c| c.id.as_str()),
                                "rating": rating,
                            }),
                            Unmet::Level { satisfaction } => {
                                json!({ "level_satisfaction": satisfaction })
                            }
                        })
                        .collect();
                    json!({
                        "capability": cap_id(st.capability),
                        "priority": st.priority,
                        "level": st.level,
                        "score": st.score,
                        "unmet": unmet,
                    })
                })
                .collect();
            json!({ "level": phase.level, "steps": steps })
        })
        .collect();
    let by_dimension = |values: &[Option<f64>]| -> Map<String, Value> {
        model
            .dimensions
            .iter()
            .zip(values)
            .map(|(d, v)| (d.id.clone(), json!(v)))
            .collect()
    };
    let change = an.change.as_ref().map_or(Value::Null, |c| {
        json!({
            "previous_period": c.previous_period,
            "overall": c.overall,
            "dimensions": by_dimension(&c.dimensions),
        })
    });
    json!({
        "organization": a.organization.id,
        "name": a.organization.name,
        "period": a.period,
        "attributes": a.organization.attributes,
        "assessed_on": a.assessed_on,
        "assessor": a.assessor,
        "method": a.method.map(|m| m.name()),
        "target": a.target,
        "score": s.overall.score,
        "level": s.overall.level,
        "dimensions": dimensions,
        "capabilities": capabilities,
        "peer_cohort": peer_cohort,
        "percentile": an.percentile,
        "weak_links": an.weak_links.iter().map(|w| cap_id(w.capability)).collect::<Vec<_>>(),
        "roadmap": { "target": an.roadmap.target, "phases": phases },
        "to_target": {
            "target": an.to_target.target,
            "overall": an.to_target.overall,
            "dimensions": by_dimension(&an.to_target.dimensions),
        },
        "change": change,
        "url": r.url_path,
    })
}

fn scope(scored: Option<&crate::score::Scored>) -> Value {
    scored.map_or(
        Value::Null,
        |s| json!({ "score": s.score, "level": s.level }),
    )
}

/// `data/results.csv`: one row per published assessment.
///
/// Columns: `organization`, `name`, `period`, `assessed_on`, `method`,
/// `level`, `score`, then `attribute:<name>` for every attribute any
/// published organisation has, then `dimension:<id>:level|score` and
/// `capability:<id>:level|score` (empty when not applicable).
pub fn results_csv(model: &Model, reports: &[Report<'_>]) -> Vec<u8> {
    let attributes = crate::report::attribute_names(reports);

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

/// `data/benchmarks.json`: every published cohort of every period.
pub fn benchmarks_json(
    model: &Model,
    benchmarks: &Benchmarks,
    scores: &[AssessmentScores],
) -> Vec<u8> {
    let cohorts: Vec<Value> = benchmarks
        .cohorts
        .iter()
        .map(|c| cohort_record(model, benchmarks, c, scores))
        .collect();
    to_json(&json!({ "min_cohort_size": benchmarks.min_cohort_size, "cohorts": cohorts }))
}

fn cohort_record(
    model: &Model,
    benchmarks: &Benchmarks,
    c: &Cohort,
    scores: &[AssessmentScores],
) -> Value {
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
    let sector_roadmap: Vec<Value> =
        roadmap::sector_roadmap(model, c, scores, benchmarks.min_cohort_size)
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
        "url": c.url_path(),
    })
}

/// `data/benchmarks.csv`: one row per published cohort.
pub fn benchmarks_csv(model: &Model, benchmarks: &Benchmarks) -> Vec<u8> {
    const STATS: [&str; 7] = ["n", "min", "q1", "median", "q3", "max", "mean"];
    let mut header: Vec<String> = ["period", "attribute", "value", "n"]
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
pub fn model_json(model: &Model) -> Vec<u8> {
    #[derive(Serialize)]
    struct ModelExport<'a> {
        #[serde(flatten)]
        model: &'a Model,
        max_level: u32,
        capability_count: usize,
    }
    to_json(&ModelExport {
        model,
        max_level: model.max_level(),
        capability_count: model.capability_count(),
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
