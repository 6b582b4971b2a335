//! Auth settings and token state: username/password login (`SecurityProxy`) and AK/SK signing.

use crate::core::error::{java_code, ErrorCode, NacosError};
use crate::core::gate::Gate;
use crate::core::hmac_sha1;
use crate::core::params::Params;
use crate::core::secret::Secret;
use std::cell::RefCell;

pub const API_LOGIN: &str = "/nacos/v1/auth/users/login";
/// Servers before 1.2 only know this path; tried when the first answers 404.
pub const API_LOGIN_OLD: &str = "/nacos/v1/auth/login";
/// Nacos' default `tokenTtl` (s), for a reply that leaves it out.
const DEFAULT_TOKEN_TTL_S: u64 = 18_000;
/// Old tokens kept for redaction: a message about a request sent just before a renewal still hides it.
const TOKENS_REMEMBERED: usize = 4;

#[derive(Debug, Clone)]
pub struct Credentials {
    pub username: String,
    pub password: Secret,
}

#[derive(Debug, Clone)]
pub struct AccessKey {
    pub access_key: String,
    pub secret_key: Secret,
}

/// The checked auth options.
#[derive(Debug, Clone, Default)]
pub struct AuthConfig {
    pub login: Option<Credentials>,
    pub signing: Option<AccessKey>,
    /// Sent as `app` (Java sends its application name; `unknown` when signing without one).
    pub app_name: Option<String>,
    /// Send the token as the `accessToken` query parameter (old servers) instead of the header.
    pub token_in_query: bool,
}

/// The auth fields of the options object, as given.
pub struct AuthOptions {
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub access_key: Option<String>,
    pub secret_key: Option<Secret>,
    pub app_name: Option<String>,
    pub token_in_query: Option<bool>,
}

impl AuthConfig {
    /// Blank values count as not given (as Java's `StringUtils.isNotBlank`); half a pair is an error.
    pub fn from_options(options: AuthOptions) -> Result<AuthConfig, NacosError> {
        let text = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
        let secret = |value: Option<Secret>| value.filter(|v| !v.is_empty());
        let login = match (text(options.username), secret(options.password)) {
            (Some(username), Some(password)) => Some(Credentials {
                username: checked("username", username)?,
                password,
            }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(NacosError::invalid(
                    "options.password is required with options.username",
                ))
            }
            (None, Some(_)) => {
                return Err(NacosError::invalid(
                    "options.username is required with options.password",
                ))
            }
        };
        let signing = match (text(options.access_key), secret(options.secret_key)) {
            (Some(access_key), Some(secret_key)) => Some(AccessKey {
                access_key: checked("accessKey", access_key)?,
                secret_key,
            }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(NacosError::invalid(
                    "options.secretKey is required with options.accessKey",
                ))
            }
            (None, Some(_)) => {
                return Err(NacosError::invalid(
                    "options.accessKey is required with options.secretKey",
                ))
            }
        };
        let app_name = text(options.app_name)
            .map(|app| checked("appName", app))
            .transpose()?;
        Ok(AuthConfig {
            login,
            signing,
            app_name,
            token_in_query: options.token_in_query.unwrap_or(false),
        })
    }

    /// Everything that must never be shown.
    pub fn secrets(&self) -> impl Iterator<Item = &Secret> {
        let password = self.login.as_ref().map(|l| &l.password);
        let secret_key = self.signing.as_ref().map(|s| &s.secret_key);
        password.into_iter().chain(secret_key)
    }

    /// `app`, and with AK/SK `signature`, `data`, `ak`, as Java's `checkSignature`: `data` is
    /// `<ms>@@<grouped service>` (just `<ms>` for calls without a service).
    /// `now_ms` is asked for only when signing: it may cost a call into the host (JS, in wasm).
    pub fn signature_params(
        &self,
        grouped_service: Option<&str>,
        now_ms: impl FnOnce() -> u64,
    ) -> Params {
        let mut params = Params::new();
        let app = self.app_name.as_deref();
        if let Some(key) = &self.signing {
            let now_ms = now_ms();
            let data = match grouped_service {
                Some(service) if !service.is_empty() => format!("{now_ms}@@{service}"),
                _ => now_ms.to_string(),
            };
            params.push(("app", app.unwrap_or("unknown").to_string()));
            params.push(("signature", hmac_sha1::sign(&data, key.secret_key.expose())));
            params.push(("data", data));
            params.push(("ak", key.access_key.clone()));
        } else if let Some(app) = app {
            params.push(("app", app.to_string()));
        }
        params
    }
}

fn checked(name: &str, value: String) -> Result<String, NacosError> {
    if value.chars().any(char::is_control) {
        return Err(NacosError::invalid(format!(
            "options.{name} must not contain control characters"
        )));
    }
    Ok(value)
}

/// A token and when to renew it: at `ttl - ttl/10` after it was issued, as Java's `SecurityProxy`.
#[derive(Debug, Clone)]
pub struct Token {
    pub value: Secret,
    pub refresh_at_ms: u64,
}

/// The login reply's fields we read; a field of another type makes the whole reply unreadable.
struct LoginReply {
    access_token: Option<String>,
    token_ttl: Option<u64>,
}

impl LoginReply {
    fn parse(body: &str) -> Option<LoginReply> {
        let value = crate::core::json::parse(body).ok()?;
        value.as_object()?;
        let field = |key| value.get(key).filter(|value| !value.is_null());
        Some(LoginReply {
            access_token: match field("accessToken") {
                None => None,
                Some(token) => Some(token.as_str()?.to_string()),
            },
            token_ttl: match field("tokenTtl") {
                None => None,
                // A whole number of seconds; one beyond u64 saturates (`as` does) rather than fails.
                Some(ttl) => {
                    let seconds = ttl.as_f64().filter(|s| *s >= 0.0 && s.fract() == 0.0)?;
                    Some(seconds as u64)
                }
            },
        })
    }
}

/// Reads a 200 login reply `{accessToken, tokenTtl (s), ...}` received at `now_ms`.
pub fn parse_login_reply(body: &str, now_ms: u64) -> Result<Token, NacosError> {
    let reply = LoginReply::parse(body).ok_or_else(|| {
        NacosError::new(
            ErrorCode::InvalidResponse,
            java_code::SERVER_ERROR,
            "login answered 200 with a body that is not a login reply",
        )
    })?;
    let value = reply
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            NacosError::new(
                ErrorCode::InvalidResponse,
                java_code::SERVER_ERROR,
                "login answered 200 without an accessToken",
            )
        })?;
    // Saturating: a server may send any tokenTtl, and an overflow would panic (debug) or wrap to a
    // renewal time in the past (release), logging in again before every call.
    let ttl_ms = reply
        .token_ttl
        .filter(|ttl| *ttl > 0)
        .unwrap_or(DEFAULT_TOKEN_TTL_S)
        .saturating_mul(1000);
    Ok(Token {
        value: Secret::new(value),
        refresh_at_ms: now_ms.saturating_add(ttl_ms - ttl_ms / 10),
    })
}

/// The client's token, the gate that keeps logins one at a time, and past tokens to redact.
#[derive(Default)]
pub struct AuthState {
    pub token: RefCell<Option<Token>>,
    pub gate: Gate,
    pub issued: RefCell<Vec<Secret>>,
}

impl AuthState {
    /// The current token if it is not yet due for renewal.
    pub fn fresh(&self, now_ms: u64) -> Option<Secret> {
        let token = self.token.borrow();
        token
            .as_ref()
            .filter(|t| now_ms < t.refresh_at_ms)
            .map(|t| t.value.clone())
    }

    pub fn store(&self, token: Token) {
        let mut issued = self.issued.borrow_mut();
        issued.push(token.value.clone());
        if issued.len() > TOKENS_REMEMBERED {
            issued.remove(0);
        }
        *self.token.borrow_mut() = Some(token);
    }

    /// After a 403 to a request sent with `used`: drop it, unless a newer token replaced it already.
    pub fn forget(&self, used: &Secret) {
        let mut token = self.token.borrow_mut();
        if token.as_ref().is_some_and(|t| &t.value == used) {
            *token = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> AuthOptions {
        AuthOptions {
            username: None,
            password: None,
            access_key: None,
            secret_key: None,
            app_name: None,
            token_in_query: None,
        }
    }

    #[test]
    fn half_a_pair_is_rejected_and_blanks_are_absent() {
        let only_user = AuthOptions {
            username: Some("nacos".into()),
            ..options()
        };
        let error = AuthConfig::from_options(only_user).unwrap_err();
        assert_eq!(
            error.message,
            "options.password is required with options.username"
        );
        let only_sk = AuthOptions {
            secret_key: Some(Secret::new("sk")),
            ..options()
        };
        assert!(AuthConfig::from_options(only_sk).is_err());
        let blanks = AuthOptions {
            username: Some(" ".into()),
            password: Some(Secret::new("")),
            ..options()
        };
        assert!(AuthConfig::from_options(blanks).unwrap().login.is_none());
    }

    #[test]
    fn debug_output_hides_password_and_secret_key() {
        let config = AuthConfig::from_options(AuthOptions {
            username: Some("nacos".into()),
            password: Some(Secret::new("pa55word")),
            access_key: Some("ak1".into()),
            secret_key: Some(Secret::new("s3cr3t")),
            ..options()
        })
        .unwrap();
        let debug = format!("{config:?}");
        assert!(debug.contains("nacos") && debug.contains("ak1"), "{debug}");
        assert!(
            !debug.contains("pa55word") && !debug.contains("s3cr3t"),
            "{debug}"
        );
    }

    #[test]
    fn signature_params_follow_java() {
        let config = AuthConfig::from_options(AuthOptions {
            access_key: Some("ak1".into()),
            secret_key: Some(Secret::new("sk-Secret_Key/123")),
            ..options()
        })
        .unwrap();
        let params = config.signature_params(Some("DEFAULT_GROUP@@orders"), || 1_700_000_000_000);
        assert_eq!(
            params,
            vec![
                ("app", "unknown".to_string()),
                // openssl dgst -sha1 -hmac, see hmac_sha1's tests.
                ("signature", "vKiHz19ics9RqSoZP0v86D7Qkoc=".to_string()),
                ("data", "1700000000000@@DEFAULT_GROUP@@orders".to_string()),
                ("ak", "ak1".to_string()),
            ]
        );
        let without_service = config.signature_params(None, || 5);
        assert_eq!(without_service[2], ("data", "5".to_string()));
        let app_only = AuthConfig {
            app_name: Some("shop".into()),
            ..AuthConfig::default()
        };
        assert_eq!(
            app_only.signature_params(Some("s"), || 5),
            vec![("app", "shop".to_string())]
        );
    }

    #[test]
    fn login_reply_sets_renewal_at_nine_tenths_of_the_ttl() {
        let token = parse_login_reply(
            r#"{"accessToken":"t1","tokenTtl":18000,"globalAdmin":true}"#,
            1_000,
        )
        .unwrap();
        assert_eq!(token.value.expose(), "t1");
        assert_eq!(token.refresh_at_ms, 1_000 + 18_000_000 - 1_800_000);
        assert_eq!(
            parse_login_reply(r#"{"accessToken":"t"}"#, 0)
                .unwrap()
                .refresh_at_ms,
            16_200_000
        );
        assert_eq!(
            parse_login_reply("{}", 0).unwrap_err().code,
            ErrorCode::InvalidResponse
        );
        assert_eq!(
            parse_login_reply("<html>", 0).unwrap_err().code,
            ErrorCode::InvalidResponse
        );
    }

    #[test]
    fn a_huge_token_ttl_or_clock_saturates_instead_of_overflowing() {
        // Found by fuzz/fuzz_targets/login_reply.rs: `tokenTtl * 1000` overflowed u64.
        let token =
            parse_login_reply(r#"{"accessToken":"t","tokenTtl":18446744073709551615}"#, 5).unwrap();
        assert!(token.refresh_at_ms >= 5);
        let token = parse_login_reply(r#"{"accessToken":"t","tokenTtl":18000}"#, u64::MAX).unwrap();
        assert_eq!(token.refresh_at_ms, u64::MAX);
    }
}
