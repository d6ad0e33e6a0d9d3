//! Registry value data as `RegGetValueW`/`RegQueryValueExW` return it: a type code and raw
//! bytes (UTF-16LE strings, little-endian numbers). The live Windows source hands the bytes
//! here, so the decoding is tested on every platform.

use serde::{Deserialize, Serialize};

/// A Windows registry value, as `RegQueryValueExW` types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "data")]
#[non_exhaustive]
pub enum RegValue {
    /// `REG_SZ` or `REG_EXPAND_SZ` (unexpanded).
    Sz(String),
    /// `REG_MULTI_SZ`.
    MultiSz(Vec<String>),
    /// `REG_DWORD`.
    Dword(u32),
    /// `REG_QWORD`.
    Qword(u64),
    /// `REG_BINARY` or any other type, as raw bytes.
    Binary(Vec<u8>),
}

/// `REG_SZ`.
pub const REG_SZ: u32 = 1;
/// `REG_EXPAND_SZ`.
pub const REG_EXPAND_SZ: u32 = 2;
/// `REG_BINARY`.
pub const REG_BINARY: u32 = 3;
/// `REG_DWORD` (little-endian).
pub const REG_DWORD: u32 = 4;
/// `REG_DWORD_BIG_ENDIAN`.
pub const REG_DWORD_BIG_ENDIAN: u32 = 5;
/// `REG_MULTI_SZ`.
pub const REG_MULTI_SZ: u32 = 7;
/// `REG_QWORD` (little-endian).
pub const REG_QWORD: u32 = 11;

/// Why registry data could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegDataError {
    /// A number type whose data is not exactly its size (a `REG_DWORD` of 3 bytes).
    #[error("registry value of type {kind} has {len} bytes, not {expected}")]
    WrongSize {
        /// The type code, e.g. 4 for `REG_DWORD`.
        kind: u32,
        /// The bytes present.
        len: usize,
        /// The bytes the type needs.
        expected: usize,
    },
}

/// Decodes `data` of registry type `kind`.
///
/// Strings are UTF-16LE, cut at the first NUL (the terminator may be missing, or followed by
/// stale bytes); an odd trailing byte is ignored and unpaired surrogates become U+FFFD.
/// `REG_MULTI_SZ` items end at the first empty item. Types other than the string and number
/// types come back as [`RegValue::Binary`].
///
/// ```
/// use devprobe::source::RegValue;
/// use devprobe::__fuzzing::reg_data::{decode_reg_data, REG_DWORD, REG_SZ};
/// assert_eq!(decode_reg_data(REG_DWORD, &[0x6c, 0x11, 0, 0]), Ok(RegValue::Dword(4460)));
/// assert_eq!(decode_reg_data(REG_SZ, b"2\x003\x00H\x002\x00\x00\x00"), Ok(RegValue::Sz("23H2".into())));
/// ```
///
/// # Errors
/// [`RegDataError::WrongSize`] for a number type whose data has the wrong length.
pub fn decode_reg_data(kind: u32, data: &[u8]) -> Result<RegValue, RegDataError> {
    let sized = |expected: usize| {
        if data.len() == expected {
            Ok(())
        } else {
            Err(RegDataError::WrongSize {
                kind,
                len: data.len(),
                expected,
            })
        }
    };
    let value = match kind {
        REG_SZ | REG_EXPAND_SZ => {
            let units: Vec<u16> = utf16_units(data).take_while(|u| *u != 0).collect();
            RegValue::Sz(from_units(&units))
        }
        REG_MULTI_SZ => {
            let units: Vec<u16> = utf16_units(data).collect();
            let items = units
                .split(|u| *u == 0)
                .take_while(|item| !item.is_empty())
                .map(from_units)
                .collect();
            RegValue::MultiSz(items)
        }
        REG_DWORD => {
            sized(4)?;
            RegValue::Dword(u32::from_le_bytes(array(data)))
        }
        REG_DWORD_BIG_ENDIAN => {
            sized(4)?;
            RegValue::Dword(u32::from_be_bytes(array(data)))
        }
        REG_QWORD => {
            sized(8)?;
            RegValue::Qword(u64::from_le_bytes(array(data)))
        }
        _ => RegValue::Binary(data.to_vec()),
    };
    Ok(value)
}

fn utf16_units(data: &[u8]) -> impl Iterator<Item = u16> + '_ {
    data.chunks_exact(2).map(|p| match p {
        [a, b] => u16::from_le_bytes([*a, *b]),
        _ => 0,
    })
}

fn from_units(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// The first `N` bytes of `data` (zero-padded; callers check the size first).
fn array<const N: usize>(data: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    for (o, b) in out.iter_mut().zip(data) {
        *o = *b;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[track_caller]
    fn check(kind: u32, data: &[u8], expected: Result<RegValue, RegDataError>) {
        assert_eq!(decode_reg_data(kind, data), expected);
    }

    #[test]
    fn strings_with_and_without_terminator() {
        check(
            REG_SZ,
            &utf16("LENOVO\0"),
            Ok(RegValue::Sz("LENOVO".into())),
        );
        check(REG_SZ, &utf16("LENOVO"), Ok(RegValue::Sz("LENOVO".into())));
        check(
            REG_SZ,
            &utf16("20XW\0stale"),
            Ok(RegValue::Sz("20XW".into())),
        );
        check(
            REG_EXPAND_SZ,
            &utf16("%SystemRoot%\0"),
            Ok(RegValue::Sz("%SystemRoot%".into())),
        );
        check(REG_SZ, &[], Ok(RegValue::Sz(String::new())));
        check(REG_SZ, &[0x41, 0x00, 0x42], Ok(RegValue::Sz("A".into())));
        check(
            REG_SZ,
            &[0x00, 0xD8, 0x41, 0x00],
            Ok(RegValue::Sz("\u{fffd}A".into())),
        );
    }

    #[test]
    fn multi_strings_end_at_the_empty_item() {
        check(
            REG_MULTI_SZ,
            &utf16("a\0bc\0\0junk\0"),
            Ok(RegValue::MultiSz(vec!["a".into(), "bc".into()])),
        );
        check(REG_MULTI_SZ, &utf16("\0"), Ok(RegValue::MultiSz(vec![])));
        check(
            REG_MULTI_SZ,
            &utf16("one"),
            Ok(RegValue::MultiSz(vec!["one".into()])),
        );
    }

    #[test]
    fn numbers_need_their_exact_size() {
        check(REG_DWORD, &[0xa, 0, 0, 0], Ok(RegValue::Dword(10)));
        check(
            REG_DWORD_BIG_ENDIAN,
            &[0, 0, 0, 0xa],
            Ok(RegValue::Dword(10)),
        );
        check(REG_QWORD, &[1, 0, 0, 0, 0, 0, 0, 0], Ok(RegValue::Qword(1)));
        check(
            REG_DWORD,
            &[1, 2, 3],
            Err(RegDataError::WrongSize {
                kind: REG_DWORD,
                len: 3,
                expected: 4,
            }),
        );
        check(
            REG_QWORD,
            &[1, 2, 3, 4],
            Err(RegDataError::WrongSize {
                kind: REG_QWORD,
                len: 4,
                expected: 8,
            }),
        );
    }

    #[test]
    fn other_types_are_bytes() {
        check(REG_BINARY, &[1, 2], Ok(RegValue::Binary(vec![1, 2])));
        check(0, &[], Ok(RegValue::Binary(vec![])));
        check(99, &[7], Ok(RegValue::Binary(vec![7])));
    }
}
