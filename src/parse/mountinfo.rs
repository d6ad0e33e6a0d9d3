//! `/proc/self/mountinfo` (proc(5)): which filesystem answers a path. One line per mount, e.g.
//! `36 35 98:0 / /sys rw,nosuid - sysfs sysfs rw`: field 5 is the mount point (with ` `, tab,
//! newline and `\` written `\040`, `\011`, `\012`, `\134`), and the first field after ` - ` is
//! the filesystem type.

/// What a mount's filesystem type says about reading through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// procfs or sysfs: kernel objects whose own symlinks stay in the kernel's trees.
    KernelTree,
    /// Answered from memory or a local block device: tmpfs, ramfs, devtmpfs, ext2/3/4, xfs,
    /// btrfs, f2fs, erofs, squashfs, overlay, zfs, bcachefs.
    Local,
    /// Made by the kernel without a server, but with files whose reads may wait (a pty, a trace
    /// pipe, a message queue) or that are never a kernel symlink's target: devpts, debugfs,
    /// tracefs, mqueue, cgroup, cgroup2, securityfs, pstore, bpf, efivarfs, configfs, selinuxfs,
    /// hugetlbfs, binfmt_misc, nsfs, fusectl, rpc_pipefs. Not trusted to read.
    KernelOther,
    /// Anything else: FUSE, NFS, SMB, 9P, virtiofs, Ceph, an automount, a type not listed.
    Other,
}

const KERNEL_TREE: [&str; 2] = ["proc", "sysfs"];
const LOCAL: [&str; 14] = [
    "tmpfs", "ramfs", "devtmpfs", "ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "erofs",
    "squashfs", "overlay", "zfs", "bcachefs",
];
const KERNEL_OTHER: [&str; 17] = [
    "devpts",
    "debugfs",
    "tracefs",
    "mqueue",
    "cgroup",
    "cgroup2",
    "securityfs",
    "pstore",
    "bpf",
    "efivarfs",
    "configfs",
    "selinuxfs",
    "hugetlbfs",
    "binfmt_misc",
    "nsfs",
    "fusectl",
    "rpc_pipefs",
];

fn kind_of(fstype: &str) -> Kind {
    if KERNEL_TREE.contains(&fstype) {
        Kind::KernelTree
    } else if LOCAL.contains(&fstype) {
        Kind::Local
    } else if KERNEL_OTHER.contains(&fstype) {
        Kind::KernelOther
    } else {
        Kind::Other
    }
}

/// The mounts of a mountinfo text, in its order: (mount point, [`Kind`] of its type). A malformed
/// line is skipped; a mount point with an escape other than the four above is kept escaped (it
/// then matches no query path).
pub fn mounts(text: &[u8]) -> Vec<(String, Kind)> {
    text.split(|&b| b == b'\n').filter_map(mount).collect()
}

/// One line's (mount point, trusted), scanning its bytes once.
fn mount(line: &[u8]) -> Option<(String, Kind)> {
    // Field 5 (index 4) is the mount point.
    let mut start = 0;
    for _ in 0..4 {
        start += line.get(start..)?.iter().position(|&b| b == b' ')? + 1;
    }
    let end = start + line.get(start..)?.iter().position(|&b| b == b' ')?;
    let point = std::str::from_utf8(line.get(start..end)?).ok()?;
    // The optional fields end at a lone `-`; the filesystem type follows it.
    let mut at = end;
    let fstype = loop {
        at += line.get(at..)?.iter().position(|&b| b == b'-')?;
        if line.get(at - 1..at + 2) == Some(b" - ") {
            break line.get(at + 2..)?;
        }
        at += 1;
    };
    let fstype = fstype
        .split(|&b| b == b' ')
        .next()
        .and_then(|t| std::str::from_utf8(t).ok())?;
    Some((unescape(point), kind_of(fstype)))
}

/// Whether `path` (absolute, normalized) lies on a mount of kind [`Kind::KernelTree`] or
/// [`Kind::Local`]: the mount with the longest mount point that is `path` or one of its parent
/// folders decides, and of mounts on the same point the last listed (the one on top). `false`
/// when no mount covers it.
pub fn trusted(mounts: &[(String, Kind)], path: &str) -> bool {
    matches!(covering(mounts, path), Some(Kind::KernelTree | Kind::Local))
}

/// The kind of the mount `path` lies on (see [`trusted`]).
pub fn covering(mounts: &[(String, Kind)], path: &str) -> Option<Kind> {
    let mut best: Option<(usize, Kind)> = None;
    for (point, kind) in mounts {
        if covers(point, path) && best.is_none_or(|(len, _)| point.len() >= len) {
            best = Some((point.len(), *kind));
        }
    }
    best.map(|(_, kind)| kind)
}

/// Whether the kernel's trees hold nothing that may wait on a server: `/proc` and `/sys` are
/// procfs and sysfs, and no mount of kind [`Kind::Other`] (FUSE, NFS, an automount, …) lies in
/// or under either. Then a path on procfs or sysfs, followed through the kernel's own symlinks
/// (which stay in these trees, `/proc/device-tree` into `/sys` included), never reaches such a
/// mount.
pub fn kernel_trees_clean(mounts: &[(String, Kind)]) -> bool {
    covering(mounts, "/proc") == Some(Kind::KernelTree)
        && covering(mounts, "/sys") == Some(Kind::KernelTree)
        && !mounts.iter().any(|(point, kind)| {
            *kind == Kind::Other && (covers("/proc", point) || covers("/sys", point))
        })
}

/// Whether the mount point `point` is `path` or one of its parent folders.
fn covers(point: &str, path: &str) -> bool {
    if point == "/" {
        return path.starts_with('/');
    }
    path.strip_prefix(point)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_owned();
    }
    s.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A container's table (Docker with LXCFS) and a workstation's NFS home, from real dumps.
    const TABLE: &str = "\
1203 1066 0:112 / / rw,relatime master:400 - overlay overlay rw,lowerdir=/var/lib/docker/l1
1204 1203 0:115 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
1205 1204 0:52 /lxcfs/proc/uptime /proc/uptime rw,nosuid,nodev,relatime - fuse.lxcfs lxcfs rw,user_id=0
1210 1203 0:117 / /sys ro,nosuid,nodev,noexec,relatime - sysfs sysfs ro
1211 1210 0:30 / /sys/kernel/debug rw,relatime - debugfs debugfs rw
1220 1203 0:60 / /home/ann rw,relatime - nfs4 server:/home/ann rw,vers=4.2
1221 1203 0:61 / /mnt/my\\040disk rw - fuse.sshfs host: rw
1230 1203 0:62 / /etc/hostname rw - ext4 /dev/vda1 rw
broken line
";

    #[test]
    fn the_longest_covering_mount_decides() {
        let m = mounts(TABLE.as_bytes());
        assert_eq!(m.len(), 8);
        assert!(trusted(&m, "/etc/os-release"));
        assert!(trusted(&m, "/proc/net/route"));
        assert!(!trusted(&m, "/proc/uptime"));
        assert!(trusted(&m, "/proc/uptimes"));
        assert!(trusted(&m, "/sys/class/net/eth0/type"));
        assert!(!trusted(&m, "/sys/kernel/debug/x"));
        assert!(!trusted(&m, "/home/ann/.config"));
        assert!(trusted(&m, "/home/bob"));
        assert!(!trusted(&m, "/mnt/my disk/f"));
        assert!(trusted(&m, "/mnt/my"));
    }

    #[test]
    fn the_mount_on_top_decides_and_no_mount_is_untrusted() {
        let m = mounts(b"1 0 0:1 / /x rw - ext4 a rw\n2 1 0:2 / /x rw - fuse.s b rw\n");
        assert_eq!(covering(&m, "/x"), Some(Kind::Other));
        assert!(!trusted(&m, "/x/y"));
        let m = mounts(b"1 0 0:1 / /x rw - fuse.s a rw\n2 1 0:2 / /x rw - tmpfs b rw\n");
        assert!(trusted(&m, "/x/y"));
        assert!(!trusted(&m, "/y"));
        assert!(!trusted(&[], "/etc/os-release"));
    }

    #[test]
    fn the_kernel_trees_are_clean_without_a_server_in_them() {
        let m = mounts(TABLE.as_bytes());
        // LXCFS (FUSE) on /proc/uptime: a server inside /proc.
        assert!(!kernel_trees_clean(&m));
        let host = b"22 27 0:21 / /proc rw - proc proc rw
23 27 0:22 / /sys rw - sysfs sysfs rw
24 23 0:7 / /sys/kernel/debug rw - debugfs debugfs rw
25 23 0:8 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw
26 22 0:9 / /proc/sys/fs/binfmt_misc rw - binfmt_misc binfmt_misc rw
27 1 254:0 / / rw - ext4 /dev/vda rw
28 27 0:60 / /home/ann rw - nfs4 server:/home/ann rw
";
        let m = mounts(host);
        assert!(kernel_trees_clean(&m));
        assert_eq!(covering(&m, "/sys/kernel/debug/x"), Some(Kind::KernelOther));
        assert!(!trusted(&m, "/sys/kernel/debug/x"));
        let mut with_automount = host.to_vec();
        with_automount
            .extend_from_slice(b"29 22 0:61 / /proc/sys/fs/binfmt_misc rw - autofs systemd-1 rw\n");
        assert!(!kernel_trees_clean(&mounts(&with_automount)));
        assert!(!kernel_trees_clean(&mounts(
            b"27 1 254:0 / / rw - ext4 /dev/vda rw\n"
        )));
    }
}
