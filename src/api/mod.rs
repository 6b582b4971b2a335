//! The `#[wasm_bindgen]` surface: a thin layer that checks JS arguments and hands them to the core.

mod client;
mod convert;
mod discovery;
mod error;
mod types;

pub use client::NacosNamingClient;
pub use convert::to_js;
