//! The pure-Rust Nacos naming client: no JavaScript here, tested natively with a fake `Host`.

pub mod auth;
pub mod balancer;
pub mod beat_queue;
pub mod beats;
pub mod client;
pub mod discovery;
pub mod discovery_params;
pub mod error;
pub mod event;
pub mod gate;
pub mod hmac_sha1;
pub mod host;
pub mod host_change;
pub mod input;
pub mod instance;
pub mod join;
pub mod json;
pub mod keyed;
pub mod lenient_json;
pub mod login;
pub mod number;
pub mod options;
pub mod params;
pub mod registry;
pub mod reply;
pub mod request;
pub mod secret;
pub mod server_addr;
pub mod server_pool;
pub mod service_info;
pub mod service_name;
pub mod service_replies;
pub mod sort;
pub mod string_map;
pub mod subscriptions;
pub mod substring;
pub mod url_encode;

#[cfg(test)]
mod auth_tests;
#[cfg(test)]
mod beat_tests;
#[cfg(test)]
mod client_tests;
#[cfg(test)]
mod discovery_tests;
#[cfg(test)]
mod fake_host;
