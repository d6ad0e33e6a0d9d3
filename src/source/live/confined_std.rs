//! Files inside one folder (targets without `openat`, e.g. Windows): each component is checked
//! with `symlink_metadata` before it is entered, so no link is followed, and the type is
//! checked again on the opened handle. Unlike the Unix version this is not race-free: a
//! component swapped for a link between the check and the open is followed.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::Entry;

/// A folder; every read is below it.
#[derive(Debug)]
pub(crate) struct Root {
    dir: PathBuf,
}

impl Root {
    pub(crate) fn open(dir: &Path) -> io::Result<Root> {
        if !std::fs::metadata(dir)?.is_dir() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a folder"));
        }
        Ok(Root {
            dir: dir.to_path_buf(),
        })
    }

    pub(crate) fn subdir(&self, name: &str) -> io::Result<Root> {
        let dir = self.checked(name)?;
        if !std::fs::symlink_metadata(&dir)?.is_dir() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a folder"));
        }
        Ok(Root { dir })
    }

    pub(crate) fn read(&self, rel: &str, limit: usize) -> io::Result<Vec<u8>> {
        let path = self.checked(rel)?;
        let meta = std::fs::symlink_metadata(&path)?;
        if !meta.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a regular file",
            ));
        }
        let file = std::fs::File::open(&path)?;
        if !file.metadata()?.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a regular file",
            ));
        }
        let mut buf = Vec::new();
        file.take(u64::try_from(limit).unwrap_or(u64::MAX))
            .read_to_end(&mut buf)?;
        Ok(buf)
    }

    /// `rel` under the folder, each component a plain name that is not a link.
    fn checked(&self, rel: &str) -> io::Result<PathBuf> {
        let mut path = self.dir.clone();
        for part in rel.split('/') {
            if part.is_empty() || part == "." || part == ".." || part.contains('\\') {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "not a plain file name",
                ));
            }
            path.push(part);
            if std::fs::symlink_metadata(&path)?.file_type().is_symlink() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "a symbolic link",
                ));
            }
        }
        Ok(path)
    }

    pub(crate) fn walk(
        &self,
        max_depth: usize,
        max_entries: usize,
        visit: &mut dyn FnMut(&str, Entry),
    ) {
        let mut count = 0usize;
        let mut stack = vec![(self.dir.clone(), String::new(), 0usize)];
        while let Some((dir, rel, depth)) = stack.pop() {
            let Ok(listing) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in listing.flatten() {
                let Ok(name) = entry.file_name().into_string() else {
                    continue;
                };
                count += 1;
                if count > max_entries {
                    return;
                }
                let child = if rel.is_empty() {
                    name.clone()
                } else {
                    format!("{rel}/{name}")
                };
                let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
                    continue;
                };
                if meta.file_type().is_symlink() {
                    if let Ok(target) = std::fs::read_link(entry.path()) {
                        visit(&child, Entry::Link(target.to_string_lossy().into_owned()));
                    }
                } else if meta.is_dir() {
                    visit(&child, Entry::Dir);
                    if depth < max_depth {
                        stack.push((entry.path(), child, depth + 1));
                    }
                } else if meta.is_file() {
                    visit(&child, Entry::File(meta.len()));
                } else {
                    visit(&child, Entry::Special);
                }
            }
        }
    }
}
