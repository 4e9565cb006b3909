//! Numbers as readers see them: scores with two decimals that never round
//! up to the next level, signed changes, whole percentages, and the digits
//! of integers written without the formatting machinery. Pages, charts,
//! exports and the search index all format through here, so a number reads
//! the same wherever it appears.

/// Comparisons with the threshold, and the floor of the mean method,
/// tolerate this much floating-point error (scoring.md §3); formatting
/// rounds down with the same tolerance, so that `0.7999999999999999` shows
/// as the `0.80` it is meant to be.
pub const EPSILON: f64 = 1e-9;

/// Formats a score with two decimals, rounded down, so the shown number
/// never reaches the next level (1.9999 shows as 1.99, not 2.00, beside
/// level 1); the tolerance of scoring.md keeps 0.7999999999999999 at 0.80.
pub fn format_score(x: f64) -> String {
    let cents = ((x * 100.0) + EPSILON * 100.0).floor();
    hundredths(cents)
}

/// Formats a change with its sign and two decimals (`+0.25`, `−0.40`,
/// `±0.00`), rounded to the nearest hundredth.
pub fn format_delta(x: f64) -> String {
    let cents = (x * 100.0).round();
    if cents == 0.0 {
        "±0.00".to_owned()
    } else if cents > 0.0 {
        format!("+{}", hundredths(cents))
    } else {
        format!("−{}", hundredths(-cents))
    }
}

/// A share in whole percent, rounded down with the scoring tolerance
/// (`0.5` is 50, `0.999` is 99, `0.7999999999999999` is 80).
pub fn percent_down(share: f64) -> f64 {
    ((share * 100.0) + EPSILON * 100.0).floor()
}

/// [`percent_down`] with a `%` sign, as the `percent` filter of templates
/// writes it.
pub fn format_percent(share: f64) -> String {
    format!("{}%", percent_down(share))
}

/// `cents / 100` with two decimals, as `format!("{:.2}", cents / 100.0)`
/// writes it for a whole number of cents, but from the integer: float
/// formatting with a precision often falls back to a slow exact algorithm,
/// and this runs for nearly every number on every page.
fn hundredths(cents: f64) -> String {
    // Within this range every whole f64 is an exact i64.
    if cents.is_finite() && cents.abs() < 1e15 {
        let c = cents as i64;
        let mut out = String::with_capacity(8);
        if c < 0 {
            out.push('-');
        }
        let c = c.unsigned_abs();
        push_digits(&mut out, c / 100);
        out.push('.');
        let (tens, ones) = ((c % 100) / 10, c % 10);
        out.push(char::from(b'0' + tens as u8));
        out.push(char::from(b'0' + ones as u8));
        out
    } else {
        format!("{:.2}", cents / 100.0)
    }
}

/// Appends `n` in decimal digits (without the formatting machinery, which
/// costs more than the digits for the million numbers of a large build).
pub fn push_digits(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&b| char::from(b)));
}

/// `v` in whole tenths, for [`tenths_text`].
pub fn tenths(v: f64) -> f64 {
    (v * 10.0).round()
}

/// A number in SVG-ready form, given in whole tenths: at most one decimal,
/// no trailing zeros. Written from the integer:
/// float formatting with a precision often falls back to a slow exact
/// algorithm, and every label of every chart passes through here.
pub fn tenths_text(tenths: f64) -> String {
    if !tenths.is_finite() || tenths.abs() >= 1e15 {
        let r = tenths / 10.0;
        return if r.fract() == 0.0 {
            format!("{r:.0}")
        } else {
            format!("{r:.1}")
        };
    }
    // `-0` as well, as the float formatting wrote it.
    let sign = if tenths.is_sign_negative() { "-" } else { "" };
    let t = (tenths as i64).unsigned_abs();
    match t % 10 {
        0 => format!("{sign}{}", t / 10),
        d => format!("{sign}{}.{d}", t / 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_never_round_up_to_the_next_level() {
        assert_eq!(format_score(1.9999), "1.99");
        assert_eq!(format_score(0.7999999999999999), "0.80");
        assert_eq!(format_score(1.7), "1.70");
        assert_eq!(format_score(2.0), "2.00");
        assert_eq!(format_score(1.8333333), "1.83");
    }

    #[test]
    fn hundredths_are_written_as_float_formatting_writes_them() {
        let mut cents: Vec<f64> = (-20_000..20_000).map(f64::from).collect();
        cents.extend([1e6, 123_456_789.0, -987_654_321.0, 99_999_999_999_999.0]);
        for c in cents {
            assert_eq!(hundredths(c), format!("{:.2}", c / 100.0), "{c}");
        }
        for odd in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300] {
            assert_eq!(hundredths(odd), format!("{:.2}", odd / 100.0));
        }
    }

    #[test]
    fn deltas_show_their_sign() {
        assert_eq!(format_delta(0.4), "+0.40");
        assert_eq!(format_delta(-0.4), "−0.40");
        assert_eq!(format_delta(0.001), "±0.00");
        assert_eq!(format_delta(-0.167), "−0.17");
    }

    #[test]
    fn percentages_are_whole_and_written_as_before() {
        for x in [
            0.0,
            0.5,
            0.999,
            1.0,
            0.123456,
            2.5,
            -0.25,
            0.7999999999999999,
        ] {
            let before = format!("{}%", ((x * 100.0) + EPSILON * 100.0).floor());
            assert_eq!(format_percent(x), before, "{x}");
        }
        assert_eq!(format_percent(0.5), "50%");
    }
}
