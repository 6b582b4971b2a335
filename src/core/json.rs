//! A small strict JSON reader and writer, so the wasm build needs neither serde nor serde_json.

use std::collections::BTreeMap;
use std::fmt;

/// How many arrays and objects may nest; deeper input is refused rather than overflowing the stack.
pub const MAX_DEPTH: usize = 128;

/// A JSON value. Objects keep their keys in document order (a Vec, not a map).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
    /// A JavaScript value JSON cannot carry (a BigInt, a function, NaN, ...), named as an error
    /// message would name it, e.g. "a bigint", "a function", "NaN". Our JS glue encodes one as the
    /// object {"\u0000": "<name>"}; the parser turns exactly that shape (an object whose only key is
    /// the single character U+0000 and whose value is a string) into Foreign(name).
    Foreign(String),
}

/// The key of the one-field object the JS glue uses to smuggle a [`Value::Foreign`] through JSON.
const FOREIGN_KEY: &str = "\u{0}";

impl Value {
    /// An object's field (the first, if the key repeats); `None` for anything but an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(number) => Some(*number),
            _ => None,
        }
    }

    /// A Number that is whole and within i64's range; 1.5 and 1e300 are `None`.
    pub fn as_i64(&self) -> Option<i64> {
        let number = self.as_f64()?;
        // -2^63 is exact as an f64 and 2^63 is the first value past i64::MAX, so the cast is exact.
        let in_range =
            (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&number);
        (number.fract() == 0.0 && in_range).then_some(number as i64)
    }

    /// A Number that is whole, non-negative and within u64's range.
    pub fn as_u64(&self) -> Option<u64> {
        let number = self.as_f64()?;
        let in_range = (0.0..18_446_744_073_709_551_616.0).contains(&number);
        (number.fract() == 0.0 && in_range).then_some(number as u64)
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(fields) => Some(fields),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// "null", "a boolean", "a number", "a string", "an array", "an object", or the Foreign name.
    pub fn type_name(&self) -> &str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
            Value::Foreign(name) => name,
        }
    }

    /// Removes and returns an object's field (None when not an object or absent).
    pub fn take(&mut self, key: &str) -> Option<Value> {
        let Value::Object(fields) = self else {
            return None;
        };
        let index = fields.iter().position(|(name, _)| name == key)?;
        Some(fields.remove(index).1)
    }
}

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
/// Numbers: JSON grammar checked by hand, then the slice converted with str::parse::<f64>().
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
        match self.slice(start, self.pos).parse::<f64>() {
            Ok(number) if number.is_finite() => Ok(Value::Number(number)),
            _ => Err(JsonError {
                offset: start,
                message: "number out of range",
            }),
        }
    }
}

/// Writes `s` quoted and escaped like serde_json: `\"` `\\` `\n` `\r` `\t` `\b` `\f`, other control
/// characters as `\u00XX` (lowercase hex), everything else as raw UTF-8.
pub fn write_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    let mut run = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        // `i` is at an ASCII byte, so both cuts are char boundaries.
        out.push_str(s.get(run..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

/// Writes a finite number as Rust's `{:?}` does (1.0 -> "1.0", 1e21 -> "1e21"); NaN and the
/// infinities have no JSON form and become `null`, as in serde_json.
pub fn write_f64(out: &mut String, x: f64) {
    if !x.is_finite() {
        out.push_str("null");
        return;
    }
    // `{:?}` prints whole numbers below 1e16 as "<digits>.0"; doing that by hand keeps core::fmt
    // out of the common case (ports, weights, timestamps).
    if x.fract() == 0.0 && x.abs() < 1e16 {
        if x.is_sign_negative() {
            out.push('-');
        }
        write_u64(out, x.abs() as u64);
        out.push_str(".0");
        return;
    }
    use fmt::Write as _;
    // Writing to a String cannot fail.
    let _ = write!(out, "{x:?}");
}

/// Writes `x` in decimal without core::fmt.
pub fn write_u64(out: &mut String, mut x: u64) {
    // u64::MAX has 20 digits; they are produced last first, so fill the buffer from its end.
    let mut digits = [0u8; 20];
    let mut count = 0;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (x % 10) as u8;
        x /= 10;
        count += 1;
        if x == 0 {
            break;
        }
    }
    for &digit in digits.iter().skip(digits.len() - count) {
        out.push(char::from(digit));
    }
}

/// Writes `x` in decimal without core::fmt.
pub fn write_i64(out: &mut String, x: i64) {
    if x < 0 {
        out.push('-');
    }
    // unsigned_abs, because -i64::MIN does not fit an i64.
    write_u64(out, x.unsigned_abs());
}

/// Anything that can write itself as JSON.
pub trait ToJson {
    fn write_json(&self, out: &mut String);

    fn to_json(&self) -> String {
        let mut s = String::new();
        self.write_json(&mut s);
        s
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for f64 {
    fn write_json(&self, out: &mut String) {
        write_f64(out, *self);
    }
}

impl ToJson for u64 {
    fn write_json(&self, out: &mut String) {
        write_u64(out, *self);
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut String) {
        write_u64(out, u64::from(*self));
    }
}

impl ToJson for u16 {
    fn write_json(&self, out: &mut String) {
        write_u64(out, u64::from(*self));
    }
}

impl ToJson for usize {
    fn write_json(&self, out: &mut String) {
        write_u64(out, *self as u64);
    }
}

impl ToJson for i64 {
    fn write_json(&self, out: &mut String) {
        write_i64(out, *self);
    }
}

impl ToJson for i32 {
    fn write_json(&self, out: &mut String) {
        write_i64(out, i64::from(*self));
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(value) => value.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

/// An object; covers `BTreeMap<String, T>` and `BTreeMap<&str, T>` alike.
impl<K: AsRef<str>, T: ToJson> ToJson for BTreeMap<K, T> {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        for (key, value) in self {
            object.field(key.as_ref(), value);
        }
        object.finish();
    }
}

/// Writes a whole number as an integer (8080, not 8080.0), as serde_json wrote a parsed integer;
/// past 2^53 an f64 no longer holds every integer, so those keep the float form.
fn write_number(out: &mut String, x: f64) {
    const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
    let negative_zero = x == 0.0 && x.is_sign_negative();
    if x.fract() == 0.0 && x.abs() <= MAX_SAFE_INTEGER && !negative_zero {
        write_i64(out, x as i64);
    } else {
        write_f64(out, x);
    }
}

fn write_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null | Value::Foreign(_) => out.push_str("null"),
        Value::Bool(flag) => flag.write_json(out),
        Value::Number(number) => write_number(out, *number),
        Value::String(text) => write_str(out, text),
        // Containers are handled by the caller's loop.
        Value::Array(_) | Value::Object(_) => {}
    }
}

/// An array or object being written, with how far along it is.
enum Open<'v> {
    Array(std::slice::Iter<'v, Value>, bool),
    Object(std::slice::Iter<'v, (String, Value)>, bool),
}

/// A Foreign value writes as `null`: JSON has no form for it.
impl ToJson for Value {
    /// Iterative rather than recursive, so even a value built in code deeper than any parse
    /// allows cannot overflow the stack while being written.
    fn write_json(&self, out: &mut String) {
        let mut open: Vec<Open<'_>> = Vec::new();
        let mut next = Some(self);
        loop {
            match next.take() {
                Some(Value::Array(items)) => {
                    out.push('[');
                    open.push(Open::Array(items.iter(), false));
                }
                Some(Value::Object(fields)) => {
                    out.push('{');
                    open.push(Open::Object(fields.iter(), false));
                }
                Some(scalar) => write_scalar(out, scalar),
                None => {}
            }
            let Some(top) = open.last_mut() else {
                return;
            };
            match top {
                Open::Array(items, any) => match items.next() {
                    Some(item) => {
                        if *any {
                            out.push(',');
                        }
                        *any = true;
                        next = Some(item);
                    }
                    None => {
                        out.push(']');
                        open.pop();
                    }
                },
                Open::Object(fields, any) => match fields.next() {
                    Some((key, value)) => {
                        if *any {
                            out.push(',');
                        }
                        *any = true;
                        write_str(out, key);
                        out.push(':');
                        next = Some(value);
                    }
                    None => {
                        out.push('}');
                        open.pop();
                    }
                },
            }
        }
    }
}

/// Writes an object field by field: `{`, then `"key":value` pairs separated by commas, then `}` on finish.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    any: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Writes the opening `{`.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, any: false }
    }

    fn key(&mut self, key: &str) {
        if self.any {
            self.out.push(',');
        }
        self.any = true;
        write_str(self.out, key);
        self.out.push(':');
    }

    pub fn field<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) -> &mut Self {
        self.key(key);
        value.write_json(self.out);
        self
    }

    /// Skips the field entirely when None (serde's skip_serializing_if = "Option::is_none").
    pub fn field_opt<T: ToJson>(&mut self, key: &str, value: &Option<T>) -> &mut Self {
        if let Some(value) = value {
            self.field(key, value);
        }
        self
    }

    /// Inserts already-written JSON text as the value.
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.key(key);
        self.out.push_str(json);
        self
    }

    /// Writes the closing `}`.
    pub fn finish(&mut self) {
        self.out.push('}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Value {
        match parse(text) {
            Ok(value) => value,
            Err(error) => panic!("{text:?} should parse: {error}"),
        }
    }

    fn string(text: &str) -> Value {
        Value::String(text.to_string())
    }

    fn object(fields: &[(&str, Value)]) -> Value {
        Value::Object(
            fields
                .iter()
                .map(|(key, value)| (key.to_string(), value.clone()))
                .collect(),
        )
    }

    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    /// Our value as serde_json would hold it, every number a float, Foreign as its marker object.
    fn to_serde(value: &Value) -> serde_json::Value {
        match value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(flag) => serde_json::Value::Bool(*flag),
            Value::Number(number) => float(*number),
            Value::String(text) => serde_json::Value::String(text.clone()),
            Value::Array(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
            Value::Object(fields) => serde_json::Value::Object(
                fields
                    .iter()
                    .map(|(key, value)| (key.clone(), to_serde(value)))
                    .collect(),
            ),
            Value::Foreign(name) => serde_json::json!({ FOREIGN_KEY: name }),
        }
    }

    fn float(number: f64) -> serde_json::Value {
        serde_json::Number::from_f64(number).map_or(serde_json::Value::Null, Into::into)
    }

    /// serde_json tells 1 from 1.0; we do not, so compare with every number as a float.
    fn normalize(value: &serde_json::Value) -> serde_json::Value {
        match value {
            serde_json::Value::Number(number) => float(number.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::Array(items) => items.iter().map(normalize).collect(),
            serde_json::Value::Object(fields) => serde_json::Value::Object(
                fields
                    .iter()
                    .map(|(key, value)| (key.clone(), normalize(value)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// Equal, except that numbers may differ in the last bits: serde_json's default float parser
    /// is best-effort and can be a few ulps off (str::parse rounds correctly), and a value that
    /// serde_json reads twice, once from our output, can be off in both directions.
    fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
        use serde_json::Value as V;
        match (a, b) {
            (V::Number(x), V::Number(y)) => {
                let (x, y) = (
                    x.as_f64().unwrap_or(f64::NAN),
                    y.as_f64().unwrap_or(f64::NAN),
                );
                x == y || (x - y).abs() <= 8.0 * f64::EPSILON * x.abs().max(y.abs())
            }
            (V::Array(xs), V::Array(ys)) => {
                xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same(x, y))
            }
            (V::Object(xs), V::Object(ys)) => {
                xs.len() == ys.len()
                    && xs
                        .iter()
                        .zip(ys)
                        .all(|((kx, x), (ky, y))| kx == ky && same(x, y))
            }
            _ => a == b,
        }
    }

    fn holds_f64_max(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::Number(number) => number.as_f64().map(f64::abs) == Some(f64::MAX),
            serde_json::Value::Array(items) => items.iter().any(holds_f64_max),
            serde_json::Value::Object(fields) => fields.values().any(holds_f64_max),
            _ => false,
        }
    }

    #[test]
    fn parses_every_type() {
        assert_eq!(ok("null"), Value::Null);
        assert_eq!(ok("true"), Value::Bool(true));
        assert_eq!(ok("false"), Value::Bool(false));
        assert_eq!(ok("0"), Value::Number(0.0));
        assert_eq!(ok("-12"), Value::Number(-12.0));
        assert_eq!(ok("3.25"), Value::Number(3.25));
        assert_eq!(ok("-1.5e3"), Value::Number(-1500.0));
        assert_eq!(ok("2E-2"), Value::Number(0.02));
        assert_eq!(ok("1e+2"), Value::Number(100.0));
        assert_eq!(
            ok("123456789012345678901234567890"),
            Value::Number(1.2345678901234568e29)
        );
        assert_eq!(ok("9007199254740993"), Value::Number(9007199254740992.0));
        assert!(ok("-0")
            .as_f64()
            .is_some_and(|x| x == 0.0 && x.is_sign_negative()));
        assert_eq!(ok("1e-400"), Value::Number(0.0));
        assert_eq!(ok(r#""hi""#), string("hi"));
        assert_eq!(ok(r#""""#), string(""));
        assert_eq!(ok("[]"), Value::Array(vec![]));
        assert_eq!(ok("{}"), Value::Object(vec![]));
        assert_eq!(
            ok(r#"[1,"a",null,true]"#),
            Value::Array(vec![
                Value::Number(1.0),
                string("a"),
                Value::Null,
                Value::Bool(true)
            ])
        );
        assert_eq!(
            ok(r#"{"b":1,"a":2,"b":3}"#),
            object(&[
                ("b", Value::Number(1.0)),
                ("a", Value::Number(2.0)),
                ("b", Value::Number(3.0))
            ])
        );
    }

    #[test]
    fn parses_nested_documents() {
        let value =
            ok(r#"{"hosts":[{"ip":"10.0.0.1","port":8848,"metadata":{"k":"v"}},[]],"n":{"m":{}}}"#);
        let host = &value.get("hosts").and_then(Value::as_array).unwrap()[0];
        assert_eq!(host.get("ip").and_then(Value::as_str), Some("10.0.0.1"));
        assert_eq!(host.get("port").and_then(Value::as_u64), Some(8848));
        assert_eq!(
            host.get("metadata").and_then(|m| m.get("k")),
            Some(&string("v"))
        );
        assert_eq!(
            value.get("n").and_then(|n| n.get("m")),
            Some(&Value::Object(vec![]))
        );
    }

    #[test]
    fn allows_whitespace_around_and_between_tokens() {
        let value = ok(" \t\r\n{ \"a\" :\n[ 1 , 2 ]\t,\"b\":\r\"c\" } \n");
        assert_eq!(
            value,
            object(&[
                (
                    "a",
                    Value::Array(vec![Value::Number(1.0), Value::Number(2.0)])
                ),
                ("b", string("c")),
            ])
        );
        assert_eq!(ok("  7  "), Value::Number(7.0));
    }

    #[test]
    fn decodes_escapes_and_unicode() {
        assert_eq!(ok(r#""\"\\\/\b\f\n\r\t""#), string("\"\\/\u{8}\u{c}\n\r\t"));
        assert_eq!(ok(r#""a\u0041\u00e9\u4E2D\u0000z""#), string("aAé中\u{0}z"));
        assert_eq!(ok(r#""中文 🎉 é""#), string("中文 🎉 é"));
        assert_eq!(ok(r#""x\ty中\n""#), string("x\ty中\n"));
        assert_eq!(ok(r#"{"中":"🎉"}"#), object(&[("中", string("🎉"))]));
    }

    #[test]
    fn combines_surrogate_pairs() {
        assert_eq!(ok(r#""\ud83c\udf89""#), string("🎉"));
        assert_eq!(ok(r#""\uD834\uDD1E!""#), string("𝄞!"));
        assert_eq!(ok(r#""\udbff\udfff""#), string("\u{10FFFF}"));
    }

    #[test]
    fn replaces_lone_surrogates() {
        let fffd = '\u{FFFD}';
        assert_eq!(ok(r#""\ud800""#), string(&format!("{fffd}")));
        assert_eq!(ok(r#""a\udc00b""#), string(&format!("a{fffd}b")));
        assert_eq!(ok(r#""\ud800x""#), string(&format!("{fffd}x")));
        assert_eq!(ok(r#""\ud800\n""#), string(&format!("{fffd}\n")));
        assert_eq!(ok(r#""\ud800\u0041""#), string(&format!("{fffd}A")));
        // A high surrogate followed by a real pair: only the first is lone.
        assert_eq!(ok(r#""\ud800\ud83c\udf89""#), string(&format!("{fffd}🎉")));
        assert_eq!(ok(r#""\udc00\ud800""#), string(&format!("{fffd}{fffd}")));
        // The escape after a high surrogate must still be a valid escape.
        assert!(parse(r#""\ud800\u12""#).is_err());
        assert!(parse(r#""\ud800\"#).is_err());
    }

    #[test]
    fn rejects_what_is_not_json() {
        let bad = [
            "",
            "   ",
            "[1,]",
            "[1,,2]",
            "[,1]",
            r#"{"a":1,}"#,
            r#"{,}"#,
            r#"{"a" 1}"#,
            r#"{"a":}"#,
            r#"{a:1}"#,
            r#"{1:1}"#,
            "[1 2]",
            "01",
            "-01",
            "00",
            "1.",
            "1.e3",
            ".5",
            "+1",
            "-",
            "-a",
            "1e",
            "1e+",
            "1E-",
            "0x10",
            "1e400",
            "-1e400",
            "\"abc",
            "\"abc\\",
            "\"abc\\\"",
            "\"a\nb\"",
            "\"a\tb\"",
            "\"\u{0}\"",
            "\"\u{1f}\"",
            r#""\x41""#,
            r#""\a""#,
            r#""\U0041""#,
            r#""\u12""#,
            r#""\u12g4""#,
            r#""\u""#,
            "nul",
            "tru",
            "True",
            "NULL",
            "NaN",
            "-NaN",
            "Infinity",
            "-Infinity",
            "undefined",
            "'a'",
            "1 2",
            "{} {}",
            "[]]",
            "nullx",
            "\u{feff}1",
            "[",
            "{",
            "[1",
            r#"{"a""#,
            r#"{"a":1"#,
            "]",
            "}",
            "\u{b}1",
            "\u{a0}1",
        ];
        for text in bad {
            assert!(parse(text).is_err(), "{text:?} should be rejected");
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_err(),
                "serde_json accepts {text:?}; the test is wrong"
            );
        }
    }

    #[test]
    fn errors_say_what_and_where() {
        let error = |text: &str| parse(text).unwrap_err();
        assert_eq!(
            error(""),
            JsonError {
                offset: 0,
                message: "unexpected end of input"
            }
        );
        assert_eq!(error("[1,]").offset, 3);
        assert_eq!(error(r#"{"a":1,}"#).message, "expected a string key");
        assert_eq!(error("01").offset, 1);
        assert_eq!(
            error("1 2"),
            JsonError {
                offset: 2,
                message: "trailing characters"
            }
        );
        assert_eq!(error("\"abc").message, "unterminated string");
        assert_eq!(error("\"a\nb\"").offset, 2);
        assert_eq!(
            error(r#""ab\q""#),
            JsonError {
                offset: 3,
                message: "invalid escape"
            }
        );
        assert_eq!(error("1e400").message, "number out of range");
        assert_eq!(error("NaN").message, "expected a value");
        assert_eq!(error("[1 2]").to_string(), "expected ',' or ']' at byte 3");
    }

    #[test]
    fn limits_nesting_depth() {
        assert!(parse(&nested(MAX_DEPTH)).is_ok());
        let error = parse(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert_eq!(
            error,
            JsonError {
                offset: MAX_DEPTH,
                message: "nesting too deep"
            }
        );

        let objects = |depth: usize| format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
        assert!(parse(&objects(MAX_DEPTH)).is_ok());
        assert!(parse(&objects(MAX_DEPTH + 1)).is_err());

        // Far past the limit: an error, never a stack overflow.
        assert!(parse(&"[".repeat(1_000_000)).is_err());
        assert!(parse(&r#"{"a":"#.repeat(100_000)).is_err());
    }

    #[test]
    fn reads_the_foreign_marker() {
        assert_eq!(
            ok(r#"{"\u0000":"a bigint"}"#),
            Value::Foreign("a bigint".to_string())
        );
        assert_eq!(
            ok(r#"[{ "\u0000" : "NaN" }]"#),
            Value::Array(vec![Value::Foreign("NaN".to_string())])
        );
        assert_eq!(
            ok(r#"{"\u0000":1}"#),
            object(&[("\u{0}", Value::Number(1.0))])
        );
        assert_eq!(ok(r#"{"\u0000":null}"#), object(&[("\u{0}", Value::Null)]));
        assert_eq!(
            ok(r#"{"\u0000":{"\u0000":"x"}}"#),
            object(&[("\u{0}", Value::Foreign("x".into()))])
        );
        assert_eq!(
            ok(r#"{"\u0000":"a","b":"c"}"#),
            object(&[("\u{0}", string("a")), ("b", string("c"))])
        );
        assert_eq!(ok(r#"{"\u0000x":"a"}"#), object(&[("\u{0}x", string("a"))]));
        assert_eq!(ok(r#"{"":"a"}"#), object(&[("", string("a"))]));
        let foreign = Value::Foreign("a function".to_string());
        assert_eq!(foreign.type_name(), "a function");
        assert_eq!(foreign.to_json(), "null");
        assert_eq!(
            ok(r#"{"f":{"\u0000":"a function"}}"#).to_json(),
            r#"{"f":null}"#
        );
    }

    #[test]
    fn accessors() {
        let mut value =
            ok(r#"{"s":"x","n":8080,"f":1.5,"b":true,"a":[1],"o":{},"z":null,"s":"second"}"#);
        assert_eq!(value.get("s").and_then(Value::as_str), Some("x"));
        assert_eq!(value.get("n").and_then(Value::as_i64), Some(8080));
        assert_eq!(value.get("n").and_then(Value::as_u64), Some(8080));
        assert_eq!(value.get("f").and_then(Value::as_f64), Some(1.5));
        assert_eq!(value.get("f").and_then(Value::as_i64), None);
        assert_eq!(value.get("b").and_then(Value::as_bool), Some(true));
        assert_eq!(
            value.get("a").and_then(Value::as_array),
            Some(&[Value::Number(1.0)][..])
        );
        assert_eq!(value.get("o").and_then(Value::as_object), Some(&[][..]));
        assert!(value.get("z").is_some_and(Value::is_null));
        assert!(value.get("missing").is_none());
        assert!(!Value::Bool(false).is_null());
        assert_eq!(value.get("s").and_then(Value::as_f64), None);
        assert_eq!(value.get("n").and_then(Value::as_str), None);
        assert_eq!(value.get("s").and_then(Value::as_bool), None);
        assert_eq!(value.get("o").and_then(Value::as_array), None);
        assert_eq!(value.get("a").and_then(Value::as_object), None);
        assert_eq!(string("x").get("x"), None);
        assert_eq!(Value::Array(vec![]).get("0"), None);

        assert_eq!(value.take("s"), Some(string("x")));
        assert_eq!(value.take("s"), Some(string("second")));
        assert_eq!(value.take("s"), None);
        assert_eq!(value.take("n"), Some(Value::Number(8080.0)));
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keys, ["f", "b", "a", "o", "z"]);
        assert_eq!(Value::Null.take("a"), None);
        assert_eq!(Value::Foreign("NaN".into()).take("a"), None);
    }

    #[test]
    fn whole_numbers_only_within_range() {
        let n = Value::Number;
        assert_eq!(n(1.5).as_i64(), None);
        assert_eq!(n(1e300).as_i64(), None);
        assert_eq!(n(1e300).as_u64(), None);
        assert_eq!(n(-1e300).as_i64(), None);
        assert_eq!(n(f64::NAN).as_i64(), None);
        assert_eq!(n(f64::INFINITY).as_u64(), None);
        assert_eq!(n(-1.0).as_i64(), Some(-1));
        assert_eq!(n(-1.0).as_u64(), None);
        assert_eq!(n(-0.0).as_u64(), Some(0));
        assert_eq!(n(1e15).as_i64(), Some(1_000_000_000_000_000));
        assert_eq!(n(-9_223_372_036_854_775_808.0).as_i64(), Some(i64::MIN));
        assert_eq!(n(9_223_372_036_854_775_808.0).as_i64(), None);
        assert_eq!(n(9_223_372_036_854_775_808.0).as_u64(), Some(1 << 63));
        assert_eq!(
            n(18_446_744_073_709_549_568.0).as_u64(),
            Some(18_446_744_073_709_549_568)
        );
        assert_eq!(n(18_446_744_073_709_551_616.0).as_u64(), None);
        assert_eq!(ok("1e3").as_u64(), Some(1000));
    }

    #[test]
    fn names_types() {
        let names: Vec<String> = ["null", "true", "1", "\"s\"", "[]", "{}"]
            .iter()
            .map(|text| ok(text).type_name().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "null",
                "a boolean",
                "a number",
                "a string",
                "an array",
                "an object"
            ]
        );
    }

    const DOCUMENTS: &[&str] = &[
        "null",
        "true",
        "0",
        "-0",
        "0.1",
        "-2.5e-10",
        "1e300",
        "1.7976931348623157e308",
        "2.2250738585072014e-308",
        "123456789",
        "9007199254740991",
        "-9007199254740991",
        "18446744073709551615",
        "1e21",
        "3.141592653589793",
        r#""""#,
        r#""plain""#,
        r#""quote \" backslash \\ slash \/ controls \b\f\n\r\t \u0000 \u0001 \u001f \u007f""#,
        r#""中文 \u4e2d 🎉 \ud83c\udf89 é \u00e9 \u2028 \u2029 \uffff""#,
        "[]",
        "{}",
        "[[[]],[{}],{\"a\":[]}]",
        r#"{"":"", "\u0000":1, "k\"ey":"v\\al", "中":"🎉"}"#,
        r#"{"name":"DEFAULT_GROUP@@svc","clusters":"","cacheMillis":10000,"hosts":[{"ip":"10.0.0.1","port":8848,"valid":true,"healthy":true,"marked":false,"instanceId":"10.0.0.1#8848#DEFAULT#DEFAULT_GROUP@@svc","metadata":{"preserved.register.source":"SPRING_CLOUD","weight":"1.0"},"enabled":true,"weight":1.0,"clusterName":"DEFAULT","serviceName":"DEFAULT_GROUP@@svc","ephemeral":true}],"lastRefTime":1700000000123,"checksum":"","allIPs":false,"reachProtectionThreshold":false,"valid":true}"#,
        r#"{"code":200,"message":null,"data":[1,-1,0.5,-0.5,1e-7,12345.678,[null,false]]}"#,
        " [ 1 , { \"a\" : [ true ] } ] ",
    ];

    #[test]
    fn round_trips_with_serde_json() {
        for document in DOCUMENTS {
            let theirs: serde_json::Value = serde_json::from_str(document).unwrap();

            // serde_json's output parses to the same value.
            let ours = ok(&serde_json::to_string(&theirs).unwrap());
            assert_eq!(to_serde(&ours), normalize(&theirs), "{document}");
            assert_eq!(to_serde(&ok(document)), normalize(&theirs), "{document}");

            // Our output parses, in serde_json, to the same value.
            let written = ok(document).to_json();
            let reread: serde_json::Value = serde_json::from_str(&written).unwrap();
            assert_eq!(
                normalize(&reread),
                normalize(&theirs),
                "{document} -> {written}"
            );
            // And in ours, exactly.
            assert_eq!(ok(&written), ok(document), "{document} -> {written}");
        }
    }

    #[test]
    fn writes_whole_numbers_as_integers() {
        assert_eq!(
            ok("[8080,8080.0,-3,0,1.5,1e21,9007199254740993]").to_json(),
            "[8080,8080,-3,0,1.5,1e21,9007199254740992.0]"
        );
        assert_eq!(Value::Number(-0.0).to_json(), "-0.0");
        assert_eq!(Value::Number(f64::NAN).to_json(), "null");
        assert_eq!(Value::Number(f64::NEG_INFINITY).to_json(), "null");
        assert_eq!(
            ok(r#"{"hosts":[{"port":8848,"weight":1.0}]}"#).to_json(),
            serde_json::to_string(
                &serde_json::from_str::<serde_json::Value>(
                    r#"{"hosts":[{"port":8848,"weight":1}]}"#
                )
                .unwrap()
            )
            .unwrap()
        );
    }

    #[test]
    fn writes_deep_values_without_recursion() {
        let deep = nested(MAX_DEPTH);
        assert_eq!(ok(&deep).to_json(), deep);
        let mut value = Value::Null;
        for _ in 0..100_000 {
            value = Value::Array(vec![value]);
        }
        let text = value.to_json();
        assert_eq!(text.len(), 100_000 * 2 + 4);
        // Dropping a value that deep would itself recurse; take it apart by hand.
        while let Value::Array(mut items) = value {
            value = items.pop().unwrap_or(Value::Null);
        }
    }

    #[test]
    fn writes_integers_without_fmt() {
        let u = |x: u64| {
            let mut s = String::from("x");
            write_u64(&mut s, x);
            s
        };
        let i = |x: i64| {
            let mut s = String::new();
            write_i64(&mut s, x);
            s
        };
        for x in [
            0,
            1,
            9,
            10,
            99,
            100,
            12345,
            u64::from(u32::MAX),
            i64::MAX as u64,
            u64::MAX - 1,
            u64::MAX,
        ] {
            assert_eq!(u(x), format!("x{x}"));
        }
        for x in [
            0,
            9,
            10,
            -1,
            -9,
            -10,
            1234567,
            i64::MAX,
            i64::MIN,
            i64::MIN + 1,
        ] {
            assert_eq!(i(x), x.to_string());
        }
        let mut x = 1u64;
        while let Some(next) = x.checked_mul(7) {
            assert_eq!(u(x), format!("x{x}"));
            x = next;
        }
    }

    #[test]
    fn writes_floats_like_debug() {
        let f = |x: f64| {
            let mut s = String::new();
            write_f64(&mut s, x);
            s
        };
        assert_eq!(f(1.0), "1.0");
        assert_eq!(f(0.5), "0.5");
        assert_eq!(f(-0.0), "-0.0");
        assert_eq!(f(0.0), "0.0");
        assert_eq!(f(1e21), "1e21");
        assert_eq!(f(1e16), "1e16");
        assert_eq!(f(-5.0), "-5.0");
        assert_eq!(f(f64::NAN), "null");
        assert_eq!(f(f64::INFINITY), "null");
        assert_eq!(f(f64::NEG_INFINITY), "null");
        let mut samples = vec![
            9_999_999_999_999_998.0,
            9_999_999_999_999_999.0,
            1e15,
            1e-7,
            0.1,
            1e-4,
            9.9e-5,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            5e-324,
            1700000000123.0,
            -9007199254740993.0,
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            samples.push(f64::from_bits(seed));
            samples.push(
                (seed % 100_000_000_000_000_000) as f64 * if seed & 1 == 0 { 1.0 } else { -1.0 },
            );
        }
        for x in samples.into_iter().filter(|x| x.is_finite()) {
            assert_eq!(f(x), format!("{x:?}"));
        }
    }

    #[test]
    fn writes_strings_like_serde_json() {
        let mut every_control: String = (0u8..0x20).map(char::from).collect();
        every_control.push_str("\u{7f}\"\\/'");
        for text in [
            every_control.as_str(),
            "",
            "plain",
            "\"quoted\"",
            "back\\slash",
            "中",
            "🎉",
            "mixed 中\n🎉\t\"x\"\\ \u{0}end",
            "\u{2028}\u{2029}\u{fffd}\u{10ffff}",
        ] {
            let mut ours = String::new();
            write_str(&mut ours, text);
            assert_eq!(ours, serde_json::to_string(text).unwrap());
            assert_eq!(text.to_json(), ours);
            assert_eq!(ok(&ours), string(text));
        }
        let mut out = String::from("prefix");
        write_str(&mut out, "\u{8}\u{c}\u{1}\u{1f}");
        assert_eq!(out, r#"prefix"\b\f\u0001\u001f""#);
    }

    #[test]
    fn writes_objects_field_by_field() {
        let mut out = String::new();
        let mut object = ObjectWriter::new(&mut out);
        object
            .field("s", "text")
            .field("owned", &String::from("o"))
            .field("n", &8080u16)
            .field("b", &true)
            .field_opt("skipped", &None::<u32>)
            .field_opt("kept", &Some(-1i32))
            .field("none", &None::<String>)
            .field("list", &vec![1.5f64, 2.0])
            .raw("raw", r#"{"x":[1]}"#)
            .field("k\"e\ny", &0usize);
        object.finish();
        assert_eq!(
            out,
            r#"{"s":"text","owned":"o","n":8080,"b":true,"kept":-1,"none":null,"list":[1.5,2.0],"raw":{"x":[1]},"k\"e\ny":0}"#
        );
        assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());

        let mut empty = String::new();
        ObjectWriter::new(&mut empty)
            .field_opt("a", &None::<bool>)
            .finish();
        assert_eq!(empty, "{}");
    }

    #[test]
    fn to_json_impls() {
        assert_eq!(false.to_json(), "false");
        assert_eq!(7u32.to_json(), "7");
        assert_eq!(u64::MAX.to_json(), "18446744073709551615");
        assert_eq!(i64::MIN.to_json(), "-9223372036854775808");
        assert_eq!((-7i32).to_json(), "-7");
        assert_eq!(2.0f64.to_json(), "2.0");
        assert_eq!(Some("a").to_json(), r#""a""#);
        assert_eq!(None::<&str>.to_json(), "null");
        assert_eq!((&&5u64).to_json(), "5");
        let empty: &[u32] = &[];
        assert_eq!(empty.to_json(), "[]");
        assert_eq!(["a", "b"][..].to_json(), r#"["a","b"]"#);
        assert_eq!(vec![Some(1u32), None].to_json(), "[1,null]");
        assert_eq!(vec![vec!["x"]].to_json(), r#"[["x"]]"#);

        let mut owned = BTreeMap::new();
        owned.insert("b".to_string(), 2u32);
        owned.insert("a\"".to_string(), 1u32);
        assert_eq!(owned.to_json(), r#"{"a\"":1,"b":2}"#);
        let mut borrowed: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        borrowed.insert("k", vec!["v"]);
        assert_eq!(borrowed.to_json(), r#"{"k":["v"]}"#);
        assert_eq!(BTreeMap::<String, bool>::new().to_json(), "{}");

        let mut out = String::from("[");
        ok("{\"a\":[1,{}]}").write_json(&mut out);
        assert_eq!(out, r#"[{"a":[1,{}]}"#);
    }

    /// Mutates small documents at random and checks we accept exactly what serde_json accepts,
    /// reading the same value, and never panic.
    #[test]
    fn agrees_with_serde_json_on_mutated_input() {
        const PIECES: &[&str] = &[
            "{", "}", "[", "]", ",", ":", "\"", "\\", "u", "0", "1", "9", "-", "+", ".", "e", "E",
            " ", "\n", "\t", "t", "n", "f", "x", "\u{1}", "中", "\\u00", "\\ud83c", "\\udf89",
            "\\n", "null", "true", "1e5", "\"a\"", "{}", "[]",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut random = move |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        };
        let mut accepted = 0;
        for round in 0..20_000 {
            let mut text = DOCUMENTS[round % DOCUMENTS.len()].to_string();
            for _ in 0..1 + random(3) {
                let mut at = random(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                match random(3) {
                    0 => text.insert_str(at, PIECES[random(PIECES.len())]),
                    1 => {
                        let end = (at + 1 + random(3)).min(text.len());
                        if let Some(cut) = (end..=text.len()).find(|&e| text.is_char_boundary(e)) {
                            text.replace_range(at..cut, "");
                        }
                    }
                    _ => {
                        let end = (at..=text.len())
                            .skip(1)
                            .find(|&e| text.is_char_boundary(e));
                        if let Some(end) = end {
                            text.replace_range(at..end, PIECES[random(PIECES.len())]);
                        }
                    }
                }
            }
            let ours = parse(&text);
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            match (&ours, &theirs) {
                (Ok(ours), Ok(theirs)) => {
                    accepted += 1;
                    assert!(
                        same(&to_serde(ours), theirs),
                        "{text:?}: {ours:?} vs {theirs:?}"
                    );
                    let reread: serde_json::Value = serde_json::from_str(&ours.to_json()).unwrap();
                    // Foreign writes as null, so only compare documents without the marker.
                    if !text.contains("\\u0000") {
                        assert!(same(&reread, theirs), "{text:?}: {reread:?} vs {theirs:?}");
                    }
                }
                (Err(_), Err(_)) => {}
                // serde_json refuses lone surrogates ("lone leading surrogate", or "unexpected end
                // of hex escape" when no `\u` follows a high one); we replace them.
                (Ok(_), Err(error))
                    if ["surrogate", "end of hex escape"]
                        .iter()
                        .any(|why| error.to_string().contains(why)) => {}
                // Just past f64::MAX rounds to infinity (so out of range) when rounded correctly;
                // serde_json's best-effort parser can land on f64::MAX instead.
                (Err(error), Ok(theirs))
                    if error.message == "number out of range" && holds_f64_max(theirs) => {}
                _ => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
            }
        }
        assert!(
            accepted > 1000,
            "too few mutants were valid JSON: {accepted}"
        );
    }
}
