//! The instance-list reply (`GET /nacos/v1/ns/instance/list`) read leniently into typed hosts.

use crate::core::error::NacosError;
use crate::core::instance::DEFAULT_CLUSTER;
use crate::core::json::{ObjectWriter, ToJson, Value};
use crate::core::lenient_json::{boolean, integer, number, parse_object, string_map, text};
use crate::core::service_name::{DEFAULT_GROUP, GROUP_SEPARATOR};
use crate::core::string_map::StringMap;
use crate::core::substring;

/// Java's `ServiceInfo.cacheMillis` default.
pub const DEFAULT_CACHE_MILLIS: i64 = 1_000;

/// A service's instances as one server saw them. Goes to JavaScript as a plain object.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceInfo {
    /// The service name without its group, even when the server sent `group@@service`.
    pub name: String,
    pub group_name: String,
    /// The comma-separated cluster filter the reply answers; empty means all clusters.
    pub clusters: String,
    pub cache_millis: i64,
    pub hosts: Vec<RemoteInstance>,
    pub last_ref_time: i64,
    pub checksum: String,
    pub all_ips: bool,
    pub reach_protection_threshold: bool,
}

/// One instance as the server reports it, with Java's `Instance` defaults for missing fields.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteInstance {
    /// Empty when the server sent none.
    pub instance_id: String,
    pub ip: String,
    pub port: u16,
    pub weight: f64,
    pub healthy: bool,
    pub enabled: bool,
    pub ephemeral: bool,
    pub cluster_name: String,
    /// As the server wrote it: grouped (`group@@service`) on Nacos and r-nacos.
    pub service_name: String,
    pub metadata: StringMap,
}

impl ServiceInfo {
    /// Reads a list reply. Hosts without an ip or a usable port are skipped, so one bad entry
    /// cannot hide the healthy rest of the list.
    pub fn parse(body: &str) -> Result<ServiceInfo, NacosError> {
        let object = parse_object(body, "instance list")?;
        let raw_name = text(object.get("name"))
            .or_else(|| text(object.get("dom")))
            .unwrap_or_default();
        let (embedded_group, name) = split_grouped(&raw_name);
        // An explicit groupName wins; Nacos 2.x sends both, r-nacos only the grouped name.
        let group_name = text(object.get("groupName"))
            .filter(|group| !group.is_empty())
            .or(embedded_group.map(str::to_string))
            .unwrap_or_else(|| DEFAULT_GROUP.to_string());
        let grouped = format!("{group_name}{GROUP_SEPARATOR}{name}");
        let hosts = match object.get("hosts") {
            Some(Value::Array(hosts)) => hosts
                .iter()
                .filter(|host| matches!(host, Value::Object(_)))
                .filter_map(|host| RemoteInstance::from_json(host, &grouped))
                .collect(),
            _ => Vec::new(),
        };
        Ok(ServiceInfo {
            name: name.to_string(),
            group_name,
            clusters: text(object.get("clusters")).unwrap_or_default(),
            cache_millis: integer(object.get("cacheMillis")).unwrap_or(DEFAULT_CACHE_MILLIS),
            hosts,
            last_ref_time: integer(object.get("lastRefTime")).unwrap_or(0),
            checksum: text(object.get("checksum")).unwrap_or_default(),
            // Java's getter `isAllIPs` makes Jackson write `allIPs`; some servers write `allIps`.
            all_ips: boolean(object.get("allIPs"))
                .or_else(|| boolean(object.get("allIps")))
                .unwrap_or(false),
            reach_protection_threshold: boolean(object.get("reachProtectionThreshold"))
                .unwrap_or(false),
        })
    }

    /// `group@@service`.
    pub fn grouped_name(&self) -> String {
        format!("{}{GROUP_SEPARATOR}{}", self.group_name, self.name)
    }
}

impl RemoteInstance {
    /// `None` for an entry no client could connect to: no ip, or no port in 0–65535.
    fn from_json(host: &Value, grouped_service: &str) -> Option<RemoteInstance> {
        let ip = text(host.get("ip")).filter(|ip| !ip.trim().is_empty())?;
        let port = integer(host.get("port")).and_then(|port| u16::try_from(port).ok())?;
        Some(RemoteInstance {
            instance_id: text(host.get("instanceId")).unwrap_or_default(),
            ip,
            port,
            weight: number(host.get("weight")).unwrap_or(1.0),
            healthy: boolean(host.get("healthy")).unwrap_or(true),
            enabled: boolean(host.get("enabled")).unwrap_or(true),
            ephemeral: boolean(host.get("ephemeral")).unwrap_or(true),
            cluster_name: text(host.get("clusterName"))
                .filter(|cluster| !cluster.is_empty())
                .unwrap_or_else(|| DEFAULT_CLUSTER.to_string()),
            service_name: text(host.get("serviceName"))
                .filter(|service| !service.is_empty())
                .unwrap_or_else(|| grouped_service.to_string()),
            metadata: string_map(host.get("metadata")),
        })
    }
}

/// camelCase, as Java's Jackson writes it (`allIps` as the field is named in Java).
impl ToJson for ServiceInfo {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("name", &self.name)
            .field("groupName", &self.group_name)
            .field("clusters", &self.clusters)
            .field("cacheMillis", &self.cache_millis)
            .field("hosts", &self.hosts)
            .field("lastRefTime", &self.last_ref_time)
            .field("checksum", &self.checksum)
            .field("allIps", &self.all_ips)
            .field("reachProtectionThreshold", &self.reach_protection_threshold)
            .finish();
    }
}

impl ToJson for RemoteInstance {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("instanceId", &self.instance_id)
            .field("ip", &self.ip)
            .field("port", &self.port)
            .field("weight", &self.weight)
            .field("healthy", &self.healthy)
            .field("enabled", &self.enabled)
            .field("ephemeral", &self.ephemeral)
            .field("clusterName", &self.cluster_name)
            .field("serviceName", &self.service_name)
            .field("metadata", &self.metadata)
            .finish();
    }
}

/// `("shop", "orders")` for `shop@@orders`; no group for a plain or empty-group name.
pub fn split_grouped(name: &str) -> (Option<&str>, &str) {
    match substring::split_once(name, GROUP_SEPARATOR) {
        Some((group, service)) if !group.is_empty() => (Some(group), service),
        Some((_, service)) => (None, service),
        None => (None, name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorCode;

    /// r-nacos 0.8.8 `QueryListResult`: grouped name, no groupName, checksum as a string.
    const RNACOS_LIST: &str = r#"{"name":"DEFAULT_GROUP@@orders","clusters":"","cacheMillis":10000,
        "hosts":[{"service":"DEFAULT_GROUP@@orders","ip":"10.0.0.1","port":8080,"clusterName":"DEFAULT",
        "weight":1.0,"healthy":true,"instanceId":"10.0.0.1#8080","metadata":{"zone":"a"},"marked":true,
        "enabled":true,"serviceName":"DEFAULT_GROUP@@orders","ephemeral":true},
        {"service":"DEFAULT_GROUP@@orders","ip":"10.0.0.2","port":8081,"clusterName":"c-2","weight":3.0,
        "healthy":false,"instanceId":"10.0.0.2#8081","metadata":{},"marked":true,"enabled":true,
        "serviceName":"DEFAULT_GROUP@@orders","ephemeral":false}],
        "lastRefTime":1718000000000,"checksum":"1718000000000","useSpecifiedURL":false,"env":"",
        "protectThreshold":null,"reachLocalSiteCallThreshold":null,"dom":"orders","metadata":null}"#;

    /// Nacos 2.x `ServiceInfo` as Jackson writes it.
    const NACOS2_LIST: &str = r#"{"name":"shop@@orders","groupName":"shop","clusters":"c-1",
        "cacheMillis":10000,"hosts":[{"instanceId":"10.0.0.3#80#c-1#shop@@orders","ip":"10.0.0.3",
        "port":80,"weight":0.5,"healthy":true,"enabled":false,"ephemeral":true,"clusterName":"c-1",
        "serviceName":"shop@@orders","metadata":{"preserved.heart.beat.interval":"5000"},
        "instanceHeartBeatInterval":5000,"instanceHeartBeatTimeOut":15000,"ipDeleteTimeout":30000,
        "instanceIdGenerator":"simple"}],"lastRefTime":1718000000001,"checksum":"",
        "allIPs":true,"reachProtectionThreshold":true,"valid":true}"#;

    #[test]
    fn reads_rnacos_replies() {
        let info = ServiceInfo::parse(RNACOS_LIST).unwrap();
        assert_eq!(
            (info.name.as_str(), info.group_name.as_str()),
            ("orders", "DEFAULT_GROUP")
        );
        assert_eq!(info.grouped_name(), "DEFAULT_GROUP@@orders");
        assert_eq!(
            (info.cache_millis, info.last_ref_time),
            (10000, 1718000000000)
        );
        assert_eq!(info.checksum, "1718000000000");
        assert!(!info.all_ips && !info.reach_protection_threshold);
        assert_eq!(info.hosts.len(), 2);
        let first = &info.hosts[0];
        assert_eq!(
            (first.ip.as_str(), first.port, first.weight),
            ("10.0.0.1", 8080, 1.0)
        );
        assert_eq!(first.instance_id, "10.0.0.1#8080");
        assert_eq!(first.service_name, "DEFAULT_GROUP@@orders");
        assert_eq!(first.metadata["zone"], "a");
        let second = &info.hosts[1];
        assert!(!second.healthy && second.enabled && !second.ephemeral);
        assert_eq!((second.cluster_name.as_str(), second.weight), ("c-2", 3.0));
    }

    #[test]
    fn reads_nacos2_replies() {
        let info = ServiceInfo::parse(NACOS2_LIST).unwrap();
        assert_eq!(
            (info.name.as_str(), info.group_name.as_str()),
            ("orders", "shop")
        );
        assert_eq!(info.clusters, "c-1");
        assert!(info.all_ips && info.reach_protection_threshold);
        let host = &info.hosts[0];
        assert!(host.healthy && !host.enabled);
        assert_eq!(host.metadata["preserved.heart.beat.interval"], "5000");
    }

    #[test]
    fn missing_fields_take_java_defaults() {
        let info =
            ServiceInfo::parse(r#"{"name":"orders","hosts":[{"ip":"h","port":1}]}"#).unwrap();
        assert_eq!(info.group_name, "DEFAULT_GROUP");
        assert_eq!((info.cache_millis, info.last_ref_time), (1000, 0));
        let host = &info.hosts[0];
        assert_eq!(host.weight, 1.0);
        assert!(host.healthy && host.enabled && host.ephemeral);
        assert_eq!(host.cluster_name, "DEFAULT");
        assert_eq!(host.service_name, "DEFAULT_GROUP@@orders");
        assert_eq!(host.instance_id, "");
        assert_eq!(ServiceInfo::parse("{}").unwrap().hosts, Vec::new());
    }

    #[test]
    fn odd_values_are_coerced_or_skipped() {
        let body = r#"{"name":"g@@s","cacheMillis":"3000","checksum":42,"allIps":"true","hosts":[
            {"ip":"a","port":"8080","weight":"2","healthy":"false","metadata":{"n":1,"b":true}},
            {"port":1},{"ip":" ","port":1},{"ip":"b"},{"ip":"c","port":70000},{"ip":"d","port":-1},
            {"ip":"e","port":80.5},{"ip":"f","port":"x"},"junk",null,7,
            {"ip":"g","port":0,"weight":"NaN","healthy":1,"metadata":"not a map"}]}"#;
        let info = ServiceInfo::parse(body).unwrap();
        assert_eq!(info.cache_millis, 3000);
        assert_eq!(info.checksum, "42");
        assert!(info.all_ips);
        let ips: Vec<&str> = info.hosts.iter().map(|h| h.ip.as_str()).collect();
        assert_eq!(ips, ["a", "g"]);
        let a = &info.hosts[0];
        assert_eq!((a.port, a.weight, a.healthy), (8080, 2.0, false));
        assert_eq!(
            (a.metadata["n"].as_str(), a.metadata["b"].as_str()),
            ("1", "true")
        );
        let g = &info.hosts[1];
        assert!(g.weight.is_nan() && g.healthy && g.metadata.is_empty());
    }

    #[test]
    fn non_objects_are_invalid_responses() {
        for body in ["", "error", "[]", "null", "\"x\"", "{\"hosts\":"] {
            let error = ServiceInfo::parse(body).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidResponse, "{body}");
        }
    }

    #[test]
    fn every_truncation_parses_or_errors() {
        for body in [RNACOS_LIST, NACOS2_LIST] {
            for end in (0..body.len()).filter(|end| body.is_char_boundary(*end)) {
                let _ = ServiceInfo::parse(&body[..end]);
            }
        }
    }

    #[test]
    fn serializes_camel_case() {
        let info = ServiceInfo::parse(NACOS2_LIST).unwrap();
        let json: serde_json::Value = serde_json::from_str(&info.to_json()).unwrap();
        assert_eq!(json["groupName"], "shop");
        assert_eq!(json["allIps"], true);
        assert_eq!(json["hosts"][0]["clusterName"], "c-1");
        assert_eq!(
            json["hosts"][0]["instanceId"],
            "10.0.0.3#80#c-1#shop@@orders"
        );
    }

    #[test]
    fn grouped_names_split() {
        assert_eq!(split_grouped("g@@s"), (Some("g"), "s"));
        assert_eq!(split_grouped("s"), (None, "s"));
        assert_eq!(split_grouped("@@s"), (None, "s"));
        assert_eq!(split_grouped("g@@s@@t"), (Some("g"), "s@@t"));
    }
}
