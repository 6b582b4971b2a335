//! Native tests of `NamingCore` over the fake host: registration, failover, cool-down and close.

use crate::core::client::NamingCore;
use crate::core::error::ErrorCode;
use crate::core::fake_host::{block_on, client, ok, query_param, status, FakeHost};
use crate::core::host::{HttpRequest, TransportError};
use crate::core::instance::InstanceInput;
use crate::core::params::Method;
use serde_json::json;

pub(crate) fn instance(value: serde_json::Value) -> InstanceInput {
    InstanceInput::from_value(&crate::core::fake_host::ours(&value)).unwrap()
}

pub(crate) fn plain() -> InstanceInput {
    instance(json!({"ip": "10.0.0.1", "port": 8080}))
}

pub(crate) const KEY: &str = "DEFAULT_GROUP@@orders#10.0.0.1#8080";

/// In how many ms the beat of `key` is due, checked to be on the schedule.
pub(crate) fn beat_due_in(client: &NamingCore<FakeHost>, key: &str) -> Option<u64> {
    let due = client
        .registry
        .borrow()
        .get(key)?
        .beat
        .as_ref()?
        .next_due_at;
    assert!(
        client.beat_queue.borrow().contains(due, key),
        "{key} is on the schedule"
    );
    Some(due - client.host().now.get())
}

fn host_of(request: &HttpRequest) -> &str {
    request.url.split('/').nth(2).unwrap()
}

#[test]
fn register_sends_javas_parameters_and_schedules_a_beat() {
    let client = client(json!({"serverList": "127.0.0.1:8848", "namespace": "dev"}));
    let metadata = json!({"ip": "10.0.0.1", "port": 8080, "weight": 2.5, "clusterName": "c1",
        "metadata": {"k": "a&b=c% d中"}});
    block_on(client.register("orders", Some("shop"), instance(metadata))).unwrap();
    let requests = client.host().take_requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, Method::Post);
    assert!(request
        .url
        .starts_with("http://127.0.0.1:8848/nacos/v1/ns/instance?"));
    let param = |name| query_param(&request.url, name).unwrap();
    assert_eq!(param("namespaceId"), "dev");
    assert_eq!(param("serviceName"), "shop@@orders");
    assert_eq!(param("groupName"), "shop");
    assert_eq!(param("clusterName"), "c1");
    assert_eq!(param("weight"), "2.5");
    assert_eq!(
        (param("enable"), param("enabled")),
        ("true".into(), "true".into())
    );
    assert_eq!(param("metadata"), r#"{"k":"a&b=c% d中"}"#);
    assert!(request
        .headers
        .iter()
        .any(|(name, _)| *name == "Client-Version"));
    assert_eq!(
        beat_due_in(&client, "shop@@orders#10.0.0.1#8080"),
        Some(5000)
    );
    assert_eq!(client.beating_instances().len(), 1);
}

#[test]
fn persistent_instances_do_not_beat() {
    let client = client(json!({"serverList": "h"}));
    let input = instance(json!({"ip": "10.0.0.1", "port": 8080, "ephemeral": false}));
    block_on(client.register("orders", None, input)).unwrap();
    assert!(client.host().armed.borrow().is_empty());
    assert!(client.beating_instances().is_empty());
}

#[test]
fn bad_input_sends_nothing() {
    let client = client(json!({"serverList": "h"}));
    let error = block_on(client.register("", None, plain())).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidParam);
    let error = block_on(client.register("s", None, instance(json!({"ip": "a", "port": 1e6}))))
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidParam);
    assert!(client.host().take_requests().is_empty());
}

#[test]
fn a_single_server_is_tried_max_retry_times_then_fails_like_java() {
    let client = client(json!({"serverList": "127.0.0.1:1", "maxRetry": 3}));
    client
        .host()
        .respond(|_| Err(TransportError::Network("connection refused".into())));
    let error = block_on(client.register("orders", None, plain())).unwrap_err();
    assert_eq!(client.host().take_requests().len(), 3);
    assert_eq!(error.code, ErrorCode::NetworkError);
    assert_eq!(error.err_code, 500);
    assert_eq!(
        error.message,
        "failed to req API:/nacos/v1/ns/instance after all servers([127.0.0.1:1]) tried: connection refused"
    );
    assert_eq!(error.servers, ["127.0.0.1:1"]);
    assert!(
        client.beating_instances().is_empty(),
        "no task for a failed registration"
    );
}

#[test]
fn several_servers_start_at_random_and_go_round_robin() {
    let client = client(json!({"serverList": ["a:1", "b:2", "c:3"]}));
    client.host().random.set(0.5);
    client.host().respond(|_| status(503, "busy"));
    let error = block_on(client.register("orders", None, plain())).unwrap_err();
    let order: Vec<_> = client
        .host()
        .take_requests()
        .iter()
        .map(|r| host_of(r).to_string())
        .collect();
    assert_eq!(order, ["b:2", "c:3", "a:1"]);
    assert_eq!(
        (error.code, error.status),
        (ErrorCode::ServerError, Some(503))
    );
    assert!(error
        .message
        .ends_with("after all servers([a:1, b:2, c:3]) tried: HTTP 503: busy"));
}

#[test]
fn a_dead_server_costs_one_failure_then_waits_out_its_cool_down() {
    let client = client(json!({"serverList": ["a:1", "b:2", "c:3"], "serverCooldownMs": 10000}));
    client.host().respond(|request| {
        if request.url.contains("//a:1/") {
            Err(TransportError::Timeout)
        } else {
            ok("ok")
        }
    });
    block_on(client.register("orders", None, plain())).unwrap();
    assert_eq!(
        client.host().take_requests().len(),
        2,
        "a failed, b answered"
    );
    for _ in 0..5 {
        block_on(client.register("orders", None, plain())).unwrap();
        let requests = client.host().take_requests();
        assert_eq!(requests.len(), 1);
        assert_ne!(host_of(&requests[0]), "a:1");
    }
    assert_eq!(client.host().event_types(), ["server-down"]);
    assert!(!client.server_states()[0].up);
    // After the cool-down the random start may pick it again; when it answers it is up.
    client.host().now.set(client.host().now.get() + 10_001);
    client.host().respond(|_| ok("ok"));
    block_on(client.register("orders", None, plain())).unwrap();
    assert_eq!(host_of(&client.host().take_requests()[0]), "a:1");
    assert_eq!(client.host().event_types(), ["server-down", "server-up"]);
}

#[test]
fn client_errors_try_the_next_server_without_a_cool_down() {
    let client = client(json!({"serverList": ["a:1", "b:2"]}));
    client.host().respond(|request| {
        if request.url.contains("//a:1/") {
            status(400, "bad")
        } else {
            ok("ok")
        }
    });
    block_on(client.register("orders", None, plain())).unwrap();
    assert_eq!(client.host().take_requests().len(), 2);
    assert!(client.server_states()[0].up);
    assert!(client.host().event_types().is_empty());
}

#[test]
fn not_modified_counts_as_success() {
    let client = client(json!({"serverList": "h"}));
    client.host().respond(|_| status(304, "ignored"));
    block_on(client.register("orders", None, plain())).unwrap();
}

#[test]
fn registering_again_replaces_the_task_and_deregister_removes_it() {
    let client = client(json!({"serverList": "h"}));
    block_on(client.register("orders", None, plain())).unwrap();
    let first = client.registry.borrow()[KEY]
        .beat
        .as_ref()
        .unwrap()
        .generation;
    let input = instance(json!({"ip": "10.0.0.1", "port": 8080,
        "metadata": {"preserved.heart.beat.interval": "2000"}}));
    block_on(client.register("orders", None, input)).unwrap();
    let second = client.registry.borrow()[KEY]
        .beat
        .as_ref()
        .unwrap()
        .generation;
    assert_ne!(first, second);
    assert_eq!(client.beating_instances().len(), 1);
    assert_eq!(beat_due_in(&client, KEY).unwrap(), 2000);
    block_on(client.deregister("orders", None, plain())).unwrap();
    assert!(client.host().armed.borrow().is_empty());
    assert!(client.beating_instances().is_empty());
    assert_eq!(
        client.host().take_requests().last().unwrap().method,
        Method::Delete
    );
    assert_eq!(
        block_on(client.run_beat(KEY)),
        None,
        "a removed task does not beat"
    );
}

#[test]
fn close_stops_everything_and_can_deregister() {
    let client = client(json!({"serverList": "h"}));
    block_on(client.register("orders", None, plain())).unwrap();
    let persistent = instance(json!({"ip": "10.0.0.2", "port": 1, "ephemeral": false}));
    block_on(client.register("orders", None, persistent)).unwrap();
    client.host().take_requests();
    block_on(client.close(true)).unwrap();
    let requests = client.host().take_requests();
    assert_eq!(
        requests
            .iter()
            .filter(|r| r.method == Method::Delete)
            .count(),
        2
    );
    assert!(client.host().armed.borrow().is_empty());
    assert_eq!(client.host().shut_downs.get(), 1);
    let error = block_on(client.register("orders", None, plain())).unwrap_err();
    assert_eq!((error.code, error.err_code), (ErrorCode::Closed, -401));
    assert!(client.host().take_requests().is_empty());
    assert_eq!(block_on(client.run_beat(KEY)), None);
    block_on(client.close(false)).unwrap();
}

#[test]
fn close_reports_a_failed_deregistration() {
    let client = client(json!({"serverList": "h", "maxRetry": 1}));
    block_on(client.register("orders", None, plain())).unwrap();
    client.host().respond(|_| status(500, "down"));
    let error = block_on(client.close(true)).unwrap_err();
    assert_eq!(error.code, ErrorCode::ServerError);
    assert!(client.is_closed());
}

#[test]
fn a_request_too_large_for_any_server_is_rejected_unsent() {
    let client = client(json!({"serverList": "127.0.0.1:8848"}));
    let huge = "x".repeat(crate::core::request::MAX_QUERY_BYTES);
    let input = instance(json!({"ip": "10.0.0.1", "port": 8080, "metadata": {"big": huge}}));
    let error = block_on(client.register("orders", None, input)).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidParam);
    assert!(error.message.contains("too large"), "{}", error.message);
    assert!(client.host().take_requests().is_empty());
    assert!(client.beating_instances().is_empty());
}
