//! The gRPC edge: the `EnrichService` implementation over the NLP core.
//!
//! - [`admission`]: the service-wide bound on work in flight (load shedding);
//! - [`convert`]: request validation and proto ⇄ domain mapping;
//! - [`errors`]: every failure and its gRPC status;
//! - [`job`]: one document validated, run and converted, the one path
//!   every caller takes;
//! - [`memory`]: free memory handed back after large documents;
//! - [`offsets`]: byte offsets to the caller's unit;
//! - [`service`]: the RPC handlers, which run the pipeline off the async
//!   reactor and stop it when a call is cancelled or expires;
//! - [`workers`]: the fixed pool of threads that runs documents in queue
//!   order.

pub mod admission;
pub mod convert;
pub mod errors;
pub mod job;
pub mod memory;
pub mod offsets;
pub mod service;
pub mod workers;

pub use admission::{Admission, AdmissionLimits};
pub use errors::{ApiError, Violation};
pub use service::EnrichApi;

/// Limits the service enforces on requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest document text, in UTF-8 bytes.
    pub max_document_bytes: usize,
    /// Most documents in one EnrichBatch call.
    pub max_batch_documents: usize,
    /// Largest request message, in bytes after decompression.
    pub max_message_bytes: usize,
    /// Bounds on work in flight across all calls.
    pub admission: AdmissionLimits,
    /// Threads that run documents; 0 means one per core.
    pub workers: usize,
}

impl Limits {
    /// The defaults, read by `Default` and by `enrich serve`'s flags.
    pub const DEFAULT: Limits = Limits {
        max_document_bytes: 1024 * 1024,
        max_batch_documents: 1000,
        max_message_bytes: 8 * 1024 * 1024,
        admission: AdmissionLimits::DEFAULT,
        workers: 0,
    };

    /// Most worker threads a server starts: more than any machine has cores,
    /// few enough that a typo cannot exhaust the process's threads.
    pub const MAX_WORKERS: usize = 1024;

    /// The number of worker threads `workers` asks for.
    pub fn worker_threads(&self) -> usize {
        match self.workers {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
            n => n,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
