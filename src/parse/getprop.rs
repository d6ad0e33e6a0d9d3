//! Android property dumps: `getprop` output (`[ro.product.model]: [Pixel 5]`) and `build.prop`
//! files (`ro.product.model=Pixel 5`).
//!
//! Both parsers take whatever a bug report pasted: CRLF line ends, values that span lines (a
//! value with a newline in it is printed as is by `getprop`), values of any length, and lines
//! whose brackets were cut or mangled. A record that cannot be read is reported by name in
//! [`GetpropDump::malformed`] when its name can be recovered, so a probe can say "malformed"
//! rather than "not found".

/// What a `getprop` dump holds: the readable properties and the names of broken records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetpropDump {
    /// `(name, value)` pairs in dump order, e.g. `("ro.product.model", "Pixel 5")`.
    pub properties: Vec<(String, String)>,
    /// Names of records whose brackets are broken, e.g. `"ro.product.model"` for
    /// `[ro.product.model]: [Pixel 5` followed by another record or the end of the dump.
    pub malformed: Vec<String>,
}

/// Parses `getprop` output into `(name, value)` pairs, in order, dropping broken records.
/// See [`parse_getprop_dump`] to learn which records were broken.
pub fn parse_getprop(text: &str) -> Vec<(String, String)> {
    parse_getprop_dump(text).properties
}

/// Parses `getprop` output: one `[name]: [value]` record per property, where the value may run
/// over several lines and ends at the last `]` before the next record.
///
/// A record whose value never closes (no `]` before the next record or the end), or a line that
/// starts like a record but has no `]: [` separator, is listed in
/// [`GetpropDump::malformed`] when a plausible property name can be read from it. Other lines
/// (blank lines, shell prompts) are skipped. Never panics; runs in linear time.
pub fn parse_getprop_dump(text: &str) -> GetpropDump {
    let mut dump = GetpropDump::default();
    // The record being read: its name and the value lines so far.
    let mut open: Option<(String, String)> = None;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some((name, rest)) = record_start(line) {
            if let Some((broken, _)) = open.take() {
                dump.malformed.push(broken);
            }
            match rest.strip_suffix(']') {
                Some(value) => dump.properties.push((name.to_owned(), value.to_owned())),
                None => open = Some((name.to_owned(), rest.to_owned())),
            }
        } else if let Some((name, mut value)) = open.take() {
            value.push('\n');
            match line.strip_suffix(']') {
                Some(last) => {
                    value.push_str(last);
                    dump.properties.push((name, value));
                }
                None => {
                    value.push_str(line);
                    open = Some((name, value));
                }
            }
        } else if let Some(name) = broken_record_name(line) {
            dump.malformed.push(name);
        }
    }
    if let Some((broken, _)) = open {
        dump.malformed.push(broken);
    }
    dump
}

/// `[name]: [rest` → `(name, rest)`, when `name` is a plausible property name.
fn record_start(line: &str) -> Option<(&str, &str)> {
    let (name, rest) = line.strip_prefix('[')?.split_once("]: [")?;
    is_property_name(name).then_some((name, rest))
}

/// The property name of a line that starts like a record but is broken (`[ro.x]: Pixel`,
/// `[ro.x: [Pixel]`, `[ro.x]`), if one can be read.
fn broken_record_name(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix('[')?;
    let end = rest.find([']', ':', '[', ' ']).unwrap_or(rest.len());
    let name = rest.get(..end)?;
    is_property_name(name).then(|| name.to_owned())
}

/// Whether `name` can be an Android property name: non-empty, at most 256 bytes, made of
/// letters, digits and `. _ - @ :` (what init accepts).
pub fn is_property_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 256
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'@' | b':'))
}

/// The partitions init accepts in `ro.product.property_source_order` (Android 10's
/// `product_services` included; it became `system_ext` in Android 11). init derives each empty
/// `ro.product.{brand,device,manufacturer,model,name}` from the first non-empty
/// `ro.product.<partition>.*` in that order. The one list of them: the snapshot's init
/// emulation and the device rules both use it.
pub const PROPERTY_SOURCES: &[&str] = &[
    "odm",
    "product",
    "product_services",
    "system_ext",
    "system",
    "vendor",
];

/// init's default `ro.product.property_source_order` for an API level: Android 10 (29)
/// `product,product_services,odm,vendor,system`; Android 11 and later (and an unknown level)
/// `product,odm,vendor,system_ext,system`.
pub fn default_property_source_order(sdk: Option<u32>) -> &'static [&'static str] {
    if sdk == Some(29) {
        &["product", "product_services", "odm", "vendor", "system"]
    } else {
        &["product", "odm", "vendor", "system_ext", "system"]
    }
}

/// The partition order a device declares in `ro.product.property_source_order`, when init
/// would accept it (a non-empty list of [`PROPERTY_SOURCES`]).
pub fn property_source_order(declared: &str) -> Option<Vec<&str>> {
    let order: Vec<&str> = declared.split(',').collect();
    (!declared.is_empty() && order.iter().all(|s| PROPERTY_SOURCES.contains(s))).then_some(order)
}

/// One meaningful line of a `build.prop` file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildPropLine {
    /// `name=value`, both trimmed, e.g. `("ro.product.model", "Pixel 5")`.
    Property(String, String),
    /// `import /path [filter]`: load another file, keeping only the names `filter` matches
    /// (`ro.*` is a prefix match, anything else an exact name), e.g. `("/oem/oem.prop", Some("ro.*"))`.
    Import(String, Option<String>),
}

/// Parses a `build.prop` file the way Android's init reads one: comments (`#`) and lines
/// without `=` are skipped; names and values are trimmed; `import` lines are kept for the
/// loader. Later lines win when loaded. Never panics.
pub fn parse_build_prop_lines(text: &str) -> Vec<BuildPropLine> {
    text.split('\n')
        .filter_map(|line| {
            let line = line.trim();
            if line.starts_with('#') {
                return None;
            }
            if let Some(rest) = line.strip_prefix("import ") {
                let mut parts = rest.split_whitespace();
                let path = parts.next()?.to_owned();
                let filter = parts.next().map(str::to_owned);
                return Some(BuildPropLine::Import(path, filter));
            }
            let (name, value) = line.split_once('=')?;
            let name = name.trim();
            if name.is_empty() {
                return None;
            }
            Some(BuildPropLine::Property(
                name.to_owned(),
                value.trim().to_owned(),
            ))
        })
        .collect()
}

/// Parses a `build.prop` file into `(name, value)` pairs, in order (later ones win when
/// loaded). Comments, `import` lines and lines without `=` are skipped.
pub fn parse_build_prop(text: &str) -> Vec<(String, String)> {
    parse_build_prop_lines(text)
        .into_iter()
        .filter_map(|l| match l {
            BuildPropLine::Property(n, v) => Some((n, v)),
            BuildPropLine::Import(..) => None,
        })
        .collect()
}

/// Whether `name` passes an init `import` filter: `None` passes everything, `"ro.*"` is a
/// prefix match, anything else must equal the name.
pub fn filter_matches(filter: Option<&str>, name: &str) -> bool {
    match filter {
        None => true,
        Some(f) => match f.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => name == f,
        },
    }
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
    fn plain_records_in_order() {
        let text = "[ro.product.brand]: [google]\n[ro.product.model]: [Pixel 5]\n";
        assert_eq!(
            parse_getprop(text),
            pairs(&[
                ("ro.product.brand", "google"),
                ("ro.product.model", "Pixel 5")
            ])
        );
    }

    #[test]
    fn crlf_and_empty_values() {
        let dump = parse_getprop_dump("[ro.a]: []\r\n[ro.b]: [x y]\r\n");
        assert_eq!(dump.properties, pairs(&[("ro.a", ""), ("ro.b", "x y")]));
        assert!(dump.malformed.is_empty());
    }

    #[test]
    fn multi_line_values_join_with_newlines() {
        let text = "[ro.a]: [first\nsecond\nthird]\n[ro.b]: [z]\n";
        assert_eq!(
            parse_getprop(text),
            pairs(&[("ro.a", "first\nsecond\nthird"), ("ro.b", "z")])
        );
    }

    #[test]
    fn values_may_hold_brackets() {
        assert_eq!(
            parse_getprop("[ro.a]: [[x]: [y]]\n"),
            pairs(&[("ro.a", "[x]: [y]")])
        );
    }

    #[test]
    fn broken_brackets_are_named_not_guessed() {
        let text = "[ro.product.model]: [Pixel 5\n[ro.product.brand]: [google]\n\
                    [ro.product.name: [redfin]\n[ro.build.id]: RQ1A\nrandom junk\n[ro.last]: [open";
        let dump = parse_getprop_dump(text);
        assert_eq!(dump.properties, pairs(&[("ro.product.brand", "google")]));
        assert_eq!(
            dump.malformed,
            vec![
                "ro.product.model",
                "ro.product.name",
                "ro.build.id",
                "ro.last"
            ]
        );
    }

    #[test]
    fn a_64_kib_value_is_read_whole() {
        let big = "x".repeat(64 * 1024);
        let dump = parse_getprop_dump(&format!("[ro.big]: [{big}]\n[ro.small]: [1]\n"));
        assert_eq!(dump.properties.len(), 2);
        assert_eq!(dump.properties[0].1.len(), 64 * 1024);
    }

    #[test]
    fn nothing_but_noise() {
        for text in [
            "",
            "\n\n",
            "[",
            "[]",
            "[]: []",
            "]]]",
            "\u{feff}\r\r",
            "[\u{e9}]: [x]",
        ] {
            assert_eq!(parse_getprop(text), vec![], "{text:?}");
        }
    }

    #[test]
    fn build_prop_lines_like_init() {
        let text = "# comment\n  ro.a = 1 \r\nimport /oem/oem.prop ro.*\nimport /x.prop\n=bad\nnoeq\nro.b=a=b\n";
        assert_eq!(
            parse_build_prop_lines(text),
            vec![
                BuildPropLine::Property("ro.a".into(), "1".into()),
                BuildPropLine::Import("/oem/oem.prop".into(), Some("ro.*".into())),
                BuildPropLine::Import("/x.prop".into(), None),
                BuildPropLine::Property("ro.b".into(), "a=b".into()),
            ]
        );
        assert_eq!(
            parse_build_prop(text),
            pairs(&[("ro.a", "1"), ("ro.b", "a=b")])
        );
    }

    #[test]
    fn import_filters() {
        assert!(filter_matches(None, "anything"));
        assert!(filter_matches(Some("ro.*"), "ro.product.model"));
        assert!(!filter_matches(Some("ro.*"), "persist.x"));
        assert!(filter_matches(Some("ro.x"), "ro.x"));
        assert!(!filter_matches(Some("ro.x"), "ro.xy"));
    }
}
