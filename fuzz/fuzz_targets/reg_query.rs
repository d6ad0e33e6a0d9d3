//! `reg query` dumps, as saved (UTF-8 or UTF-16): no panic; every value has a key; and what is
//! parsed, written back by `format_reg_query`, parses to the same (key, name, data) triples —
//! the round trip a snapshot's `registry.txt` makes.
#![no_main]

use devprobe::__fuzzing::reg_query::{format_reg_query, parse_reg_query, parse_reg_query_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let values = parse_reg_query_bytes(data);
    for (key, _, _) in &values {
        assert!(!key.is_empty());
    }
    let written = format_reg_query(values.iter().map(|(k, n, d)| (k.as_str(), n.as_str(), d)));
    assert_eq!(parse_reg_query(&written), values, "{written:?}");
});
