//! Bullet bars: one bar per capability with the peers' middle half behind
//! it, a tick at the peer median and a target marker.

use super::common::{
    BAND_OPACITY, Canvas, END, Font, Frame, Glyph, Legend, START, Scale, clamp, clean_band,
    clean_label, label_column, level_labels, message_chart, render_with_chrome, scale_max,
    scale_text, score, sentence, value_axis, whole_text,
};

use super::style::{BLUE, Dash, INK, Marker, VERMILLION, WIDTH};
use super::{Band, Svg};

/// One bar of [`bullet_bars`].
#[derive(Clone, Debug, PartialEq)]
pub struct BarRow {
    /// What the row measures (any length and script; cut to fit).
    pub label: String,
    /// The score; `None` when not applicable (no bar, "n/a").
    pub value: Option<f64>,
    /// The peers' quartiles, drawn as a band with a median tick.
    pub peers: Option<Band>,
    /// A target, usually a level, drawn as a marker; the description says
    /// "target level 3" when it is whole and "target 2.50" otherwise.
    pub target: Option<f64>,
}

const ROW: f64 = 28.0;
const VALUE_COLUMN: f64 = 44.0;

/// Horizontal bullet bars on a 0..=`max` axis with a grid line at every
/// level: per row a blue bar for the value, the peer interquartile range
/// as a light vermillion band with an outline, a vermillion tick at the
/// peer median, a downward triangle at the target, and the value printed
/// at the right. A legend on top names the parts that occur.
pub fn bullet_bars(id: &str, title: &str, rows: &[BarRow], max: f64) -> Svg {
    bars("bullet", id, title, rows, max)
}

/// [`bullet_bars`] under another chart kind (the radar's fallback).
pub(crate) fn bars(kind: &'static str, id: &str, title: &str, rows: &[BarRow], max: f64) -> Svg {
    if rows.is_empty() {
        return message_chart(kind, id, title, "No data");
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
    let mut items = vec![(Glyph::Bar(BLUE), "Score".to_owned())];
    if any_peers {
        items.push((Glyph::Band(VERMILLION), "Middle half of peers".to_owned()));
        items.push((Glyph::Tick(VERMILLION), "Peer median".to_owned()));
    }
    if any_target {
        items.push((
            Glyph::Marker(Marker::TriangleDown, INK),
            "Target".to_owned(),
        ));
    }
    let legend = Legend::new(items);

    let top = legend.height() + 8.0;
    let bottom = top + ROW * rows.len() as f64;
    let label_w = label_column(rows.iter().map(|r| r.label.as_str()), 260.0);
    let scale = Scale {
        max,
        x0: label_w,
        x1: WIDTH - VALUE_COLUMN - 12.0,
    };

    let description = sentence(
        &std::iter::once(format!("Scale 0 to {}", scale_text(max)))
            .chain(rows.iter().map(Clean::describe))
            .collect::<Vec<_>>(),
    );
    let frame = Frame {
        kind,
        id,
        title,
        description,
        height: bottom + 24.0,
    };
    // The legend and axis are the same in every chart of a dimension.
    let labels = level_labels(max);
    let chrome_key = format!("{kind}|{legend:?}|{scale:?}|{top:?}|{bottom:?}|{labels:?}");
    render_with_chrome(
        frame,
        &chrome_key,
        |c| {
            legend.draw(c, 0.0);
            value_axis(c, &scale, (top, bottom), &labels);
            c.line((scale.x0, top), (scale.x0, bottom), INK, 1);
        },
        |c| {
            for (i, row) in rows.iter().enumerate() {
                row.draw(c, &scale, top + ROW * (i as f64 + 0.5), label_w);
            }
        },
    )
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

    /// `Label 2.49 (peer median 1.88, middle half 1.28 to 2.03; target
    /// level 4)`, written piece by piece: every report has one of these
    /// per capability.
    fn describe(&self) -> String {
        let mut s = String::with_capacity(self.label.len() + 96);
        s.push_str(&self.label);
        match self.value {
            Some(v) => {
                s.push(' ');
                s.push_str(&score(v));
            }
            None => s.push_str(" not applicable"),
        }
        let mut open = " (";
        if let Some(b) = &self.peers {
            s.push_str(open);
            open = "; ";
            for (text, v) in [
                ("peer median ", b.median),
                (", middle half ", b.q1),
                (" to ", b.q3),
            ] {
                s.push_str(text);
                s.push_str(&score(v));
            }
        }
        if let Some(t) = self.target {
            s.push_str(open);
            open = "; ";
            // Targets are usually levels: "target level 3", else a score.
            if t.fract() == 0.0 {
                s.push_str("target level ");
                s.push_str(&whole_text(t));
            } else {
                s.push_str("target ");
                s.push_str(&score(t));
            }
        }
        if open == "; " {
            s.push(')');
        }
        s
    }

    fn draw(&self, c: &mut Canvas, scale: &Scale, y: f64, label_w: f64) {
        c.label(&self.label, label_w - 10.0, (4.0, y), START, Font::LABEL);
        if let Some(b) = &self.peers {
            let (a, z) = ((scale.x(b.q1), y - 9.0), (scale.x(b.q3), y + 9.0));
            c.fill_rect(a, z, VERMILLION, BAND_OPACITY);
            c.stroke_rect(a, z, VERMILLION, 1.0);
        }
        if let Some(v) = self.value {
            if v > 0.0 {
                c.fill_rect((scale.x0, y - 4.0), (scale.x(v), y + 4.0), BLUE, 1.0);
            }
            c.text(&score(v), (WIDTH - 4.0, y), END, Font::LABEL);
        } else {
            c.text("n/a", (WIDTH - 4.0, y), END, Font::LABEL.italic());
        }
        if let Some(b) = &self.peers {
            let x = scale.x(b.median);
            c.path(
                &[(x, y - 11.0), (x, y + 11.0)],
                VERMILLION,
                1.0,
                3,
                Dash::Solid,
            );
        }
        if let Some(t) = self.target {
            c.marker(Marker::TriangleDown, (scale.x(t), y - 9.0), 4.0, INK);
        }
    }
}

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
        let svg = bullet_bars("caps", "Capabilities", &rows(), 5.0);
        testkit::check(&svg, "caps", "bullet");
        assert!(svg.markup.contains("R&amp;D &lt;Ops&gt;"));
        assert!(svg.markup.contains("東方精密"));
        assert!(svg.description.contains(
            "Incident response 2.40 (peer median 2.20, middle half 1.80 to 2.60; target level 3)"
        ));
        assert!(svg.description.contains("東方精密 not applicable"));
        assert!(svg.markup.contains(">n/a</text>"));
        assert_eq!(svg, bullet_bars("caps", "Capabilities", &rows(), 5.0));
    }

    #[test]
    fn hostile_labels_are_escaped_and_cut() {
        let mut rows = rows();
        rows[0].label = hostile();
        let svg = bullet_bars("caps", "Capabilities", &rows, 5.0);
        testkit::check(&svg, "caps", "bullet");
        testkit::check_tooltip(&svg, &hostile());
    }

    #[test]
    fn guards_odd_input() {
        testkit::check_no_data(&bullet_bars("e", "Empty", &[], 5.0), "e", "bullet");
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
            let svg = bullet_bars("odd", "Odd", &rows, max);
            testkit::check(&svg, "odd", "bullet");
        }
        rows[2].target = Some(2.5);
        let svg = bullet_bars("odd", "Odd", &rows, 5.0);
        assert!(
            svg.description
                .contains("Incident response not applicable (peer median 2.20, middle half 1.80 to 2.60; target level 0)")
        );
        assert!(svg.description.contains("(target 2.50)"));
        assert!(svg.description.contains("東方精密 5.00"));
        assert!(svg.description.contains("R&D <Ops> 0.00"));
    }
}
