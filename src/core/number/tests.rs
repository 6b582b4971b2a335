//! Number text against Rust's own formatting and parsing, over many kinds of doubles.

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
        samples.push((state % 100_000) as f64 / [1.0, 10.0, 100.0, 1e4, 1e7][(state % 5) as usize]);
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
