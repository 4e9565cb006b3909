//! Level distribution: 100% stacked horizontal bars, one per cohort or
//! period, in light-to-dark shades of one hue.

use super::common::{
    Canvas, END, Font, Frame, GRID_OPACITY, Glyph, Legend, MIDDLE, START, clean_label,
    message_chart, render, sentence, text_on, text_width,
};
use super::common::{MARGIN, label_line, left_column, scale_labels};
use super::style::{INK, WIDTH, sequential};
use super::{Svg, Words};
use crate::text::fill;

/// One bar of [`level_distribution`].
#[derive(Clone, Debug, PartialEq)]
pub struct StackRow {
    /// The cohort or period (any length and script; cut to fit).
    pub label: String,
    /// How many reached each level, from level 0 up.
    pub counts: Vec<usize>,
}

/// Gap between adjacent segments, so they stay apart in grey print.
const GAP: f64 = 2.0;
/// A bar's height: room for an 11-pixel percentage inside.
const BAR: f64 = 18.0;
/// The widest left label column (about 11 characters, as "Size: Large"
/// or "2024-H1"); longer labels go on a line above their bars.
const LEFT_COLUMN: f64 = 96.0;

/// Where the rows' parts go.
struct Layout {
    /// The left label column's width, or `None` for labels above the bars.
    left: Option<f64>,
    /// A row's height and its bar's top, from the row's top.
    row: f64,
    bar_top: f64,
    /// The bars' ends.
    x0: f64,
    x1: f64,
}

/// 100% stacked horizontal bars, laid out for a phone's column and
/// stretched across wider ones (fluid): per row, the share of each level
/// from 0 (lightest) to the top level (darkest), segments separated by a
/// gap, the percentage printed (11 px, in black or white, whichever
/// contrasts more) inside segments wide enough for it at the narrowest
/// width, and the row's total at the right. Short labels (periods) sit in
/// a left column; longer ones (cohorts such as "Manufacturing, 250+
/// employees") on a line of their own above their bar, with the total at
/// its right. The percentage scale is labelled below. A legend on top
/// names the levels (`level_names[k]`, or "Level k" when there are more
/// levels than names); it wraps rather than cuts. A row with no counts
/// says so ([`Words::no_responses`]). Its words are in `words`.
pub fn level_distribution(
    id: &str,
    title: &str,
    level_names: &[String],
    rows: &[StackRow],
    words: &Words,
) -> Svg {
    if rows.is_empty() {
        return message_chart("levels", id, title, words);
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
            _ => fill(words.level_n, &[("n", &k.to_string())]),
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
    let totals: Vec<usize> = rows.iter().map(|r| sum(&r.counts)).collect();
    let n_texts: Vec<String> = totals
        .iter()
        .map(|n| fill(words.n_total, &[("n", &n.to_string())]))
        .collect();

    let legend = Legend::new(
        names
            .iter()
            .enumerate()
            .map(|(k, n)| (Glyph::Swatch(shade(k)), n.clone()))
            .collect(),
    );
    let top = legend.height() + 8.0;
    let layout = match left_column(labels.iter().map(String::as_str), LEFT_COLUMN) {
        Some(w) => {
            let n_w = n_texts
                .iter()
                .map(|t| text_width(t, Font::LABEL.size))
                .fold(0.0, f64::max);
            Layout {
                left: Some(w),
                row: 28.0,
                bar_top: 5.0,
                x0: w,
                x1: (WIDTH - MARGIN - n_w - 8.0).round(),
            }
        }
        None => Layout {
            left: None,
            row: 42.0,
            bar_top: 19.0,
            x0: MARGIN,
            x1: WIDTH - MARGIN,
        },
    };
    let bottom = top + layout.row * rows.len() as f64;

    let mut parts = Vec::with_capacity(rows.len());
    for ((label, row), total) in labels.iter().zip(rows).zip(&totals) {
        if *total == 0 {
            let value = ("value", words.no_responses_text);
            parts.push(fill(words.labelled, &[("label", label), value]));
            continue;
        }
        let shares: Vec<String> = row
            .counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| {
                let values = [
                    ("level", names[k].as_str()),
                    ("count", &n.to_string()),
                    ("percent", &percent(*n, *total)),
                ];
                fill(words.levels_share, &values)
            })
            .collect();
        let values = [
            ("label", label.as_str()),
            ("n", &total.to_string()),
            ("shares", &shares.join(words.list_sep)),
        ];
        parts.push(fill(words.levels_row, &values));
    }
    let frame = Frame {
        kind: "levels",
        id,
        title,
        description: sentence(&parts, words),
        height: bottom + 22.0,
        fluid: true,
    };
    render(frame, |c| {
        legend.draw(c, 0.0);
        let (x0, x1) = (layout.x0, layout.x1);
        let quarters: Vec<(f64, String)> = (0..=4u8)
            .map(|q| (f64::from(q) / 4.0, format!("{}%", u32::from(q) * 25)))
            .collect();
        for (q, _) in &quarters {
            let x = x0 + (x1 - x0) * q;
            c.line((x, bottom - 2.0), (x, bottom + 3.0), INK, 1);
        }
        scale_labels(c, &quarters, |q| x0 + (x1 - x0) * q, &[bottom + 11.0]);
        for (i, ((label, row), total)) in labels.iter().zip(rows).zip(&totals).enumerate() {
            let row_top = top + layout.row * i as f64;
            let (ya, yb) = (row_top + layout.bar_top, row_top + layout.bar_top + BAR);
            let y = (ya + yb) / 2.0;
            let empty = *total == 0;
            match layout.left {
                Some(w) => {
                    c.label(label, w - 12.0, (w - 6.0, y), END, Font::LABEL);
                    if empty {
                        c.text(words.no_responses, (x0, y), START, Font::LABEL.italic());
                    } else {
                        c.text(&n_texts[i], (x1 + 8.0, y), START, Font::LABEL);
                    }
                }
                None if empty => {
                    label_line(c, label, words.no_responses, Font::LABEL.italic(), row_top);
                }
                None => label_line(c, label, &n_texts[i], Font::LABEL, row_top),
            }
            if !empty {
                draw_bar(c, &row.counts, *total, (x0, x1), (ya, yb), &shade);
            }
        }
    })
}

/// Draws one bar of `counts` (summing to `total`, more than 0) between
/// `x0..x1` and `ya..yb`: a segment per level present, its percentage
/// inside when it fits, and a faint outline round the whole.
fn draw_bar(
    c: &mut Canvas,
    counts: &[usize],
    total: usize,
    (x0, x1): (f64, f64),
    (ya, yb): (f64, f64),
    shade: &dyn Fn(usize) -> plotters::style::RGBColor,
) {
    let y = (ya + yb) / 2.0;
    // Edges from cumulative counts, so rounding never drifts.
    let mut before: usize = 0;
    for (k, n) in counts.iter().enumerate() {
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
    use crate::charts::boxplot::tests::texts_of_readable_size;
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
        let svg = level_distribution("lv", "Levels", &names(), &rows(), &testkit::words());
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
        assert_eq!(
            svg,
            level_distribution("lv", "Levels", &names(), &rows(), &testkit::words())
        );
    }

    #[test]
    fn no_text_is_smaller_than_11_pixels() {
        let svg = level_distribution("lv", "Levels", &names(), &rows(), &testkit::words());
        assert!(texts_of_readable_size(&svg).len() > 10);
    }

    #[test]
    fn hostile_labels_are_escaped_and_cut() {
        let mut rows = rows();
        rows[0].label = hostile();
        let mut names = names();
        names[1] = hostile();
        let svg = level_distribution("lv", "Levels", &names, &rows, &testkit::words());
        testkit::check(&svg, "lv", "levels");
        testkit::check_tooltip(&svg, &hostile());
        assert_eq!(svg.markup.matches("<title>").count(), 1, "the row's");
        // The legend wraps the level's name rather than cut it (at spaces,
        // and between Chinese characters).
        let texts = texts_of_readable_size(&svg);
        let bare = |s: &str| s.replace(' ', "");
        let whole = bare(&clean_label(&hostile()));
        let wrapped = (0..texts.len())
            .any(|i| (i..=texts.len()).any(|j| bare(&texts[i..j].concat()) == whole));
        assert!(wrapped, "{whole:?} whole in {texts:?}");
    }

    #[test]
    fn long_labels_go_above_their_bars_and_short_ones_beside() {
        let cohorts = vec![
            StackRow {
                label: "Manufacturing, 250+ employees".into(),
                counts: vec![1, 2, 3],
            },
            StackRow {
                label: "Nobody".into(),
                counts: vec![0, 0],
            },
        ];
        let svg = level_distribution("lv", "Levels", &names(), &cohorts, &testkit::words());
        testkit::check(&svg, "lv", "levels");
        let texts = texts_of_readable_size(&svg);
        assert!(texts.iter().any(|t| t == "Manufacturing, 250+ employees"));
        assert!(texts.iter().any(|t| t == "n = 6") && texts.iter().any(|t| t == "50%"));
        assert!(svg.markup.contains(">No responses</text>"));
        assert!(!svg.markup.contains("<title>M"), "not cut");
        // Above: the label line starts at the margin, and so does the bar.
        let line = |part: &str| {
            svg.markup
                .lines()
                .find(|l| l.contains(part) && !l.starts_with("<desc"))
                .unwrap_or_default()
                .to_owned()
        };
        assert!(line(">Manufacturing").starts_with("<text x=\"1.83%\""));
        assert!(line("height=\"18\"").starts_with("<rect x=\"1.83%\""));

        let periods = vec![
            StackRow {
                label: "2023".into(),
                counts: vec![1, 1],
            },
            StackRow {
                label: "2024-H1".into(),
                counts: vec![0, 3],
            },
        ];
        let svg = level_distribution("lv", "Levels", &names(), &periods, &testkit::words());
        testkit::check(&svg, "lv", "levels");
        let texts = texts_of_readable_size(&svg);
        assert!(texts.iter().any(|t| t == "2024-H1") && texts.iter().any(|t| t == "100%"));
        // Beside: the bars begin after the label column.
        assert!(!svg.markup.contains("<rect x=\"1.83%\""));
    }

    #[test]
    fn guards_odd_input() {
        testkit::check_no_data(
            &level_distribution("e", "Empty", &names(), &[], &testkit::words()),
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
        let svg = level_distribution("odd", "Odd", &[], &rows, &testkit::words());
        testkit::check(&svg, "odd", "levels");
        assert!(svg.markup.contains(">No responses</text>"));
        assert!(svg.description.contains("Level 8 1 (11%)"));
    }
}
