//! `netstat -rn` text: no panic; prefixes within the family; and the routes written back as
//! netstat prints them parse to as many routes, with the same destinations and interfaces.
#![no_main]

use devprobe::__fuzzing::netstat::{format_netstat_rn, parse_netstat_rn};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (routes, _skipped) = parse_netstat_rn(&text(data));
    for r in &routes {
        assert!(r.prefix_len <= if r.destination.is_ipv6() { 128 } else { 32 });
        assert!(r.dev.as_deref().is_some_and(|d| !d.is_empty()));
    }
    let written = format_netstat_rn(&routes);
    let (again, skipped) = parse_netstat_rn(&written);
    assert_eq!(skipped, 0, "{written:?}");
    let key = |r: &devprobe::source::RouteEntry| (r.destination, r.prefix_len, r.dev.clone(), r.scoped);
    let mut a: Vec<_> = routes.iter().map(key).collect();
    let mut b: Vec<_> = again.iter().map(key).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "{written:?}");
});
