//! The crate's error type. Facts that cannot be read are not errors (they are omissions in the
//! report); errors are for calls that cannot proceed at all.

use crate::consent::Purpose;

/// What can make a devprobe call fail as a whole.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No purpose is granted (never asked, withdrawn, or withdrawn while the collect ran).
    /// Nothing was read, or what was read has been dropped.
    #[error("consent required: no purpose is granted")]
    ConsentRequired,
    /// A grant for a minor was given without a guardian's consent, and was refused.
    #[error("guardian consent required: a minor's grant needs a guardian's consent")]
    GuardianConsentRequired,
    /// A stored grant could not be restored; the consent state was left as it was.
    #[error("invalid grant: {0}")]
    InvalidGrant(String),
    /// A grant named a purpose the catalog does not know.
    #[error("unknown purpose in grant: {0:?}")]
    UnknownPurpose(String),
    /// A grant was given under a catalog version newer than this build knows.
    #[error("grant is from catalog version {found}, newer than this build's {supported}")]
    FutureCatalog {
        /// The grant's catalog version.
        found: u32,
        /// The newest version this build knows.
        supported: u32,
    },
    /// A snapshot directory could not be loaded (missing `platform`, unreadable folder).
    #[error("unusable snapshot {path}: {reason}")]
    Snapshot {
        /// The folder given.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A purpose was asked for that this grant does not include (kept for hosts that gate
    /// their own features on devprobe's consent).
    #[error("purpose {0} is not granted")]
    NotGranted(Purpose),
}
