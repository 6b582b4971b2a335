//! Checking what JavaScript passes in, and turning Rust values into plain JS objects.
//!
//! Objects cross the boundary as JSON text: one `JSON.stringify` in, one `JSON.parse` out, which
//! is faster than reading or building them a property at a time and needs no serde in the wasm.

use crate::core::error::NacosError;
use crate::core::input::unknown_field;
use crate::core::instance::InstanceInput;
use crate::core::json::{self, ToJson, Value};
use crate::core::options::ClientOptions;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/host/json.js")]
extern "C" {
    /// JSON text, with what JSON cannot carry marked (see json.js and `Value::Foreign`).
    #[wasm_bindgen(js_name = toJson)]
    fn to_json_text(value: &JsValue) -> String;
}

/// A plain JS value (objects, arrays, numbers, strings) built from our JSON.
pub fn to_js<T: ToJson + ?Sized>(value: &T) -> JsValue {
    // Our writer only writes valid JSON, so parsing it cannot fail.
    js_sys::JSON::parse(&value.to_json()).unwrap_or(JsValue::UNDEFINED)
}

/// A caller's value as a `json::Value`.
fn read(what: &str, value: &JsValue) -> Result<Value, NacosError> {
    json::parse(&to_json_text(value))
        .map_err(|error| NacosError::invalid(format!("{what} cannot be read: {error}")))
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !js_sys::Array::is_array(value) && !value.is_function()
}

/// Field names are checked by the core; here only for objects it never sees as a whole.
fn reject_unknown_fields(what: &str, value: &JsValue, known: &[&str]) -> Result<(), NacosError> {
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            return Err(unknown_field(what, &key, known));
        }
    }
    Ok(())
}

/// The constructor's options: `onEvent` is read here (a function), the rest by `ClientOptions::from_value`.
pub fn client_options(options: JsValue) -> Result<(ClientOptions, Option<Function>), NacosError> {
    if !is_plain_object(&options) {
        return Err(NacosError::invalid(
            "options must be an object like { serverList: '127.0.0.1:8848' }",
        ));
    }
    let on_event =
        Reflect::get(&options, &JsValue::from_str("onEvent")).unwrap_or(JsValue::UNDEFINED);
    let on_event = if is_absent(&on_event) {
        None
    } else {
        Some(
            on_event
                .dyn_into::<Function>()
                .map_err(|_| NacosError::invalid("options.onEvent must be a function"))?,
        )
    };
    let options = ClientOptions::from_value(&read("options", &options)?)?;
    Ok((options, on_event))
}

pub fn instance(value: JsValue) -> Result<InstanceInput, NacosError> {
    InstanceInput::from_value(&read("instance", &value)?)
}

pub fn required_string(name: &str, value: &JsValue) -> Result<String, NacosError> {
    value.as_string().ok_or_else(|| {
        NacosError::invalid(format!("{name} must be a string, got {}", type_name(value)))
    })
}

/// `undefined` and `null` both mean "not given", as in JavaScript APIs.
fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// An optional argument, when it was given.
pub fn given(value: &Option<JsValue>) -> Option<&JsValue> {
    value.as_ref().filter(|v| !is_absent(v))
}

pub fn optional_string(name: &str, value: &Option<JsValue>) -> Result<Option<String>, NacosError> {
    given(value).map(|v| required_string(name, v)).transpose()
}

/// `close({ deregister: true })`.
pub fn close_options(value: &Option<JsValue>) -> Result<bool, NacosError> {
    let Some(value) = given(value) else {
        return Ok(false);
    };
    if !is_plain_object(value) {
        return Err(NacosError::invalid(
            "close options must be an object like { deregister: true }",
        ));
    }
    reject_unknown_fields("close options", value, &["deregister"])?;
    let deregister = Reflect::get(value, &JsValue::from_str("deregister")).ok();
    Ok(optional_bool("close options: `deregister`", &deregister)?.unwrap_or(false))
}

fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if js_sys::Array::is_array(value) {
        "an array".into()
    } else {
        value
            .js_typeof()
            .as_string()
            .unwrap_or_else(|| "unknown".into())
    }
}

pub fn required_number(name: &str, value: &JsValue) -> Result<f64, NacosError> {
    value.as_f64().ok_or_else(|| {
        NacosError::invalid(format!("{name} must be a number, got {}", type_name(value)))
    })
}

pub fn optional_bool(name: &str, value: &Option<JsValue>) -> Result<Option<bool>, NacosError> {
    given(value)
        .map(|v| {
            v.as_bool().ok_or_else(|| {
                NacosError::invalid(format!(
                    "{name} must be true or false, got {}",
                    type_name(v)
                ))
            })
        })
        .transpose()
}

/// Cluster names as `['a', 'b']` or `'a,b'`; nothing means every cluster.
pub fn clusters(value: &Option<JsValue>) -> Result<Vec<String>, NacosError> {
    let Some(value) = given(value) else {
        return Ok(Vec::new());
    };
    if let Some(list) = value.as_string() {
        return Ok(vec![list]);
    }
    if !js_sys::Array::is_array(value) {
        return Err(NacosError::invalid(format!(
            "clusters must be an array of strings or a comma-separated string, got {}",
            type_name(value)
        )));
    }
    js_sys::Array::from(value)
        .iter()
        .map(|item| required_string("each cluster", &item))
        .collect()
}

/// The named fields of a plain object (undefined when absent); any other field is an error.
pub fn object_fields<const N: usize>(
    what: &str,
    value: &JsValue,
    names: &[&str; N],
) -> Result<[JsValue; N], NacosError> {
    if !is_plain_object(value) {
        return Err(NacosError::invalid(format!(
            "{what} must be a string or an object, got {}",
            type_name(value)
        )));
    }
    reject_unknown_fields(what, value, names)?;
    Ok(names
        .map(|name| Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)))
}
