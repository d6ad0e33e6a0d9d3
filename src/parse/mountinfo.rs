//! `/proc/self/mountinfo` (proc(5)): which filesystem answers a path. One line per mount, e.g.
//! `36 35 98:0 / /sys rw,nosuid - sysfs sysfs rw`: field 5 is the mount point (with ` `, tab,
//! newline and `\` written `\040`, `\011`, `\012`, `\134`), and the first field after ` - ` is
//! the filesystem type.

/// The filesystem types whose files the kernel answers from memory or from a local block device:
/// reading them never waits on a user-space server (FUSE), a network (NFS, SMB, 9P, virtiofs), an
/// automounter, or a debugging interface that calls into drivers (debugfs, tracefs).
const FROM_MEMORY_OR_LOCAL_DISK: [&str; 16] = [
    "proc", "sysfs", "tmpfs", "ramfs", "devtmpfs", "ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs",
    "erofs", "squashfs", "overlay", "zfs", "bcachefs",
];

/// The mounts of a mountinfo text, in its order: (mount point, whether its type is one of
/// [`FROM_MEMORY_OR_LOCAL_DISK`]). A malformed line is skipped; a mount point with an escape
/// other than the four above is kept escaped (it then matches no query path).
pub fn mounts(text: &[u8]) -> Vec<(String, bool)> {
    text.split(|&b| b == b'\n').filter_map(mount).collect()
}

/// One line's (mount point, trusted), scanning its bytes once.
fn mount(line: &[u8]) -> Option<(String, bool)> {
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
    Some((unescape(point), FROM_MEMORY_OR_LOCAL_DISK.contains(&fstype)))
}

/// Whether `path` (absolute, normalized) lies on a mount whose type is trusted: the mount with
/// the longest mount point that is `path` or one of its parent folders decides, and of mounts
/// on the same point the last listed (the one on top). `false` when no mount covers it.
pub fn trusted(mounts: &[(String, bool)], path: &str) -> bool {
    let mut best: Option<(usize, bool)> = None;
    for (point, ok) in mounts {
        if covers(point, path) && best.is_none_or(|(len, _)| point.len() >= len) {
            best = Some((point.len(), *ok));
        }
    }
    best.is_some_and(|(_, ok)| ok)
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
        assert!(!trusted(&m, "/x/y"));
        let m = mounts(b"1 0 0:1 / /x rw - fuse.s a rw\n2 1 0:2 / /x rw - tmpfs b rw\n");
        assert!(trusted(&m, "/x/y"));
        assert!(!trusted(&m, "/y"));
        assert!(!trusted(&[], "/etc/os-release"));
    }
}
