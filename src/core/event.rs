//! Events the client reports through `onEvent`: beats, failures, re-registrations and server health.

use crate::core::error::NacosError;
use crate::core::json::{ObjectWriter, ToJson};

/// Which registered instance an event is about.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceRef {
    pub service_name: String,
    pub group_name: String,
    pub ip: String,
    pub port: u16,
    pub cluster_name: String,
}

/// Why an instance was registered again without the caller asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReregisterReason {
    /// The server answered a beat with code 20404: it does not know the instance.
    NotFound,
    /// Beats had failed; the server may have restarted empty.
    Recovered,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    Beat {
        instance: InstanceRef,
        server: String,
        latency_ms: u64,
        light_beat: bool,
        next_beat_in_ms: u64,
    },
    BeatFailed {
        instance: InstanceRef,
        error: NacosError,
        next_beat_in_ms: u64,
    },
    Reregister {
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
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: u64,
    pub kind: EventKind,
}

impl ReregisterReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ReregisterReason::NotFound => "not-found",
            ReregisterReason::Recovered => "recovered",
        }
    }
}

impl EventKind {
    /// The event's `type`, as JavaScript sees it.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Beat { .. } => "beat",
            EventKind::BeatFailed { .. } => "beat-failed",
            EventKind::Reregister { .. } => "reregister",
            EventKind::ServerDown { .. } => "server-down",
            EventKind::ServerUp { .. } => "server-up",
            EventKind::ServiceChanged { .. } => "service-changed",
            EventKind::PollFailed { .. } => "poll-failed",
        }
    }
}

impl InstanceRef {
    /// Its fields, inlined in the object being written (events and beat rows are flat).
    pub fn write_fields(&self, object: &mut ObjectWriter<'_>) {
        object
            .field("serviceName", &self.service_name)
            .field("groupName", &self.group_name)
            .field("ip", &self.ip)
            .field("port", &self.port)
            .field("clusterName", &self.cluster_name);
    }
}

/// One flat object: `{at, type, ...the kind's fields}`, camelCase.
impl ToJson for Event {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object.field("at", &self.at).field("type", self.kind.name());
        match &self.kind {
            EventKind::Beat {
                instance,
                server,
                latency_ms,
                light_beat,
                next_beat_in_ms,
            } => {
                instance.write_fields(&mut object);
                object
                    .field("server", server)
                    .field("latencyMs", latency_ms)
                    .field("lightBeat", light_beat)
                    .field("nextBeatInMs", next_beat_in_ms);
            }
            EventKind::BeatFailed {
                instance,
                error,
                next_beat_in_ms,
            } => {
                instance.write_fields(&mut object);
                object
                    .field("error", error)
                    .field("nextBeatInMs", next_beat_in_ms);
            }
            EventKind::Reregister {
                instance,
                reason,
                server,
            } => {
                instance.write_fields(&mut object);
                object
                    .field("reason", reason.as_str())
                    .field("server", server);
            }
            EventKind::ServerDown { server, error } => {
                object.field("server", server).field("error", error);
            }
            EventKind::ServerUp { server } => {
                object.field("server", server);
            }
            EventKind::ServiceChanged {
                service_name,
                group_name,
                clusters,
                instance_count,
            } => {
                object
                    .field("serviceName", service_name)
                    .field("groupName", group_name)
                    .field("clusters", clusters)
                    .field("instanceCount", instance_count);
            }
            EventKind::PollFailed {
                service_name,
                group_name,
                clusters,
                error,
                next_poll_in_ms,
                serving_cache,
            } => {
                object
                    .field("serviceName", service_name)
                    .field("groupName", group_name)
                    .field("clusters", clusters)
                    .field("error", error)
                    .field("nextPollInMs", next_poll_in_ms)
                    .field("servingCache", serving_cache);
            }
        }
        object.finish();
    }
}
