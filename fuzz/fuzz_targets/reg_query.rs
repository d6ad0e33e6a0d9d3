//! `reg query` dumps: no panic; and what is parsed, written back by `format_reg_query`, parses
//! to the same (key, name, data) triples — the round trip a snapshot's `registry.txt` makes.
#![no_main]

use devprobe::parse::reg_query::{format_reg_query, parse_reg_query};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let values = parse_reg_query(&text(data));
    let written = format_reg_query(values.iter().map(|(k, n, d)| (k.as_str(), n.as_str(), d)));
    assert_eq!(parse_reg_query(&written), values, "{written:?}");
});
