//! The C ABI of [devprobe](https://docs.rs/devprobe): consent-gated device facts for C, C++,
//! Swift and Objective-C. The header is `include/devprobe.h` (generated from this crate by
//! cbindgen and committed; a test fails when it is stale) with `include/module.modulemap` for
//! Swift and Clang modules.
//!
//! Every export runs inside `catch_unwind`: a panic becomes `DEVPROBE_ERROR_PANIC`, never an
//! unwind into C; a NULL pointer becomes `DEVPROBE_ERROR_NULL_POINTER`. No rule lives here:
//! each function is a thin shell over `devprobe::{Consent, Collector, Report}`.
//!
//! Build with `panic = "unwind"` (the default): with `panic = "abort"` a bug aborts the process
//! instead of returning `DEVPROBE_ERROR_PANIC`.

mod args;
mod collector;
mod consent;
mod error;
mod host;
mod subscribe;

use std::ffi::{CStr, c_char};

pub use args::devprobe_string_free;
pub use collector::{
    DevprobeCollector, DevprobeCollectorOptions, DevprobeIpPrecision, DevprobeLang,
    devprobe_collector_collect, devprobe_collector_free, devprobe_collector_new, devprobe_explain,
};
pub use consent::{
    DEVPROBE_PURPOSE_ALL, DEVPROBE_PURPOSE_COMPATIBILITY, DEVPROBE_PURPOSE_CONNECTIVITY,
    DEVPROBE_PURPOSE_SERVER_SELECTION, DEVPROBE_PURPOSE_VIDEO_ORIENTATION, DevprobeConsent,
    DevprobeConsentStatus, DevprobeSubject, devprobe_consent_free, devprobe_consent_grant,
    devprobe_consent_grant_for, devprobe_consent_new, devprobe_consent_restore,
    devprobe_consent_status, devprobe_consent_withdraw,
};
pub use error::{DevprobeError, devprobe_error_name, devprobe_last_error_message};
pub use host::{
    DevprobeConnectionType, DevprobeNetwork, DevprobeOptionalBool, DevprobeOrientation,
    DevprobeOrientationType, devprobe_collector_set_android_rotation,
    devprobe_collector_set_ios_orientation, devprobe_collector_set_network,
    devprobe_collector_set_network_json, devprobe_collector_set_orientation,
    devprobe_collector_set_orientation_json,
};
pub use subscribe::{
    DevprobeChangeCallback, DevprobeDestroyCallback, DevprobeSubscription,
    devprobe_collector_subscribe, devprobe_unsubscribe,
};

const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"",
    };

/// The version of this library, e.g. `"0.1.0"`. Static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn devprobe_version() -> *const c_char {
    VERSION.as_ptr()
}
