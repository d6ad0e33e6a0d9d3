//! `os.sdk_level` on macOS and iOS is `unsupported` (an API level is Android's; Apple platforms
//! have none to read), not `not_found`, which would say a device lacked a value it could have.

use devprobe::source::Snapshot;
use devprobe::{Collector, Consent, Field, OmitReason, Platform, Purpose};

fn compatibility(snapshot: Snapshot) -> devprobe::Report {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).source(snapshot).build();
    consent.grant([Purpose::Compatibility]);
    collector.collect().unwrap()
}

#[test]
fn apple_sdk_level_is_unsupported() {
    let mac = Snapshot::new(Platform::MacOs)
        .sysctl("hw.model", "MacBookPro18,3")
        .sysctl("kern.osproductversion", "14.4.1")
        .sysctl("kern.osversion", "23E224")
        .sysctl("kern.osrelease", "23.4.0");
    let r = compatibility(mac);
    assert_eq!(r.os.version.as_deref(), Some("14.4.1"));
    assert_eq!(r.os.build_id.as_deref(), Some("23E224"));
    assert_eq!(r.os.sdk_level, None);
    assert_eq!(r.omission(Field::OsSdkLevel), Some(OmitReason::Unsupported));

    let phone = Snapshot::new(Platform::Ios)
        .sysctl("hw.machine", "iPhone15,2")
        .sysctl("kern.osproductversion", "16.1")
        .sysctl("kern.osversion", "20B82")
        .sysctl("kern.osrelease", "22.1.0");
    let r = compatibility(phone);
    assert_eq!(r.os.version.as_deref(), Some("16.1"));
    assert_eq!(r.omission(Field::OsSdkLevel), Some(OmitReason::Unsupported));
}
