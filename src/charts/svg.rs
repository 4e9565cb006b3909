//! The SVG writer charts are drawn into: a plotters [`DrawingBackend`]
//! that writes each element in its final, compact form, in one pass.
//!
//! Plotters hands this writer pixel coordinates and styles; the writer
//! leaves out attributes at their default values (`opacity="1"`,
//! `stroke-width="1"`, `stroke="none"`, the root's font family and size,
//! `text-anchor="start"`), writes the ink colour as `currentColor` so
//! charts follow the page's colour scheme, rounds font sizes to tenths,
//! and adds what plotters' styles cannot carry: a stroke's dash pattern
//! and a cut label's full text as a `<title>` tooltip. The canvas
//! (`common::Canvas`) sets those two in [`Elements`] just before it draws.
//!
//! Every element ends with a line break, and one precedes the first, so
//! chart markup stays diffable line by line.

use std::cell::RefCell;
use std::convert::Infallible;
use std::fmt::Write as _;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};

use super::style::{Dash, FONT_SIZE, INK};

use crate::text::number::{tenths, tenths_text};

use crate::text::escape::markup as escape;

/// The elements drawn so far, and what the canvas says about the next one.
#[derive(Debug)]
pub(crate) struct Elements {
    /// The markup: a line break, then each element followed by one.
    pub markup: String,
    /// The dash pattern of the next path's stroke (the canvas sets it for
    /// every path).
    pub dash: Dash,
    /// The full text of the next label, when it was cut to fit.
    pub tooltip: Option<String>,
    /// The nominal width of a fluid chart: x coordinates and widths are
    /// then written as percentages of it, so the drawing stretches across
    /// any column while text, markers and heights keep their pixel size.
    /// `None`: plain user units of a `viewBox`.
    pub fluid: Option<f64>,
    /// While set, a fluid chart's x coordinates are written in pixels from
    /// its left edge (legends keep their size and place at every width).
    pub pinned: bool,
    /// The point the next polygon (a marker) is drawn around: in a fluid
    /// chart it is written inside a nested `<svg>` placed there, so its
    /// shape does not stretch.
    pub anchor: Option<(i32, i32)>,
    /// The outline of the next filled rectangle, drawn with its fill as
    /// one element (a band); its opacity then applies to the fill only.
    pub outlined: Option<plotters::style::RGBColor>,
}

impl Elements {
    /// No elements yet.
    pub(crate) fn new() -> Elements {
        let mut markup = String::with_capacity(8 * 1024);
        markup.push('\n');
        Elements {
            markup,
            dash: Dash::Solid,
            tooltip: None,
            fluid: None,
            pinned: false,
            anchor: None,
            outlined: None,
        }
    }

    /// The nominal width x coordinates are percentages of, when they are.
    fn percent_of(&self) -> Option<f64> {
        self.fluid.filter(|_| !self.pinned)
    }
}

/// A plotters backend writing into shared [`Elements`].
pub(crate) struct SvgWriter<'a> {
    size: (u32, u32),
    elements: &'a RefCell<Elements>,
}

impl<'a> SvgWriter<'a> {
    /// A writer for a drawing of `size` pixels.
    pub(crate) fn new(elements: &'a RefCell<Elements>, size: (u32, u32)) -> SvgWriter<'a> {
        SvgWriter { size, elements }
    }
}

type Drawn = Result<(), DrawingErrorKind<Infallible>>;

impl DrawingBackend for SvgWriter<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        self.draw_rect(point, (point.0 + 1, point.1 + 1), &color, true)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let elements = &mut *self.elements.borrow_mut();
        let fluid = elements.percent_of();
        line(&mut elements.markup, from, to, style, "", fluid);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let elements = &mut *self.elements.borrow_mut();
        let fluid = elements.percent_of();
        let outlined = elements.outlined.take();
        let out = &mut elements.markup;
        out.push_str("<rect");
        x_attr(out, "x", upper_left.0.into(), fluid);
        int(out, "y", upper_left.1.into());
        let width = i64::from(bottom_right.0) - i64::from(upper_left.0);
        let height = i64::from(bottom_right.1) - i64::from(upper_left.1);
        x_attr(out, "width", width, fluid);
        int(out, "height", height);
        match outlined.filter(|_| fill) {
            Some(outline) => {
                let c = style.color();
                if c.alpha != 1.0 {
                    let _ = write!(out, " fill-opacity=\"{}\"", c.alpha);
                }
                color(out, "fill", c);
                color(
                    out,
                    "stroke",
                    BackendColor {
                        alpha: 1.0,
                        rgb: (outline.0, outline.1, outline.2),
                    },
                );
            }
            None => {
                opacity(out, style.color());
                paint(out, style.color(), fill);
            }
        }
        out.push_str("/>\n");
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let elements = &mut *self.elements.borrow_mut();
        let dasharray = elements.dash.dasharray();
        if let Some(width) = elements.percent_of() {
            // A polyline's points cannot be percentages: a fluid chart
            // draws each segment as a line.
            let points: Vec<BackendCoord> = path.into_iter().collect();
            for pair in points.windows(2) {
                line(
                    &mut elements.markup,
                    pair[0],
                    pair[1],
                    style,
                    &dasharray,
                    Some(width),
                );
            }
            return Ok(());
        }
        let out = &mut elements.markup;
        out.push_str("<polyline");
        attr(out, "fill", "none");
        opacity(out, style.color());
        color(out, "stroke", style.color());
        if !dasharray.is_empty() {
            attr(out, "stroke-dasharray", &dasharray);
        }
        stroke_width(out, style.stroke_width());
        points(out, path);
        out.push_str("/>\n");
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let elements = &mut *self.elements.borrow_mut();
        let anchor = elements.anchor.take();
        let fluid = elements.percent_of();
        let out = &mut elements.markup;
        // In a fluid chart a marker is drawn around the origin of a nested
        // viewport placed at its centre; any other shape in a viewport
        // that stretches only sideways, as the chart does.
        let closing = match (fluid, anchor) {
            (None, _) => None,
            (Some(width), Some((x, y))) => {
                out.push_str("<svg");
                x_attr(out, "x", x.into(), Some(width));
                int(out, "y", y.into());
                out.push_str(" overflow=\"visible\">");
                Some((x, y))
            }
            (Some(width), None) => {
                let height = self.size.1;
                let _ = write!(
                    out,
                    "<svg width=\"100%\" height=\"{height}\" viewBox=\"0 0 {} {height}\" \
                     preserveAspectRatio=\"none\">",
                    width.round()
                );
                Some((0, 0))
            }
        };
        out.push_str("<polygon");
        opacity(out, style.color());
        color(out, "fill", style.color());
        let (dx, dy) = closing.unwrap_or((0, 0));
        points(out, path.into_iter().map(|(x, y)| (x - dx, y - dy)));
        out.push_str("/>");
        if closing.is_some() {
            out.push_str("</svg>");
        }
        out.push('\n');
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let elements = &mut *self.elements.borrow_mut();
        let fluid = elements.percent_of();
        let out = &mut elements.markup;
        out.push_str("<circle");
        x_attr(out, "cx", center.0.into(), fluid);
        int(out, "cy", center.1.into());
        int(out, "r", radius.into());
        opacity(out, style.color());
        paint(out, style.color(), fill);
        stroke_width(out, style.stroke_width());
        out.push_str("/>\n");
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Drawn {
        let elements = &mut *self.elements.borrow_mut();
        let tooltip = elements.tooltip.take();
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let fluid = elements.percent_of();
        let out = &mut elements.markup;
        out.push_str("<text");
        x_attr(out, "x", x.into(), fluid);
        // The baseline, from the font size: a sans-serif's x-height is
        // about half its size and its capitals three quarters of it.
        let anchor = style.anchor();
        let size = style.size();
        let baseline = f64::from(y)
            + match anchor.v_pos {
                VPos::Top => 0.76 * size,
                VPos::Center => 0.27 * size,
                VPos::Bottom => -0.27 * size,
            };
        int(out, "y", baseline.round() as i64);
        match anchor.h_pos {
            HPos::Left => {}
            HPos::Center => attr(out, "text-anchor", "middle"),
            HPos::Right => attr(out, "text-anchor", "end"),
        }
        let family = style.family();
        if family.as_str() != "sans-serif" {
            attr(out, "font-family", &escape(family.as_str()));
        }
        let size = tenths(size);
        if size != tenths(FONT_SIZE) {
            attr(out, "font-size", &tenths_text(size));
        }
        opacity(out, style.color());
        color(out, "fill", style.color());
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => attr(out, "font-weight", "bold"),
            other => attr(out, "font-style", other.as_str()),
        }
        let degrees = match style.transform() {
            FontTransform::None => None,
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
        };
        if let Some(degrees) = degrees {
            let _ = write!(out, " transform=\"rotate({degrees}, {x}, {y})\"");
        }
        out.push('>');
        if let Some(full) = tooltip {
            out.push_str("<title>");
            out.push_str(&escape(&full));
            out.push_str("</title>");
        }
        out.push_str(escape(text).trim_matches('\n'));
        out.push_str("</text>\n");
        Ok(())
    }
}

/// Appends ` name="value"` (`value` must need no escaping).
fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    out.push_str(value);
    out.push('"');
}

/// Appends a line from `from` to `to` in `style`, dashed by `dasharray`
/// when it is not empty, its x coordinates in percent of `fluid` when set.
fn line<S: BackendStyle>(
    out: &mut String,
    from: BackendCoord,
    to: BackendCoord,
    style: &S,
    dasharray: &str,
    fluid: Option<f64>,
) {
    out.push_str("<line");
    opacity(out, style.color());
    color(out, "stroke", style.color());
    if !dasharray.is_empty() {
        attr(out, "stroke-dasharray", dasharray);
    }
    stroke_width(out, style.stroke_width());
    x_attr(out, "x1", from.0.into(), fluid);
    int(out, "y1", from.1.into());
    x_attr(out, "x2", to.0.into(), fluid);
    int(out, "y2", to.1.into());
    out.push_str("/>\n");
}

/// Appends ` name="x"`: in user units, or with `fluid` as a percentage of
/// that nominal width, to two decimals without trailing zeros (`12.5%`).
fn x_attr(out: &mut String, name: &str, x: i64, fluid: Option<f64>) {
    let Some(width) = fluid else {
        return int(out, name, x);
    };
    let hundredths = (x as f64 * 10_000.0 / width).round() as i64;
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    if hundredths < 0 {
        out.push('-');
    }
    let h = hundredths.unsigned_abs();
    crate::text::number::push_digits(out, h / 100);
    let cents = h % 100;
    if cents != 0 {
        out.push('.');
        out.push(char::from(b'0' + (cents / 10) as u8));
        if !cents.is_multiple_of(10) {
            out.push(char::from(b'0' + (cents % 10) as u8));
        }
    }
    out.push_str("%\"");
}

/// Appends ` name="n"`.
fn int(out: &mut String, name: &str, n: i64) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_int(out, n);
    out.push('"');
}

/// Appends `n` in decimal.
fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    crate::text::number::push_digits(out, n.unsigned_abs());
}

/// Appends the colour as `currentColor` for ink, else as `#RRGGBB`.
fn color(out: &mut String, name: &str, c: BackendColor) {
    if c.rgb == (INK.0, INK.1, INK.2) {
        // The root's fill is the ink colour, and every element inherits it.
        if name != "fill" {
            attr(out, name, "currentColor");
        }
        return;
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let (r, g, b) = c.rgb;
    let mut hex = [b'#'; 7];
    for (i, v) in [r, g, b].into_iter().enumerate() {
        hex[1 + 2 * i] = HEX[usize::from(v >> 4)];
        hex[2 + 2 * i] = HEX[usize::from(v & 15)];
    }
    attr(out, name, std::str::from_utf8(&hex).unwrap_or("#000000"));
}

/// Appends the colour as the fill, or as the outline of an unfilled shape.
fn paint(out: &mut String, c: BackendColor, fill: bool) {
    if fill {
        color(out, "fill", c);
    } else {
        attr(out, "fill", "none");
        color(out, "stroke", c);
    }
}

/// Appends the colour's opacity unless it is fully opaque.
fn opacity(out: &mut String, c: BackendColor) {
    if c.alpha != 1.0 {
        let _ = write!(out, " opacity=\"{}\"", c.alpha);
    }
}

/// Appends a stroke width other than the default of 1.
fn stroke_width(out: &mut String, width: u32) {
    if width != 1 {
        int(out, "stroke-width", width.into());
    }
}

/// Appends ` points="x,y x,y "`.
fn points(out: &mut String, path: impl IntoIterator<Item = BackendCoord>) {
    out.push_str(" points=\"");
    for (x, y) in path {
        push_int(out, x.into());
        out.push(',');
        push_int(out, y.into());
        out.push(' ');
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::common::{Canvas, END, Font, START};
    use crate::charts::style::BLUE;

    fn drawn(draw: impl FnOnce(&mut Canvas)) -> String {
        Canvas::draw(100, false, draw)
    }

    #[test]
    fn elements_are_written_without_defaults_and_in_the_page_colour() {
        let markup = drawn(|c| {
            c.fill_rect((1.0, 2.0), (11.0, 7.0), INK, 1.0);
            c.stroke_rect((1.0, 2.0), (11.0, 7.0), BLUE, 0.5);
            c.path(&[(0.0, 0.0), (10.0, 5.0)], INK, 0.25, 1, Dash::Solid);
            c.polygon(&[(0.0, 0.0), (4.0, 0.0), (2.0, 3.0)], BLUE, 0.18);
            c.dot((5.0, 6.0), 4, BLUE);
        });
        assert_eq!(
            markup,
            "\n<rect x=\"1\" y=\"2\" width=\"10\" height=\"5\"/>\n\
             <rect x=\"1\" y=\"2\" width=\"10\" height=\"5\" opacity=\"0.5\" fill=\"none\" stroke=\"#0072B2\"/>\n\
             <polyline fill=\"none\" opacity=\"0.25\" stroke=\"currentColor\" points=\"0,0 10,5 \"/>\n\
             <polygon opacity=\"0.18\" fill=\"#0072B2\" points=\"0,0 4,0 2,3 \"/>\n\
             <circle cx=\"5\" cy=\"6\" r=\"4\" fill=\"#0072B2\"/>\n"
        );
    }

    #[test]
    fn strokes_carry_their_dash_pattern() {
        let markup = drawn(|c| {
            c.path(&[(0.0, 0.0), (1.0, 1.0)], BLUE, 1.0, 2, Dash::Dashed);
            c.path(&[(0.0, 0.0), (1.0, 1.0)], INK, 1.0, 1, Dash::LongShort);
            c.path(&[(0.0, 0.0), (1.0, 1.0)], BLUE, 1.0, 2, Dash::Solid);
        });
        assert_eq!(
            markup,
            "\n<polyline fill=\"none\" stroke=\"#0072B2\" stroke-dasharray=\"6 3\" stroke-width=\"2\" points=\"0,0 1,1 \"/>\n\
             <polyline fill=\"none\" stroke=\"currentColor\" stroke-dasharray=\"8 3 2 3\" points=\"0,0 1,1 \"/>\n\
             <polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2\" points=\"0,0 1,1 \"/>\n"
        );
    }

    #[test]
    fn texts_are_escaped_rounded_and_carry_their_tooltip() {
        let full = "Research & development <R&D>";
        let markup = drawn(|c| {
            c.label(full, 40.0, (4.0, 10.0), START, Font::LABEL);
            c.text("R&D", (300.0, 20.0), END, Font::SMALL.italic());
            c.text(
                "x",
                (1.0, 2.0),
                START,
                Font {
                    size: 12.000_000_000_000_002,
                    ..Font::LABEL
                },
            );
            c.text(
                "y",
                (1.0, 2.0),
                START,
                Font {
                    size: 10.999_99,
                    ..Font::LABEL
                },
            );
        });
        assert_eq!(
            markup,
            "\n<text x=\"4\" y=\"13\">\
             <title>Research &amp; development &lt;R&amp;D&gt;</title>Rese…</text>\n\
             <text x=\"300\" y=\"23\" text-anchor=\"end\" font-size=\"11\" font-style=\"italic\">R&amp;D</text>\n\
             <text x=\"1\" y=\"5\">x</text>\n\
             <text x=\"1\" y=\"5\" font-size=\"11\">y</text>\n"
        );
    }

    #[test]
    fn bands_are_one_element_with_their_outline() {
        let markup = drawn(|c| c.band_rect((1.0, 2.0), (11.0, 7.0), BLUE));
        assert_eq!(
            markup,
            "\n<rect x=\"1\" y=\"2\" width=\"10\" height=\"5\" fill-opacity=\"0.18\" fill=\"#0072B2\" stroke=\"#0072B2\"/>\n"
        );
    }

    #[test]
    fn percentages_have_at_most_two_decimals() {
        let mut out = String::new();
        for (x, want) in [
            (0, "0%"),
            (82, "25%"),
            (1, "0.3%"),
            (3, "0.91%"),
            (-41, "-12.5%"),
            (656, "200%"),
        ] {
            out.clear();
            x_attr(&mut out, "x", x, Some(328.0));
            assert_eq!(out, format!(" x=\"{want}\""));
        }
    }

    #[test]
    fn integers_are_written_as_display_writes_them() {
        for n in [0, 7, -7, 10, -640, i64::from(i32::MAX), i64::from(i32::MIN)] {
            let mut out = String::new();
            push_int(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }
}
