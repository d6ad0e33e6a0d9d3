//! The consent matrix: every subset of the four purposes × {adult, minor with a guardian's
//! consent, minor without} × {granted fresh, restored from an older catalog version}, on a device
//! of every platform, gives exactly the permitted fields and errors — and the source sees no
//! query that a permitted field does not explain. Plus: nothing is read before consent, bad
//! stored grants are refused with typed errors, and a material change needs renewal.

use crate::consent_support;

use std::sync::Arc;

use consent_support::{DEVICE, NETWORK, OS, SCREEN, fields_that_may_cause, full_devices};
use devprobe::audit::AuditOutcome;
use devprobe::catalog::FieldSet;
use devprobe::catalog::{CATALOG_VERSION, Catalog};
use devprobe::source::{Query, Recording, Snapshot};
use devprobe::{
    Collector, Consent, ConsentStatus, Error, Field, HostNetwork, HostOrientation, Lang,
    OmitReason, Orientation, Purpose, Subject,
};

/// What each purpose covers, stated here from DESIGN.md's table — not read from the catalog, so
/// a wrong catalog fails this test.
fn design_fields(purpose: Purpose) -> Vec<Field> {
    match purpose {
        Purpose::Compatibility => DEVICE.iter().chain(OS).copied().collect(),
        Purpose::ServerSelection => vec![Field::NetworkIp],
        Purpose::Connectivity => NETWORK
            .iter()
            .copied()
            .filter(|f| *f != Field::NetworkIp)
            .collect(),
        Purpose::VideoOrientation => SCREEN.to_vec(),
        _ => unreachable!("a purpose DESIGN.md does not have"),
    }
}

/// The real catalog version 2: `network.effective_type` (for the web) and four path fields of
/// `connectivity` are new in it (issue 13), so
/// a grant restored from version 1 does not cover them.
const NEW_IN_V2: [Field; 4] = [
    Field::NetworkMetered,
    Field::NetworkConstrained,
    Field::NetworkCellularGeneration,
    Field::NetworkNat64,
];

fn catalog_v2() -> Catalog {
    Catalog::current()
}

fn subsets() -> Vec<Vec<Purpose>> {
    let all = [
        Purpose::Compatibility,
        Purpose::ServerSelection,
        Purpose::Connectivity,
        Purpose::VideoOrientation,
    ];
    (0u32..16)
        .map(|mask| {
            all.iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, p)| *p)
                .collect()
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Fresh,
    RestoredV1,
}

fn subject_json(subject: Subject) -> &'static str {
    match subject {
        Subject::Adult => r#"{"kind":"adult"}"#,
        Subject::Minor {
            guardian_consent: true,
        } => r#"{"kind":"minor","guardian_consent":true}"#,
        _ => r#"{"kind":"minor","guardian_consent":false}"#,
    }
}

fn grant_json_v1(purposes: &[Purpose], subject: Subject) -> String {
    let names: Vec<String> = purposes.iter().map(|p| format!("\"{p}\"")).collect();
    format!(
        r#"{{"purposes":[{}],"catalog_version":1,"subject":{},"granted_at":"2026-01-05T09:00:00Z"}}"#,
        names.join(","),
        subject_json(subject)
    )
}

#[track_caller]
fn check_case(
    device: &str,
    snapshot: &Snapshot,
    purposes: &[Purpose],
    subject: Subject,
    mode: Mode,
) {
    let case = format!("{device} {purposes:?} {subject:?} {mode:?}");
    let consent = Consent::with_catalog(catalog_v2());
    let rec = Arc::new(Recording::new(snapshot.clone()));
    let collector = Collector::builder(consent.clone())
        .source(rec.clone())
        .build();
    collector.set_orientation(HostOrientation::new(Orientation::PortraitPrimary, Some(0)).unwrap());

    let granted = match mode {
        Mode::Fresh => consent
            .grant_for(subject, purposes.iter().copied())
            .map(|_| ()),
        Mode::RestoredV1 => consent.restore_json(&grant_json_v1(purposes, subject)),
    };
    let minor_alone = subject
        == Subject::Minor {
            guardian_consent: false,
        };
    if minor_alone {
        assert!(
            matches!(granted, Err(Error::GuardianConsentRequired)),
            "{case}: {granted:?}"
        );
        assert_eq!(consent.status(), ConsentStatus::NotAsked, "{case}");
    } else {
        granted.unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(consent.needs_renewal(), mode == Mode::RestoredV1, "{case}");
    }

    let result = collector.collect();
    if minor_alone || purposes.is_empty() {
        assert!(
            matches!(result, Err(Error::ConsentRequired)),
            "{case}: {result:?}"
        );
        assert_eq!(
            rec.queries(),
            Vec::<Query>::new(),
            "{case}: read before consent"
        );
        return;
    }
    let report = result.unwrap_or_else(|e| panic!("{case}: {e}"));

    // A version-1 grant covers the fields catalog version 1 had: not the revision's, and not
    // those added since (version 2: network.effective_type).
    let catalog = catalog_v2();
    let covered_by_v1 = |f: Field| catalog.entry(f).is_some_and(|e| e.since <= 1);
    let mut expected = FieldSet::EMPTY;
    for p in purposes {
        for f in design_fields(*p) {
            if mode == Mode::Fresh || covered_by_v1(f) {
                expected.insert(f);
            }
        }
    }
    assert_eq!(report.purposes, purposes, "{case}");
    assert_eq!(
        report.catalog_version,
        if mode == Mode::Fresh {
            CATALOG_VERSION
        } else {
            1
        },
        "{case}"
    );
    let json = serde_json::to_value(&report).unwrap();
    for f in Field::ALL {
        let (group, member) = f.as_str().split_once('.').unwrap();
        let present = json.get(group).and_then(|g| g.get(member)).is_some();
        let reason = report.omission(*f);
        if expected.contains(*f) {
            assert_ne!(
                reason,
                Some(OmitReason::NotPermitted),
                "{case}: {f} is permitted"
            );
            assert!(
                present ^ reason.is_some(),
                "{case}: {f} present={present} omitted={reason:?}"
            );
        } else {
            assert_eq!(
                reason,
                Some(OmitReason::NotPermitted),
                "{case}: {f} is not permitted"
            );
            assert!(!present, "{case}: {f} is reported without permission");
        }
    }
    for q in rec.queries() {
        let causes = fields_that_may_cause(&q).unwrap_or_else(|| {
            panic!("{case}: no field explains {q:?}; add it to consent_support")
        });
        assert!(
            causes.iter().any(|f| expected.contains(*f)),
            "{case}: {q:?} serves only {causes:?}, none of them permitted"
        );
    }
    let audit = collector.audit();
    let last = audit.last().unwrap();
    assert_eq!(last.outcome, AuditOutcome::Reported, "{case}");
    assert_eq!(
        last.fields_read,
        expected.iter().collect::<Vec<_>>(),
        "{case}"
    );
    assert!(last.fields_from_memory.is_empty(), "{case}");
}

#[test]
fn consent_matrix() {
    let subjects = [
        Subject::Adult,
        Subject::Minor {
            guardian_consent: true,
        },
        Subject::Minor {
            guardian_consent: false,
        },
    ];
    let mut cases = 0;
    for (name, device) in full_devices() {
        for purposes in subsets() {
            for subject in subjects {
                for mode in [Mode::Fresh, Mode::RestoredV1] {
                    check_case(name, &device, &purposes, subject, mode);
                    cases += 1;
                }
            }
        }
    }
    assert_eq!(cases, 5 * 16 * 3 * 2);
}

#[test]
fn inert_before_consent() {
    for (name, device) in full_devices() {
        let consent = Consent::new();
        let rec = Arc::new(Recording::new(device));
        let collector = Collector::builder(consent.clone())
            .source(rec.clone())
            .build();
        collector
            .set_orientation(HostOrientation::new(Orientation::PortraitPrimary, Some(0)).unwrap());
        collector.set_network(HostNetwork::default());
        for _ in 0..3 {
            assert!(
                matches!(collector.collect(), Err(Error::ConsentRequired)),
                "{name}"
            );
        }
        consent.withdraw();
        assert!(
            matches!(collector.collect(), Err(Error::ConsentRequired)),
            "{name}"
        );
        assert_eq!(
            rec.queries(),
            Vec::<Query>::new(),
            "{name}: a query before consent"
        );
        let audit = collector.audit();
        assert_eq!(audit.len(), 4, "{name}");
        for entry in audit {
            assert_eq!(entry.outcome, AuditOutcome::ConsentRequired);
            assert!(entry.fields_read.is_empty() && entry.purposes.is_empty());
        }
    }
}

const STORED: &str = r#"{"purposes":["compatibility","connectivity"],"catalog_version":1,"subject":{"kind":"adult"},"granted_at":"2026-11-29T06:30:00Z"}"#;

#[track_caller]
fn check_refused(consent: &Consent, json: &str, expected: fn(&Error) -> bool) {
    let before = (consent.status(), consent.needs_renewal());
    let result = consent.restore_json(json);
    match &result {
        Err(e) if expected(e) => {}
        other => panic!("{json:?} gave {other:?}"),
    }
    assert_eq!(
        (consent.status(), consent.needs_renewal()),
        before,
        "{json:?} changed consent"
    );
}

#[test]
fn bad_stored_grants_are_refused_and_change_nothing() {
    let consent = Consent::new();
    consent.grant([Purpose::VideoOrientation]);
    // Every truncation of a good grant.
    for cut in 0..STORED.len() {
        check_refused(&consent, &STORED[..cut], |e| {
            matches!(e, Error::InvalidGrant(_))
        });
    }
    let future = STORED.replace(
        "\"catalog_version\":1",
        &format!("\"catalog_version\":{}", CATALOG_VERSION + 1),
    );
    check_refused(
        &consent,
        &future,
        |e| matches!(e, Error::FutureCatalog { found, supported } if *found == CATALOG_VERSION + 1 && *supported == CATALOG_VERSION),
    );
    let unknown = STORED.replace("\"connectivity\"", "\"advertising\"");
    check_refused(
        &consent,
        &unknown,
        |e| matches!(e, Error::UnknownPurpose(p) if p == "advertising"),
    );
    let zero = STORED.replace("\"catalog_version\":1", "\"catalog_version\":0");
    check_refused(&consent, &zero, |e| matches!(e, Error::InvalidGrant(_)));
    let extra = STORED.replace("\"granted_at\"", "\"device_id\":\"x\",\"granted_at\"");
    check_refused(&consent, &extra, |e| matches!(e, Error::InvalidGrant(_)));
    let minor = STORED.replace(
        r#"{"kind":"adult"}"#,
        r#"{"kind":"minor","guardian_consent":false}"#,
    );
    check_refused(&consent, &minor, |e| {
        matches!(e, Error::GuardianConsentRequired)
    });
    check_refused(&consent, "[]", |e| matches!(e, Error::InvalidGrant(_)));
    check_refused(&consent, "", |e| matches!(e, Error::InvalidGrant(_)));

    consent.restore_json(STORED).unwrap();
    let g = consent.grant_now().unwrap();
    assert_eq!(
        g.purposes,
        vec![Purpose::Compatibility, Purpose::Connectivity]
    );
    assert_eq!(g.granted_at, "2026-11-29T06:30:00Z");
}

#[test]
fn a_material_change_needs_renewal() {
    // The real catalog 2 (issue 13): a grant stored under catalog 1 is restored, the old
    // connectivity fields are collected, the four new ones are not_permitted until the host
    // renews consent, and after the renewal they are collected.
    let consent = Consent::new();
    assert_eq!(CATALOG_VERSION, 2);
    let device = consent_support::linux_full()
        .file("/sys/class/net/clat4/operstate", "unknown\n")
        .file("/sys/class/net/clat4/tun_flags", "0x1001\n");
    let collector = Collector::builder(consent.clone()).source(device).build();
    collector.set_network(
        HostNetwork::new(devprobe::ConnectionType::Cell)
            .connection_subtype(devprobe::ConnectionSubtype::Lte)
            .display_override(devprobe::DisplayOverride::NrNsa)
            .metered(true)
            .constrained(false),
    );
    consent.restore_json(STORED).unwrap();
    assert!(consent.needs_renewal());
    let report = collector.collect().unwrap();
    assert_eq!(report.catalog_version, 1);
    for f in NEW_IN_V2 {
        assert_eq!(report.omission(f), Some(OmitReason::NotPermitted), "{f}");
    }
    assert_eq!(
        report.network.connection_type,
        Some(devprobe::ConnectionType::Cell)
    );
    assert_eq!(report.network.ipv4, Some(true));
    assert_eq!(report.network.metered, None);
    assert_eq!(report.network.nat64, None);

    let changes = consent.renewal_changes();
    let en: Vec<String> = changes.iter().map(|c| c.describe(Lang::En)).collect();
    assert_eq!(
        en,
        vec![
            "New in catalog version 2: Connection speed class (measured by the browser) (network.effective_type), for Connectivity — Judge network access and reachability.",
            "New in catalog version 2: Metered network (network.metered), for Connectivity — Judge network access and reachability.",
            "New in catalog version 2: Data-saving mode (network.constrained), for Connectivity — Judge network access and reachability.",
            "New in catalog version 2: Cellular generation (2G–5G) (network.cellular_generation), for Connectivity — Judge network access and reachability.",
            "New in catalog version 2: IPv4 through NAT64 (network.nat64), for Connectivity — Judge network access and reachability.",
        ]
    );
    assert_eq!(
        changes[1].describe(Lang::ZhCn),
        "目录第 2 版新增：是否按流量计费（network.metered），用于“网络连通性”——判断网络接入方式与网络可达性。"
    );

    // The host shows the dialog and the user agrees: a grant under catalog 2.
    let renewed = consent.grant([Purpose::Compatibility, Purpose::Connectivity]);
    assert_eq!(renewed.catalog_version, CATALOG_VERSION);
    assert!(!consent.needs_renewal());
    assert!(consent.renewal_changes().is_empty());
    let report = collector.collect().unwrap();
    assert_eq!(report.catalog_version, 2);
    for f in NEW_IN_V2 {
        assert_eq!(report.omission(f), None, "{f}");
    }
    assert_eq!(report.network.metered, Some(true));
    assert_eq!(report.network.constrained, Some(false));
    assert_eq!(
        report.network.cellular_generation,
        Some(devprobe::CellularGeneration::G5)
    );
    assert_eq!(report.network.nat64, Some(true));
    assert_eq!(
        report.omission(Field::NetworkEffectiveType),
        Some(OmitReason::Unsupported)
    );
}

#[test]
fn a_grant_that_covers_no_field_reads_nothing() {
    // A later catalog in which the whole `video_orientation` purpose is new.
    let consent = Consent::with_catalog(
        Catalog::current().revised([Field::ScreenOrientation, Field::ScreenRotationDegrees]),
    );
    let rec = Arc::new(Recording::new(consent_support::linux_full()));
    let collector = Collector::builder(consent.clone())
        .source(rec.clone())
        .build();
    consent
        .restore_json(&grant_json_v1(&[Purpose::VideoOrientation], Subject::Adult))
        .unwrap();
    let report = collector.collect().unwrap();
    assert!(rec.queries().is_empty());
    assert_eq!(report.omitted.len(), Field::ALL.len());
    assert!(
        report
            .omitted
            .iter()
            .all(|o| o.reason == OmitReason::NotPermitted)
    );
}
