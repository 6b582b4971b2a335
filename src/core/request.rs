//! Sending one API call with failover, as Java's `reqApi`/`callServer`, and reporting server health.

use crate::core::client::NamingCore;
use crate::core::error::{java_code, ErrorCode, NacosError};
use crate::core::event::EventKind;
use crate::core::host::{Host, HttpRequest, TransportError};
use crate::core::params::{encode_pairs, ApiCall};

pub const CLIENT_VERSION: &str = concat!("nacos-wasm:v", env!("CARGO_PKG_VERSION"));

/// A successful answer and which server gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub body: String,
    pub server: String,
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

    async fn send_with_failover(
        &self,
        call: &ApiCall,
        while_closing: bool,
    ) -> Result<Reply, NacosError> {
        let order = {
            let pool = self.pool.borrow();
            pool.attempt_order(
                self.host.now_ms(),
                self.host.random(),
                self.config.max_retry,
            )
        };
        let mut last_error = None;
        for index in order {
            // Checked before every attempt: a call between attempts when close() begins stops here.
            let open = if while_closing {
                !self.is_closed()
            } else {
                self.ensure_open().is_ok()
            };
            if !open {
                return Err(NacosError::closed().with_api(call.api));
            }
            let server = self.pool.borrow().server(index).clone();
            let request = self.build_request(&server.base_url, call);
            let result = self.host.send(request).await;
            let error = match result {
                Ok(response) if response.status == 200 || response.status == 304 => {
                    let came_back = self.pool.borrow_mut().record_success(index);
                    if came_back {
                        self.emit(EventKind::ServerUp {
                            server: server.display.clone(),
                        });
                    }
                    let body = if response.status == 304 {
                        String::new()
                    } else {
                        response.body
                    };
                    return Ok(Reply {
                        body,
                        server: server.display,
                    });
                }
                Ok(response) => NacosError::from_status(response.status, &response.body),
                Err(TransportError::Closed) => {
                    return Err(NacosError::closed()
                        .with_api(call.api)
                        .with_server(&server.display))
                }
                Err(TransportError::Timeout) => NacosError::new(
                    ErrorCode::Timeout,
                    java_code::SERVER_ERROR,
                    format!("no reply within {} ms", self.config.request_timeout_ms),
                ),
                Err(TransportError::Network(why)) => {
                    NacosError::new(ErrorCode::NetworkError, java_code::SERVER_ERROR, why)
                }
            };
            if error.is_server_fault() {
                let went_down = self.pool.borrow_mut().record_failure(
                    index,
                    self.host.now_ms(),
                    &error.message,
                );
                if went_down {
                    self.emit(EventKind::ServerDown {
                        server: server.display.clone(),
                        error: error.message.clone(),
                    });
                }
            }
            last_error = Some(error.with_server(&server.display));
        }
        Err(self.all_servers_failed(call.api, last_error))
    }

    /// Java's message: `failed to req API:<api> after all servers([a, b]) tried: <last error>`.
    fn all_servers_failed(&self, api: &str, last_error: Option<NacosError>) -> NacosError {
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

    fn build_request(&self, base_url: &str, call: &ApiCall) -> HttpRequest {
        let mut url = format!("{base_url}{}", call.api);
        if !call.query.is_empty() {
            url.push('?');
            url.push_str(&encode_pairs(&call.query));
        }
        let mut headers = vec![
            ("Client-Version", CLIENT_VERSION.to_string()),
            ("Request-Module", "Naming".to_string()),
        ];
        let body = if call.form.is_empty() {
            None
        } else {
            headers.push((
                "Content-Type",
                "application/x-www-form-urlencoded;charset=UTF-8".to_string(),
            ));
            Some(encode_pairs(&call.form))
        };
        HttpRequest {
            method: call.method,
            url,
            headers,
            body,
            timeout_ms: self.config.request_timeout_ms,
        }
    }
}
