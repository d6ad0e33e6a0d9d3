//! Windows build numbers → product, marketing version and display version, as data.
//!
//! Built from Microsoft's published release information (the facts listed in
//! `../shared/corpus/windows/builds.tsv`). One build can be two products: 14393, 17763 and
//! 26100 are each a Windows client release *and* a Windows Server release, told apart only by
//! the product type, never by `ProductName` (which still says "Windows 10" on Windows 11).

/// Client (workstation) or server, from `wProductType` or the registry's `InstallationType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `VER_NT_WORKSTATION`: Windows XP … 11, including Enterprise multi-session.
    Workstation,
    /// `VER_NT_SERVER` or `VER_NT_DOMAIN_CONTROLLER`.
    Server,
}

/// What a build is, for one [`Kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Release {
    /// The product, e.g. `"Windows 11"`, `"Windows Server 2022"`,
    /// `"Windows Server, version 23H2"`.
    pub product: &'static str,
    /// The marketing version (`os.version`), e.g. `"11"`, `"2022"`, `"23H2"`; `None` for a
    /// server build this table does not know.
    pub version: Option<&'static str>,
    /// The display version (`os.display_version`), e.g. `"23H2"`; `None` before Windows 10
    /// and for builds this table does not know.
    pub display_version: Option<&'static str>,
}

use Kind::{Server as S, Workstation as W};

/// `(build, kind, product, version, display version)`.
type Row = (u32, Kind, &'static str, &'static str, Option<&'static str>);

const ROWS: &[Row] = &[
    (2600, W, "Windows XP", "XP", None),
    (3790, W, "Windows XP", "XP", None), // XP Professional x64 Edition shares Server 2003's build
    (3790, S, "Windows Server 2003", "2003", None),
    (6000, W, "Windows Vista", "Vista", None),
    (6001, W, "Windows Vista", "Vista", None),
    (6001, S, "Windows Server 2008", "2008", None),
    (6002, W, "Windows Vista", "Vista", None),
    (6002, S, "Windows Server 2008", "2008", None),
    (6003, S, "Windows Server 2008", "2008", None),
    (7600, W, "Windows 7", "7", None),
    (7600, S, "Windows Server 2008 R2", "2008 R2", None),
    (7601, W, "Windows 7", "7", None),
    (7601, S, "Windows Server 2008 R2", "2008 R2", None),
    (9200, W, "Windows 8", "8", None),
    (9200, S, "Windows Server 2012", "2012", None),
    (9600, W, "Windows 8.1", "8.1", None),
    (9600, S, "Windows Server 2012 R2", "2012 R2", None),
    (10240, W, "Windows 10", "10", Some("1507")),
    (10586, W, "Windows 10", "10", Some("1511")),
    (14393, W, "Windows 10", "10", Some("1607")),
    (14393, S, "Windows Server 2016", "2016", Some("1607")),
    (15063, W, "Windows 10", "10", Some("1703")),
    (16299, W, "Windows 10", "10", Some("1709")),
    (
        16299,
        S,
        "Windows Server, version 1709",
        "1709",
        Some("1709"),
    ),
    (17134, W, "Windows 10", "10", Some("1803")),
    (
        17134,
        S,
        "Windows Server, version 1803",
        "1803",
        Some("1803"),
    ),
    (17763, W, "Windows 10", "10", Some("1809")),
    (17763, S, "Windows Server 2019", "2019", Some("1809")),
    (18362, W, "Windows 10", "10", Some("1903")),
    (
        18362,
        S,
        "Windows Server, version 1903",
        "1903",
        Some("1903"),
    ),
    (18363, W, "Windows 10", "10", Some("1909")),
    (
        18363,
        S,
        "Windows Server, version 1909",
        "1909",
        Some("1909"),
    ),
    (19041, W, "Windows 10", "10", Some("2004")),
    (
        19041,
        S,
        "Windows Server, version 2004",
        "2004",
        Some("2004"),
    ),
    (19042, W, "Windows 10", "10", Some("20H2")),
    (
        19042,
        S,
        "Windows Server, version 20H2",
        "20H2",
        Some("20H2"),
    ),
    (19043, W, "Windows 10", "10", Some("21H1")),
    (19044, W, "Windows 10", "10", Some("21H2")),
    (19045, W, "Windows 10", "10", Some("22H2")),
    (20348, S, "Windows Server 2022", "2022", Some("21H2")),
    (22000, W, "Windows 11", "11", Some("21H2")),
    (22621, W, "Windows 11", "11", Some("22H2")),
    (22631, W, "Windows 11", "11", Some("23H2")),
    (
        25398,
        S,
        "Windows Server, version 23H2",
        "23H2",
        Some("23H2"),
    ),
    (26100, W, "Windows 11", "11", Some("24H2")),
    (26100, S, "Windows Server 2025", "2025", Some("24H2")),
    (26200, W, "Windows 11", "11", Some("25H2")),
    (28000, W, "Windows 11", "11", Some("26H1")),
];

/// Builds that only ever shipped as Windows Server: a workstation product type on one of them
/// is a contradiction, not a Windows 10.
const SERVER_ONLY: &[u32] = &[20348, 25398];

/// The first build of Windows 11: a workstation at or above it is Windows 11, whatever
/// `ProductName` says.
pub(crate) const FIRST_WINDOWS_11: u32 = 22000;
/// The first build of Windows 10.
const FIRST_WINDOWS_10: u32 = 10240;

/// What `build` is for `kind`: the table's row, else the family a workstation build falls in
/// (10240–21999 → Windows 10, 22000 and later → Windows 11, with no display version), else a
/// generic "Windows Server" without a version. `None` when nothing true can be said (a build
/// older than XP, or a workstation on a server-only build).
pub(crate) fn lookup(build: u32, kind: Kind) -> Option<Release> {
    if let Some((_, _, product, version, display_version)) =
        ROWS.iter().find(|(b, k, ..)| *b == build && *k == kind)
    {
        return Some(Release {
            product,
            version: Some(version),
            display_version: *display_version,
        });
    }
    let family = |product, version| Release {
        product,
        version: Some(version),
        display_version: None,
    };
    match kind {
        W if SERVER_ONLY.contains(&build) => None,
        W if build >= FIRST_WINDOWS_11 => Some(family("Windows 11", "11")),
        W if build >= FIRST_WINDOWS_10 => Some(family("Windows 10", "10")),
        W => None,
        S if build >= 2600 => Some(Release {
            product: "Windows Server",
            version: None,
            display_version: None,
        }),
        S => None,
    }
}

/// The NT version (`major.minor`) a build belongs to: 10.0 from Windows 10 on, 6.3 for 8.1,
/// and so on back to 5.1 for XP.
pub(crate) fn nt_version(build: u32) -> (u32, u32) {
    match build {
        0..3000 => (5, 1),
        3000..6000 => (5, 2),
        6000..7600 => (6, 0),
        7600..9200 => (6, 1),
        9200..9600 => (6, 2),
        9600..FIRST_WINDOWS_10 => (6, 3),
        _ => (10, 0),
    }
}

/// The Long-Term Servicing label an Enterprise LTSC/LTSB edition carries on `build`, e.g.
/// `"LTSC 2021"` on 19044.
pub(crate) fn ltsc_label(build: u32) -> Option<&'static str> {
    Some(match build {
        10240 => "LTSB 2015",
        14393 => "LTSB 2016",
        17763 => "LTSC 2019",
        19044 => "LTSC 2021",
        26100 => "LTSC 2024",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(build: u32, kind: Kind, expected: Option<(&str, Option<&str>, Option<&str>)>) {
        let got = lookup(build, kind).map(|r| (r.product, r.version, r.display_version));
        assert_eq!(got, expected);
    }

    #[test]
    fn shared_builds_are_told_apart_by_kind() {
        check(26100, W, Some(("Windows 11", Some("11"), Some("24H2"))));
        check(
            26100,
            S,
            Some(("Windows Server 2025", Some("2025"), Some("24H2"))),
        );
        check(
            14393,
            S,
            Some(("Windows Server 2016", Some("2016"), Some("1607"))),
        );
        check(17763, W, Some(("Windows 10", Some("10"), Some("1809"))));
        check(9200, S, Some(("Windows Server 2012", Some("2012"), None)));
    }

    #[test]
    fn unknown_builds_fall_in_their_family() {
        check(22635, W, Some(("Windows 11", Some("11"), None)));
        check(19046, W, Some(("Windows 10", Some("10"), None)));
        check(27000, S, Some(("Windows Server", None, None)));
        check(20348, W, None);
        check(25398, W, None);
        check(1381, W, None);
        check(1381, S, None);
        check(3790, W, Some(("Windows XP", Some("XP"), None)));
    }

    #[test]
    fn nt_versions() {
        assert_eq!(nt_version(2600), (5, 1));
        assert_eq!(nt_version(3790), (5, 2));
        assert_eq!(nt_version(6002), (6, 0));
        assert_eq!(nt_version(7601), (6, 1));
        assert_eq!(nt_version(9200), (6, 2));
        assert_eq!(nt_version(9600), (6, 3));
        assert_eq!(nt_version(10240), (10, 0));
        assert_eq!(nt_version(26100), (10, 0));
    }

    #[test]
    fn every_row_is_unique() {
        for (i, a) in ROWS.iter().enumerate() {
            for b in ROWS.iter().skip(i + 1) {
                assert!(
                    !(a.0 == b.0 && a.1 == b.1),
                    "duplicate row for {} {:?}",
                    a.0,
                    a.1
                );
            }
        }
    }
}
