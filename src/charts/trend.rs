//! Trend lines: scores over periods, one line per organisation or cohort.

use super::common::{
    BAND_OPACITY, BELOW, Canvas, END, Font, Frame, GRID_OPACITY, Glyph, Legend, clamp, clean_label,
    level_labels, message_chart, render_with_chrome, runs, scale_max, scale_text, score, sentence,
};
use super::style::{Dash, INK, Marker, WIDTH, series_color};
use super::{Svg, Words};
use crate::text::{fill, fill_into};

/// One line of [`trend`].
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Whose scores (any length and script; cut to fit in the legend).
    pub label: String,
    /// One score per period, in the order of the periods; `None` leaves a
    /// gap.
    pub points: Vec<Option<f64>>,
    /// Optionally a shaded band per period: (q1, q3).
    pub band: Option<Vec<Option<(f64, f64)>>>,
}

const PLOT_HEIGHT: f64 = 200.0;
const LEFT: f64 = 26.0;
const RIGHT: f64 = 16.0;

/// Lines over periods on 0..=`max` (grid lines at each level): the periods
/// evenly spaced left to right in the order given, a marker at each point,
/// a gap where a point is `None`, an optional shaded band (with outline)
/// per series, and a legend on top. Series `i` has its own colour
/// (Okabe-Ito), dash pattern and marker shape, so lines differ in grey
/// too. With one period only the points (and bands as short bars) are
/// drawn. Points beyond the periods are ignored; missing ones are gaps.
/// Its words are in `words`.
pub fn trend(
    id: &str,
    title: &str,
    periods: &[String],
    series: &[Series],
    max: f64,
    words: &Words,
) -> Svg {
    if periods.is_empty() || series.is_empty() {
        return message_chart("trend", id, title, words);
    }
    let max = scale_max(
        max,
        series.iter().flat_map(|s| {
            s.points.iter().flatten().copied().chain(
                s.band
                    .iter()
                    .flatten()
                    .flatten()
                    .flat_map(|(a, b)| [*a, *b]),
            )
        }),
    );
    let periods: Vec<String> = periods.iter().map(|p| clean_label(p)).collect();
    let n = periods.len();
    let lines: Vec<Line> = series.iter().map(|s| Line::new(s, n, max)).collect();

    let mut items: Vec<(Glyph, String)> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            (
                Glyph::Line(
                    series_color(i),
                    Dash::of_series(i),
                    Some(Marker::of_series(i)),
                ),
                l.label.clone(),
            )
        })
        .collect();
    if lines.iter().any(|l| l.band.iter().any(Option::is_some)) {
        items.push((Glyph::Band(INK), words.shaded_middle_half.to_owned()));
    }
    let legend = Legend::new(items);
    let top = legend.height() + 14.0;
    let bottom = top + PLOT_HEIGHT;
    let step = (WIDTH - LEFT - RIGHT) / n as f64;
    let x = |i: usize| LEFT + step * (i as f64 + 0.5);
    let y = |v: f64| bottom - PLOT_HEIGHT * (v / max);

    let mut parts = vec![fill(
        words.trend_scale,
        &[
            ("n", &n.to_string()),
            ("first", &periods[0]),
            ("last", &periods[n - 1]),
            ("max", &scale_text(max)),
        ],
    )];
    parts.extend(lines.iter().map(|l| l.describe(&periods, words)));
    let frame = Frame {
        kind: "trend",
        id,
        title,
        description: sentence(&parts, words),
        height: bottom + 26.0,
        fluid: true,
    };
    // The legend (the overall score and the dimensions), the grid and the
    // period labels are the same in the trends of every report with the
    // same periods.
    let labels = level_labels(max);
    let chrome_key =
        format!("trend|{legend:?}|{max:?}|{labels:?}|{periods:?}|{top:?}|{bottom:?}|{step:?}");
    let chrome = |c: &mut Canvas| {
        legend.draw(c, 0.0);
        for (v, text) in &labels {
            c.path(
                &[(LEFT, y(*v)), (WIDTH - RIGHT, y(*v))],
                INK,
                if *v == 0.0 { 0.6 } else { GRID_OPACITY },
                1,
                Dash::Solid,
            );
            c.text(text, (LEFT - 6.0, y(*v)), END, Font::SMALL);
        }
        for (i, p) in periods.iter().enumerate() {
            c.label(p, step - 6.0, (x(i), bottom + 6.0), BELOW, Font::SMALL);
        }
    };
    render_with_chrome(frame, &chrome_key, chrome, |c| {
        for (k, line) in lines.iter().enumerate() {
            let color = series_color(k);
            let q1: Vec<Option<(f64, f64)>> = (0..n)
                .map(|i| line.band[i].map(|(a, _)| (x(i), y(a))))
                .collect();
            let q3: Vec<Option<(f64, f64)>> = (0..n)
                .map(|i| line.band[i].map(|(_, b)| (x(i), y(b))))
                .collect();
            for (low, high) in runs(&q1, false).into_iter().zip(runs(&q3, false)) {
                if low.len() == 1 {
                    let (xa, xb) = (low[0].0 - 6.0, low[0].0 + 6.0);
                    c.fill_rect((xa, high[0].1), (xb, low[0].1), color, BAND_OPACITY);
                    c.stroke_rect((xa, high[0].1), (xb, low[0].1), color, 1.0);
                    continue;
                }
                let mut shape = high.clone();
                shape.extend(low.iter().rev());
                c.polygon(&shape, color, BAND_OPACITY);
                c.path(&high, color, 1.0, 1, Dash::Solid);
                c.path(&low, color, 1.0, 1, Dash::Solid);
            }
        }
        for (k, line) in lines.iter().enumerate() {
            let points: Vec<Option<(f64, f64)>> = (0..n)
                .map(|i| line.points[i].map(|v| (x(i), y(v))))
                .collect();
            for run in runs(&points, false) {
                c.path(&run, series_color(k), 1.0, 2, Dash::of_series(k));
            }
            for p in points.iter().flatten() {
                c.marker(Marker::of_series(k), *p, 4.0, series_color(k));
            }
        }
    })
}

/// A series with its values cleaned: one slot per period, clamped, NaN
/// gone.
struct Line {
    label: String,
    points: Vec<Option<f64>>,
    band: Vec<Option<(f64, f64)>>,
}

impl Line {
    fn new(s: &Series, n: usize, max: f64) -> Line {
        let band = |i: usize| {
            let (a, b) = s.band.as_ref()?.get(i).copied().flatten()?;
            let (a, b) = (clamp(a, max)?, clamp(b, max)?);
            Some((a.min(b), a.max(b)))
        };
        Line {
            label: clean_label(&s.label),
            points: (0..n)
                .map(|i| {
                    s.points
                        .get(i)
                        .copied()
                        .flatten()
                        .and_then(|v| clamp(v, max))
                })
                .collect(),
            band: (0..n).map(band).collect(),
        }
    }

    fn describe(&self, periods: &[String], words: &Words) -> String {
        let cells: Vec<String> = periods
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut s = match self.points[i] {
                    Some(v) => fill(words.value, &[("label", p), ("value", &score(v))]),
                    None => fill(words.value_no_data, &[("label", p)]),
                };
                if let Some((a, b)) = self.band[i] {
                    s.push_str(words.open);
                    let (q1, q3) = (score(a), score(b));
                    fill_into(&mut s, words.trend_band, &[("q1", &q1), ("q3", &q3)]);
                    s.push_str(words.close);
                }
                s
            })
            .collect();
        let value = cells.join(words.list_sep);
        fill(words.labelled, &[("label", &self.label), ("value", &value)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::testkit::{self, hostile};

    fn periods() -> Vec<String> {
        ["2022", "2023", "2024-H1", "2024-H2"]
            .map(String::from)
            .to_vec()
    }

    fn series() -> Vec<Series> {
        vec![
            Series {
                label: "東方精密".into(),
                points: vec![Some(1.8), Some(2.1), None, Some(2.6)],
                band: None,
            },
            Series {
                label: "R&D <Ops> cohort".into(),
                points: vec![Some(2.0), Some(2.2), Some(2.3), Some(2.35)],
                band: Some(vec![
                    Some((1.6, 2.4)),
                    Some((1.8, 2.6)),
                    None,
                    Some((2.0, 2.7)),
                ]),
            },
        ]
    }

    #[test]
    fn draws_accessible_svg() {
        let svg = trend(
            "tr",
            "Over time",
            &periods(),
            &series(),
            5.0,
            &testkit::words(),
        );
        testkit::check(&svg, "tr", "trend");
        assert!(svg.markup.contains("R&amp;D &lt;Ops&gt;"));
        assert!(svg.markup.contains("stroke-dasharray=\"6 3\""));
        assert!(
            svg.description
                .contains("東方精密: 2022 1.80, 2023 2.10, 2024-H1 no data, 2024-H2 2.60")
        );
        assert!(
            svg.description
                .contains("2022 2.00 (middle half 1.60 to 2.40)")
        );
        assert_eq!(
            svg,
            trend(
                "tr",
                "Over time",
                &periods(),
                &series(),
                5.0,
                &testkit::words()
            )
        );
    }

    #[test]
    fn one_period_draws_points() {
        let svg = trend(
            "one",
            "One",
            &periods()[..1],
            &series(),
            5.0,
            &testkit::words(),
        );
        testkit::check(&svg, "one", "trend");
        let lines = svg
            .markup
            .matches("<polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2\"")
            .count();
        assert_eq!(lines, 1, "only the legend's sample line");
    }

    #[test]
    fn hostile_labels_are_escaped_and_cut() {
        let mut series = series();
        series[0].label = hostile();
        let mut periods = periods();
        periods[2] = hostile();
        let svg = trend("tr", "Over time", &periods, &series, 5.0, &testkit::words());
        testkit::check(&svg, "tr", "trend");
        testkit::check_tooltip(&svg, &hostile());
        assert_eq!(
            svg.markup.matches("<title>").count(),
            1,
            "the period is cut; the legend wraps"
        );
        // The legend wraps at spaces and between Chinese characters.
        assert!(
            svg.markup
                .contains(">&lt;Ops&gt; Very long capability name, 東方")
        );
    }

    #[test]
    fn guards_odd_input() {
        testkit::check_no_data(
            &trend("e", "Empty", &[], &series(), 5.0, &testkit::words()),
            "e",
            "trend",
        );
        testkit::check_no_data(
            &trend("e", "Empty", &periods(), &[], 5.0, &testkit::words()),
            "e",
            "trend",
        );
        let odd = vec![Series {
            label: String::new(),
            points: vec![Some(f64::NAN), Some(f64::INFINITY), Some(-4.0)],
            band: Some(vec![Some((f64::NAN, 1.0)), Some((3.0, 1.0))]),
        }];
        for max in [0.0, f64::NAN, -1.0, f64::INFINITY, 5.0] {
            testkit::check(
                &trend("odd", "Odd", &periods(), &odd, max, &testkit::words()),
                "odd",
                "trend",
            );
        }
        let svg = trend("odd", "Odd", &periods(), &odd, 5.0, &testkit::words());
        assert!(svg.description.contains(
            ": 2022 no data, 2023 5.00 (middle half 1.00 to 3.00), 2024-H1 0.00, 2024-H2 no data."
        ));
        let many: Vec<Series> = (0..9)
            .map(|i| Series {
                label: format!("Series {i}"),
                points: vec![Some(i as f64 / 2.0); 4],
                band: None,
            })
            .collect();
        testkit::check(
            &trend("many", "Many", &periods(), &many, 5.0, &testkit::words()),
            "many",
            "trend",
        );
    }
}
