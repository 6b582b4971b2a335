//! Server entries: `host`, `host:port`, `[v6]:port` or a full `http(s)://` URL, checked and turned into base URLs.

use crate::core::error::{java_code, quote, ErrorCode, NacosError};
use crate::core::substring;

pub const DEFAULT_PORT: u16 = 8848;

/// One Nacos server: how the caller wrote it (for messages) and the URL prefix requests go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAddr {
    /// The entry as given, trimmed: shown in errors and events.
    pub display: String,
    /// `scheme://host:port[/path]` with no trailing slash; the API path (`/nacos/v1/...`) follows.
    pub base_url: String,
}

/// Splits a list written `a:8848,b;c` and checks every entry. Duplicates are dropped.
pub fn parse_server_list<'a>(
    entries: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<ServerAddr>, NacosError> {
    let mut servers: Vec<ServerAddr> = Vec::new();
    for part in entries
        .into_iter()
        .flat_map(|entry| entry.split([',', ';']))
    {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let server = parse_server(part)?;
        if !servers.iter().any(|s| s.base_url == server.base_url) {
            servers.push(server);
        }
    }
    if servers.is_empty() {
        return Err(NacosError::new(
            ErrorCode::NoServerAvailable,
            java_code::INVALID_PARAM,
            "no server available: serverList is empty",
        ));
    }
    Ok(servers)
}

/// Checks one trimmed entry.
pub fn parse_server(entry: &str) -> Result<ServerAddr, NacosError> {
    let bad =
        |why: &str| NacosError::invalid(format!("server entry {} is invalid: {why}", quote(entry)));
    if entry.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("it contains spaces or control characters"));
    }
    let lower = entry.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let scheme_len = if lower.starts_with("http://") { 7 } else { 8 };
        let rest = entry
            .get(scheme_len..)
            .unwrap_or_default()
            .trim_end_matches('/');
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if rest.contains(['?', '#']) {
            return Err(bad("a server URL cannot carry a query or fragment"));
        }
        check_authority(authority).map_err(|why| bad(&why))?;
        return Ok(ServerAddr {
            display: entry.to_string(),
            base_url: format!("{}{rest}", lower.get(..scheme_len).unwrap_or_default()),
        });
    }
    if substring::contains(entry, "://") {
        return Err(bad("only http:// and https:// URLs are supported"));
    }
    if entry.contains(['/', '?', '#', '@']) {
        return Err(bad("use host:port, or a full http(s):// URL"));
    }
    let (host, port) = check_authority(entry).map_err(|why| bad(&why))?;
    Ok(ServerAddr {
        display: entry.to_string(),
        base_url: format!("http://{host}:{}", port.unwrap_or(DEFAULT_PORT)),
    })
}

/// Splits `host[:port]` and checks both; IPv6 hosts must be bracketed.
fn check_authority(authority: &str) -> Result<(&str, Option<u16>), String> {
    if authority.contains('@') {
        return Err("credentials do not belong in a server URL".into());
    }
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let (v6, after) = inner
            .split_once(']')
            .ok_or("an IPv6 address needs a closing ']'")?;
        if v6.is_empty()
            || !v6
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err(format!("{} is not an IPv6 address", quote(v6)));
        }
        let port = match after {
            "" => None,
            _ => Some(
                after
                    .strip_prefix(':')
                    .ok_or("expected ':port' after ']'")?,
            ),
        };
        (authority.get(..v6.len() + 2).unwrap_or_default(), port)
    } else {
        match authority.split_once(':') {
            Some((_, port)) if port.contains(':') => {
                return Err("write IPv6 addresses in brackets, like [::1]:8848".into())
            }
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err("the host is empty".into());
    }
    if !host.starts_with('[')
        && !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        return Err(format!("{} is not a host name or address", quote(host)));
    }
    let port = match port {
        None => None,
        Some(text) => match text.parse::<u16>() {
            Ok(port) if port > 0 && text.bytes().all(|b| b.is_ascii_digit()) => Some(port),
            _ => {
                return Err(format!(
                    "port {} is not a number from 1 to 65535",
                    quote(text)
                ))
            }
        },
    };
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(entry: &str) -> String {
        parse_server(entry).unwrap().base_url
    }

    #[test]
    fn entries_become_base_urls() {
        assert_eq!(base("127.0.0.1:8848"), "http://127.0.0.1:8848");
        assert_eq!(base("nacos.local"), "http://nacos.local:8848");
        assert_eq!(base("[::1]:9000"), "http://[::1]:9000");
        assert_eq!(base("[::1]"), "http://[::1]:8848");
        assert_eq!(base("https://n.example:443/"), "https://n.example:443");
        assert_eq!(base("HTTP://h:1/gateway"), "http://h:1/gateway");
    }

    #[test]
    fn lists_split_trim_and_dedupe() {
        let servers = parse_server_list([" a:1 , b;a:1", "c"]).unwrap();
        let shown: Vec<_> = servers.iter().map(|s| s.display.as_str()).collect();
        assert_eq!(shown, ["a:1", "b", "c"]);
        let empty = parse_server_list([" , ;"]).unwrap_err();
        assert_eq!(empty.code, ErrorCode::NoServerAvailable);
        assert_eq!(empty.err_code, 400);
    }

    #[test]
    fn bad_entries_are_rejected() {
        for entry in [
            "h:0",
            "h:65536",
            "h:x",
            "h:",
            ":80",
            "::1",
            "::1:8848",
            "[::1",
            "[zz]:1",
            "ftp://h",
            "h/p",
            "a b",
            "http://",
            "http://u:p@h",
            "u@h",
            "h:+80",
            "http://h?x=1",
            "[::1]x",
        ] {
            assert!(parse_server(entry).is_err(), "{entry}");
        }
    }
}
