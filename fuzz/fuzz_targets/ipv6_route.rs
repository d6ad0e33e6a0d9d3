//! `/proc/net/ipv6_route`: no panic; prefixes are at most 128; and the routes written back in
//! the kernel's layout parse to the same routes with none skipped.
#![no_main]

use devprobe::__fuzzing::ipv6_route::parse_ipv6_route;
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (routes, _skipped) = parse_ipv6_route(&text(data));
    let mut written = String::new();
    for r in &routes {
        assert!(r.prefix_len <= 128);
        // Fields split at ASCII blanks in an ASCII line: a vertical tab may stay in a name
        // (it is refused later as a control character, before any path is built from it).
        assert!(!r.iface.is_empty() && !r.iface.contains(|c: char| c.is_ascii_whitespace()));
        written.push_str(&format!(
            "{:032x} {:02x} {:032x} 00 {:032x} {:08x} 00000000 00000000 {:08x} {}\n",
            u128::from(r.destination),
            r.prefix_len,
            0u128,
            u128::from(r.next_hop),
            r.metric,
            r.flags,
            r.iface
        ));
    }
    let (again, skipped) = parse_ipv6_route(&written);
    assert_eq!(again, routes, "{written:?}");
    assert_eq!(skipped, 0);
});
