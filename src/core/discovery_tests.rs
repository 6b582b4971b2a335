//! Native tests of discovery over the fake host: reads, the cache, subscriptions and their polling.

use crate::core::discovery::Target;
use crate::core::error::ErrorCode;
use crate::core::fake_host::{block_on, client, ok, query_param, to_value};
use crate::core::host::{TimerKey, TransportError};
use crate::core::service_replies::ServerStatus;
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;

fn list_reply(hosts: &[(&str, u16, f64, bool)]) -> String {
    let hosts: Vec<_> = hosts
        .iter()
        .map(|(ip, port, weight, healthy)| {
            json!({"ip": ip, "port": port, "weight": weight, "healthy": healthy, "enabled": true,
                "ephemeral": true, "clusterName": "DEFAULT", "serviceName": "DEFAULT_GROUP@@orders",
                "metadata": {"k": "v"}, "instanceId": format!("{ip}#{port}")})
        })
        .collect();
    json!({"name": "DEFAULT_GROUP@@orders", "groupName": "DEFAULT_GROUP", "clusters": "",
        "cacheMillis": 3000, "hosts": hosts, "lastRefTime": 1, "checksum": "x", "allIPs": false})
    .to_string()
}

fn target() -> Target {
    Target::parse("orders", None, []).unwrap()
}

/// A server whose list reply can be changed between polls.
fn serve(
    client: &crate::core::client::NamingCore<crate::core::fake_host::FakeHost>,
) -> Rc<RefCell<Result<String, ()>>> {
    let reply = Rc::new(RefCell::new(Ok(list_reply(&[("10.0.0.1", 80, 1.0, true)]))));
    let shared = reply.clone();
    client.host().respond(move |_| match &*shared.borrow() {
        Ok(body) => ok(body),
        Err(()) => Err(TransportError::Network("refused".into())),
    });
    reply
}

#[test]
fn reads_ask_for_every_instance_and_parse_them() {
    let client = client(json!({"serverList": "h", "namespace": "dev"}));
    serve(&client);
    let target = Target::parse("orders", Some("shop"), ["b", "DEFAULT"]).unwrap();
    let info = block_on(client.service_info(&target, false)).unwrap();
    assert_eq!(info.hosts.len(), 1);
    assert_eq!(info.hosts[0].metadata["k"], "v");
    let request = client.host().take_requests().remove(0);
    assert!(request.url.contains("/nacos/v1/ns/instance/list?"));
    assert_eq!(query_param(&request.url, "healthyOnly").unwrap(), "false");
    assert_eq!(
        query_param(&request.url, "serviceName").unwrap(),
        "shop@@orders"
    );
    assert_eq!(query_param(&request.url, "clusters").unwrap(), "DEFAULT,b");
    assert_eq!(query_param(&request.url, "namespaceId").unwrap(), "dev");
    assert!(
        client.host().armed.borrow().is_empty(),
        "a plain read does not subscribe"
    );
}

#[test]
fn selecting_filters_and_chooses_by_weight() {
    let client = client(json!({"serverList": "h"}));
    let reply = serve(&client);
    *reply.borrow_mut() = Ok(list_reply(&[
        ("a", 1, 1.0, true),
        ("b", 2, 3.0, true),
        ("c", 3, 5.0, false),
        ("d", 4, 0.0, true),
    ]));
    let healthy = block_on(client.select_instances(&target(), true, false)).unwrap();
    assert_eq!(
        healthy.iter().map(|h| h.ip.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    let unhealthy = block_on(client.select_instances(&target(), false, false)).unwrap();
    assert_eq!(unhealthy[0].ip, "c");
    client.host().random.set(0.2);
    assert_eq!(
        block_on(client.select_one_healthy(&target(), false))
            .unwrap()
            .ip,
        "a"
    );
    client.host().random.set(0.3);
    assert_eq!(
        block_on(client.select_one_healthy(&target(), false))
            .unwrap()
            .ip,
        "b"
    );
    *reply.borrow_mut() = Ok(list_reply(&[("c", 3, 5.0, false)]));
    let error = block_on(client.select_one_healthy(&target(), false)).unwrap_err();
    assert_eq!(
        (error.code, error.err_code),
        (ErrorCode::NoHealthyInstance, -404)
    );
}

#[test]
fn a_subscription_delivers_changes_only_and_polls_at_cache_millis() {
    let client = client(json!({"serverList": "h"}));
    let reply = serve(&client);
    client.host().listeners.borrow_mut().insert(target().key, 1);
    assert_eq!(block_on(client.subscribe(&target())).unwrap(), None);
    assert_eq!(
        client.host().deliveries.borrow().len(),
        1,
        "first list delivered"
    );
    let poll = TimerKey::Poll(target().key);
    assert_eq!(client.host().armed.borrow()[&poll], 3000);
    block_on(client.run_poll(&target().key));
    assert_eq!(
        client.host().deliveries.borrow().len(),
        1,
        "same hosts: no call"
    );
    *reply.borrow_mut() = Ok(list_reply(&[
        ("10.0.0.1", 80, 1.0, true),
        ("10.0.0.2", 80, 1.0, true),
    ]));
    block_on(client.run_poll(&target().key));
    let deliveries = client.host().deliveries.borrow();
    assert_eq!(deliveries.len(), 2);
    assert_eq!(deliveries[1].1.hosts.len(), 2);
    assert!(client
        .host()
        .event_types()
        .contains(&"service-changed".to_string()));
}

#[test]
fn an_outage_backs_off_and_reads_come_from_the_cache() {
    let client = client(json!({"serverList": "h", "maxRetry": 1}));
    let reply = serve(&client);
    client.host().listeners.borrow_mut().insert(target().key, 1);
    block_on(client.subscribe(&target())).unwrap();
    *reply.borrow_mut() = Err(());
    block_on(client.run_poll(&target().key));
    block_on(client.run_poll(&target().key));
    let poll = TimerKey::Poll(target().key);
    assert_eq!(
        client.host().armed.borrow()[&poll],
        12_000,
        "3 s doubled twice"
    );
    let events = client.host().events.borrow().clone();
    let failed = to_value(events.last().unwrap());
    assert_eq!(failed["type"], "poll-failed");
    assert_eq!(failed["servingCache"], true);
    client.host().take_requests();
    let hosts = block_on(client.service_info(&target(), false))
        .unwrap()
        .hosts;
    assert_eq!(hosts.len(), 1, "answered from the cache");
    assert!(
        client.host().take_requests().is_empty(),
        "without asking a server"
    );
    *reply.borrow_mut() = Ok(list_reply(&[("10.0.0.1", 80, 1.0, true)]));
    block_on(client.run_poll(&target().key));
    assert_eq!(client.host().armed.borrow()[&poll], 3000, "back to normal");
}

#[test]
fn a_second_listener_gets_the_cached_list_and_release_stops_polling() {
    let client = client(json!({"serverList": "h"}));
    serve(&client);
    client.host().listeners.borrow_mut().insert(target().key, 1);
    block_on(client.subscribe(&target())).unwrap();
    let cached = block_on(client.subscribe(&target())).unwrap().unwrap();
    assert_eq!(cached.hosts.len(), 1);
    client.release(&target().key, false);
    assert!(
        client
            .host()
            .armed
            .borrow()
            .contains_key(&TimerKey::Poll(target().key)),
        "a listener is left"
    );
    client.host().listeners.borrow_mut().clear();
    client.release(&target().key, false);
    assert!(client.host().armed.borrow().is_empty());
    client.host().take_requests();
    block_on(client.run_poll(&target().key));
    assert!(
        client.host().take_requests().is_empty(),
        "no polls after the last listener left"
    );
}

#[test]
fn subscribe_true_reads_keep_the_service_cached_until_released() {
    let client = client(json!({"serverList": "h", "pollIntervalMs": 2000}));
    serve(&client);
    block_on(client.service_info(&target(), true)).unwrap();
    assert_eq!(
        client.host().armed.borrow()[&TimerKey::Poll(target().key)],
        2000
    );
    client.host().take_requests();
    block_on(client.service_info(&target(), false)).unwrap();
    assert!(client.host().take_requests().is_empty(), "cached");
    client.release(&target().key, true);
    assert!(client.host().armed.borrow().is_empty());
}

#[test]
fn server_status_is_up_or_down() {
    let client = client(json!({"serverList": "h", "maxRetry": 1}));
    client
        .host()
        .respond(|_| ok(r#"{"status":"UP","load":0.1}"#));
    assert_eq!(block_on(client.server_status()).unwrap(), ServerStatus::Up);
    client.host().respond(|_| Err(TransportError::Timeout));
    assert_eq!(
        block_on(client.server_status()).unwrap(),
        ServerStatus::Down
    );
}

#[test]
fn close_ends_subscriptions() {
    let client = client(json!({"serverList": "h"}));
    serve(&client);
    client.host().listeners.borrow_mut().insert(target().key, 1);
    block_on(client.subscribe(&target())).unwrap();
    block_on(client.close(false)).unwrap();
    client.host().take_requests();
    block_on(client.run_poll(&target().key));
    assert!(client.host().take_requests().is_empty());
    let error = block_on(client.service_info(&target(), false)).unwrap_err();
    assert_eq!(error.code, ErrorCode::Closed);
}

#[test]
fn clusters_are_filtered_on_the_client_too() {
    let client = client(json!({"serverList": "h"}));
    let body = json!({"name": "DEFAULT_GROUP@@orders", "cacheMillis": 3000, "hosts": [
        {"ip": "a", "port": 1, "clusterName": "DEFAULT"},
        {"ip": "b", "port": 2, "clusterName": "west"}]})
    .to_string();
    client.host().respond(move |_| ok(&body));
    let west = Target::parse("orders", None, ["west"]).unwrap();
    let hosts = block_on(client.service_info(&west, false)).unwrap().hosts;
    assert_eq!(
        hosts.iter().map(|h| h.ip.as_str()).collect::<Vec<_>>(),
        ["b"]
    );
    assert_eq!(
        block_on(client.service_info(&target(), false))
            .unwrap()
            .hosts
            .len(),
        2
    );
}
