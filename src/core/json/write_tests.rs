//! Tests of the writers: numbers, strings, `ToJson` impls, `ObjectWriter` and deep values.

use std::collections::BTreeMap;

use super::test_support::{nested, ok, string};
use super::{write_f64, write_i64, write_str, write_u64, ObjectWriter, ToJson, Value, MAX_DEPTH};

#[test]
fn writes_whole_numbers_as_integers() {
    assert_eq!(
        ok("[8080,8080.0,-3,0,1.5,1e21,9007199254740993]").to_json(),
        "[8080,8080,-3,0,1.5,1e21,9007199254740992.0]"
    );
    assert_eq!(Value::Number(-0.0).to_json(), "-0.0");
    assert_eq!(Value::Number(f64::NAN).to_json(), "null");
    assert_eq!(Value::Number(f64::NEG_INFINITY).to_json(), "null");
    assert_eq!(
        ok(r#"{"hosts":[{"port":8848,"weight":1.0}]}"#).to_json(),
        serde_json::to_string(
            &serde_json::from_str::<serde_json::Value>(r#"{"hosts":[{"port":8848,"weight":1}]}"#)
                .unwrap()
        )
        .unwrap()
    );
}

#[test]
fn writes_deep_values_without_recursion() {
    let deep = nested(MAX_DEPTH);
    assert_eq!(ok(&deep).to_json(), deep);
    let mut value = Value::Null;
    for _ in 0..100_000 {
        value = Value::Array(vec![value]);
    }
    let text = value.to_json();
    assert_eq!(text.len(), 100_000 * 2 + 4);
    // Dropping a value that deep would itself recurse; take it apart by hand.
    while let Value::Array(mut items) = value {
        value = items.pop().unwrap_or(Value::Null);
    }
}

#[test]
fn writes_integers_without_fmt() {
    let u = |x: u64| {
        let mut s = String::from("x");
        write_u64(&mut s, x);
        s
    };
    let i = |x: i64| {
        let mut s = String::new();
        write_i64(&mut s, x);
        s
    };
    for x in [
        0,
        1,
        9,
        10,
        99,
        100,
        12345,
        u64::from(u32::MAX),
        i64::MAX as u64,
        u64::MAX - 1,
        u64::MAX,
    ] {
        assert_eq!(u(x), format!("x{x}"));
    }
    for x in [
        0,
        9,
        10,
        -1,
        -9,
        -10,
        1234567,
        i64::MAX,
        i64::MIN,
        i64::MIN + 1,
    ] {
        assert_eq!(i(x), x.to_string());
    }
    let mut x = 1u64;
    while let Some(next) = x.checked_mul(7) {
        assert_eq!(u(x), format!("x{x}"));
        x = next;
    }
}

#[test]
fn writes_floats_like_debug() {
    let f = |x: f64| {
        let mut s = String::new();
        write_f64(&mut s, x);
        s
    };
    assert_eq!(f(1.0), "1.0");
    assert_eq!(f(0.5), "0.5");
    assert_eq!(f(-0.0), "-0.0");
    assert_eq!(f(0.0), "0.0");
    assert_eq!(f(1e21), "1e21");
    assert_eq!(f(1e16), "1e16");
    assert_eq!(f(-5.0), "-5.0");
    assert_eq!(f(f64::NAN), "null");
    assert_eq!(f(f64::INFINITY), "null");
    assert_eq!(f(f64::NEG_INFINITY), "null");
    let mut samples = vec![
        9_999_999_999_999_998.0,
        9_999_999_999_999_999.0,
        1e15,
        1e-7,
        0.1,
        1e-4,
        9.9e-5,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        f64::EPSILON,
        5e-324,
        1700000000123.0,
        -9007199254740993.0,
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..2000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        samples.push(f64::from_bits(seed));
        samples
            .push((seed % 100_000_000_000_000_000) as f64 * if seed & 1 == 0 { 1.0 } else { -1.0 });
    }
    for x in samples.into_iter().filter(|x| x.is_finite()) {
        assert_eq!(f(x), format!("{x:?}"));
    }
}

#[test]
fn writes_strings_like_serde_json() {
    let mut every_control: String = (0u8..0x20).map(char::from).collect();
    every_control.push_str("\u{7f}\"\\/'");
    for text in [
        every_control.as_str(),
        "",
        "plain",
        "\"quoted\"",
        "back\\slash",
        "中",
        "🎉",
        "mixed 中\n🎉\t\"x\"\\ \u{0}end",
        "\u{2028}\u{2029}\u{fffd}\u{10ffff}",
    ] {
        let mut ours = String::new();
        write_str(&mut ours, text);
        assert_eq!(ours, serde_json::to_string(text).unwrap());
        assert_eq!(text.to_json(), ours);
        assert_eq!(ok(&ours), string(text));
    }
    let mut out = String::from("prefix");
    write_str(&mut out, "\u{8}\u{c}\u{1}\u{1f}");
    assert_eq!(out, r#"prefix"\b\f\u0001\u001f""#);
}

#[test]
fn writes_objects_field_by_field() {
    let mut out = String::new();
    let mut object = ObjectWriter::new(&mut out);
    object
        .field("s", "text")
        .field("owned", &String::from("o"))
        .field("n", &8080u16)
        .field("b", &true)
        .field_opt("skipped", &None::<u32>)
        .field_opt("kept", &Some(-1i32))
        .field("none", &None::<String>)
        .field("list", &vec![1.5f64, 2.0])
        .raw("raw", r#"{"x":[1]}"#)
        .field("k\"e\ny", &0usize);
    object.finish();
    assert_eq!(
        out,
        r#"{"s":"text","owned":"o","n":8080,"b":true,"kept":-1,"none":null,"list":[1.5,2.0],"raw":{"x":[1]},"k\"e\ny":0}"#
    );
    assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());

    let mut empty = String::new();
    ObjectWriter::new(&mut empty)
        .field_opt("a", &None::<bool>)
        .finish();
    assert_eq!(empty, "{}");
}

#[test]
fn to_json_impls() {
    assert_eq!(false.to_json(), "false");
    assert_eq!(7u32.to_json(), "7");
    assert_eq!(u64::MAX.to_json(), "18446744073709551615");
    assert_eq!(i64::MIN.to_json(), "-9223372036854775808");
    assert_eq!((-7i32).to_json(), "-7");
    assert_eq!(2.0f64.to_json(), "2.0");
    assert_eq!(Some("a").to_json(), r#""a""#);
    assert_eq!(None::<&str>.to_json(), "null");
    assert_eq!((&&5u64).to_json(), "5");
    let empty: &[u32] = &[];
    assert_eq!(empty.to_json(), "[]");
    assert_eq!(["a", "b"][..].to_json(), r#"["a","b"]"#);
    assert_eq!(vec![Some(1u32), None].to_json(), "[1,null]");
    assert_eq!(vec![vec!["x"]].to_json(), r#"[["x"]]"#);

    let mut owned = BTreeMap::new();
    owned.insert("b".to_string(), 2u32);
    owned.insert("a\"".to_string(), 1u32);
    assert_eq!(owned.to_json(), r#"{"a\"":1,"b":2}"#);
    let mut borrowed: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    borrowed.insert("k", vec!["v"]);
    assert_eq!(borrowed.to_json(), r#"{"k":["v"]}"#);
    assert_eq!(BTreeMap::<String, bool>::new().to_json(), "{}");

    let mut out = String::from("[");
    ok("{\"a\":[1,{}]}").write_json(&mut out);
    assert_eq!(out, r#"[{"a":[1,{}]}"#);
}
