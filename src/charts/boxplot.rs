//! Box plots: the spread of a cohort's scores on each dimension.

use super::Svg;
use super::common::{
    BAND_OPACITY, Canvas, Font, Frame, Glyph, Legend, START, Scale, clamp, clean_label,
    label_column, level_labels, message_chart, render, scale_max, scale_text, score, sentence,
    value_axis,
};
use super::style::{BLUE, Dash, INK, Marker, VERMILLION, WIDTH};

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

const ROW: f64 = 30.0;

/// Horizontal box plots on 0..=`max`, one per row: a whisker from min to
/// max with end caps, a light blue box from q1 to q3 with an outline, a
/// thick line at the median and a vermillion diamond at the mean; a legend
/// on top names them. A withheld row says "withheld". Statistics are
/// clamped into the scale and put in order (min ≤ q1 ≤ median ≤ q3 ≤ max);
/// a row with a NaN among them counts as withheld.
pub fn box_plots(id: &str, title: &str, rows: &[BoxRow], max: f64) -> Svg {
    if rows.is_empty() {
        return message_chart("boxes", id, title, "No data");
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
        (Glyph::Whisker, "Lowest to highest".to_owned()),
        (Glyph::Band(BLUE), "Middle half".to_owned()),
        (Glyph::Tick(INK), "Median".to_owned()),
        (
            Glyph::Marker(Marker::Diamond, VERMILLION),
            "Mean".to_owned(),
        ),
    ]);
    let top = legend.height() + 8.0;
    let bottom = top + ROW * rows.len() as f64;
    let label_w = label_column(rows.iter().map(|r| r.0.as_str()), 260.0);
    let scale = Scale {
        max,
        x0: label_w,
        x1: WIDTH - 16.0,
    };

    let mut parts = vec![format!("Scale 0 to {}", scale_text(max))];
    parts.extend(rows.iter().map(|(label, stats)| match stats {
        Some(s) => format!(
            "{label}: median {}, middle half {} to {}, range {} to {}, mean {}",
            score(s.median),
            score(s.q1),
            score(s.q3),
            score(s.min),
            score(s.max),
            score(s.mean)
        ),
        None => format!("{label}: withheld"),
    }));
    let frame = Frame {
        kind: "boxes",
        id,
        title,
        description: sentence(&parts),
        height: bottom + 24.0,
        fluid: true,
    };
    render(frame, |c| {
        legend.draw(c, 0.0);
        value_axis(c, &scale, (top, bottom), &level_labels(max));
        for (i, (label, stats)) in rows.iter().enumerate() {
            let y = top + ROW * (i as f64 + 0.5);
            c.label(label, label_w - 10.0, (4.0, y), START, Font::LABEL);
            match stats {
                Some(s) => draw_box(c, &scale, y, s),
                None => c.text("withheld", (scale.x0 + 6.0, y), START, Font::LABEL.italic()),
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

fn draw_box(c: &mut Canvas, scale: &Scale, y: f64, s: &BoxStats) {
    let (lo, hi) = (scale.x(s.min), scale.x(s.max));
    c.line((lo, y), (hi, y), INK, 1);
    for x in [lo, hi] {
        c.line((x, y - 6.0), (x, y + 6.0), INK, 1);
    }
    let (a, b) = ((scale.x(s.q1), y - 9.0), (scale.x(s.q3), y + 9.0));
    c.fill_rect(a, b, BLUE, BAND_OPACITY * 1.5);
    c.stroke_rect(a, b, BLUE, 1.0);
    let m = scale.x(s.median);
    c.path(&[(m, y - 10.0), (m, y + 10.0)], INK, 1.0, 3, Dash::Solid);
    let mean = (scale.x(s.mean), y);
    c.marker(Marker::Diamond, mean, 4.0, VERMILLION);
    let (x, r) = (mean.0, 5.2);
    c.path(
        &[(x, y - r), (x + r, y), (x, y + r), (x - r, y), (x, y - r)],
        INK,
        1.0,
        1,
        Dash::Solid,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::testkit::{self, hostile};

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
        let svg = box_plots("bx", "Spread", &rows(), 5.0);
        testkit::check(&svg, "bx", "boxes");
        assert!(svg.markup.contains("R&amp;D &lt;Ops&gt;"));
        assert!(svg.markup.contains(">withheld</text>"));
        assert!(svg.description.contains(
            "System design: median 2.40, middle half 2.00 to 2.70, range 1.40 to 3.60, mean 2.45"
        ));
        assert!(svg.description.contains("東方精密: withheld"));
        assert_eq!(svg, box_plots("bx", "Spread", &rows(), 5.0));
    }

    #[test]
    fn hostile_labels_are_escaped_and_cut() {
        let mut rows = rows();
        rows[1].label = hostile();
        let svg = box_plots("bx", "Spread", &rows, 5.0);
        testkit::check(&svg, "bx", "boxes");
        testkit::check_tooltip(&svg, &hostile());
    }

    #[test]
    fn guards_odd_input() {
        testkit::check_no_data(&box_plots("e", "Empty", &[], 5.0), "e", "boxes");
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
            testkit::check(&box_plots("odd", "Odd", &rows, max), "odd", "boxes");
        }
        let svg = box_plots("odd", "Odd", &rows, 5.0);
        assert!(svg.description.contains("NaN: withheld"));
        assert!(svg.description.contains(
            "Disordered: median 2.00, middle half 1.00 to 3.00, range 0.00 to 5.00, mean 0.00"
        ));
    }
}
