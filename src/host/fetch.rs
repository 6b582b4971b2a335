//! HTTP through the runtime's global `fetch`, with a timeout per request and `close()` ending them all.
//!
//! The exchange itself is `fetch.js`: building the request, its `AbortController` and timer in JS
//! costs a fraction of doing each step across the wasm boundary (profiled: `bench/RESULTS.md`).

use crate::core::host::{HttpRequest, HttpResponse, TransportError};
use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/host/fetch.js")]
extern "C" {
    type FetchRequests;

    #[wasm_bindgen(constructor)]
    fn new() -> FetchRequests;

    #[wasm_bindgen(method)]
    fn send(
        this: &FetchRequests,
        url: &str,
        method: &str,
        headers: &str,
        body: Option<String>,
        timeout_ms: u32,
    ) -> Promise;

    #[wasm_bindgen(method, js_name = abortAll)]
    fn abort_all(this: &FetchRequests);
}

/// Sends requests and remembers those in flight, so `abort_all` can end them.
pub struct FetchTransport {
    requests: FetchRequests,
}

impl Default for FetchTransport {
    fn default() -> FetchTransport {
        FetchTransport {
            requests: FetchRequests::new(),
        }
    }
}

impl FetchTransport {
    pub async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut headers = String::new();
        for (name, value) in &request.headers {
            // fetch refuses a line break in a header value too; refusing it here also keeps a token
            // from a hostile server from adding headers of its own to the `name\nvalue` list.
            if value.contains(['\n', '\r']) {
                return Err(TransportError::Network(format!(
                    "invalid value for header {name}: it contains a line break"
                )));
            }
            headers.push_str(name);
            headers.push('\n');
            headers.push_str(value);
            headers.push('\n');
        }
        let answer = self.requests.send(
            &request.url,
            request.method.as_str(),
            &headers,
            request.body,
            clamp_ms(request.timeout_ms),
        );
        match JsFuture::from(answer).await {
            Ok(answer) => Ok(parse_answer(&answer.as_string().unwrap_or_default())),
            Err(failure) => Err(transport_error(&failure)),
        }
    }

    /// Ends every request in flight; they fail with `TransportError::Closed`.
    pub fn abort_all(&self) {
        self.requests.abort_all();
    }
}

/// `"<status> <body>"`, as `fetch.js` resolves.
fn parse_answer(answer: &str) -> HttpResponse {
    let (status, body) = answer.split_once(' ').unwrap_or((answer, ""));
    HttpResponse {
        status: status.parse().unwrap_or(0),
        body: body.to_string(),
    }
}

/// `fetch.js` rejects with `{ reason, error }`.
fn transport_error(failure: &JsValue) -> TransportError {
    let field = |name: &str| Reflect::get(failure, &JsValue::from_str(name)).ok();
    match field("reason").and_then(|r| r.as_string()).as_deref() {
        Some("timeout") => TransportError::Timeout,
        Some("closed") => TransportError::Closed,
        Some(_) => TransportError::Network(describe_js_error(&field("error").unwrap_or_default())),
        None => TransportError::Network(describe_js_error(failure)),
    }
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
        Some(detail) if !crate::core::substring::contains(&message, &detail) => {
            format!("{message}: {detail}")
        }
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
