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
    // As `parse_uevent`, without a copy of every line: only the value found is copied. A
    // line's `\r` ends are blanks of its value, which the trim drops. The file is a few short
    // lines: one walk over its bytes finds each line's first `=` and its end.
    // Without a `Y` there is no `DEVTYPE`: most files (an Ethernet NIC's: `INTERFACE`,
    // `IFINDEX`) are passed over in a check without branches, done in vector steps.
    if !text.bytes().fold(false, |seen, c| seen | (c == b'Y')) {
        return None;
    }
    let mut last = None;
    let (mut start, mut eq) = (0usize, None);
    for (i, &c) in text.as_bytes().iter().chain([b'\n'].iter()).enumerate() {
        match c {
            b'=' if eq.is_none() => eq = Some(i),
            b'\n' => {
                if let Some(eq) = eq.take()
                    && text.get(start..eq).is_some_and(|k| k.trim() == "DEVTYPE")
                {
                    last = text.get(eq + 1..i);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    last.map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_ascii_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expected: Option<&str>) {
        assert_eq!(devtype(text).as_deref(), expected);
    }

    /// The reading by `str::lines` this replaced, for comparison.
    fn by_lines(text: &str) -> Option<String> {
        text.lines()
            .filter_map(|line| {
                let (k, v) = line.trim_end_matches('\r').split_once('=')?;
                (k.trim() == "DEVTYPE").then(|| v.trim())
            })
            .next_back()
            .filter(|v| !v.is_empty())
            .map(str::to_ascii_lowercase)
    }

    #[test]
    fn devtype_reads_as_by_lines() {
        let pieces = [
            "DEVTYPE=wlan",
            " DEVTYPE = Bridge ",
            "DEVTYPE=",
            "DEVTYPE\r=x",
            "DEVTYPE=a=b",
            "INTERFACE=eth0",
            "DEVTYPE=vlan\r\r",
            "\r",
            "",
            "DEVTYPE =\u{3000}wwan\u{3000}",
            "X=DEVTYPE",
            "noeq",
        ];
        for a in pieces {
            for b in pieces {
                for end in ["", "\n", "\r\n"] {
                    for sep in ["\n", "\r\n"] {
                        let text = format!("{a}{sep}{b}{end}");
                        assert_eq!(devtype(&text), by_lines(&text), "{text:?}");
                    }
                }
            }
        }
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
