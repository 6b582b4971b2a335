//! Reading JSON text into a [`Value`]: the strict parser, its nesting limit and [`JsonError`].

use std::fmt;

use super::{Value, FOREIGN_KEY};

/// How many arrays and objects may nest; deeper input is refused rather than overflowing the stack.
pub const MAX_DEPTH: usize = 128;

/// Why a text is not JSON, and where (a byte offset into the text).
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    pub offset: usize,
    pub message: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for JsonError {}

/// Parses strict JSON (RFC 8259): one value, surrounding whitespace allowed, nothing after it.
/// Nesting deeper than MAX_DEPTH (128) is an error, not a stack overflow.
/// \u escapes: surrogate pairs combine; a lone surrogate becomes U+FFFD (JSON.stringify emits
/// lone surrogates as escapes, so input from JS can contain them).
/// Numbers: JSON grammar checked by hand, then the slice converted by `core::number::parse_decimal`.
/// A number too large for an f64 (1e400) is an error, as in serde_json, not an infinity.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    parser.skip_whitespace();
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.pos < parser.bytes.len() {
        return Err(parser.error("trailing characters"));
    }
    Ok(value)
}

/// A cursor over the text. Every index goes through `get`, so malformed input cannot panic.
struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &'static str) -> JsonError {
        JsonError {
            offset: self.pos,
            message,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// The text between two positions. Callers only cut next to ASCII bytes, which are always
    /// char boundaries; the fallback is unreachable and only there so no input can panic.
    fn slice(&self, from: usize, to: usize) -> &str {
        self.text.get(from..to).unwrap_or_default()
    }

    /// `depth` counts the arrays and objects around this value.
    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        match self.peek() {
            None => Err(self.error("unexpected end of input")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word.as_bytes()) {
            self.pos = end;
            Ok(value)
        } else {
            Err(self.error("invalid literal"))
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.error("unexpected end of input")),
                Some(_) => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        self.pos += 1; // '{'
        let mut fields = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(fields));
        }
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.error("unexpected end of input")),
                Some(_) => return Err(self.error("expected a string key")),
            }
            let key = self.string()?;
            self.skip_whitespace();
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(self.error("unexpected end of input")),
                Some(_) => return Err(self.error("expected ':'")),
            }
            self.skip_whitespace();
            fields.push((key, self.value(depth)?));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.error("unexpected end of input")),
                Some(_) => return Err(self.error("expected ',' or '}'")),
            }
        }
        let foreign = matches!(fields.as_slice(), [(key, Value::String(_))] if key == FOREIGN_KEY);
        if foreign {
            if let Some((_, Value::String(name))) = fields.pop() {
                return Ok(Value::Foreign(name));
            }
        }
        Ok(Value::Object(fields))
    }

    /// Reads a string starting at its opening quote. Runs without escapes are copied as whole
    /// slices: most strings in a reply have none, so they cost one scan and one copy.
    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1; // '"'
        let mut out = String::new();
        loop {
            let run = self.pos;
            let rest = self.bytes.get(run..).unwrap_or_default();
            let stop = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(rest.len());
            self.pos = run + stop;
            out.push_str(self.slice(run, self.pos));
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => self.escape(&mut out)?,
                None => return Err(self.error("unterminated string")),
                Some(_) => return Err(self.error("control character in string")),
            }
        }
    }

    /// Decodes one escape starting at its backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let backslash = self.pos;
        self.pos += 1;
        let decoded = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                out.push(self.unicode_escape()?);
                return Ok(());
            }
            None => return Err(self.error("unterminated string")),
            Some(_) => {
                return Err(JsonError {
                    offset: backslash,
                    message: "invalid escape",
                })
            }
        };
        self.pos += 1;
        out.push(decoded);
        Ok(())
    }

    /// Decodes the hex after `\u`, pairing a high surrogate with a following `\uDC00`-`\uDFFF`.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let low = match first {
            0xD800..=0xDBFF => {
                let after_first = self.pos;
                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Ok(char::REPLACEMENT_CHARACTER);
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    // Not a pair: the second escape stands alone, so read it again on its own.
                    self.pos = after_first;
                    return Ok(char::REPLACEMENT_CHARACTER);
                }
                second
            }
            0xDC00..=0xDFFF => return Ok(char::REPLACEMENT_CHARACTER),
            _ => return Ok(char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER)),
        };
        let combined = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00);
        Ok(char::from_u32(combined).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        let mut code = 0;
        for &digit in digits {
            let nibble = char::from(digit)
                .to_digit(16)
                .ok_or_else(|| self.error("invalid \\u escape"))?;
            code = code * 16 + nibble;
        }
        self.pos += 4;
        Ok(code)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error("invalid number: leading zero"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error("invalid number")),
        }
        let int_end = self.pos;
        let mut whole = true;
        if self.peek() == Some(b'.') {
            whole = false;
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            whole = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("invalid number"));
            }
        }
        // Up to 15 digits fit an f64 exactly, so ids and ports skip the general float parser;
        // the result is bit-for-bit what str::parse would give.
        let int_digits = self.bytes.get(int_start..int_end).unwrap_or_default();
        if whole && int_digits.len() <= 15 {
            let magnitude = int_digits
                .iter()
                .fold(0u64, |acc, &d| acc * 10 + u64::from(d - b'0'));
            let magnitude = magnitude as f64;
            return Ok(Value::Number(if negative { -magnitude } else { magnitude }));
        }
        match crate::core::number::parse_decimal(self.slice(start, self.pos)) {
            Some(number) if number.is_finite() => Ok(Value::Number(number)),
            _ => Err(JsonError {
                offset: start,
                message: "number out of range",
            }),
        }
    }
}
