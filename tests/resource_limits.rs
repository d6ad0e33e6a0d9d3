// Own binary: it re-runs itself in a private mount namespace and measures its own peak memory.
//! Resource limits: a FIFO, an endless device (`/dev/zero`) or a multi-megabyte file where a
//! probe reads a file cannot exhaust memory or time.
//!
//! - Live source: each case bind-mounts the hostile file over `/usr/lib/os-release` (which
//!   `/etc/os-release` links to on Debian-family systems; `/etc/os-release` is covered too when it
//!   is a file) and over `/proc/sys/kernel/osrelease` in a private mount namespace
//!   (`unshare --mount`), re-runs this test binary inside, and checks there that the reads
//!   failed with the typed error, the collect finished in time, and the peak memory barely moved.
//!   Needs root; without it the case prints why it skipped, and fails under `CI=true`.
//! - Snapshot source: files of tens of MiB at the paths the probes read.
//!
//! Collects here run with no deadline (`Duration::MAX`), so the time measured is the read's own.

// Test code: a failed unwrap or index is a failed test, with its message.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "it/hardening_support.rs"]
mod hardening_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use devprobe::source::{Live, Query, Recording, Snapshot, Source, SourceError, TABLE_LIMIT};
use devprobe::{Collector, Consent, Field, OmitReason, Platform, Purpose, Report};
use hardening_support::{HostileDevice, check_report, this_hostname};

const MIB: usize = 1024 * 1024;
/// What a collect may take here, with every read hostile (the default deadline is 200 ms).
const COLLECT_LIMIT: Duration = Duration::from_secs(2);
/// How much the peak resident memory may grow during one such collect.
const PEAK_GROWTH_LIMIT: u64 = 8 * MIB as u64;

/// Set in the child: which hostile file is mounted (`fifo`, `zero`, `big`).
const CHILD: &str = "DEVPROBE_RESOURCE_CASE";
/// Set in the child when the kernel release file could be covered too.
const KERNEL_COVERED: &str = "DEVPROBE_RESOURCE_KERNEL";

/// Memory measurements must not overlap other tests of this binary.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// This process's peak resident set since the last [`reset_peak`], in bytes.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Resets the peak resident set to the current one (`/proc/self/clear_refs` with 5).
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Collects with every purpose granted and no deadline; returns the report, the time it took
/// and how much the peak memory grew (when it can be measured).
fn measured(source: impl Source + 'static) -> (Report, Duration, Option<u64>) {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(source)
        .deadline(Duration::MAX)
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    let before = reset_peak().then(peak_rss).flatten();
    let start = Instant::now();
    let report = collector.collect().unwrap();
    let took = start.elapsed();
    let growth = before.zip(peak_rss()).map(|(b, a)| a.saturating_sub(b));
    (report, took, growth)
}

#[track_caller]
fn within_limits(what: &str, took: Duration, growth: Option<u64>) {
    assert!(took < COLLECT_LIMIT, "{what}: the collect took {took:?}");
    if let Some(g) = growth {
        assert!(
            g < PEAK_GROWTH_LIMIT,
            "{what}: peak memory grew by {g} bytes"
        );
    }
    println!(
        "{what}: {took:?}, peak memory +{} KiB",
        growth.unwrap_or(0) / 1024
    );
}

#[test]
fn snapshot_files_of_tens_of_mib_are_refused_unread() {
    let _serial = serial();
    let device = Snapshot::new(Platform::Linux)
        .file("/etc/os-release", vec![b'A'; 32 * MIB])
        .file("/proc/sys/kernel/osrelease", vec![b'6'; 32 * MIB])
        .file("/sys/class/dmi/id/sys_vendor", vec![b'L'; 32 * MIB])
        .file("/proc/net/route", vec![b'\t'; TABLE_LIMIT + 1]);
    let (report, took, growth) = measured(device);
    within_limits("snapshot, 32 MiB files", took, growth);
    for f in [Field::OsName, Field::OsKernelVersion] {
        assert_eq!(report.omission(f), Some(OmitReason::Malformed), "{f}");
    }
    assert_eq!(report.device.manufacturer, None);
    check_report(
        &report,
        &HostileDevice::new(Platform::Linux),
        Purpose::ALL,
        &this_hostname(),
    )
    .unwrap();
}

#[test]
fn snapshot_files_just_over_the_cap_at_every_probed_path() {
    let _serial = serial();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = hardening_support::fixtures(root);
    for platform in hardening_support::PLATFORMS {
        let probed = hardening_support::probed(platform, &fixtures);
        let mut device = Snapshot::new(platform);
        for p in &probed.files {
            device = device.file(p, vec![b'9'; devprobe::source::read_limit(p) + 1]);
        }
        let rec = Arc::new(Recording::new(device));
        let (report, took, _) = measured(rec.clone());
        within_limits(
            &format!("{platform} snapshot, every file over its cap"),
            took,
            None,
        );
        let too_large = rec
            .recorded()
            .iter()
            .filter(|r| r.answer == Err(SourceError::TooLarge))
            .count();
        if !probed.files.is_empty() {
            assert!(too_large > 0, "{platform}: no read met a file over the cap");
        }
        let device = HostileDevice::new(platform);
        check_report(&report, &device, Purpose::ALL, &this_hostname()).unwrap();
    }
}

/// Whether the namespace cases can run; prints why not, and fails under `CI=true`.
fn namespaces_ready() -> bool {
    let ci = std::env::var("CI").as_deref() == Ok("true");
    let root = std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find(|l| l.starts_with("Uid:"))
            .is_some_and(|l| l.split_whitespace().nth(2) == Some("0"))
    });
    let tools = ["unshare", "mount", "mkfifo"]
        .iter()
        .all(|t| Command::new(t).arg("--version").output().is_ok());
    let problem = if !root {
        Some("not running as root")
    } else if !tools {
        Some("unshare, mount or mkfifo is missing (util-linux, coreutils)")
    } else if !Path::new("/usr/lib/os-release").is_file() {
        Some("/usr/lib/os-release is not a file to cover")
    } else {
        None
    };
    match problem {
        None => true,
        Some(why) if ci => panic!("resource-limit namespace tests must run under CI, but {why}"),
        Some(why) => {
            eprintln!("skipped: {why}");
            false
        }
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("devprobe-limits-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the child case `case` with `source` bind-mounted over the OS release files in a
/// private mount namespace; returns its output, failing when it fails or hangs.
fn in_namespace(case: &str, source: &Path) -> String {
    let script = r#"
set -e
mount --bind "$1" /usr/lib/os-release
if [ -f /etc/os-release ] && [ ! -L /etc/os-release ]; then mount --bind "$1" /etc/os-release; fi
if mount --bind "$1" /proc/sys/kernel/osrelease 2>/dev/null; then export DEVPROBE_RESOURCE_KERNEL=1; fi
shift
exec "$@"
"#;
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new("unshare")
        .args([
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
            "sh",
        ])
        .arg(source)
        .arg(&exe)
        .args([
            "--exact",
            "live_source_case",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, case)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{case}: the child hung for a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "{case} failed in its namespace:\n{text}"
    );
    assert!(text.contains("1 passed"), "{case} ran no test:\n{text}");
    text
}

#[test]
fn live_fifo_over_os_release() {
    if !namespaces_ready() {
        return;
    }
    let dir = scratch("fifo");
    let fifo = dir.join("os-release");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    println!("{}", in_namespace("fifo", &fifo));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn live_dev_zero_over_os_release() {
    if !namespaces_ready() {
        return;
    }
    println!("{}", in_namespace("zero", Path::new("/dev/zero")));
}

#[test]
fn live_multi_gigabyte_os_release() {
    if !namespaces_ready() {
        return;
    }
    let dir = scratch("big");
    let big = dir.join("os-release");
    // Sparse: 4 GiB long, no disk used; every byte read back is a zero.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(4 << 30)
        .unwrap();
    println!("{}", in_namespace("big", &big));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Inside a case's namespace: collects from the live source and checks that the covered files
/// were refused with the case's error, quickly and without memory growth. Run on its own (no
/// case set), it checks the same bounds on this machine as it is.
#[test]
fn live_source_case() {
    let _serial = serial();
    let case = std::env::var(CHILD).ok();
    let rec = Arc::new(Recording::new(Live::new()));
    let (report, took, growth) = measured(rec.clone());
    within_limits(
        &format!("live, {}", case.as_deref().unwrap_or("as it is")),
        took,
        growth,
    );
    if devprobe::Platform::current() == Some(Platform::Linux) {
        check_report(
            &report,
            &HostileDevice::new(Platform::Linux),
            Purpose::ALL,
            &this_hostname(),
        )
        .unwrap();
    }
    let answer = |path: &str| {
        rec.recorded()
            .into_iter()
            .find(|r| r.query == Query::File(path.into()))
            .map(|r| r.answer.map(|_| ()))
    };
    let Some(case) = case else {
        if Path::new("/usr/lib/os-release").is_file() {
            assert_eq!(answer("/etc/os-release"), Some(Ok(())));
        }
        return;
    };
    let (error, reason) = match case.as_str() {
        "fifo" | "zero" => (SourceError::WrongKind, OmitReason::Unreadable),
        "big" => (SourceError::TooLarge, OmitReason::Malformed),
        other => panic!("unknown case {other}"),
    };
    for path in ["/etc/os-release", "/usr/lib/os-release"] {
        assert_eq!(answer(path), Some(Err(error.clone())), "{path}");
    }
    if std::env::var_os(KERNEL_COVERED).is_some() {
        assert_eq!(answer("/proc/sys/kernel/osrelease"), Some(Err(error)));
        assert_eq!(report.omission(Field::OsKernelVersion), Some(reason));
    } else {
        println!("note: /proc/sys/kernel/osrelease could not be covered here");
    }
    assert_eq!(report.os.build_id, None);
    assert_eq!(report.omission(Field::OsBuildId), Some(reason));
}

/// Set in the child of [`a_mount_over_sys_after_a_read_is_read_within_10_ms`].
#[cfg(target_os = "linux")]
const REMOUNT_CHILD: &str = "DEVPROBE_RESOURCE_REMOUNT";

/// The live source reads sysfs through a descriptor of `/sys` it keeps (one `openat2` per file):
/// a tmpfs mounted over `/sys` after a read is what the next read 10 ms later sees, through the
/// checked path (in a private mount namespace, root only).
#[cfg(target_os = "linux")]
#[test]
fn a_mount_over_sys_after_a_read_is_read_within_10_ms() {
    if std::env::var(REMOUNT_CHILD).is_ok() || !namespaces_ready() {
        return;
    }
    if !Path::new("/sys/class/net/lo/type").is_file() {
        eprintln!("skipped: no /sys/class/net/lo/type");
        return;
    }
    let out = Command::new("unshare")
        .args(["--mount", "--propagation", "private"])
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", "remount_case", "--nocapture", "--test-threads=1"])
        .env(REMOUNT_CHILD, "1")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("1 passed") && text.contains("remounted"),
        "{text}"
    );
}

/// Inside the namespace of the test above; nothing to do elsewhere.
#[cfg(target_os = "linux")]
#[test]
fn remount_case() {
    if std::env::var(REMOUNT_CHILD).is_err() {
        return;
    }
    let live = Live::new();
    let path = "/sys/class/net/lo/type";
    assert_eq!(
        live.query(&Query::File(path.into())),
        Ok(devprobe::source::Answer::Bytes(b"772\n".to_vec()))
    );
    assert!(
        Command::new("mount")
            .args(["-t", "tmpfs", "devprobe", "/sys"])
            .status()
            .unwrap()
            .success()
    );
    std::fs::create_dir_all("/sys/class/net/lo").unwrap();
    std::fs::write(path, "planted\n").unwrap();
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(
        live.query(&Query::File(path.into())),
        Ok(devprobe::source::Answer::Bytes(b"planted\n".to_vec()))
    );
    // An identifier's name on the tmpfs is refused as anywhere.
    std::fs::write("/sys/class/net/lo/address", "00:11:22:33:44:55\n").unwrap();
    assert_eq!(
        live.query(&Query::File("/sys/class/net/lo/address".into())),
        Err(SourceError::Unsupported)
    );
    println!("remounted");
}

/// Set in the child of [`a_mount_namespace_entered_after_a_read_is_read_within_10_ms`].
#[cfg(target_os = "linux")]
const NEW_NAMESPACE_CHILD: &str = "DEVPROBE_RESOURCE_NEW_NAMESPACE";

/// The kept `/sys` descriptor belongs to the mount it was opened on: after this process enters
/// another mount namespace (`unshare(CLONE_NEWNS)`, as `setns` does), `/sys` there is a copy of
/// that mount, the same folder on the same device, and a tmpfs mounted inside it is on the
/// copy only. A read 10 ms later sees the tmpfs as the process does, not the old namespace's
/// sysfs (it did before the mount id was compared too). Root only.
#[cfg(target_os = "linux")]
#[test]
fn a_mount_namespace_entered_after_a_read_is_read_within_10_ms() {
    if std::env::var(NEW_NAMESPACE_CHILD).is_ok() || !namespaces_ready() {
        return;
    }
    if !Path::new("/sys/class/net/lo/type").is_file() {
        eprintln!("skipped: no /sys/class/net/lo/type");
        return;
    }
    // A child of its own, so that the namespace it enters ends with it.
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "new_namespace_case",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(NEW_NAMESPACE_CHILD, "1")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("1 passed") && text.contains("entered"),
        "{text}"
    );
}

/// Inside the child of the test above; nothing to do elsewhere.
#[cfg(target_os = "linux")]
#[test]
fn new_namespace_case() {
    if std::env::var(NEW_NAMESPACE_CHILD).is_err() {
        return;
    }
    let live = Live::new();
    let path = "/sys/class/net/lo/type";
    assert_eq!(
        live.query(&Query::File(path.into())),
        Ok(devprobe::source::Answer::Bytes(b"772\n".to_vec()))
    );
    // SAFETY: plain system calls with NUL-terminated strings that outlive them.
    unsafe {
        assert_eq!(
            libc::unshare(libc::CLONE_NEWNS),
            0,
            "unshare: {}",
            std::io::Error::last_os_error()
        );
        assert_eq!(
            libc::mount(
                c"none".as_ptr(),
                c"/".as_ptr(),
                std::ptr::null(),
                libc::MS_REC | libc::MS_PRIVATE,
                std::ptr::null(),
            ),
            0
        );
        assert_eq!(
            libc::mount(
                c"devprobe".as_ptr(),
                c"/sys/class/net".as_ptr(),
                c"tmpfs".as_ptr(),
                0,
                std::ptr::null(),
            ),
            0,
            "mount: {}",
            std::io::Error::last_os_error()
        );
    }
    std::fs::create_dir_all("/sys/class/net/lo").unwrap();
    std::fs::write(path, "planted\n").unwrap();
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(
        live.query(&Query::File(path.into())),
        Ok(devprobe::source::Answer::Bytes(b"planted\n".to_vec()))
    );
    println!("entered");
}
