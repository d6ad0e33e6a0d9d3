//! The rule for ending a subscription through the C ABI, from every thread it can be called on:
//! inside its own callback (returns at once, destructor after the callback returns), from
//! another thread while a callback runs (waits for it; nothing is called afterwards), and from
//! the last NULL call a withdrawal makes. The destructor runs exactly once in each case.

// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ffi::{CStr, c_char, c_void};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use devprobe_ffi::*;

#[derive(Default)]
struct Probe {
    calls: AtomicUsize,
    ended: AtomicUsize,
    destroyed: AtomicUsize,
    in_callback: AtomicBool,
    /// Set when the destructor ran while a callback was still running (a bug).
    destroyed_during_callback: AtomicBool,
    destroyed_on: Mutex<Option<String>>,
    /// When set, the callback unsubscribes this handle (taken once).
    unsubscribe: AtomicPtr<DevprobeSubscription>,
    /// How long each callback lingers.
    linger_ms: AtomicUsize,
    unsubscribe_took: Mutex<Option<Duration>>,
    /// The callback's thread as `/proc/thread-self` names it (`PID/task/TID`), on Linux.
    thread_self: Mutex<Option<std::path::PathBuf>>,
    wake: (Mutex<()>, Condvar),
}

impl Probe {
    fn notify(&self) {
        let _guard = self.wake.0.lock().unwrap();
        self.wake.1.notify_all();
    }

    fn wait(&self, what: impl Fn(&Probe) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut guard = self.wake.0.lock().unwrap();
        while !what(self) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "timed out");
            guard = self.wake.1.wait_timeout(guard, left).unwrap().0;
        }
    }
}

unsafe extern "C" fn on_change(change_json: *const c_char, user_data: *mut c_void) {
    // SAFETY: user_data is the &Probe the test passed, alive until the destructor ran.
    let probe = unsafe { &*(user_data as *const Probe) };
    probe.in_callback.store(true, Ordering::SeqCst);
    probe.notify();
    if change_json.is_null() {
        probe.ended.fetch_add(1, Ordering::SeqCst);
    } else {
        // SAFETY: devprobe passes a NUL-terminated JSON string valid during the call.
        let json = unsafe { CStr::from_ptr(change_json) }.to_str().unwrap();
        assert!(json.starts_with("{\"changed\":["), "{json}");
        *probe.thread_self.lock().unwrap() = std::fs::read_link("/proc/thread-self").ok();
        probe.calls.fetch_add(1, Ordering::SeqCst);
    }
    thread::sleep(Duration::from_millis(
        probe.linger_ms.load(Ordering::SeqCst) as u64,
    ));
    let own = probe.unsubscribe.swap(ptr::null_mut(), Ordering::SeqCst);
    if !own.is_null() {
        let started = Instant::now();
        // SAFETY: the test's own live subscription, unsubscribed once (swapped out above).
        unsafe { devprobe_unsubscribe(own) };
        *probe.unsubscribe_took.lock().unwrap() = Some(started.elapsed());
    }
    probe.in_callback.store(false, Ordering::SeqCst);
    probe.notify();
}

unsafe extern "C" fn on_destroy(user_data: *mut c_void) {
    // SAFETY: as in on_change.
    let probe = unsafe { &*(user_data as *const Probe) };
    if probe.in_callback.load(Ordering::SeqCst) {
        probe
            .destroyed_during_callback
            .store(true, Ordering::SeqCst);
    }
    *probe.destroyed_on.lock().unwrap() = thread::current().name().map(str::to_owned);
    probe.destroyed.fetch_add(1, Ordering::SeqCst);
    probe.notify();
}

struct Handles {
    consent: *mut DevprobeConsent,
    collector: *mut DevprobeCollector,
}

impl Handles {
    /// A live collector with only video orientation granted (no network socket).
    fn new() -> Handles {
        let mut consent = ptr::null_mut();
        let mut collector = ptr::null_mut();
        // SAFETY: valid out-pointers; the handles are freed in Drop.
        unsafe {
            assert_eq!(devprobe_consent_new(&mut consent), DevprobeError::Ok);
            let granted = devprobe_consent_grant(
                consent,
                DEVPROBE_PURPOSE_VIDEO_ORIENTATION,
                ptr::null_mut(),
            );
            assert_eq!(granted, DevprobeError::Ok);
            let built = devprobe_collector_new(consent, ptr::null(), &mut collector);
            assert_eq!(built, DevprobeError::Ok);
        }
        Handles { consent, collector }
    }

    fn subscribe(&self, probe: &Probe) -> *mut DevprobeSubscription {
        let mut sub = ptr::null_mut();
        let user = probe as *const Probe as *mut c_void;
        // SAFETY: the probe outlives the subscription (each test waits for the destructor).
        let code = unsafe {
            devprobe_collector_subscribe(
                self.collector,
                Some(on_change),
                user,
                Some(on_destroy),
                &mut sub,
            )
        };
        assert_eq!(code, DevprobeError::Ok);
        sub
    }

    fn push(&self, degrees: i32) {
        let orientation = DevprobeOrientation {
            orientation: if degrees % 180 == 0 { 0 } else { 2 },
            rotation_degrees: degrees,
        };
        // SAFETY: live collector, valid struct.
        let code = unsafe { devprobe_collector_set_orientation(self.collector, &orientation) };
        assert_eq!(code, DevprobeError::Ok);
    }
}

impl Drop for Handles {
    fn drop(&mut self) {
        // SAFETY: the handles from new(), freed once.
        unsafe {
            devprobe_collector_free(self.collector);
            devprobe_consent_free(self.consent);
        }
    }
}

#[test]
fn unsubscribing_inside_the_own_callback_returns_at_once_and_destroys_after_it() {
    let handles = Handles::new();
    let probe = Probe::default();
    probe.linger_ms.store(200, Ordering::SeqCst);
    let sub = handles.subscribe(&probe);
    probe.unsubscribe.store(sub, Ordering::SeqCst);
    handles.push(90);
    probe.wait(|p| p.destroyed.load(Ordering::SeqCst) == 1);
    let took = probe.unsubscribe_took.lock().unwrap().unwrap();
    assert!(
        took < Duration::from_millis(100),
        "waited {took:?} for itself"
    );
    assert!(!probe.destroyed_during_callback.load(Ordering::SeqCst));
    assert_eq!(
        probe.destroyed_on.lock().unwrap().as_deref(),
        Some("devprobe-ffi-watch")
    );
    handles.push(180);
    thread::sleep(Duration::from_millis(300));
    assert_eq!(probe.calls.load(Ordering::SeqCst), 1);
    assert_eq!(probe.destroyed.load(Ordering::SeqCst), 1);
}

#[test]
fn unsubscribing_from_another_thread_waits_for_the_running_callback() {
    let handles = Handles::new();
    let probe = Probe::default();
    probe.linger_ms.store(300, Ordering::SeqCst);
    let sub = handles.subscribe(&probe);
    handles.push(90);
    probe.wait(|p| p.in_callback.load(Ordering::SeqCst));
    // SAFETY: the live subscription, unsubscribed once.
    unsafe { devprobe_unsubscribe(sub) };
    assert!(
        !probe.in_callback.load(Ordering::SeqCst),
        "returned during a callback"
    );
    assert_eq!(probe.destroyed.load(Ordering::SeqCst), 1);
    assert!(!probe.destroyed_during_callback.load(Ordering::SeqCst));
    let calls = probe.calls.load(Ordering::SeqCst);
    handles.push(270);
    thread::sleep(Duration::from_millis(300));
    assert_eq!(probe.calls.load(Ordering::SeqCst), calls);
    assert_eq!(probe.destroyed.load(Ordering::SeqCst), 1);
}

#[test]
fn withdrawal_ends_with_one_null_call_that_may_unsubscribe() {
    let handles = Handles::new();
    let probe = Probe::default();
    let sub = handles.subscribe(&probe);
    handles.push(90);
    probe.wait(|p| p.calls.load(Ordering::SeqCst) == 1);
    probe.unsubscribe.store(sub, Ordering::SeqCst);
    // SAFETY: live consent handle; no receipt wanted.
    let code = unsafe { devprobe_consent_withdraw(handles.consent, ptr::null_mut()) };
    assert_eq!(code, DevprobeError::Ok);
    probe.wait(|p| p.destroyed.load(Ordering::SeqCst) == 1);
    assert_eq!(probe.ended.load(Ordering::SeqCst), 1);
    assert_eq!(probe.calls.load(Ordering::SeqCst), 1);
}

#[test]
fn a_subscription_outlives_its_collector() {
    let mut handles = Handles::new();
    let probe = Probe::default();
    let sub = handles.subscribe(&probe);
    // Free the collector (Handles::drop then frees only the consent) and end the subscription
    // by withdrawal.
    // SAFETY: freed once; NULL afterwards.
    unsafe { devprobe_collector_free(handles.collector) };
    handles.collector = ptr::null_mut();
    // SAFETY: live consent handle.
    unsafe { devprobe_consent_withdraw(handles.consent, ptr::null_mut()) };
    probe.wait(|p| p.ended.load(Ordering::SeqCst) == 1);
    // SAFETY: the live subscription, unsubscribed once.
    unsafe { devprobe_unsubscribe(sub) };
    assert_eq!(probe.destroyed.load(Ordering::SeqCst), 1);
}

/// The delivery thread's voluntary context switches so far (each is one wake from a wait).
#[cfg(target_os = "linux")]
fn wakes(task: &std::path::Path) -> u64 {
    let status =
        std::fs::read_to_string(std::path::Path::new("/proc").join(task).join("status")).unwrap();
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix("voluntary_ctxt_switches:"))
        .unwrap();
    line.trim().parse().unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn an_idle_subscription_sleeps_instead_of_waking_on_a_timer() {
    let handles = Handles::new();
    let probe = Probe::default();
    let sub = handles.subscribe(&probe);
    handles.push(90);
    probe.wait(|p| p.calls.load(Ordering::SeqCst) == 1 && !p.in_callback.load(Ordering::SeqCst));
    let task = probe.thread_self.lock().unwrap().clone().unwrap();
    thread::sleep(Duration::from_millis(100));
    let before = wakes(&task);
    // Nothing happens for a second: a thread that polls (every 100 ms, say) wakes ~10 times;
    // a thread blocked until a change or a stop, at most once or twice (load, signals).
    thread::sleep(Duration::from_secs(1));
    let idle_wakes = wakes(&task) - before;
    // SAFETY: the live subscription, unsubscribed once.
    unsafe { devprobe_unsubscribe(sub) };
    assert_eq!(probe.destroyed.load(Ordering::SeqCst), 1);
    assert!(
        idle_wakes <= 2,
        "the idle delivery thread woke {idle_wakes} times in 1 s"
    );
}
