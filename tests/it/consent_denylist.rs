//! Identifiers are never read: every probe, over every snapshot in the repository's tests and in
//! the corpus plus synthetic devices that hold every identifier, with every purpose granted and
//! the full IP kept, makes no query on the denylist — and no report carries a MAC address, the
//! planted serial or host name, or this machine's host name or user name.

use crate::consent_support;

use std::sync::Arc;

use consent_support::{PLANTED_HOSTNAME, PLANTED_MAC, PLANTED_SERIAL, every_snapshot};
use devprobe::source::{Query, Recording, Snapshot};
use devprobe::{Collector, Consent, IpPrecision, Purpose, Report};

/// Why `query` is on the denylist, or `None`. Stated from the issue, independently of the
/// library's own never-read list.
fn denied(query: &Query) -> Option<&'static str> {
    let lower = query.name().to_ascii_lowercase();
    match query {
        Query::File(p) | Query::Dir(p) | Query::Link(p) => {
            let file = p.rsplit('/').next().unwrap_or("");
            if p == "/etc/machine-id" || p == "/var/lib/dbus/machine-id" {
                Some("machine id")
            } else if (p.contains("/dmi/") || p.contains("/dmi/id"))
                && [
                    "product_serial",
                    "product_uuid",
                    "board_serial",
                    "chassis_serial",
                ]
                .contains(&file)
            {
                Some("DMI serial or UUID")
            } else if p.starts_with("/sys/class/net/") && file == "address" {
                Some("MAC address")
            } else if p == "/proc/sys/kernel/hostname" || p == "/etc/hostname" {
                Some("host name")
            } else {
                None
            }
        }
        Query::Property(name) => {
            if name == "ro.serialno" || name == "ro.boot.serialno" {
                Some("serial number")
            } else if ["imei", "iccid", "meid"].iter().any(|k| lower.contains(k)) {
                Some("SIM or radio identifier")
            } else {
                None
            }
        }
        Query::Registry(_, value) => {
            if value.eq_ignore_ascii_case("MachineGuid")
                || value.eq_ignore_ascii_case("ComputerName")
            {
                Some("machine GUID or computer name")
            } else {
                None
            }
        }
        Query::Sysctl(name) => {
            if name == "kern.uuid" || name == "kern.hostname" {
                Some("kernel UUID or host name")
            } else {
                None
            }
        }
        _ => None,
    }
}

#[test]
fn the_denylist_itself_matches_what_it_should() {
    for q in [
        Query::File("/etc/machine-id".into()),
        Query::File("/sys/class/dmi/id/product_uuid".into()),
        Query::File("/sys/devices/virtual/dmi/id/board_serial".into()),
        Query::File("/sys/class/net/wlan0/address".into()),
        Query::Link("/sys/class/net/eth0/address".into()),
        Query::File("/etc/hostname".into()),
        Query::Property("ro.boot.serialno".into()),
        Query::Property("persist.radio.IMEI2".into()),
        Query::Registry(
            r"HKLM\SOFTWARE\Microsoft\Cryptography".into(),
            "MachineGuid".into(),
        ),
        Query::Sysctl("kern.hostname".into()),
    ] {
        assert!(denied(&q).is_some(), "{q:?}");
    }
    for q in [
        Query::File("/sys/class/dmi/id/product_name".into()),
        Query::File("/sys/class/net/eth0/type".into()),
        Query::Property("ro.product.model".into()),
        Query::Sysctl("kern.osproductversion".into()),
    ] {
        assert!(denied(&q).is_none(), "{q:?}");
    }
}

fn collect_everything(snapshot: Snapshot) -> (Report, Vec<Query>) {
    let consent = Consent::new();
    let rec = Arc::new(Recording::new(snapshot));
    let collector = Collector::builder(consent.clone())
        .source(rec.clone())
        .ip_precision(IpPrecision::Full)
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    let report = collector.collect().expect("every purpose is granted");
    (report, rec.queries())
}

/// Two hex digits, six times, joined by `:` or `-`.
fn contains_mac(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len()).find_map(|i| {
        let s = b.get(i..i + 17)?;
        let ok = (0..17).all(|k| match k % 3 {
            2 => s[k] == b':' || s[k] == b'-',
            _ => s[k].is_ascii_hexdigit(),
        }) && (s[2] == s[5]);
        ok.then(|| String::from_utf8_lossy(s).into_owned())
    })
}

/// Every string value of the report, split into its alphanumeric words, lower-cased.
fn words(report: &Report) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.extend(
                s.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase),
            ),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(report).unwrap(), &mut out);
    out
}

fn this_machine() -> (Option<String>, Option<String>) {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_lowercase())
        .filter(|h| !h.is_empty());
    let user = ["USER", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok())
        .map(|u| u.trim().to_lowercase())
        .filter(|u| !u.is_empty());
    (host, user)
}

#[test]
fn no_probe_queries_an_identifier_on_any_snapshot() {
    let snapshots = every_snapshot();
    let mut queries = 0;
    for (name, snapshot) in &snapshots {
        let (_report, recorded) = collect_everything(snapshot.clone());
        queries += recorded.len();
        for q in &recorded {
            if let Some(why) = denied(q) {
                panic!("{name}: {q:?} reads a {why}");
            }
        }
    }
    println!(
        "denylist: {} snapshots, {queries} queries, none denied",
        snapshots.len()
    );
    assert!(snapshots.len() >= 5);
}

#[test]
fn no_report_carries_an_identifier() {
    let (host, user) = this_machine();
    let mut reports: Vec<(String, Report)> = every_snapshot()
        .into_iter()
        .map(|(name, s)| (name, collect_everything(s).0))
        .collect();
    // And this machine, read live.
    let consent = Consent::new();
    let live = Collector::builder(consent.clone())
        .ip_precision(IpPrecision::Full)
        .build();
    consent.grant(Purpose::ALL.iter().copied());
    reports.push(("live".into(), live.collect().unwrap()));

    for (name, report) in &reports {
        let json = report.to_json().unwrap();
        assert_eq!(contains_mac(&json), None, "{name}: a MAC address in {json}");
        let lower = json.to_lowercase();
        for planted in [PLANTED_MAC, PLANTED_SERIAL, PLANTED_HOSTNAME] {
            assert!(
                !lower.contains(&planted.to_lowercase()),
                "{name}: {planted} in {json}"
            );
        }
        let words = words(report);
        for (what, value) in [("host name", &host), ("user name", &user)] {
            if let Some(v) = value {
                assert!(
                    !words.contains(v),
                    "{name}: this machine's {what} {v:?} in {json}"
                );
            }
        }
    }
    assert_eq!(
        contains_mac("x 3C-52-82-DE-AD-01 y").as_deref(),
        Some("3C-52-82-DE-AD-01")
    );
    assert_eq!(contains_mac("2001:db8:1234::"), None);
}
