//! `Consent` for JavaScript: purposes in and grants out as devprobe's JSON. A withdrawal also
//! removes every browser or `wx` listener the collectors of this consent added, and drops the
//! values fetched ahead of a collect (Client Hints, `wx.getNetworkType()`).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use devprobe::{Consent, Purpose, Subject};
use wasm_bindgen::prelude::*;

/// Something to stop or forget when consent is withdrawn.
pub(crate) trait OnWithdraw {
    /// Removes listeners and drops what was read.
    fn withdrawn(&self);
}

/// The user's consent (JavaScript class `Consent`). Grants and receipts are returned as JSON
/// text, e.g. `{"purposes":["compatibility"],"catalog_version":2,"subject":"adult",
/// "granted_at":"2026-11-29T06:51:18Z"}`.
#[wasm_bindgen(js_name = Consent)]
#[derive(Clone)]
pub struct WebConsent {
    pub(crate) inner: Consent,
    hooks: Rc<RefCell<Vec<Weak<dyn OnWithdraw>>>>,
}

impl std::fmt::Debug for WebConsent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebConsent")
            .field("inner", &self.inner)
            .finish()
    }
}

impl WebConsent {
    /// Calls `hook` when consent is withdrawn, while it lives.
    pub(crate) fn on_withdraw(&self, hook: Weak<dyn OnWithdraw>) {
        let mut hooks = self.hooks.borrow_mut();
        hooks.retain(|h| h.strong_count() > 0);
        hooks.push(hook);
    }
}

/// Purpose names (`"compatibility"`, ...) as [`Purpose`]s.
fn purposes(names: &[String]) -> Result<Vec<Purpose>, JsError> {
    names
        .iter()
        .map(|n| {
            n.parse::<Purpose>()
                .map_err(|_| JsError::new(&format!("unknown purpose {n:?}")))
        })
        .collect()
}

#[wasm_bindgen(js_class = Consent)]
impl WebConsent {
    /// A consent with nothing granted.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WebConsent {
        WebConsent {
            inner: Consent::new(),
            hooks: Rc::default(),
        }
    }

    /// Records an adult's consent to `purposes`; returns the grant's JSON.
    ///
    /// # Errors
    /// An unknown purpose name.
    pub fn grant(&self, purposes_: Vec<String>) -> Result<String, JsError> {
        let grant = self.inner.grant(purposes(&purposes_)?);
        crate::to_json(&grant)
    }

    /// Records a minor's consent; returns the grant's JSON.
    ///
    /// # Errors
    /// An unknown purpose name, or `GuardianConsentRequired` without a guardian's consent.
    #[wasm_bindgen(js_name = grantForMinor)]
    pub fn grant_for_minor(
        &self,
        guardian_consent: bool,
        purposes_: Vec<String>,
    ) -> Result<String, JsError> {
        let subject = Subject::Minor { guardian_consent };
        let grant = self
            .inner
            .grant_for(subject, purposes(&purposes_)?)
            .map_err(|e| crate::js_error(&e))?;
        crate::to_json(&grant)
    }

    /// Restores a stored grant's JSON.
    ///
    /// # Errors
    /// A malformed grant, an unknown purpose, a future catalog version, or a minor's grant
    /// without a guardian's consent; the consent is unchanged then.
    pub fn restore(&self, json: &str) -> Result<(), JsError> {
        self.inner
            .restore_json(json)
            .map_err(|e| crate::js_error(&e))
    }

    /// The grant in force as JSON, or `undefined`.
    #[wasm_bindgen(js_name = grantNow)]
    pub fn grant_now(&self) -> Result<Option<String>, JsError> {
        self.inner
            .grant_now()
            .map(|g| crate::to_json(&g))
            .transpose()
    }

    /// Withdraws everything at once; returns the receipt's JSON
    /// (`{"withdrawn_at": "...", "purposes": [...]}`).
    ///
    /// # Errors
    /// None in practice (the receipt always serializes).
    pub fn withdraw(&self) -> Result<String, JsError> {
        let receipt = self.inner.withdraw();
        let hooks: Vec<_> = self.hooks.borrow_mut().drain(..).collect();
        for hook in hooks.iter().filter_map(Weak::upgrade) {
            hook.withdrawn();
        }
        devprobe::source::Live::new().forget_prefetched();
        crate::to_json(&receipt)
    }
}

impl Default for WebConsent {
    fn default() -> Self {
        WebConsent::new()
    }
}
