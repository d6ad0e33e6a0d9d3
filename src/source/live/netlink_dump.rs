//! The routing tables, policy rules and interface addresses on Linux, each read with one
//! rtnetlink dump (`RTM_GETROUTE`, `RTM_GETRULE`, `RTM_GETADDR`; every family, every table) on
//! one socket to the kernel: nothing leaves the host. The replies are decoded in place by the
//! pure [`parse_dump_into`] and [`parse_addrs`].
//!
//! One socket per dump, and the same socket names the interfaces (`SIOCGIFNAME`, each index
//! asked once per dump). The replies land in one receive buffer for the process, in place
//! (no allocation; a dump that finds it in use by another thread's dump takes its own): a
//! dump allocates only what its answer holds.
#![allow(unsafe_code)]

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::{Mutex, TryLockError};

use crate::parse::rtnetlink::{
    Dump, IfAddr, RTM_GETROUTE, RTM_GETRULE, addr_dump_request, dump_request, parse_addrs,
    parse_dump_into,
};
use crate::source::{Answer, InterfaceAddr, SourceError};

/// The most routes or rules kept from one dump (as many as `TABLE_LIMIT` holds of `/proc`).
const MAX_ENTRIES: usize = 200_000;

/// How long one wait for the kernel's next datagram lasts before the dump is given up. The
/// socket is non-blocking: a dump's datagrams are queued as it is read, so the common dump never
/// waits (and needs no `SO_RCVTIMEO`).
const WAIT_MS: libc::c_int = 2000;

/// The receive buffer: the kernel's dump messages are at most 32 KiB each (it sizes them by
/// the reader's buffer, capped there), so twice that is never cut.
const RECV_BUFFER: usize = 64 * 1024;

/// The receive buffer, reused by every dump (zero at start, so it takes no room in the
/// binary; its contents are never zeroed again).
static RECV: Mutex<[u8; RECV_BUFFER]> = Mutex::new([0; RECV_BUFFER]);

/// Every route of every table (`ip route show table all`, both families).
pub(super) fn routes() -> Result<Answer, SourceError> {
    dump(RTM_GETROUTE).map(|d| Answer::Routes(d.routes))
}

/// Every policy rule (`ip rule show`, both families).
pub(super) fn rules() -> Result<Answer, SourceError> {
    dump(RTM_GETRULE).map(|d| Answer::Rules(d.rules))
}

/// Every IPv4 and IPv6 address (`ip addr`), named as `getifaddrs` names them: the IPv4
/// label, else the interface's name. IPv6 link-local addresses (`fe80::`) are left out, as
/// `if-addrs` (which this replaces on Linux) leaves them out.
pub(super) fn interfaces() -> Result<Answer, SourceError> {
    let socket = Socket::open().map_err(|e| SourceError::from_io(&e))?;
    socket.send(&addr_dump_request(1))?;
    let mut names = Names::default();
    let mut list = Vec::new();
    socket.receive(|buf| {
        // An address message is 32 bytes at least.
        list.reserve(buf.len() / 32);
        let status = parse_addrs(buf, &mut |a: IfAddr<'_>| {
            if let std::net::IpAddr::V6(v6) = a.ip
                && v6.octets().starts_with(&[0xfe, 0x80])
            {
                return;
            }
            let name = match a.label {
                Some(label) => Some(label.to_owned()),
                None => names.get(&socket, a.index),
            };
            if let Some(name) = name {
                let mut entry = InterfaceAddr::new(name, a.ip, Some(a.prefix_len));
                entry.index = Some(a.index);
                list.push(entry);
            }
        });
        if let Some(code) = status.error {
            return Err(SourceError::from_io(&io::Error::from_raw_os_error(code)));
        }
        if list.len() > MAX_ENTRIES {
            return Err(SourceError::TooLarge);
        }
        Ok(status.done)
    })?;
    Ok(Answer::Interfaces(list))
}

fn dump(kind: u16) -> Result<Dump, SourceError> {
    // A socket that cannot be opened or a dump the kernel refuses (a seccomp or SELinux
    // policy): unsupported, so the probe reads /proc instead.
    let socket = Socket::open().map_err(|_| SourceError::Unsupported)?;
    socket
        .send(&dump_request(kind, 1))
        .map_err(|_| SourceError::Unsupported)?;
    let mut names = Names::default();
    let mut dump = Dump::default();
    socket.receive(|buf| {
        // Room for as many entries as the buffer can hold (a message is 36 bytes at least):
        // one allocation per list, not one per doubling.
        let room = buf.len() / 36;
        if kind == RTM_GETROUTE {
            dump.routes.reserve(room);
        } else {
            dump.rules.reserve(room);
        }
        parse_dump_into(buf, &mut |i| names.get(&socket, i), &mut dump);
        if dump.error.is_some() {
            return Err(SourceError::Unsupported);
        }
        if dump.routes.len() + dump.rules.len() > MAX_ENTRIES {
            return Err(SourceError::TooLarge);
        }
        Ok(dump.done)
    })?;
    Ok(dump)
}

/// Interface names by index, asked once each per dump and kept on the stack (a host with
/// more interfaces than it holds asks again for the others).
#[derive(Default)]
struct Names {
    known: [(u32, Option<Name>); 8],
    count: usize,
}

/// An interface name as the kernel gives it: at most `IF_NAMESIZE` bytes.
#[derive(Clone, Copy, Default)]
struct Name {
    bytes: [u8; libc::IF_NAMESIZE],
    len: usize,
}

impl Name {
    fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(self.bytes.get(..self.len)?).ok()
    }
}

impl Names {
    fn get(&mut self, socket: &Socket, index: u32) -> Option<String> {
        let known = self.known.get(..self.count).unwrap_or_default();
        if let Some((_, name)) = known.iter().find(|(i, _)| *i == index) {
            return name.as_ref().and_then(Name::as_str).map(str::to_owned);
        }
        let name = socket.name_of(index);
        if let Some(slot) = self.known.get_mut(self.count) {
            *slot = (index, name);
            self.count += 1;
        }
        name.as_ref().and_then(Name::as_str).map(str::to_owned)
    }
}

/// A `NETLINK_ROUTE` socket, closed on drop.
struct Socket(OwnedFd);

impl Socket {
    fn open() -> io::Result<Socket> {
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
        Ok(Socket(fd))
    }

    /// Sends one request to the kernel (the default destination of an unbound socket).
    fn send(&self, request: &[u8]) -> Result<(), SourceError> {
        // SAFETY: `request` is a valid buffer of its length for the duration of the call.
        let sent = unsafe {
            libc::send(
                self.0.as_raw_fd(),
                request.as_ptr().cast::<libc::c_void>(),
                request.len(),
                0,
            )
        };
        if usize::try_from(sent).ok() == Some(request.len()) {
            Ok(())
        } else {
            Err(SourceError::Io(
                io::Error::last_os_error().kind().to_string(),
            ))
        }
    }

    /// Hands each received datagram to `each` until it answers `Ok(true)` (the dump is done),
    /// an error, or the kernel sends nothing more.
    fn receive(
        &self,
        mut each: impl FnMut(&[u8]) -> Result<bool, SourceError>,
    ) -> Result<(), SourceError> {
        match RECV.try_lock() {
            Ok(mut buf) => self.receive_into(&mut *buf, &mut each),
            // A dump that panicked while receiving left bytes only: the buffer is as good.
            Err(TryLockError::Poisoned(p)) => self.receive_into(&mut *p.into_inner(), &mut each),
            Err(TryLockError::WouldBlock) => {
                self.receive_into(&mut vec![0; RECV_BUFFER], &mut each)
            }
        }
    }

    fn receive_into(
        &self,
        buf: &mut [u8],
        each: &mut dyn FnMut(&[u8]) -> Result<bool, SourceError>,
    ) -> Result<(), SourceError> {
        loop {
            // SAFETY: `buf` is writable for its length for the call. MSG_TRUNC makes the
            // kernel answer a datagram's full length even when it did not fit.
            let n = unsafe {
                libc::recv(
                    self.0.as_raw_fd(),
                    buf.as_mut_ptr().cast::<libc::c_void>(),
                    buf.len(),
                    libc::MSG_TRUNC,
                )
            };
            let Ok(n) = usize::try_from(n) else {
                let e = io::Error::last_os_error();
                match e.raw_os_error() {
                    Some(libc::EINTR) => continue,
                    // Nothing queued yet (the kernel queues a dump's first part before `send`
                    // returns, and makes the next ones as they are read): wait for it.
                    Some(libc::EAGAIN) if self.ready()? => continue,
                    _ => return Err(SourceError::Io(e.kind().to_string())),
                }
            };
            let Some(got) = buf.get(..n) else {
                return Err(SourceError::TooLarge);
            };
            if each(got)? || n == 0 {
                return Ok(());
            }
        }
    }

    /// Waits until the socket has a datagram to read, [`WAIT_MS`] at most: `false` when none
    /// came.
    fn ready(&self) -> Result<bool, SourceError> {
        let mut fd = libc::pollfd {
            fd: self.0.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        loop {
            // SAFETY: one valid pollfd, alive across the call.
            let rc = unsafe { libc::poll(&raw mut fd, 1, WAIT_MS) };
            if rc >= 0 {
                return Ok(rc > 0);
            }
            let e = io::Error::last_os_error();
            if e.raw_os_error() != Some(libc::EINTR) {
                return Err(SourceError::from_io(&e));
            }
        }
    }

    /// An interface's name from its index (`SIOCGIFNAME` on this socket).
    fn name_of(&self, index: u32) -> Option<Name> {
        // SAFETY: ifreq is plain old data; all-zero is a valid value.
        let mut req: libc::ifreq = unsafe { std::mem::zeroed() };
        req.ifr_ifru.ifru_ifindex = libc::c_int::try_from(index).ok()?;
        // The request's type is the C library's (`unsigned long` in glibc, `int` in musl).
        let request = libc::Ioctl::try_from(libc::SIOCGIFNAME).ok()?;
        // SAFETY: `req` is a valid ifreq the kernel reads the index from and writes the name
        // into, alive across the call.
        let rc = unsafe { libc::ioctl(self.0.as_raw_fd(), request, &raw mut req) };
        if rc < 0 {
            return None;
        }
        let mut name = Name::default();
        for (dst, src) in name.bytes.iter_mut().zip(req.ifr_name) {
            *dst = src.to_ne_bytes()[0];
        }
        name.len = name
            .bytes
            .iter()
            .position(|b| *b == 0)
            .unwrap_or(name.bytes.len());
        let len = name.len;
        (len > 0 && name.as_str().is_some()).then_some(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_machine_has_a_loopback_address_named_by_its_index() {
        let Ok(Answer::Interfaces(list)) = interfaces() else {
            panic!("no interface list");
        };
        let lo = list
            .iter()
            .find(|a| a.ip == std::net::IpAddr::from([127, 0, 0, 1]))
            .expect("127.0.0.1");
        assert_eq!(lo.name, "lo");
        assert_eq!(lo.prefix_len, Some(8));
        let socket = Socket::open().unwrap();
        let name = socket.name_of(lo.index.unwrap()).unwrap();
        assert_eq!(name.as_str(), Some("lo"));
        assert!(socket.name_of(u32::MAX).is_none());
        let mut names = Names::default();
        for _ in 0..3 {
            assert_eq!(names.get(&socket, lo.index.unwrap()).as_deref(), Some("lo"));
        }
        assert_eq!(names.count, 1);
        // The same list as getifaddrs, in the same order.
        let std_list: Vec<(String, std::net::IpAddr, u8)> = if_addrs::get_if_addrs()
            .unwrap()
            .into_iter()
            .map(|i| {
                let len = match &i.addr {
                    if_addrs::IfAddr::V4(a) => a.prefixlen,
                    if_addrs::IfAddr::V6(a) => a.prefixlen,
                };
                (i.name.clone(), i.addr.ip(), len)
            })
            .collect();
        let ours: Vec<(String, std::net::IpAddr, u8)> = list
            .iter()
            .map(|a| (a.name.clone(), a.ip, a.prefix_len.unwrap()))
            .collect();
        assert_eq!(ours, std_list);
    }

    #[test]
    fn routes_name_their_devices() {
        let Ok(Answer::Routes(routes)) = routes() else {
            panic!("no routes");
        };
        // Every machine has the local table's 127.0.0.1 on lo.
        assert!(
            routes
                .iter()
                .any(|r| r.dev.as_deref() == Some("lo") && r.table == 255),
            "{routes:?}"
        );
        assert!(matches!(rules(), Ok(Answer::Rules(r)) if !r.is_empty()));
    }
}
