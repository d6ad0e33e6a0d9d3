//! Legacy release files (`lsb-release`, `<id>-release`, `debian_version`) and release file
//! names: no panic; a release line's name and version are printable single words or phrases
//! with the shapes the docs promise; a stem is a word that prefixes the file name.
#![no_main]

use devprobe::__fuzzing::release_files::{
    parse_debian_version, parse_lsb_release, parse_release_line, release_file_stem,
};
use devprobe_fuzz::text;
use libfuzzer_sys::fuzz_target;

fn printable(s: &str) -> bool {
    !s.is_empty() && s.trim() == s && !s.chars().any(|c| c.is_control() || c == '\u{fffd}')
}

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    if let Ok(lsb) = parse_lsb_release(&text) {
        for v in [
            &lsb.distrib_id,
            &lsb.release,
            &lsb.codename,
            &lsb.description,
        ]
        .into_iter()
        .flatten()
        {
            assert!(!v.is_empty() && !v.contains('\n'), "{v:?}");
        }
    }
    if let Some(line) = parse_release_line(&text) {
        assert!(line.name.is_some() || line.version.is_some());
        if let Some(name) = &line.name {
            assert!(printable(name) && !name.contains('='), "{name:?}");
            assert!(name.chars().any(char::is_alphabetic) && name.chars().count() <= 128);
        }
        if let Some(v) = &line.version {
            assert!(
                printable(v) && v.starts_with(|c: char| c.is_ascii_digit()),
                "{v:?}"
            );
        }
    }
    if let Some(v) = parse_debian_version(&text) {
        assert!(!v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_graphic()));
    }
    let name = text.lines().next().unwrap_or("");
    if let Some(stem) = release_file_stem(name) {
        assert!(name.starts_with(stem) && !stem.is_empty());
        assert!(stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    }
});
