//! The look every chart shares: the viewBox width and font size, the
//! colour-blind-safe palette, and the dashes and markers that tell series
//! apart without colour.

use plotters::style::RGBColor;

/// The width every chart is laid out for, in pixels: the narrowest column
/// it is shown in (a 360-pixel phone's, less the page's margins), so its
/// text keeps at least 11 pixels there. A fluid chart stretches sideways
/// from it across any wider column; the radar's viewBox has this width.
pub(crate) const WIDTH: f64 = 328.0;
/// The root font size; text at this size carries no `font-size` of its own.
pub(crate) const FONT_SIZE: f64 = 12.0;
/// Estimated advance of one narrow character, in em. Generous for Latin
/// text in a sans-serif face, so estimates err towards truncating early.
pub(crate) const CHAR_EM: f64 = 0.6;

/// Text and axis colour: written as `currentColor`, so the chart follows
/// the page's light or dark scheme.
pub(crate) const INK: RGBColor = RGBColor(1, 2, 3);

/// Okabe-Ito blue: this assessment, the first series. 5.2:1 on white,
/// 4.0:1 on black.
pub(crate) const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe-Ito vermillion: peers, the second series. 3.9:1 on white, 5.4:1
/// on black.
pub(crate) const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Okabe-Ito bluish green: the third series. 3.4:1 on white.
pub(crate) const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Okabe-Ito reddish purple: the fourth series. 3.1:1 on white.
pub(crate) const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
/// Series colours in order; every one has at least 3:1 contrast (WCAG AA
/// for graphics) against both white and black.
pub(crate) const SERIES: [RGBColor; 4] = [BLUE, VERMILLION, GREEN, PURPLE];

/// Text on coloured cells: whichever of these contrasts more.
pub(crate) const BLACK_TEXT: RGBColor = RGBColor(0, 0, 0);
/// See [`BLACK_TEXT`].
pub(crate) const WHITE_TEXT: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// ColorBrewer "Blues", light to dark, without its near-white first step:
/// one hue, monotonic lightness, so it reads in grey and for colour-blind
/// readers.
const BLUES: [RGBColor; 8] = [
    RGBColor(0xDE, 0xEB, 0xF7),
    RGBColor(0xC6, 0xDB, 0xEF),
    RGBColor(0x9E, 0xCA, 0xE1),
    RGBColor(0x6B, 0xAE, 0xD6),
    RGBColor(0x42, 0x92, 0xC6),
    RGBColor(0x21, 0x71, 0xB5),
    RGBColor(0x08, 0x51, 0x9C),
    RGBColor(0x08, 0x30, 0x6B),
];

/// Line dash patterns, so series differ without colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dash {
    Solid,
    Dashed,
    Dotted,
    LongShort,
    /// `on` pixels drawn, `off` left out, repeating: one vertical line
    /// draws a tick in every row of a row chart.
    Every {
        on: u8,
        off: u8,
    },
}

impl Dash {
    /// The dash of series `i`: shifted every four series, so a colour
    /// that comes round again comes with another dash.
    pub(crate) fn of_series(i: usize) -> Dash {
        [Dash::Solid, Dash::Dashed, Dash::Dotted, Dash::LongShort][(i + i / 4) % 4]
    }

    /// The `stroke-dasharray` value (empty for solid lines).
    pub(super) fn dasharray(self) -> std::borrow::Cow<'static, str> {
        match self {
            Dash::Solid => "".into(),
            Dash::Dashed => "6 3".into(),
            Dash::Dotted => "2 3".into(),
            Dash::LongShort => "8 3 2 3".into(),
            Dash::Every { on, off } => format!("{on} {off}").into(),
        }
    }
}

/// Marker shapes, so series differ without colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    TriangleDown,
}

impl Marker {
    /// The marker of series `i`.
    pub(crate) fn of_series(i: usize) -> Marker {
        [
            Marker::Circle,
            Marker::Square,
            Marker::Triangle,
            Marker::Diamond,
            Marker::TriangleDown,
        ][i % 5]
    }
}

/// The colour of series `i`.
pub(crate) fn series_color(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// The sequential palette at `t` in 0..=1 (light to dark), interpolated.
pub(crate) fn sequential(t: f64) -> RGBColor {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let pos = t * (BLUES.len() - 1) as f64;
    let i = (pos.floor() as usize).min(BLUES.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (BLUES[i], BLUES[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}
