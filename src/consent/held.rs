//! What a consent handle holds between changes, in a form that records a grant without
//! allocating (a purpose set, the time it was given): the [`ConsentStatus`] and [`Grant`]
//! values of the public API are built from it only when the host asks for them.

use web_time::SystemTime;

use crate::consent::grant::{Grant, Purpose, Subject};
use crate::consent::{ConsentStatus, PurposeSet};

/// The status, as the handle keeps it.
#[derive(Debug)]
pub(crate) enum Held {
    /// Nothing was ever granted on this handle.
    NotAsked,
    /// The user granted these purposes.
    Granted(Given),
    /// The user withdrew; nothing is granted.
    Withdrawn,
}

/// A grant as the handle keeps it.
#[derive(Debug)]
pub(crate) struct Given {
    /// The purposes granted.
    pub(crate) purposes: PurposeSet,
    /// The catalog version the user was shown when granting.
    pub(crate) catalog_version: u32,
    subject: Subject,
    at: At,
}

/// When a grant was given: the time itself for a grant given now (its text is the same each
/// time it is written), the stored text for a restored one.
#[derive(Debug)]
enum At {
    Now(SystemTime),
    Text(String),
}

impl Given {
    /// A grant of `purposes` given now.
    pub(crate) fn now(purposes: PurposeSet, catalog_version: u32, subject: Subject) -> Given {
        Given {
            purposes,
            catalog_version,
            subject,
            at: At::Now(SystemTime::now()),
        }
    }

    /// A grant the host stored (its time text kept as it is, not copied).
    pub(crate) fn restored(grant: Grant) -> Given {
        Given {
            purposes: PurposeSet::of(&grant.purposes),
            catalog_version: grant.catalog_version,
            subject: grant.subject,
            at: At::Text(grant.granted_at),
        }
    }

    /// The grant, as the public API gives it.
    pub(crate) fn grant(&self) -> Grant {
        Grant {
            purposes: self.purposes.to_vec(),
            catalog_version: self.catalog_version,
            subject: self.subject,
            granted_at: match &self.at {
                At::Now(t) => crate::time::format_rfc3339(*t),
                At::Text(text) => text.clone(),
            },
        }
    }
}

impl Held {
    /// The status, as the public API gives it.
    pub(crate) fn status(&self) -> ConsentStatus {
        match self {
            Held::NotAsked => ConsentStatus::NotAsked,
            Held::Granted(g) => ConsentStatus::Granted(g.grant()),
            Held::Withdrawn => ConsentStatus::Withdrawn,
        }
    }

    /// The grant held, if any.
    pub(crate) fn given(&self) -> Option<&Given> {
        match self {
            Held::Granted(g) => Some(g),
            Held::NotAsked | Held::Withdrawn => None,
        }
    }

    /// Whether `purpose` is granted.
    pub(crate) fn covers(&self, purpose: Purpose) -> bool {
        self.given().is_some_and(|g| g.purposes.contains(purpose))
    }

    /// The purposes this grant held that `next` no longer covers: every one when `next` was
    /// given under an older catalog version (the fields introduced since are no longer
    /// covered); none when this is not a grant.
    pub(crate) fn narrowed_by(&self, next: &Held) -> PurposeSet {
        match (self.given(), next.given()) {
            (Some(old), Some(new)) if new.catalog_version < old.catalog_version => old.purposes,
            (Some(old), Some(new)) => old.purposes.difference(new.purposes),
            _ => PurposeSet::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_given_now_reads_the_same_each_time() {
        let given = Given::now(
            PurposeSet::of(&[Purpose::Connectivity, Purpose::Compatibility]),
            2,
            Subject::Adult,
        );
        let first = given.grant();
        assert_eq!(
            first.purposes,
            vec![Purpose::Compatibility, Purpose::Connectivity]
        );
        assert!(crate::time::is_rfc3339(&first.granted_at));
        assert_eq!(given.grant(), first);
        assert_eq!(Held::Granted(given).status(), ConsentStatus::Granted(first));
    }

    #[test]
    fn a_narrower_or_older_grant_narrows() {
        let held = |purposes: &[Purpose], version| {
            Held::Granted(Given::now(
                PurposeSet::of(purposes),
                version,
                Subject::Adult,
            ))
        };
        let both = held(&[Purpose::Compatibility, Purpose::Connectivity], 2);
        let one = held(&[Purpose::Compatibility], 2);
        assert_eq!(
            both.narrowed_by(&one),
            PurposeSet::of(&[Purpose::Connectivity])
        );
        assert_eq!(one.narrowed_by(&both), PurposeSet::default());
        let older = held(&[Purpose::Compatibility, Purpose::Connectivity], 1);
        assert_eq!(
            both.narrowed_by(&older),
            PurposeSet::of(&[Purpose::Compatibility, Purpose::Connectivity])
        );
        assert_eq!(both.narrowed_by(&Held::Withdrawn), PurposeSet::default());
        assert_eq!(Held::NotAsked.narrowed_by(&both), PurposeSet::default());
    }
}
