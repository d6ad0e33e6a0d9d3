//! Network change signals on Linux: an rtnetlink socket subscribed to the link, address and
//! route multicast groups. The kernel pushes a message for every change; nothing is polled.
//! The messages are only counted, never parsed: any of them means "read the facts again".
#![allow(unsafe_code)]

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::time::Duration;

use crate::source::{ChangeFeed, SourceError};

/// The groups that can move the egress: links up/down, addresses, IPv4 and IPv6 routes.
const GROUPS: libc::c_int = libc::RTMGRP_LINK
    | libc::RTMGRP_IPV4_IFADDR
    | libc::RTMGRP_IPV6_IFADDR
    | libc::RTMGRP_IPV4_ROUTE
    | libc::RTMGRP_IPV6_ROUTE;

/// An open rtnetlink socket in this process's network namespace; closed on drop.
#[derive(Debug)]
pub(super) struct Netlink {
    fd: OwnedFd,
}

impl Netlink {
    /// Opens and binds the socket.
    pub(super) fn open() -> io::Result<Netlink> {
        // SAFETY: plain socket(2) call with constant arguments; the result is checked.
        let raw = unsafe {
            libc::socket(
                libc::AF_NETLINK,
                libc::SOCK_RAW | libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK,
                libc::NETLINK_ROUTE,
            )
        };
        if raw < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `raw` is a fresh, valid descriptor that nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        // SAFETY: sockaddr_nl is plain old data; all-zero is a valid value.
        let mut addr: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
        addr.nl_family = libc::sa_family_t::try_from(libc::AF_NETLINK).unwrap_or_default();
        addr.nl_groups = u32::try_from(GROUPS).unwrap_or_default();
        let len = libc::socklen_t::try_from(std::mem::size_of::<libc::sockaddr_nl>()).unwrap_or(12);
        // SAFETY: `addr` is a valid sockaddr_nl of `len` bytes that lives across the call.
        let rc = unsafe {
            libc::bind(
                fd.as_raw_fd(),
                std::ptr::from_ref(&addr).cast::<libc::sockaddr>(),
                len,
            )
        };
        if rc < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Netlink { fd })
    }

    /// Reads every queued message; returns whether there was any (or an overrun, which means
    /// messages were lost and counts as a change).
    fn drain(&self) -> Result<bool, SourceError> {
        let mut buf = [0u8; 8192];
        let mut any = false;
        loop {
            // SAFETY: `buf` is writable for its whole length during the call.
            let n = unsafe {
                libc::recv(
                    self.fd.as_raw_fd(),
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    libc::MSG_DONTWAIT,
                )
            };
            if n > 0 {
                any = true;
                continue;
            }
            if n == 0 {
                return Ok(any);
            }
            let err = io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::EAGAIN) => return Ok(any),
                Some(libc::EINTR) => continue,
                Some(libc::ENOBUFS) => any = true,
                _ => return Err(SourceError::from_io(&err)),
            }
        }
    }
}

impl ChangeFeed for Netlink {
    fn wait(&mut self, timeout: Duration) -> Result<bool, SourceError> {
        let ms = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
        let mut pfd = libc::pollfd {
            fd: self.fd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd, alive across the call.
        let rc = unsafe { libc::poll(&mut pfd, 1, ms) };
        if rc < 0 {
            let err = io::Error::last_os_error();
            return if err.raw_os_error() == Some(libc::EINTR) {
                Ok(false)
            } else {
                Err(SourceError::from_io(&err))
            };
        }
        if rc == 0 {
            return Ok(false);
        }
        self.drain()
    }
}
