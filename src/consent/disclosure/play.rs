//! Google Play's data-safety answers for the fields of the purposes an app asks for, in the Play
//! Console's CSV import layout: `Question ID (machine readable), Response ID (machine readable),
//! Response value, Answer requirement, Human-friendly question label`, RFC 4180, CRLF. The rows
//! are decided here; the `csv` crate writes them (feature `disclosure-files`).
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

/// The rows of the data-safety CSV (header first) for an app that asks for `purposes`.
fn rows(catalog: &Catalog, purposes: &[Purpose]) -> Vec<[String; 5]> {
    let mut types: Vec<&PlayType> = Vec::new();
    for e in catalog.entries() {
        let t = play_type(e.purpose);
        if purposes.contains(&e.purpose) && !types.iter().any(|k| k.response == t.response) {
            types.push(t);
        }
    }
    let collects = if types.is_empty() { "false" } else { "true" };
    let mut out = Vec::new();
    let mut row = |cells: [&str; 5]| out.push(cells.map(str::to_owned));
    row(HEADER);
    row([
        "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA",
        "",
        collects,
        "REQUIRED",
        "Does your app collect or share any of the required user data types?",
    ]);
    if types.is_empty() {
        return out;
    }
    row([
        "PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT",
        "",
        "",
        "MAYBE_REQUIRED",
        "Is all of the user data collected by your app encrypted in transit?",
    ]);
    for t in &types {
        let label = format!("{}\n{}", t.category, t.name);
        row([t.question, t.response, "true", "MULTIPLE_CHOICE", &label]);
    }
    for t in &types {
        let q = |sub: &str| format!("PSL_DATA_USAGE_RESPONSES:{}:{sub}", t.response);
        let l = |text: &str| format!("Data usage and handling ({})\n{text}", t.name);
        let shared = q("PSL_DATA_USAGE_COLLECTION_AND_SHARING");
        let shared_label = l("Is this data collected, shared, or both?\nCollected");
        row([
            &shared,
            "PSL_DATA_USAGE_ONLY_COLLECTED",
            "true",
            "MULTIPLE_CHOICE",
            &shared_label,
        ]);
        let ephemeral = q("PSL_DATA_USAGE_EPHEMERAL");
        let ephemeral_label = l("Is this data processed ephemerally?");
        row([&ephemeral, "", "", "MAYBE_REQUIRED", &ephemeral_label]);
        let control = q("DATA_USAGE_USER_CONTROL");
        let control_label = l(
            "Is this data required for your app, or can users choose whether it's collected?\n\
             Users can choose whether this data is collected",
        );
        row([
            &control,
            "PSL_DATA_USAGE_USER_CONTROL_OPTIONAL",
            "true",
            "SINGLE_CHOICE",
            &control_label,
        ]);
        let purpose = q("DATA_USAGE_COLLECTION_PURPOSE");
        let purpose_label =
            l("Why is this user data collected? Select all that apply.\nApp functionality");
        row([
            &purpose,
            "PSL_APP_FUNCTIONALITY",
            "true",
            "MULTIPLE_CHOICE",
            &purpose_label,
        ]);
    }
    out
}

/// The data-safety CSV for an app that asks for `purposes` (fields of `catalog`), written by
/// the `csv` crate: RFC 4180 quoting, CRLF line ends, e.g.
/// `PSL_DATA_TYPES_LOCATION,PSL_APPROX_LOCATION,true,MULTIPLE_CHOICE,"Location\r\n..."`
/// (needs the `disclosure-files` feature).
///
/// # Errors
/// The writer's error, as an I/O error (writing into memory does not fail in practice).
#[cfg(feature = "disclosure-files")]
pub fn play_data_safety_csv(catalog: &Catalog, purposes: &[Purpose]) -> std::io::Result<String> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows(catalog, purposes) {
        writer.write_record(&row)?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    String::from_utf8(bytes).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_asked_collects_nothing() {
        let rows = rows(&Catalog::current(), &[]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], HEADER.map(str::to_owned));
        assert_eq!(rows[1][0], "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA");
        assert_eq!(rows[1][2], "false");
    }

    #[test]
    fn types_follow_purposes() {
        let has = |rows: &[[String; 5]], response: &str| {
            rows.iter().any(|r| r[1] == response && r[2] == "true")
        };
        let all = rows(&Catalog::current(), Purpose::ALL);
        assert!(has(&all, "PSL_PERFORMANCE_DIAGNOSTICS"));
        assert!(has(&all, "PSL_APPROX_LOCATION"));
        let only_net = rows(&Catalog::current(), &[Purpose::Connectivity]);
        assert!(has(&only_net, "PSL_PERFORMANCE_DIAGNOSTICS"));
        assert!(!has(&only_net, "PSL_APPROX_LOCATION"));
    }

    #[cfg(feature = "disclosure-files")]
    #[test]
    fn nothing_asked_is_two_crlf_lines() {
        let csv = play_data_safety_csv(&Catalog::current(), &[]).unwrap();
        assert_eq!(
            csv,
            "Question ID (machine readable),Response ID (machine readable),Response value,\
             Answer requirement,Human-friendly question label\r\n\
             PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA,,false,REQUIRED,\
             Does your app collect or share any of the required user data types?\r\n"
        );
    }
}
