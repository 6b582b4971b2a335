//! `join_all`: run several futures at once on one thread and collect their outputs in order;
//! `meanwhile`: do other work while a future is in flight.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Polls every future until all are done. Each is boxed once; that is nothing beside a network call.
pub async fn join_all<F: Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut pending: Vec<Option<Pin<Box<F>>>> =
        futures.into_iter().map(|f| Some(Box::pin(f))).collect();
    let mut outputs: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(move |cx: &mut Context<'_>| {
        let mut all_done = true;
        for (slot, output) in pending.iter_mut().zip(outputs.iter_mut()) {
            if let Some(future) = slot {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => {
                        *output = Some(value);
                        *slot = None;
                    }
                    Poll::Pending => all_done = false,
                }
            }
        }
        if all_done {
            Poll::Ready(outputs.iter_mut().filter_map(Option::take).collect())
        } else {
            Poll::Pending
        }
    })
    .await
}

/// Awaits `future`, running `work` right after its first poll: work that need not wait for it,
/// done while it is in flight (the first poll of a request sends it) instead of after it ends.
pub async fn meanwhile<F: Future, T>(future: F, work: impl FnOnce() -> T) -> (F::Output, T) {
    let mut future = std::pin::pin!(future);
    let first =
        std::future::poll_fn(|cx: &mut Context<'_>| Poll::Ready(future.as_mut().poll(cx))).await;
    let done = work();
    let output = match first {
        Poll::Ready(output) => output,
        Poll::Pending => {
            // Not polled again at once: the first poll left the task's waker with the future, so
            // anything that makes it ready (the work included) wakes the task.
            let mut waiting = true;
            std::future::poll_fn(|cx: &mut Context<'_>| {
                if std::mem::take(&mut waiting) {
                    Poll::Pending
                } else {
                    future.as_mut().poll(cx)
                }
            })
            .await
        }
    };
    (output, done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn meanwhile_runs_the_work_after_the_first_poll_and_before_the_end() {
        let log = RefCell::new(Vec::new());
        let mut polls = 0;
        let future = std::future::poll_fn(|cx: &mut Context<'_>| {
            polls += 1;
            log.borrow_mut().push(format!("poll {polls}"));
            if polls < 3 {
                cx.waker().wake_by_ref();
                Poll::Pending
            } else {
                Poll::Ready("answer")
            }
        });
        let work = || {
            log.borrow_mut().push("work".to_string());
            7
        };
        let result = crate::core::fake_host::block_on(meanwhile(future, work));
        assert_eq!(result, ("answer", 7));
        assert_eq!(*log.borrow(), ["poll 1", "work", "poll 2", "poll 3"]);
    }

    #[test]
    fn meanwhile_runs_the_work_when_the_future_is_ready_at_once() {
        let result = crate::core::fake_host::block_on(meanwhile(async { 1 }, || 2));
        assert_eq!(result, (1, 2));
    }
}
