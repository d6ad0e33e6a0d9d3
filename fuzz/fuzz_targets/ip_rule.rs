//! `ip rule show` text: no panic; and the rules written back as `ip` prints them parse to the
//! same rules with none skipped.
#![no_main]

use devprobe::__fuzzing::ip_rule::{format_ip_rule, parse_ip_rule};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let v6 = data.first().is_some_and(|b| b & 1 == 1);
    let (rules, _skipped) = parse_ip_rule(&text(data), v6);
    let written = format_ip_rule(&rules);
    let (again, skipped) = parse_ip_rule(&written, v6);
    assert_eq!(again, rules, "{written:?}");
    assert_eq!(skipped, 0);
});
