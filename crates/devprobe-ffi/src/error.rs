//! Error codes, the thread-local last-error message, and the guard every export runs in: no
//! panic crosses the C boundary.

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// What a devprobe call returned: `DEVPROBE_ERROR_OK` (0) on success, otherwise why it failed.
/// After a failure, `devprobe_last_error_message()` says more.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevprobeError {
    /// Success.
    Ok = 0,
    /// A pointer argument that must not be NULL was NULL. Nothing was done.
    NullPointer = 1,
    /// An argument was out of range: an unknown bit in a purpose mask, an unknown enum value,
    /// a string that is not UTF-8, JSON of the wrong shape for a host push.
    InvalidArgument = 2,
    /// No purpose is granted (never asked, or withdrawn, possibly while the call ran): nothing
    /// was read, or what was read has been dropped.
    ConsentRequired = 3,
    /// A grant for a minor came without a guardian's consent and was refused; the consent
    /// state is unchanged.
    GuardianConsentRequired = 4,
    /// A stored grant is not a grant (not JSON, wrong shape, unknown member, catalog version
    /// 0); the consent state is unchanged.
    InvalidGrant = 5,
    /// A stored grant names a purpose this build does not know; the consent state is unchanged.
    UnknownPurpose = 6,
    /// A stored grant was given under a catalog version newer than this build's; the consent
    /// state is unchanged.
    FutureCatalog = 7,
    /// A purpose was needed that the grant does not include.
    NotGranted = 8,
    /// devprobe panicked inside the call (a bug): it was caught at the boundary and the call
    /// did nothing further. Please report it with the last error message.
    Panic = 9,
    /// Any other failure (a bug or an out-of-memory condition); see the last error message.
    Internal = 10,
}

/// A failed call: its code and the message kept for `devprobe_last_error_message`.
#[derive(Debug)]
pub(crate) struct Failure {
    code: DevprobeError,
    message: String,
}

impl Failure {
    pub(crate) fn new(code: DevprobeError, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }

    /// A NULL where `what` was required.
    pub(crate) fn null(what: &str) -> Failure {
        Failure::new(DevprobeError::NullPointer, format!("{what} is NULL"))
    }

    /// An argument out of range.
    pub(crate) fn invalid(message: impl Into<String>) -> Failure {
        Failure::new(DevprobeError::InvalidArgument, message)
    }

    /// The code and message, for tests.
    #[cfg(test)]
    pub(crate) fn parts(&self) -> (DevprobeError, &str) {
        (self.code, &self.message)
    }

    /// Anything else (serialization, interior NUL): a bug.
    pub(crate) fn internal(message: impl Into<String>) -> Failure {
        Failure::new(DevprobeError::Internal, message)
    }
}

impl From<devprobe::Error> for Failure {
    fn from(e: devprobe::Error) -> Failure {
        use devprobe::Error as E;
        let code = match &e {
            E::ConsentRequired => DevprobeError::ConsentRequired,
            E::GuardianConsentRequired => DevprobeError::GuardianConsentRequired,
            E::InvalidGrant(_) => DevprobeError::InvalidGrant,
            E::UnknownPurpose(_) => DevprobeError::UnknownPurpose,
            E::FutureCatalog { .. } => DevprobeError::FutureCatalog,
            E::NotGranted(_) => DevprobeError::NotGranted,
            _ => DevprobeError::Internal,
        };
        Failure::new(code, e.to_string())
    }
}

thread_local! {
    /// The message of this thread's last failed call; cleared when a call starts.
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

fn set_last_error(message: Option<&str>) {
    let message = message.map(|m| {
        // A message is ours and never holds a NUL; drop one rather than lose the message.
        CString::new(m.replace('\0', "")).unwrap_or_default()
    });
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = message;
        }
    });
}

/// Runs the body of an export: clears the last error, catches any panic, and turns the
/// outcome into a code (setting the last error message on failure).
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Failure>) -> DevprobeError {
    set_last_error(None);
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => DevprobeError::Ok,
        Ok(Err(failure)) => {
            set_last_error(Some(&failure.message));
            failure.code
        }
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic payload".to_owned());
            set_last_error(Some(&format!("devprobe panicked (a bug): {what}")));
            DevprobeError::Panic
        }
    }
}

/// The message of the last call on this thread that failed, e.g. `"consent required: no
/// purpose is granted"`; an empty string when the last call succeeded. Never NULL.
///
/// The text is owned by devprobe and stays valid until the next devprobe call on this thread;
/// copy it to keep it. Do not free it.
#[unsafe(no_mangle)]
pub extern "C" fn devprobe_last_error_message() -> *const c_char {
    const EMPTY: &CStr = c"";
    LAST_ERROR
        .try_with(|slot| {
            slot.try_borrow()
                .ok()
                .and_then(|s| s.as_ref().map(|m| m.as_ptr()))
        })
        .ok()
        .flatten()
        .unwrap_or(EMPTY.as_ptr())
}

/// A stable name for `error`, e.g. `"DEVPROBE_ERROR_CONSENT_REQUIRED"`; `"DEVPROBE_ERROR_UNKNOWN"`
/// for a value this build does not define. Static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn devprobe_error_name(error: u32) -> *const c_char {
    let name: &CStr = match error {
        0 => c"DEVPROBE_ERROR_OK",
        1 => c"DEVPROBE_ERROR_NULL_POINTER",
        2 => c"DEVPROBE_ERROR_INVALID_ARGUMENT",
        3 => c"DEVPROBE_ERROR_CONSENT_REQUIRED",
        4 => c"DEVPROBE_ERROR_GUARDIAN_CONSENT_REQUIRED",
        5 => c"DEVPROBE_ERROR_INVALID_GRANT",
        6 => c"DEVPROBE_ERROR_UNKNOWN_PURPOSE",
        7 => c"DEVPROBE_ERROR_FUTURE_CATALOG",
        8 => c"DEVPROBE_ERROR_NOT_GRANTED",
        9 => c"DEVPROBE_ERROR_PANIC",
        10 => c"DEVPROBE_ERROR_INTERNAL",
        _ => c"DEVPROBE_ERROR_UNKNOWN",
    };
    name.as_ptr()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last() -> String {
        // SAFETY: devprobe_last_error_message never returns NULL and the text lives until the
        // next devprobe call on this thread; it is copied at once.
        unsafe { CStr::from_ptr(devprobe_last_error_message()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn a_panic_becomes_a_code_and_a_message() {
        let code = guard(|| -> Result<(), Failure> { std::panic::panic_any("boom") });
        assert_eq!(code, DevprobeError::Panic);
        assert_eq!(last(), "devprobe panicked (a bug): boom");
    }

    #[test]
    fn a_success_clears_the_last_error() {
        let code = guard(|| Err(Failure::invalid("bad mask")));
        assert_eq!(
            (code, last().as_str()),
            (DevprobeError::InvalidArgument, "bad mask")
        );
        assert_eq!(guard(|| Ok(())), DevprobeError::Ok);
        assert_eq!(last(), "");
    }

    #[test]
    fn every_code_has_its_header_name() {
        for (code, name) in [
            (DevprobeError::Ok, "DEVPROBE_ERROR_OK"),
            (
                DevprobeError::ConsentRequired,
                "DEVPROBE_ERROR_CONSENT_REQUIRED",
            ),
            (DevprobeError::Internal, "DEVPROBE_ERROR_INTERNAL"),
        ] {
            // SAFETY: static strings.
            let got = unsafe { CStr::from_ptr(devprobe_error_name(code as u32)) };
            assert_eq!(got.to_str().ok(), Some(name));
        }
        // SAFETY: static string.
        let unknown = unsafe { CStr::from_ptr(devprobe_error_name(99)) };
        assert_eq!(unknown.to_str().ok(), Some("DEVPROBE_ERROR_UNKNOWN"));
    }
}
