//! Reading an object a caller passed in (as a `json::Value`): known fields only, each of its type.

use crate::core::error::{truncate, NacosError};
use crate::core::json::Value;

/// An object's fields, checked against the names a caller may write.
pub struct Fields<'a> {
    what: &'static str,
    fields: &'a [(String, Value)],
}

impl<'a> Fields<'a> {
    /// `value` must be an object whose every key is one of `known` (a typo is an error, not a
    /// silently ignored option).
    pub fn new(what: &'static str, value: &'a Value, known: &[&str]) -> Result<Self, NacosError> {
        let Some(fields) = value.as_object() else {
            return Err(NacosError::invalid(format!(
                "invalid {what}: expected an object, got {}",
                value.type_name()
            )));
        };
        if let Some((key, _)) = fields
            .iter()
            .find(|(key, _)| !known.contains(&key.as_str()))
        {
            return Err(unknown_field(what, key, known));
        }
        Ok(Fields { what, fields })
    }

    /// The field's value; `None` when it is missing, `null` or `undefined` (all mean "not given").
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.fields
            .iter()
            .rev()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
            .filter(|value| !is_absent(value))
    }

    pub fn string(&self, key: &str) -> Result<Option<String>, NacosError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(self.wrong_type(key, "a string", other)),
        }
    }

    /// A number; `NaN` and the infinities arrive from JavaScript as `Foreign` and are numbers too,
    /// so that range checks can name them.
    pub fn number(&self, key: &str) -> Result<Option<f64>, NacosError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(number)) => Ok(Some(*number)),
            Some(Value::Foreign(name)) if name == "NaN" => Ok(Some(f64::NAN)),
            Some(Value::Foreign(name)) if name == "Infinity" => Ok(Some(f64::INFINITY)),
            Some(Value::Foreign(name)) if name == "-Infinity" => Ok(Some(f64::NEG_INFINITY)),
            Some(other) => Err(self.wrong_type(key, "a number", other)),
        }
    }

    pub fn boolean(&self, key: &str) -> Result<Option<bool>, NacosError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(other) => Err(self.wrong_type(key, "true or false", other)),
        }
    }

    /// Never quotes the value: it may be a password.
    fn wrong_type(&self, key: &str, expected: &str, got: &Value) -> NacosError {
        NacosError::invalid(format!(
            "invalid {}: `{key}` expected {expected}, got {}",
            self.what,
            got.type_name()
        ))
    }
}

/// A field no caller may write: a typo is an error, not a silently ignored option.
pub fn unknown_field(what: &str, key: &str, known: &[&str]) -> NacosError {
    NacosError::invalid(format!(
        "invalid {what}: unknown field `{}`, expected one of {}",
        truncate(key, 60),
        known.join(", ")
    ))
}

/// `null`, or JavaScript's `undefined` (which our JS glue passes as `Foreign("undefined")`).
pub fn is_absent(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Foreign(name) => name == "undefined",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::parse;

    #[test]
    fn fields_are_read_by_type_and_unknown_ones_rejected() {
        let value = parse(r#"{"s":"x","n":2.5,"b":true,"z":null}"#).unwrap();
        let fields = Fields::new("thing", &value, &["s", "n", "b", "z", "absent"]).unwrap();
        assert_eq!(fields.string("s").unwrap().as_deref(), Some("x"));
        assert_eq!(fields.number("n").unwrap(), Some(2.5));
        assert_eq!(fields.boolean("b").unwrap(), Some(true));
        assert_eq!(fields.string("z").unwrap(), None);
        assert_eq!(fields.number("absent").unwrap(), None);
        let error = fields.number("s").unwrap_err();
        assert_eq!(
            error.message,
            "invalid thing: `s` expected a number, got a string"
        );
        assert!(fields
            .boolean("n")
            .unwrap_err()
            .message
            .contains("true or false"));

        let error = Fields::new("thing", &value, &["s"]).err().unwrap();
        assert_eq!(
            error.message,
            "invalid thing: unknown field `n`, expected one of s"
        );
        let error = Fields::new("thing", &Value::Array(vec![]), &["s"])
            .err()
            .unwrap();
        assert!(error.message.contains("got an array"), "{}", error.message);
    }

    #[test]
    fn javascript_only_values() {
        let value = parse(
            r#"{"nan":{"\u0000":"NaN"},"inf":{"\u0000":"-Infinity"},"u":{"\u0000":"undefined"},
                "big":{"\u0000":"a bigint"}}"#,
        )
        .unwrap();
        let fields = Fields::new("thing", &value, &["nan", "inf", "u", "big"]).unwrap();
        assert!(fields.number("nan").unwrap().unwrap().is_nan());
        assert_eq!(fields.number("inf").unwrap(), Some(f64::NEG_INFINITY));
        assert_eq!(fields.string("u").unwrap(), None);
        assert_eq!(
            fields.number("big").unwrap_err().message,
            "invalid thing: `big` expected a number, got a bigint"
        );
    }
}
