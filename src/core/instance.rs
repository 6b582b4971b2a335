//! The instance model: what a caller registers, its defaults, and the checks Java's `NamingUtils` makes.

use crate::core::error::{js_number, quote, NacosError};
use crate::core::input::Fields;
use crate::core::json::Value;
use crate::core::string_map::StringMap;

pub const DEFAULT_CLUSTER: &str = "DEFAULT";
pub const DEFAULT_BEAT_INTERVAL_MS: u64 = 5_000;
pub const DEFAULT_BEAT_TIMEOUT_MS: u64 = 15_000;
pub const DEFAULT_IP_DELETE_TIMEOUT_MS: u64 = 30_000;
/// A shorter interval is almost always seconds written where milliseconds were meant.
pub const MIN_BEAT_INTERVAL_MS: u64 = 1_000;
pub const MAX_WEIGHT: f64 = 10_000.0;

pub const HEART_BEAT_INTERVAL: &str = "preserved.heart.beat.interval";
pub const HEART_BEAT_TIMEOUT: &str = "preserved.heart.beat.timeout";
pub const IP_DELETE_TIMEOUT: &str = "preserved.ip.delete.timeout";
/// Reserved keys whose values the server parses as numbers.
const DIGIT_ONLY_KEYS: [&str; 3] = [HEART_BEAT_INTERVAL, HEART_BEAT_TIMEOUT, IP_DELETE_TIMEOUT];

/// An instance as the caller wrote it. Fields named as Java's `Instance`; anything else is rejected.
#[derive(Debug, Default)]
pub struct InstanceInput {
    pub ip: Option<String>,
    pub port: Option<f64>,
    pub weight: Option<f64>,
    pub healthy: Option<bool>,
    pub enabled: Option<bool>,
    pub ephemeral: Option<bool>,
    pub cluster_name: Option<String>,
    /// In the order given.
    pub metadata: Option<Vec<(String, Value)>>,
}

impl InstanceInput {
    /// Every field a caller may write. `instanceId` and `serviceName` are accepted so instances
    /// read back from the server can be passed in again, and ignored: the server assigns the id,
    /// and the service is always the one named in the call.
    pub const FIELDS: [&'static str; 10] = [
        "ip",
        "port",
        "weight",
        "healthy",
        "enabled",
        "ephemeral",
        "clusterName",
        "metadata",
        "instanceId",
        "serviceName",
    ];

    /// Reads a caller's instance object; the error names the field and the type it has.
    pub fn from_value(value: &Value) -> Result<InstanceInput, NacosError> {
        if !matches!(value, Value::Object(_)) {
            return Err(NacosError::invalid(format!(
                "instance must be an object like {{ ip: '10.0.0.1', port: 8080 }}, got {}",
                value.type_name()
            )));
        }
        let fields = Fields::new("instance", value, &Self::FIELDS)?;
        let metadata = match fields.get("metadata") {
            None => None,
            Some(Value::Object(entries)) => Some(entries.to_vec()),
            Some(other) => {
                return Err(NacosError::invalid(format!(
                    "instance.metadata must be an object of strings, got {}",
                    other.type_name()
                )))
            }
        };
        Ok(InstanceInput {
            ip: fields.string("ip")?,
            port: fields.number("port")?,
            weight: fields.number("weight")?,
            healthy: fields.boolean("healthy")?,
            enabled: fields.boolean("enabled")?,
            ephemeral: fields.boolean("ephemeral")?,
            cluster_name: fields.string("clusterName")?,
            metadata,
        })
    }
}

/// A validated instance with every default filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub ip: String,
    pub port: u16,
    pub weight: f64,
    pub healthy: bool,
    pub enabled: bool,
    pub ephemeral: bool,
    pub cluster_name: String,
    pub metadata: StringMap,
}

impl Instance {
    /// Checks and completes a caller's instance; the error names the offending field.
    pub fn from_input(input: InstanceInput) -> Result<Instance, NacosError> {
        let ip = input
            .ip
            .ok_or_else(|| NacosError::invalid("instance.ip is required"))?;
        validate_ip(&ip)?;
        let port = validate_port(
            input
                .port
                .ok_or_else(|| NacosError::invalid("instance.port is required"))?,
        )?;
        let weight = validate_weight(input.weight.unwrap_or(1.0))?;
        let cluster_name = match input.cluster_name {
            None => DEFAULT_CLUSTER.to_string(),
            Some(name) if name.is_empty() => DEFAULT_CLUSTER.to_string(),
            Some(name) => validate_cluster_name(name)?,
        };
        let metadata = validate_metadata(input.metadata.unwrap_or_default())?;
        let instance = Instance {
            ip,
            port,
            weight,
            healthy: input.healthy.unwrap_or(true),
            enabled: input.enabled.unwrap_or(true),
            ephemeral: input.ephemeral.unwrap_or(true),
            cluster_name,
            metadata,
        };
        instance.validate_beat_timing()?;
        Ok(instance)
    }

    /// `preserved.heart.beat.interval`, or the default.
    pub fn beat_interval_ms(&self) -> u64 {
        self.metadata_ms(HEART_BEAT_INTERVAL, DEFAULT_BEAT_INTERVAL_MS)
    }

    fn metadata_ms(&self, key: &str, default: u64) -> u64 {
        self.metadata
            .get(key)
            .and_then(|value| value.parse().ok())
            .unwrap_or(default)
    }

    /// Java's `checkInstanceIsLegal`: the beat must come before the server gives up on it.
    fn validate_beat_timing(&self) -> Result<(), NacosError> {
        let interval = self.beat_interval_ms();
        let timeout = self.metadata_ms(HEART_BEAT_TIMEOUT, DEFAULT_BEAT_TIMEOUT_MS);
        let delete = self.metadata_ms(IP_DELETE_TIMEOUT, DEFAULT_IP_DELETE_TIMEOUT_MS);
        if interval < MIN_BEAT_INTERVAL_MS {
            return Err(NacosError::invalid(format!(
                "metadata '{HEART_BEAT_INTERVAL}' is in milliseconds and must be at least \
                 {MIN_BEAT_INTERVAL_MS}, got {interval}"
            )));
        }
        if timeout < interval || delete < interval {
            return Err(NacosError::invalid(format!(
                "Instance 'heart beat interval' must less than 'heart beat timeout' and \
                 'ip delete timeout' (interval {interval} ms, timeout {timeout} ms, delete \
                 timeout {delete} ms)"
            )));
        }
        Ok(())
    }
}

fn validate_ip(ip: &str) -> Result<(), NacosError> {
    if ip.trim().is_empty() {
        return Err(NacosError::invalid("instance.ip must not be blank"));
    }
    if ip.len() > 253 {
        return Err(NacosError::invalid(
            "instance.ip is longer than 253 characters",
        ));
    }
    if ip.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(NacosError::invalid(format!(
            "instance.ip must not contain spaces or control characters, got {}",
            quote(ip)
        )));
    }
    Ok(())
}

fn validate_port(port: f64) -> Result<u16, NacosError> {
    if port.fract() != 0.0 || !(0.0..=65535.0).contains(&port) {
        return Err(NacosError::invalid(format!(
            "instance.port must be an integer from 0 to 65535, got {}",
            js_number(port)
        )));
    }
    Ok(port as u16)
}

fn validate_weight(weight: f64) -> Result<f64, NacosError> {
    if !weight.is_finite() || !(0.0..=MAX_WEIGHT).contains(&weight) {
        return Err(NacosError::invalid(format!(
            "instance.weight must be a number from 0 to 10000, got {}",
            js_number(weight)
        )));
    }
    Ok(weight)
}

/// Java's `CLUSTER_NAME_PATTERN`: `^[0-9a-zA-Z-]+$`.
pub fn validate_cluster_name(name: String) -> Result<String, NacosError> {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Ok(name)
    } else {
        Err(NacosError::invalid(format!(
            "cluster name {} is illegal: only letters, digits and '-' are allowed",
            quote(&name)
        )))
    }
}

fn validate_metadata(raw: Vec<(String, Value)>) -> Result<StringMap, NacosError> {
    let mut metadata = StringMap::new();
    for (key, value) in raw {
        let Value::String(text) = value else {
            return Err(NacosError::invalid(format!(
                "invalid instance: metadata[{}] must be a string, got {}",
                quote(&key),
                value.type_name()
            )));
        };
        if DIGIT_ONLY_KEYS.contains(&key.as_str())
            && (text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) || text.len() > 12)
        {
            return Err(NacosError::invalid(format!(
                "instance.metadata[{}] must be a whole number of milliseconds, got {}",
                quote(&key),
                quote(&text)
            )));
        }
        metadata.insert(key, text);
    }
    Ok(metadata)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorCode;
    use crate::core::json;
    use serde_json::json;

    fn parse(value: serde_json::Value) -> Result<Instance, NacosError> {
        let value = json::parse(&value.to_string()).unwrap();
        Instance::from_input(InstanceInput::from_value(&value)?)
    }

    #[test]
    fn defaults_match_java() {
        let instance = parse(json!({"ip": "10.0.0.1", "port": 8080})).unwrap();
        assert_eq!(instance.weight, 1.0);
        assert!(instance.healthy && instance.enabled && instance.ephemeral);
        assert_eq!(instance.cluster_name, "DEFAULT");
        assert_eq!(instance.beat_interval_ms(), 5000);
    }

    #[test]
    fn server_fields_are_accepted_and_unknown_fields_rejected() {
        assert!(
            parse(json!({"ip": "a", "port": 1, "instanceId": "x", "serviceName": "s"})).is_ok()
        );
        let error = parse(json!({"ip": "a", "port": 1, "wieght": 2})).unwrap_err();
        assert!(
            error.message.contains("unknown field `wieght`"),
            "{}",
            error.message
        );
    }

    #[test]
    fn wrong_types_are_named() {
        let error = parse(json!({"ip": "a", "port": "80"})).unwrap_err();
        assert_eq!(
            error.message,
            "invalid instance: `port` expected a number, got a string"
        );
        let error = parse(json!({"ip": "a", "port": 1, "metadata": [1]})).unwrap_err();
        assert!(error
            .message
            .contains("must be an object of strings, got an array"));
        let error = parse(json!([1])).unwrap_err();
        assert!(error.message.starts_with("instance must be an object"));
        let value = json::parse(r#"{"ip":"a","port":{"\u0000":"NaN"}}"#).unwrap();
        let error = Instance::from_input(InstanceInput::from_value(&value).unwrap()).unwrap_err();
        assert!(error.message.ends_with("got NaN"), "{}", error.message);
    }

    #[test]
    fn validation_table() {
        let bad = [
            json!({"port": 1}),
            json!({"ip": "  ", "port": 1}),
            json!({"ip": "a b", "port": 1}),
            json!({"ip": "a"}),
            json!({"ip": "a", "port": -1}),
            json!({"ip": "a", "port": 65536}),
            json!({"ip": "a", "port": 80.5}),
            json!({"ip": "a", "port": 1, "weight": -0.5}),
            json!({"ip": "a", "port": 1, "weight": 10000.5}),
            json!({"ip": "a", "port": 1, "clusterName": "a_b"}),
            json!({"ip": "a", "port": 1, "clusterName": "a b"}),
            json!({"ip": "a", "port": 1, "metadata": {"k": 1}}),
            json!({"ip": "a", "port": 1, "metadata": {"k": {"x": "y"}}}),
            json!({"ip": "a", "port": 1, "metadata": {HEART_BEAT_INTERVAL: "5s"}}),
            json!({"ip": "a", "port": 1, "metadata": {HEART_BEAT_INTERVAL: "500"}}),
            json!({"ip": "a", "port": 1, "metadata": {HEART_BEAT_INTERVAL: "20000"}}),
            json!({"ip": "a", "port": 1, "metadata": {HEART_BEAT_INTERVAL: "6000", IP_DELETE_TIMEOUT: "5000", HEART_BEAT_TIMEOUT: "9000"}}),
            json!({"ip": "a", "port": 1, "metadata": {HEART_BEAT_TIMEOUT: ""}}),
        ];
        for case in bad {
            let error = parse(case.clone()).expect_err(&case.to_string());
            assert_eq!(error.code, ErrorCode::InvalidParam, "{case}");
            assert_eq!(error.err_code, -400);
        }
        let good = parse(json!({"ip": "::1", "port": 0, "weight": 0, "clusterName": "c-1",
            "metadata": {HEART_BEAT_INTERVAL: "2000", HEART_BEAT_TIMEOUT: "6000", IP_DELETE_TIMEOUT: "9000", "x": "a&b=c% d中"}}))
        .unwrap();
        assert_eq!(good.beat_interval_ms(), 2000);
        assert_eq!(good.metadata["x"], "a&b=c% d中");
    }

    #[test]
    fn weight_rejects_non_finite() {
        assert!(validate_weight(f64::NAN).is_err());
        assert!(validate_weight(f64::INFINITY).is_err());
        assert_eq!(validate_weight(10000.0).unwrap(), 10000.0);
    }
}
