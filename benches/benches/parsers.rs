//! The parsers a steady Linux collect runs, on the texts of a small VM (the kernel's own
//! layout) and on a 1,000-route table: `cd benches && cargo bench --bench parsers`.
//! Instruction counts per collect are in `instructions.sh`; these give the time per parse.

use devprobe::__fuzzing::ipv6_route::parse_ipv6_route;
use devprobe::__fuzzing::os_release::os_release_values;
use devprobe::__fuzzing::route::parse_route;
use divan::black_box;

fn main() {
    divan::main();
}

/// Debian 12's `/etc/os-release` (267 bytes).
const OS_RELEASE: &str = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n\
VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n\
HOME_URL=\"https://www.debian.org/\"\nSUPPORT_URL=\"https://www.debian.org/support\"\n\
BUG_REPORT_URL=\"https://bugs.debian.org/\"\n";

/// `/proc/net/route` as the kernel writes it: the header and `n` routes, padded to 127 columns.
fn route_table(n: usize) -> String {
    let header = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT";
    let mut text = format!("{header:<127}\n");
    let default = "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0";
    text.push_str(&format!("{default:<127}\n"));
    for i in 1..n {
        let line = format!("eth0\t{:08X}\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0", i << 8);
        text.push_str(&format!("{line:<127}\n"));
    }
    text
}

/// `/proc/net/ipv6_route` as the kernel writes it: `n` routes.
fn ipv6_table(n: usize) -> String {
    let mut text = String::from(
        "00000000000000000000000000000000 00 00000000000000000000000000000000 00 \
         fd000000000000000000000000000001 00000400 00000003 00000000 00000003     eth0\n",
    );
    for i in 1..n {
        text.push_str(&format!(
            "fd00{i:028x} 80 00000000000000000000000000000000 00 \
             00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"
        ));
    }
    text
}

#[divan::bench]
fn os_release_five_keys() -> usize {
    let keys = ["ID", "NAME", "VERSION_ID", "BUILD_ID", "VERSION"];
    os_release_values(black_box(OS_RELEASE), keys)
        .map(|v| v.iter().flatten().count())
        .unwrap_or(0)
}

#[divan::bench(args = [2, 1000])]
fn route(bencher: divan::Bencher, routes: usize) {
    let text = route_table(routes);
    bencher.bench(|| parse_route(black_box(&text)).routes.len());
}

#[divan::bench(args = [10, 1000])]
fn ipv6_route(bencher: divan::Bencher, routes: usize) {
    let text = ipv6_table(routes);
    bencher.bench(|| parse_ipv6_route(black_box(&text)).0.len());
}
