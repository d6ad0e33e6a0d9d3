//! The committed disclosure files, read back with real parsers: the Apple privacy manifest as
//! strict XML 1.0 (`roxmltree`, which refuses what expat refuses, such as `--` inside a
//! comment) and as a property list (`plist`), the Play data-safety CSV with the `csv` reader,
//! and the report schema with `jsonschema`: valid against the draft 2020-12 meta-schema, and
//! every report devprobe makes from the snapshots valid against it.

use crate::consent_support::{every_snapshot, full_devices, root};
use devprobe::disclosure::SCHEMA_VERSION;
use devprobe::{Collector, Consent, IpPrecision, Purpose};
use plist::Value as Plist;
use serde_json::{Value, json};

fn committed(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

#[test]
fn the_privacy_manifest_is_well_formed_xml() {
    let text = committed("disclosures/PrivacyInfo.xcprivacy");
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(&text, options)
        .unwrap_or_else(|e| panic!("PrivacyInfo.xcprivacy is not well-formed XML: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "plist");
    assert_eq!(doc.root_element().attribute("version"), Some("1.0"));

    // The defect this guards against: a comment holding "--" (expat: "invalid token").
    let old = "<?xml version=\"1.0\"?>\n<!-- cargo run --example disclosures -->\n<plist/>";
    assert!(roxmltree::Document::parse(old).is_err());
}

#[test]
fn the_privacy_manifest_declares_exactly_what_is_collected() {
    let text = committed("disclosures/PrivacyInfo.xcprivacy");
    let manifest = Plist::from_reader_xml(text.as_bytes()).unwrap();
    let root = manifest.as_dictionary().unwrap();
    let keys: Vec<&str> = root.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "NSPrivacyTracking",
            "NSPrivacyTrackingDomains",
            "NSPrivacyCollectedDataTypes"
        ]
    );
    assert_eq!(root["NSPrivacyTracking"].as_boolean(), Some(false));
    assert_eq!(
        root["NSPrivacyTrackingDomains"].as_array().map(Vec::len),
        Some(0)
    );
    let declared = root["NSPrivacyCollectedDataTypes"].as_array().unwrap();
    let kinds: Vec<&str> = declared
        .iter()
        .map(|d| {
            let d = d.as_dictionary().unwrap();
            assert_eq!(
                d["NSPrivacyCollectedDataTypeLinked"].as_boolean(),
                Some(false)
            );
            assert_eq!(
                d["NSPrivacyCollectedDataTypeTracking"].as_boolean(),
                Some(false)
            );
            let purposes: Vec<&str> = d["NSPrivacyCollectedDataTypePurposes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_string().unwrap())
                .collect();
            assert_eq!(
                purposes,
                ["NSPrivacyCollectedDataTypePurposeAppFunctionality"]
            );
            d["NSPrivacyCollectedDataType"].as_string().unwrap()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "NSPrivacyCollectedDataTypeOtherDiagnosticData",
            "NSPrivacyCollectedDataTypeCoarseLocation"
        ]
    );
}

#[test]
fn the_play_csv_reads_back_row_by_row() {
    let text = committed("disclosures/play-data-safety.csv");
    assert!(text.ends_with("\r\n"), "records end in CRLF");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "Question ID (machine readable)",
            "Response ID (machine readable)",
            "Response value",
            "Answer requirement",
            "Human-friendly question label"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let diag = "PSL_DATA_USAGE_RESPONSES:PSL_PERFORMANCE_DIAGNOSTICS:";
    let loc = "PSL_DATA_USAGE_RESPONSES:PSL_APPROX_LOCATION:";
    let want: Vec<[String; 4]> = [
        [
            "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA",
            "",
            "true",
            "REQUIRED",
        ],
        [
            "PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT",
            "",
            "",
            "MAYBE_REQUIRED",
        ],
        [
            "PSL_DATA_TYPES_APP_PERFORMANCE",
            "PSL_PERFORMANCE_DIAGNOSTICS",
            "true",
            "MULTIPLE_CHOICE",
        ],
        [
            "PSL_DATA_TYPES_LOCATION",
            "PSL_APPROX_LOCATION",
            "true",
            "MULTIPLE_CHOICE",
        ],
    ]
    .into_iter()
    .map(|r| r.map(str::to_owned))
    .chain([diag, loc].into_iter().flat_map(|q| {
        [
            [
                "PSL_DATA_USAGE_COLLECTION_AND_SHARING",
                "PSL_DATA_USAGE_ONLY_COLLECTED",
                "true",
                "MULTIPLE_CHOICE",
            ],
            ["PSL_DATA_USAGE_EPHEMERAL", "", "", "MAYBE_REQUIRED"],
            [
                "DATA_USAGE_USER_CONTROL",
                "PSL_DATA_USAGE_USER_CONTROL_OPTIONAL",
                "true",
                "SINGLE_CHOICE",
            ],
            [
                "DATA_USAGE_COLLECTION_PURPOSE",
                "PSL_APP_FUNCTIONALITY",
                "true",
                "MULTIPLE_CHOICE",
            ],
        ]
        .map(|[sub, response, value, requirement]| {
            [
                format!("{q}{sub}"),
                response.into(),
                value.into(),
                requirement.into(),
            ]
        })
    }))
    .collect();
    let got: Vec<[String; 4]> = rows
        .iter()
        .map(|r| {
            assert_eq!(r.len(), 5, "{r:?}");
            [0, 1, 2, 3].map(|i| r[i].to_owned())
        })
        .collect();
    assert_eq!(got, want);
    // Labels keep their line breaks through the quoting.
    assert_eq!(&rows[3][4], "Location\nApproximate location");
}

fn schema() -> Value {
    serde_json::from_str(&committed("schema/report.schema.json")).unwrap()
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        json!("https://json-schema.org/draft/2020-12/schema")
    );
    if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
        panic!("schema/report.schema.json is not a valid 2020-12 schema: {e}");
    }
    // The meta-schema check is real: a schema with a wrongly typed keyword fails it.
    let broken = json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": 12});
    assert!(jsonschema::draft202012::meta::validate(&broken).is_err());
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema())
        .unwrap()
}

#[test]
fn every_snapshot_report_is_valid_and_broken_ones_are_not() {
    let validator = validator();
    let mut count = 0;
    let mut sample = None;
    let devices = every_snapshot()
        .into_iter()
        .chain(full_devices().into_iter().map(|(n, s)| (n.to_owned(), s)));
    for (name, snapshot) in devices {
        for precision in [IpPrecision::Omit, IpPrecision::Truncated, IpPrecision::Full] {
            let consent = Consent::new();
            let collector = Collector::builder(consent.clone())
                .source(snapshot.clone())
                .ip_precision(precision)
                .build();
            consent.grant(Purpose::ALL.iter().copied());
            let report = serde_json::to_value(collector.collect().unwrap()).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&report)
                .map(|e| format!("{}: {e}", e.instance_path()))
                .collect();
            assert_eq!(errors, Vec::<String>::new(), "{name} {precision}");
            if name == "linux_full" && precision == IpPrecision::Full {
                sample = Some(report);
            }
            count += 1;
        }
    }
    assert!(count >= 15, "{count} reports");

    // A full Linux report, broken one way at a time: each is refused.
    let full = sample.expect("the full Linux device");
    assert_eq!(full["schema_version"], json!(SCHEMA_VERSION));
    type Break = fn(&mut Value);
    let breaks: [(&str, Break); 6] = [
        ("a serial number", |r| {
            r["device"]["serial"] = json!("PF2XK7QZ")
        }),
        ("ethernet", |r| {
            r["network"]["connection_type"] = json!("ethernet")
        }),
        ("45 degrees", |r| {
            r["screen"]["rotation_degrees"] = json!(45)
        }),
        ("the next schema", |r| {
            r["schema_version"] = json!(SCHEMA_VERSION + 1);
        }),
        ("a null name", |r| r["os"]["name"] = Value::Null),
        ("a host name", |r| {
            r["network"]["ip"]["address"] = json!("router.local")
        }),
    ];
    for (what, break_it) in breaks {
        let mut bad = full.clone();
        break_it(&mut bad);
        assert!(!validator.is_valid(&bad), "a report with {what} passed");
    }
}
