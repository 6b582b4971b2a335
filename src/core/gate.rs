//! `Gate`: lets one task at a time through (one login in flight); the others wait for it.

use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::task::{Poll, Waker};

#[derive(Default)]
pub struct Gate {
    busy: Cell<bool>,
    waiting: RefCell<Vec<Waker>>,
}

/// Held while inside; dropping it (even when the holder is cancelled) lets the next one in.
pub struct GateGuard<'a> {
    gate: &'a Gate,
}

impl Gate {
    pub async fn enter(&self) -> GateGuard<'_> {
        poll_fn(|cx| {
            if self.busy.get() {
                self.waiting.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            } else {
                self.busy.set(true);
                Poll::Ready(GateGuard { gate: self })
            }
        })
        .await
    }
}

impl Drop for GateGuard<'_> {
    fn drop(&mut self) {
        self.gate.busy.set(false);
        let waiting = std::mem::take(&mut *self.gate.waiting.borrow_mut());
        for waker in waiting {
            waker.wake();
        }
    }
}
