// Own binary: strace counts every clone and execve of this process; no other test may add one.
//! No process is spawned during a collect, and no thread after the first: this test re-runs
//! its own binary under `strace -f -e trace=execve,clone,clone3,fork,vfork,chdir`, where a
//! child collects with the live source between `chdir("/")` markers, and counts the calls
//! strace saw between them.
//!
//! The child does three collects, a marker, ten collects from new collectors and ten from one
//! collector, and a second marker. The live machine's collects run on the caller's thread; a
//! read that looks slow (strace slows every system call) is handed to the process-wide worker
//! pool, which starts a thread the first time and keeps up to 4 idle. So between the markers
//! there must be no `execve`, `fork` or `vfork` at all, and at most 4 thread starts in all —
//! the pool's, not one per collect (21 collects).
//!
//! Needs strace (`apt-get install strace`; `.ci/bench.sh` installs it). Without it the test
//! prints why it skipped; under `CI=true` it fails instead.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;
use std::time::Duration;

use devprobe::{Collector, Consent, Purpose};

/// Set in the child: collect between markers instead of testing.
const CHILD: &str = "DEVPROBE_NOSPAWN_CHILD";
/// The marker: `chdir` to this directory, a call devprobe never makes.
const MARKER: &str = "/";

fn collector(deadline: Option<Duration>) -> Collector {
    let consent = Consent::new();
    consent.grant(Purpose::ALL.iter().copied());
    let builder = Collector::builder(consent).min_refresh(Duration::ZERO);
    match deadline {
        Some(d) => builder.deadline(d).build(),
        None => builder.build(),
    }
}

/// In the child: collects between the markers. Run on its own it just collects.
#[test]
fn collect_between_markers_helper() {
    if std::env::var_os(CHILD).is_none() {
        assert!(collector(None).collect().is_ok());
        return;
    }
    // Start-up: a read that looks slow under strace starts the pool's first worker here.
    for _ in 0..3 {
        assert!(collector(None).collect().is_ok());
    }
    std::env::set_current_dir(MARKER).unwrap();
    for _ in 0..10 {
        assert!(collector(None).collect().is_ok());
    }
    let one = collector(None);
    for _ in 0..10 {
        assert!(one.collect().is_ok());
    }
    // No deadline: the probes run inline on this thread.
    assert!(collector(Some(Duration::MAX)).collect().is_ok());
    std::env::set_current_dir(MARKER).unwrap();
    println!("DEVPROBE-NOSPAWN-CHILD-DONE");
}

fn strace() -> Option<&'static str> {
    let ok = Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some("strace")
}

/// The traced calls in `log` (strace `-f -o` output), split at the `chdir` markers: calls
/// before the first marker, between the markers, and the number of markers seen.
fn split(log: &str) -> (Vec<String>, Vec<String>, usize) {
    let (mut before, mut between, mut markers) = (Vec::new(), Vec::new(), 0);
    for line in log.lines() {
        // `PID  call(args) = ret`, or `<... call resumed>` continuations.
        let call = line
            .split_once(' ')
            .map_or(line, |(_, rest)| rest)
            .trim_start();
        if call.starts_with(&format!("chdir(\"{MARKER}\")")) {
            markers += 1;
            continue;
        }
        let traced = ["execve(", "clone(", "clone3(", "fork(", "vfork("]
            .iter()
            .any(|c| call.starts_with(c));
        if !traced {
            continue;
        }
        match markers {
            0 => before.push(call.to_owned()),
            1 => between.push(call.to_owned()),
            _ => {}
        }
    }
    (before, between, markers)
}

#[test]
fn collect_spawns_no_process_and_no_thread_per_collect() {
    let Some(strace) = strace() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "strace is missing and CI=true (install it: apt-get install strace)"
        );
        println!("skipped: strace is not installed (apt-get install strace)");
        return;
    };
    let log = std::env::temp_dir().join(format!("devprobe-nospawn-{}.strace", std::process::id()));
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(strace)
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=execve,clone,clone3,fork,vfork,chdir",
            "-o",
        ])
        .arg(&log)
        .arg(&exe)
        .args([
            "--exact",
            "collect_between_markers_helper",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let _ = std::fs::remove_file(&log);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() && text.is_empty() {
        // strace cannot trace here (no ptrace in this container): not a devprobe failure.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "strace could not run and CI=true: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        println!(
            "skipped: strace could not trace: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    assert!(
        out.status.success() && stdout.contains("DEVPROBE-NOSPAWN-CHILD-DONE"),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (before, between, markers) = split(&text);
    assert_eq!(markers, 2, "both markers traced:\n{text}");
    // Start-up: the test binary's own execve, the test harness's thread, at most one
    // deadline worker; never another program.
    let execs: Vec<&String> = before.iter().filter(|c| c.starts_with("execve(")).collect();
    assert_eq!(
        execs.len(),
        1,
        "only the test binary is executed: {before:?}"
    );
    assert!(
        execs.first().unwrap().contains(exe.to_str().unwrap()),
        "{before:?}"
    );
    assert!(
        !before
            .iter()
            .any(|c| c.starts_with("fork(") || c.starts_with("vfork(")),
        "{before:?}"
    );
    // 21 collects (20 with the deadline, one inline): no process, and threads only as the
    // pool starts them (at most its idle cap), never one per collect.
    let threads = between
        .iter()
        .filter(|c| c.starts_with("clone3(") || c.starts_with("clone("))
        .filter(|c| c.contains("CLONE_THREAD"))
        .count();
    assert!(
        threads == between.len() && threads <= 4,
        "calls during collects: {between:?}"
    );
    println!(
        "no process spawned; {} thread(s) started before the first marker (test harness, \
         pool), {threads} during 21 collects",
        before.len() - 1
    );
}

#[test]
fn marker_split_counts_calls_between_markers() {
    let log = "\
100 execve(\"/t\", [\"/t\"], 0x7ffc /* 9 vars */) = 0
100 clone3({flags=CLONE_VM|CLONE_FS, ...}, 88) = 101
101 clone3({flags=CLONE_VM|CLONE_FS, ...}, 88) = 102
101 chdir(\"/\") = 0
101 clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD) = 103
103 execve(\"/bin/sh\", [\"sh\"], 0x7ffc /* 9 vars */ <unfinished ...>
101 chdir(\"/\") = 0
101 clone3({flags=CLONE_VM, ...}, 88) = 104
";
    let (before, between, markers) = split(log);
    assert_eq!(markers, 2);
    assert_eq!(before.len(), 3);
    assert_eq!(
        between,
        vec![
            "clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD) = 103".to_owned(),
            "execve(\"/bin/sh\", [\"sh\"], 0x7ffc /* 9 vars */ <unfinished ...>".to_owned(),
        ]
    );
}
