//! Whether the read in progress on this thread is a collect's read on its caller's thread
//! (`guard.rs` marks it), and a live source's request, made during such a read, to have it run on
//! a worker instead: the source found, at the moment of reading, what the judgement that sent it
//! there could not have seen (a mount made since, `unix_fs.rs`). Per thread, no lock.

use std::cell::Cell;

thread_local! {
    static ON_CALLER: Cell<bool> = const { Cell::new(false) };
    static WANTS_WORKER: Cell<bool> = const { Cell::new(false) };
}

/// Marks the current thread's read as on the caller's thread while it lives.
pub(crate) struct CallerRead {
    was: bool,
}

impl CallerRead {
    /// Marks the read; the mark is undone when the value is dropped.
    pub(crate) fn begin() -> CallerRead {
        let was = ON_CALLER.with(|c| c.replace(true));
        WANTS_WORKER.with(|w| w.set(false));
        CallerRead { was }
    }
}

impl Drop for CallerRead {
    fn drop(&mut self) {
        ON_CALLER.with(|c| c.set(self.was));
    }
}

/// Whether this thread's read runs on the thread that asked for it under a deadline (a collect's
/// caller, a subscription's watcher); a worker's read, or an unbounded collect's, does not count.
#[allow(
    dead_code,
    reason = "only the Linux kernel-tree reads ask (no target cfg here)"
)]
pub(crate) fn on_caller() -> bool {
    ON_CALLER.with(Cell::get)
}

/// Asks for the read in progress to be run again on a worker (no effect off the caller's thread).
#[allow(
    dead_code,
    reason = "only the Linux kernel-tree reads ask (no target cfg here)"
)]
pub(crate) fn ask_for_worker() {
    if on_caller() {
        WANTS_WORKER.with(|w| w.set(true));
    }
}

/// Whether the read just made asked for a worker; clears the request.
pub(crate) fn take_wants_worker() -> bool {
    WANTS_WORKER.with(|w| w.replace(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_counts_only_on_the_callers_thread_and_is_taken_once() {
        ask_for_worker();
        assert!(!take_wants_worker());
        {
            let _read = CallerRead::begin();
            assert!(on_caller());
            ask_for_worker();
        }
        assert!(!on_caller());
        assert!(take_wants_worker());
        assert!(!take_wants_worker());
    }
}
