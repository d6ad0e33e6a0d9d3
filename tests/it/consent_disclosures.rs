//! The disclosures cannot drift: the committed `PRIVACY.md` section, `schema/report.schema.json`,
//! `disclosures/PrivacyInfo.xcprivacy` and `disclosures/play-data-safety.csv` equal what the
//! generator produces; the schema cannot change without a `SCHEMA_VERSION` bump; real reports
//! validate against the schema; the Apple backend calls no required-reason API; and
//! `Report::explain` says what each field is and why a missing one is missing.

use crate::consent_support;

use std::sync::Arc;

use consent_support::{every_snapshot, root};
use devprobe::catalog::Catalog;
use devprobe::disclosure;
use devprobe::disclosure::SCHEMA_VERSION;
use devprobe::source::Recording;
use devprobe::{Collector, Consent, Field, IpPrecision, Lang, Purpose, Report};
use serde_json::Value;

const REGENERATE: &str = "run `cargo run --example disclosures` and commit the result";

#[test]
fn privacy_md_embeds_the_generated_catalog() {
    let doc = std::fs::read_to_string(root().join(disclosure::PRIVACY_MD)).unwrap();
    let embedded =
        disclosure::embedded(&doc).expect("PRIVACY.md has the generated-section markers");
    assert!(
        embedded == disclosure::catalog_section(&Catalog::current()),
        "PRIVACY.md's catalog section differs from the catalog: {REGENERATE}"
    );
    // The prose covers what the issue asks for, in both languages.
    for needle in [
        "IPv4",
        "/24",
        "/48",
        "监护人",
        "guardian",
        "从不读取",
        "Never read",
        "撤回",
        "withdraw",
    ] {
        assert!(
            doc.contains(needle),
            "PRIVACY.md does not mention {needle:?}"
        );
    }
}

#[test]
fn generated_files_are_committed() {
    for (path, contents) in disclosure::generated_files().unwrap() {
        let committed = std::fs::read_to_string(root().join(path)).unwrap_or_default();
        assert!(
            committed == contents,
            "{path} differs from the generator: {REGENERATE}"
        );
    }
}

/// FNV-1a, 64 bits: enough to notice any change to the schema text.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The schema text's hash for each `SCHEMA_VERSION`. A change to the report's shape changes the
/// schema; bump `SCHEMA_VERSION` in `src/report.rs` and add a line here (never edit an old one).
const SCHEMA_HASHES: &[(u32, u64)] = &[(1, 0xc678_0cc6_5da6_3ab4), (2, 0x3e3d_f12a_5900_d782)];

#[test]
fn a_schema_change_needs_a_schema_version_bump() {
    let hash = fnv1a(&disclosure::report_schema_json());
    let Some((_, recorded)) = SCHEMA_HASHES.iter().find(|(v, _)| *v == SCHEMA_VERSION) else {
        panic!(
            "SCHEMA_VERSION {SCHEMA_VERSION} has no recorded hash: add ({SCHEMA_VERSION}, {hash:#018x})"
        );
    };
    assert_eq!(
        *recorded,
        hash,
        "the report schema changed but SCHEMA_VERSION is still {SCHEMA_VERSION}: bump it, \
         regenerate the disclosures, and record ({}, {hash:#018x})",
        SCHEMA_VERSION + 1
    );
    let versions: Vec<u32> = SCHEMA_HASHES.iter().map(|(v, _)| *v).collect();
    assert_eq!(
        versions.last(),
        Some(&SCHEMA_VERSION),
        "SCHEMA_VERSION is the newest recorded"
    );
}

// ---- A validator for the subset of JSON Schema the generator emits -------------------------

fn validate(schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    let Some(s) = schema.as_object() else { return };
    if let Some(c) = s.get("const")
        && c != value
    {
        errors.push(format!("{path}: {value} is not {c}"));
    }
    if let Some(Value::Array(options)) = s.get("enum")
        && !options.contains(value)
    {
        errors.push(format!("{path}: {value} is not one of {options:?}"));
    }
    match s.get("type").and_then(Value::as_str) {
        Some("object") => {
            let Some(obj) = value.as_object() else {
                return errors.push(format!("{path}: not an object"));
            };
            let props = s.get("properties").and_then(Value::as_object);
            for req in s
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !obj.contains_key(req.as_str().unwrap()) {
                    errors.push(format!("{path}: missing {req}"));
                }
            }
            if let Some(min) = s.get("minProperties").and_then(Value::as_u64)
                && (obj.len() as u64) < min
            {
                errors.push(format!("{path}: fewer than {min} members"));
            }
            for (k, v) in obj {
                match props.and_then(|p| p.get(k)) {
                    Some(sub) => validate(sub, v, &format!("{path}.{k}"), errors),
                    None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                        errors.push(format!("{path}: unexpected member {k}"));
                    }
                    None => {}
                }
            }
        }
        Some("array") => {
            let Some(items) = value.as_array() else {
                return errors.push(format!("{path}: not an array"));
            };
            if s.get("uniqueItems") == Some(&Value::Bool(true)) {
                for (i, a) in items.iter().enumerate() {
                    if items[..i].contains(a) {
                        errors.push(format!("{path}: {a} repeated"));
                    }
                }
            }
            if let Some(item_schema) = s.get("items") {
                for (i, item) in items.iter().enumerate() {
                    validate(item_schema, item, &format!("{path}[{i}]"), errors);
                }
            }
        }
        Some("string") => match value.as_str() {
            None => errors.push(format!("{path}: not a string")),
            Some(text) => {
                let len = text.chars().count() as u64;
                if s.get("minLength")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| len < m)
                    || s.get("maxLength")
                        .and_then(Value::as_u64)
                        .is_some_and(|m| len > m)
                {
                    errors.push(format!("{path}: length {len} out of bounds"));
                }
                let ip_format = s.get("anyOf").is_some();
                if ip_format && text.parse::<std::net::IpAddr>().is_err() {
                    errors.push(format!("{path}: {text} is not an IP address"));
                }
                if s.get("format").and_then(Value::as_str) == Some("date-time")
                    && !(text.len() == 20 && text.ends_with('Z') && text.as_bytes()[10] == b'T')
                {
                    errors.push(format!("{path}: {text} is not an RFC 3339 UTC time"));
                }
            }
        },
        Some("integer") => match value.as_u64() {
            None => errors.push(format!("{path}: not a non-negative integer")),
            Some(n) => {
                if s.get("minimum")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| n < m)
                    || s.get("maximum")
                        .and_then(Value::as_u64)
                        .is_some_and(|m| n > m)
                {
                    errors.push(format!("{path}: {n} out of range"));
                }
            }
        },
        Some("boolean") if !value.is_boolean() => errors.push(format!("{path}: not a boolean")),
        _ => {}
    }
}

fn errors_of(value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    validate(&disclosure::report_schema(), value, "$", &mut errors);
    errors
}

/// A report with every field present, as a backend receives it.
const FULL_REPORT: &str = r#"{
  "schema_version": 2, "catalog_version": 2, "collected_at": "2026-11-29T06:30:00Z", "platform": "windows",
  "purposes": ["compatibility", "server_selection", "connectivity", "video_orientation"],
  "device": {"brand": "Lenovo", "manufacturer": "LENOVO", "model": "ThinkPad T14s Gen 1", "model_identifier": "20UJ001TRT"},
  "os": {"type": "windows", "id": "windows", "name": "Windows 11 Pro", "version": "11", "build_id": "22631.4460",
         "display_version": "23H2", "sdk_level": 34, "kernel_version": "10.0.22631"},
  "network": {"connection_type": "cell", "connection_subtype": "lte", "effective_type": "4g", "vpn": false, "online": true, "ipv4": true, "ipv6": true,
              "metered": true, "constrained": false, "cellular_generation": "4g", "nat64": false,
              "ip": {"address": "2001:db8:1234::", "precision": "truncated", "scope": "public"}},
  "screen": {"orientation": "landscape_primary", "rotation_degrees": 90, "source": "host"},
  "omitted": []
}"#;

#[test]
fn the_schema_describes_every_field_and_validates_real_reports() {
    let full: Report = serde_json::from_str(FULL_REPORT).unwrap();
    let full = serde_json::to_value(&full).unwrap();
    assert_eq!(errors_of(&full), Vec::<String>::new());
    let schema = disclosure::report_schema();
    for f in Field::ALL {
        let (group, member) = f.as_str().split_once('.').unwrap();
        assert!(full[group].get(member).is_some(), "FULL_REPORT lacks {f}");
        let s = &schema["properties"][group]["properties"][member];
        assert!(s.is_object(), "the schema lacks {f}");
        assert!(
            s["description"].as_str().unwrap().contains("Purpose `"),
            "{f}"
        );
    }

    // The validator rejects what the schema forbids.
    let mut bad = full.clone();
    bad["device"]["serial"] = Value::from("PF2XK7QZ");
    bad["network"]["connection_type"] = Value::from("ethernet");
    bad["screen"]["rotation_degrees"] = Value::from(45);
    bad["schema_version"] = Value::from(SCHEMA_VERSION + 1);
    bad["os"]["name"] = Value::Null;
    assert_eq!(errors_of(&bad).len(), 5, "{:?}", errors_of(&bad));

    // Every report devprobe makes, from every snapshot, with every purpose and IP precision.
    let mut count = 0;
    for (name, snapshot) in every_snapshot() {
        for precision in [IpPrecision::Omit, IpPrecision::Truncated, IpPrecision::Full] {
            let consent = Consent::new();
            let collector = Collector::builder(consent.clone())
                .source(Arc::new(Recording::new(snapshot.clone())))
                .ip_precision(precision)
                .build();
            consent.grant(Purpose::ALL.iter().copied());
            let report = serde_json::to_value(collector.collect().unwrap()).unwrap();
            assert_eq!(
                errors_of(&report),
                Vec::<String>::new(),
                "{name} {precision}"
            );
            count += 1;
        }
    }
    assert!(count >= 15);
}

#[test]
fn the_apple_backend_calls_no_required_reason_api() {
    let live = root().join("src/source/live");
    let mut apple_files = Vec::new();
    for entry in std::fs::read_dir(&live).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().to_lowercase();
        if ["apple", "macos", "ios", "darwin"]
            .iter()
            .any(|k| name.contains(k))
        {
            apple_files.push(entry.path());
        }
    }
    // std calls that reach a listed symbol: File::metadata and fs::metadata are fstat/stat.
    let std_paths = [
        "metadata(",
        "unix_fs::read_file",
        "fs::read(",
        "read_to_string(",
        "mach_absolute_time",
    ];
    for path in &apple_files {
        let text = std::fs::read_to_string(path).unwrap();
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for (category, symbol) in disclosure::REQUIRED_REASON_SYMBOLS {
            let called = code.match_indices(symbol).any(|(i, _)| {
                let before = code[..i].chars().last().unwrap_or(' ');
                let after = code[i + symbol.len()..].chars().next().unwrap_or(' ');
                let word = |c: char| c.is_alphanumeric() || c == '_';
                !word(before) && !word(after)
            });
            assert!(
                !called,
                "{} uses {symbol} ({category}): declare it in the privacy manifest with an approved reason",
                path.display()
            );
        }
        for call in std_paths {
            assert!(
                !code.contains(call),
                "{} calls {call}, which reaches fstat/stat",
                path.display()
            );
        }
    }
    println!("apple backend files scanned: {apple_files:?}");
    let manifest =
        std::fs::read_to_string(root().join("disclosures/PrivacyInfo.xcprivacy")).unwrap();
    assert!(!manifest.contains("NSPrivacyAccessedAPITypes"));
    assert!(manifest.contains("<key>NSPrivacyTracking</key>\n\t<false/>"));
}

#[test]
fn explain_words_the_catalog_2_path_fields() {
    let report: Report = serde_json::from_str(FULL_REPORT).unwrap();
    let en = report.explain(Lang::En);
    for line in [
        "  Metered network (network.metered): yes\n",
        "  Data-saving mode (network.constrained): no\n",
        "  Cellular generation (2G–5G) (network.cellular_generation): 4G\n",
        "  IPv4 through NAT64 (network.nat64): no\n",
    ] {
        assert!(en.contains(line), "{line:?} in {en}");
    }
    let zh = report.explain(Lang::ZhCn);
    assert!(
        zh.contains("  是否按流量计费 (network.metered): 是\n"),
        "{zh}"
    );
}

#[test]
fn explain_lists_values_uses_and_reasons() {
    let mut report: Report = serde_json::from_str(FULL_REPORT).unwrap();
    report.purposes = vec![Purpose::Compatibility, Purpose::ServerSelection];
    report.network = serde_json::from_str(
        r#"{"ip": {"address": "192.168.1.0", "precision": "truncated", "scope": "private"}}"#,
    )
    .unwrap();
    report.screen = Default::default();
    report.device.model_identifier = None;
    report.omitted =
        serde_json::from_str(r#"[{"field": "device.model_identifier", "reason": "not_found"}]"#)
            .unwrap();

    let en = report.explain(Lang::En);
    let expected_en = [
        "What this app read about your device",
        "Collected at 2026-11-29T06:30:00Z · catalog version 2 · platform windows",
        "",
        "Compatibility — Tell devices and OS versions apart, adapt to them, and triage crashes.",
        "  Device brand (device.brand): Lenovo",
        "  Device manufacturer (device.manufacturer): LENOVO",
        "  Device model (device.model): ThinkPad T14s Gen 1",
        "  Device model code (device.model_identifier): not collected — the device does not have it",
        "  OS family (os.type): windows",
    ];
    assert_eq!(
        en.lines().take(expected_en.len()).collect::<Vec<_>>(),
        expected_en
    );
    assert!(en.contains(
        "Server selection — Decide which media server to connect to.\n  IP address (truncated by default) (network.ip): 192.168.1.0 (cut to its network: IPv4 /24, IPv6 /48; private network address)\n"
    ), "{en}");
    assert!(
        en.contains("\nConnectivity — not collected: you did not agree to this use.\n"),
        "{en}"
    );
    assert!(
        en.ends_with("Video orientation — not collected: you did not agree to this use.\n"),
        "{en}"
    );

    let zh = report.explain(Lang::ZhCn);
    assert!(zh.starts_with("本应用读取的设备信息\n"), "{zh}");
    assert!(
        zh.contains("  设备型号代码 (device.model_identifier): 未收集 — 设备上没有此信息\n"),
        "{zh}"
    );
    assert!(
        zh.contains("网络连通性 — 未收集：您未同意此用途。\n"),
        "{zh}"
    );
    assert!(zh.contains("  IP 地址（默认截断） (network.ip): 192.168.1.0 (已截断为网段：IPv4 /24、IPv6 /48; 私有网络地址)\n"), "{zh}");
}
