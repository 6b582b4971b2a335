//! Fuzzes the smaller discovery replies: service detail, a page of service names, server status.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nacos_wasm::core::json::ToJson;
use nacos_wasm::core::service_replies::{ServerStatus, ServiceDetail, ServiceList};

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    if let Ok(detail) = ServiceDetail::parse(&body) {
        let _ = detail.to_json();
    }
    if let Ok(list) = ServiceList::parse(&body) {
        let _ = list.to_json();
    }
    let _ = ServerStatus::parse(&body).as_str();
});
