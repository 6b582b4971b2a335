//! Running beats (Java's `BeatReactor.BeatTask.run`) from one schedule, and recovery after outages.

use crate::core::beat_queue::MAX_BEATS_IN_FLIGHT;
use crate::core::client::NamingCore;
use crate::core::error::NacosError;
use crate::core::event::{EventKind, ReregisterReason};
use crate::core::host::{Host, TimerKey};
use crate::core::join::join_all;
use crate::core::json::{ObjectWriter, ToJson};
use crate::core::params::{self, ApiCall};
use crate::core::registry::{BeatResult, Registration};
use crate::core::reply::BeatReply;

/// What `sendBeats()` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BeatSummary {
    pub attempted: u32,
    pub succeeded: u32,
}

impl ToJson for BeatSummary {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("attempted", &self.attempted)
            .field("succeeded", &self.succeeded)
            .finish();
    }
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

/// What a beat needs, built while the registry is borrowed so no borrow lives across the request.
/// Only the call itself: a beat runs thousands of times a minute, and copying the whole registration
/// (its metadata twice) or building the full registration's parameters every time was most of its cost.
struct Snapshot {
    generation: u64,
    /// The beat, or the full registration when the last beat failed.
    call: ApiCall,
    needs_register: bool,
    /// When this beat was due, if the schedule sent it (it may go out late when the client is busy);
    /// `None` when `sendBeats()` asked for it.
    due_at: Option<u64>,
}

impl<H: Host> NamingCore<H> {
    /// Sends one beat for `key` now and schedules the next a period later (`sendBeats`, tests).
    pub async fn run_beat(&self, key: &str) -> Option<bool> {
        self.beat(key, false).await
    }

    /// Sends one beat; `on_schedule` when the beat schedule sent it, so the next keeps its cadence.
    async fn beat(&self, key: &str, on_schedule: bool) -> Option<bool> {
        let snapshot = self.start_beat(key, on_schedule)?;
        let started = self.host.now_ms();
        let outcome = self.beat_exchange(key, &snapshot).await;
        self.finish_beat(key, snapshot, outcome, started)
    }

    /// The `Beats` timer fired: starts workers for the beats due now, never more than
    /// `MAX_BEATS_IN_FLIGHT` at once; the last worker to run out of due beats arms the timer again.
    pub(crate) async fn run_due_beats(&self) {
        self.beat_timer_at.set(None);
        let free = MAX_BEATS_IN_FLIGHT.saturating_sub(self.beat_workers.get());
        let due = self.beat_queue.borrow().due_count(self.host.now_ms(), free);
        if due == 0 {
            // Early (clocks differ by a millisecond) or every worker busy: they re-arm when done.
            self.arm_beat_timer();
            return;
        }
        // Counted before they start, so each sees the others when judging the backlog.
        self.beat_workers.set(self.beat_workers.get() + due);
        join_all((0..due).map(|_| self.beat_worker())).await;
    }

    /// Sends due beats one after another until none is due.
    async fn beat_worker(&self) {
        loop {
            let now = self.host.now_ms();
            let next = self.beat_queue.borrow_mut().pop_due(now);
            let Some(key) = next else { break };
            // As many beats still due as there are workers: every one of them is behind.
            let workers = self.beat_workers.get();
            if self.beat_queue.borrow().due_count(now, workers) >= workers {
                self.add_beat_workers_soon(now);
            }
            self.beat(&key, true).await;
        }
        self.beat_workers.set(self.beat_workers.get() - 1);
        self.arm_beat_timer();
    }

    /// More beats are due than the running workers can take at once: the timer, armed for now, starts
    /// more (up to the limit), so the workers grow with the backlog instead of falling behind.
    fn add_beat_workers_soon(&self, now: u64) {
        if self.beat_workers.get() >= MAX_BEATS_IN_FLIGHT
            || self.beat_timer_at.get().is_some_and(|armed| armed <= now)
        {
            return;
        }
        self.beat_timer_at.set(Some(now));
        self.host.arm(TimerKey::Beats, 0);
    }

    /// Arms the `Beats` timer for the earliest due beat, unless it already fires by then, or running
    /// workers will take that beat anyway (each re-arms the timer when it runs out of due beats).
    pub(crate) fn arm_beat_timer(&self) {
        if !self.config.auto_beat || self.ensure_open().is_err() {
            return;
        }
        let Some(due) = self.beat_queue.borrow().first_due() else {
            return;
        };
        let now = self.host.now_ms();
        let workers = self.beat_workers.get();
        // A running worker takes every due beat before it stops; at the limit, all of them will.
        if (due <= now && workers > 0) || workers >= MAX_BEATS_IN_FLIGHT {
            return;
        }
        if self.beat_timer_at.get().is_some_and(|armed| armed <= due) {
            return;
        }
        self.beat_timer_at.set(Some(due));
        let delay = due.saturating_sub(now);
        self.host.arm(TimerKey::Beats, delay);
    }

    /// A server answered after failing: every instance whose last beat failed re-registers now
    /// rather than up to a period later, so an outage ends for all of them at the first answer.
    pub(crate) fn hurry_reregistrations(&self) {
        let now = self.host.now_ms();
        let mut hurried = false;
        {
            let mut registry = self.registry.borrow_mut();
            let mut queue = self.beat_queue.borrow_mut();
            for (key, registration) in registry.iter_mut() {
                let Some(task) = registration.beat.as_mut() else {
                    continue;
                };
                if task.needs_register && !task.in_flight && task.next_due_at > now {
                    queue.remove(task.next_due_at, key);
                    task.next_due_at = now;
                    queue.insert(now, key);
                    hurried = true;
                }
            }
        }
        if hurried {
            self.arm_beat_timer();
        }
    }

    /// Takes a registration's waiting beat (if it has one) off the schedule.
    pub(crate) fn unschedule_beat(&self, key: &str, registration: Option<&Registration>) {
        if let Some(task) = registration.and_then(|r| r.beat.as_ref()) {
            self.beat_queue.borrow_mut().remove(task.next_due_at, key);
        }
        // Nothing left to beat: no timer either, so a process with no other work can exit.
        if self.beat_queue.borrow().is_empty() && self.beat_timer_at.take().is_some() {
            self.host.disarm(&TimerKey::Beats);
        }
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
        // close() ended the beats in flight: say so, as every other call does, not "0 attempted".
        self.ensure_open()?;
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
        let waiting = self.beat_queue.borrow().first_due();
        // Beats in flight are not waiting; with nothing else, the next is due a period after them.
        let in_flight = || {
            self.registry
                .borrow()
                .values()
                .filter_map(|r| r.beat.as_ref().filter(|task| task.in_flight))
                .map(|task| now + task.period_ms)
                .min()
        };
        waiting
            .or_else(in_flight)
            .map(|due| due.saturating_sub(now))
    }

    fn start_beat(&self, key: &str, on_schedule: bool) -> Option<Snapshot> {
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
        // The schedule's workers popped the key already; `sendBeats()` takes it off here.
        if !on_schedule {
            self.beat_queue.borrow_mut().remove(task.next_due_at, key);
        }
        let namespace = &self.config.namespace;
        let call = if task.needs_register {
            params::register(namespace, &registration.name, &registration.instance)
        } else {
            params::beat(namespace, &task.info, task.light)
        };
        Some(Snapshot {
            generation: task.generation,
            call,
            needs_register: task.needs_register,
            due_at: on_schedule.then_some(task.next_due_at),
        })
    }

    /// The full registration of `key`'s instance as it is now, if its task is still `generation`.
    fn register_call(&self, key: &str, generation: u64) -> Option<ApiCall> {
        let registry = self.registry.borrow();
        let registration = registry.get(key)?;
        registration
            .beat
            .as_ref()
            .filter(|task| task.generation == generation)?;
        Some(params::register(
            &self.config.namespace,
            &registration.name,
            &registration.instance,
        ))
    }

    async fn beat_exchange(&self, key: &str, snapshot: &Snapshot) -> Outcome {
        if snapshot.needs_register {
            return match self.request(&snapshot.call).await {
                Ok(reply) => Outcome::Reregistered {
                    reason: ReregisterReason::Recovered,
                    server: reply.server.display.clone(),
                },
                Err(error) => Outcome::Failed(error),
            };
        }
        let reply = match self.request(&snapshot.call).await {
            Ok(reply) => reply,
            Err(error) => return Outcome::Failed(error),
        };
        let parsed = match BeatReply::parse(&reply.body) {
            Ok(parsed) => parsed,
            Err(error) => return Outcome::Failed(error.with_server(&reply.server.display)),
        };
        if !parsed.instance_unknown() {
            return Outcome::Beat {
                reply: parsed,
                server: reply.server.display.clone(),
            };
        }
        // Replaced or removed meanwhile: finish_beat drops this outcome anyway.
        let Some(register) = self.register_call(key, snapshot.generation) else {
            return Outcome::Failed(NacosError::closed());
        };
        match self.request(&register).await {
            Ok(reply) => Outcome::Reregistered {
                reason: ReregisterReason::NotFound,
                server: reply.server.display.clone(),
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
        started_at: u64,
    ) -> Option<bool> {
        let now = self.host.now_ms();
        let latency_ms = now.saturating_sub(started_at);
        let (event, succeeded) = {
            let mut registry = self.registry.borrow_mut();
            let registration = registry.get_mut(key)?;
            let instance = registration.instance_ref();
            let task = registration
                .beat
                .as_mut()
                .filter(|task| task.generation == snapshot.generation)?;
            task.in_flight = false;
            task.last_beat_at = Some(now);
            let succeeded = !matches!(outcome, Outcome::Failed(_));
            if let Outcome::Beat { reply, .. } = &outcome {
                task.light = reply.light_beat_enabled.unwrap_or(task.light);
                task.period_ms = reply.client_beat_interval_ms.unwrap_or(task.period_ms);
            }
            task.needs_register = !succeeded;
            // A beat sent late (a busy client) keeps its cadence; one sent early (`sendBeats`) starts anew.
            let sent_for = snapshot
                .due_at
                .map_or(started_at, |due| due.min(started_at));
            task.next_due_at = next_due_at(task.period_ms, sent_for, now, succeeded);
            self.beat_queue.borrow_mut().insert(task.next_due_at, key);
            let next_beat_in_ms = task.next_due_at - now;
            let event = match outcome {
                Outcome::Beat { server, .. } => {
                    task.last_result = Some(BeatResult::Ok);
                    EventKind::Beat {
                        instance,
                        server,
                        latency_ms,
                        light_beat: task.light,
                        next_beat_in_ms,
                    }
                }
                Outcome::Reregistered { reason, server } => {
                    task.last_result = Some(BeatResult::Reregistered);
                    EventKind::Reregister {
                        instance,
                        reason,
                        server,
                    }
                }
                Outcome::Failed(error) => {
                    task.last_result = Some(BeatResult::Failed);
                    EventKind::BeatFailed {
                        instance,
                        error,
                        next_beat_in_ms,
                    }
                }
            };
            (event, succeeded)
        };
        if self.ensure_open().is_err() {
            return Some(succeeded);
        }
        self.arm_beat_timer();
        self.emit(event);
        Some(succeeded)
    }
}

/// When the next beat is due. After a beat that arrived, a period after it was due (or sent, if
/// earlier), so the server sees beats a period apart however long replies take and however late a
/// busy client sent them (Java waits a period after the reply, so every delay adds to the gap); but at
/// least half a period from now, so a beat that needed a failover is not followed by another at once.
/// After a failure, a period from now, as Java.
pub(crate) fn next_due_at(period_ms: u64, sent_for: u64, now: u64, succeeded: bool) -> u64 {
    if succeeded {
        (sent_for + period_ms).max(now + period_ms / 2)
    } else {
        now + period_ms
    }
}
