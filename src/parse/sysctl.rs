//! Apple `sysctl` output: `hw.model: MacBookPro18,3` (also the `name = value` form).
//!
//! Takes what a bug report pasted: CRLF line ends, values that run over several lines (a line
//! that does not start with a sysctl name continues the value above it), values of any length.
//! Never panics; runs in linear time.

/// Parses `sysctl` output into `(name, value)` pairs, in order; values are trimmed.
///
/// A record starts with a name (letters, digits, `_ - .`, with at least one dot, e.g.
/// `kern.osproductversion`) followed by `:` or ` = `. Any other line continues the previous
/// value, joined with a newline; before the first record such lines are skipped.
pub fn parse_sysctl(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some((name, value)) = record(line) {
            out.push((name.to_owned(), value.trim().to_owned()));
        } else if let Some((_, value)) = out.last_mut()
            && !line.trim().is_empty()
        {
            value.push('\n');
            value.push_str(line.trim_end());
        }
    }
    out
}

fn record(line: &str) -> Option<(&str, &str)> {
    let end = line.find([':', '=', ' ']).unwrap_or(line.len());
    let name = line.get(..end)?;
    if !is_sysctl_name(name) {
        return None;
    }
    let rest = line.get(end..)?;
    let value = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix(" = "))
        .or_else(|| rest.strip_prefix(" ="))
        .or_else(|| rest.strip_prefix('='))?;
    Some((name, value))
}

/// Whether `name` looks like a sysctl name (`hw.model`, `kern.osproductversion`) or a
/// pseudo-name from a snapshot (`env.SIMULATOR_MODEL_IDENTIFIER`).
pub fn is_sysctl_name(name: &str) -> bool {
    name.len() <= 128
        && name.contains('.')
        && !name.starts_with('.')
        && !name.ends_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn colon_and_equals_forms_with_crlf() {
        let text = "hw.model: MacBookPro18,3\r\nkern.osversion = 21G115\r\nhw.ncpu:10\n";
        assert_eq!(
            parse_sysctl(text),
            pairs(&[
                ("hw.model", "MacBookPro18,3"),
                ("kern.osversion", "21G115"),
                ("hw.ncpu", "10")
            ])
        );
    }

    #[test]
    fn values_may_hold_colons() {
        let text = "kern.version: Darwin Kernel Version 21.6.0: Wed Aug 10 14:28:23 PDT 2022\n";
        assert_eq!(
            parse_sysctl(text),
            pairs(&[(
                "kern.version",
                "Darwin Kernel Version 21.6.0: Wed Aug 10 14:28:23 PDT 2022"
            )])
        );
    }

    #[test]
    fn continuation_lines_join_the_value_above() {
        let text = "junk before\nkern.bootargs: a\n  b c\n\nhw.model: Mac14,2\n";
        assert_eq!(
            parse_sysctl(text),
            pairs(&[("kern.bootargs", "a\n  b c"), ("hw.model", "Mac14,2")])
        );
    }

    #[test]
    fn empty_values_and_pseudo_names() {
        assert_eq!(
            parse_sysctl("hw.target:\nenv.SIMULATOR_MODEL_IDENTIFIER: iPhone15,2\n"),
            pairs(&[
                ("hw.target", ""),
                ("env.SIMULATOR_MODEL_IDENTIFIER", "iPhone15,2")
            ])
        );
    }

    #[test]
    fn a_64_kib_value_is_read_whole() {
        let big = "y".repeat(64 * 1024);
        let out = parse_sysctl(&format!("hw.model: {big}\n"));
        assert_eq!(out[0].1.len(), 64 * 1024);
    }

    #[test]
    fn nothing_but_noise() {
        for text in [
            "", ":", ": x", ".: x", "hw: x", "a b.c: d", "\u{feff}", "=", "\r\n",
        ] {
            assert_eq!(parse_sysctl(text), vec![], "{text:?}");
        }
    }
}
