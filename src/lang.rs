//! The languages devprobe's human-readable texts come in: the catalog's labels and uses,
//! [`Report::explain`](crate::Report::explain), the re-consent notes of
//! [`catalog::changes_since`](crate::consent::catalog::changes_since) and the generated disclosures.

use std::fmt;
use std::str::FromStr;

use crate::text_enum::UnknownValue;

/// A language of the human-readable texts, e.g. `Lang::ZhCn`.
///
/// Parses from a BCP 47 tag or its short form: `"zh"`, `"zh-CN"`, `"zh-Hans"` → [`Lang::ZhCn`];
/// `"en"`, `"en-US"`, `"en-GB"` → [`Lang::En`] (case-insensitive).
///
/// ```
/// use devprobe::Lang;
/// assert_eq!("zh".parse::<Lang>(), Ok(Lang::ZhCn));
/// assert_eq!(Lang::ZhCn.tag(), "zh-CN");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Lang {
    /// Simplified Chinese (`zh-CN`).
    ZhCn,
    /// English (`en`).
    En,
}

impl Lang {
    /// Every language, in the order the disclosures list them.
    pub const ALL: &'static [Lang] = &[Lang::ZhCn, Lang::En];

    /// The BCP 47 tag: `"zh-CN"` or `"en"`.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Picks the text of this language from a pair.
    pub(crate) const fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::ZhCn => zh,
            Lang::En => en,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl FromStr for Lang {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("");
        match (primary, lower.as_str()) {
            (_, "zh" | "zh-cn" | "zh_cn" | "zh-hans" | "zh-hans-cn" | "zh-sg") => Ok(Lang::ZhCn),
            ("en", _) => Ok(Lang::En),
            _ => Err(UnknownValue {
                kind: "language",
                value: s.chars().take(64).collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(tag: &str, expected: Option<Lang>) {
        assert_eq!(tag.parse::<Lang>().ok(), expected, "{tag}");
    }

    #[test]
    fn tags() {
        check("zh", Some(Lang::ZhCn));
        check("zh-CN", Some(Lang::ZhCn));
        check("ZH-hans", Some(Lang::ZhCn));
        check("en", Some(Lang::En));
        check("en-GB", Some(Lang::En));
        check("zh-TW", None);
        check("fr", None);
        check("", None);
    }
}
