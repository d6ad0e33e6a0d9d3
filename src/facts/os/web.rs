//! The OS a web page runs on, as the browser tells it.
//!
//! User-Agent Client Hints first (`navigator.userAgentData`: `platform`, and `platformVersion`
//! fetched after consent):
//!
//! | `platform` | `platformVersion` | report |
//! |---|---|---|
//! | `Windows` | major ≥ 13 | Windows `11` |
//! | `Windows` | major 1–10 | Windows `10` |
//! | `Windows` | `0.x` | Windows 7, 8 or 8.1: version omitted `unsupported` |
//! | `macOS` | `14.4.1` | macOS `14.4.1` (the real version; the UA string is frozen at 10.15.7) |
//! | `Android` | `14.0.0` | Android `14` |
//! | `Chrome OS` | `16002.44.0` | ChromeOS `16002.44` |
//! | `Linux` | empty | Linux, version omitted `unsupported` (Chromium never says) |
//!
//! Without Client Hints (Firefox, Safari, most WebViews) the User-Agent string, where reduced
//! values are never facts: `Windows NT 10.0` is Windows 10 or 11, `Mac OS X 10_15_7` is any
//! macOS, `Android 10; K` any Android — their versions are omitted `unsupported` (see
//! [`parse_user_agent`](crate::parse::user_agent::parse_user_agent)).

use super::family::{Family, Found, fill, short_version};
use crate::facts::read::js;
use crate::facts::{Context, Facts};
use crate::parse::user_agent::{Claim, UaOsFamily};
use crate::report::OmitReason;
use crate::source::{ClientHints, SourceError};

pub(super) fn probe(ctx: &Context<'_>, facts: &mut Facts) {
    fill(ctx, find(ctx), facts);
}

fn find(ctx: &Context<'_>) -> Result<Found, OmitReason> {
    match js::client_hints(ctx.source) {
        Ok(hints) => {
            if let Some(found) = from_client_hints(&hints) {
                return Ok(found);
            }
        }
        Err(SourceError::Unsupported) => {}
        Err(e) => return Err(e.omit_reason()),
    }
    from_user_agent(ctx)
}

/// The OS from Client Hints; `None` for a platform they do not name (empty, `Unknown`).
pub(super) fn from_client_hints(hints: &ClientHints) -> Option<Found> {
    let family = match hints.platform.trim() {
        "Windows" => Family::Windows,
        "macOS" => Family::MacOs,
        "Android" => Family::Android,
        "Chrome OS" | "ChromeOS" | "Chromium OS" => Family::ChromeOs,
        "Linux" => Family::Linux,
        "iOS" => Family::Ios,
        _ => return None,
    };
    let version = match hints.platform_version.as_deref().map(str::trim) {
        // The high-entropy values were not fetched (no compatibility grant at the time).
        None => Err(OmitReason::NotFound),
        Some("") => Err(OmitReason::Unsupported),
        Some(v) if family == Family::Windows => windows_generation(v),
        Some(v) => short_version(v).ok_or(OmitReason::Malformed),
    };
    Some(Found { family, version })
}

/// Windows from `platformVersion`: its major number counts releases of the Universal API
/// contract, 13 and later being Windows 11, 1 to 10 Windows 10, 0 anything older.
fn windows_generation(platform_version: &str) -> Result<String, OmitReason> {
    let major = platform_version
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok())
        .ok_or(OmitReason::Malformed)?;
    match major {
        13.. => Ok("11".to_owned()),
        1..=10 => Ok("10".to_owned()),
        0 => Err(OmitReason::Unsupported),
        // 11 and 12 were never shipped.
        _ => Err(OmitReason::Malformed),
    }
}

fn from_user_agent(ctx: &Context<'_>) -> Result<Found, OmitReason> {
    let ua = js::user_agent(ctx.source).map_err(|e| e.omit_reason())?;
    let os = ua.os.ok_or(OmitReason::NotFound)?;
    let family = match os.family {
        UaOsFamily::Windows => Family::Windows,
        UaOsFamily::MacOs => Family::MacOs,
        UaOsFamily::Ios => Family::Ios,
        UaOsFamily::Android => Family::Android,
        UaOsFamily::ChromeOs => Family::ChromeOs,
        UaOsFamily::Linux => Family::Linux,
    };
    let version = match os.version {
        None if family == Family::Linux => Err(OmitReason::Unsupported),
        None => Err(OmitReason::NotFound),
        Some(Claim::Reduced(_)) => Err(OmitReason::Unsupported),
        Some(Claim::Stated(v)) if family == Family::Windows => windows_nt(&v),
        Some(Claim::Stated(v)) => Ok(v),
    };
    Ok(Found { family, version })
}

/// An NT version from before the reduction: `6.1` is Windows 7.
fn windows_nt(nt: &str) -> Result<String, OmitReason> {
    let name = match nt {
        "6.3" => "8.1",
        "6.2" => "8",
        "6.1" => "7",
        "6.0" => "Vista",
        "5.1" | "5.2" => "XP",
        _ => return Err(OmitReason::NotFound),
    };
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn hints(
        platform: &str,
        version: Option<&str>,
        family: Family,
        want: Result<&str, OmitReason>,
    ) {
        let found = from_client_hints(&ClientHints::new(platform, version, None, false));
        assert_eq!(
            found,
            Some(Found {
                family,
                version: want.map(str::to_owned)
            })
        );
    }

    #[test]
    fn client_hints_windows_generations() {
        hints("Windows", Some("15.0.0"), Family::Windows, Ok("11"));
        hints("Windows", Some("13.0.0"), Family::Windows, Ok("11"));
        hints("Windows", Some("10.0.0"), Family::Windows, Ok("10"));
        hints("Windows", Some("1.0.0"), Family::Windows, Ok("10"));
        hints(
            "Windows",
            Some("0.3.0"),
            Family::Windows,
            Err(OmitReason::Unsupported),
        );
        hints(
            "Windows",
            Some("12.0.0"),
            Family::Windows,
            Err(OmitReason::Malformed),
        );
        hints(
            "Windows",
            Some("x"),
            Family::Windows,
            Err(OmitReason::Malformed),
        );
        hints("Windows", None, Family::Windows, Err(OmitReason::NotFound));
    }

    #[test]
    fn client_hints_other_platforms() {
        hints("macOS", Some("14.4.1"), Family::MacOs, Ok("14.4.1"));
        hints("Android", Some("14.0.0"), Family::Android, Ok("14"));
        hints(
            "Chrome OS",
            Some("16002.44.0"),
            Family::ChromeOs,
            Ok("16002.44"),
        );
        hints(
            "Linux",
            Some(""),
            Family::Linux,
            Err(OmitReason::Unsupported),
        );
        assert_eq!(
            from_client_hints(&ClientHints::new("", None, None, false)),
            None
        );
        assert_eq!(
            from_client_hints(&ClientHints::new("Unknown", None, None, false)),
            None
        );
    }

    #[test]
    fn nt_versions() {
        assert_eq!(windows_nt("6.1").as_deref(), Ok("7"));
        assert_eq!(windows_nt("6.3").as_deref(), Ok("8.1"));
        assert_eq!(windows_nt("11.0"), Err(OmitReason::NotFound));
    }
}
