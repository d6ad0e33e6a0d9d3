//! `ip route show table all` text: no panic; prefixes within the family; and the routes written
//! back as `ip` prints them parse to the same routes with none skipped.
#![no_main]

use devprobe::__fuzzing::ip_route::{format_ip_route, parse_ip_route};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let v6 = data.first().is_some_and(|b| b & 1 == 1);
    let (routes, _skipped) = parse_ip_route(&text(data), v6);
    for r in &routes {
        assert_eq!(r.destination.is_ipv6(), v6);
        assert!(r.prefix_len <= if v6 { 128 } else { 32 });
    }
    let written = format_ip_route(&routes);
    let (again, skipped) = parse_ip_route(&written, v6);
    assert_eq!(again, routes, "{written:?}");
    assert_eq!(skipped, 0);
});
