//! The pure-Rust Nacos naming client: no JavaScript here, tested natively with a fake `Host`.

pub mod beats;
pub mod client;
pub mod error;
pub mod event;
pub mod host;
pub mod instance;
pub mod join;
pub mod options;
pub mod params;
pub mod registry;
pub mod reply;
pub mod request;
pub mod server_addr;
pub mod server_pool;
pub mod service_name;

#[cfg(test)]
mod client_tests;
#[cfg(test)]
mod fake_host;
