//! Admission control: a service-wide bound on calls in flight and on the
//! document bytes they hold, so memory and latency stay bounded whatever
//! callers send. Work over the bound is shed at once with RESOURCE_EXHAUSTED
//! and advice to retry with backoff, rather than queued.

use super::errors::ApiError;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdmissionLimits {
    /// Calls (or stream documents) admitted at once: running, or waiting
    /// for one of the cores.
    pub max_in_flight: usize,
    /// Document bytes being enriched at once.
    pub max_in_flight_bytes: usize,
}

impl AdmissionLimits {
    /// The defaults, read by `Default` and by `enrich serve`'s flags.
    /// 16 MiB of text is about four seconds of work on two cores, more
    /// than most deadlines wait; with 32 MiB, answers held for eight
    /// never-read streams of 1 MiB documents grew RSS by 76 MB, with
    /// 16 MiB by 56 MB.
    pub const DEFAULT: AdmissionLimits = AdmissionLimits {
        max_in_flight: 256,
        max_in_flight_bytes: 16 * 1024 * 1024,
    };
}

impl Default for AdmissionLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[derive(Debug, Default)]
struct Counters {
    calls: AtomicUsize,
    bytes: AtomicUsize,
}

/// Shared by every handler of one server.
#[derive(Debug, Clone)]
pub struct Admission {
    limits: AdmissionLimits,
    counters: Arc<Counters>,
}

/// Held while admitted work runs; releases its share when dropped.
#[derive(Debug)]
pub struct Permit {
    counters: Arc<Counters>,
    bytes: usize,
}

impl Permit {
    /// Holds `bytes` more against the budget: an answer waiting for its
    /// reader is counted by its own size, which is several times its
    /// document's. Never refused (the work is done); later admissions see it.
    pub fn hold_more(&mut self, bytes: usize) {
        self.counters.bytes.fetch_add(bytes, Ordering::AcqRel);
        self.bytes += bytes;
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.counters.calls.fetch_sub(1, Ordering::AcqRel);
        self.counters.bytes.fetch_sub(self.bytes, Ordering::AcqRel);
    }
}

impl Admission {
    pub fn new(limits: AdmissionLimits) -> Self {
        Admission {
            limits,
            counters: Arc::default(),
        }
    }

    pub fn limits(&self) -> AdmissionLimits {
        self.limits
    }

    /// Admits work holding `bytes` of text, or sheds it.
    pub fn admit(&self, bytes: usize) -> Result<Permit, ApiError> {
        let calls = self.counters.calls.fetch_add(1, Ordering::AcqRel) + 1;
        let held = self.counters.bytes.fetch_add(bytes, Ordering::AcqRel) + bytes;
        let permit = Permit {
            counters: self.counters.clone(),
            bytes,
        };
        if calls > self.limits.max_in_flight {
            return Err(ApiError::Overloaded(format!(
                "the server is at its limit of {} calls in flight; retry with exponential backoff",
                self.limits.max_in_flight
            )));
        }
        // One document alone may always run (its size is bounded by the
        // document limit); more must fit the byte budget together.
        if held > self.limits.max_in_flight_bytes && held != bytes {
            return Err(ApiError::Overloaded(format!(
                "the server holds {} bytes of documents in flight, over its limit of {}; retry with exponential backoff",
                held - bytes,
                self.limits.max_in_flight_bytes
            )));
        }
        Ok(permit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_over_the_bounds_is_shed_and_capacity_returns_when_permits_drop() {
        let admission = Admission::new(AdmissionLimits {
            max_in_flight: 2,
            max_in_flight_bytes: 100,
        });
        let a = admission.admit(10).expect("first");
        let b = admission.admit(10).expect("second");
        assert!(matches!(admission.admit(10), Err(ApiError::Overloaded(m)) if m.contains("2 calls")));
        drop(a);
        let c = admission.admit(95);
        assert!(matches!(c, Err(ApiError::Overloaded(m)) if m.contains("limit of 100")));
        drop(b);
        let big = admission.admit(500).expect("one document alone always runs");
        drop(big);
        admission.admit(10).expect("capacity is back");
    }
}
