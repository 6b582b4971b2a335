//! Fuzzes server-address parsing (the `serverList` option): any text is a list of base URLs or a
//! NacosError, and every accepted entry parses again to the same thing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nacos_wasm::core::server_addr::{parse_server, parse_server_list};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Lines stand for the entries of an array; each entry may itself be a `,`/`;` list.
    let Ok(servers) = parse_server_list(text.split('\n')) else {
        return;
    };
    assert!(!servers.is_empty());
    for server in &servers {
        assert!(
            server.base_url.starts_with("http://") || server.base_url.starts_with("https://"),
            "{server:?}"
        );
        assert!(!server.base_url.ends_with('/'), "{server:?}");
        assert_eq!(parse_server(&server.display).as_ref(), Ok(server));
    }
});
