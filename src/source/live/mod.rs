//! [`Live`]: the running machine. The only place in the crate with `#[cfg(target_os)]`: one thin
//! backend file per OS, selected here, each answering the same [`Query`]s.

use crate::report::Platform;
use crate::source::{Answer, Query, Source, SourceError};

#[cfg(unix)]
mod unix_fs;

#[cfg(target_os = "linux")]
#[path = "linux.rs"]
mod imp;

#[cfg(target_os = "windows")]
#[path = "windows.rs"]
mod imp;

#[cfg(not(any(target_os = "linux", target_os = "windows")))]
#[path = "unsupported.rs"]
mod imp;

/// The running machine, read through the OS's own interfaces (files under `/proc`, `/sys` and
/// `/etc` on Linux; `getifaddrs` for addresses; the registry and system calls on Windows). It
/// never spawns a process and never writes.
///
/// | platform | status |
/// |---|---|
/// | Linux | files, directories, links, interfaces |
/// | Windows | `HKLM` registry values (`RegGetValueW`; identifiers such as `MachineGuid` are refused), kernel version and product type (`RtlGetVersion`), adapters and interfaces (`GetAdaptersAddresses`), primary display (`EnumDisplaySettingsW`) |
/// | Android, macOS, iOS | every query answers [`SourceError::Unsupported`] until its backend lands |
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
        imp::query(query)
    }
}
