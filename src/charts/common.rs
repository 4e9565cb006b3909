//! What every chart shares: the palette, label width estimates and
//! truncation, value guards, a thin drawing surface over plotters, legends,
//! and the root element that makes the drawing an accessible, responsive
//! inline SVG.
//!
//! Plotters draws everything, into [`SvgWriter`], which writes each element
//! in its final form. The root tag then gets `role="img"`, ids, a class and
//! responsive sizing, and a `<title>` and `<desc>` follow it.

use std::f64::consts::PI;
use std::fmt::Write as _;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{BLACK_TEXT, CHAR_EM, Dash, FONT_SIZE, INK, Marker, WHITE_TEXT, WIDTH};
use super::svg::{Elements, SvgWriter};
use super::{Band, Svg, Words};
use crate::text::escape::markup as escape;

/// WCAG relative luminance.
pub(crate) fn luminance(c: RGBColor) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// WCAG contrast ratio of two colours (1 to 21).
pub(crate) fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Black or white, whichever contrasts more with `background`.
pub(crate) fn text_on(background: RGBColor) -> RGBColor {
    if contrast(background, BLACK_TEXT) >= contrast(background, WHITE_TEXT) {
        BLACK_TEXT
    } else {
        WHITE_TEXT
    }
}

// ---------------------------------------------------------------- labels

/// Columns `c` takes, from Unicode's East Asian Width and zero-width data
/// (the `unicode-width` crate, as [`crate::text::terminal::width`] uses):
/// 2 for wide and fullwidth characters (CJK, Hangul, kana, wide emoji), 0
/// for combining marks, joiners and variation selectors, 1 for the rest.
/// A control character counts 1: [`clean_label`] draws it as a space.
fn columns(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(1)
}

/// Estimated width of `s` at `font_size`, in pixels. Plotters has no font
/// metrics here, so this counts columns (wide characters count double).
pub(crate) fn text_width(s: &str, font_size: f64) -> f64 {
    let cols: usize = s.chars().map(columns).sum();
    cols as f64 * CHAR_EM * font_size
}

/// `s` made safe and tidy for a label: characters XML cannot hold and other
/// control characters become spaces, runs of white space one space, and the
/// ends are trimmed.
pub(crate) fn clean_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') {
            ' '
        } else {
            c
        };
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// `label` cut to fit `max_px` at `font_size`, ending in `…` when cut.
/// Returns the text to show and whether it was cut.
pub(crate) fn fit(label: &str, max_px: f64, font_size: f64) -> (String, bool) {
    if text_width(label, font_size) <= max_px {
        return (label.to_owned(), false);
    }
    let budget = (max_px / (CHAR_EM * font_size)).floor().max(1.0) as usize - 1;
    let mut used = 0;
    let mut out = String::new();
    for c in label.chars() {
        let w = columns(c);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    let mut out = out.trim_end().to_owned();
    out.push('…');
    (out, true)
}

/// Whether no line may begin with `c`: closing brackets and quotes, and
/// punctuation that ends a phrase (Western and full-width).
fn closes(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | ','
            | '.'
            | ':'
            | ';'
            | '!'
            | '?'
            | '%'
            | '…'
            | '’'
            | '”'
            | '）'
            | '］'
            | '｝'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '〕'
            | '，'
            | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '％'
            | '·'
            | '・'
            | 'ー'
    )
}

/// Whether no line may end with `c`: opening brackets and quotes.
fn opens(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '‘' | '“' | '（' | '［' | '｛' | '「' | '『' | '【' | '《' | '〈' | '〔'
    )
}

/// The pieces `label` may be broken between, each with whether a space
/// comes before it: the words between spaces, and within them every wide
/// character on its own (Chinese and Japanese are written without spaces
/// and break between any two characters), except that no piece begins
/// with a closing mark nor ends with an opening one.
pub(crate) fn pieces(label: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut space = false;
    let mut prev: Option<char> = None;
    for (i, c) in label.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((space, &label[s..i]));
            }
            space = true;
            prev = None;
            continue;
        }
        match (start, prev) {
            (Some(s), Some(p)) if !closes(c) && !opens(p) && (columns(p) > 1 || columns(c) > 1) => {
                out.push((space, &label[s..i]));
                space = false;
                start = Some(i);
            }
            (Some(_), _) => {}
            (None, _) => start = Some(i),
        }
        prev = Some(c);
    }
    if let Some(s) = start {
        out.push((space, &label[s..]));
    }
    out
}

/// `label` split into lines of at most `max_px` at `font_size`, at most
/// `max_lines` of them: at spaces, and between wide characters ([`pieces`]:
/// Chinese wraps without spaces). A piece too long for a line is broken
/// between characters; when lines are left over, the last line shown takes
/// the rest cut with `…`. Returns the lines and whether anything was cut.
/// Widths are terminal columns ([`text_width`]), so a Chinese character
/// takes as much room as two Latin letters.
pub(crate) fn wrap(
    label: &str,
    max_px: f64,
    font_size: f64,
    max_lines: usize,
) -> (Vec<String>, bool) {
    let mut lines: Vec<String> = Vec::new();
    // Where each line begins in `label`, for the rest of a cut label.
    let mut starts: Vec<usize> = Vec::new();
    let mut current = String::new();
    let mut current_start = 0;
    for (space, piece) in pieces(label) {
        let at = piece.as_ptr() as usize - label.as_ptr() as usize;
        if !current.is_empty() {
            let mut joined = current.clone();
            if space {
                joined.push(' ');
            }
            joined.push_str(piece);
            if text_width(&joined, font_size) <= max_px {
                current = joined;
                continue;
            }
            lines.push(std::mem::take(&mut current));
            starts.push(current_start);
        }
        current_start = at;
        for (offset, c) in piece.char_indices() {
            current.push(c);
            if text_width(&current, font_size) > max_px && current.chars().count() > 1 {
                current.pop();
                lines.push(std::mem::replace(&mut current, c.to_string()));
                starts.push(current_start);
                current_start = at + offset;
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
        starts.push(current_start);
    }
    let max_lines = max_lines.max(1);
    if lines.len() <= max_lines {
        return (lines, false);
    }
    lines.truncate(max_lines - 1);
    let rest = label[starts[max_lines - 1]..].trim();
    lines.push(fit(rest, max_px, font_size).0);
    (lines, true)
}

/// Width of the label column for `labels` at the root font size: the
/// longest estimate plus padding, between 48 and `cap` pixels.
pub(crate) fn label_column<'a>(labels: impl Iterator<Item = &'a str>, cap: f64) -> f64 {
    let longest = labels.map(|l| text_width(l, FONT_SIZE)).fold(0.0, f64::max);
    (longest + 14.0).clamp(48.0, cap).round()
}

// ---------------------------------------------------------------- numbers

/// A score as charts print it: two decimals, rounded down.
pub(crate) fn score(x: f64) -> String {
    crate::text::number::format_score(x)
}

/// The top of a scale: `max` when finite and positive, else the largest
/// finite data value rounded up to a whole level, at least 1.
pub(crate) fn scale_max(max: f64, data: impl Iterator<Item = f64>) -> f64 {
    if max.is_finite() && max > 0.0 {
        return max;
    }
    data.filter(|v| v.is_finite())
        .fold(0.0, f64::max)
        .ceil()
        .max(1.0)
}

/// A scale's top as words: `5` or `4.50`.
pub(crate) fn scale_text(max: f64) -> String {
    if max.fract() == 0.0 && max < 1e6 {
        whole_text(max)
    } else {
        score(max)
    }
}

/// `v` clamped into 0..=max; `None` for NaN (infinities clamp to the ends).
pub(crate) fn clamp(v: f64, max: f64) -> Option<f64> {
    if v.is_nan() {
        None
    } else {
        Some(v.clamp(0.0, max))
    }
}

/// A band clamped into 0..=max with its three values in order; `None` when
/// any is NaN.
pub(crate) fn clean_band(b: &Band, max: f64) -> Option<Band> {
    let mut v = [clamp(b.q1, max)?, clamp(b.median, max)?, clamp(b.q3, max)?];
    v.sort_by(f64::total_cmp);
    Some(Band {
        q1: v[0],
        median: v[1],
        q3: v[2],
    })
}

/// Tick values from 0 to `max`: every level when `max` is at most 10,
/// else a whole step that gives at most about ten ticks.
pub(crate) fn ticks(max: f64) -> Vec<f64> {
    let step = if max <= 10.0 {
        1.0
    } else {
        (max / 10.0).ceil()
    };
    let n = (max / step + 1e-9).floor() as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// A whole number as `format!("{v:.0}")` writes it, from its digits (the
/// float formatting with a precision takes its exact, slow path); other
/// values go to the float formatting.
pub(crate) fn whole_text(v: f64) -> String {
    if v.fract() != 0.0 || v.abs() >= 1e15 {
        return format!("{v:.0}");
    }
    let mut out = String::with_capacity(4);
    if v.is_sign_negative() {
        out.push('-');
    }
    crate::text::number::push_digits(&mut out, v.abs() as u64);
    out
}

/// A point rounded to whole pixels.
pub(crate) fn px((x, y): (f64, f64)) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

/// The point at `radius` from `centre` in the direction of `angle` (radians,
/// 0 = right, clockwise since y grows downwards).
pub(crate) fn polar(centre: (f64, f64), radius: f64, angle: f64) -> (f64, f64) {
    (
        centre.0 + radius * angle.cos(),
        centre.1 + radius * angle.sin(),
    )
}

/// The angle of spoke `i` of `n`, starting straight up, clockwise.
pub(crate) fn spoke_angle(i: usize, n: usize) -> f64 {
    -PI / 2.0 + 2.0 * PI * i as f64 / n as f64
}

/// Runs of consecutive present points. With `closed`, the sequence wraps:
/// all present gives one run ending where it began, and a run across the
/// end joins the one at the start.
pub(crate) fn runs<T: Copy>(points: &[Option<T>], closed: bool) -> Vec<Vec<T>> {
    let n = points.len();
    let start = match points.iter().position(Option::is_none) {
        None if closed && n > 0 => {
            let mut all: Vec<T> = points.iter().flatten().copied().collect();
            all.push(all[0]);
            return vec![all];
        }
        None => 0,
        Some(k) if closed => k + 1,
        Some(_) => 0,
    };
    let mut out = Vec::new();
    let mut current = Vec::new();
    for i in 0..n {
        match points[(start + i) % n] {
            Some(p) => current.push(p),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

// ---------------------------------------------------------------- canvas

/// A text's font: size in pixels, colour, italics.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Font {
    pub size: f64,
    pub color: RGBColor,
    pub italic: bool,
}

impl Font {
    /// Labels: the root size, in the page's text colour.
    pub(crate) const LABEL: Font = Font {
        size: FONT_SIZE,
        color: INK,
        italic: false,
    };
    /// Tick labels and cell values.
    pub(crate) const SMALL: Font = Font {
        size: 11.0,
        color: INK,
        italic: false,
    };

    /// This font in `color`.
    pub(crate) fn color(self, color: RGBColor) -> Font {
        Font { color, ..self }
    }

    /// This font in italics.
    pub(crate) fn italic(self) -> Font {
        Font {
            italic: true,
            ..self
        }
    }
}

/// Text anchors: horizontal and vertical.
pub(crate) const START: Pos = Pos {
    h_pos: HPos::Left,
    v_pos: VPos::Center,
};
/// See [`START`].
pub(crate) const END: Pos = Pos {
    h_pos: HPos::Right,
    v_pos: VPos::Center,
};
/// See [`START`].
pub(crate) const MIDDLE: Pos = Pos {
    h_pos: HPos::Center,
    v_pos: VPos::Center,
};
/// See [`START`].
pub(crate) const BELOW: Pos = Pos {
    h_pos: HPos::Center,
    v_pos: VPos::Top,
};

/// A plotters drawing area over [`SvgWriter`], in pixel coordinates,
/// that also tells the writer what plotters' styles cannot carry: dash
/// patterns and the full text of cut labels.
pub(crate) struct Canvas<'a> {
    area: DrawingArea<SvgWriter<'a>, Shift>,
    elements: &'a std::cell::RefCell<Elements>,
}

impl Canvas<'_> {
    /// Draws with `draw` on a fresh canvas of the chart width by `height`
    /// pixels and returns the elements' markup: a line break, then each
    /// element followed by one. A `fluid` canvas writes x coordinates as
    /// percentages of the chart width (see [`Elements::fluid`]).
    pub(crate) fn draw(height: u32, fluid: bool, draw: impl FnOnce(&mut Canvas)) -> String {
        let mut elements = Elements::new();
        elements.fluid = fluid.then_some(WIDTH);
        let elements = std::cell::RefCell::new(elements);
        draw(&mut Canvas {
            area: SvgWriter::new(&elements, (WIDTH as u32, height)).into_drawing_area(),
            elements: &elements,
        });
        elements.into_inner().markup
    }

    /// A polyline through `points`.
    pub(crate) fn path(
        &mut self,
        points: &[(f64, f64)],
        color: RGBColor,
        opacity: f64,
        width: u32,
        dash: Dash,
    ) {
        if points.len() < 2 {
            return;
        }
        let style = ShapeStyle {
            color: color.mix(opacity),
            filled: false,
            stroke_width: width,
        };
        let points: Vec<(i32, i32)> = points.iter().copied().map(px).collect();
        self.elements.borrow_mut().dash = dash;
        let _ = self.area.draw(&PathElement::new(points, style));
    }

    /// Draws with `draw` in pixels from the left edge, even on a fluid
    /// canvas: for legends, which keep their size and place.
    pub(crate) fn pinned(&mut self, draw: impl FnOnce(&mut Canvas)) {
        let was = std::mem::replace(&mut self.elements.borrow_mut().pinned, true);
        draw(self);
        self.elements.borrow_mut().pinned = was;
    }

    /// A filled polygon drawn around `centre`: on a fluid canvas it keeps
    /// its shape (a marker).
    fn anchored_polygon(&mut self, centre: (f64, f64), points: &[(f64, f64)], color: RGBColor) {
        self.elements.borrow_mut().anchor = Some(px(centre));
        self.polygon(points, color, 1.0);
        self.elements.borrow_mut().anchor = None;
    }

    /// Draws with `draw` inside a `<g>` that carries `attributes` (each as
    /// written, with its leading space: ` stroke-width="3"`), which the
    /// elements drawn then leave out. For runs of alike shapes, such as a
    /// row chart's bands: only their geometry is written per element.
    pub(crate) fn group(&mut self, attributes: &[&str], draw: impl FnOnce(&mut Canvas)) {
        let start = self.elements.borrow().markup.len();
        draw(self);
        let elements = &mut *self.elements.borrow_mut();
        let mut drawn = elements.markup.split_off(start);
        if drawn.is_empty() {
            return;
        }
        for a in attributes {
            drawn = drawn.replace(a, "");
        }
        let out = &mut elements.markup;
        out.push_str("<g");
        for a in attributes {
            out.push_str(a);
        }
        out.push_str(">\n");
        out.push_str(&drawn);
        out.push_str("</g>\n");
    }

    /// A straight line.
    pub(crate) fn line(&mut self, from: (f64, f64), to: (f64, f64), color: RGBColor, width: u32) {
        self.path(&[from, to], color, 1.0, width, Dash::Solid);
    }

    /// A filled polygon.
    pub(crate) fn polygon(&mut self, points: &[(f64, f64)], color: RGBColor, opacity: f64) {
        if points.len() < 3 {
            return;
        }
        let points: Vec<(i32, i32)> = points.iter().copied().map(px).collect();
        let _ = self
            .area
            .draw(&Polygon::new(points, color.mix(opacity).filled()));
    }

    /// A filled rectangle between two corners.
    pub(crate) fn fill_rect(
        &mut self,
        a: (f64, f64),
        b: (f64, f64),
        color: RGBColor,
        opacity: f64,
    ) {
        let _ = self
            .area
            .draw(&Rectangle::new([px(a), px(b)], color.mix(opacity).filled()));
    }

    /// A band: a rectangle between two corners lightly filled in `color`
    /// and outlined in it, as one element.
    pub(crate) fn band_rect(&mut self, a: (f64, f64), b: (f64, f64), color: RGBColor) {
        self.elements.borrow_mut().outlined = Some(color);
        self.fill_rect(a, b, color, BAND_OPACITY);
        self.elements.borrow_mut().outlined = None;
    }

    /// A rectangle's 1-pixel outline.
    pub(crate) fn stroke_rect(
        &mut self,
        a: (f64, f64),
        b: (f64, f64),
        color: RGBColor,
        opacity: f64,
    ) {
        let style = ShapeStyle {
            color: color.mix(opacity),
            filled: false,
            stroke_width: 1,
        };
        let _ = self.area.draw(&Rectangle::new([px(a), px(b)], style));
    }

    /// A filled circle.
    pub(crate) fn dot(&mut self, centre: (f64, f64), radius: u32, color: RGBColor) {
        let _ = self
            .area
            .draw(&Circle::new(px(centre), radius, color.filled()));
    }

    /// A data marker of `shape`, about `2 * size` across.
    pub(crate) fn marker(&mut self, shape: Marker, c: (f64, f64), size: f64, color: RGBColor) {
        let (x, y) = c;
        match shape {
            Marker::Circle => self.dot(c, size.round() as u32, color),
            Marker::Square => {
                let s = size * 0.9;
                self.anchored_polygon(
                    c,
                    &[
                        (x - s, y - s),
                        (x + s, y - s),
                        (x + s, y + s),
                        (x - s, y + s),
                    ],
                    color,
                );
            }
            Marker::Triangle => {
                let s = size * 1.2;
                self.anchored_polygon(
                    c,
                    &[(x, y - s), (x + s, y + s * 0.8), (x - s, y + s * 0.8)],
                    color,
                );
            }
            Marker::TriangleDown => {
                let s = size * 1.2;
                self.anchored_polygon(
                    c,
                    &[(x, y + s), (x + s, y - s * 0.8), (x - s, y - s * 0.8)],
                    color,
                );
            }
            Marker::Diamond => {
                let s = size * 1.3;
                self.anchored_polygon(c, &[(x, y - s), (x + s, y), (x, y + s), (x - s, y)], color);
            }
        }
    }

    /// Text exactly as given (already short enough).
    pub(crate) fn text(&mut self, s: &str, at: (f64, f64), pos: Pos, font: Font) {
        self.text_with_tooltip(s, None, at, pos, font);
    }

    /// A label cut to `max_px` (with its full text as a tooltip when cut).
    pub(crate) fn label(&mut self, full: &str, max_px: f64, at: (f64, f64), pos: Pos, font: Font) {
        let (shown, cut) = fit(full, max_px, font.size);
        self.text_with_tooltip(&shown, cut.then(|| full.to_owned()), at, pos, font);
    }

    /// Text as given, with `tooltip` (the full label) when there is one.
    pub(crate) fn text_with_tooltip(
        &mut self,
        s: &str,
        tooltip: Option<String>,
        at: (f64, f64),
        pos: Pos,
        font: Font,
    ) {
        if s.is_empty() {
            return;
        }
        let style = if font.italic {
            FontStyle::Italic
        } else {
            FontStyle::Normal
        };
        let style = FontDesc::new(FontFamily::SansSerif, font.size, style)
            .color(&font.color)
            .pos(pos);
        self.elements.borrow_mut().tooltip = tooltip;
        let _ = self.area.draw(&Text::new(s, px(at), style));
        // The writer takes the tooltip; should plotters not have reached
        // it, it must not go to the next text.
        self.elements.borrow_mut().tooltip = None;
    }
}

// ---------------------------------------------------------------- legends

/// What a legend entry shows before its label.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Glyph {
    /// A line sample with an optional marker in its middle.
    Line(RGBColor, Dash, Option<Marker>),
    /// A light fill with an outline (bands, boxes).
    Band(RGBColor),
    /// A solid swatch with an outline (levels).
    Swatch(RGBColor),
    /// A short bar (scores).
    Bar(RGBColor),
    /// A vertical tick (medians).
    Tick(RGBColor),
    /// A vertical line in the ink colour (targets).
    Target,
    /// A lone marker.
    Marker(Marker, RGBColor),
    /// A whisker with end caps (ranges).
    Whisker,
}

/// Opacity of band fills: light, so lines over them keep their contrast.
pub(crate) const BAND_OPACITY: f64 = 0.18;
/// Opacity of grid lines.
pub(crate) const GRID_OPACITY: f64 = 0.25;

/// A legend laid out in rows across the chart's width, from the left. A
/// label too long for its row wraps onto more lines: legends are never cut.
#[derive(Debug)]
pub(crate) struct Legend {
    items: Vec<(Glyph, Vec<String>, f64, usize)>,
    rows: usize,
}

const LEGEND_ROW: f64 = 20.0;
const LEGEND_GLYPH: f64 = 30.0;

impl Legend {
    /// Lays out `items` (glyph and label) from the left, wrapping rows; an
    /// item whose label takes more than one line has its rows to itself.
    pub(crate) fn new(items: Vec<(Glyph, String)>) -> Legend {
        const LEFT: f64 = 8.0;
        let right = WIDTH - 8.0;
        let mut x = LEFT;
        let mut row = 0;
        let mut laid = Vec::with_capacity(items.len());
        for (glyph, label) in items {
            let (lines, _) = wrap(
                &clean_label(&label),
                right - LEFT - LEGEND_GLYPH,
                FONT_SIZE,
                usize::MAX,
            );
            let widest = lines
                .iter()
                .map(|l| text_width(l, FONT_SIZE))
                .fold(0.0, f64::max);
            let w = LEGEND_GLYPH + widest;
            if (x + w > right || lines.len() > 1) && x > LEFT {
                row += 1;
                x = LEFT;
            }
            let height = lines.len().max(1);
            laid.push((glyph, lines, x, row));
            if height > 1 {
                row += height - 1;
                x = right;
            } else {
                x += w + 18.0;
            }
        }
        let rows = if laid.is_empty() { 0 } else { row + 1 };
        Legend { items: laid, rows }
    }

    /// Height the legend takes (0 when empty).
    pub(crate) fn height(&self) -> f64 {
        self.rows as f64 * LEGEND_ROW
    }

    /// Draws the legend with its first row centred on `top + 10`, in
    /// pixels from the left at any width.
    pub(crate) fn draw(&self, canvas: &mut Canvas, top: f64) {
        canvas.pinned(|canvas| {
            for (glyph, lines, x, row) in &self.items {
                let y = top + 10.0 + *row as f64 * LEGEND_ROW;
                draw_glyph(canvas, *glyph, *x, y);
                for (k, line) in lines.iter().enumerate() {
                    let at = (x + LEGEND_GLYPH, y + k as f64 * LEGEND_ROW);
                    canvas.text(line, at, START, Font::LABEL);
                }
            }
        });
    }
}

/// Draws a legend entry's glyph, 24 pixels wide from `x`, centred on `y`.
fn draw_glyph(canvas: &mut Canvas, glyph: Glyph, x: f64, y: f64) {
    match glyph {
        Glyph::Line(color, dash, marker) => {
            canvas.path(&[(x, y), (x + 24.0, y)], color, 1.0, 2, dash);
            if let Some(m) = marker {
                canvas.marker(m, (x + 12.0, y), 4.0, color);
            }
        }
        Glyph::Band(color) => {
            canvas.band_rect((x + 1.0, y - 6.0), (x + 23.0, y + 6.0), color);
        }
        Glyph::Swatch(color) => {
            canvas.fill_rect((x + 4.0, y - 6.0), (x + 20.0, y + 6.0), color, 1.0);
            canvas.stroke_rect((x + 4.0, y - 6.0), (x + 20.0, y + 6.0), INK, 0.6);
        }
        Glyph::Bar(color) => {
            canvas.fill_rect((x, y - 4.0), (x + 24.0, y + 4.0), color, 1.0);
        }
        Glyph::Tick(color) => {
            canvas.line((x + 12.0, y - 7.0), (x + 12.0, y + 7.0), color, 3);
        }
        Glyph::Target => {
            canvas.line((x + 12.0, y - 8.0), (x + 12.0, y + 8.0), INK, 2);
        }
        Glyph::Marker(m, color) => canvas.marker(m, (x + 12.0, y), 4.0, color),
        Glyph::Whisker => {
            canvas.line((x + 2.0, y), (x + 22.0, y), INK, 1);
            canvas.line((x + 2.0, y - 5.0), (x + 2.0, y + 5.0), INK, 1);
            canvas.line((x + 22.0, y - 5.0), (x + 22.0, y + 5.0), INK, 1);
        }
    }
}

// ---------------------------------------------------------------- rows

// What the row charts share (bullet bars, box plots, the level
// distribution, the heatmap): a row's label line, a left label column for
// short labels, and a scale's labels kept inside the chart.

/// Left and right margins of a row chart's scale and label lines.
pub(crate) const MARGIN: f64 = 6.0;

/// Where a row's label line is centred, from the row's top.
pub(crate) const LABEL_Y: f64 = 9.0;

/// Draws a row's label line for the row whose top is at `top`: `label`
/// from the left margin, cut (with a tooltip) only where it would reach
/// `value`, which sits at the right margin in `font` (none when empty).
pub(crate) fn label_line(c: &mut Canvas, label: &str, value: &str, font: Font, top: f64) {
    let y = top + LABEL_Y;
    let mut room = WIDTH - 2.0 * MARGIN;
    if !value.is_empty() {
        c.text(value, (WIDTH - MARGIN, y), END, font);
        room -= text_width(value, font.size) + 8.0;
    }
    c.label(label, room, (MARGIN, y), START, Font::LABEL);
}

/// The width of a left label column for `labels` when every one fits in
/// a column of at most `cap` pixels (short labels such as periods); `None`
/// when one does not: the labels then go on a line above their rows.
pub(crate) fn left_column<'a>(labels: impl Iterator<Item = &'a str>, cap: f64) -> Option<f64> {
    Some(label_column(labels, f64::INFINITY)).filter(|w| *w <= cap)
}

/// Draws a scale's labels (`Font::SMALL`) at `x(value)`, centred on each
/// of `rows`; the first and last are kept inside the chart.
pub(crate) fn scale_labels(
    c: &mut Canvas,
    labels: &[(f64, String)],
    x: impl Fn(f64) -> f64,
    rows: &[f64],
) {
    for (v, text) in labels {
        let x = x(*v);
        let anchor = edge_anchor(x, text);
        for y in rows {
            c.text(text, (x, *y), anchor, Font::SMALL);
        }
    }
}

/// A label's anchor at `x`: centred, unless that would take `text` out of
/// the chart.
fn edge_anchor(x: f64, text: &str) -> Pos {
    let half = text_width(text, Font::SMALL.size) / 2.0;
    if x - half < 0.0 {
        START
    } else if x + half > WIDTH {
        END
    } else {
        MIDDLE
    }
}

/// Maps values 0..=max onto pixels `x0..=x1`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scale {
    pub max: f64,
    pub x0: f64,
    pub x1: f64,
}

impl Scale {
    /// The pixel of value `v`.
    pub(crate) fn x(&self, v: f64) -> f64 {
        self.x0 + (self.x1 - self.x0) * (v / self.max).clamp(0.0, 1.0)
    }
}

/// Tick labels for a level scale: whole numbers.
pub(crate) fn level_labels(max: f64) -> Vec<(f64, String)> {
    ticks(max).into_iter().map(|v| (v, whole_text(v))).collect()
}

// ---------------------------------------------------------------- output

/// What identifies a chart and describes it.
#[derive(Clone)]
pub(crate) struct Frame<'t> {
    /// The chart kind, for the class `chart-<kind>`.
    pub kind: &'static str,
    /// The caller's id prefix.
    pub id: &'t str,
    /// The short name.
    pub title: &'t str,
    /// The text alternative.
    pub description: String,
    /// The height in pixels (of the viewBox when not fluid).
    pub height: f64,
    /// Whether the chart is fluid: drawn for the nominal [`WIDTH`], it
    /// stretches sideways across any column while its text, markers and
    /// height keep their pixel size (row charts, trends). Otherwise it
    /// scales as a whole within its `viewBox` (the radar's circle).
    pub fluid: bool,
}

impl Frame<'_> {
    /// The viewBox height in whole pixels, at least 40.
    fn pixel_height(&self) -> u32 {
        self.height.ceil().max(40.0) as u32
    }
}

/// How far a chart that is not fluid may scale up: its 12-pixel text
/// shows at most this many times its size.
const SCALED_MAX: f64 = 1.25;

/// Draws a chart with `draw` on a fresh canvas.
pub(crate) fn render(frame: Frame, draw: impl FnOnce(&mut Canvas)) -> Svg {
    let height = frame.pixel_height();
    let body = Canvas::draw(height, frame.fluid, draw);
    finish(&frame, height, "", &body)
}

/// [`render`] for a chart that begins with the same chrome as many others
/// (the legend and value axis of every bullet chart of a dimension): what
/// `chrome` draws is drawn once per thread for each distinct `key`, then
/// reused, and only `draw` runs for each chart. `key` must tell apart
/// everything `chrome` draws: the `Debug` text of what it captures does.
/// The markup is the same as that of [`render`] drawing `chrome` and then
/// `draw` (tested).
pub(crate) fn render_with_chrome(
    frame: Frame,
    key: &str,
    chrome: impl FnOnce(&mut Canvas),
    draw: impl FnOnce(&mut Canvas),
) -> Svg {
    thread_local! {
        static CHROME: std::cell::RefCell<
            std::collections::HashMap<String, std::rc::Rc<str>, foldhash::fast::FixedState>,
        > = std::cell::RefCell::default();
    }
    /// Distinct chromes kept per thread (a site has a few per chart kind).
    const KEEP: usize = 256;
    let height = frame.pixel_height();
    let key = format!("{height}|{}|{key}", frame.fluid);
    let cached = CHROME.with(|c| c.borrow().get(&key).cloned());
    let chrome = cached.unwrap_or_else(|| {
        let drawn: std::rc::Rc<str> = Canvas::draw(height, frame.fluid, chrome).into();
        CHROME.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= KEEP {
                c.clear();
            }
            c.insert(key, std::rc::Rc::clone(&drawn));
        });
        drawn
    });
    let body = Canvas::draw(height, frame.fluid, draw);
    finish(&frame, height, &chrome, &body)
}

/// A chart that only says it has no data to draw.
pub(crate) fn message_chart(kind: &'static str, id: &str, title: &str, words: &Words) -> Svg {
    let message = words.no_data;
    let frame = Frame {
        kind,
        id,
        title,
        description: format!("{message}{}", words.full_stop),
        height: 48.0,
        fluid: true,
    };
    render(frame, |c| {
        c.text(message, (WIDTH / 2.0, 24.0), MIDDLE, Font::LABEL.italic());
    })
}

/// A usable id: ASCII letters, digits, `-` and `_` kept, anything else
/// `-`, prefixed with `chart-` unless it starts with a letter.
pub(crate) fn clean_id(id: &str) -> String {
    let body: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        body
    } else {
        format!("chart-{body}")
    }
}

/// The chart's markup: its root tag, title and description, then the
/// elements of `chrome` (drawn earlier, see [`render_with_chrome`]) and of
/// `body`.
fn finish(frame: &Frame, height: u32, chrome: &str, body: &str) -> Svg {
    let id = clean_id(frame.id);
    let title = clean_label(frame.title);
    let description = clean_label(&frame.description);
    let width = WIDTH as u32;

    let body = if chrome.is_empty() {
        body
    } else {
        // The chrome ends with its last element's line break.
        body.strip_prefix('\n').unwrap_or(body)
    };
    let mut out = String::with_capacity(chrome.len() + body.len() + 512);
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" ");
    if frame.fluid {
        // The inline height wins over a theme's `height:auto`, which would
        // collapse a drawing without a viewBox.
        let _ = write!(
            out,
            "width=\"100%\" height=\"{height}\" style=\"height:{height}px\""
        );
    } else {
        // At most as wide as it reads well: its text stays between 11 and
        // 15 pixels from a phone's column to a desktop's.
        let _ = write!(
            out,
            "viewBox=\"0 0 {width} {height}\" width=\"100%\" \
             style=\"max-width:{max}px;height:auto\" preserveAspectRatio=\"xMidYMid meet\"",
            max = (f64::from(width) * SCALED_MAX).round()
        );
    }
    let _ = write!(
        out,
        " class=\"chart chart-{kind}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" fill=\"currentColor\" \
         font-family=\"sans-serif\" font-size=\"{FONT_SIZE}\">\n<title id=\"{id}-title\">{t}</title>\n\
         <desc id=\"{id}-desc\">{d}</desc>",
        kind = frame.kind,
        t = escape(&title),
        d = escape(&description),
    );
    out.push_str(chrome);
    out.push_str(body);
    out.push_str("</svg>\n");

    Svg {
        markup: out,
        title,
        description,
    }
}

/// Joins description parts (with `; ` in English) and ends them with a
/// full stop.
pub(crate) fn sentence(parts: &[String], words: &Words) -> String {
    let mut s = parts.join(words.part_sep);
    s.push_str(words.full_stop);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::style::{BLUE, SERIES, VERMILLION, sequential};
    use crate::text::number::{tenths, tenths_text};

    #[test]
    fn chrome_drawn_once_gives_the_markup_of_one_drawing() {
        let long = "A label far too long for its column, shown whole as a tooltip";
        let frame = Frame {
            kind: "test",
            id: "t",
            title: "T",
            description: "D".to_owned(),
            height: 120.0,
            fluid: true,
        };
        // Both parts hold a cut label (a tooltip) and a dashed stroke:
        // neither may leak into the other part.
        let chrome = |c: &mut Canvas| {
            Legend::new(vec![
                (Glyph::Line(BLUE, Dash::Dashed, None), long.to_owned()),
                (Glyph::Bar(BLUE), "Score".to_owned()),
            ])
            .draw(c, 0.0);
            c.path(
                &[(10.0, 40.0), (200.0, 40.0)],
                VERMILLION,
                1.0,
                2,
                Dash::Dotted,
            );
        };
        let draw = |c: &mut Canvas| {
            c.label(long, 80.0, (4.0, 60.0), START, Font::LABEL);
            c.path(
                &[(10.0, 80.0), (200.0, 80.0)],
                BLUE,
                1.0,
                2,
                Dash::LongShort,
            );
            c.text("n/a", (300.0, 90.0), END, Font::SMALL.italic());
        };
        let whole = render(frame.clone(), |c| {
            chrome(c);
            draw(c);
        });
        let key = "chrome_drawn_once_gives_the_markup_of_one_drawing";
        let first = render_with_chrome(frame.clone(), key, chrome, draw);
        let cached = render_with_chrome(frame, key, chrome, draw);
        assert_eq!(first.markup, whole.markup);
        assert_eq!(cached.markup, whole.markup);
        // The body's label is cut with a tooltip; the legend's wraps.
        assert_eq!(
            whole
                .markup
                .matches(&format!("<title>{long}</title>"))
                .count(),
            1
        );
        assert!(
            whole
                .markup
                .contains(">A label far too long for its column,</text>")
        );
        assert_eq!(whole.markup.matches("stroke-dasharray").count(), 3);
    }

    #[test]
    fn widths_count_wide_characters_double() {
        assert_eq!(text_width("abc", 10.0), 18.0);
        assert_eq!(text_width("東方精密", 10.0), 48.0);
        assert_eq!(text_width("한국", 10.0), 24.0);
        assert_eq!(text_width("ＡＢ", 10.0), 24.0);
        assert_eq!(text_width("e\u{301}", 10.0), 6.0);
        // Joiners and variation selectors take no column either.
        assert_eq!(text_width("a\u{200d}b\u{fe0f}", 10.0), 12.0);
        assert_eq!(
            text_width("a\u{1}b", 10.0),
            18.0,
            "a control is drawn as a space"
        );
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("short", 100.0, 10.0), ("short".to_owned(), false));
        let (s, cut) = fit("A rather long capability name", 60.0, 10.0);
        assert!(cut);
        assert_eq!(s, "A rather…");
        assert!(text_width(&s, 10.0) <= 60.0);
        let (s, cut) = fit("東方精密工業株式会社", 60.0, 10.0);
        assert!(cut);
        assert_eq!(s, "東方精密…");
        assert!(text_width(&s, 10.0) <= 60.0);
        assert_eq!(fit("anything", 1.0, 10.0).0, "…");
    }

    #[test]
    fn wrap_breaks_at_spaces_then_inside_words_then_cuts() {
        assert_eq!(
            wrap("Middle half of peers", 60.0, 10.0, 9),
            (
                vec!["Middle".into(), "half of".into(), "peers".into()],
                false
            )
        );
        assert_eq!(
            wrap("Supercalifragilistic", 60.0, 10.0, 9),
            (vec!["Supercalif".into(), "ragilistic".into()], false)
        );
        let (lines, cut) = wrap("one two three four five", 60.0, 10.0, 2);
        assert!(cut);
        assert_eq!(lines, vec!["one two".to_owned(), "three fou…".to_owned()]);
        assert!(lines.iter().all(|l| text_width(l, 10.0) <= 60.0));
        assert_eq!(wrap("東方精密工業株式会社", 40.0, 10.0, 9).0.len(), 4);
        assert_eq!(wrap("", 40.0, 10.0, 9), (Vec::<String>::new(), false));
    }

    #[test]
    fn chinese_labels_are_measured_in_columns_and_wrap_between_characters() {
        // Two columns a character, about an em: counting characters would
        // give half these widths, and lines twice too long.
        assert_eq!(text_width("数据模型", 10.0), 48.0);
        assert_eq!(text_width("准时足量交付率", 10.0), 84.0);
        assert_eq!(
            wrap("准时足量交付率", 40.0, 10.0, 9),
            (
                vec!["准时足".to_owned(), "量交付".to_owned(), "率".to_owned()],
                false
            )
        );
        // A Chinese label after a Latin word goes on the same line as far
        // as it fits, rather than starting a line as a long word would.
        assert_eq!(
            wrap("ERP 数据模型", 60.0, 10.0, 9).0,
            ["ERP 数据模", "型"].map(String::from)
        );
        assert_eq!(
            wrap("数据模型与准时足量交付率", 60.0, 10.0, 2),
            (vec!["数据模型与".to_owned(), "准时足量…".to_owned()], true)
        );
        for line in wrap("数据模型与准时足量交付率", 60.0, 10.0, 9).0 {
            assert!(text_width(&line, 10.0) <= 60.0, "{line}");
        }
        let (s, cut) = fit("准时足量交付率", 50.0, 10.0);
        assert!(cut);
        assert_eq!(s, "准时足…");
    }

    #[test]
    fn no_line_begins_with_a_closing_mark_or_ends_with_an_opening_one() {
        let shown: Vec<&str> = pieces("数据，模型（准时）交付 of 1.5%")
            .iter()
            .map(|p| p.1)
            .collect();
        assert_eq!(
            shown,
            [
                "数", "据，", "模", "型", "（准", "时）", "交", "付", "of", "1.5%"
            ]
        );
        assert_eq!(
            pieces("a b  c")
                .iter()
                .map(|(space, p)| (*space, *p))
                .collect::<Vec<_>>(),
            [(false, "a"), (true, "b"), (true, "c")]
        );
        assert_eq!(
            wrap("交付率，准时", 30.0, 10.0, 9).0,
            ["交付", "率，", "准时"].map(String::from)
        );
    }

    #[test]
    fn legends_wrap_long_labels_and_never_cut_them() {
        let long =
            "3 Integrated collaboration across the whole of the supply chain and its partners";
        let legend = Legend::new(vec![
            (Glyph::Bar(BLUE), "Score".to_owned()),
            (Glyph::Swatch(BLUE), long.to_owned()),
            (Glyph::Tick(BLUE), "Median".to_owned()),
        ]);
        // "Score", then the long label on rows of its own, then "Median".
        let lines: Vec<&String> = legend.items.iter().flat_map(|i| &i.1).collect();
        assert_eq!(
            lines
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            format!("Score {long} Median")
        );
        assert!(legend.items[1].1.len() >= 2, "{:?}", legend.items[1]);
        assert_eq!(legend.items[1].3, 1);
        assert_eq!(legend.items[2].3, 1 + legend.items[1].1.len());
        assert_eq!(
            legend.height(),
            LEGEND_ROW * (2 + legend.items[1].1.len()) as f64
        );
        for (_, lines, x, _) in &legend.items {
            for l in lines {
                assert!(
                    x + LEGEND_GLYPH + text_width(l, FONT_SIZE) <= WIDTH - 8.0,
                    "{l}"
                );
            }
        }
        let markup = Canvas::draw(200, true, |c| legend.draw(c, 0.0));
        assert!(!markup.contains('…'));
        assert!(
            !markup.contains('%'),
            "legends are pinned in pixels: {markup}"
        );
    }

    #[test]
    fn fluid_charts_stretch_sideways_and_keep_their_text_and_markers() {
        let markup = Canvas::draw(100, true, |c| {
            c.fill_rect((0.0, 10.0), (164.0, 20.0), BLUE, 1.0);
            c.path(
                &[(0.0, 50.0), (82.0, 40.0), (328.0, 60.0)],
                BLUE,
                1.0,
                2,
                Dash::Dashed,
            );
            c.marker(Marker::Diamond, (82.0, 40.0), 4.0, BLUE);
            c.dot((246.0, 30.0), 3, BLUE);
            c.polygon(&[(0.0, 0.0), (164.0, 0.0), (164.0, 9.0)], BLUE, 0.18);
            c.text("Label", (32.8, 70.0), START, Font::LABEL);
        });
        assert_eq!(
            markup,
            "\n<rect x=\"0%\" y=\"10\" width=\"50%\" height=\"10\" fill=\"#0072B2\"/>\n\
             <line stroke=\"#0072B2\" stroke-dasharray=\"6 3\" stroke-width=\"2\" x1=\"0%\" y1=\"50\" x2=\"25%\" y2=\"40\"/>\n\
             <line stroke=\"#0072B2\" stroke-dasharray=\"6 3\" stroke-width=\"2\" x1=\"25%\" y1=\"40\" x2=\"100%\" y2=\"60\"/>\n\
             <svg x=\"25%\" y=\"40\" overflow=\"visible\"><polygon fill=\"#0072B2\" points=\"0,-5 5,0 0,5 -5,0 \"/></svg>\n\
             <circle cx=\"75%\" cy=\"30\" r=\"3\" fill=\"#0072B2\"/>\n\
             <svg width=\"100%\" height=\"100\" viewBox=\"0 0 328 100\" preserveAspectRatio=\"none\">\
             <polygon opacity=\"0.18\" fill=\"#0072B2\" points=\"0,0 164,0 164,9 \"/></svg>\n\
             <text x=\"10.06%\" y=\"73\">Label</text>\n"
        );
    }

    #[test]
    fn labels_lose_control_characters() {
        assert_eq!(clean_label("  a\u{0}b\n\tc\u{FFFF} "), "a b c");
        assert_eq!(clean_label("R&D <Ops>"), "R&D <Ops>");
    }

    #[test]
    fn escaping_covers_markup() {
        assert_eq!(
            escape("</text><script>\"'&"),
            "&lt;/text&gt;&lt;script&gt;&quot;&apos;&amp;"
        );
    }

    #[test]
    fn ids_are_safe() {
        assert_eq!(clean_id("radar-1"), "radar-1");
        assert_eq!(clean_id("1 x\"y"), "chart-1-x-y");
        assert_eq!(clean_id(""), "chart-");
    }

    #[test]
    fn scale_guards() {
        assert_eq!(scale_max(5.0, [].into_iter()), 5.0);
        assert_eq!(scale_max(0.0, [2.3, f64::NAN].into_iter()), 3.0);
        assert_eq!(scale_max(f64::NAN, [].into_iter()), 1.0);
        assert_eq!(scale_max(-1.0, [f64::INFINITY].into_iter()), 1.0);
        assert_eq!(clamp(f64::INFINITY, 5.0), Some(5.0));
        assert_eq!(clamp(-2.0, 5.0), Some(0.0));
        assert_eq!(clamp(f64::NAN, 5.0), None);
        assert_eq!(ticks(5.0), vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(ticks(4.5).len(), 5);
        assert_eq!(ticks(100.0).len(), 11);
    }

    #[test]
    fn runs_split_at_gaps_and_wrap_when_closed() {
        let p = [Some(1), None, Some(3), Some(4)];
        assert_eq!(runs(&p, false), vec![vec![1], vec![3, 4]]);
        assert_eq!(runs(&p, true), vec![vec![3, 4, 1]]);
        assert_eq!(runs(&[Some(1), Some(2)], true), vec![vec![1, 2, 1]]);
        assert_eq!(runs::<i32>(&[None, None], true), Vec::<Vec<i32>>::new());
    }

    #[test]
    fn series_colours_meet_aa_for_graphics_on_white_and_black() {
        for c in SERIES {
            assert!(
                contrast(c, RGBColor(255, 255, 255)) >= 3.0,
                "{c:?} on white"
            );
            assert!(contrast(c, RGBColor(0, 0, 0)) >= 3.0, "{c:?} on black");
        }
    }

    #[test]
    fn text_on_the_sequential_palette_meets_aa() {
        for i in 0..=100 {
            let bg = sequential(f64::from(i) / 100.0);
            assert!(contrast(bg, text_on(bg)) >= 4.5, "{bg:?}");
        }
        let lightness: Vec<f64> = (0..=10)
            .map(|i| luminance(sequential(f64::from(i) / 10.0)))
            .collect();
        assert!(lightness.windows(2).all(|w| w[0] > w[1]), "light to dark");
    }

    #[test]
    fn whole_numbers_are_written_as_float_formatting_writes_them() {
        let mut values: Vec<f64> = (-2000..2000).map(|i| f64::from(i) * 0.25).collect();
        values.extend([-0.0, 1e14, 1e15, -1e16, 1e300, f64::NAN, f64::INFINITY]);
        for v in values {
            assert_eq!(whole_text(v), format!("{v:.0}"), "{v}");
        }
    }

    #[test]
    fn short_numbers_are_written_as_float_formatting_writes_them() {
        let short_number = |v: f64| tenths_text(tenths(v));
        for i in -3000..3000 {
            let v = f64::from(i) * 0.037;
            let r = (v * 10.0).round() / 10.0;
            let expected = if r.fract() == 0.0 {
                format!("{r:.0}")
            } else {
                format!("{r:.1}")
            };
            assert_eq!(short_number(v), expected, "{v}");
        }
        assert_eq!(short_number(-0.01), "-0");
        assert_eq!(short_number(1e300), format!("{:.0}", 1e300));
        assert_eq!(short_number(f64::NAN), "NaN");
    }
}
