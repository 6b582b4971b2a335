//! Tests of the parser: what it accepts, what it decodes, what it refuses and how it says why.

use super::test_support::{nested, object, ok, string};
use super::{parse, JsonError, ToJson, Value, MAX_DEPTH};

#[test]
fn parses_every_type() {
    assert_eq!(ok("null"), Value::Null);
    assert_eq!(ok("true"), Value::Bool(true));
    assert_eq!(ok("false"), Value::Bool(false));
    assert_eq!(ok("0"), Value::Number(0.0));
    assert_eq!(ok("-12"), Value::Number(-12.0));
    assert_eq!(ok("3.25"), Value::Number(3.25));
    assert_eq!(ok("-1.5e3"), Value::Number(-1500.0));
    assert_eq!(ok("2E-2"), Value::Number(0.02));
    assert_eq!(ok("1e+2"), Value::Number(100.0));
    assert_eq!(
        ok("123456789012345678901234567890"),
        Value::Number(1.2345678901234568e29)
    );
    assert_eq!(ok("9007199254740993"), Value::Number(9007199254740992.0));
    assert!(ok("-0")
        .as_f64()
        .is_some_and(|x| x == 0.0 && x.is_sign_negative()));
    assert_eq!(ok("1e-400"), Value::Number(0.0));
    assert_eq!(ok(r#""hi""#), string("hi"));
    assert_eq!(ok(r#""""#), string(""));
    assert_eq!(ok("[]"), Value::Array(vec![]));
    assert_eq!(ok("{}"), Value::Object(vec![]));
    assert_eq!(
        ok(r#"[1,"a",null,true]"#),
        Value::Array(vec![
            Value::Number(1.0),
            string("a"),
            Value::Null,
            Value::Bool(true)
        ])
    );
    assert_eq!(
        ok(r#"{"b":1,"a":2,"b":3}"#),
        object(&[
            ("b", Value::Number(1.0)),
            ("a", Value::Number(2.0)),
            ("b", Value::Number(3.0))
        ])
    );
}

#[test]
fn parses_nested_documents() {
    let value =
        ok(r#"{"hosts":[{"ip":"10.0.0.1","port":8848,"metadata":{"k":"v"}},[]],"n":{"m":{}}}"#);
    let host = &value.get("hosts").and_then(Value::as_array).unwrap()[0];
    assert_eq!(host.get("ip").and_then(Value::as_str), Some("10.0.0.1"));
    assert_eq!(host.get("port").and_then(Value::as_u64), Some(8848));
    assert_eq!(
        host.get("metadata").and_then(|m| m.get("k")),
        Some(&string("v"))
    );
    assert_eq!(
        value.get("n").and_then(|n| n.get("m")),
        Some(&Value::Object(vec![]))
    );
}

#[test]
fn allows_whitespace_around_and_between_tokens() {
    let value = ok(" \t\r\n{ \"a\" :\n[ 1 , 2 ]\t,\"b\":\r\"c\" } \n");
    assert_eq!(
        value,
        object(&[
            (
                "a",
                Value::Array(vec![Value::Number(1.0), Value::Number(2.0)])
            ),
            ("b", string("c")),
        ])
    );
    assert_eq!(ok("  7  "), Value::Number(7.0));
}

#[test]
fn decodes_escapes_and_unicode() {
    assert_eq!(ok(r#""\"\\\/\b\f\n\r\t""#), string("\"\\/\u{8}\u{c}\n\r\t"));
    assert_eq!(ok(r#""a\u0041\u00e9\u4E2D\u0000z""#), string("aAé中\u{0}z"));
    assert_eq!(ok(r#""中文 🎉 é""#), string("中文 🎉 é"));
    assert_eq!(ok(r#""x\ty中\n""#), string("x\ty中\n"));
    assert_eq!(ok(r#"{"中":"🎉"}"#), object(&[("中", string("🎉"))]));
}

#[test]
fn combines_surrogate_pairs() {
    assert_eq!(ok(r#""\ud83c\udf89""#), string("🎉"));
    assert_eq!(ok(r#""\uD834\uDD1E!""#), string("𝄞!"));
    assert_eq!(ok(r#""\udbff\udfff""#), string("\u{10FFFF}"));
}

#[test]
fn replaces_lone_surrogates() {
    let fffd = '\u{FFFD}';
    assert_eq!(ok(r#""\ud800""#), string(&format!("{fffd}")));
    assert_eq!(ok(r#""a\udc00b""#), string(&format!("a{fffd}b")));
    assert_eq!(ok(r#""\ud800x""#), string(&format!("{fffd}x")));
    assert_eq!(ok(r#""\ud800\n""#), string(&format!("{fffd}\n")));
    assert_eq!(ok(r#""\ud800\u0041""#), string(&format!("{fffd}A")));
    // A high surrogate followed by a real pair: only the first is lone.
    assert_eq!(ok(r#""\ud800\ud83c\udf89""#), string(&format!("{fffd}🎉")));
    assert_eq!(ok(r#""\udc00\ud800""#), string(&format!("{fffd}{fffd}")));
    // The escape after a high surrogate must still be a valid escape.
    assert!(parse(r#""\ud800\u12""#).is_err());
    assert!(parse(r#""\ud800\"#).is_err());
}

#[test]
fn rejects_what_is_not_json() {
    let bad = [
        "",
        "   ",
        "[1,]",
        "[1,,2]",
        "[,1]",
        r#"{"a":1,}"#,
        r#"{,}"#,
        r#"{"a" 1}"#,
        r#"{"a":}"#,
        r#"{a:1}"#,
        r#"{1:1}"#,
        "[1 2]",
        "01",
        "-01",
        "00",
        "1.",
        "1.e3",
        ".5",
        "+1",
        "-",
        "-a",
        "1e",
        "1e+",
        "1E-",
        "0x10",
        "1e400",
        "-1e400",
        "\"abc",
        "\"abc\\",
        "\"abc\\\"",
        "\"a\nb\"",
        "\"a\tb\"",
        "\"\u{0}\"",
        "\"\u{1f}\"",
        r#""\x41""#,
        r#""\a""#,
        r#""\U0041""#,
        r#""\u12""#,
        r#""\u12g4""#,
        r#""\u""#,
        "nul",
        "tru",
        "True",
        "NULL",
        "NaN",
        "-NaN",
        "Infinity",
        "-Infinity",
        "undefined",
        "'a'",
        "1 2",
        "{} {}",
        "[]]",
        "nullx",
        "\u{feff}1",
        "[",
        "{",
        "[1",
        r#"{"a""#,
        r#"{"a":1"#,
        "]",
        "}",
        "\u{b}1",
        "\u{a0}1",
    ];
    for text in bad {
        assert!(parse(text).is_err(), "{text:?} should be rejected");
        assert!(
            serde_json::from_str::<serde_json::Value>(text).is_err(),
            "serde_json accepts {text:?}; the test is wrong"
        );
    }
}

#[test]
fn errors_say_what_and_where() {
    let error = |text: &str| parse(text).unwrap_err();
    assert_eq!(
        error(""),
        JsonError {
            offset: 0,
            message: "unexpected end of input"
        }
    );
    assert_eq!(error("[1,]").offset, 3);
    assert_eq!(error(r#"{"a":1,}"#).message, "expected a string key");
    assert_eq!(error("01").offset, 1);
    assert_eq!(
        error("1 2"),
        JsonError {
            offset: 2,
            message: "trailing characters"
        }
    );
    assert_eq!(error("\"abc").message, "unterminated string");
    assert_eq!(error("\"a\nb\"").offset, 2);
    assert_eq!(
        error(r#""ab\q""#),
        JsonError {
            offset: 3,
            message: "invalid escape"
        }
    );
    assert_eq!(error("1e400").message, "number out of range");
    assert_eq!(error("NaN").message, "expected a value");
    assert_eq!(error("[1 2]").to_string(), "expected ',' or ']' at byte 3");
}

#[test]
fn limits_nesting_depth() {
    assert!(parse(&nested(MAX_DEPTH)).is_ok());
    let error = parse(&nested(MAX_DEPTH + 1)).unwrap_err();
    assert_eq!(
        error,
        JsonError {
            offset: MAX_DEPTH,
            message: "nesting too deep"
        }
    );

    let objects = |depth: usize| format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    assert!(parse(&objects(MAX_DEPTH)).is_ok());
    assert!(parse(&objects(MAX_DEPTH + 1)).is_err());

    // Far past the limit: an error, never a stack overflow.
    assert!(parse(&"[".repeat(1_000_000)).is_err());
    assert!(parse(&r#"{"a":"#.repeat(100_000)).is_err());
}

#[test]
fn reads_the_foreign_marker() {
    assert_eq!(
        ok(r#"{"\u0000":"a bigint"}"#),
        Value::Foreign("a bigint".to_string())
    );
    assert_eq!(
        ok(r#"[{ "\u0000" : "NaN" }]"#),
        Value::Array(vec![Value::Foreign("NaN".to_string())])
    );
    assert_eq!(
        ok(r#"{"\u0000":1}"#),
        object(&[("\u{0}", Value::Number(1.0))])
    );
    assert_eq!(ok(r#"{"\u0000":null}"#), object(&[("\u{0}", Value::Null)]));
    assert_eq!(
        ok(r#"{"\u0000":{"\u0000":"x"}}"#),
        object(&[("\u{0}", Value::Foreign("x".into()))])
    );
    assert_eq!(
        ok(r#"{"\u0000":"a","b":"c"}"#),
        object(&[("\u{0}", string("a")), ("b", string("c"))])
    );
    assert_eq!(ok(r#"{"\u0000x":"a"}"#), object(&[("\u{0}x", string("a"))]));
    assert_eq!(ok(r#"{"":"a"}"#), object(&[("", string("a"))]));
    let foreign = Value::Foreign("a function".to_string());
    assert_eq!(foreign.type_name(), "a function");
    assert_eq!(foreign.to_json(), "null");
    assert_eq!(
        ok(r#"{"f":{"\u0000":"a function"}}"#).to_json(),
        r#"{"f":null}"#
    );
}
