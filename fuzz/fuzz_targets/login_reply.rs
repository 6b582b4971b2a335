//! Fuzzes the login reply parser: a server's `tokenTtl` (any size) and the clock must never overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nacos_wasm::core::auth::parse_login_reply;

fuzz_target!(|data: &[u8]| {
    // The first 8 bytes are the clock (ms since the epoch, any value); the rest is the body.
    let (now_ms, body) = if data.len() >= 8 {
        let (clock, rest) = data.split_at(8);
        (u64::from_le_bytes(clock.try_into().unwrap()), rest)
    } else {
        (1_700_000_000_000, data)
    };
    let body = String::from_utf8_lossy(body);
    if let Ok(token) = parse_login_reply(&body, now_ms) {
        assert!(!token.value.is_empty());
        // A token is renewed after it was received, never before (which would log in on every call).
        assert!(token.refresh_at_ms >= now_ms);
    }
});
