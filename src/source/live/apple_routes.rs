//! The routing table on macOS and iOS: the `NET_RT_DUMP` sysctl (`CTL_NET`, `PF_ROUTE`), the
//! same table `netstat -rn` prints, decoded by the pure
//! [`parse_rt_dump`](crate::parse::rt_dump::parse_rt_dump). Reading it sends nothing.
#![allow(unsafe_code)]

use std::ffi::CStr;

use crate::parse::rt_dump::parse_rt_dump;
use crate::source::{RouteEntry, SourceError, TABLE_LIMIT};

/// Every route of both families.
pub(super) fn routes() -> Result<Vec<RouteEntry>, SourceError> {
    // CTL_NET, PF_ROUTE, protocol 0, every address family, NET_RT_DUMP, no flags.
    let mut mib = [libc::CTL_NET, libc::PF_ROUTE, 0, 0, libc::NET_RT_DUMP, 0];
    let mib_len = libc::c_uint::try_from(mib.len()).unwrap_or(6);
    // The table can grow between the size query and the read: try a few times.
    for _ in 0..4 {
        let mut len: libc::size_t = 0;
        // SAFETY: a null buffer asks only for the size, written to `len`.
        let rc = unsafe {
            libc::sysctl(
                mib.as_mut_ptr(),
                mib_len,
                std::ptr::null_mut(),
                &mut len,
                std::ptr::null_mut(),
                0,
            )
        };
        if rc != 0 {
            return Err(SourceError::Unsupported);
        }
        if len > TABLE_LIMIT {
            return Err(SourceError::TooLarge);
        }
        let mut buf = vec![0u8; len + len / 8 + 1024];
        let mut got: libc::size_t = buf.len();
        // SAFETY: `buf` is writable for `got` bytes; the kernel writes at most that and stores
        // the written length in `got`.
        let rc = unsafe {
            libc::sysctl(
                mib.as_mut_ptr(),
                mib_len,
                buf.as_mut_ptr().cast::<libc::c_void>(),
                &mut got,
                std::ptr::null_mut(),
                0,
            )
        };
        if rc == 0 {
            let (routes, _) = parse_rt_dump(buf.get(..got).unwrap_or(&[]), &name_of);
            return Ok(routes);
        }
        if std::io::Error::last_os_error().raw_os_error() != Some(libc::ENOMEM) {
            return Err(SourceError::Unsupported);
        }
    }
    Err(SourceError::Unsupported)
}

/// An interface's name from its index (`if_indextoname`).
fn name_of(index: u16) -> Option<String> {
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: `buf` has the IF_NAMESIZE bytes if_indextoname may write, NUL included.
    let p = unsafe { libc::if_indextoname(u32::from(index), buf.as_mut_ptr()) };
    if p.is_null() {
        return None;
    }
    // SAFETY: on success `buf` holds a NUL-terminated name.
    let name = unsafe { CStr::from_ptr(buf.as_ptr()) };
    name.to_str().ok().map(str::to_owned)
}
