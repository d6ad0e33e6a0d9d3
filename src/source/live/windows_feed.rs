//! The Windows change feed: `NotifyIpInterfaceChange` (interfaces up/down, metrics),
//! `NotifyRouteChange2` (routes of both families) and `NotifyUnicastIpAddressChange`
//! (addresses). Windows calls the callbacks on its own threads; each only raises the shared
//! [`Signal`] and never reads a row or the system. The subscriber sleeps in [`Signal::wait`].
//! Dropping the feed cancels the three registrations (`CancelMibChangeNotify2` waits for a
//! callback in progress) before the signal they point at is released.
#![allow(unsafe_code)]

use std::ffi::c_void;
use std::sync::Arc;
use std::time::Duration;

use windows_sys::Win32::Foundation::{ERROR_SUCCESS, HANDLE};
use windows_sys::Win32::NetworkManagement::IpHelper::{
    CancelMibChangeNotify2, MIB_IPFORWARD_ROW2, MIB_IPINTERFACE_ROW, MIB_NOTIFICATION_TYPE,
    MIB_UNICASTIPADDRESS_ROW, NotifyIpInterfaceChange, NotifyRouteChange2,
    NotifyUnicastIpAddressChange,
};
use windows_sys::Win32::Networking::WinSock::AF_UNSPEC;

use super::signal::Signal;
use crate::source::{ChangeFeed, SourceError, Via};

/// The three registrations and the signal they raise.
pub(super) struct IpHelperFeed {
    signal: Arc<Signal>,
    handles: Vec<HANDLE>,
}

// SAFETY: the handles are opaque registration tokens, only passed to CancelMibChangeNotify2
// once, from whichever thread drops the feed.
unsafe impl Send for IpHelperFeed {}

unsafe extern "system" fn on_interface(
    context: *const c_void,
    _row: *const MIB_IPINTERFACE_ROW,
    _kind: MIB_NOTIFICATION_TYPE,
) {
    // SAFETY: `context` is the `Signal` the feed keeps alive until every registration is
    // cancelled (see `Drop`).
    unsafe { raise(context) }
}

unsafe extern "system" fn on_route(
    context: *const c_void,
    _row: *const MIB_IPFORWARD_ROW2,
    _kind: MIB_NOTIFICATION_TYPE,
) {
    // SAFETY: as in `on_interface`.
    unsafe { raise(context) }
}

unsafe extern "system" fn on_address(
    context: *const c_void,
    _row: *const MIB_UNICASTIPADDRESS_ROW,
    _kind: MIB_NOTIFICATION_TYPE,
) {
    // SAFETY: as in `on_interface`.
    unsafe { raise(context) }
}

/// # Safety
/// `context` is null or points to a live `Signal`.
unsafe fn raise(context: *const c_void) {
    // SAFETY: the caller's contract.
    if let Some(signal) = unsafe { context.cast::<Signal>().as_ref() } {
        signal.raise();
    }
}

impl IpHelperFeed {
    /// Registers the three notifications; `None` when any cannot be (subscriptions then poll).
    pub(super) fn open() -> Option<IpHelperFeed> {
        let signal = Arc::new(Signal::default());
        let context = Arc::as_ptr(&signal).cast::<c_void>();
        let mut feed = IpHelperFeed {
            signal,
            handles: Vec::with_capacity(3),
        };
        let mut handle: HANDLE = std::ptr::null_mut();
        // SAFETY: a valid callback and context (alive until Drop cancels), an out pointer.
        let rc = unsafe {
            NotifyIpInterfaceChange(AF_UNSPEC, Some(on_interface), context, false, &mut handle)
        };
        feed.keep(rc, handle)?;
        let mut handle: HANDLE = std::ptr::null_mut();
        // SAFETY: as above.
        let rc =
            unsafe { NotifyRouteChange2(AF_UNSPEC, Some(on_route), context, false, &mut handle) };
        feed.keep(rc, handle)?;
        let mut handle: HANDLE = std::ptr::null_mut();
        // SAFETY: as above.
        let rc = unsafe {
            NotifyUnicastIpAddressChange(AF_UNSPEC, Some(on_address), context, false, &mut handle)
        };
        feed.keep(rc, handle)?;
        Some(feed)
    }

    fn keep(&mut self, rc: u32, handle: HANDLE) -> Option<()> {
        if rc != ERROR_SUCCESS || handle.is_null() {
            return None;
        }
        self.handles.push(handle);
        Some(())
    }
}

impl Drop for IpHelperFeed {
    fn drop(&mut self) {
        for handle in self.handles.drain(..) {
            // SAFETY: a registration of ours, cancelled once; this waits for a callback in
            // progress, so none runs after the signal is released.
            let _ = unsafe { CancelMibChangeNotify2(handle) };
        }
    }
}

impl ChangeFeed for IpHelperFeed {
    fn wait(&mut self, timeout: Duration) -> Result<bool, SourceError> {
        Ok(self.signal.wait(timeout))
    }

    fn waker(&self) -> Option<Box<dyn Fn() + Send + Sync>> {
        let signal = Arc::clone(&self.signal);
        Some(Box::new(move || signal.wake()))
    }

    fn via(&self) -> Via {
        Via::IpHelper
    }
}
