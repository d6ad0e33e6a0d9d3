//! CI hygiene that a failing CI run would only show by chance:
//!
//! - `fuzz/seed.sh` runs under `set -o pipefail`, where `… | sort -u | head -300` fails with
//!   exit 141 whenever `head` exits before `sort` has written everything (SIGPIPE). The script
//!   cuts lists with its `first` function instead, which reads to the end; this test runs that
//!   function on the input that makes `head` fail, and checks that no `| head` is left.
//! - The benches and the fuzz crate are built from their committed lock files: `cargo metadata
//!   --locked` in each fails when the lock file would have to change (as `--locked` builds in
//!   `.ci/bench.sh` and `.ci/fuzz.sh` would).

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The text of `fuzz/seed.sh`.
fn seed_script() -> String {
    std::fs::read_to_string(root().join("fuzz/seed.sh")).unwrap()
}

/// Runs `script` with bash under `set -euo pipefail`; (exit code, stdout).
fn bash(script: &str) -> Option<(i32, String)> {
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!("set -euo pipefail\n{script}"))
        .output()
        .ok()?;
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).trim().to_owned(),
    ))
}

/// The `first` function as `fuzz/seed.sh` defines it.
fn first_function(script: &str) -> String {
    let start = script.find("first() {").expect("seed.sh defines first()");
    let end = start + script[start..].find("\n}\n").expect("first() ends") + 3;
    script[start..end].to_owned()
}

#[test]
fn seed_lists_are_cut_without_sigpipe() {
    let script = seed_script();
    let Some((code, _)) = bash("true") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "bash is required under CI"
        );
        eprintln!("skipped: no bash");
        return;
    };
    assert_eq!(code, 0);
    // 200,000 sorted lines (1.3 MB) overflow the pipe buffer: `head` exits while `sort` writes.
    let input = "seq 200000 | sort -u";
    let (code, _) = bash(&format!("{input} | head -300 > /dev/null")).unwrap();
    assert_eq!(code, 141, "the input that makes head fail under pipefail");
    let (code, out) = bash(&format!(
        "{}\n{input} | first 300 | wc -l",
        first_function(&script)
    ))
    .unwrap();
    assert_eq!((code, out.as_str()), (0, "300"));
    let (code, out) = bash(&format!(
        "{}\nprintf 'a\\nb\\nc\\n' | first 2 | tr '\\n' ,",
        first_function(&script)
    ))
    .unwrap();
    assert_eq!((code, out.as_str()), (0, "a,b,"));
    for (n, line) in script.lines().enumerate() {
        assert!(
            !line.contains("| head"),
            "fuzz/seed.sh:{}: `head` in a pipeline under pipefail: {line}",
            n + 1
        );
    }
}

#[test]
fn bench_and_fuzz_lock_files_are_current() {
    for dir in ["benches", "fuzz"] {
        let out = Command::new(env!("CARGO"))
            .args(["metadata", "--locked", "--format-version", "1"])
            .current_dir(root().join(dir))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{dir}/Cargo.lock is not current (cargo metadata --locked): {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
