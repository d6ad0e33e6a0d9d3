//! The layering rules of docs/ARCHITECTURE.md, checked on the source text: which modules each
//! layer may name (`crate::…` paths), where `#[cfg]` and `unsafe` may appear, and that a
//! platform file of a fact group never reaches into another platform's file.

use std::fs;
use std::path::{Path, PathBuf};

const PLATFORMS: [&str; 6] = ["linux", "windows", "android", "apple", "web", "miniprogram"];
const GROUPS: [&str; 4] = ["device", "os", "network", "screen"];

/// Every `.rs` file under `src/<dir>`, with its path relative to `src/` (`/`-separated).
fn files(dir: &str) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(root, &p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let rel = p.strip_prefix(root).unwrap_or(&p);
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.push((rel, fs::read_to_string(&p).unwrap_or_default()));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    walk(&root, &root.join(dir), &mut out);
    out
}

/// The lines of `text` that are code: comments and doc comments left out.
fn code(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap_or("")))
        .filter(|(_, l)| !l.trim().is_empty())
}

/// The top-level modules a line names with `crate::` (`use crate::report::…`, `crate::facts::run`).
fn crate_modules(line: &str) -> Vec<&str> {
    line.match_indices("crate::")
        .filter(|(i, _)| !line[..*i].ends_with('$'))
        .filter_map(|(i, m)| {
            let rest = &line[i + m.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (end > 0).then(|| &rest[..end])
        })
        .collect()
}

/// Whether `path` is a test file, where target `cfg`s and test-only imports are fine.
fn is_test_file(path: &str) -> bool {
    path.ends_with("/tests.rs") || path.contains("/tests/")
}

/// Each line of `dir` naming a `crate::` module not in `allowed`.
fn imports_outside(dir: &str, allowed: &[&str]) -> Vec<String> {
    let mut bad = Vec::new();
    for (path, text) in files(dir) {
        for (n, line) in code(&text) {
            for m in crate_modules(line) {
                if !allowed.contains(&m) {
                    bad.push(format!("{path}:{n}: crate::{m} ({})", line.trim()));
                }
            }
        }
    }
    bad
}

#[test]
fn parse_imports_nothing_else_of_the_crate() {
    let bad = imports_outside("parse", &["parse"]);
    assert!(
        bad.is_empty(),
        "parse/ must be self-contained:\n{}",
        bad.join("\n")
    );
}

#[test]
fn source_uses_no_report_or_upper_layer() {
    // The host-push types (what a snapshot's host.json carries) are inputs, not report types.
    let allowed = ["source", "parse", "platform", "host", "error", "minimize"];
    let bad = imports_outside("source", &allowed);
    assert!(bad.is_empty(), "source/ reaches up:\n{}", bad.join("\n"));
}

#[test]
fn facts_use_only_lower_layers() {
    let allowed = [
        "facts",
        "source",
        "parse",
        "platform",
        "host",
        "field",
        "report",
        "minimize",
        "text_enum",
    ];
    let bad = imports_outside("facts", &allowed);
    assert!(bad.is_empty(), "facts/ reaches up:\n{}", bad.join("\n"));
}

/// The platform a file of a fact group belongs to: `facts/<group>/<platform>.rs` or a file
/// below `facts/<group>/<platform>/`.
fn platform_of(path: &str) -> Option<&'static str> {
    let mut parts = path.strip_prefix("facts/")?.split('/');
    let _group = parts.next()?;
    let file = parts.next()?;
    let name = file.strip_suffix(".rs").unwrap_or(file);
    PLATFORMS.into_iter().find(|p| *p == name)
}

#[test]
fn a_platform_file_never_imports_another_platforms_file() {
    let mut bad = Vec::new();
    let mut platform_files = 0;
    for (path, text) in files("facts") {
        let Some(own) = platform_of(&path) else {
            continue;
        };
        platform_files += 1;
        for (n, line) in code(&text) {
            for other in PLATFORMS.into_iter().filter(|p| *p != own) {
                let reaches = line.match_indices(&format!("::{other}")).any(|(i, m)| {
                    let after = line[i + m.len()..].chars().next();
                    let ends = !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
                    let before = &line[..i];
                    ends && (before.ends_with("super")
                        || before.ends_with("read")
                        || GROUPS
                            .iter()
                            .any(|g| before.ends_with(&format!("facts::{g}"))))
                });
                if reaches {
                    bad.push(format!(
                        "{path}:{n}: {own} file reaches {other}: {}",
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        platform_files >= 12,
        "only {platform_files} platform files found"
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn no_cfg_in_facts_but_cfg_test() {
    let mut bad = Vec::new();
    for (path, text) in files("facts") {
        for (n, line) in code(&text) {
            let l = line.trim();
            if (l.contains("#[cfg") && l != "#[cfg(test)]") || l.contains("cfg!(") {
                bad.push(format!("{path}:{n}: {l}"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "facts/ compiles alike everywhere:\n{}",
        bad.join("\n")
    );
}

#[test]
fn target_cfgs_and_unsafe_only_in_the_live_source() {
    let mut bad = Vec::new();
    let unsafe_kw = concat!("uns", "afe");
    for (path, text) in files("") {
        if path.starts_with("source/live/") || path == "architecture_tests.rs" {
            continue;
        }
        for (n, line) in code(&text) {
            let l = line.trim();
            let target_cfg = ["target_os", "target_family", "cfg(unix)", "cfg(windows)"]
                .iter()
                .any(|t| l.contains(t));
            if target_cfg && !is_test_file(&path) {
                bad.push(format!("{path}:{n}: {l}"));
            }
            let words = l.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
            if words.into_iter().any(|w| w == unsafe_kw) {
                bad.push(format!("{path}:{n}: {l}"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "OS access belongs in source/live:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_checks_see_the_code() {
    // The scans above read real files: a moved tree must not make them pass vacuously.
    assert!(files("facts").len() > 20);
    assert!(files("parse").len() > 10);
    assert!(files("source").len() > 10);
    assert_eq!(
        crate_modules("use crate::report::{Os}; crate::facts::run($crate::x)"),
        ["report", "facts"]
    );
    assert_eq!(platform_of("facts/os/linux/legacy.rs"), Some("linux"));
    assert_eq!(platform_of("facts/device/dmi.rs"), None);
}
