//! The JavaScript runtime's number conversions, for `core::number` (see there for why).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/host/number.js")]
extern "C" {
    /// `x.toExponential()`: the shortest round-trip digits, `1.5e-7`, `1e+21`.
    #[wasm_bindgen(js_name = toExponential)]
    pub fn to_exponential(x: f64) -> String;

    /// `Number(text)` of a decimal `core::number::parse_decimal` has already checked.
    #[wasm_bindgen(js_name = parseNumber)]
    pub fn parse_number(text: &str) -> f64;
}
