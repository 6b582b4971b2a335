//! Floating-point numbers to text and back, as Java, JSON and JavaScript write them.
//!
//! Only the hard step (the shortest digits that read back as the same `f64`, and reading a decimal
//! that is not exactly representable) is delegated: in the wasm build to the JavaScript runtime's
//! own conversions (`src/host/number.js`), natively to Rust's. core's float formatting and parsing
//! cost the wasm about 30 KiB (flt2dec, dec2flt and their tables) for what every JS runtime has.

mod parse;
#[cfg(test)]
mod tests;

pub use parse::parse_decimal;

/// `x` (finite, non-zero) as its shortest round-trip digits and decimal exponent:
/// `0.015` is `("15", -2)`, that is 1.5 × 10⁻².
fn shortest(x: f64) -> (String, i32) {
    let magnitude = x.abs();
    // Whole numbers below 2^53 are exact: their digits need no help (weights are usually 1.0).
    if magnitude.fract() == 0.0 && magnitude < 9_007_199_254_740_992.0 {
        let mut digits = String::new();
        crate::core::json::write_u64(&mut digits, magnitude as u64);
        let exponent = digits.len() as i32 - 1;
        let significant = digits.trim_end_matches('0').len();
        digits.truncate(significant);
        return (digits, exponent);
    }
    // Both forms read `d[.ddd]e[+-]n`; JavaScript writes the `+`, Rust does not.
    let text = exponential(magnitude);
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent = exponent.trim_start_matches('+').parse().unwrap_or(0);
    (digits, exponent)
}

#[cfg(target_arch = "wasm32")]
fn exponential(x: f64) -> String {
    crate::host::number::to_exponential(x)
}

#[cfg(not(target_arch = "wasm32"))]
fn exponential(x: f64) -> String {
    format!("{x:e}")
}

/// Digits placed around a decimal point: plain notation, at least one digit after the point when
/// `point_zero` (Java and Rust's Debug write `2.0`).
fn plain(out: &mut String, digits: &str, exponent: i32, point_zero: bool) {
    if exponent < 0 {
        out.push_str("0.");
        for _ in 0..(-exponent - 1) {
            out.push('0');
        }
        out.push_str(digits);
        return;
    }
    let whole = exponent as usize + 1;
    if digits.len() > whole {
        out.push_str(digits.get(..whole).unwrap_or_default());
        out.push('.');
        out.push_str(digits.get(whole..).unwrap_or_default());
    } else {
        out.push_str(digits);
        for _ in digits.len()..whole {
            out.push('0');
        }
        if point_zero {
            out.push_str(".0");
        }
    }
}

/// `d.ddd` then the exponent with `marker` (`E` for Java, `e` otherwise); `point_zero` writes `1.0`.
fn scientific(out: &mut String, digits: &str, exponent: i32, marker: &str, point_zero: bool) {
    out.push_str(digits.get(..1).unwrap_or_default());
    if digits.len() > 1 {
        out.push('.');
        out.push_str(digits.get(1..).unwrap_or_default());
    } else if point_zero {
        out.push_str(".0");
    }
    out.push_str(marker);
    crate::core::json::write_i64(out, i64::from(exponent));
}

/// Writes `x` in one of the forms below; handles zero, the sign and non-finite values.
fn write(out: &mut String, x: f64, form: Form) {
    if x.is_nan() {
        out.push_str("NaN");
        return;
    }
    if x.is_sign_negative() && !(x == 0.0 && form == Form::JavaScript) {
        out.push('-');
    }
    if x.is_infinite() {
        out.push_str(if form == Form::JavaScript {
            "Infinity"
        } else {
            "inf"
        });
        return;
    }
    if x == 0.0 {
        out.push_str(if form == Form::JavaScript { "0" } else { "0.0" });
        return;
    }
    let (digits, exponent) = shortest(x);
    // Where each language switches to scientific notation.
    let (plain_from, plain_to) = match form {
        Form::Java => (-3, 7),
        Form::RustDebug => (-4, 16),
        Form::JavaScript => (-6, 21),
    };
    let point_zero = form != Form::JavaScript;
    if (plain_from..plain_to).contains(&exponent) {
        plain(out, &digits, exponent, point_zero);
    } else {
        match form {
            Form::Java => scientific(out, &digits, exponent, "E", true),
            Form::RustDebug => scientific(out, &digits, exponent, "e", false),
            Form::JavaScript if exponent > 0 => scientific(out, &digits, exponent, "e+", false),
            Form::JavaScript => scientific(out, &digits, exponent, "e", false),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `String.valueOf(double)`: `1.0`, `0.5`, `1.0E-4`, `1.0E7`.
    Java,
    /// Rust's `{:?}`: `1.0`, `0.0001`, `1e-5`, `1e16`.
    RustDebug,
    /// JavaScript's `String(x)`: `1`, `0.5`, `1e-7`, `1e+21`, `NaN`, `Infinity`.
    JavaScript,
}

/// Java's `String.valueOf(double)`, as the Java client sends a weight: `1.0`, `0.5`, `1.0E-4`.
pub fn java_double(x: f64) -> String {
    let mut out = String::new();
    write(&mut out, x, Form::Java);
    out
}

/// Rust's `{:?}` of a finite `f64` (`1.0`, `2.5`, `1e21`): how JSON numbers are written.
pub fn write_debug(out: &mut String, x: f64) {
    write(out, x, Form::RustDebug);
}

/// A number as JavaScript prints it in a message: `80.5`, `NaN`, `Infinity`, not `inf`.
pub fn js_number(x: f64) -> String {
    let mut out = String::new();
    write(&mut out, x, Form::JavaScript);
    out
}
