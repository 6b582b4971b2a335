//! Logging in with username and password: one login at a time, renewed before the token expires.

use crate::core::auth::{parse_login_reply, Credentials, Token, API_LOGIN, API_LOGIN_OLD};
use crate::core::client::NamingCore;
use crate::core::error::{java_code, quote, ErrorCode, NacosError};
use crate::core::host::{Host, HttpRequest};
use crate::core::params::Method;
use crate::core::request::{http_request, Failure, CLIENT_VERSION, FORM_CONTENT_TYPE};
use crate::core::secret::Secret;
use crate::core::server_addr::ServerAddr;
use crate::core::url_encode::encode_pairs;

impl<H: Host> NamingCore<H> {
    /// The token for the next request: `None` without credentials; otherwise the current one, or a
    /// new one when there is none or it is due for renewal. Calls that need a login at the same time
    /// wait for one login and share its token.
    pub(crate) async fn access_token(
        &self,
        while_closing: bool,
    ) -> Result<Option<Secret>, NacosError> {
        let Some(credentials) = &self.config.auth.login else {
            return Ok(None);
        };
        if let Some(token) = self.auth.fresh(self.host.now_ms()) {
            return Ok(Some(token));
        }
        let _inside = self.auth.gate.enter().await;
        // The call that held the gate before may have just logged in.
        if let Some(token) = self.auth.fresh(self.host.now_ms()) {
            return Ok(Some(token));
        }
        let token = self.login(credentials, while_closing).await?;
        let value = token.value.clone();
        self.auth.store(token);
        Ok(Some(value))
    }

    /// Java's `SecurityProxy.login`: the servers in failover order until one accepts.
    async fn login(
        &self,
        credentials: &Credentials,
        while_closing: bool,
    ) -> Result<Token, NacosError> {
        let mut refused = None;
        let mut refused_by = Vec::new();
        let mut last_error = None;
        for index in self.failover_order() {
            if !self.may_send(while_closing) {
                return Err(NacosError::closed().with_api(API_LOGIN));
            }
            // A server that refused these credentials will refuse them again: no retry there.
            if refused_by.contains(&index) {
                continue;
            }
            let server = self.pool.borrow().server(index);
            match self.login_at(index, &server, credentials).await {
                Ok(token) => return Ok(token),
                Err(Failure::Closed) => return Err(NacosError::closed().with_api(API_LOGIN)),
                Err(Failure::Error(error)) if error.code == ErrorCode::AuthFailed => {
                    refused_by.push(index);
                    refused = Some(error);
                }
                Err(Failure::Error(error)) => last_error = Some(error),
            }
        }
        // A refusal says more than a server that was down.
        let mut error = self.all_servers_failed(API_LOGIN, refused.or(last_error));
        error.message = format!(
            "login as {} failed: {}",
            quote(&credentials.username),
            error.message
        );
        Err(error)
    }

    /// Logs in at one server: `POST /nacos/v1/auth/users/login`, or the old path if that is 404.
    async fn login_at(
        &self,
        index: usize,
        server: &ServerAddr,
        credentials: &Credentials,
    ) -> Result<Token, Failure> {
        for api in [API_LOGIN, API_LOGIN_OLD] {
            let result = self
                .host
                .send(self.login_request(server, api, credentials))
                .await;
            let refused =
                matches!(&result, Ok(response) if response.status == 401 || response.status == 403);
            let not_found = matches!(&result, Ok(response) if response.status == 404);
            if not_found && api == API_LOGIN {
                continue;
            }
            return match self.judge(index, server, result) {
                Ok(body) => parse_login_reply(&body, self.host.now_ms())
                    .map_err(|error| Failure::Error(error.with_server(&server.display))),
                Err(Failure::Error(error)) if refused => {
                    let mut failed = NacosError::new(
                        ErrorCode::AuthFailed,
                        java_code::NO_RIGHT,
                        format!("{} (wrong username or password?)", error.message),
                    );
                    failed.status = error.status;
                    Err(Failure::Error(failed.with_server(&server.display)))
                }
                Err(failure) => Err(failure),
            };
        }
        unreachable!("the old login path is the last one tried")
    }

    /// The password goes in the form body only: never in a URL, where proxies and logs keep it.
    fn login_request(
        &self,
        server: &ServerAddr,
        api: &str,
        credentials: &Credentials,
    ) -> HttpRequest {
        let query = vec![("username", credentials.username.clone())];
        let form = vec![
            ("username", credentials.username.clone()),
            ("password", credentials.password.expose().to_string()),
        ];
        let headers = vec![
            ("Client-Version", CLIENT_VERSION.to_string()),
            ("Content-Type", FORM_CONTENT_TYPE.to_string()),
        ];
        http_request(
            Method::Post,
            &server.base_url,
            api,
            &[&query],
            headers,
            Some(encode_pairs(&form)),
            self.config.request_timeout_ms,
        )
    }
}
