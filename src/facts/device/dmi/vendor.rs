//! DMI vendor strings that are not a maker's name, and the names hidden in some that are. Each
//! class falls back like a placeholder (the board vendor, then nothing):
//!
//! - a BIOS maker the firmware left in the system or board vendor field ("PhoenixAward",
//!   "American Megatrends Inc.", "Award Software International", "Insyde", "AMI");
//! - a board's model code in the vendor field ("H87-M1", "B85M-G", "X99"): one token of letters
//!   and digits, that the brand table does not know;
//!
//! and a vendor with the model glued on ("HUANANZHI X99") is the maker without it ("HUANANZHI").
//! Truncated placeholders ("System Manufact") are placeholders (`parse::dmi::is_placeholder`).

/// BIOS makers, lower case, without legal and corporate words ([`TRAILING_WORDS`]). "Phoenix
/// Contact" (industrial PCs) is a real maker and is not here.
const FIRMWARE_MAKERS: &[&str] = &[
    "phoenixaward",
    "phoenix award",
    "phoenix",
    "award",
    "award software",
    "american megatrends",
    "ami",
    "insyde",
    "insyde software",
    "insydeh2o",
    "byosoft",
];

/// Words that may follow a BIOS maker's name: "Phoenix Technologies Ltd.", "Award Software
/// International, Inc.", "American Megatrends International, LLC.", "AMI Corporation".
const TRAILING_WORDS: &[&str] = &[
    "technologies",
    "international",
    "corporation",
    "corp",
    "inc",
    "ltd",
    "llc",
    "co",
];

/// Whether a vendor string names the BIOS maker, not the machine's.
pub(super) fn is_firmware_maker(raw: &str) -> bool {
    let lower = raw.to_lowercase().replace([',', '.'], " ");
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    while words.len() > 1 && words.last().is_some_and(|w| TRAILING_WORDS.contains(w)) {
        words.pop();
    }
    FIRMWARE_MAKERS.contains(&words.join(" ").as_str())
}

/// Whether a word reads as a model code: letters and digits (with `-`, `_`, `+`, `.`), at least
/// one of each, starting with a letter or digit ("H87-M1", "X99", "B450", "945GM").
pub(super) fn is_model_code(word: &str) -> bool {
    let letters = word.chars().filter(char::is_ascii_alphabetic).count();
    let digits = word.chars().filter(char::is_ascii_digit).count();
    word.len() <= 16
        && letters >= 1
        && digits >= 1
        && word.starts_with(|c: char| c.is_ascii_alphanumeric())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_+.".contains(c))
}

/// The vendor without a model code glued on after it: "HUANANZHI X99" → "HUANANZHI",
/// "HUANANZHI X99-F8 GAMING" stays (a word after the code). `None` when nothing is glued on.
pub(super) fn without_glued_model(raw: &str) -> Option<&str> {
    let (head, last) = raw.trim().rsplit_once(' ')?;
    let head = head.trim_end();
    let head_has_name = head
        .split_whitespace()
        .any(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2);
    (is_model_code(last) && head_has_name && !head.ends_with(',')).then_some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn firmware_makers() {
        for v in [
            "PhoenixAward",
            "Phoenix Technologies",
            "Phoenix Technologies LTD",
            "American Megatrends Inc.",
            "American Megatrends International, LLC.",
            "Award Software International, Inc.",
            "Award Software, Inc.",
            "Insyde Corp.",
            "Insyde",
            "AMI Corporation",
            "AMI",
        ] {
            assert!(is_firmware_maker(v), "{v}");
        }
        for v in [
            "Phoenix Contact",
            "Dell Inc.",
            "Amiga",
            "Technologies",
            "Intel Corporation",
        ] {
            assert!(!is_firmware_maker(v), "{v}");
        }
    }

    #[test]
    fn model_codes_and_glued_models() {
        for w in ["H87-M1", "X99", "B450", "945GM", "B85M-G"] {
            assert!(is_model_code(w), "{w}");
        }
        for w in ["HUANANZHI", "Dell", "-X9", "", "ASUSTeK"] {
            assert!(!is_model_code(w), "{w}");
        }
        assert_eq!(without_glued_model("HUANANZHI X99"), Some("HUANANZHI"));
        assert_eq!(without_glued_model("MACHENIKE B450"), Some("MACHENIKE"));
        assert_eq!(without_glued_model("HUANANZHI"), None);
        assert_eq!(without_glued_model("Dell Inc."), None);
        assert_eq!(without_glued_model("X 99"), None);
    }
}
