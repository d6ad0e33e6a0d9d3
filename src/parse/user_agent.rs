//! `navigator.userAgent` strings, for the browsers that send no User-Agent Client Hints
//! (Firefox, Safari, WebViews such as WeChat's): the OS family, its version and the device model,
//! each marked as *stated* or *reduced*.
//!
//! ```text
//! Mozilla/5.0 (Linux; Android 14; 2211133C Build/UKQ1.230705.002; wv) AppleWebKit/537.36 …
//!              └──── the platform comment: OS, version, model ────┘
//! ```
//!
//! Browsers now freeze what the string says, so a value read from it is often a placeholder
//! that looks like a fact. Those come back as [`Claim::Reduced`], and a probe must never report
//! them:
//!
//! | string says | why it is not a fact |
//! |---|---|
//! | `Android 10; K` | Chrome (since 110) and Samsung Internet (since 24) send this on every Android phone |
//! | `Windows NT 10.0` | Windows 10 and Windows 11 both send it, in every browser |
//! | `Mac OS X 10_15_7`, `Mac OS X 10.15` | Safari and Chrome freeze macOS at 10.15.7, Firefox caps it at 10.15; an iPad asking for desktop sites sends it too |
//! | `iPhone OS 18_6` with `Version/26` or later | Safari 26 freezes the iOS version at 18.6 |
//! | `CrOS x86_64 14541.0.0` | the reduced Chrome OS platform version |
//!
//! Older versions (`Windows NT 6.1`, `Mac OS X 10_14_6`, `Android 13; Pixel 7` from a WebView
//! or an older Chrome) are stated and kept. `iPhone`, `iPad`, `Mobile` and `Tablet` are device
//! classes, not models, and give no model. The parser never fails on text it does not know: it
//! returns what it recognised and `None` for the rest; only a string no browser sends (too long,
//! control characters) is an error.

/// The longest User-Agent string read (bytes). Real ones stay under 600, WebViews' included.
pub const MAX_LEN: usize = 4096;

/// What a User-Agent string says about the device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserAgent {
    /// The OS family and version, e.g. Android `14`; `None` when the string names no known OS.
    pub os: Option<UaOs>,
    /// The device model as written by the maker, e.g. `2211133C` or `SM-S918B` (a `SAMSUNG `
    /// prefix and a `Build/…` suffix removed); `None` when the string names none.
    pub model: Option<Claim>,
    /// The browser or in-app browser that wrote the string.
    pub browser: Option<Browser>,
}

/// The OS a User-Agent string names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UaOs {
    /// The OS family.
    pub family: UaOsFamily,
    /// The version as written with dots (`10_15_7` becomes `10.15.7`; Windows gives the NT
    /// version, e.g. `6.1`); `None` when the string gives none (desktop Linux never does).
    pub version: Option<Claim>,
}

/// An OS family a User-Agent string can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UaOsFamily {
    /// `Windows NT …`.
    Windows,
    /// `Macintosh; Intel Mac OS X …` (also an iPad asking for desktop sites).
    MacOs,
    /// `iPhone; CPU iPhone OS …`, `iPad; CPU OS …`, `iPod touch; …`.
    Ios,
    /// `Android …`.
    Android,
    /// `X11; CrOS …`.
    ChromeOs,
    /// `X11; Linux …`, `X11; Ubuntu; Linux …` and the like, without Android.
    Linux,
}

/// A browser, from its product token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Browser {
    /// WeChat's in-app browser (`MicroMessenger/…`).
    WeChat,
    /// Samsung Internet (`SamsungBrowser/…`).
    SamsungInternet,
    /// Microsoft Edge (`Edg/…`, `EdgA/…`, `EdgiOS/…`).
    Edge,
    /// Firefox (`Firefox/…`, `FxiOS/…`).
    Firefox,
    /// Chrome or another Chromium browser (`Chrome/…`, `CriOS/…`).
    Chrome,
    /// Safari (`Version/… Safari/…` without a Chromium token).
    Safari,
}

/// A value read from a User-Agent string, and whether it can be believed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The browser states the real value, e.g. `14` or `Pixel 7`.
    Stated(String),
    /// A frozen placeholder the browser sends whatever the device is, e.g. `K` or `10.15.7`.
    Reduced(String),
}

impl Claim {
    /// The value when it is stated, `None` when it is a reduced placeholder.
    pub fn stated(&self) -> Option<&str> {
        match self {
            Claim::Stated(s) => Some(s),
            Claim::Reduced(_) => None,
        }
    }

    /// The text as written, stated or not.
    pub fn as_str(&self) -> &str {
        match self {
            Claim::Stated(s) | Claim::Reduced(s) => s,
        }
    }
}

/// Why a string is not a User-Agent string at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UserAgentError {
    /// Longer than [`MAX_LEN`] bytes.
    #[error("user agent string longer than {MAX_LEN} bytes")]
    TooLong,
    /// It holds a control character, which no browser sends.
    #[error("user agent string holds a control character")]
    ControlCharacter,
}

/// Parses a `navigator.userAgent` string.
///
/// ```text
/// Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36
///   → os: Android, version Reduced("10"); model: Reduced("K"); browser: Chrome
/// Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1
///   → os: Ios, version Stated("17.4"); model: None; browser: Safari
/// ```
///
/// # Errors
/// [`UserAgentError::TooLong`] over [`MAX_LEN`] bytes, [`UserAgentError::ControlCharacter`]
/// when it holds one.
pub fn parse_user_agent(ua: &str) -> Result<UserAgent, UserAgentError> {
    if ua.len() > MAX_LEN {
        return Err(UserAgentError::TooLong);
    }
    if ua.chars().any(char::is_control) {
        return Err(UserAgentError::ControlCharacter);
    }
    let (comment, products) = split_comment(ua);
    let tokens: Vec<&str> = comment
        .split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    let browser = browser(products);
    let safari_major = product_version(products, "Version/")
        .and_then(|v| v.split('.').next())
        .and_then(|m| m.parse::<u32>().ok());
    let mut agent = UserAgent {
        browser,
        ..UserAgent::default()
    };
    for (i, token) in tokens.iter().enumerate() {
        if let Some(nt) = token.strip_prefix("Windows NT ") {
            agent.os = Some(os(UaOsFamily::Windows, windows_version(nt)));
            break;
        }
        // Before macOS: `CPU iPhone OS 17_4 like Mac OS X` names Mac OS X too.
        if let Some(v) = ios_version(token) {
            agent.os = Some(os(UaOsFamily::Ios, ios_claim(v, safari_major)));
            break;
        }
        if let Some(rest) = mac_os_version(token) {
            agent.os = Some(os(UaOsFamily::MacOs, mac_version(rest)));
            break;
        }
        if let Some(v) = android_version(token) {
            let model = tokens.get(i + 1..).and_then(android_model);
            let reduced = matches!(model, Some(Claim::Reduced(_)));
            let version = v.map(|v| {
                if reduced && v == "10" {
                    Claim::Reduced(v.to_owned())
                } else {
                    Claim::Stated(v.to_owned())
                }
            });
            agent.os = Some(os(UaOsFamily::Android, version));
            agent.model = model;
            break;
        }
        if let Some(rest) = token.strip_prefix("CrOS ") {
            let version = rest
                .split_whitespace()
                .nth(1)
                .filter(|v| is_dotted(v))
                .map(|v| {
                    if v == "14541.0.0" {
                        Claim::Reduced(v.to_owned())
                    } else {
                        Claim::Stated(v.to_owned())
                    }
                });
            agent.os = Some(os(UaOsFamily::ChromeOs, version));
            break;
        }
        if token.split_whitespace().next() == Some("Linux") && agent.os.is_none() {
            // Keep looking: `Linux; Android 14` names Android after Linux.
            agent.os = Some(os(UaOsFamily::Linux, None));
        }
    }
    Ok(agent)
}

fn os(family: UaOsFamily, version: Option<Claim>) -> UaOs {
    UaOs { family, version }
}

/// The first parenthesised comment (the platform) and the text after it (the products).
fn split_comment(ua: &str) -> (&str, &str) {
    let Some((_, after_open)) = ua.split_once('(') else {
        return ("", ua);
    };
    match after_open.split_once(')') {
        Some((comment, rest)) => (comment, rest),
        None => (after_open, ""),
    }
}

/// The browser, the most specific product token first (every Chromium browser also says
/// `Chrome/`, every WebKit one `Safari/`).
fn browser(products: &str) -> Option<Browser> {
    let has = |name: &str| products.split_whitespace().any(|t| t.starts_with(name));
    let table: [(&[&str], Browser); 5] = [
        (&["MicroMessenger/"], Browser::WeChat),
        (&["SamsungBrowser/"], Browser::SamsungInternet),
        (&["Edg/", "EdgA/", "EdgiOS/"], Browser::Edge),
        (&["Firefox/", "FxiOS/"], Browser::Firefox),
        (&["Chrome/", "CriOS/"], Browser::Chrome),
    ];
    for (names, browser) in table {
        if names.iter().any(|n| has(n)) {
            return Some(browser);
        }
    }
    (has("Version/") && has("Safari/")).then_some(Browser::Safari)
}

/// The version after a product token such as `Version/`.
fn product_version<'a>(products: &'a str, name: &str) -> Option<&'a str> {
    products
        .split_whitespace()
        .find_map(|t| t.strip_prefix(name))
}

/// `10.0` says Windows 10 or 11: reduced. Older NT versions are what they say.
fn windows_version(nt: &str) -> Option<Claim> {
    let nt = nt.trim();
    if !is_dotted(nt) {
        return None;
    }
    Some(if nt == "10.0" {
        Claim::Reduced(nt.to_owned())
    } else {
        Claim::Stated(nt.to_owned())
    })
}

/// The version text of `Intel Mac OS X 10_15_7` / `PPC Mac OS X 10.5` (empty when none).
fn mac_os_version(token: &str) -> Option<&str> {
    let (_, rest) = token.split_once("Mac OS X")?;
    Some(rest.trim())
}

/// 10.15 and later are frozen placeholders; older versions are stated.
fn mac_version(raw: &str) -> Option<Claim> {
    let v = dotted(raw)?;
    let mut parts = v.split('.').map(|p| p.parse::<u32>().ok());
    let (major, minor) = (parts.next().flatten()?, parts.next().flatten().unwrap_or(0));
    Some(if (major, minor) >= (10, 15) {
        Claim::Reduced(v)
    } else {
        Claim::Stated(v)
    })
}

/// The version of `CPU iPhone OS 17_4 like Mac OS X` / `CPU OS 16_1 like Mac OS X`.
fn ios_version(token: &str) -> Option<&str> {
    let rest = token
        .strip_prefix("CPU iPhone OS ")
        .or_else(|| token.strip_prefix("CPU OS "))?;
    Some(rest.split_whitespace().next().unwrap_or(""))
}

/// Safari 26 and later say iOS 18.6 on every newer iOS.
fn ios_claim(raw: &str, safari_major: Option<u32>) -> Option<Claim> {
    let v = dotted(raw)?;
    let frozen = v == "18.6" && safari_major.is_some_and(|m| m >= 26);
    Some(if frozen {
        Claim::Reduced(v)
    } else {
        Claim::Stated(v)
    })
}

/// `Android 14` → `Some(Some("14"))`, a bare `Android` → `Some(None)`, anything else `None`.
fn android_version(token: &str) -> Option<Option<&str>> {
    let rest = token.strip_prefix("Android")?;
    if rest.is_empty() {
        return Some(None);
    }
    let v = rest.strip_prefix(' ')?.trim();
    is_dotted(v).then_some(Some(v))
}

/// The model among the tokens after `Android …`: the first one that is not a device class,
/// a locale, a flag or a version, with `SAMSUNG ` and ` Build/…` removed. `K` is reduced.
fn android_model(after: &[&str]) -> Option<Claim> {
    let model = after.iter().copied().find(|t| !not_a_model(t))?;
    let model = model.split(" Build/").next().unwrap_or(model).trim();
    let model = model.strip_prefix("SAMSUNG ").unwrap_or(model).trim();
    if model.is_empty() || model.eq_ignore_ascii_case("build") {
        return None;
    }
    Some(if model == "K" {
        Claim::Reduced(model.to_owned())
    } else {
        Claim::Stated(model.to_owned())
    })
}

fn not_a_model(token: &str) -> bool {
    const SKIP: &[&str] = &["U", "I", "N", "Mobile", "Tablet", "TV", "wv", "HarmonyOS"];
    SKIP.contains(&token)
        || token.starts_with("rv:")
        || token.starts_with("HMSCore")
        || token.starts_with("Build/")
        || is_locale(token)
}

/// `en-us`, `zh-CN`, `zh_CN`: old WebViews put the locale before the model.
fn is_locale(token: &str) -> bool {
    let b = token.as_bytes();
    matches!(b, [a, c, b'-' | b'_', d, e] if [a, c, d, e].iter().all(|x| x.is_ascii_alphabetic()))
}

/// `10_15_7` → `10.15.7`; `None` unless it is digits separated by `_` or `.`.
fn dotted(raw: &str) -> Option<String> {
    let v: String = raw
        .chars()
        .map(|c| if c == '_' { '.' } else { c })
        .collect();
    is_dotted(&v).then_some(v)
}

/// Whether `v` is digits separated by single dots (`14`, `4.4.2`; not `4.`, `.4`, `4..2`).
fn is_dotted(v: &str) -> bool {
    !v.is_empty()
        && v.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
#[path = "user_agent/tests.rs"]
mod tests;
