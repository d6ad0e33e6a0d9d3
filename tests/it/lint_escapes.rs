//! The panic lints stay on: `Cargo.toml` denies `clippy::unwrap_used`, `expect_used`,
//! `indexing_slicing` and `panic` for the library, and no library code opts out with an
//! `#[allow(...)]`, `#[expect(...)]` or `#[cfg_attr(..., allow(...))]` naming one of them. Only
//! `#[cfg(test)]` code (a `#[cfg(test)] mod tests { ... }` block, or a file declared with
//! `#[cfg(test)] mod name;`) may, because a failed unwrap there is a failed test.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const LINTS: [&str; 4] = ["unwrap_used", "expect_used", "indexing_slicing", "panic"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The module files that a `#[cfg(test)] mod name;` in `file` declares.
fn test_module_files(file: &Path, text: &str) -> Vec<PathBuf> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let dir = match file.file_name().and_then(|n| n.to_str()) {
        Some("mod.rs" | "lib.rs") => file.parent().unwrap().to_path_buf(),
        _ => file.with_extension(""),
    };
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = line
            .strip_prefix("mod ")
            .or_else(|| line.strip_prefix("pub(crate) mod "))
            .and_then(|r| r.strip_suffix(';'))
        else {
            continue;
        };
        let attrs = lines[..i]
            .iter()
            .rev()
            .take_while(|l| l.starts_with("#["))
            .any(|l| l.starts_with("#[cfg(test)]"));
        if attrs {
            out.push(dir.join(format!("{name}.rs")));
            out.push(dir.join(name).join("mod.rs"));
        }
    }
    out
}

/// For each line of `text`, whether it is inside a `#[cfg(test)]` item with a `{ ... }` body.
fn in_test_code(text: &str) -> Vec<bool> {
    let lines: Vec<&str> = text.lines().collect();
    let mut inside = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() == "#[cfg(test)]" {
            // The attribute's item: count braces from here to the one that closes it.
            let mut depth = 0i64;
            let mut opened = false;
            let mut j = i;
            while j < lines.len() {
                inside[j] = true;
                for c in lines[j].chars() {
                    match c {
                        '{' => {
                            depth += 1;
                            opened = true;
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                let item_ended = lines[j].trim_end().ends_with(';') && !opened && j > i;
                if (opened && depth <= 0) || item_ended {
                    break;
                }
                j += 1;
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    inside
}

/// The attribute text starting at line `i` (attributes may span lines), up to its closing `]`.
fn attribute_at(lines: &[&str], i: usize) -> String {
    let mut text = String::new();
    let mut depth = 0i64;
    for line in &lines[i..] {
        text.push_str(line.trim());
        text.push(' ');
        depth += line.matches('[').count() as i64 - line.matches(']').count() as i64;
        if depth <= 0 {
            break;
        }
    }
    text
}

/// Every `allow`/`expect` of a panic lint in `text` outside test code: (line number, attribute).
fn escapes(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let test = in_test_code(text);
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        if test[i] || !(t.starts_with("#[") || t.starts_with("#![")) {
            continue;
        }
        let attr = attribute_at(&lines, i);
        let opts_out = ["allow(", "expect(", "warn("]
            .iter()
            .any(|a| attr.contains(a));
        let names_one = LINTS.iter().any(|l| attr.contains(&format!("clippy::{l}")));
        if opts_out && names_one {
            out.push((i + 1, attr.trim().to_owned()));
        }
    }
    out
}

#[test]
fn cargo_toml_denies_the_panic_lints() {
    let toml = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    // `[lints.clippy]`, or `[workspace.lints.clippy]` that the crate opts into.
    let section = toml
        .split("lints.clippy]")
        .nth(1)
        .expect("Cargo.toml has a [lints.clippy] or [workspace.lints.clippy] section");
    let section = section.split("\n[").next().unwrap();
    for lint in LINTS {
        assert!(
            section
                .lines()
                .any(|l| l.replace(' ', "") == format!("{lint}=\"deny\"")),
            "Cargo.toml must deny clippy::{lint}:\n{section}"
        );
    }
}

#[test]
fn library_code_has_no_panic_lint_escapes() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    assert!(
        files.len() > 20,
        "found only {} files under src",
        files.len()
    );
    let mut test_files = BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        test_files.extend(test_module_files(f, &text));
    }
    let mut found = Vec::new();
    for f in &files {
        if test_files.contains(f) {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        for (line, attr) in escapes(&text) {
            found.push(format!(
                "{}:{line}: {attr}",
                f.strip_prefix(root()).unwrap().display()
            ));
        }
    }
    assert!(
        found.is_empty(),
        "library code opts out of a panic lint (only #[cfg(test)] code may):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scanner_finds_escapes_and_spares_test_code() {
    let text = "\
fn a() {}
#[allow(clippy::unwrap_used)]
fn b() {}
#[cfg_attr(not(test), allow(
    clippy::indexing_slicing,
))]
fn c() {}
#[expect(clippy::panic, reason = \"x\")]
fn d() {}
#[allow(dead_code)]
fn e() {}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    #[allow(clippy::expect_used)]
    fn f() { let v = vec![{ 1 }]; }
}
#[allow(clippy::expect_used)]
fn g() {}
";
    let lines: Vec<usize> = escapes(text).into_iter().map(|(l, _)| l).collect();
    assert_eq!(lines, vec![2, 4, 8, 19]);
    let decl =
        "#[cfg(test)]\nmod tests;\n#[cfg(test)]\n#[allow(dead_code)]\nmod other;\nmod real;\n";
    let files = test_module_files(Path::new("/r/src/a/mod.rs"), decl);
    assert_eq!(
        files,
        vec![
            PathBuf::from("/r/src/a/tests.rs"),
            PathBuf::from("/r/src/a/tests/mod.rs"),
            PathBuf::from("/r/src/a/other.rs"),
            PathBuf::from("/r/src/a/other/mod.rs"),
        ]
    );
}
