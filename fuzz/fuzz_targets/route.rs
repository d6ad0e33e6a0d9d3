//! `/proc/net/route`: no panic, any size up to the table cap; every route has a prefix of at
//! most 32 and an interface name without blanks; and the routes written back in the kernel's
//! layout (little-endian hex, with its header) parse to the same routes with none skipped.
#![no_main]

use devprobe::__fuzzing::route::parse_route;
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fn le(v: std::net::Ipv4Addr) -> String {
    format!("{:08X}", u32::from(v).swap_bytes())
}

fuzz_target!(|data: &[u8]| {
    let table = parse_route(&text(data));
    let mut written = String::from(
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n",
    );
    for r in &table.routes {
        assert!(r.prefix_len <= 32);
        // Fields split at ASCII blanks in an ASCII line: a vertical tab may stay in a name
        // (it is refused later as a control character, before any path is built from it).
        assert!(!r.iface.is_empty() && !r.iface.contains(|c: char| c.is_ascii_whitespace()));
        let mask = u32::MAX
            .checked_shl(32 - u32::from(r.prefix_len))
            .unwrap_or(0);
        written.push_str(&format!(
            "{}\t{}\t{}\t{:04X}\t0\t0\t{}\t{}\t0\t0\t0\n",
            r.iface,
            le(r.destination),
            le(r.gateway),
            r.flags,
            r.metric,
            le(mask.into())
        ));
    }
    let again = parse_route(&written);
    assert_eq!(again.routes, table.routes, "{written:?}");
    assert_eq!(again.skipped, 0);
    assert!(again.header && !again.is_malformed() || again.routes.is_empty());
});
