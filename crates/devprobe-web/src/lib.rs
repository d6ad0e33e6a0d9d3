//! devprobe for web pages and WeChat mini-programs: the same [`devprobe::Consent`],
//! [`devprobe::Collector`] and report as every other platform, exported to JavaScript with
//! wasm-bindgen. No rule lives here: this crate passes raw values between JavaScript and the
//! core, and everything it returns is the JSON the core produces. The npm package
//! `bindings/web` wraps it (`index.js`: `Consent`, `Collector`, `init`).
//!
//! | JavaScript | Rust |
//! |---|---|
//! | `new Consent()`, `grant`, `grantForMinor`, `restore`, `grantNow`, `withdraw` | [`WebConsent`] over [`devprobe::Consent`] |
//! | `new Collector(consent, source?)`, `prepare`, `collectJson`, `subscribe` | [`WebCollector`] over [`devprobe::Collector`] |
//! | the browser | [`devprobe::source::Live`] (`source/live/web.rs` in the core) |
//! | `wxSource(wx)` from `@devprobe/web/miniprogram` | [`WxSource`](wx::WxSource) |

#![cfg(target_arch = "wasm32")]
#![deny(unsafe_code)]

mod collector;
mod consent;
mod events;
mod wx;

pub use collector::{WebCollector, WebSubscription};
pub use consent::WebConsent;

use wasm_bindgen::JsError;

/// A core error as a JavaScript `Error` whose message is the core's (e.g. "consent required").
fn js_error(e: &devprobe::Error) -> JsError {
    JsError::new(&e.to_string())
}

/// `value` as JSON text, or a JavaScript `Error` (serializing devprobe's own types cannot fail
/// in practice, but a binding never panics).
fn to_json<T: serde::Serialize>(value: &T) -> Result<String, JsError> {
    serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))
}
