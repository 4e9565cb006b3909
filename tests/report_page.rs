//! The report and roadmap pages of the example site, read as a reader
//! would: the summary says where the firm stands in words, every
//! capability has one row of the capability × level grid with its shade,
//! charts carry no data table whose numbers a visible table already
//! prints, and the roadmap prints the text of every unmet criterion.

use std::collections::BTreeMap;
use std::path::Path;

mod common;

use serde_json::Value;

fn json(public: &Path, file: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(public.join(file)).unwrap()).unwrap()
}

/// `s` as Markdown writes plain text (pulldown-cmark leaves `'` alone).
fn markdown_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `s` as Tera's autoescape writes it.
fn escape(s: &str) -> String {
    markdown_escape(s)
        .replace('\'', "&#x27;")
        .replace('/', "&#x2F;")
}

#[test]
fn reports_read_in_words_and_one_grid_and_roadmaps_carry_the_criteria() {
    let (_dir, public) = common::build_example_site(&["-q"]);
    let results = json(&public, "data/results.json");
    let model = json(&public, "data/model.json");
    let benchmarks = json(&public, "data/benchmarks.json");
    let k = model["max_level"].as_u64().unwrap() as usize;

    let mut names = BTreeMap::new();
    let mut criteria = BTreeMap::new();
    for d in model["dimensions"].as_array().unwrap() {
        for c in d["capabilities"].as_array().unwrap() {
            names.insert(
                c["id"].as_str().unwrap().to_owned(),
                c["name"].as_str().unwrap().to_owned(),
            );
            for level in c["requirements"].as_array().unwrap() {
                for crit in level.as_array().into_iter().flatten() {
                    criteria.insert(
                        crit["id"].as_str().unwrap().to_owned(),
                        crit["text"].as_str().unwrap().to_owned(),
                    );
                }
            }
        }
    }
    assert!(criteria.len() > 50, "the default model rates criteria");

    let assessments = results["assessments"].as_array().unwrap();
    let mut checked_unmet = 0;
    let mut positions = 0;
    for a in assessments {
        let url = a["url"].as_str().unwrap();
        let html = std::fs::read_to_string(public.join(url).join("index.html")).unwrap();
        let who = url;

        // One radar and one capability chart, and no data table beside
        // them: the dimension table and the grid print their numbers.
        assert_eq!(
            html.matches("class=\"chart chart-radar").count(),
            1,
            "{who}"
        );
        assert_eq!(
            html.matches("class=\"chart chart-bullet").count(),
            1,
            "{who}"
        );
        assert!(!html.contains("class=\"chart-data\""), "{who}");
        // Criterion ratings are not listed on the report.
        assert!(!html.contains("class=\"data criteria\""), "{who}");

        // The grid: a row per capability, with K shaded level cells when
        // the capability is applicable.
        for (id, score) in a["capabilities"].as_object().unwrap() {
            let start = html
                .find(&format!("<tr id=\"cap-{id}\">"))
                .unwrap_or_else(|| panic!("{who}: no grid row for {id}"));
            let row = &html[start..start + html[start..].find("</tr>").unwrap()];
            assert!(row.contains(&escape(&names[id])), "{who}: {id} by name");
            let cells = (0..4).map(|s| row.matches(&format!("<td class=\"s{s}\">")).count());
            let shaded: usize = cells.sum();
            if score.is_null() {
                assert!(row.contains("not applicable"), "{who}: {id}");
                assert_eq!(shaded, 0, "{who}: {id}");
            } else {
                assert_eq!(shaded, k, "{who}: {id} has a cell per level");
                // A met level (the capability's level counts them) is
                // shade 3.
                let level = score["level"].as_u64().unwrap() as usize;
                assert!(
                    row.matches("<td class=\"s3\">").count() >= level,
                    "{who}: {id} at level {level} shows its met levels"
                );
            }
        }

        // The summary: the weak links by name, the peers in words, and
        // no percentile among fewer than 20 peers.
        let summary =
            &html[html.find("id=\"summary\"").unwrap()..html.find("id=\"by-dimension\"").unwrap()];
        for w in a["weak_links"].as_array().unwrap().iter().take(3) {
            let name = escape(&names[w.as_str().unwrap()]);
            assert!(
                summary.contains(&name),
                "{who}: weak link {name} in the summary"
            );
        }
        if let Some(peers) = a["peer_cohort"].as_object() {
            let cohort = benchmarks["cohorts"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| {
                    c["period"] == a["period"]
                        && c["attribute"] == peers["attribute"]
                        && c["value"] == peers["value"]
                })
                .expect("the peer cohort is published");
            let n = cohort["n"].as_u64().unwrap();
            let words = [
                "in the top quarter",
                "above the median, within the middle half",
                "at the median",
                "below the median, within the middle half",
                "in the bottom quarter",
            ];
            let score = a["score"].as_f64().unwrap();
            let q = &cohort["score"];
            let expected = if score > q["q3"].as_f64().unwrap() + 1e-9 {
                words[0]
            } else if score > q["median"].as_f64().unwrap() + 1e-9 {
                words[1]
            } else if score >= q["median"].as_f64().unwrap() - 1e-9 {
                words[2]
            } else if score >= q["q1"].as_f64().unwrap() - 1e-9 {
                words[3]
            } else {
                words[4]
            };
            assert!(summary.contains(expected), "{who}: {expected}");
            positions += 1;
            assert_eq!(
                summary.contains("percentile"),
                n >= 20,
                "{who}: percentile among {n} peers"
            );
        }
        match a["roadmap"]["phases"].as_array().unwrap().first() {
            Some(phase) => assert!(
                summary.contains(&format!("Reaching level {}", phase["level"])),
                "{who}: what the next level takes"
            ),
            None => assert!(summary.contains("The target level is reached"), "{who}"),
        }

        // The roadmap prints every unmet criterion's text.
        let roadmap = std::fs::read_to_string(public.join(url).join("roadmap/index.html")).unwrap();
        for phase in a["roadmap"]["phases"].as_array().unwrap() {
            for step in phase["steps"].as_array().unwrap() {
                for u in step["unmet"].as_array().unwrap() {
                    if let Some(id) = u["criterion"].as_str() {
                        let text = markdown_escape(&criteria[id]);
                        assert!(roadmap.contains(&text), "{who}: roadmap lacks {id}");
                        checked_unmet += 1;
                    }
                }
            }
        }
    }
    assert!(
        checked_unmet > 100,
        "{checked_unmet} unmet criteria checked"
    );
    assert!(positions > 10, "{positions} reports placed among peers");
}
