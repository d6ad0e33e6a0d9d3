//! Windows device facts, from the SMBIOS strings Windows copies into
//! `HKLM\HARDWARE\DESCRIPTION\System\BIOS` at boot — the very strings Linux shows under
//! `/sys/class/dmi/id` — decided by the shared DMI rules ([`dmi`](super::dmi)),
//! so a machine gets the same brand and model on both systems.
//!
//! | field | source | example |
//! |---|---|---|
//! | `device.manufacturer` | `SystemManufacturer`, else `BaseBoardManufacturer` when that is placeholder junk | `"LENOVO"` |
//! | `device.brand` | the same, canonicalized | `"Lenovo"` |
//! | `device.model` | `SystemProductName`; on Lenovo, whose product name is a machine type, `SystemVersion`; `BaseBoardProduct` (then `SystemFamily`) when the system strings are junk | `"ThinkPad X1 Carbon Gen 9"`, `"XPS 13 9360"` |
//! | `device.model_identifier` | the Lenovo machine type, a board code, or the `-[…]-` code of a server product name | `"20XW0055US"` |
//!
//! | registry value | DMI file |
//! |---|---|
//! | `SystemManufacturer` | `sys_vendor` |
//! | `SystemProductName` | `product_name` |
//! | `SystemVersion` | `product_version` |
//! | `SystemFamily` | `product_family` |
//! | `BaseBoardManufacturer` | `board_vendor` |
//! | `BaseBoardProduct` | `board_name` |
//!
//! A value of the wrong type or longer than [`MAX_REG_STRING`](crate::facts::read::windows::MAX_REG_STRING) is
//! `malformed`. Serial numbers, UUIDs, SKUs and asset tags are never read.

use super::dmi::{Id, Read, Reader, fill};
use crate::facts::read::windows::{BIOS_KEY, reg_string};
use crate::facts::{Context, Facts};
use crate::source::Source;

/// The registry value under [`BIOS_KEY`] that holds a DMI field.
fn value_name(id: Id) -> &'static str {
    match id {
        Id::SysVendor => "SystemManufacturer",
        Id::ProductName => "SystemProductName",
        Id::ProductVersion => "SystemVersion",
        Id::ProductFamily => "SystemFamily",
        Id::BoardVendor => "BaseBoardManufacturer",
        Id::BoardName => "BaseBoardProduct",
    }
}

fn read_registry(source: &dyn Source, id: Id) -> Read {
    reg_string(source, BIOS_KEY, value_name(id))
}

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    // No device tree on Windows.
    fill(&Reader::with(ctx.source, read_registry, false), ctx, facts);
}
