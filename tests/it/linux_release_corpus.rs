//! The `linux-release` corpus: 60 real systems' `/etc` (and `/usr/lib/os-release`), each replayed
//! as a snapshot through the collector, must give exactly the `os_id`, `os_name` and
//! `os_version` of `expected.tsv` (an empty cell: the field is omitted `not_found`).
//!
//! The corpus is read from `../shared/corpus` next to the crate; without it the test prints why
//! it skips, and fails under `CI=true`.

use std::path::{Path, PathBuf};

use devprobe::source::Snapshot;
use devprobe::{Collector, Consent, Field, OmitReason, Purpose, Report};

fn corpus_dir() -> Option<PathBuf> {
    crate::corpus::dir("linux-release")
}

fn collect(case: &Path) -> Result<Report, String> {
    let snapshot = Snapshot::from_dir(case).map_err(|e| e.to_string())?;
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone())
        .source(snapshot)
        // Conformance is about values, not speed: no deadline on a loaded machine.
        .deadline(std::time::Duration::MAX)
        .build();
    consent.grant([Purpose::Compatibility]);
    collector.collect().map_err(|e| e.to_string())
}

/// The differences between `report` and one expected value; empty when it matches.
fn compare(report: &Report, field: Field, got: Option<&str>, want: &str) -> Option<String> {
    if want.is_empty() {
        let reason = report.omission(field);
        return (got.is_some() || reason != Some(OmitReason::NotFound))
            .then(|| format!("{field}: got {got:?} ({reason:?}), want omitted not_found"));
    }
    (got != Some(want)).then(|| {
        let reason = report.omission(field);
        format!("{field}: got {got:?} (omitted: {reason:?}), want {want:?}")
    })
}

#[test]
fn every_case_gives_the_expected_os() {
    let Some(dir) = corpus_dir() else { return };
    let table = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (c_case, c_id, c_name, c_version) =
        (col("case"), col("os_id"), col("os_name"), col("os_version"));

    let mut failures = Vec::new();
    let mut cases = 0;
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let row: Vec<&str> = line.split('\t').collect();
        let cell = |i: usize| row.get(i).copied().unwrap_or("");
        let case = cell(c_case);
        cases += 1;
        let report = match collect(&dir.join("cases").join(case)) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{case}: {e}"));
                continue;
            }
        };
        let os = &report.os;
        let diffs: Vec<String> = [
            compare(&report, Field::OsId, os.id.as_deref(), cell(c_id)),
            compare(&report, Field::OsName, os.name.as_deref(), cell(c_name)),
            compare(
                &report,
                Field::OsVersion,
                os.version.as_deref(),
                cell(c_version),
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !diffs.is_empty() {
            failures.push(format!("{case}: {}", diffs.join("; ")));
        }
    }
    println!(
        "linux-release corpus: {} of {cases} cases match",
        cases - failures.len()
    );
    assert_eq!(cases, 60, "expected.tsv should list 60 cases");
    assert!(
        failures.is_empty(),
        "{} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
