//! nacos-wasm: a Nacos naming client for every JavaScript runtime.
//!
//! `core` knows Nacos and nothing of JavaScript; `host` gives it `fetch`, timers and a clock;
//! `api` is the thin `#[wasm_bindgen]` face that JavaScript sees.

pub mod core;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod host;

#[cfg(target_arch = "wasm32")]
pub use api::NacosNamingClient;

/// Smaller than std's dlmalloc by about 6 KiB of wasm (see `host::alloc`).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: host::alloc::SizeClasses = host::alloc::SizeClasses::new();
