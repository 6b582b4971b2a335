//! URL encoding of parameter lists: `a=1&b=2`, every byte but RFC 3986's unreserved ones escaped.

/// Percent-encodes everything but RFC 3986 unreserved characters, as UTF-8.
pub fn percent_encode(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Runs of unreserved (ASCII) bytes are copied whole; each run starts and ends at an ASCII
    // byte, so the cuts are character boundaries.
    let mut run = 0;
    for (index, byte) in text.bytes().enumerate() {
        if is_unreserved(byte) {
            continue;
        }
        out.push_str(text.get(run..index).unwrap_or_default());
        out.push('%');
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xF)]));
        run = index + 1;
    }
    out.push_str(text.get(run..).unwrap_or_default());
}

/// The length of `encode_pairs(pairs)`, without building it (every request is checked against
/// `MAX_QUERY_BYTES` before it is built).
pub fn encoded_len(pairs: &[(&'static str, String)]) -> usize {
    let text_len = |text: &str| {
        text.bytes()
            .map(|byte| if is_unreserved(byte) { 1 } else { 3 })
            .sum::<usize>()
    };
    let separators = pairs.len() * 2 - usize::from(!pairs.is_empty());
    pairs
        .iter()
        .map(|(name, value)| text_len(name) + text_len(value))
        .sum::<usize>()
        + separators
}

fn is_unreserved(byte: u8) -> bool {
    UNRESERVED[usize::from(byte)]
}

/// RFC 3986 unreserved bytes, by value: one lookup per byte of every URL the client builds.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~');
        byte += 1;
    }
    table
};

/// The length of the pairs before encoding, `=` and `&` included: encoding at most triples it.
pub fn raw_len(pairs: &[(&'static str, String)]) -> usize {
    pairs
        .iter()
        .map(|(name, value)| name.len() + value.len() + 2)
        .sum()
}

/// `a=1&b=2`, each name and value percent-encoded.
pub fn encode_pairs(pairs: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(raw_len(pairs) + 16);
    encode_pairs_into(&mut out, pairs);
    out
}

/// `encode_pairs`, appended to `out`.
pub fn encode_pairs_into(out: &mut String, pairs: &[(&'static str, String)]) {
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        percent_encode(name, out);
        out.push('=');
        percent_encode(value, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_keeps_reserved_characters_intact() {
        let encoded = encode_pairs(&[("metadata", r#"{"a":"x&y=z% w中"}"#.to_string())]);
        assert_eq!(
            encoded,
            "metadata=%7B%22a%22%3A%22x%26y%3Dz%25%20w%E4%B8%AD%22%7D"
        );
    }

    #[test]
    fn encoded_len_is_the_length_of_the_encoding() {
        let cases: [&[(&'static str, String)]; 3] = [
            &[],
            &[("ip", "10.0.0.1".to_string())],
            &[
                ("serviceName", "DEFAULT_GROUP@@orders".to_string()),
                ("metadata", r#"{"a":"x&y=z% w中"}"#.to_string()),
                ("empty", String::new()),
            ],
        ];
        for pairs in cases {
            assert_eq!(encoded_len(pairs), encode_pairs(pairs).len(), "{pairs:?}");
        }
    }
}
