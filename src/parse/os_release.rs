//! os-release(5) files (`/etc/os-release`, `/usr/lib/os-release`) and other files in the same
//! shell-assignment format (`/etc/lsb-release`).
//!
//! One `KEY=value` per line. Values may be unquoted (a backslash escapes the next character),
//! double-quoted (`\"`, `\\`, `\$` and `` \` `` are escapes, other backslashes stay) or
//! single-quoted (literal); quoted pieces next to each other are joined, as a shell would.
//! Blank lines and lines starting with `#` are skipped, the last assignment of a key wins, and
//! CRLF line ends, a leading BOM and trailing blanks are tolerated. Lines that are not
//! assignments are skipped; a file made mostly of them (binary garbage) is an error.

use std::borrow::Cow;
use std::collections::BTreeMap;

/// The assignments of an os-release file, e.g. `ID=debian` and `VERSION_ID="12"`.
///
/// An empty value counts as unset (`VERSION_CODENAME=""` is no codename).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OsRelease {
    values: BTreeMap<String, String>,
}

impl OsRelease {
    /// The value of `key` (e.g. `"VERSION_ID"` → `"12"`), or `None` when unset or empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// `ID`, or `"linux"`, the os-release(5) default when the file does not set it.
    pub fn id(&self) -> &str {
        self.get("ID").unwrap_or(DEFAULT_ID)
    }

    /// `NAME`, or `"Linux"`, the os-release(5) default when the file does not set it.
    pub fn name(&self) -> &str {
        self.get("NAME").unwrap_or(DEFAULT_NAME)
    }

    /// `ID_LIKE` split at blanks, e.g. `["rhel", "fedora"]`; empty when unset.
    pub fn id_like(&self) -> impl Iterator<Item = &str> {
        self.get("ID_LIKE").unwrap_or("").split_whitespace()
    }

    /// The number of keys set (empty values included).
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the file set no key at all.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// An os-release file checked to be one, its values read from its text on demand: what
/// [`parse_os_release_borrowed`] gives, without a copy or a list of its lines.
///
/// Each lookup is one pass over the lines, comparing keys; only the value that is returned is
/// unquoted, and it is borrowed from the text unless quoting had to be undone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OsReleaseRef<'a> {
    /// The text without its BOM; every line was checked when it was parsed.
    text: &'a str,
}

impl<'a> OsReleaseRef<'a> {
    /// The value of `key` (e.g. `"VERSION_ID"` → `"12"`), or `None` when unset or empty.
    pub fn get(&self, key: &str) -> Option<Cow<'a, str>> {
        let [value] = self.get_many([key]);
        value
    }

    /// The values of several keys in one pass over the text, each as [`get`](Self::get)
    /// gives it.
    pub fn get_many<const N: usize>(&self, keys: [&str; N]) -> [Option<Cow<'a, str>>; N] {
        let (raw, _) = scan(self.text, keys);
        raw.map(finish)
    }

    /// `ID`, or `"linux"`, the os-release(5) default when the file does not set it.
    pub fn id(&self) -> Cow<'a, str> {
        self.get("ID").unwrap_or(Cow::Borrowed(DEFAULT_ID))
    }

    /// `NAME`, or `"Linux"`, the os-release(5) default when the file does not set it.
    pub fn name(&self) -> Cow<'a, str> {
        self.get("NAME").unwrap_or(Cow::Borrowed(DEFAULT_NAME))
    }

    /// Every assignment in file order (a later one of the same key wins), its value unquoted.
    fn assignments(&self) -> impl Iterator<Item = (&'a str, Cow<'a, str>)> {
        lines(self.text).filter_map(|line| {
            let (key, raw) = split_assignment(trim_start(line))?;
            Some((key, unquote(raw)?))
        })
    }
}

/// os-release(5)'s `ID` when the file does not set one.
pub const DEFAULT_ID: &str = "linux";
/// os-release(5)'s `NAME` when the file does not set one.
pub const DEFAULT_NAME: &str = "Linux";

/// Why a file is not an os-release file at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OsReleaseError {
    /// It holds a NUL character, which no text file does.
    #[error("binary content: NUL character on line {line}")]
    Binary {
        /// The 1-based line of the first NUL.
        line: usize,
    },
    /// Fewer of its lines are `KEY=value` assignments than are not.
    #[error("not key=value text: {invalid} of {lines} lines are not assignments")]
    NotAssignments {
        /// Lines that are neither blank, comments nor assignments.
        invalid: usize,
        /// Lines that are not blank or comments.
        lines: usize,
    },
}

/// Parses os-release text (already decoded; invalid UTF-8 replaced by U+FFFD).
///
/// An empty file, or one with only comments, is an empty [`OsRelease`] (whose [`id`] and
/// [`name`] are then the defaults).
///
/// [`id`]: OsRelease::id
/// [`name`]: OsRelease::name
///
/// # Errors
/// [`OsReleaseError::Binary`] when the text holds a NUL, [`OsReleaseError::NotAssignments`] when
/// fewer lines are assignments than are not (or none is, and some line is not).
///
/// ```
/// use devprobe::__fuzzing::os_release::parse_os_release;
/// let rel = parse_os_release("NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n")?;
/// assert_eq!(rel.name(), "Debian GNU/Linux");
/// assert_eq!(rel.get("VERSION_ID"), Some("12"));
/// # Ok::<(), devprobe::__fuzzing::os_release::OsReleaseError>(())
/// ```
pub fn parse_os_release(text: &str) -> Result<OsRelease, OsReleaseError> {
    let rel = parse_os_release_borrowed(text)?;
    let mut values = BTreeMap::new();
    for (key, value) in rel.assignments() {
        values.insert(key.to_owned(), value.into_owned());
    }
    Ok(OsRelease { values })
}

/// As [`parse_os_release`], without copying anything: the text is checked in one pass, and
/// values are read from it when asked for ([`OsReleaseRef::get`]). Allocates nothing.
///
/// # Errors
/// As [`parse_os_release`].
pub fn parse_os_release_borrowed(text: &str) -> Result<OsReleaseRef<'_>, OsReleaseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (_, counts) = scan(text, []);
    check(text, counts)?;
    Ok(OsReleaseRef { text })
}

/// The values of `keys` in os-release text, each as [`OsReleaseRef::get`] gives it, read in the
/// same single pass that checks the text: [`parse_os_release_borrowed`] and
/// [`OsReleaseRef::get_many`] at once. Allocates only for a value whose quoting is undone.
///
/// # Errors
/// As [`parse_os_release`].
pub fn os_release_values<'a, const N: usize>(
    text: &'a str,
    keys: [&str; N],
) -> Result<[Option<Cow<'a, str>>; N], OsReleaseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (raw, counts) = scan(text, keys);
    check(text, counts)?;
    Ok(raw.map(finish))
}

/// The lines that are assignments and the lines that are neither those, blank nor comments.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    assignments: usize,
    invalid: usize,
}

/// One pass over the lines of `text`: the raw (still quoted) value of each key's last valid
/// assignment, and the counts [`check`] judges.
fn scan<'a, const N: usize>(text: &'a str, keys: [&str; N]) -> ([Option<&'a str>; N], Counts) {
    let mut raw: [Option<&'a str>; N] = [None; N];
    let mut counts = Counts::default();
    for line in lines(text) {
        let line = trim_start(line);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match split_assignment(line) {
            Some((key, value)) if is_closed(value) => {
                counts.assignments += 1;
                for (slot, wanted) in raw.iter_mut().zip(keys) {
                    if key == wanted {
                        *slot = Some(value);
                    }
                }
            }
            _ => counts.invalid += 1,
        }
    }
    (raw, counts)
}

/// Whether the text is os-release text: no NUL, and no fewer assignments than other lines.
fn check(text: &str, counts: Counts) -> Result<(), OsReleaseError> {
    if let Some(at) = text.find('\0') {
        let before = text.as_bytes().get(..at).unwrap_or_default();
        let newlines = before.iter().filter(|&&b| b == b'\n').count();
        return Err(OsReleaseError::Binary {
            line: newlines.saturating_add(1),
        });
    }
    let Counts {
        assignments,
        invalid,
    } = counts;
    if invalid > assignments {
        return Err(OsReleaseError::NotAssignments {
            invalid,
            lines: invalid + assignments,
        });
    }
    Ok(())
}

/// A raw value unquoted, empty counting as unset.
fn finish(raw: Option<&str>) -> Option<Cow<'_, str>> {
    raw.and_then(unquote).filter(|v| !v.is_empty())
}

/// `KEY=value` (the line's leading blanks already trimmed) → the key and the raw value, still
/// quoted; `None` when the line is no assignment of a shell variable name.
fn split_assignment(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    let first = bytes.first()?;
    if !(first.is_ascii_alphabetic() || *first == b'_') {
        return None;
    }
    let end = key_end(bytes);
    let key = line.get(..end)?;
    // Blanks may stand between the key and `=`.
    let raw = trim_start(line.get(end..)?).strip_prefix('=')?;
    Some((key, raw))
}

/// Whether a byte may make a value more than its text as it stands: a quote, an escape, a
/// blank or a control character (which may be a blank), or non-ASCII text (U+3000 is a blank).
fn is_special(b: u8) -> bool {
    matches!(b, b'"' | b'\\' | b'\'' | b' ') || b < b' ' || !b.is_ascii()
}

/// Whether every quote of a raw value is closed (what [`unquote`] needs to give a value), checked
/// without building the value.
fn is_closed(raw: &str) -> bool {
    // Only a quote can be left open; a value without one is closed as it stands.
    if !has_either(raw.as_bytes(), b'"', b'\'') {
        return true;
    }
    let raw = trim_start(raw);
    is_plain_quoted(raw) || walk(raw, &mut Length(0)).is_some()
}

/// The text between the quotes of a value that is wholly double-quoted without escapes
/// (`"Debian GNU/Linux"`): the value as it stands.
fn plain_quoted(raw: &str) -> Option<&str> {
    raw.strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .filter(|inner| !has_either(inner.as_bytes(), b'"', b'\\'))
}

/// Whether [`plain_quoted`] reads the value.
fn is_plain_quoted(raw: &str) -> bool {
    plain_quoted(raw).is_some()
}

/// `s` without its leading blanks (as `str::trim_start`), at once when it starts with a byte
/// that is no blank.
fn trim_start(s: &str) -> &str {
    match s.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => s,
        _ => s.trim_start(),
    }
}

/// The lines of `text` as `str::lines` splits them (at `\n`, a `\r` before it dropped), each
/// line end found eight bytes at a time.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(end) = find_newline(rest.as_bytes()) else {
            return Some(std::mem::take(&mut rest));
        };
        let line = rest.get(..end).unwrap_or_default();
        rest = rest.get(end + 1..).unwrap_or_default();
        Some(line.strip_suffix('\r').unwrap_or(line))
    })
}

/// Where the name at the start of `b` ends: the first byte that is no ASCII letter, digit or
/// `_` (or the end), found a word at a time.
fn key_end(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = ONES * 0x7F;
    const HIGH: u64 = ONES * 0x80;
    // Bit 7 of each byte of `x` (all below 0x80) that is in `lo..=hi`.
    let in_range = |x: u64, lo: u8, hi: u8| {
        (x + ONES * u64::from(0x80 - lo)) & !(x + ONES * u64::from(0x7F - hi)) & HIGH
    };
    let mut at = 0usize;
    while let Some(word) = b.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*word);
        let x7 = x & LOW7;
        let under = x7 ^ (ONES * u64::from(b'_'));
        let under = !((under + LOW7) | under) & HIGH;
        // Upper-case letters folded onto lower-case ones; no other byte lands on a letter.
        let name = in_range(x7 | (ONES * 0x20), b'a', b'z') | in_range(x7, b'0', b'9') | under;
        let other = !(name & !x) & HIGH;
        if other != 0 {
            return at + (other.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let tail = b.get(at..).unwrap_or_default();
    at + tail
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
        .unwrap_or(tail.len())
}

/// Whether `b` holds the byte `x` or `y`: whole words tested at once, the tail byte by byte.
fn has_either(b: &[u8], x: u8, y: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // A word has a zero byte exactly when this is not zero.
    let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH;
    let (xs, ys) = (ONES * u64::from(x), ONES * u64::from(y));
    let mut words = b.chunks_exact(8);
    for word in words.by_ref() {
        let w = word
            .first_chunk::<8>()
            .map_or(0, |w| u64::from_le_bytes(*w));
        if zero(w ^ xs) | zero(w ^ ys) != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|&c| c == x || c == y)
}

/// The index of the first `\n` in `b`: whole words tested at once, the tail byte by byte.
fn find_newline(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let mut at = 0usize;
    while let Some(word) = b.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*word) ^ (ONES * u64::from(b'\n'));
        // The lowest byte flagged is the first zero byte of `x`, a `\n` of `b`.
        let zero = x.wrapping_sub(ONES) & !x & HIGH;
        if zero != 0 {
            return Some(at + (zero.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = b.get(at..)?;
    tail.iter().position(|&c| c == b'\n').map(|k| at + k)
}

/// The value of an assignment with shell quoting undone; `None` when a quote is not closed.
fn unquote(raw: &str) -> Option<Cow<'_, str>> {
    let raw = trim_start(raw);
    // Most values are plain (`ID=debian`) or wholly double-quoted without escapes
    // (`NAME="Debian GNU/Linux"`): their text is the value as it stands.
    // Control characters and non-ASCII text take the long way: they may be blanks (a vertical
    // tab, U+3000).
    if !raw.bytes().any(is_special) {
        return Some(Cow::Borrowed(raw));
    }
    if let Some(inner) = plain_quoted(raw) {
        return Some(Cow::Borrowed(inner));
    }
    let mut out = String::with_capacity(raw.len());
    walk(raw, &mut out)?;
    Some(Cow::Owned(out))
}

/// Where [`walk`] puts the characters of a value: the value itself, or only its length.
trait Sink {
    fn push(&mut self, c: char);
    fn len(&self) -> usize;
    fn truncate(&mut self, len: usize);
}

impl Sink for String {
    fn push(&mut self, c: char) {
        String::push(self, c);
    }
    fn len(&self) -> usize {
        String::len(self)
    }
    fn truncate(&mut self, len: usize) {
        String::truncate(self, len);
    }
}

/// A value's length only, for checking a value without building it.
struct Length(usize);

impl Sink for Length {
    fn push(&mut self, c: char) {
        self.0 = self.0.saturating_add(c.len_utf8());
    }
    fn len(&self) -> usize {
        self.0
    }
    fn truncate(&mut self, len: usize) {
        self.0 = self.0.min(len);
    }
}

/// Undoes the shell quoting of `raw` (leading blanks trimmed) into `out`; `None` when a quote
/// is not closed.
fn walk(raw: &str, out: &mut impl Sink) -> Option<()> {
    // Length of `out` without the unquoted blanks at its end, which are dropped.
    let mut keep = 0usize;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            e @ ('"' | '\\' | '$' | '`') => out.push(e),
                            e => {
                                out.push('\\');
                                out.push(e);
                            }
                        },
                        e => out.push(e),
                    }
                }
                keep = out.len();
            }
            '\'' => {
                loop {
                    match chars.next()? {
                        '\'' => break,
                        e => out.push(e),
                    }
                }
                keep = out.len();
            }
            '\\' => {
                if let Some(e) = chars.next() {
                    out.push(e);
                    keep = out.len();
                }
            }
            c if c.is_whitespace() => {
                // A shell comment starts at a `#` after unquoted blanks.
                while chars.next_if(|n| n.is_whitespace()).is_some() {}
                if chars.peek() == Some(&'#') {
                    break;
                }
                out.push(' ');
            }
            c => {
                out.push(c);
                keep = out.len();
            }
        }
    }
    out.truncate(keep);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_end_stops_at_the_first_byte_of_no_name() {
        let naive = |b: &[u8]| {
            b.iter()
                .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                .unwrap_or(b.len())
        };
        for len in 0..20 {
            for at in 0..=len {
                for c in 0u8..=255 {
                    let mut b: Vec<u8> = (0..len).map(|i| b"aZ0_9zA"[i % 7]).collect();
                    if let Some(slot) = b.get_mut(at) {
                        *slot = c;
                    }
                    assert_eq!(key_end(&b), naive(&b), "{b:?}");
                }
            }
        }
    }

    #[test]
    fn has_either_finds_each_byte_anywhere() {
        for len in 0..20 {
            for at in 0..len {
                for (c, found) in [
                    (b'"', true),
                    (b'\\', true),
                    (b'\'', false),
                    (0x80 | b'"', false),
                ] {
                    let mut b = vec![b'a'; len];
                    if let Some(slot) = b.get_mut(at) {
                        *slot = c;
                    }
                    assert_eq!(has_either(&b, b'"', b'\\'), found, "{len} {at} {c}");
                }
            }
            assert!(!has_either(&vec![b'!'; len], b'"', b'\\'));
        }
    }

    #[track_caller]
    fn check(text: &str, expected: &[(&str, &str)]) {
        let rel = parse_os_release(text).unwrap();
        for (key, value) in expected {
            assert_eq!(rel.get(key), Some(*value), "{key}");
        }
    }

    #[test]
    fn the_borrowed_parse_gives_the_same_values() {
        let text = "\u{feff}NAME=\"Debian GNU/Linux\"\nID=debian\nID=raspbian\n\
            VERSION='12 (bookworm)'\nBUILD_ID=a\\ b\nVARIANT=\"\"\nPRETTY_NAME=\"x \\\"y\\\"\"\n\
            # comment\nnot an assignment\nHOME_URL=https://x.example/ # trailing\n";
        let owned = parse_os_release(text).unwrap();
        let borrowed = parse_os_release_borrowed(text).unwrap();
        for key in [
            "NAME",
            "ID",
            "VERSION",
            "BUILD_ID",
            "VARIANT",
            "PRETTY_NAME",
            "HOME_URL",
            "MISSING",
        ] {
            assert_eq!(borrowed.get(key).as_deref(), owned.get(key), "{key}");
        }
        assert_eq!(borrowed.get("ID").as_deref(), Some("raspbian"));
        assert_eq!(borrowed.get("BUILD_ID").as_deref(), Some("a b"));
        assert_eq!(borrowed.get("PRETTY_NAME").as_deref(), Some("x \"y\""));
        assert_eq!(
            (&*borrowed.id(), &*borrowed.name()),
            ("raspbian", "Debian GNU/Linux")
        );
        let [name, id, missing, variant] = borrowed.get_many(["NAME", "ID", "MISSING", "VARIANT"]);
        assert_eq!(
            (name.as_deref(), id.as_deref(), missing, variant),
            (Some("Debian GNU/Linux"), Some("raspbian"), None, None)
        );
        assert!(matches!(borrowed.get("ID"), Some(Cow::Borrowed(_))));
        assert_eq!(
            parse_os_release_borrowed("\0"),
            Err(OsReleaseError::Binary { line: 1 })
        );
    }

    #[test]
    fn the_one_pass_values_agree_with_the_parse() {
        let texts = [
            "\u{feff}NAME=\"Debian GNU/Linux\"\r\nID=debian\nID=\"open\nID='x'  # c\n",
            "ID=ok\nID=\"unterminated\nNAME=a\\ b\nVERSION=\"1 \\\"q\\\"\"\nBUILD_ID=\n",
            "  ID = spaced\n\tNAME='tab'\n# ID=comment\nVERSION_ID=\"\"\n",
            "ID=last-line-without-end\r",
            "",
            "junk\nmore junk\nID=x\n",
            "ID=x\n\0",
        ];
        let keys = ["ID", "NAME", "VERSION_ID", "BUILD_ID", "VERSION"];
        for text in texts {
            let owned = parse_os_release(text);
            let values = os_release_values(text, keys);
            match (&owned, &values) {
                (Ok(owned), Ok(values)) => {
                    for (key, value) in keys.iter().zip(values) {
                        assert_eq!(value.as_deref(), owned.get(key), "{key} in {text:?}");
                    }
                }
                (Err(a), Err(b)) => assert_eq!(a, b, "{text:?}"),
                _ => panic!("{text:?}: {owned:?} vs {values:?}"),
            }
        }
        let [id, name, ..] = os_release_values(texts[1], keys).unwrap();
        assert_eq!((id.as_deref(), name.as_deref()), (Some("ok"), Some("a b")));
        // A `\r` without a line end after it is a trailing blank, dropped.
        assert_eq!(
            os_release_values(texts[3], ["ID"]).unwrap(),
            [Some(Cow::Borrowed("last-line-without-end"))]
        );
    }

    #[test]
    fn ubuntu_22_04() {
        let text = "PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\n\
            VERSION=\"22.04.4 LTS (Jammy Jellyfish)\"\nVERSION_CODENAME=jammy\nID=ubuntu\n\
            ID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\nUBUNTU_CODENAME=jammy\n";
        let rel = parse_os_release(text).unwrap();
        assert_eq!(rel.id(), "ubuntu");
        assert_eq!(rel.name(), "Ubuntu");
        assert_eq!(rel.get("VERSION_ID"), Some("22.04"));
        assert_eq!(rel.get("VERSION"), Some("22.04.4 LTS (Jammy Jellyfish)"));
        assert_eq!(rel.id_like().collect::<Vec<_>>(), vec!["debian"]);
        assert_eq!(rel.get("BUILD_ID"), None);
    }

    #[test]
    fn fedora_39() {
        let text = "NAME=\"Fedora Linux\"\nVERSION=\"39 (Workstation Edition)\"\nID=fedora\n\
            VERSION_ID=39\nVERSION_CODENAME=\"\"\nPLATFORM_ID=\"platform:f39\"\n\
            PRETTY_NAME=\"Fedora Linux 39 (Workstation Edition)\"\nLOGO=fedora-logo-icon\n\
            CPE_NAME=\"cpe:/o:fedoraproject:fedora:39\"\nVARIANT=\"Workstation Edition\"\n\
            VARIANT_ID=workstation\n";
        check(
            text,
            &[
                ("NAME", "Fedora Linux"),
                ("ID", "fedora"),
                ("VERSION_ID", "39"),
                ("VERSION", "39 (Workstation Edition)"),
                ("VARIANT_ID", "workstation"),
            ],
        );
        // `VERSION_CODENAME=""` is no codename.
        assert_eq!(
            parse_os_release(text).unwrap().get("VERSION_CODENAME"),
            None
        );
    }

    #[test]
    fn alpine_3_19() {
        let text = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n\
            PRETTY_NAME=\"Alpine Linux v3.19\"\nHOME_URL=\"https://alpinelinux.org/\"\n";
        check(
            text,
            &[
                ("NAME", "Alpine Linux"),
                ("ID", "alpine"),
                ("VERSION_ID", "3.19.1"),
            ],
        );
    }

    #[test]
    fn arch_linux_rolling_has_no_version_id() {
        let text = "NAME=\"Arch Linux\"\nPRETTY_NAME=\"Arch Linux\"\nID=arch\nBUILD_ID=rolling\n\
            LOGO=archlinux-logo\n";
        let rel = parse_os_release(text).unwrap();
        assert_eq!(rel.get("BUILD_ID"), Some("rolling"));
        assert_eq!(rel.get("VERSION_ID"), None);
    }

    #[test]
    fn debian_12_bookworm_with_crlf_bom_and_trailing_blanks() {
        let text = "\u{feff}PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\r\n\
            NAME=\"Debian GNU/Linux\"  \r\nVERSION_ID=\"12\"\t\r\nVERSION=\"12 (bookworm)\"\r\n\
            ID=debian   \r\n";
        check(
            text,
            &[
                ("NAME", "Debian GNU/Linux"),
                ("VERSION_ID", "12"),
                ("VERSION", "12 (bookworm)"),
                ("ID", "debian"),
                ("PRETTY_NAME", "Debian GNU/Linux 12 (bookworm)"),
            ],
        );
    }

    #[test]
    fn quoting_and_escapes() {
        check(
            "A='single \"quoted\" \\n'",
            &[("A", "single \"quoted\" \\n")],
        );
        check(
            r#"A="say \"hi\" \\ \$HOME \`x\` \q""#,
            &[("A", r#"say "hi" \ $HOME `x` \q"#)],
        );
        check(
            r"A=unquoted\ with\ escapes",
            &[("A", "unquoted with escapes")],
        );
        check("A=\"joined\"'pieces'", &[("A", "joinedpieces")]);
        check(
            "A=\"  keeps inner blanks  \"  ",
            &[("A", "  keeps inner blanks  ")],
        );
        check("A=value # a comment", &[("A", "value")]);
        check("A=\"value\" # a comment", &[("A", "value")]);
        check("A=two words", &[("A", "two words")]);
        check("A=a#b", &[("A", "a#b")]);
        check("  A = spaced", &[("A", "spaced")]);
        // The shortcuts for plain and wholly double-quoted values, and their edges.
        check("A=$HOME`x`", &[("A", "$HOME`x`")]);
        check("A=\"a\"b\"\"", &[("A", "ab")]);
        check("A=\"a\\\\b\"", &[("A", "a\\b")]);
        check(
            "A=\"\u{3000}wide\u{3000}\"",
            &[("A", "\u{3000}wide\u{3000}")],
        );
        check("A=x\u{3000}y", &[("A", "x y")]);
        check("A=x\u{b}y", &[("A", "x y")]);
        assert!(parse_os_release("A=\"").is_err());
        assert_eq!(parse_os_release("A=\"\"").unwrap().get("A"), None);
    }

    #[test]
    fn comments_blank_lines_and_last_assignment_wins() {
        let text = "# comment\n\n   # indented comment\nID=first\nID=second\nNAME=x\n";
        check(text, &[("ID", "second"), ("NAME", "x")]);
        let rel = parse_os_release(text).unwrap();
        assert_eq!(rel.len(), 2);
    }

    #[test]
    fn defaults_when_unset() {
        let rel = parse_os_release("VERSION_ID=1\n").unwrap();
        assert_eq!((rel.id(), rel.name()), ("linux", "Linux"));
        let empty = parse_os_release("").unwrap();
        assert!(empty.is_empty());
        assert_eq!((empty.id(), empty.name()), ("linux", "Linux"));
        let blank = parse_os_release("ID=\nNAME=''\n").unwrap();
        assert_eq!((blank.id(), blank.name()), ("linux", "Linux"));
    }

    #[test]
    fn invalid_lines_are_skipped() {
        let text = "ID=ok\nNAME=\"unterminated\n9KEY=bad key\nexport X=y\nVERSION_ID=1\nnot a line\n\
            HOME_URL=h\nLOGO=l\n";
        let rel = parse_os_release(text).unwrap();
        assert_eq!(rel.get("ID"), Some("ok"));
        assert_eq!(rel.get("VERSION_ID"), Some("1"));
        assert_eq!(rel.get("NAME"), None);
        assert_eq!(rel.get("9KEY"), None);
    }

    #[test]
    fn garbage_is_an_error() {
        assert_eq!(
            parse_os_release("ID=x\n\u{0}\u{1}binary"),
            Err(OsReleaseError::Binary { line: 2 })
        );
        assert_eq!(
            parse_os_release("\u{fffd}\u{fffd}PNG\u{fffd}\nmore junk\n"),
            Err(OsReleaseError::NotAssignments {
                invalid: 2,
                lines: 2
            })
        );
        assert!(parse_os_release("<html><body>404</body></html>").is_err());
    }

    #[test]
    fn lossy_latin1_values_keep_their_replacement_character() {
        // "Schrödinger" in Latin-1, decoded lossily by the source: the parser keeps what it got
        // and the probe decides (it omits such a value as malformed).
        let rel = parse_os_release("VERSION=\"19 (Schr\u{fffd}dinger's Cat)\"\n").unwrap();
        assert_eq!(rel.get("VERSION"), Some("19 (Schr\u{fffd}dinger's Cat)"));
    }
}
