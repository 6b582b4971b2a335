//! Client options as the caller writes them (camelCase, unknown fields rejected) and their checked form.

use crate::core::auth::{AuthConfig, AuthOptions};
use crate::core::error::{js_number, quote, NacosError};
use crate::core::input::Fields;
use crate::core::json::Value;
use crate::core::secret::Secret;
use crate::core::server_addr::{parse_server_list, ServerAddr};

pub const DEFAULT_NAMESPACE: &str = "public";
pub const DEFAULT_REQUEST_TIMEOUT_MS: u64 = 5_000;
pub const DEFAULT_MAX_RETRY: u32 = 3;
pub const DEFAULT_SERVER_COOLDOWN_MS: u64 = 10_000;

/// The options object passed to `new NacosNamingClient(...)`, minus `onEvent` (a function, taken by the
/// JS layer).
#[derive(Debug, Default)]
pub struct ClientOptions {
    /// `'h1:8848,h2'` or `['h1:8848', 'http://h2:8848']`.
    pub server_list: Option<Value>,
    pub namespace: Option<String>,
    pub request_timeout_ms: Option<f64>,
    pub max_retry: Option<f64>,
    pub server_cooldown_ms: Option<f64>,
    pub auto_beat: Option<bool>,
    pub poll_interval_ms: Option<f64>,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub access_key: Option<String>,
    pub secret_key: Option<Secret>,
    pub app_name: Option<String>,
    pub token_in_query: Option<bool>,
}

impl ClientOptions {
    /// Every field a caller may write, `onEvent` included (see `InstanceInput::FIELDS` for why).
    pub const FIELDS: [&'static str; 14] = [
        "serverList",
        "namespace",
        "requestTimeoutMs",
        "maxRetry",
        "serverCooldownMs",
        "autoBeat",
        "pollIntervalMs",
        "username",
        "password",
        "accessKey",
        "secretKey",
        "appName",
        "tokenInQuery",
        "onEvent",
    ];

    /// Reads the options object (`onEvent`, when present, is the JS layer's and ignored here).
    pub fn from_value(value: &Value) -> Result<ClientOptions, NacosError> {
        let fields = Fields::new("options", value, &Self::FIELDS)?;
        // Never quoted in an error, whatever its type (`Fields` never quotes values).
        let secret = |key| fields.string(key).map(|value| value.map(Secret::new));
        Ok(ClientOptions {
            server_list: fields.get("serverList").cloned(),
            namespace: fields.string("namespace")?,
            request_timeout_ms: fields.number("requestTimeoutMs")?,
            max_retry: fields.number("maxRetry")?,
            server_cooldown_ms: fields.number("serverCooldownMs")?,
            auto_beat: fields.boolean("autoBeat")?,
            poll_interval_ms: fields.number("pollIntervalMs")?,
            username: fields.string("username")?,
            password: secret("password")?,
            access_key: fields.string("accessKey")?,
            secret_key: secret("secretKey")?,
            app_name: fields.string("appName")?,
            token_in_query: fields.boolean("tokenInQuery")?,
        })
    }
}

/// Checked options with every default filled in.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub servers: Vec<ServerAddr>,
    pub namespace: String,
    pub request_timeout_ms: u64,
    pub max_retry: u32,
    pub server_cooldown_ms: u64,
    /// Beat on timers of our own; off for runtimes without long-lived timers (call `sendBeats`).
    pub auto_beat: bool,
    /// Poll subscriptions this often instead of at the server's `cacheMillis`.
    pub poll_interval_ms: Option<u64>,
    pub auth: AuthConfig,
}

impl ClientConfig {
    pub fn from_options(options: ClientOptions) -> Result<ClientConfig, NacosError> {
        let servers = match options.server_list {
            None | Some(Value::Null) => {
                return Err(NacosError::invalid("options.serverList is required"))
            }
            Some(Value::String(list)) => parse_server_list([list.as_str()])?,
            Some(Value::Array(items)) => {
                let mut entries = Vec::with_capacity(items.len());
                for item in &items {
                    match item {
                        Value::String(entry) => entries.push(entry.as_str()),
                        _ => {
                            return Err(NacosError::invalid(
                                "options.serverList must hold only strings",
                            ))
                        }
                    }
                }
                parse_server_list(entries)?
            }
            Some(_) => {
                return Err(NacosError::invalid(
                    "options.serverList must be a string or an array of strings",
                ))
            }
        };
        let namespace = match options.namespace {
            None => DEFAULT_NAMESPACE.to_string(),
            Some(namespace) if namespace.trim().is_empty() => DEFAULT_NAMESPACE.to_string(),
            Some(namespace) => {
                if namespace
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control())
                {
                    return Err(NacosError::invalid(format!(
                        "options.namespace must not contain spaces or control characters, got {}",
                        quote(&namespace)
                    )));
                }
                namespace
            }
        };
        let auth = AuthConfig::from_options(AuthOptions {
            username: options.username,
            password: options.password,
            access_key: options.access_key,
            secret_key: options.secret_key,
            app_name: options.app_name,
            token_in_query: options.token_in_query,
        })?;
        Ok(ClientConfig {
            servers,
            auth,
            namespace,
            request_timeout_ms: whole_number(
                "requestTimeoutMs",
                options.request_timeout_ms,
                DEFAULT_REQUEST_TIMEOUT_MS,
                1,
                600_000,
            )?,
            max_retry: whole_number(
                "maxRetry",
                options.max_retry,
                u64::from(DEFAULT_MAX_RETRY),
                1,
                10,
            )? as u32,
            server_cooldown_ms: whole_number(
                "serverCooldownMs",
                options.server_cooldown_ms,
                DEFAULT_SERVER_COOLDOWN_MS,
                0,
                3_600_000,
            )?,
            auto_beat: options.auto_beat.unwrap_or(true),
            poll_interval_ms: match options.poll_interval_ms {
                None => None,
                value => Some(whole_number("pollIntervalMs", value, 0, 1_000, 60_000)?),
            },
        })
    }
}

fn whole_number(
    name: &str,
    value: Option<f64>,
    default: u64,
    min: u64,
    max: u64,
) -> Result<u64, NacosError> {
    let Some(value) = value else {
        return Ok(default);
    };
    if value.fract() != 0.0 || value < min as f64 || value > max as f64 {
        return Err(NacosError::invalid(format!(
            "options.{name} must be a whole number from {min} to {max}, got {}",
            js_number(value)
        )));
    }
    Ok(value as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorCode;
    use crate::core::json;
    use serde_json::json;

    fn config(value: serde_json::Value) -> Result<ClientConfig, NacosError> {
        let value = json::parse(&value.to_string()).unwrap();
        ClientConfig::from_options(ClientOptions::from_value(&value)?)
    }

    #[test]
    fn defaults() {
        let config = config(json!({"serverList": "a,b:9"})).unwrap();
        assert_eq!(config.servers.len(), 2);
        assert_eq!(config.namespace, "public");
        assert_eq!(config.request_timeout_ms, 5000);
        assert_eq!(config.max_retry, 3);
        assert!(config.auto_beat);
    }

    #[test]
    fn a_secret_of_the_wrong_type_is_not_shown() {
        let error =
            config(json!({"serverList": "a", "username": "u", "password": 12345})).unwrap_err();
        assert!(!error.message.contains("12345"), "{}", error.message);
        assert!(error.message.contains("`password` expected a string"));
    }

    #[test]
    fn bad_options_are_rejected_clearly() {
        for case in [
            json!({}),
            json!({"serverList": 5}),
            json!({"serverList": [1]}),
            json!({"serverList": "a", "namespace": "a b"}),
            json!({"serverList": "a", "requestTimeoutMs": 0}),
            json!({"serverList": "a", "requestTimeoutMs": 1.5}),
            json!({"serverList": "a", "maxRetry": 11}),
            json!({"serverList": "a", "serverCooldownMs": -1}),
        ] {
            let error = config(case.clone()).expect_err(&case.to_string());
            assert_eq!(error.code, ErrorCode::InvalidParam, "{case}");
        }
        let error = config(json!({"serverList": "a", "timeout": 1})).unwrap_err();
        assert!(error.message.contains("unknown field `timeout`"));
        let error = config(json!({"serverList": []})).unwrap_err();
        assert_eq!(error.code, ErrorCode::NoServerAvailable);
    }
}
