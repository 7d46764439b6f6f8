//! The worker pool: a fixed set of threads, one per core by default, that
//! run documents taken first in, first out from one bounded queue shared by
//! unary calls, batches and streams.
//!
//! Why not tokio's blocking pool: it starts a thread for every task that
//! finds no idle one, so at saturation every call shares the cores with
//! every other (the tail latency grows with the load) and each extra thread
//! keeps its own allocator arena full of a large document's memory. Here a
//! call waits its turn instead, the same few threads do all the work, and
//! their memory is reused from one document to the next.
//!
//! A job whose call has gone away still runs when its turn comes, but the
//! pipeline checks the call's stop flag before its first stage, so it ends
//! at once; whatever it holds (its admission permit) is released then.

use super::errors::ApiError;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce() + Send + 'static>;

/// The pool. Clones share it; its threads exit once the last clone is gone
/// and the queue is empty.
#[derive(Clone)]
pub struct Workers {
    queue: SyncSender<Job>,
    threads: usize,
    capacity: usize,
}

impl Workers {
    /// Starts `threads` workers (at least one) behind a queue of `capacity`
    /// jobs (at least one).
    pub fn start(threads: usize, capacity: usize) -> std::io::Result<Self> {
        let threads = threads.max(1);
        let capacity = capacity.max(1);
        let (queue, jobs) = mpsc::sync_channel::<Job>(capacity);
        let jobs = Arc::new(Mutex::new(jobs));
        for n in 0..threads {
            let jobs = jobs.clone();
            std::thread::Builder::new()
                .name(format!("enrich-worker-{n}"))
                .spawn(move || work(&jobs))?;
        }
        Ok(Workers {
            queue,
            threads,
            capacity,
        })
    }

    /// How many documents run at once.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Queues `job` and returns its result when a worker has run it. A full
    /// queue sheds the job at once (RESOURCE_EXHAUSTED), like admission; a
    /// job that panics answers INTERNAL and leaves its worker running.
    pub fn run<T, F>(&self, job: F) -> Result<impl std::future::Future<Output = Result<T, ApiError>>, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (answer, result) = oneshot::channel();
        let boxed: Job = Box::new(move || {
            // The caller may be gone; its answer then has nowhere to go.
            let _ = answer.send(job());
        });
        match self.queue.try_send(boxed) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                return Err(ApiError::Overloaded(format!(
                    "{} documents are already waiting for a worker; retry with exponential backoff",
                    self.capacity
                )))
            }
            Err(TrySendError::Disconnected(_)) => return Err(ApiError::Internal("the worker pool has stopped".into())),
        }
        Ok(async move {
            result
                .await
                .map_err(|_| ApiError::Internal("the document's worker failed while running it".into()))
        })
    }
}

/// One worker's loop: take the next job, run it, until the pool is dropped.
fn work(jobs: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held only while waiting for the next job, so the
        // workers take jobs one at a time in queue order.
        let next = match jobs.lock() {
            Ok(jobs) => jobs.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok(job) = next else { return };
        // A panic drops the job's answer channel (its caller sees INTERNAL)
        // and must not take the worker with it.
        let _ = panic::catch_unwind(AssertUnwindSafe(job));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn jobs_run_in_the_order_they_were_queued_on_a_single_worker() {
        let workers = Workers::start(1, 16).expect("start");
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut pending = Vec::new();
        for i in 0..8 {
            let order = order.clone();
            pending.push(
                workers
                    .run(move || order.lock().expect("lock").push(i))
                    .expect("queued"),
            );
        }
        for p in pending {
            p.await.expect("ran");
        }
        assert_eq!(*order.lock().expect("lock"), (0..8).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn a_full_queue_sheds_the_job_and_a_panicking_job_answers_internal() {
        let workers = Workers::start(1, 1).expect("start");
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let blocking = workers
            .run(move || gate.recv_timeout(Duration::from_secs(5)).is_ok())
            .expect("first job");
        // Wait until the worker has taken the first job, so the queue is empty.
        let mut queued = None;
        for _ in 0..500 {
            if let Ok(p) = workers.run(|| 1) {
                queued = Some(p);
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let queued = queued.expect("one slot in the queue");
        let shed = workers.run(|| 2);
        assert!(matches!(shed, Err(ApiError::Overloaded(m)) if m.contains("1 documents are already waiting")));
        release.send(()).expect("release");
        assert!(blocking.await.expect("ran"));
        assert_eq!(queued.await.expect("ran"), 1);

        let panicked = workers.run(|| -> u8 { panic!("a bug") }).expect("queued").await;
        assert!(matches!(panicked, Err(ApiError::Internal(_))));
        assert_eq!(
            workers.run(|| 3).expect("queued").await.expect("the worker survived"),
            3
        );
    }
}
