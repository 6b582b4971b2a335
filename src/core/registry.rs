//! What this client registered, and for ephemeral instances the state of their beat schedule.

use crate::core::event::InstanceRef;
use crate::core::instance::Instance;
use crate::core::json::{write_str, ObjectWriter, ToJson};
use crate::core::keyed::Keyed;
use crate::core::params::BeatInfo;
use crate::core::service_name::ServiceName;

/// How the last beat of an instance went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BeatResult {
    Ok,
    Failed,
    Reregistered,
}

impl ToJson for BeatResult {
    fn write_json(&self, out: &mut String) {
        write_str(
            out,
            match self {
                BeatResult::Ok => "ok",
                BeatResult::Failed => "failed",
                BeatResult::Reregistered => "reregistered",
            },
        );
    }
}

/// The beat schedule of one ephemeral instance (Java's `BeatTask`).
#[derive(Debug, Clone)]
pub struct BeatTask {
    pub info: BeatInfo,
    /// Next delay; starts at the instance's interval, then follows the server's `clientBeatInterval`.
    pub period_ms: u64,
    /// The server said it accepts beats without the `BeatInfo` body.
    pub light: bool,
    /// Bumped whenever the task is replaced, so a beat in flight for an old task does not reschedule.
    pub generation: u64,
    pub in_flight: bool,
    /// A beat failed: the next contact sends the full registration instead of a beat.
    pub needs_register: bool,
    pub next_due_at: u64,
    pub last_beat_at: Option<u64>,
    pub last_result: Option<BeatResult>,
}

/// One instance this client registered.
#[derive(Debug, Clone)]
pub struct Registration {
    pub name: ServiceName,
    pub instance: Instance,
    pub beat: Option<BeatTask>,
}

impl Registration {
    pub fn instance_ref(&self) -> InstanceRef {
        InstanceRef {
            service_name: self.name.service.clone(),
            group_name: self.name.group.clone(),
            ip: self.instance.ip.clone(),
            port: self.instance.port,
            cluster_name: self.instance.cluster_name.clone(),
        }
    }
}

/// Java's `BeatReactor.buildKey`: `group@@service#ip#port`.
pub fn registration_key(name: &ServiceName, instance: &Instance) -> String {
    let mut key =
        String::with_capacity(name.group.len() + name.service.len() + instance.ip.len() + 10);
    name.push_grouped(&mut key);
    key.push('#');
    key.push_str(&instance.ip);
    key.push('#');
    crate::core::json::write_u64(&mut key, u64::from(instance.port));
    key
}

/// A row of `beatingInstances()`.
#[derive(Debug, Clone, PartialEq)]
pub struct BeatingInstance {
    pub instance: InstanceRef,
    pub period_ms: u64,
    pub light_beat: bool,
    pub next_beat_at: u64,
    pub last_beat_at: Option<u64>,
    pub last_result: Option<BeatResult>,
}

/// Flat and camelCase; `lastBeatAt` and `lastResult` are `null` before the first beat.
impl ToJson for BeatingInstance {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        self.instance.write_fields(&mut object);
        object
            .field("periodMs", &self.period_ms)
            .field("lightBeat", &self.light_beat)
            .field("nextBeatAt", &self.next_beat_at)
            .field("lastBeatAt", &self.last_beat_at)
            .field("lastResult", &self.last_result)
            .finish();
    }
}

pub type Registry = Keyed<Registration>;

pub fn beating_instances(registry: &Registry) -> Vec<BeatingInstance> {
    registry
        .values()
        .filter_map(|registration| {
            let task = registration.beat.as_ref()?;
            Some(BeatingInstance {
                instance: registration.instance_ref(),
                period_ms: task.period_ms,
                light_beat: task.light,
                next_beat_at: task.next_due_at,
                last_beat_at: task.last_beat_at,
                last_result: task.last_result,
            })
        })
        .collect()
}
