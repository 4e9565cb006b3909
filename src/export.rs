//! Open-data exports (site.md "Data exports"): `data/results.json`,
//! `data/results.csv` and `data/model.json`.
//!
//! Only published assessments appear, sorted by organisation id then
//! period. Numbers carry full precision.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::model::Model;
use crate::report::Report;

/// `data/results.json`.
pub fn results_json(model: &Model, reports: &[Report<'_>]) -> Vec<u8> {
    let records: Vec<Value> = reports.iter().map(|r| result_record(model, r)).collect();
    to_json(&json!({ "assessments": records }))
}

fn result_record(model: &Model, r: &Report<'_>) -> Value {
    let a = r.assessment;
    let s = r.scores;
    let mut dimensions = Map::new();
    for (dim, scored) in model.dimensions.iter().zip(&s.dimensions) {
        dimensions.insert(dim.id.clone(), scope(scored.as_ref()));
    }
    let mut capabilities = Map::new();
    for ((_, cap), scored) in model.capabilities().zip(&s.capabilities) {
        capabilities.insert(cap.id.clone(), scope(scored.as_ref()));
    }
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
/// leading `'`, unless it is a plain number such as `-0.5`.
fn push_cell(out: &mut String, cell: &str) {
    let formula =
        cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
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
    }
}
