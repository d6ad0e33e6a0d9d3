//! Disclosures generated from the catalog, so what the code enforces and what the app declares
//! cannot drift:
//!
//! 1. [`catalog_table`] / [`catalog_section`]: the "personal information type / purpose and use"
//!    table of a privacy policy, in zh-CN and en, with frequency, per-platform sources and the
//!    never-read list. `PRIVACY.md` embeds [`catalog_section`] between [`BEGIN_MARKER`] and
//!    [`END_MARKER`].
//! 2. `privacy_manifest`: Apple's `PrivacyInfo.xcprivacy`, written by the `plist` crate.
//! 3. `play_data_safety_csv`: Google Play's data-safety answers, in the Console's CSV import
//!    layout, written by the `csv` crate.
//! 4. [`report_schema_json`]: the JSON Schema of the [`Report`](crate::Report)
//!    (`schema/report.schema.json`).
//!
//! 2 and 3 (and `generated_files`) need the `disclosure-files` feature, which brings the two
//! writers; an app's build leaves it off. `cargo run --example disclosures` (whose build turns
//! the feature on) writes them into the repository; tests fail when the committed files differ
//! from what these functions produce, and parse the committed files with real readers.
//! Nothing here touches the device.

mod apple;
#[cfg(any(test, feature = "disclosure-files"))]
mod play;
mod schema;
mod table;

pub use crate::report::SCHEMA_VERSION;
pub use apple::REQUIRED_REASON_SYMBOLS;
#[cfg(feature = "disclosure-files")]
pub use apple::privacy_manifest;
#[cfg(feature = "disclosure-files")]
pub use play::play_data_safety_csv;
pub use schema::{report_schema, report_schema_json};
pub use table::{catalog_section, catalog_table, never_read_table};

/// The line before the generated catalog section in `PRIVACY.md`.
pub const BEGIN_MARKER: &str =
    "<!-- BEGIN GENERATED: catalog (cargo run --example disclosures) -->";

/// The line after the generated catalog section in `PRIVACY.md`.
pub const END_MARKER: &str = "<!-- END GENERATED: catalog -->";

/// Where `PRIVACY.md` lives in the repository (it embeds [`catalog_section`]).
pub const PRIVACY_MD: &str = "PRIVACY.md";

/// The generated files other than `PRIVACY.md`, as `(path in the repository, contents)`, for the
/// current catalog and every purpose: `schema/report.schema.json`,
/// `disclosures/PrivacyInfo.xcprivacy`, `disclosures/play-data-safety.csv` (needs the
/// `disclosure-files` feature).
///
/// # Errors
/// A writer's error, as an I/O error.
#[cfg(feature = "disclosure-files")]
pub fn generated_files() -> std::io::Result<Vec<(&'static str, String)>> {
    let catalog = crate::consent::catalog::Catalog::current();
    let all = crate::consent::Purpose::ALL;
    Ok(vec![
        ("schema/report.schema.json", report_schema_json()),
        (
            "disclosures/PrivacyInfo.xcprivacy",
            privacy_manifest(&catalog, all)?,
        ),
        (
            "disclosures/play-data-safety.csv",
            play_data_safety_csv(&catalog, all)?,
        ),
    ])
}

/// `document` with the text between [`BEGIN_MARKER`] and [`END_MARKER`] replaced by `section`
/// (markers kept), or `None` when the markers are missing or out of order.
///
/// ```
/// use devprobe::disclosure::{BEGIN_MARKER, END_MARKER, embed};
/// let doc = format!("intro\n{BEGIN_MARKER}\nold\n{END_MARKER}\nend\n");
/// assert_eq!(embed(&doc, "new\n"), Some(format!("intro\n{BEGIN_MARKER}\nnew\n{END_MARKER}\nend\n")));
/// ```
pub fn embed(document: &str, section: &str) -> Option<String> {
    let start = document.find(BEGIN_MARKER)? + BEGIN_MARKER.len();
    let end = start + document.get(start..)?.find(END_MARKER)?;
    let mut out = String::with_capacity(document.len() + section.len());
    out.push_str(document.get(..start)?);
    out.push('\n');
    out.push_str(section);
    out.push_str(document.get(end..)?);
    Some(out)
}

/// The text between the markers of `document` (what [`embed`] put there), or `None`.
pub fn embedded(document: &str) -> Option<&str> {
    let start = document.find(BEGIN_MARKER)? + BEGIN_MARKER.len();
    let end = start + document.get(start..)?.find(END_MARKER)?;
    document.get(start..end)?.strip_prefix('\n')
}
