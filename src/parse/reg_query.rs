//! Windows `reg query` output, as people paste it into bug reports (`registry.txt` in a
//! snapshot):
//!
//! ```text
//! HKEY_LOCAL_MACHINE\HARDWARE\DESCRIPTION\System\BIOS
//!     SystemManufacturer    REG_SZ    LENOVO
//!     BiosMajorRelease    REG_DWORD    0x1
//! ```
//!
//! Every value type `reg.exe` prints is understood: `REG_SZ`, `REG_EXPAND_SZ`, `REG_MULTI_SZ`
//! (items joined by a literal `\0`), `REG_DWORD`, `REG_DWORD_BIG_ENDIAN` and `REG_QWORD` (hex),
//! `REG_BINARY`, `REG_NONE` and the resource-list types (hex bytes). The columns may be
//! separated by any run of spaces or tabs, lines may end in CRLF, and a dump saved as UTF-16
//! (PowerShell's `>` does that) is decoded first by [`parse_reg_query_bytes`]. A line that is
//! not understood — an unknown type, a `REG_DWORD` whose data is not a number — is skipped, so
//! the probe sees that value as absent rather than as something made up.

use crate::parse::reg_data::RegValue;

/// The root keys `reg.exe` prints in full and the short forms people type.
const ROOTS: &[&str] = &[
    "HKEY_LOCAL_MACHINE",
    "HKEY_CURRENT_USER",
    "HKEY_CLASSES_ROOT",
    "HKEY_USERS",
    "HKEY_CURRENT_CONFIG",
    "HKLM",
    "HKCU",
    "HKCR",
    "HKU",
    "HKCC",
];

/// How a `reg query` type token is turned into a value.
#[derive(Clone, Copy)]
enum Kind {
    Sz,
    MultiSz,
    Dword,
    DwordBigEndian,
    Qword,
    Binary,
}

fn kind_of(token: &str) -> Option<Kind> {
    let kind = match token.to_ascii_uppercase().as_str() {
        "REG_SZ" | "REG_EXPAND_SZ" => Kind::Sz,
        "REG_MULTI_SZ" => Kind::MultiSz,
        "REG_DWORD" | "REG_DWORD_LITTLE_ENDIAN" => Kind::Dword,
        "REG_DWORD_BIG_ENDIAN" => Kind::DwordBigEndian,
        "REG_QWORD" | "REG_QWORD_LITTLE_ENDIAN" => Kind::Qword,
        "REG_BINARY"
        | "REG_NONE"
        | "REG_LINK"
        | "REG_RESOURCE_LIST"
        | "REG_FULL_RESOURCE_DESCRIPTOR"
        | "REG_RESOURCE_REQUIREMENTS_LIST" => Kind::Binary,
        _ => return None,
    };
    Some(kind)
}

/// Parses `reg query` output into `(key, value name, data)` triples, in order.
///
/// The default value, printed `(Default)`, gets the empty name; a `(value not set)` default is
/// left out, as is any value line before the first key line.
///
/// ```
/// use devprobe::source::RegValue;
/// use devprobe::__fuzzing::reg_query::parse_reg_query;
/// let text = "HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\BIOS\r\n    SystemSKU    REG_SZ    20UJ\r\n";
/// let v = parse_reg_query(text);
/// assert_eq!(v[0].1, "SystemSKU");
/// assert_eq!(v[0].2, RegValue::Sz("20UJ".into()));
/// ```
pub fn parse_reg_query(text: &str) -> Vec<(String, String, RegValue)> {
    let mut key: Option<String> = None;
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches(['\r', '\n']);
        if let Some(k) = key_line(line) {
            key = Some(k);
            continue;
        }
        let Some(current) = &key else { continue };
        if let Some((name, value)) = value_line(line) {
            out.push((current.clone(), name, value));
        }
    }
    out
}

/// Like [`parse_reg_query`], for a dump as saved: UTF-8 (with or without a BOM) or UTF-16
/// (little- or big-endian, with or without a BOM) — see [`decode_text`].
pub fn parse_reg_query_bytes(bytes: &[u8]) -> Vec<(String, String, RegValue)> {
    parse_reg_query(&decode_text(bytes))
}

/// A text file's bytes as a string: a UTF-16 dump (a `FF FE`/`FE FF` byte-order mark, or ASCII
/// text with every other byte zero) is decoded as UTF-16, anything else as UTF-8. A UTF-8 BOM
/// is dropped, and bytes that do not decode become U+FFFD.
pub fn decode_text(bytes: &[u8]) -> String {
    let (body, big_endian) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, Some(false)),
        [0xFE, 0xFF, rest @ ..] => (rest, Some(true)),
        [0xEF, 0xBB, 0xBF, rest @ ..] => return String::from_utf8_lossy(rest).into_owned(),
        _ => (bytes, utf16_without_bom(bytes)),
    };
    let Some(big_endian) = big_endian else {
        return String::from_utf8_lossy(bytes).into_owned();
    };
    let units = body.chunks_exact(2).map(|pair| match pair {
        [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
        [a, b] => u16::from_le_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Whether BOM-less bytes look like UTF-16 text (`Some(true)` big-endian): most of the first
/// 256 code units have a zero high byte and a non-zero low byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let pairs: Vec<(u8, u8)> = bytes
        .chunks_exact(2)
        .take(256)
        .filter_map(|p| match p {
            [a, b] => Some((*a, *b)),
            _ => None,
        })
        .collect();
    if pairs.len() < 2 {
        return None;
    }
    let le = pairs.iter().filter(|(a, b)| *a != 0 && *b == 0).count();
    let be = pairs.iter().filter(|(a, b)| *a == 0 && *b != 0).count();
    let enough = |n: usize| n * 10 >= pairs.len() * 9;
    if enough(le) {
        Some(false)
    } else if enough(be) {
        Some(true)
    } else {
        None
    }
}

/// The key a line names, when it is a key line (`HKEY_LOCAL_MACHINE\...`, `HKLM\...`).
fn key_line(line: &str) -> Option<String> {
    let trimmed = line.trim();
    let root = trimmed.split('\\').next()?;
    let is_root = ROOTS.iter().any(|r| r.eq_ignore_ascii_case(root));
    // A value line names its type after the name; a key line has no whitespace-separated
    // REG_ token.
    // Trailing separators and blanks in any mix (`BIOS\\ \\`) go, so that a key written back
    // reads the same.
    let key = trimmed.trim_end_matches(|c: char| c == '\\' || c.is_whitespace());
    // Decided on the key as it will be written back, so `…\x0bREG_SZ\` is not a key here and a
    // value line there (found by the reg_query fuzz target).
    (is_root && find_type(key).is_none()).then(|| key.to_owned())
}

/// The byte range and kind of the first type token of a line: a whitespace-delimited word
/// `REG_...` that is preceded by whitespace (or starts the line) and is a known type.
fn find_type(line: &str) -> Option<(usize, usize, Kind)> {
    let mut start = None;
    for (i, c) in line.char_indices().chain([(line.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                start = None;
                let word = line.get(s..i)?;
                if let Some(kind) = kind_of(word) {
                    return Some((s, i, kind));
                }
            }
            _ => {}
        }
    }
    None
}

fn value_line(line: &str) -> Option<(String, RegValue)> {
    let (start, end, kind) = find_type(line)?;
    let name = line.get(..start)?.trim();
    let data = line.get(end..)?.trim();
    let name = if name.eq_ignore_ascii_case("(Default)") {
        if data.eq_ignore_ascii_case("(value not set)") {
            return None;
        }
        ""
    } else {
        name
    };
    let value = match kind {
        Kind::Sz => RegValue::Sz(data.to_owned()),
        Kind::MultiSz if data.is_empty() => RegValue::MultiSz(Vec::new()),
        Kind::MultiSz => RegValue::MultiSz(data.split("\\0").map(str::to_owned).collect()),
        Kind::Dword | Kind::DwordBigEndian => RegValue::Dword(number(data)?),
        Kind::Qword => RegValue::Qword(number(data)?),
        Kind::Binary => RegValue::Binary(hex_bytes(data)?),
    };
    Some((name.to_owned(), value))
}

/// A `reg query` number: `0x1a` (how it prints them), or plain decimal as people retype them.
fn number<T: TryFrom<u64>>(data: &str) -> Option<T> {
    let v = match data.strip_prefix("0x").or_else(|| data.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok()?,
        None => data.parse::<u64>().ok()?,
    };
    T::try_from(v).ok()
}

/// `REG_BINARY` data: hex digit pairs, as `reg.exe` prints them (spaces and commas tolerated).
fn hex_bytes(data: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = data
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b',')
        .map(|b| {
            char::from(b)
                .to_digit(16)
                .and_then(|d| u8::try_from(d).ok())
        })
        .collect::<Option<_>>()?;
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    Some(
        digits
            .chunks_exact(2)
            .map(|p| match p {
                [hi, lo] => hi * 16 + lo,
                _ => 0,
            })
            .collect(),
    )
}

/// Writes `(key, value name, data)` triples in `reg query` layout, grouped by key. What it
/// writes, [`parse_reg_query`] reads back to the same values (strings that themselves contain
/// a line break cannot be written and are cut there).
pub fn format_reg_query<'a>(
    values: impl Iterator<Item = (&'a str, &'a str, &'a RegValue)>,
) -> String {
    let mut out = String::new();
    let mut last_key = None;
    for (key, name, data) in values {
        if last_key != Some(key) {
            out.push_str(&format!("\n{key}\n"));
            last_key = Some(key);
        }
        let name = if name.is_empty() { "(Default)" } else { name };
        let one_line = |s: &str| s.lines().next().unwrap_or("").to_owned();
        let (kind, text) = match data {
            RegValue::Sz(s) => ("REG_SZ", one_line(s)),
            RegValue::Dword(d) => ("REG_DWORD", format!("0x{d:x}")),
            RegValue::Qword(d) => ("REG_QWORD", format!("0x{d:x}")),
            RegValue::MultiSz(v) => ("REG_MULTI_SZ", one_line(&v.join("\\0"))),
            RegValue::Binary(b) => ("REG_BINARY", b.iter().map(|x| format!("{x:02X}")).collect()),
        };
        out.push_str(&format!("    {name}    {kind}    {text}\n"));
    }
    out
}

#[cfg(test)]
mod tests;
