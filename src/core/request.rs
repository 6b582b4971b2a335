//! Sending one API call with failover, as Java's `reqApi`/`callServer`, and reporting server health.

use crate::core::client::NamingCore;
use crate::core::error::{java_code, ErrorCode, NacosError};
use crate::core::event::EventKind;
use crate::core::host::{Host, HttpRequest, HttpResponse, TransportError};
use crate::core::params::{ApiCall, Method, Params};
use crate::core::secret::{self, Secret};
use crate::core::server_addr::ServerAddr;
use crate::core::url_encode::{encode_pairs, encode_pairs_into, encoded_len, raw_len};
use std::rc::Rc;

pub const CLIENT_VERSION: &str = concat!("nacos-wasm:v", env!("CARGO_PKG_VERSION"));
pub(crate) const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded;charset=UTF-8";
/// Longest query string sent. Every parameter travels in the URL, and Nacos' startup script sets
/// `server.max-http-header-size=524288`, which bounds the request line and headers together: a
/// longer one (huge metadata or names) could only be refused, so it is the caller's error, unsent.
pub const MAX_QUERY_BYTES: usize = 512 * 1024 - 8 * 1024;

/// A successful answer and which server gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub body: String,
    pub server: Rc<ServerAddr>,
}

/// How one attempt at one server ended, when it did not succeed.
pub(crate) enum Failure {
    /// The client was closed meanwhile: stop trying.
    Closed,
    Error(NacosError),
}

impl<H: Host> NamingCore<H> {
    /// Sends `call` to the servers in failover order until one answers 200 (or 304, read as empty).
    pub async fn request(&self, call: &ApiCall) -> Result<Reply, NacosError> {
        self.send_with_failover(call, false).await
    }

    /// `request` for `close()`'s own deregistrations, which go out while the client is closing.
    pub(crate) async fn request_while_closing(&self, call: &ApiCall) -> Result<Reply, NacosError> {
        self.send_with_failover(call, true).await
    }

    /// True while calls may go out: open, or closing for `close()`'s own calls.
    pub(crate) fn may_send(&self, while_closing: bool) -> bool {
        if while_closing {
            !self.is_closed()
        } else {
            self.ensure_open().is_ok()
        }
    }

    async fn send_with_failover(
        &self,
        call: &ApiCall,
        while_closing: bool,
    ) -> Result<Reply, NacosError> {
        // Encoding at most triples the text, so most calls need no exact count.
        let query_bytes = match raw_len(&call.query) {
            short if short * 3 <= MAX_QUERY_BYTES => short,
            _ => encoded_len(&call.query),
        };
        if query_bytes > MAX_QUERY_BYTES {
            return Err(NacosError::invalid(format!(
                "the request is too large: its parameters (metadata and names) are {query_bytes} \
                 bytes URL-encoded, over the {MAX_QUERY_BYTES} a Nacos server accepts"
            ))
            .with_api(call.api));
        }
        let mut last_error = None;
        // Java (since 2.5.0) logs in again after a 403; once per call, so a real refusal ends.
        let mut relogged = false;
        for index in self.failover_order() {
            // Checked before every attempt: a call between attempts when close() begins stops here.
            if !self.may_send(while_closing) {
                return Err(NacosError::closed().with_api(call.api));
            }
            let server = self.pool.borrow().server(index);
            let result = loop {
                let token = self.access_token(while_closing).await?;
                let result = self
                    .host
                    .send(self.build_request(&server, call, token.as_ref()))
                    .await;
                match (&result, &token) {
                    (Ok(response), Some(used)) if response.status == 403 && !relogged => {
                        relogged = true;
                        self.auth.forget(used);
                    }
                    _ => break result,
                }
            };
            match self.judge(index, &server, result) {
                Ok(body) => return Ok(Reply { body, server }),
                Err(Failure::Closed) => {
                    return Err(NacosError::closed()
                        .with_api(call.api)
                        .with_server(&server.display))
                }
                Err(Failure::Error(error)) => last_error = Some(error),
            }
        }
        Err(self.all_servers_failed(call.api, last_error))
    }

    /// Server indexes to try, in order: random start, round robin, cooling servers last.
    pub(crate) fn failover_order(&self) -> Vec<usize> {
        let pool = self.pool.borrow();
        pool.attempt_order(
            || self.host.now_ms(),
            || self.host.random(),
            self.config.max_retry,
        )
    }

    /// Turns one exchange with server `index` into a body or a failure, and keeps the server's
    /// health (cool-down, `server-down`/`server-up` events) up to date.
    pub(crate) fn judge(
        &self,
        index: usize,
        server: &ServerAddr,
        result: Result<HttpResponse, TransportError>,
    ) -> Result<String, Failure> {
        let error = match result {
            Ok(response) if response.status == 200 || response.status == 304 => {
                if self.pool.borrow_mut().record_success(index) {
                    self.emit(EventKind::ServerUp {
                        server: server.display.clone(),
                    });
                    self.hurry_reregistrations();
                }
                return Ok(if response.status == 304 {
                    String::new()
                } else {
                    response.body
                });
            }
            Ok(response) => NacosError::from_status(response.status, &self.redact(&response.body)),
            Err(TransportError::Closed) => return Err(Failure::Closed),
            Err(TransportError::Timeout) => NacosError::new(
                ErrorCode::Timeout,
                java_code::SERVER_ERROR,
                format!("no reply within {} ms", self.config.request_timeout_ms),
            ),
            // The runtime's text may quote the URL, and with tokenInQuery the URL holds the token.
            Err(TransportError::Network(why)) => NacosError::new(
                ErrorCode::NetworkError,
                java_code::SERVER_ERROR,
                self.redact(&why),
            ),
        };
        if error.is_server_fault() {
            let went_down =
                self.pool
                    .borrow_mut()
                    .record_failure(index, self.host.now_ms(), &error.message);
            if went_down {
                self.emit(EventKind::ServerDown {
                    server: server.display.clone(),
                    error: error.message.clone(),
                });
            }
        }
        Err(Failure::Error(error.with_server(&server.display)))
    }

    /// `text` without the password, the secret key or any token this client was given.
    pub(crate) fn redact(&self, text: &str) -> String {
        let issued = self.auth.issued.borrow();
        secret::redact(text, self.config.auth.secrets().chain(issued.iter()))
    }

    /// Java's message: `failed to req API:<api> after all servers([a, b]) tried: <last error>`.
    pub(crate) fn all_servers_failed(
        &self,
        api: &str,
        last_error: Option<NacosError>,
    ) -> NacosError {
        let servers = self.pool.borrow().displays();
        let last = last_error.unwrap_or_else(|| {
            NacosError::new(
                ErrorCode::NoServerAvailable,
                java_code::INVALID_PARAM,
                "no server available",
            )
        });
        let mut error = NacosError::new(
            last.code,
            last.err_code,
            format!(
                "failed to req API:{api} after all servers([{}]) tried: {}",
                servers.join(", "),
                last.message
            ),
        )
        .with_api(api);
        error.status = last.status;
        error.server = last.server;
        error.servers = servers;
        error
    }

    /// The request for `call` at `server`: Java's parameters, plus the token (a header, or the
    /// `accessToken` parameter with `tokenInQuery`) and the AK/SK signature when configured.
    fn build_request(
        &self,
        server: &ServerAddr,
        call: &ApiCall,
        token: Option<&Secret>,
    ) -> HttpRequest {
        let auth = &self.config.auth;
        let grouped_service = call
            .query
            .iter()
            .find(|(name, _)| *name == "serviceName")
            .map(|(_, value)| value.as_str());
        // The call's own parameters are encoded straight from it (no copy); these go after them.
        let mut extra = auth.signature_params(grouped_service, || self.host.now_ms());
        let mut headers = vec![
            ("Client-Version", CLIENT_VERSION.to_string()),
            ("Request-Module", "Naming".to_string()),
        ];
        if let Some(token) = token {
            if auth.token_in_query {
                extra.push(("accessToken", token.expose().to_string()));
            } else {
                headers.push(("accessToken", token.expose().to_string()));
            }
        }
        let body = (!call.form.is_empty()).then(|| {
            headers.push(("Content-Type", FORM_CONTENT_TYPE.to_string()));
            encode_pairs(&call.form)
        });
        http_request(
            call.method,
            &server.base_url,
            call.api,
            &[&call.query, &extra],
            headers,
            body,
            self.config.request_timeout_ms,
        )
    }
}

/// `base_url + api [? query]` (the parameter lists one after the other), with the given headers
/// and body.
pub(crate) fn http_request(
    method: Method,
    base_url: &str,
    api: &str,
    query: &[&Params],
    headers: Vec<(&'static str, String)>,
    body: Option<String>,
    timeout_ms: u64,
) -> HttpRequest {
    // Room for the usual case (few characters to escape); a longer URL grows once or twice.
    let query_len: usize = query.iter().map(|pairs| raw_len(pairs) + 16).sum();
    let mut url = String::with_capacity(base_url.len() + api.len() + query_len);
    url.push_str(base_url);
    url.push_str(api);
    let mut separator = '?';
    for pairs in query.iter().filter(|pairs| !pairs.is_empty()) {
        url.push(separator);
        encode_pairs_into(&mut url, pairs);
        separator = '&';
    }
    HttpRequest {
        method,
        url,
        headers,
        body,
        timeout_ms,
    }
}
