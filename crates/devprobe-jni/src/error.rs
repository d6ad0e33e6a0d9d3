//! Failures of a native method and how they reach Java: as a `dev.devprobe.DevprobeException`
//! carrying a [`Code`], thrown by the [`Throw`] error policy when the method returns.

use jni::errors::ErrorPolicy;
use jni::objects::{JString, JThrowable, JValue};
use jni::{Env, jni_sig, jni_str};

/// The code a `DevprobeException` carries; Java's `DevprobeException.Code` has the same values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Code {
    /// No purpose is granted (never asked, or withdrawn): nothing was read.
    ConsentRequired = 1,
    /// A minor's grant without a guardian's consent was refused.
    GuardianConsentRequired = 2,
    /// A stored grant is not a grant (bad JSON, wrong shape, catalog version 0).
    InvalidGrant = 3,
    /// A stored grant names a purpose this build does not know.
    UnknownPurpose = 4,
    /// A stored grant comes from a newer catalog than this build's.
    FutureCatalog = 5,
    /// A snapshot folder could not be loaded.
    Snapshot = 6,
    /// A purpose the call needs is not granted.
    NotGranted = 7,
    /// An argument is null or out of range (an unknown connection type, rotation 7, ...).
    InvalidArgument = 8,
    /// The handle was closed (or never valid).
    Closed = 9,
    /// A bug: a panic or a JNI failure inside the library. The call had no effect on consent.
    Internal = 10,
}

/// Why a native method failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A devprobe call failed.
    Core(devprobe::Error),
    /// A bad argument, with what is wrong.
    Invalid(String),
    /// A handle that is not (or no longer) registered; names its kind.
    Closed(&'static str),
    /// Something inside the library failed (a thread could not start).
    Internal(String),
    /// JNI itself failed (a pending Java exception is left to propagate).
    Jni(jni::errors::Error),
}

impl From<jni::errors::Error> for Failure {
    fn from(e: jni::errors::Error) -> Self {
        Failure::Jni(e)
    }
}

impl From<devprobe::Error> for Failure {
    fn from(e: devprobe::Error) -> Self {
        Failure::Core(e)
    }
}

pub(crate) type Result<T> = std::result::Result<T, Failure>;

fn core_code(e: &devprobe::Error) -> Code {
    use devprobe::Error as E;
    match e {
        E::ConsentRequired => Code::ConsentRequired,
        E::GuardianConsentRequired => Code::GuardianConsentRequired,
        E::InvalidGrant(_) => Code::InvalidGrant,
        E::UnknownPurpose(_) => Code::UnknownPurpose,
        E::FutureCatalog { .. } => Code::FutureCatalog,
        E::Snapshot { .. } => Code::Snapshot,
        E::NotGranted(_) => Code::NotGranted,
        _ => Code::Internal,
    }
}

/// Throws `DevprobeException(code, message)`.
fn throw(env: &mut Env<'_>, code: Code, message: &str) -> jni::errors::Result<()> {
    let message = JString::from_str(env, message)?;
    let exception = env.new_object(
        jni_str!("dev/devprobe/DevprobeException"),
        jni_sig!("(ILjava/lang/String;)V"),
        &[JValue::Int(code as i32), JValue::from(&message)],
    )?;
    let exception = env.cast_local::<JThrowable>(exception)?;
    env.throw(exception)
}

/// The error policy of every export: a [`Failure`] or a panic becomes a thrown
/// `DevprobeException` and the method returns the type's default (0, false, null).
#[derive(Debug)]
pub(crate) struct Throw;

impl<T: Default> ErrorPolicy<T, Failure> for Throw {
    type Captures<'unowned_env_local: 'native_method, 'native_method> = ();

    fn on_error<'unowned_env_local: 'native_method, 'native_method>(
        env: &mut Env<'unowned_env_local>,
        _: &mut (),
        err: Failure,
    ) -> jni::errors::Result<T> {
        let (code, message) = match err {
            Failure::Core(e) => (core_code(&e), e.to_string()),
            Failure::Invalid(what) => (Code::InvalidArgument, what),
            Failure::Closed(kind) => (Code::Closed, format!("{kind} is closed")),
            Failure::Internal(what) => (Code::Internal, what),
            // A Java exception is already pending: let it propagate as it is.
            Failure::Jni(jni::errors::Error::JavaException) if env.exception_check() => {
                return Ok(T::default());
            }
            Failure::Jni(e) => (Code::Internal, format!("JNI failure: {e}")),
        };
        throw(env, code, &message)?;
        Ok(T::default())
    }

    fn on_panic<'unowned_env_local: 'native_method, 'native_method>(
        env: &mut Env<'unowned_env_local>,
        _: &mut (),
        _payload: Box<dyn std::any::Any + Send + 'static>,
    ) -> jni::errors::Result<T> {
        if env.exception_check() {
            env.exception_clear();
        }
        throw(env, Code::Internal, "internal error: devprobe panicked")?;
        Ok(T::default())
    }
}

/// The Java string, or `Invalid` naming `what` when it is null.
pub(crate) fn required(env: &Env<'_>, s: &JString<'_>, what: &str) -> Result<String> {
    if s.is_null() {
        return Err(Failure::Invalid(format!("{what} is null")));
    }
    Ok(s.try_to_string(env)?)
}

/// The Java string, `None` when it is null.
pub(crate) fn optional(env: &Env<'_>, s: &JString<'_>) -> Result<Option<String>> {
    if s.is_null() {
        return Ok(None);
    }
    Ok(Some(s.try_to_string(env)?))
}
