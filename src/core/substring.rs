//! Finding one string in another, for the few places that search for more than one character.
//!
//! std's `str::find(&str)` and friends run the Two-Way algorithm, whose searcher (and the panic
//! formatting it brings) costs the wasm about 5 KiB. Every needle here is short (`@@`, `://`, a
//! token) and every haystack a name, URL or message, where a plain scan is as fast.

/// The byte offset of the first `needle` in `haystack`; `Some(0)` for an empty needle, as std.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len()).find(|&at| haystack[at..].starts_with(needle))
}

pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// The text before and after the first `needle`.
pub fn split_once<'a>(haystack: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let at = find(haystack, needle)?;
    // A match of a whole (valid UTF-8) needle starts and ends on character boundaries.
    Some((haystack.get(..at)?, haystack.get(at + needle.len()..)?))
}

/// `haystack` with every `needle` replaced by `with` (left to right, without overlaps).
pub fn replace(haystack: &str, needle: &str, with: &str) -> String {
    if needle.is_empty() {
        return haystack.to_string();
    }
    let mut out = String::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some((before, after)) = split_once(rest, needle) {
        out.push_str(before);
        out.push_str(with);
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_std() {
        let cases = [
            ("DEFAULT_GROUP@@orders", "@@"),
            ("a@@b@@c", "@@"),
            ("@@", "@@"),
            ("@", "@@"),
            ("", "@@"),
            ("abc", ""),
            ("http://h:1", "://"),
            ("中文@@名", "@@"),
            ("aaa", "aa"),
        ];
        for (haystack, needle) in cases {
            assert_eq!(
                find(haystack, needle),
                haystack.find(needle),
                "{haystack} {needle}"
            );
            assert_eq!(split_once(haystack, needle), haystack.split_once(needle));
            assert_eq!(contains(haystack, needle), haystack.contains(needle));
            if !needle.is_empty() {
                assert_eq!(
                    replace(haystack, needle, "*"),
                    haystack.replace(needle, "*")
                );
            }
        }
    }
}
