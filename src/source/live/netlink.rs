//! Network change signals on Linux: an rtnetlink socket subscribed to the link, address,
//! route and rule multicast groups. The kernel pushes a message for every change; nothing is polled.
//! The messages are only counted, never parsed: any of them means "read the facts again".
//! Beside it an `eventfd` lets the subscriber wake its own wait (to stop, or to take a host
//! push), so the wait can sleep until a message or the subscriber's next real deadline.
#![allow(unsafe_code)]

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::Arc;
use std::time::Duration;

use crate::source::{ChangeFeed, SourceError, Via};

/// `RTNLGRP_IPV4_RULE` (8) as a legacy `nl_groups` bit (group n is bit n − 1).
const RTMGRP_IPV4_RULE: libc::c_int = 1 << (8 - 1);
/// `RTNLGRP_IPV6_RULE` (19) as a legacy `nl_groups` bit.
const RTMGRP_IPV6_RULE: libc::c_int = 1 << (19 - 1);

/// The groups that can move the egress: links up/down, addresses, IPv4 and IPv6 routes, and
/// policy rules (a VPN's `fwmark` table lookup, as wg-quick adds).
const GROUPS: libc::c_int = libc::RTMGRP_LINK
    | libc::RTMGRP_IPV4_IFADDR
    | libc::RTMGRP_IPV6_IFADDR
    | libc::RTMGRP_IPV4_ROUTE
    | libc::RTMGRP_IPV6_ROUTE
    | RTMGRP_IPV4_RULE
    | RTMGRP_IPV6_RULE;

/// An open rtnetlink socket in this process's network namespace; closed on drop.
#[derive(Debug)]
pub(super) struct Netlink {
    fd: OwnedFd,
    /// An `eventfd` the waker writes to; shared with the waker closures.
    wake: Arc<OwnedFd>,
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
        // SAFETY: plain eventfd(2) call with constant arguments; the result is checked.
        let raw = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK) };
        if raw < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `raw` is a fresh, valid descriptor that nothing else owns.
        let wake = Arc::new(unsafe { OwnedFd::from_raw_fd(raw) });
        Ok(Netlink { fd, wake })
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
        // Rounded up, so a wait never ends (and is repeated) before its deadline; beyond
        // `c_int::MAX` ms (24 days) it waits for an event only.
        let ms = libc::c_int::try_from(timeout.as_micros().div_ceil(1000)).unwrap_or(-1);
        let poll_fd = |fd: &OwnedFd| libc::pollfd {
            fd: fd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let mut fds = [poll_fd(&self.fd), poll_fd(&self.wake)];
        // SAFETY: two valid pollfds, alive across the call.
        let rc = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
        if rc < 0 {
            let err = io::Error::last_os_error();
            return if err.raw_os_error() == Some(libc::EINTR) {
                Ok(false)
            } else {
                Err(SourceError::from_io(&err))
            };
        }
        let [net, wake] = fds;
        if wake.revents != 0 {
            let mut count = [0u8; 8];
            // SAFETY: `count` is writable for its 8 bytes during the call. The eventfd is
            // non-blocking: reading resets it (or fails with EAGAIN when another read did).
            let _ = unsafe { libc::read(wake.fd, count.as_mut_ptr().cast(), count.len()) };
        }
        if net.revents == 0 {
            return Ok(false);
        }
        self.drain()
    }

    fn waker(&self) -> Option<Box<dyn Fn() + Send + Sync>> {
        let wake = Arc::clone(&self.wake);
        Some(Box::new(move || {
            let one = 1u64.to_ne_bytes();
            // SAFETY: `one` is readable for its 8 bytes during the call; `wake` keeps the
            // eventfd open. A full counter (EAGAIN) already means "wake".
            let _ = unsafe { libc::write(wake.as_raw_fd(), one.as_ptr().cast(), one.len()) };
        }))
    }

    fn via(&self) -> Via {
        Via::Rtnetlink
    }
}
