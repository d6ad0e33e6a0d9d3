//! The Linux rtnetlink feed against real changes in a network namespace (issue 13):
//! - a switch of the default route between two NICs by metric gives one `Change` with
//!   `route_changed`, delivered by `rtnetlink`, within the latency target;
//! - a full-tunnel VPN on a tun with carrier coming up and going down flips `vpn`;
//! - an IPv6-only egress with a `clat4` interface carrying the IPv4 default gives `nat64`;
//! - 200 link flaps give no missed final state and at most one change per debounce window.
//!
//! Each case builds a namespace (veths whose far ends sit in a second namespace; no packet is
//! sent), re-runs this binary inside it (`ip netns exec`), and the child makes the changes
//! itself with `ip` and checks what its subscription delivers. Needs root, iproute2 and
//! `/dev/net/tun`; skips with a printed reason without them, and fails instead under `CI=true`.

#![cfg(target_os = "linux")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use devprobe::source::Via;
use devprobe::{Change, Collector, Consent, Field, Purpose, Subscription, WatchOptions};

const CHILD: &str = "DEVPROBE_FEEDS_CHILD";
const STEP: Duration = Duration::from_secs(20);

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
    } else if !std::path::Path::new("/dev/net/tun").exists() {
        Some("/dev/net/tun is missing")
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

/// Runs `ip` with the words of `line`; fails the test if it fails.
fn ip(line: &str) {
    let args: Vec<&str> = line.split_whitespace().collect();
    let out = run(Command::new("ip").args(&args), STEP);
    assert!(
        out.status.success(),
        "ip {line}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The device namespace and the far ends' namespace, deleted on drop.
struct Ns {
    ns: String,
    gw: String,
}

impl Ns {
    fn new(name: &str) -> Ns {
        let id = std::process::id();
        let n = Ns {
            ns: format!("dpf{id}-{name}"),
            gw: format!("dpf{id}-{name}-gw"),
        };
        for x in [&n.ns, &n.gw] {
            ip(&format!("netns add {x}"));
        }
        ip(&format!("-n {} link set lo up", n.ns));
        n
    }

    /// A veth `name` with `addr` (may be empty), its far end `p-name` with `peer`, both up.
    fn link(&self, name: &str, addr: &str, peer: &str) {
        let (ns, gw) = (&self.ns, &self.gw);
        ip(&format!(
            "-n {ns} link add {name} type veth peer name p-{name} netns {gw}"
        ));
        ip(&format!("-n {ns} link set {name} addrgenmode none"));
        ip(&format!("-n {gw} link set p-{name} addrgenmode none"));
        if !addr.is_empty() {
            ip(&format!("-n {ns} addr add {addr} dev {name}"));
        }
        if !peer.is_empty() {
            ip(&format!("-n {gw} addr add {peer} dev p-{name}"));
        }
        ip(&format!("-n {gw} link set p-{name} up"));
        ip(&format!("-n {ns} link set {name} up"));
        for _ in 0..100 {
            let out = run(
                Command::new("ip")
                    .args(["netns", "exec", ns, "cat"])
                    .arg(format!("/sys/class/net/{name}/operstate")),
                STEP,
            );
            if String::from_utf8_lossy(&out.stdout).trim() == "up" {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{name} never came up");
    }

    /// Runs the child `case` inside the namespace; its stdout.
    fn child(&self, case: &str) -> String {
        let exe = std::env::current_exe().unwrap();
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.ns])
            .arg(&exe)
            .args(["--exact", "feeds_child", "--nocapture", "--test-threads=1"])
            .env(CHILD, case);
        let out = run(&mut cmd, Duration::from_secs(120));
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "child {case} failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    }
}

impl Drop for Ns {
    fn drop(&mut self) {
        for x in [&self.ns, &self.gw] {
            let _ = run(Command::new("ip").args(["netns", "del", x.as_str()]), STEP);
        }
    }
}

/// Attaches to the persistent tun `name` as a VPN client does, which gives it a carrier.
fn attach_tun(name: &str) -> std::fs::File {
    use std::os::fd::AsRawFd;
    #[repr(C)]
    struct IfReq {
        name: [u8; 16],
        flags: libc::c_short,
        pad: [u8; 22],
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/net/tun")
        .unwrap();
    let flags = libc::c_short::try_from(libc::IFF_TUN | libc::IFF_NO_PI).unwrap();
    let mut req = IfReq {
        name: [0; 16],
        flags,
        pad: [0; 22],
    };
    req.name[..name.len()].copy_from_slice(name.as_bytes());
    // SAFETY: an open /dev/net/tun descriptor and a valid, writable 40-byte `struct ifreq`.
    let rc = unsafe { libc::ioctl(file.as_raw_fd(), libc::TUNSETIFF, &mut req as *mut IfReq) };
    assert_eq!(
        rc,
        0,
        "TUNSETIFF {name}: {}",
        std::io::Error::last_os_error()
    );
    file
}

fn watch(debounce: Duration) -> (Collector, Subscription) {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).build();
    consent.grant([Purpose::Connectivity, Purpose::ServerSelection]);
    let options = WatchOptions::default()
        .debounce(debounce)
        .poll_interval(Duration::from_secs(3600));
    let sub = collector.subscribe_with(options).unwrap();
    (collector, sub)
}

fn next(sub: &Subscription, within: Duration) -> Change {
    sub.recv_timeout(within)
        .unwrap_or_else(|e| panic!("no change within {within:?}: {e:?}"))
}

fn quiet(sub: &Subscription, for_: Duration) {
    if let Ok(extra) = sub.recv_timeout(for_) {
        panic!("an extra change: {extra:?}");
    }
}

/// The child's side: one case per `CHILD` value.
#[test]
fn feeds_child() {
    let Ok(case) = std::env::var(CHILD) else {
        return;
    };
    match case.as_str() {
        "switch" => {
            let (_c, sub) = watch(WatchOptions::MIN_DEBOUNCE);
            let start = Instant::now();
            ip("route add default via 192.168.60.1 metric 50");
            let change = next(&sub, Duration::from_secs(5));
            let latency = start.elapsed();
            assert!(change.route_changed, "{change:?}");
            assert_eq!(change.via, Some(Via::Rtnetlink));
            assert_eq!(change.changed, vec![Field::NetworkIp]);
            assert_eq!(
                change.network.ip.unwrap().address,
                Some("192.168.60.0".parse().unwrap())
            );
            quiet(&sub, Duration::from_millis(500));
            println!("FEEDS switch_latency_us={}", latency.as_micros());
        }
        "vpn" => {
            let _tun = attach_tun("tun0");
            ip("addr add 10.8.0.2/24 dev tun0");
            ip("link set tun0 up");
            std::thread::sleep(Duration::from_millis(200));
            let (_c, sub) = watch(Duration::from_millis(50));
            ip("route add default dev tun0 metric 50");
            let up = next(&sub, Duration::from_secs(5));
            assert_eq!(up.network.vpn, Some(true), "{up:?}");
            assert!(up.changed.contains(&Field::NetworkVpn) && up.route_changed);
            assert_eq!(
                up.network.connection_type,
                Some(devprobe::ConnectionType::Wired)
            );
            ip("route del default dev tun0 metric 50");
            let down = next(&sub, Duration::from_secs(5));
            assert_eq!(down.network.vpn, Some(false), "{down:?}");
            assert!(down.changed.contains(&Field::NetworkVpn) && down.route_changed);
            println!("FEEDS vpn=flipped");
        }
        "clat" => {
            let (c, sub) = watch(Duration::from_millis(50));
            let before = c.collect().unwrap();
            assert_eq!(before.network.nat64, Some(false), "{before:?}");
            assert_eq!(before.network.ipv4, Some(false));
            assert_eq!(before.network.ipv6, Some(true));
            let _tun = attach_tun("clat4");
            ip("addr add 192.0.0.4/29 dev clat4");
            ip("link set clat4 up");
            ip("route add default dev clat4");
            let change = next(&sub, Duration::from_secs(5));
            assert!(change.changed.contains(&Field::NetworkNat64), "{change:?}");
            assert_eq!(change.network.nat64, Some(true));
            // A report agrees (a fresh collector: nothing cached).
            drop(c);
            let consent = Consent::new();
            let fresh = Collector::builder(consent.clone()).build();
            consent.grant([Purpose::Connectivity]);
            let after = fresh.collect().unwrap();
            assert_eq!(after.network.nat64, Some(true), "{after:?}");
            assert_eq!(after.network.ipv4, Some(true), "{after:?}");
            println!("FEEDS nat64=true");
        }
        "flap" => {
            let debounce = Duration::from_millis(50);
            let (_c, sub) = watch(debounce);
            let start = Instant::now();
            for _ in 0..200 {
                ip("link set eth1 down");
                ip("link set eth1 up");
            }
            // Link down flushed eth1's routes: the final state has the default back on it.
            ip("route replace default via 192.168.60.1 metric 50");
            let storm = start.elapsed();
            let mut changes = Vec::new();
            while let Ok(c) = sub.recv_timeout(Duration::from_secs(2)) {
                changes.push((Instant::now(), c));
            }
            let (_, last) = changes.last().expect("no change at all");
            assert_eq!(
                last.network.ip.unwrap().address,
                Some("192.168.60.0".parse().unwrap()),
                "the final state was missed: {last:?}"
            );
            assert_eq!(last.network.online, Some(true));
            for pair in changes.windows(2) {
                let gap = pair[1].0 - pair[0].0;
                assert!(gap >= debounce, "two changes {gap:?} apart");
            }
            let window = (storm + Duration::from_secs(2)).as_millis() / debounce.as_millis() + 1;
            assert!(changes.len() as u128 <= window);
            println!(
                "FEEDS flap changes={} storm_ms={}",
                changes.len(),
                storm.as_millis()
            );
        }
        other => panic!("unknown case {other}"),
    }
}

/// Two NICs with defaults at metrics 100 and 200 (eth0 wins), as a laptop on wired and Wi-Fi.
fn two_nics(name: &str) -> Ns {
    let n = Ns::new(name);
    n.link("eth0", "192.168.50.2/24", "192.168.50.1/24");
    n.link("eth1", "192.168.60.2/24", "192.168.60.1/24");
    ip(&format!(
        "-n {} route add default via 192.168.50.1 metric 100",
        n.ns
    ));
    ip(&format!(
        "-n {} route add default via 192.168.60.1 metric 200",
        n.ns
    ));
    n
}

#[test]
fn a_metric_switch_between_two_nics_is_one_change_with_route_changed() {
    if !ready() {
        return;
    }
    let out = two_nics("switch").child("switch");
    assert!(out.contains("FEEDS switch_latency_us="), "{out}");
}

#[test]
fn a_full_tunnel_vpn_up_and_down_flips_vpn() {
    if !ready() {
        return;
    }
    let n = Ns::new("vpn");
    n.link("eth0", "192.168.50.2/24", "192.168.50.1/24");
    ip(&format!(
        "-n {} route add default via 192.168.50.1 metric 100",
        n.ns
    ));
    ip(&format!("-n {} tuntap add dev tun0 mode tun", n.ns));
    assert!(n.child("vpn").contains("FEEDS vpn=flipped"));
}

#[test]
fn an_ipv6_only_egress_with_clat4_is_nat64() {
    if !ready() {
        return;
    }
    let n = Ns::new("clat");
    n.link("eth0", "2001:db8:1::2/64", "2001:db8:1::1/64");
    ip(&format!("-n {} route add default via 2001:db8:1::1", n.ns));
    ip(&format!("-n {} tuntap add dev clat4 mode tun", n.ns));
    assert!(n.child("clat").contains("FEEDS nat64=true"));
}

#[test]
fn two_hundred_link_flaps_keep_the_final_state_without_a_storm() {
    if !ready() {
        return;
    }
    let out = two_nics("flap").child("flap");
    assert!(out.contains("FEEDS flap changes="), "{out}");
}
