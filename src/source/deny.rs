//! Every "never read" rule, in one place: the file paths, Android properties, Apple sysctls and
//! Windows registry values that hold identifiers (serial numbers, UUIDs, machine ids, host and
//! owner names, MAC addresses, IMEI/ICCID/MEID/IMSI). Every [`Source`](super::Source) applies
//! [`refuses`] before it answers — [`Live`](super::Live), [`Snapshot`](super::Snapshot) and
//! [`Recording`](super::Recording) — and answers [`SourceError::Unsupported`](super::SourceError)
//! without reading; the fact layer's readers check the same rules before they ask.
//!
//! The user-facing list of what is never read (PRIVACY.md, the disclosures) is the catalog's
//! `NEVER_READ`; a test below checks that every source it names is refused here.

use std::borrow::Cow;

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
        | Query::Routes
        | Query::Rules
        | Query::Web(_) => false,
    }
}

/// Whether `path` holds an identifier devprobe never reads: machine IDs, the boot id, DMI
/// serials, UUIDs and asset tags, MAC addresses under `/sys/class/net` and the ARP table, host
/// names, the user and password lists (`/etc/passwd`, `/etc/shadow`), login records
/// (utmp/wtmp/btmp/lastlog), a process's environment and command line
/// (`/proc/<pid>/environ`, `/proc/<pid>/cmdline`), the device-tree serial number.
/// Refused as a file or a link (a snapshot also refuses a symlink that leads to one). The path
/// is judged after lexical normalization (`/etc/./machine-id` and `//etc/machine-id` are
/// `/etc/machine-id`); a path through another root ([`escapes`]) is refused as well.
pub fn path(path: &str) -> bool {
    judge(&normalized(path))
}

/// The rules of [`path`] on a path that is already normal (as [`normalized`] returns it, or
/// as the kernel gives a resolved one). Byte comparisons only: no allocation.
pub(crate) fn judge(path: &str) -> bool {
    judge_bytes(path.as_bytes())
}

/// [`judge`] on a path's bytes, valid UTF-8 or not (the kernel's resolved path): every rule
/// compares ASCII, which `from_utf8_lossy` keeps as it is, so the judgement of the bytes is that
/// of their lossy text. Dispatched on the last component first: a name no rule looks at (see
/// [`refusable_name`]) needs only the check of the per-process links under `/proc/`.
pub(crate) fn judge_bytes(path: &[u8]) -> bool {
    let name = match last_slash(path) {
        Some(at) => path.get(at + 1..).unwrap_or(path),
        None => path,
    };
    if escapes(path) {
        return true;
    }
    let listed = || FILES.iter().any(|f| f.as_bytes() == path);
    match name {
        b"machine-id" | b"hostname" | b"boot_id" | b"uuid" | b"passwd" | b"shadow" | b"gshadow"
        | b"utmp" | b"wtmp" | b"btmp" | b"lastlog" => listed(),
        b"product_serial" | b"product_uuid" | b"board_serial" | b"chassis_serial"
        | b"board_asset_tag" | b"chassis_asset_tag" | b"serial-number" => {
            contains(path, b"/dmi/")
                || contains(path, b"devicetree")
                || contains(path, b"device-tree")
        }
        b"address" => contains(path, b"/net/"),
        b"environ" | b"cmdline" => path.starts_with(b"/proc/"),
        // `/proc/net` is `/proc/self/net`: resolved, the ARP table is `/proc/<pid>/net/arp`.
        b"arp" => listed() || (path.starts_with(b"/proc/") && path.ends_with(b"/net/arp")),
        _ => false,
    }
}

/// The top bit of each byte of `w` that equals `c`, and no other bit.
fn bytes_equal(w: u64, c: u8) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let x = w ^ (ONES * u64::from(c));
    !(((x & LOW).wrapping_add(LOW)) | x) & !LOW
}

/// Where the last `/` of `path` is: eight bytes at a time from the end (a path's last
/// component is short, so this is a word or two).
pub(crate) fn last_slash(path: &[u8]) -> Option<usize> {
    let mut end = path.len();
    while let Some(start) = end.checked_sub(8) {
        let w = path
            .get(start..end)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map_or(0, u64::from_le_bytes);
        let slashes = bytes_equal(w, b'/');
        if slashes != 0 {
            return Some(start + (63 - slashes.leading_zeros() as usize) / 8);
        }
        end = start;
    }
    path.get(..end)?.iter().rposition(|b| *b == b'/')
}

/// Whether `needle` (not empty) occurs in `hay`.
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Whether [`judge`] can refuse some path whose last component is `name`: the last names of
/// [`FILES`], the names its rules match, and the per-process links [`escapes`] refuses
/// (`root`, `cwd`, `exe`, `fd`, `map_files`, `thread-self`). Every rule of [`judge`] needs one
/// of these as the last component, or one of those links before it; the live source's
/// kernel-tree shortcut (`unix_fs.rs`) has the kernel refuse to follow those links and keep the
/// last component as asked, so it skips judging the resolved path when this answers `false`.
// Used by the Linux live source (kernel-tree shortcut) and the tests; unused on other targets.
#[allow(dead_code)]
pub(crate) fn refusable_name(name: &str) -> bool {
    // One `match` (by length, then the bytes), not a comparison per name.
    matches!(
        name,
        "machine-id"
            | "hostname"
            | "boot_id"
            | "uuid"
            | "passwd"
            | "shadow"
            | "gshadow"
            | "utmp"
            | "wtmp"
            | "btmp"
            | "lastlog"
            | "product_serial"
            | "product_uuid"
            | "board_serial"
            | "chassis_serial"
            | "board_asset_tag"
            | "chassis_asset_tag"
            | "serial-number"
            | "address"
            | "environ"
            | "cmdline"
            | "arp"
            | "root"
            | "cwd"
            | "exe"
            | "fd"
            | "map_files"
            | "thread-self"
    )
}

/// The names [`refusable_name`] knows, as a list: the last components [`judge`]'s rules and
/// [`escapes`] look at, and [`FILES`]'s (the tests check each of those, and that
/// [`refusable_name`] knows exactly these).
#[cfg(test)]
const NAMED: &[&str] = &[
    "machine-id",
    "hostname",
    "boot_id",
    "uuid",
    "passwd",
    "shadow",
    "gshadow",
    "utmp",
    "wtmp",
    "btmp",
    "lastlog",
    "product_serial",
    "product_uuid",
    "board_serial",
    "chassis_serial",
    "board_asset_tag",
    "chassis_asset_tag",
    "serial-number",
    "address",
    "environ",
    "cmdline",
    "arp",
    "root",
    "cwd",
    "exe",
    "fd",
    "map_files",
    "thread-self",
];

/// The identifier files, by their normal path.
const FILES: &[&str] = &[
    "/etc/machine-id",
    "/var/lib/dbus/machine-id",
    "/etc/hostname",
    "/proc/sys/kernel/hostname",
    "/proc/sys/kernel/random/boot_id",
    "/proc/sys/kernel/random/uuid",
    "/etc/passwd",
    "/etc/shadow",
    "/etc/gshadow",
    "/proc/net/arp",
    "/run/utmp",
    "/var/run/utmp",
    "/var/log/wtmp",
    "/var/log/btmp",
    "/var/log/lastlog",
];

/// `path` normalized without touching the disk: empty and `.` components dropped, `..`
/// taking the previous one away (never above `/`), always starting with `/` (a snapshot reads
/// a relative path from its root; [`Live`](super::Live) refuses one).
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// [`normalize`], borrowing `path` when it is already normal (the common case: one scan of its
/// bytes, no allocation).
pub(crate) fn normalized(path: &str) -> Cow<'_, str> {
    if is_normal(path) {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(normalize(path))
    }
}

/// Whether `path` starts with `/` and has no empty, `.` or `..` component (and no trailing
/// `/`, but for `/` itself). Eight bytes at a time in the common case (the snapshot's index
/// asks it too).
pub(crate) fn is_normal(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    // The common case, decided in one pass: no `/` followed by `/` or `.`, no trailing `/`.
    if plain(path.as_bytes()) {
        return true;
    }
    // The current component's length, and how many of its bytes are dots.
    let (mut len, mut dots) = (0usize, 0usize);
    for b in rest.bytes() {
        if b == b'/' {
            if len == 0 || (len == dots && len <= 2) {
                return false;
            }
            (len, dots) = (0, 0);
        } else {
            len += 1;
            dots += usize::from(b == b'.');
        }
    }
    len != 0 && !(len == dots && len <= 2)
}

/// Whether `path` (starting with `/`, longer than it) has no `/` followed by `/` or `.` and
/// does not end with `/`: normal, without looking at components. Eight bytes at a time, the
/// last eight overlapping the word before (a pair checked twice is checked the same).
fn plain(path: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let equal = bytes_equal;
    // Whether a `/` in the word at `at`, or just before it, is followed by a `/` or a `.` in
    // it (`.` is `/` but for the low bit).
    let bad = |at: usize| {
        let Some(w) = path
            .get(at..at + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_le_bytes)
        else {
            return true;
        };
        let before = at.checked_sub(1).and_then(|b| path.get(b)) == Some(&b'/');
        let slash = equal(w, b'/');
        ((slash << 8) | (u64::from(before) << 7)) & equal(w | ONES, b'/') != 0
    };
    if path.last() == Some(&b'/') {
        return false;
    }
    if path.len() < 8 {
        return !path
            .windows(2)
            .any(|pair| pair.first() == Some(&b'/') && matches!(pair.get(1), Some(b'/' | b'.')));
    }
    let mut at = 0;
    while at + 8 < path.len() {
        if bad(at) {
            return false;
        }
        at += 8;
    }
    !bad(path.len() - 8)
}

/// Whether the normalized `path` goes through another view of the file system, where the
/// rules above cannot judge what it names: `/proc/self/root`, `/proc/<pid>/root`,
/// `/proc/thread-self`, and a process's `cwd`, `fd/`, `map_files/` and `exe` (also under
/// `task/<tid>/`).
fn escapes(path: &[u8]) -> bool {
    let Some(rest) = path.strip_prefix(b"/proc/") else {
        return false;
    };
    let mut parts = rest.split(|b| *b == b'/');
    let process = |p: &[u8]| p == b"self" || (!p.is_empty() && p.iter().all(u8::is_ascii_digit));
    let via =
        |p: Option<&[u8]>| matches!(p, Some(b"root" | b"cwd" | b"fd" | b"map_files" | b"exe"));
    match parts.next() {
        Some(b"thread-self") => true,
        Some(p) if process(p) => {
            let next = parts.next();
            via(next)
                || (next == Some(b"task".as_slice())
                    && parts.next().is_some_and(process)
                    && via(parts.next()))
        }
        _ => false,
    }
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
