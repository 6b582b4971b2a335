//! `Secret`: a password, secret key or token that never shows in `Debug`, errors or events.

use serde::{Deserialize, Deserializer};
use std::fmt;

/// A string the client must use but never show. `Debug` prints `Secret(***)`; read it with `expose`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Read as any value first, so a wrong type is reported without echoing the value (serde's own
/// message would quote it: "invalid type: integer `1234`").
impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::String(value) => Ok(Secret(value)),
            _ => Err(serde::de::Error::custom(
                "password and secretKey must be strings (the value given is not shown)",
            )),
        }
    }
}

/// `text` with every non-empty secret replaced by `***`: for messages that may quote a URL or a reply.
pub fn redact<'a>(text: &str, secrets: impl IntoIterator<Item = &'a Secret>) -> String {
    let mut text = text.to_string();
    for secret in secrets {
        if !secret.is_empty() && text.contains(secret.expose()) {
            text = text.replace(secret.expose(), "***");
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_type_errors_never_show_the_value() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(***)");
        let error = serde_json::from_value::<Secret>(serde_json::json!(12345)).unwrap_err();
        assert!(!error.to_string().contains("12345"), "{error}");
        assert!(error.to_string().contains("must be strings"), "{error}");
    }

    #[test]
    fn redact_replaces_every_occurrence_of_each_secret() {
        let secrets = [Secret::new("tok123"), Secret::new(""), Secret::new("pw")];
        assert_eq!(
            redact("GET /x?accessToken=tok123&b=tok123 pw", &secrets),
            "GET /x?accessToken=***&b=*** ***"
        );
    }
}
