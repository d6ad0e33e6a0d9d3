//! os-release(5): any text parses or is refused without panicking, and the probe's one-pass
//! reading (`os_release_values`) gives the same answer; a parsed value never spans a line or
//! holds a NUL; and any set of values written back in os-release syntax (double-quoted,
//! with `"`, `\`, `$` and `` ` `` escaped) parses to exactly those values.
#![no_main]

use devprobe::__fuzzing::os_release::{os_release_values, parse_os_release};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fn quote(v: &str) -> String {
    let mut out = String::from("\"");
    for c in v.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    // The one-pass reading the probe uses agrees with the parse, error or values.
    let keys = ["ID", "NAME", "VERSION_ID", "BUILD_ID", "VERSION"];
    let values = os_release_values(&text, keys);
    let Ok(rel) = parse_os_release(&text) else {
        assert_eq!(values.err(), parse_os_release(&text).err());
        return;
    };
    let values = values.expect("os-release that parses gives values");
    for (key, value) in keys.iter().zip(&values) {
        assert_eq!(value.as_deref(), rel.get(key), "{key}");
    }
    assert!(!rel.id().is_empty() && !rel.name().is_empty());
    // Every key the text could have set, by its lines' `KEY=` prefixes.
    let keys: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim_start().split_once('=').map(|(k, _)| k.trim_end()))
        .collect();
    let mut rewritten = String::new();
    for key in &keys {
        if let Some(v) = rel.get(key) {
            assert!(!v.contains('\n') && !v.contains('\0'), "{key}={v:?}");
            rewritten.push_str(&format!("{key}={}\n", quote(v)));
        }
    }
    let again = parse_os_release(&rewritten).expect("rewritten os-release parses");
    for key in &keys {
        assert_eq!(again.get(key), rel.get(key), "{key} in {rewritten:?}");
    }
});
