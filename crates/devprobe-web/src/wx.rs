//! The WeChat mini-program source: devprobe's queries answered by the JavaScript object that
//! `wxSource(wx)` (bindings/web/miniprogram) makes. That object reads `wx` only when asked; this
//! file turns its raw answers into the core's types and decides nothing.

use std::cell::RefCell;

use devprobe::Platform;
use devprobe::source::{
    Answer, Query, Source, SourceError, Viewport, WebAnswer, WebQuery, WxDevice, WxMotion,
    WxNetwork,
};
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// The JavaScript source objects, by index: a `Source` must be `Send + Sync`, a `JsValue`
    /// is neither, and WebAssembly here has one thread.
    static OBJECTS: RefCell<Vec<JsValue>> = const { RefCell::new(Vec::new()) };
}

/// A source over a `wxSource(wx)` object.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WxSource {
    index: usize,
}

impl WxSource {
    /// Keeps `object` for the life of the page and returns a source over it.
    pub(crate) fn new(object: JsValue) -> WxSource {
        let index = OBJECTS.with(|o| {
            let mut o = o.borrow_mut();
            o.push(object);
            o.len() - 1
        });
        WxSource { index }
    }

    /// The JavaScript object.
    pub(crate) fn object(self) -> JsValue {
        OBJECTS.with(|o| {
            o.borrow()
                .get(self.index)
                .cloned()
                .unwrap_or(JsValue::UNDEFINED)
        })
    }

    /// Calls `object[method](...args)`; `Err` when it is not a function or throws.
    pub(crate) fn call(self, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
        let object = self.object();
        let f: Function = Reflect::get(&object, &JsValue::from_str(method))?.dyn_into()?;
        let list: js_sys::Array = args.iter().collect();
        f.apply(&object, &list)
    }

    fn raw(self, name: &str) -> Result<JsValue, SourceError> {
        let value = self
            .call("query", &[JsValue::from_str(name)])
            .map_err(|_| SourceError::Io(format!("wxSource.query({name}) failed")))?;
        if value.is_undefined() || value.is_null() {
            // This WeChat version has no such API.
            Err(SourceError::Unsupported)
        } else {
            Ok(value)
        }
    }
}

/// A plain JavaScript object as one of the core's serde types (WeChat's camelCase names are
/// accepted as aliases).
fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue) -> Result<T, SourceError> {
    let json = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or(SourceError::Malformed)?;
    serde_json::from_str(&json).map_err(|_| SourceError::Malformed)
}

fn number(value: &JsValue, name: &str) -> Option<f64> {
    Reflect::get(value, &JsValue::from_str(name)).ok()?.as_f64()
}

impl Source for WxSource {
    fn platform(&self) -> Platform {
        Platform::MiniProgram
    }

    fn query(&self, query: &Query) -> Result<Answer, SourceError> {
        let Query::Web(q) = query else {
            return Err(SourceError::Unsupported);
        };
        let answer = match q {
            WebQuery::WxDevice => {
                WebAnswer::WxDevice(from_js::<WxDevice>(&self.raw("device_info")?)?)
            }
            WebQuery::WxNetwork => {
                WebAnswer::WxNetwork(from_js::<WxNetwork>(&self.raw("network")?)?)
            }
            WebQuery::Viewport => WebAnswer::Viewport(from_js::<Viewport>(&self.raw("window")?)?),
            WebQuery::WxMotion => {
                let m = self.raw("motion")?;
                let (beta, gamma) = (number(&m, "beta"), number(&m, "gamma"));
                let motion = beta
                    .zip(gamma)
                    .and_then(|(b, g)| WxMotion::from_radians(b, g))
                    .ok_or(SourceError::Malformed)?;
                WebAnswer::WxMotion(motion)
            }
            _ => return Err(SourceError::Unsupported),
        };
        Ok(Answer::Web(answer))
    }
}
