//! `getprop` dumps: no panic; every name (read or broken) is a plausible property name; and the
//! readable properties written back as `[name]: [value]` records (CRLF line ends, which keep a
//! value's own trailing `\r` intact) parse to the same pairs with nothing broken.
#![no_main]

use devprobe::__fuzzing::getprop::{is_property_name, parse_getprop_dump};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dump = parse_getprop_dump(&text(data));
    let mut written = String::new();
    for (name, value) in &dump.properties {
        assert!(is_property_name(name), "{name:?}");
        written.push_str(&format!("[{name}]: [{}]\r\n", value.replace('\n', "\r\n")));
    }
    for name in &dump.malformed {
        assert!(is_property_name(name), "{name:?}");
    }
    let again = parse_getprop_dump(&written);
    assert_eq!(again.properties, dump.properties, "{written:?}");
    assert!(again.malformed.is_empty(), "{written:?}");
});
