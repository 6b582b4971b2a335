//! Choosing instances: Java's `selectInstances` filter and its weighted random pick
//! (`Balancer.getHostByRandomWeight` over a `Chooser`), with the random number passed in.

use crate::core::error::{java_code, ErrorCode, NacosError};
use crate::core::instance::MAX_WEIGHT;
use crate::core::service_info::{RemoteInstance, ServiceInfo};

/// `NacosNamingService.selectInstances(..., healthy)`: hosts whose health is `healthy`, enabled,
/// and not weighted out.
pub fn select_instances(hosts: &[RemoteInstance], healthy: bool) -> Vec<RemoteInstance> {
    hosts
        .iter()
        .filter(|host| host.healthy == healthy && host.enabled && !weighted_out(host.weight))
        .cloned()
        .collect()
}

/// `selectOneHealthyInstance`: one healthy, enabled host, drawn with probability proportional to
/// its weight. `random` is uniform in [0, 1) (`Math.random()`); tests pass fixed values.
pub fn select_one_healthy(info: &ServiceInfo, random: f64) -> Result<&RemoteInstance, NacosError> {
    let candidates: Vec<&RemoteInstance> = info
        .hosts
        .iter()
        .filter(|host| host.healthy && host.enabled && !weighted_out(host.weight))
        .collect();
    let weights: Vec<f64> = candidates.iter().map(|host| host.weight).collect();
    pick(&cumulative_weights(&weights), random)
        .and_then(|index| candidates.get(index).copied())
        .ok_or_else(|| {
            NacosError::new(
                ErrorCode::NoHealthyInstance,
                java_code::RESOURCE_NOT_FOUND,
                format!("no host to srv for serviceInfo: {}", info.grouped_name()),
            )
        })
}

/// Java drops a host when `weight <= 0`; NaN fails that test, so a NaN host stays (and counts as 1).
fn weighted_out(weight: f64) -> bool {
    weight <= 0.0
}

/// `Chooser.Ref.refresh`: weights normalised to a running total ending at 1. ∞ counts as 10000
/// and NaN as 1. Java applies that mapping only to the sum and then divides the raw weight, so an
/// ∞ or NaN host makes its sum check throw; we apply it to both, which is what the rule is for.
pub fn cumulative_weights(weights: &[f64]) -> Vec<f64> {
    let effective = |weight: f64| {
        if weight.is_nan() {
            1.0
        } else if weight.is_infinite() {
            MAX_WEIGHT
        } else {
            weight
        }
    };
    let sum: f64 = weights.iter().map(|weight| effective(*weight)).sum();
    let mut running = 0.0;
    weights
        .iter()
        .map(|weight| {
            running += effective(*weight) / sum;
            running
        })
        .collect()
}

/// `Chooser.randomWithWeight`: Java binary-searches `random` in the running totals. An exact hit
/// on a total picks that bucket (buckets are `(previous, total]`); otherwise the insertion point is
/// the first total above `random`. A `random` past the last total, which rounding can leave just
/// below 1, falls back to the last item, as Java's "should never happen" branch does. The first
/// total not below `random` is both cases at once.
pub fn pick(cumulative: &[f64], random: f64) -> Option<usize> {
    let last = cumulative.len().checked_sub(1)?;
    let index = cumulative.partition_point(|total| *total < random);
    Some(index.min(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(ip: &str, weight: f64, healthy: bool, enabled: bool) -> RemoteInstance {
        RemoteInstance {
            instance_id: String::new(),
            ip: ip.to_string(),
            port: 80,
            weight,
            healthy,
            enabled,
            ephemeral: true,
            cluster_name: "DEFAULT".into(),
            service_name: "DEFAULT_GROUP@@s".into(),
            metadata: Default::default(),
        }
    }

    fn service(hosts: Vec<RemoteInstance>) -> ServiceInfo {
        let mut info = ServiceInfo::parse(r#"{"name":"DEFAULT_GROUP@@orders"}"#).unwrap();
        info.hosts = hosts;
        info
    }

    fn chosen(info: &ServiceInfo, random: f64) -> &str {
        select_one_healthy(info, random).unwrap().ip.as_str()
    }

    #[test]
    fn bucket_boundaries_follow_javas_binary_search() {
        let totals = cumulative_weights(&[1.0, 1.0, 2.0]);
        assert_eq!(totals, [0.25, 0.5, 1.0]);
        assert_eq!(pick(&totals, 0.0), Some(0));
        assert_eq!(pick(&totals, 0.2499), Some(0));
        assert_eq!(
            pick(&totals, 0.25),
            Some(0),
            "an exact hit picks that bucket"
        );
        assert_eq!(pick(&totals, 0.2500001), Some(1));
        assert_eq!(pick(&totals, 0.5), Some(1));
        assert_eq!(pick(&totals, 0.75), Some(2));
        assert_eq!(pick(&totals, 0.9999999), Some(2));
        assert_eq!(
            pick(&[0.3, 0.9999999], 0.99999995),
            Some(1),
            "past the end: last"
        );
        assert_eq!(pick(&totals, 1.5), Some(2));
        assert_eq!(pick(&totals, -1.0), Some(0));
        assert_eq!(pick(&totals, f64::NAN), Some(0));
        assert_eq!(pick(&[], 0.5), None);
    }

    #[test]
    fn one_to_three_weights_draw_one_to_three() {
        let info = service(vec![
            host("light", 1.0, true, true),
            host("heavy", 3.0, true, true),
        ]);
        // SplitMix64: a tiny seeded generator so the test is deterministic.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        };
        let picks = 40_000;
        let light = (0..picks)
            .filter(|_| chosen(&info, next()) == "light")
            .count();
        // Expected 10,000 with a standard deviation of about 87.
        assert!(
            (9_600..=10_400).contains(&light),
            "light chosen {light} times"
        );
    }

    #[test]
    fn unusable_hosts_are_never_chosen() {
        let info = service(vec![
            host("zero", 0.0, true, true),
            host("negative", -1.0, true, true),
            host("disabled", 5.0, true, false),
            host("sick", 5.0, false, true),
            host("good", 1.0, true, true),
        ]);
        for step in 0..100 {
            assert_eq!(chosen(&info, f64::from(step) / 100.0), "good");
        }
    }

    #[test]
    fn infinite_and_nan_weights_are_capped() {
        let info = service(vec![
            host("inf", f64::INFINITY, true, true),
            host("one", 1.0, true, true),
        ]);
        let share = 10_000.0 / 10_001.0;
        assert_eq!(chosen(&info, share - 1e-9), "inf");
        assert_eq!(chosen(&info, share + 1e-9), "one");
        let info = service(vec![
            host("nan", f64::NAN, true, true),
            host("one", 1.0, true, true),
        ]);
        assert_eq!(chosen(&info, 0.49), "nan");
        assert_eq!(chosen(&info, 0.51), "one");
        assert_eq!(select_instances(&info.hosts, true).len(), 2);
    }

    #[test]
    fn nothing_to_choose_is_an_error() {
        for hosts in [
            vec![],
            vec![
                host("sick", 1.0, false, true),
                host("zero", 0.0, true, true),
            ],
        ] {
            let error = select_one_healthy(&service(hosts), 0.5).unwrap_err();
            assert_eq!(
                (error.code, error.err_code),
                (ErrorCode::NoHealthyInstance, -404)
            );
            assert_eq!(
                error.message,
                "no host to srv for serviceInfo: DEFAULT_GROUP@@orders"
            );
            assert_eq!(error.status, None);
        }
    }

    #[test]
    fn select_instances_filters_like_java() {
        let hosts = vec![
            host("up", 1.0, true, true),
            host("down", 1.0, false, true),
            host("down-disabled", 1.0, false, false),
            host("up-disabled", 1.0, true, false),
            host("up-zero", 0.0, true, true),
            host("down-zero", 0.0, false, true),
        ];
        let ips = |healthy| -> Vec<String> {
            select_instances(&hosts, healthy)
                .into_iter()
                .map(|h| h.ip)
                .collect()
        };
        assert_eq!(ips(true), ["up"]);
        assert_eq!(ips(false), ["down"]);
    }
}
