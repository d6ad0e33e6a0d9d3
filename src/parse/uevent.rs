//! `uevent` files (`/sys/class/net/IF/uevent`): `KEY=value` lines, e.g.
//!
//! ```text
//! DEVTYPE=wlan
//! INTERFACE=wlan0
//! IFINDEX=3
//! ```

/// Parses a uevent file into `(key, value)` pairs, in order. Lines without `=` are skipped.
pub fn parse_uevent(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let (k, v) = line.trim_end_matches('\r').split_once('=')?;
            let k = k.trim();
            (!k.is_empty()).then(|| (k.to_owned(), v.trim().to_owned()))
        })
        .collect()
}

/// The `DEVTYPE` of a uevent file, lower-cased, e.g. `Some("wlan")`; the last one wins.
/// `None` when the file has none or an empty one (plain Ethernet NICs have none).
pub fn devtype(text: &str) -> Option<String> {
    parse_uevent(text)
        .into_iter()
        .rev()
        .find(|(k, _)| k == "DEVTYPE")
        .map(|(_, v)| v.to_ascii_lowercase())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expected: Option<&str>) {
        assert_eq!(devtype(text).as_deref(), expected);
    }

    #[test]
    fn devtypes() {
        check("DEVTYPE=wlan\nINTERFACE=wlp2s0\nIFINDEX=3\n", Some("wlan"));
        check("DEVTYPE=wwan\r\nINTERFACE=wwan0\r\n", Some("wwan"));
        check("INTERFACE=eth0\nIFINDEX=4\n", None);
        check("DEVTYPE=\n", None);
        check("DEVTYPE=bridge\nDEVTYPE=Vlan\n", Some("vlan"));
        check("\u{fffd}\u{0}garbage", None);
        check("", None);
        assert_eq!(
            parse_uevent("A=1\n=x\nnoeq\nB = 2 \n"),
            vec![("A".into(), "1".into()), ("B".into(), "2".into())]
        );
    }
}
