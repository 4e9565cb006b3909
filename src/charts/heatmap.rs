//! Heatmap: cohort x dimension median scores as shaded cells with the value
//! printed in each.

use super::common::{
    Canvas, END, Font, Frame, GRID_OPACITY, MIDDLE, START, clamp, clean_label, message_chart,
    render, scale_max, scale_text, score, sentence, text_on, text_width, ticks, whole_text, wrap,
};
use super::common::{MARGIN, label_line, left_column, pieces};
use super::style::{INK, WIDTH, sequential};
use super::{Svg, Words};
use crate::text::fill;

/// A line of column headers (11 px).
const LINE: f64 = 13.0;
/// Column headers wrap onto at most this many lines.
const HEADER_LINES: usize = 3;
/// The widest left label column (about 11 characters, as "Size: Large");
/// longer row labels go on a line above their cells.
const LEFT_COLUMN: f64 = 96.0;
/// A line of the column key (11 px).
const KEY_LINE: f64 = 16.0;
/// A line of the shade key.
const KEY_ROW: f64 = 20.0;

/// A heatmap of `rows` (a label and one value per column) against
/// `columns`, on 0..=`max`, laid out for a phone's column and stretched
/// across wider ones (fluid): each cell shaded from light (0) to dark
/// (`max`) in one hue, its value printed (11 px, two decimals rounded
/// down) in black or white (whichever contrasts more with the cell, at
/// least 4.5:1), "–" in an outlined empty cell for `None`. The cells share
/// the chart's width: up to ten columns keep their numbers at the
/// narrowest width; more leave them to the description. Short row labels
/// sit in a left column, longer ones (cohorts such as "Manufacturing, 250+
/// employees") on a line of their own above their cells. Column names
/// wrap over their cells, on up to three lines; when one would have to
/// break inside a word or be cut, the columns are numbered instead and a
/// key below names them, one a line (11 px: "1 Strategy and governance",
/// cut to the chart's width with a tooltip). A key of shades at each level sits at
/// the bottom. Values missing at the end of a row count as `None`; extra
/// values are ignored. Its words are in `words`.
pub fn heatmap(
    id: &str,
    title: &str,
    columns: &[String],
    rows: &[(String, Vec<Option<f64>>)],
    max: f64,
    words: &Words,
) -> Svg {
    if rows.is_empty() || columns.is_empty() {
        return message_chart("heatmap", id, title, words);
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

    // A left column, unless it would squeeze the numbers out of cells
    // that have room for them without it.
    let n = columns.len() as f64;
    let number_w = text_width("0.00", Font::SMALL.size) + 4.0;
    let left = left_column(rows.iter().map(|r| r.0.as_str()), LEFT_COLUMN)
        .filter(|w| (WIDTH - MARGIN - w) / n >= number_w || (WIDTH - 2.0 * MARGIN) / n < number_w);
    let (row_h, cell_top, cell_h) = match left {
        Some(_) => (28.0, 1.0, 26.0),
        None => (44.0, 18.0, 22.0),
    };
    let x0 = left.unwrap_or(MARGIN);
    let cell_w = (WIDTH - MARGIN - x0) / n;
    let headers = Headers::new(&columns, cell_w - 4.0);
    let top = LINE * headers.lines() as f64 + 8.0;
    let bottom = top + row_h * rows.len() as f64;
    let key_top = bottom + 8.0;
    let key_rows = match headers {
        Headers::Named(_) => 0,
        Headers::Numbered(n) => n,
    };
    let shades = Shades::new(max, words.shade_by_median);
    let shades_top = key_top + KEY_LINE * key_rows as f64 + 2.0;

    let mut parts = vec![fill(words.heatmap_scale, &[("max", &scale_text(max))])];
    parts.extend(rows.iter().map(|(label, values)| {
        let cells: Vec<String> = columns
            .iter()
            .zip(values)
            .map(|(c, v)| match v {
                Some(v) => fill(words.value, &[("label", c), ("value", &score(*v))]),
                None => fill(words.value_no_data, &[("label", c)]),
            })
            .collect();
        let value = cells.join(words.list_sep);
        fill(words.labelled, &[("label", label), ("value", &value)])
    }));
    let frame = Frame {
        kind: "heatmap",
        id,
        title,
        description: sentence(&parts, words),
        height: shades_top + shades.height(),
        fluid: true,
    };
    render(frame, |c| {
        headers.draw(c, x0, cell_w);
        for (i, (label, values)) in rows.iter().enumerate() {
            let row_top = top + row_h * i as f64;
            let y = row_top + cell_top + cell_h / 2.0;
            match left {
                Some(w) => c.label(label, w - 12.0, (w - 6.0, y), END, Font::LABEL),
                None => label_line(c, label, "", Font::LABEL, row_top),
            }
            for (j, v) in values.iter().enumerate() {
                let x = x0 + cell_w * j as f64;
                let (a, b) = (
                    (x + 1.0, y - cell_h / 2.0),
                    (x + cell_w - 1.0, y + cell_h / 2.0),
                );
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
                    c.text(&text, (x + cell_w / 2.0, y), MIDDLE, font);
                }
            }
        }
        for (j, name) in columns.iter().enumerate().take(key_rows) {
            let y = key_top + KEY_LINE * (j as f64 + 0.5);
            let entry = format!("{} {name}", j + 1);
            c.label(
                &entry,
                WIDTH - 2.0 * MARGIN,
                (MARGIN, y),
                START,
                Font::SMALL,
            );
        }
        c.pinned(|c| shades.draw(c, shades_top));
    })
}

/// The column headers over the cells.
enum Headers {
    /// Each column's name, wrapped to its cell.
    Named(Vec<Vec<String>>),
    /// Numbers from 1 for this many columns, named in a key below.
    Numbered(usize),
}

impl Headers {
    /// The names wrapped to `max_px` when every one fits whole, without
    /// breaking a word (Chinese breaks between any two characters); else
    /// numbers.
    fn new(columns: &[String], max_px: f64) -> Headers {
        let size = Font::SMALL.size;
        let mut named = Vec::with_capacity(columns.len());
        for column in columns {
            let (lines, cut) = wrap(column, max_px, size, HEADER_LINES);
            let words_fit = pieces(column)
                .iter()
                .all(|(_, w)| text_width(w, size) <= max_px);
            if cut || !words_fit {
                return Headers::Numbered(columns.len());
            }
            named.push(lines);
        }
        Headers::Named(named)
    }

    /// Lines the headers take.
    fn lines(&self) -> usize {
        match self {
            Headers::Named(named) => named.iter().map(Vec::len).max().unwrap_or(1).max(1),
            Headers::Numbered(_) => 1,
        }
    }

    /// Draws each header centred over its cell, the first at `x0`.
    fn draw(&self, c: &mut Canvas, x0: f64, cell_w: f64) {
        let at = |j: usize, k: usize| {
            (
                x0 + cell_w * (j as f64 + 0.5),
                4.0 + LINE * (k as f64 + 0.5),
            )
        };
        match self {
            Headers::Named(named) => {
                for (j, lines) in named.iter().enumerate() {
                    for (k, line) in lines.iter().enumerate() {
                        c.text(line, at(j, k), MIDDLE, Font::SMALL);
                    }
                }
            }
            Headers::Numbered(n) => {
                for j in 0..*n {
                    c.text(&whole_text((j + 1) as f64), at(j, 0), MIDDLE, Font::SMALL);
                }
            }
        }
    }
}

/// The key of shades: a swatch at each level with the level inside,
/// after its caption ("Shade by median:") or below it when they do not fit
/// beside it.
struct Shades<'w> {
    caption: &'w str,
    levels: Vec<f64>,
    max: f64,
    /// Where the first swatch begins, and whether it is on a line below
    /// the caption.
    x: f64,
    below: bool,
    swatch: f64,
}

impl<'w> Shades<'w> {
    fn new(max: f64, caption: &'w str) -> Shades<'w> {
        let levels = ticks(max);
        let n = levels.len().max(1) as f64;
        let beside = MARGIN + text_width(caption, Font::SMALL.size) + 8.0;
        let room = WIDTH - MARGIN;
        let (x, below) = if beside + 32.0 * n <= room {
            (beside, false)
        } else {
            (MARGIN, true)
        };
        Shades {
            caption,
            swatch: ((room - x) / n).floor().min(32.0),
            levels,
            max,
            x,
            below,
        }
    }

    /// Height the key takes.
    fn height(&self) -> f64 {
        KEY_ROW * if self.below { 2.0 } else { 1.0 } + 4.0
    }

    /// Draws the key from `top`.
    fn draw(&self, c: &mut Canvas, top: f64) {
        let y = top + KEY_ROW / 2.0;
        c.label(
            self.caption,
            WIDTH - 2.0 * MARGIN,
            (MARGIN, y),
            START,
            Font::SMALL,
        );
        let y = if self.below { y + KEY_ROW } else { y };
        for (i, v) in self.levels.iter().enumerate() {
            let x = self.x + self.swatch * i as f64;
            let shade = sequential(v / self.max);
            c.fill_rect((x, y - 8.0), (x + self.swatch - 2.0, y + 8.0), shade, 1.0);
            let font = Font::SMALL.color(text_on(shade));
            c.text(
                &scale_text(*v),
                (x + self.swatch / 2.0 - 1.0, y),
                MIDDLE,
                font,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::boxplot::tests::texts_of_readable_size;
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
    fn chinese_column_names_wrap_between_characters_instead_of_being_numbered() {
        // Each name is one "word" to a space-splitter, too wide for its
        // cell: it was numbered. Chinese breaks between any two characters.
        let columns = ["战略与治理", "数据模型", "准时足量交付率", "人员能力"].map(String::from);
        let Headers::Named(named) = Headers::new(&columns, 60.0) else {
            panic!("named");
        };
        assert_eq!(named[2], ["准时足量", "交付率"]);
        assert!(
            named
                .iter()
                .flatten()
                .all(|l| text_width(l, Font::SMALL.size) <= 60.0)
        );
        let rows = vec![(
            "全部".to_owned(),
            vec![Some(2.0), Some(3.0), None, Some(1.0)],
        )];
        let svg = heatmap("hm", "中位数", &columns, &rows, 5.0, &testkit::words());
        testkit::check(&svg, "hm", "heatmap");
        assert!(svg.markup.contains(">准时足量</text>"), "{}", svg.markup);
    }

    #[test]
    fn draws_accessible_svg() {
        let svg = heatmap("hm", "Medians", &columns(), &rows(), 5.0, &testkit::words());
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
        assert_eq!(
            svg,
            heatmap("hm", "Medians", &columns(), &rows(), 5.0, &testkit::words())
        );
    }

    #[test]
    fn headers_wrap_over_their_cells_or_are_numbered_with_a_key() {
        let dims: Vec<String> = [
            "System design",
            "Platform empowerment",
            "Business operation",
            "Efficiency and benefit",
        ]
        .map(String::from)
        .to_vec();
        let cohorts = vec![
            (
                "Manufacturing, 250+ employees".to_owned(),
                vec![Some(2.5); 4],
            ),
            ("Sector: Food & beverage".to_owned(), vec![Some(1.25), None]),
        ];
        let svg = heatmap("hm", "Medians", &dims, &cohorts, 5.0, &testkit::words());
        testkit::check(&svg, "hm", "heatmap");
        let texts = texts_of_readable_size(&svg);
        for t in [
            "System",
            "design",
            "empowerment",
            "Efficiency",
            "and benefit",
        ] {
            assert!(texts.iter().any(|s| s == t), "{t} in {texts:?}");
        }
        // Long row labels take a line of their own, whole.
        assert!(texts.iter().any(|s| s == "Manufacturing, 250+ employees"));
        assert!(texts.iter().any(|s| s == "Sector: Food & beverage"));
        assert_eq!(texts.iter().filter(|s| *s == "2.50").count(), 4);
        assert!(!svg.markup.contains("<title>"), "nothing cut");

        // Ten columns: too narrow for the names, but not for the numbers.
        let ten: Vec<String> = (1..=10).map(|i| format!("Dimension number {i}")).collect();
        let row = vec![("2024".to_owned(), vec![Some(4.99); 10])];
        let svg = heatmap("hm", "Medians", &ten, &row, 5.0, &testkit::words());
        testkit::check(&svg, "hm", "heatmap");
        let texts = texts_of_readable_size(&svg);
        assert_eq!(texts.iter().filter(|s| *s == "4.99").count(), 10);
        for i in 1..=10 {
            assert!(texts.contains(&i.to_string()), "column {i} numbered");
            assert!(
                texts.contains(&format!("{i} Dimension number {i}")),
                "key {i}"
            );
        }
        // Eleven: the numbers are left to the description.
        let eleven: Vec<String> = (1..=11).map(|i| format!("D{i}")).collect();
        let row = vec![("2024".to_owned(), vec![Some(4.99); 11])];
        let svg = heatmap("hm", "Medians", &eleven, &row, 5.0, &testkit::words());
        testkit::check(&svg, "hm", "heatmap");
        assert!(!svg.markup.contains(">4.99<"));
        assert!(svg.description.contains("D11 4.99"));
    }

    #[test]
    fn no_text_is_smaller_than_11_pixels() {
        for max in [5.0, 100.0] {
            let svg = heatmap("hm", "Medians", &columns(), &rows(), max, &testkit::words());
            assert!(texts_of_readable_size(&svg).len() > 10);
        }
    }

    #[test]
    fn hostile_labels_are_escaped_and_cut() {
        let mut columns = columns();
        columns[0] = hostile();
        columns[1] = format!("Quite {}", hostile());
        let mut rows = rows();
        rows[0].0 = hostile();
        let svg = heatmap("hm", "Medians", &columns, &rows, 5.0, &testkit::words());
        testkit::check(&svg, "hm", "heatmap");
        testkit::check_tooltip(&svg, &hostile());
        // The columns are numbered; the key cuts their names.
        let full = escape(&clean_label(&format!("2 Quite {}", hostile()))).into_owned();
        assert!(svg.markup.contains(&format!("<title>{full}</title>")));
    }

    #[test]
    fn guards_odd_input() {
        testkit::check_no_data(
            &heatmap("e", "Empty", &columns(), &[], 5.0, &testkit::words()),
            "e",
            "heatmap",
        );
        testkit::check_no_data(
            &heatmap("e", "Empty", &[], &rows(), 5.0, &testkit::words()),
            "e",
            "heatmap",
        );
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
                &heatmap("odd", "Odd", &columns(), &rows, max, &testkit::words()),
                "odd",
                "heatmap",
            );
        }
        let svg = heatmap("odd", "Odd", &columns(), &rows, 5.0, &testkit::words());
        assert!(svg.description.contains(
            "Odd: Strategy and governance no data, System design 5.00, 東方精密 0.00, R&D <Ops> no data, People 5.00."
        ));
        let many: Vec<String> = (0..40).map(|i| format!("Dimension {i}")).collect();
        let row = vec![("Wide".to_owned(), vec![Some(2.0); 40])];
        testkit::check(
            &heatmap("many", "Many", &many, &row, 5.0, &testkit::words()),
            "many",
            "heatmap",
        );
    }
}
