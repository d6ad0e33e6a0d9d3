//! The values of consent: purposes, the subject who consents, the grant the host stores, and the
//! receipt a withdrawal returns. Parsing a stored grant gives typed errors.

use serde::{Deserialize, Serialize};

use crate::consent::PurposeSet;
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
///
/// JSON: `{"kind": "adult"}` or `{"kind": "minor", "guardian_consent": true}`.
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

impl Subject {
    /// Whether a grant for this subject may be recorded: not for a minor without a guardian's
    /// consent.
    pub const fn may_consent(self) -> bool {
        !matches!(
            self,
            Subject::Minor {
                guardian_consent: false
            }
        )
    }
}

/// A consent given by the end user: the purposes, the catalog version shown to them, and who
/// they are. Serializable, so the host can store it and restore it at the next start.
///
/// ```json
/// {"purposes": ["compatibility", "connectivity"], "catalog_version": 2,
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

    /// Parses the JSON the host stored, with typed errors.
    pub(crate) fn from_json(json: &str) -> Result<Grant, Error> {
        // serde echoes the offending value, which may be the whole (hostile) input: cap it.
        let raw: RawGrant = serde_json::from_str(json)
            .map_err(|e| Error::InvalidGrant(e.to_string().chars().take(MAX_ECHO).collect()))?;
        let mut purposes = Vec::with_capacity(raw.purposes.len());
        for name in &raw.purposes {
            let p = name
                .parse::<Purpose>()
                .map_err(|_| Error::UnknownPurpose(name.chars().take(64).collect()))?;
            purposes.push(p);
        }
        if raw.granted_at.len() > MAX_TIME_LEN {
            return Err(Error::InvalidGrant(
                "granted_at is too long to be a time".into(),
            ));
        }
        Ok(Grant {
            purposes: normalize(purposes),
            catalog_version: raw.catalog_version,
            subject: raw.subject,
            granted_at: raw.granted_at,
        })
    }
}

/// The most characters of a JSON error kept in [`Error::InvalidGrant`].
const MAX_ECHO: usize = 256;

/// The longest `granted_at` accepted (an RFC 3339 time with nanoseconds and an offset is 35).
const MAX_TIME_LEN: usize = 64;

/// A stored grant as it is on disk, before its purposes are checked (so an unknown purpose is
/// reported as such, not as a generic JSON error).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrant {
    purposes: Vec<String>,
    catalog_version: u32,
    #[serde(default)]
    subject: Subject,
    granted_at: String,
}

/// `purposes` in catalog order, without repeats.
fn normalize(purposes: impl IntoIterator<Item = Purpose>) -> Vec<Purpose> {
    purposes.into_iter().collect::<PurposeSet>().to_vec()
}

/// What [`Consent::withdraw`](crate::Consent::withdraw) returns: when, and which purposes were
/// withdrawn. The host forwards it to its backend as the deletion request; devprobe itself keeps
/// nothing to delete.
///
/// ```json
/// {"withdrawn_at": "2026-11-29T06:31:00Z", "purposes": ["compatibility", "connectivity"]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WithdrawalReceipt {
    /// When the withdrawal took effect, RFC 3339 UTC.
    pub withdrawn_at: String,
    /// The purposes that were granted and are now withdrawn, in catalog order; empty when
    /// nothing was granted (a repeated withdrawal).
    pub purposes: Vec<Purpose>,
}
