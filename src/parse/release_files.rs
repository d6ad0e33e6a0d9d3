//! The release files Linux systems had before os-release, and still carry beside it:
//! `/etc/lsb-release` (`DISTRIB_ID=Ubuntu`), the distribution's own `/etc/<id>-release` or
//! `/etc/<id>_version` (`CentOS release 5.11 (Final)`, `Gentoo Base System release 2.2`,
//! `openSUSE 42.1 (x86_64)`, `3.19.1`), and `/etc/debian_version` (`12.11`, `bookworm/sid`).

use crate::parse::os_release::{OsReleaseError, parse_os_release};

/// What `/etc/lsb-release` says, e.g. `DISTRIB_ID=Ubuntu`, `DISTRIB_RELEASE=14.04`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LsbRelease {
    /// `DISTRIB_ID`, the distributor's id, e.g. `"Ubuntu"`, `"MandrivaLinux"`.
    pub distrib_id: Option<String>,
    /// `DISTRIB_RELEASE`, e.g. `"14.04"`.
    pub release: Option<String>,
    /// `DISTRIB_CODENAME`, e.g. `"trusty"`.
    pub codename: Option<String>,
    /// `DISTRIB_DESCRIPTION`, e.g. `"Ubuntu 14.04.3 LTS"`.
    pub description: Option<String>,
}

/// Parses `/etc/lsb-release` (shell assignments, as os-release).
///
/// # Errors
/// As [`parse_os_release`]: the text is binary or not assignments.
pub fn parse_lsb_release(text: &str) -> Result<LsbRelease, OsReleaseError> {
    let rel = parse_os_release(text)?;
    let get = |key: &str| rel.get(key).map(str::to_owned);
    Ok(LsbRelease {
        distrib_id: get("DISTRIB_ID"),
        release: get("DISTRIB_RELEASE"),
        codename: get("DISTRIB_CODENAME"),
        description: get("DISTRIB_DESCRIPTION"),
    })
}

/// File names that end in `-release` or `_version` but name no distribution: the generic
/// files (`os-release`, `lsb-release`, `system-release`, which on Red Hat systems copies the
/// distribution's file), the ones read on their own (`debian_version`), and files about
/// something else than the OS (a cloud OEM, a single-board computer, a server product).
const NOT_DISTRIBUTIONS: &[&str] = &[
    "os", "lsb", "system", "debian", "oem", "board", "plesk", "iredmail",
];

/// The distribution a release file's name names, as written: `"centos-release"` → `"centos"`,
/// `"SuSE-release"` → `"SuSE"`, `"slackware-version"` → `"slackware"`. `None` for other names
/// and for files that name no distribution (`os-release`, `lsb-release`, `system-release`,
/// `oem-release`, `debian_version`, ...).
pub fn release_file_stem(file_name: &str) -> Option<&str> {
    let stem = ["-release", "_release", "-version", "_version"]
        .iter()
        .find_map(|suffix| file_name.strip_suffix(suffix))?;
    let word = !stem.is_empty() && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let generic = NOT_DISTRIBUTIONS
        .iter()
        .any(|g| g.eq_ignore_ascii_case(stem));
    (word && !generic).then_some(stem)
}

/// The name and version in a distribution release file's first line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReleaseLine {
    /// The distribution's name, e.g. `"CentOS Linux"`.
    pub name: Option<String>,
    /// Its version, e.g. `"7.1.1503"`.
    pub version: Option<String>,
}

/// Reads `NAME release VERSION (CODENAME) ...` or `NAME VERSION (...)` from the first line that
/// is not blank or a comment: `"CentOS release 5.11 (Final)"` → `CentOS`, `5.11`;
/// `"openSUSE 42.1 (x86_64)"` → `openSUSE`, `42.1`; `"3.19.1"` → no name, `3.19.1`;
/// `"Manjaro Linux"` → `Manjaro Linux`, no version.
///
/// `None` when there is no such line, when it is a `KEY=value` assignment (files such as
/// `armbian-release` hold those, not a description), or when it is not plain text.
pub fn parse_release_line(text: &str) -> Option<ReleaseLine> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    if line.contains('=') || line.chars().any(|c| c.is_control() || c == '\u{fffd}') {
        return None;
    }
    // What follows a parenthesis is the codename and notes ("(Final) for x86_64").
    let head = line.split('(').next().unwrap_or("");
    let words: Vec<&str> = head.split_whitespace().collect();
    let (name_words, version) = match words.iter().position(|w| w.eq_ignore_ascii_case("release")) {
        Some(at) => (words.get(..at), words.get(at + 1).filter(|w| is_version(w))),
        None => match words.iter().position(|w| is_version(w)) {
            Some(at) => (words.get(..at), words.get(at)),
            None => (Some(words.as_slice()), None),
        },
    };
    let name = name_words
        .map(|w| w.join(" "))
        .filter(|n| n.chars().any(char::is_alphabetic) && n.chars().count() <= 128);
    let version = version.map(|v| (*v).to_owned());
    (name.is_some() || version.is_some()).then_some(ReleaseLine { name, version })
}

/// `/etc/debian_version`: one word such as `"12.11"` or `"bookworm/sid"`; `None` when the file
/// holds something else.
pub fn parse_debian_version(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim();
    let plain = text.chars().all(|c| c.is_ascii_graphic());
    (!text.is_empty() && text.len() <= 64 && plain).then(|| text.to_owned())
}

/// A version word: starts with a digit and holds only `[A-Za-z0-9._+~-]`.
fn is_version(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '~' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, name: Option<&str>, version: Option<&str>) {
        let line = parse_release_line(text).unwrap();
        assert_eq!(line.name.as_deref(), name, "name of {text:?}");
        assert_eq!(line.version.as_deref(), version, "version of {text:?}");
    }

    #[test]
    fn red_hat_family_release_lines() {
        check(
            "CentOS release 5.11 (Final)\n",
            Some("CentOS"),
            Some("5.11"),
        );
        check(
            "CentOS Linux release 7.1.1503 (Core) \n",
            Some("CentOS Linux"),
            Some("7.1.1503"),
        );
        check(
            "Red Hat Enterprise Linux Server release 6.5 (Santiago)\n",
            Some("Red Hat Enterprise Linux Server"),
            Some("6.5"),
        );
        check(
            "CloudLinux Server release 5.11 (Vladislav Volkov)\n",
            Some("CloudLinux Server"),
            Some("5.11"),
        );
        check(
            "Scientific Linux release 6.4 (Carbon)",
            Some("Scientific Linux"),
            Some("6.4"),
        );
        check(
            "Fedora release 19 (Schrödinger’s Cat)\n",
            Some("Fedora"),
            Some("19"),
        );
        check(
            "Amazon Linux AMI release 2014.03",
            Some("Amazon Linux AMI"),
            Some("2014.03"),
        );
        check(
            "CentOS Stream release 9\n",
            Some("CentOS Stream"),
            Some("9"),
        );
        check(
            "XenServer release 7.0.0-125380c (xenenterprise)\n",
            Some("XenServer"),
            Some("7.0.0-125380c"),
        );
    }

    #[test]
    fn other_distributions_release_lines() {
        check(
            "Gentoo Base System release 2.2",
            Some("Gentoo Base System"),
            Some("2.2"),
        );
        check(
            "Mandriva Linux release 2011.0 (Official) for x86_64\n",
            Some("Mandriva Linux"),
            Some("2011.0"),
        );
        check(
            "openSUSE 42.1 (x86_64)\nVERSION = 42.1\n",
            Some("openSUSE"),
            Some("42.1"),
        );
        check(
            "SUSE Linux Enterprise Server 12 (s390x)\nVERSION = 12\nPATCHLEVEL = 1\n",
            Some("SUSE Linux Enterprise Server"),
            Some("12"),
        );
        check("Slackware 14.1\n", Some("Slackware"), Some("14.1"));
        check(
            "ALT Server 10.1 (Mendelevium)\n",
            Some("ALT Server"),
            Some("10.1"),
        );
        check("Manjaro Linux\n", Some("Manjaro Linux"), None);
        check("3.19.1\n", None, Some("3.19.1"));
        check("# a comment\n\nFoo release rolling\n", Some("Foo"), None);
    }

    #[test]
    fn lines_that_are_no_description() {
        assert_eq!(parse_release_line(""), None);
        assert_eq!(parse_release_line("\n\n# only a comment\n"), None);
        assert_eq!(
            parse_release_line("# DO NOT EDIT\nBOARD=nanopim4v2\nVERSION=23.02.2\n"),
            None
        );
        assert_eq!(parse_release_line("\u{0}\u{1}\u{2}ELF"), None);
        assert_eq!(parse_release_line("Caf\u{fffd} Linux release 1"), None);
        assert_eq!(parse_release_line("(((("), None);
    }

    #[test]
    fn release_file_names() {
        assert_eq!(release_file_stem("centos-release"), Some("centos"));
        assert_eq!(release_file_stem("SuSE-release"), Some("SuSE"));
        assert_eq!(release_file_stem("slackware-version"), Some("slackware"));
        assert_eq!(release_file_stem("gentoo-release"), Some("gentoo"));
        for not_one in [
            "os-release",
            "lsb-release",
            "system-release",
            "oem-release",
            "board-release",
            "debian_version",
            "rocky-release-upstream",
            "system-release-cpe",
            "release",
            "-release",
            "os-release.orig",
            "my.distro-release",
        ] {
            assert_eq!(release_file_stem(not_one), None, "{not_one}");
        }
    }

    #[test]
    fn mandriva_2011_lsb_release() {
        let text = "LSB_VERSION=\nDISTRIB_ID=MandrivaLinux\nDISTRIB_RELEASE=2011.0\n\
            DISTRIB_CODENAME=turtle\nDISTRIB_DESCRIPTION=\"Mandriva Linux 2011.0\"\n";
        let lsb = parse_lsb_release(text).unwrap();
        assert_eq!(lsb.distrib_id.as_deref(), Some("MandrivaLinux"));
        assert_eq!(lsb.release.as_deref(), Some("2011.0"));
        assert_eq!(lsb.codename.as_deref(), Some("turtle"));
        assert_eq!(lsb.description.as_deref(), Some("Mandriva Linux 2011.0"));
    }

    #[test]
    fn ubuntu_24_04_lsb_release() {
        let text = "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=24.04\nDISTRIB_CODENAME=noble\n\
            DISTRIB_DESCRIPTION=\"Ubuntu 24.04.3 LTS\"\n";
        let lsb = parse_lsb_release(text).unwrap();
        assert_eq!(lsb.distrib_id.as_deref(), Some("Ubuntu"));
        assert_eq!(lsb.release.as_deref(), Some("24.04"));
        assert!(parse_lsb_release("\u{0}garbage").is_err());
    }

    #[test]
    fn debian_version_files() {
        assert_eq!(parse_debian_version("12.11\n").as_deref(), Some("12.11"));
        assert_eq!(
            parse_debian_version("bookworm/sid\n").as_deref(),
            Some("bookworm/sid")
        );
        assert_eq!(parse_debian_version("8.2").as_deref(), Some("8.2"));
        assert_eq!(parse_debian_version(""), None);
        assert_eq!(parse_debian_version("two words\n"), None);
        assert_eq!(parse_debian_version("\u{fffd}\u{fffd}"), None);
        assert_eq!(parse_debian_version(&"9".repeat(65)), None);
    }
}
