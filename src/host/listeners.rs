//! The JS functions listening to each subscription, called with the new host list when it changes.

use crate::api::to_js;
use crate::core::subscriptions::ServiceChange;
use js_sys::Function;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

#[derive(Default)]
pub struct Listeners {
    by_key: RefCell<HashMap<String, Vec<Function>>>,
}

impl Listeners {
    /// Adds `listener` to `key`; the same function twice counts once (as `nacos-naming` does).
    pub fn add(&self, key: &str, listener: Function) {
        let mut by_key = self.by_key.borrow_mut();
        let list = by_key.entry(key.to_string()).or_default();
        if !list
            .iter()
            .any(|known| JsValue::from(known) == JsValue::from(&listener))
        {
            list.push(listener);
        }
    }

    /// Removes one listener, or all of `key`'s when `listener` is `None`.
    pub fn remove(&self, key: &str, listener: Option<&Function>) {
        let mut by_key = self.by_key.borrow_mut();
        match listener {
            None => {
                by_key.remove(key);
            }
            Some(listener) => {
                if let Some(list) = by_key.get_mut(key) {
                    list.retain(|known| JsValue::from(known) != JsValue::from(listener));
                    if list.is_empty() {
                        by_key.remove(key);
                    }
                }
            }
        }
    }

    pub fn count(&self, key: &str) -> usize {
        self.by_key.borrow().get(key).map_or(0, Vec::len)
    }

    pub fn clear(&self) {
        let all = std::mem::take(&mut *self.by_key.borrow_mut());
        drop(all);
    }

    /// Calls each listener as `listener(hosts, change)`; `hosts` first, as `nacos-naming` passes it.
    pub fn deliver(&self, key: &str, change: &ServiceChange) {
        // Copied out: a listener may subscribe or unsubscribe while it runs.
        let listeners = self.by_key.borrow().get(key).cloned().unwrap_or_default();
        if listeners.is_empty() {
            return;
        }
        let (hosts, change) = (to_js(&change.hosts), to_js(change));
        for listener in listeners {
            call_listener(&listener, &hosts, &change);
        }
    }
}

/// A listener's exception is its own bug: shown on the console, never allowed to stop polling.
pub fn call_listener(listener: &Function, hosts: &JsValue, change: &JsValue) {
    if let Err(error) = listener.call2(&JsValue::NULL, hosts, change) {
        super::console_error("nacos-wasm: a subscribe listener threw", &error);
    }
}
