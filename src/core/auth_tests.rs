//! Native tests of login, token renewal, re-login on 403, AK/SK signing and redaction, over the fake host.

use crate::core::client::NamingCore;
use crate::core::error::ErrorCode;
use crate::core::fake_host::{block_on, client, ok, ours, query_param, status, FakeHost};
use crate::core::host::{HttpRequest, TransportError};
use crate::core::instance::InstanceInput;
use crate::core::join::join_all;
use serde_json::json;
use std::cell::Cell;
use std::rc::Rc;

const PASSWORD: &str = "pa55-w0rd";

fn plain() -> InstanceInput {
    InstanceInput::from_value(&ours(&json!({"ip": "10.0.0.1", "port": 8080}))).unwrap()
}

fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

fn is_login(request: &HttpRequest) -> bool {
    request.url.contains("/nacos/v1/auth/")
}

/// A client with credentials whose fake server issues tokens `t1`, `t2`, ... with `ttl_s` and
/// accepts a request only with the newest token in the header (or the query).
fn logged_in_client(ttl_s: u64, extra: serde_json::Value) -> (NamingCore<FakeHost>, Rc<Cell<u32>>) {
    let mut options =
        json!({"serverList": "127.0.0.1:8848", "username": "nacos", "password": PASSWORD});
    options
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let client = client(options);
    let issued = Rc::new(Cell::new(0u32));
    let counter = issued.clone();
    client.host().respond(move |request| {
        if is_login(request) {
            counter.set(counter.get() + 1);
            return ok(&format!(
                r#"{{"accessToken":"t{}","tokenTtl":{ttl_s},"globalAdmin":false}}"#,
                counter.get()
            ));
        }
        let current = format!("t{}", counter.get());
        let sent = header(request, "accessToken")
            .map(str::to_string)
            .or_else(|| query_param(&request.url, "accessToken"));
        if sent.as_deref() == Some(current.as_str()) {
            ok("ok")
        } else {
            status(403, "unknown user!")
        }
    });
    (client, issued)
}

#[test]
fn login_sends_the_password_in_the_body_only_and_the_token_in_a_header() {
    let (client, issued) = logged_in_client(18_000, json!({}));
    block_on(client.register("orders", None, plain())).unwrap();
    let requests = client.host().take_requests();
    assert_eq!(issued.get(), 1);
    let login = &requests[0];
    assert!(login
        .url
        .starts_with("http://127.0.0.1:8848/nacos/v1/auth/users/login?"));
    assert_eq!(
        query_param(&login.url, "username").as_deref(),
        Some("nacos")
    );
    assert_eq!(
        login.body.as_deref(),
        Some("username=nacos&password=pa55-w0rd")
    );
    let register = &requests[1];
    assert_eq!(header(register, "accessToken"), Some("t1"));
    for request in &requests {
        assert!(
            !request.url.contains(PASSWORD) && !request.url.contains("accessToken"),
            "{}",
            request.url
        );
        assert!(
            !format!("{request:?}").contains(PASSWORD),
            "Debug hides the body"
        );
    }
}

#[test]
fn token_in_query_is_an_option_for_old_servers() {
    let (client, _) = logged_in_client(18_000, json!({"tokenInQuery": true}));
    block_on(client.register("orders", None, plain())).unwrap();
    let register = &client.host().take_requests()[1];
    assert_eq!(
        query_param(&register.url, "accessToken").as_deref(),
        Some("t1")
    );
    assert_eq!(header(register, "accessToken"), None);
    assert!(format!("{register:?}").contains("accessToken=***"));
}

#[test]
fn the_token_is_renewed_at_nine_tenths_of_its_ttl() {
    let (client, issued) = logged_in_client(100, json!({}));
    block_on(client.register("orders", None, plain())).unwrap();
    client.host().now.set(client.host().now.get() + 89_999);
    block_on(client.send_beats()).unwrap();
    assert_eq!(issued.get(), 1, "still fresh just before 90 s");
    client.host().now.set(client.host().now.get() + 1);
    block_on(client.send_beats()).unwrap();
    assert_eq!(issued.get(), 2, "renewed at 90 s of 100");
}

#[test]
fn a_403_logs_in_again_and_retries_once() {
    let (client, issued) = logged_in_client(18_000, json!({}));
    block_on(client.register("orders", None, plain())).unwrap();
    // The server forgot the token (restart, revoked): the next call gets 403, logs in, succeeds.
    issued.set(issued.get() + 10);
    client.host().take_requests();
    block_on(client.register("orders", None, plain())).unwrap();
    let urls: Vec<String> = client
        .host()
        .take_requests()
        .iter()
        .map(|r| r.url.clone())
        .collect();
    assert_eq!(urls.len(), 3, "{urls:?}: refused, login, retry");
    assert!(urls[1].contains("/auth/users/login"));

    // A server that refuses every token: one re-login, then the 403 is the answer.
    client.host().respond(|request| {
        if is_login(request) {
            ok(r#"{"accessToken":"tx","tokenTtl":18000}"#)
        } else {
            status(403, "no right")
        }
    });
    let error = block_on(client.register("orders", None, plain())).unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
    let requests = client.host().take_requests();
    assert_eq!(
        requests.iter().filter(|r| is_login(r)).count(),
        1,
        "{requests:?}"
    );
}

#[test]
fn old_servers_are_logged_in_at_the_old_path() {
    let client =
        client(json!({"serverList": "127.0.0.1:8848", "username": "nacos", "password": "p"}));
    client.host().respond(|request| {
        if request.url.contains("/auth/users/login") {
            status(404, "")
        } else if request.url.contains("/auth/login") {
            ok(r#"{"accessToken":"old","tokenTtl":18000}"#)
        } else {
            ok("ok")
        }
    });
    block_on(client.register("orders", None, plain())).unwrap();
    let requests = client.host().take_requests();
    assert_eq!(requests.len(), 3);
    assert!(requests[1]
        .url
        .starts_with("http://127.0.0.1:8848/nacos/v1/auth/login?"));
    assert_eq!(header(&requests[2], "accessToken"), Some("old"));
}

#[test]
fn wrong_credentials_fail_with_auth_failed_and_send_nothing_else() {
    let client = client(
        json!({"serverList": ["127.0.0.1:8848", "127.0.0.1:8849"], "username": "nacos", "password": PASSWORD}),
    );
    client.host().respond(|request| {
        if is_login(request) {
            status(403, "unknown user!")
        } else {
            ok("ok")
        }
    });
    let error = block_on(client.register("orders", None, plain())).unwrap_err();
    assert_eq!(error.code, ErrorCode::AuthFailed);
    assert_eq!(error.err_code, 403);
    assert_eq!(error.status, Some(403));
    assert!(error.message.starts_with("login as \"nacos\" failed: failed to req API:/nacos/v1/auth/users/login after all servers"), "{}", error.message);
    assert!(
        error
            .message
            .contains("unknown user! (wrong username or password?)"),
        "{}",
        error.message
    );
    assert!(!format!("{error:?}").contains(PASSWORD));
    let requests = client.host().take_requests();
    assert_eq!(requests.len(), 2, "one login per server, no register");
    // One server: maxRetry applies to failures, not to a refusal, which would only repeat.
    let single = crate::core::fake_host::client(
        json!({"serverList": "127.0.0.1:8848", "username": "u", "password": "p"}),
    );
    single.host().respond(|_| status(403, "unknown user!"));
    assert_eq!(
        block_on(single.register("orders", None, plain()))
            .unwrap_err()
            .code,
        ErrorCode::AuthFailed
    );
    let sent = single.host().take_requests();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(requests.iter().all(is_login));
    // A refusal is not a server fault: no cool-down.
    assert!(client.server_states().iter().all(|s| s.up));
}

#[test]
fn concurrent_calls_at_expiry_share_one_login() {
    let (client, issued) = logged_in_client(10, json!({}));
    client.host().slow_sends.set(true);
    block_on(client.register("orders", None, plain())).unwrap();
    client.host().now.set(client.host().now.get() + 60_000);
    let calls = (0..5).map(|i| {
        let input: InstanceInput =
            InstanceInput::from_value(&ours(&json!({"ip": "10.0.0.2", "port": 9000 + i}))).unwrap();
        client.register("orders", None, input)
    });
    let results = block_on(join_all(calls));
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(issued.get(), 2, "the first login, then one for all five");
}

#[test]
fn ak_sk_calls_are_signed_as_java_signs_them() {
    let client = client(
        json!({"serverList": "127.0.0.1:8848", "accessKey": "ak1", "secretKey": "sk-Secret_Key/123", "appName": "shop"}),
    );
    client.host().now.set(1_700_000_000_000);
    block_on(client.register("orders", None, plain())).unwrap();
    let request = &client.host().take_requests()[0];
    let param = |name| query_param(&request.url, name).unwrap();
    assert_eq!(param("data"), "1700000000000@@DEFAULT_GROUP@@orders");
    // Computed with openssl (see hmac_sha1's tests).
    assert_eq!(param("signature"), "vKiHz19ics9RqSoZP0v86D7Qkoc=");
    assert_eq!(
        (param("ak"), param("app")),
        ("ak1".to_string(), "shop".to_string())
    );
    assert!(!request.url.contains("sk-Secret"));
}

#[test]
fn secrets_are_redacted_from_error_messages() {
    let (client, _) = logged_in_client(
        18_000,
        json!({"tokenInQuery": true, "secretKey": "sk9", "accessKey": "a"}),
    );
    block_on(client.register("orders", None, plain())).unwrap();
    // A runtime whose network error quotes the whole URL, and a server that echoes what it got.
    client.host().respond(|request| {
        if request.url.contains("/beat") {
            Err(TransportError::Network(format!(
                "error sending request for url ({}) with sk9 and pa55-w0rd",
                request.url
            )))
        } else {
            status(400, &format!("bad request: {}", request.url))
        }
    });
    let network = block_on(client.send_beats()).unwrap();
    assert_eq!(network.succeeded, 0);
    let events = format!("{:?}", client.host().events.borrow());
    assert!(events.contains("error sending request for url"), "{events}");
    for secret in ["t1", "sk9", PASSWORD] {
        assert!(
            !events.contains(&format!("={secret}")) && !events.contains(&format!(" {secret}")),
            "{secret} in {events}"
        );
    }
    let echoed = block_on(client.deregister("orders", None, plain())).unwrap_err();
    assert!(
        echoed.message.contains("accessToken=***"),
        "{}",
        echoed.message
    );
}
