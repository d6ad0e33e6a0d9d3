//! [`Live`]: the running machine. The only place in the crate with `#[cfg(target_os)]`: one thin
//! backend file per OS, selected here, each answering the same [`Query`]s.

use crate::platform::Platform;
use crate::source::{Answer, ChangeFeed, Query, Source, SourceError};

#[cfg(any(target_os = "linux", target_os = "android"))]
mod unix_fs;

// Files confined to one folder, for snapshot replay (`openat` + `O_NOFOLLOW` where there is one).
#[cfg(unix)]
mod confined;
#[cfg(not(unix))]
#[path = "confined_std.rs"]
mod confined;
pub(crate) use confined::Root;

/// What [`Root::walk`] found at a path, without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry {
    /// A folder.
    Dir,
    /// A regular file of this many bytes.
    File(u64),
    /// A symbolic link and its target.
    Link(String),
    /// A FIFO, socket or device: never opened.
    Special,
}

#[cfg(any(target_os = "android", target_os = "macos", target_os = "ios"))]
mod ifaddrs;

#[cfg(target_os = "linux")]
mod netlink;

#[cfg(any(target_os = "linux", target_os = "android"))]
mod mounts;

#[cfg(target_os = "linux")]
mod mount_probe;

mod memory;

#[cfg(any(target_os = "macos", target_os = "ios"))]
mod route_socket;

#[cfg(any(target_os = "windows", test))]
mod signal;

#[cfg(target_os = "windows")]
mod windows_feed;

#[cfg(target_os = "linux")]
mod netlink_dump;

#[cfg(any(target_os = "macos", target_os = "ios"))]
mod apple_routes;

#[cfg(target_os = "linux")]
#[path = "linux.rs"]
mod imp;

#[cfg(target_os = "windows")]
#[path = "windows.rs"]
mod imp;

#[cfg(target_os = "android")]
#[path = "android.rs"]
mod imp;

#[cfg(any(target_os = "macos", target_os = "ios"))]
#[path = "apple.rs"]
mod imp;

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
#[path = "web.rs"]
mod imp;

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios",
    target_os = "windows",
    all(target_arch = "wasm32", target_os = "unknown")
)))]
#[path = "unsupported.rs"]
mod imp;

/// The running machine, read through the OS's own interfaces (files under `/proc`, `/sys` and
/// `/etc` on Linux; rtnetlink dumps for addresses on Linux, `getifaddrs` on Android and Apple
/// systems; the registry and system calls on Windows). It
/// never spawns a process and never writes.
///
/// **`Live` is not consent-gated: only the [`Collector`](crate::Collector) is.** It stays
/// public so a host app can wrap it (in a [`Recording`](crate::source::Recording), or its own
/// [`Source`]) and hand it to a collector; code that queries it directly reads the device
/// without asking anyone. What it will not read is the same for every caller:
///
/// - identifiers (the deny rules of `src/source/deny.rs`) are refused with
///   [`SourceError::Unsupported`], judged on the path after lexical normalization (`.`, `..`,
///   `//`), after refusing another root's view (`/proc/self/root`, `/proc/<pid>/root`,
///   `/proc/thread-self`, `cwd`, `fd/`), and again after symlinks are resolved (Unix); the file
///   read is the resolved one (on Linux and Android the very one judged: opened once, judged on
///   the path the kernel resolved for that descriptor, and read through it). A relative path
///   is refused;
/// - [`Query::Interfaces`] and [`Query::Adapters`] answer addresses cut to their /24 (IPv4) or
///   /48 (IPv6), with prefix lengths capped there, unless the source was made with
///   [`Live::with_full_addresses`].
///
/// | platform | status |
/// |---|---|
/// | Linux | files, directories, links, interfaces, routes and rules (rtnetlink dumps) |
/// | Android | system properties (`__system_property_read_callback`), files, directories, links, interfaces |
/// | macOS, iOS | sysctls (`sysctlbyname`), the simulator's `SIMULATOR_*` environment, interfaces, routes (`NET_RT_DUMP`) |
/// | web (`wasm32-unknown-unknown`) | `navigator` (`userAgent`, `userAgentData`, `connection`, `onLine`), `screen.orientation`, the window's size |
/// | Windows | `HKLM` registry values (`RegGetValueW`; identifiers such as `MachineGuid` are refused), kernel version and product type (`RtlGetVersion`), adapters and interfaces (`GetAdaptersAddresses`), primary display (`EnumDisplaySettingsW`) |
#[derive(Debug, Clone, Copy, Default)]
pub struct Live {
    full_addresses: bool,
}

impl Live {
    /// The live source of this machine; interface addresses minimized (/24, /48).
    pub fn new() -> Live {
        Live {
            full_addresses: false,
        }
    }

    /// This source, answering [`Query::Interfaces`] and [`Query::Adapters`] with full
    /// addresses and prefix lengths. The [`Collector`](crate::Collector) uses it when built
    /// with `ip_precision(IpPrecision::Full)`; a host app that passes its own `Live` to such a
    /// collector must ask for it too, or the report carries the /24 or /48.
    #[must_use]
    pub fn with_full_addresses(self) -> Live {
        Live {
            full_addresses: true,
        }
    }
}

impl Source for Live {
    fn platform(&self) -> Platform {
        imp::PLATFORM
    }

    fn query(&self, query: &Query) -> Result<Answer, SourceError> {
        let answer = match query {
            // The deny rules judge these paths inside, as written and as resolved. A file,
            // folder or link answer holds no address: returned as it is.
            Query::File(_) | Query::Dir(_) | Query::Link(_) => return files(query),
            other if super::deny::refuses(other) => return Err(SourceError::Unsupported),
            other => imp::query(other)?,
        };
        Ok(if self.full_addresses {
            answer
        } else {
            minimize_addresses(answer)
        })
    }

    fn network_changes(&self) -> Option<Box<dyn ChangeFeed>> {
        imp::network_changes()
    }

    /// Kernel interfaces (rtnetlink, `getifaddrs`, system properties, sysctls, `RtlGetVersion`,
    /// `GetAdaptersAddresses`, `HKLM`), and files on procfs, sysfs, tmpfs or a local disk
    /// filesystem per `/proc/self/mountinfo` (never FUSE, NFS, SMB, 9P, automounts, debugfs).
    fn answers_from_memory(&self, query: &Query) -> bool {
        memory::answers_from_memory(query)
    }

    /// The mount table's version on Linux and Android (see [`Source::memory_generation`]);
    /// `0` elsewhere, where no judgement depends on the mounts.
    fn memory_generation(&self) -> u64 {
        memory::generation()
    }

    /// Every `Live` source reads this machine: a read hung for one collector is hung for all.
    fn device_key(&self) -> usize {
        super::THIS_MACHINE
    }
}

/// A file, directory or link query on Linux and Android: judged on its normalized and its
/// resolved path, and read through the one descriptor that was judged (see `unix_fs`).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn files(query: &Query) -> Result<Answer, SourceError> {
    unix_fs::query(query)
}

/// A file, directory or link query elsewhere: the path is judged as written (normalized) and
/// with its symlinks resolved (Unix), then the backend answers for the resolved path.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn files(query: &Query) -> Result<Answer, SourceError> {
    let resolved = match query {
        Query::File(p) => Query::File(checked_path(p, true)?),
        Query::Dir(p) => Query::Dir(checked_path(p, true)?),
        Query::Link(p) => Query::Link(checked_path(p, false)?),
        _ => return Err(SourceError::Unsupported),
    };
    imp::query(&resolved)
}

/// The path `Live` reads for `path`, or [`SourceError::Unsupported`] when a deny rule refuses
/// it: normalized lexically, then (Unix) with its symlinks resolved (all of them, or all but
/// the last when `follow_last` is false), each form judged by the rules.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn checked_path(path: &str, follow_last: bool) -> Result<String, SourceError> {
    if !path.starts_with('/') {
        return Err(SourceError::Unsupported);
    }
    let normal = super::deny::normalize(path);
    if super::deny::path(&normal) {
        return Err(SourceError::Unsupported);
    }
    let Some(real) = resolve(&normal, follow_last) else {
        return Ok(normal);
    };
    if super::deny::path(&real) {
        return Err(SourceError::Unsupported);
    }
    Ok(real)
}

/// `path` with its symlinks resolved, when it exists (Unix).
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
fn resolve(path: &str, follow_last: bool) -> Option<String> {
    let real = if follow_last {
        std::fs::canonicalize(path).ok()?
    } else {
        let (dir, name) = path.rsplit_once('/')?;
        let dir = if dir.is_empty() { "/" } else { dir };
        std::fs::canonicalize(dir).ok()?.join(name)
    };
    real.into_os_string().into_string().ok()
}

/// Windows paths are not read as files; the lexical rules are all there is.
#[cfg(not(unix))]
fn resolve(_path: &str, _follow_last: bool) -> Option<String> {
    None
}

/// Interface and adapter addresses cut to /24 or /48, prefix lengths capped there.
fn minimize_addresses(answer: Answer) -> Answer {
    let cut = |ip: std::net::IpAddr, len: Option<u8>| {
        let most = if ip.is_ipv4() { 24 } else { 48 };
        (crate::minimize::truncate_ip(ip), len.map(|l| l.min(most)))
    };
    match answer {
        Answer::Interfaces(list) => Answer::Interfaces(
            list.into_iter()
                .map(|mut a| {
                    (a.ip, a.prefix_len) = cut(a.ip, a.prefix_len);
                    a
                })
                .collect(),
        ),
        Answer::Adapters(list) => Answer::Adapters(
            list.into_iter()
                .map(|mut adapter| {
                    for a in &mut adapter.addresses {
                        (a.ip, a.prefix_len) = cut(a.ip, a.prefix_len);
                    }
                    adapter
                })
                .collect(),
        ),
        other => other,
    }
}

/// The browser's asynchronous values, on the web only (`wasm32-unknown-unknown`).
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
impl Live {
    /// Fetches the high-entropy User-Agent Client Hints (`platform`, `platformVersion`,
    /// `model`) that the next collects report as the OS version and the Android model. Call it
    /// only once `compatibility` is granted: the fetch is itself a read. Does nothing in a
    /// browser without Client Hints.
    pub async fn prefetch_client_hints(&self) {
        imp::prefetch_client_hints().await;
    }

    /// Drops the fetched Client Hints (call it when consent is withdrawn).
    pub fn forget_prefetched(&self) {
        imp::forget();
    }
}

/// The one place that decides which platform this build runs on: the live backend selected
/// above.
impl Platform {
    /// The platform this crate was compiled for, or `None` on a target devprobe has no live
    /// source for (e.g. FreeBSD).
    pub const fn current() -> Option<Platform> {
        match imp::PLATFORM {
            Platform::Other => None,
            p => Some(p),
        }
    }
}

/// How an OS error becomes a source error, for the backends that call the OS.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios",
    target_os = "windows"
))]
impl SourceError {
    pub(crate) fn from_io(e: &std::io::Error) -> SourceError {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::NotFound => SourceError::NotFound,
            K::PermissionDenied => SourceError::PermissionDenied,
            K::IsADirectory | K::NotADirectory => SourceError::WrongKind,
            K::TimedOut | K::WouldBlock => SourceError::TimedOut,
            K::InvalidData => SourceError::Malformed,
            k => SourceError::Io(format!("{k:?}")),
        }
    }
}
