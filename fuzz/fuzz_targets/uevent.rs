//! `uevent` files: no panic; keys are non-empty, keys and values trimmed single lines; the pairs
//! written back as `KEY=value` lines parse to the same pairs; `DEVTYPE` comes back lower-case.
#![no_main]

use devprobe::__fuzzing::uevent::{devtype, parse_uevent};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let pairs = parse_uevent(&text);
    let mut written = String::new();
    for (k, v) in &pairs {
        assert!(!k.is_empty() && k.trim() == k && v.trim() == v);
        assert!(!k.contains('\n') && !v.contains('\n') && !k.contains('='));
        written.push_str(&format!("{k}={v}\n"));
    }
    assert_eq!(parse_uevent(&written), pairs, "{written:?}");
    if let Some(t) = devtype(&text) {
        assert!(!t.is_empty() && t == t.to_ascii_lowercase());
    }
});
