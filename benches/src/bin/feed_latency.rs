//! The change-feed benchmark of issue 13 (`benches/feeds.sh` runs it as root; numbers in
//! BENCHMARKS.md, "Change feeds"): in a Linux network namespace with two NICs, 200 switches
//! of the default route (a lower-metric default added, then deleted, alternately) with the
//! debounce at `WatchOptions::MIN_DEBOUNCE`; for each, the time from just before `ip` is
//! started (so process start-up is counted against devprobe) to the `Change` delivered. Then
//! a subscription left idle for `IDLE_SECS` (default 60): the CPU the process used meanwhile,
//! from the per-thread `schedstat` counters (ns).
//!
//! `feed_latency` sets up the namespaces and re-runs itself inside them (`ip netns exec`).

use std::process::Command;
use std::time::{Duration, Instant};

use devprobe::{Collector, Consent, Purpose, WatchOptions};

const CHILD: &str = "DEVPROBE_FEED_BENCH_CHILD";
const FLAPS: usize = 200;

fn ip(line: &str) -> bool {
    Command::new("ip")
        .args(line.split_whitespace())
        .status()
        .is_ok_and(|s| s.success())
}

fn must(line: &str) {
    if !ip(line) {
        eprintln!("feed_latency: `ip {line}` failed");
        std::process::exit(1);
    }
}

/// CPU time of every thread of this process so far, in ns.
fn cpu_ns() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let last = sorted.len().saturating_sub(1);
    let at = ((last as f64) * p).round() as usize;
    sorted.get(at.min(last)).copied().unwrap_or_default()
}

fn child() {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).build();
    consent.grant([Purpose::Connectivity, Purpose::ServerSelection]);
    // Start on settled links: both veths up (their carrier comes a moment after `link set up`).
    let up = |dev: &str| {
        std::fs::read_to_string(format!("/sys/class/net/{dev}/operstate"))
            .is_ok_and(|s| s.trim() == "up")
    };
    for _ in 0..200 {
        if up("eth0") && up("eth1") {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    let options = WatchOptions::default()
        .debounce(WatchOptions::MIN_DEBOUNCE)
        .poll_interval(Duration::from_secs(3600));
    let Ok(sub) = collector.subscribe_with(options) else {
        eprintln!("feed_latency: subscribe failed");
        std::process::exit(1);
    };
    let mut latencies = Vec::with_capacity(FLAPS);
    let mut missed = 0;
    for i in 0..FLAPS {
        let line = if i % 2 == 0 {
            "route add default via 192.168.60.1 metric 50"
        } else {
            "route del default via 192.168.60.1 metric 50"
        };
        let start = Instant::now();
        must(line);
        match sub.recv_timeout(Duration::from_secs(2)) {
            Ok(change) if change.route_changed => latencies.push(start.elapsed()),
            other => {
                missed += 1;
                if std::env::var_os("VERBOSE").is_some() {
                    eprintln!("flap {i}: {other:?}");
                }
            }
        }
        // Let any trailing message of this change settle before the next one.
        while sub.recv_timeout(Duration::from_millis(20)).is_ok() {}
    }
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "route switch -> Change (debounce {:?}): n={} missed={missed} p50={:.2} ms p90={:.2} ms p99={:.2} ms max={:.2} ms",
        WatchOptions::MIN_DEBOUNCE,
        latencies.len(),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default()),
    );
    let idle: u64 = std::env::var("IDLE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let before = cpu_ns();
    let got = sub.recv_timeout(Duration::from_secs(idle));
    let used = cpu_ns().saturating_sub(before);
    println!(
        "idle subscription over {idle} s: {:.3} ms CPU (whole process), {}",
        used as f64 / 1e6,
        if got.is_err() {
            "no change"
        } else {
            "a change arrived (setup not quiet)"
        }
    );
}

fn main() {
    if std::env::var(CHILD).is_ok() {
        child();
        return;
    }
    let id = std::process::id();
    let (ns, gw) = (format!("dpb{id}"), format!("dpb{id}-gw"));
    must(&format!("netns add {ns}"));
    must(&format!("netns add {gw}"));
    for (dev, net) in [("eth0", 50), ("eth1", 60)] {
        must(&format!(
            "-n {ns} link add {dev} type veth peer name p-{dev} netns {gw}"
        ));
        must(&format!("-n {ns} link set {dev} addrgenmode none"));
        must(&format!("-n {gw} link set p-{dev} addrgenmode none"));
        must(&format!("-n {ns} addr add 192.168.{net}.2/24 dev {dev}"));
        must(&format!("-n {gw} addr add 192.168.{net}.1/24 dev p-{dev}"));
        must(&format!("-n {gw} link set p-{dev} up"));
        must(&format!("-n {ns} link set {dev} up"));
    }
    std::thread::sleep(Duration::from_millis(500));
    must(&format!(
        "-n {ns} route add default via 192.168.50.1 metric 100"
    ));
    let exe = std::env::current_exe().unwrap_or_default();
    let status = Command::new("ip")
        .args(["netns", "exec", &ns])
        .arg(exe)
        .env(CHILD, "1")
        .status();
    ip(&format!("netns del {ns}"));
    ip(&format!("netns del {gw}"));
    if !status.is_ok_and(|s| s.success()) {
        std::process::exit(1);
    }
}
