//! Writing JSON: the `write_*` functions, the [`ToJson`] trait and its impls, and [`ObjectWriter`].

use std::collections::BTreeMap;

use super::Value;

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
    crate::core::number::write_debug(out, x);
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
