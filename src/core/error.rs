//! `NacosError`: the one error type of the client, with a stable string code and the Java `errCode`.

use crate::core::json::{write_str, ObjectWriter, ToJson};
use std::fmt;

/// What went wrong, as a stable string JavaScript can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The caller's input was rejected before anything was sent.
    InvalidParam,
    /// The server list is empty.
    NoServerAvailable,
    /// The server answered with a 5xx status.
    ServerError,
    /// The server answered 403.
    Forbidden,
    /// The server answered 404.
    NotFound,
    /// The server answered another non-200 status (4xx).
    RequestRejected,
    /// No answer within `requestTimeoutMs`.
    Timeout,
    /// The connection failed (refused, reset, DNS, TLS).
    NetworkError,
    /// The server answered 200 with a body the client could not understand.
    InvalidResponse,
    /// The client was closed before or while the call ran.
    Closed,
    /// `selectOneHealthyInstance` found no healthy, enabled instance with weight > 0.
    NoHealthyInstance,
    /// Every server refused the username and password (login answered 401 or 403).
    AuthFailed,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidParam => "INVALID_PARAM",
            ErrorCode::NoServerAvailable => "NO_SERVER_AVAILABLE",
            ErrorCode::ServerError => "SERVER_ERROR",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::RequestRejected => "REQUEST_REJECTED",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::NetworkError => "NETWORK_ERROR",
            ErrorCode::InvalidResponse => "INVALID_RESPONSE",
            ErrorCode::Closed => "CLOSED",
            ErrorCode::NoHealthyInstance => "NO_HEALTHY_INSTANCE",
            ErrorCode::AuthFailed => "AUTH_FAILED",
        }
    }
}

/// Java `NacosException` codes this client reports as `errCode`.
pub mod java_code {
    /// `CLIENT_INVALID_PARAM`: rejected by the client, never sent.
    pub const CLIENT_INVALID_PARAM: i32 = -400;
    /// `CLIENT_DISCONNECT`: the client was closed.
    pub const CLIENT_DISCONNECT: i32 = -401;
    /// `INVALID_PARAM`: Java's code for "no server available".
    pub const INVALID_PARAM: i32 = 400;
    /// `SERVER_ERROR`: Java's code for I/O errors and timeouts too.
    pub const SERVER_ERROR: i32 = 500;
    /// `NO_RIGHT`: the server refused the credentials.
    pub const NO_RIGHT: i32 = 403;
    /// `RESOURCE_NOT_FOUND`: the client has nothing to give (no healthy instance).
    pub const RESOURCE_NOT_FOUND: i32 = -404;
}

/// An error of the client. Never carries a secret: messages are built from names, addresses and
/// server replies, and the request layer redacts passwords, secret keys and tokens from the last two.
#[derive(Debug, Clone, PartialEq)]
pub struct NacosError {
    pub code: ErrorCode,
    pub err_code: i32,
    pub message: String,
    pub status: Option<u16>,
    pub api: Option<String>,
    pub server: Option<String>,
    pub servers: Vec<String>,
}

impl ToJson for ErrorCode {
    fn write_json(&self, out: &mut String) {
        write_str(out, self.as_str());
    }
}

/// `{code, errCode, message, status?, api?, server?, servers?}`: absent fields are left out.
impl ToJson for NacosError {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object
            .field("code", &self.code)
            .field("errCode", &self.err_code)
            .field("message", &self.message)
            .field_opt("status", &self.status)
            .field_opt("api", &self.api)
            .field_opt("server", &self.server);
        if !self.servers.is_empty() {
            object.field("servers", &self.servers);
        }
        object.finish();
    }
}

impl NacosError {
    pub fn new(code: ErrorCode, err_code: i32, message: impl Into<String>) -> Self {
        NacosError {
            code,
            err_code,
            message: message.into(),
            status: None,
            api: None,
            server: None,
            servers: Vec::new(),
        }
    }

    /// Bad input from the caller.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(
            ErrorCode::InvalidParam,
            java_code::CLIENT_INVALID_PARAM,
            message,
        )
    }

    pub fn closed() -> Self {
        Self::new(
            ErrorCode::Closed,
            java_code::CLIENT_DISCONNECT,
            "client is closed",
        )
    }

    /// A non-200, non-304 HTTP reply, classified by status as Java's `callServer` does.
    pub fn from_status(status: u16, body: &str) -> Self {
        let code = match status {
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            500..=599 => ErrorCode::ServerError,
            _ => ErrorCode::RequestRejected,
        };
        let body = body.trim();
        let message = if body.is_empty() {
            format!("HTTP {status}")
        } else {
            format!("HTTP {status}: {}", truncate(body, 300))
        };
        let mut error = Self::new(code, i32::from(status), message);
        error.status = Some(status);
        error
    }

    pub fn with_api(mut self, api: &str) -> Self {
        self.api = Some(api.to_string());
        self
    }

    pub fn with_server(mut self, server: &str) -> Self {
        self.server = Some(server.to_string());
        self
    }

    /// True when the server is unhealthy rather than the request wrong: worth a cool-down.
    pub fn is_server_fault(&self) -> bool {
        matches!(
            self.code,
            ErrorCode::Timeout | ErrorCode::NetworkError | ErrorCode::ServerError
        )
    }
}

impl fmt::Display for NacosError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.code.as_str(),
            self.err_code,
            self.message
        )
    }
}

impl std::error::Error for NacosError {}

pub use crate::core::number::js_number;

/// `text` in double quotes for a message, escaped as JSON escapes it (a newline shows as `\n`),
/// and cut to 120 bytes: a message never echoes a huge argument back. (Not `{:?}`: Rust's string
/// Debug brings kilobytes of Unicode tables into the wasm.)
pub fn quote(text: &str) -> String {
    let mut out = String::new();
    crate::core::json::write_str(&mut out, &truncate(text, 120));
    out
}

/// Cuts `text` to at most `max` bytes on a character boundary, marking the cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", text.get(..end).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_classification_follows_http() {
        assert_eq!(NacosError::from_status(403, "x").code, ErrorCode::Forbidden);
        assert_eq!(NacosError::from_status(404, "").code, ErrorCode::NotFound);
        assert_eq!(
            NacosError::from_status(503, "").code,
            ErrorCode::ServerError
        );
        assert_eq!(
            NacosError::from_status(400, "").code,
            ErrorCode::RequestRejected
        );
        let e = NacosError::from_status(500, " boom ");
        assert_eq!((e.err_code, e.status), (500, Some(500)));
        assert_eq!(e.message, "HTTP 500: boom");
    }

    #[test]
    fn numbers_read_as_in_javascript() {
        assert_eq!(js_number(f64::INFINITY), "Infinity");
        assert_eq!(js_number(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(js_number(f64::NAN), "NaN");
        assert_eq!(js_number(80.5), "80.5");
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("héllo", 2), "h…");
        assert_eq!(truncate("abc", 3), "abc");
    }
}
