//! `Keyed<V>`: values by string key, sorted by key in one vector (registrations, subscriptions).
//!
//! A `BTreeMap` per value type cost the wasm about 8 KiB each. Values are boxed so an insert moves
//! only 32-byte entries: 10,000 registrations in random order move about 800 MB in total (well
//! under a second), and registrations made in key order (as ports usually go) move nothing.

#[cfg(test)]
use std::ops::Index;

#[derive(Debug)]
pub struct Keyed<V> {
    entries: Vec<(String, Box<V>)>,
}

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed {
            entries: Vec::new(),
        }
    }
}

impl<V> Keyed<V> {
    pub fn new() -> Self {
        Keyed::default()
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(name, _)| name.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        let found = self.position(key).ok()?;
        Some(&self.entries[found].1)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let found = self.position(key).ok()?;
        Some(&mut self.entries[found].1)
    }

    /// The value `key` had before, if any.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.position(&key) {
            Ok(found) => Some(*std::mem::replace(
                &mut self.entries[found].1,
                Box::new(value),
            )),
            Err(slot) => {
                self.entries.insert(slot, (key, Box::new(value)));
                None
            }
        }
    }

    /// `key`'s value, inserted by `make` first when absent.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        let index = match self.position(key) {
            Ok(found) => found,
            Err(slot) => {
                self.entries
                    .insert(slot, (key.to_string(), Box::new(make())));
                slot
            }
        };
        &mut self.entries[index].1
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        let found = self.position(key).ok()?;
        Some(*self.entries.remove(found).1)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// In key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.entries.iter().map(|(key, value)| (key, &**value))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut V)> {
        self.entries
            .iter_mut()
            .map(|(key, value)| (&*key, &mut **value))
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, value)| &**value)
    }

    /// Every value, in key order, leaving the map empty.
    pub fn take_values(&mut self) -> Vec<V> {
        std::mem::take(&mut self.entries)
            .into_iter()
            .map(|(_, value)| *value)
            .collect()
    }
}

/// Tests only: no lookup in the client itself can panic on a missing key.
#[cfg(test)]
impl<V> Index<&str> for Keyed<V> {
    type Output = V;

    /// Panics when `key` is absent, as `BTreeMap` does.
    fn index(&self, key: &str) -> &V {
        self.get(key).expect("no such key")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_a_sorted_map() {
        let mut map = Keyed::new();
        for key in ["m", "a", "z", "c"] {
            assert_eq!(map.insert(key.to_string(), key.len()), None);
        }
        assert_eq!(map.insert("a".into(), 7), Some(1));
        assert_eq!(
            map.iter().map(|(k, _)| k.as_str()).collect::<String>(),
            "acmz"
        );
        assert_eq!(map["a"], 7);
        *map.get_mut("c").unwrap() = 3;
        *map.get_or_insert_with("b", || 0) += 2;
        *map.get_or_insert_with("b", || 100) += 2;
        assert_eq!(map.get("b"), Some(&4));
        assert_eq!(map.remove("m"), Some(1));
        assert_eq!(map.remove("m"), None);
        assert_eq!(map.len(), 4);
        assert_eq!(map.take_values(), [7, 4, 3, 1]);
        assert!(map.is_empty());
    }
}
