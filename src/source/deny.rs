//! Every "never read" rule, in one place: the file paths, Android properties, Apple sysctls and
//! Windows registry values that hold identifiers (serial numbers, UUIDs, machine ids, host and
//! owner names, MAC addresses, IMEI/ICCID/MEID/IMSI). Every [`Source`](super::Source) applies
//! [`refuses`] before it answers — [`Live`](super::Live), [`Snapshot`](super::Snapshot) and
//! [`Recording`](super::Recording) — and answers [`SourceError::Unsupported`](super::SourceError)
//! without reading; the fact layer's readers check the same rules before they ask.
//!
//! The user-facing list of what is never read (PRIVACY.md, the disclosures) is the catalog's
//! `NEVER_READ`; a test below checks that every source it names is refused here.

use super::Query;

/// Whether `query` asks for something devprobe never reads.
pub fn refuses(query: &Query) -> bool {
    match query {
        Query::File(p) | Query::Link(p) => path(p),
        Query::Property(n) => property(n),
        Query::Sysctl(n) => sysctl(n),
        Query::Registry(k, v) => registry(k, v),
        Query::Dir(_)
        | Query::WindowsVersion
        | Query::Interfaces
        | Query::Adapters
        | Query::Display
        | Query::Web(_) => false,
    }
}

/// Whether `path` holds an identifier devprobe never reads: machine IDs, DMI serials, UUIDs and
/// asset tags, MAC addresses under `/sys/class/net`, host names, the user list
/// (`/etc/passwd`), the device-tree serial number.
/// Refused as a file or a link (a snapshot also refuses a symlink that leads to one).
pub fn path(path: &str) -> bool {
    const FILES: &[&str] = &[
        "/etc/machine-id",
        "/var/lib/dbus/machine-id",
        "/etc/hostname",
        "/proc/sys/kernel/hostname",
        "/etc/passwd",
    ];
    const NAMES: &[&str] = &[
        "product_serial",
        "product_uuid",
        "board_serial",
        "chassis_serial",
        "board_asset_tag",
        "chassis_asset_tag",
        "serial-number",
    ];
    let name = path.rsplit('/').next().unwrap_or(path);
    FILES.contains(&path)
        || (NAMES.contains(&name)
            && (path.contains("/dmi/")
                || path.contains("devicetree")
                || path.contains("device-tree")))
        || (name == "address" && path.contains("/net/"))
}

/// Whether a property holds a device or subscriber identifier that devprobe never reads: serial
/// numbers (`ro.serialno`, `ro.boot.serialno`, any `*serial*`) and IMEI, ICCID, MEID or IMSI
/// properties.
pub fn property(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["serial", "imei", "iccid", "meid", "imsi"]
        .iter()
        .any(|id| lower.contains(id))
}

/// Whether a sysctl identifies the machine and is never read: `kern.uuid`, `kern.bootsessionuuid`,
/// `kern.hostname`.
pub fn sysctl(name: &str) -> bool {
    matches!(name, "kern.uuid" | "kern.hostname" | "kern.bootsessionuuid")
}

/// Whether a registry value identifies a machine or a person: `MachineGuid`, any value whose
/// name holds `serial`, `productid` (`ProductId`, `DigitalProductId`), `computername`,
/// `hostname` or `owner` (`RegisteredOwner`), and anything under a `ComputerName` key.
pub fn registry(key: &str, value: &str) -> bool {
    let (key, value) = (key.to_ascii_lowercase(), value.to_ascii_lowercase());
    value == "machineguid"
        || value.contains("serial")
        || value.contains("productid")
        || value.contains("computername")
        || value.contains("hostname")
        || value.contains("owner")
        || key.contains("computername")
}

#[cfg(test)]
mod tests;
