//! A scripted `Host` for native tests: canned replies per server, a hand-moved clock, recorded traffic.

use crate::core::client::NamingCore;
use crate::core::event::Event;
use crate::core::host::{Host, HttpRequest, HttpResponse, TimerKey, TransportError};
use crate::core::options::{ClientConfig, ClientOptions};
use crate::core::subscriptions::ServiceChange;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::future::Future;
use std::task::{Context, Poll, Waker};

type Responder = Box<dyn Fn(&HttpRequest) -> Result<HttpResponse, TransportError>>;

pub struct FakeHost {
    pub now: Cell<u64>,
    pub random: Cell<f64>,
    pub requests: RefCell<Vec<HttpRequest>>,
    pub events: RefCell<Vec<Event>>,
    pub armed: RefCell<BTreeMap<TimerKey, u64>>,
    pub shut_downs: Cell<u32>,
    pub listeners: RefCell<BTreeMap<String, usize>>,
    pub deliveries: RefCell<Vec<(String, ServiceChange)>>,
    /// When set, every send waits one poll before answering, so concurrent calls interleave.
    pub slow_sends: Cell<bool>,
    /// Sends started and not yet answered, and the most there ever were at once.
    pub sending: Cell<usize>,
    pub most_sending: Cell<usize>,
    /// Milliseconds the clock moves on during each send (a reply's latency).
    pub latency_ms: Cell<u64>,
    responder: RefCell<Responder>,
}

impl FakeHost {
    pub fn new() -> FakeHost {
        FakeHost {
            now: Cell::new(1_000_000),
            random: Cell::new(0.0),
            requests: RefCell::new(Vec::new()),
            events: RefCell::new(Vec::new()),
            armed: RefCell::new(BTreeMap::new()),
            shut_downs: Cell::new(0),
            listeners: RefCell::new(BTreeMap::new()),
            deliveries: RefCell::new(Vec::new()),
            slow_sends: Cell::new(false),
            sending: Cell::new(0),
            most_sending: Cell::new(0),
            latency_ms: Cell::new(0),
            responder: RefCell::new(Box::new(|_| ok("ok"))),
        }
    }

    pub fn respond(
        &self,
        responder: impl Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + 'static,
    ) {
        *self.responder.borrow_mut() = Box::new(responder);
    }

    pub fn take_requests(&self) -> Vec<HttpRequest> {
        std::mem::take(&mut *self.requests.borrow_mut())
    }

    /// The delay the beat timer was last armed with, if it is armed.
    pub fn beats_armed(&self) -> Option<u64> {
        self.armed.borrow().get(&TimerKey::Beats).copied()
    }

    pub fn event_types(&self) -> Vec<String> {
        self.events
            .borrow()
            .iter()
            .map(|e| to_value(e)["type"].as_str().unwrap().to_string())
            .collect()
    }
}

impl Host for FakeHost {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.sending.set(self.sending.get() + 1);
        self.most_sending
            .set(self.most_sending.get().max(self.sending.get()));
        if self.slow_sends.get() {
            let mut waited = false;
            std::future::poll_fn(|cx| {
                if waited {
                    Poll::Ready(())
                } else {
                    waited = true;
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }
            })
            .await;
        }
        self.sending.set(self.sending.get() - 1);
        self.now.set(self.now.get() + self.latency_ms.get());
        let result = (self.responder.borrow())(&request);
        self.requests.borrow_mut().push(request);
        result
    }
    fn now_ms(&self) -> u64 {
        self.now.get()
    }
    fn random(&self) -> f64 {
        self.random.get()
    }
    fn emit(&self, event: Event) {
        self.events.borrow_mut().push(event);
    }
    fn arm(&self, timer: TimerKey, delay_ms: u64) {
        self.armed.borrow_mut().insert(timer, delay_ms);
    }
    fn disarm(&self, timer: &TimerKey) {
        self.armed.borrow_mut().remove(timer);
    }
    fn deliver(&self, key: &str, change: &ServiceChange) {
        self.deliveries
            .borrow_mut()
            .push((key.to_string(), change.clone()));
    }
    fn listener_count(&self, key: &str) -> usize {
        self.listeners.borrow().get(key).copied().unwrap_or(0)
    }
    fn shut_down(&self) {
        self.shut_downs.set(self.shut_downs.get() + 1);
        self.armed.borrow_mut().clear();
    }
}

pub fn ok(body: &str) -> Result<HttpResponse, TransportError> {
    status(200, body)
}

pub fn status(status: u16, body: &str) -> Result<HttpResponse, TransportError> {
    Ok(HttpResponse {
        status,
        body: body.to_string(),
    })
}

/// A client over a fake host, with options given as JSON.
pub fn client(options: serde_json::Value) -> NamingCore<FakeHost> {
    let options = ClientOptions::from_value(&ours(&options)).unwrap();
    NamingCore::new(
        ClientConfig::from_options(options).unwrap(),
        FakeHost::new(),
    )
}

/// A test's `json!` value as our own JSON value.
pub fn ours(value: &serde_json::Value) -> crate::core::json::Value {
    crate::core::json::parse(&value.to_string()).unwrap()
}

/// What our JSON writer makes of `value`, read back by serde_json so tests can index it.
pub fn to_value<T: crate::core::json::ToJson + ?Sized>(value: &T) -> serde_json::Value {
    serde_json::from_str(&value.to_json()).unwrap()
}

/// Runs a future whose host never waits (the fake answers at once).
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// The value of query parameter `name` in `url`, decoded.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| percent_decode(value))
    })
}

pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
