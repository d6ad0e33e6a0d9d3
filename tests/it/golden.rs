//! Golden reports: every snapshot folder under `tests/` and `../shared/corpus`, and every DMI set
//! and Apple model identifier of the corpus built as a snapshot, gives the report JSON recorded in
//! `tests/golden/` (all purposes, `IpPrecision::Full`, no deadline, `collected_at` masked).
//! Folders are compared byte for byte; the corpus tables, whose reports would take megabytes, by a
//! 64-bit FNV-1a hash of each report per row. A deliberate change to reports is re-recorded with
//! `DEVPROBE_BLESS=1 cargo test --test it golden::` and explained in its commit.

use crate::linux_device_support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use devprobe::source::{RegValue, Snapshot};
use devprobe::{Collector, Consent, IpPrecision, Platform, Purpose, Report};
use linux_device_support::{DMI_FIELDS, corpus, dmi_snapshot, read_tsv};

const ALL: [Purpose; 4] = [
    Purpose::Compatibility,
    Purpose::ServerSelection,
    Purpose::Connectivity,
    Purpose::VideoOrientation,
];

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn bless() -> bool {
    std::env::var("DEVPROBE_BLESS").as_deref() == Ok("1")
}

/// The report of `snapshot` with every purpose granted, the full IP and no deadline, as indented
/// JSON with `collected_at` masked.
fn golden_json(snapshot: Snapshot) -> String {
    let consent = Consent::new();
    consent.grant(ALL);
    let report: Report = Collector::builder(consent)
        .source(snapshot)
        .ip_precision(IpPrecision::Full)
        .deadline(Duration::MAX)
        .build()
        .collect()
        .unwrap();
    let mut value = serde_json::to_value(&report).unwrap();
    value["collected_at"] = serde_json::Value::String("MASKED".into());
    serde_json::to_string_pretty(&value).unwrap() + "\n"
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Compares `actual` with the recorded file `name` (or records it under `DEVPROBE_BLESS=1`);
/// returns a line describing the difference, if any.
fn check(name: &str, actual: &str) -> Option<String> {
    let path = golden_dir().join(name);
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return None;
    }
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == actual => None,
        Ok(expected) => {
            let first = expected
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
            Some(format!(
                "{name}: differs from line {}:\n  recorded: {:?}\n  now:      {:?}",
                first + 1,
                expected.lines().nth(first),
                actual.lines().nth(first)
            ))
        }
        Err(e) => Some(format!("{name}: no recording ({e})")),
    }
}

/// Every folder below `root` that holds a `platform` file, sorted.
fn snapshot_dirs(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if dir.join("platform").is_file() {
            found.push(dir);
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(entry.path());
            }
        }
    }
    found.sort();
    found
}

fn assert_clean(differences: &[String]) {
    assert!(
        differences.is_empty(),
        "{} golden difference(s):\n{}",
        differences.len(),
        differences.join("\n")
    );
}

#[test]
fn snapshot_folders_give_the_recorded_reports() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![("tests", repo.join("tests"))];
    if let Some(dir) = corpus("") {
        roots.push(("corpus", dir));
    }
    let mut differences = Vec::new();
    let mut count = 0;
    for (label, root) in roots {
        for dir in snapshot_dirs(&root) {
            let rel = dir.strip_prefix(&root).unwrap().to_string_lossy();
            let name = format!("{label}/{}.json", rel.replace('/', "__"));
            let snapshot = Snapshot::from_dir(&dir).unwrap();
            differences.extend(check(&name, &golden_json(snapshot)));
            count += 1;
        }
    }
    assert!(count >= 1, "no snapshot folders found");
    println!("{count} snapshot folders compared");
    assert_clean(&differences);
}

const BIOS: &str = r"HKLM\HARDWARE\DESCRIPTION\System\BIOS";
const REGISTRY_NAMES: [&str; 6] = [
    "SystemManufacturer",
    "SystemProductName",
    "SystemVersion",
    "SystemFamily",
    "BaseBoardManufacturer",
    "BaseBoardProduct",
];

#[test]
fn dmi_corpus_gives_the_recorded_reports_on_linux_and_windows() {
    let Some(dir) = corpus("linux-dmi") else {
        return;
    };
    let mut differences = Vec::new();
    for table in ["reports.tsv", "samples.tsv"] {
        let mut out = String::from("row\tlinux\twindows\n");
        for (i, row) in read_tsv(&dir.join(table)).iter().enumerate() {
            let linux = fnv1a(&golden_json(dmi_snapshot(row)));
            let mut windows = Snapshot::new(Platform::Windows);
            for (dmi, name) in DMI_FIELDS.iter().zip(REGISTRY_NAMES) {
                if let Some(value) = row.get(*dmi) {
                    windows = windows.registry(BIOS, name, RegValue::Sz(value.clone()));
                }
            }
            let windows = fnv1a(&golden_json(windows));
            writeln!(out, "{i}\t{linux:016x}\t{windows:016x}").unwrap();
        }
        differences.extend(check(&format!("dmi/{table}"), &out));
    }
    assert_clean(&differences);
}

#[test]
fn apple_model_tables_give_the_recorded_reports() {
    let Some(dir) = corpus("apple") else {
        return;
    };
    let mut differences = Vec::new();
    for (table, platform, name) in [
        ("ios_models.tsv", Platform::Ios, "hw.machine"),
        ("mac_models.tsv", Platform::MacOs, "hw.model"),
    ] {
        let mut out = String::from("model_identifier\treport\n");
        for row in read_tsv(&dir.join(table)) {
            let id = &row["model_identifier"];
            let snapshot = Snapshot::new(platform)
                .sysctl(name, id)
                .sysctl("kern.osproductversion", "14.4.1")
                .sysctl("kern.osversion", "23E224")
                .sysctl("kern.osrelease", "23.4.0");
            writeln!(out, "{id}\t{:016x}", fnv1a(&golden_json(snapshot))).unwrap();
        }
        differences.extend(check(&format!("apple/{table}"), &out));
    }
    assert_clean(&differences);
}
