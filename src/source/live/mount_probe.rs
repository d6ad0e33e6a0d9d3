//! Judging a path without the mount table (Linux 6.8 and later): the mounts that decide are
//! asked of the kernel one by one, and a path outside `/proc` and `/sys` is walked by the kernel
//! itself in a mode that refuses to wait.
//!
//! - Outside the kernel's trees: `openat2(AT_FDCWD, path, O_PATH, RESOLVE_CACHED |
//!   RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS)`. In `fs/namei.c`, `RESOLVE_CACHED`
//!   (`LOOKUP_CACHED`, Linux 5.12) keeps the walk in RCU mode: every way out of it
//!   (`try_to_unlazy`, `try_to_unlazy_next`: a dentry not in the dcache, a `d_revalidate` that
//!   needs to sleep — FUSE, NFS, SMB past their timeouts —, a permission check or a link body
//!   that needs to sleep) fails through `legitimize_links`, and the retry in ref-walk mode is
//!   refused at `path_init` with `EAGAIN`. `RESOLVE_NO_XDEV` makes `__follow_mount_rcu` refuse
//!   any managed dentry (a mount point, an automount, an autofs transit) before calling
//!   `d_manage`, and `..` across a mount; an absolute symlink is followed only while the walk is
//!   on the root's mount (`nd_jump_root`). So success or `ENOENT` (a negative dentry met in RCU
//!   mode) means the whole walk ran from memory on the root's mount, and that mount's type
//!   (`statx` `STATX_MNT_ID_UNIQUE` of `/`, then `statmount` `STATMOUNT_FS_TYPE`, no call that
//!   reaches the filesystem) says whether it is local. Nothing was opened (`O_PATH` runs no
//!   `open` of a filesystem).
//! - Inside `/proc` and `/sys`: sysfs refuses RCU revalidation (`kernfs_dop_revalidate` answers
//!   `-ECHILD` under `LOOKUP_RCU`), and so do procfs's entries (on Linux 6.18 every `/proc` and
//!   `/sys` path asked by devprobe answers `EAGAIN`), so the probe above cannot judge them. Instead the mounts on and inside the trees are listed (`statx` of
//!   `/proc` and `/sys`, `statmount` of each, `listmount`, which lists every mount below one
//!   whose root is reachable from it, at any depth) and judged as the table's fast path judges
//!   them (`Mounts::kernel_trees_clean`, `in_kernel_tree`).
//!
//! Any other answer (`EAGAIN`, `EXDEV`, `ELOOP`, `ENOSYS` under valgrind 3.19 or before Linux 6.8,
//! a seccomp `EPERM`, a listing that does not fit) leaves the path to the table's walk.
#![allow(unsafe_code)]

use std::ffi::CStr;
use std::mem::MaybeUninit;
use std::os::fd::{FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::parse::mountinfo::{Kind, Mounts};

/// `statmount` or `listmount` answered `ENOSYS` (or a filter refused them): the table only.
static NO_STATMOUNT: AtomicBool = AtomicBool::new(false);
/// `openat2` (or `RESOLVE_CACHED`) is missing or refused: the table only, outside the trees.
static NO_CACHED_WALK: AtomicBool = AtomicBool::new(false);

/// `statmount` and `listmount`: numbered alike on every architecture that took the common table
/// (Linux 6.8); elsewhere (MIPS, Alpha) not asked.
const SYS_STATMOUNT_LISTMOUNT: Option<(libc::c_long, libc::c_long)> = if cfg!(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    target_arch = "arm",
    target_arch = "riscv64",
    target_arch = "loongarch64",
    target_arch = "powerpc64",
    target_arch = "s390x"
)) {
    Some((457, 458))
} else {
    None
};

const STATMOUNT_MNT_POINT: u64 = 0x10;
const STATMOUNT_FS_TYPE: u64 = 0x20;
/// `struct statmount`'s fixed part; its strings (`str[]`) follow it.
const STATMOUNT_HEADER: usize = 512;
/// Offsets in `struct statmount`: `size`, `mask`, `fs_type`, `mnt_point`.
const SM_SIZE: usize = 0;
const SM_MASK: usize = 8;
const SM_FS_TYPE: usize = 36;
const SM_MNT_POINT: usize = 108;
/// Mounts listed inside one tree at most; a tree with more is left to the table.
const LIST_LIMIT: usize = 128;

/// Whether the kernel answered `statmount` so far: when it did not (valgrind 3.19, Linux before
/// 6.8), every path is left to the table without asking.
pub(super) fn available() -> bool {
    !NO_STATMOUNT.load(Ordering::Relaxed)
}

/// What the kernel said of the mounts, for one version of the mount table (gathered lazily).
#[derive(Debug, Default)]
pub(super) struct Facts {
    /// Whether the root's mount is of [`Kind::Local`]; `None` until asked, `Some(None)` when it
    /// could not be told.
    root_local: Option<Option<bool>>,
    /// The mounts inside `/proc` and `/sys` when both trees are clean; `Some(None)` otherwise.
    trees: Option<Option<Mounts>>,
}

/// What to do with a path, decided under the table's lock.
pub(super) enum Plan {
    /// Trusted: on procfs or sysfs, by the listed mounts.
    Trusted,
    /// Walk it with [`walks_on_root_from_memory`]: the root's mount is local.
    Probe,
    /// The table decides.
    Table,
}

impl Facts {
    /// The plan for `path` (absolute, as asked); `in_tree` is the fast path's judgement of a path
    /// in `/proc` or `/sys` against the mounts inside them.
    pub(super) fn plan(&mut self, path: &str, in_tree: impl FnOnce(&Mounts, &str) -> bool) -> Plan {
        if NO_STATMOUNT.load(Ordering::Relaxed) {
            return Plan::Table;
        }
        if path.starts_with("/proc/") || path.starts_with("/sys/") {
            let trees = self.trees.get_or_insert_with(clean_trees);
            return match trees {
                Some(inside) if in_tree(inside, path) => Plan::Trusted,
                _ => Plan::Table,
            };
        }
        if NO_CACHED_WALK.load(Ordering::Relaxed) {
            return Plan::Table;
        }
        match self.root_local.get_or_insert_with(root_is_local) {
            Some(true) => Plan::Probe,
            _ => Plan::Table,
        }
    }
}

/// `Some(true)` when the kernel walked `path` (absolute) from the dcache alone, never leaving
/// the root's mount, to a file or to a name that does not exist (see the module's notes);
/// `None` for any other answer.
pub(super) fn walks_on_root_from_memory(path: &str) -> Option<bool> {
    let mut c_path = [0u8; 512];
    let bytes = path.as_bytes();
    c_path.get_mut(..bytes.len())?.copy_from_slice(bytes);
    let c_path = CStr::from_bytes_until_nul(&c_path).ok()?;
    if c_path.count_bytes() != bytes.len() {
        return None;
    }
    // SAFETY: open_how is plain old data; all-zero is a valid value.
    let mut how: libc::open_how = unsafe { std::mem::zeroed() };
    how.flags = u64::try_from(libc::O_PATH | libc::O_CLOEXEC).unwrap_or_default();
    how.resolve = libc::RESOLVE_CACHED | libc::RESOLVE_NO_XDEV | libc::RESOLVE_NO_MAGICLINKS;
    // SAFETY: `c_path` is NUL-terminated, `how` a valid open_how of the size given; both live
    // across the call.
    let raw = unsafe {
        libc::syscall(
            libc::SYS_openat2,
            libc::AT_FDCWD,
            c_path.as_ptr(),
            &raw const how,
            std::mem::size_of::<libc::open_how>(),
        )
    };
    if let Ok(fd) = libc::c_int::try_from(raw)
        && fd >= 0
    {
        // SAFETY: a fresh descriptor that nothing else owns; dropped (closed) at once.
        drop(unsafe { OwnedFd::from_raw_fd(fd) });
        return Some(true);
    }
    match std::io::Error::last_os_error().raw_os_error() {
        Some(libc::ENOENT) => Some(true),
        // No openat2, or no RESOLVE_CACHED (before 5.12: EINVAL), or a filter: never again.
        Some(libc::ENOSYS | libc::EPERM | libc::EINVAL) => {
            NO_CACHED_WALK.store(true, Ordering::Relaxed);
            None
        }
        _ => None,
    }
}

/// Whether the mount at `/` is of [`Kind::Local`]; `None` when the kernel cannot say.
fn root_is_local() -> Option<bool> {
    let id = unique_mount_id(c"/")?;
    let mut buf = [0u8; STATMOUNT_HEADER + 256];
    let (fstype, _) = stat_mount(id, STATMOUNT_FS_TYPE, &mut buf)?;
    Some(crate::parse::mountinfo::kind_of(fstype) == Kind::Local)
}

/// The mounts strictly inside `/proc` and `/sys`, when the mounts there are procfs and sysfs
/// and none inside is of [`Kind::Other`] (as [`Mounts::kernel_trees_clean`] asks of the table).
fn clean_trees() -> Option<Mounts> {
    let mut inside = Mounts::default();
    let mut buf = [0u8; STATMOUNT_HEADER + 4352];
    for (tree, want) in [(c"/proc", &b"proc"[..]), (c"/sys", &b"sysfs"[..])] {
        let id = unique_mount_id(tree)?;
        // procfs (sysfs) mounted at `/proc` (`/sys`) itself, as the table's fast path asks: not
        // reached through a link, which could lead through any filesystem.
        let (fstype, point) = stat_mount(id, STATMOUNT_FS_TYPE | STATMOUNT_MNT_POINT, &mut buf)?;
        if fstype != want || point != tree.to_bytes() {
            return None;
        }
        let mut ids = [0u64; LIST_LIMIT];
        let n = list_mounts(id, &mut ids)?;
        let prefix = tree.to_bytes();
        for &child in ids.get(..n)? {
            let (fstype, point) =
                stat_mount(child, STATMOUNT_FS_TYPE | STATMOUNT_MNT_POINT, &mut buf)?;
            // Below the tree's own mount point, or not judged here.
            let under = point
                .strip_prefix(prefix)
                .is_some_and(|r| r.len() > 1 && r.first() == Some(&b'/'));
            let point = std::str::from_utf8(point).ok().filter(|_| under)?;
            inside.push(point, fstype);
        }
    }
    let clean = !inside.iter().any(|(_, kind)| kind == Kind::Other);
    clean.then_some(inside)
}

/// The unique id (`STATX_MNT_ID_UNIQUE`, Linux 6.8) of the mount `path` lies on.
fn unique_mount_id(path: &CStr) -> Option<u64> {
    let mut st = MaybeUninit::<libc::statx>::zeroed();
    // SAFETY: `path` is NUL-terminated, `st` writable for a whole `statx`; both live across the
    // call.
    let rc = unsafe {
        libc::statx(
            libc::AT_FDCWD,
            path.as_ptr(),
            libc::AT_STATX_DONT_SYNC | libc::AT_NO_AUTOMOUNT,
            libc::STATX_MNT_ID_UNIQUE,
            st.as_mut_ptr(),
        )
    };
    if rc != 0 {
        return None;
    }
    // SAFETY: zeroed is a valid `statx` (plain integers), and statx succeeded.
    let st = unsafe { st.assume_init() };
    (st.stx_mask & libc::STATX_MNT_ID_UNIQUE != 0).then_some(st.stx_mnt_id)
}

/// `struct mnt_id_req` (`MNT_ID_REQ_SIZE_VER0`).
#[repr(C)]
struct MntIdReq {
    size: u32,
    spare: u32,
    mnt_id: u64,
    param: u64,
}

fn request(mnt_id: u64, param: u64) -> MntIdReq {
    MntIdReq {
        size: 24,
        spare: 0,
        mnt_id,
        param,
    }
}

/// Notes a refusal of `statmount`/`listmount` that will not change.
fn refused() -> Option<()> {
    if matches!(
        std::io::Error::last_os_error().raw_os_error(),
        Some(libc::ENOSYS | libc::EPERM)
    ) {
        NO_STATMOUNT.store(true, Ordering::Relaxed);
    }
    None
}

/// `statmount(id, mask)` into `buf`: the filesystem type and (when asked) the mount point.
fn stat_mount(id: u64, mask: u64, buf: &mut [u8]) -> Option<(&[u8], &[u8])> {
    let (sys_statmount, _) = SYS_STATMOUNT_LISTMOUNT?;
    let req = request(id, mask);
    // SAFETY: `req` is a valid mnt_id_req of the size it gives, `buf` writable for its length;
    // both live across the call.
    let rc = unsafe {
        libc::syscall(
            sys_statmount,
            &raw const req,
            buf.as_mut_ptr(),
            buf.len(),
            0u32,
        )
    };
    if rc != 0 {
        refused()?;
    }
    let buf: &[u8] = buf;
    let word = |at: usize| -> Option<u32> {
        Some(u32::from_ne_bytes(buf.get(at..at + 4)?.try_into().ok()?))
    };
    let size = usize::try_from(word(SM_SIZE)?).ok()?.min(buf.len());
    let got = u64::from_ne_bytes(buf.get(SM_MASK..SM_MASK + 8)?.try_into().ok()?);
    if got & mask != mask {
        return None;
    }
    let strings = buf.get(STATMOUNT_HEADER..size)?;
    let string = |at: usize| -> Option<&[u8]> {
        let from = strings.get(usize::try_from(word(at)?).ok()?..)?;
        from.get(..from.iter().position(|&b| b == 0)?)
    };
    let point = if mask & STATMOUNT_MNT_POINT != 0 {
        string(SM_MNT_POINT)?
    } else {
        &[]
    };
    Some((string(SM_FS_TYPE)?, point))
}

/// `listmount(id)` into `ids`: how many it wrote; `None` when they may not all fit.
fn list_mounts(id: u64, ids: &mut [u64]) -> Option<usize> {
    let (_, sys_listmount) = SYS_STATMOUNT_LISTMOUNT?;
    let req = request(id, 0);
    // SAFETY: `req` is a valid mnt_id_req of the size it gives, `ids` writable for its length;
    // both live across the call.
    let n = unsafe {
        libc::syscall(
            sys_listmount,
            &raw const req,
            ids.as_mut_ptr(),
            ids.len(),
            0u32,
        )
    };
    let Ok(n) = usize::try_from(n) else {
        refused()?;
        return None;
    };
    (n < ids.len()).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// Whether this kernel answers `statmount` and `RESOLVE_CACHED` (Linux 6.8; not under
    /// valgrind 3.19): the probe's answers are asserted only then.
    fn probe_works() -> bool {
        let works = root_is_local().is_some()
            && walks_on_root_from_memory("/").is_some()
            && !NO_STATMOUNT.load(Ordering::Relaxed);
        if !works {
            eprintln!("skipped: no statmount or RESOLVE_CACHED here (Linux < 6.8, or valgrind)");
        }
        works
    }

    #[test]
    fn a_path_on_the_root_disk_is_walked_from_memory_and_a_mount_crossing_is_not() {
        if !probe_works() {
            return;
        }
        // In the dcache once read; a name that does not exist once looked up (a negative
        // dentry): both answer without a mount crossed.
        let missing = format!("/devprobe-none-{}", std::process::id());
        let _ = std::fs::read("/etc/os-release");
        let _ = std::fs::metadata(&missing);
        assert_eq!(walks_on_root_from_memory("/etc/os-release"), Some(true));
        assert_eq!(walks_on_root_from_memory(&missing), Some(true));
        // /proc and /sys are other mounts: crossing them is refused (EAGAIN in RCU mode).
        let _ = std::fs::read("/proc/self/status");
        assert_eq!(walks_on_root_from_memory("/proc/self/status"), None);
        assert_eq!(walks_on_root_from_memory("/sys/class/net/lo/type"), None);
        // A magic link is refused; so is a path that is not one (a NUL inside).
        assert_eq!(walks_on_root_from_memory("/proc/self/cwd/x"), None);
        assert_eq!(walks_on_root_from_memory("/a\0b"), None);
    }

    #[test]
    fn the_plan_trusts_the_kernel_trees_by_their_listed_mounts_and_probes_the_rest() {
        if !probe_works() {
            return;
        }
        let inside = clean_trees().expect("procfs and sysfs, no FUSE inside, here");
        let text = std::fs::read("/proc/self/mountinfo").unwrap();
        let table = crate::parse::mountinfo::mounts(&text);
        // The listed mounts are the table's mounts inside the trees, with their kinds.
        assert!(table.kernel_trees_clean());
        assert_eq!(
            inside.iter().collect::<Vec<_>>(),
            table.inside_kernel_trees().iter().collect::<Vec<_>>()
        );
        let mut facts = Facts::default();
        let tree = |inside: &Mounts, path: &str| inside.covering(path).is_none() && path.len() > 5;
        assert!(matches!(
            facts.plan("/sys/class/net/lo/type", tree),
            Plan::Trusted
        ));
        assert!(matches!(facts.plan("/etc/os-release", tree), Plan::Probe));
        let refuse = |_: &Mounts, _: &str| false;
        assert!(matches!(facts.plan("/proc/self/fd/0", refuse), Plan::Table));
    }

    const CHILD: &str = "DEVPROBE_MOUNT_PROBE_CHILD";

    /// In a private mount namespace (re-run as root under `unshare -m`): a tmpfs over a folder
    /// on the root disk is a mount crossing the probe refuses, and FUSE inside `/sys` makes the
    /// kernel trees unclean, so both are left to the table.
    #[test]
    fn mounts_made_in_a_namespace_leave_the_path_to_the_table() {
        let name = "source::live::mount_probe::tests::mounts_made_in_a_namespace_leave_the_path_to_the_table";
        if std::env::var_os(CHILD).is_some() {
            return namespace_child();
        }
        let root = std::fs::read_to_string("/proc/self/status")
            .unwrap()
            .lines()
            .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"));
        let unshare = Command::new("unshare").arg("--version").output().is_ok();
        if !probe_works() {
            return;
        }
        if !root || !unshare || !std::path::Path::new("/dev/fuse").exists() {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(!ci, "CI=true: this test needs root, unshare and /dev/fuse");
            eprintln!("skipped: needs root, unshare (util-linux) and /dev/fuse");
            return;
        }
        let out = Command::new("unshare")
            .args(["-m", "--propagation", "private"])
            .arg(std::env::current_exe().unwrap())
            .args(["--exact", name, "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && text.contains("PROBE-CHILD-OK"),
            "{text}"
        );
    }

    fn namespace_child() {
        use std::os::fd::AsRawFd;
        let dir = std::env::temp_dir().join(format!("devprobe-probe-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("f"), "x").unwrap();
        let file = format!("{}/f", dir.display());
        let _ = std::fs::read(&file);
        assert_eq!(walks_on_root_from_memory(&file), Some(true));
        let mount = |what: &str, at: &str, options: &str| {
            let ok = Command::new("mount")
                .args(["-t", what, "-o", options, what, at])
                .status()
                .unwrap()
                .success();
            assert!(ok, "mount -t {what} {at}");
        };
        mount("tmpfs", dir.to_str().unwrap(), "size=64k");
        // Looked up once, so only the crossing stands in the way.
        let _ = std::fs::metadata(&file);
        assert_eq!(walks_on_root_from_memory(&file), None);
        assert!(clean_trees().is_some());
        // FUSE (its server never answers) on a folder inside /sys.
        let fuse = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/fuse")
            .unwrap();
        let options = format!(
            "fd={},rootmode=40000,user_id=0,group_id=0",
            fuse.as_raw_fd()
        );
        let target = std::ffi::CString::new("/sys/kernel").unwrap();
        let options = std::ffi::CString::new(options).unwrap();
        // SAFETY: NUL-terminated strings that outlive the call.
        let rc = unsafe {
            libc::mount(
                c"hang".as_ptr(),
                target.as_ptr(),
                c"fuse.hang".as_ptr(),
                0,
                options.as_ptr().cast(),
            )
        };
        assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
        assert!(clean_trees().is_none());
        let mut facts = Facts::default();
        assert!(matches!(
            facts.plan("/sys/class/net/lo/type", |_, _| true),
            Plan::Table
        ));
        println!("PROBE-CHILD-OK");
        // The FUSE mount has no server: leave without unmounting (the namespace goes with us).
        std::process::exit(0);
    }
}
