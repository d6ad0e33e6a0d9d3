//! The macOS and iOS probe: device and OS from sysctls, network from what the host pushed plus
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

use super::{Context, Facts, groups, host_screen};
use crate::minimize::MAX_STRING_BYTES;
use crate::parse::sysctl::is_identifier_sysctl;
use crate::report::{OmitReason, Platform};
use crate::source::{Source, SourceError};

mod device;
mod models;
mod os;

pub(crate) fn probe(ctx: &Context<'_>) -> Facts {
    let mut facts = Facts::default();
    let ios = ctx.source.platform() == Platform::Ios;
    let wants_device_id = ctx.wants_any(groups::DEVICE) || (ios && ctx.wants_any(groups::OS));
    let id = if wants_device_id {
        device::identifier(ctx.source, ios)
    } else {
        Err(SourceError::NotFound)
    };
    if ctx.wants_any(groups::DEVICE) {
        device::probe(ctx, &id, &mut facts);
    }
    if ctx.wants_any(groups::OS) {
        os::probe(ctx, ios, &id, &mut facts);
    }
    if ctx.wants_any(groups::NETWORK) {
        super::host_net::probe(ctx, super::host_net::Family::Apple, &mut facts);
    }
    if ctx.wants_any(groups::SCREEN) {
        if ios {
            // A library cannot ask UIKit; only the host's push counts.
            if !host_screen(ctx, &mut facts) {
                facts.omit_all(groups::SCREEN, OmitReason::Unsupported);
            }
        } else {
            super::screen::desktop(ctx, &mut facts);
        }
    }
    facts
}

/// The marketing name of a model identifier, e.g. `"iPhone15,2"` → `"iPhone 14 Pro"`,
/// `"MacBookPro18,3"` → `"MacBook Pro (14-inch, 2021)"`.
pub(crate) fn marketing_name(identifier: &str) -> Option<&'static str> {
    [models::IOS_MODELS, models::MAC_MODELS]
        .into_iter()
        .find_map(|table| {
            let i = table
                .binary_search_by(|(id, _)| id.as_bytes().cmp(identifier.as_bytes()))
                .ok()?;
            table.get(i).map(|(_, name)| *name)
        })
}

/// A sysctl's usable value: trimmed; empty is absent; longer than a report string is malformed.
fn sysctl(source: &dyn Source, name: &str) -> Result<String, SourceError> {
    if is_identifier_sysctl(name) {
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

#[cfg(test)]
mod tests;
