//! Apple model identifiers and their marketing names: shared by every platform that meets an
//! Apple identifier (`hw.model` on macOS, `hw.machine` on iOS; Apple hardware running Linux or
//! Windows). The tables are generated into [`table`] by `scripts/gen_apple_models.py`.
//!
//! The generated tables are `const`s, read only at compile time: what the binary holds is their
//! text in one string ([`TEXT`]) and where each identifier and name ends in it ([`BOUNDS`]).
//! A table of `&str` pairs costs 16 bytes and a 24-byte relocation per string in a
//! position-independent executable, more than the text itself; this costs 2 bytes.

mod table;

use std::cmp::Ordering;

use table::{IOS_MODELS, MAC_MODELS};

/// The generated tables, searched in this order.
const TABLES: [&[(&str, &str)]; 2] = [IOS_MODELS, MAC_MODELS];

/// How many pairs there are in all the tables.
const PAIRS: usize = IOS_MODELS.len() + MAC_MODELS.len();

/// How many bytes the identifiers and names take.
const TEXT_LEN: usize = text_len(&TABLES);

// Every bound fits in a `u16` (a compile-time check).
const _: () = assert!(TEXT_LEN <= u16::MAX as usize);

/// Every identifier and name of the tables, in table order, each identifier before its name.
static TEXT: &str = match std::str::from_utf8(&pack_text::<TEXT_LEN>(&TABLES)) {
    Ok(text) => text,
    Err(_) => "",
};

/// Where the strings of [`TEXT`] start and end: pair `k` (counting across the tables) is the
/// identifier `BOUNDS[2k]..BOUNDS[2k + 1]` and the name `BOUNDS[2k + 1]..BOUNDS[2k + 2]`.
static BOUNDS: [u16; 2 * PAIRS + 1] = pack_bounds::<{ 2 * PAIRS + 1 }>(&TABLES);

/// The bytes of all the identifiers and names.
const fn text_len(tables: &[&[(&str, &str)]]) -> usize {
    let mut len = 0;
    let mut tables = tables;
    while let [table, rest @ ..] = tables {
        let mut pairs = *table;
        while let [(id, name), more @ ..] = pairs {
            len += id.len() + name.len();
            pairs = more;
        }
        tables = rest;
    }
    len
}

/// The identifiers and names one after the other (`N` is [`text_len`]).
const fn pack_text<const N: usize>(tables: &[&[(&str, &str)]]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut free: &mut [u8] = &mut out;
    let mut tables = tables;
    while let [table, rest @ ..] = tables {
        let mut pairs = *table;
        while let [(id, name), more @ ..] = pairs {
            free = copy(free, id.as_bytes());
            free = copy(free, name.as_bytes());
            pairs = more;
        }
        tables = rest;
    }
    out
}

/// Copies `from` to the start of `to` and returns the rest of `to` (as much as fits).
const fn copy<'a>(to: &'a mut [u8], from: &[u8]) -> &'a mut [u8] {
    match (from, to) {
        ([byte, more @ ..], [slot, rest @ ..]) => {
            *slot = *byte;
            copy(rest, more)
        }
        (_, to) => to,
    }
}

/// The bounds of the strings that [`pack_text`] packs (`N` is twice the pairs, plus one).
const fn pack_bounds<const N: usize>(tables: &[&[(&str, &str)]]) -> [u16; N] {
    let mut out = [0u16; N];
    let mut at = 0usize;
    let mut free: &mut [u16] = match out.split_first_mut() {
        Some((_, rest)) => rest,
        None => &mut [],
    };
    let mut tables = tables;
    while let [table, rest @ ..] = tables {
        let mut pairs = *table;
        while let [(id, name), more @ ..] = pairs {
            at += id.len();
            free = push(free, at);
            at += name.len();
            free = push(free, at);
            pairs = more;
        }
        tables = rest;
    }
    out
}

/// Writes `bound` to the first slot of `to` and returns the rest.
const fn push(to: &mut [u16], bound: usize) -> &mut [u16] {
    match to {
        [slot, rest @ ..] => {
            *slot = bound as u16;
            rest
        }
        [] => to,
    }
}

/// The string of [`TEXT`] between bounds `i` and `i + 1`.
fn string(i: usize) -> Option<&'static str> {
    let start = *BOUNDS.get(i)?;
    let end = *BOUNDS.get(i + 1)?;
    TEXT.get(usize::from(start)..usize::from(end))
}

/// The name of `identifier` among pairs `lo..hi`, sorted by identifier (byte order).
fn search(mut lo: usize, mut hi: usize, identifier: &str) -> Option<&'static str> {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match string(2 * mid)?.as_bytes().cmp(identifier.as_bytes()) {
            Ordering::Less => lo = mid + 1,
            Ordering::Greater => hi = mid,
            Ordering::Equal => return string(2 * mid + 1),
        }
    }
    None
}

/// The marketing name of a model identifier, e.g. `"iPhone15,2"` → `"iPhone 14 Pro"`,
/// `"MacBookPro18,3"` → `"MacBook Pro (14-inch, 2021)"`.
pub(crate) fn marketing_name(identifier: &str) -> Option<&'static str> {
    let ios = IOS_MODELS.len();
    search(0, ios, identifier).or_else(|| search(ios, PAIRS, identifier))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_packed_tables_answer_as_a_search_of_the_generated_ones() {
        for table in TABLES {
            for (id, name) in table {
                let first = TABLES.iter().find_map(|t| {
                    let i = t.binary_search_by(|(i, _)| i.as_bytes().cmp(id.as_bytes()));
                    t.get(i.ok()?).map(|(_, n)| *n)
                });
                assert_eq!(marketing_name(id), first, "{id}");
                assert_eq!(first, Some(*name), "{id}");
            }
        }
        assert_eq!(marketing_name("iPhone15,2"), Some("iPhone 14 Pro"));
        assert_eq!(
            marketing_name("MacBookPro18,3"),
            Some("MacBook Pro (14-inch, 2021)")
        );
        assert_eq!(marketing_name("iPhone15"), None);
        assert_eq!(marketing_name(""), None);
        assert_eq!(TEXT.len(), TEXT_LEN);
    }
}
