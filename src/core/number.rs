//! Floating-point numbers to text and back, as Java, JSON and JavaScript write them.
//!
//! Only the hard step (the shortest digits that read back as the same `f64`, and reading a decimal
//! that is not exactly representable) is delegated: in the wasm build to the JavaScript runtime's
//! own conversions (`src/host/number.js`), natively to Rust's. core's float formatting and parsing
//! cost the wasm about 30 KiB (flt2dec, dec2flt and their tables) for what every JS runtime has.

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

/// Reads a decimal number (`-12`, `2.5`, `1e3`, `.5`, `+1`); `None` for anything else, including
/// hex, `inf` and `NaN`. Out of range is an infinity, as `str::parse` gives.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            pos = 1;
            true
        }
        Some(b'+') => {
            pos = 1;
            false
        }
        _ => false,
    };
    // Significant digits (up to 19 kept exactly) and the power of ten they are scaled by.
    let mut mantissa: u64 = 0;
    let mut kept = 0;
    let mut scale: i64 = 0;
    let mut any_digit = false;
    let mut seen_point = false;
    while let Some(&byte) = bytes.get(pos) {
        match byte {
            b'0'..=b'9' => {
                any_digit = true;
                if mantissa == 0 && byte == b'0' {
                    // A leading zero adds no significant digit.
                    if seen_point {
                        scale -= 1;
                    }
                } else if kept < 19 {
                    mantissa = mantissa * 10 + u64::from(byte - b'0');
                    kept += 1;
                    if seen_point {
                        scale -= 1;
                    }
                } else {
                    // Beyond 19 digits: too precise for the exact path below.
                    kept += 1;
                    if !seen_point {
                        scale += 1;
                    }
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        pos += 1;
    }
    if !any_digit {
        return None;
    }
    if let Some(b'e' | b'E') = bytes.get(pos) {
        pos += 1;
        let exponent_negative = match bytes.get(pos) {
            Some(b'-') => {
                pos += 1;
                true
            }
            Some(b'+') => {
                pos += 1;
                false
            }
            _ => false,
        };
        let start = pos;
        let mut exponent: i64 = 0;
        while let Some(&byte @ b'0'..=b'9') = bytes.get(pos) {
            exponent = (exponent * 10 + i64::from(byte - b'0')).min(1_000_000);
            pos += 1;
        }
        if pos == start {
            return None;
        }
        scale += if exponent_negative {
            -exponent
        } else {
            exponent
        };
    }
    if pos != bytes.len() {
        return None;
    }
    // Clinger's fast path: a mantissa below 2^53 and a power of ten up to 22 are both exact
    // doubles, so one multiplication or division rounds correctly. Nearly every number Nacos
    // sends (ports, weights, timestamps) takes it.
    const POWERS: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let magnitude = if mantissa == 0 {
        Some(0.0)
    } else if kept <= 19 && mantissa < (1 << 53) && scale.unsigned_abs() <= 22 {
        let power = POWERS[scale.unsigned_abs() as usize];
        Some(if scale < 0 {
            mantissa as f64 / power
        } else {
            mantissa as f64 * power
        })
    } else {
        None
    };
    let magnitude = match magnitude {
        Some(magnitude) => magnitude,
        None => parse_exactly(text.trim_start_matches('+'))?.abs(),
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// A decimal (already checked) that needs correct rounding beyond the fast path.
#[cfg(target_arch = "wasm32")]
fn parse_exactly(text: &str) -> Option<f64> {
    Some(crate::host::number::parse_number(text))
}

#[cfg(not(target_arch = "wasm32"))]
fn parse_exactly(text: &str) -> Option<f64> {
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Doubles of every kind: small, huge, subnormal, shortest forms of 1 to 17 digits.
    fn samples() -> Vec<f64> {
        let mut samples = vec![
            1.0,
            0.5,
            2.5,
            10000.0,
            0.1,
            0.2,
            0.3,
            1e-3,
            9.99e-4,
            1e-4,
            1e-5,
            1e-7,
            1e-8,
            1e7,
            9_999_999.0,
            1e15,
            1e16,
            1e17,
            1e20,
            1e21,
            1e22,
            1e300,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            123.456,
            0.30000000000000004,
            1.7976931348623157e308,
            2.2250738585072014e-308,
            1234567890123456789.0,
            0.000123,
            42.0,
            3.0e-5,
        ];
        // A cheap deterministic generator: every bit pattern class gets covered.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = f64::from_bits(state);
            if x.is_finite() {
                samples.push(x.abs());
            }
            // And decimals with few digits, as people write them.
            samples.push(
                (state % 100_000) as f64 / [1.0, 10.0, 100.0, 1e4, 1e7][(state % 5) as usize],
            );
        }
        samples
    }

    #[test]
    fn debug_form_matches_rust() {
        for x in samples() {
            for x in [x, -x] {
                let mut ours = String::new();
                write_debug(&mut ours, x);
                assert_eq!(ours, format!("{x:?}"), "{x:e}");
            }
        }
    }

    #[test]
    fn javascript_form() {
        assert_eq!(js_number(f64::INFINITY), "Infinity");
        assert_eq!(js_number(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(js_number(f64::NAN), "NaN");
        assert_eq!(js_number(80.5), "80.5");
        assert_eq!(js_number(-0.0), "0");
        assert_eq!(js_number(65536.0), "65536");
        assert_eq!(js_number(1e21), "1e+21");
        assert_eq!(js_number(1.5e-7), "1.5e-7");
        assert_eq!(js_number(1e-6), "0.000001");
        assert_eq!(js_number(123456789012345680000.0), "123456789012345680000");
    }

    #[test]
    fn java_form() {
        for (x, java) in [
            (1.0, "1.0"),
            (0.5, "0.5"),
            (0.0, "0.0"),
            (10000.0, "10000.0"),
            (1e-4, "1.0E-4"),
            (0.001, "0.001"),
            (1.5e-4, "1.5E-4"),
            (1e7, "1.0E7"),
            (9_999_999.0, "9999999.0"),
            (12_345_678.9, "1.23456789E7"),
            (2.25, "2.25"),
        ] {
            assert_eq!(java_double(x), java, "{x}");
        }
    }

    #[test]
    fn parses_what_rust_parses() {
        for x in samples() {
            for text in [format!("{x:?}"), format!("{x:e}"), format!("{x}")] {
                assert_eq!(parse_decimal(&text), Some(x), "{text}");
                assert_eq!(parse_decimal(&format!("-{text}")), Some(-x), "-{text}");
            }
        }
        for (text, x) in [
            ("8080", 8080.0),
            ("+1", 1.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("1E3", 1000.0),
            ("0.000", 0.0),
            ("00012", 12.0),
            ("1e400", f64::INFINITY),
            ("1e-400", 0.0),
            ("12345678901234567890123", 1.2345678901234568e22),
        ] {
            assert_eq!(parse_decimal(text), Some(x), "{text}");
        }
        for text in [
            "", "-", ".", "e5", "1e", "1e+", "0x10", "inf", "NaN", "1.2.3", " 1", "1 ", "--1",
        ] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
        }
    }
}
