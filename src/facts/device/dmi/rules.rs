//! Which DMI or device-tree value becomes the brand and the model. The rules, each learned
//! from linux-hardware.org's 41,000 DMI sets (`../shared/corpus/linux-dmi/`):
//!
//! 1. The brand is the canonical form of `sys_vendor`; when that is junk or generic
//!    ("To Be Filled By O.E.M.", "System manufacturer", "Notebook"), of `board_vendor` (a
//!    home-built PC's vendor is its board's: ASUS for "ASUSTeK COMPUTER INC.").
//! 2. Lenovo (and IBM) keep the model in `product_version` and the machine type in
//!    `product_name`: model "ThinkPad T14s Gen 1", identifier "20UJ001TRT".
//! 3. Otherwise the model is `product_name` when the system vendor is real; a bare board code
//!    that `board_name` spells out ("MS-7C02" and "B450 TOMAHAWK MAX II (MS-7C02)") gives the
//!    board name as model and the code as identifier; a trailing `-[code]-` (IBM/Lenovo
//!    servers) becomes the identifier.
//! 4. When the system vendor or product is junk, or the product only repeats the maker's name
//!    ("LENOVO", "Intel"), the model is `board_name`, then `product_name`, then
//!    `product_family`.
//! 5. ARM boards: when DMI says nothing, or was written by U-Boot from the device tree (an
//!    all-lower-case vendor like "raspberrypi"), the device tree decides: `model` without its
//!    board revision, the first `compatible` entry as identifier, and its vendor prefix as brand.
//! 6. A model that names a brand decides it when the vendors are junk ("NVIDIA Jetson ..."), and
//!    always for Raspberry Pi boards, whose DMI vendor may be the contract maker ("Sony UK").

use super::{Id, Reader, boards};
use crate::facts::device::brand::{self, canonical_brand, is_just_brand, model_brand};
use crate::parse::device_tree;

/// What the rules found; `None` where nothing usable was there.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(in crate::facts::device) struct Found {
    pub brand: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub model_identifier: Option<String>,
}

/// The vendor a brand came from.
struct Vendor {
    raw: String,
    brand: String,
    from_system: bool,
}

pub(super) fn identify(reader: &Reader<'_>, want_brand: bool, want_model: bool) -> Found {
    let mut found = Found::default();
    let vendor = vendor(reader);
    if let Some(v) = &vendor {
        found.brand = Some(v.brand.clone());
        found.manufacturer = Some(v.raw.clone());
    }
    // The model is needed for the model fields, and for the brand when no vendor is known.
    if (want_model || found.brand.is_none())
        && let Some((model, id)) = dmi_model(reader, vendor.as_ref())
    {
        found.model = Some(model);
        found.model_identifier = id;
    }
    let written_by_uboot = vendor.as_ref().is_some_and(|v| looks_like_dt_name(&v.raw));
    if written_by_uboot
        || (want_model && found.model.is_none())
        || (want_brand && found.brand.is_none())
    {
        apply_device_tree(reader, &mut found);
    }
    let model_brand = found.model.as_deref().and_then(model_brand);
    if let Some((name, decides)) = model_brand
        && (decides || found.brand.is_none())
    {
        found.brand = Some(name.to_owned());
    }
    // A board's name without its revision, as on the device tree (rule 5).
    if (written_by_uboot || model_brand.is_some_and(|(_, decides)| decides))
        && let Some(model) = &found.model
    {
        found.model = Some(device_tree::strip_board_revision(model).to_owned());
    }
    found
}

/// Rule 1: the system vendor, else the board vendor.
fn vendor(reader: &Reader<'_>) -> Option<Vendor> {
    [(Id::SysVendor, true), (Id::BoardVendor, false)]
        .into_iter()
        .find_map(|(id, from_system)| {
            let raw = reader.get(id)?;
            let brand = canonical_brand(raw)?;
            Some(Vendor {
                raw: raw.to_owned(),
                brand,
                from_system,
            })
        })
}

/// Rules 2–4.
fn dmi_model(reader: &Reader<'_>, vendor: Option<&Vendor>) -> Option<(String, Option<String>)> {
    let raw_vendor = vendor.map(|v| v.raw.as_str());
    let usable = |v: &&str| !is_just_brand(v, raw_vendor) && !is_generic_product(v);
    let brand = vendor.map_or("", |v| v.brand.as_str());
    let name_in_version = matches!(brand, "Lenovo" | "IBM")
        || reader.get(Id::ProductName).is_some_and(is_generic_product);
    if name_in_version
        && let Some(version) = reader.get(Id::ProductVersion).filter(usable)
        && is_model_name(version)
    {
        let id = reader
            .get(Id::ProductName)
            .filter(|p| *p != version && usable(p));
        return Some((version.to_owned(), id.map(str::to_owned)));
    }
    let from_system = vendor.is_some_and(|v| v.from_system);
    if from_system && let Some(product) = reader.get(Id::ProductName).filter(usable) {
        if !product.contains(' ')
            && let Some(board) = reader.get(Id::BoardName)
            && board.contains(&format!("({product})"))
        {
            return Some((board.to_owned(), Some(product.to_owned())));
        }
        return Some(split_bracket_code(product));
    }
    if let Some(board) = reader
        .get(Id::BoardName)
        .filter(usable)
        .filter(|b| !is_revision(b))
    {
        return Some((board.to_owned(), None));
    }
    if let Some(product) = reader.get(Id::ProductName).filter(usable) {
        return Some(split_bracket_code(product));
    }
    // A family is a last resort, and only when it reads as a product line ("IdeaPad"), not a
    // platform code name ("GLK").
    let family = reader
        .get(Id::ProductFamily)
        .filter(usable)
        .filter(|f| is_model_name(f))?;
    let line = family
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.chars().count() >= 4);
    line.then(|| (family.to_owned(), None))
}

/// Product names that only say what kind of machine it is: DEXP laptops say "Notebook" there
/// and keep the model ("Aquilon O120") in `product_version`. "Laptop" is not among them: it is
/// the Framework Laptop's real name.
fn is_generic_product(value: &str) -> bool {
    const GENERIC: &[&str] = &[
        "notebook",
        "notebook pc",
        "desktop",
        "desktop pc",
        "pc",
        "computer",
        "personal computer",
    ];
    GENERIC.contains(&value.to_lowercase().as_str())
}

/// Whether a `product_version` or `product_family` reads as a product name ("ThinkPad T480",
/// "IdeaPad 5 15ALC05") rather than a revision ("1.0", "Rev 1", "V1.08", "A3009DD10303") or a
/// vendor code ("103C_5336AN").
fn is_model_name(value: &str) -> bool {
    let has_word = value
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.chars().count() >= 3);
    let numeric = value.starts_with(|c: char| c.is_ascii_digit());
    has_word && !numeric && !is_revision(value) && !value.contains('_')
}

/// Whether a value starts with a revision word: "Rev 1", "rev3", "REV:1.0", "V1.08",
/// "Version 1.0", "Rev GMLR3 1.10" (not "Vostro 1510").
fn is_revision(value: &str) -> bool {
    let first = value
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let revision_start = |c: char| c.is_ascii_digit() || c == '.' || c == ':';
    ["revision", "version", "rev", "ver", "v"]
        .iter()
        .any(|word| {
            first
                .strip_prefix(word)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(revision_start))
        })
}

/// "ThinkSystem SR590 -[7X99CTO1WW]-" → ("ThinkSystem SR590", Some("7X99CTO1WW")).
fn split_bracket_code(product: &str) -> (String, Option<String>) {
    if let Some(head) = product.strip_suffix("]-")
        && let Some((name, code)) = head.rsplit_once("-[")
        && !name.trim().is_empty()
        && !code.trim().is_empty()
    {
        return (name.trim().to_owned(), Some(code.trim().to_owned()));
    }
    (product.to_owned(), None)
}

/// A vendor string U-Boot took from the device tree: lower case, no blanks
/// ("raspberrypi", "libre-computer", "pine64,pinebook-pro").
fn looks_like_dt_name(raw: &str) -> bool {
    raw.chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_,.+".contains(c))
}

/// Rule 5: the device tree's model and compatible override DMI where they say something.
fn apply_device_tree(reader: &Reader<'_>, found: &mut Found) {
    let compatible = reader.dt_compatible().ok().and_then(|list| list.first());
    let model = match reader.dt_model() {
        Ok(model) => Some(device_tree::strip_board_revision(model).to_owned()),
        Err(_) => compatible.and_then(|c| boards::name(c)).map(str::to_owned),
    };
    if let Some(model) = model {
        found.model = Some(model);
        found.model_identifier = compatible.cloned();
    }
    let dt_brand = compatible.and_then(|c| {
        let (prefix, _) = brand::split_compatible(c)?;
        Some((prefix, canonical_brand(c)?))
    });
    if let Some((prefix, name)) = dt_brand {
        found.brand = Some(name);
        found.manufacturer = Some(prefix.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_names_and_revisions() {
        for name in [
            "ThinkPad T14s Gen 1",
            "IdeaPad 5 15ALC05",
            "Lenovo ideapad 100-14IBY",
            "ThinkCentre M71e",
        ] {
            assert!(is_model_name(name), "{name}");
        }
        for rev in [
            "1.0",
            "Rev 1",
            "V1.08",
            "A3009DD10303",
            "103C_5336AN",
            "rev3",
            "04",
            "v2",
            "x",
        ] {
            assert!(!is_model_name(rev), "{rev}");
        }
    }

    #[test]
    fn bracket_codes() {
        assert_eq!(
            split_bracket_code("ThinkSystem SR590 -[7X99CTO1WW]-"),
            (
                "ThinkSystem SR590".to_owned(),
                Some("7X99CTO1WW".to_owned())
            )
        );
        assert_eq!(
            split_bracket_code("-[7X99CTO1WW]-"),
            ("-[7X99CTO1WW]-".to_owned(), None)
        );
        assert_eq!(
            split_bracket_code("Latitude 7390"),
            ("Latitude 7390".to_owned(), None)
        );
    }
}
