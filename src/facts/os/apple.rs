//! Apple OS facts: the product version and build, never the Darwin kernel number as the version.
//!
//! macOS 11 and later answer "10.16" to programs that run in the compatibility mode for old
//! SDKs (`SYSTEM_VERSION_COMPAT`), and macOS 26 answers "16.x" to programs built against an SDK
//! older than 26. A compatibility answer (10.16, or a major that macOS never had: 16 – 25) is
//! never reported: the probe takes `kern.osproductversioncompat` if that one holds a real
//! version, and otherwise maps the Darwin major in `kern.osrelease` (which is never
//! disguised) — keeping the minor and patch of a 16.x answer ("16.0" on Darwin 25 → "26.0"):
//!
//! | Darwin | macOS |
//! |---|---|
//! | 5 – 19 | 10.1 – 10.15 (`10.(darwin − 4)`) |
//! | 20 – 24 | 11 – 15 (`darwin − 9`) |
//! | 25 and later | 26 and later (`darwin + 1`, the year-based numbers) |
//!
//! iOS, iPadOS, tvOS and watchOS 26 do the same to apps built against an SDK older than 26
//! (iOS answers "19.0"): from Darwin 25 on, every Apple OS's major is `darwin + 1`, so a version
//! whose major is not is the compatibility answer and takes that major, keeping its minor.

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
            ios_version(ctx)
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
    let compat = match sysctl(ctx.source, "kern.osproductversion") {
        Ok(v) if !is_compat(&v) => return checked_version(v),
        Ok(v) => Some(v),
        Err(SourceError::NotFound) => None,
        Err(e) => return Err(e),
    };
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
    let major = macos_from_darwin(darwin).ok_or(SourceError::Malformed)?;
    // A 16.x answer carries the real minor and patch ("16.1" on macOS 26.1); 10.16 carries none.
    let rest = compat
        .as_deref()
        .filter(|v| !v.starts_with("10."))
        .and_then(|v| v.split_once('.'))
        .map(|(_, rest)| rest);
    match rest {
        Some(rest) if darwin >= 25 => checked_version(format!("{major}.{rest}")),
        _ => Ok(major),
    }
}

/// The iOS-family version, with the compatibility answer of 26 and later resolved (module docs).
fn ios_version(ctx: &Context<'_>) -> Result<String, SourceError> {
    let v = sysctl(ctx.source, "kern.osproductversion").and_then(checked_version)?;
    let darwin = sysctl(ctx.source, "kern.osrelease")
        .ok()
        .and_then(|r| r.split('.').next()?.parse::<u32>().ok());
    let (major, rest) = v.split_once('.').unwrap_or((v.as_str(), ""));
    match darwin {
        Some(d) if d >= 25 && major.parse::<u32>().ok() != Some(d + 1) => {
            let year = d + 1;
            checked_version(if rest.is_empty() {
                year.to_string()
            } else {
                format!("{year}.{rest}")
            })
        }
        _ => Ok(v),
    }
}

/// Whether a product version is a compatibility answer: 10.16 (macOS 11 – 15 to old SDKs), or a
/// major no macOS had (16 – 25: macOS 26 answers 16.x to old SDKs).
fn is_compat(version: &str) -> bool {
    let major = version
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok());
    version == "10.16"
        || version.starts_with("10.16.")
        || major.is_some_and(|m| (16..=25).contains(&m))
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
