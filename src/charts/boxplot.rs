//! Box plots: the spread of a cohort's scores on each dimension.

use super::common::{
    Canvas, Font, Frame, GRID_OPACITY, Glyph, Legend, MARGIN, Scale, clamp, clean_label,
    label_line, level_labels, message_chart, render, scale_labels, scale_max, scale_text, score,
    sentence,
};
use super::style::{BLUE, Dash, INK, Marker, VERMILLION, WIDTH};
use super::{Svg, Words};
use crate::text::fill;

/// One box of [`box_plots`].
#[derive(Clone, Debug, PartialEq)]
pub struct BoxRow {
    /// The dimension (any length and script; cut to fit).
    pub label: String,
    /// The statistics; `None` when withheld (too few to show).
    pub stats: Option<BoxStats>,
}

/// The five-number summary and mean of one box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoxStats {
    /// Smallest value.
    pub min: f64,
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
    /// Largest value.
    pub max: f64,
    /// Arithmetic mean.
    pub mean: f64,
}

/// A row: its label line, then its box.
const ROW: f64 = 36.0;
/// The box: its top and height, from the row's top.
const BOX_TOP: f64 = 19.0;
const BOX: f64 = 14.0;

/// Horizontal box plots on 0..=`max`, one per row, laid out for a phone's
/// column and stretched across wider ones (fluid): the dimension on a
/// line of its own, with the median at its right, then a whisker from min
/// to max with end caps, a light blue box from q1 to q3 with an outline,
/// a thick line at the median and a vermillion diamond at the mean. A grid
/// line at every level shows inside the boxes' bands only; the scale is
/// labelled above and below the rows, and a legend on top names the parts.
/// A withheld row says so ([`Words::withheld`]) where the median goes.
/// Statistics are clamped into the scale and put in order (min ≤ q1 ≤
/// median ≤ q3 ≤ max); a row with a NaN among them counts as withheld.
/// Its legend and text alternative are in `words`.
pub fn box_plots(id: &str, title: &str, rows: &[BoxRow], max: f64, words: &Words) -> Svg {
    if rows.is_empty() {
        return message_chart("boxes", id, title, words);
    }
    let max = scale_max(
        max,
        rows.iter()
            .flat_map(|r| r.stats.iter().flat_map(|s| [s.max, s.mean])),
    );
    let rows: Vec<(String, Option<BoxStats>)> = rows
        .iter()
        .map(|r| (clean_label(&r.label), r.stats.and_then(|s| clean(&s, max))))
        .collect();

    let legend = Legend::new(vec![
        (Glyph::Whisker, words.lowest_to_highest.to_owned()),
        (Glyph::Band(BLUE), words.middle_half.to_owned()),
        (Glyph::Tick(INK), words.median.to_owned()),
        (
            Glyph::Marker(Marker::Diamond, VERMILLION),
            words.mean.to_owned(),
        ),
    ]);
    let axis_y = legend.height() + 14.0;
    let top = axis_y + 12.0;
    let bottom = top + ROW * rows.len() as f64;
    let scale = Scale {
        max,
        x0: MARGIN,
        x1: WIDTH - MARGIN,
    };

    let mut parts = vec![fill(words.scale, &[("max", &scale_text(max))])];
    parts.extend(rows.iter().map(|(label, stats)| match stats {
        Some(s) => fill(
            words.box_row,
            &[
                ("label", label),
                ("median", &score(s.median)),
                ("q1", &score(s.q1)),
                ("q3", &score(s.q3)),
                ("min", &score(s.min)),
                ("max", &score(s.max)),
                ("mean", &score(s.mean)),
            ],
        ),
        None => fill(
            words.labelled,
            &[("label", label), ("value", words.withheld)],
        ),
    }));
    let frame = Frame {
        kind: "boxes",
        id,
        title,
        description: sentence(&parts, words),
        height: bottom + 14.0,
        fluid: true,
    };
    render(frame, |c| {
        legend.draw(c, 0.0);
        // One line per level, dashed to show only beside the boxes.
        let grid = Dash::Every {
            on: BOX as u8,
            off: (ROW - BOX) as u8,
        };
        let labels = level_labels(max);
        for (v, _) in &labels {
            let x = scale.x(*v);
            let opacity = if *v == 0.0 { 0.6 } else { GRID_OPACITY };
            c.path(&[(x, top + BOX_TOP), (x, bottom)], INK, opacity, 1, grid);
        }
        scale_labels(c, &labels, |v| scale.x(v), &[axis_y, bottom + 6.0]);
        for (i, (label, stats)) in rows.iter().enumerate() {
            let row_top = top + ROW * i as f64;
            match stats {
                Some(s) => {
                    label_line(c, label, &score(s.median), Font::LABEL, row_top);
                    draw_box(c, &scale, row_top + BOX_TOP + BOX / 2.0, s);
                }
                None => label_line(c, label, words.withheld, Font::LABEL.italic(), row_top),
            }
        }
    })
}

/// The statistics clamped and ordered; `None` when any is NaN.
fn clean(s: &BoxStats, max: f64) -> Option<BoxStats> {
    let mut v = [
        clamp(s.min, max)?,
        clamp(s.q1, max)?,
        clamp(s.median, max)?,
        clamp(s.q3, max)?,
        clamp(s.max, max)?,
    ];
    v.sort_by(f64::total_cmp);
    Some(BoxStats {
        min: v[0],
        q1: v[1],
        median: v[2],
        q3: v[3],
        max: v[4],
        mean: clamp(s.mean, max)?.clamp(v[0], v[4]),
    })
}

/// Draws a box centred on `y`: the whisker with its caps, the box, the
/// median line and the mean's diamond.
fn draw_box(c: &mut Canvas, scale: &Scale, y: f64, s: &BoxStats) {
    let (lo, hi) = (scale.x(s.min), scale.x(s.max));
    c.line((lo, y), (hi, y), INK, 1);
    for x in [lo, hi] {
        c.line((x, y - 5.0), (x, y + 5.0), INK, 1);
    }
    let h = BOX / 2.0;
    c.band_rect((scale.x(s.q1), y - h), (scale.x(s.q3), y + h), BLUE);
    let m = scale.x(s.median);
    c.path(
        &[(m, y - h - 2.0), (m, y + h + 2.0)],
        INK,
        1.0,
        3,
        Dash::Solid,
    );
    c.marker(Marker::Diamond, (scale.x(s.mean), y), 4.0, VERMILLION);
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::charts::testkit::{self, hostile};

    /// Every text of `svg` is at least `Font::SMALL` (11 px), and the
    /// texts shown, in order, without their tooltips.
    pub(in crate::charts) fn texts_of_readable_size(svg: &Svg) -> Vec<String> {
        let doc = roxmltree::Document::parse(&svg.markup).expect("XML");
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| {
                let size: f64 = n
                    .attribute("font-size")
                    .map_or(12.0, |s| s.parse().expect("size"));
                let text: String = n
                    .children()
                    .filter(|c| c.is_text())
                    .filter_map(|c| c.text())
                    .collect();
                assert!(size >= Font::SMALL.size, "{text:?} at {size} px");
                text
            })
            .collect()
    }

    fn stats(median: f64) -> Option<BoxStats> {
        Some(BoxStats {
            min: median - 1.0,
            q1: median - 0.4,
            median,
            q3: median + 0.3,
            max: median + 1.2,
            mean: median + 0.05,
        })
    }

    fn rows() -> Vec<BoxRow> {
        vec![
            BoxRow {
                label: "System design".into(),
                stats: stats(2.4),
            },
            BoxRow {
                label: "東方精密".into(),
                stats: None,
            },
            BoxRow {
                label: "R&D <Ops>".into(),
                stats: stats(3.0),
            },
        ]
    }

    #[test]
    fn draws_accessible_svg() {
        let svg = box_plots("bx", "Spread", &rows(), 5.0, &testkit::words());
        testkit::check(&svg, "bx", "boxes");
        assert!(svg.markup.contains("R&amp;D &lt;Ops&gt;"));
        assert!(svg.markup.contains(">withheld</text>"));
        assert!(svg.description.contains(
            "System design: median 2.40, middle half 2.00 to 2.70, range 1.40 to 3.60, mean 2.45"
        ));
        assert!(svg.description.contains("東方精密: withheld"));
        assert_eq!(
            svg,
            box_plots("bx", "Spread", &rows(), 5.0, &testkit::words())
        );
    }

    #[test]
    fn rows_have_their_label_line_with_the_median_in_readable_text() {
        let mut rows = rows();
        rows[0].label = "Efficiency and benefit".into();
        rows[2].label = "Manufacturing, 250+ employees".into();
        let svg = box_plots("bx", "Spread", &rows, 5.0, &testkit::words());
        testkit::check(&svg, "bx", "boxes");
        let texts = texts_of_readable_size(&svg);
        for label in ["Efficiency and benefit", "Manufacturing, 250+ employees"] {
            assert!(
                texts.iter().any(|t| t == label),
                "{label} whole in {texts:?}"
            );
        }
        assert!(texts.iter().any(|t| t == "2.40"), "the median at the right");
        assert!(!svg.markup.contains("<title>Efficiency"), "not cut");
        // A box is one element, its grid lines show only beside the boxes.
        assert_eq!(
            svg.markup.matches("fill-opacity").count(),
            2 + 1,
            "boxes and legend"
        );
        assert!(svg.markup.contains("stroke-dasharray=\"14 22\""));
    }

    #[test]
    fn no_text_is_smaller_than_11_pixels() {
        for max in [5.0, 100.0] {
            let svg = box_plots("bx", "Spread", &rows(), max, &testkit::words());
            assert!(texts_of_readable_size(&svg).len() > 10);
        }
    }

    #[test]
    fn hostile_labels_are_escaped_and_cut() {
        let mut rows = rows();
        rows[1].label = hostile();
        let svg = box_plots("bx", "Spread", &rows, 5.0, &testkit::words());
        testkit::check(&svg, "bx", "boxes");
        testkit::check_tooltip(&svg, &hostile());
    }

    #[test]
    fn guards_odd_input() {
        testkit::check_no_data(
            &box_plots("e", "Empty", &[], 5.0, &testkit::words()),
            "e",
            "boxes",
        );
        let rows = vec![
            BoxRow {
                label: "NaN".into(),
                stats: Some(BoxStats {
                    median: f64::NAN,
                    ..stats(2.0).expect("stats")
                }),
            },
            BoxRow {
                label: "Disordered".into(),
                stats: Some(BoxStats {
                    min: f64::INFINITY,
                    q1: 3.0,
                    median: -1.0,
                    q3: 1.0,
                    max: 2.0,
                    mean: f64::NEG_INFINITY,
                }),
            },
        ];
        for max in [0.0, -3.0, f64::NAN, f64::INFINITY, 5.0] {
            testkit::check(
                &box_plots("odd", "Odd", &rows, max, &testkit::words()),
                "odd",
                "boxes",
            );
        }
        let svg = box_plots("odd", "Odd", &rows, 5.0, &testkit::words());
        assert!(svg.description.contains("NaN: withheld"));
        assert!(svg.description.contains(
            "Disordered: median 2.00, middle half 1.00 to 3.00, range 0.00 to 5.00, mean 0.00"
        ));
    }
}
