//! The smaller discovery replies: service detail, a page of service names, and server status.

use crate::core::error::NacosError;
use crate::core::json::{write_str, ObjectWriter, ToJson, Value};
use crate::core::lenient_json::{integer, number, parse_object, string_map, text};
use crate::core::service_info::split_grouped;
use crate::core::service_name::DEFAULT_GROUP;
use crate::core::string_map::StringMap;

/// `GET /nacos/v1/ns/service`: a service's own settings, without its instances.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceDetail {
    /// Without the group, even when the server sent `group@@service`.
    pub name: String,
    pub group_name: String,
    /// Empty when the server did not say (Java's `Service` has no such field).
    pub namespace_id: String,
    pub protect_threshold: f64,
    pub metadata: StringMap,
    /// `{"type":"none"}` or `{"type":"label","expression":...}`; values kept as text.
    pub selector: StringMap,
    pub clusters: Vec<ClusterDetail>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClusterDetail {
    pub name: String,
    pub health_checker: StringMap,
    pub metadata: StringMap,
}

impl ServiceDetail {
    pub fn parse(body: &str) -> Result<ServiceDetail, NacosError> {
        let object = parse_object(body, "service")?;
        let raw_name = text(object.get("name")).unwrap_or_default();
        let (embedded_group, name) = split_grouped(&raw_name);
        let group_name = text(object.get("groupName"))
            .filter(|group| !group.is_empty())
            .or(embedded_group.map(str::to_string))
            .unwrap_or_else(|| DEFAULT_GROUP.to_string());
        let clusters = match object.get("clusters") {
            Some(Value::Array(clusters)) => clusters
                .iter()
                .filter_map(|cluster| {
                    Some(ClusterDetail {
                        name: text(cluster.get("name"))?,
                        health_checker: string_map(cluster.get("healthChecker")),
                        metadata: string_map(cluster.get("metadata")),
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(ServiceDetail {
            name: name.to_string(),
            group_name,
            namespace_id: text(object.get("namespaceId")).unwrap_or_default(),
            protect_threshold: number(object.get("protectThreshold"))
                .filter(|threshold| threshold.is_finite())
                .unwrap_or(0.0),
            metadata: string_map(object.get("metadata")),
            selector: string_map(object.get("selector")),
            clusters,
        })
    }
}

/// `GET /nacos/v1/ns/service/list`: Java's `ListView<String>`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceList {
    /// Every service in the group, not just this page.
    pub count: u64,
    /// This page's service names, ungrouped.
    pub data: Vec<String>,
}

impl ServiceList {
    /// `{"count":N,"doms":[...]}`. Non-string names are skipped; a missing count is the page size.
    pub fn parse(body: &str) -> Result<ServiceList, NacosError> {
        let object = parse_object(body, "service list")?;
        let data: Vec<String> = match object.get("doms") {
            Some(Value::Array(doms)) => doms
                .iter()
                .filter_map(|dom| dom.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        let count = integer(object.get("count"))
            .and_then(|count| u64::try_from(count).ok())
            .unwrap_or(data.len() as u64);
        Ok(ServiceList { count, data })
    }
}

/// Java's `serverHealthy`: only an explicit `"status":"UP"` counts as up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerStatus {
    Up,
    Down,
}

impl ServerStatus {
    /// Never fails: Java turns every exception on this path into "down", and so do we.
    pub fn parse(body: &str) -> ServerStatus {
        match parse_object(body, "metrics") {
            Ok(object) if object.get("status").and_then(Value::as_str) == Some("UP") => {
                ServerStatus::Up
            }
            _ => ServerStatus::Down,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ServerStatus::Up => "UP",
            ServerStatus::Down => "DOWN",
        }
    }
}

impl ToJson for ServiceDetail {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("name", &self.name)
            .field("groupName", &self.group_name)
            .field("namespaceId", &self.namespace_id)
            .field("protectThreshold", &self.protect_threshold)
            .field("metadata", &self.metadata)
            .field("selector", &self.selector)
            .field("clusters", &self.clusters)
            .finish();
    }
}

impl ToJson for ClusterDetail {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("name", &self.name)
            .field("healthChecker", &self.health_checker)
            .field("metadata", &self.metadata)
            .finish();
    }
}

impl ToJson for ServiceList {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("count", &self.count)
            .field("data", &self.data)
            .finish();
    }
}

impl ToJson for ServerStatus {
    fn write_json(&self, out: &mut String) {
        write_str(out, self.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorCode;

    /// r-nacos 0.8.8 `ServiceInfoVo`.
    const RNACOS_SERVICE: &str = r#"{"namespaceId":"public","groupName":"DEFAULT_GROUP",
        "name":"orders","protectThreshold":0.0,"metadata":null,
        "selector":{"type":"none","contextType":"NONE"},
        "clusters":[{"name":"DEFAULT","healthChecker":{"type":"TCP"},"metadata":{}}]}"#;

    /// Nacos 2.x `ServiceOperatorV2Impl.queryService`.
    const NACOS2_SERVICE: &str = r#"{"name":"orders","namespaceId":"dev","protectThreshold":0.5,
        "metadata":{"owner":"shop"},"selector":{"type":"label","expression":"CONSUMER.label.a = PROVIDER.label.a"},
        "groupName":"shop","clusters":[{"healthChecker":{"type":"HTTP","path":"/ok","headers":""},
        "metadata":{"k":"v"},"name":"c-1"},{"metadata":{}},"junk"]}"#;

    #[test]
    fn reads_service_details() {
        let detail = ServiceDetail::parse(RNACOS_SERVICE).unwrap();
        assert_eq!(
            (detail.name.as_str(), detail.group_name.as_str()),
            ("orders", "DEFAULT_GROUP")
        );
        assert_eq!(detail.namespace_id, "public");
        assert!(detail.metadata.is_empty());
        assert_eq!(detail.selector["type"], "none");
        assert_eq!(detail.clusters[0].health_checker["type"], "TCP");

        let detail = ServiceDetail::parse(NACOS2_SERVICE).unwrap();
        assert_eq!(
            (detail.group_name.as_str(), detail.protect_threshold),
            ("shop", 0.5)
        );
        assert_eq!(detail.metadata["owner"], "shop");
        assert_eq!(detail.selector["type"], "label");
        assert_eq!(detail.clusters.len(), 1);
        assert_eq!(detail.clusters[0].health_checker["path"], "/ok");

        let detail = ServiceDetail::parse(r#"{"name":"g@@s","protectThreshold":"x"}"#).unwrap();
        assert_eq!(
            (detail.name.as_str(), detail.group_name.as_str()),
            ("s", "g")
        );
        assert_eq!(detail.protect_threshold, 0.0);
        let json: serde_json::Value = serde_json::from_str(&detail.to_json()).unwrap();
        assert_eq!(json["groupName"], "g");
        assert!(json["protectThreshold"].is_number());
    }

    #[test]
    fn reads_service_pages() {
        let page = ServiceList::parse(r#"{"count":12,"doms":["orders","payments"]}"#).unwrap();
        assert_eq!(
            page,
            ServiceList {
                count: 12,
                data: vec!["orders".into(), "payments".into()]
            }
        );
        let page = ServiceList::parse(r#"{"doms":["a",1,null,"b"]}"#).unwrap();
        assert_eq!((page.count, page.data.len()), (2, 2));
        let page = ServiceList::parse(r#"{"count":"-1","doms":null}"#).unwrap();
        assert_eq!(
            page,
            ServiceList {
                count: 0,
                data: vec![]
            }
        );
        assert_eq!(
            ServiceList::parse("<html>").unwrap_err().code,
            ErrorCode::InvalidResponse
        );
        assert_eq!(
            ServiceDetail::parse("[]").unwrap_err().code,
            ErrorCode::InvalidResponse
        );
    }

    #[test]
    fn only_up_is_up() {
        assert_eq!(ServerStatus::parse(r#"{"status":"UP"}"#), ServerStatus::Up);
        let nacos = r#"{"status":"UP","serviceCount":3,"load":0.5,"cpu":0.1}"#;
        assert_eq!(ServerStatus::parse(nacos), ServerStatus::Up);
        for body in [
            r#"{"status":"DOWN"}"#,
            r#"{"status":"up"}"#,
            "{}",
            "",
            "UP",
            "[\"UP\"]",
        ] {
            assert_eq!(ServerStatus::parse(body), ServerStatus::Down, "{body}");
        }
        assert_eq!(ServerStatus::Up.to_json(), r#""UP""#);
        assert_eq!(ServerStatus::Down.as_str(), "DOWN");
    }
}
