//! Consent: the purposes the end user granted, held in a cheap-to-clone, thread-safe handle.
//!
//! Nothing is granted at start. The host calls [`Consent::grant`] (or [`Consent::grant_for`] a
//! minor) after its consent dialog, persists the returned [`Grant`] and [`Consent::restore`]s it
//! at the next start, asks again when [`Consent::needs_renewal`] says the catalog changed
//! materially, and calls [`Consent::withdraw`] when the user withdraws. Every
//! [`Collector`](crate::Collector) built on the handle sees each change at once; withdrawal also
//! drops every fact cached in memory and ends subscriptions.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

use crate::consent::catalog::{Catalog, Change};
use crate::error::Error;

pub mod catalog;
pub mod disclosure;
mod explain;
mod grant;
mod held;

pub use grant::{Grant, Purpose, Subject, WithdrawalReceipt};
use held::{Given, Held};

/// What the consent handle holds now.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConsentStatus {
    /// Nothing was ever granted on this handle.
    NotAsked,
    /// The user granted these purposes.
    Granted(Grant),
    /// The user withdrew; nothing is granted.
    Withdrawn,
}

/// Something that holds facts and must forget them when consent is withdrawn (a collector's
/// cache, a subscription). Called after the withdrawal took effect, before `withdraw` returns.
pub(crate) trait OnWithdraw: Send + Sync {
    fn withdrawn(&self);

    /// A new grant dropped `dropped` (a partial withdrawal): forget the facts held for them.
    /// By default nothing (a subscription re-checks consent at each event).
    fn narrowed(&self, dropped: PurposeSet) {
        let _ = dropped;
    }
}

#[derive(Debug)]
pub(crate) struct State {
    /// The status, kept without allocating ([`Held`]).
    held: Held,
    /// Bumped on every change, so a collect can tell that consent changed while it ran.
    pub(crate) generation: u64,
}

struct Inner {
    catalog: Catalog,
    state: Mutex<State>,
    /// `state.generation`, stored under the state lock at each change: what a read checks
    /// before it starts, without taking the lock.
    generation: AtomicU64,
    listeners: Mutex<Listeners>,
}

/// The collectors and subscriptions to tell of a withdrawal. The first is held in place: a
/// handle with one collector (the common case) registers it without allocating.
#[derive(Default)]
struct Listeners {
    first: Option<Weak<dyn OnWithdraw>>,
    more: Vec<Weak<dyn OnWithdraw>>,
}

impl Listeners {
    /// Adds `listener`, dropping those whose owner is gone.
    fn push(&mut self, listener: Weak<dyn OnWithdraw>) {
        self.more.retain(|l| l.strong_count() > 0);
        match &self.first {
            Some(first) if first.strong_count() > 0 => self.more.push(listener),
            _ => self.first = Some(listener),
        }
    }

    /// The listeners still alive.
    fn alive(&self) -> Vec<Arc<dyn OnWithdraw>> {
        self.first
            .iter()
            .chain(&self.more)
            .filter_map(Weak::upgrade)
            .collect()
    }
}

/// The consent handle: cheap to clone (an `Arc`), `Send + Sync`, shared by the host and every
/// collector built on it.
///
/// ```
/// use devprobe::{Consent, Purpose};
/// let consent = Consent::new();
/// assert!(!consent.is_granted(Purpose::Compatibility));
/// consent.grant([Purpose::Compatibility]);
/// assert!(consent.is_granted(Purpose::Compatibility));
/// let receipt = consent.withdraw();
/// assert_eq!(receipt.purposes, vec![Purpose::Compatibility]);
/// assert!(!consent.is_granted(Purpose::Compatibility));
/// ```
#[derive(Clone)]
pub struct Consent {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Consent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Consent")
            .field("catalog_version", &self.inner.catalog.version())
            .field("status", &self.status())
            .finish()
    }
}

impl Default for Consent {
    fn default() -> Self {
        Self::new()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Consent {
    /// A handle with nothing granted, enforcing [`Catalog::current`].
    pub fn new() -> Consent {
        Consent::with_catalog(Catalog::current())
    }

    /// A handle with nothing granted, enforcing `catalog` instead of the current one. **For
    /// tests** of a material change (see [`Catalog::revised`]); apps use [`Consent::new`].
    ///
    /// ```
    /// use devprobe::catalog::Catalog;
    /// use devprobe::{Consent, Field};
    /// let consent = Consent::with_catalog(Catalog::current().revised([Field::NetworkIpv6]));
    /// assert_eq!(consent.catalog().version(), devprobe::catalog::CATALOG_VERSION + 1);
    /// ```
    pub fn with_catalog(catalog: Catalog) -> Consent {
        Consent {
            inner: Arc::new(Inner {
                catalog,
                state: Mutex::new(State {
                    held: Held::NotAsked,
                    generation: 0,
                }),
                generation: AtomicU64::new(0),
                listeners: Mutex::new(Listeners::default()),
            }),
        }
    }

    /// The catalog this handle enforces.
    pub fn catalog(&self) -> &Catalog {
        &self.inner.catalog
    }

    /// Records an adult's consent to `purposes` under this handle's catalog, replacing any
    /// earlier grant, and returns the grant for the host to persist. An empty list grants
    /// nothing: collects keep failing with [`Error::ConsentRequired`].
    pub fn grant(&self, purposes: impl IntoIterator<Item = Purpose>) -> Grant {
        self.give(Subject::Adult, purposes)
    }

    /// Records a grant given now and returns it (held as a purpose set and a time: the grant
    /// returned is the one allocation).
    fn give(&self, subject: Subject, purposes: impl IntoIterator<Item = Purpose>) -> Grant {
        let purposes = purposes.into_iter().collect();
        let given = Given::now(purposes, self.inner.catalog.version(), subject);
        let grant = given.grant();
        self.set(Held::Granted(given));
        grant
    }

    /// Records a consent given for `subject`, as [`Consent::grant`] does for an adult.
    ///
    /// ```
    /// use devprobe::{Consent, Error, Purpose, Subject};
    /// let consent = Consent::new();
    /// let refused = consent.grant_for(Subject::Minor { guardian_consent: false }, [Purpose::Connectivity]);
    /// assert!(matches!(refused, Err(Error::GuardianConsentRequired)));
    /// consent.grant_for(Subject::Minor { guardian_consent: true }, [Purpose::Connectivity])?;
    /// # Ok::<(), Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::GuardianConsentRequired`] for a minor without a guardian's consent; the
    /// consent state is left as it was.
    pub fn grant_for(
        &self,
        subject: Subject,
        purposes: impl IntoIterator<Item = Purpose>,
    ) -> Result<Grant, Error> {
        if !subject.may_consent() {
            return Err(Error::GuardianConsentRequired);
        }
        Ok(self.give(subject, purposes))
    }

    /// Restores a grant the host stored earlier. A grant from an older catalog version covers
    /// only the fields that version had: later fields are omitted `not_permitted` and
    /// [`Consent::needs_renewal`] turns true.
    ///
    /// # Errors
    /// [`Error::FutureCatalog`] when the grant names a catalog version newer than this handle's,
    /// [`Error::InvalidGrant`] for catalog version 0, [`Error::GuardianConsentRequired`] for a
    /// minor without a guardian's consent. On error the consent state is left as it was.
    pub fn restore(&self, grant: Grant) -> Result<(), Error> {
        let supported = self.inner.catalog.version();
        if grant.catalog_version > supported {
            return Err(Error::FutureCatalog {
                found: grant.catalog_version,
                supported,
            });
        }
        if grant.catalog_version == 0 {
            return Err(Error::InvalidGrant(
                "catalog version 0 does not exist".into(),
            ));
        }
        if !grant.subject.may_consent() {
            return Err(Error::GuardianConsentRequired);
        }
        if !crate::time::is_rfc3339(&grant.granted_at) {
            return Err(Error::InvalidGrant(
                "granted_at is not an RFC 3339 time".into(),
            ));
        }
        self.set(Held::Granted(Given::restored(grant)));
        Ok(())
    }

    /// Restores a grant from the JSON the host stored (what `serde_json::to_string(&grant)`
    /// gave).
    ///
    /// # Errors
    /// [`Error::InvalidGrant`] for JSON that is not a grant (truncated, wrong shape, unknown
    /// members), [`Error::UnknownPurpose`] for a purpose this build does not know, and the
    /// errors of [`Consent::restore`]. On error the consent state is left as it was.
    pub fn restore_json(&self, json: &str) -> Result<(), Error> {
        self.restore(Grant::from_json(json)?)
    }

    /// Withdraws every purpose and returns the receipt (time, purposes withdrawn) for the host
    /// to forward as its deletion request.
    ///
    /// Takes effect at once and is idempotent: later collects fail with
    /// [`Error::ConsentRequired`]; a collect in flight returns that error instead of its report;
    /// before this returns, every fact cached by collectors on this handle is dropped and every
    /// subscription ended. A repeated call returns a receipt with no purposes.
    pub fn withdraw(&self) -> WithdrawalReceipt {
        let purposes = {
            let mut s = lock(&self.inner.state);
            let purposes = s.held.given().map(|g| g.purposes).unwrap_or_default();
            s.held = Held::Withdrawn;
            s.generation = s.generation.wrapping_add(1);
            self.inner.generation.store(s.generation, Ordering::SeqCst);
            purposes
        };
        let listeners = lock(&self.inner.listeners).alive();
        for l in listeners {
            l.withdrawn();
        }
        WithdrawalReceipt {
            withdrawn_at: crate::time::now_rfc3339(),
            purposes: purposes.to_vec(),
        }
    }

    /// The current state.
    pub fn status(&self) -> ConsentStatus {
        lock(&self.inner.state).held.status()
    }

    /// The current grant, if any.
    pub fn grant_now(&self) -> Option<Grant> {
        match self.status() {
            ConsentStatus::Granted(g) => Some(g),
            ConsentStatus::NotAsked | ConsentStatus::Withdrawn => None,
        }
    }

    /// Whether `purpose` is granted now.
    pub fn is_granted(&self, purpose: Purpose) -> bool {
        lock(&self.inner.state).held.covers(purpose)
    }

    /// Whether the host should ask the user again: the current grant was given under an older
    /// catalog version, so the fields added since are not collected (see
    /// [`Consent::renewal_changes`] for what to show). False when nothing is granted.
    pub fn needs_renewal(&self) -> bool {
        let version = self.inner.catalog.version();
        let s = lock(&self.inner.state);
        s.held.given().is_some_and(|g| g.catalog_version < version)
    }

    /// What changed since the current grant's catalog version, for the re-consent dialog
    /// (`change.describe(Lang::ZhCn)`); empty when no renewal is needed.
    pub fn renewal_changes(&self) -> Vec<Change> {
        let granted = lock(&self.inner.state)
            .held
            .given()
            .map(|g| g.catalog_version);
        match granted {
            Some(version) => self.inner.catalog.changes_since(version),
            None => Vec::new(),
        }
    }

    /// What the gate needs of the grant (its purposes and catalog version, no copy of it) and
    /// its generation, read together. `None` when no purpose is granted.
    pub(crate) fn snapshot(&self) -> (Option<Granted>, u64) {
        let s = lock(&self.inner.state);
        let grant = s
            .held
            .given()
            .filter(|g| g.purposes.len() > 0)
            .map(|g| Granted {
                purposes: g.purposes,
                catalog_version: g.catalog_version,
            });
        (grant, s.generation)
    }

    /// The generation now; it changes whenever the consent does (one atomic load: asked before
    /// every read of a collect).
    pub(crate) fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::SeqCst)
    }

    /// The generation counter, shared (no allocation): a collect's cancel check.
    pub(crate) fn generations(&self) -> Arc<dyn crate::source::Generation> {
        self.inner.clone()
    }

    pub(crate) fn on_withdraw(&self, listener: Weak<dyn OnWithdraw>) {
        lock(&self.inner.listeners).push(listener);
    }

    /// Replaces the status. A grant that drops a purpose of the one it replaces is a partial
    /// withdrawal: collectors forget what they hold before this returns.
    fn set(&self, held: Held) {
        let narrowed = {
            let mut s = lock(&self.inner.state);
            let narrowed = s.held.narrowed_by(&held);
            s.held = held;
            s.generation = s.generation.wrapping_add(1);
            self.inner.generation.store(s.generation, Ordering::SeqCst);
            narrowed
        };
        if narrowed.len() > 0 {
            let listeners = lock(&self.inner.listeners).alive();
            for l in listeners {
                l.narrowed(narrowed);
            }
        }
    }
}

impl crate::source::Generation for Inner {
    fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }
}

/// A set of purposes, one bit per [`Purpose`] (`Copy`, no allocation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct PurposeSet(u32);

impl PurposeSet {
    /// The set of `purposes`.
    pub(crate) fn of(purposes: &[Purpose]) -> PurposeSet {
        PurposeSet(
            purposes
                .iter()
                .fold(0, |bits, p| bits | PurposeSet::bit(*p)),
        )
    }

    fn bit(purpose: Purpose) -> u32 {
        1 << (purpose as u32)
    }

    /// Whether `purpose` is in the set.
    pub(crate) fn contains(self, purpose: Purpose) -> bool {
        self.0 & PurposeSet::bit(purpose) != 0
    }

    /// The purposes of the set, in catalog order.
    pub(crate) fn iter(self) -> impl Iterator<Item = Purpose> {
        Purpose::ALL
            .iter()
            .copied()
            .filter(move |p| self.contains(*p))
    }

    /// How many purposes the set holds.
    pub(crate) fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The purposes of this set that `other` lacks.
    pub(crate) fn difference(self, other: PurposeSet) -> PurposeSet {
        PurposeSet(self.0 & !other.0)
    }

    /// The purposes of the set in catalog order, in a list of their number (one allocation).
    pub(crate) fn to_vec(self) -> Vec<Purpose> {
        let mut v = Vec::with_capacity(self.len());
        v.extend(self.iter());
        v
    }
}

impl FromIterator<Purpose> for PurposeSet {
    fn from_iter<I: IntoIterator<Item = Purpose>>(purposes: I) -> PurposeSet {
        PurposeSet(
            purposes
                .into_iter()
                .fold(0, |bits, p| bits | PurposeSet::bit(p)),
        )
    }
}

/// What a collect needs of the current grant: its purposes and catalog version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Granted {
    /// The purposes granted.
    pub(crate) purposes: PurposeSet,
    /// The catalog version the grant was given under.
    pub(crate) catalog_version: u32,
}

impl Granted {
    /// Whether `purpose` is granted.
    pub(crate) fn covers(self, purpose: Purpose) -> bool {
        self.purposes.contains(purpose)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_purpose_set_holds_what_it_was_given_in_catalog_order() {
        let set = PurposeSet::of(&[Purpose::VideoOrientation, Purpose::Compatibility]);
        assert!(set.contains(Purpose::Compatibility));
        assert!(!set.contains(Purpose::Connectivity));
        assert_eq!(set.len(), 2);
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            vec![Purpose::Compatibility, Purpose::VideoOrientation]
        );
        assert_eq!(PurposeSet::of(Purpose::ALL).len(), Purpose::ALL.len());
    }

    #[test]
    fn the_generation_follows_every_change() {
        let c = Consent::new();
        assert_eq!(c.generation(), 0);
        c.grant([Purpose::Compatibility]);
        assert_eq!(c.generation(), 1);
        assert_eq!(c.snapshot().1, 1);
        c.withdraw();
        assert_eq!(c.generation(), 2);
        assert_eq!(c.snapshot(), (None, 2));
    }

    #[test]
    fn grant_round_trips_through_json() {
        let c = Consent::new();
        let g = c.grant([
            Purpose::Connectivity,
            Purpose::Compatibility,
            Purpose::Connectivity,
        ]);
        assert_eq!(
            g.purposes,
            vec![Purpose::Compatibility, Purpose::Connectivity]
        );
        let json = serde_json::to_string(&g).unwrap();
        let other = Consent::new();
        other.restore_json(&json).unwrap();
        assert_eq!(other.grant_now(), Some(g));
    }

    #[test]
    fn bad_grants_leave_state_alone() {
        let c = Consent::new();
        c.grant([Purpose::Compatibility]);
        let before = c.status();
        assert!(matches!(
            c.restore_json("{\"purposes\": [\"compat"),
            Err(Error::InvalidGrant(_))
        ));
        let unknown = r#"{"purposes":["tracking"],"catalog_version":1,"granted_at":"x"}"#;
        assert!(
            matches!(c.restore_json(unknown), Err(Error::UnknownPurpose(p)) if p == "tracking")
        );
        let future = r#"{"purposes":["compatibility"],"catalog_version":99,"granted_at":"x"}"#;
        assert!(matches!(
            c.restore_json(future),
            Err(Error::FutureCatalog { found: 99, .. })
        ));
        assert_eq!(c.status(), before);
    }

    #[test]
    fn minor_needs_guardian() {
        let c = Consent::new();
        let r = c.grant_for(
            Subject::Minor {
                guardian_consent: false,
            },
            [Purpose::Compatibility],
        );
        assert!(matches!(r, Err(Error::GuardianConsentRequired)));
        assert_eq!(c.status(), ConsentStatus::NotAsked);
        c.grant_for(
            Subject::Minor {
                guardian_consent: true,
            },
            [Purpose::Compatibility],
        )
        .unwrap();
        assert!(c.is_granted(Purpose::Compatibility));
    }
}
