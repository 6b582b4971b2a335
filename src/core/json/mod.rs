//! A small strict JSON reader and writer, so the wasm build needs neither serde nor serde_json.
//!
//! This file owns [`Value`] and its accessors; reading is in `parse`, writing in `write`, and
//! both are re-exported here, so callers name everything `json::X`.

mod parse;
mod write;

#[cfg(test)]
mod parse_tests;
#[cfg(test)]
mod serde_json_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod value_tests;
#[cfg(test)]
mod write_tests;

pub use parse::{parse, JsonError, MAX_DEPTH};
pub use write::{write_f64, write_i64, write_str, write_u64, ObjectWriter, ToJson};

/// A JSON value. Objects keep their keys in document order (a Vec, not a map).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
    /// A JavaScript value JSON cannot carry (a BigInt, a function, NaN, ...), named as an error
    /// message would name it, e.g. "a bigint", "a function", "NaN". Our JS glue encodes one as the
    /// object {"\u0000": "<name>"}; the parser turns exactly that shape (an object whose only key is
    /// the single character U+0000 and whose value is a string) into Foreign(name).
    Foreign(String),
}

/// The key of the one-field object the JS glue uses to smuggle a [`Value::Foreign`] through JSON.
const FOREIGN_KEY: &str = "\u{0}";

impl Value {
    /// An object's field (the first, if the key repeats); `None` for anything but an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(number) => Some(*number),
            _ => None,
        }
    }

    /// A Number that is whole and within i64's range; 1.5 and 1e300 are `None`.
    pub fn as_i64(&self) -> Option<i64> {
        let number = self.as_f64()?;
        // -2^63 is exact as an f64 and 2^63 is the first value past i64::MAX, so the cast is exact.
        let in_range =
            (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&number);
        (number.fract() == 0.0 && in_range).then_some(number as i64)
    }

    /// A Number that is whole, non-negative and within u64's range.
    pub fn as_u64(&self) -> Option<u64> {
        let number = self.as_f64()?;
        let in_range = (0.0..18_446_744_073_709_551_616.0).contains(&number);
        (number.fract() == 0.0 && in_range).then_some(number as u64)
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(fields) => Some(fields),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// "null", "a boolean", "a number", "a string", "an array", "an object", or the Foreign name.
    pub fn type_name(&self) -> &str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
            Value::Foreign(name) => name,
        }
    }

    /// Removes and returns an object's field (None when not an object or absent).
    pub fn take(&mut self, key: &str) -> Option<Value> {
        let Value::Object(fields) = self else {
            return None;
        };
        let index = fields.iter().position(|(name, _)| name == key)?;
        Some(fields.remove(index).1)
    }
}
