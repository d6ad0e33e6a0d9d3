//! Which filesystem answers a path, from `/proc/self/mountinfo`, kept current without re-reading
//! it on every query: the file stays open (close-on-exec, one descriptor for the process) and
//! `poll` reports `POLLPRI` once the mount table changed (proc(5)), checked at most every
//! [`RECHECK`]; what was learned is then forgotten. The table itself is read only when a path
//! needs its walk: on Linux 6.8 and later the kernel answers for most paths without it
//! (`mount_probe.rs`).
#![allow(unsafe_code)]

use std::ffi::CStr;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::os::fd::AsRawFd;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::parse::mountinfo::{self, Mounts};

/// How often the mount table's change flag is looked at: a mount made since is seen by the
/// queries after this.
const RECHECK: Duration = Duration::from_millis(10);

/// The largest mount table read (a workstation with snaps lists a few hundred lines, ~40 KiB);
/// a larger one is not trusted at all.
const TABLE_LIMIT: u64 = 1 << 20;

struct Table {
    /// `None` until a walk or [`version`] needs it: a judgement the kernel answers alone
    /// (`mount_probe`) holds for [`RECHECK`] without it, so a first collect opens nothing.
    file: Option<File>,
    /// The mount namespace the file was opened in (`ns/mnt`: device and inode): an open
    /// mountinfo keeps showing that namespace's mounts, so a thread in another one (`setns`,
    /// `unshare`) opens the file again.
    namespace: Option<(u64, u64)>,
    checked: Instant,
    /// The file could not be opened again in another mount namespace: no path is trusted.
    unreadable: bool,
    /// A path was trusted before the file was open (without change tracking): opening it
    /// moves the version, so that judgement is made again.
    learned: bool,
    /// Moves whenever the kernel flagged a change or the namespace changed: what remembered
    /// walks and judgements are valid for.
    version: u64,
    /// The table as read for this version: `None` until a walk needs it (a judgement the
    /// kernel answers without it, `mount_probe`, never reads it).
    loaded: Option<Loaded>,
    /// Walked folders (as asked) and where they lead, for this version of the table (cleared
    /// when it changes), at most [`MEMO_LIMIT`]. A handful in practice: a list.
    dirs: Vec<(String, Walk)>,
    /// What the kernel said of the mounts that decide, for this version.
    #[cfg(target_os = "linux")]
    facts: super::mount_probe::Facts,
}

/// One read of the table.
struct Loaded {
    /// `None`: the table could not be read, or was too large: no path is trusted. Shared with
    /// the walks in progress.
    mounts: Option<Arc<Mounts>>,
    /// When `mounts` holds [`Mounts::kernel_trees_clean`]: its mounts inside `/proc` and `/sys`
    /// ([`Mounts::inside_kernel_trees`]), all the fast path needs to look at.
    kernel_clean: Option<Mounts>,
}

impl Table {
    /// Opens the file if it is not yet: from then on a mount change is flagged by the kernel.
    /// What was learned before is forgotten (the version moves): no change was tracked then.
    /// `false` when it cannot be opened (nothing is trusted then).
    fn open(&mut self) -> bool {
        if self.file.is_some() {
            return true;
        }
        self.namespace = namespace();
        self.file = open_mountinfo().ok();
        if self.learned {
            self.moved();
        } else {
            self.forget();
        }
        self.file.is_some()
    }

    /// The table for this version, read now if no walk needed it yet (`None`: no file).
    fn load(&mut self) -> Option<&Loaded> {
        if !self.open() {
            return None;
        }
        let file = self.file.as_mut()?;
        Some(self.loaded.get_or_insert_with(|| {
            let _ = file.seek(SeekFrom::Start(0));
            let mounts = read(file);
            let kernel_clean = mounts.as_deref().and_then(clean_inside);
            Loaded {
                mounts,
                kernel_clean,
            }
        }))
    }

    /// Forgets what was learned of the previous version.
    fn moved(&mut self) {
        self.version = self.version.wrapping_add(1);
        self.forget();
    }

    /// Forgets what was learned, the version kept.
    fn forget(&mut self) {
        self.loaded = None;
        self.dirs.clear();
        #[cfg(target_os = "linux")]
        {
            self.facts = super::mount_probe::Facts::default();
        }
    }
}

static TABLE: Mutex<Option<Table>> = Mutex::new(None);

/// Symlinks followed while judging a path: the kernel's own limit (`ELOOP` past it).
const MAX_LINKS: usize = 40;

/// Whether opening `path` (absolute, as asked) walks only through filesystems the kernel answers
/// from memory or a local disk: each component is judged by the mount table before it is looked
/// up, and a symlink is read (`readlink`, a lookup in a trusted directory) and its target judged
/// the same way, `..` after the link as the kernel does. So a link on the root disk into a FUSE
/// or NFS mount is not trusted, and no lookup ever enters an untrusted mount. A component that
/// does not exist ends the walk (the read fails at once); any other error, a target that is not
/// UTF-8 or more than [`MAX_LINKS`] links: not trusted.
///
/// Linux first asks the kernel (`mount_probe.rs`: the mounts inside `/proc` and `/sys` by
/// `statmount`, any other path walked by `openat2` with `RESOLVE_CACHED`); a path it cannot
/// vouch for is walked on the table as above.
///
/// The folder part is walked once per mount-table version and remembered (`Table::dirs`); only
/// the last component is looked at on each call. A symlink changed in a remembered folder is
/// seen after the next mount change. The table is locked once per path to judge it (one clock
/// read); a walk's `readlink`s run after the lock is released, on a shared copy of the table,
/// so a slow disk delays no other thread's judgement.
pub(super) fn resolves_onto_trusted(path: &str) -> bool {
    let Some((folder, last)) = path.rsplit_once('/') else {
        return false;
    };
    #[cfg(target_os = "linux")]
    if super::mount_probe::available() {
        use super::mount_probe::{self, Plan};
        let plan = with_table(|table| {
            if table.unreadable {
                return None;
            }
            let plan = table.facts.plan(path, in_kernel_tree);
            // Trusted now, or maybe after the probe: a file opened later must move the version.
            table.learned |= !matches!(plan, Plan::Table);
            Some(plan)
        });
        match plan {
            None => return false,
            Some(Plan::Trusted) => return true,
            Some(Plan::Probe) => {
                if mount_probe::walks_on_root_from_memory(path) == Some(true) {
                    return true;
                }
            }
            Some(Plan::Table) => {}
        }
    }
    let step = with_table(|table| {
        if table.unreadable {
            return None;
        }
        let loaded = table.load()?;
        let mounts = Arc::clone(loaded.mounts.as_ref()?);
        if loaded
            .kernel_clean
            .as_ref()
            .is_some_and(|inside| in_kernel_tree(inside, path))
        {
            return Some(Step::Trusted);
        }
        let version = table.version;
        let known = table
            .dirs
            .iter()
            .find(|(dir, _)| dir == folder)
            .map(|(_, walked)| walked.clone());
        Some(Step::Walk(mounts, version, known))
    });
    let Some(Step::Walk(mounts, version, known)) = step else {
        return matches!(step, Some(Step::Trusted));
    };
    let walked = known.unwrap_or_else(|| {
        let walked = walk(&mounts, String::new(), folder);
        with_table(|table| {
            if table.version == version && table.dirs.len() < MEMO_LIMIT {
                table.dirs.push((folder.to_owned(), walked.clone()));
            }
        });
        walked
    });
    match walked {
        Walk::Untrusted => false,
        Walk::Missing => true,
        Walk::Trusted(at) => walk(&mounts, at, last) != Walk::Untrusted,
    }
}

/// What the locked table said of a path.
enum Step {
    /// On procfs or sysfs, by the fast path.
    Trusted,
    /// To be walked on this copy of the table (its version), from the folder's remembered walk
    /// if there is one.
    Walk(Arc<Mounts>, u64, Option<Walk>),
}

/// Folders remembered per mount-table version, at most this many.
const MEMO_LIMIT: usize = 256;

/// Where a walk ended.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Walk {
    /// On trusted filesystems throughout, at this physical path ("" is the root).
    Trusted(String),
    /// A component does not exist: an open fails at once.
    Missing,
    /// An untrusted mount, an error, or too many links.
    Untrusted,
}

/// What `readlink` said of a path.
enum Link {
    /// A symlink to this target.
    To(String),
    /// Not a symlink (`EINVAL`).
    Not,
    /// Does not exist (`ENOENT`).
    Missing,
    /// Any other error, a target that is not UTF-8 or does not fit.
    Unusable,
}

/// The largest symlink target read (`PATH_MAX`); one that fills it is not trusted.
const LINK_MAX: usize = 4096;

/// `readlink(2)` of `path` (in `c_path`, NUL-terminated), into a buffer on the stack (left
/// uninitialized: only the bytes the kernel wrote are read).
fn read_link(c_path: &CStr) -> Link {
    let mut buf = std::mem::MaybeUninit::<[u8; LINK_MAX]>::uninit();
    // SAFETY: `c_path` is NUL-terminated; `buf` is writable for LINK_MAX bytes.
    let n = unsafe { libc::readlink(c_path.as_ptr(), buf.as_mut_ptr().cast(), LINK_MAX) };
    let Ok(n) = usize::try_from(n) else {
        return match std::io::Error::last_os_error().raw_os_error() {
            Some(libc::EINVAL) => Link::Not,
            Some(libc::ENOENT) => Link::Missing,
            _ => Link::Unusable,
        };
    };
    if n >= LINK_MAX {
        return Link::Unusable;
    }
    // SAFETY: readlink wrote the first `n` (< LINK_MAX) bytes of `buf`.
    let target = unsafe { std::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), n) };
    match std::str::from_utf8(target) {
        Ok(target) => Link::To(target.to_owned()),
        Err(_) => Link::Unusable,
    }
}

/// Walks `path`'s components from the physical path `at` (see [`resolves_onto_trusted`]).
fn walk(mounts: &Mounts, mut at: String, path: &str) -> Walk {
    // The components still to walk, from `next` on; a link's target is put in front of them.
    let mut rest = path.to_owned();
    let mut next = 0;
    // The path looked up, NUL-terminated.
    let mut c_path: Vec<u8> = Vec::with_capacity(at.len() + path.len() + 2);
    let mut links = 0;
    // The kind of the mount `at` lies on: `covering`, kept as the walk goes one component
    // deeper (`exactly`: only a mount on that very point changes it) and asked again after `..`
    // or a link.
    let on = |at: &str| mounts.covering(if at.is_empty() { "/" } else { at });
    let trusted = |kind| {
        matches!(
            kind,
            Some(mountinfo::Kind::KernelTree | mountinfo::Kind::Local)
        )
    };
    let mut kind = on(&at);
    loop {
        let tail = rest.get(next..).unwrap_or("");
        let (part, after) = match tail.find('/') {
            Some(i) => (tail.get(..i).unwrap_or(""), next + i + 1),
            None => (tail, rest.len()),
        };
        if tail.is_empty() {
            break;
        }
        next = after;
        match part {
            "" | "." => continue,
            ".." => {
                let parent = at.rfind('/').unwrap_or(0);
                at.truncate(parent);
                kind = on(&at);
                continue;
            }
            _ => {}
        }
        let (parent, parent_kind) = (at.len(), kind);
        at.push('/');
        at.push_str(part);
        if let Some(mounted) = mounts.exactly(&at) {
            kind = Some(mounted);
        }
        if !trusted(kind) {
            return Walk::Untrusted;
        }
        c_path.clear();
        c_path.extend_from_slice(at.as_bytes());
        c_path.push(0);
        let Ok(c) = CStr::from_bytes_with_nul(&c_path) else {
            return Walk::Untrusted;
        };
        match read_link(c) {
            Link::Not => {}
            Link::To(target) => {
                links += 1;
                if links > MAX_LINKS {
                    return Walk::Untrusted;
                }
                at.truncate(parent);
                kind = parent_kind;
                if target.starts_with('/') {
                    at.clear();
                    kind = on(&at);
                }
                let left = rest.get(next..).unwrap_or("");
                rest = format!("{target}/{left}");
                next = 0;
            }
            Link::Missing => return Walk::Missing,
            Link::Unusable => return Walk::Untrusted,
        }
    }
    if trusted(kind) {
        Walk::Trusted(at)
    } else {
        Walk::Untrusted
    }
}

/// Runs `f` on the current mount table, after forgetting what was learned if the kernel flagged
/// a change, the thread is in another mount namespace, or (no file open yet) [`RECHECK`] passed:
/// looked at most every [`RECHECK`].
fn with_table<R>(f: impl FnOnce(&mut Table) -> R) -> R {
    let mut slot = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    let now = Instant::now();
    let table = slot.get_or_insert_with(|| Table {
        file: None,
        namespace: None,
        checked: now,
        unreadable: false,
        learned: false,
        version: 0,
        loaded: None,
        dirs: Vec::new(),
        #[cfg(target_os = "linux")]
        facts: super::mount_probe::Facts::default(),
    });
    if now.saturating_duration_since(table.checked) >= RECHECK {
        table.checked = now;
        match &table.file {
            // Nothing tracks changes yet: what the kernel said holds this long only.
            None => table.forget(),
            Some(file) => {
                let namespace = namespace();
                if namespace != table.namespace {
                    // Another mount namespace: its own mountinfo, read from the start.
                    // Unopenable there: nothing is trusted until it opens again.
                    match open_mountinfo() {
                        Ok(file) => {
                            table.file = Some(file);
                            table.namespace = namespace;
                            table.unreadable = false;
                        }
                        Err(_) => {
                            table.namespace = None;
                            table.unreadable = true;
                        }
                    }
                    table.moved();
                } else if changed(file) {
                    table.moved();
                }
            }
        }
    }
    f(table)
}

/// Makes the next judgement look at the kernel's change flag (and the mount namespace) at once,
/// not after [`RECHECK`]: a read found a mount on a path that was judged without it.
#[cfg(target_os = "linux")]
pub(super) fn recheck_now() {
    let mut slot = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(table) = slot.as_mut()
        && let Some(long_ago) = Instant::now().checked_sub(RECHECK)
    {
        table.checked = long_ago;
    }
}

/// The mount table's version: moves whenever the kernel flagged a change (`POLLPRI` on the kept
/// file: nothing is read), or the calling thread is in another mount namespace, looked at most
/// every [`RECHECK`]; `u64::MAX` while no table can be opened (nothing is trusted then).
pub(super) fn version() -> u64 {
    with_table(|table| {
        if table.open() && !table.unreadable {
            table.version
        } else {
            u64::MAX
        }
    })
}

/// The calling thread's mount table (`/proc/thread-self/mountinfo`; `/proc/self/mountinfo`
/// before Linux 3.17): a thread that called `unshare(CLONE_NEWNS)` has mounts of its own.
fn open_mountinfo() -> std::io::Result<File> {
    File::open("/proc/thread-self/mountinfo").or_else(|_| File::open("/proc/self/mountinfo"))
}

/// The calling thread's mount namespace: `ns/mnt`'s device and inode under
/// `/proc/thread-self` (or `/proc/self`); `None` without either.
fn namespace() -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/thread-self/ns/mnt")
        .or_else(|_| std::fs::metadata("/proc/self/ns/mnt"))
        .ok()
        .map(|m| (m.dev(), m.ino()))
}

/// The mounts inside the kernel's trees, when they are clean.
fn clean_inside(mounts: &Mounts) -> Option<Mounts> {
    mounts
        .kernel_trees_clean()
        .then(|| mounts.inside_kernel_trees())
}

/// The fast path, without a walk, once the kernel's trees hold no server-backed mount
/// ([`Mounts::kernel_trees_clean`]): `path` is in normal form, lies on procfs or sysfs, and goes
/// through no per-process link that can point anywhere (`/proc/<pid>/root`, `cwd`, `exe`, `fd/`,
/// `map_files/`): the kernel's own symlinks then keep the walk in them.
/// `inside` is [`Mounts::inside_kernel_trees`] of the table.
fn in_kernel_tree(inside: &Mounts, path: &str) -> bool {
    const ANYWHERE: [&[u8]; 5] = [b"root", b"cwd", b"exe", b"fd", b"map_files"];
    let (rest, proc) = match (path.strip_prefix("/proc/"), path.strip_prefix("/sys/")) {
        (Some(rest), _) => (rest, true),
        (None, Some(rest)) => (rest, false),
        (None, None) => return false,
    };
    let normal = rest
        .as_bytes()
        .split(|&b| b == b'/')
        .all(|c| !c.is_empty() && c != b"." && c != b".." && !(proc && ANYWHERE.contains(&c)));
    normal
        && inside
            .covering(path)
            .is_none_or(|kind| kind == mountinfo::Kind::KernelTree)
}

fn read(file: &mut File) -> Option<Arc<Mounts>> {
    let mut text = Vec::with_capacity(8192);
    file.take(TABLE_LIMIT + 1).read_to_end(&mut text).ok()?;
    (text.len() as u64 <= TABLE_LIMIT).then(|| Arc::new(mountinfo::mounts(&text)))
}

/// Whether the kernel flagged a mount or unmount since the table was last polled (the flag is
/// cleared by this poll). An error counts as a change.
fn changed(file: &File) -> bool {
    let mut fd = libc::pollfd {
        fd: file.as_raw_fd(),
        events: libc::POLLPRI,
        revents: 0,
    };
    // SAFETY: one valid pollfd, timeout 0 (never waits).
    let n = unsafe { libc::poll(&raw mut fd, 1, 0) };
    n != 0 || fd.revents != 0
}
