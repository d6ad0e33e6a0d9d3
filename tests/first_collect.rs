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

const FUSE_CHILD: &str = "DEVPROBE_FUSE_CHILD";

/// `/etc/os-release` (on the root disk, in a private mount namespace) is a symlink into a FUSE
/// mount whose server never answers: every lookup there blocks until the server dies. The first
/// collect of the process must hand that read off and return by its deadline, as it does for a
/// file mounted from FUSE directly; before the walk judged symlink targets, it blocked on the
/// caller's thread for good.
#[test]
fn a_symlink_into_a_hanging_fuse_mount_keeps_the_first_collect_within_its_deadline() {
    in_fuse_child(
        "a_symlink_into_a_hanging_fuse_mount_keeps_the_first_collect_within_its_deadline",
        false,
    );
}

/// A path read fast by earlier collects, then covered by a hanging FUSE mount: the collector
/// forgets what it learned when the mount table moves (`Source::memory_generation`), judges the
/// path again and hands the read off. Before, it was read on the caller's thread for good.
#[test]
fn a_hanging_fuse_mount_made_after_fast_collects_is_not_entered_on_the_callers_thread() {
    in_fuse_child(
        "a_hanging_fuse_mount_made_after_fast_collects_is_not_entered_on_the_callers_thread",
        true,
    );
}

/// A hanging FUSE mount made over `/sys/class/net` right after fast collects, before the mount
/// table's next recheck: the kernel-tree read meets the mount (`EXDEV`) on the caller's thread,
/// judges the path again at once and hands the read to a worker. Before, it fell through to the
/// checked open on the caller's thread and blocked in the FUSE lookup (found by the fresh-clone
/// tester, 6 of 6 churn runs).
#[test]
fn a_hanging_fuse_mount_over_sysfs_met_while_reading_is_not_entered_on_the_callers_thread() {
    in_fuse_mode_child(
        "a_hanging_fuse_mount_over_sysfs_met_while_reading_is_not_entered_on_the_callers_thread",
        "sys",
    );
}

/// Runs the test `name` again in a private mount namespace as [`fuse_child`] (`later`: collect
/// before mounting too), killing it if it blocks.
fn in_fuse_child(name: &str, later: bool) {
    in_fuse_mode_child(name, if later { "later" } else { "first" });
}

/// [`in_fuse_child`] with the child's mode: `first`, `later` or `sys` ([`sys_child`]).
fn in_fuse_mode_child(name: &str, mode: &str) {
    if let Some(mode) = std::env::var_os(FUSE_CHILD) {
        if mode == "sys" {
            return sys_child();
        }
        return fuse_child(mode == "later");
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    if uid() != 0
        || !std::path::Path::new("/dev/fuse").exists()
        || Command::new("unshare").arg("--version").output().is_err()
    {
        assert!(!ci, "CI=true: this test needs root, /dev/fuse and unshare");
        eprintln!("skipped: needs root, /dev/fuse and unshare (util-linux)");
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new("unshare")
        .args(["-m", "--propagation", "private"])
        .arg(exe)
        .args(["--exact", name, "--nocapture"])
        .env(FUSE_CHILD, mode)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A blocked FUSE lookup waits killably: give the child 30 s (it needs well under one),
    // then kill it rather than hang the suite.
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("a collect blocked on a hanging FUSE mount");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("FUSE-CHILD-OK"), "{text}");
}

/// Fast network collects, then a FUSE server that never answers mounted straight over
/// `/sys/class/net`, then at once (within the mount table's 10 ms recheck) another collect.
fn sys_child() {
    let consent = Consent::new();
    consent.grant([Purpose::Compatibility, Purpose::Connectivity]);
    let collector = Collector::builder(consent.clone())
        .min_refresh(Duration::ZERO)
        .build();
    for _ in 0..3 {
        let report = collector.collect().unwrap();
        assert!(report.os.kernel_version.is_some(), "{report:?}");
    }
    let _fuse = mount_hanging_fuse(std::path::Path::new("/sys/class/net"));
    let start = std::time::Instant::now();
    let report = collector.collect().unwrap();
    let took = start.elapsed();
    // The default deadline is 200 ms; a second is far from a timing assertion.
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert!(report.os.kernel_version.is_some(), "{report:?}");
    println!("FUSE-CHILD-OK");
    // The stuck worker holds a lookup in the mount: leave without unwinding it.
    std::process::exit(0);
}

/// Mounts a FUSE filesystem at `at` whose server (the returned `/dev/fuse` descriptor, to be
/// kept open) never reads its requests.
fn mount_hanging_fuse(at: &std::path::Path) -> std::fs::File {
    use std::ffi::CString;
    use std::os::fd::AsRawFd;
    let fuse = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/fuse")
        .unwrap();
    let target = CString::new(at.to_str().unwrap()).unwrap();
    let options = CString::new(format!(
        "fd={},rootmode=40000,user_id=0,group_id=0",
        fuse.as_raw_fd()
    ))
    .unwrap();
    // SAFETY: valid NUL-terminated strings; no flags.
    let mounted = unsafe {
        libc::mount(
            c"hang".as_ptr(),
            target.as_ptr(),
            c"fuse.hang".as_ptr(),
            0,
            options.as_ptr().cast(),
        )
    };
    assert_eq!(mounted, 0, "{}", std::io::Error::last_os_error());
    fuse
}

fn fuse_child(later: bool) {
    let base = std::env::temp_dir().join(format!("devprobe-fuse-{}", std::process::id()));
    let (hang, etc) = (base.join("hang"), base.join("etc"));
    std::fs::create_dir_all(&hang).unwrap();
    std::fs::create_dir_all(&etc).unwrap();
    // Kept open to the end: the server that never reads its requests.
    let _fuse = mount_hanging_fuse(&hang);
    let consent = Consent::new();
    consent.grant([Purpose::Compatibility]);
    if later {
        // Fast collects first: /etc/os-release is learned as a fast read.
        for _ in 0..3 {
            let report = Collector::builder(consent.clone())
                .build()
                .collect()
                .unwrap();
            assert!(report.os.name.is_some(), "{report:?}");
        }
    }
    std::os::unix::fs::symlink(hang.join("os-release"), etc.join("os-release")).unwrap();
    let ok = Command::new("mount")
        .args(["--bind", etc.to_str().unwrap(), "/etc"])
        .status()
        .unwrap()
        .success();
    assert!(ok, "mount --bind over /etc");
    // Past the mount table's 10 ms recheck.
    std::thread::sleep(Duration::from_millis(30));
    let start = std::time::Instant::now();
    let report = Collector::builder(consent).build().collect().unwrap();
    let took = start.elapsed();
    // The default deadline is 200 ms; a second is far from a timing assertion.
    assert!(took < Duration::from_secs(1), "{took:?}");
    // /etc/os-release timed out; the kernel's own answers are still there.
    assert!(report.os.kernel_version.is_some(), "{report:?}");
    println!("FUSE-CHILD-OK");
    // The stuck worker holds a lookup in the mount: leave without unwinding it.
    std::process::exit(0);
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
    // Links on the root disk into the mount: judged by where they lead, not where they are.
    let links = std::env::temp_dir().join(format!("devprobe-links-{}", std::process::id()));
    std::fs::create_dir_all(links.join("sub")).unwrap();
    std::os::unix::fs::symlink(&dir, links.join("abs")).unwrap();
    std::os::unix::fs::symlink("abs", links.join("rel")).unwrap();
    std::os::unix::fs::symlink("../rel/ptmx", links.join("sub/chain")).unwrap();
    std::os::unix::fs::symlink(dir.join("ptmx"), links.join("file")).unwrap();
    let via = |p: &str| live.answers_from_memory(&Query::File(format!("{}/{p}", links.display())));
    let through_links = [
        via("abs/ptmx"),
        via("rel/ptmx"),
        via("sub/chain"),
        via("file"),
        via("sub/../file"),
        via(".//abs/./ptmx"),
    ];
    let _ = std::fs::remove_dir_all(&links);
    assert_eq!(through_links, [false; 6]);
    sh(&format!("umount {}", dir.display()));
    std::thread::sleep(Duration::from_millis(30));
    let unmounted = live.answers_from_memory(&file);
    let _ = std::fs::remove_dir(&dir);
    assert_eq!((root_fs, mounted, unmounted), (true, false, true));
    println!("MOUNTS-CHILD-OK");
}

/// A thread that enters a mount namespace of its own after the mount table was read judges
/// paths by that namespace's mounts (the table is opened again for it), not by the table it
/// read before: devpts mounted there, only there, is not trusted.
#[test]
fn a_thread_in_a_new_mount_namespace_is_judged_by_its_own_mounts() {
    const CHILD: &str = "DEVPROBE_NS_CHILD";
    let name = "a_thread_in_a_new_mount_namespace_is_judged_by_its_own_mounts";
    if std::env::var_os(CHILD).is_none() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        if uid() != 0 {
            assert!(!ci, "CI=true: this test needs root");
            eprintln!("skipped: needs root");
            return;
        }
        let exe = std::env::current_exe().unwrap();
        let out = Command::new(exe)
            .args(["--exact", name, "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && text.contains("NS-CHILD-OK"),
            "{text}"
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("devprobe-ns-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = Query::File(format!("{}/ptmx", dir.display()));
    let live = Live::new();
    let before = live.answers_from_memory(&file);
    let c_dir = std::ffi::CString::new(dir.to_str().unwrap()).unwrap();
    // SAFETY: plain system calls with NUL-terminated strings that outlive them.
    let mounted = unsafe {
        libc::unshare(libc::CLONE_NEWNS) == 0
            && libc::mount(
                c"none".as_ptr(),
                c"/".as_ptr(),
                std::ptr::null(),
                libc::MS_REC | libc::MS_PRIVATE,
                std::ptr::null(),
            ) == 0
            && libc::mount(
                c"devpts".as_ptr(),
                c_dir.as_ptr(),
                c"devpts".as_ptr(),
                0,
                c"newinstance".as_ptr().cast(),
            ) == 0
    };
    assert!(mounted, "{}", std::io::Error::last_os_error());
    // Past the mount table's 10 ms recheck.
    std::thread::sleep(Duration::from_millis(30));
    let after = live.answers_from_memory(&file);
    assert_eq!((before, after), (true, false));
    println!("NS-CHILD-OK");
}
