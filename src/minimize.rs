//! Minimization: what the collector does to every value before it leaves the library — IP
//! precision, IP scope, and string sanitizing.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::report::{Ip, IpPrecision, IpScope};

/// The longest string a report holds, in bytes; longer ones are cut at a character boundary.
pub const MAX_STRING_BYTES: usize = 256;

/// `ip` cut to its /24 (IPv4) or /48 (IPv6) network address.
pub fn truncate_ip(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            IpAddr::V4(Ipv4Addr::new(a, b, c, 0))
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let (s0, s1, s2) = (s.first(), s.get(1), s.get(2));
            IpAddr::V6(Ipv6Addr::new(
                s0.copied().unwrap_or(0),
                s1.copied().unwrap_or(0),
                s2.copied().unwrap_or(0),
                0,
                0,
                0,
                0,
                0,
            ))
        }
    }
}

/// The scope of a full address: loopback, link-local, private (RFC 1918), shared (RFC 6598,
/// 100.64/10), unique-local (fc00::/7) or public.
pub fn ip_scope(ip: IpAddr) -> IpScope {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            if v4.is_loopback() {
                IpScope::Loopback
            } else if v4.is_link_local() {
                IpScope::LinkLocal
            } else if v4.is_private() {
                IpScope::Private
            } else if a == 100 && (64..128).contains(&b) {
                IpScope::Shared
            } else {
                IpScope::Public
            }
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return ip_scope(IpAddr::V4(v4));
            }
            let first = v6.segments().first().copied().unwrap_or(0);
            if v6.is_loopback() {
                IpScope::Loopback
            } else if first & 0xffc0 == 0xfe80 {
                IpScope::LinkLocal
            } else if first & 0xfe00 == 0xfc00 {
                IpScope::UniqueLocal
            } else {
                IpScope::Public
            }
        }
    }
}

/// The report's `network.ip` for the full address `ip` at `precision`.
pub fn minimize_ip(ip: IpAddr, precision: IpPrecision) -> Ip {
    let scope = ip_scope(ip);
    let address = match precision {
        IpPrecision::Omit => None,
        IpPrecision::Truncated => Some(truncate_ip(ip)),
        IpPrecision::Full => Some(ip),
    };
    Ip {
        address,
        precision,
        scope,
    }
}

/// `s` made fit for a report: control characters removed, white space runs folded to one space,
/// trimmed, and cut to [`MAX_STRING_BYTES`] at a character boundary. `None` when nothing is left.
pub fn sanitize(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len().min(MAX_STRING_BYTES));
    let mut pending_space = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        // A terminal escape sequence goes whole, not just its ESC: "\x1b[31m" leaves no "[31m".
        if c == '\u{1b}' || c == '\u{9b}' {
            skip_escape(c, &mut chars);
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c.is_control() || c == '\u{fffd}' || is_invisible(c) {
            continue;
        }
        let extra = c.len_utf8() + usize::from(pending_space);
        if out.len() + extra > MAX_STRING_BYTES {
            break;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    (!out.is_empty()).then_some(out)
}

/// Skips the rest of an ANSI escape sequence that began with `first` (ESC or the 8-bit CSI):
/// CSI `ESC [ … final` (final byte `@`..`~`), OSC/DCS/APC/PM/SOS `ESC ] … BEL|ESC \\`, or a
/// two-character `ESC x`.
fn skip_escape(first: char, chars: &mut std::str::Chars<'_>) {
    let kind = if first == '\u{9b}' {
        Some('[')
    } else {
        chars.next()
    };
    match kind {
        Some('[') => {
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
        Some(']' | 'P' | '_' | '^' | 'X') => {
            let mut previous_esc = false;
            for c in chars.by_ref() {
                if c == '\u{7}' || (previous_esc && c == '\\') {
                    break;
                }
                previous_esc = c == '\u{1b}';
            }
        }
        _ => {}
    }
}

/// Whether [`sanitize`] would return `s` unchanged: printable ASCII, single spaces between
/// words, none at the ends, within [`MAX_STRING_BYTES`]. Lets callers skip the copy.
pub(crate) fn is_clean(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_STRING_BYTES
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && b.iter().all(|c| (b' '..=b'~').contains(c))
        && !b.windows(2).any(|w| w == b"  ")
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_what_sanitize_keeps() {
        let long = "x".repeat(MAX_STRING_BYTES + 1);
        // (text, whether the shortcut takes it); whatever it takes, sanitize keeps unchanged.
        let cases = [
            ("Debian GNU/Linux", true),
            ("6.1.0-18-amd64", true),
            ("a", true),
            ("~!", true),
            ("", false),
            (" lead", false),
            ("trail ", false),
            ("two  spaces", false),
            ("tab\there", false),
            ("del\u{7f}", false),
            ("caf\u{e9}", false),
            ("zero\u{200b}width", false),
            (long.as_str(), false),
        ];
        for (s, clean) in cases {
            assert_eq!(is_clean(s), clean, "{s:?}");
            if clean {
                assert_eq!(sanitize(s).as_deref(), Some(s));
            }
        }
    }

    #[track_caller]
    fn check_ip(ip: &str, truncated: &str, scope: IpScope) {
        let ip: IpAddr = ip.parse().unwrap();
        assert_eq!(truncate_ip(ip).to_string(), truncated);
        assert_eq!(ip_scope(ip), scope);
    }

    #[test]
    fn ip_truncation_and_scope() {
        check_ip("192.168.1.77", "192.168.1.0", IpScope::Private);
        check_ip("10.1.2.3", "10.1.2.0", IpScope::Private);
        check_ip("172.31.9.9", "172.31.9.0", IpScope::Private);
        check_ip("100.64.0.1", "100.64.0.0", IpScope::Shared);
        check_ip("100.128.0.1", "100.128.0.0", IpScope::Public);
        check_ip("169.254.3.4", "169.254.3.0", IpScope::LinkLocal);
        check_ip("127.0.0.1", "127.0.0.0", IpScope::Loopback);
        check_ip("8.8.4.4", "8.8.4.0", IpScope::Public);
        check_ip("2001:db8:abcd:12::1", "2001:db8:abcd::", IpScope::Public);
        check_ip("fe80::1", "fe80::", IpScope::LinkLocal);
        check_ip(
            "fd12:3456:789a:1::1",
            "fd12:3456:789a::",
            IpScope::UniqueLocal,
        );
        check_ip("::1", "::", IpScope::Loopback);
    }

    #[test]
    fn precision_modes() {
        let ip: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(minimize_ip(ip, IpPrecision::Omit).address, None);
        assert_eq!(minimize_ip(ip, IpPrecision::Omit).scope, IpScope::Public);
        assert_eq!(
            minimize_ip(ip, IpPrecision::Truncated).address,
            Some("203.0.113.0".parse().unwrap())
        );
        assert_eq!(minimize_ip(ip, IpPrecision::Full).address, Some(ip));
    }

    #[test]
    fn sanitizing() {
        assert_eq!(
            sanitize("  ThinkPad\tT14s \n"),
            Some("ThinkPad T14s".into())
        );
        assert_eq!(sanitize("a\u{0}b\u{7}c"), Some("abc".into()));
        assert_eq!(sanitize(" \n\t "), None);
        assert_eq!(sanitize("x\u{fffd}"), Some("x".into()));
        assert_eq!(sanitize("\u{1b}]0;pwned\u{7}6.1.0"), Some("6.1.0".into()));
        assert_eq!(
            sanitize("12 (book\u{1b}[31mworm)"),
            Some("12 (bookworm)".into())
        );
        assert_eq!(sanitize("a\u{9b}1;2Hb"), Some("ab".into()));
        assert_eq!(sanitize("a\u{1b}Pdata\u{1b}\\b"), Some("ab".into()));
        assert_eq!(sanitize("\u{1b}[31"), None);
        let long = "é".repeat(300);
        let cut = sanitize(&long).unwrap();
        assert!(cut.len() <= MAX_STRING_BYTES && cut.len() >= MAX_STRING_BYTES - 1);
    }
}
