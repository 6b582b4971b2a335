//! Helpers shared by the JSON tests: parsing that must succeed, and building values and inputs.

use super::{parse, Value};

pub(super) fn ok(text: &str) -> Value {
    match parse(text) {
        Ok(value) => value,
        Err(error) => panic!("{text:?} should parse: {error}"),
    }
}

pub(super) fn string(text: &str) -> Value {
    Value::String(text.to_string())
}

pub(super) fn object(fields: &[(&str, Value)]) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|(key, value)| (key.to_string(), value.clone()))
            .collect(),
    )
}

pub(super) fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}
