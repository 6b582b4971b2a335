//! The `NacosNamingClient` class JavaScript sees: argument checks and promises over `NamingCore`.

use crate::api::convert::{self, to_js};
use crate::api::error::to_js_error;
use crate::core::client::NamingCore;
use crate::core::error::NacosError;
use crate::core::options::ClientConfig;
use crate::host::{executor, WasmHost};
use js_sys::Promise;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A string parameter that may be left out. Not checked by the glue: `convert` checks it.
    #[wasm_bindgen(typescript_type = "string")]
    pub type OptionalString;
    #[wasm_bindgen(typescript_type = "CloseOptions")]
    pub type JsCloseOptions;
}

/// A Nacos naming client: registers instances, keeps them alive with heartbeats, and fails over
/// between servers. Runs in Node, Deno, browsers and Cloudflare Workers.
#[wasm_bindgen]
pub struct NacosNamingClient {
    pub(crate) core: Rc<NamingCore<WasmHost>>,
}

#[derive(Clone, Copy)]
enum InstanceCall {
    Register,
    Deregister,
    Update,
}

#[wasm_bindgen]
impl NacosNamingClient {
    /// Creates a client. Throws a `NacosError` (code `INVALID_PARAM` or `NO_SERVER_AVAILABLE`) when an
    /// option is missing, unknown or malformed. Sends nothing until a method is called.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "NacosClientOptions")] options: JsValue,
    ) -> Result<NacosNamingClient, JsValue> {
        let build = || -> Result<NacosNamingClient, NacosError> {
            let (options, on_event) = convert::client_options(options)?;
            let config = ClientConfig::from_options(options)?;
            let core = Rc::new(NamingCore::new(config, WasmHost::new(on_event)));
            core.host().bind(Rc::downgrade(&core));
            Ok(NacosNamingClient { core })
        };
        build().map_err(|error| to_js_error(&error))
    }

    /// Registers an instance; an ephemeral one (the default) then beats until deregistered or closed.
    /// Registering the same service, ip and port again replaces it and its heartbeat.
    #[wasm_bindgen(js_name = registerInstance, unchecked_return_type = "Promise<void>")]
    pub fn register_instance(
        &self,
        #[wasm_bindgen(js_name = serviceName, unchecked_param_type = "string")]
        service_name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instance")] instance: JsValue,
        #[wasm_bindgen(js_name = groupName)] group_name: Option<OptionalString>,
    ) -> Promise {
        self.instance_call(InstanceCall::Register, service_name, instance, group_name)
    }

    /// Stops the instance's heartbeat and deregisters it.
    #[wasm_bindgen(js_name = deregisterInstance, unchecked_return_type = "Promise<void>")]
    pub fn deregister_instance(
        &self,
        #[wasm_bindgen(js_name = serviceName, unchecked_param_type = "string")]
        service_name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instance")] instance: JsValue,
        #[wasm_bindgen(js_name = groupName)] group_name: Option<OptionalString>,
    ) -> Promise {
        self.instance_call(InstanceCall::Deregister, service_name, instance, group_name)
    }

    /// Updates an instance's weight, enabled flag and metadata; later beats carry the new values.
    #[wasm_bindgen(js_name = updateInstance, unchecked_return_type = "Promise<void>")]
    pub fn update_instance(
        &self,
        #[wasm_bindgen(js_name = serviceName, unchecked_param_type = "string")]
        service_name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instance")] instance: JsValue,
        #[wasm_bindgen(js_name = groupName)] group_name: Option<OptionalString>,
    ) -> Promise {
        self.instance_call(InstanceCall::Update, service_name, instance, group_name)
    }

    /// The instances this client keeps alive, with their beat schedule and last result.
    #[wasm_bindgen(js_name = beatingInstances, unchecked_return_type = "BeatingInstance[]")]
    pub fn beating_instances(&self) -> JsValue {
        to_js(&self.core.beating_instances())
    }

    /// Each configured server and whether it is up, as the client has seen it.
    #[wasm_bindgen(js_name = serverStates, unchecked_return_type = "ServerState[]")]
    pub fn server_states(&self) -> JsValue {
        to_js(&self.core.server_states())
    }

    /// Beats every scheduled instance now, all at once. For runtimes without long-lived timers
    /// (Cloudflare Workers: call it from a scheduled handler, with `autoBeat: false`). Failed beats
    /// are counted (and reported as events); it rejects with `CLOSED` if `close()` ends it.
    #[wasm_bindgen(js_name = sendBeats, unchecked_return_type = "Promise<BeatSummary>")]
    pub fn send_beats(&self) -> Promise {
        let core = self.core.clone();
        promise(async move {
            let summary = core.send_beats().await?;
            Ok(to_js(&summary))
        })
    }

    /// Milliseconds until the next beat is due (0 when overdue), or `undefined` with nothing to beat.
    #[wasm_bindgen(js_name = nextBeatDelayMs)]
    pub fn next_beat_delay_ms(&self) -> Option<f64> {
        self.core.next_beat_delay_ms().map(|ms| ms as f64)
    }

    /// Stops every heartbeat timer and ends requests in flight (they reject with code `CLOSED`).
    /// With `{ deregister: true }` it first deregisters every instance this client registered, and
    /// rejects with the first failure. Later calls reject with `CLOSED`. Safe to call twice.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn close(&self, options: Option<JsCloseOptions>) -> Promise {
        let core = self.core.clone();
        let deregister = convert::close_options(&options.map(JsValue::from));
        promise(async move {
            core.close(deregister?).await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    fn instance_call(
        &self,
        call: InstanceCall,
        service_name: JsValue,
        instance: JsValue,
        group_name: Option<OptionalString>,
    ) -> Promise {
        let group_name = group_name.map(JsValue::from);
        let core = self.core.clone();
        let arguments = (|| {
            Ok::<_, NacosError>((
                convert::required_string("serviceName", &service_name)?,
                convert::instance(instance)?,
                convert::optional_string("groupName", &group_name)?,
            ))
        })();
        promise(async move {
            let (service, instance, group) = arguments?;
            let group = group.as_deref();
            match call {
                InstanceCall::Register => core.register(&service, group, instance).await?,
                InstanceCall::Deregister => core.deregister(&service, group, instance).await?,
                InstanceCall::Update => core.update(&service, group, instance).await?,
            }
            Ok(JsValue::UNDEFINED)
        })
    }
}

/// A promise that rejects with a JS `NacosError`. It owns everything it needs, so no borrow of the
/// client outlives the call and concurrent calls never collide.
pub(crate) fn promise(
    future: impl Future<Output = Result<JsValue, NacosError>> + 'static,
) -> Promise {
    boxed_promise(Box::pin(future))
}

/// One instantiation of the executor's `promise` for every method: generic, it cost the wasm about
/// a kilobyte of promise and task plumbing per method; boxed, the methods share it.
#[inline(never)]
fn boxed_promise(future: Pin<Box<dyn Future<Output = Result<JsValue, NacosError>>>>) -> Promise {
    executor::promise(async move { future.await.map_err(|error| to_js_error(&error)) })
}
