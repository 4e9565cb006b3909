//! Level distribution: 100% stacked horizontal bars, one per cohort or
//! period, in light-to-dark shades of one hue.

use super::Svg;
use super::common::{
    BELOW, END, Font, Frame, GRID_OPACITY, Glyph, Legend, MIDDLE, START, clean_label, label_column,
    message_chart, render, sentence, text_on, text_width,
};
use super::style::{INK, WIDTH, sequential};

/// One bar of [`level_distribution`].
#[derive(Clone, Debug, PartialEq)]
pub struct StackRow {
    /// The cohort or period (any length and script; cut to fit).
    pub label: String,
    /// How many reached each level, from level 0 up.
    pub counts: Vec<usize>,
}

const ROW: f64 = 28.0;
const N_COLUMN: f64 = 60.0;
/// Gap between adjacent segments, so they stay apart in grey print.
const GAP: f64 = 2.0;

/// 100% stacked horizontal bars: per row, the share of each level from 0
/// (lightest) to the top level (darkest), segments separated by a gap,
/// the percentage printed inside segments wide enough for it (in black or
/// white, whichever contrasts more), and the row's total at the right. A
/// legend on top names the levels (`level_names[k]`, or "Level k" when
/// there are more levels than names). A row with no counts says "No
/// responses".
pub fn level_distribution(id: &str, title: &str, level_names: &[String], rows: &[StackRow]) -> Svg {
    if rows.is_empty() {
        return message_chart("levels", id, title, "No data");
    }
    let levels = rows
        .iter()
        .map(|r| r.counts.len())
        .max()
        .unwrap_or(0)
        .max(level_names.len())
        .max(1);
    let names: Vec<String> = (0..levels)
        .map(|k| match level_names.get(k).map(|n| clean_label(n)) {
            Some(n) if !n.is_empty() => n,
            _ => format!("Level {k}"),
        })
        .collect();
    let shade = |k: usize| {
        if levels == 1 {
            sequential(0.5)
        } else {
            sequential(k as f64 / (levels - 1) as f64)
        }
    };
    let labels: Vec<String> = rows.iter().map(|r| clean_label(&r.label)).collect();

    let legend = Legend::new(
        names
            .iter()
            .enumerate()
            .map(|(k, n)| (Glyph::Swatch(shade(k)), n.clone()))
            .collect(),
    );
    let top = legend.height() + 8.0;
    let bottom = top + ROW * rows.len() as f64;
    let label_w = label_column(labels.iter().map(String::as_str), 260.0);
    let (x0, x1) = (label_w, WIDTH - N_COLUMN - 8.0);

    let mut parts = Vec::with_capacity(rows.len());
    for (label, row) in labels.iter().zip(rows) {
        let total = sum(&row.counts);
        if total == 0 {
            parts.push(format!("{label}: no responses"));
            continue;
        }
        let shares: Vec<String> = row
            .counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| format!("{} {n} ({})", names[k], percent(*n, total)))
            .collect();
        parts.push(format!("{label} (n = {total}): {}", shares.join(", ")));
    }
    let frame = Frame {
        kind: "levels",
        id,
        title,
        description: sentence(&parts),
        height: bottom + 24.0,
        fluid: true,
    };
    render(frame, |c| {
        legend.draw(c, 0.0);
        for q in 0..=4 {
            let x = x0 + (x1 - x0) * f64::from(q) / 4.0;
            c.line((x, bottom), (x, bottom + 4.0), INK, 1);
            c.text(
                &format!("{}%", q * 25),
                (x, bottom + 6.0),
                BELOW,
                Font::SMALL,
            );
        }
        for (i, (label, row)) in labels.iter().zip(rows).enumerate() {
            let y = top + ROW * (i as f64 + 0.5);
            c.label(label, label_w - 10.0, (4.0, y), START, Font::LABEL);
            let total = sum(&row.counts);
            if total == 0 {
                c.text("No responses", (x0 + 4.0, y), START, Font::LABEL.italic());
                continue;
            }
            c.text(&format!("n = {total}"), (WIDTH - 4.0, y), END, Font::LABEL);
            let (ya, yb) = (y - 9.0, y + 9.0);
            // Edges from cumulative counts, so rounding never drifts.
            let mut before: usize = 0;
            for (k, n) in row.counts.iter().enumerate() {
                if *n == 0 {
                    continue;
                }
                let a = x0 + (x1 - x0) * before as f64 / total as f64;
                before = before.saturating_add(*n);
                let b = x0 + (x1 - x0) * before as f64 / total as f64;
                let end = if before < total {
                    (b - GAP).max(a + 1.0)
                } else {
                    b
                };
                c.fill_rect((a, ya), (end, yb), shade(k), 1.0);
                let text = percent(*n, total);
                if text_width(&text, Font::SMALL.size) + 6.0 <= end - a {
                    let font = Font::SMALL.color(text_on(shade(k)));
                    c.text(&text, ((a + end) / 2.0, y), MIDDLE, font);
                }
            }
            c.stroke_rect((x0, ya), (x1, yb), INK, GRID_OPACITY * 2.0);
        }
    })
}

/// The sum of `counts` (saturating, never panicking).
fn sum(counts: &[usize]) -> usize {
    counts.iter().fold(0, |a, n| a.saturating_add(*n))
}

/// `n` of `total` as a whole percentage.
fn percent(n: usize, total: usize) -> String {
    format!("{:.0}%", 100.0 * n as f64 / total as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::testkit::{self, hostile};

    fn names() -> Vec<String> {
        ["Initial", "Managed", "Defined", "Measured", "Optimising"]
            .map(String::from)
            .to_vec()
    }

    fn rows() -> Vec<StackRow> {
        vec![
            StackRow {
                label: "2024".into(),
                counts: vec![2, 5, 3, 1, 1],
            },
            StackRow {
                label: "東方精密 cohort".into(),
                counts: vec![0, 1, 4, 4, 1],
            },
            StackRow {
                label: "R&D <Ops>".into(),
                counts: vec![1, 0, 0],
            },
        ]
    }

    #[test]
    fn draws_accessible_svg() {
        let svg = level_distribution("lv", "Levels", &names(), &rows());
        testkit::check(&svg, "lv", "levels");
        assert!(svg.markup.contains("R&amp;D &lt;Ops&gt;"));
        assert!(
            svg.description
                .contains("2024 (n = 12): Initial 2 (17%), Managed 5 (42%)")
        );
        assert!(
            svg.description
                .contains("R&D <Ops> (n = 1): Initial 1 (100%)")
        );
        assert!(svg.markup.contains(">100%</text>"));
        assert_eq!(svg, level_distribution("lv", "Levels", &names(), &rows()));
    }

    #[test]
    fn hostile_labels_are_escaped_and_cut() {
        let mut rows = rows();
        rows[0].label = hostile();
        let mut names = names();
        names[1] = hostile();
        let svg = level_distribution("lv", "Levels", &names, &rows);
        testkit::check(&svg, "lv", "levels");
        testkit::check_tooltip(&svg, &hostile());
        assert_eq!(svg.markup.matches("<title>").count(), 2, "row and legend");
    }

    #[test]
    fn guards_odd_input() {
        testkit::check_no_data(
            &level_distribution("e", "Empty", &names(), &[]),
            "e",
            "levels",
        );
        let rows = vec![
            StackRow {
                label: "Nobody".into(),
                counts: vec![0, 0],
            },
            StackRow {
                label: String::new(),
                counts: vec![],
            },
            StackRow {
                label: "Many levels".into(),
                counts: vec![1; 9],
            },
            StackRow {
                label: "Huge".into(),
                counts: vec![usize::MAX / 2, usize::MAX / 2, 7],
            },
        ];
        let svg = level_distribution("odd", "Odd", &[], &rows);
        testkit::check(&svg, "odd", "levels");
        assert!(svg.markup.contains(">No responses</text>"));
        assert!(svg.description.contains("Level 8 1 (11%)"));
    }
}
