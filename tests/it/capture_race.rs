//! `--capture DIR` writes into a folder other users may share: a symlink planted inside DIR
//! while the capture runs must never make it write outside DIR (issue 17, D4). The writer is
//! the report example's (`examples/support/capture.rs`), compiled into this binary.

// Most of these attacks need Unix (symlinks, FIFOs, openat); elsewhere their helpers sit unused.
#![cfg_attr(not(unix), allow(unused_imports, dead_code))]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use devprobe::Platform;
use devprobe::source::{Snapshot, SnapshotEntry};

use crate::capture_writer::write_snapshot;

const OS_RELEASE: &str = "NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"12\"\n";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("devprobe-capture-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn entries() -> Vec<SnapshotEntry> {
    Snapshot::new(Platform::Linux)
        .file("/etc/os-release", OS_RELEASE)
        .file("/sys/class/dmi/id/sys_vendor", "LENOVO\n")
        .link("/etc/alt", "os-release")
        .entries()
}

/// Everything below `dir`, sorted, with each file's bytes.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        out.push((path.clone(), std::fs::read(&path).unwrap_or_default()));
    }
    out.sort();
    out
}

#[cfg(unix)]
#[test]
fn a_symlink_planted_during_200_captures_never_writes_outside_the_folder() {
    let base = scratch("race");
    let outside = base.join("outside");
    std::fs::create_dir(&outside).unwrap();
    let victim = outside.join("victim");
    std::fs::write(&victim, "VICTIM\n").unwrap();
    let before = contents(&outside);
    let entries = entries();
    let (mut written, mut refused) = (0, 0);
    for run in 0..200 {
        let dir = base.join(format!("cap{run}"));
        // Half the runs name an existing empty folder, half a new one.
        if run % 2 == 0 {
            std::fs::create_dir(&dir).unwrap();
        }
        let stop = Arc::new(AtomicBool::new(false));
        let planter = {
            let (dir, victim, stop) = (dir.clone(), victim.clone(), stop.clone());
            std::thread::spawn(move || {
                let etc = dir.join("fs/etc");
                while !stop.load(Ordering::Relaxed) {
                    let _ = std::fs::create_dir_all(&etc);
                    if std::os::unix::fs::symlink(&victim, etc.join("os-release")).is_ok() {
                        return;
                    }
                }
            })
        };
        match write_snapshot(&dir, &entries) {
            Ok(()) => {
                written += 1;
                // Written: then the file is ours, a regular file, not the planted link.
                let meta = std::fs::symlink_metadata(dir.join("fs/etc/os-release")).unwrap();
                assert!(meta.is_file(), "run {run}: os-release is {meta:?}");
            }
            Err(_) => refused += 1,
        }
        stop.store(true, Ordering::Relaxed);
        planter.join().unwrap();
        assert_eq!(
            contents(&outside),
            before,
            "run {run} touched a file outside DIR"
        );
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "VICTIM\n");
    assert_eq!(written + refused, 200);
    eprintln!("200 captures against a planter: {written} written, {refused} refused");
    let _ = std::fs::remove_dir_all(&base);
}

// Links are written as links only on Unix.
#[cfg(unix)]
#[test]
fn a_capture_into_a_folder_replays_as_the_snapshot() {
    let base = scratch("replay");
    let dir = base.join("cap");
    write_snapshot(&dir, &entries()).unwrap();
    let replay = Snapshot::from_dir(&dir).unwrap();
    assert_eq!(replay.entries(), entries());
    // A second capture into the now non-empty folder is refused and changes nothing.
    let err = write_snapshot(&dir, &entries()).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(Snapshot::from_dir(&dir).unwrap().entries(), entries());
    let _ = std::fs::remove_dir_all(&base);
}

#[cfg(unix)]
#[test]
fn a_capture_folder_that_is_a_link_or_holds_a_planted_file_is_refused() {
    let base = scratch("planted");
    let elsewhere = base.join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let link = base.join("link");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    assert!(write_snapshot(&link, &entries()).is_err());
    assert!(
        contents(&elsewhere).is_empty(),
        "wrote through a linked DIR"
    );
    let _ = std::fs::remove_dir_all(&base);
}
