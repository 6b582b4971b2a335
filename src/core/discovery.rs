//! Finding instances: list, select and choose, service pages and server health, and subscriptions
//! that poll a service and tell listeners when its host list changed.

use crate::core::balancer;
use crate::core::client::NamingCore;
use crate::core::discovery_params;
use crate::core::error::{java_code, ErrorCode, NacosError};
use crate::core::event::EventKind;
use crate::core::host::{Host, TimerKey};
use crate::core::host_change::content_equal;
use crate::core::instance::validate_cluster_name;
use crate::core::service_info::{RemoteInstance, ServiceInfo};
use crate::core::service_name::ServiceName;
use crate::core::service_replies::{ServerStatus, ServiceDetail, ServiceList};
use crate::core::subscriptions::{
    normalize_clusters, poll_interval, subscription_key, PollOutcome, ServiceChange, Subscription,
};

/// A checked service and cluster selection, and the key its subscription goes by.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub name: ServiceName,
    pub clusters: Vec<String>,
    pub key: String,
}

impl Target {
    pub fn parse<'a>(
        service: &str,
        group: Option<&str>,
        clusters: impl IntoIterator<Item = &'a str>,
    ) -> Result<Target, NacosError> {
        let name = ServiceName::parse(service, group)?;
        let clusters = normalize_clusters(clusters);
        for cluster in &clusters {
            validate_cluster_name(cluster.clone())?;
        }
        let key = subscription_key(&name, &clusters);
        Ok(Target {
            name,
            clusters,
            key,
        })
    }
}

impl<H: Host> NamingCore<H> {
    /// The host list of a service: from its subscription's cache when there is one (so reads keep
    /// working while the servers are unreachable), else from a server. With `subscribe`, the
    /// service is then kept cached and polled until `release`d or the client closes.
    pub async fn service_info(
        &self,
        target: &Target,
        subscribe: bool,
    ) -> Result<ServiceInfo, NacosError> {
        self.ensure_open()?;
        if subscribe {
            self.subscriptions
                .borrow_mut()
                .get_or_insert_with(&target.key, || self.new_subscription(target))
                .held = true;
        }
        if let Some(info) = self.cached_info(&target.key) {
            return Ok(info);
        }
        let info = self.query(target).await?.ok_or_else(|| {
            NacosError::new(
                ErrorCode::InvalidResponse,
                java_code::SERVER_ERROR,
                "empty instance list reply",
            )
        })?;
        let store = {
            let mut subscriptions = self.subscriptions.borrow_mut();
            match subscriptions.get_mut(&target.key) {
                Some(subscription) if subscription.info.is_none() => {
                    subscription.interval_ms = self.poll_interval(&info);
                    subscription.info = Some(info.clone());
                    Some(subscription.next_delay_ms())
                }
                _ => None,
            }
        };
        if let Some(delay) = store {
            self.host.arm(TimerKey::Poll(target.key.clone()), delay);
        }
        Ok(info)
    }

    pub async fn select_instances(
        &self,
        target: &Target,
        healthy: bool,
        subscribe: bool,
    ) -> Result<Vec<RemoteInstance>, NacosError> {
        let info = self.service_info(target, subscribe).await?;
        Ok(balancer::select_instances(&info.hosts, healthy))
    }

    /// One healthy instance, drawn by weight as Java's `Balancer` does.
    pub async fn select_one_healthy(
        &self,
        target: &Target,
        subscribe: bool,
    ) -> Result<RemoteInstance, NacosError> {
        let info = self.service_info(target, subscribe).await?;
        balancer::select_one_healthy(&info, self.host.random()).cloned()
    }

    /// `UP` when a server says so; `DOWN` on any failure (Java's `serverHealthy`).
    pub async fn server_status(&self) -> Result<ServerStatus, NacosError> {
        self.ensure_open()?;
        let call = discovery_params::server_status(&self.config.namespace);
        Ok(match self.request(&call).await {
            Ok(reply) => ServerStatus::parse(&reply.body),
            Err(_) => ServerStatus::Down,
        })
    }

    pub async fn services_of_server(
        &self,
        page_no: f64,
        page_size: f64,
        group: Option<&str>,
    ) -> Result<ServiceList, NacosError> {
        self.ensure_open()?;
        let call =
            discovery_params::list_services(&self.config.namespace, page_no, page_size, group)?;
        let reply = self.request(&call).await?;
        ServiceList::parse(&reply.body).map_err(|e| e.with_server(&reply.server.display))
    }

    pub async fn service_detail(
        &self,
        service: &str,
        group: Option<&str>,
    ) -> Result<ServiceDetail, NacosError> {
        self.ensure_open()?;
        let name = ServiceName::parse(service, group)?;
        let call = discovery_params::get_service(&self.config.namespace, &name);
        let reply = self.request(&call).await?;
        ServiceDetail::parse(&reply.body).map_err(|e| e.with_server(&reply.server.display))
    }

    /// Starts polling `target` (the host has already added the caller's listener). A new
    /// subscription polls at once and delivers the list to every listener; an existing one
    /// returns its cached list for the new listener.
    pub async fn subscribe(&self, target: &Target) -> Result<Option<ServiceChange>, NacosError> {
        self.ensure_open()?;
        let existing = {
            let mut subscriptions = self.subscriptions.borrow_mut();
            match subscriptions.get(&target.key) {
                Some(subscription) => Some(
                    subscription
                        .info
                        .as_ref()
                        .map(|info| ServiceChange::new(subscription, info)),
                ),
                None => {
                    subscriptions.insert(target.key.clone(), self.new_subscription(target));
                    None
                }
            }
        };
        match existing {
            Some(cached) => Ok(cached),
            None => {
                self.run_poll(&target.key).await;
                // close() during the first poll: reject CLOSED like every other call in flight,
                // rather than resolve as if the subscription were live.
                self.ensure_open()?;
                Ok(None)
            }
        }
    }

    /// Stops polling `key` once it has no listener left (and, with `drop_hold`, is not held by
    /// `subscribe = true` reads either).
    pub fn release(&self, key: &str, drop_hold: bool) {
        let removed = {
            let mut subscriptions = self.subscriptions.borrow_mut();
            let Some(subscription) = subscriptions.get_mut(key) else {
                return;
            };
            if drop_hold {
                subscription.held = false;
            }
            let unused = !subscription.held && self.host.listener_count(key) == 0;
            unused && subscriptions.remove(key).is_some()
        };
        if removed {
            self.host.disarm(&TimerKey::Poll(key.to_string()));
        }
    }

    /// One poll of a subscription: refreshes the cache, tells listeners when hosts changed, and
    /// schedules the next poll (backing off after failures).
    pub async fn run_poll(&self, key: &str) {
        let Some(target) = self.start_poll(key) else {
            return;
        };
        let outcome = match self.query(&target).await {
            Ok(Some(info)) => PollOutcome::Fresh(info),
            Ok(None) => PollOutcome::Unchanged,
            Err(error) => PollOutcome::Failed(error),
        };
        self.finish_poll(key, outcome);
    }

    fn start_poll(&self, key: &str) -> Option<Target> {
        self.ensure_open().ok()?;
        let mut subscriptions = self.subscriptions.borrow_mut();
        let subscription = subscriptions.get_mut(key).filter(|s| !s.in_flight)?;
        subscription.in_flight = true;
        Some(Target {
            name: subscription.name.clone(),
            clusters: subscription.clusters.clone(),
            key: key.to_string(),
        })
    }

    fn finish_poll(&self, key: &str, outcome: PollOutcome) {
        let now = self.host.now_ms();
        let (change, failure, delay) = {
            let mut subscriptions = self.subscriptions.borrow_mut();
            let Some(subscription) = subscriptions.get_mut(key) else {
                return;
            };
            subscription.in_flight = false;
            let mut change = None;
            let mut failure = None;
            match outcome {
                PollOutcome::Fresh(info) => {
                    let changed = subscription
                        .info
                        .as_ref()
                        .is_none_or(|old| !content_equal(old, &info));
                    subscription.interval_ms = self.poll_interval(&info);
                    subscription.failures = 0;
                    if changed {
                        change = Some(ServiceChange::new(subscription, &info));
                    }
                    subscription.info = Some(info);
                }
                PollOutcome::Unchanged => subscription.failures = 0,
                PollOutcome::Failed(error) => {
                    subscription.failures = subscription.failures.saturating_add(1);
                    failure = Some(EventKind::PollFailed {
                        service_name: subscription.name.service.clone(),
                        group_name: subscription.name.group.clone(),
                        clusters: subscription.clusters.clone(),
                        error,
                        next_poll_in_ms: subscription.next_delay_ms(),
                        serving_cache: subscription.info.is_some(),
                    });
                }
            }
            let delay = subscription.next_delay_ms();
            subscription.next_poll_at = now + delay;
            (change, failure, delay)
        };
        if self.ensure_open().is_err() {
            return;
        }
        self.host.arm(TimerKey::Poll(key.to_string()), delay);
        if let Some(change) = change {
            self.emit(EventKind::ServiceChanged {
                service_name: change.service_name.clone(),
                group_name: change.group_name.clone(),
                clusters: change.clusters.clone(),
                instance_count: change.hosts.len(),
            });
            self.host.deliver(key, &change);
        }
        if let Some(failure) = failure {
            self.emit(failure);
        }
    }

    /// Asks a server for the full list (healthy or not: r-nacos would default to healthy only).
    /// `None` when the server had nothing new (304 or an empty body, as Java reads it).
    async fn query(&self, target: &Target) -> Result<Option<ServiceInfo>, NacosError> {
        let call = discovery_params::list_instances(
            &self.config.namespace,
            &target.name,
            &target.clusters,
            false,
        )?;
        let reply = self.request(&call).await?;
        if reply.body.trim().is_empty() {
            return Ok(None);
        }
        let mut info =
            ServiceInfo::parse(&reply.body).map_err(|e| e.with_server(&reply.server.display))?;
        // Filtered here too: r-nacos ignores `clusters` and lists every cluster.
        if !target.clusters.is_empty() {
            info.hosts
                .retain(|host| target.clusters.contains(&host.cluster_name));
        }
        Ok(Some(info))
    }

    fn cached_info(&self, key: &str) -> Option<ServiceInfo> {
        self.subscriptions.borrow().get(key)?.info.clone()
    }

    fn new_subscription(&self, target: &Target) -> Subscription {
        let interval = poll_interval(self.config.poll_interval_ms, 0);
        Subscription::new(target.name.clone(), target.clusters.clone(), interval)
    }

    fn poll_interval(&self, info: &ServiceInfo) -> u64 {
        poll_interval(self.config.poll_interval_ms, info.cache_millis)
    }
}
