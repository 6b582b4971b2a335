//! Fuzzes the instance-list reply parser and what reads do with its result: the weighted pick and
//! the healthy filter, and the conversion to the plain object JavaScript receives.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nacos_wasm::core::json::ToJson;
use nacos_wasm::core::balancer::{select_instances, select_one_healthy};
use nacos_wasm::core::service_info::ServiceInfo;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the "random" number of the weighted pick; the rest is the body.
    let (random, body) = match data.split_first() {
        Some((first, rest)) => (f64::from(*first) / 256.0, rest),
        None => (0.0, data),
    };
    let body = String::from_utf8_lossy(body);
    let Ok(info) = ServiceInfo::parse(&body) else {
        return;
    };
    if let Ok(host) = select_one_healthy(&info, random) {
        assert!(host.healthy && host.enabled);
    }
    let _ = select_instances(&info.hosts, true);
    let _ = select_instances(&info.hosts, false);
    let _ = info.grouped_name();
    // The api layer serializes this for JavaScript; NaN or huge weights must not break it.
    let _ = info.to_json();
});
