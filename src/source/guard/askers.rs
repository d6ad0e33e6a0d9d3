//! The reads in flight in this process, each with the instant its asker gives up on it: what
//! the guard's quarantine searches (a read still in flight past that instant is hung).
//!
//! - A read on its asker's thread (inline) is held in that thread's own slot: a few atomic
//!   stores, no lock. Slots are made once per thread that reads (kept for the process, handed
//!   to a later thread once their thread has ended), and found by walking their list.
//! - A read handed to a worker (and a nested or late read that finds its thread's slot taken
//!   or gone) is held in a list under a lock, as every read was before.
//! - A count of the reads in flight lets a query skip both searches when there is none (the
//!   common case: one collect at a time, its reads one after another).
//!
//! Registering and searching are not one atomic step: a read registered while another query
//! searches may be missed by that search, exactly as if it had started just after it.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering, fence};
use std::sync::{Mutex, OnceLock};
use web_time::Instant;

use super::{Print, lock};
use crate::source::SourceError;

/// Reads in flight now, in slots and in the list.
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
/// Reads held in [`LISTED`] (its length, read without the lock).
static LISTED_LEN: AtomicUsize = AtomicUsize::new(0);
static LISTED: Mutex<Vec<Listed>> = Mutex::new(Vec::new());
static NEXT_ID: AtomicU64 = AtomicU64::new(0);
/// The first slot; each slot holds the next.
static FIRST: OnceLock<&'static Slot> = OnceLock::new();
/// Held while a slot is added to the list.
static GROW: Mutex<()> = Mutex::new(());
/// What [`stamp`]s count from.
static BASE: OnceLock<Instant> = OnceLock::new();

/// An instant as nanoseconds since the first stamp of the process (so it fits an atomic).
pub(super) fn stamp(at: Instant) -> u64 {
    let base = *BASE.get_or_init(Instant::now);
    u64::try_from(at.saturating_duration_since(base).as_nanos()).unwrap_or(u64::MAX)
}

struct Listed {
    id: u64,
    /// The asked source's `Source::device_key`.
    device: usize,
    query: Print,
    gives_up: Instant,
}

/// One thread's inline read. A seqlock: `seq` is odd while the read is in flight, and the
/// fields are written only while it is even, so a search that reads `seq` odd and unchanged
/// around the fields read one read's fields.
struct Slot {
    seq: AtomicU64,
    /// Whether a live thread holds this slot.
    owned: AtomicBool,
    device: AtomicUsize,
    query: AtomicU64,
    dir: AtomicU64,
    has_dir: AtomicBool,
    /// [`stamp`] of the instant the asker gives up.
    gives_up: AtomicU64,
    next: OnceLock<&'static Slot>,
}

impl Slot {
    /// Whether this slot's read is in flight past its give-up instant and `query` is related.
    fn hung_before(&self, device: usize, query: Print, now: &mut impl FnMut() -> u64) -> bool {
        let seq = self.seq.load(Ordering::Acquire);
        if seq & 1 == 0 {
            return false;
        }
        let theirs = Print {
            query: self.query.load(Ordering::Relaxed),
            dir: self
                .has_dir
                .load(Ordering::Relaxed)
                .then(|| self.dir.load(Ordering::Relaxed)),
        };
        let (their_device, gives_up) = (
            self.device.load(Ordering::Relaxed),
            self.gives_up.load(Ordering::Relaxed),
        );
        fence(Ordering::Acquire);
        if self.seq.load(Ordering::Relaxed) != seq {
            // That read ended meanwhile (and maybe another began): not in flight as read.
            return false;
        }
        their_device == device && theirs.related(query) && gives_up <= now()
    }

    /// Marks its read in flight, after its fields.
    fn start(&self, seq: u64, device: usize, query: Print, gives_up: u64) {
        self.device.store(device, Ordering::Relaxed);
        self.query.store(query.query, Ordering::Relaxed);
        self.dir.store(query.dir.unwrap_or(0), Ordering::Relaxed);
        self.has_dir.store(query.dir.is_some(), Ordering::Relaxed);
        self.gives_up.store(gives_up, Ordering::Relaxed);
        self.seq.store(seq.wrapping_add(1), Ordering::Release);
    }

    /// Marks its read ended, before any field is written again.
    fn end(&self) {
        let seq = self.seq.load(Ordering::Relaxed);
        self.seq.store(seq.wrapping_add(1), Ordering::Relaxed);
        fence(Ordering::Release);
    }
}

/// The calling thread's slot, released when the thread ends.
struct Mine(Cell<Option<&'static Slot>>);

impl Drop for Mine {
    fn drop(&mut self) {
        if let Some(slot) = self.0.get() {
            slot.owned.store(false, Ordering::Release);
        }
    }
}

thread_local! {
    static MINE: Mine = const { Mine(Cell::new(None)) };
}

/// A free slot (one a thread that ended left), or a new one added to the list.
fn claim() -> Option<&'static Slot> {
    let _grow = lock(&GROW);
    let mut last = None;
    let mut at = FIRST.get().copied();
    while let Some(slot) = at {
        if slot
            .owned
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
        {
            return Some(slot);
        }
        last = Some(slot);
        at = slot.next.get().copied();
    }
    // Kept for the process: a search may be walking it. There are at most as many as
    // threads that read at once.
    let slot: &'static Slot = Box::leak(Box::new(Slot {
        seq: AtomicU64::new(0),
        owned: AtomicBool::new(true),
        device: AtomicUsize::new(0),
        query: AtomicU64::new(0),
        dir: AtomicU64::new(0),
        has_dir: AtomicBool::new(false),
        gives_up: AtomicU64::new(0),
        next: OnceLock::new(),
    }));
    let added = match last {
        Some(last) => last.next.set(slot),
        None => FIRST.set(slot),
    };
    added.is_ok().then_some(slot)
}

/// Whether a read of `query` (or a file beside it) on `device` is in flight past its asker's
/// give-up time (`now`): a hung driver blocks its whole directory.
fn quarantined(device: usize, query: Print, now: Instant) -> bool {
    if IN_FLIGHT.load(Ordering::Acquire) == 0 {
        return false;
    }
    let mut now_stamp = None;
    let mut stamp_now = || *now_stamp.get_or_insert_with(|| stamp(now));
    let mut at = FIRST.get().copied();
    while let Some(slot) = at {
        if slot.hung_before(device, query, &mut stamp_now) {
            return true;
        }
        at = slot.next.get().copied();
    }
    LISTED_LEN.load(Ordering::Acquire) != 0
        && lock(&LISTED)
            .iter()
            .any(|a| a.gives_up <= now && a.device == device && a.query.related(query))
}

/// A registered read: ended (unregistered) when dropped.
pub(super) struct InFlight(Held);

enum Held {
    Slot(&'static Slot),
    Listed(u64),
}

impl Drop for InFlight {
    fn drop(&mut self) {
        match self.0 {
            Held::Slot(slot) => slot.end(),
            Held::Listed(id) => {
                let mut listed = lock(&LISTED);
                // Order does not matter: the list is only searched.
                if let Some(at) = listed.iter().position(|a| a.id == id) {
                    listed.swap_remove(at);
                }
                LISTED_LEN.store(listed.len(), Ordering::Release);
            }
        }
        IN_FLIGHT.fetch_sub(1, Ordering::Release);
    }
}

/// Registers a read about to start on this thread, given up at `gives_up` ([`stamp`]ed as
/// `gives_up_stamp`), unless it or a file beside it is quarantined.
pub(super) fn register_inline(
    device: usize,
    query: Print,
    now: Instant,
    gives_up: Instant,
    gives_up_stamp: u64,
) -> Result<InFlight, SourceError> {
    if quarantined(device, query, now) {
        return Err(SourceError::TimedOut);
    }
    let slot = MINE
        .try_with(|mine| {
            let slot = match mine.0.get() {
                Some(slot) => slot,
                None => {
                    let slot = claim()?;
                    mine.0.set(Some(slot));
                    slot
                }
            };
            let seq = slot.seq.load(Ordering::Relaxed);
            // Odd: a read of this thread is in flight already (a nested read).
            (seq & 1 == 0).then_some((slot, seq))
        })
        .ok()
        .flatten();
    match slot {
        Some((slot, seq)) => {
            IN_FLIGHT.fetch_add(1, Ordering::AcqRel);
            slot.start(seq, device, query, gives_up_stamp);
            Ok(InFlight(Held::Slot(slot)))
        }
        None => Ok(list(device, query, gives_up)),
    }
}

/// Registers a read about to be handed to a worker, given up at `gives_up`, unless it or a
/// file beside it is quarantined.
pub(super) fn register_handed(
    device: usize,
    query: Print,
    now: Instant,
    gives_up: Instant,
) -> Result<InFlight, SourceError> {
    if quarantined(device, query, now) {
        return Err(SourceError::TimedOut);
    }
    Ok(list(device, query, gives_up))
}

fn list(device: usize, query: Print, gives_up: Instant) -> InFlight {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    IN_FLIGHT.fetch_add(1, Ordering::AcqRel);
    let mut listed = lock(&LISTED);
    listed.push(Listed {
        id,
        device,
        query,
        gives_up,
    });
    LISTED_LEN.store(listed.len(), Ordering::Release);
    InFlight(Held::Listed(id))
}

#[cfg(test)]
mod tests {
    use super::{register_handed, register_inline, stamp};
    use crate::source::guard::Print;
    use crate::source::{Query, SourceError};
    use std::sync::mpsc;
    use web_time::{Duration, Instant};

    /// A device key no other test reads.
    const DEVICE: usize = 0x5eed_0001;

    fn file(p: &str) -> Print {
        Print::of(&Query::File(p.into()))
    }

    fn try_read(device: usize, p: &str) -> Result<(), SourceError> {
        let later = Instant::now() + Duration::from_secs(60);
        register_inline(device, file(p), Instant::now(), later, stamp(later)).map(drop)
    }

    #[test]
    fn a_read_in_flight_past_its_give_up_on_another_thread_quarantines_its_directory() {
        let (started, on_start) = mpsc::channel();
        let (release, on_release) = mpsc::channel::<()>();
        let reader = std::thread::spawn(move || {
            let given_up = Instant::now();
            let held = register_inline(
                DEVICE,
                file("/sys/hung/a"),
                given_up,
                given_up,
                stamp(given_up),
            );
            started.send(held.is_ok()).unwrap();
            on_release.recv().unwrap();
            drop(held);
        });
        assert!(on_start.recv().unwrap());
        assert_eq!(try_read(DEVICE, "/sys/hung/a"), Err(SourceError::TimedOut));
        assert_eq!(try_read(DEVICE, "/sys/hung/b"), Err(SourceError::TimedOut));
        assert_eq!(try_read(DEVICE, "/sys/other/a"), Ok(()));
        assert_eq!(try_read(DEVICE + 1, "/sys/hung/a"), Ok(()));
        release.send(()).unwrap();
        reader.join().unwrap();
        assert_eq!(try_read(DEVICE, "/sys/hung/a"), Ok(()));
    }

    #[test]
    fn a_read_in_flight_before_its_give_up_quarantines_nothing() {
        let later = Instant::now() + Duration::from_secs(60);
        let device = DEVICE + 2;
        let held = register_inline(device, file("/x/a"), Instant::now(), later, stamp(later));
        assert!(held.is_ok());
        // The same thread again (a nested read: held in the list) and another thread.
        assert_eq!(try_read(device, "/x/a"), Ok(()));
        let other = std::thread::spawn(move || try_read(device, "/x/b"));
        assert_eq!(other.join().unwrap(), Ok(()));
        drop(held);
    }

    #[test]
    fn a_handed_off_read_past_its_give_up_quarantines_until_it_ends() {
        let device = DEVICE + 3;
        let now = Instant::now();
        let held = register_handed(device, file("/y/a"), now, now).unwrap();
        assert_eq!(try_read(device, "/y/b"), Err(SourceError::TimedOut));
        let nested = {
            let later = now + Duration::from_secs(60);
            // This thread's slot is idle: the inline read of another directory goes there.
            register_inline(device, file("/z/a"), Instant::now(), later, stamp(later))
        };
        assert!(nested.is_ok());
        drop(held);
        assert_eq!(try_read(device, "/y/b"), Ok(()));
        drop(nested);
    }
}
