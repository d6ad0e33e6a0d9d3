//! Wall-clock time as RFC 3339 text, without a date crate: the report needs one format only.

use web_time::{SystemTime, UNIX_EPOCH};

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn now_rfc3339() -> String {
    format_rfc3339(SystemTime::now())
}

/// `t` as `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds). Times before 1970 print as the epoch.
pub(crate) fn format_rfc3339(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX / 2);
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (rem / 3600, (rem % 3600) / 60, rem % 60);
    let Some(year) = u64::try_from(y).ok().filter(|y| *y <= 9999) else {
        return format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z");
    };
    // Digits pushed one by one: `format!` costs several times more, twice per collect.
    let mut out = String::with_capacity(20);
    push_padded(&mut out, year, 4);
    out.push('-');
    push_padded(&mut out, u64::from(m), 2);
    out.push('-');
    push_padded(&mut out, u64::from(d), 2);
    out.push('T');
    push_padded(&mut out, hh, 2);
    out.push(':');
    push_padded(&mut out, mm, 2);
    out.push(':');
    push_padded(&mut out, ss, 2);
    out.push('Z');
    out
}

/// Appends the last `width` decimal digits of `value`, zero-padded.
fn push_padded(out: &mut String, value: u64, width: u32) {
    for place in (0..width).rev() {
        let digit = value / 10u64.pow(place) % 10;
        out.push(char::from_digit(u32::try_from(digit).unwrap_or(0), 10).unwrap_or('0'));
    }
}

/// Whether `s` is an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or
/// an offset `±HH:MM`, each part in range (`t`/`z` and a space separator are accepted, as the
/// RFC allows).
pub(crate) fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |from: usize, len: usize, max: u32| -> bool {
        b.get(from..from + len).is_some_and(|d| {
            d.iter().all(u8::is_ascii_digit)
                && d.iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0')) <= max
        })
    };
    let at = |i: usize, c: &[u8]| b.get(i).is_some_and(|x| c.contains(x));
    let date_time = num(0, 4, 9999)
        && at(4, b"-")
        && num(5, 2, 12)
        && !num(5, 2, 0)
        && at(7, b"-")
        && num(8, 2, 31)
        && !num(8, 2, 0)
        && at(10, b"Tt ")
        && num(11, 2, 23)
        && at(13, b":")
        && num(14, 2, 59)
        && at(16, b":")
        && num(17, 2, 60);
    if !date_time {
        return false;
    }
    let mut i = 19;
    if at(i, b".") {
        i += 1;
        let digits = b
            .get(i..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
        if digits == 0 {
            return false;
        }
        i += digits;
    }
    match b.get(i..) {
        Some([b'Z' | b'z']) => true,
        Some([b'+' | b'-', ..]) => {
            b.len() == i + 6 && num(i + 1, 2, 23) && at(i + 3, b":") && num(i + 4, 2, 59)
        }
        _ => false,
    }
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian), for days since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[track_caller]
    fn check(secs: u64, expected: &str) {
        assert_eq!(
            format_rfc3339(UNIX_EPOCH + Duration::from_secs(secs)),
            expected
        );
    }

    #[test]
    fn rfc3339_shapes() {
        for ok in [
            "2026-11-29T06:30:00Z",
            "2026-11-29t06:30:00z",
            "2026-11-29T06:30:00.123456789+08:00",
            "1999-12-31 23:59:60-05:30",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "",
            "not a time at all",
            "9999-99-99T99:99:99Z",
            "2026-00-10T00:00:00Z",
            "2026-11-29T06:30:00",
            "2026-11-29T06:30:00.Z",
            "2026-11-29T06:30:00+8:00",
            "2026-11-29T06:30:00Z\u{1b}",
            "\u{1b}[31m\u{0}",
        ] {
            assert!(!is_rfc3339(bad), "{bad:?}");
        }
        assert!(is_rfc3339(&now_rfc3339()));
    }

    #[test]
    fn known_instants() {
        check(0, "1970-01-01T00:00:00Z");
        check(951_782_400, "2000-02-29T00:00:00Z");
        check(1_709_164_799, "2024-02-28T23:59:59Z");
        check(1_795_933_800, "2026-11-29T06:30:00Z");
        check(253_402_300_799, "9999-12-31T23:59:59Z");
        check(253_402_300_800, "10000-01-01T00:00:00Z");
        check(1_000_000_001, "2001-09-09T01:46:41Z");
    }
}
