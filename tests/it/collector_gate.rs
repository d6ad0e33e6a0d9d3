//! The collector's gate: nothing is read before consent, only permitted fields are read, every
//! field is accounted for, and withdrawal wins over caches and in-flight collects.

use std::sync::Arc;

use devprobe::source::{Query, Recording, Snapshot};
use devprobe::{
    Collector, Consent, Error, Field, HostOrientation, OmitReason, Orientation, Platform, Purpose,
    Report,
};

fn debian_box() -> Snapshot {
    Snapshot::new(Platform::Linux)
        .file(
            "/etc/os-release",
            "NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"12\"\n",
        )
        .file("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n")
        .file("/sys/class/dmi/id/sys_vendor", "LENOVO\n")
        .file("/sys/class/dmi/id/product_name", "20UJ001TRT\n")
        .file("/sys/class/dmi/id/product_version", "ThinkPad T14s Gen 1\n")
        .file(
            "/proc/net/route",
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
             eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n",
        )
}

fn recorded_collector(snapshot: Snapshot) -> (Consent, Collector, Arc<Recording<Snapshot>>) {
    let consent = Consent::new();
    let rec = Arc::new(Recording::new(snapshot));
    let collector = Collector::builder(consent.clone())
        .source(rec.clone())
        .build();
    (consent, collector, rec)
}

#[test]
fn nothing_is_read_before_a_grant() {
    let (_consent, collector, rec) = recorded_collector(debian_box());
    assert!(matches!(collector.collect(), Err(Error::ConsentRequired)));
    collector.set_orientation(HostOrientation::new(Orientation::PortraitPrimary, Some(0)).unwrap());
    assert!(matches!(collector.collect(), Err(Error::ConsentRequired)));
    assert_eq!(rec.queries(), Vec::<Query>::new());
}

#[test]
fn an_empty_grant_is_no_grant() {
    let (consent, collector, rec) = recorded_collector(debian_box());
    consent.grant([]);
    assert!(matches!(collector.collect(), Err(Error::ConsentRequired)));
    assert!(rec.queries().is_empty());
}

#[test]
fn only_permitted_fields_are_read_and_the_rest_are_listed() {
    let (consent, collector, rec) = recorded_collector(debian_box());
    consent.grant([Purpose::Compatibility]);
    let report = collector.collect().unwrap();
    for q in rec.queries() {
        let name = q.name();
        assert!(
            !name.starts_with("/proc/net")
                && !name.starts_with("/sys/class/net")
                && !name.starts_with("/sys/bus/iio")
                && !name.starts_with("/sys/class/drm")
                && q != Query::Interfaces
                && q != Query::Display,
            "compatibility alone must not read {q:?}"
        );
    }
    for f in [
        Field::NetworkIp,
        Field::NetworkConnectionType,
        Field::ScreenOrientation,
    ] {
        assert_eq!(report.omission(f), Some(OmitReason::NotPermitted), "{f}");
    }
    assert_eq!(report.purposes, vec![Purpose::Compatibility]);
    assert_eq!(report.os.os_type, Some(devprobe::OsType::Linux));
    assert_every_field_accounted_for(&report);
}

#[test]
fn every_field_is_present_or_omitted_exactly_once() {
    let (consent, collector, _rec) = recorded_collector(debian_box());
    consent.grant(Purpose::ALL.iter().copied());
    let report = collector.collect().unwrap();
    assert_every_field_accounted_for(&report);
    let json = report.to_json().unwrap();
    assert!(!json.contains("null"), "{json}");
    assert!(!json.to_lowercase().contains("unknown\""), "{json}");
    let back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report);
}

#[test]
fn host_pushed_orientation_is_reported_only_when_granted() {
    let (consent, collector, _rec) = recorded_collector(debian_box());
    collector
        .set_orientation(HostOrientation::new(Orientation::LandscapeSecondary, Some(270)).unwrap());
    consent.grant([Purpose::Compatibility]);
    let report = collector.collect().unwrap();
    assert_eq!(report.screen.orientation, None);
    assert_eq!(
        report.omission(Field::ScreenOrientation),
        Some(OmitReason::NotPermitted)
    );
    consent.grant([Purpose::VideoOrientation]);
    let report = collector.collect().unwrap();
    assert_eq!(
        report.screen.orientation,
        Some(Orientation::LandscapeSecondary)
    );
    assert_eq!(report.screen.rotation_degrees, Some(270));
    assert_eq!(
        report.screen.source,
        Some(devprobe::OrientationSource::Host)
    );
}

#[test]
fn static_facts_are_read_once_and_dropped_on_withdrawal() {
    let (consent, collector, rec) = recorded_collector(debian_box());
    consent.grant([Purpose::Compatibility]);
    let first = collector.collect().unwrap();
    let reads = rec.queries().len();
    assert!(reads > 0);
    let second = collector.collect().unwrap();
    assert_eq!(
        rec.queries().len(),
        reads,
        "static facts must come from memory"
    );
    assert_eq!(first.os, second.os);

    consent.withdraw();
    consent.withdraw();
    assert!(matches!(collector.collect(), Err(Error::ConsentRequired)));
    consent.grant([Purpose::Compatibility]);
    collector.collect().unwrap();
    assert_eq!(
        rec.queries().len(),
        2 * reads,
        "withdrawal must drop the cache"
    );
}

/// A source that withdraws consent in the middle of a collect.
struct WithdrawingSource {
    inner: Snapshot,
    consent: Consent,
}

impl devprobe::source::Source for WithdrawingSource {
    fn platform(&self) -> Platform {
        self.inner.platform()
    }
    fn query(&self, q: &Query) -> Result<devprobe::source::Answer, devprobe::source::SourceError> {
        self.consent.withdraw();
        self.inner.query(q)
    }
}

#[test]
fn a_collect_in_flight_during_withdrawal_returns_the_error() {
    let consent = Consent::new();
    let source = WithdrawingSource {
        inner: debian_box(),
        consent: consent.clone(),
    };
    let collector = Collector::builder(consent.clone()).source(source).build();
    consent.grant(Purpose::ALL.iter().copied());
    assert!(matches!(collector.collect(), Err(Error::ConsentRequired)));
}

#[test]
fn public_handles_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Collector>();
    check::<Consent>();
    check::<Report>();
    check::<Snapshot>();
    check::<Recording<Snapshot>>();
    check::<Error>();
}

#[track_caller]
fn assert_every_field_accounted_for(report: &Report) {
    let value = serde_json::to_value(report).unwrap();
    for f in Field::ALL {
        let (group, name) = f.as_str().split_once('.').unwrap();
        let present = value.get(group).and_then(|g| g.get(name)).is_some();
        let omitted = report.omitted.iter().filter(|o| o.field == *f).count();
        assert!(
            present ^ (omitted == 1),
            "{f}: present={present}, omitted {omitted} times"
        );
    }
}

#[test]
fn a_pushed_rotation_that_is_no_quarter_turn_is_never_reported() {
    let (consent, collector, _rec) = recorded_collector(debian_box());
    consent.grant([Purpose::VideoOrientation]);
    let mut pushed = HostOrientation::new(Orientation::PortraitPrimary, Some(90)).unwrap();
    pushed.rotation_degrees = Some(12345);
    collector.set_orientation(pushed);
    let report = collector.collect().unwrap();
    assert_eq!(
        report.screen.orientation,
        Some(Orientation::PortraitPrimary)
    );
    assert_eq!(report.screen.rotation_degrees, None);
    assert_eq!(
        report.omission(Field::ScreenRotationDegrees),
        Some(OmitReason::Malformed)
    );
}

#[test]
fn a_narrower_grant_drops_what_the_host_pushed_for_the_dropped_purpose() {
    let (consent, collector, _rec) = recorded_collector(debian_box());
    consent.grant([Purpose::VideoOrientation, Purpose::Compatibility]);
    collector
        .set_orientation(HostOrientation::new(Orientation::LandscapePrimary, Some(90)).unwrap());
    assert_eq!(
        collector.collect().unwrap().screen.orientation,
        Some(Orientation::LandscapePrimary)
    );
    // Video orientation withdrawn, then granted again: the old push is gone.
    consent.grant([Purpose::Compatibility]);
    consent.grant([Purpose::Compatibility, Purpose::VideoOrientation]);
    let report = collector.collect().unwrap();
    assert_eq!(report.screen.orientation, None);
    assert_eq!(report.screen.source, None);
    // Dropping another purpose keeps the push.
    collector.set_orientation(HostOrientation::new(Orientation::PortraitPrimary, Some(0)).unwrap());
    consent.grant([Purpose::VideoOrientation]);
    assert_eq!(
        collector.collect().unwrap().screen.orientation,
        Some(Orientation::PortraitPrimary)
    );
}
