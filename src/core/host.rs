//! What the core needs from its runtime: one HTTP exchange, the clock, randomness, events and beat timers.

use crate::core::event::Event;
use crate::core::params::Method;
use crate::core::subscriptions::ServiceChange;
use crate::core::substring;
use std::fmt;

/// One HTTP request, fully built. Its `Debug` hides what may be secret (see below).
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    /// A form-encoded body, when there is one.
    pub body: Option<String>,
    pub timeout_ms: u64,
}

/// Shows the method, the URL with any `accessToken` value masked, header names and the body's
/// length: the body of a login holds the password, and a header may hold the token.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = match substring::split_once(&self.url, "accessToken=") {
            Some((before, after)) => {
                let rest = after
                    .find('&')
                    .map_or("", |end| after.get(end..).unwrap_or_default());
                format!("{before}accessToken=***{rest}")
            }
            None => self.url.clone(),
        };
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| *name).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &url)
            .field("headers", &headers)
            .field("body_bytes", &self.body.as_ref().map(String::len))
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// A server's answer: any status counts as an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
}

/// A timer the core asks the host to run; when it fires the host calls `NamingCore::fire`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimerKey {
    /// The earliest due beat of any registration (one timer for all of them: see `beat_queue`).
    Beats,
    /// The next poll of the subscribed service with this key.
    Poll(String),
}

/// Why no answer arrived.
#[derive(Debug, Clone, PartialEq)]
pub enum TransportError {
    /// Nothing within the request's `timeout_ms`.
    Timeout,
    /// The connection failed; the text is the runtime's own description.
    Network(String),
    /// The client was closed while the request ran.
    Closed,
}

/// The runtime under the core. The wasm build uses `fetch` and JS timers; tests use a fake.
///
/// Futures here are not `Send`: JavaScript runs the client on one thread.
#[allow(async_fn_in_trait)]
pub trait Host {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
    /// Uniform in [0, 1).
    fn random(&self) -> f64;
    /// Delivers an event to the caller. Called with no borrow held, so a listener may call back in.
    fn emit(&self, event: Event);
    /// Runs `NamingCore::fire(timer)` after `delay_ms`, replacing any timer with the same key.
    fn arm(&self, timer: TimerKey, delay_ms: u64);
    /// Cancels that timer, if armed.
    fn disarm(&self, timer: &TimerKey);
    /// Calls the listeners of the subscription `key` with its new host list.
    fn deliver(&self, key: &str, change: &ServiceChange);
    /// How many listeners the subscription `key` has.
    fn listener_count(&self, key: &str) -> usize;
    /// Cancels every timer and makes every request in flight fail with `TransportError::Closed`.
    fn shut_down(&self);
}
