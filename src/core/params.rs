//! Request parameters for the naming calls, built as the Java client builds them, and their encoding.

use crate::core::instance::Instance;
use crate::core::json::{ObjectWriter, ToJson};
use crate::core::service_name::ServiceName;
use crate::core::string_map::StringMap;

pub const API_INSTANCE: &str = "/nacos/v1/ns/instance";
pub const API_BEAT: &str = "/nacos/v1/ns/instance/beat";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Ordered name/value pairs, as Java's parameter maps carry them.
pub type Params = Vec<(&'static str, String)>;

/// One Open API call, before a server is chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiCall {
    pub method: Method,
    pub api: &'static str,
    /// Sent in the query string (Java puts every naming parameter there).
    pub query: Params,
    /// Sent as an `application/x-www-form-urlencoded` body; only the beat has one.
    pub form: Params,
}

/// `NamingProxy.registerService`, plus `enabled` (read by r-nacos and Nacos 2.x) beside Java's `enable`.
pub fn register(namespace: &str, name: &ServiceName, instance: &Instance) -> ApiCall {
    let query = vec![
        ("namespaceId", namespace.to_string()),
        ("serviceName", name.grouped()),
        ("groupName", name.group.clone()),
        ("clusterName", instance.cluster_name.clone()),
        ("ip", instance.ip.clone()),
        ("port", instance.port.to_string()),
        ("weight", java_double(instance.weight)),
        ("enable", instance.enabled.to_string()),
        ("enabled", instance.enabled.to_string()),
        ("healthy", instance.healthy.to_string()),
        ("ephemeral", instance.ephemeral.to_string()),
        ("metadata", metadata_json(&instance.metadata)),
    ];
    call(Method::Post, API_INSTANCE, query)
}

/// `NamingProxy.deregisterService`.
pub fn deregister(namespace: &str, name: &ServiceName, instance: &Instance) -> ApiCall {
    let query = vec![
        ("namespaceId", namespace.to_string()),
        ("serviceName", name.grouped()),
        ("clusterName", instance.cluster_name.clone()),
        ("ip", instance.ip.clone()),
        ("port", instance.port.to_string()),
        ("ephemeral", instance.ephemeral.to_string()),
    ];
    call(Method::Delete, API_INSTANCE, query)
}

/// `NamingProxy.updateInstance`.
pub fn update(namespace: &str, name: &ServiceName, instance: &Instance) -> ApiCall {
    let query = vec![
        ("namespaceId", namespace.to_string()),
        ("serviceName", name.grouped()),
        ("groupName", name.group.clone()),
        ("clusterName", instance.cluster_name.clone()),
        ("ip", instance.ip.clone()),
        ("port", instance.port.to_string()),
        ("weight", java_double(instance.weight)),
        ("enabled", instance.enabled.to_string()),
        ("ephemeral", instance.ephemeral.to_string()),
        ("metadata", metadata_json(&instance.metadata)),
    ];
    call(Method::Put, API_INSTANCE, query)
}

/// `NamingProxy.sendBeat`: the `BeatInfo` travels in the form body unless the server allows light beats.
pub fn beat(namespace: &str, beat_info: &BeatInfo, light: bool) -> ApiCall {
    let query = vec![
        ("namespaceId", namespace.to_string()),
        ("serviceName", beat_info.service_name.clone()),
        ("clusterName", beat_info.cluster.clone()),
        ("ip", beat_info.ip.clone()),
        ("port", beat_info.port.to_string()),
    ];
    let mut call = call(Method::Put, API_BEAT, query);
    if !light {
        call.form.push(("beat", beat_info.to_json()));
    }
    call
}

pub(crate) fn call(method: Method, api: &'static str, query: Params) -> ApiCall {
    ApiCall {
        method,
        api,
        query,
        form: Vec::new(),
    }
}

/// Java's `BeatInfo`, serialised as Jackson does (field order as declared there).
#[derive(Debug, Clone, PartialEq)]
pub struct BeatInfo {
    pub port: u16,
    pub ip: String,
    pub weight: f64,
    pub service_name: String,
    pub cluster: String,
    pub metadata: StringMap,
    pub scheduled: bool,
    pub period: u64,
    pub stopped: bool,
}

impl BeatInfo {
    /// `BeatReactor.buildBeatInfo`.
    pub fn new(name: &ServiceName, instance: &Instance) -> BeatInfo {
        BeatInfo {
            port: instance.port,
            ip: instance.ip.clone(),
            weight: instance.weight,
            service_name: name.grouped(),
            cluster: instance.cluster_name.clone(),
            metadata: instance.metadata.clone(),
            scheduled: false,
            period: instance.beat_interval_ms(),
            stopped: false,
        }
    }
}

impl ToJson for BeatInfo {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("port", &self.port)
            .field("ip", &self.ip)
            .field("weight", &self.weight)
            .field("serviceName", &self.service_name)
            .field("cluster", &self.cluster)
            .field("metadata", &self.metadata)
            .field("scheduled", &self.scheduled)
            .field("period", &self.period)
            .field("stopped", &self.stopped)
            .finish();
    }
}

fn metadata_json(metadata: &StringMap) -> String {
    metadata.to_json()
}

pub use crate::core::number::java_double;

/// Percent-encodes everything but RFC 3986 unreserved characters, as UTF-8.
pub fn percent_encode(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Runs of unreserved (ASCII) bytes are copied whole; each run starts and ends at an ASCII
    // byte, so the cuts are character boundaries.
    let mut run = 0;
    for (index, byte) in text.bytes().enumerate() {
        if is_unreserved(byte) {
            continue;
        }
        out.push_str(text.get(run..index).unwrap_or_default());
        out.push('%');
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xF)]));
        run = index + 1;
    }
    out.push_str(text.get(run..).unwrap_or_default());
}

/// The length of `encode_pairs(pairs)`, without building it (every request is checked against
/// `MAX_QUERY_BYTES` before it is built).
pub fn encoded_len(pairs: &[(&'static str, String)]) -> usize {
    let text_len = |text: &str| {
        text.bytes()
            .map(|byte| if is_unreserved(byte) { 1 } else { 3 })
            .sum::<usize>()
    };
    let separators = pairs.len() * 2 - usize::from(!pairs.is_empty());
    pairs
        .iter()
        .map(|(name, value)| text_len(name) + text_len(value))
        .sum::<usize>()
        + separators
}

fn is_unreserved(byte: u8) -> bool {
    UNRESERVED[usize::from(byte)]
}

/// RFC 3986 unreserved bytes, by value: one lookup per byte of every URL the client builds.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~');
        byte += 1;
    }
    table
};

/// The length of the pairs before encoding, `=` and `&` included: encoding at most triples it.
pub fn raw_len(pairs: &[(&'static str, String)]) -> usize {
    pairs
        .iter()
        .map(|(name, value)| name.len() + value.len() + 2)
        .sum()
}

/// `a=1&b=2`, each name and value percent-encoded.
pub fn encode_pairs(pairs: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(raw_len(pairs) + 16);
    encode_pairs_into(&mut out, pairs);
    out
}

/// `encode_pairs`, appended to `out`.
pub fn encode_pairs_into(out: &mut String, pairs: &[(&'static str, String)]) {
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        percent_encode(name, out);
        out.push('=');
        percent_encode(value, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::instance::InstanceInput;

    fn instance(metadata: &[(&str, &str)]) -> Instance {
        Instance::from_input(InstanceInput {
            ip: Some("10.0.0.1".into()),
            port: Some(8080.0),
            metadata: Some(
                metadata
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.to_string(),
                            crate::core::json::Value::String(v.to_string()),
                        )
                    })
                    .collect(),
            ),
            ..Default::default()
        })
        .unwrap()
    }

    fn names(call: &ApiCall) -> Vec<&str> {
        call.query.iter().map(|(name, _)| *name).collect()
    }

    fn value<'a>(call: &'a ApiCall, name: &str) -> &'a str {
        &call.query.iter().find(|(n, _)| *n == name).unwrap().1
    }

    #[test]
    fn register_params_are_javas_plus_enabled() {
        let name = ServiceName::parse("orders", Some("shop")).unwrap();
        let call = register("public", &name, &instance(&[("k", "v")]));
        assert_eq!(
            (call.method, call.api),
            (Method::Post, "/nacos/v1/ns/instance")
        );
        assert_eq!(
            names(&call),
            [
                "namespaceId",
                "serviceName",
                "groupName",
                "clusterName",
                "ip",
                "port",
                "weight",
                "enable",
                "enabled",
                "healthy",
                "ephemeral",
                "metadata"
            ]
        );
        assert_eq!(value(&call, "serviceName"), "shop@@orders");
        assert_eq!(value(&call, "groupName"), "shop");
        assert_eq!(value(&call, "weight"), "1.0");
        assert_eq!(value(&call, "metadata"), r#"{"k":"v"}"#);
        assert!(call.form.is_empty());
    }

    #[test]
    fn deregister_and_update_params_are_javas() {
        let name = ServiceName::parse("orders", None).unwrap();
        let call = deregister("ns", &name, &instance(&[]));
        assert_eq!(call.method, Method::Delete);
        assert_eq!(
            names(&call),
            [
                "namespaceId",
                "serviceName",
                "clusterName",
                "ip",
                "port",
                "ephemeral"
            ]
        );
        let call = update("ns", &name, &instance(&[]));
        assert_eq!(call.method, Method::Put);
        assert_eq!(
            names(&call),
            [
                "namespaceId",
                "serviceName",
                "groupName",
                "clusterName",
                "ip",
                "port",
                "weight",
                "enabled",
                "ephemeral",
                "metadata"
            ]
        );
    }

    #[test]
    fn beat_carries_beat_info_unless_light() {
        let name = ServiceName::parse("orders", None).unwrap();
        let info = BeatInfo::new(&name, &instance(&[]));
        let call = beat("public", &info, false);
        assert_eq!(
            (call.method, call.api),
            (Method::Put, "/nacos/v1/ns/instance/beat")
        );
        assert_eq!(
            names(&call),
            ["namespaceId", "serviceName", "clusterName", "ip", "port"]
        );
        assert_eq!(
            call.form,
            vec![(
                "beat",
                r#"{"port":8080,"ip":"10.0.0.1","weight":1.0,"serviceName":"DEFAULT_GROUP@@orders","cluster":"DEFAULT","metadata":{},"scheduled":false,"period":5000,"stopped":false}"#.to_string()
            )]
        );
        assert!(beat("public", &info, true).form.is_empty());
    }

    #[test]
    fn doubles_print_like_java() {
        assert_eq!(java_double(1.0), "1.0");
        assert_eq!(java_double(0.0), "0.0");
        assert_eq!(java_double(0.5), "0.5");
        assert_eq!(java_double(10000.0), "10000.0");
        assert_eq!(java_double(2.25), "2.25");
        assert_eq!(java_double(0.0001), "1.0E-4");
        assert_eq!(java_double(0.00015), "1.5E-4");
    }

    #[test]
    fn encoding_keeps_reserved_characters_intact() {
        let encoded = encode_pairs(&[("metadata", r#"{"a":"x&y=z% w中"}"#.to_string())]);
        assert_eq!(
            encoded,
            "metadata=%7B%22a%22%3A%22x%26y%3Dz%25%20w%E4%B8%AD%22%7D"
        );
    }

    #[test]
    fn encoded_len_is_the_length_of_the_encoding() {
        let cases: [&[(&'static str, String)]; 3] = [
            &[],
            &[("ip", "10.0.0.1".to_string())],
            &[
                ("serviceName", "DEFAULT_GROUP@@orders".to_string()),
                ("metadata", r#"{"a":"x&y=z% w中"}"#.to_string()),
                ("empty", String::new()),
            ],
        ];
        for pairs in cases {
            assert_eq!(encoded_len(pairs), encode_pairs(pairs).len(), "{pairs:?}");
        }
    }
}
