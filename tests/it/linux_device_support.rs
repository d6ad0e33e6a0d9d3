//! Helpers shared by the Linux device tests: finding the corpus, reading its TSV files, and
//! turning a row of DMI values into a snapshot and a report.

use std::collections::HashMap;
use std::path::PathBuf;

use devprobe::source::Snapshot;
use devprobe::{Collector, Consent, Device, Platform, Purpose, Report};

/// The DMI files a row may carry, in `/sys/class/dmi/id/`.
pub const DMI_FIELDS: [&str; 6] = [
    "sys_vendor",
    "product_name",
    "product_version",
    "product_family",
    "board_vendor",
    "board_name",
];

/// `../shared/corpus/<sub>`, or `None` when it is absent (see [`crate::corpus::dir`]).
/// Under `CI=true` an absent corpus fails the test.
pub fn corpus(sub: &str) -> Option<PathBuf> {
    crate::corpus::dir(sub)
}

/// A TSV file as rows of column name → value.
pub fn read_tsv(path: &std::path::Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split('\t')
        .map(str::to_owned)
        .collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split('\t').map(str::to_owned))
                .collect()
        })
        .collect()
}

/// A Linux snapshot whose `/sys/class/dmi/id/` holds `row`'s DMI values, each as the kernel
/// writes it (value plus newline; an empty value is an empty line).
pub fn dmi_snapshot(row: &HashMap<String, String>) -> Snapshot {
    let mut snap = Snapshot::new(Platform::Linux);
    for field in DMI_FIELDS {
        if let Some(value) = row.get(field) {
            snap = snap.file(&format!("/sys/class/dmi/id/{field}"), format!("{value}\n"));
        }
    }
    snap
}

/// The report of `snapshot` with `compatibility` granted.
pub fn report(snapshot: Snapshot) -> Report {
    let consent = Consent::new();
    consent.grant([Purpose::Compatibility]);
    Collector::builder(consent)
        .source(snapshot)
        // Values, not speed: no deadline, so a loaded machine cannot turn a case into timed_out.
        .deadline(std::time::Duration::MAX)
        .build()
        .collect()
        .unwrap()
}

/// The device object of `snapshot`.
pub fn device(snapshot: Snapshot) -> Device {
    report(snapshot).device
}
