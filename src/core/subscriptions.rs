//! Subscribed services: the last good host list of each, and when and how often to poll it.

use crate::core::error::NacosError;
use crate::core::json::{ObjectWriter, ToJson};
use crate::core::keyed::Keyed;
use crate::core::service_info::{RemoteInstance, ServiceInfo};
use crate::core::service_name::ServiceName;

/// Polls never come faster than this, whatever the server's `cacheMillis` says.
pub const MIN_POLL_INTERVAL_MS: u64 = 1_000;
/// Nor slower than this, even after many failures (Java's `UpdateTask` cap).
pub const MAX_POLL_INTERVAL_MS: u64 = 60_000;

/// One service (and cluster selection) kept up to date by polling.
#[derive(Debug, Clone)]
pub struct Subscription {
    pub name: ServiceName,
    pub clusters: Vec<String>,
    /// Kept by `getAllInstances(..., subscribe = true)` even with no listener.
    pub held: bool,
    /// The last list the server gave: answers reads while the servers are unreachable.
    pub info: Option<ServiceInfo>,
    /// Polls failed in a row.
    pub failures: u32,
    pub in_flight: bool,
    /// Delay after a good poll: the server's `cacheMillis` or the `pollIntervalMs` option, bounded.
    pub interval_ms: u64,
    pub next_poll_at: u64,
}

impl Subscription {
    pub fn new(name: ServiceName, clusters: Vec<String>, interval_ms: u64) -> Subscription {
        Subscription {
            name,
            clusters,
            held: false,
            info: None,
            failures: 0,
            in_flight: false,
            interval_ms,
            next_poll_at: 0,
        }
    }

    /// The wait before the next poll: the interval, doubled for each failure in a row, capped.
    pub fn next_delay_ms(&self) -> u64 {
        let factor = 1u64 << self.failures.min(6);
        self.interval_ms
            .saturating_mul(factor)
            .clamp(MIN_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS)
    }
}

pub type Subscriptions = Keyed<Subscription>;

/// `group@@service#c1,c2`: the same service with another cluster selection is another subscription.
pub fn subscription_key(name: &ServiceName, clusters: &[String]) -> String {
    format!("{}#{}", name.grouped(), clusters.join(","))
}

/// Cluster names as given: trimmed, empty ones dropped, sorted and deduplicated so that
/// `['b', 'a']` and `'a,b'` share one subscription.
pub fn normalize_clusters<'a>(clusters: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut list: Vec<String> = clusters
        .into_iter()
        .flat_map(|entry| entry.split(','))
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect();
    crate::core::sort::sort_by(&mut list, |a, b| a.cmp(b));
    list.dedup();
    list
}

/// The server's `cacheMillis` (or the configured interval), bounded.
pub fn poll_interval(configured: Option<u64>, cache_millis: i64) -> u64 {
    configured
        .unwrap_or_else(|| u64::try_from(cache_millis).unwrap_or(0))
        .clamp(MIN_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS)
}

/// What a subscription's listeners receive when its host list changed.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceChange {
    pub service_name: String,
    pub group_name: String,
    pub clusters: Vec<String>,
    pub hosts: Vec<RemoteInstance>,
}

impl ServiceChange {
    pub fn new(subscription: &Subscription, info: &ServiceInfo) -> ServiceChange {
        ServiceChange {
            service_name: subscription.name.service.clone(),
            group_name: subscription.name.group.clone(),
            clusters: subscription.clusters.clone(),
            hosts: info.hosts.clone(),
        }
    }
}

impl ToJson for ServiceChange {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("serviceName", &self.service_name)
            .field("groupName", &self.group_name)
            .field("clusters", &self.clusters)
            .field("hosts", &self.hosts)
            .finish();
    }
}

/// A poll's result, before it is applied.
pub enum PollOutcome {
    Fresh(ServiceInfo),
    /// HTTP 304 or an empty body: nothing new.
    Unchanged,
    Failed(NacosError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_are_normalised() {
        assert_eq!(normalize_clusters(["b, a", "a", ""]), ["a", "b"]);
        let name = ServiceName::parse("orders", None).unwrap();
        assert_eq!(
            subscription_key(&name, &normalize_clusters(["b,a"])),
            "DEFAULT_GROUP@@orders#a,b"
        );
    }

    #[test]
    fn poll_delays_follow_cache_millis_and_back_off() {
        assert_eq!(poll_interval(None, 10_000), 10_000);
        assert_eq!(poll_interval(None, 5), 1_000);
        assert_eq!(poll_interval(None, -1), 1_000);
        assert_eq!(poll_interval(None, i64::MAX), 60_000);
        assert_eq!(poll_interval(Some(2_000), 10_000), 2_000);
        let name = ServiceName::parse("orders", None).unwrap();
        let mut subscription = Subscription::new(name, Vec::new(), 10_000);
        assert_eq!(subscription.next_delay_ms(), 10_000);
        subscription.failures = 1;
        assert_eq!(subscription.next_delay_ms(), 20_000);
        subscription.failures = 40;
        assert_eq!(subscription.next_delay_ms(), 60_000);
    }
}
