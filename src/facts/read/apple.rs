//! Apple sysctls and the model identifier, as the device and OS groups read them, and what the
//! Apple rules of every group take from where:
//!
//! The macOS and iOS rules: device and OS from sysctls, network from what the host pushed plus
//! the interface list, orientation from the host.
//!
//! | fact | macOS | iOS / iPadOS | example |
//! |---|---|---|---|
//! | `device.brand`, `device.manufacturer` | constant | constant | `"Apple"` |
//! | `device.model` | `hw.model` → marketing name | `hw.machine` → marketing name | `"MacBook Pro (14-inch, 2021)"`, `"iPhone 14 Pro"` |
//! | `device.model_identifier` | `hw.model` | `hw.machine` | `"MacBookPro18,3"`, `"iPhone15,2"` |
//! | `os.name`, `os.id` | constant | by device family | `"macOS"`/`"macos"`, `"iPadOS"`/`"ipados"` |
//! | `os.version` | `kern.osproductversion` (the 10.16 compatibility answer resolved) | `kern.osproductversion` | `"12.6"`, `"16.1"` |
//! | `os.build_id` | `kern.osversion` | `kern.osversion` | `"21G115"` |
//! | `os.kernel_version` | `kern.osrelease` (the Darwin number, only here) | `kern.osrelease` | `"21.6.0"` |
//! | `network.*` | host push; interfaces | host push; interfaces | `"wifi"` |
//! | `screen.*` | host push, else `CGDisplayRotation(CGMainDisplayID())` + `CGDisplayBounds` | host push | `"portrait_primary"` |
//!
//! On iOS `hw.model` is a board id (`"D73AP"`) and is never read. An identifier missing from the
//! tables is reported as the model itself (never a generic "iPhone"). A simulator's `hw.machine`
//! is the host's CPU (`arm64`, `x86_64`); the device and OS it simulates come from the
//! simulator's environment, which a source answers as the pseudo-sysctls
//! `env.SIMULATOR_MODEL_IDENTIFIER`, `env.SIMULATOR_RUNTIME_VERSION` and
//! `env.SIMULATOR_RUNTIME_BUILD_VERSION` (in a snapshot: lines of `sysctl.txt`). Never read:
//! `kern.uuid`, `kern.hostname`.

use crate::minimize::MAX_STRING_BYTES;
use crate::source::deny;
use crate::source::{Source, SourceError};

/// The device's model identifier and whether it is a simulator's simulated one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Identifier {
    pub id: String,
    pub simulated: bool,
}

/// `hw.machine` values that name the CPU rather than a device: a simulator, or an iOS binary on
/// a Mac.
fn is_cpu_name(machine: &str) -> bool {
    matches!(machine, "x86_64" | "i386" | "arm64" | "arm64e")
}

pub(crate) fn identifier(source: &dyn Source, ios: bool) -> Result<Identifier, SourceError> {
    if !ios {
        return sysctl(source, "hw.model").map(|id| Identifier {
            id,
            simulated: false,
        });
    }
    let machine = sysctl(source, "hw.machine")?;
    if !is_cpu_name(&machine) {
        return Ok(Identifier {
            id: machine,
            simulated: false,
        });
    }
    sysctl(source, "env.SIMULATOR_MODEL_IDENTIFIER").map(|id| Identifier {
        id,
        simulated: true,
    })
}

/// A sysctl's usable value: trimmed; empty is absent; longer than a report string is malformed.
pub(crate) fn sysctl(source: &dyn Source, name: &str) -> Result<String, SourceError> {
    if deny::sysctl(name) {
        return Err(SourceError::Unsupported);
    }
    let raw = source.sysctl(name)?;
    let v = raw.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if v.len() > MAX_STRING_BYTES {
        return Err(SourceError::Malformed);
    }
    if v.is_empty() {
        return Err(SourceError::NotFound);
    }
    Ok(v.to_owned())
}
