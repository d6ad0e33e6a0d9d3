//! Conformance against `../shared/corpus/android/`: real getprop dumps and partition build.prop
//! sets (generic QSSI/missi system partitions, Pixel's "mainline" system model, a 2011 tablet,
//! firmware whose build.prop files hold only a manufacturer). Each case's `expected.tsv` row
//! gives the exact brand, manufacturer, model, market name, release and SDK level.

use std::path::{Path, PathBuf};

use devprobe::source::{Query, Snapshot, Source};
use devprobe::{Collector, Consent, Platform, Purpose, Report};

fn corpus() -> Option<PathBuf> {
    crate::corpus::dir("android")
}

/// One row of `expected.tsv`; empty columns are `None` (the field must be omitted).
#[derive(Debug)]
struct Expected {
    case: String,
    brand: Option<String>,
    brand_canonical: Option<String>,
    manufacturer: Option<String>,
    model: Option<String>,
    market_name: Option<String>,
    release: Option<String>,
    sdk: Option<u32>,
}

fn rows(dir: &Path) -> Vec<Expected> {
    let text = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(
        header.get(..8).unwrap(),
        [
            "case",
            "brand",
            "brand_canonical",
            "manufacturer",
            "model",
            "market_name",
            "release",
            "sdk"
        ]
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let opt = |i: usize| Some(c[i].trim().to_owned()).filter(|s| !s.is_empty());
            Expected {
                case: c[0].to_owned(),
                brand: opt(1),
                brand_canonical: opt(2),
                manufacturer: opt(3),
                model: opt(4),
                market_name: opt(5),
                release: opt(6),
                sdk: opt(7).map(|s| s.parse().unwrap()),
            }
        })
        .collect()
}

fn collect(snapshot: Snapshot) -> Report {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(snapshot)
        // Conformance is about values, not speed: no deadline on a loaded machine.
        .deadline(std::time::Duration::MAX)
        .build();
    consent.grant([Purpose::Compatibility]);
    collector.collect().unwrap()
}

/// Compares one case; returns a line per mismatch.
fn check(dir: &Path, e: &Expected) -> Vec<String> {
    let snap = Snapshot::from_dir(dir.join("cases").join(&e.case)).unwrap();
    let mut bad = Vec::new();
    let mut same = |what: &str, got: Option<String>, want: &Option<String>| {
        if got != *want {
            bad.push(format!("{}: {what} is {got:?}, expected {want:?}", e.case));
        }
    };
    // The runtime property store (a getprop dump, or init's emulation over build.prop files).
    let prop = |name: &str| match snap.query(&Query::Property(name.into())) {
        Ok(devprobe::source::Answer::Text(t)) if !t.is_empty() => Some(t),
        _ => None,
    };
    same("ro.product.brand", prop("ro.product.brand"), &e.brand);

    assert_eq!(snap.platform(), Platform::Android);
    let r = collect(snap);
    same("device.brand", r.device.brand, &e.brand_canonical);
    same(
        "device.manufacturer",
        r.device.manufacturer,
        &e.manufacturer,
    );
    match &e.market_name {
        Some(_) => {
            same("device.model", r.device.model, &e.market_name);
            same(
                "device.model_identifier",
                r.device.model_identifier,
                &e.model,
            );
        }
        None => {
            same("device.model", r.device.model, &e.model);
            // The code is the identifier even when it is the model too.
            same(
                "device.model_identifier",
                r.device.model_identifier,
                &e.model,
            );
        }
    }
    same("os.name", r.os.name, &Some("Android".into()));
    same("os.version", r.os.version, &e.release);
    same(
        "os.sdk_level",
        r.os.sdk_level.map(|s| s.to_string()),
        &e.sdk.map(|s| s.to_string()),
    );
    bad
}

#[test]
fn every_android_corpus_case_reports_its_expected_identity() {
    let Some(dir) = corpus() else { return };
    let rows = rows(&dir);
    assert_eq!(rows.len(), 10, "the corpus lists 10 cases");
    let failures: Vec<String> = rows.iter().flat_map(|e| check(&dir, e)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn xiaomi_12x_psyche_ignores_the_qssi_system_identity() {
    let Some(dir) = corpus() else { return };
    let r = collect(Snapshot::from_dir(dir.join("cases/xiaomi_12x_psyche")).unwrap());
    assert_eq!(r.device.brand.as_deref(), Some("Xiaomi"));
    assert_eq!(r.device.model.as_deref(), Some("Xiaomi 12X"));
    assert_eq!(r.device.model_identifier.as_deref(), Some("2112123AG"));
    assert_eq!(r.os.build_id.as_deref(), Some("SKQ1.211230.001"));
}

#[test]
fn google_pixel5_redfin_build_props_derive_the_product_identity() {
    let Some(dir) = corpus() else { return };
    let snap = Snapshot::from_dir(dir.join("cases/google_pixel5_redfin")).unwrap();
    assert_eq!(
        snap.query(&Query::Property("ro.product.model".into())),
        Ok(devprobe::source::Answer::Text("Pixel 5".into()))
    );
    let r = collect(snap);
    assert_eq!(r.device.brand.as_deref(), Some("Google"));
    assert_eq!(r.device.model.as_deref(), Some("Pixel 5"));
    assert_eq!(r.os.version.as_deref(), Some("11"));
    assert_eq!(r.os.sdk_level, Some(30));
    assert_eq!(r.os.build_id.as_deref(), Some("RQ1A.210105.003"));
}

#[test]
fn realme2_oppo_rmx1805_has_only_a_manufacturer() {
    let Some(dir) = corpus() else { return };
    let r = collect(Snapshot::from_dir(dir.join("cases/realme2_oppo_rmx1805")).unwrap());
    assert_eq!(r.device.brand.as_deref(), Some("OPPO"));
    assert_eq!(r.device.manufacturer.as_deref(), Some("OPPO"));
    assert_eq!(r.device.model, None);
    assert_eq!(r.os.version.as_deref(), Some("9"));
    assert_eq!(r.os.sdk_level, None);
    assert_eq!(
        r.omission(devprobe::Field::DeviceModel),
        Some(devprobe::OmitReason::NotFound)
    );
}
