//! `build.prop` files: no panic; names and values are trimmed single lines; and the pairs
//! written back as `name=value` lines parse to the same pairs.
#![no_main]

use devprobe::parse::getprop::parse_build_prop;
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let props = parse_build_prop(&text(data));
    let mut written = String::new();
    for (name, value) in &props {
        assert_eq!(name.trim(), name);
        assert_eq!(value.trim(), value);
        assert!(!name.contains('\n') && !value.contains('\n'));
        written.push_str(&format!("{name}={value}\n"));
    }
    assert_eq!(parse_build_prop(&written), props, "{written:?}");
});
