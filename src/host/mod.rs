//! The JavaScript runtime under the core: global `fetch`, JS timers, `Date.now`, `Math.random`, `onEvent`.

pub(crate) mod alloc;
pub(crate) mod executor;
mod fetch;
mod listeners;
pub(crate) mod number;
mod timers;

use crate::core::client::NamingCore;
use crate::core::event::Event;
use crate::core::host::{Host, HttpRequest, HttpResponse, TimerKey, TransportError};
use crate::core::subscriptions::ServiceChange;
use fetch::FetchTransport;
use js_sys::Function;
pub use listeners::call_listener;
use listeners::Listeners;
use std::rc::Weak;
use timers::Timers;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    pub(crate) fn console_error(message: &str, error: &JsValue);
}

pub struct WasmHost {
    transport: FetchTransport,
    timers: Timers,
    listeners: Listeners,
    on_event: Option<Function>,
}

impl WasmHost {
    pub fn new(on_event: Option<Function>) -> WasmHost {
        WasmHost {
            transport: FetchTransport::default(),
            timers: Timers::default(),
            listeners: Listeners::default(),
            on_event,
        }
    }

    /// The subscribers' functions, which only the JS side can hold.
    pub fn listeners(&self) -> &Listeners {
        &self.listeners
    }

    /// Lets beat timers call back into the client that owns this host.
    pub fn bind(&self, core: Weak<NamingCore<WasmHost>>) {
        self.timers.bind(core);
    }
}

impl Host for WasmHost {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.transport.send(request).await
    }

    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    fn emit(&self, event: Event) {
        let Some(listener) = &self.on_event else {
            return;
        };
        let value = crate::api::to_js(&event);
        // A listener's exception is its own bug: show it, but never let it stop beats.
        if let Err(error) = listener.call1(&JsValue::NULL, &value) {
            console_error("nacos-wasm: onEvent listener threw", &error);
        }
    }

    fn arm(&self, timer: TimerKey, delay_ms: u64) {
        self.timers.arm(timer, delay_ms);
    }

    fn disarm(&self, timer: &TimerKey) {
        self.timers.disarm(timer);
    }

    fn deliver(&self, key: &str, change: &ServiceChange) {
        self.listeners.deliver(key, change);
    }

    fn listener_count(&self, key: &str) -> usize {
        self.listeners.count(key)
    }

    fn shut_down(&self) {
        self.timers.clear();
        self.listeners.clear();
        self.transport.abort_all();
    }
}
