//! The core's timers as owned JS timeouts: one per key; replacing or dropping a timer cancels it.

use crate::core::client::NamingCore;
use crate::core::host::TimerKey;
use crate::host::WasmHost;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Weak;

#[derive(Default)]
pub struct Timers {
    /// A list, not a map: one beat timer and one per subscription, and a `HashMap` costs the wasm
    /// kilobytes of hashing code.
    timers: RefCell<Vec<(TimerKey, Timeout)>>,
    /// The client the timers call back into; weak, so a dropped client ends its own timers.
    core: RefCell<Weak<NamingCore<WasmHost>>>,
}

impl Timers {
    pub fn bind(&self, core: Weak<NamingCore<WasmHost>>) {
        *self.core.borrow_mut() = core;
    }

    pub fn arm(&self, timer: TimerKey, delay_ms: u64) {
        let core = self.core.borrow().clone();
        let fired = timer.clone();
        let timeout = Timeout::new(u32::try_from(delay_ms).unwrap_or(u32::MAX), move || {
            if let Some(core) = core.upgrade() {
                crate::host::executor::spawn(async move { core.fire(fired).await });
            }
        });
        // The old timer for this key, if any, is dropped here, which clears it.
        let replaced = {
            let mut timers = self.timers.borrow_mut();
            match timers.iter_mut().find(|(key, _)| *key == timer) {
                Some((_, slot)) => Some(std::mem::replace(slot, timeout)),
                None => {
                    timers.push((timer, timeout));
                    None
                }
            }
        };
        drop(replaced);
    }

    pub fn disarm(&self, timer: &TimerKey) {
        let removed = {
            let mut timers = self.timers.borrow_mut();
            let found = timers.iter().position(|(key, _)| key == timer);
            found.map(|index| timers.swap_remove(index))
        };
        drop(removed);
    }

    pub fn clear(&self) {
        let timers = std::mem::take(&mut *self.timers.borrow_mut());
        drop(timers);
    }
}
