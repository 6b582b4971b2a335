//! Events the client reports through `onEvent`: beats, failures, re-registrations and server health.

use crate::core::error::NacosError;
use serde::Serialize;

/// Which registered instance an event is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceRef {
    pub service_name: String,
    pub group_name: String,
    pub ip: String,
    pub port: u16,
    pub cluster_name: String,
}

/// Why an instance was registered again without the caller asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReregisterReason {
    /// The server answered a beat with code 20404: it does not know the instance.
    NotFound,
    /// Beats had failed; the server may have restarted empty.
    Recovered,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "type",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum EventKind {
    Beat {
        #[serde(flatten)]
        instance: InstanceRef,
        server: String,
        latency_ms: u64,
        light_beat: bool,
        next_beat_in_ms: u64,
    },
    BeatFailed {
        #[serde(flatten)]
        instance: InstanceRef,
        error: NacosError,
        next_beat_in_ms: u64,
    },
    Reregister {
        #[serde(flatten)]
        instance: InstanceRef,
        reason: ReregisterReason,
        server: String,
    },
    ServerDown {
        server: String,
        error: String,
    },
    ServerUp {
        server: String,
    },
    /// A subscribed service's host list changed (its listeners get the full list).
    ServiceChanged {
        service_name: String,
        group_name: String,
        clusters: Vec<String>,
        instance_count: usize,
    },
    /// A subscription's poll failed; reads are answered from its cache when it has one.
    PollFailed {
        service_name: String,
        group_name: String,
        clusters: Vec<String>,
        error: NacosError,
        next_poll_in_ms: u64,
        serving_cache: bool,
    },
}

/// `{type, at, ...}`: `at` is when it happened, in ms since the epoch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub at: u64,
    #[serde(flatten)]
    pub kind: EventKind,
}
