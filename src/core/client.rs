//! `NamingCore`: register, deregister, update and close, over any `Host`.

use crate::core::auth::AuthState;
use crate::core::beat_queue::BeatQueue;
use crate::core::error::NacosError;
use crate::core::event::{Event, EventKind};
use crate::core::host::{Host, TimerKey};
use crate::core::instance::{Instance, InstanceInput};
use crate::core::join::{join_all, meanwhile};
use crate::core::options::ClientConfig;
use crate::core::params::{self, BeatInfo};
use crate::core::registry::{
    beating_instances, registration_key, BeatTask, BeatingInstance, Registration, Registry,
};
use crate::core::server_pool::{ServerPool, ServerState};
use crate::core::service_name::ServiceName;
use crate::core::subscriptions::Subscriptions;
use std::cell::{Cell, RefCell};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lifecycle {
    Open,
    /// `close()` has begun: new calls are refused, its own deregistrations still go out.
    Closing,
    Closed,
}

/// The naming client without its JavaScript face. Every method takes `&self`, and no `RefCell` borrow
/// is held across an `.await` or while calling the host, so concurrent calls are safe.
pub struct NamingCore<H: Host> {
    pub(crate) config: ClientConfig,
    pub(crate) auth: AuthState,
    pub(crate) host: H,
    pub(crate) pool: RefCell<ServerPool>,
    pub(crate) registry: RefCell<Registry>,
    pub(crate) subscriptions: RefCell<Subscriptions>,
    /// Ephemeral registrations whose next beat waits, by due time.
    pub(crate) beat_queue: RefCell<BeatQueue>,
    /// The due time the `Beats` timer is armed for, if it is armed.
    pub(crate) beat_timer_at: Cell<Option<u64>>,
    /// Workers sending due beats now (at most `MAX_BEATS_IN_FLIGHT`).
    pub(crate) beat_workers: Cell<usize>,
    next_generation: Cell<u64>,
    lifecycle: Cell<Lifecycle>,
}

impl<H: Host> NamingCore<H> {
    pub fn new(config: ClientConfig, host: H) -> NamingCore<H> {
        let pool = ServerPool::new(config.servers.clone(), config.server_cooldown_ms);
        NamingCore {
            config,
            auth: AuthState::default(),
            host,
            pool: RefCell::new(pool),
            registry: RefCell::new(Registry::new()),
            subscriptions: RefCell::new(Subscriptions::new()),
            beat_queue: RefCell::new(BeatQueue::default()),
            beat_timer_at: Cell::new(None),
            beat_workers: Cell::new(0),
            next_generation: Cell::new(1),
            lifecycle: Cell::new(Lifecycle::Open),
        }
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    pub fn host(&self) -> &H {
        &self.host
    }

    /// `registerInstance`: registers, then (for ephemeral instances) starts or replaces its beat task.
    pub async fn register(
        &self,
        service: &str,
        group: Option<&str>,
        input: InstanceInput,
    ) -> Result<(), NacosError> {
        self.ensure_open()?;
        let (name, instance) = parse(service, group, input)?;
        let call = params::register(&self.config.namespace, &name, &instance);
        // The registry entry is made while the request is out, not after the reply: the caller
        // waits less. (Java too adds the beat before it sends the registration.)
        let (sent, (key, beat)) = meanwhile(self.request(&call), || {
            let key = registration_key(&name, &instance);
            let beat = instance
                .ephemeral
                .then(|| self.new_beat_task(&name, &instance));
            (key, beat)
        })
        .await;
        sent?;
        if self.lifecycle.get() != Lifecycle::Open {
            return Err(NacosError::closed());
        }
        let due_at = beat.as_ref().map(|task| task.next_due_at);
        let replaced = self.registry.borrow_mut().insert(
            key.clone(),
            Registration {
                name,
                instance,
                beat,
            },
        );
        self.unschedule_beat(&key, replaced.as_ref());
        if let Some(due_at) = due_at {
            self.beat_queue.borrow_mut().insert(due_at, &key);
            self.arm_beat_timer();
        }
        Ok(())
    }

    /// `deregisterInstance`: stops the beat task first (as Java does), then deregisters.
    pub async fn deregister(
        &self,
        service: &str,
        group: Option<&str>,
        input: InstanceInput,
    ) -> Result<(), NacosError> {
        self.ensure_open()?;
        let (name, instance) = parse(service, group, input)?;
        let key = registration_key(&name, &instance);
        let removed = self.registry.borrow_mut().remove(&key);
        self.unschedule_beat(&key, removed.as_ref());
        self.request(&params::deregister(
            &self.config.namespace,
            &name,
            &instance,
        ))
        .await?;
        Ok(())
    }

    /// `updateInstance`: on success, later beats and re-registrations carry the new values.
    pub async fn update(
        &self,
        service: &str,
        group: Option<&str>,
        input: InstanceInput,
    ) -> Result<(), NacosError> {
        self.ensure_open()?;
        let (name, instance) = parse(service, group, input)?;
        self.request(&params::update(&self.config.namespace, &name, &instance))
            .await?;
        let key = registration_key(&name, &instance);
        if let Some(registration) = self.registry.borrow_mut().get_mut(&key) {
            if let Some(task) = registration.beat.as_mut() {
                task.info = BeatInfo::new(&name, &instance);
            }
            registration.instance = instance;
        }
        Ok(())
    }

    /// A timer armed through the host fired.
    pub async fn fire(&self, timer: TimerKey) {
        match timer {
            TimerKey::Beats => self.run_due_beats().await,
            TimerKey::Poll(key) => self.run_poll(&key).await,
        }
    }

    pub fn beating_instances(&self) -> Vec<BeatingInstance> {
        beating_instances(&self.registry.borrow())
    }

    pub fn server_states(&self) -> Vec<ServerState> {
        self.pool.borrow().states()
    }

    /// Stops every timer and fails requests in flight with `CLOSED`. With `deregister`, first
    /// deregisters everything this client registered; the first failure is returned after closing.
    pub async fn close(&self, deregister: bool) -> Result<(), NacosError> {
        if self.lifecycle.get() != Lifecycle::Open {
            return Ok(());
        }
        self.lifecycle.set(Lifecycle::Closing);
        // Requests in flight (beats among them) end now, so none lands after a deregistration.
        self.host.shut_down();
        self.subscriptions.borrow_mut().clear();
        self.beat_queue.borrow_mut().clear();
        let registrations: Vec<Registration> = self.registry.borrow_mut().take_values();
        let mut outcome = Ok(());
        if deregister {
            let calls: Vec<_> = registrations
                .iter()
                .map(|r| params::deregister(&self.config.namespace, &r.name, &r.instance))
                .collect();
            let results = join_all(calls.iter().map(|call| self.request_while_closing(call))).await;
            if let Some(error) = results.into_iter().find_map(Result::err) {
                outcome = Err(error);
            }
        }
        self.lifecycle.set(Lifecycle::Closed);
        outcome
    }

    pub fn is_closed(&self) -> bool {
        self.lifecycle.get() == Lifecycle::Closed
    }

    pub(crate) fn ensure_open(&self) -> Result<(), NacosError> {
        match self.lifecycle.get() {
            Lifecycle::Open => Ok(()),
            _ => Err(NacosError::closed()),
        }
    }

    pub(crate) fn emit(&self, kind: EventKind) {
        self.host.emit(Event {
            at: self.host.now_ms(),
            kind,
        });
    }

    fn new_beat_task(&self, name: &ServiceName, instance: &Instance) -> BeatTask {
        let generation = self.next_generation.get();
        self.next_generation.set(generation + 1);
        let period_ms = instance.beat_interval_ms();
        BeatTask {
            info: BeatInfo::new(name, instance),
            period_ms,
            light: false,
            generation,
            in_flight: false,
            needs_register: false,
            next_due_at: self.host.now_ms() + period_ms,
            last_beat_at: None,
            last_result: None,
        }
    }
}

fn parse(
    service: &str,
    group: Option<&str>,
    input: InstanceInput,
) -> Result<(ServiceName, Instance), NacosError> {
    let name = ServiceName::parse(service, group)?;
    let instance = Instance::from_input(input)?;
    Ok((name, instance))
}
