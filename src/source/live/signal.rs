//! A change signal an OS callback raises and a subscriber waits on: the Windows feed's
//! notification callbacks only call [`Signal::raise`] (they never read anything), and the
//! subscriber sleeps on a condition variable in [`Signal::wait`] until a signal, a wake, or its
//! deadline. No thread of devprobe's and no timer is involved.

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

#[derive(Debug, Default)]
struct State {
    /// Signals raised since the last wait took them.
    pending: u64,
    /// A wake the subscriber asked for (a stop, a host push); sticky until a wait takes it.
    woken: bool,
}

/// See the module doc.
#[derive(Debug, Default)]
pub(super) struct Signal {
    state: Mutex<State>,
    cv: Condvar,
}

impl Signal {
    /// Records a change and wakes the waiter. Cheap and non-blocking but for a short lock.
    pub(super) fn raise(&self) {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        s.pending = s.pending.saturating_add(1);
        self.cv.notify_all();
    }

    /// Ends a wait in progress (or the next one) without a change.
    pub(super) fn wake(&self) {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        s.woken = true;
        self.cv.notify_all();
    }

    /// Sleeps until a change (true, all pending ones taken), a wake or `timeout` (false).
    pub(super) fn wait(&self, timeout: Duration) -> bool {
        let deadline = Instant::now().checked_add(timeout);
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if s.pending > 0 {
                s.pending = 0;
                return true;
            }
            if s.woken {
                s.woken = false;
                return false;
            }
            s = match deadline {
                None => self.cv.wait(s).unwrap_or_else(PoisonError::into_inner),
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        return false;
                    }
                    self.cv
                        .wait_timeout(s, d - now)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    // What the Windows callbacks do, replayed: a burst of notifications from another thread
    // (as Windows calls them) is one change to the waiter; a wake is none; nothing is a timeout.
    #[test]
    fn raised_notifications_wake_the_waiter_once() {
        let signal = Arc::new(Signal::default());
        let from_os = Arc::clone(&signal);
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            for _ in 0..3 {
                from_os.raise();
            }
        });
        let start = Instant::now();
        assert!(signal.wait(Duration::from_secs(10)));
        assert!(start.elapsed() < Duration::from_secs(5));
        t.join().unwrap();
        std::thread::sleep(Duration::from_millis(5));
        // The rest of the burst was taken with the first (or arrives as at most one more).
        let _ = signal.wait(Duration::ZERO);
        assert!(!signal.wait(Duration::from_millis(10)));
        signal.wake();
        assert!(!signal.wait(Duration::from_secs(10)));
        signal.raise();
        signal.wake();
        assert!(signal.wait(Duration::ZERO));
    }
}
