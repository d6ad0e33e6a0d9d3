use super::*;
use std::fs;
use std::os::unix::ffi::OsStrExt;

fn dir_query(path: &str) -> Result<Answer, SourceError> {
    query(&Query::Dir(path.into()))
}

#[test]
fn dir_names_sorted_without_dots_and_invalid_utf8_replaced() {
    let dir = std::env::temp_dir().join(format!("devprobe-readdir-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("lower_eth0")).unwrap();
    for name in ["uevent", "type", "Zed", "operstate"] {
        fs::write(dir.join(name), "x").unwrap();
    }
    fs::write(dir.join(std::ffi::OsStr::from_bytes(b"bad\xffname")), "x").unwrap();
    // Enough long names to need several getdents64 calls.
    for i in 0..200 {
        fs::write(dir.join(format!("many-{i:03}-{}", "x".repeat(40))), "").unwrap();
    }
    let listed = dir_query(dir.to_str().unwrap());
    fs::remove_dir_all(&dir).unwrap();
    let Ok(Answer::Names(names)) = listed else {
        panic!("{listed:?}");
    };
    assert_eq!(names.len(), 206);
    let expected = [
        "Zed",
        "bad\u{fffd}name",
        "lower_eth0",
        "many-000-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    ];
    assert_eq!(&names[..4], expected);
    assert_eq!(&names[203..], ["operstate", "type", "uevent"]);
    // A listing that fits the stack buffer, sorted there: as std lists it, sorted.
    for folder in ["/sys/class/net/lo", "/proc/self", "/etc"] {
        let mut want: Vec<String> = fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        want.sort_unstable();
        assert_eq!(dir_query(folder), Ok(Answer::Names(want)), "{folder}");
    }
    assert!(prefix_key(b"ab") < prefix_key(b"abc"));
    assert_eq!(
        dir_query("/nonexistent/devprobe"),
        Err(SourceError::NotFound)
    );
    assert_eq!(dir_query("/proc/self/status"), Err(SourceError::WrongKind));
    assert!(matches!(dir_query("/a\0b"), Err(SourceError::Io(_))));
}

#[test]
fn files_are_read_whole_on_the_stack_and_beyond_it() {
    let dir = std::env::temp_dir().join(format!("devprobe-readfile-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for len in [0usize, 1, 4095, 4096, 4097, 10_000, 64 * 1024] {
        let body: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        let p = dir.join(format!("f{len}"));
        fs::write(&p, &body).unwrap();
        let got = query(&Query::File(p.to_str().unwrap().into()));
        assert_eq!(got, Ok(Answer::Bytes(body)), "{len}");
    }
    let p = dir.join("big");
    fs::write(&p, vec![b'x'; 64 * 1024 + 1]).unwrap();
    assert_eq!(
        query(&Query::File(p.to_str().unwrap().into())),
        Err(SourceError::TooLarge)
    );
    // A link is answered with its target; a file asked as a link is not one.
    std::os::unix::fs::symlink("f1", dir.join("l")).unwrap();
    assert_eq!(
        query(&Query::Link(dir.join("l").to_str().unwrap().into())),
        Ok(Answer::Text("f1".into()))
    );
    assert!(matches!(
        query(&Query::Link(dir.join("f1").to_str().unwrap().into())),
        Err(SourceError::Io(_))
    ));
    assert_eq!(
        query(&Query::File(dir.to_str().unwrap().into())),
        Err(SourceError::WrongKind)
    );
    fs::remove_dir_all(&dir).unwrap();
    // /proc files report size 0: read until the end.
    let Ok(Answer::Bytes(status)) = query(&Query::File("/proc/self/status".into())) else {
        panic!("status");
    };
    assert!(status.starts_with(b"Name:") && status.ends_with(b"\n"));
}

#[cfg(target_os = "linux")]
#[test]
fn a_threads_copy_of_a_kernel_trees_descriptor_is_the_one_kept() {
    use std::os::fd::AsRawFd;
    let raw = |sys| kernel_tree::with_root(sys, |fd| fd.as_raw_fd());
    for sys in [true, false] {
        let first = raw(sys);
        // Asked again on this thread (its copy) and on another (a copy of its own).
        assert_eq!(raw(sys), first);
        assert_eq!(std::thread::spawn(move || raw(sys)).join().unwrap(), first);
    }
    assert!(raw(false).is_some(), "/proc is procfs here");
}

#[cfg(target_os = "linux")]
#[test]
fn kernel_tree_shortcut_reads_kernel_files_and_leaves_the_rest_to_the_checked_path() {
    use kernel_tree::query as fast;
    let std_names = |folder: &str| {
        let mut names: Vec<String> = fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort_unstable();
        Answer::Names(names)
    };
    // Read at once: sysfs values (through the kernel's link `/sys/class/net/lo`), a
    // procfs file of size 0, a sysfs folder reached through its last link.
    assert_eq!(
        fast("/sys/class/net/lo/type", Kind::File),
        Some(Ok(Answer::Bytes(b"772\n".to_vec())))
    );
    assert_eq!(
        fast("/proc/sys/kernel/osrelease", Kind::File),
        Some(Ok(Answer::Bytes(
            fs::read("/proc/sys/kernel/osrelease").unwrap()
        )))
    );
    assert_eq!(
        fast("/sys/class/net/lo", Kind::Dir),
        Some(Ok(std_names("/sys/class/net/lo")))
    );
    // Listings of any length, one `getdents64` call or several (a full buffer goes on).
    for folder in [
        "/sys/module",
        "/sys/kernel/slab",
        "/sys/devices/system/cpu",
        "/sys/bus",
    ] {
        if std::path::Path::new(folder).is_dir() {
            assert_eq!(
                fast(folder, Kind::Dir),
                Some(Ok(std_names(folder))),
                "{folder}"
            );
        }
    }
    assert_eq!(
        fast("/sys/class/net", Kind::File),
        Some(Err(SourceError::WrongKind))
    );
    assert_eq!(
        fast("/sys/class/net/lo/devprobe-none", Kind::File),
        Some(Err(SourceError::NotFound))
    );
    // To the checked path: a name a deny rule looks at, links (a procfs last link, a
    // magic link), a file asked as a folder, links, and whatever is not a kernel tree.
    for (path, kind) in [
        ("/sys/class/net/lo/address", Kind::File),
        ("/proc/self/fd", Kind::Dir),
        ("/proc/self/environ", Kind::File),
        ("/proc/mounts", Kind::File),
        ("/proc/self", Kind::Dir),
        ("/proc/self/ns/net", Kind::File),
        ("/proc/self/status", Kind::Dir),
        ("/sys/class/net/lo", Kind::Link),
        ("/sys/class/net/lo", Kind::File),
        ("/etc/os-release", Kind::File),
        ("/system/sys/x", Kind::File),
    ] {
        assert_eq!(fast(path, kind), None, "{path}");
    }
    // ... and answered there as before.
    assert!(query(&Query::File("/proc/self/ns/net".into())).is_err());
    assert!(
        matches!(query(&Query::File("/proc/mounts".into())), Ok(Answer::Bytes(b)) if !b.is_empty())
    );
    assert_eq!(dir_query("/proc/self"), Ok(std_names("/proc/self")));
    // A mount inside a tree is never crossed (cgroup2 on /sys/fs/cgroup, where mounted).
    let mountinfo = fs::read_to_string("/proc/self/mountinfo").unwrap();
    if mountinfo
        .lines()
        .any(|l| l.split(' ').nth(4) == Some("/sys/fs/cgroup"))
    {
        assert_eq!(fast("/sys/fs/cgroup", Kind::Dir), None);
        assert_eq!(fast("/sys/fs/cgroup/cgroup.controllers", Kind::File), None);
        assert!(dir_query("/sys/fs/cgroup").is_ok());
    }
}

#[test]
fn proc_fd_paths() {
    assert_eq!(ProcFd::new(0).as_c_str(), c"/proc/self/fd/0");
    assert_eq!(ProcFd::new(1234567).as_c_str(), c"/proc/self/fd/1234567");
    assert_eq!(ProcFd::new(10).as_c_str(), c"/proc/self/fd/10");
    assert_eq!(ProcFd::new(9).as_c_str(), c"/proc/self/fd/9");
    assert_eq!(
        ProcFd::new(i32::MAX).as_c_str(),
        c"/proc/self/fd/2147483647"
    );
}

#[test]
fn c_paths_refuse_a_nul_anywhere() {
    for len in 1..40 {
        let clean = "a".repeat(len);
        assert_eq!(
            with_c_path(&clean, |c| Ok(c.to_bytes().len())).unwrap(),
            len
        );
        for at in 0..len {
            let mut bytes = clean.clone().into_bytes();
            bytes[at] = 0;
            let path = String::from_utf8(bytes).unwrap();
            assert!(has_nul(path.as_bytes()), "{len} {at}");
            let e = with_c_path(&path, |_| Ok(())).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        }
    }
    let long = "/x".repeat(300);
    assert_eq!(with_c_path(&long, |c| Ok(c.to_bytes().len())).unwrap(), 600);
    assert!(with_c_path(&format!("{long}\0"), |_| Ok(())).is_err());
}
