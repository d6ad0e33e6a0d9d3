//! Which filesystem answers a path, from `/proc/self/mountinfo`, kept current without re-reading
//! it on every query: the file stays open (close-on-exec, one descriptor for the process) and
//! `poll` reports `POLLPRI` once the mount table changed (proc(5)), checked at most every
//! [`RECHECK`]; the table is then read again.
#![allow(unsafe_code)]

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
    mounts: Option<Vec<(String, bool)>>,
}

static TABLE: Mutex<Option<Table>> = Mutex::new(None);

/// Whether `path` (absolute, normalized) lies on a filesystem the kernel answers from memory or a
/// local disk ([`mountinfo`] lists the types); `false` when the mount table cannot be read.
pub(super) fn on_trusted_filesystem(path: &str) -> bool {
    let mut slot = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    let now = Instant::now();
    match slot.as_mut() {
        None => {
            let Ok(mut file) = File::open("/proc/self/mountinfo") else {
                return false;
            };
            let mounts = read(&mut file);
            let table = slot.insert(Table {
                file,
                checked: now,
                mounts,
            });
            judge(table, path)
        }
        Some(table) => {
            if now.saturating_duration_since(table.checked) >= RECHECK {
                table.checked = now;
                if changed(&table.file) {
                    let _ = table.file.seek(SeekFrom::Start(0));
                    table.mounts = read(&mut table.file);
                }
            }
            judge(table, path)
        }
    }
}

fn judge(table: &Table, path: &str) -> bool {
    table
        .mounts
        .as_deref()
        .is_some_and(|m| mountinfo::trusted(m, path))
}

fn read(file: &mut File) -> Option<Vec<(String, bool)>> {
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
