//! Apple `sysctl` output: `hw.model: MacBookPro18,3` (also `name = value`).

/// Parses `sysctl` output into `(name, value)` pairs, in order.
pub fn parse_sysctl(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim_end_matches('\r');
            let (name, value) = line.split_once(": ").or_else(|| line.split_once(" = "))?;
            Some((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}
