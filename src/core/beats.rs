//! Running beats: Java's `BeatReactor.BeatTask.run`, one task per instance, plus recovery after outages.

use crate::core::client::NamingCore;
use crate::core::error::NacosError;
use crate::core::event::{EventKind, ReregisterReason};
use crate::core::host::{Host, TimerKey};
use crate::core::join::join_all;
use crate::core::params;
use crate::core::registry::{BeatResult, Registration};
use crate::core::reply::BeatReply;

/// What `sendBeats()` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct BeatSummary {
    pub attempted: u32,
    pub succeeded: u32,
}

/// How one beat ended.
enum Outcome {
    Beat {
        reply: BeatReply,
        server: String,
    },
    Reregistered {
        reason: ReregisterReason,
        server: String,
    },
    Failed(NacosError),
}

/// What a beat needs, copied out so no borrow lives across the request.
struct Snapshot {
    generation: u64,
    registration: Registration,
    light: bool,
    needs_register: bool,
}

impl<H: Host> NamingCore<H> {
    /// Sends one beat for `key` and schedules the next. Called by the host's timer, or by `send_beats`.
    pub async fn run_beat(&self, key: &str) -> Option<bool> {
        let snapshot = self.start_beat(key)?;
        let started = self.host.now_ms();
        let outcome = self.beat_exchange(&snapshot).await;
        let latency = self.host.now_ms().saturating_sub(started);
        self.finish_beat(key, snapshot, outcome, latency)
    }

    /// Beats every scheduled instance now, all at once (for runtimes without long-lived timers).
    pub async fn send_beats(&self) -> Result<BeatSummary, NacosError> {
        self.ensure_open()?;
        let keys: Vec<String> = self
            .registry
            .borrow()
            .iter()
            .filter(|(_, r)| r.beat.as_ref().is_some_and(|task| !task.in_flight))
            .map(|(key, _)| key.clone())
            .collect();
        let results = join_all(keys.iter().map(|key| self.run_beat(key))).await;
        let mut summary = BeatSummary::default();
        for succeeded in results.into_iter().flatten() {
            summary.attempted += 1;
            summary.succeeded += u32::from(succeeded);
        }
        Ok(summary)
    }

    /// Milliseconds until the next beat is due (0 when overdue); `None` with nothing to beat.
    pub fn next_beat_delay_ms(&self) -> Option<u64> {
        let now = self.host.now_ms();
        self.registry
            .borrow()
            .values()
            .filter_map(|r| r.beat.as_ref().map(|task| task.next_due_at))
            .min()
            .map(|due| due.saturating_sub(now))
    }

    fn start_beat(&self, key: &str) -> Option<Snapshot> {
        if self.ensure_open().is_err() {
            return None;
        }
        let mut registry = self.registry.borrow_mut();
        let registration = registry.get_mut(key)?;
        let task = registration.beat.as_mut()?;
        if task.in_flight {
            return None;
        }
        task.in_flight = true;
        let (generation, light, needs_register) =
            (task.generation, task.light, task.needs_register);
        Some(Snapshot {
            generation,
            light,
            needs_register,
            registration: registration.clone(),
        })
    }

    async fn beat_exchange(&self, snapshot: &Snapshot) -> Outcome {
        let namespace = &self.config.namespace;
        let registration = &snapshot.registration;
        let register = params::register(namespace, &registration.name, &registration.instance);
        if snapshot.needs_register {
            return match self.request(&register).await {
                Ok(reply) => Outcome::Reregistered {
                    reason: ReregisterReason::Recovered,
                    server: reply.server,
                },
                Err(error) => Outcome::Failed(error),
            };
        }
        let Some(task) = registration.beat.as_ref() else {
            return Outcome::Failed(NacosError::closed());
        };
        let beat = params::beat(namespace, &task.info, snapshot.light);
        let reply = match self.request(&beat).await {
            Ok(reply) => reply,
            Err(error) => return Outcome::Failed(error),
        };
        let parsed = match BeatReply::parse(&reply.body) {
            Ok(parsed) => parsed,
            Err(error) => return Outcome::Failed(error.with_server(&reply.server)),
        };
        if !parsed.instance_unknown() {
            return Outcome::Beat {
                reply: parsed,
                server: reply.server,
            };
        }
        match self.request(&register).await {
            Ok(reply) => Outcome::Reregistered {
                reason: ReregisterReason::NotFound,
                server: reply.server,
            },
            Err(error) => Outcome::Failed(error),
        }
    }

    /// Records the outcome, reports it, and arms the next beat; `Some(success)` unless the task is gone.
    fn finish_beat(
        &self,
        key: &str,
        snapshot: Snapshot,
        outcome: Outcome,
        latency_ms: u64,
    ) -> Option<bool> {
        let now = self.host.now_ms();
        let instance = snapshot.registration.instance_ref();
        let (event, next_delay, succeeded) = {
            let mut registry = self.registry.borrow_mut();
            let task = registry
                .get_mut(key)
                .and_then(|r| r.beat.as_mut())
                .filter(|task| task.generation == snapshot.generation)?;
            task.in_flight = false;
            task.last_beat_at = Some(now);
            let (event, succeeded) = match outcome {
                Outcome::Beat { reply, server } => {
                    task.light = reply.light_beat_enabled.unwrap_or(task.light);
                    task.period_ms = reply.client_beat_interval_ms.unwrap_or(task.period_ms);
                    task.needs_register = false;
                    task.last_result = Some(BeatResult::Ok);
                    let event = EventKind::Beat {
                        instance,
                        server,
                        latency_ms,
                        light_beat: task.light,
                        next_beat_in_ms: task.period_ms,
                    };
                    (event, true)
                }
                Outcome::Reregistered { reason, server } => {
                    task.needs_register = false;
                    task.last_result = Some(BeatResult::Reregistered);
                    let event = EventKind::Reregister {
                        instance,
                        reason,
                        server,
                    };
                    (event, true)
                }
                Outcome::Failed(error) => {
                    task.needs_register = true;
                    task.last_result = Some(BeatResult::Failed);
                    let event = EventKind::BeatFailed {
                        instance,
                        error,
                        next_beat_in_ms: task.period_ms,
                    };
                    (event, false)
                }
            };
            task.next_due_at = now + task.period_ms;
            (event, task.period_ms, succeeded)
        };
        if self.ensure_open().is_err() {
            return Some(succeeded);
        }
        if self.config.auto_beat {
            self.host.arm(TimerKey::Beat(key.to_string()), next_delay);
        }
        self.emit(event);
        Some(succeeded)
    }
}
