//! The macOS and iOS backend: sysctls through `sysctlbyname`, the main display through Quartz
//! Display Services, and `getifaddrs` through `if-addrs`; no file is read. No process is
//! spawned (no `sysctl`, no `sw_vers`).
//!
//! Besides real sysctls it answers the pseudo-sysctls `env.SIMULATOR_MODEL_IDENTIFIER`,
//! `env.SIMULATOR_RUNTIME_VERSION` and `env.SIMULATOR_RUNTIME_BUILD_VERSION` from the process
//! environment the iOS simulator sets (no other environment variable is readable). `kern.uuid`
//! and `kern.hostname` are refused without asking the system.
#![allow(unsafe_code)]

use std::ffi::{CString, c_void};

use super::ifaddrs;
use crate::platform::Platform;
use crate::source::{Answer, FILE_LIMIT, Query, SourceError};

#[cfg(target_os = "macos")]
pub(super) const PLATFORM: Platform = Platform::MacOs;
#[cfg(not(target_os = "macos"))]
pub(super) const PLATFORM: Platform = Platform::Ios;

const SIMULATOR_ENV: &[&str] = &[
    "SIMULATOR_MODEL_IDENTIFIER",
    "SIMULATOR_RUNTIME_VERSION",
    "SIMULATOR_RUNTIME_BUILD_VERSION",
];

pub(super) fn query(query: &Query) -> Result<Answer, SourceError> {
    match query {
        // No Apple probe reads files, and answering would reach fstat/stat, which Apple lists
        // as required-reason APIs (file timestamps): the privacy manifest declares none.
        Query::File(_) | Query::Dir(_) | Query::Link(_) => Err(SourceError::Unsupported),
        Query::Interfaces => ifaddrs::interfaces(),
        Query::Sysctl(name) => match name.strip_prefix("env.") {
            Some(var) => environment(var).map(Answer::Text),
            None => sysctl_text(name).map(Answer::Text),
        },
        Query::Display => display(),
        Query::Routes => super::apple_routes::routes().map(Answer::Routes),
        Query::Property(_)
        | Query::Registry(..)
        | Query::WindowsVersion
        | Query::Adapters
        | Query::Rules
        | Query::Web(_) => Err(SourceError::Unsupported),
    }
}

fn environment(var: &str) -> Result<String, SourceError> {
    if !SIMULATOR_ENV.contains(&var) {
        return Err(SourceError::Unsupported);
    }
    let value = std::env::var_os(var).ok_or(SourceError::NotFound)?;
    value.into_string().map_err(|_| SourceError::Malformed)
}

/// A string sysctl. Numeric sysctls are not read by any probe and are answered as malformed.
fn sysctl_text(name: &str) -> Result<String, SourceError> {
    let c_name = CString::new(name).map_err(|_| SourceError::NotFound)?;
    let mut len: libc::size_t = 0;
    // SAFETY: a null buffer asks only for the size, written to `len`.
    let rc = unsafe {
        libc::sysctlbyname(
            c_name.as_ptr(),
            std::ptr::null_mut(),
            &raw mut len,
            std::ptr::null_mut(),
            0,
        )
    };
    if rc != 0 {
        return Err(SourceError::from_io(&std::io::Error::last_os_error()));
    }
    if len > FILE_LIMIT {
        return Err(SourceError::TooLarge);
    }
    // A value may grow between the two calls; leave room and let the second call report it.
    let mut buf = vec![0u8; len.saturating_add(64)];
    let mut got = buf.len();
    // SAFETY: buf has `got` writable bytes; the kernel writes at most that many and updates `got`.
    let rc = unsafe {
        libc::sysctlbyname(
            c_name.as_ptr(),
            buf.as_mut_ptr().cast::<c_void>(),
            &raw mut got,
            std::ptr::null_mut(),
            0,
        )
    };
    if rc != 0 {
        return Err(SourceError::from_io(&std::io::Error::last_os_error()));
    }
    buf.truncate(got);
    if buf.last() == Some(&0) {
        buf.pop();
    }
    if buf.contains(&0) {
        return Err(SourceError::Malformed);
    }
    String::from_utf8(buf).map_err(|_| SourceError::Malformed)
}

/// The main display's size (as currently shown) and the clockwise rotation of its content.
///
/// `CGDisplayRotation` gives the clockwise turn of the *physical* display (90 means its top is on
/// the right); the content is then turned the other way, so the report's clockwise content
/// rotation is `(360 - n) % 360`. `CGDisplayBounds` is in global coordinates, already rotated.
#[cfg(target_os = "macos")]
fn display() -> Result<Answer, SourceError> {
    #[repr(C)]
    struct CGRect {
        x: f64,
        y: f64,
        width: f64,
        height: f64,
    }
    #[link(name = "CoreGraphics", kind = "framework")]
    unsafe extern "C" {
        fn CGMainDisplayID() -> u32;
        fn CGDisplayRotation(display: u32) -> f64;
        fn CGDisplayBounds(display: u32) -> CGRect;
    }
    // SAFETY: these Quartz Display Services calls take a display id by value, return plain
    // values, and are documented as safe to call from any thread; an invalid id gives 0 values.
    let (rotation, bounds) = unsafe {
        let id = CGMainDisplayID();
        (CGDisplayRotation(id), CGDisplayBounds(id))
    };
    let size = |v: f64| {
        if v.is_finite() && v >= 1.0 && v <= f64::from(u32::MAX) {
            Ok(v.round() as u32)
        } else {
            Err(SourceError::NotFound)
        }
    };
    let physical = match rotation.round() as i64 {
        r @ (0 | 90 | 180 | 270) => r,
        360 => 0,
        _ => return Err(SourceError::Malformed),
    };
    let content = u16::try_from((360 - physical) % 360).map_err(|_| SourceError::Malformed)?;
    Ok(Answer::Display(crate::source::DisplayInfo::new(
        size(bounds.width)?,
        size(bounds.height)?,
        content,
    )))
}

/// iOS has no display query a library may make: the orientation comes from the host's UI.
#[cfg(not(target_os = "macos"))]
fn display() -> Result<Answer, SourceError> {
    Err(SourceError::Unsupported)
}

/// A `PF_ROUTE` socket (`super::route_socket`); `None` when it cannot be opened (subscriptions
/// then poll). Path attributes (`isExpensive`, `isConstrained`) come from the host's
/// `NWPathMonitor` push.
pub(super) fn network_changes() -> Option<Box<dyn crate::source::ChangeFeed>> {
    let feed = super::route_socket::RouteSocket::open().ok()?;
    Some(Box::new(feed))
}
