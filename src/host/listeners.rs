//! The JS functions listening to each subscription, called with the new host list when it changes.

use crate::api::to_js;
use crate::core::subscriptions::ServiceChange;
use js_sys::Function;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[derive(Default)]
pub struct Listeners {
    /// A list, not a map: one entry per subscription, and a `HashMap` costs kilobytes of wasm.
    by_key: RefCell<Vec<(String, Vec<Function>)>>,
}

impl Listeners {
    /// Adds `listener` to `key`; the same function twice counts once (as `nacos-naming` does).
    pub fn add(&self, key: &str, listener: Function) {
        let mut by_key = self.by_key.borrow_mut();
        let index = match by_key.iter().position(|(name, _)| name == key) {
            Some(index) => index,
            None => {
                by_key.push((key.to_string(), Vec::new()));
                by_key.len() - 1
            }
        };
        let list = &mut by_key[index].1;
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
        let Some(index) = by_key.iter().position(|(name, _)| name == key) else {
            return;
        };
        if let Some(listener) = listener {
            let list = &mut by_key[index].1;
            list.retain(|known| JsValue::from(known) != JsValue::from(listener));
            if !list.is_empty() {
                return;
            }
        }
        by_key.swap_remove(index);
    }

    pub fn count(&self, key: &str) -> usize {
        self.get(key).map_or(0, |list| list.len())
    }

    /// A copy of `key`'s listeners.
    fn get(&self, key: &str) -> Option<Vec<Function>> {
        let by_key = self.by_key.borrow();
        let (_, list) = by_key.iter().find(|(name, _)| name == key)?;
        Some(list.clone())
    }

    pub fn clear(&self) {
        let all = std::mem::take(&mut *self.by_key.borrow_mut());
        drop(all);
    }

    /// Calls each listener as `listener(hosts, change)`; `hosts` first, as `nacos-naming` passes it.
    pub fn deliver(&self, key: &str, change: &ServiceChange) {
        // Copied out: a listener may subscribe or unsubscribe while it runs.
        let listeners = self.get(key).unwrap_or_default();
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
