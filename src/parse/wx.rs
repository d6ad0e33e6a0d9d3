//! Strings from WeChat mini-program APIs (`wx.getDeviceInfo()`, `wx.getSystemInfoSync()`):
//!
//! | field | examples |
//! |---|---|
//! | `system` | `iOS 16.1`, `Android 12`, `iPadOS 17.0`, `HarmonyOS 4.2.0`, `Windows 10 x64`, `macOS 14.2.1` |
//! | `model` | `iPhone 14 Pro<iPhone15,2>` (iOS: marketing name, then the hardware identifier), `2211133C`, `unknown` |
//!
//! WeChat documents that a model too new for its tables reads `unknown`; that is no model.

/// The OS named by a `system` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WxSystem {
    /// The OS name as WeChat writes it, e.g. `iOS`, `Android`, `HarmonyOS`.
    pub name: String,
    /// The version, e.g. `16.1`; `None` when the string gives none.
    pub version: Option<String>,
}

/// The device model from a `model` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WxModel {
    /// The model as WeChat names it, e.g. `iPhone 14 Pro` or `2211133C`.
    pub name: String,
    /// The hardware identifier WeChat appends on iOS, e.g. `iPhone15,2`.
    pub identifier: Option<String>,
}

/// The longest string read (bytes); WeChat's are a few dozen.
const MAX_LEN: usize = 256;

fn clean(s: &str) -> Option<&str> {
    let s = s.trim();
    let ok = !s.is_empty() && s.len() <= MAX_LEN && !s.chars().any(char::is_control);
    ok.then_some(s)
}

/// Parses `system` (`iOS 16.1` → `iOS`, `16.1`). The version is the first word that starts
/// with a digit and is made of digits and dots; words after it (`x64`) are ignored. `None` for
/// an empty, overlong or control-character string, or one that starts with a digit.
pub fn parse_wx_system(system: &str) -> Option<WxSystem> {
    let system = clean(system)?;
    let mut words = system.split_whitespace();
    let name = words.next()?;
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let version = words
        .next()
        .filter(|w| {
            w.starts_with(|c: char| c.is_ascii_digit())
                && w.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && !w.ends_with('.')
        })
        .map(str::to_owned);
    Some(WxSystem {
        name: name.to_owned(),
        version,
    })
}

/// Parses `model` (`iPhone 14 Pro<iPhone15,2>` → `iPhone 14 Pro` and `iPhone15,2`). `None` for
/// `unknown`, an empty, overlong or control-character string.
pub fn parse_wx_model(model: &str) -> Option<WxModel> {
    let model = clean(model)?;
    let (name, identifier) = match model.strip_suffix('>').and_then(|m| m.split_once('<')) {
        Some((name, id)) => (name.trim(), clean(id).map(str::to_owned)),
        None => (model, None),
    };
    if name.is_empty() || name.eq_ignore_ascii_case("unknown") {
        return None;
    }
    Some(WxModel {
        name: name.to_owned(),
        identifier,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn system(s: &str, name: &str, version: Option<&str>) {
        assert_eq!(
            parse_wx_system(s),
            Some(WxSystem {
                name: name.to_owned(),
                version: version.map(str::to_owned)
            })
        );
    }

    #[test]
    fn systems() {
        system("iOS 16.1", "iOS", Some("16.1"));
        system("Android 12", "Android", Some("12"));
        system(" Android 13 ", "Android", Some("13"));
        system("iPadOS 17.0", "iPadOS", Some("17.0"));
        system("HarmonyOS 4.2.0", "HarmonyOS", Some("4.2.0"));
        system("Windows 10 x64", "Windows", Some("10"));
        system("macOS 14.2.1", "macOS", Some("14.2.1"));
        system("Android", "Android", None);
        system("Android 12.", "Android", None);
        system("iOS beta", "iOS", None);
        for bad in ["", "   ", "16.1", "iOS\u{0}16.1"] {
            assert_eq!(parse_wx_system(bad), None, "{bad:?}");
        }
        assert_eq!(parse_wx_system(&"A".repeat(MAX_LEN + 1)), None);
    }

    #[test]
    fn models() {
        assert_eq!(
            parse_wx_model("iPhone 14 Pro<iPhone15,2>"),
            Some(WxModel {
                name: "iPhone 14 Pro".into(),
                identifier: Some("iPhone15,2".into())
            })
        );
        assert_eq!(
            parse_wx_model("2211133C"),
            Some(WxModel {
                name: "2211133C".into(),
                identifier: None
            })
        );
        assert_eq!(
            parse_wx_model("iPhone<>"),
            Some(WxModel {
                name: "iPhone".into(),
                identifier: None
            })
        );
        for none in ["unknown", "Unknown", "", "<iPhone15,2>", "a\u{7}b"] {
            assert_eq!(parse_wx_model(none), None, "{none:?}");
        }
    }
}
