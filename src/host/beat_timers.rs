//! One owned JS timer per beating instance; replacing or dropping a timer cancels it.

use crate::core::client::NamingCore;
use crate::host::WasmHost;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Weak;

#[derive(Default)]
pub struct BeatTimers {
    timers: RefCell<HashMap<String, Timeout>>,
    /// The client the timers call back into; weak, so a dropped client ends its own timers.
    core: RefCell<Weak<NamingCore<WasmHost>>>,
}

impl BeatTimers {
    pub fn bind(&self, core: Weak<NamingCore<WasmHost>>) {
        *self.core.borrow_mut() = core;
    }

    pub fn arm(&self, key: &str, delay_ms: u64) {
        let core = self.core.borrow().clone();
        let owned_key = key.to_string();
        let timeout = Timeout::new(u32::try_from(delay_ms).unwrap_or(u32::MAX), move || {
            if let Some(core) = core.upgrade() {
                wasm_bindgen_futures::spawn_local(async move {
                    core.run_beat(&owned_key).await;
                });
            }
        });
        // The old timer, if any, is dropped here, which clears it.
        self.timers.borrow_mut().insert(key.to_string(), timeout);
    }

    pub fn disarm(&self, key: &str) {
        let removed = self.timers.borrow_mut().remove(key);
        drop(removed);
    }

    pub fn clear(&self) {
        let timers = std::mem::take(&mut *self.timers.borrow_mut());
        drop(timers);
    }
}
