//! The browser's change events, for a subscription: `screen.orientation` `change` (else the
//! window's `resize`) for `video_orientation`; `navigator.connection` `change` and the window's
//! `online`/`offline` for `connectivity`. Listeners are added only for granted purposes, and
//! adding one reads only the object it is added to.

use js_sys::Reflect;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::EventTarget;

/// Listeners added to browser objects, removed by [`Listeners::remove`].
pub(crate) struct Listeners {
    added: Vec<(EventTarget, &'static str)>,
    callback: Closure<dyn FnMut()>,
}

/// `globalThis[path[0]][path[1]]...` as an event target, if it is one.
fn target(path: &[&str]) -> Option<EventTarget> {
    let mut value: JsValue = js_sys::global().into();
    for name in path {
        value = Reflect::get(&value, &JsValue::from_str(name)).ok()?;
        if value.is_undefined() || value.is_null() {
            return None;
        }
    }
    value.dyn_into::<EventTarget>().ok()
}

impl Listeners {
    /// Calls `on_event` on each change event of the purposes granted.
    pub(crate) fn browser(
        connectivity: bool,
        orientation: bool,
        on_event: Box<dyn FnMut()>,
    ) -> Listeners {
        let mut listeners = Listeners {
            added: Vec::new(),
            callback: Closure::wrap(on_event),
        };
        if connectivity {
            if let Some(connection) = target(&["navigator", "connection"]) {
                listeners.add(connection, "change");
            }
            if let Some(window) = target(&[]) {
                listeners.add(window.clone(), "online");
                listeners.add(window, "offline");
            }
        }
        if orientation {
            match target(&["screen", "orientation"]) {
                Some(o) => listeners.add(o, "change"),
                None => {
                    if let Some(window) = target(&[]) {
                        listeners.add(window, "resize");
                    }
                }
            }
        }
        listeners
    }

    fn add(&mut self, target: EventTarget, event: &'static str) {
        let f = self.callback.as_ref().unchecked_ref();
        if target.add_event_listener_with_callback(event, f).is_ok() {
            self.added.push((target, event));
        }
    }

    /// Removes every listener added.
    pub(crate) fn remove(&mut self) {
        let f = self.callback.as_ref().unchecked_ref();
        for (target, event) in self.added.drain(..) {
            let _ = target.remove_event_listener_with_callback(event, f);
        }
    }
}
