//! The wasm boundary seen from JavaScript: option checks and the shape of `NacosError` (`wasm-pack test --node`).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Object, Promise, Reflect};
use nacos_wasm::NacosNamingClient;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// Builds a JS value from JSON text, as a caller would write it.
fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("test JSON")
}

fn get(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(name)).unwrap()
}

/// Asserts `error` is a real `Error` named NacosError with this code and errCode.
fn assert_nacos_error(error: &JsValue, code: &str, err_code: f64) -> String {
    assert!(error.is_instance_of::<js_sys::Error>(), "a real Error");
    assert_eq!(
        get(error, "name").as_string().as_deref(),
        Some("NacosError")
    );
    assert_eq!(get(error, "code").as_string().as_deref(), Some(code));
    assert_eq!(get(error, "errCode").as_f64(), Some(err_code));
    get(error, "message").as_string().unwrap()
}

fn client(options: &str) -> NacosNamingClient {
    NacosNamingClient::new(js(options)).unwrap_or_else(|_| panic!("client for {options}"))
}

async fn rejection(promise: Promise) -> JsValue {
    JsFuture::from(promise)
        .await
        .expect_err("the promise should reject")
}

#[wasm_bindgen_test]
fn unknown_and_malformed_options_throw_nacos_errors() {
    for (options, needle) in [
        (
            r#"{"serverList":"127.0.0.1:8848","timeout":5}"#,
            "unknown field `timeout`",
        ),
        (
            r#"{"serverList":"127.0.0.1:8848","maxRetry":"3"}"#,
            "expected a number",
        ),
        (
            r#"{"serverList":"127.0.0.1:8848","requestTimeoutMs":-1}"#,
            "requestTimeoutMs",
        ),
        (r#"{"serverList":"::1"}"#, "IPv6"),
        (r#"{}"#, "serverList is required"),
        (r#""127.0.0.1:8848""#, "options must be an object"),
        (
            r#"{"serverList":"a","onEvent":5}"#,
            "onEvent must be a function",
        ),
        (
            r#"{"serverList":"a","username":"nacos"}"#,
            "options.password is required with options.username",
        ),
        (
            r#"{"serverList":"a","username":"nacos","password":987654}"#,
            "`password` expected a string, got a number",
        ),
        (
            r#"{"serverList":"a","accessKey":"ak","secretKey":["s3cr3t"]}"#,
            "`secretKey` expected a string, got an array",
        ),
    ] {
        let error = NacosNamingClient::new(js(options)).err().expect(options);
        let message = assert_nacos_error(&error, "INVALID_PARAM", -400.0);
        assert!(message.contains(needle), "{options}: {message}");
        assert!(
            !message.contains("987654") && !message.contains("s3cr3t"),
            "{message}"
        );
    }
    let error = NacosNamingClient::new(js(r#"{"serverList":" , "}"#))
        .err()
        .unwrap();
    assert_nacos_error(&error, "NO_SERVER_AVAILABLE", 400.0);
}

#[wasm_bindgen_test]
fn good_options_give_a_client_with_its_servers() {
    let options = js(
        r#"{"serverList":["127.0.0.1:8848","http://127.0.0.1:9848"],"namespace":"dev","autoBeat":false}"#,
    );
    Reflect::set(&options, &"onEvent".into(), &Function::new_no_args("")).unwrap();
    let client = NacosNamingClient::new(options).unwrap();
    let states = Array::from(&client.server_states());
    assert_eq!(states.length(), 2);
    assert_eq!(
        get(&states.get(1), "server").as_string().as_deref(),
        Some("http://127.0.0.1:9848")
    );
    assert_eq!(get(&states.get(0), "up").as_bool(), Some(true));
    assert_eq!(Array::from(&client.beating_instances()).length(), 0);
    assert_eq!(client.next_beat_delay_ms(), None);
}

#[wasm_bindgen_test]
async fn bad_arguments_reject_with_invalid_param() {
    let client = client(r#"{"serverList":"127.0.0.1:8848"}"#);
    let cases: [(JsValue, JsValue, &str); 9] = [
        (
            "s".into(),
            js(r#"{"ip":"10.0.0.1","port":1,"metadata":"k=v"}"#),
            "instance.metadata must be an object of strings, got a string",
        ),
        (
            "s".into(),
            js(r#"{"ip":"10.0.0.1","port":1,"metadata":[]}"#),
            "instance.metadata must be an object of strings, got an array",
        ),
        (
            "s".into(),
            js(r#"{"ip":"10.0.0.1","port":1,"weight":1e999}"#),
            "got Infinity",
        ),
        (
            JsValue::from(42),
            js(r#"{"ip":"10.0.0.1","port":1}"#),
            "serviceName must be a string",
        ),
        (
            "".into(),
            js(r#"{"ip":"10.0.0.1","port":1}"#),
            "serviceName is blank",
        ),
        (
            "s".into(),
            js(r#""10.0.0.1:1""#),
            "instance must be an object",
        ),
        (
            "s".into(),
            js(r#"{"ip":"10.0.0.1","port":1,"wieght":2}"#),
            "unknown field `wieght`",
        ),
        (
            "s".into(),
            js(r#"{"ip":"10.0.0.1","port":1,"metadata":{"k":1}}"#),
            "must be a string",
        ),
        (
            "s".into(),
            js(r#"{"ip":"10.0.0.1","port":70000}"#),
            "instance.port",
        ),
    ];
    for (service, instance, needle) in cases {
        let error = rejection(client.register_instance(service, instance, None)).await;
        let message = assert_nacos_error(&error, "INVALID_PARAM", -400.0);
        assert!(message.contains(needle), "{needle}: {message}");
    }
    let group = JsValue::from(7);
    let error = rejection(client.register_instance(
        "s".into(),
        js(r#"{"ip":"10.0.0.1","port":1}"#),
        Some(group.unchecked_into()),
    ))
    .await;
    assert_nacos_error(&error, "INVALID_PARAM", -400.0);
}

#[wasm_bindgen_test]
async fn a_closed_client_rejects_with_closed() {
    let client = client(r#"{"serverList":"127.0.0.1:8848"}"#);
    JsFuture::from(client.close(None)).await.unwrap();
    let error =
        rejection(client.register_instance("s".into(), js(r#"{"ip":"10.0.0.1","port":1}"#), None))
            .await;
    assert_nacos_error(&error, "CLOSED", -401.0);
    let error = rejection(client.send_beats()).await;
    assert_nacos_error(&error, "CLOSED", -401.0);
    let bad_close = Object::new();
    Reflect::set(&bad_close, &"force".into(), &true.into()).unwrap();
    let error = rejection(client.close(Some(JsValue::from(bad_close).unchecked_into()))).await;
    assert_nacos_error(&error, "INVALID_PARAM", -400.0);
}

/// The host's fetch works from the global scope in Node and in a browser page alike (no `window`
/// assumed). Port 1 is refused before any packet leaves: Node and browsers both block it.
#[wasm_bindgen_test]
async fn an_unreachable_server_rejects_with_network_error() {
    let client = client(r#"{"serverList":"127.0.0.1:1","maxRetry":1}"#);
    let error =
        rejection(client.register_instance("s".into(), js(r#"{"ip":"10.0.0.1","port":1}"#), None))
            .await;
    let message = assert_nacos_error(&error, "NETWORK_ERROR", 500.0);
    assert!(message.contains("127.0.0.1:1"), "{message}");
    let in_browser = Reflect::has(&js_sys::global(), &"document".into()).unwrap();
    // Browsers hide why a fetch failed; the message then names the usual reason, CORS.
    assert_eq!(message.contains("CORS headers"), in_browser, "{message}");
}

/// In wasm, number text comes from the JS runtime's own conversions (`src/host/number.js`); the
/// results must be what the native build (Rust's) gives, which the core's own tests pin down.
#[wasm_bindgen_test]
fn number_text_from_the_runtime_matches_java_json_and_javascript() {
    use nacos_wasm::core::number::{java_double, js_number, parse_decimal, write_debug};
    for (x, java) in [
        (1.0, "1.0"),
        (0.5, "0.5"),
        (1e-4, "1.0E-4"),
        (12_345_678.9, "1.23456789E7"),
        (0.30000000000000004, "0.30000000000000004"),
    ] {
        assert_eq!(java_double(x), java);
    }
    for (x, debug) in [
        (2.5, "2.5"),
        (1e21, "1e21"),
        (1.5e-7, "1.5e-7"),
        (-0.0, "-0.0"),
    ] {
        let mut text = String::new();
        write_debug(&mut text, x);
        assert_eq!(text, debug);
    }
    assert_eq!(js_number(f64::NAN), "NaN");
    assert_eq!(js_number(1e21), "1e+21");
    // Beyond the exact fast path: 17 significant digits, and a huge exponent.
    assert_eq!(
        parse_decimal("0.30000000000000004"),
        Some(0.30000000000000004)
    );
    assert_eq!(
        parse_decimal("2.2250738585072014e-308"),
        Some(2.2250738585072014e-308)
    );
    assert_eq!(parse_decimal("1e400"), Some(f64::INFINITY));
    assert_eq!(parse_decimal("0x10"), None);
}

/// The size-class allocator (`src/host/alloc.rs`) keeps every block's bytes through growth, reuse
/// and blocks larger than the 1 MiB it grows memory by.
#[wasm_bindgen_test]
fn the_allocator_keeps_contents_through_growth_and_reuse() {
    let mut grown: Vec<u32> = Vec::new();
    for i in 0..200_000u32 {
        grown.push(i.wrapping_mul(2_654_435_761));
    }
    let mut strings: Vec<String> = (0..2_000)
        .map(|i| "x".repeat(i % 300) + &i.to_string())
        .collect();
    // Free every other string, then allocate again: the freed blocks are reused.
    for i in (0..strings.len()).step_by(2) {
        strings[i] = String::new();
    }
    let again: Vec<String> = (0..1_000).map(|i| format!("again {i}")).collect();
    let big = vec![7u8; 3 * 1024 * 1024];
    for (i, value) in grown.iter().enumerate() {
        assert_eq!(*value, (i as u32).wrapping_mul(2_654_435_761));
    }
    for (i, text) in strings.iter().enumerate().skip(1).step_by(2) {
        assert_eq!(*text, "x".repeat(i % 300) + &i.to_string());
    }
    assert!(again
        .iter()
        .enumerate()
        .all(|(i, s)| *s == format!("again {i}")));
    assert!(big.iter().all(|b| *b == 7));
}
