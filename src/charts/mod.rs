//! Charts as inline SVG strings, drawn with plotters into a compact SVG
//! writer of our own (no fonts, no C libraries).
//!
//! Every chart is a self-contained `<svg>` element meant to be inlined in
//! HTML (it needs no script and no stylesheet):
//! - the root has `role="img"`, `aria-labelledby="<id>-title <id>-desc"`,
//!   `class="chart chart-<kind>"` and `width="100%"`; its first children are
//!   `<title id="<id>-title">` and `<desc id="<id>-desc">` (the text
//!   alternative, with the key numbers);
//! - every chart is laid out for a 328-pixel column (a phone's). Row charts
//!   and trends are *fluid*: no `viewBox`, a height in pixels, x
//!   coordinates in percent, so they span any column while their text stays
//!   at 11 to 12 pixels; the radar scales within a 328-unit `viewBox` up to
//!   an inline `max-width` of 410 pixels (docs/themes.md, "Legible at every
//!   width");
//! - legends wrap onto more rows and lines, and are never cut;
//! - text, axes and grid lines are drawn in `currentColor` (the root's fill,
//!   inherited), and there is no background, so the chart follows the
//!   page's colour scheme;
//! - data colours are Okabe-Ito (blue for the assessment or first series,
//!   vermillion for peers), and series also differ by dash pattern and
//!   marker shape; sequential shades are one-hue light-to-dark blues;
//! - labels are escaped, wrapped at spaces and between Chinese or Japanese
//!   characters, and cut to fit their space with `…` (estimating widths in
//!   terminal columns, East Asian wide ones double) and then carry the full
//!   label as a `<title>` tooltip;
//! - every word a chart draws or writes comes from its caller, in
//!   [`Words`]: charts hold no language of their own;
//! - numbers are shown with [`crate::text::number::format_score`] (two decimals,
//!   rounded down);
//! - the output is deterministic: the same input gives the same bytes.
//!
//! Input is guarded rather than trusted: values are clamped into `0..=max`
//! (infinities to the ends), NaN counts as missing, a `max` that is not a
//! positive finite number becomes the largest value rounded up (at least
//! 1), and empty input gives a small chart that says so ([`Words::no_data`]).
//!
//! [`Svg::markup`] is ready to insert unescaped (e.g. with Tera's `safe`);
//! [`Svg::title`] and [`Svg::description`] are plain text.

mod boxplot;
mod bullet;
mod common;
mod distribution;
mod heatmap;
mod radar;
mod style;
mod svg;
#[cfg(test)]
mod testkit;
mod trend;

use serde::Serialize;

pub use boxplot::{BoxRow, BoxStats, box_plots};
pub use bullet::{BarRow, bullet_bars};
pub use distribution::{StackRow, level_distribution};
pub use heatmap::heatmap;
pub use radar::{RadarAxis, radar};
pub use trend::{Series, trend};

/// A finished chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Svg {
    /// The `<svg>` element, to be inlined in HTML as it is (not escaped).
    pub markup: String,
    /// The chart's short name (plain text), also its `<title>`.
    pub title: String,
    /// The text alternative with the key numbers (plain text), also its
    /// `<desc>`.
    pub description: String,
}

impl Svg {
    /// This chart with `description` as its text alternative instead of
    /// the one it was drawn with: for a chart whose numbers a visible
    /// table beside it prints, so that the page does not carry them twice
    /// (the description can point to the table instead).
    #[must_use]
    pub fn with_description(self, description: &str) -> Svg {
        let description = common::clean_label(description);
        let Some((head, rest)) = self.markup.split_once("<desc id=\"") else {
            return Svg {
                description,
                ..self
            };
        };
        let (id, after) = rest.split_once("\">").unwrap_or((rest, ""));
        let tail = after.split_once("</desc>").map_or("", |(_, t)| t);
        let mut markup = String::with_capacity(self.markup.len());
        markup.push_str(head);
        markup.push_str("<desc id=\"");
        markup.push_str(id);
        markup.push_str("\">");
        markup.push_str(&crate::text::escape::markup(&description));
        markup.push_str("</desc>");
        markup.push_str(tail);
        Svg {
            markup,
            title: self.title,
            description,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_can_be_replaced() {
        let rows = [BarRow {
            label: "Traceability".into(),
            value: Some(2.0),
            peers: None,
            target: None,
        }];
        let svg = bullet_bars("caps", "Capabilities", &rows, 5.0, &testkit::words());
        let short = svg.clone().with_description("Scores <see the table>\u{0}.");
        assert_eq!(short.description, "Scores <see the table> .");
        assert!(
            short
                .markup
                .contains("<desc id=\"caps-desc\">Scores &lt;see the table&gt; .</desc>\n<rect")
        );
        assert!(!short.markup.contains("Traceability 2.00"));
        assert_eq!(
            short.markup.replace(
                &short.description.replace('<', "&lt;").replace('>', "&gt;"),
                ""
            ),
            svg.markup.replace(&svg.description, "")
        );
        testkit::check(&short, "caps", "bullet");
    }
}

/// Every word a chart draws or writes, in the page's language: legends,
/// notes, and the sentences of its text alternative. Charts hold no words
/// of their own; `render::chart_views::words` fills these from the site's
/// string table (`chart.*`, `common.*` and `format.*` keys). A `{name}` is
/// a placeholder the chart fills in ([`crate::text::fill`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words<'a> {
    /// What an empty chart says.
    pub no_data: &'a str,
    /// The legend of a score bar.
    pub score: &'a str,
    /// The legend of the radar's own polygon.
    pub this_assessment: &'a str,
    /// The legend of the peers' median.
    pub peer_median: &'a str,
    /// The legend of the peers' middle half.
    pub peers_middle_half: &'a str,
    /// The legend of a target line.
    pub target: &'a str,
    /// The legend of a box plot's whisker.
    pub lowest_to_highest: &'a str,
    /// The legend of a box.
    pub middle_half: &'a str,
    /// The legend of a median tick.
    pub median: &'a str,
    /// The legend of a mean marker.
    pub mean: &'a str,
    /// The legend of a trend's shaded band.
    pub shaded_middle_half: &'a str,
    /// The caption of the heatmap's key of shades.
    pub shade_by_median: &'a str,
    /// Where a row's value would be, when it is not applicable.
    pub n_a: &'a str,
    /// After a radar axis's label, when it is not applicable.
    pub n_a_note: &'a str,
    /// Where a withheld row's value would be.
    pub withheld: &'a str,
    /// A level distribution's row with no counts.
    pub no_responses: &'a str,
    /// The same, within a sentence.
    pub no_responses_text: &'a str,
    /// A level without a name: `{n}`.
    pub level_n: &'a str,
    /// A row's total: `{n}`.
    pub n_total: &'a str,
    /// The scale: `{max}`.
    pub scale: &'a str,
    /// A target every row shares: `{target}`.
    pub target_every_row: &'a str,
    /// A whole target: `{level}`.
    pub target_level: &'a str,
    /// A labelled value: `{label}`, `{value}`.
    pub value: &'a str,
    /// A label whose value is not applicable: `{label}`.
    pub value_not_applicable: &'a str,
    /// A label without a value: `{label}`.
    pub value_no_data: &'a str,
    /// A label and what is said of it: `{label}`, `{value}`.
    pub labelled: &'a str,
    /// A bar's peers: `{q1}`, `{q3}`, `{median}`.
    pub bar_peers: &'a str,
    /// A bar's target: `{target}`.
    pub bar_target: &'a str,
    /// The radar's scale: `{n}` axes, `{max}`.
    pub radar_scale: &'a str,
    /// A radar axis's peers: `{median}`, `{q1}`, `{q3}`.
    pub radar_peers: &'a str,
    /// A box: `{label}`, `{median}`, `{q1}`, `{q3}`, `{min}`, `{max}`, `{mean}`.
    pub box_row: &'a str,
    /// A level distribution's row: `{label}`, `{n}`, `{shares}`.
    pub levels_row: &'a str,
    /// One level of it: `{level}`, `{count}`, `{percent}`.
    pub levels_share: &'a str,
    /// The heatmap's scale: `{max}`.
    pub heatmap_scale: &'a str,
    /// A trend's periods and scale: `{n}`, `{first}`, `{last}`, `{max}`.
    pub trend_scale: &'a str,
    /// A trend point's band: `{q1}`, `{q3}`.
    pub trend_band: &'a str,
    /// Opens a note after a value (` (`).
    pub open: &'a str,
    /// Closes it (`)`).
    pub close: &'a str,
    /// Between the parts of a sentence and of a note (`; `).
    pub part_sep: &'a str,
    /// Between the items of a list (`, `).
    pub list_sep: &'a str,
    /// Ends a sentence (`.`).
    pub full_stop: &'a str,
}

/// A peer distribution summarised by its quartiles.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
}
