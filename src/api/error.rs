//! `NacosError` as a real JavaScript `Error`: `name`, `code`, `errCode`, `status`, `api`, `server`, `servers`.

use crate::core::error::NacosError;
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

pub fn to_js_error(error: &NacosError) -> JsValue {
    let js_error = js_sys::Error::new(&error.message);
    js_error.set_name("NacosError");
    let target: &JsValue = js_error.as_ref();
    let set = |name: &str, value: JsValue| {
        // Setting a plain property on a fresh Error cannot fail.
        let _ = Reflect::set(target, &JsValue::from_str(name), &value);
    };
    set("code", JsValue::from_str(error.code.as_str()));
    set("errCode", JsValue::from_f64(f64::from(error.err_code)));
    if let Some(status) = error.status {
        set("status", JsValue::from_f64(f64::from(status)));
    }
    if let Some(api) = &error.api {
        set("api", JsValue::from_str(api));
    }
    if let Some(server) = &error.server {
        set("server", JsValue::from_str(server));
    }
    if !error.servers.is_empty() {
        let servers: Array = error.servers.iter().map(|s| JsValue::from_str(s)).collect();
        set("servers", servers.into());
    }
    js_error.into()
}
