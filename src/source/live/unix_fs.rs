//! File-system queries on Unix: capped, non-blocking reads, so a FIFO or an endless file cannot
//! hang or exhaust a collect.

use std::fs;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;

use crate::source::{Answer, SourceError, read_limit};

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

pub(crate) fn read_dir(path: &str) -> Result<Answer, SourceError> {
    let entries = fs::read_dir(path).map_err(|e| SourceError::from_io(&e))?;
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(Answer::Names(names))
}

pub(crate) fn read_link(path: &str) -> Result<Answer, SourceError> {
    let target = fs::read_link(path).map_err(|e| SourceError::from_io(&e))?;
    Ok(Answer::Text(target.to_string_lossy().into_owned()))
}
