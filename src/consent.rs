//! Consent: the purposes the end user granted, held in a cheap-to-clone, thread-safe handle.
//!
//! Nothing is granted at start. The host calls [`Consent::grant`] after its consent dialog, may
//! persist the returned [`Grant`] and [`Consent::restore`] it at the next start, and calls
//! [`Consent::withdraw`] when the user withdraws. Every [`Collector`](crate::Collector) built on
//! the handle sees each change at once; withdrawal also drops every fact cached in memory.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

use serde::{Deserialize, Serialize};

use crate::catalog::CATALOG_VERSION;
use crate::error::Error;
use crate::text_enum::text_enum;

text_enum! {
    /// A declared purpose of collection, e.g. `"compatibility"`. Each field serves exactly one.
    #[non_exhaustive]
    pub enum Purpose: "purpose" {
        /// Brand, model, OS version: tell devices and OS versions apart, adapt, triage crashes.
        Compatibility => "compatibility",
        /// IP address: decide which media server to connect to.
        ServerSelection => "server_selection",
        /// Network access type: judge network access and reachability.
        Connectivity => "connectivity",
        /// Screen orientation: match the video picture to how the screen is turned.
        VideoOrientation => "video_orientation",
    }
}

/// Who the consent is about. A minor's consent needs a guardian's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum Subject {
    /// An adult who consents for themselves.
    #[default]
    Adult,
    /// A minor; the grant is valid only when a guardian consented too.
    Minor {
        /// Whether the guardian consented.
        guardian_consent: bool,
    },
}

/// A consent given by the end user: the purposes, the catalog version shown to them, and who
/// they are. Serializable, so the host can store it and restore it at the next start.
///
/// ```json
/// {"purposes": ["compatibility", "connectivity"], "catalog_version": 1,
///  "subject": {"kind": "adult"}, "granted_at": "2026-11-29T06:30:00Z"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Grant {
    /// The purposes granted, in catalog order, without repeats.
    pub purposes: Vec<Purpose>,
    /// The catalog version the user was shown when granting.
    pub catalog_version: u32,
    /// Who consented.
    #[serde(default)]
    pub subject: Subject,
    /// When the grant was given, RFC 3339 UTC, e.g. `"2026-11-29T06:30:00Z"`.
    pub granted_at: String,
}

impl Grant {
    /// Whether `purpose` is among the granted purposes.
    pub fn covers(&self, purpose: Purpose) -> bool {
        self.purposes.contains(&purpose)
    }
}

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
/// cache, a subscription).
pub(crate) trait OnWithdraw: Send + Sync {
    fn withdrawn(&self);
}

#[derive(Debug)]
pub(crate) struct State {
    pub(crate) status: ConsentStatus,
    /// Bumped on every change, so a collect can tell that consent changed while it ran.
    pub(crate) generation: u64,
}

struct Inner {
    state: Mutex<State>,
    listeners: Mutex<Vec<Weak<dyn OnWithdraw>>>,
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
/// consent.withdraw();
/// assert!(!consent.is_granted(Purpose::Compatibility));
/// ```
#[derive(Clone)]
pub struct Consent {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Consent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Consent")
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
    /// A handle with nothing granted.
    pub fn new() -> Consent {
        Consent {
            inner: Arc::new(Inner {
                state: Mutex::new(State {
                    status: ConsentStatus::NotAsked,
                    generation: 0,
                }),
                listeners: Mutex::new(Vec::new()),
            }),
        }
    }

    /// Records an adult's consent to `purposes` under the current catalog, replacing any
    /// earlier grant, and returns the grant for the host to persist. An empty list grants
    /// nothing: collects keep failing with [`Error::ConsentRequired`].
    pub fn grant(&self, purposes: impl IntoIterator<Item = Purpose>) -> Grant {
        let grant = Grant {
            purposes: normalize(purposes),
            catalog_version: CATALOG_VERSION,
            subject: Subject::Adult,
            granted_at: crate::time::now_rfc3339(),
        };
        self.set(ConsentStatus::Granted(grant.clone()));
        grant
    }

    /// Records a consent given for `subject`, as [`Consent::grant`] does for an adult.
    ///
    /// # Errors
    /// [`Error::GuardianConsentRequired`] for a minor without a guardian's consent; the
    /// consent state is left as it was.
    pub fn grant_for(
        &self,
        subject: Subject,
        purposes: impl IntoIterator<Item = Purpose>,
    ) -> Result<Grant, Error> {
        if subject
            == (Subject::Minor {
                guardian_consent: false,
            })
        {
            return Err(Error::GuardianConsentRequired);
        }
        let grant = Grant {
            purposes: normalize(purposes),
            catalog_version: CATALOG_VERSION,
            subject,
            granted_at: crate::time::now_rfc3339(),
        };
        self.set(ConsentStatus::Granted(grant.clone()));
        Ok(grant)
    }

    /// Restores a grant the host stored earlier (e.g. parsed from its JSON).
    ///
    /// # Errors
    /// [`Error::FutureCatalog`] when the grant names a catalog version newer than this build's,
    /// [`Error::GuardianConsentRequired`] for a minor without a guardian's consent. On error
    /// the consent state is left as it was.
    pub fn restore(&self, grant: Grant) -> Result<(), Error> {
        if grant.catalog_version > CATALOG_VERSION {
            return Err(Error::FutureCatalog {
                found: grant.catalog_version,
                supported: CATALOG_VERSION,
            });
        }
        if grant.catalog_version == 0 {
            return Err(Error::InvalidGrant(
                "catalog version 0 does not exist".into(),
            ));
        }
        if grant.subject
            == (Subject::Minor {
                guardian_consent: false,
            })
        {
            return Err(Error::GuardianConsentRequired);
        }
        let grant = Grant {
            purposes: normalize(grant.purposes),
            ..grant
        };
        self.set(ConsentStatus::Granted(grant));
        Ok(())
    }

    /// Restores a grant from the JSON the host stored.
    ///
    /// # Errors
    /// [`Error::InvalidGrant`] for JSON that is not a grant (truncated, wrong shape),
    /// [`Error::UnknownPurpose`] for a purpose this build does not know, and the errors of
    /// [`Consent::restore`]. On error the consent state is left as it was.
    pub fn restore_json(&self, json: &str) -> Result<(), Error> {
        let grant: Grant = serde_json::from_str(json).map_err(|e| {
            let msg = e.to_string();
            match msg.strip_prefix("unknown purpose ") {
                Some(rest) => Error::UnknownPurpose(
                    rest.split('"')
                        .nth(1)
                        .unwrap_or(rest)
                        .chars()
                        .take(64)
                        .collect(),
                ),
                None => Error::InvalidGrant(msg),
            }
        })?;
        self.restore(grant)
    }

    /// Withdraws every purpose. Takes effect at once: later collects fail with
    /// [`Error::ConsentRequired`], a collect in flight returns that error instead of its
    /// report, and every fact cached by collectors on this handle is dropped. Idempotent.
    pub fn withdraw(&self) {
        self.set(ConsentStatus::Withdrawn);
        let listeners: Vec<_> = lock(&self.inner.listeners)
            .iter()
            .filter_map(Weak::upgrade)
            .collect();
        for l in listeners {
            l.withdrawn();
        }
    }

    /// The current state.
    pub fn status(&self) -> ConsentStatus {
        lock(&self.inner.state).status.clone()
    }

    /// The current grant, if any.
    pub fn grant_now(&self) -> Option<Grant> {
        match self.status() {
            ConsentStatus::Granted(g) => Some(g),
            _ => None,
        }
    }

    /// Whether `purpose` is granted now.
    pub fn is_granted(&self, purpose: Purpose) -> bool {
        matches!(&lock(&self.inner.state).status, ConsentStatus::Granted(g) if g.covers(purpose))
    }

    /// The grant and its generation, read together.
    pub(crate) fn snapshot(&self) -> (Option<Grant>, u64) {
        let s = lock(&self.inner.state);
        let grant = match &s.status {
            ConsentStatus::Granted(g) if !g.purposes.is_empty() => Some(g.clone()),
            _ => None,
        };
        (grant, s.generation)
    }

    /// The generation now; it changes whenever the consent does.
    pub(crate) fn generation(&self) -> u64 {
        lock(&self.inner.state).generation
    }

    pub(crate) fn on_withdraw(&self, listener: Weak<dyn OnWithdraw>) {
        let mut ls = lock(&self.inner.listeners);
        ls.retain(|l| l.strong_count() > 0);
        ls.push(listener);
    }

    fn set(&self, status: ConsentStatus) {
        let mut s = lock(&self.inner.state);
        s.status = status;
        s.generation = s.generation.wrapping_add(1);
    }
}

fn normalize(purposes: impl IntoIterator<Item = Purpose>) -> Vec<Purpose> {
    let mut v: Vec<Purpose> = purposes.into_iter().collect();
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

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
