//! HTTP through the runtime's global `fetch`, with an `AbortController` per request for timeouts and `close()`.

use crate::core::host::{HttpRequest, HttpResponse, TransportError};
use gloo_timers::callback::Timeout;
use js_sys::{Object, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, bound on the global object so Node, Deno, workers and pages all work.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Promise;
}

#[derive(Clone, Copy, PartialEq)]
enum AbortReason {
    Timeout,
    Closed,
}

struct InFlight {
    controller: AbortController,
    reason: Rc<Cell<Option<AbortReason>>>,
}

/// Sends requests and remembers those in flight, so `abort_all` can end them.
#[derive(Default)]
pub struct FetchTransport {
    in_flight: RefCell<HashMap<u64, InFlight>>,
    next_id: Cell<u64>,
}

impl FetchTransport {
    pub async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let controller =
            AbortController::new().map_err(|e| TransportError::Network(describe_js_error(&e)))?;
        let reason = Rc::new(Cell::new(None));
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.in_flight.borrow_mut().insert(
            id,
            InFlight {
                controller: controller.clone(),
                reason: reason.clone(),
            },
        );
        // Dropping the Timeout (when this function returns) clears it, so no timer outlives the request.
        let _deadline = {
            let (controller, reason) = (controller.clone(), reason.clone());
            Timeout::new(clamp_ms(request.timeout_ms), move || {
                if reason.get().is_none() {
                    reason.set(Some(AbortReason::Timeout));
                }
                controller.abort();
            })
        };
        let result = exchange(&request, &controller).await;
        self.in_flight.borrow_mut().remove(&id);
        result.map_err(|error| match reason.get() {
            Some(AbortReason::Timeout) => TransportError::Timeout,
            Some(AbortReason::Closed) => TransportError::Closed,
            None => TransportError::Network(describe_js_error(&error)),
        })
    }

    /// Ends every request in flight; they fail with `TransportError::Closed`.
    pub fn abort_all(&self) {
        let in_flight: Vec<InFlight> = self
            .in_flight
            .borrow_mut()
            .drain()
            .map(|(_, f)| f)
            .collect();
        for request in in_flight {
            request.reason.set(Some(AbortReason::Closed));
            request.controller.abort();
        }
    }
}

async fn exchange(
    request: &HttpRequest,
    controller: &AbortController,
) -> Result<HttpResponse, JsValue> {
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_signal(Some(&controller.signal()));
    let headers = Object::new();
    for (name, value) in &request.headers {
        Reflect::set(
            &headers,
            &JsValue::from_str(name),
            &JsValue::from_str(value),
        )?;
    }
    init.set_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    let response: Response = JsFuture::from(global_fetch(&request.url, &init))
        .await?
        .dyn_into()?;
    let body = JsFuture::from(response.text()?).await?;
    Ok(HttpResponse {
        status: response.status(),
        body: body.as_string().unwrap_or_default(),
    })
}

fn clamp_ms(ms: u64) -> u32 {
    u32::try_from(ms).unwrap_or(u32::MAX)
}

/// A readable description of a rejected `fetch`: Node hides the real cause (`ECONNREFUSED`) in `cause`.
pub fn describe_js_error(error: &JsValue) -> String {
    let field = |value: &JsValue, name: &str| {
        Reflect::get(value, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
    };
    let message = field(error, "message").unwrap_or_else(|| "fetch failed".to_string());
    let cause = Reflect::get(error, &JsValue::from_str("cause"))
        .ok()
        .filter(|c| c.is_object());
    match cause.and_then(|c| field(&c, "message").or_else(|| field(&c, "code"))) {
        Some(detail) if !message.contains(&detail) => format!("{message}: {detail}"),
        _ if BROWSER_FETCH_FAILURES.contains(&message.as_str()) => format!("{message}{CORS_HINT}"),
        _ => message,
    }
}

/// What Chromium, Firefox and Safari say for any failed fetch, CORS refusals included: they hide the
/// reason from the page, so the message names the usual one.
const BROWSER_FETCH_FAILURES: [&str; 3] = [
    "Failed to fetch",
    "NetworkError when attempting to fetch resource.",
    "Load failed",
];
const CORS_HINT: &str = " (in a browser, also what a server on another origin looks like: \
Nacos sends no CORS headers, so serve the page and a /nacos/ proxy from one origin)";
