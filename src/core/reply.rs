//! Reading server replies leniently: unexpected shapes become errors or defaults, never panics.

use crate::core::error::{java_code, ErrorCode, NacosError};
use crate::core::json::Value;

/// Reply code of a beat for an instance the server does not know (`RESOURCE_NOT_FOUND`).
pub const CODE_RESOURCE_NOT_FOUND: i64 = 20404;
/// Bounds on the server's `clientBeatInterval`, so a bad reply cannot make us beat in a tight loop.
pub const MIN_SERVER_BEAT_INTERVAL_MS: u64 = 1_000;
pub const MAX_SERVER_BEAT_INTERVAL_MS: u64 = 3_600_000;

/// `{"clientBeatInterval":5000,"code":10200,"lightBeatEnabled":true}`; every field optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BeatReply {
    pub client_beat_interval_ms: Option<u64>,
    pub code: Option<i64>,
    pub light_beat_enabled: Option<bool>,
}

impl BeatReply {
    pub fn parse(body: &str) -> Result<BeatReply, NacosError> {
        let value = crate::core::json::parse(body).map_err(|_| {
            NacosError::new(
                ErrorCode::InvalidResponse,
                java_code::SERVER_ERROR,
                format!(
                    "beat reply is not JSON: {}",
                    crate::core::error::truncate(body, 120)
                ),
            )
        })?;
        let interval = value
            .get("clientBeatInterval")
            .and_then(Value::as_f64)
            .filter(|ms| ms.is_finite() && *ms > 0.0)
            .map(|ms| (ms as u64).clamp(MIN_SERVER_BEAT_INTERVAL_MS, MAX_SERVER_BEAT_INTERVAL_MS));
        Ok(BeatReply {
            client_beat_interval_ms: interval,
            code: value.get("code").and_then(Value::as_i64),
            light_beat_enabled: value.get("lightBeatEnabled").and_then(Value::as_bool),
        })
    }

    pub fn instance_unknown(&self) -> bool {
        self.code == Some(CODE_RESOURCE_NOT_FOUND)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_reply() {
        let reply =
            BeatReply::parse(r#"{"clientBeatInterval":5000,"code":10200,"lightBeatEnabled":true}"#)
                .unwrap();
        assert_eq!(reply.client_beat_interval_ms, Some(5000));
        assert_eq!(reply.light_beat_enabled, Some(true));
        assert!(!reply.instance_unknown());
        assert!(BeatReply::parse(r#"{"code":20404}"#)
            .unwrap()
            .instance_unknown());
    }

    #[test]
    fn odd_replies_never_panic() {
        assert_eq!(BeatReply::parse("{}").unwrap(), BeatReply::default());
        let reply = BeatReply::parse(r#"{"clientBeatInterval":1}"#).unwrap();
        assert_eq!(reply.client_beat_interval_ms, Some(1000));
        let reply = BeatReply::parse(r#"{"clientBeatInterval":1e300,"code":"x"}"#).unwrap();
        assert_eq!(reply.client_beat_interval_ms, Some(3_600_000));
        assert_eq!(reply.code, None);
        assert_eq!(
            BeatReply::parse(r#"{"clientBeatInterval":-5}"#)
                .unwrap()
                .client_beat_interval_ms,
            None
        );
        for body in ["", "ok", "[1", "null", "<html>"] {
            let parsed = BeatReply::parse(body);
            assert!(
                parsed.is_err() || parsed == Ok(BeatReply::default()),
                "{body}"
            );
        }
    }
}
