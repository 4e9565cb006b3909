//! The text of the files: evidence prose, dates and numbers from integer
//! hundredths, and YAML scalars quoted only where YAML needs it.

use super::names::*;
use super::rng::*;

/// Evidence an assessor would write for a capability at `share` of the top level.
pub(super) fn evidence(rng: &mut Rng, capability: &str, share: f64, period: &str) -> String {
    let band = if share < 0.4 {
        0
    } else if share < 0.6 {
        1
    } else if share < 0.8 {
        2
    } else {
        3
    };
    let template = rng.pick(EVIDENCE);
    let finding = rng.pick(FINDINGS[band]);
    let role = rng.below(ROLES.len());
    let role2 = (role + 1 + rng.below(ROLES.len() - 1)) % ROLES.len();
    let document = rng.pick(DOCUMENTS);
    let n = 6 + rng.below(25);
    fill(
        template,
        &[
            ("{cap}", lower_first(capability)),
            ("{role}", ROLES[role].to_owned()),
            ("{role2}", ROLES[role2].to_owned()),
            ("{system}", rng.pick(SYSTEMS).to_owned()),
            ("{doc}", document.to_owned()),
            ("{Doc}", upper_first(document)),
            ("{n}", n.to_string()),
            ("{records}", rng.pick(RECORDS).to_owned()),
            ("{finding}", finding.to_owned()),
            ("{Finding}", upper_first(finding)),
            ("{follow_up}", rng.pick(FOLLOW_UPS).to_owned()),
            ("{period}", period.to_owned()),
        ],
    )
}

/// Replaces each placeholder in `template`.
pub(super) fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (placeholder, value) in values {
        out = out.replace(placeholder, value);
    }
    out
}

/// `Supply chain strategy` becomes `supply chain strategy`; `ERP` stays.
pub(super) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(s[a.len_utf8()..].chars()).collect()
        }
        _ => s.to_owned(),
    }
}

pub(super) fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(a) => a.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A score with two decimals, rounded half away from zero.
pub(super) fn two_decimals(x: f64) -> String {
    // The same rounding-down the pages use, so summaries quote what reports show.
    crate::text::number::format_score(x.max(0.0))
}

/// Hundredths as a decimal with at most two places and at least one:
/// 100 is `1.0`, 84 is `0.84`, 50 is `0.5`.
pub(super) fn hundredths(h: u32) -> String {
    let (whole, frac) = (h / 100, h % 100);
    if frac == 0 {
        format!("{whole}.0")
    } else if frac % 10 == 0 {
        format!("{whole}.{}", frac / 10)
    } else {
        format!("{whole}.{frac:02}")
    }
}

/// An id made from a name: its slug (other scripts transliterated, see
/// [`crate::text::slug`]), `organization` when nothing of it survives.
pub(super) fn slug(name: &str) -> String {
    // 56 bytes leave room for a `-NN` suffix within the 64 of an id.
    let slug = crate::text::slug::slug_at_most(name, 56);
    if slug.is_empty() {
        "organization".to_owned()
    } else {
        slug
    }
}

/// A YAML double-quoted scalar (JSON-compatible escapes; line separators
/// and other invisible characters escaped too).
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A mapping key: plain when it cannot be read as anything but a string.
pub(super) fn key(id: &str) -> String {
    const WORDS: [&str; 11] = [
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf",
    ];
    let plain = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !WORDS.contains(&id);
    if plain { id.to_owned() } else { quote(id) }
}
