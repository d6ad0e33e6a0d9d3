//! Subscriptions: a C callback receives each change as JSON on devprobe's watcher thread.
//!
//! Each subscription has one delivery thread (`devprobe-ffi-watch`). It blocks on the core
//! subscription (no timer: an idle subscription never wakes) and calls the callback; it is the
//! only thread that ever calls it, so calls never overlap. Unsubscribing stops the core
//! subscription through its [`SubscriptionStopper`], which ends the blocked wait.
//! The rule for ending one, from any thread including the callback's own:
//! - `devprobe_unsubscribe` from another thread waits for a callback in progress to return and
//!   for the delivery thread to end, runs the destructor, and returns: no call happens after.
//! - `devprobe_unsubscribe` from inside the callback (same subscription) does not wait for
//!   itself: it marks the subscription stopped and returns at once; no further call is made,
//!   and the destructor runs on the watcher thread as soon as the callback returns.

use std::ffi::{CString, c_char, c_void};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};

use devprobe::SubscriptionStopper;

use crate::args::non_null;
use crate::collector::DevprobeCollector;
use crate::error::{DevprobeError, Failure, guard};

/// Receives one change as JSON, e.g.
/// `{"changed":["screen.orientation","screen.rotation_degrees"],"route_changed":false,"screen":{"orientation":"landscape_primary","rotation_degrees":90,"source":"host"}}`,
/// or NULL once when the subscription ended because consent was withdrawn (no call follows;
/// still call `devprobe_unsubscribe`). `change_json` belongs to devprobe and is valid only
/// during the call: copy what you keep, never free it. Runs on devprobe's watcher thread, one
/// call at a time; it must not throw (C++) or longjmp out.
pub type DevprobeChangeCallback =
    Option<unsafe extern "C" fn(change_json: *const c_char, user_data: *mut c_void)>;

/// Releases `user_data`, exactly once, after the last callback call has returned.
pub type DevprobeDestroyCallback = Option<unsafe extern "C" fn(user_data: *mut c_void)>;

/// An opaque subscription, from `devprobe_collector_subscribe`; end it with
/// `devprobe_unsubscribe`, which frees it.
#[derive(Debug)]
pub struct DevprobeSubscription {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// The host's `user_data`, handed back on the watcher thread.
#[derive(Debug, Clone, Copy)]
struct UserPtr(*mut c_void);

// SAFETY: `devprobe_collector_subscribe`'s contract: user_data may be used from the watcher
// thread; devprobe never dereferences it.
unsafe impl Send for UserPtr {}
// SAFETY: as for Send; devprobe only copies the pointer.
unsafe impl Sync for UserPtr {}

#[derive(Debug)]
struct Shared {
    stopped: AtomicBool,
    /// Ends the core subscription, waking the delivery thread.
    stopper: SubscriptionStopper,
    callback: unsafe extern "C" fn(*const c_char, *mut c_void),
    user: UserPtr,
    /// Taken by whoever runs it, so it runs exactly once.
    destroy: Mutex<Option<DevprobeDestroyCallback>>,
}

impl Shared {
    fn stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    /// Marks the subscription stopped and wakes the delivery thread.
    fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.stopper.stop();
    }

    fn call(&self, change_json: *const c_char) {
        // SAFETY: subscribe's contract: the callback may be called from the watcher thread with
        // user_data until the destructor ran (it has not: it runs after the last call).
        unsafe { (self.callback)(change_json, self.user.0) }
    }

    /// Runs the destructor if nobody has yet.
    fn destroy(&self) {
        let taken = self
            .destroy
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(Some(destroy)) = taken {
            // SAFETY: subscribe's contract; taken once, so it runs once, after the last call.
            unsafe { destroy(self.user.0) }
        }
    }
}

/// The delivery thread's body.
fn deliver(mut subscription: devprobe::Subscription, shared: &Shared) {
    // Ends when consent is withdrawn or `Shared::stop` stopped the core subscription.
    for change in subscription.by_ref() {
        if shared.stopped() {
            break;
        }
        let json = serde_json::to_string(&change)
            .ok()
            .and_then(|j| CString::new(j).ok());
        if let Some(json) = json
            && !shared.stopped()
        {
            shared.call(json.as_ptr());
        }
    }
    let ended_by_consent = !shared.stopped();
    // Stops the core watcher (its thread and socket) before anything else.
    drop(subscription);
    if ended_by_consent && !shared.stopped() {
        shared.call(std::ptr::null());
    }
    if shared.stopped() {
        shared.destroy();
    }
}

/// Watches the network facts and the screen orientation, and calls `callback(change_json,
/// user_data)` on each change: network changes debounced (500 ms), host-pushed orientations at
/// once. Only granted fields are delivered. The subscription is stored in
/// `*subscription_out`; end it with `devprobe_unsubscribe` (it also ends by itself, with a
/// last NULL call, when consent is withdrawn). It does not depend on the collector handle: the
/// collector may be freed first.
///
/// Threads: the callback runs on a thread devprobe starts for this subscription, never on the
/// caller's, one call at a time. From inside it you may call any devprobe function, including
/// `devprobe_unsubscribe` on this same subscription (see there); do not unsubscribe another
/// subscription from inside a callback (it would wait for that one's callback).
///
/// # Errors
/// `DEVPROBE_ERROR_CONSENT_REQUIRED` when none of connectivity, server selection and video
/// orientation is granted (nothing is read); `DEVPROBE_ERROR_NULL_POINTER` (collector,
/// callback, subscription_out); `DEVPROBE_ERROR_INTERNAL` when no thread could be started. On
/// error the destructor is not called: `user_data` is still yours.
///
/// # Safety
/// `collector` is NULL or a live handle; `subscription_out` is NULL or writable; `callback`
/// and `destroy` (which may be NULL) may be called from another thread with `user_data` until
/// `destroy` has run.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_collector_subscribe(
    collector: *const DevprobeCollector,
    callback: DevprobeChangeCallback,
    user_data: *mut c_void,
    destroy: DevprobeDestroyCallback,
    subscription_out: *mut *mut DevprobeSubscription,
) -> DevprobeError {
    guard(|| {
        if subscription_out.is_null() {
            return Err(Failure::null("subscription_out"));
        }
        // SAFETY: checked non-NULL; the caller promised it is writable.
        unsafe { subscription_out.write(std::ptr::null_mut()) };
        // SAFETY: the caller's contract.
        let handle = unsafe { non_null(collector, "collector") }?;
        let callback = callback.ok_or_else(|| Failure::null("callback"))?;
        let subscription = handle.collector.subscribe()?;
        let shared = Arc::new(Shared {
            stopped: AtomicBool::new(false),
            stopper: subscription.stopper(),
            callback,
            user: UserPtr(user_data),
            destroy: Mutex::new(Some(destroy)),
        });
        let for_thread = Arc::clone(&shared);
        let thread = thread::Builder::new()
            .name("devprobe-ffi-watch".into())
            .spawn(move || {
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    deliver(subscription, &for_thread);
                }));
            })
            .map_err(|e| Failure::internal(format!("cannot start the watcher thread: {e}")))?;
        let boxed = Box::new(DevprobeSubscription {
            shared,
            thread: Some(thread),
        });
        // SAFETY: checked non-NULL; the caller promised it is writable.
        unsafe { subscription_out.write(Box::into_raw(boxed)) };
        Ok(())
    })
}

/// Ends a subscription and frees it. NULL does nothing.
///
/// From any thread other than the subscription's watcher thread: waits for a callback in
/// progress to return and for the watcher to stop, runs the destructor, then returns; no
/// callback happens after it returns.
///
/// From inside this subscription's own callback: returns at once without waiting (it cannot
/// wait for itself); no further callback is made, and the destructor runs on the watcher thread
/// right after the current callback returns. Never a deadlock.
///
/// # Safety
/// `subscription` is NULL or a subscription not yet unsubscribed, which no other thread is
/// unsubscribing; it must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_unsubscribe(subscription: *mut DevprobeSubscription) {
    let _: DevprobeError = guard(|| {
        if subscription.is_null() {
            return Ok(());
        }
        // SAFETY: the caller promises a live subscription from Box::into_raw, unsubscribed once.
        let mut handle = unsafe { Box::from_raw(subscription) };
        handle.shared.stop();
        if let Some(thread) = handle.thread.take() {
            if thread.thread().id() == thread::current().id() {
                // Inside the callback: the watcher thread destroys after it returns.
                drop(thread);
                return Ok(());
            }
            let _ = thread.join();
        }
        handle.shared.destroy();
        Ok(())
    });
}
