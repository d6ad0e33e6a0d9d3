//! Apple `NET_RT_DUMP` buffers (`rt_msghdr` + socket addresses): no panic on any bytes; every
//! route's prefix fits its family and its destination is its network.
#![no_main]

use devprobe::__fuzzing::route_table::network;
use devprobe::__fuzzing::rt_dump::{RT_MSGHDR_LEN, parse_rt_dump};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name_of = |i: u16| (i % 2 == 0).then(|| format!("en{i}"));
    let (routes, _skipped) = parse_rt_dump(data, &name_of);
    for r in &routes {
        assert!(r.prefix_len <= if r.destination.is_ipv6() { 128 } else { 32 });
        assert_eq!(network(r.destination, r.prefix_len), Some(r.destination));
    }
    assert!(routes.len() <= data.len() / RT_MSGHDR_LEN);
});
