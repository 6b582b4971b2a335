//! Comparison with serde_json: fixed documents round-trip, and randomly mutated ones are
//! accepted or refused alike.

use super::test_support::ok;
use super::{parse, ToJson, Value, FOREIGN_KEY};

/// Our value as serde_json would hold it, every number a float, Foreign as its marker object.
fn to_serde(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(flag) => serde_json::Value::Bool(*flag),
        Value::Number(number) => float(*number),
        Value::String(text) => serde_json::Value::String(text.clone()),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
        Value::Object(fields) => serde_json::Value::Object(
            fields
                .iter()
                .map(|(key, value)| (key.clone(), to_serde(value)))
                .collect(),
        ),
        Value::Foreign(name) => serde_json::json!({ FOREIGN_KEY: name }),
    }
}

fn float(number: f64) -> serde_json::Value {
    serde_json::Number::from_f64(number).map_or(serde_json::Value::Null, Into::into)
}

/// serde_json tells 1 from 1.0; we do not, so compare with every number as a float.
fn normalize(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Number(number) => float(number.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::Array(items) => items.iter().map(normalize).collect(),
        serde_json::Value::Object(fields) => serde_json::Value::Object(
            fields
                .iter()
                .map(|(key, value)| (key.clone(), normalize(value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Equal, except that numbers may differ in the last bits: serde_json's default float parser
/// is best-effort and can be a few ulps off (str::parse rounds correctly), and a value that
/// serde_json reads twice, once from our output, can be off in both directions.
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (a, b) {
        (V::Number(x), V::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            x == y || (x - y).abs() <= 8.0 * f64::EPSILON * x.abs().max(y.abs())
        }
        (V::Array(xs), V::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same(x, y))
        }
        (V::Object(xs), V::Object(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .zip(ys)
                    .all(|((kx, x), (ky, y))| kx == ky && same(x, y))
        }
        _ => a == b,
    }
}

fn holds_f64_max(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Number(number) => number.as_f64().map(f64::abs) == Some(f64::MAX),
        serde_json::Value::Array(items) => items.iter().any(holds_f64_max),
        serde_json::Value::Object(fields) => fields.values().any(holds_f64_max),
        _ => false,
    }
}

const DOCUMENTS: &[&str] = &[
    "null",
    "true",
    "0",
    "-0",
    "0.1",
    "-2.5e-10",
    "1e300",
    "1.7976931348623157e308",
    "2.2250738585072014e-308",
    "123456789",
    "9007199254740991",
    "-9007199254740991",
    "18446744073709551615",
    "1e21",
    "3.141592653589793",
    r#""""#,
    r#""plain""#,
    r#""quote \" backslash \\ slash \/ controls \b\f\n\r\t \u0000 \u0001 \u001f \u007f""#,
    r#""中文 \u4e2d 🎉 \ud83c\udf89 é \u00e9 \u2028 \u2029 \uffff""#,
    "[]",
    "{}",
    "[[[]],[{}],{\"a\":[]}]",
    r#"{"":"", "\u0000":1, "k\"ey":"v\\al", "中":"🎉"}"#,
    r#"{"name":"DEFAULT_GROUP@@svc","clusters":"","cacheMillis":10000,"hosts":[{"ip":"10.0.0.1","port":8848,"valid":true,"healthy":true,"marked":false,"instanceId":"10.0.0.1#8848#DEFAULT#DEFAULT_GROUP@@svc","metadata":{"preserved.register.source":"SPRING_CLOUD","weight":"1.0"},"enabled":true,"weight":1.0,"clusterName":"DEFAULT","serviceName":"DEFAULT_GROUP@@svc","ephemeral":true}],"lastRefTime":1700000000123,"checksum":"","allIPs":false,"reachProtectionThreshold":false,"valid":true}"#,
    r#"{"code":200,"message":null,"data":[1,-1,0.5,-0.5,1e-7,12345.678,[null,false]]}"#,
    " [ 1 , { \"a\" : [ true ] } ] ",
];

#[test]
fn round_trips_with_serde_json() {
    for document in DOCUMENTS {
        let theirs: serde_json::Value = serde_json::from_str(document).unwrap();

        // serde_json's output parses to the same value.
        let ours = ok(&serde_json::to_string(&theirs).unwrap());
        assert_eq!(to_serde(&ours), normalize(&theirs), "{document}");
        assert_eq!(to_serde(&ok(document)), normalize(&theirs), "{document}");

        // Our output parses, in serde_json, to the same value.
        let written = ok(document).to_json();
        let reread: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(
            normalize(&reread),
            normalize(&theirs),
            "{document} -> {written}"
        );
        // And in ours, exactly.
        assert_eq!(ok(&written), ok(document), "{document} -> {written}");
    }
}

/// Mutates small documents at random and checks we accept exactly what serde_json accepts,
/// reading the same value, and never panic.
#[test]
fn agrees_with_serde_json_on_mutated_input() {
    const PIECES: &[&str] = &[
        "{", "}", "[", "]", ",", ":", "\"", "\\", "u", "0", "1", "9", "-", "+", ".", "e", "E", " ",
        "\n", "\t", "t", "n", "f", "x", "\u{1}", "中", "\\u00", "\\ud83c", "\\udf89", "\\n",
        "null", "true", "1e5", "\"a\"", "{}", "[]",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut random = move |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound as u64) as usize
    };
    let mut accepted = 0;
    for round in 0..20_000 {
        let mut text = DOCUMENTS[round % DOCUMENTS.len()].to_string();
        for _ in 0..1 + random(3) {
            let mut at = random(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match random(3) {
                0 => text.insert_str(at, PIECES[random(PIECES.len())]),
                1 => {
                    let end = (at + 1 + random(3)).min(text.len());
                    if let Some(cut) = (end..=text.len()).find(|&e| text.is_char_boundary(e)) {
                        text.replace_range(at..cut, "");
                    }
                }
                _ => {
                    let end = (at..=text.len())
                        .skip(1)
                        .find(|&e| text.is_char_boundary(e));
                    if let Some(end) = end {
                        text.replace_range(at..end, PIECES[random(PIECES.len())]);
                    }
                }
            }
        }
        let ours = parse(&text);
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        match (&ours, &theirs) {
            (Ok(ours), Ok(theirs)) => {
                accepted += 1;
                assert!(
                    same(&to_serde(ours), theirs),
                    "{text:?}: {ours:?} vs {theirs:?}"
                );
                let reread: serde_json::Value = serde_json::from_str(&ours.to_json()).unwrap();
                // Foreign writes as null, so only compare documents without the marker.
                if !text.contains("\\u0000") {
                    assert!(same(&reread, theirs), "{text:?}: {reread:?} vs {theirs:?}");
                }
            }
            (Err(_), Err(_)) => {}
            // serde_json refuses lone surrogates ("lone leading surrogate", or "unexpected end
            // of hex escape" when no `\u` follows a high one); we replace them.
            (Ok(_), Err(error))
                if ["surrogate", "end of hex escape"]
                    .iter()
                    .any(|why| error.to_string().contains(why)) => {}
            // Just past f64::MAX rounds to infinity (so out of range) when rounded correctly;
            // serde_json's best-effort parser can land on f64::MAX instead.
            (Err(error), Ok(theirs))
                if error.message == "number out of range" && holds_f64_max(theirs) => {}
            _ => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
        }
    }
    assert!(
        accepted > 1000,
        "too few mutants were valid JSON: {accepted}"
    );
}
