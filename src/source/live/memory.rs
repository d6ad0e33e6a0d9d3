//! Which live queries the kernel (or the process's own memory) answers without waiting on
//! anything that can stall: the collector reads those on the caller's thread from the first
//! collect of the process (`source/guard.rs`), and hands the others to a worker until it has
//! seen them answer fast.

use crate::source::Query;

/// Linux and Android: rtnetlink dumps, `getifaddrs` and system properties (shared memory) are
/// kernel or process memory; a file, folder or link only when the mount table says its path is
/// on procfs, sysfs, tmpfs or a local disk filesystem (not FUSE, NFS, SMB, 9P, an automount or
/// debugfs). The path is judged as the kernel walks it: every component and every symlink's
/// target, so a link on the root disk into a FUSE mount is not trusted (`mounts.rs`); on Linux
/// 6.8 and later the kernel vouches for most paths without the table (`mount_probe.rs`).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(super) fn answers_from_memory(query: &Query) -> bool {
    match query {
        Query::Interfaces | Query::Routes | Query::Rules | Query::Property(_) => true,
        Query::File(p) | Query::Dir(p) | Query::Link(p) => {
            p.starts_with('/') && super::mounts::resolves_onto_trusted(p)
        }
        _ => false,
    }
}

/// macOS and iOS: `sysctlbyname`, `getifaddrs` and the routing socket's dump are kernel memory.
#[cfg(any(target_os = "macos", target_os = "ios"))]
pub(super) fn answers_from_memory(query: &Query) -> bool {
    matches!(query, Query::Sysctl(_) | Query::Interfaces | Query::Routes)
}

/// Windows: `RtlGetVersion`, `GetAdaptersAddresses` and the `HKLM` values devprobe reads (the
/// in-memory `SOFTWARE` and `HARDWARE` hives).
#[cfg(target_os = "windows")]
pub(super) fn answers_from_memory(query: &Query) -> bool {
    matches!(
        query,
        Query::WindowsVersion | Query::Adapters | Query::Registry(..)
    )
}

/// Elsewhere (the web has no threads: every read is on the caller anyway): none.
#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios",
    target_os = "windows"
)))]
pub(super) fn answers_from_memory(_query: &Query) -> bool {
    false
}

/// What the judgements above depend on: the mount table's version on Linux and Android.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(super) fn generation() -> u64 {
    super::mounts::version()
}

/// Elsewhere no judgement depends on anything that changes.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(super) fn generation() -> u64 {
    0
}
