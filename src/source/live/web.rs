//! The browser, for devprobe compiled to `wasm32-unknown-unknown`: every query reads
//! `globalThis.navigator`, `globalThis.screen` or the window's size when it is asked, and
//! nothing else. A value the browser lacks (`navigator.connection` in Firefox and Safari,
//! `navigator.userAgentData` outside Chromium, `screen.orientation` in old Safari) is
//! `Unsupported`.
//!
//! Client Hints' high-entropy values (`platformVersion`, `model`) come from a promise, so they
//! are fetched beforehand by [`prefetch_client_hints`] (the binding calls it only when
//! `compatibility` is granted) and kept in this thread's memory until [`forget`].

use std::cell::RefCell;

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::platform::Platform;
use crate::source::{
    Answer, ChangeFeed, ClientHints, Connection, Query, ScreenOrientation, SourceError, Viewport,
    WebAnswer, WebQuery,
};

pub(super) const PLATFORM: Platform = Platform::Web;

/// The fetched high-entropy values: `platformVersion` and `model`.
#[derive(Debug, Clone, Default)]
struct HighEntropy {
    platform_version: Option<String>,
    model: Option<String>,
}

thread_local! {
    static HIGH_ENTROPY: RefCell<Option<HighEntropy>> = const { RefCell::new(None) };
}

pub(super) fn query(query: &Query) -> Result<Answer, SourceError> {
    let Query::Web(q) = query else {
        return Err(SourceError::Unsupported);
    };
    web(*q).map(Answer::Web)
}

/// No OS change feed: the binding turns the browser's events into changes.
pub(super) fn network_changes() -> Option<Box<dyn ChangeFeed>> {
    None
}

fn web(query: WebQuery) -> Result<WebAnswer, SourceError> {
    match query {
        WebQuery::UserAgent => text(&object("navigator")?, "userAgent").map(WebAnswer::UserAgent),
        WebQuery::ClientHints => client_hints().map(WebAnswer::ClientHints),
        WebQuery::Connection => {
            let c = member(&object("navigator")?, "connection")?;
            Ok(WebAnswer::Connection(Connection {
                kind: text(&c, "type").ok(),
                effective_type: text(&c, "effectiveType").ok(),
            }))
        }
        WebQuery::Online => get(&object("navigator")?, "onLine")?
            .as_bool()
            .map(WebAnswer::Online)
            .ok_or(SourceError::Malformed),
        WebQuery::ScreenOrientation => {
            let o = member(&object("screen")?, "orientation")?;
            let kind = text(&o, "type")?;
            let angle = number(&o, "angle")?;
            Ok(WebAnswer::ScreenOrientation(ScreenOrientation {
                kind,
                angle,
            }))
        }
        WebQuery::Viewport => {
            let global = js_sys::global();
            let width = number(&global, "innerWidth")?;
            let height = number(&global, "innerHeight")?;
            Ok(WebAnswer::Viewport(Viewport { width, height }))
        }
        WebQuery::WxDevice | WebQuery::WxNetwork | WebQuery::WxMotion => {
            Err(SourceError::Unsupported)
        }
    }
}

fn client_hints() -> Result<ClientHints, SourceError> {
    let data = member(&object("navigator")?, "userAgentData")?;
    let platform = text(&data, "platform")?;
    let mobile = get(&data, "mobile")?.as_bool().unwrap_or(false);
    let fetched = HIGH_ENTROPY
        .with(|h| h.borrow().clone())
        .unwrap_or_default();
    Ok(ClientHints {
        platform,
        platform_version: fetched.platform_version,
        model: fetched.model,
        mobile,
    })
}

/// Fetches `platform`, `platformVersion` and `model` with
/// `navigator.userAgentData.getHighEntropyValues`, for the collects that follow. Does nothing
/// in a browser without Client Hints, and keeps nothing when the browser refuses.
pub(super) async fn prefetch_client_hints() {
    let Ok(data) = object("navigator").and_then(|n| member(&n, "userAgentData")) else {
        return;
    };
    let Ok(method) = get(&data, "getHighEntropyValues") else {
        return;
    };
    let Some(method) = method.dyn_ref::<js_sys::Function>() else {
        return;
    };
    let hints = Array::of3(
        &JsValue::from_str("platform"),
        &JsValue::from_str("platformVersion"),
        &JsValue::from_str("model"),
    );
    let Ok(promise) = method.call1(&data, &hints) else {
        return;
    };
    let Ok(promise) = promise.dyn_into::<Promise>() else {
        return;
    };
    let Ok(values) = wasm_bindgen_futures::JsFuture::from(promise).await else {
        return;
    };
    let fetched = HighEntropy {
        platform_version: text(&values, "platformVersion").ok(),
        model: text(&values, "model").ok(),
    };
    HIGH_ENTROPY.with(|h| *h.borrow_mut() = Some(fetched));
}

/// Drops the fetched Client Hints (on withdrawal).
pub(super) fn forget() {
    HIGH_ENTROPY.with(|h| *h.borrow_mut() = None);
}

/// `globalThis[name]` as an object.
fn object(name: &str) -> Result<JsValue, SourceError> {
    member(&js_sys::global(), name)
}

/// `target[name]` when it is an object; `Unsupported` when it is missing.
fn member(target: &JsValue, name: &str) -> Result<JsValue, SourceError> {
    let value = get(target, name)?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(SourceError::Unsupported)
    }
}

/// `target[name]`; `Unsupported` when it is `undefined` or `null`, `Unreadable` when the read
/// throws (a getter that refuses).
fn get(target: &JsValue, name: &str) -> Result<JsValue, SourceError> {
    let value = Reflect::get(target, &JsValue::from_str(name))
        .map_err(|_| SourceError::Io(format!("reading {name} failed")))?;
    if value.is_undefined() || value.is_null() {
        Err(SourceError::Unsupported)
    } else {
        Ok(value)
    }
}

fn text(target: &JsValue, name: &str) -> Result<String, SourceError> {
    get(target, name)?.as_string().ok_or(SourceError::Malformed)
}

/// A whole, non-negative number that fits the target type.
fn number<T: TryFrom<u64>>(target: &JsValue, name: &str) -> Result<T, SourceError> {
    let n = get(target, name)?.as_f64().ok_or(SourceError::Malformed)?;
    if !(n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= 4_294_967_295.0) {
        return Err(SourceError::Malformed);
    }
    // Whole and within u32 (checked above), so the cast is exact.
    T::try_from(n as u64).map_err(|_| SourceError::Malformed)
}
