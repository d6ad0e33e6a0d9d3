//! The OS families a web page or a mini-program can find itself on, with their names, ids and
//! OpenTelemetry `os.type`: shared by [`web`](super::web) and [`miniprogram`](super::miniprogram),
//! which report the OS that hosts them.

use crate::facts::{Context, Facts};
use crate::field::{Field, Group};
use crate::report::{OmitReason, OsType};

/// An OS family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    Windows,
    MacOs,
    Ios,
    Android,
    ChromeOs,
    Linux,
    HarmonyOs,
}

impl Family {
    /// `os.id`.
    fn id(self) -> &'static str {
        match self {
            Family::Windows => "windows",
            Family::MacOs => "macos",
            Family::Ios => "ios",
            Family::Android => "android",
            Family::ChromeOs => "chromeos",
            Family::Linux => "linux",
            Family::HarmonyOs => "harmonyos",
        }
    }

    /// `os.name`.
    fn name(self) -> &'static str {
        match self {
            Family::Windows => "Windows",
            Family::MacOs => "macOS",
            Family::Ios => "iOS",
            Family::Android => "Android",
            Family::ChromeOs => "ChromeOS",
            Family::Linux => "Linux",
            Family::HarmonyOs => "HarmonyOS",
        }
    }

    /// `os.type`: Android and ChromeOS run Linux, Apple's systems Darwin.
    fn os_type(self) -> OsType {
        match self {
            Family::Windows => OsType::Windows,
            Family::MacOs | Family::Ios => OsType::Darwin,
            Family::Android | Family::ChromeOs | Family::Linux => OsType::Linux,
            Family::HarmonyOs => OsType::Other,
        }
    }
}

/// What was found: the family and the version (or why there is none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    pub family: Family,
    pub version: Result<String, OmitReason>,
}

/// Fills the wanted `os.*` fields from `found`; what a page or mini-program can never know
/// (build, display version, SDK level, kernel) is omitted `unsupported`.
pub(super) fn fill(ctx: &Context<'_>, found: Result<Found, OmitReason>, facts: &mut Facts) {
    let found = match found {
        Ok(found) => found,
        Err(reason) => {
            facts.omit_all(ctx.wanted.intersection(Group::Os.fields()), reason);
            return;
        }
    };
    let wants = |f| ctx.wanted.contains(f);
    if wants(Field::OsType) {
        facts.os.os_type = Some(found.family.os_type());
    }
    if wants(Field::OsId) {
        facts.os.id = Some(found.family.id().to_owned());
    }
    if wants(Field::OsName) {
        facts.os.name = Some(found.family.name().to_owned());
    }
    if wants(Field::OsVersion) {
        match found.version {
            Ok(v) => facts.os.version = Some(v),
            Err(reason) => facts.omit(Field::OsVersion, reason),
        }
    }
    for f in [
        Field::OsBuildId,
        Field::OsDisplayVersion,
        Field::OsSdkLevel,
        Field::OsKernelVersion,
    ] {
        if wants(f) {
            facts.omit(f, OmitReason::Unsupported);
        }
    }
}

/// `14.0.0` → `14`, `12.1.0` → `12.1`, `15.0.0` → `15` (trailing zero components dropped);
/// `None` unless it is dot-separated digits.
pub(super) fn short_version(v: &str) -> Option<String> {
    let v = v.trim();
    let parts: Vec<&str> = v.split('.').collect();
    if v.is_empty()
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let keep = parts
        .iter()
        .rposition(|p| p.bytes().any(|b| b != b'0'))
        .map_or(1, |i| i + 1);
    Some(
        parts
            .iter()
            .take(keep.max(1))
            .copied()
            .collect::<Vec<_>>()
            .join("."),
    )
}

#[cfg(test)]
mod tests {
    use super::short_version;

    #[test]
    fn short_versions() {
        for (raw, short) in [
            ("14.0.0", Some("14")),
            ("12.1.0", Some("12.1")),
            ("14.4.1", Some("14.4.1")),
            ("15.0.0", Some("15")),
            ("0.0.0", Some("0")),
            ("16002.44.0", Some("16002.44")),
            ("", None),
            ("14.", None),
            ("14.x", None),
        ] {
            assert_eq!(short_version(raw).as_deref(), short, "{raw:?}");
        }
    }
}
