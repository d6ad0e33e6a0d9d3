// Own binary: it needs a fresh process (no collect before, no worker started) and re-runs itself
// in a mount namespace (`unshare -m`).
//! The live machine's first collect runs on the caller's thread: its kernel interfaces and the
//! files on procfs, sysfs and local disks answer from memory (`Source::answers_from_memory`), so
//! no worker thread is started; a file under a mount of another kind (here devpts, standing for
//! FUSE or NFS) is not trusted, and a mount made after the first check is seen within 10 ms.
//!
//! The namespace case needs root and `unshare`; without them it prints why it skipped, and under
//! `CI=true` it fails instead.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;
use std::time::Duration;

use devprobe::source::{Live, Query, Source};
use devprobe::{Collector, Consent, Purpose};

/// devprobe's probe workers alive in this process (threads named `devprobe-probe`; the test
/// harness's own threads come and go beside them).
fn workers() -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
        .filter(|name| name.trim() == "devprobe-probe")
        .count()
}

#[test]
fn the_first_live_collect_of_a_process_starts_no_thread_and_reads_everything() {
    assert_eq!(workers(), 0);
    let consent = Consent::new();
    consent.grant(Purpose::ALL.iter().copied());
    let report = Collector::builder(consent).build().collect().unwrap();
    assert_eq!(workers(), 0, "a worker thread was started");
    // The same facts as the live machine answers without a deadline: nothing timed out.
    assert!(
        report
            .omitted
            .iter()
            .all(|o| o.reason != devprobe::OmitReason::TimedOut),
        "{:?}",
        report.omitted
    );
    let os_release = std::fs::read_to_string("/etc/os-release").unwrap();
    let name = os_release
        .lines()
        .find_map(|l| l.strip_prefix("NAME="))
        .unwrap()
        .trim_matches('"');
    assert_eq!(report.os.name.as_deref(), Some(name));
}

#[test]
fn kernel_interfaces_and_local_files_answer_from_memory() {
    let live = Live::new();
    assert!(live.answers_from_memory(&Query::Routes));
    assert!(live.answers_from_memory(&Query::Interfaces));
    assert!(live.answers_from_memory(&Query::File("/proc/net/route".into())));
    assert!(live.answers_from_memory(&Query::File("/sys/class/net/lo/type".into())));
    assert!(live.answers_from_memory(&Query::File("/etc/os-release".into())));
    assert!(live.answers_from_memory(&Query::Dir("/sys/class/net".into())));
    // devpts is not a filesystem devprobe trusts; a relative path is judged by nothing.
    assert!(!live.answers_from_memory(&Query::File("/dev/pts/ptmx".into())));
    assert!(!live.answers_from_memory(&Query::File("etc/os-release".into())));
    assert!(!live.answers_from_memory(&Query::Registry("HKLM".into(), "x".into())));
}

const CHILD: &str = "DEVPROBE_MOUNTS_CHILD";

#[test]
fn a_mount_of_an_untrusted_kind_made_later_is_seen() {
    if std::env::var_os(CHILD).is_some() {
        return mount_child();
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let root = uid() == 0;
    if !root || Command::new("unshare").arg("--version").output().is_err() {
        assert!(!ci, "CI=true: this test needs root and unshare");
        eprintln!("skipped: needs root and unshare (util-linux)");
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let out = Command::new("unshare")
        .args(["-m", "--propagation", "private"])
        .arg(exe)
        .args([
            "--exact",
            "a_mount_of_an_untrusted_kind_made_later_is_seen",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("MOUNTS-CHILD-OK"), "{text}");
}

fn uid() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|u| u.parse().ok())
        .unwrap()
}

/// In a private mount namespace: a folder on the root disk is trusted; after devpts is mounted
/// on it, it is not (within the 10 ms recheck); after the unmount it is again.
fn mount_child() {
    let dir = std::env::temp_dir().join(format!("devprobe-mounts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = Query::File(format!("{}/ptmx", dir.display()));
    let live = Live::new();
    let sh = |cmd: &str| {
        let ok = Command::new("sh")
            .args(["-c", cmd])
            .status()
            .unwrap()
            .success();
        assert!(ok, "{cmd}");
    };
    let root_fs = live.answers_from_memory(&file);
    sh(&format!(
        "mount -t devpts -o newinstance devpts {}",
        dir.display()
    ));
    std::thread::sleep(Duration::from_millis(30));
    let mounted = live.answers_from_memory(&file);
    sh(&format!("umount {}", dir.display()));
    std::thread::sleep(Duration::from_millis(30));
    let unmounted = live.answers_from_memory(&file);
    let _ = std::fs::remove_dir(&dir);
    assert_eq!((root_fs, mounted, unmounted), (true, false, true));
    println!("MOUNTS-CHILD-OK");
}
