//! [`Live`]: the running machine. The only place in the crate with `#[cfg(target_os)]`: one thin
//! backend file per OS, selected here, each answering the same [`Query`]s.

use crate::platform::Platform;
use crate::source::{Answer, ChangeFeed, Query, Source, SourceError};

#[cfg(any(target_os = "linux", target_os = "android"))]
mod unix_fs;

#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
))]
mod ifaddrs;

#[cfg(target_os = "linux")]
mod netlink;

#[cfg(any(target_os = "macos", target_os = "ios"))]
mod route_socket;

#[cfg(any(target_os = "windows", test))]
mod signal;

#[cfg(target_os = "windows")]
mod windows_feed;

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

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios",
    target_os = "windows"
)))]
#[path = "unsupported.rs"]
mod imp;

/// The running machine, read through the OS's own interfaces (files under `/proc`, `/sys` and
/// `/etc` on Linux; `getifaddrs` for addresses; the registry and system calls on Windows). It
/// never spawns a process and never writes.
///
/// | platform | status |
/// |---|---|
/// | Linux | files, directories, links, interfaces |
/// | Android | system properties (`__system_property_read_callback`), files, directories, links, interfaces |
/// | macOS, iOS | sysctls (`sysctlbyname`), the simulator's `SIMULATOR_*` environment, files, directories, links, interfaces |
/// | Windows | `HKLM` registry values (`RegGetValueW`; identifiers such as `MachineGuid` are refused), kernel version and product type (`RtlGetVersion`), adapters and interfaces (`GetAdaptersAddresses`), primary display (`EnumDisplaySettingsW`) |
#[derive(Debug, Clone, Copy, Default)]
pub struct Live {
    _private: (),
}

impl Live {
    /// The live source of this machine.
    pub fn new() -> Live {
        Live { _private: () }
    }
}

impl Source for Live {
    fn platform(&self) -> Platform {
        imp::PLATFORM
    }

    fn query(&self, query: &Query) -> Result<Answer, SourceError> {
        if super::deny::refuses(query) {
            return Err(SourceError::Unsupported);
        }
        imp::query(query)
    }

    fn network_changes(&self) -> Option<Box<dyn ChangeFeed>> {
        imp::network_changes()
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
