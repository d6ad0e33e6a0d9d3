//! Apple `sysctl` dumps: no panic; names and values are trimmed single lines; and the pairs
//! written back as `name: value` lines parse to the same pairs.
#![no_main]

use devprobe::parse::sysctl::parse_sysctl;
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let values = parse_sysctl(&text(data));
    let mut written = String::new();
    for (name, value) in &values {
        assert_eq!(name.trim(), name);
        assert_eq!(value.trim(), value);
        assert!(!name.contains('\n') && !value.contains('\n'));
        written.push_str(&format!("{name}: {value}\n"));
    }
    assert_eq!(parse_sysctl(&written), values, "{written:?}");
});
