//! Bullet bars: one bar per capability with the peers' middle half behind
//! it, a tick at the peer median and a target marker.

use super::common::{
    Canvas, Font, Frame, GRID_OPACITY, Glyph, Legend, MARGIN, Scale, clamp, clean_band,
    clean_label, label_line, level_labels, message_chart, render_with_chrome, scale_labels,
    scale_max, scale_text, score, sentence, whole_text,
};

use super::style::{BLUE, Dash, INK, VERMILLION, WIDTH};
use super::{Band, Svg, Words};
use crate::text::{fill, fill_into};

/// One bar of [`bullet_bars`].
#[derive(Clone, Debug, PartialEq)]
pub struct BarRow {
    /// What the row measures (any length and script; cut to fit).
    pub label: String,
    /// The score; `None` when not applicable (no bar, [`Words::n_a`]).
    pub value: Option<f64>,
    /// The peers' quartiles, drawn as a band with a median tick.
    pub peers: Option<Band>,
    /// A target, usually a level, drawn as a marker; the description says
    /// "target level 3" when it is whole and "target 2.50" otherwise
    /// ([`Words::bar_target`], [`Words::target_level`]).
    pub target: Option<f64>,
}

/// A row: its label line, then its bar band.
const ROW: f64 = 34.0;
/// A row's bar band: the peer band's top and height, from the row's top.
const BAND_TOP: f64 = 18.0;
const BAND: f64 = 14.0;
/// A target line reaches this far beyond the band, above and below.
const TARGET_OVER: f64 = 4.0;

/// Horizontal bullet bars on a 0..=`max` axis with a grid line at every
/// level, one row per bar: the label on a line of its own with the value
/// at its right, then a blue bar for the value over the peer
/// interquartile range as a light vermillion band with an outline, a
/// vermillion tick at the peer median and an ink line at the target. A legend on top names the parts that occur, and the level
/// scale is labelled above and below the rows. The chart is fluid: it
/// stretches across its column while its text keeps its size. Its legend
/// and text alternative are in `words`.
pub fn bullet_bars(id: &str, title: &str, rows: &[BarRow], max: f64, words: &Words) -> Svg {
    bars("bullet", id, title, rows, max, words)
}

/// [`bullet_bars`] under another chart kind (the radar's fallback).
pub(crate) fn bars(
    kind: &'static str,
    id: &str,
    title: &str,
    rows: &[BarRow],
    max: f64,
    words: &Words,
) -> Svg {
    if rows.is_empty() {
        return message_chart(kind, id, title, words);
    }
    let max = scale_max(
        max,
        rows.iter().flat_map(|r| {
            [r.value, r.target]
                .into_iter()
                .flatten()
                .chain(r.peers.iter().flat_map(|b| [b.q1, b.median, b.q3]))
        }),
    );
    let rows: Vec<Clean> = rows.iter().map(|r| Clean::new(r, max)).collect();

    let any_peers = rows.iter().any(|r| r.peers.is_some());
    let any_target = rows.iter().any(|r| r.target.is_some());
    let mut items = vec![(Glyph::Bar(BLUE), words.score.to_owned())];
    if any_peers {
        items.push((Glyph::Band(VERMILLION), words.peers_middle_half.to_owned()));
        items.push((Glyph::Tick(VERMILLION), words.peer_median.to_owned()));
    }
    if any_target {
        items.push((Glyph::Target, words.target.to_owned()));
    }
    let legend = Legend::new(items);

    let axis_top = legend.height() + 8.0;
    let top = axis_top + 18.0;
    let bottom = top + ROW * rows.len() as f64;
    let scale = Scale {
        max,
        x0: MARGIN,
        x1: WIDTH - MARGIN,
    };

    // A target shared by every row is said once.
    let common_target = rows
        .first()
        .and_then(|r| r.target)
        .filter(|t| rows.iter().all(|r| r.target == Some(*t)));
    let mut parts = vec![fill(words.scale, &[("max", &scale_text(max))])];
    if let Some(t) = common_target {
        let target = target_text(t, words);
        parts.push(fill(words.target_every_row, &[("target", &target)]));
    }
    parts.extend(
        rows.iter()
            .map(|r| r.describe(common_target.is_none(), words)),
    );
    let frame = Frame {
        kind,
        id,
        title,
        description: sentence(&parts, words),
        height: bottom + 20.0,
        fluid: true,
    };
    // The legend, the grid and the scale are the same in every chart of a
    // model with as many rows.
    let labels = level_labels(max);
    let chrome_key = format!("{kind}|{legend:?}|{scale:?}|{top:?}|{bottom:?}|{labels:?}");
    render_with_chrome(
        frame,
        &chrome_key,
        |c| {
            legend.draw(c, 0.0);
            // One line per level, dashed to show only in the bar bands.
            let grid = Dash::Every {
                on: BAND as u8,
                off: (ROW - BAND) as u8,
            };
            for (v, _) in &labels {
                let x = scale.x(*v);
                let opacity = if *v == 0.0 { 0.6 } else { GRID_OPACITY };
                c.path(&[(x, top + BAND_TOP), (x, bottom)], INK, opacity, 1, grid);
            }
            scale_labels(c, &labels, |v| scale.x(v), &[axis_top + 6.0, bottom + 8.0]);
        },
        |c| {
            let tops = || (0..rows.len()).map(|i| top + ROW * i as f64);
            for (row, y) in rows.iter().zip(tops()) {
                row.draw_text(c, y, words);
            }
            // Rows do not overlap, so each kind of shape is drawn for all
            // rows at once, in one group that carries its style.
            c.group(BAND_STYLE, |c| {
                for (row, y) in rows.iter().zip(tops()) {
                    row.draw_band(c, &scale, y);
                }
            });
            c.group(&[" fill=\"#0072B2\""], |c| {
                for (row, y) in rows.iter().zip(tops()) {
                    row.draw_bar(c, &scale, y);
                }
            });
            c.group(&[" stroke=\"#D55E00\"", " stroke-width=\"3\""], |c| {
                for (row, y) in rows.iter().zip(tops()) {
                    row.draw_median(c, &scale, y);
                }
            });
            draw_targets(c, &scale, &rows, top);
        },
    )
}

/// Draws the targets: one line through each run of consecutive
/// rows with the same target, showing only across their bar bands.
fn draw_targets(c: &mut Canvas, scale: &Scale, rows: &[Clean], top: f64) {
    let dash = Dash::Every {
        on: (BAND + 2.0 * TARGET_OVER) as u8,
        off: (ROW - BAND - 2.0 * TARGET_OVER) as u8,
    };
    let mut i = 0;
    while i < rows.len() {
        let Some(t) = rows[i].target else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < rows.len() && rows[j].target == Some(t) {
            j += 1;
        }
        let x = scale.x(t);
        let from = top + ROW * i as f64 + BAND_TOP - TARGET_OVER;
        let to = top + ROW * (j - 1) as f64 + BAND_TOP + BAND + TARGET_OVER;
        c.path(&[(x, from), (x, to)], INK, 1.0, 2, dash);
        i = j;
    }
}

/// A target as words: "level 3" when whole, else the score.
fn target_text(t: f64, words: &Words) -> String {
    if t.fract() == 0.0 {
        fill(words.target_level, &[("level", &whole_text(t))])
    } else {
        score(t)
    }
}

struct Clean {
    label: String,
    value: Option<f64>,
    peers: Option<Band>,
    target: Option<f64>,
}

impl Clean {
    fn new(r: &BarRow, max: f64) -> Clean {
        Clean {
            label: clean_label(&r.label),
            value: r.value.and_then(|v| clamp(v, max)),
            peers: r.peers.as_ref().and_then(|b| clean_band(b, max)),
            target: r.target.and_then(|v| clamp(v, max)),
        }
    }

    /// `Label 2.49 (peers 1.28 to 2.03, median 1.88; target level 4)`,
    /// written into one string: every report has one of these per
    /// capability. The target is left out unless `with_target`.
    fn describe(&self, with_target: bool, words: &Words) -> String {
        let mut s = String::with_capacity(self.label.len() + 64);
        let label = ("label", self.label.as_str());
        match self.value {
            Some(v) => fill_into(&mut s, words.value, &[label, ("value", &score(v))]),
            None => fill_into(&mut s, words.value_not_applicable, &[label]),
        }
        let mut open = false;
        let mut note = |s: &mut String| {
            s.push_str(if open { words.part_sep } else { words.open });
            open = true;
        };
        if let Some(b) = &self.peers {
            note(&mut s);
            let (q1, q3, median) = (score(b.q1), score(b.q3), score(b.median));
            let values = [("q1", q1.as_str()), ("q3", &q3), ("median", &median)];
            fill_into(&mut s, words.bar_peers, &values);
        }
        if let Some(t) = self.target.filter(|_| with_target) {
            note(&mut s);
            let target = target_text(t, words);
            fill_into(&mut s, words.bar_target, &[("target", &target)]);
        }
        if open {
            s.push_str(words.close);
        }
        s
    }

    /// Draws the label line of the row whose top is at `top`.
    fn draw_text(&self, c: &mut Canvas, top: f64, words: &Words) {
        match self.value {
            Some(v) => label_line(c, &self.label, &score(v), Font::LABEL, top),
            None => label_line(c, &self.label, words.n_a, Font::LABEL.italic(), top),
        }
    }

    /// Draws the peer band of the row whose top is at `top`.
    fn draw_band(&self, c: &mut Canvas, scale: &Scale, top: f64) {
        if let Some(b) = &self.peers {
            let y = top + BAND_TOP;
            c.band_rect((scale.x(b.q1), y), (scale.x(b.q3), y + BAND), VERMILLION);
        }
    }

    /// Draws the score bar of the row whose top is at `top`.
    fn draw_bar(&self, c: &mut Canvas, scale: &Scale, top: f64) {
        if let Some(v) = self.value.filter(|v| *v > 0.0) {
            let mid = top + BAND_TOP + BAND / 2.0;
            c.fill_rect((scale.x0, mid - 3.0), (scale.x(v), mid + 3.0), BLUE, 1.0);
        }
    }

    /// Draws the peer median tick of the row whose top is at `top`.
    fn draw_median(&self, c: &mut Canvas, scale: &Scale, top: f64) {
        if let Some(b) = &self.peers {
            let x = scale.x(b.median);
            let y = top + BAND_TOP;
            c.path(
                &[(x, y - 2.0), (x, y + BAND + 2.0)],
                VERMILLION,
                1.0,
                3,
                Dash::Solid,
            );
        }
    }
}

/// The style of every peer band (see [`Canvas::band_rect`]), carried by
/// their group.
const BAND_STYLE: &[&str] = &[
    " fill-opacity=\"0.18\"",
    " fill=\"#D55E00\"",
    " stroke=\"#D55E00\"",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::testkit::{self, hostile};

    fn rows() -> Vec<BarRow> {
        vec![
            BarRow {
                label: "Incident response".into(),
                value: Some(2.4),
                peers: Some(Band {
                    q1: 1.8,
                    median: 2.2,
                    q3: 2.6,
                }),
                target: Some(3.0),
            },
            BarRow {
                label: "東方精密".into(),
                value: None,
                peers: None,
                target: None,
            },
            BarRow {
                label: "R&D <Ops>".into(),
                value: Some(4.0),
                peers: Some(Band {
                    q1: 3.0,
                    median: 3.5,
                    q3: 4.0,
                }),
                target: None,
            },
        ]
    }

    #[test]
    fn draws_accessible_svg() {
        let svg = bullet_bars("caps", "Capabilities", &rows(), 5.0, &testkit::words());
        testkit::check(&svg, "caps", "bullet");
        assert!(svg.markup.contains("R&amp;D &lt;Ops&gt;"));
        assert!(svg.markup.contains("東方精密"));
        assert!(
            svg.description.contains(
                "Incident response 2.40 (peers 1.80 to 2.60, median 2.20; target level 3)"
            )
        );
        assert!(svg.description.contains("東方精密 not applicable"));
        assert!(svg.markup.contains(">n/a</text>"));
        assert_eq!(
            svg,
            bullet_bars("caps", "Capabilities", &rows(), 5.0, &testkit::words())
        );
    }

    #[test]
    fn a_shared_target_is_one_line_and_said_once() {
        let mut rows = rows();
        for r in &mut rows {
            r.target = Some(3.0);
        }
        let svg = bullet_bars("caps", "Capabilities", &rows, 5.0, &testkit::words());
        testkit::check(&svg, "caps", "bullet");
        assert!(
            svg.description
                .starts_with("Scale 0 to 5; target level 3 for every row; ")
        );
        assert!(!svg.description.contains("(target"), "{}", svg.description);
        // One 2-pixel ink line at 3 of 0..5 on the scale from 6 to 322.
        let targets: Vec<&str> = svg
            .markup
            .lines()
            .filter(|l| l.starts_with("<line stroke=\"currentColor\" stroke-dasharray=\"22 12\""))
            .collect();
        assert_eq!(targets.len(), 1, "{}", svg.markup);
        assert!(targets[0].contains("x1=\"59.76%\""), "{}", targets[0]);
        // A row without a target splits the line.
        rows[1].target = None;
        let svg = bullet_bars("caps", "Capabilities", &rows, 5.0, &testkit::words());
        assert_eq!(svg.markup.matches("stroke-dasharray=\"22 12\"").count(), 2);
    }

    #[test]
    fn alike_shapes_share_their_style_in_a_group() {
        let svg = bullet_bars("caps", "Capabilities", &rows(), 5.0, &testkit::words());
        let doc = roxmltree::Document::parse(&svg.markup).expect("XML");
        let group = |attr: &str| {
            doc.descendants()
                .find(|n| n.has_tag_name("g") && n.has_attribute(attr))
                .unwrap_or_else(|| panic!("a group with {attr}"))
        };
        let bands: Vec<_> = group("fill-opacity")
            .children()
            .filter(|n| n.is_element())
            .collect();
        assert_eq!(bands.len(), 2, "two rows have peers");
        for band in &bands {
            assert!(band.has_tag_name("rect"));
            assert!(!band.has_attribute("fill") && !band.has_attribute("stroke"));
        }
        let medians = group("stroke-width");
        assert_eq!(medians.attribute("stroke"), Some("#D55E00"));
        assert_eq!(
            medians
                .children()
                .filter(|n| n.has_tag_name("line"))
                .count(),
            2
        );
        assert!(!svg.markup.contains("<line stroke=\"#D55E00\""));
    }

    #[test]
    fn text_keeps_at_least_eleven_pixels_at_every_width() {
        let svg = bullet_bars("caps", "Capabilities", &rows(), 5.0, &testkit::words());
        testkit::check_fluid_text(&svg);
    }

    #[test]
    fn hostile_labels_are_escaped_and_cut() {
        let mut rows = rows();
        rows[0].label = hostile();
        let svg = bullet_bars("caps", "Capabilities", &rows, 5.0, &testkit::words());
        testkit::check(&svg, "caps", "bullet");
        testkit::check_tooltip(&svg, &hostile());
    }

    #[test]
    fn guards_odd_input() {
        testkit::check_no_data(
            &bullet_bars("e", "Empty", &[], 5.0, &testkit::words()),
            "e",
            "bullet",
        );
        let mut rows = rows();
        rows[0].value = Some(f64::NAN);
        rows[1].value = Some(f64::INFINITY);
        rows[2].value = Some(-3.0);
        rows[2].peers = Some(Band {
            q1: f64::NAN,
            median: 1.0,
            q3: 2.0,
        });
        rows[0].target = Some(f64::NEG_INFINITY);
        for max in [0.0, -1.0, f64::NAN, f64::INFINITY, 5.0] {
            let svg = bullet_bars("odd", "Odd", &rows, max, &testkit::words());
            testkit::check(&svg, "odd", "bullet");
        }
        rows[2].target = Some(2.5);
        let svg = bullet_bars("odd", "Odd", &rows, 5.0, &testkit::words());
        assert!(svg.description.contains(
            "Incident response not applicable (peers 1.80 to 2.60, median 2.20; target level 0)"
        ));
        assert!(svg.description.contains("(target 2.50)"));
        assert!(svg.description.contains("東方精密 5.00"));
        assert!(svg.description.contains("R&D <Ops> 0.00"));
    }
}
