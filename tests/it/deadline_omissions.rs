//! A short deadline never loses a field: with every purpose granted and deadlines from zero to
//! a few milliseconds (so that some reads finish and others do not), every field of every
//! Android and Linux corpus snapshot is either present or listed in `omitted` exactly once.

use std::time::Duration;

use devprobe::source::Snapshot;
use devprobe::{Collector, Consent, Field, Purpose, Report};

use crate::corpus;

fn check(report: &Report, case: &str) {
    let json = serde_json::to_value(report).unwrap();
    for f in Field::ALL {
        let (group, member) = f.as_str().split_once('.').unwrap();
        let present = json.get(group).and_then(|g| g.get(member)).is_some();
        let listed = report.omitted.iter().filter(|o| o.field == *f).count();
        assert_eq!(
            usize::from(present) + listed,
            1,
            "{case}: {f} present {present}, listed {listed} times: {:?}",
            report.omitted
        );
    }
}

#[test]
fn every_field_is_present_or_omitted_once_whatever_the_deadline() {
    let mut cases = 0;
    for sub in ["android/cases", "linux-release/cases"] {
        let Some(dir) = corpus::dir(sub) else {
            return;
        };
        let mut dirs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        dirs.sort();
        for path in dirs.iter().take(12) {
            let snapshot = Snapshot::from_dir(path).unwrap();
            for micros in [0, 50, 500, 3_000] {
                let consent = Consent::new();
                consent.grant(Purpose::ALL.iter().copied());
                let collector = Collector::builder(consent)
                    .source(snapshot.clone())
                    .deadline(Duration::from_micros(micros))
                    .build();
                // Twice: the first collect is the cold path, the second may run inline.
                for _ in 0..2 {
                    let report = collector.collect().unwrap();
                    check(&report, &format!("{} at {micros} µs", path.display()));
                    cases += 1;
                }
            }
        }
    }
    assert!(cases > 0);
}
