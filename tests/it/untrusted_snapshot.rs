//! A snapshot folder from a stranger (issue 17: D1, D5, D6): links out of it are never
//! followed, a FIFO swapped in never blocks, a deep tree never overflows a small stack.
//! The memory and read-volume bound has its own binary (`tests/snapshot_memory.rs`).

// Most of these attacks need Unix (symlinks, FIFOs, openat); elsewhere their helpers sit unused.
#![cfg_attr(
    not(any(target_os = "linux", target_os = "android")),
    allow(unused_imports, dead_code)
)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use devprobe::source::{Answer, Query, Snapshot, Source, SourceError};
use devprobe::{Collector, Consent, Purpose};

/// Host content the attacks point at: it must never show up.
const LEAK: &str = "HOSTLEAK7f3a";

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("devprobe-untrusted-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|e| panic!("no answer within {limit:?} ({e})"))
}

/// A folder `outside` holding host files, and a snapshot folder `snap` beside it.
fn attack(name: &str) -> (PathBuf, PathBuf) {
    let base = scratch(name);
    let outside = base.join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("id"), format!("{LEAK}\n")).unwrap();
    std::fs::write(outside.join("linux"), "linux\n").unwrap();
    std::fs::write(
        outside.join("getprop"),
        format!("[ro.product.model]: [{LEAK}]\n"),
    )
    .unwrap();
    std::fs::write(
        outside.join("registry"),
        format!(
            "\r\nHKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\BIOS\r\n    SystemManufacturer    REG_SZ    {LEAK}\r\n\r\n"
        ),
    )
    .unwrap();
    std::fs::write(
        outside.join("os-release"),
        format!("ID=debian\nPRETTY_NAME=\"{LEAK}\"\n"),
    )
    .unwrap();
    let snap = base.join("snap");
    std::fs::create_dir(&snap).unwrap();
    (outside, snap)
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlinked_platform_file_is_an_error_without_host_content() {
    for target in ["id", "linux"] {
        let (outside, snap) = attack(&format!("platform-{target}"));
        link(&outside.join(target), &snap.join("platform"));
        let err = Snapshot::from_dir(&snap).unwrap_err().to_string();
        assert!(err.contains("platform"), "{err}");
        assert!(!err.contains(LEAK), "{err}");
    }
}

#[test]
fn a_bad_platform_file_is_echoed_16_characters_at_most_escaped() {
    let snap = scratch("platform-echo");
    std::fs::write(
        snap.join("platform"),
        "0123456789abcdef0123456789abcdef\u{7}\n",
    )
    .unwrap();
    let err = Snapshot::from_dir(&snap).unwrap_err().to_string();
    assert!(err.contains("\"0123456789abcdef\"..."), "{err}");
    assert!(!err.contains("0123456789abcdef0"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlinked_getprop_registry_and_fs_files_are_not_read() {
    let (outside, snap) = attack("top-level");
    std::fs::write(snap.join("platform"), "android\n").unwrap();
    link(&outside.join("getprop"), &snap.join("getprop.txt"));
    link(&outside.join("registry"), &snap.join("registry.txt"));
    link(&outside.join("id"), &snap.join("host.json"));
    std::fs::create_dir_all(snap.join("fs/etc")).unwrap();
    link(&outside.join("os-release"), &snap.join("fs/etc/os-release"));
    link(&outside, &snap.join("fs/host"));
    let s = Snapshot::from_dir(&snap).unwrap();
    assert_eq!(
        s.query(&Query::Property("ro.product.model".into())),
        Err(SourceError::NotFound)
    );
    let bios = r"HKLM\HARDWARE\DESCRIPTION\System\BIOS";
    assert_eq!(
        s.query(&Query::Registry(bios.into(), "SystemManufacturer".into())),
        Err(SourceError::NotFound)
    );
    // Links inside fs/ are the device's links: resolved in the snapshot, never on the host.
    for path in ["/etc/os-release", "/host/os-release", "/host/id"] {
        let answer = s.query(&Query::File(path.into()));
        assert!(answer.is_err(), "{path}: {answer:?}");
    }
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).source(s).build();
    consent.grant(Purpose::ALL.iter().copied());
    let report = collector.collect().unwrap().to_json().unwrap();
    assert!(!report.contains(LEAK), "{report}");
    // A `fs` that is itself a link is not replayed at all.
    let (outside, snap) = attack("fs-link");
    std::fs::write(snap.join("platform"), "linux\n").unwrap();
    link(&outside, &snap.join("fs"));
    let s = Snapshot::from_dir(&snap).unwrap();
    assert_eq!(
        s.query(&Query::File("/os-release".into())),
        Err(SourceError::NotFound)
    );
}

/// 200 replays while another thread swaps `fs/etc/os-release` between a file and a FIFO:
/// every read is a regular file's or refused, none blocks (all reads on the calling thread).
// rustix's mknodat exists on Linux and Android only.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn a_fifo_swapped_in_200_times_never_blocks_a_replay() {
    let snap = scratch("fifo-swap");
    std::fs::write(snap.join("platform"), "linux\n").unwrap();
    std::fs::create_dir_all(snap.join("fs/etc")).unwrap();
    let target = snap.join("fs/etc/os-release");
    std::fs::write(
        &target,
        "ID=debian\nVERSION_ID=\"12\"\nNAME=\"Debian GNU/Linux\"\n",
    )
    .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let swapper = {
        let (snap, stop) = (snap.clone(), stop.clone());
        std::thread::spawn(move || {
            let (file, fifo) = (snap.join("file.tmp"), snap.join("fifo.tmp"));
            let mut swaps = 0u32;
            while !stop.load(Ordering::Relaxed) {
                let _ = std::fs::write(&file, "ID=debian\nVERSION_ID=\"12\"\n");
                let _ = std::fs::rename(&file, &target);
                let _ = rustix::fs::mknodat(
                    rustix::fs::CWD,
                    &fifo,
                    rustix::fs::FileType::Fifo,
                    rustix::fs::Mode::from_raw_mode(0o644),
                    0,
                );
                let _ = std::fs::rename(&fifo, &target);
                swaps += 1;
            }
            swaps
        })
    };
    let mut slowest = Duration::ZERO;
    let mut versions = 0;
    for _ in 0..200 {
        let dir = snap.clone();
        let (took, version) = within(Duration::from_secs(10), move || {
            let start = Instant::now();
            let consent = Consent::new();
            let collector = Collector::builder(consent.clone())
                .source(Snapshot::from_dir(&dir).unwrap())
                .deadline(Duration::MAX)
                .build();
            consent.grant([Purpose::Compatibility]);
            let report = collector.collect().unwrap();
            (start.elapsed(), report.os.version)
        });
        slowest = slowest.max(took);
        versions += usize::from(version.as_deref() == Some("12"));
    }
    stop.store(true, Ordering::Relaxed);
    let swaps = swapper.join().unwrap();
    eprintln!("200 replays against {swaps} swaps: slowest {slowest:?}, {versions} saw the file");
    // No read waits: a replay is a few milliseconds; a blocked open would be the 10 s above.
    assert!(
        slowest < Duration::from_secs(2),
        "slowest replay {slowest:?}"
    );
    let _ = std::fs::remove_dir_all(&snap);
}

/// 5,000 nested folders (a path far past PATH_MAX, made with mkdirat), loaded and queried on
/// a 256 KiB thread: the walk is iterative and stops at its depth cap.
#[cfg(unix)]
#[test]
fn five_thousand_nested_folders_load_on_a_256_kib_thread() {
    use rustix::fs::{CWD, Mode, OFlags};
    // A tmpfs when there is one: overlay file systems make each nested mkdir slower than the last.
    let shm = Path::new("/dev/shm");
    let snap = if shm.is_dir() {
        let dir = shm.join(format!("devprobe-deep-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).unwrap();
        dir
    } else {
        scratch("deep")
    };
    std::fs::write(snap.join("platform"), "linux\n").unwrap();
    let flags = OFlags::RDONLY | OFlags::DIRECTORY;
    let mut fd = rustix::fs::openat(CWD, &snap, flags, Mode::empty()).unwrap();
    for _ in 0..5_001 {
        rustix::fs::mkdirat(&fd, "d", Mode::from_raw_mode(0o755)).unwrap();
        fd = rustix::fs::openat(&fd, "d", flags, Mode::empty()).unwrap();
    }
    std::fs::rename(snap.join("d"), snap.join("fs")).unwrap();
    let dir = snap.clone();
    let listed = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let s = Snapshot::from_dir(&dir).unwrap();
            let deep = "/d".repeat(63);
            let listed = s.query(&Query::Dir(deep)).is_ok();
            let too_deep = "/d".repeat(4_999);
            let missing = s.query(&Query::Dir(too_deep));
            drop(s);
            (listed, missing)
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(listed, (true, Err(SourceError::NotFound)));
    std::fs::remove_dir_all(&snap).unwrap();
}

#[test]
fn a_replayed_folder_gives_the_same_answers_as_the_snapshot_it_was_captured_from() {
    let original = Snapshot::new(devprobe::Platform::Linux)
        .file("/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
        .file("/proc/net/route", "Iface\tDestination\n")
        .link("/etc/alt", "os-release")
        .dir("/sys/class/net");
    let snap = scratch("same");
    for entry in original.entries() {
        if let devprobe::source::SnapshotEntry::File(rel, bytes) = entry {
            let path = snap.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    }
    #[cfg(unix)]
    link(Path::new("os-release"), &snap.join("fs/etc/alt"));
    std::fs::create_dir_all(snap.join("fs/sys/class/net")).unwrap();
    let replay = Snapshot::from_dir(&snap).unwrap();
    for path in [
        "/etc/os-release",
        "/etc/alt",
        "/proc/net/route",
        "/etc/nothing",
    ] {
        let q = Query::File(path.into());
        assert_eq!(replay.query(&q), original.query(&q), "{path}");
    }
    assert_eq!(
        replay.query(&Query::Dir("/sys/class/net".into())),
        Ok(Answer::Names(Vec::new()))
    );
    let _ = std::fs::remove_dir_all(&snap);
}
