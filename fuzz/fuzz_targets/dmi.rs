//! DMI values as the probes read them (`decode` the sysfs bytes, then `clean`): a decoded value
//! holds no control character but tab and no trailing blank; a cleaned value is non-empty,
//! at most `MAX_VALUE_BYTES`, trimmed with single spaces, printable, never a placeholder, and
//! cleaning it again changes nothing.
#![no_main]

use devprobe::__fuzzing::dmi::{MAX_VALUE_BYTES, clean, decode, is_placeholder};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

#[track_caller]
fn check_clean(raw: &str) {
    if let Some(v) = clean(raw) {
        assert!(!v.is_empty() && v.len() <= MAX_VALUE_BYTES, "{raw:?}");
        assert_eq!(v.split_whitespace().collect::<Vec<_>>().join(" "), v);
        assert!(
            !v.chars().any(|c| c.is_control() || c == '\u{fffd}'),
            "{v:?}"
        );
        assert!(!is_placeholder(&v), "{v:?}");
        assert_eq!(clean(&v).as_deref(), Some(v.as_str()));
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(decoded) = decode(data) {
        assert!(
            !decoded.chars().any(|c| c.is_control() && c != '\t'),
            "{decoded:?}"
        );
        assert_eq!(decoded.trim_end_matches([' ', '\t', '\0']), decoded);
        check_clean(&decoded);
    }
    check_clean(&text(data));
});
