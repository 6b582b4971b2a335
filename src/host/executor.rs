//! Runs the client's futures: a task is polled at once when it is spawned or woken, not a microtask
//! later, and a call's promise is settled by id from JS (`calls.js`), with no wasm closure per call.
//!
//! Why not `wasm-bindgen-futures`: per call it makes a promise through a wasm closure, queues the
//! task's first poll as a microtask, and on every wake queues another. Measured against r-nacos,
//! that plumbing was a large part of what a registration costs beyond raw `fetch` (`bench/RESULTS.md`).
//!
//! Re-entrancy: a wake while a task is being polled (a task waking another, or JS called from a poll
//! answering at once) only queues the task; the run already under way polls it next. So no task is
//! ever polled inside another's poll, and no `RefCell` borrow of a poll is met by a nested one.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/host/calls.js")]
extern "C" {
    /// The promise of call `id`: settled by `settle_call(id, ..)`, before or after.
    #[wasm_bindgen(js_name = newCall)]
    fn new_call(id: u32) -> js_sys::Promise;
    #[wasm_bindgen(js_name = settleCall)]
    fn settle_call(id: u32, ok: bool, value: JsValue);
}

type Task = Pin<Box<dyn Future<Output = ()>>>;

/// A task's place: its future while it waits, `None` while it is polled or once it has ended.
struct Slot {
    task: Option<Task>,
    waker: Waker,
}

#[derive(Default)]
struct Executor {
    slots: RefCell<Vec<Slot>>,
    /// Slots whose task has ended, to reuse.
    free: RefCell<Vec<usize>>,
    /// Slots to poll, in the order they were woken. A slot may be listed twice or after its task
    /// ended (then reused): a spurious poll, which every future allows.
    ready: RefCell<VecDeque<usize>>,
    running: Cell<bool>,
    next_call: Cell<u32>,
}

thread_local! {
    static EXECUTOR: Executor = Executor::default();
}

/// Wakes the task in one slot.
struct SlotWaker(usize);

impl Wake for SlotWaker {
    fn wake(self: Arc<Self>) {
        schedule(self.0);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        schedule(self.0);
    }
}

/// Starts `future`, polling it now unless a run is already under way (then it is polled in that run).
pub fn spawn(future: impl Future<Output = ()> + 'static) {
    spawn_boxed(Box::pin(future));
}

/// One instantiation for every caller: generic, each would cost the wasm its own copy.
#[inline(never)]
fn spawn_boxed(task: Task) {
    let index = EXECUTOR.with(|executor| {
        let reused = executor.free.borrow_mut().pop();
        let mut slots = executor.slots.borrow_mut();
        match reused {
            Some(index) => {
                slots[index].task = Some(task);
                index
            }
            None => {
                let index = slots.len();
                let waker = Waker::from(Arc::new(SlotWaker(index)));
                slots.push(Slot {
                    task: Some(task),
                    waker,
                });
                index
            }
        }
    });
    schedule(index);
}

/// A promise for `future`'s outcome: resolved with its value, or rejected with its error.
pub fn promise(
    future: impl Future<Output = Result<JsValue, JsValue>> + 'static,
) -> js_sys::Promise {
    promise_boxed(Box::pin(future))
}

#[inline(never)]
fn promise_boxed(
    future: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>,
) -> js_sys::Promise {
    let id = EXECUTOR.with(|executor| {
        let id = executor.next_call.get().wrapping_add(1);
        executor.next_call.set(id);
        id
    });
    spawn_boxed(Box::pin(async move {
        match future.await {
            Ok(value) => settle_call(id, true, value),
            Err(error) => settle_call(id, false, error),
        }
    }));
    // Made after the first poll, which has sent the call's request by now: the promise is not on
    // the way to the network. That poll may have settled the call already; `calls.js` keeps that.
    new_call(id)
}

fn schedule(index: usize) {
    EXECUTOR.with(|executor| {
        executor.ready.borrow_mut().push_back(index);
        executor.run();
    });
}

impl Executor {
    /// Polls ready tasks until none is left. Returns at once if a run is already under way: that
    /// run (further up this stack) polls what was just queued.
    fn run(&self) {
        if self.running.replace(true) {
            return;
        }
        loop {
            let Some(index) = self.ready.borrow_mut().pop_front() else {
                break;
            };
            let taken = {
                let mut slots = self.slots.borrow_mut();
                let slot = &mut slots[index];
                slot.task.take().map(|task| (task, slot.waker.clone()))
            };
            let Some((mut task, waker)) = taken else {
                continue;
            };
            // No borrow is held while the task runs: it may spawn or wake others.
            match task.as_mut().poll(&mut Context::from_waker(&waker)) {
                Poll::Pending => self.slots.borrow_mut()[index].task = Some(task),
                Poll::Ready(()) => {
                    drop(task);
                    self.free.borrow_mut().push(index);
                }
            }
        }
        self.running.set(false);
    }
}
