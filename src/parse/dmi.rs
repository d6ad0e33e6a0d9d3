//! DMI/SMBIOS strings (`/sys/class/dmi/id/*`, Windows `HKLM\HARDWARE\DESCRIPTION\System\BIOS`):
//! trimming and recognizing placeholder junk ("To Be Filled By O.E.M.", "System Product Name",
//! "Default string", "Not Applicable", all-zero or all-`F` values).

/// The value trimmed, or `None` when it is empty or a placeholder.
pub fn clean(raw: &str) -> Option<String> {
    let v = raw.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if v.is_empty() || is_placeholder(v) {
        return None;
    }
    Some(v.to_owned())
}

/// Whether `value` is placeholder junk rather than a real vendor or model.
pub fn is_placeholder(value: &str) -> bool {
    // Filled in by the device work, from the corpus's junk candidates.
    let v = value.trim().to_ascii_lowercase();
    matches!(
        v.as_str(),
        "to be filled by o.e.m."
            | "system product name"
            | "system manufacturer"
            | "default string"
            | "not applicable"
            | "none"
            | "oem"
            | "o.e.m."
    )
}
