//! The Windows probe: device from the SMBIOS strings Windows copies into the registry, OS from
//! `RtlGetVersion` and the `CurrentVersion` registry values, network from
//! `GetAdaptersAddresses`, orientation from the host or `EnumDisplaySettingsW`.
//!
//! Pure: it reads only through the [`Source`](crate::Source) (registry values, the kernel
//! version, the adapter list, the display) and is tested on every platform against snapshots.
//! It never reads `MachineGuid`, `ComputerName`, serial numbers, MAC addresses or adapter
//! friendly names.

use super::{Context, Facts, groups, host_screen};
use crate::field::Field;
use crate::report::{OmitReason, OrientationSource};
use crate::source::{RegValue, Source};

mod builds;
mod device;
mod network;
mod os;

/// `HKLM\HARDWARE\DESCRIPTION\System\BIOS`: the SMBIOS strings Windows copies at boot.
pub(crate) const BIOS_KEY: &str = r"HKLM\HARDWARE\DESCRIPTION\System\BIOS";
/// `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`: the installed release.
pub(crate) const CURRENT_VERSION_KEY: &str = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion";
/// `HKLM\SYSTEM\CurrentControlSet\Control\ProductOptions`: `ProductType` (`WinNT`, `ServerNT`,
/// `LanmanNT`), read only when the kernel did not give the product type.
pub(crate) const PRODUCT_OPTIONS_KEY: &str =
    r"HKLM\SYSTEM\CurrentControlSet\Control\ProductOptions";

/// The longest registry string the probe accepts, in bytes. The values it reads are short
/// names and numbers (SMBIOS strings rarely pass 64 bytes); a longer one is not a name, and
/// cutting it would make one up, so it is omitted as malformed.
pub(crate) const MAX_REG_STRING: usize = 1024;

pub(crate) fn probe(ctx: &Context<'_>) -> Facts {
    let mut facts = Facts::default();
    if ctx.wants_any(groups::OS) {
        os::probe(ctx, &mut facts);
    }
    if ctx.wants_any(groups::DEVICE) {
        device::probe(ctx, &mut facts);
    }
    if ctx.wants_any(groups::NETWORK) {
        network::probe(ctx, &mut facts);
    }
    if ctx.wants_any(groups::SCREEN) && !host_screen(ctx, &mut facts) {
        display_screen(ctx, &mut facts);
    }
    facts
}

/// The screen group from `EnumDisplaySettingsW` (size and `dmDisplayOrientation`).
fn display_screen(ctx: &Context<'_>, facts: &mut Facts) {
    let display = match ctx.source.display() {
        Ok(d) => d,
        Err(e) => return facts.omit_err(groups::SCREEN, &e),
    };
    let Some((orientation, degrees)) = super::screen::from_display(display) else {
        return facts.omit_all(groups::SCREEN, OmitReason::Malformed);
    };
    if ctx.wanted.contains(Field::ScreenOrientation) {
        facts.screen.orientation = Some(orientation);
    }
    if ctx.wanted.contains(Field::ScreenRotationDegrees) {
        facts.screen.rotation_degrees = Some(degrees);
    }
    facts.screen.source = Some(OrientationSource::Display);
}

/// A registry string value, trimmed of white space and NULs (possibly empty).
///
/// # Errors
/// The omission reason: the source's for a missing or unreadable value, `malformed` for a
/// value of another type (a `REG_DWORD` where a string belongs) or longer than
/// [`MAX_REG_STRING`].
pub(crate) fn reg_string(source: &dyn Source, key: &str, name: &str) -> Result<String, OmitReason> {
    match source.registry(key, name) {
        Ok(RegValue::Sz(s)) if s.len() <= MAX_REG_STRING => Ok(s
            .trim_matches(|c: char| c.is_whitespace() || c == '\0')
            .to_owned()),
        Ok(_) => Err(OmitReason::Malformed),
        Err(e) => Err(e.omit_reason()),
    }
}

/// A registry `REG_DWORD` value.
///
/// # Errors
/// The omission reason: the source's for a missing or unreadable value, `malformed` for a
/// value of another type.
pub(crate) fn reg_dword(source: &dyn Source, key: &str, name: &str) -> Result<u32, OmitReason> {
    match source.registry(key, name) {
        Ok(RegValue::Dword(v)) => Ok(v),
        Ok(_) => Err(OmitReason::Malformed),
        Err(e) => Err(e.omit_reason()),
    }
}
