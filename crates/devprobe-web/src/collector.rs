//! `Collector` and `Subscription` for JavaScript.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use devprobe::{Collector, Purpose, Subscription, WatchOptions};
use js_sys::{Array, Function, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_time::Duration;

use crate::consent::{OnWithdraw, WebConsent};
use crate::events::Listeners;
use crate::wx::WxSource;

/// Collects reports (JavaScript class `Collector`). Reads the browser, or the mini-program
/// through a `wxSource(wx)` object; nothing is read before a purpose is granted.
#[wasm_bindgen(js_name = Collector)]
pub struct WebCollector {
    inner: Rc<Collector>,
    consent: WebConsent,
    wx: Option<Rc<WxForget>>,
}

impl std::fmt::Debug for WebCollector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebCollector")
            .field("wx", &self.wx.is_some())
            .finish()
    }
}

/// Drops what the `wx` source read, on withdrawal.
struct WxForget(WxSource);

impl OnWithdraw for WxForget {
    fn withdrawn(&self) {
        let _ = self.0.call("forget", &[]);
    }
}

fn purpose_names(consent: &WebConsent) -> Vec<Purpose> {
    consent
        .inner
        .grant_now()
        .map(|g| g.purposes)
        .unwrap_or_default()
}

fn js_purposes(purposes: &[Purpose]) -> Array {
    purposes
        .iter()
        .map(|p| JsValue::from_str(p.as_str()))
        .collect()
}

#[wasm_bindgen(js_class = Collector)]
impl WebCollector {
    /// A collector for `consent`, over the browser, or over `source` (a `wxSource(wx)`) when
    /// given. Every read runs on the calling thread (there is no other on the web).
    #[wasm_bindgen(constructor)]
    pub fn new(consent: &WebConsent, source: JsValue) -> WebCollector {
        let builder = Collector::builder(consent.inner.clone()).deadline(Duration::MAX);
        let (collector, wx) = if source.is_undefined() || source.is_null() {
            (builder.build(), None)
        } else {
            let wx = WxSource::new(source);
            let forget = Rc::new(WxForget(wx));
            let hook: Rc<dyn OnWithdraw> = forget.clone();
            consent.on_withdraw(Rc::downgrade(&hook));
            (builder.source(wx).build(), Some(forget))
        };
        WebCollector {
            inner: Rc::new(collector),
            consent: consent.clone(),
            wx,
        }
    }

    /// Reads, for the purposes granted now, what only comes asynchronously: the browser's
    /// high-entropy Client Hints (for `compatibility`), or what `wxSource.prepare` fetches.
    /// Nothing when nothing is granted. Resolves to `undefined`.
    pub fn prepare(&self) -> Promise {
        let purposes = purpose_names(&self.consent);
        let wx = self.wx.as_ref().map(|w| w.0);
        wasm_bindgen_futures::future_to_promise(async move {
            if purposes.is_empty() {
                return Ok(JsValue::UNDEFINED);
            }
            match wx {
                None => {
                    if purposes.contains(&Purpose::Compatibility) {
                        devprobe::source::Live::new().prefetch_client_hints().await;
                    }
                }
                Some(wx) => {
                    let pending = wx.call("prepare", &[js_purposes(&purposes).into()])?;
                    if let Ok(promise) = pending.dyn_into::<Promise>() {
                        wasm_bindgen_futures::JsFuture::from(promise).await?;
                    }
                }
            }
            Ok(JsValue::UNDEFINED)
        })
    }

    /// A report of the granted purposes' facts, as JSON.
    ///
    /// # Errors
    /// `consent required` when nothing is granted (nothing is read then).
    #[wasm_bindgen(js_name = collectJson)]
    pub fn collect_json(&self) -> Result<String, JsError> {
        let report = self.inner.collect().map_err(|e| crate::js_error(&e))?;
        crate::to_json(&report)
    }

    /// Calls `listener` with each change's JSON when the browser (or `wx`) announces a change
    /// of the granted network or orientation facts.
    ///
    /// # Errors
    /// `consent required` when none of `connectivity`, `server_selection`,
    /// `video_orientation` is granted.
    pub fn subscribe(&self, listener: Function) -> Result<WebSubscription, JsError> {
        let sub = self
            .inner
            .subscribe_with(WatchOptions::default().on_demand())
            .map_err(|e| crate::js_error(&e))?;
        let purposes = purpose_names(&self.consent);
        let state = Rc::new(SubState {
            sub,
            listener,
            browser: RefCell::new(None),
            wx_stop: RefCell::new(None),
        });
        let weak = Rc::downgrade(&state);
        match self.wx.as_ref().map(|w| w.0) {
            None => {
                let on_event = Box::new(move || deliver(&weak));
                let listeners = Listeners::browser(
                    purposes.contains(&Purpose::Connectivity),
                    purposes.contains(&Purpose::VideoOrientation),
                    on_event,
                );
                *state.browser.borrow_mut() = Some(listeners);
            }
            Some(wx) => {
                let on_event = Closure::<dyn FnMut(JsValue)>::new(move |_| deliver(&weak));
                let stop = wx
                    .call(
                        "watch",
                        &[js_purposes(&purposes).into(), on_event.as_ref().clone()],
                    )
                    .ok()
                    .and_then(|s| s.dyn_into::<Function>().ok());
                *state.wx_stop.borrow_mut() = Some((stop, on_event));
            }
        }
        let hook: Rc<dyn OnWithdraw> = state.clone();
        self.consent.on_withdraw(Rc::downgrade(&hook));
        Ok(WebSubscription { state })
    }
}

/// Reads again and calls the listener if something changed.
fn deliver(state: &Weak<SubState>) {
    let Some(state) = state.upgrade() else { return };
    while let Some(change) = state.sub.try_recv().or_else(|| state.sub.check_now()) {
        if let Ok(json) = serde_json::to_string(&change) {
            let _ = state
                .listener
                .call1(&JsValue::NULL, &JsValue::from_str(&json));
        }
        // A host push and a fresh read give at most one change each per event.
        if state.sub.try_recv().is_none() {
            break;
        }
    }
}

/// The `wx` listener: the stop function `watch` returned, and the callback it calls.
type WxWatch = (Option<Function>, Closure<dyn FnMut(JsValue)>);

struct SubState {
    sub: Subscription,
    listener: Function,
    browser: RefCell<Option<Listeners>>,
    wx_stop: RefCell<Option<WxWatch>>,
}

impl SubState {
    fn stop(&self) {
        if let Some(mut listeners) = self.browser.borrow_mut().take() {
            listeners.remove();
        }
        if let Some((Some(stop), _closure)) = self.wx_stop.borrow_mut().take() {
            let _ = stop.call0(&JsValue::NULL);
        }
    }
}

impl OnWithdraw for SubState {
    fn withdrawn(&self) {
        self.stop();
    }
}

/// A running subscription (JavaScript class `Subscription`).
#[wasm_bindgen(js_name = Subscription)]
pub struct WebSubscription {
    state: Rc<SubState>,
}

impl std::fmt::Debug for WebSubscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebSubscription")
            .field("active", &self.state.sub.is_active())
            .finish()
    }
}

#[wasm_bindgen(js_class = Subscription)]
impl WebSubscription {
    /// Removes every listener this subscription added; no change is delivered after it.
    pub fn unsubscribe(&self) {
        self.state.stop();
    }

    /// Whether changes are still delivered (false after `unsubscribe` or withdrawal).
    #[wasm_bindgen(getter)]
    pub fn active(&self) -> bool {
        let listening =
            self.state.browser.borrow().is_some() || self.state.wx_stop.borrow().is_some();
        listening && self.state.sub.is_active()
    }
}
