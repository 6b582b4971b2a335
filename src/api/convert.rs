//! Checking what JavaScript passes in, and turning Rust values into plain JS objects.

use crate::core::error::NacosError;
use crate::core::instance::InstanceInput;
use crate::core::options::ClientOptions;
use js_sys::{Function, Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Plain objects and arrays, numbers not BigInts, maps as objects.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, serde_wasm_bindgen::Error> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !js_sys::Array::is_array(value) && !value.is_function()
}

/// serde-wasm-bindgen reads struct fields by name and never sees unknown ones: check them here.
fn reject_unknown_fields(what: &str, value: &JsValue, known: &[&str]) -> Result<(), NacosError> {
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            return Err(NacosError::invalid(format!(
                "invalid {what}: unknown field `{key}`, expected one of {}",
                known.join(", ")
            )));
        }
    }
    Ok(())
}

/// serde's wording, with Rust type names replaced by what a JS caller wrote.
fn from_js<T: DeserializeOwned>(what: &str, value: JsValue) -> Result<T, NacosError> {
    serde_wasm_bindgen::from_value(value).map_err(|error| {
        let text = error.to_string();
        let text = text
            .strip_prefix("Error: ")
            .unwrap_or(&text)
            .replace("expected f64", "expected a number")
            .replace("expected a boolean", "expected true or false");
        NacosError::invalid(format!("invalid {what}: {text}"))
    })
}

/// The constructor's options: `onEvent` is taken out (a function), the rest checked by serde.
pub fn client_options(options: JsValue) -> Result<(ClientOptions, Option<Function>), NacosError> {
    if !is_plain_object(&options) {
        return Err(NacosError::invalid(
            "options must be an object like { serverList: '127.0.0.1:8848' }",
        ));
    }
    reject_unknown_fields("options", &options, &ClientOptions::FIELDS)?;
    let copy = Object::assign(&Object::new(), options.unchecked_ref());
    let key = JsValue::from_str("onEvent");
    let on_event = Reflect::get(&copy, &key).unwrap_or(JsValue::UNDEFINED);
    let _ = Reflect::delete_property(&copy, &key);
    let on_event = if is_absent(&on_event) {
        None
    } else {
        Some(
            on_event
                .dyn_into::<Function>()
                .map_err(|_| NacosError::invalid("options.onEvent must be a function"))?,
        )
    };
    Ok((from_js("options", copy.into())?, on_event))
}

pub fn instance(value: JsValue) -> Result<InstanceInput, NacosError> {
    if !is_plain_object(&value) {
        return Err(NacosError::invalid(
            "instance must be an object like { ip: '10.0.0.1', port: 8080 }",
        ));
    }
    reject_unknown_fields("instance", &value, &InstanceInput::FIELDS)?;
    let metadata =
        Reflect::get(&value, &JsValue::from_str("metadata")).unwrap_or(JsValue::UNDEFINED);
    if !(is_absent(&metadata) || is_plain_object(&metadata)) {
        return Err(NacosError::invalid(format!(
            "instance.metadata must be an object of strings, got {}",
            type_name(&metadata)
        )));
    }
    from_js("instance", value)
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
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct CloseOptions {
        deregister: Option<bool>,
    }
    if !is_plain_object(value) {
        return Err(NacosError::invalid(
            "close options must be an object like { deregister: true }",
        ));
    }
    reject_unknown_fields("close options", value, &["deregister"])?;
    let options: CloseOptions = from_js("close options", value.clone())?;
    Ok(options.deregister.unwrap_or(false))
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
