//! The beat schedule of every instance, ordered by when each beat is due, behind one host timer.
//!
//! Java gives each instance its own scheduled task. Here one timer wakes the client at the earliest
//! due beat, and a bounded set of workers sends whatever is due: ten thousand instances cost one
//! JavaScript timer, not ten thousand, and a stall (a blocked event loop, a slow server) cannot
//! release thousands of beats at once onto fresh sockets.

use std::cmp::Ordering;
use std::collections::VecDeque;

/// Beats in flight at once from the schedule. Workers start as beats fall due and grow with a backlog
/// up to this; it bounds the sockets and work a burst can start, while leaving room for throughput
/// (beats a second = this / latency): 10,000 instances at 5 s intervals need 2,000 beats a second,
/// which 128 in flight sustain with replies up to 64 ms.
pub const MAX_BEATS_IN_FLIGHT: usize = 128;

/// Registration keys by due time (ms since the epoch). A key is here while its next beat waits; a
/// beat in flight is taken out and put back, with its new due time, when it ends.
///
/// A deque sorted by (due, key), not a `BTreeSet` (kilobytes of wasm per element type): beats leave
/// from the front, and a finished beat's next due time is a period away, so it goes in at or near
/// the back. Both ends are cheap; only a removal from the middle (a deregistration) shifts entries.
#[derive(Debug, Default)]
pub struct BeatQueue {
    by_due: VecDeque<(u64, String)>,
}

impl BeatQueue {
    fn search(&self, due_at: u64, key: &str) -> Result<usize, usize> {
        self.by_due
            .binary_search_by(|(due, name)| compare((*due, name), (due_at, key)))
    }

    /// Adds `key` at `due_at`; the same pair twice is kept once.
    pub fn insert(&mut self, due_at: u64, key: &str) {
        // Nearly always the latest due time (now + a period), so no search.
        let after_last = match self.by_due.back() {
            None => true,
            Some((due, name)) => compare((*due, name), (due_at, key)) == Ordering::Less,
        };
        if after_last {
            self.by_due.push_back((due_at, key.to_string()));
        } else if let Err(slot) = self.search(due_at, key) {
            self.by_due.insert(slot, (due_at, key.to_string()));
        }
    }

    pub fn remove(&mut self, due_at: u64, key: &str) {
        if let Ok(found) = self.search(due_at, key) {
            self.by_due.remove(found);
        }
    }

    /// The earliest due time, if any beat waits.
    pub fn first_due(&self) -> Option<u64> {
        self.by_due.front().map(|(due, _)| *due)
    }

    /// Takes the key whose beat is most overdue, if one is due at `now`.
    pub fn pop_due(&mut self, now: u64) -> Option<String> {
        if self.first_due()? > now {
            return None;
        }
        self.by_due.pop_front().map(|(_, key)| key)
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
        self.search(due_at, key).is_ok()
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

fn compare(a: (u64, &str), b: (u64, &str)) -> Ordering {
    a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1))
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
    fn stays_sorted_whatever_the_order_of_inserts_and_removals() {
        let mut queue = BeatQueue::default();
        let mut state: u64 = 7;
        let mut expected = std::collections::BTreeSet::new();
        for i in 0..2_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let (due, key) = ((state >> 33) % 50, format!("k{}", (state >> 20) % 40));
            if i % 3 == 0 {
                queue.remove(due, &key);
                expected.remove(&(due, key));
            } else {
                queue.insert(due, &key);
                expected.insert((due, key));
            }
        }
        assert_eq!(queue.len(), expected.len());
        for (due, key) in expected {
            assert!(queue.contains(due, &key));
            assert_eq!(queue.first_due(), Some(due));
            assert_eq!(queue.pop_due(due).as_deref(), Some(key.as_str()));
        }
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
