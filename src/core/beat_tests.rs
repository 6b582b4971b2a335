//! Native tests of the beats over the fake host: Java's beat rules, the one-timer schedule, cadence,
//! recovery after failures, and `sendBeats()`.

use crate::core::beat_queue::MAX_BEATS_IN_FLIGHT;
use crate::core::beats::next_due_at;
use crate::core::client::NamingCore;
use crate::core::client_tests::{beat_due_in, instance, plain, KEY};
use crate::core::error::ErrorCode;
use crate::core::fake_host::{block_on, client, ok, query_param, to_value, FakeHost};
use crate::core::host::{TimerKey, TransportError};
use crate::core::params::Method;
use serde_json::json;

/// Registers an instance at 10.0.0.1 on each port, the clock moving on `step_ms` after each.
fn register_ports(
    client: &NamingCore<FakeHost>,
    ports: impl IntoIterator<Item = u16>,
    step_ms: u64,
) {
    for port in ports {
        let input = instance(json!({"ip": "10.0.0.1", "port": port}));
        block_on(client.register("orders", None, input)).unwrap();
        client.host().now.set(client.host().now.get() + step_ms);
    }
}

#[test]
fn beats_follow_the_servers_interval_and_light_beat_flag() {
    let client = client(json!({"serverList": "h"}));
    block_on(client.register("orders", None, plain())).unwrap();
    client.host().take_requests();
    client
        .host()
        .respond(|_| ok(r#"{"clientBeatInterval":7000,"code":10200,"lightBeatEnabled":true}"#));
    assert_eq!(block_on(client.run_beat(KEY)), Some(true));
    let beat = client.host().take_requests().remove(0);
    assert_eq!(
        (
            beat.method,
            beat.url.contains("/nacos/v1/ns/instance/beat?")
        ),
        (Method::Put, true)
    );
    assert_eq!(
        query_param(&beat.url, "serviceName").unwrap(),
        "DEFAULT_GROUP@@orders"
    );
    let body = beat.body.unwrap();
    assert!(body.starts_with("beat=%7B%22port%22%3A8080"), "{body}");
    assert_eq!(beat_due_in(&client, KEY).unwrap(), 7000);
    // The server allowed light beats: the next one has no body.
    block_on(client.run_beat(KEY));
    assert_eq!(client.host().take_requests()[0].body, None);
    assert_eq!(client.host().event_types(), ["beat", "beat"]);
    let row = &client.beating_instances()[0];
    assert_eq!((row.period_ms, row.light_beat), (7000, true));
}

#[test]
fn code_20404_registers_again_with_the_full_instance() {
    let client = client(json!({"serverList": "h"}));
    let input =
        instance(json!({"ip": "10.0.0.1", "port": 8080, "weight": 3, "metadata": {"v": "1"}}));
    block_on(client.register("orders", None, input)).unwrap();
    client.host().take_requests();
    client.host().respond(|request| {
        if request.method == Method::Put {
            ok(r#"{"code":20404}"#)
        } else {
            ok("ok")
        }
    });
    assert_eq!(block_on(client.run_beat(KEY)), Some(true));
    let requests = client.host().take_requests();
    assert_eq!(
        requests.iter().map(|r| r.method).collect::<Vec<_>>(),
        [Method::Put, Method::Post]
    );
    assert_eq!(query_param(&requests[1].url, "weight").unwrap(), "3.0");
    assert_eq!(
        query_param(&requests[1].url, "metadata").unwrap(),
        r#"{"v":"1"}"#
    );
    let events = client.host().events.borrow();
    let event = to_value(&events[0]);
    assert_eq!(
        (event["type"].as_str(), event["reason"].as_str()),
        (Some("reregister"), Some("not-found"))
    );
    assert_eq!(
        beat_due_in(&client, KEY).unwrap(),
        5000,
        "always rescheduled"
    );
}

#[test]
fn after_failed_beats_the_next_contact_registers_in_full() {
    let client = client(json!({"serverList": ["a:1", "b:2"]}));
    block_on(client.register("orders", None, plain())).unwrap();
    client.host().take_requests();
    client
        .host()
        .respond(|_| Err(TransportError::Network("refused".into())));
    assert_eq!(block_on(client.run_beat(KEY)), Some(false));
    assert_eq!(
        beat_due_in(&client, KEY).unwrap(),
        5000,
        "rescheduled after failure"
    );
    let failed = to_value(&client.host().events.borrow().last().cloned().unwrap());
    assert_eq!(failed["type"], "beat-failed");
    assert_eq!(failed["error"]["code"], "NETWORK_ERROR");
    client.host().take_requests();
    client.host().respond(|_| ok("ok"));
    assert_eq!(block_on(client.run_beat(KEY)), Some(true));
    let requests = client.host().take_requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].method,
        Method::Post,
        "a full registration, not a beat"
    );
    assert_eq!(client.host().event_types().last().unwrap(), "reregister");
    block_on(client.run_beat(KEY));
    assert_eq!(
        client.host().take_requests()[0].method,
        Method::Put,
        "then beats again"
    );
}

#[test]
fn garbage_beat_replies_are_failures_and_beats_go_on() {
    let client = client(json!({"serverList": "h"}));
    block_on(client.register("orders", None, plain())).unwrap();
    client.host().respond(|_| ok("<html>"));
    assert_eq!(block_on(client.run_beat(KEY)), Some(false));
    assert_eq!(beat_due_in(&client, KEY).unwrap(), 5000);
    let events = client.host().events.borrow();
    let failed = to_value(events.last().unwrap());
    assert_eq!(failed["error"]["code"], "INVALID_RESPONSE");
}

#[test]
fn update_changes_what_later_beats_carry() {
    let client = client(json!({"serverList": "h"}));
    block_on(client.register("orders", None, plain())).unwrap();
    let input = instance(json!({"ip": "10.0.0.1", "port": 8080, "weight": 4}));
    block_on(client.update("orders", None, input)).unwrap();
    client.host().take_requests();
    block_on(client.run_beat(KEY));
    let body = client.host().take_requests()[0].body.clone().unwrap();
    assert!(body.contains("%22weight%22%3A4.0"), "{body}");
}

#[test]
fn send_beats_beats_everything_and_reports_when_the_next_is_due() {
    let client = client(json!({"serverList": "h", "autoBeat": false}));
    assert_eq!(client.next_beat_delay_ms(), None);
    register_ports(&client, [1, 2, 3], 0);
    assert!(
        client.host().armed.borrow().is_empty(),
        "autoBeat off: no timers"
    );
    assert_eq!(client.next_beat_delay_ms(), Some(5000));
    client.host().now.set(client.host().now.get() + 6000);
    assert_eq!(client.next_beat_delay_ms(), Some(0));
    client.host().take_requests();
    client
        .host()
        .respond(|_| ok(r#"{"clientBeatInterval":5000,"code":10200}"#));
    let summary = block_on(client.send_beats()).unwrap();
    assert_eq!((summary.attempted, summary.succeeded), (3, 3));
    assert_eq!(client.host().take_requests().len(), 3);
    assert_eq!(client.next_beat_delay_ms(), Some(5000));
}

#[test]
fn one_timer_wakes_the_client_for_whichever_beats_are_due() {
    let client = client(json!({"serverList": "h"}));
    register_ports(&client, [1, 2, 3], 1000);
    let armed: Vec<TimerKey> = client.host().armed.borrow().keys().cloned().collect();
    assert_eq!(armed, [TimerKey::Beats], "one timer for three instances");
    assert_eq!(
        client.host().beats_armed(),
        Some(5000),
        "armed once, for the first due"
    );
    client.host().take_requests();
    client.host().now.set(client.host().now.get() + 3000);
    client
        .host()
        .respond(|_| ok(r#"{"clientBeatInterval":5000,"code":10200}"#));
    block_on(client.fire(TimerKey::Beats));
    let ports: Vec<String> = client
        .host()
        .take_requests()
        .iter()
        .map(|r| query_param(&r.url, "port").unwrap())
        .collect();
    assert_eq!(ports, ["1", "2"], "the two due beats, most overdue first");
    assert_eq!(
        client.host().beats_armed(),
        Some(1000),
        "re-armed for the third"
    );
    block_on(client.deregister(
        "orders",
        None,
        instance(json!({"ip": "10.0.0.1", "port": 3})),
    ))
    .unwrap();
    assert_eq!(
        client.host().beats_armed(),
        Some(1000),
        "still armed for the others"
    );
    for port in [1, 2] {
        let input = instance(json!({"ip": "10.0.0.1", "port": port}));
        block_on(client.deregister("orders", None, input)).unwrap();
    }
    assert_eq!(
        client.host().beats_armed(),
        None,
        "nothing left to beat, no timer"
    );
}

#[test]
fn due_beats_go_out_a_bounded_number_at_a_time() {
    let client = client(json!({"serverList": "h"}));
    register_ports(&client, 1..=(MAX_BEATS_IN_FLIGHT as u16 + 36), 0);
    client.host().take_requests();
    client.host().now.set(client.host().now.get() + 5000);
    client.host().slow_sends.set(true);
    client.host().most_sending.set(0);
    block_on(client.fire(TimerKey::Beats));
    assert_eq!(
        client.host().take_requests().len(),
        MAX_BEATS_IN_FLIGHT + 36,
        "every due beat sent"
    );
    assert_eq!(client.host().most_sending.get(), MAX_BEATS_IN_FLIGHT);
    assert_eq!(client.host().beats_armed(), Some(5000));
}

#[test]
fn workers_grow_when_beats_fall_due_faster_than_they_are_answered() {
    let client = client(json!({"serverList": "h"}));
    register_ports(&client, [1, 2, 3], 10);
    client.host().take_requests();
    client
        .host()
        .respond(|_| ok(r#"{"clientBeatInterval":5000,"code":10200}"#));
    client.host().now.set(client.host().now.get() + 5000 - 30);
    client.host().latency_ms.set(50);
    block_on(client.fire(TimerKey::Beats));
    assert_eq!(client.host().take_requests().len(), 3);
    // One beat was due when the timer fired; by its reply two more were: a second worker was asked for.
    assert_eq!(client.host().beats_armed(), Some(0));
}

#[test]
fn a_beat_sent_late_keeps_the_cadence_and_send_beats_starts_anew() {
    let client = client(json!({"serverList": "h"}));
    block_on(client.register("orders", None, plain())).unwrap();
    client
        .host()
        .respond(|_| ok(r#"{"clientBeatInterval":5000,"code":10200}"#));
    // The timer fired 800 ms late (a busy event loop): the next beat is due 5 s after the last was due.
    client.host().now.set(client.host().now.get() + 5800);
    block_on(client.fire(TimerKey::Beats));
    assert_eq!(beat_due_in(&client, KEY), Some(4200));
    // sendBeats() beats now, and the next is due a period from now.
    block_on(client.send_beats()).unwrap();
    assert_eq!(beat_due_in(&client, KEY), Some(5000));
}

#[test]
fn the_next_beat_is_due_a_period_after_the_last_was_due() {
    // A reply after 300 ms: due 5 s after the beat was due, not after the reply (Java).
    assert_eq!(next_due_at(5000, 10_000, 10_300, true), 15_000);
    // A beat that needed a failover (4 s): at least half a period from now.
    assert_eq!(next_due_at(5000, 10_000, 14_000, true), 16_500);
    // A failed beat: a period from now.
    assert_eq!(next_due_at(5000, 10_000, 14_000, false), 19_000);
}

#[test]
fn send_beats_in_flight_when_close_runs_rejects_closed() {
    let client = client(json!({"serverList": "h", "autoBeat": false}));
    block_on(client.register("orders", None, plain())).unwrap();
    client.host().slow_sends.set(true);
    let mut beats = std::pin::pin!(client.send_beats());
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let first = std::future::Future::poll(beats.as_mut(), &mut cx);
    assert!(first.is_pending(), "the beat is in flight");
    block_on(client.close(false)).unwrap();
    let error = block_on(beats).unwrap_err();
    assert_eq!((error.code, error.err_code), (ErrorCode::Closed, -401));
}

#[test]
fn a_server_answering_again_brings_every_failed_instance_back_at_once() {
    let key = |port: u16| format!("DEFAULT_GROUP@@orders#10.0.0.1#{port}");
    let client = client(json!({"serverList": ["a:1", "b:2"]}));
    register_ports(&client, [1, 2, 3], 1000);
    client
        .host()
        .respond(|_| Err(TransportError::Network("refused".into())));
    for port in [1, 2, 3] {
        block_on(client.run_beat(&key(port)));
    }
    client.host().take_requests();
    // The servers are back: the first instance's next contact re-registers it, and the other two
    // follow at once instead of a period after their own failed beats.
    client.host().respond(|_| ok("ok"));
    block_on(client.run_beat(&key(1)));
    assert_eq!(
        client.host().beats_armed(),
        Some(0),
        "the others are due now"
    );
    for port in [2, 3] {
        assert_eq!(beat_due_in(&client, &key(port)), Some(0), "port {port}");
    }
    block_on(client.fire(TimerKey::Beats));
    let requests = client.host().take_requests();
    assert_eq!(requests.len(), 3);
    assert!(
        requests.iter().all(|r| r.method == Method::Post),
        "full registrations"
    );
    assert_eq!(beat_due_in(&client, &key(2)), Some(5000));
}
