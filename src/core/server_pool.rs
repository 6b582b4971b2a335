//! Which server to try next: Java's random start and round robin, plus a cool-down for servers that just failed.

use crate::core::json::{ObjectWriter, ToJson};
use crate::core::server_addr::ServerAddr;
use std::rc::Rc;

/// The longest cool-down, as a multiple of the base: a long-dead server is probed about once per this.
const MAX_COOLDOWN_FACTOR: u64 = 8;

#[derive(Debug, Clone, Default)]
struct Health {
    /// Failures since the last success (refusals, timeouts, 5xx).
    failures: u32,
    /// Until this time (ms) the server is tried only after the healthy ones.
    cooling_until: u64,
    last_error: Option<String>,
}

/// A server's state as reported to callers.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerState {
    pub server: String,
    pub up: bool,
    pub failures: u32,
    pub last_error: Option<String>,
}

impl ToJson for ServerState {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("server", &self.server)
            .field("up", &self.up)
            .field("failures", &self.failures)
            .field("lastError", &self.last_error)
            .finish();
    }
}

/// The servers and what the client has learnt of their health.
#[derive(Debug)]
pub struct ServerPool {
    /// Shared, so a call takes its server out of the pool's borrow without copying two strings.
    servers: Vec<Rc<ServerAddr>>,
    health: Vec<Health>,
    cooldown_ms: u64,
}

impl ServerPool {
    pub fn new(servers: Vec<ServerAddr>, cooldown_ms: u64) -> ServerPool {
        let health = vec![Health::default(); servers.len()];
        ServerPool {
            servers: servers.into_iter().map(Rc::new).collect(),
            health,
            cooldown_ms,
        }
    }

    pub fn server(&self, index: usize) -> Rc<ServerAddr> {
        Rc::clone(&self.servers[index])
    }

    pub fn displays(&self) -> Vec<String> {
        self.servers.iter().map(|s| s.display.clone()).collect()
    }

    /// The servers to try for one request, in order.
    ///
    /// One server: it, `max_retry` times (Java's `nacosDomain` loop). Several: Java's order, a random
    /// start then round robin, one try each; but servers cooling down after a failure go last,
    /// soonest-recovering first, so a dead or hung server costs one failure rather than one per request.
    ///
    /// `now_ms` and `random` are asked for only with several servers: each may cost a call into the
    /// host (JS, in the wasm build).
    pub fn attempt_order(
        &self,
        now_ms: impl FnOnce() -> u64,
        random: impl FnOnce() -> f64,
        max_retry: u32,
    ) -> Vec<usize> {
        let count = self.servers.len();
        if count == 1 {
            return vec![0; max_retry.max(1) as usize];
        }
        let start = ((random().clamp(0.0, 1.0) * count as f64) as usize).min(count - 1);
        let now_ms = now_ms();
        let rotation = (0..count).map(|offset| (start + offset) % count);
        let (mut ready, mut cooling): (Vec<usize>, Vec<usize>) =
            rotation.partition(|&index| !self.is_cooling(index, now_ms));
        // Ties keep the rotation's order (the sort is not stable, so it is part of the key).
        let position = |index: usize| (index + count - start) % count;
        crate::core::sort::sort_by(&mut cooling, |&a, &b| {
            (self.health[a].cooling_until, position(a))
                .cmp(&(self.health[b].cooling_until, position(b)))
        });
        ready.append(&mut cooling);
        ready
    }

    fn is_cooling(&self, index: usize, now_ms: u64) -> bool {
        let health = &self.health[index];
        health.failures > 0 && now_ms < health.cooling_until
    }

    /// Records a server fault; true when the server was considered up until now.
    pub fn record_failure(&mut self, index: usize, now_ms: u64, error: &str) -> bool {
        let health = &mut self.health[index];
        let was_up = health.failures == 0;
        health.failures = health.failures.saturating_add(1);
        let factor = 1u64 << health.failures.saturating_sub(1).min(3);
        health.cooling_until = now_ms + self.cooldown_ms * factor.min(MAX_COOLDOWN_FACTOR);
        health.last_error = Some(error.to_string());
        was_up
    }

    /// Records an answer; true when the server had been failing.
    pub fn record_success(&mut self, index: usize) -> bool {
        let health = &mut self.health[index];
        let was_down = health.failures > 0;
        health.failures = 0;
        health.cooling_until = 0;
        was_down
    }

    pub fn states(&self) -> Vec<ServerState> {
        self.servers
            .iter()
            .zip(&self.health)
            .map(|(server, health)| ServerState {
                server: server.display.clone(),
                up: health.failures == 0,
                failures: health.failures,
                last_error: health.last_error.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::server_addr::parse_server_list;

    fn pool(count: usize) -> ServerPool {
        let entries: Vec<String> = (1..=count).map(|i| format!("h{i}")).collect();
        ServerPool::new(
            parse_server_list(entries.iter().map(String::as_str)).unwrap(),
            1000,
        )
    }

    #[test]
    fn single_server_is_retried_max_retry_times() {
        assert_eq!(pool(1).attempt_order(|| 0, || 0.7, 3), [0, 0, 0]);
        assert_eq!(pool(1).attempt_order(|| 0, || 0.7, 0), [0]);
    }

    #[test]
    fn several_servers_start_at_random_then_round_robin() {
        let pool = pool(3);
        assert_eq!(pool.attempt_order(|| 0, || 0.0, 3), [0, 1, 2]);
        assert_eq!(pool.attempt_order(|| 0, || 0.5, 3), [1, 2, 0]);
        assert_eq!(pool.attempt_order(|| 0, || 0.99, 3), [2, 0, 1]);
        assert_eq!(pool.attempt_order(|| 0, || 1.0, 3), [2, 0, 1]);
    }

    #[test]
    fn failed_servers_go_last_until_their_cool_down_ends() {
        let mut pool = pool(3);
        assert!(pool.record_failure(0, 100, "refused"));
        assert_eq!(pool.attempt_order(|| 200, || 0.0, 3), [1, 2, 0]);
        assert!(pool.record_failure(1, 150, "timeout"));
        assert_eq!(pool.attempt_order(|| 200, || 0.0, 3), [2, 0, 1]);
        // Cool-down over: back in Java's order, still marked down until it answers.
        assert_eq!(pool.attempt_order(|| 1_200, || 0.0, 3), [0, 1, 2]);
        assert!(!pool.states()[0].up);
        assert!(pool.record_success(0));
        assert!(!pool.record_success(0));
        assert!(pool.states()[0].up);
    }

    #[test]
    fn repeated_failures_cool_down_longer_up_to_a_cap() {
        let mut pool = pool(2);
        assert!(pool.record_failure(0, 0, "x"));
        assert!(!pool.record_failure(0, 0, "x"));
        assert_eq!(pool.health[0].cooling_until, 2000);
        for _ in 0..10 {
            pool.record_failure(0, 0, "x");
        }
        assert_eq!(pool.health[0].cooling_until, 8000);
        assert_eq!(pool.states()[0].last_error.as_deref(), Some("x"));
    }
}
