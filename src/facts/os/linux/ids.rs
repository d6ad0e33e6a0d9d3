//! One `os.id` per distribution, whichever file it was read from.
//!
//! The same distribution is named differently by its files: Oracle Linux is `ol` in os-release
//! and `oracle-release` on disk, Red Hat is `rhel` in os-release and `redhat-release` on disk,
//! openSUSE Leap was `opensuse` until 42.x and `opensuse-leap` from 15. Older systems have no
//! os-release at all, only a name ("CloudLinux Server", "Scientific Linux") in a file shared by
//! a whole family (`redhat-release`). These tables map each to the id the distribution uses in
//! its own os-release, so `os.id` does not change with the file or the release.

/// Ids spelled differently by different files or releases → the id reported.
const ALIASES: &[(&str, &str)] = &[
    ("ol", "oracle"),
    ("opensuse-leap", "opensuse"),
    ("redhat", "rhel"),
];

/// Distribution names (lower-case, letters and digits only; a prefix of the name) → the id the
/// distribution gives itself in os-release. Scientific Linux calls itself `rhel`.
const BY_NAME: &[(&str, &str)] = &[
    ("redhatenterprise", "rhel"),
    ("scientificlinux", "rhel"),
    ("centos", "centos"),
    ("cloudlinux", "cloudlinux"),
    ("rockylinux", "rocky"),
    ("almalinux", "almalinux"),
    ("oraclelinux", "oracle"),
    ("enterpriseenterprise", "oracle"),
    ("amazonlinux", "amzn"),
    ("fedora", "fedora"),
    ("opensuse", "opensuse"),
    ("suselinuxenterpriseserver", "sles"),
    ("suselinuxenterprisedesktop", "sled"),
    ("manjarolinux", "manjaro"),
    ("linuxmint", "linuxmint"),
    ("mageia", "mageia"),
    ("gentoo", "gentoo"),
    ("slackware", "slackware"),
];

/// The name each distribution gives itself in os-release's `NAME`, for the release files that
/// hold only a version (`/etc/alpine-release`: "3.19.1"). Not for `/etc/debian_version`, which
/// Debian's derivatives keep too.
const NAMES: &[(&str, &str)] = &[
    ("alpine", "Alpine Linux"),
    ("arch", "Arch Linux"),
    ("debian", "Debian GNU/Linux"),
    ("gentoo", "Gentoo"),
];

/// The distribution's own name for an id (`"alpine"` → `"Alpine Linux"`), when known.
pub(super) fn name_for_id(id: &str) -> Option<&'static str> {
    NAMES.iter().find(|(i, _)| *i == id).map(|(_, name)| *name)
}

/// `raw` as an id: lower-case, blanks as `_`, aliases resolved (`"ol"` → `"oracle"`); `None`
/// when empty.
pub(super) fn canonical_id(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if let Some((_, to)) = ALIASES.iter().find(|(from, _)| *from == raw) {
        return Some((*to).to_owned());
    }
    // An id written as it is reported (`debian`): one copy, no character walk.
    if !raw.is_empty()
        && raw
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && !b.is_ascii_whitespace())
    {
        return Some(raw.to_owned());
    }
    let mut id = String::with_capacity(raw.len());
    id.extend(raw.chars().map(|c| {
        if c.is_whitespace() {
            '_'
        } else {
            c.to_ascii_lowercase()
        }
    }));
    if id.is_empty() {
        return None;
    }
    let alias = ALIASES
        .iter()
        .find(|(from, _)| *from == id)
        .map(|(_, to)| (*to).to_owned());
    Some(alias.unwrap_or(id))
}

/// The id of a distribution known by its name (`"CloudLinux Server"` → `"cloudlinux"`).
pub(super) fn id_for_name(name: &str) -> Option<&'static str> {
    let key = squashed(name);
    BY_NAME
        .iter()
        .find(|(prefix, _)| key.starts_with(prefix))
        .map(|(_, id)| *id)
}

/// Lower-case letters and digits only: `"Manjaro Linux"` → `"manjarolinux"`.
pub(super) fn squashed(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_canonical() {
        assert_eq!(canonical_id("ol").as_deref(), Some("oracle"));
        assert_eq!(canonical_id("opensuse-leap").as_deref(), Some("opensuse"));
        assert_eq!(canonical_id("redhat").as_deref(), Some("rhel"));
        assert_eq!(canonical_id("SuSE").as_deref(), Some("suse"));
        assert_eq!(
            canonical_id("MandrivaLinux").as_deref(),
            Some("mandrivalinux")
        );
        assert_eq!(canonical_id("Linux Mint").as_deref(), Some("linux_mint"));
        assert_eq!(canonical_id(" "), None);
    }

    #[test]
    fn names_give_ids() {
        assert_eq!(id_for_name("CloudLinux Server"), Some("cloudlinux"));
        assert_eq!(id_for_name("Scientific Linux"), Some("rhel"));
        assert_eq!(id_for_name("Red Hat Enterprise Linux Server"), Some("rhel"));
        assert_eq!(id_for_name("RedHatEnterpriseServer"), Some("rhel"));
        assert_eq!(id_for_name("CentOS Stream"), Some("centos"));
        assert_eq!(id_for_name("ManjaroLinux"), Some("manjaro"));
        assert_eq!(id_for_name("Mandriva Linux"), None);
        assert_eq!(id_for_name(""), None);
    }
}
