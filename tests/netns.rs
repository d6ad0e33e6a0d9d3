// Own binary: it re-runs itself inside network namespaces (`ip netns exec`), one per case.
//! Live network facts in real network namespaces: each case builds a topology with `ip netns`,
//! veth, bridge, tun and tap, re-runs this test binary inside it (`ip netns exec`) to collect a
//! report with the live source, and asserts the exact egress address, type, VPN and online.
//!
//! Needs root and iproute2. Without them each test prints why it skipped; under `CI=true` it
//! fails instead. Nothing leaves the namespaces: every link's far end sits in a second
//! namespace created for the case, and no packet is sent at all.

// Network namespaces, tun/tap and `ip` exist only on Linux.
#![cfg(target_os = "linux")]
// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use devprobe::{ConnectionType, Field, IpScope, OmitReason, Purpose, Report};

#[path = "netns/policy.rs"]
mod policy;

/// Set in the child: collect and print the report instead of testing.
const CHILD: &str = "DEVPROBE_NETNS_CHILD";
/// In the child: `name:tun` or `name:tap`, a persistent device to attach to (as a VPN client
/// holds its tunnel open, which gives it a carrier).
const ATTACH: &str = "DEVPROBE_NETNS_ATTACH";
const MARK: &str = "DEVPROBE-REPORT ";
/// In the child: subscribe and print this many changes (then any extra within a second).
const WATCH: &str = "DEVPROBE_NETNS_WATCH";
const READY: &str = "DEVPROBE-READY";
const CHANGE: &str = "DEVPROBE-CHANGE ";
const STEP_TIMEOUT: Duration = Duration::from_secs(20);
const CHILD_TIMEOUT: Duration = Duration::from_secs(60);

/// Collects a report with the live source and prints it on one marked line. Inside a case's
/// namespace this is the probe under test; run on its own it checks the host's report.
#[test]
fn live_report_helper() {
    let _tunnel = std::env::var(ATTACH).ok().map(|spec| attach(&spec));
    if let Ok(spec) = std::env::var(ATTACH) {
        // The carrier comes on at attach; the kernel publishes the state a moment later.
        let state = format!(
            "/sys/class/net/{}/operstate",
            spec.split(':').next().unwrap()
        );
        for _ in 0..100 {
            if std::fs::read_to_string(&state).is_ok_and(|s| s.trim() != "down") {
                break;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }
    let consent = devprobe::Consent::new();
    let collector = devprobe::Collector::builder(consent.clone()).build();
    consent.grant(Purpose::ALL.iter().copied());
    let report = collector.collect().unwrap();
    for f in [
        Field::NetworkConnectionType,
        Field::NetworkOnline,
        Field::NetworkVpn,
    ] {
        let value = serde_json::to_value(&report.network).unwrap();
        let name = f.as_str().trim_start_matches("network.");
        assert!(
            value.get(name).is_some() ^ report.omission(f).is_some(),
            "{f}"
        );
    }
    println!("{MARK}{}", report.to_json().unwrap());
    if std::env::var_os(CHILD).is_none() {
        assert!(report.network.online.is_some(), "{report:?}");
    }
}

/// Subscribes with the live source (rtnetlink on Linux) and prints each change on a marked
/// line. Inside the change test's namespace it prints the changes the parent causes; run on
/// its own it checks that a stable host gives no change.
#[test]
fn live_watch_helper() {
    let consent = devprobe::Consent::new();
    let collector = devprobe::Collector::builder(consent.clone()).build();
    consent.grant(Purpose::ALL.iter().copied());
    let Some(wanted) = std::env::var(WATCH)
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    else {
        let sub = collector.subscribe().unwrap();
        assert!(sub.is_active());
        assert!(
            sub.recv_timeout(Duration::from_secs(1)).is_err(),
            "a stable host changed"
        );
        return;
    };
    // Polling is pushed out of reach: only rtnetlink signals can deliver within the test.
    let options = devprobe::WatchOptions::default().poll_interval(Duration::from_secs(3600));
    let sub = collector.subscribe_with(options).unwrap();
    println!("{READY}");
    let mut seen = 0;
    while seen < wanted {
        let change = sub.recv_timeout(Duration::from_secs(30)).unwrap();
        println!("{CHANGE}{}", serde_json::to_string(&change).unwrap());
        seen += 1;
    }
    if let Ok(extra) = sub.recv_timeout(Duration::from_secs(1)) {
        println!("{CHANGE}{}", serde_json::to_string(&extra).unwrap());
    }
}

/// Attaches to a persistent tun or tap device, as a VPN client does. Test-only `unsafe`: the
/// ioctl that names the device.
fn attach(spec: &str) -> std::fs::File {
    use std::os::fd::AsRawFd;
    #[repr(C)]
    struct IfReq {
        name: [u8; 16],
        flags: libc::c_short,
        pad: [u8; 22],
    }
    let (name, mode) = spec.split_once(':').unwrap();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/net/tun")
        .unwrap();
    let mode = if mode == "tap" {
        libc::IFF_TAP
    } else {
        libc::IFF_TUN
    };
    let flags = libc::c_short::try_from(mode | libc::IFF_NO_PI).unwrap();
    let mut req = IfReq {
        name: [0; 16],
        flags,
        pad: [0; 22],
    };
    req.name[..name.len()].copy_from_slice(name.as_bytes());
    // SAFETY: `file` is an open /dev/net/tun descriptor and `req` is a valid, writable
    // `struct ifreq` (name, flags, padding to its 40 bytes) that outlives the call.
    let rc = unsafe { libc::ioctl(file.as_raw_fd(), libc::TUNSETIFF, &mut req as *mut IfReq) };
    assert_eq!(
        rc,
        0,
        "TUNSETIFF {spec}: {}",
        std::io::Error::last_os_error()
    );
    file
}

/// Whether the namespace tests can run here; prints why not, and fails under `CI=true`.
fn ready() -> bool {
    let ci = std::env::var("CI").as_deref() == Ok("true");
    let root = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(2) == Some("0"))
        })
        .unwrap_or(false);
    let problem = if !root {
        Some("not running as root")
    } else if !Command::new("ip")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
    {
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

/// A case's two namespaces: `ns` (the device under test) and `gw` (the far ends of its
/// links). Both are deleted on drop.
struct Case {
    ns: String,
    gw: String,
}

impl Case {
    fn new(name: &str) -> Case {
        let id = std::process::id();
        let case = Case {
            ns: format!("dp{id}-{name}"),
            gw: format!("dp{id}-{name}-gw"),
        };
        for n in [&case.ns, &case.gw] {
            let _ = run(
                Command::new("ip").args(["netns", "del", n.as_str()]),
                STEP_TIMEOUT,
            );
            case.ip_ok(&["netns", "add", n]);
        }
        case
    }

    /// Runs `ip` with `{ns}` and `{gw}` replaced; fails the test if it fails.
    fn ip(&self, line: &str) {
        let line = line.replace("{ns}", &self.ns).replace("{gw}", &self.gw);
        let args: Vec<&str> = line.split_whitespace().collect();
        self.ip_ok(&args);
    }

    fn ip_ok(&self, args: &[&str]) {
        let out = run(Command::new("ip").args(args), STEP_TIMEOUT);
        assert!(
            out.status.success(),
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A veth `name` in the device namespace with `addr`, its far end in `gw` with `peer`.
    fn link(&self, name: &str, addr: &str, peer: &str) {
        self.ip(&format!(
            "-n {{ns}} link add {name} type veth peer name p-{name} netns {{gw}}"
        ));
        if !addr.is_empty() {
            self.ip(&format!("-n {{ns}} addr add {addr} dev {name}"));
        }
        self.ip(&format!("-n {{gw}} addr add {peer} dev p-{name}"));
        self.ip(&format!("-n {{gw}} link set p-{name} up"));
        self.ip(&format!("-n {{ns}} link set {name} up"));
        self.wait_up(name);
    }

    /// The plain LAN most cases start from: `eth0` 192.168.50.2/24, gateway .1.
    fn lan(&self, name: &str) {
        self.link(name, "192.168.50.2/24", "192.168.50.1/24");
    }

    /// A Docker-style bridge with one container's veth in it.
    fn docker0(&self) {
        self.ip("-n {ns} link add docker0 type bridge");
        self.ip("-n {ns} addr add 172.17.0.1/16 dev docker0");
        self.ip("-n {ns} link add veth7f3a type veth peer name ceth0 netns {gw}");
        self.ip("-n {ns} link set veth7f3a master docker0");
        self.ip("-n {ns} link set veth7f3a up");
        self.ip("-n {gw} link set ceth0 up");
        self.ip("-n {ns} link set docker0 up");
    }

    /// A persistent tun or tap device with an address, up.
    fn tunnel(&self, name: &str, mode: &str, addr: &str) {
        self.ip(&format!("-n {{ns}} tuntap add dev {name} mode {mode}"));
        self.ip(&format!("-n {{ns}} addr add {addr} dev {name}"));
        self.ip(&format!("-n {{ns}} link set {name} up"));
    }

    /// Waits until `name`'s operstate in the device namespace is `up` (bridges take a moment).
    fn wait_up(&self, name: &str) {
        for _ in 0..100 {
            let out = run(
                Command::new("ip").args([
                    "netns",
                    "exec",
                    &self.ns,
                    "cat",
                    &format!("/sys/class/net/{name}/operstate"),
                ]),
                STEP_TIMEOUT,
            );
            if String::from_utf8_lossy(&out.stdout).trim() == "up" {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{name} never came up");
    }

    /// Collects inside the namespace, attaching to `attach` (`"tun0:tun"`) first if given.
    fn collect(&self, attach: Option<&str>) -> Report {
        self.collect_with(attach, &[])
    }

    /// Collects inside the namespace, with `prefix` run before the test binary (e.g. a
    /// mount-namespace wrapper).
    fn collect_with(&self, attach: Option<&str>, prefix: &[&str]) -> Report {
        let exe = std::env::current_exe().unwrap();
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.ns]).args(prefix).arg(&exe);
        cmd.args([
            "--exact",
            "live_report_helper",
            "--nocapture",
            "--test-threads=1",
        ]);
        cmd.env(CHILD, "1").env_remove(ATTACH);
        if let Some(a) = attach {
            cmd.env(ATTACH, a);
        }
        let out = run(&mut cmd, CHILD_TIMEOUT);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "child failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let line = stdout
            .lines()
            .find_map(|l| l.find(MARK).and_then(|at| l.get(at + MARK.len()..)))
            .unwrap_or_else(|| panic!("no report in:\n{stdout}"));
        serde_json::from_str(line).unwrap()
    }
}

impl Drop for Case {
    fn drop(&mut self) {
        for n in [&self.ns, &self.gw] {
            let _ = run(
                Command::new("ip").args(["netns", "del", n.as_str()]),
                STEP_TIMEOUT,
            );
        }
    }
}

/// The child's stdout, line by line, as it comes; kills the child when dropped.
struct Streaming {
    pid: u32,
    lines: mpsc::Receiver<String>,
}

impl Streaming {
    fn start(cmd: &mut Command) -> Streaming {
        use std::io::BufRead;
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let pid = child.id();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if tx.send(line).is_err() {
                    break;
                }
            }
            let _ = child.wait();
        });
        Streaming { pid, lines }
    }

    /// The text after `mark` on the next line carrying it, waiting at most `timeout`.
    fn next(&self, mark: &str, timeout: Duration) -> Option<String> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let line = self.lines.recv_timeout(left).ok()?;
            if let Some(at) = line.find(mark) {
                return line.get(at + mark.len()..).map(str::to_owned);
            }
        }
    }
}

impl Drop for Streaming {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-9")
            .arg(self.pid.to_string())
            .stderr(Stdio::null())
            .status();
    }
}

/// What a case must give: address (`None` = omitted `not_found`), type, vpn, online, ipv4, ipv6.
struct Expect {
    ip: Option<&'static str>,
    connection_type: ConnectionType,
    vpn: bool,
    online: bool,
    ipv4: bool,
    ipv6: bool,
}

fn wired(ip: &'static str) -> Expect {
    Expect {
        ip: Some(ip),
        connection_type: ConnectionType::Wired,
        vpn: false,
        online: true,
        ipv4: true,
        ipv6: false,
    }
}

fn offline() -> Expect {
    Expect {
        ip: None,
        connection_type: ConnectionType::Unavailable,
        vpn: false,
        online: false,
        ipv4: false,
        ipv6: false,
    }
}

#[track_caller]
fn check(report: &Report, e: Expect) {
    let n = &report.network;
    let ip = n.ip.and_then(|ip| ip.address).map(|a| a.to_string());
    assert_eq!(ip.as_deref(), e.ip, "ip of {n:?}");
    if e.ip.is_none() {
        assert_eq!(
            report.omission(Field::NetworkIp),
            Some(OmitReason::NotFound),
            "{n:?}"
        );
    }
    assert_eq!(n.connection_type, Some(e.connection_type), "type of {n:?}");
    assert_eq!(n.vpn, Some(e.vpn), "vpn of {n:?}");
    assert_eq!(n.online, Some(e.online), "online of {n:?}");
    assert_eq!(n.ipv4, Some(e.ipv4), "ipv4 of {n:?}");
    assert_eq!(n.ipv6, Some(e.ipv6), "ipv6 of {n:?}");
}

#[test]
fn plain_wired_lan() {
    if !ready() {
        return;
    }
    let c = Case::new("lan");
    c.lan("eth0");
    c.ip("-n {ns} route add default via 192.168.50.1");
    let r = c.collect(None);
    check(&r, wired("192.168.50.0"));
    assert_eq!(r.network.ip.unwrap().scope, IpScope::Private);
}

#[test]
fn full_tunnel_vpn_on_tun_with_lower_metric_default() {
    if !ready() {
        return;
    }
    let c = Case::new("fulltun");
    c.lan("eth0");
    c.ip("-n {ns} route add default via 192.168.50.1 metric 100");
    c.tunnel("tun0", "tun", "10.8.0.2/24");
    c.ip("-n {ns} route add default dev tun0 metric 50");
    check(
        &c.collect(Some("tun0:tun")),
        Expect {
            vpn: true,
            ..wired("10.8.0.0")
        },
    );
}

#[test]
fn full_tunnel_vpn_on_tap_with_split_default_routes() {
    if !ready() {
        return;
    }
    let c = Case::new("splitdef");
    c.lan("eth0");
    c.ip("-n {ns} route add default via 192.168.50.1 metric 100");
    c.tunnel("tap0", "tap", "10.9.0.2/24");
    c.ip("-n {ns} route add 203.0.113.10/32 via 192.168.50.1 dev eth0");
    c.ip("-n {ns} route add 0.0.0.0/1 via 10.9.0.1 dev tap0");
    c.ip("-n {ns} route add 128.0.0.0/1 via 10.9.0.1 dev tap0");
    check(
        &c.collect(Some("tap0:tap")),
        Expect {
            vpn: true,
            ..wired("10.9.0.0")
        },
    );
}

#[test]
fn split_tunnel_vpn_only_10_slash_8() {
    if !ready() {
        return;
    }
    let c = Case::new("splittun");
    c.lan("eth0");
    c.ip("-n {ns} route add default via 192.168.50.1");
    c.tunnel("tun0", "tun", "10.8.0.2/24");
    c.ip("-n {ns} route add 10.0.0.0/8 dev tun0");
    check(&c.collect(Some("tun0:tun")), wired("192.168.50.0"));
}

#[test]
fn docker0_bridge_with_no_default_route() {
    if !ready() {
        return;
    }
    let c = Case::new("docker");
    c.docker0();
    check(&c.collect(None), offline());
}

#[test]
fn docker0_next_to_a_wired_default() {
    if !ready() {
        return;
    }
    let c = Case::new("dockerdef");
    c.docker0();
    c.lan("eth0");
    c.ip("-n {ns} route add default via 192.168.50.1");
    check(&c.collect(None), wired("192.168.50.0"));
}

#[test]
fn link_local_only_nic_next_to_a_docker_bridge() {
    if !ready() {
        return;
    }
    let c = Case::new("linklocal");
    c.docker0();
    c.link("eth0", "169.254.7.7/16", "169.254.7.1/16");
    check(&c.collect(None), offline());
}

#[test]
fn ipv6_only() {
    if !ready() {
        return;
    }
    let c = Case::new("v6only");
    c.link("eth0", "", "2001:db8:1:2::1/64");
    c.ip("-n {ns} addr add 2001:db8:1:2::2/64 dev eth0 nodad");
    c.ip("-n {ns} -6 route add default via 2001:db8:1:2::1 dev eth0");
    let r = c.collect(None);
    check(
        &r,
        Expect {
            ipv4: false,
            ipv6: true,
            ..wired("2001:db8:1::")
        },
    );
    assert_eq!(r.network.ip.unwrap().scope, IpScope::Public);
}

#[test]
fn two_defaults_with_different_metrics() {
    if !ready() {
        return;
    }
    let c = Case::new("metrics");
    c.lan("eth0");
    c.link("eth1", "192.168.60.2/24", "192.168.60.1/24");
    c.ip("-n {ns} route add default via 192.168.50.1 metric 200");
    c.ip("-n {ns} route add default via 192.168.60.1 metric 100");
    check(&c.collect(None), wired("192.168.60.0"));
}

#[test]
fn bridge_default_with_an_enslaved_nic() {
    if !ready() {
        return;
    }
    let c = Case::new("bridge");
    c.link("eth0", "", "192.168.50.1/24");
    c.ip("-n {ns} link add br0 type bridge");
    c.ip("-n {ns} link set eth0 master br0");
    c.ip("-n {ns} addr add 192.168.50.2/24 dev br0");
    c.ip("-n {ns} link set br0 up");
    c.wait_up("br0");
    c.ip("-n {ns} route add default via 192.168.50.1 dev br0");
    check(&c.collect(None), wired("192.168.50.0"));
}

#[test]
fn route_to_192_0_2_0_on_a_second_nic() {
    if !ready() {
        return;
    }
    let c = Case::new("testnet");
    c.lan("eth0");
    c.link("eth1", "192.0.2.7/24", "192.0.2.1/24");
    c.ip("-n {ns} route add default via 192.168.50.1");
    check(&c.collect(None), wired("192.168.50.0"));
}

#[test]
fn loopback_only() {
    if !ready() {
        return;
    }
    let c = Case::new("lo");
    c.ip("-n {ns} link set lo up");
    check(&c.collect(None), offline());
}

#[test]
fn veth_named_wlan0_is_not_wifi() {
    if !ready() {
        return;
    }
    let c = Case::new("wlanname");
    c.lan("wlan0");
    c.ip("-n {ns} route add default via 192.168.50.1");
    check(&c.collect(None), wired("192.168.50.0"));
}

#[test]
fn sysfs_devtype_wlan_is_wifi_whatever_the_name() {
    if !ready() {
        return;
    }
    let c = Case::new("devtype");
    c.lan("net0");
    c.ip("-n {ns} route add default via 192.168.50.1");
    // A fake sysfs directory for net0 saying DEVTYPE=wlan, bind-mounted over the real one in a
    // private mount namespace (gone when the child exits).
    let fake = std::env::temp_dir().join(format!("devprobe-netns-{}-sysfs", std::process::id()));
    std::fs::create_dir_all(&fake).unwrap();
    for (file, text) in [
        ("type", "1\n"),
        ("uevent", "DEVTYPE=wlan\nINTERFACE=net0\n"),
        ("operstate", "up\n"),
        ("carrier", "1\n"),
    ] {
        std::fs::write(fake.join(file), text).unwrap();
    }
    let script = format!(
        "mount --bind {} /sys/class/net/net0 && exec \"$@\"",
        fake.display()
    );
    let report = c.collect_with(None, &["unshare", "-m", "sh", "-c", &script, "sh"]);
    std::fs::remove_dir_all(&fake).unwrap();
    check(
        &report,
        Expect {
            connection_type: ConnectionType::Wifi,
            ..wired("192.168.50.0")
        },
    );
}

#[test]
fn egress_down_and_up_gives_two_changes_in_order() {
    if !ready() {
        return;
    }
    let c = Case::new("watch");
    c.lan("eth0");
    c.ip("-n {ns} route add default via 192.168.50.1");
    let exe = std::env::current_exe().unwrap();
    let mut cmd = Command::new("ip");
    cmd.args(["netns", "exec", &c.ns]).arg(&exe);
    cmd.args([
        "--exact",
        "live_watch_helper",
        "--nocapture",
        "--test-threads=1",
    ]);
    cmd.env(CHILD, "1").env(WATCH, "2").env_remove(ATTACH);
    let child = Streaming::start(&mut cmd);
    assert!(
        child.next(READY, CHILD_TIMEOUT).is_some(),
        "the child never subscribed"
    );

    let started = std::time::Instant::now();
    c.ip("-n {ns} link set eth0 down");
    let down = child
        .next(CHANGE, Duration::from_secs(10))
        .expect("no change after link down");
    let latency = started.elapsed();
    assert!(
        latency < Duration::from_secs(3),
        "500 ms debounce, yet {latency:?}"
    );
    c.ip("-n {ns} link set eth0 up");
    c.wait_up("eth0");
    c.ip("-n {ns} route add default via 192.168.50.1");
    let up = child
        .next(CHANGE, Duration::from_secs(10))
        .expect("no change after link up");
    assert_eq!(
        child.next(CHANGE, Duration::from_secs(3)),
        None,
        "a third change"
    );

    let down: serde_json::Value = serde_json::from_str(&down).unwrap();
    let up: serde_json::Value = serde_json::from_str(&up).unwrap();
    assert_eq!(
        down["changed"],
        serde_json::json!([
            "network.ip",
            "network.connection_type",
            "network.online",
            "network.ipv4"
        ])
    );
    assert_eq!(down["route_changed"], true);
    assert_eq!(down["via"], "rtnetlink");
    assert_eq!(
        down["network"],
        serde_json::json!({"connection_type": "unavailable", "vpn": false, "online": false, "ipv4": false, "ipv6": false, "nat64": false})
    );
    assert_eq!(up["changed"], down["changed"]);
    assert_eq!(up["route_changed"], true);
    assert_eq!(
        up["network"],
        serde_json::json!({"connection_type": "wired", "vpn": false, "online": true, "ipv4": true, "ipv6": false, "nat64": false,
            "ip": {"address": "192.168.50.0", "precision": "truncated", "scope": "private"}})
    );
}
