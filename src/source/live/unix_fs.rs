//! File-system queries on Unix: capped, non-blocking reads, so a FIFO or an endless file cannot
//! hang or exhaust a collect.
#![allow(unsafe_code)]

use std::ffi::{CStr, CString};
use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::ptr::NonNull;

use crate::source::{Answer, SourceError, read_limit};

// Large-file `readdir` where glibc has both (32-bit targets), as std uses.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
use libc::readdir;
#[cfg(all(target_os = "linux", target_env = "gnu"))]
use libc::readdir64 as readdir;

pub(crate) fn read_file(path: &str) -> Result<Answer, SourceError> {
    let limit = read_limit(path);
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| SourceError::from_io(&e))?;
    let meta = file.metadata().map_err(|e| SourceError::from_io(&e))?;
    if meta.is_dir() {
        return Err(SourceError::WrongKind);
    }
    if !meta.is_file() {
        // FIFOs, sockets and devices: reading them could block or never end.
        return Err(SourceError::WrongKind);
    }
    let mut buf = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).min(limit).max(64));
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    file.take(cap)
        .read_to_end(&mut buf)
        .map_err(|e| SourceError::from_io(&e))?;
    if buf.len() > limit {
        return Err(SourceError::TooLarge);
    }
    Ok(Answer::Bytes(buf))
}

/// A directory's entry names, sorted (`.` and `..` left out), read with `readdir` directly:
/// one allocation per name, where `std::fs::read_dir` makes three.
pub(crate) fn read_dir(path: &str) -> Result<Answer, SourceError> {
    let c_path = CString::new(path)
        .map_err(|_| SourceError::from_io(&io::Error::from(io::ErrorKind::InvalidInput)))?;
    // SAFETY: `c_path` is a valid NUL-terminated string that outlives the call.
    let dir = NonNull::new(unsafe { libc::opendir(c_path.as_ptr()) })
        .map(OpenDir)
        .ok_or_else(|| SourceError::from_io(&io::Error::last_os_error()))?;
    let mut names = Vec::new();
    loop {
        // SAFETY: `dir` is an open directory stream owned by this function. A null result is
        // the end (or an error, which ends the listing as it does for `std::fs::read_dir`).
        let entry = unsafe { readdir(dir.0.as_ptr()) };
        if entry.is_null() {
            break;
        }
        // SAFETY: a non-null entry is valid until the next `readdir` on the stream, and its
        // `d_name` is NUL-terminated.
        let name = unsafe { CStr::from_ptr((*entry).d_name.as_ptr()) }.to_bytes();
        if name == b"." || name == b".." {
            continue;
        }
        names.push(match std::str::from_utf8(name) {
            Ok(s) => s.to_owned(),
            Err(_) => String::from_utf8_lossy(name).into_owned(),
        });
    }
    drop(dir);
    names.sort_unstable();
    Ok(Answer::Names(names))
}

/// An open directory stream, closed on drop.
struct OpenDir(NonNull<libc::DIR>);

impl Drop for OpenDir {
    fn drop(&mut self) {
        // SAFETY: the stream was opened by `opendir` and is closed only here.
        unsafe { libc::closedir(self.0.as_ptr()) };
    }
}

pub(crate) fn read_link(path: &str) -> Result<Answer, SourceError> {
    let target = fs::read_link(path).map_err(|e| SourceError::from_io(&e))?;
    Ok(Answer::Text(target.to_string_lossy().into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn dir_names_sorted_without_dots_and_invalid_utf8_replaced() {
        let dir = std::env::temp_dir().join(format!("devprobe-readdir-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("lower_eth0")).unwrap();
        for name in ["uevent", "type", "Zed", "operstate"] {
            fs::write(dir.join(name), "x").unwrap();
        }
        fs::write(dir.join(std::ffi::OsStr::from_bytes(b"bad\xffname")), "x").unwrap();
        let listed = read_dir(dir.to_str().unwrap());
        fs::remove_dir_all(&dir).unwrap();
        let expected = [
            "Zed",
            "bad\u{fffd}name",
            "lower_eth0",
            "operstate",
            "type",
            "uevent",
        ];
        assert_eq!(
            listed,
            Ok(Answer::Names(expected.map(str::to_owned).to_vec()))
        );
        assert_eq!(
            read_dir("/nonexistent/devprobe"),
            Err(SourceError::NotFound)
        );
        assert_eq!(read_dir("/proc/self/status"), Err(SourceError::WrongKind));
        assert!(matches!(read_dir("/a\0b"), Err(SourceError::Io(_))));
    }
}
