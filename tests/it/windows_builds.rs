//! Conformance against `../shared/corpus/windows/builds.tsv`: for every build it lists, a
//! snapshot of that build with each product type it shipped as gives the right product name,
//! marketing version and display version.
//!
//! The expected values are written out below (not taken from the crate's table) and tied to the
//! corpus row: its display version column, and the version appearing in its product or notes.

// Test helpers unwrap and panic like the tests they serve (clippy.toml allows it only inside

use devprobe::source::{RegValue, Snapshot, WindowsVersion};
use devprobe::{Collector, Consent, Field, OmitReason, Platform, Purpose, Report};

const CV: &str = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion";

/// `(build, as a workstation: (name, version), as a server: (name, version))`.
type Expected = (
    u32,
    Option<(&'static str, &'static str)>,
    Option<(&'static str, &'static str)>,
);

const EXPECTED: &[Expected] = &[
    (2600, Some(("Windows XP", "XP")), None),
    (
        3790,
        Some(("Windows XP", "XP")),
        Some(("Windows Server 2003", "2003")),
    ),
    (
        6002,
        Some(("Windows Vista", "Vista")),
        Some(("Windows Server 2008", "2008")),
    ),
    (
        7601,
        Some(("Windows 7", "7")),
        Some(("Windows Server 2008 R2", "2008 R2")),
    ),
    (
        9200,
        Some(("Windows 8", "8")),
        Some(("Windows Server 2012", "2012")),
    ),
    (
        9600,
        Some(("Windows 8.1", "8.1")),
        Some(("Windows Server 2012 R2", "2012 R2")),
    ),
    (10240, Some(("Windows 10", "10")), None),
    (10586, Some(("Windows 10", "10")), None),
    (
        14393,
        Some(("Windows 10", "10")),
        Some(("Windows Server 2016", "2016")),
    ),
    (15063, Some(("Windows 10", "10")), None),
    (16299, Some(("Windows 10", "10")), None),
    (17134, Some(("Windows 10", "10")), None),
    (
        17763,
        Some(("Windows 10", "10")),
        Some(("Windows Server 2019", "2019")),
    ),
    (18362, Some(("Windows 10", "10")), None),
    (18363, Some(("Windows 10", "10")), None),
    (19041, Some(("Windows 10", "10")), None),
    (19042, Some(("Windows 10", "10")), None),
    (19043, Some(("Windows 10", "10")), None),
    (19044, Some(("Windows 10", "10")), None),
    (19045, Some(("Windows 10", "10")), None),
    (20348, None, Some(("Windows Server 2022", "2022"))),
    (22000, Some(("Windows 11", "11")), None),
    (22621, Some(("Windows 11", "11")), None),
    (22631, Some(("Windows 11", "11")), None),
    (25398, None, Some(("Windows Server, version 23H2", "23H2"))),
    (
        26100,
        Some(("Windows 11", "11")),
        Some(("Windows Server 2025", "2025")),
    ),
    (26200, Some(("Windows 11", "11")), None),
    (28000, Some(("Windows 11", "11")), None),
];

struct Row {
    build: u32,
    product: String,
    display_version: Option<String>,
    notes: String,
}

fn corpus() -> Option<Vec<Row>> {
    let path = crate::corpus::dir("windows")?.join("builds.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rows = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let col = |i: usize| cols.get(i).copied().unwrap_or("").trim().to_owned();
            let version = col(2);
            Row {
                build: col(0)
                    .parse()
                    .unwrap_or_else(|_| panic!("bad build in {line:?}")),
                product: col(1),
                display_version: (!version.is_empty() && !version.starts_with("NT "))
                    .then_some(version),
                notes: col(4),
            }
        })
        .collect();
    Some(rows)
}

fn report(snapshot: Snapshot) -> Report {
    let consent = Consent::new();
    let collector = Collector::builder(consent.clone()).source(snapshot).build();
    consent.grant([Purpose::Compatibility]);
    collector.collect().unwrap()
}

fn kernel_only(build: u32, product_type: u8) -> Snapshot {
    let (major, minor) = match build {
        0..3000 => (5, 1),
        3000..6000 => (5, 2),
        6000..7600 => (6, 0),
        7600..9200 => (6, 1),
        9200..9600 => (6, 2),
        9600..10240 => (6, 3),
        _ => (10, 0),
    };
    Snapshot::new(Platform::Windows).windows_version(WindowsVersion::new(
        major,
        minor,
        build,
        product_type,
    ))
}

#[track_caller]
fn check(row: &Row, product_type: u8, name: &str, version: &str) {
    let text = format!("{} {}", row.product, row.notes);
    assert!(
        text.contains(version),
        "corpus row {} does not mention {version:?}: {text}",
        row.build
    );
    let r = report(kernel_only(row.build, product_type));
    let what = format!("build {} product type {product_type}", row.build);
    assert_eq!(r.os.name.as_deref(), Some(name), "{what}: os.name");
    assert_eq!(r.os.version.as_deref(), Some(version), "{what}: os.version");
    assert_eq!(
        r.os.display_version, row.display_version,
        "{what}: os.display_version"
    );
    assert_eq!(
        r.os.build_id.as_deref(),
        Some(row.build.to_string().as_str()),
        "{what}: os.build_id"
    );
    if row.display_version.is_none() {
        assert_eq!(
            r.omission(Field::OsDisplayVersion),
            Some(OmitReason::NotFound),
            "{what}"
        );
    }
}

#[test]
fn every_corpus_build_as_workstation_server_and_domain_controller() {
    let Some(rows) = corpus() else { return };
    assert!(rows.len() >= 28, "corpus has only {} rows", rows.len());
    let mut checked = 0;
    for row in &rows {
        let Some((_, workstation, server)) = EXPECTED.iter().find(|e| e.0 == row.build) else {
            panic!(
                "corpus build {} ({}) has no expected values here",
                row.build, row.product
            );
        };
        if let Some((name, version)) = workstation {
            check(row, 1, name, version);
            checked += 1;
        }
        if let Some((name, version)) = server {
            check(row, 3, name, version);
            check(row, 2, name, version);
            checked += 2;
        }
    }
    println!("{checked} build/product-type snapshots checked");
    assert_eq!(checked, 26 + 2 * 10);
}

#[test]
fn windows_11_rows_whose_product_name_says_10() {
    let Some(rows) = corpus() else { return };
    let mut checked = 0;
    for row in rows.iter().filter(|r| r.product == "Windows 11") {
        let s = kernel_only(row.build, 1)
            .registry(
                CV,
                "CurrentBuildNumber",
                RegValue::Sz(row.build.to_string()),
            )
            .registry(CV, "ProductName", RegValue::Sz("Windows 10 Pro".into()))
            .registry(CV, "EditionID", RegValue::Sz("Professional".into()));
        let r = report(s);
        assert_eq!(
            r.os.name.as_deref(),
            Some("Windows 11 Pro"),
            "build {}",
            row.build
        );
        assert_eq!(r.os.version.as_deref(), Some("11"), "build {}", row.build);
        checked += 1;
    }
    assert_eq!(checked, 6);
}

#[test]
fn compatibility_answer_9200_for_every_later_corpus_build() {
    // Any later build, read by a program that gets the 6.2.9200 compatibility answer from the
    // kernel: the registry's build wins.
    let Some(rows) = corpus() else { return };
    let nine_two = rows
        .iter()
        .find(|r| r.build == 9200)
        .expect("corpus lists 9200");
    assert!(nine_two.notes.contains("6.2.9200"), "{}", nine_two.notes);
    for row in rows.iter().filter(|r| r.build > 9200) {
        let Some((_, Some((name, version)), _)) = EXPECTED.iter().find(|e| e.0 == row.build) else {
            continue;
        };
        let s = kernel_only(9200, 1).registry(
            CV,
            "CurrentBuildNumber",
            RegValue::Sz(row.build.to_string()),
        );
        let r = report(s);
        assert_eq!(r.os.name.as_deref(), Some(*name), "build {}", row.build);
        assert_eq!(
            r.os.version.as_deref(),
            Some(*version),
            "build {}",
            row.build
        );
        assert_eq!(
            r.os.display_version, row.display_version,
            "build {}",
            row.build
        );
    }
}
