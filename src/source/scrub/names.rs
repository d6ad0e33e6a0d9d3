//! MAC addresses that ride along in what a capture writes: interface names built from the MAC,
//! and MACs spelled out in file contents.
//!
//! systemd's `mac` naming policy names an interface by its type prefix — `en` Ethernet, `ib`
//! InfiniBand, `sl` SLIP, `wl` WLAN, `ww` WWAN, `mc` MCTP — then `x` and the 12 hex digits of
//! the MAC: a USB Ethernet adapter becomes `enx00e04c680a1b`, a USB Wi-Fi stick
//! `wlx7cdd90a1b2c3`. Such a name is rewritten wherever it occurs (paths, link targets, file
//! contents, interface lists) to its prefix and a counter, `enx000000000001`,
//! `wlx000000000002`, …, numbered in order of first appearance and the same everywhere, so a
//! replay finds the same interface under the same placeholder. Names match whatever the case
//! of their letters; the placeholder keeps the prefix as it was spelled.

/// The type prefixes of systemd's predictable names (systemd.net-naming-scheme(7)).
const PREFIXES: [[u8; 2]; 6] = [*b"en", *b"ib", *b"sl", *b"wl", *b"ww", *b"mc"];
/// Prefix, `x`, and 12 hex digits.
const NAME_LEN: usize = 15;

/// The renaming of one capture: each MAC-bearing name seen so far and its placeholder.
#[derive(Debug, Default)]
pub(crate) struct MacNames {
    seen: Vec<([u8; NAME_LEN], [u8; NAME_LEN])>,
}

impl MacNames {
    /// A renaming that has seen nothing yet.
    pub(crate) fn new() -> MacNames {
        MacNames::default()
    }

    /// `bytes` with every MAC-bearing interface name replaced by its placeholder.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut rest = bytes;
        while let Some((&first, tail)) = rest.split_first() {
            if let Some(name) = rest.first_chunk::<NAME_LEN>().filter(|w| is_mac_name(w)) {
                out.extend_from_slice(&self.placeholder(name));
                rest = rest.get(NAME_LEN..).unwrap_or_default();
            } else {
                out.push(first);
                rest = tail;
            }
        }
        out
    }

    /// `text` with every MAC-bearing interface name replaced by its placeholder.
    pub(crate) fn text(&mut self, text: &str) -> String {
        // Names and placeholders are ASCII, so the result is as valid UTF-8 as the input.
        match String::from_utf8(self.bytes(text.as_bytes())) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }

    fn placeholder(&mut self, name: &[u8; NAME_LEN]) -> [u8; NAME_LEN] {
        if let Some((_, p)) = self.seen.iter().find(|(n, _)| n == name) {
            return *p;
        }
        let mut p = [b'0'; NAME_LEN];
        let counter = format!("{:012x}", self.seen.len() + 1);
        for (slot, b) in p
            .iter_mut()
            .zip(name.iter().take(3).chain(counter.as_bytes()))
        {
            *slot = *b;
        }
        self.seen.push((*name, p));
        p
    }
}

/// Whether the 15 bytes are a type prefix, `x` and 12 hex digits (any case).
fn is_mac_name(w: &[u8; NAME_LEN]) -> bool {
    let (head, digits) = w.split_at(3);
    let [a, b, x] = [0, 1, 2].map(|i| head.get(i).copied().unwrap_or(0).to_ascii_lowercase());
    PREFIXES.contains(&[a, b]) && x == b'x' && digits.iter().all(u8::is_ascii_hexdigit)
}

/// `bytes` with every MAC written out as six hex pairs joined by `:` or `-`
/// (`00:e0:4c:68:0a:1b`) zeroed, keeping the separator. A run of more pairs (an IPv6 address
/// never has two-digit groups only, but a longer hex dump might) is left alone.
pub(crate) fn zero_macs(bytes: &[u8]) -> Vec<u8> {
    const LEN: usize = 17;
    let mut out = bytes.to_vec();
    let mut i = 0usize;
    while let Some(window) = bytes.get(i..i + LEN) {
        let sep = window.get(2).copied().unwrap_or(0);
        let before = i.checked_sub(1).and_then(|j| bytes.get(j)).copied();
        let after = bytes.get(i + LEN).copied();
        let joined = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_hexdigit() || b == sep);
        let is_mac = matches!(sep, b':' | b'-')
            && window.iter().enumerate().all(|(k, b)| {
                if k % 3 == 2 {
                    *b == sep
                } else {
                    b.is_ascii_hexdigit()
                }
            })
            && !joined(before)
            && !joined(after);
        if is_mac {
            if let Some(target) = out.get_mut(i..i + LEN) {
                for (k, b) in target.iter_mut().enumerate() {
                    if k % 3 != 2 {
                        *b = b'0';
                    }
                }
            }
            i += LEN;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mac_names_are_numbered_in_order_of_first_appearance() {
        let mut n = MacNames::new();
        assert_eq!(
            n.text("wlx7cdd90a1b2c3\t00000000\nenx00e04c680a1b\t0000\nwlx7cdd90a1b2c3\n"),
            "wlx000000000001\t00000000\nenx000000000002\t0000\nwlx000000000001\n"
        );
        assert_eq!(
            n.text("/sys/class/net/enx00e04c680a1b/lower_wlx7cdd90a1b2c3"),
            "/sys/class/net/enx000000000002/lower_wlx000000000001"
        );
        // Upper-case digits and prefix letters, WWAN and InfiniBand prefixes.
        assert_eq!(
            n.text("ENXA0CEC8112233 wwx0a1b2c3d4e5f ibx001122334455"),
            "ENX000000000003 wwx000000000004 ibx000000000005"
        );
        // Not MAC names: too short, no `x`, another prefix, not hex.
        for keep in [
            "enx00e04c680a1",
            "enp0s31f6",
            "eno1",
            "br-4f2a9c1d3e5b",
            "abx00e04c680a1b",
            "enx00e04c680a1g",
            "veth1a2b3c4",
        ] {
            assert_eq!(n.text(keep), keep);
        }
        assert_eq!(n.text("é enx00e04c680a1b ü"), "é enx000000000002 ü");
    }

    #[test]
    fn spelled_out_macs_are_zeroed() {
        #[track_caller]
        fn check(input: &str, expected: &str) {
            assert_eq!(
                String::from_utf8(zero_macs(input.as_bytes())).unwrap(),
                expected
            );
        }
        check("ADDR=00:e0:4c:68:0a:1b\n", "ADDR=00:00:00:00:00:00\n");
        check("7C-DD-90-A1-B2-C3", "00-00-00-00-00-00");
        check(
            "a 00:e0:4c:68:0a:1b b 7c:dd:90:a1:b2:c3",
            "a 00:00:00:00:00:00 b 00:00:00:00:00:00",
        );
        // Not MACs: mixed separators, too few or too many pairs, IPv6 groups.
        for keep in [
            "00:e0-4c:68:0a:1b",
            "00:e0:4c:68:0a",
            "00:e0:4c:68:0a:1b:2c",
            "fe80::1c2d:3e4f:5a6b:7c8d",
            "2001:db8:1:2:3:4:5:6",
            "12:34:56",
        ] {
            check(keep, keep);
        }
    }
}
