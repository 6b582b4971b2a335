//! Fuzzes our JSON parser and writer: any text parses or errs without a panic, and what parses
//! survives a round trip through the writer unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nacos_wasm::core::json::{parse, ToJson};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(value) = parse(&text) {
        let written = value.to_json();
        let again = parse(&written).expect("our writer wrote JSON our parser rejects");
        assert_eq!(again.to_json(), written, "a round trip changed the value");
    }
});
