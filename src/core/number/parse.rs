//! Reading a decimal number: exact by Clinger's fast path, else by the runtime's conversion.

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
