//! Service and group names: Java's `NamingUtils` rules and the `group@@service` grouped form.

use crate::core::error::{quote, NacosError};
use crate::core::substring;

pub const DEFAULT_GROUP: &str = "DEFAULT_GROUP";
pub const GROUP_SEPARATOR: &str = "@@";

/// A checked service name and its group.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceName {
    pub group: String,
    pub service: String,
}

impl ServiceName {
    /// Checks a caller's names. A service written `group@@service` carries its own group, which must
    /// agree with `group` when that is given too.
    pub fn parse(service: &str, group: Option<&str>) -> Result<ServiceName, NacosError> {
        if service.trim().is_empty() {
            return Err(NacosError::invalid(
                "Param 'serviceName' is illegal, serviceName is blank",
            ));
        }
        // Java leaves these to the server; a newline in a name only ever breaks a request or a log line.
        if service.chars().any(char::is_control) {
            return Err(NacosError::invalid(format!(
                "Param 'serviceName' is illegal, it contains control characters: {}",
                quote(service)
            )));
        }
        if let Some(group) = group {
            check_group(group)?;
        }
        let Some((embedded_group, name)) = substring::split_once(service, GROUP_SEPARATOR) else {
            return Ok(ServiceName {
                group: group.unwrap_or(DEFAULT_GROUP).to_string(),
                service: service.to_string(),
            });
        };
        if embedded_group.trim().is_empty() {
            return Err(NacosError::invalid(format!(
                "Param 'serviceName' is illegal, groupName can't be empty in {}",
                quote(service)
            )));
        }
        if name.trim().is_empty() || substring::contains(name, GROUP_SEPARATOR) {
            return Err(NacosError::invalid(format!(
                "Param 'serviceName' is illegal, it should be format as 'groupName@@serviceName', \
                 got {}",
                quote(service)
            )));
        }
        if let Some(group) = group {
            if group != embedded_group {
                return Err(NacosError::invalid(format!(
                    "serviceName {} names group {} but groupName is {}",
                    quote(service),
                    quote(embedded_group),
                    quote(group)
                )));
            }
        }
        Ok(ServiceName {
            group: embedded_group.to_string(),
            service: name.to_string(),
        })
    }

    /// `group@@service`, the form every v1 naming call sends as `serviceName`.
    pub fn grouped(&self) -> String {
        let mut grouped = String::with_capacity(self.group.len() + 2 + self.service.len());
        self.push_grouped(&mut grouped);
        grouped
    }

    /// Appends `group@@service` (pushed, not formatted: it is built for every call).
    pub fn push_grouped(&self, out: &mut String) {
        out.push_str(&self.group);
        out.push_str(GROUP_SEPARATOR);
        out.push_str(&self.service);
    }
}

/// A group name must not be blank nor contain the `@@` that joins it to a service.
pub fn check_group(group: &str) -> Result<(), NacosError> {
    if group.trim().is_empty() {
        return Err(NacosError::invalid(
            "Param 'groupName' is illegal, groupName is blank",
        ));
    }
    if group.chars().any(char::is_control) {
        return Err(NacosError::invalid(format!(
            "Param 'groupName' is illegal, it contains control characters: {}",
            quote(group)
        )));
    }
    if substring::contains(group, GROUP_SEPARATOR) {
        return Err(NacosError::invalid(format!(
            "Param 'groupName' is illegal, {} contains '@@'",
            quote(group)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_rejected_in_names_and_groups() {
        let error = ServiceName::parse("a\nb", None).unwrap_err();
        assert!(
            error.message.contains("control characters"),
            "{}",
            error.message
        );
        assert!(ServiceName::parse("a", Some("g\t1")).is_err());
        assert!(ServiceName::parse("g\u{0}@@a", None).is_err());
    }

    #[test]
    fn grouping_matches_java() {
        let name = ServiceName::parse("orders", None).unwrap();
        assert_eq!(name.grouped(), "DEFAULT_GROUP@@orders");
        let name = ServiceName::parse("orders", Some("shop")).unwrap();
        assert_eq!(name.grouped(), "shop@@orders");
        let name = ServiceName::parse("shop@@orders", None).unwrap();
        assert_eq!(
            (name.group.as_str(), name.service.as_str()),
            ("shop", "orders")
        );
        assert!(ServiceName::parse("shop@@orders", Some("shop")).is_ok());
    }

    #[test]
    fn illegal_names_are_rejected() {
        for (service, group) in [
            ("", None),
            ("  ", None),
            ("a", Some("")),
            ("a", Some(" ")),
            ("a", Some("g@@h")),
            ("@@a", None),
            ("g@@", None),
            ("g@@a@@b", None),
            ("g@@a", Some("other")),
        ] {
            assert!(
                ServiceName::parse(service, group).is_err(),
                "{service:?} {group:?}"
            );
        }
    }
}
