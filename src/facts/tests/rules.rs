//! [`Rules::live`] against [`Rules::every_platform`]: the same facts for a source of the live
//! platform; for any other platform's source (which the live source never is), nothing read.

use std::path::{Path, PathBuf};

use crate::facts::{Context, Facts, Rules};
use crate::field::FieldSet;
use crate::host::HostFacts;
use crate::report::{IpPrecision, OmitReason, Platform};
use crate::source::{Recording, Snapshot, Source};

fn facts(rules: Rules, source: &dyn Source) -> Facts {
    rules.run(&Context {
        source,
        wanted: FieldSet::all(),
        host: HostFacts::default(),
        ip_precision: IpPrecision::Full,
        previous_orientation: None,
    })
}

/// Every snapshot under `tests/fixtures/<platform>/<kind>/`.
fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs = Vec::new();
    for platform in std::fs::read_dir(root).unwrap() {
        for kind in std::fs::read_dir(platform.unwrap().path()).unwrap() {
            for snapshot in std::fs::read_dir(kind.unwrap().path()).unwrap() {
                let path = snapshot.unwrap().path();
                if path.join("platform").is_file() {
                    dirs.push(path);
                }
            }
        }
    }
    dirs.sort();
    dirs
}

#[test]
fn live_rules_give_every_platform_rules_facts_for_the_live_platform_and_read_nothing_else() {
    let (mut same, mut other) = (0, 0);
    for dir in fixtures() {
        let snapshot = Snapshot::from_dir(&dir).unwrap();
        let all = facts(Rules::every_platform(), &snapshot);
        let recording = Recording::new(snapshot);
        let live = facts(Rules::live(), &recording);
        if Platform::current() == Some(recording.platform()) {
            assert_eq!(live, all, "{}", dir.display());
            same += 1;
        } else {
            assert!(recording.queries().is_empty(), "{}", dir.display());
            let every_field_unsupported = FieldSet::all()
                .iter()
                .all(|f| live.omitted.get(&f) == Some(&OmitReason::Unsupported));
            assert!(every_field_unsupported, "{}", dir.display());
            other += 1;
        }
    }
    assert!(other > 0);
    if Platform::current() == Some(Platform::Linux) {
        assert!(same > 0);
    }
}
