// Own binary: it re-runs itself as a child that may not start threads (RLIMIT_NPROC 0), which no other test could survive.
//! Issue 17 D2: when no probe worker can be started, a collect returns at its deadline with
//! its fields `timed_out`; it never reads on the caller's thread instead. The child runs as
//! an unprivileged user (root is exempt from `RLIMIT_NPROC`) with a limit of 0 processes, over
//! a source whose every read hangs: a read on the caller's thread would hang the child, which
//! the parent would see as a timeout.

#![cfg(target_os = "linux")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::process::Command;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use devprobe::source::{Answer, Query, Source, SourceError};
use devprobe::{Collector, Consent, Field, OmitReason, Platform, Purpose};

const CHILD: &str = "DEVPROBE_NO_THREADS_CHILD";
const DONE: &str = "no-threads-left: deadline held";

/// Every read hangs.
struct HangsAlways {
    never: (Mutex<()>, Condvar),
}

impl Source for HangsAlways {
    fn platform(&self) -> Platform {
        Platform::Linux
    }
    fn query(&self, _: &Query) -> Result<Answer, SourceError> {
        let mut g = self.never.0.lock().unwrap();
        loop {
            g = self.never.1.wait(g).unwrap();
        }
    }
}

fn child() {
    // SAFETY: plain system calls with valid arguments; this process only exits afterwards.
    unsafe {
        if libc::geteuid() == 0 {
            assert_eq!(libc::setgroups(0, std::ptr::null()), 0);
            assert_eq!(libc::setgid(65534), 0);
            assert_eq!(libc::setuid(65534), 0);
        }
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        assert_eq!(libc::setrlimit(libc::RLIMIT_NPROC, &raw const none), 0);
    }
    assert!(
        std::thread::Builder::new().spawn(|| ()).is_err(),
        "the child can still start threads"
    );
    let consent = Consent::new();
    consent.grant(Purpose::ALL.iter().copied());
    let deadline = Duration::from_millis(200);
    let collector = Collector::builder(consent)
        .source(HangsAlways {
            never: (Mutex::new(()), Condvar::new()),
        })
        .deadline(deadline)
        .min_refresh(Duration::ZERO)
        .build();
    for round in 0..3 {
        let started = Instant::now();
        let report = collector.collect().unwrap();
        let took = started.elapsed();
        assert!(
            took < deadline + Duration::from_millis(100),
            "collect {round} took {took:?}"
        );
        for f in [Field::OsName, Field::DeviceBrand, Field::NetworkOnline] {
            assert_eq!(report.omission(f), Some(OmitReason::TimedOut), "{f}");
        }
    }
    println!("{DONE}");
}

#[test]
fn without_threads_a_collect_returns_at_its_deadline() {
    if std::env::var_os(CHILD).is_some() {
        child();
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let mut run = Command::new(exe)
        .args([
            "--exact",
            "without_threads_a_collect_returns_at_its_deadline",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = run.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = run.kill();
            panic!("the child hung: a read ran on the caller's thread");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut out = String::new();
    std::io::Read::read_to_string(&mut run.stdout.take().unwrap(), &mut out).unwrap();
    assert!(status.success(), "child failed: {status}\n{out}");
    assert!(out.contains(DONE), "child output: {out}");
}
