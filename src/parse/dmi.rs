//! DMI/SMBIOS strings (`/sys/class/dmi/id/*`, Windows `HKLM\HARDWARE\DESCRIPTION\System\BIOS`):
//! decoding the raw bytes, trimming, and recognizing placeholder junk ("To Be Filled By O.E.M.",
//! "System Product Name", "Default string", "Not Applicable", all-zero or all-`F` values).
//!
//! The placeholder rules were learned from the most frequent values per DMI field of 41,000
//! machines filed at linux-hardware.org. They are field-independent: a value is junk when it
//! names a template slot ("System manufacturer", "Base Board Product Name", "Type1Family"), says
//! that nothing is there ("Not Specified", "None", "INVALID", `"<BAD INDEX>"`), or is filler
//! ("0123456789", "xxxx", "........"). Words that are generic only in one field ("Notebook" as a
//! vendor) are judged by the probe, which knows the field.

/// Why the bytes of a DMI value are not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DmiError {
    /// Control characters or stray C1 bytes: binary data, not a string the firmware wrote.
    #[error("dmi value holds binary data")]
    Binary,
}

/// The longest value a DMI string is trusted to be, in bytes. SMBIOS strings are short (vendor
/// and model names are under 64 bytes in practice); anything much longer is not a name.
pub const MAX_VALUE_BYTES: usize = 256;

/// Decodes a sysfs DMI file (one line, e.g. `b"LENOVO\n"`) into text.
///
/// Trailing newlines, NULs and blanks are dropped. UTF-8 is taken as it is; other bytes are
/// read as ISO 8859-1, the encoding older firmware writes accented names in
/// (`b"Inform\xe1tica"` → `"Informática"`). The result is not yet checked for placeholders: use
/// [`clean`] on it.
///
/// # Errors
/// [`DmiError::Binary`] when the bytes hold control characters (other than tab and the trailing
/// newline), DEL, or C1 bytes that are not valid UTF-8 — binary garbage, not a string.
pub fn decode(bytes: &[u8]) -> Result<String, DmiError> {
    let end = bytes
        .iter()
        .rposition(|b| !matches!(b, b'\n' | b'\r' | b'\0' | b' ' | b'\t'))
        .map_or(0, |i| i.saturating_add(1));
    let bytes = bytes.get(..end).unwrap_or_default();
    if bytes.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err(DmiError::Binary);
    }
    match std::str::from_utf8(bytes) {
        // UTF-8 can spell C1 controls too (U+0080 to U+009F, e.g. `b"\xc2\x9a"`).
        Ok(s) if s.chars().any(|c| c.is_control() && c != '\t') => Err(DmiError::Binary),
        Ok(s) => Ok(s.to_owned()),
        Err(_) if bytes.iter().any(|b| (0x80..0xa0).contains(b)) => Err(DmiError::Binary),
        Err(_) => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// The value trimmed, with runs of white space folded to one space, or `None` when it is empty,
/// longer than [`MAX_VALUE_BYTES`], holds control characters or U+FFFD, or is a placeholder
/// (see [`is_placeholder`]).
///
/// Example: `clean("  ThinkPad T14s Gen 1\n")` → `Some("ThinkPad T14s Gen 1")`;
/// `clean("To Be Filled By O.E.M.")` → `None`.
pub fn clean(raw: &str) -> Option<String> {
    let v = raw.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if v.is_empty() || v.len() > MAX_VALUE_BYTES {
        return None;
    }
    if v.chars()
        .any(|c| (c.is_control() && !c.is_whitespace()) || c == '\u{fffd}')
    {
        return None;
    }
    let folded = v.split_whitespace().collect::<Vec<_>>().join(" ");
    if is_placeholder(&folded) {
        return None;
    }
    Some(folded)
}

/// Values that mean "nothing here", compared in lower case with trailing dots removed.
const PLACEHOLDERS: &[&str] = &[
    // template slots the firmware vendor never filled
    "system manufacturer",
    "system manufacter",
    "stem manufacturer",
    "system_manufacturer",
    "system product name",
    "system product",
    "system name",
    "system version",
    "system sku",
    "system serial number",
    "system enclosure manufacter",
    "base board product name",
    "base board manufacturer",
    "base board version",
    "board manufacturer",
    "board product name",
    "board vendor name",
    "chassis manufacturer",
    "product name",
    "product version",
    "manufacturer",
    "vendor",
    "sku",
    "family",
    "default string",
    "default",
    "oem",
    "o.e.m",
    "oem product",
    "oem default string",
    "tbd",
    "tbd by oem",
    "all series",
    "standard",
    "sample",
    // "there is nothing"
    "not applicable",
    "not specified",
    "not available",
    "not defined",
    "no information",
    "unspecified",
    "undefined",
    "n/a",
    "na",
    "none",
    "null",
    "nil",
    "empty",
    "invalid",
    "unknown",
    "unknow",
    "unknown product",
    "<bad index>",
    "bad index",
    // filler
    "0123456789",
    "1234567890",
    "123456789",
    "12345678",
    "abcdefghijklmnopqrstuvwxyz",
    "x.x",
];

/// Longer template texts met only cut short (whole, they are caught by their words).
const TRUNCATED_ONLY: &[&str] = &["to be filled by o.e.m", "default string"];

/// Whether `value` is placeholder junk rather than a real vendor or model.
///
/// True for template text ("To Be Filled By O.E.M.", "To Be Filled By O.E.M. by More String",
/// "System manufacturer", "System Product Name", "Type1ProductConfigId", "Default string",
/// "$(DEFAULT_STRING)", "All Series"), absence ("Not Applicable", "Not Specified", "None",
/// "N/A", "INVALID", `"<BAD INDEX>"`, "Unknown"), filler ("0123456789", "x.x", "XXXX",
/// "00000000", "FFFFFFFF", "...."), values with no letter or digit, and a template text of
/// several words cut short ("System Manufact", "System Product Na"). Case does not matter.
/// Real names that merely contain such words ("Standard PC (Q35 + ICH9, 2009)") are not junk.
pub fn is_placeholder(value: &str) -> bool {
    let lower = value.trim().to_lowercase();
    let key = lower.trim_end_matches(['.', ' ']);
    if key.is_empty() || PLACEHOLDERS.contains(&key) {
        return true;
    }
    if key.contains("to be filled")
        || key.contains("o.e.m")
        || key.contains("$(")
        || key.starts_with("default string")
    {
        return true;
    }
    // A template slot cut short by the field's length ("System Manufact", "Base Board Prod"):
    // past its first word, the start of a placeholder of several words.
    if key.contains(' ')
        && key.len() >= 8
        && PLACEHOLDERS
            .iter()
            .chain(TRUNCATED_ONLY)
            .any(|p| p.len() > key.len() && p.starts_with(key) && p.contains(' '))
    {
        return true;
    }
    // SMBIOS structure names left in: "Type1ProductConfigId", "Type2 - Board Vendor Name1".
    if let Some(rest) = key.strip_prefix("type")
        && rest.starts_with(|c: char| c.is_ascii_digit())
    {
        return true;
    }
    is_filler(key)
}

/// No letter or digit at all, or one character repeated ("0000", "ffff", "xxxx"), or only the
/// all-zero/all-F alphabet with separators ("00:00:00", "FF-FF").
fn is_filler(key: &str) -> bool {
    let alnum: Vec<char> = key.chars().filter(|c| c.is_alphanumeric()).collect();
    let Some(first) = alnum.first() else {
        return true;
    };
    let one_repeated = alnum.len() >= 2 && alnum.iter().all(|c| c == first);
    let zero_or_f = alnum.iter().all(|c| *c == '0') || alnum.iter().all(|c| *c == 'f');
    let separators_only = key
        .chars()
        .all(|c| c.is_alphanumeric() || " -:.".contains(c));
    one_repeated || (zero_or_f && separators_only)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(raw: &str, expected: Option<&str>) {
        assert_eq!(clean(raw).as_deref(), expected, "clean({raw:?})");
    }

    #[test]
    fn real_values_are_kept_trimmed_and_folded() {
        check("LENOVO\n", Some("LENOVO"));
        check("  ThinkPad  T14s\tGen 1 \n", Some("ThinkPad T14s Gen 1"));
        check(
            "Standard PC (Q35 + ICH9, 2009)",
            Some("Standard PC (Q35 + ICH9, 2009)"),
        );
        check("System76", Some("System76"));
        check("Default Gateway 5", Some("Default Gateway 5"));
        check("Notebook", Some("Notebook"));
        check("00F6D3", Some("00F6D3"));
        check("F83VD", Some("F83VD"));
        check("X", Some("X"));
        check("世恒TD120A2", Some("世恒TD120A2"));
    }

    #[test]
    fn truncated_placeholders_are_dropped() {
        for junk in [
            "System Manufact",
            "System manufac",
            "System Product Na",
            "Base Board Manufa",
            "To Be Filled By O",
            "Default str",
        ] {
            check(junk, None);
        }
        check("System 76", Some("System 76"));
        check("Systemax", Some("Systemax"));
    }

    #[test]
    fn placeholders_from_the_corpus_are_dropped() {
        for junk in [
            "To Be Filled By O.E.M.",
            "To be filled by O.E.M.",
            "To Be Filled By O.E.M",
            "To Be Filled By O.E.M. by More String",
            "System manufacturer",
            "System Manufacter",
            "stem manufacturer",
            "SYSTEM_MANUFACTURER",
            "System Product Name",
            "System Version",
            "Default string",
            "Default string-CF-WCP",
            "$(DEFAULT_STRING)",
            "Not Applicable",
            "Not Specified",
            "None",
            "NONE",
            "N/A",
            "O.E.M.",
            "O.E.M",
            "OEM",
            "INVALID",
            "<BAD INDEX>",
            "Unknown",
            "Unknow",
            "Unknown Product",
            "All Series",
            "Standard",
            "Type1ProductConfigId",
            "Type1Family",
            "Type1 - TBD by OEM",
            "Type2 - Board Vendor Name1",
            "Base Board Product Name",
            "TBD by OEM",
            "0123456789",
            "1234567890",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "0000000000000000",
            "00000000-0000-0000",
            "FFFFFFFF",
            "ff:ff:ff",
            "XXXX",
            "x.x",
            "....................",
            "empty",
            " \n",
            "",
        ] {
            check(junk, None);
        }
    }

    #[test]
    fn binary_and_oversized_values_are_dropped() {
        check("ab\u{1}cd", None);
        check("Vendor\u{fffd}", None);
        check(&"A".repeat(MAX_VALUE_BYTES + 1), None);
    }

    #[test]
    fn decoding_bytes() {
        assert_eq!(decode(b"LENOVO\n"), Ok("LENOVO".into()));
        assert_eq!(decode(b"Dell Inc.\0\0"), Ok("Dell Inc.".into()));
        assert_eq!(decode(b""), Ok(String::new()));
        assert_eq!(
            decode(b"Positivo Inform\xe1tica\n"),
            Ok("Positivo Informática".into())
        );
        assert_eq!(decode("世恒D80F3\n".as_bytes()), Ok("世恒D80F3".into()));
        assert_eq!(decode(b"\x7fELF\x02\x01\x01"), Err(DmiError::Binary));
        assert_eq!(decode(b"ab\x00cd"), Err(DmiError::Binary));
        assert_eq!(decode(b"two\nlines\n"), Err(DmiError::Binary));
        assert_eq!(decode(b"\x9b\xc3"), Err(DmiError::Binary));
        // Found by the `dmi` fuzz target: a C1 control written as valid UTF-8.
        assert_eq!(decode(b".\xc2\x9a"), Err(DmiError::Binary));
        assert_eq!(decode(b"ACME\xc2\x85\n"), Err(DmiError::Binary));
    }
}
