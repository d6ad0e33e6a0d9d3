//! Which filesystem answers a path, from `/proc/self/mountinfo`, kept current without re-reading
//! it on every query: the file stays open (close-on-exec, one descriptor for the process) and
//! `poll` reports `POLLPRI` once the mount table changed (proc(5)), checked at most every
//! [`RECHECK`]; the table is then read again.
#![allow(unsafe_code)]

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::os::fd::AsRawFd;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::parse::mountinfo;

/// How often the mount table's change flag is looked at: a mount made since is seen by the
/// queries after this.
const RECHECK: Duration = Duration::from_millis(10);

/// The largest mount table read (a workstation with snaps lists a few hundred lines, ~40 KiB);
/// a larger one is not trusted at all.
const TABLE_LIMIT: u64 = 1 << 20;

struct Table {
    file: File,
    checked: Instant,
    /// `None`: the table could not be read, or was too large: no path is trusted.
    mounts: Option<Vec<(String, mountinfo::Kind)>>,
    /// Counts the reads after the first: what remembered walks are valid for.
    version: u64,
    /// [`mountinfo::kernel_trees_clean`] of `mounts`.
    kernel_clean: bool,
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
/// The folder part is walked once per mount-table version and remembered ([`DIRS`]); only the
/// last component is looked at on each call. A symlink changed in a remembered folder is seen
/// after the next mount change.
pub(super) fn resolves_onto_trusted(path: &str) -> bool {
    if with_table(|t| in_clean_kernel_tree(t, path)).unwrap_or(false) {
        return true;
    }
    let Some((folder, last)) = path.rsplit_once('/') else {
        return false;
    };
    let Some(version) = with_table(|t| t.version) else {
        return false;
    };
    let known = {
        let memo = DIRS.lock().unwrap_or_else(PoisonError::into_inner);
        memo.as_ref()
            .filter(|m| m.version == version)
            .and_then(|m| m.dirs.get(folder).cloned())
    };
    let walked = known.unwrap_or_else(|| {
        let walked = walk(String::new(), folder);
        let mut memo = DIRS.lock().unwrap_or_else(PoisonError::into_inner);
        let memo = match memo.as_mut() {
            Some(m) if m.version == version => m,
            _ => memo.insert(Memo {
                version,
                dirs: HashMap::new(),
            }),
        };
        if memo.dirs.len() < MEMO_LIMIT {
            memo.dirs.insert(folder.to_owned(), walked.clone());
        }
        walked
    });
    match walked {
        Walk::Untrusted => false,
        Walk::Missing => true,
        Walk::Trusted(at) => walk(at, last) != Walk::Untrusted,
    }
}

/// Folders remembered per mount-table version, at most this many.
const MEMO_LIMIT: usize = 256;

/// Walked folders (as asked) and where they lead, for one version of the mount table.
static DIRS: Mutex<Option<Memo>> = Mutex::new(None);

struct Memo {
    version: u64,
    dirs: HashMap<String, Walk>,
}

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

/// Walks `path`'s components from the physical path `at` (see [`resolves_onto_trusted`]).
fn walk(mut at: String, path: &str) -> Walk {
    // Components still to walk, the next one last.
    let mut pending: Vec<String> = path.rsplit('/').map(str::to_owned).collect();
    let mut links = 0;
    while let Some(part) = pending.pop() {
        match part.as_str() {
            "" | "." => continue,
            ".." => {
                let parent = at.rfind('/').unwrap_or(0);
                at.truncate(parent);
                continue;
            }
            _ => {}
        }
        let candidate = format!("{at}/{part}");
        if !on_trusted_filesystem(&candidate) {
            return Walk::Untrusted;
        }
        match std::fs::read_link(&candidate) {
            Ok(target) => {
                links += 1;
                let Some(target) = target.to_str() else {
                    return Walk::Untrusted;
                };
                if links > MAX_LINKS {
                    return Walk::Untrusted;
                }
                if target.starts_with('/') {
                    at.clear();
                }
                pending.extend(target.rsplit('/').map(str::to_owned));
            }
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => at = candidate,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Walk::Missing,
            Err(_) => return Walk::Untrusted,
        }
    }
    if on_trusted_filesystem(if at.is_empty() { "/" } else { &at }) {
        Walk::Trusted(at)
    } else {
        Walk::Untrusted
    }
}

/// Whether `path` (absolute, normalized) lies on a filesystem the kernel answers from memory or a
/// local disk ([`mountinfo`] lists the types); `false` when the mount table cannot be read.
pub(super) fn on_trusted_filesystem(path: &str) -> bool {
    with_table(|table| judge(table, path)).unwrap_or(false)
}

/// Runs `f` on the current mount table (opened on first use, read again once the kernel flagged
/// a change, looked at most every [`RECHECK`]); `None` when `/proc/self/mountinfo` cannot be
/// opened.
fn with_table<R>(f: impl FnOnce(&Table) -> R) -> Option<R> {
    let mut slot = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    let now = Instant::now();
    match slot.as_mut() {
        None => {
            let mut file = File::open("/proc/self/mountinfo").ok()?;
            let mounts = read(&mut file);
            let kernel_clean = mounts.as_deref().is_some_and(mountinfo::kernel_trees_clean);
            let table = slot.insert(Table {
                file,
                checked: now,
                mounts,
                version: 0,
                kernel_clean,
            });
            Some(f(table))
        }
        Some(table) => {
            if now.saturating_duration_since(table.checked) >= RECHECK {
                table.checked = now;
                if changed(&table.file) {
                    let _ = table.file.seek(SeekFrom::Start(0));
                    table.mounts = read(&mut table.file);
                    table.kernel_clean = table
                        .mounts
                        .as_deref()
                        .is_some_and(mountinfo::kernel_trees_clean);
                    table.version = table.version.wrapping_add(1);
                }
            }
            Some(f(table))
        }
    }
}

/// The fast path, without a walk: `path` is in normal form, lies on procfs or sysfs, goes
/// through no per-process link that can point anywhere (`/proc/<pid>/root`, `cwd`, `exe`, `fd/`,
/// `map_files/`), and the kernel's trees hold no server-backed mount
/// ([`mountinfo::kernel_trees_clean`]): the kernel's own symlinks then keep the walk in them.
fn in_clean_kernel_tree(table: &Table, path: &str) -> bool {
    const ANYWHERE: [&str; 5] = ["root", "cwd", "exe", "fd", "map_files"];
    let Some(mounts) = table.mounts.as_deref() else {
        return false;
    };
    let normal = path.len() > 1
        && !path.ends_with('/')
        && path
            .split('/')
            .skip(1)
            .all(|c| !c.is_empty() && c != "." && c != "..");
    normal
        && (path.starts_with("/proc/") || path.starts_with("/sys/"))
        && !(path.starts_with("/proc/") && path.split('/').any(|c| ANYWHERE.contains(&c)))
        && mountinfo::covering(mounts, path) == Some(mountinfo::Kind::KernelTree)
        && table.kernel_clean
}

fn judge(table: &Table, path: &str) -> bool {
    table
        .mounts
        .as_deref()
        .is_some_and(|m| mountinfo::trusted(m, path))
}

fn read(file: &mut File) -> Option<Vec<(String, mountinfo::Kind)>> {
    let mut text = Vec::with_capacity(8192);
    file.take(TABLE_LIMIT + 1).read_to_end(&mut text).ok()?;
    (text.len() as u64 <= TABLE_LIMIT).then(|| mountinfo::mounts(&text))
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
