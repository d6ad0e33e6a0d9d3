//! DMI value cleaning: a cleaned value is non-empty, trimmed of blanks and NULs, never a
//! placeholder, and cleaning it again changes nothing.
#![no_main]

use devprobe::parse::dmi::{clean, is_placeholder};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = text(data);
    let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    match clean(&raw) {
        Some(v) => {
            assert_eq!(v, trimmed);
            assert!(!v.is_empty() && !is_placeholder(&v), "{v:?}");
            assert_eq!(clean(&v).as_deref(), Some(v.as_str()));
        }
        None => assert!(trimmed.is_empty() || is_placeholder(trimmed), "{raw:?}"),
    }
});
