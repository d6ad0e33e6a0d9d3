//! rtnetlink dump replies (`RTM_NEWROUTE`, `RTM_NEWRULE`, `RTM_NEWADDR`): no panic on any bytes;
//! every route's and address's prefix fits its family and a route's destination is its network.
#![no_main]

use devprobe::__fuzzing::route_table::network;
use devprobe::__fuzzing::rtnetlink::{parse_addrs, parse_dump};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name_of = |i: u32| (i % 3 == 0).then(|| format!("if{i}"));
    let dump = parse_dump(data, &name_of);
    for r in &dump.routes {
        assert!(r.prefix_len <= if r.destination.is_ipv6() { 128 } else { 32 });
        assert_eq!(network(r.destination, r.prefix_len), Some(r.destination));
    }
    assert!(dump.routes.len() + dump.rules.len() <= data.len() / 16);
    let mut addrs = 0;
    parse_addrs(data, &mut |a| {
        assert!(a.prefix_len <= if a.ip.is_ipv6() { 128 } else { 32 });
        addrs += 1;
    });
    assert!(addrs <= data.len() / 16);
});
