//! Reading untrusted JSON leniently: numbers or booleans written as strings, any scalar as text.

use crate::core::error::{java_code, truncate, ErrorCode, NacosError};
use crate::core::json::{self, ToJson, Value};
use crate::core::string_map::StringMap;

/// Parses a reply that must be a JSON object; anything else is the server's fault, not the caller's.
pub fn parse_object(body: &str, what: &str) -> Result<Value, NacosError> {
    match json::parse(body) {
        Ok(object @ Value::Object(_)) => Ok(object),
        Ok(_) | Err(_) => Err(NacosError::new(
            ErrorCode::InvalidResponse,
            java_code::SERVER_ERROR,
            format!(
                "{what} reply is not a JSON object: {}",
                truncate(body.trim(), 120)
            ),
        )),
    }
}

/// A number, or a string holding one (Jackson coerces both; so do some servers when writing).
pub fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(number) => Some(*number),
        Value::String(text) => {
            let text = text.trim();
            // Jackson reads these spellings too; the weight checks downstream deal with them.
            match text.to_ascii_lowercase().trim_start_matches('+') {
                "nan" => Some(f64::NAN),
                "inf" | "infinity" => Some(f64::INFINITY),
                "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
                _ => crate::core::number::parse_decimal(text),
            }
        }
        _ => None,
    }
}

/// A whole number; `8080`, `8080.0` and `"8080"` all qualify, `80.5` does not.
pub fn integer(value: Option<&Value>) -> Option<i64> {
    let number = number(value)?;
    // The range check keeps the cast exact; `as` would saturate silently.
    if number.fract() == 0.0 && (-9.0e15..=9.0e15).contains(&number) {
        Some(number as i64)
    } else {
        None
    }
}

/// A boolean, or `"true"`/`"false"` in any case.
pub fn boolean(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(flag) => Some(*flag),
        Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A string as is; a number or boolean as its JSON text; `null`, arrays and objects are absent.
pub fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.clone()),
        Value::Number(_) => Some(value?.to_json()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// A string map, as Java's `Map<String, String>` fields. Non-string values become their JSON text
/// so nothing the server sent is silently lost; `null` values are dropped; a non-object is empty.
pub fn string_map(value: Option<&Value>) -> StringMap {
    let Some(Value::Object(object)) = value else {
        return StringMap::new();
    };
    let mut map = StringMap::new();
    for (key, value) in object {
        match value {
            Value::Null => {}
            Value::String(text) => {
                map.insert(key.clone(), text.clone());
            }
            other => {
                map.insert(key.clone(), other.to_json());
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: serde_json::Value) -> Value {
        json::parse(&value.to_string()).unwrap()
    }

    #[test]
    fn only_objects_are_replies() {
        assert!(parse_object(r#"{"a":1}"#, "list").is_ok());
        for body in ["", "ok", "[1]", "null", "3", "<html>", "{"] {
            let error = parse_object(body, "list").unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidResponse, "{body}");
            assert!(error.message.starts_with("list reply is not a JSON object"));
        }
    }

    #[test]
    fn scalars_are_read_from_strings_too() {
        let value = json(
            serde_json::json!({"n": "2.5", "i": "8080", "f": 8080.0, "h": 80.5, "b": "TRUE",
            "x": [1], "huge": 1e300, "neg": -3}),
        );
        assert_eq!(number(value.get("n")), Some(2.5));
        assert_eq!(integer(value.get("i")), Some(8080));
        assert_eq!(integer(value.get("f")), Some(8080));
        assert_eq!(integer(value.get("h")), None);
        assert_eq!(integer(value.get("huge")), None);
        assert_eq!(integer(value.get("neg")), Some(-3));
        assert_eq!(boolean(value.get("b")), Some(true));
        assert_eq!(boolean(value.get("n")), None);
        assert_eq!(number(value.get("x")), None);
        assert_eq!(number(value.get("missing")), None);
        assert_eq!(text(value.get("neg")), Some("-3".to_string()));
        assert_eq!(text(value.get("x")), None);
    }

    #[test]
    fn maps_stringify_values() {
        let value = json(
            serde_json::json!({"m": {"s": "v", "n": 1, "b": false, "o": {"k": "v"}, "z": null}}),
        );
        let map = string_map(value.get("m"));
        assert_eq!(map["s"], "v");
        assert_eq!(map["n"], "1");
        assert_eq!(map["b"], "false");
        assert_eq!(map["o"], r#"{"k":"v"}"#);
        assert!(!map.contains_key("z"));
        assert!(string_map(Some(&json(serde_json::json!("text")))).is_empty());
    }
}
