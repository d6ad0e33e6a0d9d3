//! The consent handle: grant by purpose mask, restore a stored grant, withdraw, status.

use std::ffi::c_char;

use devprobe::{Consent, ConsentStatus, Grant, Purpose, Subject};

use crate::args::{StringOut, non_null, str_arg};
use crate::error::{DevprobeError, Failure, guard};

/// Purpose bit: device brand/model and OS version, to tell devices apart and adapt.
pub const DEVPROBE_PURPOSE_COMPATIBILITY: u32 = 1;
/// Purpose bit: the (minimized) IP address, to pick a media server.
pub const DEVPROBE_PURPOSE_SERVER_SELECTION: u32 = 2;
/// Purpose bit: network access type, VPN, online state.
pub const DEVPROBE_PURPOSE_CONNECTIVITY: u32 = 4;
/// Purpose bit: screen orientation, to turn the video picture.
pub const DEVPROBE_PURPOSE_VIDEO_ORIENTATION: u32 = 8;
/// Every purpose bit this build knows.
pub const DEVPROBE_PURPOSE_ALL: u32 = 15;

/// An opaque consent handle: what the end user granted. Create it with
/// `devprobe_consent_new`, free it with `devprobe_consent_free`. Thread-safe: any thread may
/// use it at any time, concurrently; collectors built on it keep their own reference, so it may
/// be freed before them.
#[derive(Debug)]
pub struct DevprobeConsent {
    pub(crate) consent: Consent,
}

/// Who the consent is about.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevprobeSubject {
    /// An adult consenting for themselves.
    Adult = 0,
    /// A minor whose guardian consented too.
    MinorWithGuardianConsent = 1,
    /// A minor without a guardian's consent: the grant is refused.
    MinorWithoutGuardianConsent = 2,
}

/// What a consent handle holds now.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevprobeConsentStatus {
    /// Nothing was ever granted on this handle.
    NotAsked = 0,
    /// Purposes are granted.
    Granted = 1,
    /// The user withdrew; nothing is granted.
    Withdrawn = 2,
}

const BITS: [(u32, Purpose); 4] = [
    (DEVPROBE_PURPOSE_COMPATIBILITY, Purpose::Compatibility),
    (DEVPROBE_PURPOSE_SERVER_SELECTION, Purpose::ServerSelection),
    (DEVPROBE_PURPOSE_CONNECTIVITY, Purpose::Connectivity),
    (
        DEVPROBE_PURPOSE_VIDEO_ORIENTATION,
        Purpose::VideoOrientation,
    ),
];

fn purposes_of(mask: u32) -> Result<Vec<Purpose>, Failure> {
    if mask & !DEVPROBE_PURPOSE_ALL != 0 {
        return Err(Failure::invalid(format!(
            "unknown purpose bits {:#x} (known: {DEVPROBE_PURPOSE_ALL:#x})",
            mask & !DEVPROBE_PURPOSE_ALL
        )));
    }
    Ok(BITS
        .iter()
        .filter(|(bit, _)| mask & bit != 0)
        .map(|(_, p)| *p)
        .collect())
}

fn mask_of(purposes: &[Purpose]) -> u32 {
    BITS.iter()
        .filter(|(_, p)| purposes.contains(p))
        .fold(0, |mask, (bit, _)| mask | bit)
}

fn subject_of(value: u32) -> Result<Subject, Failure> {
    match value {
        0 => Ok(Subject::Adult),
        1 => Ok(Subject::Minor {
            guardian_consent: true,
        }),
        2 => Ok(Subject::Minor {
            guardian_consent: false,
        }),
        other => Err(Failure::invalid(format!("unknown DevprobeSubject {other}"))),
    }
}

fn grant_json(grant: &Grant) -> Result<String, Failure> {
    serde_json::to_string(grant).map_err(|e| Failure::internal(e.to_string()))
}

/// Creates a consent handle with nothing granted and stores it in `*consent_out`.
///
/// # Errors
/// `DEVPROBE_ERROR_NULL_POINTER` when `consent_out` is NULL.
///
/// # Safety
/// `consent_out` is NULL or valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_consent_new(
    consent_out: *mut *mut DevprobeConsent,
) -> DevprobeError {
    guard(|| {
        if consent_out.is_null() {
            return Err(Failure::null("consent_out"));
        }
        let handle = Box::new(DevprobeConsent {
            consent: Consent::new(),
        });
        // SAFETY: checked non-NULL; the caller promised it is writable.
        unsafe { consent_out.write(Box::into_raw(handle)) };
        Ok(())
    })
}

/// Frees a consent handle. NULL does nothing. What was granted stays in force for collectors
/// built on it (they hold their own reference); withdraw first to end it.
///
/// # Safety
/// `consent` is NULL or a handle from `devprobe_consent_new` not freed yet, which no other
/// thread is using; it must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_consent_free(consent: *mut DevprobeConsent) {
    let _: DevprobeError = guard(|| {
        if !consent.is_null() {
            // SAFETY: the caller promises a live handle from Box::into_raw, used by no one else.
            drop(unsafe { Box::from_raw(consent) });
        }
        Ok(())
    });
}

/// Records an adult's consent to the purposes in `purposes` (an OR of `DEVPROBE_PURPOSE_*`),
/// replacing any earlier grant (a narrower grant withdraws the purposes it drops). When
/// `grant_json_out` is not NULL it receives the grant as JSON for the app to store, e.g.
/// `{"purposes":["compatibility"],"catalog_version":2,"subject":{"kind":"adult"},"granted_at":"2026-11-29T06:30:00Z"}`;
/// free it with `devprobe_string_free`. A mask of 0 grants nothing.
///
/// # Errors
/// `DEVPROBE_ERROR_NULL_POINTER` (consent), `DEVPROBE_ERROR_INVALID_ARGUMENT` for an unknown
/// bit; nothing is granted then.
///
/// # Safety
/// `consent` is NULL or a live handle; `grant_json_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_consent_grant(
    consent: *const DevprobeConsent,
    purposes: u32,
    grant_json_out: *mut *mut c_char,
) -> DevprobeError {
    // SAFETY: same contract as this function's.
    unsafe {
        devprobe_consent_grant_for(
            consent,
            DevprobeSubject::Adult as u32,
            purposes,
            grant_json_out,
        )
    }
}

/// As `devprobe_consent_grant`, for `subject` (a `DevprobeSubject` value).
///
/// # Errors
/// As `devprobe_consent_grant`, plus `DEVPROBE_ERROR_GUARDIAN_CONSENT_REQUIRED` for
/// `DEVPROBE_SUBJECT_MINOR_WITHOUT_GUARDIAN_CONSENT` (the consent state is unchanged) and
/// `DEVPROBE_ERROR_INVALID_ARGUMENT` for an unknown subject.
///
/// # Safety
/// As `devprobe_consent_grant`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_consent_grant_for(
    consent: *const DevprobeConsent,
    subject: u32,
    purposes: u32,
    grant_json_out: *mut *mut c_char,
) -> DevprobeError {
    guard(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { StringOut::optional(grant_json_out) };
        // SAFETY: the caller's contract.
        let handle = unsafe { non_null(consent, "consent") }?;
        let purposes = purposes_of(purposes)?;
        let subject = subject_of(subject)?;
        let grant = handle.consent.grant_for(subject, purposes)?;
        out.put(grant_json(&grant)?)
    })
}

/// Restores a grant the app stored (the JSON a grant call returned).
///
/// # Errors
/// The consent state is unchanged on every error: `DEVPROBE_ERROR_INVALID_GRANT` (not JSON,
/// wrong shape, unknown member, catalog version 0), `DEVPROBE_ERROR_UNKNOWN_PURPOSE`,
/// `DEVPROBE_ERROR_FUTURE_CATALOG` (stored by a newer build), `DEVPROBE_ERROR_GUARDIAN_CONSENT_REQUIRED`
/// (a minor without a guardian's consent), `DEVPROBE_ERROR_NULL_POINTER`,
/// `DEVPROBE_ERROR_INVALID_ARGUMENT` (not UTF-8). Ask the user again after any of them.
///
/// # Safety
/// `consent` is NULL or a live handle; `grant_json` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_consent_restore(
    consent: *const DevprobeConsent,
    grant_json: *const c_char,
) -> DevprobeError {
    guard(|| {
        // SAFETY: the caller's contract.
        let handle = unsafe { non_null(consent, "consent") }?;
        // SAFETY: the caller's contract.
        let json = unsafe { str_arg(grant_json, "grant_json") }?;
        Ok(handle.consent.restore_json(json)?)
    })
}

/// Withdraws every purpose, at once: before this returns, collectors on this handle drop what
/// they cached, collects in flight fail with `DEVPROBE_ERROR_CONSENT_REQUIRED`, and
/// subscriptions end (their callback gets a last call with NULL). When `receipt_json_out` is
/// not NULL it receives the receipt for the app's deletion request, e.g.
/// `{"withdrawn_at":"2026-11-29T07:00:00Z","purposes":["compatibility"]}`; free it with
/// `devprobe_string_free`. Idempotent: a repeated call gives a receipt with no purposes.
///
/// # Errors
/// `DEVPROBE_ERROR_NULL_POINTER` (consent).
///
/// # Safety
/// `consent` is NULL or a live handle; `receipt_json_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_consent_withdraw(
    consent: *const DevprobeConsent,
    receipt_json_out: *mut *mut c_char,
) -> DevprobeError {
    guard(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { StringOut::optional(receipt_json_out) };
        // SAFETY: the caller's contract.
        let handle = unsafe { non_null(consent, "consent") }?;
        let receipt = handle.consent.withdraw();
        out.put(serde_json::to_string(&receipt).map_err(|e| Failure::internal(e.to_string()))?)
    })
}

/// The handle's state in `*status_out` and, when `purposes_out` is not NULL, the granted
/// purposes as a `DEVPROBE_PURPOSE_*` mask (0 unless granted).
///
/// # Errors
/// `DEVPROBE_ERROR_NULL_POINTER` (consent, status_out).
///
/// # Safety
/// `consent` is NULL or a live handle; `status_out` is NULL or writable; `purposes_out` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_consent_status(
    consent: *const DevprobeConsent,
    status_out: *mut DevprobeConsentStatus,
    purposes_out: *mut u32,
) -> DevprobeError {
    guard(|| {
        // SAFETY: the caller's contract.
        let handle = unsafe { non_null(consent, "consent") }?;
        if status_out.is_null() {
            return Err(Failure::null("status_out"));
        }
        let (status, mask) = match handle.consent.status() {
            ConsentStatus::Granted(grant) => {
                (DevprobeConsentStatus::Granted, mask_of(&grant.purposes))
            }
            ConsentStatus::Withdrawn => (DevprobeConsentStatus::Withdrawn, 0),
            _ => (DevprobeConsentStatus::NotAsked, 0),
        };
        // SAFETY: checked non-NULL; the caller promised it is writable.
        unsafe { status_out.write(status) };
        if !purposes_out.is_null() {
            // SAFETY: not NULL; the caller promised it is writable.
            unsafe { purposes_out.write(mask) };
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_round_trip_in_catalog_order() {
        let purposes =
            purposes_of(DEVPROBE_PURPOSE_VIDEO_ORIENTATION | DEVPROBE_PURPOSE_COMPATIBILITY)
                .unwrap();
        assert_eq!(
            purposes,
            vec![Purpose::Compatibility, Purpose::VideoOrientation]
        );
        assert_eq!(mask_of(&purposes), 9);
        assert_eq!(mask_of(Purpose::ALL), DEVPROBE_PURPOSE_ALL);
    }

    #[test]
    fn unknown_bits_are_refused() {
        let err = purposes_of(0x10 | DEVPROBE_PURPOSE_CONNECTIVITY).unwrap_err();
        assert_eq!(
            err.parts(),
            (
                DevprobeError::InvalidArgument,
                "unknown purpose bits 0x10 (known: 0xf)"
            )
        );
    }
}
