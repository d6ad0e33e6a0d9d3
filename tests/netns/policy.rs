//! Policy routing in namespaces (issue 12, item 12): the live rtnetlink rule and route dumps,
//! evaluated by devprobe, against the kernel's own FIB lookup (`ip route get 1.1.1.1`,
//! `ip -6 route get 2001:4860::1`, which send nothing). No dummy or WireGuard link type exists
//! in every CI kernel, so a persistent tun device named `wg0` stands in for wg-quick's
//! WireGuard link: the rules and tables are wg-quick's own.

use super::*;

/// The device the kernel picks for `dst` in the case's namespace (`ip route get`), or `None`
/// when it has no route.
fn kernel_dev(c: &Case, dst: &str) -> Option<String> {
    let six = if dst.contains(':') { "-6" } else { "-4" };
    let out = run(
        Command::new("ip").args(["-n", &c.ns, six, "route", "get", dst]),
        STEP_TIMEOUT,
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .iter()
        .position(|w| *w == "dev")
        .and_then(|i| words.get(i + 1))
        .map(|d| (*d).to_owned())
}

/// wg-quick's full tunnel: table 51820, `not fwmark 51820`, `suppress_prefixlength 0`.
fn wg_quick(c: &Case, v6: bool) {
    c.tunnel("wg0", "tun", "10.66.66.2/32");
    c.ip("-n {ns} route add default dev wg0 table 51820");
    c.ip("-n {ns} -4 rule add not fwmark 51820 table 51820");
    c.ip("-n {ns} -4 rule add table main suppress_prefixlength 0");
    if v6 {
        c.ip("-n {ns} addr add fd42:42:42::2/128 dev wg0 nodad");
        c.ip("-n {ns} -6 route add default dev wg0 table 51820");
        c.ip("-n {ns} -6 rule add not fwmark 51820 table 51820");
        c.ip("-n {ns} -6 rule add table main suppress_prefixlength 0");
    }
}

#[test]
fn wg_quick_full_tunnel_agrees_with_the_kernel() {
    if !ready() {
        return;
    }
    let c = Case::new("wgquick");
    c.link("eth0", "10.137.0.41/24", "10.137.0.28/24");
    c.ip("-n {ns} route add default via 10.137.0.28");
    wg_quick(&c, true);
    assert_eq!(kernel_dev(&c, "1.1.1.1").as_deref(), Some("wg0"));
    assert_eq!(kernel_dev(&c, "2001:4860::1").as_deref(), Some("wg0"));
    check(
        &c.collect(Some("wg0:tun")),
        Expect {
            vpn: true,
            ipv6: true,
            ..wired("10.66.66.0")
        },
    );
}

#[test]
fn without_its_rules_table_51820_is_never_used() {
    if !ready() {
        return;
    }
    let c = Case::new("wgnorules");
    c.link("eth0", "10.137.0.41/24", "10.137.0.28/24");
    c.ip("-n {ns} route add default via 10.137.0.28");
    c.tunnel("wg0", "tun", "10.66.66.2/32");
    c.ip("-n {ns} route add default dev wg0 table 51820");
    assert_eq!(kernel_dev(&c, "1.1.1.1").as_deref(), Some("eth0"));
    check(&c.collect(Some("wg0:tun")), wired("10.137.0.0"));
}

#[test]
fn another_table_and_rule_forms_agree_with_the_kernel() {
    if !ready() {
        return;
    }
    // A `throw` in table 100, a goto over a rule that would pick table 200, `iif lo` selecting
    // table 300 with the tunnel's default, and rules an unbound socket never matches.
    let c = Case::new("ruleforms");
    c.lan("eth0");
    c.ip("-n {ns} route add default via 192.168.50.1");
    c.tunnel("tun0", "tun", "10.8.0.6/24");
    c.ip("-n {ns} route add throw default table 100");
    c.ip("-n {ns} route add default via 192.168.50.1 dev eth0 table 200");
    c.ip("-n {ns} route add default dev tun0 table 300");
    c.ip("-n {ns} rule add pref 90 lookup 100");
    c.ip("-n {ns} rule add pref 100 goto 200");
    c.ip("-n {ns} rule add pref 150 lookup 200");
    c.ip("-n {ns} rule add pref 160 uidrange 4000-4000 lookup 200");
    c.ip("-n {ns} rule add pref 170 from 192.168.50.2 lookup 200");
    c.ip("-n {ns} rule add pref 180 ipproto udp dport 53 lookup 200");
    c.ip("-n {ns} rule add pref 200 iif lo lookup 300");
    assert_eq!(kernel_dev(&c, "1.1.1.1").as_deref(), Some("tun0"));
    check(
        &c.collect(Some("tun0:tun")),
        Expect {
            vpn: true,
            ..wired("10.8.0.0")
        },
    );
}

#[test]
fn an_unreachable_rule_leaves_no_egress() {
    if !ready() {
        return;
    }
    let c = Case::new("unreach");
    c.lan("eth0");
    c.ip("-n {ns} route add default via 192.168.50.1");
    c.ip("-n {ns} rule add pref 1000 unreachable");
    assert_eq!(kernel_dev(&c, "1.1.1.1"), None);
    // Offline; a veth is not a physical interface, so no address is reported either.
    check(&c.collect(None), offline());
}
