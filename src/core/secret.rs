//! `Secret`: a password, secret key or token that never shows in `Debug`, errors or events.

use crate::core::substring;
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

/// `text` with every non-empty secret replaced by `***`: for messages that may quote a URL or a reply.
pub fn redact<'a>(text: &str, secrets: impl IntoIterator<Item = &'a Secret>) -> String {
    let mut text = text.to_string();
    for secret in secrets {
        if !secret.is_empty() && substring::contains(&text, secret.expose()) {
            text = substring::replace(&text, secret.expose(), "***");
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(***)");
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
