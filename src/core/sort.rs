//! One small in-place sort for the few lists the client orders (hosts, cluster names, servers).
//!
//! The standard library's sorts are fast but large: each `sort_by` instantiation added 3–4 KiB of
//! wasm. A heapsort is O(n log n) in every case, allocates nothing, and is a few hundred bytes. It
//! is not stable; callers whose order matters on ties compare a tie-breaker too.

use std::cmp::Ordering;

pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut less = |a: &T, b: &T| compare(a, b) == Ordering::Less;
    // Build a max-heap, then move its top to the end one at a time.
    for start in (0..items.len() / 2).rev() {
        sift_down(items, start, items.len(), &mut less);
    }
    for end in (1..items.len()).rev() {
        items.swap(0, end);
        sift_down(items, 0, end, &mut less);
    }
}

/// Restores the heap below `root` within `items[..end]`.
fn sift_down<T>(
    items: &mut [T],
    mut root: usize,
    end: usize,
    less: &mut impl FnMut(&T, &T) -> bool,
) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&items[child], &items[child + 1]) {
            child += 1;
        }
        if !less(&items[root], &items[child]) {
            return;
        }
        items.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library() {
        let mut state: u32 = 12345;
        for len in 0..200 {
            let mut items: Vec<u32> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (state >> 16) % 50
                })
                .collect();
            let mut expected = items.clone();
            expected.sort();
            sort_by(&mut items, |a, b| a.cmp(b));
            assert_eq!(items, expected, "length {len}");
        }
    }
}
