//! Windows registry values, as the device and OS groups read them, and what the Windows rules
//! of every group take from where:
//!
//! The Windows rules: device from the SMBIOS strings Windows copies into the registry, OS from
//! `RtlGetVersion` and the `CurrentVersion` registry values, network from
//! `GetAdaptersAddresses`, orientation from the host or `EnumDisplaySettingsW`.
//!
//! Pure: it reads only through the [`Source`](crate::source::Source) (registry values, the kernel
//! version, the adapter list, the display) and is tested on every platform against snapshots.
//! It never reads `MachineGuid`, `ComputerName`, serial numbers, MAC addresses or adapter
//! friendly names.

use crate::report::OmitReason;
use crate::source::{RegValue, Source};

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
