//! HTTP through the runtime's global `fetch`, with a timeout per request and `close()` ending them all.
//!
//! The exchange itself is `fetch.js`: building the request, its timeout and its abort in JS costs a
//! fraction of doing each step across the wasm boundary (profiled: `bench/RESULTS.md`).

use crate::core::host::{HttpRequest, HttpResponse, TransportError};
use crate::core::params::Method;
use js_sys::Reflect;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/host/fetch.js")]
extern "C" {
    type FetchRequests;

    #[wasm_bindgen(constructor)]
    fn new(on_answer: &Closure<dyn Fn(u32, bool, u16, String, JsValue)>) -> FetchRequests;

    #[wasm_bindgen(method)]
    fn send(
        this: &FetchRequests,
        id: u32,
        url: &str,
        method: u8,
        headers: Option<String>,
        body: Option<String>,
        timeout_ms: u32,
    );

    #[wasm_bindgen(method, js_name = abortAll)]
    fn abort_all(this: &FetchRequests);

    #[wasm_bindgen(method)]
    fn detach(this: &FetchRequests);
}

/// One request's slot: its answer once `fetch.js` reports it, and the task waiting for it.
#[derive(Default)]
struct Slot {
    answer: Option<Result<HttpResponse, TransportError>>,
    waker: Option<Waker>,
}

/// Requests in flight by id. A short list (beats in flight are bounded), searched linearly; ids
/// only grow, so a late answer for a request nobody awaits any more finds no slot.
type Pending = Rc<RefCell<Vec<(u32, Slot)>>>;

/// Sends requests and remembers those in flight, so `abort_all` can end them.
pub struct FetchTransport {
    requests: FetchRequests,
    pending: Pending,
    next_id: Cell<u32>,
    /// The header lines last sent: `fetch.js` keeps them, so unchanged ones are not sent again.
    last_headers: RefCell<String>,
    _on_answer: Closure<dyn Fn(u32, bool, u16, String, JsValue)>,
}

impl Default for FetchTransport {
    fn default() -> FetchTransport {
        let pending = Pending::default();
        let slots = pending.clone();
        // `Fn`, not `FnMut`: the wake below may poll tasks at once (host::executor), and one of
        // them (close()) can end other requests, whose answers re-enter this closure.
        let on_answer = Closure::new(
            move |id: u32, ok: bool, status: u16, text: String, error: JsValue| {
                let answer = if ok {
                    Ok(HttpResponse { status, body: text })
                } else {
                    Err(transport_error(&text, &error))
                };
                let waker = {
                    let mut slots = slots.borrow_mut();
                    let Some((_, slot)) = slots.iter_mut().find(|(slot_id, _)| *slot_id == id)
                    else {
                        return;
                    };
                    slot.answer = Some(answer);
                    slot.waker.take()
                };
                // Woken outside the borrow: the wake may poll the task at once, and what it does
                // (another request, close()) may come back here.
                if let Some(waker) = waker {
                    waker.wake();
                }
            },
        );
        FetchTransport {
            requests: FetchRequests::new(&on_answer),
            pending,
            next_id: Cell::new(0),
            last_headers: RefCell::new(String::new()),
            _on_answer: on_answer,
        }
    }
}

impl Drop for FetchTransport {
    /// Answers arriving after the client is freed must not call a dropped closure.
    fn drop(&mut self) {
        self.requests.detach();
    }
}

impl FetchTransport {
    pub async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        // fetch refuses a line break in a header value too; refusing it here also keeps a token
        // from a hostile server from adding headers of its own to the `name\nvalue` list.
        if let Some((name, _)) = request
            .headers
            .iter()
            .find(|(_, value)| value.contains(['\n', '\r']))
        {
            return Err(TransportError::Network(format!(
                "invalid value for header {name}: it contains a line break"
            )));
        }
        let headers = {
            let mut last = self.last_headers.borrow_mut();
            if same_lines(&last, &request.headers) {
                None
            } else {
                last.clear();
                for (name, value) in &request.headers {
                    for part in [name, value.as_str()] {
                        last.push_str(part);
                        last.push('\n');
                    }
                }
                Some(last.clone())
            }
        };
        let id = self.next_id.get().wrapping_add(1);
        self.next_id.set(id);
        self.pending.borrow_mut().push((id, Slot::default()));
        let answer = Answer {
            id,
            pending: self.pending.clone(),
        };
        let method = match request.method {
            Method::Get => 0,
            Method::Post => 1,
            Method::Put => 2,
            Method::Delete => 3,
        };
        self.requests.send(
            id,
            &request.url,
            method,
            headers,
            request.body,
            clamp_ms(request.timeout_ms),
        );
        answer.await
    }

    /// Ends every request in flight; they fail with `TransportError::Closed`.
    pub fn abort_all(&self) {
        self.requests.abort_all();
    }
}

/// The answer to request `id`, once `fetch.js` reports it.
struct Answer {
    id: u32,
    pending: Pending,
}

impl Future for Answer {
    type Output = Result<HttpResponse, TransportError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut slots = self.pending.borrow_mut();
        let Some(index) = slots.iter().position(|(id, _)| *id == self.id) else {
            // Cannot happen (the slot lives until this future ends); fail rather than hang.
            return Poll::Ready(Err(TransportError::Closed));
        };
        match slots[index].1.answer.take() {
            Some(answer) => {
                slots.swap_remove(index);
                Poll::Ready(answer)
            }
            None => {
                slots[index].1.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl Drop for Answer {
    /// A request whose caller stopped waiting (its future dropped): its late answer is ignored.
    fn drop(&mut self) {
        if let Ok(mut slots) = self.pending.try_borrow_mut() {
            if let Some(index) = slots.iter().position(|(id, _)| *id == self.id) {
                slots.swap_remove(index);
            }
        }
    }
}

/// True when `lines` (`name\nvalue\n...`) lists exactly `headers`: checked without building them.
fn same_lines(lines: &str, headers: &[(&'static str, String)]) -> bool {
    let mut rest = lines;
    for (name, value) in headers {
        for part in [name, value.as_str()] {
            match rest.strip_prefix(part).and_then(|r| r.strip_prefix('\n')) {
                Some(after) => rest = after,
                None => return false,
            }
        }
    }
    rest.is_empty()
}

/// A failed request as `fetch.js` reports it: the reason and what was thrown.
fn transport_error(reason: &str, error: &JsValue) -> TransportError {
    match reason {
        "timeout" => TransportError::Timeout,
        "closed" => TransportError::Closed,
        _ => TransportError::Network(describe_js_error(error)),
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
