//! Checks every chart's tests share: the SVG parses as XML, is accessible,
//! keeps its text inside the viewBox, uses `currentColor`, and shows
//! hostile labels as escaped, cut text with a full tooltip.

use roxmltree::{Document, Node};

use super::Svg;
use super::common::{clean_label, text_width};
use super::style::WIDTH;

/// A label that tries to break out of its `<text>` element, and is long.
pub(crate) fn hostile() -> String {
    format!(
        "</text><script>alert(1)</script>{}",
        "Very long capability name, 東方精密 & R&D <Ops> ".repeat(2)
    )
}

/// A coordinate: in user units, or a percentage of the nominal width.
fn number(node: Node, attr: &str) -> f64 {
    let value = node
        .attribute(attr)
        .unwrap_or_else(|| panic!("<{}> has {attr}", node.tag_name().name()));
    let (value, scale) = match value.strip_suffix('%') {
        Some(percent) => (percent, WIDTH / 100.0),
        None => (value, 1.0),
    };
    value
        .parse::<f64>()
        .unwrap_or_else(|_| panic!("{attr}={value} is a number"))
        * scale
}

/// The text a `<text>` element shows (without its tooltip).
fn shown(node: Node) -> String {
    node.children()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// Everything a well-formed chart satisfies.
pub(crate) fn check(svg: &Svg, id: &str, kind: &str) {
    let doc =
        Document::parse(&svg.markup).unwrap_or_else(|e| panic!("not XML: {e}\n{}", svg.markup));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(
        root.attribute("aria-labelledby"),
        Some(format!("{id}-title {id}-desc").as_str())
    );
    assert_eq!(
        root.attribute("class"),
        Some(format!("chart chart-{kind}").as_str())
    );
    assert_eq!(root.attribute("width"), Some("100%"));
    assert_eq!(root.attribute("fill"), Some("currentColor"));
    let style = root.attribute("style").expect("a style");
    // A fluid chart has its height in pixels and no viewBox; any other
    // scales within its viewBox, up to a width at which it reads well.
    let (width, height) = match root.attribute("viewBox") {
        None => {
            let height = number(root, "height");
            assert!(style.contains(&format!("height:{height}px")), "{style}");
            (WIDTH, height)
        }
        Some(view) => {
            assert_eq!(root.attribute("height"), None);
            assert!(root.attribute("preserveAspectRatio").is_some());
            assert!(style.contains("max-width"), "{style}");
            let view: Vec<f64> = view
                .split(' ')
                .map(|v| v.parse().expect("viewBox numbers"))
                .collect();
            (view[2], view[3])
        }
    };

    let mut children = root.children().filter(Node::is_element);
    let title = children.next().expect("a title");
    assert_eq!(title.tag_name().name(), "title");
    assert_eq!(title.attribute("id"), Some(format!("{id}-title").as_str()));
    assert_eq!(title.text(), Some(svg.title.as_str()));
    let desc = children.next().expect("a desc");
    assert_eq!(desc.tag_name().name(), "desc");
    assert_eq!(desc.attribute("id"), Some(format!("{id}-desc").as_str()));
    assert_eq!(desc.text(), Some(svg.description.as_str()));
    assert!(!svg.description.is_empty());

    for node in root.descendants().filter(Node::is_element) {
        let name = node.tag_name().name();
        assert_ne!(name, "script", "no script element");
        for a in node.attributes() {
            for token in a.value().split([' ', ',']) {
                let token = token.strip_suffix('%').unwrap_or(token);
                if token.parse::<f64>().is_ok()
                    && let Some((_, decimals)) = token.split_once('.')
                {
                    assert!(decimals.len() <= 2, "short number in {}={token}", a.name());
                }
            }
        }
        if name == "rect" {
            assert_ne!(
                node.attribute("fill"),
                Some("#FFFFFF"),
                "no white background"
            );
        }
        if name == "text" {
            let (x, y) = (number(node, "x"), number(node, "y"));
            assert!((0.0..=height).contains(&y), "y={y} inside 0..{height}");
            let size = node
                .attribute("font-size")
                .map_or(12.0, |s| s.parse().expect("font size"));
            let w = text_width(&shown(node), size);
            let (left, right) = match node.attribute("text-anchor").unwrap_or("start") {
                "start" => (x, x + w),
                "end" => (x - w, x),
                _ => (x - w / 2.0, x + w / 2.0),
            };
            assert!(
                0.0 <= left && right <= width,
                "text {:?} spans {left}..{right}, outside 0..{width}",
                shown(node)
            );
            // Text inherits the root's ink unless it sits on a coloured cell.
            let fill = node.attribute("fill").unwrap_or("currentColor");
            assert!(
                matches!(fill, "#000000" | "#FFFFFF") || node.attribute("fill").is_none(),
                "text fill {fill}"
            );
        }
    }
    assert!(!svg.markup.contains("<script"));
    assert!(
        !svg.markup.contains("#010203"),
        "ink written as currentColor"
    );
    assert!(!svg.markup.contains("opacity=\"1\""));
}

/// `full` is shown cut, with an ellipsis, and whole in a tooltip.
pub(crate) fn check_tooltip(svg: &Svg, full: &str) {
    let full = clean_label(full);
    let doc = Document::parse(&svg.markup).expect("XML");
    let text = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .find(|n| {
            n.children()
                .any(|c| c.has_tag_name("title") && c.text() == Some(full.as_str()))
        })
        .unwrap_or_else(|| panic!("a tooltip with {full:?}\n{}", svg.markup));
    let shown = shown(text);
    let head = shown.split('…').next().unwrap_or_default();
    assert!(shown.contains('…'), "{shown:?} is cut");
    // A wrapped label's cut line is its last: it continues the text.
    assert!(full.contains(head), "{shown:?} is part of {full:?}");
    assert!(shown.chars().count() < full.chars().count());
}

/// An empty chart that says so.
pub(crate) fn check_no_data(svg: &Svg, id: &str, kind: &str) {
    check(svg, id, kind);
    assert!(svg.markup.contains(">No data</text>"), "{}", svg.markup);
    assert_eq!(svg.description, "No data.");
}

/// A fluid chart: no viewBox scales it, and no text is set below 11 pixels,
/// so its text shows at 11 pixels or more at every width.
pub(crate) fn check_fluid_text(svg: &Svg) {
    let doc = Document::parse(&svg.markup).expect("XML");
    let root = doc.root_element();
    assert_eq!(root.attribute("viewBox"), None, "fluid");
    let root_size: f64 = root
        .attribute("font-size")
        .expect("a root font size")
        .parse()
        .expect("a number");
    let mut texts = 0;
    for text in doc.descendants().filter(|n| n.has_tag_name("text")) {
        texts += 1;
        let size = text
            .attribute("font-size")
            .map_or(root_size, |s| s.parse().expect("font size"));
        assert!(size >= 11.0, "{:?} at {size} px", shown(text));
        assert!(
            text.ancestors().filter(|n| n.has_tag_name("svg")).count() == 1,
            "text in a nested viewport could be scaled"
        );
    }
    assert!(texts > 0);
}

/// The English words charts draw: those of the built-in `en` table, as a
/// page of an English site gets them.
pub(crate) fn words() -> super::Words<'static> {
    static ENGLISH: std::sync::LazyLock<crate::domain::strings::StringTable> =
        std::sync::LazyLock::new(|| {
            crate::input::strings::builtin("en")
                .0
                .with_terms(&crate::domain::model::Terms::default())
        });
    crate::render::chart_views::words(&ENGLISH)
}
