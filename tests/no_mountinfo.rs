// Own binary: the child must be a fresh process whose first collect is traced.
//! A fresh process's first collect judges its files without reading the mount table when the
//! kernel can answer for them (`openat2` with `RESOLVE_CACHED`, `statmount` and `listmount`:
//! Linux 6.8): the test re-runs its own binary under `strace -f -e trace=openat,read` and checks
//! that `/proc/thread-self/mountinfo` is never read (it is opened, to learn of mount changes,
//! only once a later collect asks whether anything changed).
//!
//! Needs strace; without it the test prints why it skipped, and under `CI=true` it fails
//! instead. On a kernel without those calls (or where a filter refuses them) it skips with the
//! reason: the table is read there, as it must be.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use devprobe::{Collector, Consent, Purpose};

const CHILD: &str = "DEVPROBE_NOMOUNTINFO_CHILD";

/// In the child: one first collect. Run on its own it just collects.
#[test]
fn first_collect_helper() {
    let consent = Consent::new();
    consent.grant(Purpose::ALL.iter().copied());
    let report = Collector::builder(consent).build().collect().unwrap();
    assert!(report.os.kernel_version.is_some());
    if std::env::var_os(CHILD).is_some() {
        println!("DEVPROBE-NOMOUNTINFO-CHILD-DONE");
    }
}

/// Whether this kernel answers what the judgement asks instead of the table: `statx` with
/// `STATX_MNT_ID_UNIQUE`, `statmount` and `openat2` with `RESOLVE_CACHED`.
fn kernel_answers() -> Result<(), String> {
    let mut st = std::mem::MaybeUninit::<libc::statx>::zeroed();
    // SAFETY: a NUL-terminated path and a writable statx.
    let rc = unsafe {
        libc::statx(
            libc::AT_FDCWD,
            c"/".as_ptr(),
            libc::AT_STATX_DONT_SYNC,
            libc::STATX_MNT_ID_UNIQUE,
            st.as_mut_ptr(),
        )
    };
    // SAFETY: zeroed is a valid statx.
    let st = unsafe { st.assume_init() };
    if rc != 0 || st.stx_mask & libc::STATX_MNT_ID_UNIQUE == 0 {
        return Err("no STATX_MNT_ID_UNIQUE (Linux < 6.8)".into());
    }
    let req: [u64; 3] = [24, st.stx_mnt_id, 0x20];
    let mut buf = [0u8; 1024];
    // SAFETY: a mnt_id_req (size 24, the id, STATMOUNT_FS_TYPE) and a writable buffer.
    let rc = unsafe { libc::syscall(457, req.as_ptr(), buf.as_mut_ptr(), buf.len(), 0u32) };
    if rc != 0 {
        return Err(format!("statmount: {}", std::io::Error::last_os_error()));
    }
    // SAFETY: open_how is plain old data.
    let mut how: libc::open_how = unsafe { std::mem::zeroed() };
    how.flags = (libc::O_PATH | libc::O_CLOEXEC) as u64;
    how.resolve = libc::RESOLVE_CACHED;
    // SAFETY: a NUL-terminated path and a valid open_how of the size given.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_openat2,
            libc::AT_FDCWD,
            c"/".as_ptr(),
            &raw const how,
            std::mem::size_of::<libc::open_how>(),
        )
    };
    if fd < 0 {
        return Err(format!("openat2: {}", std::io::Error::last_os_error()));
    }
    // SAFETY: a descriptor just opened, closed once.
    unsafe { libc::close(fd as libc::c_int) };
    Ok(())
}

#[test]
fn the_first_collect_reads_no_mount_table_when_the_kernel_answers() {
    let ci = std::env::var("CI").as_deref() == Ok("true");
    if let Err(why) = kernel_answers() {
        println!("skipped: {why}");
        return;
    }
    let strace = Command::new("strace").arg("-V").output();
    if !strace.is_ok_and(|o| o.status.success()) {
        assert!(
            !ci,
            "strace is missing and CI=true (apt-get install strace)"
        );
        println!("skipped: strace is not installed (apt-get install strace)");
        return;
    }
    let log =
        std::env::temp_dir().join(format!("devprobe-mountinfo-{}.strace", std::process::id()));
    let out = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=openat,read", "-o"])
        .arg(&log)
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", "first_collect_helper", "--nocapture"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let _ = std::fs::remove_file(&log);
    if !out.status.success() && text.is_empty() {
        assert!(!ci, "strace could not trace and CI=true");
        println!("skipped: strace could not trace here");
        return;
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("DEVPROBE-NOMOUNTINFO-CHILD-DONE"),
        "{stdout}"
    );
    // `PID openat(AT_FDCWD, "/proc/thread-self/mountinfo", O_RDONLY|O_CLOEXEC) = N`, if opened
    // at all, then kept open: no read of N after it.
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = lines.iter().position(|l| l.contains("/mountinfo\"")) else {
        println!("mountinfo not even opened during the first collect");
        return;
    };
    let fd = lines
        .get(at)
        .and_then(|l| l.rsplit_once("= "))
        .and_then(|(_, n)| n.trim().parse::<u32>().ok())
        .expect("opened");
    let reads: Vec<&&str> = lines
        .get(at..)
        .unwrap_or_default()
        .iter()
        .filter(|l| {
            let call = l.split_once(' ').map_or(**l, |(_, c)| c.trim_start());
            call.starts_with(&format!("read({fd},"))
        })
        .collect();
    assert!(reads.is_empty(), "the mount table was read: {reads:?}");
    println!("mountinfo opened as {fd}, never read during the first collect");
}
