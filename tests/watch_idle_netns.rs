//! A live Linux watch in a network namespace where nothing changes: it sleeps (devprobe's
//! threads use less than 10 ms of CPU per 60 s, measured to the nanosecond with each thread's
//! `schedstat` over 10 s; the whole process's `getrusage` is printed beside it, and includes the
//! test's own measuring), and a host push
//! of the network type reaches the subscriber at once although rtnetlink is the feed.
//!
//! Each case builds a namespace with one veth (`eth0` 192.168.50.2/24, default via .1, no IPv6
//! link-local address so no late address event), re-runs this binary inside it with
//! `ip netns exec`, and reads one marked result line. Needs root and iproute2; skips with a
//! printed reason without them, and fails instead under `CI=true`.

// Network namespaces exist only on Linux.
#![cfg(target_os = "linux")]
// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::{Command, Output, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use devprobe::{Collector, ConnectionType, Consent, Field, HostNetwork, Purpose};

/// Set in the child: `idle` or `push`.
const CHILD: &str = "DEVPROBE_IDLE_CHILD";
const MARK: &str = "DEVPROBE-IDLE ";
/// The idle window. The budget is the 10 ms per 60 s, scaled to it.
const IDLE: Duration = Duration::from_secs(10);
const BUDGET_US: i64 = 10_000 * 10 / 60;

/// CPU time (user + system) of the whole process so far, in µs.
fn process_cpu_us() -> i64 {
    // SAFETY: `usage` is a plain C struct, valid when zeroed, written by the call.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid, writable rusage.
    assert_eq!(unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) }, 0);
    let us = |t: libc::timeval| t.tv_sec * 1_000_000 + t.tv_usec;
    us(usage.ru_utime) + us(usage.ru_stime)
}

/// CPU time so far of devprobe's threads (`devprobe-watch`, `devprobe-probe`), in ns (from
/// `/proc/self/task/*/schedstat`); `None` without a watcher thread.
fn devprobe_cpu_ns() -> Option<u64> {
    let mut total = 0;
    let mut watcher = false;
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.trim().starts_with("devprobe-") {
            watcher |= comm.trim() == "devprobe-watch";
            let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
            total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
        }
    }
    watcher.then_some(total)
}

/// The child's side: a live collector with the network purposes, subscribed with the default
/// options (rtnetlink feed, 5 s poll interval, 500 ms debounce).
#[test]
fn idle_watch_helper() {
    let Ok(mode) = std::env::var(CHILD) else {
        return;
    };
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).build();
    consent.grant([Purpose::Connectivity, Purpose::ServerSelection]);
    let before = collector.collect().unwrap();
    assert_eq!(
        before.network.connection_type,
        Some(ConnectionType::Wired),
        "{before:?}"
    );
    let sub = collector.subscribe().unwrap();
    match mode.as_str() {
        "idle" => {
            std::thread::sleep(Duration::from_millis(300));
            let (cpu, devprobe) = (process_cpu_us(), devprobe_cpu_ns());
            // The whole window is spent waiting: a change would be a failure of the setup.
            let got = sub.recv_timeout(IDLE);
            assert!(
                matches!(got, Err(RecvTimeoutError::Timeout)),
                "a quiet namespace changed: {got:?}"
            );
            let used = process_cpu_us() - cpu;
            let ours = devprobe.zip(devprobe_cpu_ns()).map(|(a, b)| b - a);
            assert!(sub.is_active());
            println!(
                "{MARK}process_us={used} devprobe_ns={}",
                ours.map_or("unknown".into(), |w| w.to_string())
            );
        }
        "push" => {
            let pushed_at = Instant::now();
            collector.set_network(HostNetwork::new(ConnectionType::Wifi));
            let change = sub.recv_timeout(Duration::from_secs(2)).unwrap();
            let latency = pushed_at.elapsed();
            assert_eq!(change.changed, vec![Field::NetworkConnectionType]);
            assert_eq!(change.network.connection_type, Some(ConnectionType::Wifi));
            assert_eq!(change.network.online, Some(true));
            println!("{MARK}latency_us={}", latency.as_micros());
        }
        other => panic!("unknown mode {other}"),
    }
}

/// Whether namespace tests can run here; prints why not, and fails under `CI=true`.
fn ready() -> bool {
    let ci = std::env::var("CI").as_deref() == Ok("true");
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let ip = Command::new("ip")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    let problem = if !root {
        Some("not running as root")
    } else if !ip {
        Some("iproute2 (`ip`) is not installed")
    } else {
        None
    };
    match problem {
        None => true,
        Some(why) if ci => panic!("network namespace tests must run under CI, but {why}"),
        Some(why) => {
            eprintln!("skipped: {why}");
            false
        }
    }
}

/// Runs a command with a deadline; kills it (by its own pid) when the deadline passes.
fn run(cmd: &mut Command, timeout: Duration) -> Output {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(timeout) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("{cmd:?} did not finish within {timeout:?}");
        }
    }
}

/// Two namespaces (`ns` under test, `gw` holding the far end), deleted on drop.
struct Lan {
    ns: String,
    gw: String,
}

impl Lan {
    fn new(name: &str) -> Lan {
        let id = std::process::id();
        let lan = Lan {
            ns: format!("dpi{id}-{name}"),
            gw: format!("dpi{id}-{name}-gw"),
        };
        for n in [&lan.ns, &lan.gw] {
            ip(&["netns", "add", n]);
        }
        let (ns, gw) = (lan.ns.as_str(), lan.gw.as_str());
        ip(&[
            "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "p-eth0", "netns", gw,
        ]);
        // No IPv6 link-local address: its duplicate detection would signal a change late.
        ip(&["-n", ns, "link", "set", "eth0", "addrgenmode", "none"]);
        ip(&["-n", gw, "link", "set", "p-eth0", "addrgenmode", "none"]);
        ip(&["-n", ns, "addr", "add", "192.168.50.2/24", "dev", "eth0"]);
        ip(&["-n", gw, "addr", "add", "192.168.50.1/24", "dev", "p-eth0"]);
        ip(&["-n", gw, "link", "set", "p-eth0", "up"]);
        ip(&["-n", ns, "link", "set", "eth0", "up"]);
        ip(&["-n", ns, "route", "add", "default", "via", "192.168.50.1"]);
        // The veth's carrier comes up a moment later: the child starts on a settled link.
        let up = (0..100).any(|_| {
            let out = run(
                Command::new("ip").args([
                    "netns",
                    "exec",
                    ns,
                    "cat",
                    "/sys/class/net/eth0/operstate",
                ]),
                Duration::from_secs(20),
            );
            let up = String::from_utf8_lossy(&out.stdout).trim() == "up";
            if !up {
                std::thread::sleep(Duration::from_millis(50));
            }
            up
        });
        assert!(up, "eth0 never came up");
        lan
    }

    /// Runs the helper in `mode` inside the namespace; the text after the mark.
    fn child(&self, mode: &str) -> String {
        let exe = std::env::current_exe().unwrap();
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.ns])
            .arg(&exe)
            .args([
                "--exact",
                "idle_watch_helper",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, mode);
        let out = run(&mut cmd, Duration::from_secs(60));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "child failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
            .lines()
            .find_map(|l| l.find(MARK).and_then(|at| l.get(at + MARK.len()..)))
            .unwrap_or_else(|| panic!("no result in:\n{stdout}"))
            .to_owned()
    }
}

impl Drop for Lan {
    fn drop(&mut self) {
        for n in [&self.ns, &self.gw] {
            let _ = run(
                Command::new("ip").args(["netns", "del", n.as_str()]),
                Duration::from_secs(20),
            );
        }
    }
}

fn ip(args: &[&str]) {
    let out = run(Command::new("ip").args(args), Duration::from_secs(20));
    assert!(
        out.status.success(),
        "ip {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The value of `key=` in a result line.
fn value(line: &str, key: &str) -> i64 {
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {key} in {line:?}"))
}

#[test]
fn an_idle_live_watch_sleeps() {
    if !ready() {
        return;
    }
    let lan = Lan::new("idle");
    let line = lan.child("idle");
    eprintln!("idle live watch over {IDLE:?}: {line}");
    let used = value(&line, "devprobe_ns") / 1000;
    assert!(
        used < BUDGET_US,
        "an idle watch's threads used {used} µs of CPU in {IDLE:?} (budget {BUDGET_US} µs, 10 ms per 60 s): {line}"
    );
}

#[test]
fn a_host_network_push_reaches_a_live_subscriber_at_once() {
    if !ready() {
        return;
    }
    let lan = Lan::new("push");
    let line = lan.child("push");
    eprintln!("host push over a live rtnetlink watch: {line}");
    // At once: well under the 500 ms debounce and the 5 s poll interval.
    let latency = value(&line, "latency_us");
    assert!(latency < 250_000, "delivered after {latency} µs");
}
