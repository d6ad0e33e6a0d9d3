//! Device-tree properties as Linux exposes them under `/proc/device-tree/` (a link to
//! `/sys/firmware/devicetree/base/`): `model` is one NUL-terminated string
//! (`"Raspberry Pi 4 Model B Rev 1.4\0"`), `compatible` a list of NUL-separated
//! `vendor,device` strings, most specific first (`"raspberrypi,4-model-b\0brcm,bcm2711\0"`).

/// Parses a string property such as `model`: the bytes up to the first NUL, trimmed.
///
/// `None` when that is empty, not UTF-8, or holds control characters (binary data).
/// Example: `parse_model(b"Raspberry Pi 4 Model B Rev 1.4\0")` → `Some("Raspberry Pi 4 Model B Rev 1.4")`.
pub fn parse_model(bytes: &[u8]) -> Option<String> {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let text = std::str::from_utf8(bytes.get(..end)?).ok()?.trim();
    if text.is_empty() || text.chars().any(char::is_control) {
        return None;
    }
    Some(text.to_owned())
}

/// Parses a string-list property such as `compatible` into its entries, in order; empty and
/// non-text entries are skipped.
///
/// Example: `parse_compatible(b"raspberrypi,4-model-b\0brcm,bcm2711\0")` →
/// `["raspberrypi,4-model-b", "brcm,bcm2711"]`.
pub fn parse_compatible(bytes: &[u8]) -> Vec<String> {
    bytes.split(|&b| b == 0).filter_map(parse_model).collect()
}

/// A board model without its trailing board revision, which is not part of the product's
/// name: `"Raspberry Pi 4 Model B Rev 1.4"` → `"Raspberry Pi 4 Model B"`,
/// `"Pine64 RockPro64 v2.1"` → `"Pine64 RockPro64"`. Names without one come back unchanged.
pub fn strip_board_revision(model: &str) -> &str {
    let digits = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || c == '.');
    let Some((head, last)) = model.trim_end().rsplit_once(' ') else {
        return model;
    };
    if digits(last)
        && last.contains('.')
        && let Some((name, rev)) = head.rsplit_once(' ')
        && rev.eq_ignore_ascii_case("rev")
        && !name.trim().is_empty()
    {
        return name.trim_end();
    }
    if let Some(version) = last.strip_prefix(['v', 'V'])
        && digits(version)
        && version.contains('.')
        && !head.trim().is_empty()
    {
        return head.trim_end();
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_strings() {
        assert_eq!(
            parse_model(b"Raspberry Pi 4 Model B Rev 1.4\0").as_deref(),
            Some("Raspberry Pi 4 Model B Rev 1.4")
        );
        assert_eq!(
            parse_model(b"Pine64 Pinebook Pro").as_deref(),
            Some("Pine64 Pinebook Pro")
        );
        assert_eq!(parse_model(b"\0"), None);
        assert_eq!(parse_model(b""), None);
        assert_eq!(parse_model(b"\xff\xfe\0"), None);
        assert_eq!(parse_model(b"a\x01b\0"), None);
    }

    #[test]
    fn compatible_lists() {
        assert_eq!(
            parse_compatible(b"raspberrypi,4-model-b\0brcm,bcm2711\0"),
            vec!["raspberrypi,4-model-b", "brcm,bcm2711"]
        );
        assert_eq!(parse_compatible(b"\0\0"), Vec::<String>::new());
    }

    #[track_caller]
    fn check_rev(model: &str, expected: &str) {
        assert_eq!(strip_board_revision(model), expected);
    }

    #[test]
    fn board_revisions() {
        check_rev("Raspberry Pi 4 Model B Rev 1.4", "Raspberry Pi 4 Model B");
        check_rev("Raspberry Pi 3 Model B Rev 1.2", "Raspberry Pi 3 Model B");
        check_rev("Pine64 RockPro64 v2.1", "Pine64 RockPro64");
        check_rev("Raspberry Pi 4 Model B", "Raspberry Pi 4 Model B");
        check_rev("Raspberry Pi 400", "Raspberry Pi 400");
        check_rev("Orange Pi 5", "Orange Pi 5");
        check_rev("ODROID-N2", "ODROID-N2");
        check_rev("Rev 1.0", "Rev 1.0");
        check_rev("Raspberry Pi Model B Rev 2", "Raspberry Pi Model B Rev 2");
        check_rev("", "");
    }
}
