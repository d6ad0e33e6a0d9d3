//! The routing tables and policy rules on Linux, read with one rtnetlink dump each
//! (`RTM_GETROUTE` and `RTM_GETRULE`, every family and every table) on a socket to the kernel:
//! nothing leaves the host. The replies are decoded by the pure
//! [`parse_dump`](crate::parse::rtnetlink::parse_dump).
#![allow(unsafe_code)]

use std::ffi::CStr;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use crate::parse::rtnetlink::{Dump, RTM_GETROUTE, RTM_GETRULE, dump_request, parse_dump};
use crate::source::{Answer, RouteEntry, RuleEntry, SourceError};

/// The most routes or rules kept from one dump (as many as `TABLE_LIMIT` holds of `/proc`).
const MAX_ENTRIES: usize = 200_000;

/// Every route of every table (`ip route show table all`, both families).
pub(super) fn routes() -> Result<Answer, SourceError> {
    dump(RTM_GETROUTE).map(|(routes, _)| Answer::Routes(routes))
}

/// Every policy rule (`ip rule show`, both families).
pub(super) fn rules() -> Result<Answer, SourceError> {
    dump(RTM_GETRULE).map(|(_, rules)| Answer::Rules(rules))
}

fn dump(kind: u16) -> Result<(Vec<RouteEntry>, Vec<RuleEntry>), SourceError> {
    // A socket that cannot be opened or a dump the kernel refuses (a seccomp or SELinux
    // policy): unsupported, so the probe reads /proc instead.
    let fd = open().map_err(|_| SourceError::Unsupported)?;
    let request = dump_request(kind, 1);
    // SAFETY: `request` is a valid buffer of its length for the duration of the call; the
    // destination is the default (the kernel) for a socket bound to nothing.
    let sent = unsafe {
        libc::send(
            fd.as_raw_fd(),
            request.as_ptr().cast::<libc::c_void>(),
            request.len(),
            0,
        )
    };
    if usize::try_from(sent).ok() != Some(request.len()) {
        return Err(SourceError::Unsupported);
    }
    let mut routes = Vec::new();
    let mut rules = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        // SAFETY: `buf` is a valid, writable buffer of `buf.len()` bytes for the call.
        let n = unsafe {
            libc::recv(
                fd.as_raw_fd(),
                buf.as_mut_ptr().cast::<libc::c_void>(),
                buf.len(),
                0,
            )
        };
        let Ok(n) = usize::try_from(n) else {
            return Err(SourceError::Io(
                io::Error::last_os_error().kind().to_string(),
            ));
        };
        let Dump {
            routes: mut r,
            rules: mut u,
            done,
            error,
            ..
        } = parse_dump(buf.get(..n).unwrap_or(&[]), &name_of);
        if error.is_some() {
            return Err(SourceError::Unsupported);
        }
        routes.append(&mut r);
        rules.append(&mut u);
        if routes.len() + rules.len() > MAX_ENTRIES {
            return Err(SourceError::TooLarge);
        }
        if done || n == 0 {
            return Ok((routes, rules));
        }
    }
}

fn open() -> io::Result<OwnedFd> {
    // SAFETY: plain socket(2) call with constant arguments; the result is checked.
    let raw = unsafe {
        libc::socket(
            libc::AF_NETLINK,
            libc::SOCK_RAW | libc::SOCK_CLOEXEC,
            libc::NETLINK_ROUTE,
        )
    };
    if raw < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `raw` is a fresh, valid descriptor that nothing else owns.
    let fd = unsafe { OwnedFd::from_raw_fd(raw) };
    // One `recv` waits at most 2 s for the kernel; the dump is then given up.
    let timeout = libc::timeval {
        tv_sec: 2,
        tv_usec: 0,
    };
    let len = libc::socklen_t::try_from(std::mem::size_of::<libc::timeval>()).unwrap_or(16);
    // SAFETY: `timeout` is a valid timeval of `len` bytes that lives across the call.
    let rc = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            std::ptr::from_ref(&timeout).cast::<libc::c_void>(),
            len,
        )
    };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(fd)
}

/// An interface's name from its index (`if_indextoname`).
fn name_of(index: u32) -> Option<String> {
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: `buf` has the IF_NAMESIZE bytes if_indextoname may write, NUL included.
    let p = unsafe { libc::if_indextoname(index, buf.as_mut_ptr()) };
    if p.is_null() {
        return None;
    }
    // SAFETY: on success `buf` holds a NUL-terminated name.
    let name = unsafe { CStr::from_ptr(buf.as_ptr()) };
    name.to_str().ok().map(str::to_owned)
}
