//! Windows device facts, from the SMBIOS strings Windows copies into
//! `HKLM\HARDWARE\DESCRIPTION\System\BIOS` at boot — the same strings Linux shows under
//! `/sys/class/dmi/id`, cleaned and canonicalized by the same rules.
//!
//! | field | source | example |
//! |---|---|---|
//! | `device.manufacturer` | `SystemManufacturer`, else `BaseBoardManufacturer` when that is placeholder junk | `"LENOVO"` |
//! | `device.brand` | the same, canonicalized | `"Lenovo"` |
//! | `device.model` | `SystemProductName`; on Lenovo, whose product name is a machine type, `SystemVersion`, else `SystemFamily`, else the `_FM_` part of `SystemSKU`; `BaseBoardProduct` when the system strings are junk | `"ThinkPad X1 Carbon Gen 9"`, `"XPS 13 9310"` |
//! | `device.model_identifier` | the Lenovo machine type (`SystemProductName`), or the `-[…]-` code of a server product name | `"20XW0055US"` |
//!
//! Serial numbers, UUIDs and asset tags are never read.

use super::{BIOS_KEY, reg_string};
use crate::field::Field;
use crate::parse::dmi;
use crate::probe::brand::canonical_brand;
use crate::probe::{Context, Facts};
use crate::report::OmitReason;
use crate::source::Source;

/// A cleaned SMBIOS string, or why there is none (`not_found` for empty or placeholder junk).
fn smbios(src: &dyn Source, name: &str) -> Result<String, OmitReason> {
    let raw = reg_string(src, BIOS_KEY, name)?;
    dmi::clean(&raw).ok_or(OmitReason::NotFound)
}

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    let src = ctx.source;
    let wants = |f: Field| ctx.wanted.contains(f);
    let system_vendor = smbios(src, "SystemManufacturer");
    let board_vendor = || smbios(src, "BaseBoardManufacturer");
    // The board's maker stands in only when the system's is junk (home-built PCs: "System
    // manufacturer" over an ASUSTeK board), as on Linux.
    let vendor = match &system_vendor {
        Ok(v) => Ok(v.clone()),
        Err(OmitReason::NotFound) => board_vendor().map_err(|_| OmitReason::NotFound),
        Err(r) => Err(*r),
    };
    if wants(Field::DeviceManufacturer) {
        match &vendor {
            Ok(v) => facts.device.manufacturer = Some(v.clone()),
            Err(r) => facts.omit(Field::DeviceManufacturer, *r),
        }
    }
    let brand = vendor.as_deref().ok().and_then(canonical_brand);
    if wants(Field::DeviceBrand) {
        match (&brand, &vendor) {
            (Some(b), _) => facts.device.brand = Some(b.clone()),
            (None, Err(r)) => facts.omit(Field::DeviceBrand, *r),
            (None, Ok(_)) => facts.omit(Field::DeviceBrand, OmitReason::NotFound),
        }
    }
    if !ctx.wants_any(&[Field::DeviceModel, Field::DeviceModelIdentifier]) {
        return;
    }
    let (model, identifier) = model(src, brand.as_deref(), system_vendor.is_ok());
    if wants(Field::DeviceModel) {
        match model {
            Ok(m) => facts.device.model = Some(m),
            Err(r) => facts.omit(Field::DeviceModel, r),
        }
    }
    if wants(Field::DeviceModelIdentifier) {
        match identifier {
            Some(id) => facts.device.model_identifier = Some(id),
            None => facts.omit(Field::DeviceModelIdentifier, OmitReason::NotFound),
        }
    }
}

/// The model and the model code, when there is one apart from the model.
fn model(
    src: &dyn Source,
    brand: Option<&str>,
    system_vendor_ok: bool,
) -> (Result<String, OmitReason>, Option<String>) {
    let product = smbios(src, "SystemProductName");
    if let Ok(p) = &product {
        if brand.is_some_and(|b| b.eq_ignore_ascii_case("lenovo")) && is_machine_type(p) {
            let named = ["SystemVersion", "SystemFamily"]
                .iter()
                .filter_map(|v| smbios(src, v).ok())
                .chain(smbios(src, "SystemSKU").ok().and_then(|s| sku_family(&s)))
                .find(|m| names_a_model(m));
            return (named.ok_or(OmitReason::NotFound), Some(p.clone()));
        }
        if let Some((name, code)) = bracketed_code(p) {
            return (Ok(name), Some(code));
        }
        return (Ok(p.clone()), None);
    }
    // Junk system strings over a real board: the board is the model (home-built PCs).
    if matches!(product, Err(OmitReason::NotFound)) || !system_vendor_ok {
        match smbios(src, "BaseBoardProduct") {
            Ok(board) => return (Ok(board), None),
            Err(_) => return (product, None),
        }
    }
    (product, None)
}

/// Whether a product name is a Lenovo machine type ("20XW0055US", "82LN", "3157H2U"): 4 to 10
/// upper-case letters and digits, at least one digit, no spaces.
fn is_machine_type(s: &str) -> bool {
    (4..=10).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && s.chars().any(|c| c.is_ascii_digit())
}

/// Whether a string names a model rather than a series or a placeholder: it has a letter and
/// a digit or a space ("ThinkPad T14s Gen 1", "ThinkCentre M71e"; not "IDEAPAD", "INVALID").
fn names_a_model(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
        && s.chars().any(|c| c.is_ascii_digit() || c == ' ')
        && !s.eq_ignore_ascii_case("invalid")
}

/// The family part of a Lenovo SKU, `LENOVO_MT_20UJ_BU_Think_FM_ThinkPad T14s Gen 1` →
/// `ThinkPad T14s Gen 1`.
fn sku_family(sku: &str) -> Option<String> {
    let (_, fm) = sku.split_once("_FM_")?;
    dmi::clean(fm)
}

/// A server product name with its code in `-[…]-`: `ThinkSystem SR590 -[7X99CTO1WW]-` →
/// (`ThinkSystem SR590`, `7X99CTO1WW`).
fn bracketed_code(product: &str) -> Option<(String, String)> {
    let (name, rest) = product.split_once("-[")?;
    let (code, _) = rest.split_once("]-")?;
    let (name, code) = (name.trim(), code.trim());
    (!name.is_empty() && !code.is_empty()).then(|| (name.to_owned(), code.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_types() {
        for yes in ["20XW0055US", "82LN", "3157H2U", "20UJ001TRT"] {
            assert!(is_machine_type(yes), "{yes}");
        }
        for no in [
            "ThinkPad T14s Gen 1",
            "INVALID",
            "ABCD",
            "123",
            "20XW0055USXX",
        ] {
            assert!(!is_machine_type(no), "{no}");
        }
    }

    #[test]
    fn models_and_codes() {
        assert!(names_a_model("ThinkCentre M71e"));
        assert!(!names_a_model("IDEAPAD"));
        assert!(!names_a_model("0.1"));
        assert_eq!(
            sku_family("LENOVO_MT_20UJ_BU_Think_FM_ThinkPad T14s Gen 1").as_deref(),
            Some("ThinkPad T14s Gen 1")
        );
        assert_eq!(sku_family("LENOVO_BI_IDEAPADA2"), None);
        assert_eq!(
            bracketed_code("ThinkSystem SR590 -[7X99CTO1WW]-"),
            Some(("ThinkSystem SR590".to_owned(), "7X99CTO1WW".to_owned()))
        );
        assert_eq!(bracketed_code("-[7X99CTO1WW]-"), None);
        assert_eq!(bracketed_code("XPS 13 9310"), None);
    }
}
