//! File-system queries on Linux and Android, checked and read as one file:
//!
//! 1. the path is normalized and judged by the deny rules, as written;
//! 2. it is opened once with `O_PATH` (`O_NOFOLLOW` for a link), which runs no driver code and
//!    reads nothing;
//! 3. the path the kernel resolved for that descriptor (`/proc/self/fd/N`, one `readlink`) is
//!    judged by the same rules, and the type is checked on the descriptor (`fstat`);
//! 4. only then is that same file read: reopened through `/proc/self/fd/N` (a file), opened as
//!    `.` relative to the descriptor (a directory), or `readlinkat(fd, "")` (a link).
//!
//! A symlink swapped between the check and the read cannot redirect it. Reads are capped and
//! non-blocking, so a FIFO (refused by type anyway) or an endless file cannot hang or exhaust a
//! collect; small files are read into a stack buffer and copied once into the answer.
#![allow(unsafe_code)]

use std::ffi::CStr;
use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

use crate::source::{Answer, Query, SourceError, deny, read_limit};

/// Bytes read on the stack before a file's bytes move to the heap: every sysfs value, an
/// os-release, a short route table.
const STACK_READ: usize = 4096;

/// What a query asks of the path.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Dir,
    Link,
}

/// Answers a [`Query::File`], [`Query::Dir`] or [`Query::Link`]; the deny rules judge the
/// normalized path and the resolved one ([`SourceError::Unsupported`] when either is refused,
/// and for a relative path). Any other query is unsupported here.
pub(crate) fn query(query: &Query) -> Result<Answer, SourceError> {
    let (path, kind) = match query {
        Query::File(p) => (p, Kind::File),
        Query::Dir(p) => (p, Kind::Dir),
        Query::Link(p) => (p, Kind::Link),
        _ => return Err(SourceError::Unsupported),
    };
    if !path.starts_with('/') {
        return Err(SourceError::Unsupported);
    }
    let normal = deny::normalized(path);
    if deny::judge(&normal) {
        return Err(SourceError::Unsupported);
    }
    #[cfg(target_os = "linux")]
    if kernel_tree::available()
        && let Some(answer) = kernel_tree::query(&normal, kind)
    {
        return answer;
    }
    let nofollow = if kind == Kind::Link {
        libc::O_NOFOLLOW
    } else {
        0
    };
    let fd = with_c_path(&normal, |c| {
        open_at(libc::AT_FDCWD, c, libc::O_PATH | libc::O_CLOEXEC | nofollow)
    })
    .map_err(|e| SourceError::from_io(&e))?;
    let proc_fd = ProcFd::new(fd.as_raw_fd());
    let resolved = match resolved(&proc_fd, &normal, kind) {
        Ok(r) => r,
        Err(e) => return Err(SourceError::from_io(&e)),
    };
    if resolved.refused {
        return Err(SourceError::Unsupported);
    }
    let stat = fstat(&fd).map_err(|e| SourceError::from_io(&e))?;
    let mode = stat.mode & libc::S_IFMT;
    match kind {
        Kind::File => {
            if mode != libc::S_IFREG {
                // Directories, FIFOs, sockets and devices: reading them could block or never
                // end, and opening a device runs its driver.
                return Err(SourceError::WrongKind);
            }
            let file = reopen(&proc_fd, &normal, &stat).map_err(|e| SourceError::from_io(&e))?;
            let size = stat.size;
            read_capped(&file, read_limit(&normal), size, resolved.sysfs)
        }
        Kind::Dir => {
            if mode != libc::S_IFDIR {
                return Err(SourceError::WrongKind);
            }
            let dir = open_at(
                fd.as_raw_fd(),
                c".",
                libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NONBLOCK | libc::O_CLOEXEC,
            )
            .map_err(|e| SourceError::from_io(&e))?;
            list(&dir, false).map(Answer::Names)
        }
        Kind::Link => {
            if mode != libc::S_IFLNK {
                return Err(SourceError::from_io(&io::Error::from_raw_os_error(
                    libc::EINVAL,
                )));
            }
            readlink_at(fd.as_raw_fd(), c"", |target| {
                Answer::Text(String::from_utf8_lossy(target).into_owned())
            })
            .map_err(|e| SourceError::from_io(&e))
        }
    }
}

/// The shortcut on the kernel's own trees, sysfs and procfs (Linux; see `docs/hardening.md`).
///
/// A path under `/sys/` or `/proc/` is opened for reading at once, with `openat2` relative to a
/// descriptor of that tree's mount (checked with `fstatfs` to be sysfs or procfs when opened,
/// kept while `/sys` or `/proc` names the same folder), with `RESOLVE_NO_XDEV |
/// RESOLVE_NO_MAGICLINKS | RESOLVE_BENEATH` and `O_NOFOLLOW` (but for a sysfs folder):
///
/// - the kernel refuses to cross any mount on the way (`EXDEV`), so the file opened is a sysfs
///   or procfs node: a regular file, a folder or a link, never a FIFO, socket or device (a bind
///   mount of one over a kernel file is such a crossing); opening it runs no driver beyond the
///   tree's own `open`, which the checked path runs too;
/// - it refuses the per-process magic links (`/proc/<pid>/{root,cwd,exe,fd/*,map_files/*}`,
///   `ELOOP`), and `O_NOFOLLOW` a link as the last component, so the resolved path ends in the
///   component asked; every deny rule needs a [`deny::refusable_name`] there (or one of those
///   links before it), so for any other name the judgement of the path as asked is the whole
///   judgement, and the `readlink` of `/proc/self/fd/N` is skipped;
/// - a file asked that is a folder answers `EISDIR` at its first read,
///   [`SourceError::WrongKind`] as the `fstat` of the checked path answers; a folder asked is
///   opened with `O_DIRECTORY` (`ENOTDIR` for a file, and for a link with `O_NOFOLLOW`: the
///   checked path tells them apart); no `fstat` is needed.
///
/// A sysfs folder's listing ends with the first `getdents64` call that leaves room for another
/// record (kernfs stops only at the end or when a record does not fit): one call, not two.
///
/// Any refusal but `ENOENT` (a mount crossed, a link to follow, `openat2` missing or filtered)
/// falls back to the checked path, which judges and reads it as any other file. A sysfs folder
/// may be reached through a last link (`/sys/class/net/eth0`): outside `/proc` the rules refuse
/// only by the names of files (DMI serials, a MAC `address`), and a folder's answer is its
/// entries' names, never a file's content.
#[cfg(target_os = "linux")]
mod kernel_tree {
    use std::cell::RefCell;
    use std::ffi::CStr;
    use std::io;
    use std::mem::MaybeUninit;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::{Arc, Mutex, PoisonError};
    use std::time::{Duration, Instant};

    use super::{Kind, list, read_capped, with_c_path};
    use crate::source::{Answer, SourceError, deny, read_limit};

    /// `openat2` answered `ENOSYS` (or a filter refused it): the checked path only.
    static UNAVAILABLE: AtomicBool = AtomicBool::new(false);

    /// How long a tree's descriptor is used before `/sys` (or `/proc`) is looked at again.
    const RECHECK: Duration = Duration::from_millis(10);

    /// A tree's descriptor, and the folder's [`Id`] when it was opened.
    struct Tree {
        fd: Option<Arc<OwnedFd>>,
        id: Id,
        checked: Instant,
    }

    /// What a folder is: its mount's id, its device and its inode. The mount id tells a copy
    /// of the same mount apart, as another mount namespace holds one (`unshare(CLONE_NEWNS)`
    /// or `setns` in this process): the same sysfs folder, but mounts made inside it there
    /// are not on the kept descriptor's mount, so `RESOLVE_NO_XDEV` would not see them. 0 as
    /// the mount id on a kernel without `STATX_MNT_ID` (before 5.8).
    type Id = (u64, u64, u64);

    /// `statx`'s mask bit for the inode (the device comes with every answer).
    const STATX_INO: libc::c_uint = 0x100;
    /// `statx`'s mask bit for the mount id (Linux 5.8).
    const STATX_MNT_ID: libc::c_uint = 0x1000;

    static SYS: Mutex<Option<Tree>> = Mutex::new(None);
    static PROC: Mutex<Option<Tree>> = Mutex::new(None);

    /// When [`root`] last looked at `/sys` (`/proc`), on [`monotonic_ns`]' clock (0: never).
    static SYS_CHECKED: AtomicU64 = AtomicU64::new(0);
    static PROC_CHECKED: AtomicU64 = AtomicU64::new(0);
    /// Counts the descriptors [`root`] opened (of either tree): a thread's copy of one taken
    /// under another count may be stale.
    static OPENED: AtomicU64 = AtomicU64::new(0);

    /// A thread's copies of [`root`]'s answers, each with the [`OPENED`] count before it asked:
    /// used without a lock while that count stands and the tree was looked at within
    /// [`RECHECK`]. A copy keeps a replaced descriptor open until its thread asks again (or
    /// ends).
    #[derive(Default)]
    struct Held {
        sys: Option<(u64, Option<Arc<OwnedFd>>)>,
        proc: Option<(u64, Option<Arc<OwnedFd>>)>,
    }

    thread_local! {
        static HELD: RefCell<Held> = const { RefCell::new(Held { sys: None, proc: None }) };
    }

    /// `CLOCK_MONOTONIC` in nanoseconds (the clock of `Instant`), 0 when it cannot be read.
    fn monotonic_ns() -> u64 {
        let mut ts = MaybeUninit::<libc::timespec>::uninit();
        // SAFETY: `ts` is writable for a whole `timespec`.
        if unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, ts.as_mut_ptr()) } != 0 {
            return 0;
        }
        // SAFETY: clock_gettime succeeded, so it filled `ts`.
        let ts = unsafe { ts.assume_init() };
        let (secs, nanos) = (
            u64::try_from(ts.tv_sec).unwrap_or(0),
            u64::try_from(ts.tv_nsec).unwrap_or(0),
        );
        secs.saturating_mul(1_000_000_000).saturating_add(nanos)
    }

    /// `f` over [`root`]'s descriptor of `/sys` (or `/proc`): the calling thread's copy while
    /// it is current (two atomic loads and a clock read, no lock), else asked of [`root`].
    /// `None` when the tree has no usable descriptor.
    pub(super) fn with_root<R>(sys: bool, f: impl FnOnce(&OwnedFd) -> R) -> Option<R> {
        let checked = if sys { &SYS_CHECKED } else { &PROC_CHECKED };
        let checked = checked.load(Ordering::Acquire);
        let opened = OPENED.load(Ordering::Acquire);
        let fresh =
            checked != 0 && u128::from(monotonic_ns().saturating_sub(checked)) < RECHECK.as_nanos();
        let mut f = Some(f);
        let done = HELD.try_with(|held| {
            let mut held = held.try_borrow_mut().ok()?;
            let copy = if sys { &mut held.sys } else { &mut held.proc };
            if !matches!(copy, Some((at, _)) if fresh && *at == opened) {
                *copy = Some((opened, root(sys)));
            }
            let fd = copy.as_ref().and_then(|(_, fd)| fd.as_deref());
            let f = f.take()?;
            Some(fd.map(f))
        });
        match done {
            Ok(Some(answer)) => answer,
            // This thread's copies are gone (it is ending) or in use: asked of `root`.
            _ => {
                let f = f.take()?;
                root(sys).map(|fd| f(&fd))
            }
        }
    }

    /// Whether `openat2` may be asked (it has not answered `ENOSYS` or been refused): asked
    /// before [`query`], without a call.
    #[inline]
    pub(super) fn available() -> bool {
        !UNAVAILABLE.load(Ordering::Relaxed)
    }

    /// The answer for `normal` (normal, judged as asked), or `None` to take the checked path.
    pub(super) fn query(normal: &str, kind: Kind) -> Option<Result<Answer, SourceError>> {
        if kind == Kind::Link || UNAVAILABLE.load(Ordering::Relaxed) {
            return None;
        }
        let (sys, rest) = match normal.strip_prefix("/sys/") {
            Some(rest) => (true, rest),
            None => (false, normal.strip_prefix("/proc/")?),
        };
        let name = match deny::last_slash(rest.as_bytes()) {
            Some(at) => rest.get(at + 1..).unwrap_or(rest),
            None => rest,
        };
        if deny::refusable_name(name) {
            return None;
        }
        let flags = match kind {
            Kind::File => {
                libc::O_RDONLY
                    | libc::O_NONBLOCK
                    | libc::O_NOCTTY
                    | libc::O_CLOEXEC
                    | libc::O_NOFOLLOW
            }
            _ => {
                let last = if sys { 0 } else { libc::O_NOFOLLOW };
                libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NONBLOCK | libc::O_CLOEXEC | last
            }
        };
        let opened = with_root(sys, |root| {
            with_c_path(rest, |c| open_beneath(root, c, flags))
        })?;
        let fd = match opened {
            Ok(fd) => fd,
            Err(e) => {
                return match e.raw_os_error() {
                    Some(libc::ENOENT) => Some(Err(SourceError::NotFound)),
                    // A mount lies on the path now. On a collect's caller thread the path was
                    // judged without it (a mount made since that judgement): judged again at
                    // once, and if the mount is not trusted the read goes to a worker rather
                    // than into the mount here (a FUSE server that never answers would hold the
                    // caller). Elsewhere, and when trusted, the checked path reads it.
                    Some(libc::EXDEV) if crate::source::inline::on_caller() => {
                        super::super::mounts::recheck_now();
                        if super::super::mounts::resolves_onto_trusted(normal) {
                            None
                        } else {
                            crate::source::inline::ask_for_worker();
                            Some(Err(SourceError::TimedOut))
                        }
                    }
                    Some(libc::ENOSYS | libc::EPERM) => {
                        UNAVAILABLE.store(true, Ordering::Relaxed);
                        None
                    }
                    _ => None,
                };
            }
        };
        Some(match kind {
            Kind::File => read_capped(&fd, read_limit(normal), 0, sys),
            _ => list(&fd, sys).map(Answer::Names),
        })
    }

    /// The descriptor of `/sys` (or `/proc`), when that is sysfs (procfs). Kept while the path
    /// names the same folder on the same mount (mount id, device and inode, looked at every
    /// [`RECHECK`] with one `statx`), so a mount over the tree, a `chroot` or a `setns` (also
    /// into another mount namespace whose `/sys` is a copy of the same mount) is seen within
    /// that time; mounts inside the tree need no check (`RESOLVE_NO_XDEV` refuses them on every
    /// open).
    fn root(sys: bool) -> Option<Arc<OwnedFd>> {
        let (path, magic, slot, checked) = if sys {
            (c"/sys", libc::SYSFS_MAGIC, &SYS, &SYS_CHECKED)
        } else {
            (c"/proc", libc::PROC_SUPER_MAGIC, &PROC, &PROC_CHECKED)
        };
        let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
        let looked = monotonic_ns();
        let now = Instant::now();
        if let Some(tree) = slot.as_mut() {
            if now.saturating_duration_since(tree.checked) < RECHECK {
                return tree.fd.clone();
            }
            if id_of(libc::AT_FDCWD, path, 0) == Some(tree.id) {
                tree.checked = now;
                checked.store(looked, Ordering::Release);
                return tree.fd.clone();
            }
        }
        let tree = slot.insert(open_root(path, magic, now));
        // Counted before the time is published: a copy taken under the old count is stale.
        OPENED.fetch_add(1, Ordering::AcqRel);
        checked.store(looked, Ordering::Release);
        tree.fd.clone()
    }

    /// The [`Id`] of what `path` names now, relative to `dirfd` (with `AT_EMPTY_PATH` in
    /// `flags` and an empty path: `dirfd`'s own). Where `statx` is refused (a seccomp filter
    /// older than it), `fstatat` answers without the mount id.
    fn id_of(dirfd: libc::c_int, path: &CStr, flags: libc::c_int) -> Option<Id> {
        let mut st = MaybeUninit::<libc::statx>::zeroed();
        // SAFETY: `path` is NUL-terminated, `st` writable for a whole `statx`; both live
        // across the call.
        let rc = unsafe {
            libc::syscall(
                libc::SYS_statx,
                dirfd,
                path.as_ptr(),
                flags,
                STATX_INO | STATX_MNT_ID,
                st.as_mut_ptr(),
            )
        };
        if rc < 0 {
            let mut st = MaybeUninit::<libc::stat>::uninit();
            // SAFETY: `path` is NUL-terminated, `st` writable for a whole `stat`.
            if unsafe { libc::fstatat(dirfd, path.as_ptr(), st.as_mut_ptr(), flags) } < 0 {
                return None;
            }
            // SAFETY: fstatat succeeded, so it filled `st`.
            let st = unsafe { st.assume_init() };
            return Some((0, st.st_dev, st.st_ino));
        }
        // SAFETY: zeroed is a valid `statx` (plain integers), and statx succeeded.
        let st = unsafe { st.assume_init() };
        let mount = if st.stx_mask & STATX_MNT_ID != 0 {
            st.stx_mnt_id
        } else {
            0
        };
        let dev = (u64::from(st.stx_dev_major) << 32) | u64::from(st.stx_dev_minor);
        Some((mount, dev, st.stx_ino))
    }

    /// `path` opened `O_PATH | O_DIRECTORY`, kept when the filesystem there has the `magic`
    /// number.
    fn open_root(path: &CStr, magic: libc::c_long, now: Instant) -> Tree {
        let mut tree = Tree {
            fd: None,
            id: (0, 0, 0),
            checked: now,
        };
        let Ok(fd) = super::open_at(
            libc::AT_FDCWD,
            path,
            libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC,
        ) else {
            return tree;
        };
        let Some(id) = id_of(fd.as_raw_fd(), c"", libc::AT_EMPTY_PATH) else {
            return tree;
        };
        tree.id = id;
        let mut fs = MaybeUninit::<libc::statfs>::uninit();
        // SAFETY: `fs` is writable for a whole `statfs`; `fd` is open.
        if unsafe { libc::fstatfs(fd.as_raw_fd(), fs.as_mut_ptr()) } < 0 {
            return tree;
        }
        // SAFETY: fstatfs succeeded, so it filled `fs`.
        let fs = unsafe { fs.assume_init() };
        // `f_type` is signed on glibc and unsigned on musl: compared widened.
        if i128::from(fs.f_type) == i128::from(magic) {
            tree.fd = Some(Arc::new(fd));
        }
        tree
    }

    /// `openat2(root, path, flags)` that stays on `root`'s mount, beneath it, and follows no
    /// magic link (retried on `EINTR`).
    fn open_beneath(
        root: &OwnedFd,
        path: &std::ffi::CStr,
        flags: libc::c_int,
    ) -> io::Result<OwnedFd> {
        // SAFETY: open_how is plain old data; all-zero is a valid value.
        let mut how: libc::open_how = unsafe { std::mem::zeroed() };
        how.flags = u64::try_from(flags).unwrap_or_default();
        how.resolve = libc::RESOLVE_NO_XDEV | libc::RESOLVE_NO_MAGICLINKS | libc::RESOLVE_BENEATH;
        loop {
            // SAFETY: `path` is NUL-terminated, `how` a valid open_how of the size given; both
            // live across the call.
            let raw = unsafe {
                libc::syscall(
                    libc::SYS_openat2,
                    root.as_raw_fd(),
                    path.as_ptr(),
                    &raw const how,
                    std::mem::size_of::<libc::open_how>(),
                )
            };
            if let Ok(raw) = libc::c_int::try_from(raw)
                && raw >= 0
            {
                // SAFETY: `raw` is a fresh descriptor that nothing else owns.
                return Ok(unsafe { OwnedFd::from_raw_fd(raw) });
            }
            let e = io::Error::last_os_error();
            if e.raw_os_error() != Some(libc::EINTR) {
                return Err(e);
            }
        }
    }
}

/// What the resolved path told.
struct Resolved {
    /// A deny rule refuses it.
    refused: bool,
    /// It is under `/sys`, where one short read is the whole value.
    sysfs: bool,
}

/// Judges the path the kernel resolved for the descriptor (`/proc/self/fd/N`). Without a
/// `/proc` (a bare chroot) the path is resolved with `realpath` instead; [`reopen`] then makes
/// sure that the file read is still the one opened.
fn resolved(proc_fd: &ProcFd, normal: &str, kind: Kind) -> io::Result<Resolved> {
    let judge = |real: &[u8]| Resolved {
        // The kernel's path is absolute and normal (no `.`, `..` or `//`): judged as it is,
        // on its bytes (the judgement of their lossy text, without checking them as UTF-8).
        refused: if real.first() == Some(&b'/') {
            deny::judge_bytes(real)
        } else {
            deny::path(&String::from_utf8_lossy(real))
        },
        sysfs: real.starts_with(b"/sys/"),
    };
    match readlink_at(libc::AT_FDCWD, proc_fd.as_c_str(), judge) {
        Ok(r) => Ok(r),
        Err(e) if !matches!(e.raw_os_error(), Some(libc::ENOENT | libc::ENOTDIR)) => Err(e),
        Err(_) => {
            let real = if kind == Kind::Link {
                let (dir, name) = normal.rsplit_once('/').unwrap_or(("", normal));
                std::fs::canonicalize(if dir.is_empty() { "/" } else { dir })?.join(name)
            } else {
                std::fs::canonicalize(normal)?
            };
            Ok(judge(std::os::unix::ffi::OsStrExt::as_bytes(
                real.as_os_str(),
            )))
        }
    }
}

/// The file behind the `O_PATH` descriptor of `proc_fd`, opened for reading: through
/// `/proc/self/fd/N`, or (without a `/proc`) by its path, then only if it is still the same
/// file (device and inode).
fn reopen(proc_fd: &ProcFd, normal: &str, stat: &Stat) -> io::Result<OwnedFd> {
    let flags = libc::O_RDONLY | libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC;
    match open_at(libc::AT_FDCWD, proc_fd.as_c_str(), flags) {
        Err(e) if matches!(e.raw_os_error(), Some(libc::ENOENT | libc::ENOTDIR)) => {
            let file = with_c_path(normal, |c| open_at(libc::AT_FDCWD, c, flags))?;
            let now = fstat(&file)?;
            if (now.dev, now.ino) != (stat.dev, stat.ino) {
                // Swapped since it was judged: report it as gone.
                return Err(io::Error::from_raw_os_error(libc::ENOENT));
            }
            Ok(file)
        }
        other => other,
    }
}

/// Reads `file` to its end, at most `limit` bytes ([`SourceError::TooLarge`] beyond). A short
/// read ends the file when the size is known and reached, or for a sysfs value; otherwise one
/// more read confirms the end.
fn read_capped(
    file: &OwnedFd,
    limit: usize,
    size: u64,
    sysfs: bool,
) -> Result<Answer, SourceError> {
    let mut stack = [const { MaybeUninit::<u8>::uninit() }; STACK_READ];
    let mut filled = 0usize;
    while let Some(spare) = stack.get_mut(filled..) {
        if spare.is_empty() {
            break;
        }
        let want = spare.len();
        let n = read_into(file, spare).map_err(|e| SourceError::from_io(&e))?;
        filled += n;
        let short = n < want;
        if n == 0 || (short && (sysfs || u64::try_from(filled).ok() == Some(size))) {
            if filled > limit {
                return Err(SourceError::TooLarge);
            }
            // SAFETY: the first `filled` bytes were written by `read`.
            let bytes = unsafe { std::slice::from_raw_parts(stack.as_ptr().cast::<u8>(), filled) };
            return Ok(Answer::Bytes(bytes.to_vec()));
        }
    }
    // Longer than the stack buffer: continue on the heap, growing by doubling up to the cap.
    let cap = limit.saturating_add(1);
    let first = usize::try_from(size)
        .unwrap_or(0)
        .saturating_add(1)
        .max(2 * STACK_READ)
        .min(cap)
        .max(filled);
    let mut buf: Vec<u8> = Vec::with_capacity(first);
    // SAFETY: the stack buffer is full: all its bytes were written by `read`.
    buf.extend_from_slice(unsafe {
        std::slice::from_raw_parts(stack.as_ptr().cast::<u8>(), filled)
    });
    loop {
        if buf.len() >= cap {
            return Err(SourceError::TooLarge);
        }
        if buf.len() == buf.capacity() {
            let more = buf.len().min(cap - buf.len());
            buf.reserve(more);
        }
        let room = (cap - buf.len()).min(buf.capacity() - buf.len());
        let spare = buf.spare_capacity_mut().get_mut(..room).unwrap_or_default();
        let n = read_into(file, spare).map_err(|e| SourceError::from_io(&e))?;
        if n == 0 {
            break;
        }
        // SAFETY: `read` wrote `n` bytes into the spare capacity right after the length.
        unsafe { buf.set_len(buf.len() + n) };
    }
    if buf.len() > limit {
        return Err(SourceError::TooLarge);
    }
    Ok(Answer::Bytes(buf))
}

/// One `read` into `buf` (retried on `EINTR`); the count of bytes written at its start.
fn read_into(file: &OwnedFd, buf: &mut [MaybeUninit<u8>]) -> io::Result<usize> {
    loop {
        // SAFETY: `buf` is writable for its length during the call.
        let n = unsafe { libc::read(file.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
        if let Ok(n) = usize::try_from(n) {
            return Ok(n.min(buf.len()));
        }
        let e = io::Error::last_os_error();
        if e.raw_os_error() != Some(libc::EINTR) {
            return Err(e);
        }
    }
}

/// A directory's entry names, sorted (`.` and `..` left out), read with `getdents64` into a
/// stack buffer. When the whole listing fits it (every sysfs folder), the names are sorted
/// there, by their first eight bytes first, and each is allocated once, in order. `kernfs`:
/// the folder is on sysfs, where a call that left room for another record ended the listing
/// (no last call that answers 0).
fn list(dir: &OwnedFd, kernfs: bool) -> Result<Vec<String>, SourceError> {
    const BUF: usize = 8192;
    /// Room a `getdents64` call needs for the longest record (a 255-byte name).
    const RECORD: usize = 19 + 256 + 8;
    let mut buf = [const { MaybeUninit::<u8>::uninit() }; BUF];
    let mut filled = 0usize;
    let mut names = Vec::new();
    loop {
        let spare = buf.get_mut(filled..).unwrap_or_default();
        if spare.len() < RECORD {
            // Longer than the buffer: its names so far to the heap, and on with the rest.
            // SAFETY: the first `filled` bytes were written by the kernel.
            let records = unsafe { std::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), filled) };
            push_names(records, &mut names);
            filled = 0;
            continue;
        }
        let room = spare.len();
        let n = getdents(dir, spare)?;
        if n == 0 {
            break;
        }
        filled += n;
        if kernfs && room - n.min(room) >= RECORD {
            // sysfs (kernfs) stops a listing only at its end or when the next record does not
            // fit: with room left for the longest one, this was the end.
            break;
        }
    }
    // SAFETY: the first `filled` bytes were written by the kernel.
    let records = unsafe { std::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), filled) };
    if names.is_empty() {
        // Left uninitialized: a folder of a few names writes a few slots, not all 128.
        let mut keyed = [const { MaybeUninit::<(u64, &[u8])>::uninit() }; 128];
        let mut count = 0usize;
        for name in dir_names(records) {
            // Past the room, or a name that is not ASCII (sorted after its replacement, as
            // a `String`): the heap's way.
            let Some(slot) = keyed.get_mut(count).filter(|_| name.is_ascii()) else {
                count = usize::MAX;
                break;
            };
            slot.write((prefix_key(name), name));
            count += 1;
        }
        if let Some(keyed) = keyed.get_mut(..count) {
            // SAFETY: the first `count` slots were written in the loop above;
            // `MaybeUninit<T>` has the layout of `T`.
            let keyed = unsafe { &mut *(std::ptr::from_mut(keyed) as *mut [(u64, &[u8])]) };
            keyed.sort_unstable();
            return Ok(keyed.iter().map(|(_, name)| owned_name(name)).collect());
        }
    }
    push_names(records, &mut names);
    names.sort_unstable();
    Ok(names)
}

/// One `getdents64` call into `buf` (retried on `EINTR`): the bytes of whole records written.
fn getdents(dir: &OwnedFd, buf: &mut [MaybeUninit<u8>]) -> Result<usize, SourceError> {
    loop {
        // SAFETY: `buf` is writable for its length during the call; getdents64 writes whole
        // records only.
        let n = unsafe {
            libc::syscall(
                libc::SYS_getdents64,
                dir.as_raw_fd(),
                buf.as_mut_ptr().cast::<libc::c_void>(),
                buf.len(),
            )
        };
        if let Ok(n) = usize::try_from(n) {
            return Ok(n.min(buf.len()));
        }
        let e = io::Error::last_os_error();
        if e.raw_os_error() != Some(libc::EINTR) {
            return Err(SourceError::from_io(&e));
        }
    }
}

/// The names in `getdents64` records (`linux_dirent64`: d_ino u64, d_off i64, d_reclen u16,
/// d_type u8, d_name NUL-ended), `.` and `..` left out.
fn dir_names(records: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let len = usize::from(u16::from_ne_bytes(
            records.get(at + 16..at + 18)?.try_into().ok()?,
        ));
        let record = records.get(at..at + len).filter(|_| len > 19)?;
        at += len;
        let raw = record.get(19..).unwrap_or_default();
        Some(raw.split(|b| *b == 0).next().unwrap_or_default())
    })
    .filter(|name| *name != b"." && *name != b"..")
}

fn push_names(records: &[u8], names: &mut Vec<String>) {
    names.reserve(dir_names(records).count());
    names.extend(dir_names(records).map(owned_name));
}

/// A name as a `String` (invalid UTF-8 replaced).
fn owned_name(name: &[u8]) -> String {
    if name.is_ascii() {
        // SAFETY: ASCII is valid UTF-8 (checked a word at a time, where `from_utf8` costs a
        // call per name).
        unsafe { std::str::from_utf8_unchecked(name) }.to_owned()
    } else {
        String::from_utf8_lossy(name).into_owned()
    }
}

/// The first eight bytes of `name` as a big-endian number (zero-padded): ordering by it, then
/// by the bytes, is ordering by the bytes.
fn prefix_key(name: &[u8]) -> u64 {
    let mut key = [0u8; 8];
    for (k, b) in key.iter_mut().zip(name) {
        *k = *b;
    }
    u64::from_be_bytes(key)
}

/// `readlinkat(dirfd, path)`, handing the target's bytes to `f`: into a stack buffer, or a
/// heap one for a target longer than it.
fn readlink_at<R>(dirfd: RawFd, path: &CStr, f: impl FnOnce(&[u8]) -> R) -> io::Result<R> {
    let mut stack = [const { MaybeUninit::<u8>::uninit() }; 512];
    // SAFETY: `stack` is writable for its length; `path` is NUL-terminated.
    let n =
        unsafe { libc::readlinkat(dirfd, path.as_ptr(), stack.as_mut_ptr().cast(), stack.len()) };
    let n = usize::try_from(n).map_err(|_| io::Error::last_os_error())?;
    if n < stack.len() {
        // SAFETY: `readlinkat` wrote the first `n` bytes.
        return Ok(f(unsafe {
            std::slice::from_raw_parts(stack.as_ptr().cast::<u8>(), n)
        }));
    }
    let mut heap: Vec<u8> = Vec::with_capacity(libc::PATH_MAX as usize + 1);
    // SAFETY: `heap`'s spare capacity is writable for its length; `path` is NUL-terminated.
    let n = unsafe {
        libc::readlinkat(
            dirfd,
            path.as_ptr(),
            heap.as_mut_ptr().cast(),
            heap.capacity(),
        )
    };
    let n = usize::try_from(n).map_err(|_| io::Error::last_os_error())?;
    if n >= heap.capacity() {
        return Err(io::Error::from_raw_os_error(libc::ENAMETOOLONG));
    }
    // SAFETY: `readlinkat` wrote the first `n` bytes, fewer than the capacity.
    unsafe { heap.set_len(n) };
    Ok(f(&heap))
}

/// `openat(dirfd, path, flags)`, retried on `EINTR`.
fn open_at(dirfd: RawFd, path: &CStr, flags: libc::c_int) -> io::Result<OwnedFd> {
    loop {
        // SAFETY: `path` is NUL-terminated; no mode is needed without O_CREAT.
        let raw = unsafe { libc::openat(dirfd, path.as_ptr(), flags) };
        if raw >= 0 {
            // SAFETY: `raw` is a fresh descriptor that nothing else owns.
            return Ok(unsafe { OwnedFd::from_raw_fd(raw) });
        }
        let e = io::Error::last_os_error();
        if e.raw_os_error() != Some(libc::EINTR) {
            return Err(e);
        }
    }
}

/// What the checked path needs of a `stat`: the type and size, and what tells files apart.
struct Stat {
    mode: libc::mode_t,
    size: u64,
    dev: u64,
    ino: u64,
}

/// `fstat(fd)`, kept to [`Stat`] (the whole `struct stat` is not copied out).
fn fstat(fd: &OwnedFd) -> io::Result<Stat> {
    let mut st = MaybeUninit::<libc::stat>::uninit();
    // SAFETY: `st` is writable for a whole `stat`; `fd` is open.
    if unsafe { libc::fstat(fd.as_raw_fd(), st.as_mut_ptr()) } < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fstat succeeded, so it filled `st`; the fields are read in place.
    let st = unsafe { st.assume_init_ref() };
    // The widths differ by target (`dev_t` is 32 bits on some); widened, never cut.
    #[allow(clippy::useless_conversion)]
    Ok(Stat {
        mode: st.st_mode,
        size: u64::try_from(st.st_size).unwrap_or(0),
        dev: u64::from(st.st_dev),
        ino: u64::from(st.st_ino),
    })
}

/// `path` as a C string for `f`: on the stack when it is short, on the heap otherwise. A path
/// with a NUL byte is invalid input.
fn with_c_path<R>(path: &str, f: impl FnOnce(&CStr) -> io::Result<R>) -> io::Result<R> {
    const STACK: usize = 384;
    let bytes = path.as_bytes();
    if has_nul(bytes) {
        return Err(io::Error::from(io::ErrorKind::InvalidInput));
    }
    if bytes.len() >= STACK {
        let c = std::ffi::CString::new(bytes).map_err(|_| io::ErrorKind::InvalidInput)?;
        return f(&c);
    }
    let mut buf = [const { MaybeUninit::<u8>::uninit() }; STACK];
    // SAFETY: `bytes` (shorter than STACK) fits the buffer, which does not overlap it.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf.as_mut_ptr().cast(), bytes.len()) };
    if let Some(end) = buf.get_mut(bytes.len()) {
        end.write(0);
    }
    // SAFETY: the first `bytes.len() + 1` bytes (at most STACK) were written just above:
    // `path`, which holds no NUL, then a NUL.
    let c = unsafe {
        CStr::from_bytes_with_nul_unchecked(std::slice::from_raw_parts(
            buf.as_ptr().cast::<u8>(),
            bytes.len() + 1,
        ))
    };
    f(c)
}

/// Whether `bytes` hold a NUL: eight at a time (the last word overlapping the one before).
fn has_nul(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH != 0;
    let word = |at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_le_bytes)
    };
    if bytes.len() < 8 {
        return bytes.contains(&0);
    }
    let mut at = 0;
    while at + 8 < bytes.len() {
        if word(at).is_some_and(zero) {
            return true;
        }
        at += 8;
    }
    word(bytes.len() - 8).is_some_and(zero)
}

/// `/proc/self/fd/N` for a descriptor, NUL-terminated on the stack.
struct ProcFd {
    buf: [u8; 32],
    /// The length before the NUL.
    len: usize,
}

impl ProcFd {
    fn new(fd: RawFd) -> ProcFd {
        const PREFIX: &[u8; 14] = b"/proc/self/fd/";
        let mut buf = [0u8; 32];
        if let Some(head) = buf.first_chunk_mut::<14>() {
            *head = *PREFIX;
        }
        let mut n = u32::try_from(fd).unwrap_or(0);
        let digits = n.checked_ilog10().unwrap_or(0) as usize + 1;
        let len = PREFIX.len() + digits;
        for at in (PREFIX.len()..len).rev() {
            if let Some(d) = buf.get_mut(at) {
                *d = b'0' + (n % 10) as u8;
            }
            n /= 10;
        }
        ProcFd { buf, len }
    }

    fn as_c_str(&self) -> &CStr {
        match self.buf.get(..=self.len) {
            // SAFETY: `new` wrote the prefix and the digits (no NUL) before `len`, and the
            // byte at `len` is still the buffer's 0.
            Some(with_nul) => unsafe { CStr::from_bytes_with_nul_unchecked(with_nul) },
            None => c"/proc/self/fd/-",
        }
    }
}

#[cfg(test)]
mod tests;
