//! Heatmap: cohort x dimension median scores as shaded cells with the value
//! printed in each.

use super::Svg;
use super::common::{
    Font, Frame, GRID_OPACITY, MIDDLE, START, clamp, clean_label, fit, label_column, message_chart,
    render, scale_max, scale_text, score, sentence, text_on, text_width, ticks,
};
use super::style::{INK, WIDTH, sequential};

const ROW: f64 = 28.0;
const LINE: f64 = 14.0;

/// A heatmap of `rows` (a label and one value per column) against
/// `columns`, on 0..=`max`: each cell shaded from light (0) to dark (`max`)
/// in one hue, its value printed with two decimals rounded down in black or
/// white (whichever contrasts more with the cell, at least 4.5:1), "–" in
/// an outlined empty cell for `None`. Column names wrap onto two lines and
/// are cut after that; a key of shades at each level sits below. Values
/// missing at the end of a row count as `None`; extra values are ignored.
/// Very narrow cells (many columns) leave the numbers to the description.
pub fn heatmap(
    id: &str,
    title: &str,
    columns: &[String],
    rows: &[(String, Vec<Option<f64>>)],
    max: f64,
) -> Svg {
    if rows.is_empty() || columns.is_empty() {
        return message_chart("heatmap", id, title, "No data");
    }
    let max = scale_max(max, rows.iter().flat_map(|r| r.1.iter().flatten().copied()));
    let columns: Vec<String> = columns.iter().map(|c| clean_label(c)).collect();
    let rows: Vec<(String, Vec<Option<f64>>)> = rows
        .iter()
        .map(|(label, values)| {
            let values = (0..columns.len())
                .map(|j| values.get(j).copied().flatten().and_then(|v| clamp(v, max)))
                .collect();
            (clean_label(label), values)
        })
        .collect();

    let label_w = label_column(rows.iter().map(|r| r.0.as_str()), 220.0);
    let cell_w = ((WIDTH - label_w - 4.0) / columns.len() as f64).min(120.0);
    let headers: Vec<(Vec<String>, bool)> = columns
        .iter()
        .map(|c| wrap2(c, cell_w - 6.0, Font::SMALL.size))
        .collect();
    let lines = headers.iter().map(|h| h.0.len()).max().unwrap_or(1);
    let top = LINE * lines as f64 + 10.0;
    let bottom = top + ROW * rows.len() as f64;
    let key_y = bottom + 22.0;

    let mut parts = vec![format!(
        "Median scores on a scale of 0 to {}",
        scale_text(max)
    )];
    parts.extend(rows.iter().map(|(label, values)| {
        let cells: Vec<String> = columns
            .iter()
            .zip(values)
            .map(|(c, v)| match v {
                Some(v) => format!("{c} {}", score(*v)),
                None => format!("{c} no data"),
            })
            .collect();
        format!("{label}: {}", cells.join(", "))
    }));
    let frame = Frame {
        kind: "heatmap",
        id,
        title,
        description: sentence(&parts),
        height: key_y + 16.0,
        fluid: true,
    };
    render(frame, |c| {
        for (j, (header, cut)) in headers.iter().enumerate() {
            let x = label_w + cell_w * (j as f64 + 0.5);
            let last = header.len() - 1;
            for (k, line) in header.iter().enumerate() {
                let tooltip = (*cut && k == last).then(|| columns[j].clone());
                let y = 4.0 + LINE * (k as f64 + 0.5);
                c.text_with_tooltip(line, tooltip, (x, y), MIDDLE, Font::SMALL);
            }
        }
        for (i, (label, values)) in rows.iter().enumerate() {
            let y = top + ROW * (i as f64 + 0.5);
            c.label(label, label_w - 10.0, (4.0, y), START, Font::LABEL);
            for (j, v) in values.iter().enumerate() {
                let x = label_w + cell_w * j as f64;
                let (a, b) = ((x + 1.0, y - 13.0), (x + cell_w - 1.0, y + 13.0));
                let centre = (x + cell_w / 2.0, y);
                let (text, font) = match v {
                    Some(v) => {
                        let shade = sequential(v / max);
                        c.fill_rect(a, b, shade, 1.0);
                        (score(*v), Font::SMALL.color(text_on(shade)))
                    }
                    None => {
                        c.stroke_rect(a, b, INK, GRID_OPACITY * 2.0);
                        ("–".to_owned(), Font::SMALL)
                    }
                };
                if text_width(&text, font.size) + 4.0 <= cell_w {
                    c.text(&text, centre, MIDDLE, font);
                }
            }
        }
        // Key: a swatch per level, labelled inside.
        let key_label = "Shade by median:";
        c.text(key_label, (4.0, key_y), START, Font::SMALL);
        let mut x = 12.0 + text_width(key_label, Font::SMALL.size);
        for v in ticks(max) {
            let shade = sequential(v / max);
            c.fill_rect((x, key_y - 8.0), (x + 30.0, key_y + 8.0), shade, 1.0);
            let font = Font::SMALL.color(text_on(shade));
            c.text(&scale_text(v), (x + 15.0, key_y), MIDDLE, font);
            x += 32.0;
        }
    })
}

/// `label` on at most two lines of `max_px`, split at spaces; the second
/// line is cut with `…` when the rest does not fit, and so is a single
/// line when the first word alone is too long. Returns the lines and
/// whether anything was cut.
fn wrap2(label: &str, max_px: f64, font_size: f64) -> (Vec<String>, bool) {
    if text_width(label, font_size) <= max_px {
        return (vec![label.to_owned()], false);
    }
    let mut first = String::new();
    let mut rest = label;
    for (i, _) in label.match_indices(' ') {
        if text_width(&label[..i], font_size) > max_px {
            break;
        }
        first = label[..i].to_owned();
        rest = &label[i + 1..];
    }
    if first.is_empty() {
        let (line, cut) = fit(label, max_px, font_size);
        return (vec![line], cut);
    }
    let (second, cut) = fit(rest, max_px, font_size);
    (vec![first, second], cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::testkit::{self, hostile};
    use crate::text::escape::markup as escape;

    fn columns() -> Vec<String> {
        [
            "Strategy and governance",
            "System design",
            "東方精密",
            "R&D <Ops>",
            "People",
        ]
        .map(String::from)
        .to_vec()
    }

    fn rows() -> Vec<(String, Vec<Option<f64>>)> {
        vec![
            (
                "All".into(),
                vec![Some(2.35), Some(2.0), Some(1.0), Some(4.99), Some(0.0)],
            ),
            (
                "Manufacturing, 250+ employees".into(),
                vec![Some(3.5), None, Some(2.2)],
            ),
        ]
    }

    #[test]
    fn draws_accessible_svg() {
        let svg = heatmap("hm", "Medians", &columns(), &rows(), 5.0);
        testkit::check(&svg, "hm", "heatmap");
        assert!(svg.markup.contains("R&amp;D &lt;Ops&gt;"));
        assert!(svg.markup.contains(">2.35</text>"));
        assert!(svg.markup.contains(">4.99</text>"));
        assert!(svg.markup.contains(">–</text>"));
        assert!(
            svg.markup.contains("fill=\"#FFFFFF\">"),
            "white text on dark cells"
        );
        assert!(
            svg.markup.contains("fill=\"#000000\">"),
            "black text on light cells"
        );
        assert!(
            svg.description
                .contains("All: Strategy and governance 2.35, System design 2.00")
        );
        assert!(svg.description.contains("System design no data"));
        assert!(svg.description.contains("People no data"));
        assert_eq!(svg, heatmap("hm", "Medians", &columns(), &rows(), 5.0));
    }

    #[test]
    fn long_headers_wrap_then_cut() {
        assert_eq!(
            wrap2("System design", 60.0, 10.0),
            (vec!["System".into(), "design".into()], false)
        );
        let (lines, cut) = wrap2("Strategy and governance", 60.0, 10.0);
        assert!(cut);
        assert_eq!(lines, vec!["Strategy".to_owned(), "and gover…".to_owned()]);
        assert_eq!(
            wrap2("Supercalifragilistic", 60.0, 10.0),
            (vec!["Supercali…".into()], true)
        );
    }

    #[test]
    fn hostile_labels_are_escaped_and_cut() {
        let mut columns = columns();
        columns[0] = hostile();
        columns[1] = format!("Quite {}", hostile());
        let mut rows = rows();
        rows[0].0 = hostile();
        let svg = heatmap("hm", "Medians", &columns, &rows, 5.0);
        testkit::check(&svg, "hm", "heatmap");
        testkit::check_tooltip(&svg, &hostile());
        let full = escape(&clean_label(&format!("Quite {}", hostile()))).into_owned();
        assert!(svg.markup.contains(&format!("<title>{full}</title>")));
    }

    #[test]
    fn guards_odd_input() {
        testkit::check_no_data(&heatmap("e", "Empty", &columns(), &[], 5.0), "e", "heatmap");
        testkit::check_no_data(&heatmap("e", "Empty", &[], &rows(), 5.0), "e", "heatmap");
        let rows = vec![(
            "Odd".to_owned(),
            vec![
                Some(f64::NAN),
                Some(f64::INFINITY),
                Some(-1.0),
                None,
                Some(7.0),
                Some(1.0),
            ],
        )];
        for max in [0.0, f64::NAN, f64::NEG_INFINITY, 5.0, 100.0] {
            testkit::check(
                &heatmap("odd", "Odd", &columns(), &rows, max),
                "odd",
                "heatmap",
            );
        }
        let svg = heatmap("odd", "Odd", &columns(), &rows, 5.0);
        assert!(svg.description.contains(
            "Odd: Strategy and governance no data, System design 5.00, 東方精密 0.00, R&D <Ops> no data, People 5.00."
        ));
        let many: Vec<String> = (0..40).map(|i| format!("Dimension {i}")).collect();
        let row = vec![("Wide".to_owned(), vec![Some(2.0); 40])];
        testkit::check(
            &heatmap("many", "Many", &many, &row, 5.0),
            "many",
            "heatmap",
        );
    }
}
