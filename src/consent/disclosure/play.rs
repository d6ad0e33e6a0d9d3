//! Google Play's data-safety answers for the fields of the purposes an app asks for, in the Play
//! Console's CSV import layout: `Question ID (machine readable), Response ID (machine readable),
//! Response value, Answer requirement, Human-friendly question label`, RFC 4180, CRLF.
//!
//! devprobe answers only what it knows: it collects data (when the host forwards the report),
//! which data types, that they are collected (devprobe shares nothing), optional for the user
//! (consent), for app functionality. Questions only the host can answer — encryption in
//! transit, ephemeral processing on its backend, deletion, accounts — are left blank for the
//! host to fill in the Console.
//!
//! Mapping: device, OS, network type and orientation are "App info and performance /
//! Diagnostics" (`PSL_PERFORMANCE_DIAGNOSTICS`); the IP address, used to choose a nearby
//! server, is "Location / Approximate location" (`PSL_APPROX_LOCATION`).

use crate::consent::Purpose;
use crate::consent::catalog::Catalog;

const HEADER: [&str; 5] = [
    "Question ID (machine readable)",
    "Response ID (machine readable)",
    "Response value",
    "Answer requirement",
    "Human-friendly question label",
];

/// One Play data type: (question, response, label of the type).
struct PlayType {
    question: &'static str,
    response: &'static str,
    category: &'static str,
    name: &'static str,
}

const DIAGNOSTICS: PlayType = PlayType {
    question: "PSL_DATA_TYPES_APP_PERFORMANCE",
    response: "PSL_PERFORMANCE_DIAGNOSTICS",
    category: "App info and performance",
    name: "Diagnostics",
};

const APPROX_LOCATION: PlayType = PlayType {
    question: "PSL_DATA_TYPES_LOCATION",
    response: "PSL_APPROX_LOCATION",
    category: "Location",
    name: "Approximate location",
};

fn play_type(purpose: Purpose) -> &'static PlayType {
    match purpose {
        Purpose::ServerSelection => &APPROX_LOCATION,
        Purpose::Compatibility | Purpose::Connectivity | Purpose::VideoOrientation => &DIAGNOSTICS,
    }
}

fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn row(out: &mut String, cells: [&str; 5]) {
    let line: Vec<String> = cells.iter().map(|c| field(c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// The data-safety CSV for an app that asks for `purposes` (fields of `catalog`).
pub fn play_data_safety_csv(catalog: &Catalog, purposes: &[Purpose]) -> String {
    let mut types: Vec<&PlayType> = Vec::new();
    for e in catalog.entries() {
        let t = play_type(e.purpose);
        if purposes.contains(&e.purpose) && !types.iter().any(|k| k.response == t.response) {
            types.push(t);
        }
    }
    let collects = if types.is_empty() { "false" } else { "true" };
    let mut out = String::new();
    row(&mut out, HEADER);
    row(
        &mut out,
        [
            "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA",
            "",
            collects,
            "REQUIRED",
            "Does your app collect or share any of the required user data types?",
        ],
    );
    if types.is_empty() {
        return out;
    }
    row(
        &mut out,
        [
            "PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT",
            "",
            "",
            "MAYBE_REQUIRED",
            "Is all of the user data collected by your app encrypted in transit?",
        ],
    );
    for t in &types {
        let label = format!("{}\n{}", t.category, t.name);
        row(
            &mut out,
            [t.question, t.response, "true", "MULTIPLE_CHOICE", &label],
        );
    }
    for t in &types {
        let q = |sub: &str| format!("PSL_DATA_USAGE_RESPONSES:{}:{sub}", t.response);
        let l = |text: &str| format!("Data usage and handling ({})\n{text}", t.name);
        let shared = q("PSL_DATA_USAGE_COLLECTION_AND_SHARING");
        let shared_label = l("Is this data collected, shared, or both?\nCollected");
        row(
            &mut out,
            [
                &shared,
                "PSL_DATA_USAGE_ONLY_COLLECTED",
                "true",
                "MULTIPLE_CHOICE",
                &shared_label,
            ],
        );
        let ephemeral = q("PSL_DATA_USAGE_EPHEMERAL");
        let ephemeral_label = l("Is this data processed ephemerally?");
        row(
            &mut out,
            [&ephemeral, "", "", "MAYBE_REQUIRED", &ephemeral_label],
        );
        let control = q("DATA_USAGE_USER_CONTROL");
        let control_label = l(
            "Is this data required for your app, or can users choose whether it's collected?\n\
             Users can choose whether this data is collected",
        );
        row(
            &mut out,
            [
                &control,
                "PSL_DATA_USAGE_USER_CONTROL_OPTIONAL",
                "true",
                "SINGLE_CHOICE",
                &control_label,
            ],
        );
        let purpose = q("DATA_USAGE_COLLECTION_PURPOSE");
        let purpose_label =
            l("Why is this user data collected? Select all that apply.\nApp functionality");
        row(
            &mut out,
            [
                &purpose,
                "PSL_APP_FUNCTIONALITY",
                "true",
                "MULTIPLE_CHOICE",
                &purpose_label,
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_asked_collects_nothing() {
        let csv = play_data_safety_csv(&Catalog::current(), &[]);
        assert_eq!(
            csv,
            "Question ID (machine readable),Response ID (machine readable),Response value,\
             Answer requirement,Human-friendly question label\r\n\
             PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA,,false,REQUIRED,\
             Does your app collect or share any of the required user data types?\r\n"
        );
    }

    #[test]
    fn every_row_has_five_fields_and_types_follow_purposes() {
        let csv = play_data_safety_csv(&Catalog::current(), Purpose::ALL);
        assert!(
            csv.contains("\r\nPSL_DATA_TYPES_APP_PERFORMANCE,PSL_PERFORMANCE_DIAGNOSTICS,true,")
        );
        assert!(csv.contains("\r\nPSL_DATA_TYPES_LOCATION,PSL_APPROX_LOCATION,true,"));
        let only_net = play_data_safety_csv(&Catalog::current(), &[Purpose::Connectivity]);
        assert!(!only_net.contains("PSL_APPROX_LOCATION"));
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
