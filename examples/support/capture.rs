//! The capture writer of the `report` example (`--capture DIR`): a snapshot's entries written
//! into a folder the user named, which may be shared with other users. The library itself
//! never writes a file; this is the one writer, and it never follows a symlink and never
//! overwrites:
//!
//! - DIR is created (`mkdir`), or an existing DIR is opened once, not through a link
//!   (`O_NOFOLLOW`), and must then be empty; everything after is relative to that descriptor;
//! - folders are made with `mkdirat` and entered with `O_DIRECTORY | O_NOFOLLOW`;
//! - files are created with `O_CREAT | O_EXCL | O_NOFOLLOW`: a file or link planted at the
//!   same name makes the capture fail, and nothing outside DIR is touched;
//! - links are made with `symlinkat`, which fails when the name exists.
//!
//! On targets without `openat` (Windows) the same rules hold through `create_new` and
//! `symlink_metadata` checks, without the race freedom.

use std::io::{self, Write};
use std::path::Path;

use devprobe::source::SnapshotEntry;

/// Writes `entries` into `dir` (new, or existing and empty).
///
/// # Errors
/// Any I/O error; `AlreadyExists` when DIR is not empty or something appeared at a name the
/// capture writes (then the capture is incomplete, and nothing was overwritten).
pub fn write_snapshot(dir: &Path, entries: &[SnapshotEntry]) -> io::Result<()> {
    imp::write_snapshot(dir, entries)
}

#[cfg(unix)]
mod imp {
    use super::*;
    use rustix::fs::{CWD, Mode, OFlags};
    use std::os::fd::{AsFd, OwnedFd};

    const DIR: OFlags = OFlags::RDONLY
        .union(OFlags::DIRECTORY)
        .union(OFlags::NOFOLLOW)
        .union(OFlags::CLOEXEC);

    pub fn write_snapshot(dir: &Path, entries: &[SnapshotEntry]) -> io::Result<()> {
        match rustix::fs::mkdirat(CWD, dir, Mode::from_raw_mode(0o755)) {
            Ok(()) | Err(rustix::io::Errno::EXIST) => {}
            Err(e) => return Err(e.into()),
        }
        let root = rustix::fs::openat(CWD, dir, DIR, Mode::empty())?;
        let mut listing = rustix::fs::Dir::read_from(&root)?;
        while let Some(entry) = listing.read() {
            let name = entry?.file_name().to_bytes().to_vec();
            if name != b"." && name != b".." {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "the folder is not empty",
                ));
            }
        }
        for entry in entries {
            match entry {
                SnapshotEntry::File(rel, bytes) => {
                    let (parent, name) = parent_of(&root, rel)?;
                    let flags = OFlags::WRONLY
                        | OFlags::CREATE
                        | OFlags::EXCL
                        | OFlags::NOFOLLOW
                        | OFlags::CLOEXEC;
                    let fd = rustix::fs::openat(&parent, name, flags, Mode::from_raw_mode(0o644))?;
                    std::fs::File::from(fd).write_all(bytes)?;
                }
                SnapshotEntry::Dir(rel) => {
                    enter(&root, rel.split('/'))?;
                }
                SnapshotEntry::Link(rel, target) => {
                    let (parent, name) = parent_of(&root, rel)?;
                    rustix::fs::symlinkat(target.as_str(), &parent, name)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The folder holding `rel` (made as needed) and `rel`'s last name.
    fn parent_of<'a>(root: &OwnedFd, rel: &'a str) -> io::Result<(OwnedFd, &'a str)> {
        let (dirs, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        check(name)?;
        let parent = enter(root, dirs.split('/').filter(|d| !d.is_empty()))?;
        Ok((parent, name))
    }

    /// Makes and enters each folder of `parts` below `root`, never through a link.
    fn enter<'a>(root: &OwnedFd, parts: impl Iterator<Item = &'a str>) -> io::Result<OwnedFd> {
        let mut current = root.try_clone()?;
        for part in parts {
            check(part)?;
            match rustix::fs::mkdirat(&current, part, Mode::from_raw_mode(0o755)) {
                Ok(()) | Err(rustix::io::Errno::EXIST) => {}
                Err(e) => return Err(e.into()),
            }
            current = rustix::fs::openat(current.as_fd(), part, DIR, Mode::empty())?;
        }
        Ok(current)
    }

    fn check(name: &str) -> io::Result<()> {
        if name.is_empty() || name == "." || name == ".." {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a plain name",
            ));
        }
        Ok(())
    }
}

#[cfg(not(unix))]
mod imp {
    use super::*;
    use std::path::PathBuf;

    pub fn write_snapshot(dir: &Path, entries: &[SnapshotEntry]) -> io::Result<()> {
        match std::fs::create_dir(dir) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let meta = std::fs::symlink_metadata(dir)?;
                if !meta.is_dir() || std::fs::read_dir(dir)?.next().is_some() {
                    return Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        "not an empty folder",
                    ));
                }
            }
            Err(e) => return Err(e),
        }
        for entry in entries {
            match entry {
                SnapshotEntry::File(rel, bytes) => {
                    let path = make_parents(dir, rel)?;
                    std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(path)?
                        .write_all(bytes)?;
                }
                SnapshotEntry::Dir(rel) => {
                    let path = make_parents(dir, rel)?;
                    std::fs::create_dir(&path).or_else(|e| {
                        match std::fs::symlink_metadata(&path) {
                            Ok(m) if m.is_dir() => Ok(()),
                            _ => Err(e),
                        }
                    })?;
                }
                SnapshotEntry::Link(rel, target) => {
                    let path = make_parents(dir, rel)?;
                    std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(path)?
                        .write_all(target.as_bytes())?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// `dir/rel` with its folders made; refuses a link on the way.
    fn make_parents(dir: &Path, rel: &str) -> io::Result<PathBuf> {
        let mut path = dir.to_path_buf();
        let parts: Vec<&str> = rel.split('/').collect();
        let (last, dirs) = parts.split_last().unwrap_or((&"", &[]));
        for part in dirs {
            path.push(part);
            if let Err(e) = std::fs::create_dir(&path)
                && e.kind() != io::ErrorKind::AlreadyExists
            {
                return Err(e);
            }
            if !std::fs::symlink_metadata(&path)?.is_dir() {
                return Err(io::Error::new(io::ErrorKind::AlreadyExists, "not a folder"));
            }
        }
        path.push(last);
        Ok(path)
    }
}
