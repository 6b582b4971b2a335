//! Whether a service's host list really changed: r-nacos sends a fresh `checksum` and `lastRefTime`
//! with every reply, so only the hosts themselves can tell.

use crate::core::service_info::{RemoteInstance, ServiceInfo};
use crate::core::sort::sort_by;
use std::cmp::Ordering;

/// True when both replies hold the same hosts with the same fields, in any order.
pub fn content_equal(a: &ServiceInfo, b: &ServiceInfo) -> bool {
    same_hosts(&a.hosts, &b.hosts)
}

/// The host lists as multisets: order is the server's business, not a change.
pub fn same_hosts(a: &[RemoteInstance], b: &[RemoteInstance]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut a: Vec<&RemoteInstance> = a.iter().collect();
    let mut b: Vec<&RemoteInstance> = b.iter().collect();
    sort_by(&mut a, |x, y| host_order(x, y));
    sort_by(&mut b, |x, y| host_order(x, y));
    a.iter()
        .zip(b.iter())
        .all(|(x, y)| host_order(x, y) == Ordering::Equal)
}

/// A total order over every field, so equal hosts sort together whatever order they came in and
/// comparison doubles as equality. Weights use `total_cmp`: a NaN weight must equal itself, or a
/// list holding one would look changed on every poll.
pub fn host_order(a: &RemoteInstance, b: &RemoteInstance) -> Ordering {
    a.ip.cmp(&b.ip)
        .then(a.port.cmp(&b.port))
        .then_with(|| a.cluster_name.cmp(&b.cluster_name))
        .then_with(|| a.service_name.cmp(&b.service_name))
        .then_with(|| a.instance_id.cmp(&b.instance_id))
        .then_with(|| a.weight.total_cmp(&b.weight))
        .then(a.healthy.cmp(&b.healthy))
        .then(a.enabled.cmp(&b.enabled))
        .then(a.ephemeral.cmp(&b.ephemeral))
        .then_with(|| a.metadata.cmp(&b.metadata))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(hosts: &str) -> ServiceInfo {
        ServiceInfo::parse(&format!(
            r#"{{"name":"DEFAULT_GROUP@@s","hosts":[{hosts}]}}"#
        ))
        .unwrap()
    }

    const A: &str = r#"{"ip":"10.0.0.1","port":80,"clusterName":"c1"}"#;
    const B: &str = r#"{"ip":"10.0.0.1","port":80,"clusterName":"c2"}"#;
    const C: &str = r#"{"ip":"10.0.0.2","port":80}"#;

    #[test]
    fn order_does_not_matter() {
        assert!(content_equal(
            &info(&format!("{A},{B},{C}")),
            &info(&format!("{C},{A},{B}"))
        ));
        assert!(content_equal(&info(""), &info("")));
    }

    #[test]
    fn refresh_fields_do_not_matter() {
        let mut a = info(A);
        let mut b = info(A);
        a.checksum = "1".into();
        b.checksum = "2".into();
        b.last_ref_time = 99;
        assert!(content_equal(&a, &b));
    }

    #[test]
    fn any_host_field_matters() {
        let base = info(&format!("{A},{C}"));
        assert!(!content_equal(&base, &info(A)));
        assert!(!content_equal(&base, &info(&format!("{A},{B}"))));
        assert!(!content_equal(&base, &info(&format!("{A},{A}"))));
        for changed in [
            r#"{"ip":"10.0.0.2","port":81}"#,
            r#"{"ip":"10.0.0.2","port":80,"weight":2}"#,
            r#"{"ip":"10.0.0.2","port":80,"healthy":false}"#,
            r#"{"ip":"10.0.0.2","port":80,"enabled":false}"#,
            r#"{"ip":"10.0.0.2","port":80,"ephemeral":false}"#,
            r#"{"ip":"10.0.0.2","port":80,"instanceId":"x"}"#,
            r#"{"ip":"10.0.0.2","port":80,"metadata":{"k":"v"}}"#,
        ] {
            assert!(
                !content_equal(&base, &info(&format!("{A},{changed}"))),
                "{changed}"
            );
        }
    }

    #[test]
    fn duplicates_and_nan_compare_stably() {
        let nan = r#"{"ip":"h","port":1,"weight":"NaN"}"#;
        assert!(content_equal(&info(nan), &info(nan)));
        let twice = format!("{A},{C},{A}");
        assert!(content_equal(&info(&twice), &info(&format!("{A},{A},{C}"))));
    }
}
