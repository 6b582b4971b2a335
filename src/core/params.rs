//! Request parameters for the naming calls, built as the Java client builds them, and their encoding.

use crate::core::instance::Instance;
use crate::core::json::{ObjectWriter, ToJson};
use crate::core::number::java_double;
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
        ("metadata", instance.metadata.to_json()),
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
        ("metadata", instance.metadata.to_json()),
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
}
