use super::*;

fn text(s: &Snapshot, q: Query) -> Result<Answer, SourceError> {
    s.query(&q)
}

#[test]
fn files_dirs_and_links_behave_like_a_file_system() {
    let s = Snapshot::new(Platform::Linux)
        .file("/sys/devices/pci0/net/wlan0/type", "1\n")
        .dir("/sys/devices/pci0/net/wlan0/wireless")
        .link("/sys/class/net/wlan0", "../../devices/pci0/net/wlan0")
        .file("/etc/os-release", "ID=debian\n");
    assert_eq!(
        text(&s, Query::File("/sys/class/net/wlan0/type".into())),
        Ok(Answer::Bytes(b"1\n".to_vec()))
    );
    assert_eq!(
        text(&s, Query::Dir("/sys/class/net/wlan0".into())),
        Ok(Answer::Names(vec!["type".into(), "wireless".into()]))
    );
    assert_eq!(
        text(&s, Query::Dir("/sys/class/net".into())),
        Ok(Answer::Names(vec!["wlan0".into()]))
    );
    assert_eq!(
        text(&s, Query::Link("/sys/class/net/wlan0".into())),
        Ok(Answer::Text("../../devices/pci0/net/wlan0".into()))
    );
    assert_eq!(
        text(&s, Query::File("/etc".into())),
        Err(SourceError::WrongKind)
    );
    assert_eq!(
        text(&s, Query::File("/etc/lsb-release".into())),
        Err(SourceError::NotFound)
    );
    assert_eq!(
        text(&s, Query::Dir("/etc/os-release".into())),
        Err(SourceError::WrongKind)
    );
    assert_eq!(
        text(&s, Query::File("/etc/os-release/x".into())),
        Err(SourceError::WrongKind)
    );
}

#[test]
fn link_loops_and_oversized_files_are_errors_not_hangs() {
    let s = Snapshot::new(Platform::Linux)
        .link("/a", "/b")
        .link("/b", "/a")
        .file("/big", vec![b'x'; crate::source::FILE_LIMIT + 1])
        .file("/proc/net/route", vec![b'x'; crate::source::FILE_LIMIT + 1]);
    assert!(matches!(
        text(&s, Query::File("/a".into())),
        Err(SourceError::Io(_))
    ));
    assert_eq!(
        text(&s, Query::File("/big".into())),
        Err(SourceError::TooLarge)
    );
    assert!(matches!(
        text(&s, Query::File("/proc/net/route".into())),
        Ok(Answer::Bytes(_))
    ));
}

#[test]
fn registry_names_match_case_insensitively() {
    let s = Snapshot::new(Platform::Windows).registry(
        "HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\BIOS",
        "SystemManufacturer",
        RegValue::Sz("LENOVO".into()),
    );
    let q = Query::Registry(
        "HKLM\\Hardware\\Description\\System\\BIOS".into(),
        "systemmanufacturer".into(),
    );
    assert_eq!(
        s.query(&q),
        Ok(Answer::Registry(RegValue::Sz("LENOVO".into())))
    );
}

// Writes symbolic links, which only Unix can do without privileges.
#[cfg(unix)]
#[test]
fn entries_round_trip_through_a_directory() {
    let s = Snapshot::new(Platform::Linux)
        .file("/etc/os-release", "ID=debian\n")
        .link("/sys/class/net/eth0", "../../devices/virtual/net/eth0")
        .dir("/sys/devices/virtual/net/eth0/queues");
    let dir = std::env::temp_dir().join(format!("devprobe-snap-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for e in s.entries() {
        match e {
            SnapshotEntry::File(p, b) => {
                let p = dir.join(p);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, b).unwrap();
            }
            SnapshotEntry::Dir(p) => std::fs::create_dir_all(dir.join(p)).unwrap(),
            SnapshotEntry::Link(p, t) => {
                let p = dir.join(p);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::os::unix::fs::symlink(t, p).unwrap();
            }
        }
    }
    // Files are read when first asked for: the folder stays until the queries are done.
    let back = Snapshot::from_dir(&dir).unwrap();
    assert_eq!(back.platform(), Platform::Linux);
    for q in [
        Query::File("/etc/os-release".into()),
        Query::Link("/sys/class/net/eth0".into()),
        Query::Dir("/sys/class/net/eth0".into()),
    ] {
        assert_eq!(back.query(&q), s.query(&q), "{q:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_folder_without_platform_is_unusable() {
    let dir = std::env::temp_dir().join(format!("devprobe-noplat-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let r = Snapshot::from_dir(&dir);
    std::fs::write(dir.join("platform"), "beos\n").unwrap();
    let r2 = Snapshot::from_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(matches!(r, Err(Error::Snapshot { .. })));
    assert!(matches!(r2, Err(Error::Snapshot { reason, .. }) if reason.contains("beos")));
}

#[cfg(unix)]
#[test]
fn fifos_and_a_linked_fs_never_block_loading() {
    let dir = std::env::temp_dir().join(format!("devprobe-fifo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("fs/etc")).unwrap();
    std::fs::write(dir.join("platform"), "Linux\n").unwrap();
    std::fs::write(dir.join("fs/etc/os-release"), "ID=debian\n").unwrap();
    let mkfifo = |p: &std::path::Path| {
        let ok = std::process::Command::new("mkfifo")
            .arg(p)
            .status()
            .map(|s| s.success());
        assert_eq!(ok.ok(), Some(true), "mkfifo {}", p.display());
    };
    mkfifo(&dir.join("interfaces.json"));
    mkfifo(&dir.join("fs/etc/lsb-release"));
    let snap = Snapshot::from_dir(&dir).unwrap();
    assert_eq!(
        snap.platform(),
        Platform::Linux,
        "the platform name is case-insensitive"
    );
    assert_eq!(snap.query(&Query::Interfaces), Err(SourceError::NotFound));
    assert_eq!(
        snap.query(&Query::File("/etc/lsb-release".into())),
        Err(SourceError::NotFound)
    );

    // A platform file that is a FIFO is an unusable snapshot, at once.
    std::fs::remove_file(dir.join("platform")).unwrap();
    mkfifo(&dir.join("platform"));
    assert!(matches!(
        Snapshot::from_dir(&dir),
        Err(Error::Snapshot { .. })
    ));

    // `fs` linked to the live root is not followed.
    std::fs::write(dir.join("platform.tmp"), "linux\n").unwrap();
    std::fs::remove_file(dir.join("platform")).unwrap();
    std::fs::rename(dir.join("platform.tmp"), dir.join("platform")).unwrap();
    std::fs::remove_dir_all(dir.join("fs")).unwrap();
    std::os::unix::fs::symlink("/", dir.join("fs")).unwrap();
    let snap = Snapshot::from_dir(&dir).unwrap();
    assert_eq!(
        snap.query(&Query::File("/etc/os-release".into())),
        Err(SourceError::NotFound)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_utf16_getprop_dump_is_decoded() {
    let dir = std::env::temp_dir().join(format!("devprobe-utf16-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("platform"), "android\n").unwrap();
    let text = "[ro.product.model]: [Pixel 5]\r\n[ro.product.brand]: [google]\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.join("getprop.txt"), bytes).unwrap();
    let snap = Snapshot::from_dir(&dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        snap.query(&Query::Property("ro.product.model".into())),
        Ok(Answer::Text("Pixel 5".into()))
    );
}

#[test]
fn a_link_cannot_lead_a_probe_to_an_identifier() {
    let s = Snapshot::new(Platform::Linux)
        .file("/sys/class/dmi/id/product_serial", "PF2ABCDE\n")
        .link("/sys/class/dmi/id/sys_vendor", "product_serial")
        .file("/sys/class/net/eth0/address", "0a:1b:2c:3d:4e:5f\n")
        .link(
            "/sys/class/dmi/id/product_name",
            "/sys/class/net/eth0/address",
        );
    for path in [
        "/sys/class/dmi/id/sys_vendor",
        "/sys/class/dmi/id/product_name",
        "/sys/class/dmi/id/product_serial",
        "/sys/class/net/eth0/address",
    ] {
        assert_eq!(
            s.query(&Query::File(path.into())),
            Err(SourceError::Unsupported),
            "{path}"
        );
    }
    assert!(crate::source::deny::path("/etc/machine-id"));
    assert!(crate::source::deny::path(
        "/sys/firmware/devicetree/base/serial-number"
    ));
    assert!(!crate::source::deny::path("/sys/class/dmi/id/product_name"));
    assert!(!crate::source::deny::path("/sys/class/net/eth0/type"));
}

#[test]
fn a_tree_of_huge_files_is_listed_not_loaded_into_memory() {
    let dir = std::env::temp_dir().join(format!("devprobe-huge-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("fs/proc/net")).unwrap();
    std::fs::write(dir.join("platform"), "linux\n").unwrap();
    // Sparse files: no disk space, but each reads as gigabytes of zeros.
    let sparse = |rel: &str, len: u64| {
        let f = std::fs::File::create(dir.join(rel)).unwrap();
        f.set_len(len).unwrap();
    };
    // Both route tables one byte over their cap still load (and replay as too large).
    sparse("fs/proc/net/route", crate::source::TABLE_LIMIT as u64 + 1);
    sparse(
        "fs/proc/net/ipv6_route",
        crate::source::TABLE_LIMIT as u64 + 1,
    );
    let snap = Snapshot::from_dir(&dir).unwrap();
    assert_eq!(
        snap.query(&Query::File("/proc/net/route".into())),
        Err(SourceError::TooLarge)
    );
    drop(snap);
    for i in 0..8 {
        sparse(&format!("fs/junk{i}"), 1 << 30);
    }
    // The tree is listed, not read: 8 GiB of files load at once and answer too large unread.
    let snap = Snapshot::from_dir(&dir).unwrap();
    assert_eq!(
        snap.query(&Query::File("/junk0".into())),
        Err(SourceError::TooLarge)
    );
    drop(snap);
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_platform_link_out_of_the_folder_is_not_echoed() {
    let dir = std::env::temp_dir().join(format!("devprobe-platlink-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Stands for /etc/hostname: a file outside the snapshot holding an identifier.
    let outside = dir.with_extension("hostname");
    std::fs::write(&outside, "alice-laptop\n").unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("platform")).unwrap();
    let r = Snapshot::from_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&outside);
    match r {
        Err(Error::Snapshot { reason, .. }) => {
            assert!(!reason.contains("alice"), "{reason}");
            // The link is never opened (O_NOFOLLOW): the error says why, not what it holds.
            assert!(reason.contains("platform"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

/// A loaded snapshot's index is built by `from_dir`, not by the first query (which runs under
/// a collect's deadline): a tree of many files (break-it: 195,000 made every field of the
/// report time out at the default 200 ms in a debug build) costs the collect nothing more.
#[test]
fn a_loaded_snapshot_is_indexed_before_its_first_query() {
    let dir = std::env::temp_dir().join(format!("devprobe-indexed-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("fs/etc")).unwrap();
    std::fs::write(dir.join("platform"), "linux\n").unwrap();
    std::fs::write(dir.join("fs/etc/os-release"), "ID=debian\n").unwrap();
    let snap = Snapshot::from_dir(&dir).unwrap();
    let indexed = snap.index.get().map(|i| i.children("/etc").to_vec());
    let answer = snap.query(&Query::File("/etc/os-release".into()));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(indexed, Some(vec!["os-release".to_owned()]));
    assert_eq!(answer, Ok(Answer::Bytes(b"ID=debian\n".to_vec())));
    // Built in code, the index waits for the first query as before.
    assert!(
        Snapshot::new(Platform::Linux)
            .file("/a", "b")
            .index
            .get()
            .is_none()
    );
}
