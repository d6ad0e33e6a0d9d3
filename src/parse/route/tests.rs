use super::*;

/// The kernel's header is passed over in one step, with the answer the general reading of
/// a header gives.
#[test]
fn the_kernel_header_shortcut_agrees_with_the_header_rules() {
    let route = "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0";
    for header in [
        format!("{KERNEL_HEADER:<127}"),
        KERNEL_HEADER.to_owned(),
        format!("{KERNEL_HEADER}\tMask2 Iface"),
        format!("{KERNEL_HEADER}\r"),
    ] {
        let text = format!("{header}\n{route:<127}\n");
        let table = parse_route(&text);
        assert!(table.header, "{header:?}");
        assert_eq!(table.skipped, 0, "{header:?}");
        assert_eq!(table.routes.len(), 1, "{header:?}");
        assert_eq!(table.routes.first().map(|r| r.iface), Some("eth0"));
        // The same table read by the general rules (the header not at the text's start).
        let shifted = format!("\n{text}");
        let general = parse_route(&shifted);
        assert_eq!(general, table, "{header:?}");
    }
    // A lone header is an empty table, not a malformed one.
    let lone = parse_route(KERNEL_HEADER);
    assert!(lone.header && lone.routes.is_empty() && !lone.is_malformed());
}

/// The fixed-column reading agrees with the general split wherever it answers, and
/// leaves every other shape to it.
#[test]
fn kernel_columns_agree_with_the_general_split() {
    fn key<'a>(r: &Raw<'a>) -> (&'a str, u32, u32, u32, u32, u32) {
        (r.iface, r.destination, r.gateway, r.flags, r.metric, r.mask)
    }
    let pad = |l: &str| format!("{l:<127}");
    let lines = [
        pad("eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0"),
        pad("wlp0s20f3\t0002A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0"),
        "eth0\t00000000\t010200C0\t0003\t0\t0\t4294967295\t00000000".to_owned(),
        "eth0\t00000000\t010200C0\t0003\t0\t0\t4294967296\t00000000".to_owned(),
        "eth0\t00000000\t010200C0\t0003\t-1\t0\t+7\t00000000\t0".to_owned(),
        "eth0 00000000 010200C0 0003 0 0 0 00000000 0 0 0".to_owned(),
        "eth0\t0000000\t010200C0\t0003\t0\t0\t0\t00000000".to_owned(),
        "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\u{2003}x".to_owned(),
        "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000x".to_owned(),
        "et\u{e9}0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000".to_owned(),
        "\teth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000".to_owned(),
    ];
    let mut fast = 0;
    for line in &lines {
        let general = raw_route(line, &Columns::STANDARD);
        if let Some((k, _)) = kernel_line(line) {
            fast += 1;
            assert_eq!(Some(key(&k)), general.as_ref().map(key), "{line:?}");
        }
    }
    assert_eq!(fast, 3);
}

/// Reading lines in place (padding skipped in steps) gives what reading each line split
/// off by `str::lines` gives, whatever surrounds them.
#[test]
fn in_place_reading_agrees_with_line_by_line() {
    fn by_lines(text: &str) -> (Vec<(&str, u32)>, usize) {
        let mut out = Vec::new();
        let mut skipped = 0;
        let mut lines = non_blank_lines(text).peekable();
        if lines.peek().is_some_and(|l| is_header(l)) {
            lines.next();
        }
        for line in lines {
            match read_line(line, true, &Columns::STANDARD) {
                Some(r) => out.push((r.iface, r.metric)),
                None => skipped += 1,
            }
        }
        (out, skipped)
    }
    let pad = |l: &str| format!("{l:<127}");
    let good = "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0";
    let pieces = [
        pad(good),
        good.to_owned(),
        format!("{}\r", pad(good)),
        format!("{good}\r"),
        "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000".to_owned(),
        "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\r".to_owned(),
        "eth0\t00000000\t010200C0\t0003\t0\t0".to_owned(),
        "eth0\t00000000\t010200C0\t0003\t0\t0\t1".to_owned(),
        "eth0 00000000 010200C0 0003 0 0 7 00000000 0 0 0".to_owned(),
        String::new(),
        "   ".to_owned(),
        "\u{e9}th0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000".to_owned(),
        format!("{}x", pad(good)),
    ];
    let header = HEADER.trim_end();
    for a in &pieces {
        for b in &pieces {
            for end in ["", "\n"] {
                let text = format!("{header}\n{a}\n{b}{end}");
                let t = parse_route(&text);
                let (want, skipped) = by_lines(&text);
                let got: Vec<_> = t.routes.iter().map(|r| (r.iface, r.metric)).collect();
                assert_eq!(got, want, "{text:?}");
                assert_eq!(t.skipped, skipped, "{text:?}");
            }
        }
    }
}

/// Tables of more routes than are held in place: every route is given, in order, and
/// the byte order is voted by every mask, the last ones included.
#[test]
fn long_tables_vote_with_every_mask() {
    for n in [0usize, 1, 15, 16, 17, 40] {
        for big in [false, true] {
            let mut text = format!("{KERNEL_HEADER}\n");
            for k in 0..n {
                // Only the last route's mask (255.255.255.0) tells the byte order.
                let (dest, mask) = match (k + 1 == n, big) {
                    (true, false) => ("0002A8C0", "00FFFFFF"),
                    (true, true) => ("C0A80200", "FFFFFF00"),
                    (false, _) => ("00000000", "00000000"),
                };
                text.push_str(&format!(
                    "eth{k}\t{dest}\t00000000\t0001\t0\t0\t{k}\t{mask}\t0\t0\t0\n"
                ));
            }
            let t = parse_route(&text);
            assert_eq!(
                (t.routes.len(), t.skipped, t.header),
                (n, 0, true),
                "{n} {big}"
            );
            let metrics: Vec<u32> = t.routes.iter().map(|r| r.metric).collect();
            assert_eq!(metrics, (0..n as u32).collect::<Vec<_>>());
            if let Some(last) = t.routes.last() {
                assert_eq!(last.destination, Ipv4Addr::new(192, 168, 2, 0), "{n} {big}");
                assert_eq!(last.prefix_len, 24);
            }
            let mut kept = Vec::new();
            let shape = routes_into(&text, &mut kept, |r| (r.metric % 2 == 0).then_some(r.iface));
            assert_eq!((shape.routes, shape.skipped), (n, 0));
            assert_eq!(kept.len(), n.div_ceil(2));
        }
    }
}

#[test]
fn hex8_reads_every_shape() {
    assert_eq!(hex8(b"010200C0"), Some(0x0102_00C0));
    assert_eq!(hex8(b"ffffFFFF"), Some(u32::MAX));
    assert_eq!(hex8(b"00000000"), Some(0));
    assert_eq!(hex8(b"89abcdef"), Some(0x89ab_cdef));
    assert_eq!(hex8(b"0123456"), None);
    assert_eq!(hex8(b"012345678"), None);
    // Every byte that is not a hex digit, in every position, is refused.
    for bad in (0u8..=255).filter(|b| hex_digit(*b).is_none()) {
        for at in 0..8 {
            let mut word = *b"00000000";
            word[at] = bad;
            assert_eq!(hex8(&word), None, "{bad:#x} at {at}");
        }
    }
    for good in (0u8..=255).filter(|b| hex_digit(*b).is_some()) {
        let word = [good; 8];
        let d = u32::from(hex_digit(good).unwrap());
        assert_eq!(hex8(&word), Some(d * 0x1111_1111), "{good:#x}");
    }
}

#[test]
fn hex_words() {
    #[track_caller]
    fn check(s: &str, expected: Option<u32>) {
        assert_eq!(hex_u32(s), expected, "{s:?}");
    }
    check("0", Some(0));
    check("00000400", Some(0x400));
    check("ffffffff", Some(u32::MAX));
    check("FfFf00aA", Some(0xffff_00aa));
    check("", None);
    check("123456789", None);
    check("+1", None);
    check("0x1", None);
    check("12g4", None);
    check("\u{0661}", None);
}

const HEADER: &str =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

#[track_caller]
fn check(line: &str, iface: &str, dest: &str, prefix: u8, gw: &str, metric: u32) {
    let text = format!("{HEADER}{line}\n");
    let t = parse_route(&text);
    assert_eq!(t.skipped, 0, "{line}");
    let r = t.routes.first().unwrap();
    assert_eq!(r.iface, iface);
    assert_eq!(r.destination.to_string(), dest);
    assert_eq!(r.prefix_len, prefix);
    assert_eq!(r.gateway.to_string(), gw);
    assert_eq!(r.metric, metric);
}

#[test]
fn debian_12_vm_table() {
    check(
        "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
        "eth0",
        "0.0.0.0",
        0,
        "192.0.2.1",
        0,
    );
    check(
        "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
        "eth0",
        "192.0.2.0",
        24,
        "0.0.0.0",
        0,
    );
    check(
        "tun0\t00000080\t00000000\t0001\t0\t0\t0\t00000080\t0\t0\t0",
        "tun0",
        "128.0.0.0",
        1,
        "0.0.0.0",
        0,
    );
    check(
        "wlan0\t0100000A\t0101A8C0\t0007\t0\t0\t600\tFFFFFFFF\t0\t0\t0",
        "wlan0",
        "10.0.0.1",
        32,
        "192.168.1.1",
        600,
    );
}

#[test]
fn big_endian_table_is_recognized_by_its_masks() {
    let text = format!("{HEADER}eth0\tC0000200\t00000000\t0001\t0\t0\t0\tFFFFFF00\t0\t0\t0\n");
    let t = parse_route(&text);
    let r = t.routes.first().unwrap();
    assert_eq!(
        (r.destination.to_string().as_str(), r.prefix_len),
        ("192.0.2.0", 24)
    );
}

#[test]
fn malformed_lines_are_counted_not_fatal() {
    let text = format!(
        "{HEADER}eth0\t00000000\n\
         eth0\tZZZZZZZZ\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n\
         eth0\t00000000\t00000000\t0001\t0\t0\tx\t00000000\t0\t0\t0\n\
         eth0\t00000000\t00000000\t0001\t0\t0\t0\t00FF00FF\t0\t0\t0\n\
         eth0\t+0000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n\
         eth0\t000000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n\
         \u{fffd}\u{0}\n\
         eth1\t00000000\t0101A8C0\t0003\t0\t0\t5\t00000000\t0\t0\t0\n"
    );
    let t = parse_route(&text);
    assert_eq!(t.skipped, 7);
    assert_eq!(t.routes.len(), 1);
    assert_eq!(t.routes.first().unwrap().iface, "eth1");
    assert!(
        t.header && !t.is_malformed(),
        "one good line among bad ones"
    );
}

#[test]
fn what_the_kernel_could_not_have_written_is_malformed() {
    #[track_caller]
    fn check(text: &str, routes: usize, skipped: usize, header: bool, malformed: bool) {
        let t = parse_route(text);
        assert_eq!(
            (t.routes.len(), t.skipped, t.header, t.is_malformed()),
            (routes, skipped, header, malformed),
            "{text:?}"
        );
    }
    // An empty table has its header; a namespace without an IPv4 main table (no IPv4
    // address or route ever added) gives an empty file. Both are real: no routes.
    check(HEADER, 0, 0, true, false);
    check(&format!("{HEADER}\n\n"), 0, 0, true, false);
    check("", 0, 0, false, false);
    check("\n", 0, 0, false, false);
    // Random bytes; routes without the header the kernel writes before them.
    check("\u{fffd}\u{fffd}\0garbage", 0, 1, false, true);
    check(
        "eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n",
        1,
        0,
        false,
        true,
    );
    // A header cut short is still a header: the kernel's column order applies.
    check("Iface\n", 0, 0, true, false);
    check(
        &format!(
            "Iface\tDestination\n{}",
            "eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\n"
        ),
        1,
        0,
        true,
        false,
    );
    // A header and lines none of which parse.
    check(&format!("{HEADER}eth0\tZZZZ\tQQQ\t00\n"), 0, 1, true, true);
}

#[test]
fn headerless_and_reordered_columns() {
    let t = parse_route("eth0 00000000 0101A8C0 0003 0 0 7 00000000 0 0 0\n");
    assert_eq!(t.routes.first().unwrap().metric, 7);
    assert!(!t.header);
    let t = parse_route(
        "Metric Iface Mask Destination Gateway Flags\n9 wlan0 00000000 00000000 0101A8C0 0003\n",
    );
    let r = t.routes.first().unwrap();
    assert_eq!(
        (r.iface, r.metric, r.gateway.to_string().as_str()),
        ("wlan0", 9, "192.168.1.1")
    );
}

#[test]
fn interface_names() {
    for ok in [
        "eth0",
        "wlp2s0",
        "rmnet_data0",
        "br-4f2a9c1d3e5b",
        "veth1a2b3c4",
    ] {
        assert!(is_interface_name(ok), "{ok}");
    }
    for bad in [
        "",
        ".",
        "..",
        "../../etc",
        "a/b",
        "has space",
        "sixteen_chars_xx",
    ] {
        assert!(!is_interface_name(bad), "{bad}");
    }
}
