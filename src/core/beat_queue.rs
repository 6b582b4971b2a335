//! The beat schedule of every instance, ordered by when each beat is due, behind one host timer.
//!
//! Java gives each instance its own scheduled task. Here one timer wakes the client at the earliest
//! due beat, and a bounded set of workers sends whatever is due: ten thousand instances cost one
//! JavaScript timer, not ten thousand, and a stall (a blocked event loop, a slow server) cannot
//! release thousands of beats at once onto fresh sockets.

use std::collections::BTreeSet;

/// Beats in flight at once from the schedule. Workers start as beats fall due and grow with a backlog
/// up to this; it bounds the sockets and work a burst can start, while leaving room for throughput
/// (beats a second = this / latency): 10,000 instances at 5 s intervals need 2,000 beats a second,
/// which 128 in flight sustain with replies up to 64 ms.
pub const MAX_BEATS_IN_FLIGHT: usize = 128;

/// Registration keys by due time (ms since the epoch). A key is here while its next beat waits; a
/// beat in flight is taken out and put back, with its new due time, when it ends.
#[derive(Debug, Default)]
pub struct BeatQueue {
    by_due: BTreeSet<(u64, String)>,
}

impl BeatQueue {
    pub fn insert(&mut self, due_at: u64, key: &str) {
        self.by_due.insert((due_at, key.to_string()));
    }

    pub fn remove(&mut self, due_at: u64, key: &str) {
        self.by_due.remove(&(due_at, key.to_string()));
    }

    /// The earliest due time, if any beat waits.
    pub fn first_due(&self) -> Option<u64> {
        self.by_due.first().map(|(due, _)| *due)
    }

    /// Takes the key whose beat is most overdue, if one is due at `now`.
    pub fn pop_due(&mut self, now: u64) -> Option<String> {
        if self.first_due()? > now {
            return None;
        }
        self.by_due.pop_first().map(|(_, key)| key)
    }

    /// How many beats are due at `now`, counting no further than `limit`.
    pub fn due_count(&self, now: u64, limit: usize) -> usize {
        self.by_due
            .iter()
            .take(limit)
            .take_while(|(due, _)| *due <= now)
            .count()
    }

    pub fn contains(&self, due_at: u64, key: &str) -> bool {
        self.by_due.contains(&(due_at, key.to_string()))
    }

    pub fn len(&self) -> usize {
        self.by_due.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_due.is_empty()
    }

    pub fn clear(&mut self) {
        self.by_due.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_the_most_overdue_first_and_nothing_early() {
        let mut queue = BeatQueue::default();
        queue.insert(300, "c");
        queue.insert(100, "a");
        queue.insert(200, "b");
        assert_eq!(queue.first_due(), Some(100));
        assert_eq!(queue.due_count(250, 10), 2);
        assert_eq!(queue.due_count(250, 1), 1);
        assert_eq!(queue.pop_due(99), None);
        assert_eq!(queue.pop_due(250).as_deref(), Some("a"));
        assert_eq!(queue.pop_due(250).as_deref(), Some("b"));
        assert_eq!(queue.pop_due(250), None);
        queue.remove(300, "c");
        assert!(queue.is_empty());
    }

    #[test]
    fn equal_due_times_keep_every_key() {
        let mut queue = BeatQueue::default();
        queue.insert(100, "a");
        queue.insert(100, "b");
        assert_eq!(queue.len(), 2);
        queue.remove(100, "a");
        assert_eq!(queue.pop_due(100).as_deref(), Some("b"));
    }
}
