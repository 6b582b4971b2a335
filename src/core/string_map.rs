//! `StringMap`: metadata and other string-to-string maps, kept sorted by key in one vector.
//!
//! Nacos metadata maps hold a handful of entries, where a sorted vector is as fast as a `BTreeMap`
//! and each `BTreeMap` key/value type adds kilobytes of wasm. Sorted, so JSON output is stable.

use crate::core::json::{write_str, ToJson};
#[cfg(test)]
use std::ops::Index;

/// Ordered as its sorted entries compare, as `BTreeMap` orders.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct StringMap {
    entries: Vec<(String, String)>,
}

impl StringMap {
    pub fn new() -> StringMap {
        StringMap::default()
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(name, _)| name.as_str().cmp(key))
    }

    /// Sets `key`; a key already there gets the new value (the last one wins, as in JSON objects).
    pub fn insert(&mut self, key: String, value: String) {
        match self.position(&key) {
            Ok(found) => self.entries[found].1 = value,
            Err(slot) => self.entries.insert(slot, (key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        let found = self.position(key).ok()?;
        Some(self.entries[found].1.as_str())
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// In key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
    }
}

/// Tests only: no lookup in the client itself can panic on a missing key.
#[cfg(test)]
impl Index<&str> for StringMap {
    type Output = String;

    /// Panics when `key` is absent, as `BTreeMap` does.
    fn index(&self, key: &str) -> &String {
        let found = self.position(key).expect("no such key in the map");
        &self.entries[found].1
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for StringMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> StringMap {
        let mut map = StringMap::new();
        for (key, value) in pairs {
            map.insert(key.into(), value.into());
        }
        map
    }
}

/// A JSON object, keys in order.
impl ToJson for StringMap {
    fn write_json(&self, out: &mut String) {
        out.push('{');
        for (index, (key, value)) in self.entries.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            write_str(out, key);
            out.push(':');
            write_str(out, value);
        }
        out.push('}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_keys_last_value_wins() {
        let mut map: StringMap = [("b", "2"), ("a", "1"), ("c", "3")].into_iter().collect();
        map.insert("b".into(), "two".into());
        assert_eq!(map.len(), 3);
        assert_eq!(
            map.iter().collect::<Vec<_>>(),
            [("a", "1"), ("b", "two"), ("c", "3")]
        );
        assert_eq!(map["b"], "two");
        assert_eq!(map.get("z"), None);
        assert!(map.contains_key("a") && !StringMap::new().contains_key("a"));
        assert_eq!(map.to_json(), r#"{"a":"1","b":"two","c":"3"}"#);
    }
}
