//! `getprop` dumps: no panic; names are trimmed; and the parsed pairs written back as
//! `[name]: [value]` lines parse to the same pairs (parse ∘ format is a fixed point).
#![no_main]

use devprobe::parse::getprop::parse_getprop;
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let props = parse_getprop(&text(data));
    let mut written = String::new();
    for (name, value) in &props {
        assert_eq!(name.trim(), name);
        written.push_str(&format!("[{name}]: [{value}]\n"));
    }
    assert_eq!(parse_getprop(&written), props, "{written:?}");
});
