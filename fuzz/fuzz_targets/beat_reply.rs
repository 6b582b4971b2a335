//! Fuzzes the beat reply parser: any body a server (or a proxy in between) sends must parse or fail, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nacos_wasm::core::reply::{
    BeatReply, MAX_SERVER_BEAT_INTERVAL_MS, MIN_SERVER_BEAT_INTERVAL_MS,
};

fuzz_target!(|data: &[u8]| {
    // fetch's `text()` decodes lossily, so the client only ever sees valid UTF-8.
    let body = String::from_utf8_lossy(data);
    if let Ok(reply) = BeatReply::parse(&body) {
        // The next beat is scheduled from this: it must stay within bounds, whatever the server said.
        if let Some(ms) = reply.client_beat_interval_ms {
            assert!((MIN_SERVER_BEAT_INTERVAL_MS..=MAX_SERVER_BEAT_INTERVAL_MS).contains(&ms));
        }
        let _ = reply.instance_unknown();
    }
});
