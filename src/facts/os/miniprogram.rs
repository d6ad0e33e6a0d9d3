//! The OS a WeChat mini-program runs on: `system` of `wx.getDeviceInfo()` (`iOS 16.1`,
//! `Android 12`, `HarmonyOS 4.2.0`, `Windows 10 x64`, `macOS 14.2.1`).

use super::family::{Family, Found, fill};
use crate::facts::read::js;
use crate::facts::{Context, Facts};
use crate::parse::wx::parse_wx_system;
use crate::report::OmitReason;

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    let found = js::wx_device(ctx.source)
        .map_err(|e| e.omit_reason())
        .and_then(|d| from_system(d.system.as_deref().unwrap_or("")));
    fill(ctx, found, facts);
}

/// The OS named by a `system` string.
pub(super) fn from_system(system: &str) -> Result<Found, OmitReason> {
    let parsed = parse_wx_system(system).ok_or(if system.trim().is_empty() {
        OmitReason::NotFound
    } else {
        OmitReason::Malformed
    })?;
    let family = match parsed.name.to_ascii_lowercase().as_str() {
        "ios" | "ipados" => Family::Ios,
        "android" => Family::Android,
        "harmonyos" | "openharmony" => Family::HarmonyOs,
        "windows" => Family::Windows,
        "macos" | "mac" | "macosx" => Family::MacOs,
        _ => return Err(OmitReason::NotFound),
    };
    Ok(Found {
        family,
        version: parsed.version.ok_or(OmitReason::NotFound),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn systems() {
        let found = |f, v: &str| {
            Ok(Found {
                family: f,
                version: Ok(v.to_owned()),
            })
        };
        assert_eq!(from_system("iOS 16.1"), found(Family::Ios, "16.1"));
        assert_eq!(from_system("Android 12"), found(Family::Android, "12"));
        assert_eq!(
            from_system("HarmonyOS 4.2.0"),
            found(Family::HarmonyOs, "4.2.0")
        );
        assert_eq!(from_system("Windows 10 x64"), found(Family::Windows, "10"));
        assert_eq!(from_system(""), Err(OmitReason::NotFound));
        assert_eq!(from_system("Symbian 9"), Err(OmitReason::NotFound));
        assert_eq!(from_system("\u{1}"), Err(OmitReason::Malformed));
    }
}
