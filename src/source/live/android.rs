//! The Android backend: system properties through bionic's property API (no `getprop` process),
//! files as on Linux, and `getifaddrs` through `if-addrs`.
//!
//! Properties are read with `__system_property_find` and `__system_property_read_callback`
//! (API 26+, looked up at run time so the library still loads on older releases, where
//! `__system_property_get` is used instead; values there are at most 91 bytes, as those releases
//! store them). Serial numbers and IMEI/ICCID/MEID/IMSI properties are refused without asking
//! the system.
#![allow(unsafe_code)]

use std::ffi::{CStr, CString, c_char, c_void};
use std::sync::OnceLock;

use super::{ifaddrs, unix_fs};
use crate::platform::Platform;
use crate::source::{Answer, FILE_LIMIT, Query, SourceError};

pub(super) const PLATFORM: Platform = Platform::Android;

pub(super) fn query(query: &Query) -> Result<Answer, SourceError> {
    match query {
        Query::File(_) | Query::Dir(_) | Query::Link(_) => unix_fs::query(query),
        Query::Interfaces => ifaddrs::interfaces(),
        Query::Property(name) => property(name).map(Answer::Text),
        Query::Sysctl(_)
        | Query::Registry(..)
        | Query::WindowsVersion
        | Query::Adapters
        | Query::Display
        | Query::Routes
        | Query::Rules
        | Query::Web(_) => Err(SourceError::Unsupported),
    }
}

type ReadCallback = unsafe extern "C" fn(
    pi: *const libc::prop_info,
    callback: unsafe extern "C" fn(*mut c_void, *const c_char, *const c_char, u32),
    cookie: *mut c_void,
);

/// `__system_property_read_callback`, when this Android has it (API 26+).
fn read_callback() -> Option<ReadCallback> {
    static FN: OnceLock<Option<ReadCallback>> = OnceLock::new();
    *FN.get_or_init(|| {
        // SAFETY: dlsym with RTLD_DEFAULT and a NUL-terminated name only looks a symbol up.
        let sym = unsafe {
            libc::dlsym(
                libc::RTLD_DEFAULT,
                c"__system_property_read_callback".as_ptr(),
            )
        };
        if sym.is_null() {
            None
        } else {
            // SAFETY: the symbol bionic exports under this name has exactly this signature
            // (<sys/system_properties.h>).
            Some(unsafe { std::mem::transmute::<*mut c_void, ReadCallback>(sym) })
        }
    })
}

fn property(name: &str) -> Result<String, SourceError> {
    let c_name = CString::new(name).map_err(|_| SourceError::NotFound)?;
    // SAFETY: c_name is a valid NUL-terminated string that outlives the call.
    let pi = unsafe { libc::__system_property_find(c_name.as_ptr()) };
    if pi.is_null() {
        return Err(SourceError::NotFound);
    }
    let value = match read_callback() {
        Some(read) => {
            let mut out: Option<Result<String, SourceError>> = None;
            // SAFETY: pi came from __system_property_find; the callback only writes through the
            // cookie, which points at `out` and lives until read() returns (it calls back
            // synchronously).
            unsafe { read(pi, on_value, (&raw mut out).cast::<c_void>()) };
            out.unwrap_or(Err(SourceError::NotFound))?
        }
        None => {
            let mut buf = [0 as c_char; libc::PROP_VALUE_MAX as usize];
            // SAFETY: buf holds PROP_VALUE_MAX bytes, the most __system_property_get writes.
            unsafe { libc::__system_property_get(c_name.as_ptr(), buf.as_mut_ptr()) };
            // SAFETY: __system_property_get NUL-terminates what it writes; buf was zeroed.
            let value = unsafe { CStr::from_ptr(buf.as_ptr()) };
            value.to_string_lossy().into_owned()
        }
    };
    Ok(value)
}

unsafe extern "C" fn on_value(
    cookie: *mut c_void,
    _name: *const c_char,
    value: *const c_char,
    _serial: u32,
) {
    if cookie.is_null() || value.is_null() {
        return;
    }
    // SAFETY: cookie is the `&mut Option<Result<..>>` passed by property(), alive for this call.
    let out = unsafe { &mut *cookie.cast::<Option<Result<String, SourceError>>>() };
    // SAFETY: bionic passes a NUL-terminated value that stays valid during the callback.
    let bytes = unsafe { CStr::from_ptr(value) }.to_bytes();
    *out = Some(if bytes.len() > FILE_LIMIT {
        Err(SourceError::TooLarge)
    } else {
        Ok(String::from_utf8_lossy(bytes).into_owned())
    });
}

/// No pushed change feed here: subscriptions poll (and take what the host pushes). On Android,
/// apps may not bind rtnetlink sockets (API 30+); on Apple the system's path monitor lives in
/// Network.framework, on the host's side.
pub(super) fn network_changes() -> Option<Box<dyn crate::source::ChangeFeed>> {
    None
}
