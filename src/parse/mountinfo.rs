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

/// The [`Kind`] of a filesystem type as mountinfo and `statmount` name it (`ext4`, `fuse.sshfs`).
pub fn kind_of(fstype: &[u8]) -> Kind {
    // One `match` (the compiler switches on the length first), not a search through lists.
    match fstype {
        b"proc" | b"sysfs" => Kind::KernelTree,
        b"tmpfs" | b"ramfs" | b"devtmpfs" | b"ext2" | b"ext3" | b"ext4" | b"xfs" | b"btrfs"
        | b"f2fs" | b"erofs" | b"squashfs" | b"overlay" | b"zfs" | b"bcachefs" => Kind::Local,
        b"devpts" | b"debugfs" | b"tracefs" | b"mqueue" | b"cgroup" | b"cgroup2"
        | b"securityfs" | b"pstore" | b"bpf" | b"efivarfs" | b"configfs" | b"selinuxfs"
        | b"hugetlbfs" | b"binfmt_misc" | b"nsfs" | b"fusectl" | b"rpc_pipefs" => Kind::KernelOther,
        _ => Kind::Other,
    }
}

/// The mounts of a mountinfo text, in its order: each mount point (unescaped) with the [`Kind`]
/// of its type, kept in one buffer (two allocations for the whole table, none per line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mounts {
    /// The mount points, one after another.
    points: String,
    /// Each mount's end in `points` (it starts where the one before ends) and its kind.
    ends: Vec<(usize, Kind)>,
}

/// The mounts of a mountinfo text (see [`Mounts`]). A malformed line, or one whose mount point
/// is not UTF-8, is skipped; a type that is not UTF-8 is [`Kind::Other`]; a mount point with an
/// escape other than the four above is kept escaped (it then matches no query path).
pub fn mounts(text: &[u8]) -> Mounts {
    // The points are checked to be UTF-8 all at once; only a table with a point that is not
    // is read again, checking each.
    collect(text, false)
        .or_else(|| collect(text, true))
        .unwrap_or_default()
}

/// The mounts of `text`; `checked`: lines whose mount point is not UTF-8 are skipped, else
/// `None` when one is.
fn collect(text: &[u8], checked: bool) -> Option<Mounts> {
    let mut points = Vec::with_capacity(text.len() / 4);
    let mut ends = Vec::with_capacity(text.len() / 64 + 1);
    let mut rest = text;
    while !rest.is_empty() {
        let end = find(rest, b'\n').unwrap_or(rest.len());
        let line = rest.get(..end).unwrap_or_default();
        rest = rest.get(end + 1..).unwrap_or_default();
        if let Some((point, fstype)) = fields(line)
            && (!checked || std::str::from_utf8(point).is_ok())
        {
            unescape_into(point, &mut points);
            ends.push((points.len(), kind_of(fstype)));
        }
    }
    // Unescaping puts ASCII for ASCII: UTF-8 points stay UTF-8.
    let points = String::from_utf8(points).ok()?;
    Some(Mounts { points, ends })
}

/// One line's mount point (escaped) and filesystem type.
fn fields(line: &[u8]) -> Option<(&[u8], &[u8])> {
    // Field 5 (index 4) is the mount point.
    let mut start = 0;
    for _ in 0..4 {
        start += find(line.get(start..)?, b' ')? + 1;
    }
    let end = start + find(line.get(start..)?, b' ')?;
    let point = line.get(start..end)?;
    // The optional fields end at a lone `-`; the filesystem type follows it.
    let mut at = end;
    let fstype = loop {
        at += find(line.get(at..)?, b'-')?;
        if line.get(at - 1..at + 2) == Some(b" - ") {
            break line.get(at + 2..)?;
        }
        at += 1;
    };
    let fstype = fstype.get(..find(fstype, b' ').unwrap_or(fstype.len()))?;
    Some((point, fstype))
}

/// The first `byte` in `hay`, eight bytes at a time (a mountinfo line is mostly long option
/// lists that are only skipped).
fn find(hay: &[u8], byte: u8) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let pattern = LOW * u64::from(byte);
    let mut chunks = hay.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ pattern;
        // Exact: the lowest byte flagged is the first zero byte of `x`.
        let zero = x.wrapping_sub(LOW) & !x & HIGH;
        if zero != 0 {
            return Some(at + (zero.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == byte)
        .map(|i| at + i)
}

impl Mounts {
    /// Adds a mount on top of those listed: its mount point (unescaped) and filesystem type.
    pub fn push(&mut self, point: &str, fstype: &[u8]) {
        self.points.push_str(point);
        self.ends.push((self.points.len(), kind_of(fstype)));
    }

    /// How many mounts the table lists.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the table lists no mount.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Each mount point with its kind, in the table's order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Kind)> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&(end, kind)| {
            let point = self.points.get(start..end).unwrap_or("");
            start = end;
            (point, kind)
        })
    }

    /// Whether `path` (absolute, normalized) lies on a mount of kind [`Kind::KernelTree`] or
    /// [`Kind::Local`]: the mount with the longest mount point that is `path` or one of its
    /// parent folders decides, and of mounts on the same point the last listed (the one on top).
    /// `false` when no mount covers it.
    pub fn trusted(&self, path: &str) -> bool {
        matches!(self.covering(path), Some(Kind::KernelTree | Kind::Local))
    }

    /// The kind of the mount `path` lies on (see [`trusted`](Self::trusted)).
    pub fn covering(&self, path: &str) -> Option<Kind> {
        let (points, path) = (self.points.as_bytes(), path.as_bytes());
        let mut best: Option<(usize, Kind)> = None;
        let mut start = 0;
        for &(end, kind) in &self.ends {
            let (from, len) = (start, end - start);
            start = end;
            // The byte after the point in `path` first: it rules out most mounts at once (the
            // root, of length 1, covers every absolute path; a point longer than `path` none).
            let boundary = len == 1
                || match path.get(len) {
                    Some(b) => *b == b'/',
                    None => len == path.len(),
                };
            // Then the point's last byte, before the whole point is compared.
            if boundary
                && best.is_none_or(|(l, _)| len >= l)
                && end.checked_sub(1).and_then(|i| points.get(i))
                    == len.checked_sub(1).and_then(|i| path.get(i))
                && points
                    .get(from..end)
                    .is_some_and(|point| covers_bytes(point, path))
            {
                best = Some((len, kind));
            }
        }
        best.map(|(_, kind)| kind)
    }

    /// The kind of the mount on top at exactly `point` (the last listed there), if any: what a
    /// walk one component deeper asks (`covering` of the longer path is this one, or else the
    /// `covering` of the shorter).
    pub fn exactly(&self, point: &str) -> Option<Kind> {
        let (points, point) = (self.points.as_bytes(), point.as_bytes());
        let mut found = None;
        let mut start = 0;
        for &(end, kind) in &self.ends {
            if end - start == point.len() && points.get(start..end) == Some(point) {
                found = Some(kind);
            }
            start = end;
        }
        found
    }

    /// The mounts strictly inside `/proc` or `/sys`, in order. When
    /// [`kernel_trees_clean`](Self::kernel_trees_clean) holds, a path inside either tree lies on
    /// [`Kind::KernelTree`] exactly when none of these covers it or the one that does is of that
    /// kind: the mounts on `/`, `/proc` and `/sys` then decide as they do for `/proc` and `/sys`.
    pub fn inside_kernel_trees(&self) -> Mounts {
        let mut inside = Mounts {
            points: String::with_capacity(self.points.len()),
            ends: Vec::with_capacity(self.ends.len()),
        };
        for (point, kind) in self.iter() {
            if point.starts_with("/proc/") || point.starts_with("/sys/") {
                inside.points.push_str(point);
                inside.ends.push((inside.points.len(), kind));
            }
        }
        inside
    }

    /// Whether the kernel's trees hold nothing that may wait on a server: `/proc` and `/sys`
    /// are procfs and sysfs, and no mount of kind [`Kind::Other`] (FUSE, NFS, an automount, …)
    /// lies in or under either. Then a path on procfs or sysfs, followed through the kernel's
    /// own symlinks (which stay in these trees, `/proc/device-tree` into `/sys` included),
    /// never reaches such a mount.
    pub fn kernel_trees_clean(&self) -> bool {
        self.covering("/proc") == Some(Kind::KernelTree)
            && self.covering("/sys") == Some(Kind::KernelTree)
            && !self.iter().any(|(point, kind)| {
                kind == Kind::Other && (covers("/proc", point) || covers("/sys", point))
            })
    }
}

/// Whether the mount point `point` is `path` or one of its parent folders.
fn covers(point: &str, path: &str) -> bool {
    covers_bytes(point.as_bytes(), path.as_bytes())
}

fn covers_bytes(point: &[u8], path: &[u8]) -> bool {
    if point == b"/" {
        return path.first() == Some(&b'/');
    }
    matches!(path.get(point.len()), None | Some(b'/')) && path.get(..point.len()) == Some(point)
}

/// Appends `point` to `out` with the kernel's four escapes (`\040`, `\011`, `\012`, `\134`)
/// undone, in one pass; any other backslash is kept as it is.
fn unescape_into(point: &[u8], out: &mut Vec<u8>) {
    let mut rest = point;
    while let Some(at) = find(rest, b'\\') {
        let (before, from) = rest.split_at(at);
        out.extend_from_slice(before);
        let byte = match from.get(1..4) {
            Some(b"040") => Some(b' '),
            Some(b"011") => Some(b'\t'),
            Some(b"012") => Some(b'\n'),
            Some(b"134") => Some(b'\\'),
            _ => None,
        };
        match byte {
            Some(b) => {
                out.push(b);
                rest = from.get(4..).unwrap_or_default();
            }
            None => {
                out.push(b'\\');
                rest = from.get(1..).unwrap_or_default();
            }
        }
    }
    out.extend_from_slice(rest);
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
        assert!(m.trusted("/etc/os-release"));
        assert!(m.trusted("/proc/net/route"));
        assert!(!m.trusted("/proc/uptime"));
        assert!(m.trusted("/proc/uptimes"));
        assert!(m.trusted("/sys/class/net/eth0/type"));
        assert!(!m.trusted("/sys/kernel/debug/x"));
        assert!(!m.trusted("/home/ann/.config"));
        assert!(m.trusted("/home/bob"));
        assert!(!m.trusted("/mnt/my disk/f"));
        assert!(m.trusted("/mnt/my"));
    }

    #[test]
    fn the_mount_on_top_decides_and_no_mount_is_untrusted() {
        let m = mounts(b"1 0 0:1 / /x rw - ext4 a rw\n2 1 0:2 / /x rw - fuse.s b rw\n");
        assert_eq!(m.covering("/x"), Some(Kind::Other));
        assert!(!m.trusted("/x/y"));
        let m = mounts(b"1 0 0:1 / /x rw - fuse.s a rw\n2 1 0:2 / /x rw - tmpfs b rw\n");
        assert!(m.trusted("/x/y"));
        assert!(!m.trusted("/y"));
        assert!(!Mounts::default().trusted("/etc/os-release"));
    }

    #[test]
    fn the_kernel_trees_are_clean_without_a_server_in_them() {
        let m = mounts(TABLE.as_bytes());
        // LXCFS (FUSE) on /proc/uptime: a server inside /proc.
        assert!(!m.kernel_trees_clean());
        let host = b"22 27 0:21 / /proc rw - proc proc rw
23 27 0:22 / /sys rw - sysfs sysfs rw
24 23 0:7 / /sys/kernel/debug rw - debugfs debugfs rw
25 23 0:8 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw
26 22 0:9 / /proc/sys/fs/binfmt_misc rw - binfmt_misc binfmt_misc rw
27 1 254:0 / / rw - ext4 /dev/vda rw
28 27 0:60 / /home/ann rw - nfs4 server:/home/ann rw
";
        let m = mounts(host);
        assert!(m.kernel_trees_clean());
        assert_eq!(m.covering("/sys/kernel/debug/x"), Some(Kind::KernelOther));
        assert!(!m.trusted("/sys/kernel/debug/x"));
        let mut with_automount = host.to_vec();
        with_automount
            .extend_from_slice(b"29 22 0:61 / /proc/sys/fs/binfmt_misc rw - autofs systemd-1 rw\n");
        assert!(!mounts(&with_automount).kernel_trees_clean());
        assert!(!mounts(b"27 1 254:0 / / rw - ext4 /dev/vda rw\n").kernel_trees_clean());
    }

    #[test]
    fn points_are_kept_unescaped_in_order() {
        let m = mounts(TABLE.as_bytes());
        let points: Vec<(&str, Kind)> = m.iter().collect();
        assert_eq!(points.first(), Some(&("/", Kind::Local)));
        assert_eq!(points.get(6), Some(&("/mnt/my disk", Kind::Other)));
        assert_eq!(points.get(7), Some(&("/etc/hostname", Kind::Local)));
        let m = mounts(b"1 0 0:1 / /a\\134040\\011b\\x rw - tmpfs t rw\n");
        assert_eq!(m.iter().next(), Some(("/a\\040\tb\\x", Kind::Local)));
        // A type that is not UTF-8 is of no kind devprobe trusts; the last line needs no newline.
        let m = mounts(b"1 0 0:1 / /a rw - ext\xff t rw\n2 0 0:2 / /b rw - proc p rw");
        assert_eq!(
            m.iter().collect::<Vec<_>>(),
            [("/a", Kind::Other), ("/b", Kind::KernelTree)]
        );
    }

    #[test]
    fn a_point_that_is_not_utf8_is_skipped_and_the_others_kept() {
        let m = mounts(b"1 0 0:1 / /a\xff rw - tmpfs t rw\n2 0 0:2 / /b rw - proc p rw\n");
        assert_eq!(m.iter().collect::<Vec<_>>(), [("/b", Kind::KernelTree)]);
    }

    #[test]
    fn a_walk_one_component_deeper_sees_what_covering_sees() {
        let m = mounts(TABLE.as_bytes());
        assert_eq!(
            m.exactly("/proc/uptime").map(|k| k == Kind::Other),
            Some(true)
        );
        assert_eq!(m.exactly("/proc/uptim"), None);
        assert_eq!(m.exactly("/"), Some(Kind::Local));
        // A point longer than the path never covers it.
        assert_eq!(m.covering("/mnt/my"), Some(Kind::Local));
        for path in [
            "/proc/uptime/x",
            "/sys/kernel/debug/tracing",
            "/home/ann/.config/x",
            "/mnt/my disk/f",
            "/etc/hostname",
            "/etc/hostnames/x",
        ] {
            // From the root down, as a walk goes.
            let mut kind = m.covering("/");
            let mut at = String::new();
            for part in path.split('/').filter(|p| !p.is_empty()) {
                at.push('/');
                at.push_str(part);
                if let Some(k) = m.exactly(&at) {
                    kind = Some(k);
                }
                assert_eq!(kind, m.covering(&at), "{at}");
            }
        }
    }

    #[test]
    fn a_byte_is_found_where_a_plain_scan_finds_it() {
        let hay: Vec<u8> = (0..200u32).map(|i| (i * 37 % 251) as u8).collect();
        for start in 0..20 {
            for byte in [0u8, 1, 32, 45, 128, 200, 255] {
                let part = hay.get(start..).unwrap();
                assert_eq!(
                    find(part, byte),
                    part.iter().position(|&b| b == byte),
                    "{start} {byte}"
                );
            }
        }
        assert_eq!(find(b"", b' '), None);
        assert_eq!(find(b"abcdefgh ", b' '), Some(8));
        assert_eq!(find(b"\x01\x00 ", b' '), Some(2));
    }

    #[test]
    fn inside_the_kernel_trees_the_mounts_inside_them_decide() {
        let m = mounts(
            b"22 27 0:21 / /proc rw - proc proc rw
23 27 0:22 / /sys rw - sysfs sysfs rw
24 23 0:7 / /sys/kernel/debug rw - debugfs debugfs rw
25 24 0:8 / /sys/kernel/debug/x rw - sysfs sysfs rw
27 1 254:0 / / rw - ext4 /dev/vda rw
28 27 0:9 / /system rw - fuse.s s rw
",
        );
        assert!(m.kernel_trees_clean());
        let inside = m.inside_kernel_trees();
        assert_eq!(
            inside.iter().collect::<Vec<_>>(),
            [
                ("/sys/kernel/debug", Kind::KernelOther),
                ("/sys/kernel/debug/x", Kind::KernelTree)
            ]
        );
        for path in [
            "/sys/class/net",
            "/sys/kernel/debug/y",
            "/sys/kernel/debug/x/y",
            "/proc/1",
        ] {
            let fast = inside.covering(path).is_none_or(|k| k == Kind::KernelTree);
            assert_eq!(fast, m.covering(path) == Some(Kind::KernelTree), "{path}");
        }
    }

    #[test]
    fn each_listed_type_has_its_kind() {
        for t in ["proc", "sysfs"] {
            assert_eq!(kind_of(t.as_bytes()), Kind::KernelTree, "{t}");
        }
        for t in [
            "tmpfs", "ramfs", "devtmpfs", "ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "erofs",
            "squashfs", "overlay", "zfs", "bcachefs",
        ] {
            assert_eq!(kind_of(t.as_bytes()), Kind::Local, "{t}");
        }
        for t in [
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
        ] {
            assert_eq!(kind_of(t.as_bytes()), Kind::KernelOther, "{t}");
        }
        for t in [
            "fuse.sshfs",
            "fuse",
            "nfs4",
            "cifs",
            "9p",
            "virtiofs",
            "autofs",
            "ext",
            "",
        ] {
            assert_eq!(kind_of(t.as_bytes()), Kind::Other, "{t}");
        }
    }
}
