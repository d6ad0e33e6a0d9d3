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
        self.get("ID").unwrap_or("linux")
    }

    /// `NAME`, or `"Linux"`, the os-release(5) default when the file does not set it.
    pub fn name(&self) -> &str {
        self.get("NAME").unwrap_or("Linux")
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

/// The assignments of an os-release file, borrowed from its text where no quoting had to be
/// undone: what [`parse_os_release_borrowed`] gives, read without a copy per line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OsReleaseRef<'a> {
    /// Every assignment in file order; a later one of the same key wins.
    values: Vec<(&'a str, Cow<'a, str>)>,
}

impl OsReleaseRef<'_> {
    /// The value of `key` (e.g. `"VERSION_ID"` → `"12"`), or `None` when unset or empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_ref())
            .filter(|v| !v.is_empty())
    }

    /// `ID`, or `"linux"`, the os-release(5) default when the file does not set it.
    pub fn id(&self) -> &str {
        self.get("ID").unwrap_or("linux")
    }

    /// `NAME`, or `"Linux"`, the os-release(5) default when the file does not set it.
    pub fn name(&self) -> &str {
        self.get("NAME").unwrap_or("Linux")
    }
}

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
    for (key, value) in rel.values {
        values.insert(key.to_owned(), value.into_owned());
    }
    Ok(OsRelease { values })
}

/// As [`parse_os_release`], borrowing keys and the values that need no unquoting from `text`:
/// one allocation for the list, none per line.
///
/// # Errors
/// As [`parse_os_release`].
pub fn parse_os_release_borrowed(text: &str) -> Result<OsReleaseRef<'_>, OsReleaseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut values = Vec::new();
    let (mut assignments, mut invalid) = (0usize, 0usize);
    for (index, line) in text.lines().enumerate() {
        if line.contains('\0') {
            return Err(OsReleaseError::Binary {
                line: index.saturating_add(1),
            });
        }
        let line = line.trim_start();
        if line.trim_end().is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_assignment(line) {
            Some((key, value)) => {
                assignments += 1;
                values.push((key, value));
            }
            None => invalid += 1,
        }
    }
    if invalid > assignments {
        return Err(OsReleaseError::NotAssignments {
            invalid,
            lines: invalid + assignments,
        });
    }
    Ok(OsReleaseRef { values })
}

/// `KEY=value` → the key and the unquoted value; `None` for anything else.
fn parse_assignment(line: &str) -> Option<(&str, Cow<'_, str>)> {
    let (key, raw) = line.split_once('=')?;
    let key = key.trim_end();
    let mut chars = key.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    Some((key, unquote(raw)?))
}

/// The value of an assignment with shell quoting undone; `None` when a quote is not closed.
fn unquote(raw: &str) -> Option<Cow<'_, str>> {
    let raw = raw.trim_start();
    // Most values are plain (`ID=debian`) or wholly double-quoted without escapes
    // (`NAME="Debian GNU/Linux"`): their text is the value as it stands.
    // Control characters and non-ASCII text take the long way: they may be blanks (a vertical
    // tab, U+3000).
    let special = |b: u8| matches!(b, b'"' | b'\\' | b'\'' | b' ') || b < b' ' || !b.is_ascii();
    if !raw.bytes().any(special) {
        return Some(Cow::Borrowed(raw));
    }
    if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"'))
        && !inner.bytes().any(|b| b == b'"' || b == b'\\')
    {
        return Some(Cow::Borrowed(inner));
    }
    let mut out = String::with_capacity(raw.len());
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
    Some(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(borrowed.get(key), owned.get(key), "{key}");
        }
        assert_eq!(borrowed.get("ID"), Some("raspbian"));
        assert_eq!(borrowed.get("BUILD_ID"), Some("a b"));
        assert_eq!(borrowed.get("PRETTY_NAME"), Some("x \"y\""));
        assert_eq!(
            (borrowed.id(), borrowed.name()),
            ("raspbian", "Debian GNU/Linux")
        );
        assert_eq!(
            parse_os_release_borrowed("\0"),
            Err(OsReleaseError::Binary { line: 1 })
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
