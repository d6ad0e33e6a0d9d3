//! Apple OS facts: the product version and build, never the Darwin kernel number as the version.
//!
//! macOS 11 and later answer "10.16" to programs that run in the compatibility mode for old
//! SDKs (`SYSTEM_VERSION_COMPAT`). When `kern.osproductversion` says 10.16 (or is missing), the
//! probe takes `kern.osproductversioncompat` if that one holds a real version, and otherwise
//! the major version from the Darwin major in `kern.osrelease`:
//!
//! | Darwin | macOS |
//! |---|---|
//! | 5 – 19 | 10.1 – 10.15 (`10.(darwin − 4)`) |
//! | 20 – 24 | 11 – 15 (`darwin − 9`) |
//! | 25 and later | 26 and later (`darwin + 1`, the year-based numbers) |

use crate::facts::read::apple::{Identifier, sysctl};
use crate::facts::{Context, Facts};
use crate::field::Field;
use crate::report::OmitReason;
use crate::source::SourceError;

pub(super) fn probe(
    ctx: &Context<'_>,
    ios: bool,
    id: &Result<Identifier, SourceError>,
    facts: &mut Facts,
) {
    let wants = |f| ctx.wanted.contains(f);
    let simulated = id.as_ref().is_ok_and(|i| i.simulated);
    let wants_name = wants(Field::OsName) || wants(Field::OsId);
    let version = if wants(Field::OsVersion) || (ios && wants_name) {
        if simulated {
            // The kernel is the host Mac's; the simulated runtime says its own version.
            sysctl(ctx.source, "env.SIMULATOR_RUNTIME_VERSION").and_then(checked_version)
        } else if ios {
            sysctl(ctx.source, "kern.osproductversion").and_then(checked_version)
        } else {
            macos_version(ctx)
        }
    } else {
        Err(SourceError::NotFound)
    };
    if wants_name {
        let (name, os_id) = if ios {
            let major = version
                .as_ref()
                .ok()
                .and_then(|v| v.split('.').next()?.parse().ok());
            family_os(id.as_ref().ok().map(|i| i.id.as_str()), major)
        } else {
            ("macOS", "macos")
        };
        if wants(Field::OsName) {
            facts.os.name = Some(name.to_owned());
        }
        if wants(Field::OsId) {
            facts.os.id = Some(os_id.to_owned());
        }
    }
    if wants(Field::OsVersion) {
        match version {
            Ok(v) => facts.os.version = Some(v),
            Err(e) => facts.omit(Field::OsVersion, e.omit_reason()),
        }
    }
    if wants(Field::OsBuildId) {
        let name = if simulated {
            "env.SIMULATOR_RUNTIME_BUILD_VERSION"
        } else {
            "kern.osversion"
        };
        match sysctl(ctx.source, name) {
            Ok(v) => facts.os.build_id = Some(v),
            Err(e) => facts.omit(Field::OsBuildId, e.omit_reason()),
        }
    }
    if wants(Field::OsDisplayVersion) {
        facts.omit(Field::OsDisplayVersion, OmitReason::Unsupported);
    }
    // An SDK (API) level is Android's; Apple platforms have none to read.
    if wants(Field::OsSdkLevel) {
        facts.omit(Field::OsSdkLevel, OmitReason::Unsupported);
    }
    if wants(Field::OsKernelVersion) {
        match sysctl(ctx.source, "kern.osrelease") {
            Ok(v) => facts.os.kernel_version = Some(v),
            Err(e) => facts.omit(Field::OsKernelVersion, e.omit_reason()),
        }
    }
}

/// The OS an iOS-family device runs, from its identifier's family (iPads run iPadOS from
/// version 13 on).
fn family_os(identifier: Option<&str>, major: Option<u32>) -> (&'static str, &'static str) {
    let id = identifier.unwrap_or("");
    if id.starts_with("iPad") && major.is_some_and(|m| m >= 13) {
        ("iPadOS", "ipados")
    } else if id.starts_with("AppleTV") {
        ("tvOS", "tvos")
    } else if id.starts_with("Watch") {
        ("watchOS", "watchos")
    } else {
        ("iOS", "ios")
    }
}

/// macOS's version, with the 10.16 compatibility answer resolved (see the module docs).
fn macos_version(ctx: &Context<'_>) -> Result<String, SourceError> {
    match sysctl(ctx.source, "kern.osproductversion") {
        Ok(v) if !is_compat(&v) => return checked_version(v),
        Ok(_) | Err(SourceError::NotFound) => {}
        Err(e) => return Err(e),
    }
    if let Ok(v) = sysctl(ctx.source, "kern.osproductversioncompat").and_then(checked_version)
        && !is_compat(&v)
    {
        return Ok(v);
    }
    let release = sysctl(ctx.source, "kern.osrelease")?;
    let darwin: u32 = release
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .ok_or(SourceError::Malformed)?;
    macos_from_darwin(darwin).ok_or(SourceError::Malformed)
}

fn is_compat(version: &str) -> bool {
    version == "10.16" || version.starts_with("10.16.")
}

/// The macOS version a Darwin major ships with (major only from macOS 11 on).
pub(crate) fn macos_from_darwin(darwin: u32) -> Option<String> {
    match darwin {
        5..=19 => Some(format!("10.{}", darwin - 4)),
        20..=24 => Some((darwin - 9).to_string()),
        25..=99 => Some((darwin + 1).to_string()),
        _ => None,
    }
}

/// `v` if it looks like a product version (`"12.6"`, `"17.5.1"`), else malformed.
fn checked_version(v: String) -> Result<String, SourceError> {
    let ok = !v.is_empty()
        && v.split('.').count() <= 4
        && v.split('.')
            .all(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    if ok {
        Ok(v)
    } else {
        Err(SourceError::Malformed)
    }
}
