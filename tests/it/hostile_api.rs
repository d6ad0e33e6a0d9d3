//! Every public entry point driven with hostile arguments: empty and repeated purposes, zero and
//! endless durations and capacities, out-of-range orientations and rotations, stored grants that
//! are garbage, snapshot directories that are files, FIFOs or hold a 1 MiB `platform`, text
//! enums parsed from garbage, and the pure helpers at their extremes. Nothing may panic or hang;
//! each call answers with a value or a typed error.

use crate::hardening_support;

use std::net::IpAddr;
#[cfg(unix)]
use std::path::Path;
use std::path::PathBuf;
#[cfg(unix)]
use std::process::Command;
use std::str::FromStr;
use std::sync::mpsc;
use std::time::Duration;

use devprobe::catalog::{Catalog, Frequency, Sensitivity};
use devprobe::minimize::{minimize_ip, sanitize, truncate_ip};
use devprobe::source::{Query, Recording, Snapshot, Source, read_limit};
use devprobe::{
    AccelOrientation, Collector, ConnectionSubtype, ConnectionType, Consent, ConsentStatus, Error,
    Field, Grant, HostNetwork, HostOrientation, IpPrecision, IpScope, Lang, NaturalOrientation,
    OmitReason, Orientation, OrientationSource, OsType, Platform, Purpose, Report, Subject,
    WatchOptions,
};
use hardening_support::{HostileDevice, check_report, this_hostname};

/// Runs `f` on its own thread; fails the test if it takes longer than `limit` (a hang).
fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|e| panic!("{what}: no answer within {limit:?} ({e})"))
}

fn debian() -> Snapshot {
    Snapshot::new(Platform::Linux)
        .file(
            "/etc/os-release",
            "NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"12\"\n",
        )
        .file("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n")
}

const GARBAGE: &[&str] = &[
    "",
    " ",
    "\0",
    "\u{feff}",
    "\u{fffd}\u{fffd}",
    "DEVICE.BRAND",
    "device.brand ",
    " compatibility",
    "linux\n",
    "landscape-primary",
    "🤖",
    "null",
];

#[test]
fn an_empty_or_repeated_purpose_list() {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).source(debian()).build();
    let grant = consent.grant([]);
    assert!(grant.purposes.is_empty());
    assert!(matches!(collector.collect(), Err(Error::ConsentRequired)));
    assert!(matches!(collector.subscribe(), Err(Error::ConsentRequired)));
    let again = consent.grant_for(Subject::Adult, []).unwrap();
    assert!(again.purposes.is_empty());
    assert!(matches!(collector.collect(), Err(Error::ConsentRequired)));
    let many = std::iter::repeat_n(Purpose::Compatibility, 100_000);
    assert_eq!(consent.grant(many).purposes, vec![Purpose::Compatibility]);
    assert_eq!(
        collector.collect().unwrap().os.id.as_deref(),
        Some("debian")
    );
    consent.withdraw();
    consent.withdraw();
    assert!(matches!(collector.collect(), Err(Error::ConsentRequired)));
}

#[test]
fn zero_and_endless_builder_values() {
    let durations = [
        Duration::ZERO,
        Duration::from_nanos(1),
        Duration::from_secs(u64::MAX),
        Duration::MAX,
    ];
    let device = HostileDevice::new(Platform::Linux);
    for deadline in durations {
        for min_refresh in durations {
            for capacity in [0, 1, usize::MAX] {
                for precision in IpPrecision::ALL {
                    let consent = Consent::new();
                    let collector = Collector::builder(consent.clone())
                        .source(debian())
                        .deadline(deadline)
                        .min_refresh(min_refresh)
                        .audit_capacity(capacity)
                        .ip_precision(*precision)
                        .build();
                    consent.grant(Purpose::ALL.iter().copied());
                    for _ in 0..2 {
                        let report = collector.collect().unwrap();
                        check_report(&report, &device, Purpose::ALL, &this_hostname()).unwrap();
                        let name = (report.os.name.as_deref(), report.omission(Field::OsName));
                        if deadline.is_zero() {
                            assert_eq!(name, (None, Some(OmitReason::TimedOut)));
                        } else if deadline >= Duration::from_secs(1) {
                            assert_eq!(name, (Some("Debian GNU/Linux"), None));
                        }
                    }
                    assert!(collector.audit().len() <= capacity.min(2));
                }
            }
        }
    }
}

#[test]
fn out_of_range_orientations_are_refused_or_dropped() {
    for o in Orientation::ALL {
        for d in [1, 45, 89, 91, 359, 360, 450, u16::MAX] {
            assert!(HostOrientation::new(*o, Some(d)).is_err(), "{d}");
            assert!(
                HostOrientation::from_w3c(o.as_str(), Some(d)).is_err(),
                "{d}"
            );
        }
    }
    for r in [i32::MIN, -1, 4, 90, 270, i32::MAX] {
        for n in NaturalOrientation::ALL {
            assert!(
                HostOrientation::from_android_rotation(r, *n).is_err(),
                "{r}"
            );
        }
    }
    for r in [i64::MIN, -1, 0, 5, 6, i64::MAX] {
        assert!(
            HostOrientation::from_ios_interface_orientation(r).is_err(),
            "{r}"
        );
    }
    let long = "portrait-primary".repeat(1 << 16);
    let not_w3c = GARBAGE.iter().filter(|t| **t != "landscape-primary");
    for text in not_w3c.copied().chain([long.as_str()]) {
        let err = HostOrientation::from_w3c(text, None).unwrap_err();
        assert!(err.value.chars().count() <= 64);
    }
    for d in [0, 1, 89, 90, 359, 360, u16::MAX] {
        for n in NaturalOrientation::ALL {
            let o = n.orientation_at(d);
            assert!(matches!(n.rotation_of(o), 0 | 90 | 180 | 270));
        }
    }
    for (w, h) in [(0, 0), (0, u32::MAX), (u32::MAX, u32::MAX), (u32::MAX, 1)] {
        let _ = NaturalOrientation::of_size(w, h);
    }
    for d in 0..=u16::MAX {
        if let Some(a) = AccelOrientation::from_rotation_degrees(d) {
            assert_eq!(a.rotation_degrees(), d);
        }
    }
    let odd = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        f64::MIN,
        0.0,
        -0.0,
    ];
    for x in odd {
        for s in odd {
            let _ =
                AccelOrientation::from_accel([x, -x, x], [s, s, s], Some(AccelOrientation::LeftUp));
        }
    }
}

/// Regression for the `snapshot_collect` fuzz finding: a pushed rotation of 12288° (set on the
/// public field, or from a snapshot's host.json) reached the report.
#[test]
fn a_pushed_rotation_that_is_not_a_quarter_turn_is_omitted_malformed() {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(Snapshot::new(Platform::MacOs))
        .build();
    consent.grant([Purpose::VideoOrientation]);
    let mut pushed = HostOrientation::new(Orientation::LandscapePrimary, Some(90)).unwrap();
    pushed.rotation_degrees = Some(12288);
    collector.set_orientation(pushed);
    let report = collector.collect().unwrap();
    assert_eq!(
        report.screen.orientation,
        Some(Orientation::LandscapePrimary)
    );
    assert_eq!(report.screen.rotation_degrees, None);
    assert_eq!(
        report.omission(Field::ScreenRotationDegrees),
        Some(OmitReason::Malformed)
    );

    // In a snapshot's host.json such a push makes the snapshot unusable, naming the file.
    let dir = scratch("host_json_rotation");
    std::fs::write(dir.join("platform"), "ios\n").unwrap();
    std::fs::write(
        dir.join("host.json"),
        r#"{"orientation": {"orientation": "portrait_primary", "rotation_degrees": 45}}"#,
    )
    .unwrap();
    let err = Snapshot::from_dir(&dir).unwrap_err().to_string();
    assert!(
        err.contains(
            "host.json does not parse: rotation_degrees must be 0, 90, 180 or 270, not 45"
        ),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_host_network_push() {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(Snapshot::new(Platform::Android))
        .min_refresh(Duration::ZERO)
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    for t in ConnectionType::ALL.iter().copied().map(Some).chain([None]) {
        for s in ConnectionSubtype::ALL
            .iter()
            .copied()
            .map(Some)
            .chain([None])
        {
            let mut n = HostNetwork::default();
            n.connection_type = t;
            n.connection_subtype = s;
            n.vpn = Some(true);
            n.online = Some(false);
            collector.set_network(n);
            let report = collector.collect().unwrap();
            let device = HostileDevice::new(Platform::Android);
            check_report(&report, &device, Purpose::ALL, &this_hostname()).unwrap();
        }
    }
}

#[test]
fn stored_grants_that_are_garbage() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let huge = format!("\"{}\"", "x".repeat(1 << 20));
    let mut inputs: Vec<String> = GARBAGE.iter().map(|s| (*s).to_owned()).collect();
    inputs.extend([
        deep,
        huge,
        "{}".into(),
        "[]".into(),
        "{\"purposes\":".into(),
        "{\"purposes\": \"compatibility\", \"catalog_version\": 1, \"granted_at\": \"x\"}".into(),
        r#"{"purposes":["compatibility"],"catalog_version":0,"granted_at":"x"}"#.into(),
        r#"{"purposes":["compatibility"],"catalog_version":-1,"granted_at":"x"}"#.into(),
        r#"{"purposes":["compatibility"],"catalog_version":1e99,"granted_at":"x"}"#.into(),
        r#"{"purposes":["compatibility"],"catalog_version":4294967295,"granted_at":"x"}"#.into(),
        r#"{"purposes":["compatibility"],"catalog_version":1,"granted_at":"\ud800"}"#.into(),
        r#"{"purposes":["compatibility"],"catalog_version":1,"granted_at":"x","x":1}"#.into(),
        r#"{"purposes":["compatibility"],"catalog_version":1,"granted_at":"x","subject":{"kind":"minor","guardian_consent":false}}"#.into(),
        format!(
            r#"{{"purposes":["{}"],"catalog_version":1,"granted_at":"x"}}"#,
            "z".repeat(1 << 16)
        ),
    ]);
    let consent = Consent::new();
    consent.grant([Purpose::Connectivity]);
    let before = consent.status();
    for json in &inputs {
        let got = within(Duration::from_secs(10), "restore_json", {
            let (c, j) = (consent.clone(), json.clone());
            move || c.restore_json(&j).map_err(|e| e.to_string())
        });
        let err = got.expect_err(&json.chars().take(80).collect::<String>());
        assert!(err.len() < 4096, "an error message of {} bytes", err.len());
        assert_eq!(consent.status(), before);
    }
    for json in &inputs {
        let _ = serde_json::from_str::<Grant>(json);
        let _ = serde_json::from_str::<Report>(json);
    }
    assert!(matches!(consent.status(), ConsentStatus::Granted(_)));
}

#[test]
fn text_enums_from_garbage() {
    #[track_caller]
    fn refuse<T: FromStr + std::fmt::Debug>(text: &str)
    where
        T::Err: std::fmt::Display,
    {
        let err = T::from_str(text).expect_err(text);
        assert!(err.to_string().len() < 256, "{}", err);
        let json = serde_json::to_string(text).unwrap();
        assert!(serde_json::from_str::<Field>(&json).is_err() || text == "device.brand");
    }
    let long = "a".repeat(1 << 20);
    for text in GARBAGE.iter().copied().chain([long.as_str()]) {
        refuse::<Field>(text);
        refuse::<Purpose>(text);
        refuse::<Platform>(text);
        refuse::<OsType>(text);
        refuse::<OmitReason>(text);
        refuse::<ConnectionType>(text);
        refuse::<ConnectionSubtype>(text);
        refuse::<IpPrecision>(text);
        refuse::<IpScope>(text);
        refuse::<Orientation>(text);
        refuse::<OrientationSource>(text);
        refuse::<NaturalOrientation>(text);
        refuse::<AccelOrientation>(text);
        refuse::<Frequency>(text);
        refuse::<Sensitivity>(text);
    }
    for f in Field::ALL {
        assert_eq!(f.as_str().parse::<Field>(), Ok(*f));
    }
}

/// A fresh scratch directory under the system's temp directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("devprobe-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

#[cfg(unix)]
fn load(path: PathBuf) -> Result<Snapshot, String> {
    let what = format!("Snapshot::from_dir({})", path.display());
    within(Duration::from_secs(10), &what, move || {
        Snapshot::from_dir(&path).map_err(|e| e.to_string())
    })
}

#[test]
#[cfg(unix)]
fn snapshot_directories_that_are_not_one() {
    let dir = scratch("from_dir");
    let file = dir.join("a-file");
    std::fs::write(&file, "linux\n").unwrap();
    assert!(load(file).is_err());
    assert!(load(dir.join("missing")).is_err());

    let fifo = dir.join("a-fifo");
    mkfifo(&fifo);
    assert!(load(fifo).is_err());

    let fifo_platform = dir.join("fifo-platform");
    std::fs::create_dir(&fifo_platform).unwrap();
    mkfifo(&fifo_platform.join("platform"));
    assert!(load(fifo_platform).is_err());

    let fifo_files = dir.join("fifo-files");
    std::fs::create_dir_all(fifo_files.join("fs/etc")).unwrap();
    std::fs::write(fifo_files.join("platform"), "android\n").unwrap();
    for name in [
        "getprop.txt",
        "sysctl.txt",
        "registry.txt",
        "host.json",
        "interfaces.json",
    ] {
        mkfifo(&fifo_files.join(name));
    }
    mkfifo(&fifo_files.join("fs/etc/os-release"));
    let snap = load(fifo_files).unwrap();
    assert_eq!(snap.platform(), Platform::Android);

    let big = dir.join("big-platform");
    std::fs::create_dir(&big).unwrap();
    std::fs::write(big.join("platform"), vec![b'x'; 1 << 20]).unwrap();
    let err = load(big).unwrap_err();
    assert!(err.len() < 1024, "{err}");

    let padded = dir.join("padded-platform");
    std::fs::create_dir(&padded).unwrap();
    let mut text = b"linux\n".to_vec();
    text.extend(vec![b' '; 1 << 20]);
    std::fs::write(padded.join("platform"), text).unwrap();
    assert_eq!(load(padded).unwrap().platform(), Platform::Linux);

    let platform_dir = dir.join("platform-is-a-dir");
    std::fs::create_dir_all(platform_dir.join("platform")).unwrap();
    assert!(load(platform_dir).is_err());

    let looped = dir.join("looped");
    std::fs::create_dir(&looped).unwrap();
    std::os::unix::fs::symlink("platform", looped.join("platform")).unwrap();
    assert!(load(looped).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn snapshot_paths_and_links_that_make_no_sense() {
    let deep = "/a".repeat(10_000);
    let mut snap = Snapshot::new(Platform::Linux)
        .link("/etc/os-release", "/etc/os-release")
        .link("/loop/a", "../loop/b")
        .link("/loop/b", "a")
        .link("/up", "../../../../..")
        .file("", "root?")
        .file("/", "root!")
        .dir("/proc/net/route")
        .file(&deep, "deep")
        .link("/etc/lsb-release", &deep);
    for p in [
        "",
        "/",
        "//..//..",
        "\0",
        "/etc/os-release/",
        "/loop/a",
        "/up/etc",
        deep.as_str(),
    ] {
        snap = snap.file(&format!("{p}/x"), "x");
    }
    let rec = Recording::new(snap.clone());
    for p in [
        "",
        "/",
        ".",
        "..",
        "/etc/os-release",
        "/loop/a",
        "/up",
        "/up/up/x",
        deep.as_str(),
        "/etc/lsb-release",
    ] {
        for q in [
            Query::File(p.into()),
            Query::Dir(p.into()),
            Query::Link(p.into()),
            Query::Property(p.into()),
            Query::Sysctl(p.into()),
            Query::Registry(p.into(), p.into()),
        ] {
            let _ = rec.query(&q);
            let _ = q.name();
        }
        let _ = read_limit(p);
    }
    let replay = rec.to_snapshot();
    let _ = replay.entries();
    let _ = snap.entries();
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).source(snap).build();
    consent.grant(Purpose::ALL.iter().copied());
    let report = collector.collect().unwrap();
    let device = HostileDevice::new(Platform::Linux);
    check_report(&report, &device, Purpose::ALL, &this_hostname()).unwrap();
}

#[test]
fn pure_helpers_at_their_extremes() {
    let control: String = (0u8..0x20).map(char::from).collect();
    let big = "é".repeat(1 << 20);
    for s in ["", " \n\t ", &control, &big, "\u{200b}\u{feff}\u{fffd}"] {
        if let Some(clean) = sanitize(s) {
            assert!(clean.len() <= devprobe::minimize::MAX_STRING_BYTES);
            assert_eq!(clean.trim(), clean);
        }
    }
    let ips: [IpAddr; 6] = [
        "0.0.0.0".parse().unwrap(),
        "255.255.255.255".parse().unwrap(),
        "::".parse().unwrap(),
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff".parse().unwrap(),
        "::ffff:10.0.0.1".parse().unwrap(),
        "fe80::1".parse().unwrap(),
    ];
    for ip in ips {
        assert_eq!(truncate_ip(truncate_ip(ip)), truncate_ip(ip));
        for p in IpPrecision::ALL {
            let m = minimize_ip(ip, *p);
            assert_eq!(m.precision, *p);
        }
    }
    let catalog = Catalog::current();
    for v in [0, 1, u32::MAX] {
        for p in Purpose::ALL {
            let _ = catalog.fields_for(*p, v);
            let _ = devprobe::catalog::fields_for(*p, v);
        }
        let _ = catalog.changes_since(v);
        let _ = catalog.covered(&[], v);
    }
    let _ = catalog.revised(Field::ALL.iter().copied()).revised([]);
    for lang in [Lang::En, Lang::ZhCn] {
        for c in devprobe::catalog::changes_since(0) {
            let _ = c.describe(lang);
        }
        let _ = devprobe::disclosure::catalog_table(&catalog, lang);
    }
    let _ = devprobe::disclosure::privacy_manifest(&catalog, &[]);
    let _ = devprobe::disclosure::play_data_safety_csv(&catalog, &[]);
    for doc in GARBAGE.iter().copied().chain([
        devprobe::disclosure::BEGIN_MARKER,
        devprobe::disclosure::END_MARKER,
        &big,
    ]) {
        let _ = devprobe::disclosure::embed(doc, doc);
        let _ = devprobe::disclosure::embedded(doc);
    }
}

#[test]
fn subscriptions_with_zero_and_endless_durations() {
    let durations = [Duration::ZERO, Duration::from_secs(u64::MAX), Duration::MAX];
    for debounce in durations {
        for poll in durations {
            let consent = Consent::new();
            let collector = Collector::builder(consent.clone())
                .source(Snapshot::new(Platform::Linux))
                .build();
            consent.grant([Purpose::Connectivity]);
            let options = WatchOptions::default()
                .debounce(debounce)
                .poll_interval(poll)
                .orientation_poll(poll);
            let sub = collector.subscribe_with(options).unwrap();
            std::thread::sleep(Duration::from_millis(30));
            assert!(sub.is_active(), "debounce {debounce:?}, poll {poll:?}");
            for timeout in durations.iter().take(1) {
                assert!(sub.recv_timeout(*timeout).is_err());
            }
            // An endless wait ends when consent is withdrawn.
            let waiter = std::thread::spawn(move || sub.recv_timeout(Duration::MAX).is_err());
            std::thread::sleep(Duration::from_millis(20));
            consent.withdraw();
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || tx.send(waiter.join()));
            let joined = rx
                .recv_timeout(Duration::from_secs(5))
                .expect("recv_timeout(MAX) ends on withdrawal");
            assert!(joined.expect("no panic in recv_timeout"));
        }
    }
}
