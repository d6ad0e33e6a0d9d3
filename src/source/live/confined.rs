//! Files inside one folder, never outside it (Unix): every path is opened component by
//! component relative to the folder's descriptor with `O_NOFOLLOW`, so no symlink is followed
//! (in the folder or out of it), and the type is checked on the opened descriptor (`fstat`),
//! never by path first. Opens use `O_NONBLOCK`, so a FIFO or device swapped in never blocks.
//! Snapshot replay reads through this; it never writes.

use std::io::{self, Read};
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;
use std::rc::Rc;

use rustix::fs::{AtFlags, CWD, FileType, Mode, OFlags};

use super::Entry;

/// A folder opened once; every read is relative to its descriptor.
#[derive(Debug)]
pub(crate) struct Root {
    fd: OwnedFd,
}

const DIR_FLAGS: OFlags = OFlags::RDONLY
    .union(OFlags::DIRECTORY)
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC);

const FILE_FLAGS: OFlags = OFlags::RDONLY
    .union(OFlags::NOFOLLOW)
    .union(OFlags::NONBLOCK)
    .union(OFlags::NOCTTY)
    .union(OFlags::CLOEXEC);

impl Root {
    /// Opens the folder the user named (its own path may go through links: the user chose it).
    pub(crate) fn open(dir: &Path) -> io::Result<Root> {
        let fd = rustix::fs::openat(
            CWD,
            dir,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        Ok(Root { fd })
    }

    /// The sub-folder `name` (one component), refused when it is a link.
    pub(crate) fn subdir(&self, name: &str) -> io::Result<Root> {
        check_name(name)?;
        Ok(Root {
            fd: rustix::fs::openat(&self.fd, name, DIR_FLAGS, Mode::empty())?,
        })
    }

    /// The first `limit` bytes of the regular file at `rel` (`a/b/c`, no `.` or `..`). A link
    /// at any component fails (`ELOOP`/`ENOTDIR`); anything but a regular file is refused
    /// before a byte is read.
    pub(crate) fn read(&self, rel: &str, limit: usize) -> io::Result<Vec<u8>> {
        let mut parts = rel.split('/');
        let last = parts.next_back().unwrap_or("");
        let mut dir: Option<OwnedFd> = None;
        for part in parts {
            check_name(part)?;
            let at = dir.as_ref().map_or(self.fd.as_fd(), AsFd::as_fd);
            dir = Some(rustix::fs::openat(at, part, DIR_FLAGS, Mode::empty())?);
        }
        check_name(last)?;
        let at = dir.as_ref().map_or(self.fd.as_fd(), AsFd::as_fd);
        let fd = rustix::fs::openat(at, last, FILE_FLAGS, Mode::empty())?;
        let stat = rustix::fs::fstat(&fd)?;
        if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a regular file",
            ));
        }
        let mut buf = Vec::new();
        std::fs::File::from(fd)
            .take(u64::try_from(limit).unwrap_or(u64::MAX))
            .read_to_end(&mut buf)?;
        Ok(buf)
    }

    /// Lists the tree below this folder without recursion: `visit(rel, entry)` for each entry,
    /// at most `max_entries` of them and `max_depth` folders deep. Nothing is read but names,
    /// types, sizes and link targets. Folders are opened with `O_NOFOLLOW`; at most `max_depth`
    /// descriptors are open at once.
    pub(crate) fn walk(
        &self,
        max_depth: usize,
        max_entries: usize,
        visit: &mut dyn FnMut(&str, Entry),
    ) {
        struct Pending {
            parent: Option<Rc<OwnedFd>>,
            name: String,
            rel: String,
            depth: usize,
        }
        let mut count = 0usize;
        let mut stack = vec![Pending {
            parent: None,
            name: String::new(),
            rel: String::new(),
            depth: 0,
        }];
        while let Some(p) = stack.pop() {
            let opened = match &p.parent {
                None => rustix::fs::openat(&self.fd, ".", DIR_FLAGS, Mode::empty()),
                Some(parent) => {
                    rustix::fs::openat(parent.as_ref(), p.name.as_str(), DIR_FLAGS, Mode::empty())
                }
            };
            let Ok(fd) = opened else { continue };
            let fd = Rc::new(fd);
            let Ok(mut listing) = rustix::fs::Dir::read_from(fd.as_ref()) else {
                continue;
            };
            while let Some(Ok(entry)) = listing.read() {
                let Ok(name) = entry.file_name().to_str() else {
                    continue;
                };
                if name == "." || name == ".." {
                    continue;
                }
                count += 1;
                if count > max_entries {
                    return;
                }
                let rel = if p.rel.is_empty() {
                    name.to_owned()
                } else {
                    format!("{}/{name}", p.rel)
                };
                let Ok(stat) = rustix::fs::statat(fd.as_ref(), name, AtFlags::SYMLINK_NOFOLLOW)
                else {
                    continue;
                };
                match FileType::from_raw_mode(stat.st_mode) {
                    FileType::Directory => {
                        visit(&rel, Entry::Dir);
                        if p.depth < max_depth {
                            stack.push(Pending {
                                parent: Some(fd.clone()),
                                name: name.to_owned(),
                                rel,
                                depth: p.depth + 1,
                            });
                        }
                    }
                    FileType::RegularFile => {
                        visit(&rel, Entry::File(u64::try_from(stat.st_size).unwrap_or(0)));
                    }
                    FileType::Symlink => {
                        if let Ok(target) = rustix::fs::readlinkat(fd.as_ref(), name, Vec::new())
                            && let Ok(target) = target.into_string()
                        {
                            visit(&rel, Entry::Link(target));
                        }
                    }
                    _ => visit(&rel, Entry::Special),
                }
            }
        }
    }
}

/// One path component: not empty, not `.` or `..`, no `/` (which `split` already removed).
fn check_name(name: &str) -> io::Result<()> {
    if name.is_empty() || name == "." || name == ".." || name.contains('/') {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a plain file name",
        ));
    }
    Ok(())
}
