//! `ip rule show` and `ip -6 rule show` output (iproute2), the snapshot form of the Linux
//! policy routing rules, and the same text written back for captures.
//!
//! ```text
//! 0:    from all lookup local
//! 32764:    from all lookup main suppress_prefixlength 0
//! 32765:    not from all fwmark 0xca6c lookup 51820
//! 32766:    from all lookup main
//! 32767:    from all lookup default
//! ```
//!
//! Every selector and action iproute2 prints is read (`from`, `to`, `tos`/`dsfield`,
//! `fwmark`, `iif`, `oif`, `uidrange`, `ipproto`, `sport`, `dport`, `tun_id`, `l3mdev`;
//! `lookup`/`table`, `goto`, `nop`, `blackhole`, `unreachable`, `prohibit`,
//! `suppress_prefixlength`, `suppress_ifgroup`); other words (`realms`, `protocol`, `[detached]`,
//! `[unresolved]`) are skipped. A line without `PRIORITY:` is skipped and counted.

use std::fmt::Write as _;

use super::ip_route::parse_prefix;
use super::route_table::{Prefix, RuleAction, RuleEntry, table_id};

fn number(word: &str) -> Option<u64> {
    match word.strip_prefix("0x").or_else(|| word.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => word.parse().ok(),
    }
}

fn u32_of(word: &str) -> Option<u32> {
    number(word).and_then(|n| u32::try_from(n).ok())
}

fn range<T: TryFrom<u64>>(word: &str) -> Option<(T, T)> {
    let (a, b) = word.split_once('-').unwrap_or((word, word));
    Some((T::try_from(number(a)?).ok()?, T::try_from(number(b)?).ok()?))
}

fn protocol(word: &str) -> Option<u8> {
    Some(match word {
        "icmp" => 1,
        "tcp" => 6,
        "udp" => 17,
        "ipv6-icmp" | "icmpv6" => 58,
        "sctp" => 132,
        w => number(w).and_then(|n| u8::try_from(n).ok()).unwrap_or(255),
    })
}

/// The rules of `ip [-6] rule show` output, and how many lines were skipped.
pub fn parse_ip_rule(text: &str, v6: bool) -> (Vec<RuleEntry>, usize) {
    let mut rules = Vec::new();
    let mut skipped = 0usize;
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(line, v6) {
            Some(rule) => rules.push(rule),
            None => skipped += 1,
        }
    }
    (rules, skipped)
}

fn parse_line(line: &str, v6: bool) -> Option<RuleEntry> {
    let (priority, rest) = line.trim_start().split_once(':')?;
    let priority = u32_of(priority.trim())?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    let mut rule = RuleEntry::new(v6, priority, RuleAction::Other);
    let mut i = 0usize;
    let prefix = |w: Option<&&str>| -> Option<Option<Prefix>> {
        let (addr, len) = parse_prefix(w?, v6)?;
        Some((len > 0).then_some((addr, len)))
    };
    while let Some(word) = words.get(i) {
        let value = words.get(i + 1);
        let mut step = 2;
        match *word {
            "not" => {
                rule.invert = true;
                step = 1;
            }
            "from" => rule.from = prefix(value)?,
            "to" => rule.to = prefix(value)?,
            "tos" | "dsfield" => {
                rule.tos = value
                    .and_then(|v| number(v))
                    .and_then(|n| u8::try_from(n).ok())
            }
            "fwmark" => {
                let v = value?;
                let (mark, mask) = v.split_once('/').unwrap_or((v, "0xffffffff"));
                rule.fwmark = Some((u32_of(mark)?, u32_of(mask)?));
            }
            "iif" => rule.iif = value.map(|v| (*v).to_owned()),
            "oif" => rule.oif = value.map(|v| (*v).to_owned()),
            "uidrange" => rule.uid_range = Some(range(value?)?),
            "ipproto" => rule.ip_proto = value.and_then(|v| protocol(v)),
            "sport" => rule.sport = Some(range(value?)?),
            "dport" => rule.dport = Some(range(value?)?),
            "tun_id" => rule.tun_id = value.and_then(|v| number(v)),
            "l3mdev" => {
                rule.l3mdev = true;
                step = 1;
            }
            "lookup" | "table" => {
                rule.action = RuleAction::Lookup(value.and_then(|v| table_id(v))?)
            }
            "goto" => rule.action = RuleAction::Goto(u32_of(value?)?),
            "nop" => {
                rule.action = RuleAction::Nop;
                step = 1;
            }
            "blackhole" => {
                rule.action = RuleAction::Blackhole;
                step = 1;
            }
            "unreachable" => {
                rule.action = RuleAction::Unreachable;
                step = 1;
            }
            "prohibit" => {
                rule.action = RuleAction::Prohibit;
                step = 1;
            }
            "suppress_prefixlength" => {
                rule.suppress_prefixlen = value
                    .and_then(|v| number(v))
                    .and_then(|n| u8::try_from(n).ok());
            }
            "suppress_ifgroup" => rule.suppress_ifgroup = value.and_then(|v| u32_of(v)),
            "realms" | "protocol" | "proto" | "map-to" | "nat" | "flowid" => {}
            _ => step = 1,
        }
        i += step;
    }
    Some(rule)
}

/// Rules written as `ip rule show` prints them; reading the text with [`parse_ip_rule`] (in
/// the same family) gives the same rules.
pub fn format_ip_rule(rules: &[RuleEntry]) -> String {
    let mut out = String::new();
    for r in rules {
        let _ = write!(out, "{}:\t", r.priority);
        if r.invert {
            out.push_str("not ");
        }
        let prefix = |p: &Option<Prefix>| match p {
            Some((a, l)) => format!("{a}/{l}"),
            None => "all".to_owned(),
        };
        let _ = write!(out, "from {}", prefix(&r.from));
        if r.to.is_some() {
            let _ = write!(out, " to {}", prefix(&r.to));
        }
        if let Some(t) = r.tos {
            let _ = write!(out, " tos {t:#x}");
        }
        if let Some((mark, mask)) = r.fwmark {
            let _ = write!(out, " fwmark {mark:#x}/{mask:#x}");
        }
        for (word, v) in [("iif", &r.iif), ("oif", &r.oif)] {
            if let Some(v) = v {
                let _ = write!(out, " {word} {v}");
            }
        }
        if let Some((a, b)) = r.uid_range {
            let _ = write!(out, " uidrange {a}-{b}");
        }
        if let Some(p) = r.ip_proto {
            let _ = write!(out, " ipproto {p}");
        }
        for (word, v) in [("sport", r.sport), ("dport", r.dport)] {
            if let Some((a, b)) = v {
                let _ = write!(out, " {word} {a}-{b}");
            }
        }
        if let Some(t) = r.tun_id {
            let _ = write!(out, " tun_id {t}");
        }
        if r.l3mdev {
            out.push_str(" l3mdev");
        }
        match r.action {
            RuleAction::Lookup(t) => {
                let _ = write!(out, " lookup {t}");
            }
            RuleAction::Goto(p) => {
                let _ = write!(out, " goto {p}");
            }
            RuleAction::Nop => out.push_str(" nop"),
            RuleAction::Blackhole => out.push_str(" blackhole"),
            RuleAction::Unreachable => out.push_str(" unreachable"),
            RuleAction::Prohibit => out.push_str(" prohibit"),
            RuleAction::Other => {}
        }
        if let Some(p) = r.suppress_prefixlen {
            let _ = write!(out, " suppress_prefixlength {p}");
        }
        if let Some(g) = r.suppress_ifgroup {
            let _ = write!(out, " suppress_ifgroup {g}");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wg_quick_rules() {
        let text = "0:\tfrom all lookup local\n\
            32764:\tfrom all lookup main suppress_prefixlength 0\n\
            32765:\tnot from all fwmark 0xca6c lookup 51820\n\
            32766:\tfrom all lookup main\n\
            32767:\tfrom all lookup default\n";
        let (rules, skipped) = parse_ip_rule(text, false);
        assert_eq!((rules.len(), skipped), (5, 0));
        assert_eq!(rules[0].action, RuleAction::Lookup(255));
        assert_eq!(rules[1].suppress_prefixlen, Some(0));
        assert_eq!(rules[1].action, RuleAction::Lookup(254));
        assert!(rules[2].invert);
        assert_eq!(rules[2].fwmark, Some((51820, u32::MAX)));
        assert_eq!(rules[2].action, RuleAction::Lookup(51820));
        assert_eq!(rules[4].action, RuleAction::Lookup(253));
        assert_eq!(parse_ip_rule(&format_ip_rule(&rules), false).0, rules);
    }

    #[test]
    fn other_rule_forms() {
        let text = "100:\tfrom fd00::/8 to 2001:db8::/32 iif lo [detached] lookup 7\n\
            200:\tfrom all uidrange 1000-1000 ipproto udp dport 53 goto 300\n\
            300:\tfrom all oif wg0 unreachable\n\
            5209:\tfrom all fwmark 0x80000/0xff0000 lookup 52 proto static\n\
            9000:\tfrom all l3mdev lookup vrf\n\
            nonsense\n";
        let (rules, skipped) = parse_ip_rule(text, true);
        assert_eq!(skipped, 1);
        assert_eq!(rules.len(), 5);
        assert_eq!(rules[0].from, Some(("fd00::".parse().unwrap(), 8)));
        assert_eq!(rules[0].action, RuleAction::Lookup(7));
        assert_eq!(rules[0].iif.as_deref(), Some("lo"));
        assert_eq!(rules[1].uid_range, Some((1000, 1000)));
        assert_eq!(rules[1].ip_proto, Some(17));
        assert_eq!(rules[1].dport, Some((53, 53)));
        assert_eq!(rules[1].action, RuleAction::Goto(300));
        assert_eq!(rules[2].action, RuleAction::Unreachable);
        assert_eq!(rules[3].fwmark, Some((0x80000, 0xff0000)));
        assert!(rules[4].l3mdev);
        let (v4, _) = parse_ip_rule("100:\tfrom 10.0.0.0/8 to 192.0.2.0/24 lookup 7\n", false);
        assert_eq!(v4[0].from, Some(("10.0.0.0".parse().unwrap(), 8)));
        assert_eq!(v4[0].to, Some(("192.0.2.0".parse().unwrap(), 24)));
        assert_eq!(parse_ip_rule(&format_ip_rule(&v4), false).0, v4);
    }
}
