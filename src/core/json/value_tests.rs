//! Tests of the `Value` accessors.

use super::test_support::{ok, string};
use super::Value;

#[test]
fn accessors() {
    let mut value =
        ok(r#"{"s":"x","n":8080,"f":1.5,"b":true,"a":[1],"o":{},"z":null,"s":"second"}"#);
    assert_eq!(value.get("s").and_then(Value::as_str), Some("x"));
    assert_eq!(value.get("n").and_then(Value::as_i64), Some(8080));
    assert_eq!(value.get("n").and_then(Value::as_u64), Some(8080));
    assert_eq!(value.get("f").and_then(Value::as_f64), Some(1.5));
    assert_eq!(value.get("f").and_then(Value::as_i64), None);
    assert_eq!(value.get("b").and_then(Value::as_bool), Some(true));
    assert_eq!(
        value.get("a").and_then(Value::as_array),
        Some(&[Value::Number(1.0)][..])
    );
    assert_eq!(value.get("o").and_then(Value::as_object), Some(&[][..]));
    assert!(value.get("z").is_some_and(Value::is_null));
    assert!(value.get("missing").is_none());
    assert!(!Value::Bool(false).is_null());
    assert_eq!(value.get("s").and_then(Value::as_f64), None);
    assert_eq!(value.get("n").and_then(Value::as_str), None);
    assert_eq!(value.get("s").and_then(Value::as_bool), None);
    assert_eq!(value.get("o").and_then(Value::as_array), None);
    assert_eq!(value.get("a").and_then(Value::as_object), None);
    assert_eq!(string("x").get("x"), None);
    assert_eq!(Value::Array(vec![]).get("0"), None);

    assert_eq!(value.take("s"), Some(string("x")));
    assert_eq!(value.take("s"), Some(string("second")));
    assert_eq!(value.take("s"), None);
    assert_eq!(value.take("n"), Some(Value::Number(8080.0)));
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(keys, ["f", "b", "a", "o", "z"]);
    assert_eq!(Value::Null.take("a"), None);
    assert_eq!(Value::Foreign("NaN".into()).take("a"), None);
}

#[test]
fn whole_numbers_only_within_range() {
    let n = Value::Number;
    assert_eq!(n(1.5).as_i64(), None);
    assert_eq!(n(1e300).as_i64(), None);
    assert_eq!(n(1e300).as_u64(), None);
    assert_eq!(n(-1e300).as_i64(), None);
    assert_eq!(n(f64::NAN).as_i64(), None);
    assert_eq!(n(f64::INFINITY).as_u64(), None);
    assert_eq!(n(-1.0).as_i64(), Some(-1));
    assert_eq!(n(-1.0).as_u64(), None);
    assert_eq!(n(-0.0).as_u64(), Some(0));
    assert_eq!(n(1e15).as_i64(), Some(1_000_000_000_000_000));
    assert_eq!(n(-9_223_372_036_854_775_808.0).as_i64(), Some(i64::MIN));
    assert_eq!(n(9_223_372_036_854_775_808.0).as_i64(), None);
    assert_eq!(n(9_223_372_036_854_775_808.0).as_u64(), Some(1 << 63));
    assert_eq!(
        n(18_446_744_073_709_549_568.0).as_u64(),
        Some(18_446_744_073_709_549_568)
    );
    assert_eq!(n(18_446_744_073_709_551_616.0).as_u64(), None);
    assert_eq!(ok("1e3").as_u64(), Some(1000));
}

#[test]
fn names_types() {
    let names: Vec<String> = ["null", "true", "1", "\"s\"", "[]", "{}"]
        .iter()
        .map(|text| ok(text).type_name().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "null",
            "a boolean",
            "a number",
            "a string",
            "an array",
            "an object"
        ]
    );
}
