//! Discovery methods of `NacosNamingClient`: list, select, choose, subscribe, and server queries.

use crate::api::client::{promise, NacosNamingClient, OptionalString};
use crate::api::convert::{self, to_js};
use crate::api::error::to_js_error;
use crate::core::discovery::Target;
use crate::core::error::NacosError;
use crate::host::call_listener;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `string[]` or a comma-separated string, as `nacos-naming` accepts. Checked by `convert`.
    #[wasm_bindgen(typescript_type = "string[] | string")]
    pub type OptionalClusters;
    #[wasm_bindgen(typescript_type = "boolean")]
    pub type OptionalBool;
    #[wasm_bindgen(typescript_type = "string | SubscribeInfo")]
    pub type JsSubscribeInfo;
    #[wasm_bindgen(typescript_type = "ServiceListener")]
    pub type JsServiceListener;
    #[wasm_bindgen(typescript_type = "number")]
    pub type JsNumber;
}

#[wasm_bindgen]
impl NacosNamingClient {
    /// Every instance of a service, healthy or not. With `subscribe = true` the service is then kept
    /// cached and polled (Java's default; here it is opt-in), so later reads answer from memory,
    /// also while the servers are unreachable. A subscribed service always answers from its cache.
    #[wasm_bindgen(js_name = getAllInstances, unchecked_return_type = "Promise<ServiceInstance[]>")]
    pub fn get_all_instances(
        &self,
        #[wasm_bindgen(js_name = serviceName, unchecked_param_type = "string")]
        service_name: JsValue,
        #[wasm_bindgen(js_name = groupName)] group_name: Option<OptionalString>,
        clusters: Option<OptionalClusters>,
        subscribe: Option<OptionalBool>,
    ) -> Promise {
        let core = self.core.clone();
        let arguments = target_and_subscribe(&service_name, group_name, clusters, subscribe);
        promise(async move {
            let (target, subscribe) = arguments?;
            let info = core.service_info(&target, subscribe).await?;
            Ok(to_js(&info.hosts))
        })
    }

    /// Instances whose health is `healthy` (default true) that are enabled and have weight > 0.
    #[wasm_bindgen(js_name = selectInstances, unchecked_return_type = "Promise<ServiceInstance[]>")]
    pub fn select_instances(
        &self,
        #[wasm_bindgen(js_name = serviceName, unchecked_param_type = "string")]
        service_name: JsValue,
        #[wasm_bindgen(js_name = groupName)] group_name: Option<OptionalString>,
        clusters: Option<OptionalClusters>,
        healthy: Option<OptionalBool>,
        subscribe: Option<OptionalBool>,
    ) -> Promise {
        let core = self.core.clone();
        let arguments = target(&service_name, group_name, clusters).and_then(|target| {
            Ok((
                target,
                flag("healthy", healthy, true)?,
                flag("subscribe", subscribe, false)?,
            ))
        });
        promise(async move {
            let (target, healthy, subscribe) = arguments?;
            Ok(to_js(
                &core.select_instances(&target, healthy, subscribe).await?,
            ))
        })
    }

    /// One healthy instance, chosen at random by weight as the Java client's `Balancer` does.
    /// Rejects with code `NO_HEALTHY_INSTANCE` when there is none.
    #[wasm_bindgen(js_name = selectOneHealthyInstance, unchecked_return_type = "Promise<ServiceInstance>")]
    pub fn select_one_healthy_instance(
        &self,
        #[wasm_bindgen(js_name = serviceName, unchecked_param_type = "string")]
        service_name: JsValue,
        #[wasm_bindgen(js_name = groupName)] group_name: Option<OptionalString>,
        clusters: Option<OptionalClusters>,
        subscribe: Option<OptionalBool>,
    ) -> Promise {
        let core = self.core.clone();
        let arguments = target_and_subscribe(&service_name, group_name, clusters, subscribe);
        promise(async move {
            let (target, subscribe) = arguments?;
            Ok(to_js(&core.select_one_healthy(&target, subscribe).await?))
        })
    }

    /// Calls `listener(hosts, change)` with the full host list now (once known) and whenever it
    /// changes. Browsers and workers cannot receive UDP pushes, so the client polls at the server's
    /// `cacheMillis` (or `pollIntervalMs`), backing off on errors; one poll per service is shared by
    /// all its listeners. Resolves after the first poll.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn subscribe(&self, info: JsSubscribeInfo, listener: JsServiceListener) -> Promise {
        let core = self.core.clone();
        let arguments = subscribe_info(&info.into()).and_then(|target| {
            let listener: JsValue = listener.into();
            let listener = listener
                .dyn_into::<Function>()
                .map_err(|_| NacosError::invalid("listener must be a function"))?;
            Ok((target, listener))
        });
        promise(async move {
            let (target, listener) = arguments?;
            core.ensure_open()?;
            core.host().listeners().add(&target.key, listener.clone());
            if let Some(cached) = core.subscribe(&target).await? {
                call_listener(&listener, &to_js(&cached.hosts), &to_js(&cached));
            }
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Removes `listener` (or, without one, every listener and any `subscribe = true` hold) from
    /// a subscription; polling stops when nothing is left. Throws `NacosError` on bad arguments.
    #[wasm_bindgen(js_name = unSubscribe)]
    pub fn un_subscribe(
        &self,
        info: JsSubscribeInfo,
        listener: Option<JsServiceListener>,
    ) -> Result<(), JsValue> {
        let target = subscribe_info(&info.into()).map_err(|e| to_js_error(&e))?;
        let listener: Option<JsValue> = listener.map(Into::into);
        let listener =
            match convert::given(&listener) {
                None => None,
                Some(value) => Some(value.clone().dyn_into::<Function>().map_err(|_| {
                    to_js_error(&NacosError::invalid("listener must be a function"))
                })?),
            };
        let listeners = self.core.host().listeners();
        listeners.remove(&target.key, listener.as_ref());
        self.core.release(&target.key, listener.is_none());
        Ok(())
    }

    /// `'UP'` when a server says it is up, `'DOWN'` otherwise (never rejects but when closed).
    #[wasm_bindgen(js_name = getServerStatus, unchecked_return_type = "Promise<'UP' | 'DOWN'>")]
    pub fn get_server_status(&self) -> Promise {
        let core = self.core.clone();
        promise(async move { Ok(JsValue::from_str(core.server_status().await?.as_str())) })
    }

    /// One page of the namespace's service names in a group: `{ count, data }`.
    #[wasm_bindgen(js_name = getServicesOfServer, unchecked_return_type = "Promise<ServiceList>")]
    pub fn get_services_of_server(
        &self,
        #[wasm_bindgen(js_name = pageNo)] page_no: JsNumber,
        #[wasm_bindgen(js_name = pageSize)] page_size: JsNumber,
        #[wasm_bindgen(js_name = groupName)] group_name: Option<OptionalString>,
    ) -> Promise {
        let core = self.core.clone();
        let arguments = (|| {
            Ok::<_, NacosError>((
                convert::required_number("pageNo", &page_no.into())?,
                convert::required_number("pageSize", &page_size.into())?,
                convert::optional_string("groupName", &group_name.map(JsValue::from))?,
            ))
        })();
        promise(async move {
            let (page_no, page_size, group) = arguments?;
            let services = core
                .services_of_server(page_no, page_size, group.as_deref())
                .await?;
            Ok(to_js(&services))
        })
    }

    /// A service's details (protect threshold, metadata, selector, clusters).
    #[wasm_bindgen(js_name = getService, unchecked_return_type = "Promise<ServiceDetail>")]
    pub fn get_service(
        &self,
        #[wasm_bindgen(js_name = serviceName, unchecked_param_type = "string")]
        service_name: JsValue,
        #[wasm_bindgen(js_name = groupName)] group_name: Option<OptionalString>,
    ) -> Promise {
        let core = self.core.clone();
        let arguments = (|| {
            Ok::<_, NacosError>((
                convert::required_string("serviceName", &service_name)?,
                convert::optional_string("groupName", &group_name.map(JsValue::from))?,
            ))
        })();
        promise(async move {
            let (service, group) = arguments?;
            Ok(to_js(
                &core.service_detail(&service, group.as_deref()).await?,
            ))
        })
    }
}

fn target(
    service_name: &JsValue,
    group_name: Option<OptionalString>,
    clusters: Option<OptionalClusters>,
) -> Result<Target, NacosError> {
    let service = convert::required_string("serviceName", service_name)?;
    let group = convert::optional_string("groupName", &group_name.map(JsValue::from))?;
    let clusters = convert::clusters(&clusters.map(JsValue::from))?;
    Target::parse(
        &service,
        group.as_deref(),
        clusters.iter().map(String::as_str),
    )
}

fn target_and_subscribe(
    service_name: &JsValue,
    group_name: Option<OptionalString>,
    clusters: Option<OptionalClusters>,
    subscribe: Option<OptionalBool>,
) -> Result<(Target, bool), NacosError> {
    Ok((
        target(service_name, group_name, clusters)?,
        flag("subscribe", subscribe, false)?,
    ))
}

fn flag(name: &str, value: Option<OptionalBool>, default: bool) -> Result<bool, NacosError> {
    convert::optional_bool(name, &value.map(JsValue::from)).map(|v| v.unwrap_or(default))
}

/// `'orders'` or `{ serviceName, groupName?, clusters? }`, as `nacos-naming` takes it.
fn subscribe_info(info: &JsValue) -> Result<Target, NacosError> {
    if info.is_string() {
        return target(info, None, None);
    }
    let fields = convert::object_fields(
        "subscribe info",
        info,
        &["serviceName", "groupName", "clusters"],
    )?;
    let [service, group, clusters] = fields;
    target(
        &service,
        Some(group.unchecked_into()),
        Some(clusters.unchecked_into()),
    )
}
