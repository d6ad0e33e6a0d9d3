//! The public `Live` source judges the path it will really read, not the literal one: each
//! bypass of issue 17 (D7) is refused without reading, and interface addresses are minimized
//! unless asked for in full.

// Most of these attacks need Unix (symlinks, FIFOs, openat); elsewhere their helpers sit unused.
#![cfg_attr(not(unix), allow(unused_imports, dead_code))]

use std::net::IpAddr;

use devprobe::source::{Answer, Live, Query, Source, SourceError};

#[track_caller]
fn refused(path: &str) {
    let live = Live::new();
    for q in [Query::File(path.into()), Query::Link(path.into())] {
        assert_eq!(live.query(&q), Err(SourceError::Unsupported), "{q:?}");
    }
}

#[cfg(unix)]
#[test]
fn every_bypass_path_is_refused() {
    for path in [
        "/etc/./machine-id",
        "//etc/machine-id",
        "/etc/../etc/machine-id",
        "/proc/self/root/etc/machine-id",
        "/proc/1/root/etc/machine-id",
        "/proc/thread-self/root/etc/machine-id",
        "/proc/self/task/1/root/etc/machine-id",
        "/proc/self/cwd/etc/machine-id",
        "/proc/self/fd/0",
        "/proc/sys/kernel/./hostname",
        "/proc/sys/kernel/random/boot_id",
        "/proc/sys/kernel/random/uuid",
        "/etc/passwd",
        "/etc/shadow",
        "/proc/net/arp",
        "/proc/self/environ",
        "/proc/1/environ",
        "/proc/self/cmdline",
        "/var/lib/dbus/machine-id",
        "/var/run/utmp",
        "/run/utmp",
        "/var/log/wtmp",
    ] {
        refused(path);
    }
    // A relative path would depend on the working directory.
    refused("etc/passwd");
}

#[cfg(unix)]
#[test]
fn a_symlink_to_an_identifier_is_refused_after_resolution() {
    let dir = std::env::temp_dir().join(format!("devprobe-live-deny-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let to_passwd = dir.join("users");
    std::os::unix::fs::symlink("/etc/passwd", &to_passwd).unwrap();
    let to_machine_id = dir.join("id");
    std::os::unix::fs::symlink("/etc/machine-id", &to_machine_id).unwrap();
    let folder = dir.join("etc");
    std::os::unix::fs::symlink("/etc", &folder).unwrap();
    let live = Live::new();
    let read = |p: &std::path::Path| live.query(&Query::File(p.to_str().unwrap().into()));
    // /etc/passwd exists everywhere: only the resolved rule refuses it.
    assert!(std::path::Path::new("/etc/passwd").exists());
    assert_eq!(read(&to_passwd), Err(SourceError::Unsupported));
    assert_eq!(read(&folder.join("passwd")), Err(SourceError::Unsupported));
    // The machine id is refused when it exists, not found when it does not: never read.
    let want = if std::path::Path::new("/etc/machine-id").exists() {
        SourceError::Unsupported
    } else {
        SourceError::NotFound
    };
    assert_eq!(read(&to_machine_id), Err(want.clone()));
    assert_eq!(read(&folder.join("machine-id")), Err(want));
    // An ordinary file through the same link is still read.
    assert!(matches!(
        read(&folder.join("os-release")),
        Ok(Answer::Bytes(_)) | Err(SourceError::NotFound)
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The sysfs/procfs shortcut (one `openat2` beneath the tree) judges what the checked path
/// judges: identifiers in the kernel's trees are refused in every spelling, and a link planted
/// on a tmpfs into them is judged by its target.
#[cfg(target_os = "linux")]
#[test]
fn kernel_tree_identifiers_are_refused_directly_and_through_a_planted_link() {
    for path in [
        "/sys/class/net/lo/address",
        "/sys/class/net/lo/./address",
        "/sys/class/net/../net/lo/address",
        "/sys/devices/virtual/net/lo/address",
        "/sys/class/dmi/id/product_serial",
        "/proc/self/root/sys/class/net/lo/address",
        "/proc/self/net/arp",
        "/proc/1/task/1/environ",
    ] {
        refused(path);
    }
    let base = ["/dev/shm", "/run"]
        .into_iter()
        .map(std::path::PathBuf::from)
        .find(|d| d.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    let dir = base.join(format!("devprobe-kernel-links-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let plant = |name: &str, target: &str| {
        let link = dir.join(name);
        std::os::unix::fs::symlink(target, &link).unwrap();
        link.to_str().unwrap().to_owned()
    };
    let live = Live::new();
    let read = |p: &str| live.query(&Query::File(p.into()));
    for target in [
        "/sys/class/net/lo/address",
        "/sys/devices/virtual/net/lo/address",
        "/proc/sys/kernel/hostname",
        "/proc/self/environ",
    ] {
        let link = plant(&target.replace('/', "_"), target);
        assert_eq!(read(&link), Err(SourceError::Unsupported), "{target}");
    }
    // A folder link into sysfs, then the identifier's name below it.
    let net = plant("net", "/sys/class/net/lo");
    assert_eq!(
        read(&format!("{net}/address")),
        Err(SourceError::Unsupported)
    );
    // Ordinary kernel files through the same links are read, as directly.
    assert_eq!(
        read(&format!("{net}/type")),
        Ok(Answer::Bytes(b"772\n".to_vec()))
    );
    assert_eq!(
        read("/sys/class/net/lo/type"),
        Ok(Answer::Bytes(b"772\n".to_vec()))
    );
    let osrelease = plant("osrelease", "/proc/sys/kernel/osrelease");
    assert_eq!(
        read(&osrelease),
        Ok(Answer::Bytes(
            std::fs::read("/proc/sys/kernel/osrelease").unwrap()
        ))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn interfaces_are_minimized_unless_full_addresses_are_asked_for() {
    let addrs = |live: Live| match live.query(&Query::Interfaces) {
        Ok(Answer::Interfaces(list)) => list,
        other => panic!("{other:?}"),
    };
    let minimized = addrs(Live::new());
    for a in &minimized {
        match a.ip {
            IpAddr::V4(v4) => assert_eq!(v4.octets()[3], 0, "{a:?}"),
            IpAddr::V6(v6) => assert_eq!(&v6.segments()[3..], &[0; 5], "{a:?}"),
        }
        let most = if a.ip.is_ipv4() { 24 } else { 48 };
        assert!(a.prefix_len.is_none_or(|l| l <= most), "{a:?}");
    }
    // Every machine has a loopback: in full it is 127.0.0.1, minimized 127.0.0.0.
    let full = addrs(Live::new().with_full_addresses());
    assert!(
        full.iter().any(|a| a.ip == IpAddr::from([127, 0, 0, 1])),
        "{full:?}"
    );
    assert!(
        minimized
            .iter()
            .any(|a| a.ip == IpAddr::from([127, 0, 0, 0])),
        "{minimized:?}"
    );
    assert_eq!(full.len(), minimized.len());
}

/// The check and the read are one file: a link flipped between `/etc/passwd` and an ordinary
/// file while `Live` reads through it yields the ordinary file or a refusal, never the list.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn a_link_swapped_during_500_reads_never_yields_the_identifier() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = std::env::temp_dir().join(format!("devprobe-live-swap-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let plain = dir.join("plain");
    std::fs::write(&plain, "harmless\n").unwrap();
    let link = dir.join("link");
    std::os::unix::fs::symlink(&plain, &link).unwrap();
    let stop = AtomicBool::new(false);
    let passwd = std::fs::read("/etc/passwd").unwrap();
    let (mut plain_reads, mut refused) = (0, 0);
    std::thread::scope(|s| {
        s.spawn(|| {
            let next = dir.join("next");
            let mut to_passwd = true;
            while !stop.load(Ordering::Relaxed) {
                let target: &std::path::Path = if to_passwd {
                    "/etc/passwd".as_ref()
                } else {
                    &plain
                };
                let _ = std::fs::remove_file(&next);
                std::os::unix::fs::symlink(target, &next).unwrap();
                std::fs::rename(&next, &link).unwrap();
                to_passwd = !to_passwd;
            }
        });
        let live = Live::new();
        for _ in 0..500 {
            match live.query(&Query::File(link.to_str().unwrap().into())) {
                Ok(Answer::Bytes(b)) => {
                    assert_ne!(b, passwd);
                    assert_eq!(b, b"harmless\n");
                    plain_reads += 1;
                }
                Err(SourceError::Unsupported) => refused += 1,
                other => panic!("{other:?}"),
            }
        }
        stop.store(true, Ordering::Relaxed);
    });
    assert_eq!(plain_reads + refused, 500);
    let _ = std::fs::remove_dir_all(&dir);
}
