//! The Linux OS probe on built snapshots: what it reports, why it omits, and what it reads.

use crate::facts::{Context, Facts};
use crate::field::{Field, FieldSet};
use crate::host::HostFacts;
use crate::report::{IpPrecision, OmitReason, Platform};
use crate::source::{Query, Recording, Snapshot};

const OS: &[Field] = &[
    Field::OsId,
    Field::OsName,
    Field::OsVersion,
    Field::OsBuildId,
    Field::OsDisplayVersion,
    Field::OsSdkLevel,
    Field::OsKernelVersion,
];

const DEBIAN_12: &str = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n\
    VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n";

fn linux() -> Snapshot {
    Snapshot::new(Platform::Linux)
}

/// Runs the OS probe for `wanted` and returns what it found and every query it made.
fn run(snapshot: Snapshot, wanted: &[Field]) -> (Facts, Vec<Query>) {
    let rec = Recording::new(snapshot);
    let ctx = Context {
        source: &rec,
        wanted: wanted.iter().copied().collect::<FieldSet>(),
        host: HostFacts::default(),
        ip_precision: IpPrecision::default(),
        previous_orientation: None,
    };
    let mut facts = Facts::default();
    super::probe(&ctx, &mut facts);
    (facts, rec.queries())
}

fn files(queries: &[Query]) -> Vec<&str> {
    queries.iter().map(Query::name).collect()
}

/// Expected `(id, name, version)`: a value, or the reason it is omitted.
type Expect<'a> = [Result<&'a str, OmitReason>; 3];

#[track_caller]
fn check(snapshot: Snapshot, expected: Expect<'_>) {
    let (facts, _) = run(snapshot, OS);
    let fields = [Field::OsId, Field::OsName, Field::OsVersion];
    let values = [&facts.os.id, &facts.os.name, &facts.os.version];
    for ((field, value), want) in fields.iter().zip(values).zip(expected) {
        match want {
            Ok(v) => assert_eq!(value.as_deref(), Some(v), "{field}"),
            Err(r) => {
                assert_eq!(value.as_deref(), None, "{field}");
                assert_eq!(facts.omitted.get(field), Some(&r), "{field}");
            }
        }
    }
}

#[test]
fn debian_12_bookworm() {
    let snap = linux()
        .file("/usr/lib/os-release", DEBIAN_12)
        .link("/etc/os-release", "../usr/lib/os-release")
        .file("/etc/debian_version", "12.11\n")
        .file("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
    let (facts, queries) = run(snap, OS);
    assert_eq!(facts.os.id.as_deref(), Some("debian"));
    assert_eq!(facts.os.name.as_deref(), Some("Debian GNU/Linux"));
    assert_eq!(facts.os.version.as_deref(), Some("12"));
    assert_eq!(facts.os.display_version.as_deref(), Some("12 (bookworm)"));
    assert_eq!(facts.os.kernel_version.as_deref(), Some("6.1.0-18-amd64"));
    assert_eq!(
        facts.omitted.get(&Field::OsBuildId),
        Some(&OmitReason::NotFound)
    );
    assert_eq!(
        facts.omitted.get(&Field::OsSdkLevel),
        Some(&OmitReason::Unsupported)
    );
    // VERSION_ID was there: no fallback file is read.
    assert_eq!(
        files(&queries),
        vec!["/etc/os-release", "/proc/sys/kernel/osrelease"]
    );
}

#[test]
fn arch_linux_build_id_and_no_version() {
    let snap = linux()
        .file(
            "/etc/os-release",
            "NAME=\"Arch Linux\"\nID=arch\nBUILD_ID=rolling\n",
        )
        .file("/etc/arch-release", "");
    let (facts, _) = run(snap, OS);
    assert_eq!(facts.os.build_id.as_deref(), Some("rolling"));
    assert_eq!(
        facts.omitted.get(&Field::OsVersion),
        Some(&OmitReason::NotFound)
    );
    assert_eq!(
        facts.omitted.get(&Field::OsDisplayVersion),
        Some(&OmitReason::NotFound)
    );
}

#[test]
fn only_the_wanted_fields_are_read() {
    let snap = || {
        linux()
            .file("/etc/os-release", "ID=gentoo\nNAME=Gentoo\n")
            .file("/etc/gentoo-release", "Gentoo Base System release 2.2")
            .file("/proc/sys/kernel/osrelease", "6.6.13-gentoo\n")
    };
    let (facts, queries) = run(snap(), &[Field::OsKernelVersion]);
    assert_eq!(files(&queries), vec!["/proc/sys/kernel/osrelease"]);
    assert_eq!(facts.os.kernel_version.as_deref(), Some("6.6.13-gentoo"));

    let (_, queries) = run(snap(), &[Field::OsSdkLevel]);
    assert!(queries.is_empty(), "{queries:?}");

    // No version wanted: os-release alone, even though it lacks VERSION_ID.
    let (facts, queries) = run(snap(), &[Field::OsName, Field::OsBuildId]);
    assert_eq!(files(&queries), vec!["/etc/os-release"]);
    assert_eq!(facts.os.name.as_deref(), Some("Gentoo"));

    // The version is wanted and missing: the fallbacks are read, in order.
    let (facts, queries) = run(snap(), &[Field::OsVersion]);
    assert_eq!(facts.os.version.as_deref(), Some("2.2"));
    assert_eq!(
        files(&queries),
        vec![
            "/etc/os-release",
            "/etc/lsb-release",
            "/etc",
            "/etc/gentoo-release"
        ]
    );
}

#[test]
fn usr_lib_os_release_when_etc_has_none_or_a_broken_one() {
    let usr_lib = |s: Snapshot| s.file("/usr/lib/os-release", DEBIAN_12);
    let debian = [Ok("debian"), Ok("Debian GNU/Linux"), Ok("12")];
    check(usr_lib(linux()), debian);
    check(
        usr_lib(linux().file("/etc/os-release", [0u8, 159, 146, 150, 0, 1])),
        debian,
    );
    check(usr_lib(linux().dir("/etc/os-release")), debian);
    check(usr_lib(linux().link("/etc/os-release", "/nowhere")), debian);
}

#[test]
fn bad_os_release_gives_reasons_never_values() {
    let os_release = |bytes: &[u8]| linux().file("/etc/os-release", bytes);
    // os-release(5): a file that sets no NAME or ID means "Linux".
    check(
        os_release(b""),
        [Ok("linux"), Ok("Linux"), Err(OmitReason::NotFound)],
    );
    check(
        os_release(b"# nothing\n\n"),
        [Ok("linux"), Ok("Linux"), Err(OmitReason::NotFound)],
    );
    let malformed = [Err(OmitReason::Malformed); 3];
    check(os_release(&vec![b'A'; 1024 * 1024]), malformed);
    let mut long = DEBIAN_12.as_bytes().to_vec();
    long.extend(std::iter::repeat_n(b'#', 1024 * 1024));
    check(os_release(&long), malformed);
    check(
        os_release(&[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0xff, 0xfe]),
        malformed,
    );
    check(os_release(b"\xff\xfe\xfd\xfc\n\x80\x81\x82\n"), malformed);
    check(
        linux().dir("/etc/os-release"),
        [Err(OmitReason::Unreadable); 3],
    );
    check(linux(), [Err(OmitReason::NotFound); 3]);
}

#[test]
fn undecodable_values_are_malformed_and_the_rest_kept() {
    // Latin-1 "Schrödinger" and a NAME that is not UTF-8 at all.
    let snap = linux().file(
        "/etc/os-release",
        b"NAME=\"F\xe9dora\"\nID=fedora\nVERSION_ID=19\nVERSION=\"19 (Schr\xf6dinger's Cat)\"\n",
    );
    let (facts, _) = run(snap, OS);
    assert_eq!(facts.os.id.as_deref(), Some("fedora"));
    assert_eq!(facts.os.version.as_deref(), Some("19"));
    assert_eq!(
        facts.omitted.get(&Field::OsName),
        Some(&OmitReason::Malformed)
    );
    assert_eq!(
        facts.omitted.get(&Field::OsDisplayVersion),
        Some(&OmitReason::Malformed)
    );
}

#[test]
fn bad_kernel_release_gives_reasons() {
    #[track_caller]
    fn kernel(snap: Snapshot, expected: Result<&str, OmitReason>) {
        let (facts, _) = run(snap, &[Field::OsKernelVersion]);
        match expected {
            Ok(v) => assert_eq!(facts.os.kernel_version.as_deref(), Some(v)),
            Err(r) => {
                assert_eq!(facts.os.kernel_version, None);
                assert_eq!(facts.omitted.get(&Field::OsKernelVersion), Some(&r));
            }
        }
    }
    let path = "/proc/sys/kernel/osrelease";
    kernel(
        linux().file(path, "5.15.153.1-microsoft-standard-WSL2\n"),
        Ok("5.15.153.1-microsoft-standard-WSL2"),
    );
    kernel(linux().file(path, ""), Err(OmitReason::Malformed));
    kernel(
        linux().file(path, "not a kernel"),
        Err(OmitReason::Malformed),
    );
    kernel(
        linux().file(path, [0xffu8, 0, 1, 2]),
        Err(OmitReason::Malformed),
    );
    kernel(
        linux().file(path, "6".repeat(65)),
        Err(OmitReason::Malformed),
    );
    kernel(
        linux().file(path, vec![b'6'; 1024 * 1024]),
        Err(OmitReason::Malformed),
    );
    kernel(linux().dir(path), Err(OmitReason::Unreadable));
    kernel(linux(), Err(OmitReason::NotFound));
}

#[test]
fn centos_5_11_without_os_release() {
    let line = "CentOS release 5.11 (Final)\n";
    let snap = linux()
        .file("/etc/centos-release", line)
        .file("/etc/redhat-release", line)
        .file("/etc/system-release", line);
    check(snap, [Ok("centos"), Ok("CentOS"), Ok("5.11")]);
}

#[test]
fn rocky_9_3_without_os_release_is_not_centos() {
    let line = "Rocky Linux release 9.3 (Blue Onyx)\n";
    let snap = linux()
        .file("/etc/centos-release", line)
        .file("/etc/redhat-release", line)
        .file("/etc/rocky-release", line)
        .file(
            "/etc/rocky-release-upstream",
            "Derived from Red Hat Enterprise Linux 9.3\n",
        );
    check(snap, [Ok("rocky"), Ok("Rocky Linux"), Ok("9.3")]);
}

#[test]
fn unknown_rhel_rebuild_keeps_its_name_but_gets_no_id() {
    let snap = linux().file("/etc/redhat-release", "Foo Linux release 3.1 (Bar)\n");
    check(
        snap,
        [Err(OmitReason::NotFound), Ok("Foo Linux"), Ok("3.1")],
    );
}

#[test]
fn alpine_3_19_release_file_holds_only_the_version() {
    let snap = linux().file("/etc/alpine-release", "3.19.1\n");
    check(
        snap,
        [Ok("alpine"), Err(OmitReason::NotFound), Ok("3.19.1")],
    );
}

#[test]
fn debian_6_squeeze_with_only_debian_version() {
    check(
        linux().file("/etc/debian_version", "6.0.10\n"),
        [Ok("debian"), Err(OmitReason::NotFound), Ok("6.0.10")],
    );
}

#[test]
fn a_version_is_never_borrowed_from_another_distribution() {
    // An Ubuntu os-release without VERSION_ID next to Linux Mint's lsb-release and Debian's
    // debian_version: neither is Ubuntu's version.
    let snap = linux()
        .file(
            "/etc/os-release",
            "NAME=\"Ubuntu\"\nID=ubuntu\nID_LIKE=debian\n",
        )
        .file(
            "/etc/lsb-release",
            "DISTRIB_ID=LinuxMint\nDISTRIB_RELEASE=21.3\n",
        )
        .file("/etc/debian_version", "bookworm/sid\n");
    check(
        snap,
        [Ok("ubuntu"), Ok("Ubuntu"), Err(OmitReason::NotFound)],
    );
}

#[test]
fn fallback_failures_are_the_reason_when_nothing_is_found() {
    check(
        linux().dir("/etc/lsb-release"),
        [Err(OmitReason::Unreadable); 3],
    );
    check(
        linux().file("/etc/lsb-release", "\u{0}\u{1}"),
        [Err(OmitReason::Malformed); 3],
    );
    check(
        linux().file("/etc/debian_version", "\u{0}\u{1}"),
        [Err(OmitReason::Malformed); 3],
    );
    // A malformed os-release stays the reason even when a fallback is fine but empty-handed.
    let snap = linux()
        .file("/etc/os-release", "\u{0}")
        .file("/etc/arch-release", "");
    check(snap, [Err(OmitReason::Malformed); 3]);
}
