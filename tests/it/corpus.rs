//! The shared corpus (`../shared/corpus`: real-world device data with expected values), found in
//! one place. A suite whose folder is absent is skipped by the tests that read it; under
//! `CI=true` that fails the test instead. The first skip of a run writes one line naming every
//! absent suite straight to the terminal's standard error: the harness captures what a passing
//! test prints with `println!`/`eprintln!`, so a skip reported that way would never be seen.

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Once;

/// The corpus folders the tests read.
const SUITES: [&str; 7] = [
    "android",
    "apple",
    "arm-boards",
    "linux-dmi",
    "linux-release",
    "orientation",
    "windows",
];

/// `../shared/corpus`, next to the crate (it may be absent).
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// `../shared/corpus/<suite>` (the whole corpus for `""`), or `None` when it is absent: the
/// caller skips. Under `CI=true` an absent suite fails the calling test.
pub fn dir(suite: &str) -> Option<PathBuf> {
    let dir = root().join(suite);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "corpus folder {} is missing and CI=true",
        dir.display()
    );
    note_skips();
    None
}

/// Writes, once per process, which corpus suites are absent and so skipped.
fn note_skips() {
    static NOTE: Once = Once::new();
    NOTE.call_once(|| {
        let root = root();
        let absent: Vec<&str> = SUITES
            .into_iter()
            .filter(|s| !root.join(s).is_dir())
            .collect();
        // Not `eprintln!`: the harness would capture it (see the module docs).
        let _ = writeln!(
            std::io::stderr().lock(),
            "note: corpus suites skipped ({} absent; CI=true fails instead): {}",
            root.display(),
            absent.join(", ")
        );
    });
}
