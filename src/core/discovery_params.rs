//! Request parameters for the discovery calls (list, service, service page, health), as Java's
//! `NamingHttpClientProxy` builds them.

use crate::core::error::NacosError;
use crate::core::instance::validate_cluster_name;
use crate::core::params::{call, ApiCall, Method, Params};
use crate::core::service_name::{check_group, ServiceName, DEFAULT_GROUP};

pub const API_INSTANCE_LIST: &str = "/nacos/v1/ns/instance/list";
pub const API_SERVICE: &str = "/nacos/v1/ns/service";
pub const API_SERVICE_LIST: &str = "/nacos/v1/ns/service/list";
pub const API_SERVER_METRICS: &str = "/nacos/v1/ns/operator/metrics";

/// A bigger page is almost certainly a mistake and makes one reply unboundedly large.
pub const MAX_PAGE_SIZE: u32 = 10_000;

/// `queryInstancesOfService`. `udpPort` 0 tells the server not to push over UDP (a browser cannot
/// listen); `clientIP` only matters for that push, so it is left out. `healthyOnly` is always sent
/// because r-nacos defaults it to true where Nacos defaults it to false.
pub fn list_instances(
    namespace: &str,
    name: &ServiceName,
    clusters: &[String],
    healthy_only: bool,
) -> Result<ApiCall, NacosError> {
    let query = vec![
        ("namespaceId", namespace.to_string()),
        ("serviceName", name.grouped()),
        ("clusters", join_clusters(clusters)?),
        ("udpPort", "0".to_string()),
        ("healthyOnly", healthy_only.to_string()),
    ];
    Ok(get(API_INSTANCE_LIST, query))
}

/// `queryService`. Java sends the plain service name beside `groupName`, which Nacos' own
/// `ServiceNameFilter` joins; r-nacos ignores `groupName` here and reads only a grouped name.
/// Nacos leaves an already grouped name alone, so the grouped form works on both.
pub fn get_service(namespace: &str, name: &ServiceName) -> ApiCall {
    let query = vec![
        ("namespaceId", namespace.to_string()),
        ("serviceName", name.grouped()),
        ("groupName", name.group.clone()),
    ];
    get(API_SERVICE, query)
}

/// `getServiceList`. Page numbers start at 1; `group` defaults to `DEFAULT_GROUP`. Numbers arrive
/// from JavaScript, so fractions and out-of-range values are rejected here, by name.
pub fn list_services(
    namespace: &str,
    page_no: f64,
    page_size: f64,
    group: Option<&str>,
) -> Result<ApiCall, NacosError> {
    let page_no = whole_in_range("pageNo", page_no, 1, u32::MAX)?;
    let page_size = whole_in_range("pageSize", page_size, 1, MAX_PAGE_SIZE)?;
    let group = group.unwrap_or(DEFAULT_GROUP);
    check_group(group)?;
    let query = vec![
        ("pageNo", page_no.to_string()),
        ("pageSize", page_size.to_string()),
        ("namespaceId", namespace.to_string()),
        ("groupName", group.to_string()),
    ];
    Ok(get(API_SERVICE_LIST, query))
}

/// `serverHealthy`. Java's `reqApi` adds `namespaceId` to every call, this one included.
pub fn server_status(namespace: &str) -> ApiCall {
    get(
        API_SERVER_METRICS,
        vec![("namespaceId", namespace.to_string())],
    )
}

/// Java's `StringUtils.join(clusters, ",")`, each name checked first. Empty names are dropped:
/// Java would send `a,` and the server ignores the empty filter anyway.
fn join_clusters(clusters: &[String]) -> Result<String, NacosError> {
    let mut joined = String::new();
    for cluster in clusters.iter().filter(|cluster| !cluster.is_empty()) {
        let cluster = validate_cluster_name(cluster.clone())?;
        if !joined.is_empty() {
            joined.push(',');
        }
        joined.push_str(&cluster);
    }
    Ok(joined)
}

fn whole_in_range(field: &str, value: f64, min: u32, max: u32) -> Result<u32, NacosError> {
    if value.fract() != 0.0 || !(f64::from(min)..=f64::from(max)).contains(&value) {
        return Err(NacosError::invalid(format!(
            "{field} must be a whole number from {min} to {max}, got {}",
            crate::core::number::js_number(value)
        )));
    }
    // In range and whole, so the cast is exact.
    Ok(value as u32)
}

fn get(api: &'static str, query: Params) -> ApiCall {
    call(Method::Get, api, query)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorCode;

    fn pairs(call: &ApiCall) -> Vec<(&str, &str)> {
        call.query.iter().map(|(n, v)| (*n, v.as_str())).collect()
    }

    fn shop_orders() -> ServiceName {
        ServiceName::parse("orders", Some("shop")).unwrap()
    }

    #[test]
    fn list_params_are_javas_without_client_ip() {
        let clusters = ["c-1".to_string(), String::new(), "C2".to_string()];
        let call = list_instances("dev", &shop_orders(), &clusters, false).unwrap();
        assert_eq!(
            (call.method, call.api),
            (Method::Get, "/nacos/v1/ns/instance/list")
        );
        assert_eq!(
            pairs(&call),
            [
                ("namespaceId", "dev"),
                ("serviceName", "shop@@orders"),
                ("clusters", "c-1,C2"),
                ("udpPort", "0"),
                ("healthyOnly", "false"),
            ]
        );
        assert!(call.form.is_empty());
        let call = list_instances("public", &shop_orders(), &[], true).unwrap();
        assert_eq!(pairs(&call)[2], ("clusters", ""));
        assert_eq!(pairs(&call)[4], ("healthyOnly", "true"));
    }

    #[test]
    fn bad_cluster_names_are_rejected() {
        for bad in ["a_b", "a b", "a,b", "中"] {
            let error = list_instances("p", &shop_orders(), &[bad.to_string()], false).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidParam, "{bad}");
            assert!(error.message.contains("cluster name"), "{}", error.message);
        }
    }

    #[test]
    fn service_params_carry_the_grouped_name_and_the_group() {
        let call = get_service("dev", &shop_orders());
        assert_eq!(
            (call.method, call.api),
            (Method::Get, "/nacos/v1/ns/service")
        );
        assert_eq!(
            pairs(&call),
            [
                ("namespaceId", "dev"),
                ("serviceName", "shop@@orders"),
                ("groupName", "shop")
            ]
        );
    }

    #[test]
    fn service_page_params_are_javas() {
        let call = list_services("dev", 2.0, 50.0, None).unwrap();
        assert_eq!(call.api, "/nacos/v1/ns/service/list");
        assert_eq!(
            pairs(&call),
            [
                ("pageNo", "2"),
                ("pageSize", "50"),
                ("namespaceId", "dev"),
                ("groupName", "DEFAULT_GROUP")
            ]
        );
        let call = list_services("dev", 1.0, 10000.0, Some("shop")).unwrap();
        assert_eq!(pairs(&call)[3], ("groupName", "shop"));
    }

    #[test]
    fn service_page_bounds_are_checked() {
        for (page_no, page_size, group, field) in [
            (0.0, 10.0, None, "pageNo"),
            (-1.0, 10.0, None, "pageNo"),
            (1.5, 10.0, None, "pageNo"),
            (f64::NAN, 10.0, None, "pageNo"),
            (f64::INFINITY, 10.0, None, "pageNo"),
            (1.0, 0.0, None, "pageSize"),
            (1.0, 10001.0, None, "pageSize"),
            (1.0, 2.5, None, "pageSize"),
            (1.0, 10.0, Some(" "), "groupName"),
            (1.0, 10.0, Some("a@@b"), "groupName"),
        ] {
            let error = list_services("p", page_no, page_size, group).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidParam);
            assert!(error.message.contains(field), "{}", error.message);
        }
    }

    #[test]
    fn status_is_a_plain_get() {
        let call = server_status("dev");
        assert_eq!(
            (call.method, call.api),
            (Method::Get, "/nacos/v1/ns/operator/metrics")
        );
        assert_eq!(pairs(&call), [("namespaceId", "dev")]);
    }
}
