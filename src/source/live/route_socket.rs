//! The macOS/iOS change feed: a `PF_ROUTE` socket, on which the kernel writes an `RTM_*`
//! message for every route, address and interface change. Messages are only classified by
//! their type byte, never read further: any of `RTM_ADD`, `RTM_DELETE`, `RTM_CHANGE`,
//! `RTM_NEWADDR`, `RTM_DELADDR`, `RTM_IFINFO` means "read the facts again". A pipe beside it
//! lets the subscriber end its own wait (a stop, a host push), so the wait sleeps in `poll`
//! until a message or the subscriber's next real deadline.
#![allow(unsafe_code)]

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::Arc;
use std::time::Duration;

use crate::source::{ChangeFeed, SourceError, Via};

/// An open route socket and the wake pipe; both closed on drop.
#[derive(Debug)]
pub(super) struct RouteSocket {
    fd: OwnedFd,
    /// The pipe's read end, polled beside the socket.
    wake_rx: OwnedFd,
    /// The pipe's write end, shared with the wakers.
    wake_tx: Arc<OwnedFd>,
}

fn own(raw: libc::c_int) -> io::Result<OwnedFd> {
    if raw < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `raw` is a fresh, valid descriptor that nothing else owns.
    let fd = unsafe { OwnedFd::from_raw_fd(raw) };
    // SAFETY: plain fcntl(2) calls on a descriptor we own.
    unsafe {
        libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC);
        libc::fcntl(fd.as_raw_fd(), libc::F_SETFL, libc::O_NONBLOCK);
    }
    Ok(fd)
}

impl RouteSocket {
    pub(super) fn open() -> io::Result<RouteSocket> {
        // SAFETY: plain socket(2) call with constant arguments; checked by `own`.
        let fd = own(unsafe { libc::socket(libc::PF_ROUTE, libc::SOCK_RAW, libc::AF_UNSPEC) })?;
        let mut ends = [0 as libc::c_int; 2];
        // SAFETY: `ends` is writable for two descriptors.
        if unsafe { libc::pipe(ends.as_mut_ptr()) } < 0 {
            return Err(io::Error::last_os_error());
        }
        let [rx, tx] = ends;
        let wake_rx = own(rx)?;
        let wake_tx = Arc::new(own(tx)?);
        Ok(RouteSocket {
            fd,
            wake_rx,
            wake_tx,
        })
    }

    /// Reads every queued message; whether any was a change.
    fn drain(&self) -> Result<bool, SourceError> {
        let mut buf = [0u8; 4096];
        let mut any = false;
        loop {
            // SAFETY: `buf` is writable for its whole length during the call.
            let n = unsafe { libc::read(self.fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
            if n > 0 {
                let len = usize::try_from(n).unwrap_or(0);
                any |= buf.get(..len).is_some_and(is_change);
                continue;
            }
            if n == 0 {
                return Ok(any);
            }
            let err = io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::EAGAIN | libc::EINTR) => return Ok(any),
                // Lost messages: something changed.
                Some(libc::ENOBUFS) => return Ok(true),
                _ => return Err(SourceError::from_io(&err)),
            }
        }
    }
}

/// Whether a route-socket message (an `rt_msghdr`/`ifa_msghdr`/`if_msghdr`: `u16` length,
/// `u8` version, `u8` type, ...) announces a change that can move the facts.
fn is_change(msg: &[u8]) -> bool {
    // <net/route.h> (the same on macOS and iOS; libc lacks them for iOS): RTM_ADD 0x1,
    // RTM_DELETE 0x2, RTM_CHANGE 0x3, RTM_NEWADDR 0xc, RTM_DELADDR 0xd, RTM_IFINFO 0xe.
    const TYPES: [u8; 6] = [0x1, 0x2, 0x3, 0xc, 0xd, 0xe];
    msg.get(3).is_some_and(|t| TYPES.contains(t))
}

impl ChangeFeed for RouteSocket {
    fn wait(&mut self, timeout: Duration) -> Result<bool, SourceError> {
        let ms = libc::c_int::try_from(timeout.as_micros().div_ceil(1000)).unwrap_or(-1);
        let poll_fd = |fd: &OwnedFd| libc::pollfd {
            fd: fd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let mut fds = [poll_fd(&self.fd), poll_fd(&self.wake_rx)];
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
            let mut sink = [0u8; 64];
            // SAFETY: `sink` is writable for its length; the pipe is non-blocking.
            while unsafe { libc::read(wake.fd, sink.as_mut_ptr().cast(), sink.len()) } > 0 {}
        }
        if net.revents == 0 {
            return Ok(false);
        }
        self.drain()
    }

    fn waker(&self) -> Option<Box<dyn Fn() + Send + Sync>> {
        let tx = Arc::clone(&self.wake_tx);
        Some(Box::new(move || {
            // SAFETY: one readable byte; `tx` keeps the pipe open. A full pipe already wakes.
            let _ = unsafe { libc::write(tx.as_raw_fd(), [1u8].as_ptr().cast(), 1) };
        }))
    }

    fn via(&self) -> Via {
        Via::RouteSocket
    }
}
