//! Radar (spider) chart: one assessment's dimension scores against the
//! peer median and the peers' middle half.

use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::bullet::{BarRow, bars};
use super::common::{
    BAND_OPACITY, Canvas, Font, Frame, GRID_OPACITY, Glyph, Legend, MIDDLE, clamp, clean_band,
    clean_label, message_chart, polar, render_with_chrome, runs, scale_max, scale_text, score,
    sentence, spoke_angle, text_width, ticks, wrap,
};
use super::style::{BLUE, Dash, INK, Marker, VERMILLION, WIDTH};
use super::{Band, Svg, Words};
use crate::text::{fill, fill_into};

/// One spoke of [`radar`].
#[derive(Clone, Debug, PartialEq)]
pub struct RadarAxis {
    /// The dimension's name (any length and script; cut to fit).
    pub label: String,
    /// The score; `None` when not applicable (a gap in the polygon and
    /// [`Words::n_a_note`] after the label).
    pub value: Option<f64>,
    /// The peers' quartiles on this dimension.
    pub peers: Option<Band>,
}

/// The radius, from the viewBox's 328 units: what is left once a side
/// label of about eleven characters has room on either side.
const RADIUS: f64 = 70.0;
const LABEL_GAP: f64 = 8.0;
/// Lines an axis label may take, and their spacing.
const LABEL_LINES: usize = 3;
const LINE: f64 = 14.0;
/// How far apart a level number and a marker must be, vertically, for the
/// number to show beside it (a marker's radius and some air).
const LEVEL_CLEAR: f64 = 7.0;

/// A radar chart of one assessment on 0..=`max`: the scores as a solid blue
/// polygon with round markers (lightly filled), the peer median as a dashed
/// vermillion polygon, the peers' interquartile range as a light vermillion
/// ring between the q1 and q3 polygons, outlined; grid polygons at every
/// level, labelled on the upward spoke. Meant for 3 to 8 axes (more still
/// work, with less room per label); with 1 or 2 axes it falls back to
/// horizontal bars ([`super::bullet_bars`] drawing, class `chart-radar`).
/// A `None` value leaves a gap; a missing peer band leaves a gap in the
/// ring and the median line. Its legend and text alternative are in
/// `words`.
pub fn radar(id: &str, title: &str, axes: &[RadarAxis], max: f64, words: &Words) -> Svg {
    if axes.is_empty() {
        return message_chart("radar", id, title, words);
    }
    if axes.len() < 3 {
        let rows: Vec<BarRow> = axes
            .iter()
            .map(|a| BarRow {
                label: a.label.clone(),
                value: a.value,
                peers: a.peers,
                target: None,
            })
            .collect();
        return bars("radar", id, title, &rows, max, words);
    }
    let max = scale_max(
        max,
        axes.iter().flat_map(|a| {
            a.value
                .into_iter()
                .chain(a.peers.iter().flat_map(|b| [b.q1, b.median, b.q3]))
        }),
    );
    let axes: Vec<(String, Option<f64>, Option<Band>)> = axes
        .iter()
        .map(|a| {
            (
                clean_label(&a.label),
                a.value.and_then(|v| clamp(v, max)),
                a.peers.as_ref().and_then(|b| clean_band(b, max)),
            )
        })
        .collect();
    let n = axes.len();

    let any_peers = axes.iter().any(|a| a.2.is_some());
    let mut items = vec![(
        Glyph::Line(BLUE, Dash::Solid, Some(Marker::Circle)),
        words.this_assessment.to_owned(),
    )];
    if any_peers {
        items.push((
            Glyph::Line(VERMILLION, Dash::Dashed, None),
            words.peer_median.to_owned(),
        ));
        items.push((Glyph::Band(VERMILLION), words.peers_middle_half.to_owned()));
    }
    let legend = Legend::new(items);
    let labels: Vec<AxisLabel> = axes
        .iter()
        .enumerate()
        .map(|(i, (label, value, _))| {
            let note = value.is_none().then_some(words.n_a_note);
            AxisLabel::new(label, note, spoke_angle(i, n))
        })
        .collect();
    // Room above and below the circle for the labels that grow that way.
    let room = |v: VPos| {
        let lines = labels
            .iter()
            .filter(|l| std::mem::discriminant(&l.v) == std::mem::discriminant(&v))
            .map(|l| l.lines.len())
            .max()
            .unwrap_or(1);
        LABEL_GAP + LINE * lines as f64
    };
    let centre = (
        WIDTH / 2.0,
        legend.height() + 6.0 + room(VPos::Bottom) + RADIUS,
    );
    let height = centre.1 + RADIUS + room(VPos::Top) + 4.0;

    let mut parts = vec![fill(
        words.radar_scale,
        &[("n", &n.to_string()), ("max", &scale_text(max))],
    )];
    parts.extend(axes.iter().map(|(label, value, peers)| {
        let label = ("label", label.as_str());
        let mut s = match value {
            Some(v) => fill(words.value, &[label, ("value", &score(*v))]),
            None => fill(words.value_not_applicable, &[label]),
        };
        if let Some(b) = peers {
            s.push_str(words.open);
            let (median, q1, q3) = (score(b.median), score(b.q1), score(b.q3));
            let values = [("median", median.as_str()), ("q1", &q1), ("q3", &q3)];
            fill_into(&mut s, words.radar_peers, &values);
            s.push_str(words.close);
        }
        s
    }));
    let frame = Frame {
        kind: "radar",
        id,
        title,
        description: sentence(&parts, words),
        height,
        fluid: false,
    };

    let at = |i: usize, v: f64| polar(centre, RADIUS * v / max, spoke_angle(i, n));
    // The legend and grid are the same in every radar of a model.
    let chrome_key = format!("radar|{legend:?}|{centre:?}|{max:?}|{n}");
    // Grid: a polygon per level, the outline at max, and the spokes.
    let mut levels: Vec<f64> = ticks(max).into_iter().filter(|v| *v > 0.0).collect();
    if levels.last().is_none_or(|l| *l < max) {
        levels.push(max);
    }
    let chrome = |c: &mut Canvas| {
        legend.draw(c, 0.0);
        for level in &levels {
            let ring: Vec<(f64, f64)> = (0..=n).map(|i| at(i % n, *level)).collect();
            c.path(&ring, INK, GRID_OPACITY, 1, Dash::Solid);
        }
        for i in 0..n {
            c.path(&[centre, at(i, max)], INK, GRID_OPACITY, 1, Dash::Solid);
        }
    };
    render_with_chrome(frame, &chrome_key, chrome, |c| {
        // Peers' middle half: one ring-shaped polygon (outer ring one way,
        // inner ring back) when every axis has a band, else a quadrilateral
        // per sector whose two axes both have one.
        let bands: Vec<Option<Band>> = axes.iter().map(|a| a.2).collect();
        if bands.iter().all(Option::is_some) {
            let b: Vec<Band> = bands.iter().flatten().copied().collect();
            let mut shape: Vec<(f64, f64)> = (0..=n).map(|i| at(i % n, b[i % n].q3)).collect();
            shape.extend((0..=n).rev().map(|i| at(i % n, b[i % n].q1)));
            c.polygon(&shape, VERMILLION, BAND_OPACITY);
        } else {
            for i in 0..n {
                let j = (i + 1) % n;
                if let (Some(a), Some(b)) = (bands[i], bands[j]) {
                    let quad = [at(i, a.q3), at(j, b.q3), at(j, b.q1), at(i, a.q1)];
                    c.polygon(&quad, VERMILLION, BAND_OPACITY);
                }
            }
        }
        let picks: [fn(Band) -> f64; 2] = [|b| b.q1, |b| b.q3];
        for pick in picks {
            let ring: Vec<Option<(f64, f64)>> = bands
                .iter()
                .enumerate()
                .map(|(i, b)| b.map(|b| at(i, pick(b))))
                .collect();
            for run in runs(&ring, true) {
                c.path(&run, VERMILLION, 1.0, 1, Dash::Solid);
            }
        }
        let medians: Vec<Option<(f64, f64)>> = bands
            .iter()
            .enumerate()
            .map(|(i, b)| b.map(|b| at(i, b.median)))
            .collect();
        for run in runs(&medians, true) {
            c.path(&run, VERMILLION, 1.0, 2, Dash::Dashed);
        }

        // The assessment.
        let points: Vec<Option<(f64, f64)>> = axes
            .iter()
            .enumerate()
            .map(|(i, a)| a.1.map(|v| at(i, v)))
            .collect();
        if points.iter().all(Option::is_some) {
            let shape: Vec<(f64, f64)> = points.iter().flatten().copied().collect();
            c.polygon(&shape, BLUE, 0.12);
        }
        for run in runs(&points, true) {
            c.path(&run, BLUE, 1.0, 2, Dash::Solid);
        }
        for p in points.iter().flatten() {
            c.marker(Marker::Circle, *p, 4.0, BLUE);
        }

        // Level numbers on the upward spoke, just inside each grid ring
        // (where the ring's edges leave room), then the axis labels. A
        // number the first axis's marker would cover is left out: the
        // rings either side of it are numbered.
        let marker = points[0].map(|(_, y)| y);
        for level in &levels {
            let (x, y) = at(0, *level);
            let y = y + 9.0;
            if marker.is_some_and(|m| (m - y).abs() < LEVEL_CLEAR) {
                continue;
            }
            c.text(&scale_text(*level), (x, y), MIDDLE, Font::SMALL);
        }
        for (i, label) in labels.iter().enumerate() {
            label.draw(c, polar(centre, RADIUS + LABEL_GAP, spoke_angle(i, n)));
        }
    })
}

/// An axis label, wrapped to the room beside or above its spoke's end.
struct AxisLabel {
    lines: Vec<String>,
    /// The full label, when it was cut; shown on the line that ends in "…".
    tooltip: Option<String>,
    cut_line: usize,
    h: HPos,
    v: VPos,
}

impl AxisLabel {
    /// The label of the spoke at `angle`: the name on up to three lines,
    /// with `note` ("(n/a)", for a value that is not applicable) after it,
    /// on a line of its own when it does not fit on the last.
    fn new(label: &str, note: Option<&str>, angle: f64) -> AxisLabel {
        let (x, _) = polar((WIDTH / 2.0, 0.0), RADIUS + LABEL_GAP, angle);
        let (cos, sin) = (angle.cos(), angle.sin());
        let (h, room) = if cos > 0.3 {
            (HPos::Left, WIDTH - x - 4.0)
        } else if cos < -0.3 {
            (HPos::Right, x - 4.0)
        } else {
            (HPos::Center, (2.0 * x.min(WIDTH - x) - 8.0).min(200.0))
        };
        // Side labels centre on the spoke's end; the top one grows
        // upwards, the bottom one downwards.
        let v = if cos.abs() > 0.3 {
            VPos::Center
        } else if sin < 0.0 {
            VPos::Bottom
        } else {
            VPos::Top
        };
        let (mut lines, cut) = wrap(label, room, Font::LABEL.size, LABEL_LINES);
        let tooltip = cut.then(|| match note {
            None => label.to_owned(),
            Some(note) => format!("{label} {note}"),
        });
        let cut_line = lines.len().saturating_sub(1);
        if let Some(note) = note {
            let last = lines.last().map(|l| format!("{l} {note}"));
            match last {
                Some(l) if text_width(&l, Font::LABEL.size) <= room => {
                    if let Some(end) = lines.last_mut() {
                        *end = l;
                    }
                }
                _ => lines.push(note.to_owned()),
            }
        }
        AxisLabel {
            lines,
            tooltip,
            cut_line,
            h,
            v,
        }
    }

    /// Draws the label at `(x, y)`, the point just beyond its spoke.
    fn draw(&self, c: &mut Canvas, (x, y): (f64, f64)) {
        let height = LINE * (self.lines.len() as f64 - 1.0);
        let first = match self.v {
            VPos::Center => y - height / 2.0,
            VPos::Bottom => y - height,
            VPos::Top => y,
        };
        let pos = Pos::new(self.h, self.v);
        for (k, line) in self.lines.iter().enumerate() {
            let tip = (k == self.cut_line).then(|| self.tooltip.clone()).flatten();
            c.text_with_tooltip(line, tip, (x, first + LINE * k as f64), pos, Font::LABEL);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::testkit::{self, hostile};

    fn band(m: f64) -> Option<Band> {
        Some(Band {
            q1: m - 0.4,
            median: m,
            q3: m + 0.4,
        })
    }

    fn axes() -> Vec<RadarAxis> {
        [
            ("Strategy and governance", Some(2.4), band(2.2)),
            ("System design", Some(3.1), band(2.5)),
            ("東方精密", None, band(1.5)),
            ("R&D <Ops>", Some(1.2), None),
            ("People", Some(4.0), band(3.0)),
        ]
        .into_iter()
        .map(|(l, v, p)| RadarAxis {
            label: l.into(),
            value: v,
            peers: p,
        })
        .collect()
    }

    #[test]
    fn draws_accessible_svg() {
        let svg = radar("r1", "Dimension scores", &axes(), 5.0, &testkit::words());
        testkit::check(&svg, "r1", "radar");
        assert!(svg.markup.contains("R&amp;D &lt;Ops&gt;"));
        assert!(svg.markup.contains("東方精密 (n/a)"));
        assert!(svg.markup.contains("stroke-dasharray"));
        assert!(
            svg.description
                .starts_with("5 dimensions on a scale of 0 to 5; ")
        );
        assert!(
            svg.description
                .contains("System design 3.10 (peer median 2.50, middle half 2.10 to 2.90)")
        );
        assert!(svg.description.contains("東方精密 not applicable"));
        assert_eq!(
            svg,
            radar("r1", "Dimension scores", &axes(), 5.0, &testkit::words())
        );
    }

    #[test]
    fn complete_data_draws_closed_shapes() {
        let mut axes = axes();
        axes[2].value = Some(1.0);
        axes[3].peers = band(1.0);
        let svg = radar("r2", "Full", &axes, 5.0, &testkit::words());
        testkit::check(&svg, "r2", "radar");
        // The ring and the assessment's area; markers are circles.
        assert_eq!(svg.markup.matches("<polygon").count(), 2);
    }

    #[test]
    fn a_marker_never_covers_a_level_number() {
        for v in 0..=50 {
            let value = f64::from(v) / 10.0;
            let axes: Vec<RadarAxis> = ["A", "B", "C", "D"]
                .iter()
                .map(|l| RadarAxis {
                    label: (*l).into(),
                    value: Some(value),
                    peers: None,
                })
                .collect();
            let svg = radar("r", "R", &axes, 5.0, &testkit::words());
            let doc = roxmltree::Document::parse(&svg.markup).expect("XML");
            let circle = doc
                .descendants()
                .filter(|n| n.has_tag_name("circle"))
                .nth(1)
                .expect("the first axis's marker (after the legend's)");
            let cy: f64 = circle.attribute("cy").unwrap().parse().unwrap();
            let numbers: Vec<f64> = doc
                .descendants()
                .filter(|n| n.has_tag_name("text") && n.attribute("font-size") == Some("11"))
                .map(|n| n.attribute("y").unwrap().parse::<f64>().unwrap() - 3.0)
                .collect();
            assert!(
                numbers.len() >= 4,
                "{value}: most rings keep their number: {numbers:?}"
            );
            for y in numbers {
                assert!(
                    (y - cy).abs() >= 6.0,
                    "{value}: a number at {y}, the marker at {cy}"
                );
            }
        }
    }

    #[test]
    fn hostile_labels_are_escaped_and_cut() {
        for n in [3, 5, 8, 9] {
            let axes: Vec<RadarAxis> = (0..n)
                .map(|i| RadarAxis {
                    label: format!("{}{i}", hostile()),
                    value: if i == 1 { None } else { Some(i as f64 / 2.0) },
                    peers: band(2.0),
                })
                .collect();
            let svg = radar("h", "Hostile", &axes, 5.0, &testkit::words());
            testkit::check(&svg, "h", "radar");
            testkit::check_tooltip(&svg, &format!("{}0", hostile()));
            testkit::check_tooltip(&svg, &format!("{}1 (n/a)", hostile()));
        }
    }

    #[test]
    fn few_axes_fall_back_to_bars() {
        let svg = radar("two", "Two", &axes()[..2], 5.0, &testkit::words());
        testkit::check(&svg, "two", "radar");
        assert!(!svg.markup.contains("<polygon") || svg.markup.contains("<rect"));
        assert!(svg.description.contains("System design 3.10"));
        testkit::check(
            &radar("one", "One", &axes()[..1], 5.0, &testkit::words()),
            "one",
            "radar",
        );
    }

    #[test]
    fn guards_odd_input() {
        testkit::check_no_data(
            &radar("e", "Empty", &[], 5.0, &testkit::words()),
            "e",
            "radar",
        );
        let mut axes = axes();
        axes[0].value = Some(f64::NAN);
        axes[1].value = Some(f64::INFINITY);
        axes[3].value = Some(-1.0);
        axes[4].peers = Some(Band {
            q1: 3.0,
            median: f64::INFINITY,
            q3: 1.0,
        });
        for max in [0.0, -2.0, f64::NAN, f64::INFINITY, 4.5] {
            testkit::check(
                &radar("odd", "Odd", &axes, max, &testkit::words()),
                "odd",
                "radar",
            );
        }
        let svg = radar("odd", "Odd", &axes, 5.0, &testkit::words());
        assert!(
            svg.description
                .contains("Strategy and governance not applicable")
        );
        assert!(svg.description.contains("System design 5.00"));
        assert!(
            svg.description
                .contains("People 4.00 (peer median 3.00, middle half 1.00 to 5.00)")
        );
        let all_none: Vec<RadarAxis> = axes
            .iter()
            .map(|a| RadarAxis {
                value: None,
                peers: None,
                ..a.clone()
            })
            .collect();
        testkit::check(
            &radar("none", "None", &all_none, 0.0, &testkit::words()),
            "none",
            "radar",
        );
    }
}
