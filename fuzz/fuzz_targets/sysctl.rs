//! Apple `sysctl` dumps: no panic; names are sysctl names; values are trimmed (a value may run
//! over lines); and the pairs written back as `name: value` records parse to the same pairs.
#![no_main]

use devprobe::__fuzzing::sysctl::{is_sysctl_name, parse_sysctl};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let values = parse_sysctl(&text(data));
    let mut written = String::new();
    for (name, value) in &values {
        assert!(is_sysctl_name(name), "{name:?}");
        assert_eq!(value.trim_end(), value);
        written.push_str(&format!("{name}: {value}\n"));
    }
    assert_eq!(parse_sysctl(&written), values, "{written:?}");
});
