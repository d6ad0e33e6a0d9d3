//! Android property dumps: `getprop` output (`[ro.product.model]: [Pixel 5]`) and `build.prop`
//! files (`ro.product.model=Pixel 5`).

/// Parses `getprop` output into `(name, value)` pairs, in order. Lines that are not
/// `[name]: [value]` are skipped.
pub fn parse_getprop(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim_end_matches('\r');
            let rest = line.strip_prefix('[')?;
            let (name, rest) = rest.split_once("]: [")?;
            let value = rest.strip_suffix(']')?;
            Some((name.trim().to_owned(), value.to_owned()))
        })
        .collect()
}

/// Parses a `build.prop` file into `(name, value)` pairs, in order (later ones win when
/// loaded). Comments, `import` lines and lines without `=` are skipped.
pub fn parse_build_prop(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            if line.starts_with('#') {
                return None;
            }
            let (name, value) = line.split_once('=')?;
            Some((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}
