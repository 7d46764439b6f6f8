//! The RPC handlers.
//!
//! CPU-heavy pipeline work runs on the [`Workers`] pool, so the reactor stays
//! free for health checks and new calls, one document per worker at a time:
//! admitted work beyond that waits its turn in the pool's queue. Each call
//! carries a [`CallGuard`]: when the call is dropped (client cancelled,
//! deadline hit by the transport) the guard raises a flag the pipeline
//! checks between stages and between sentences of the entity stage.

use super::admission::{Admission, Permit};
use super::convert::{self, DocumentJob};
use super::errors::{ok_status, ApiError};
use super::memory;
use super::workers::Workers;
use super::Limits;
use crate::proto::enrich::v1 as pb;
use crate::proto::enrich::v1::enrich_service_server::EnrichService;
use crate::telemetry::logging::{self, AccessLogged, LoggedCall};
use crate::telemetry::metrics::{DOCUMENTS, DOCUMENT_BYTES, STAGE_SECONDS};
use crate::telemetry::otlp;
use crate::telemetry::spans;
use crate::telemetry::trace::TraceContext;
use enrich_nlp::{language, EntityType, Interrupt, Pipeline, StageTimings};
use futures_util::{Stream, StreamExt};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status, Streaming};

/// Results a stream may hold for a slow reader before it stops reading
/// requests. The workers ahead of it already keep the cores busy; more
/// buffered answers only hold memory (16 let eight never-read streams hold
/// 180 MB).
const STREAM_BUFFER: usize = 2;

/// The service: the shared pipeline and the limits.
#[derive(Clone)]
pub struct EnrichApi {
    pipeline: Arc<Pipeline>,
    limits: Limits,
    admission: Admission,
    /// Runs the documents, one per thread, the rest waiting in order
    /// holding only their text. Admission bounds how many may wait.
    workers: Workers,
}

impl EnrichApi {
    /// Starts the worker threads `limits.workers` asks for.
    pub fn new(pipeline: Arc<Pipeline>, limits: Limits) -> std::io::Result<Self> {
        let threads = limits.worker_threads();
        // Admission bounds the queue before it fills: each admitted call or
        // stream document queues one job, a batch at most two per worker.
        let capacity = limits.admission.max_in_flight.saturating_mul(2 * threads);
        Ok(EnrichApi {
            pipeline,
            admission: Admission::new(limits.admission),
            workers: Workers::start(threads, capacity)?,
            limits,
        })
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }
}

/// Tells the pipeline to stop when the call is gone or past its deadline.
#[derive(Clone)]
struct StopFlag {
    cancelled: Arc<AtomicBool>,
    deadline: Option<Instant>,
}

impl Interrupt for StopFlag {
    fn should_stop(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed) || self.deadline.is_some_and(|d| Instant::now() >= d)
    }
}

impl StopFlag {
    /// Why the work stopped: the caller went away, or its deadline passed.
    fn error(&self) -> ApiError {
        if self.cancelled.load(Ordering::Relaxed) {
            ApiError::Cancelled
        } else {
            ApiError::DeadlineExceeded
        }
    }
}

/// Raises the stop flag when dropped: tonic drops a handler's future when
/// the client goes away or the transport's timeout fires.
struct CallGuard {
    flag: StopFlag,
}

impl CallGuard {
    fn new(deadline: Option<Instant>) -> Self {
        CallGuard {
            flag: StopFlag {
                cancelled: Arc::new(AtomicBool::new(false)),
                deadline,
            },
        }
    }
}

impl Drop for CallGuard {
    fn drop(&mut self) {
        self.flag.cancelled.store(true, Ordering::Relaxed);
    }
}

/// The deadline from the `grpc-timeout` header, if the client set one.
fn deadline<T>(request: &Request<T>) -> Option<Instant> {
    let value = request.metadata().get("grpc-timeout")?.to_str().ok()?;
    let (digits, unit) = value.split_at(value.len().checked_sub(1)?);
    let amount: u64 = digits.parse().ok()?;
    let timeout = match unit {
        "H" => Duration::from_secs(amount.saturating_mul(3600)),
        "M" => Duration::from_secs(amount.saturating_mul(60)),
        "S" => Duration::from_secs(amount),
        "m" => Duration::from_millis(amount),
        "u" => Duration::from_micros(amount),
        "n" => Duration::from_nanos(amount),
        _ => return None,
    };
    Instant::now().checked_add(timeout)
}

/// A call's trace context, when its spans are recorded.
type Traced = Arc<TraceContext>;

fn traced<T>(request: &Request<T>) -> Option<Traced> {
    request
        .extensions()
        .get::<TraceContext>()
        .filter(|t| t.recorded)
        .map(|t| Arc::new(t.clone()))
}

/// Runs one validated document on the calling thread, counts it, and
/// records its stage spans when the call is traced.
fn enrich_blocking(
    pipeline: &Pipeline,
    job: DocumentJob,
    stop: &StopFlag,
    trace: Option<&TraceContext>,
) -> Result<pb::EnrichResponse, ApiError> {
    let bytes = job.text.len();
    let traced = trace.map(|t| (t, convert::loggable_id(&job.id).to_string(), SystemTime::now()));
    let _trim = memory::TrimAfter::document(bytes);
    let mut timings = StageTimings::new();
    let outcome = job.run_timed(pipeline, stop, &mut timings).map_err(|_| stop.error());
    for (stage, took) in &timings {
        metrics::histogram!(STAGE_SECONDS, "stage" => stage.name()).record(took.as_secs_f64());
    }
    if let (Some((trace, id, started)), Some(exporter)) = (traced, otlp::exporter()) {
        let code = outcome.as_ref().map_or_else(ApiError::code, |_| tonic::Code::Ok);
        for span in spans::stage_spans(trace, &id, bytes, started, &timings, code) {
            exporter.record(span);
        }
    }
    match &outcome {
        Ok(_) => {
            metrics::counter!(DOCUMENTS, "outcome" => "ok").increment(1);
            metrics::counter!(DOCUMENT_BYTES).increment(bytes as u64);
        }
        Err(_) => metrics::counter!(DOCUMENTS, "outcome" => "stopped").increment(1),
    }
    outcome
}

/// Writes a call's access-log line and tells the observing layer it is
/// written.
struct CallLog {
    method: &'static str,
    started: Instant,
    logged: Option<AccessLogged>,
    trace_id: String,
    ids: String,
    bytes: usize,
}

impl CallLog {
    fn new<T>(method: &'static str, request: &Request<T>) -> Self {
        CallLog {
            method,
            started: Instant::now(),
            logged: request.extensions().get::<AccessLogged>().cloned(),
            trace_id: request
                .extensions()
                .get::<TraceContext>()
                .map(TraceContext::trace_id_hex)
                .unwrap_or_default(),
            ids: String::new(),
            bytes: 0,
        }
    }

    fn done<T>(self, result: &Result<T, Status>) {
        let code = result.as_ref().map_or_else(Status::code, |_| tonic::Code::Ok);
        logging::access(
            self.method,
            &self.ids,
            self.bytes,
            self.started.elapsed(),
            code,
            &self.trace_id,
        );
        if let Some(logged) = &self.logged {
            let _ = logged.0.set(LoggedCall {
                document_ids: self.ids,
                bytes: self.bytes,
            });
        }
    }
}

/// At most this many ids go into one access-log line.
const LOGGED_IDS: usize = 10;

/// What a stream has received, for its access-log line.
#[derive(Default)]
struct StreamSeen {
    /// The first [`LOGGED_IDS`] document ids.
    ids: Vec<String>,
    documents: usize,
    bytes: usize,
}

impl StreamSeen {
    fn record(&mut self, id: &str, bytes: usize) {
        if self.ids.len() < LOGGED_IDS {
            self.ids.push(id.to_string());
        }
        self.documents += 1;
        self.bytes += bytes;
    }
}

fn joined_ids<'a>(ids: impl Iterator<Item = &'a str>, count: usize) -> String {
    let mut shown: Vec<&str> = ids.take(LOGGED_IDS).map(convert::loggable_id).collect();
    if count > LOGGED_IDS {
        shown.push("...");
    }
    shown.join(",")
}

/// Runs the pipeline on a worker. The admission permit goes with the work:
/// a call dropped mid-document (client gone, deadline passed) keeps its
/// share until the pipeline has actually stopped (it checks between stages
/// and between sentences), so abandoned calls cannot pile up work past the
/// limit. The
/// permit comes back with the result, for whoever holds the result.
async fn enrich_on_worker(
    pipeline: Arc<Pipeline>,
    job: DocumentJob,
    stop: StopFlag,
    trace: Option<Traced>,
    mut permit: Permit,
    workers: &Workers,
) -> (Result<pb::EnrichResponse, ApiError>, Option<Permit>) {
    let queued = workers.run(move || {
        let outcome = enrich_blocking(&pipeline, job, &stop, trace.as_deref());
        if let Ok(response) = &outcome {
            permit.hold_more(convert::response_heap_bytes(response));
        }
        (outcome, permit)
    });
    let done = match queued {
        Ok(done) => done.await,
        Err(e) => Err(e),
    };
    match done {
        Ok((outcome, permit)) => (outcome, Some(permit)),
        Err(e) => (Err(e), None),
    }
}

fn document_result(id: String, outcome: Result<pb::EnrichResponse, ApiError>) -> pb::DocumentResult {
    match outcome {
        Ok(response) => pb::DocumentResult {
            id,
            status: Some(ok_status()),
            response: Some(response),
        },
        Err(e) => pb::DocumentResult {
            id,
            status: Some(e.to_rpc_status()),
            response: None,
        },
    }
}

type ResultStream = Pin<Box<dyn Stream<Item = Result<pb::DocumentResult, Status>> + Send>>;

#[tonic::async_trait]
impl EnrichService for EnrichApi {
    async fn enrich(&self, request: Request<pb::EnrichRequest>) -> Result<Response<pb::EnrichResponse>, Status> {
        let mut log = CallLog::new("enrich.v1.EnrichService/Enrich", &request);
        let guard = CallGuard::new(deadline(&request));
        let trace = traced(&request);
        let req = request.into_inner();
        if let Some(d) = &req.document {
            log.ids = convert::loggable_id(&d.id).to_string();
            log.bytes = d.text.len();
        }
        let result = self
            .enrich_one(req, guard.flag.clone(), trace)
            .await
            .0
            .map(Response::new)
            .map_err(Status::from);
        log.done(&result);
        result
    }

    async fn enrich_batch(
        &self,
        request: Request<pb::EnrichBatchRequest>,
    ) -> Result<Response<pb::EnrichBatchResponse>, Status> {
        let mut log = CallLog::new("enrich.v1.EnrichService/EnrichBatch", &request);
        let guard = CallGuard::new(deadline(&request));
        let trace = traced(&request);
        let req = request.into_inner();
        log.ids = joined_ids(req.documents.iter().map(|d| d.id.as_str()), req.documents.len());
        log.bytes = req.documents.iter().map(|d| d.text.len()).sum();
        let result = self.batch(req, &guard, trace).await;
        log.done(&result);
        result
    }

    type EnrichStreamStream = ResultStream;

    async fn enrich_stream(
        &self,
        request: Request<Streaming<pb::EnrichRequest>>,
    ) -> Result<Response<ResultStream>, Status> {
        self.stream(request).await
    }

    async fn get_info(&self, request: Request<pb::GetInfoRequest>) -> Result<Response<pb::GetInfoResponse>, Status> {
        let log = CallLog::new("enrich.v1.EnrichService/GetInfo", &request);
        let result = Ok(Response::new(info(&self.pipeline, &self.limits)));
        log.done(&result);
        result
    }
}

impl EnrichApi {
    /// Validates, admits and runs one Enrich request (a unary call, or one
    /// message of a stream).
    /// Returns the admission permit with the answer: a stream holds it while
    /// the answer waits for a slow reader.
    async fn enrich_one(
        &self,
        req: pb::EnrichRequest,
        stop: StopFlag,
        trace: Option<Traced>,
    ) -> (Result<pb::EnrichResponse, ApiError>, Option<Permit>) {
        let job = match convert::enrich_request(req, &self.limits) {
            Ok(job) => job,
            Err(e) => {
                metrics::counter!(DOCUMENTS, "outcome" => "invalid").increment(1);
                return (Err(e), None);
            }
        };
        match self.admission.admit(job.text.len()) {
            Ok(permit) => enrich_on_worker(self.pipeline.clone(), job, stop, trace, permit, &self.workers).await,
            Err(e) => (Err(e), None),
        }
    }

    async fn batch(
        &self,
        req: pb::EnrichBatchRequest,
        guard: &CallGuard,
        trace: Option<Traced>,
    ) -> Result<Response<pb::EnrichBatchResponse>, Status> {
        let prepared = convert::batch_request(req, &self.limits)?;
        let bytes = prepared
            .iter()
            .map(|(_, job)| job.as_ref().map_or(0, |j| j.text.len()))
            .sum();
        // Every queued document holds the permit: it is released when the
        // last one has run, not when the call is dropped.
        let permit = Arc::new(self.admission.admit(bytes)?);
        let n = prepared.len();
        let mut slots: Vec<Option<pb::DocumentResult>> = (0..n).map(|_| None).collect();
        let mut pending: Vec<(usize, String, DocumentJob)> = Vec::new();
        for (i, (id, prepared)) in prepared.into_iter().enumerate() {
            match prepared {
                Ok(job) => pending.push((i, id, job)),
                Err(e) => {
                    metrics::counter!(DOCUMENTS, "outcome" => "invalid").increment(1);
                    slots[i] = Some(document_result(id, Err(e)));
                }
            }
        }
        // Each document queues on its own, at most two per worker at a time:
        // enough to keep every worker busy, few enough that other calls'
        // documents interleave with a large batch's instead of waiting behind it.
        let mut running = futures_util::stream::iter(pending)
            .map(|(i, id, job)| {
                let pipeline = self.pipeline.clone();
                let stop = guard.flag.clone();
                let permit = permit.clone();
                let trace = trace.clone();
                let queued = self.workers.run(move || {
                    let result = document_result(id, enrich_blocking(&pipeline, job, &stop, trace.as_deref()));
                    drop(permit);
                    (i, result)
                });
                async move { queued?.await }
            })
            .buffer_unordered(2 * self.workers.threads());
        while let Some(done) = running.next().await {
            let (i, result) = done?;
            slots[i] = Some(result);
        }
        if guard.flag.should_stop() {
            return Err(guard.flag.error().into());
        }
        let results = slots.into_iter().flatten().collect();
        Ok(Response::new(pb::EnrichBatchResponse { results }))
    }

    /// A stream logs one line when it ends, with the ids it saw.
    async fn stream(&self, request: Request<Streaming<pb::EnrichRequest>>) -> Result<Response<ResultStream>, Status> {
        let mut log = CallLog::new("enrich.v1.EnrichService/EnrichStream", &request);
        let call_deadline = deadline(&request);
        let trace = traced(&request);
        let inbound = request.into_inner();
        let (tx, rx) = mpsc::channel(STREAM_BUFFER);
        let api = self.clone();
        tokio::spawn(async move {
            let guard = CallGuard::new(call_deadline);
            let stop = guard.flag.clone();
            // Up to one document per worker in flight, results in request
            // order; `send` waits while the reader is slow, which pauses reading.
            let seen = Arc::new(std::sync::Mutex::new(StreamSeen::default()));
            let workers = api.workers.threads();
            let counted = seen.clone();
            let mut results = inbound
                .map(move |item| {
                    let api = api.clone();
                    let stop = stop.clone();
                    let counted = counted.clone();
                    let trace = trace.clone();
                    async move {
                        match item {
                            Ok(req) => {
                                let id = req.document.as_ref().map(|d| d.id.clone()).unwrap_or_default();
                                if let Ok(mut seen) = counted.lock() {
                                    seen.record(&id, req.document.as_ref().map_or(0, |d| d.text.len()));
                                }
                                let (outcome, permit) = api.enrich_one(req, stop, trace).await;
                                (Ok(document_result(id, outcome)), permit)
                            }
                            Err(status) => (Err(status), None),
                        }
                    }
                })
                .buffered(workers);
            let mut outcome: Result<(), Status> = Ok(());
            while let Some((result, permit)) = results.next().await {
                let failed = result.as_ref().err().cloned();
                // The permit waits in the buffer with its result: results a
                // slow reader has not taken count against the admission
                // budget, so never-read streams cannot hold memory beyond it.
                if tx.send((result, permit)).await.is_err() {
                    outcome = Err(Status::cancelled("the client stopped reading"));
                    break;
                }
                if let Some(status) = failed {
                    outcome = Err(status); // the client's stream broke
                    break;
                }
            }
            drop(results);
            if let Ok(seen) = seen.lock() {
                log.ids = joined_ids(seen.ids.iter().map(String::as_str), seen.documents);
                log.bytes = seen.bytes;
            }
            log.done(&outcome);
            drop(guard);
        });
        // A result's permit is released when tonic takes it to send, which
        // it does only when the connection has room for it.
        let results = ReceiverStream::new(rx).map(|(result, _permit)| result);
        Ok(Response::new(Box::pin(results)))
    }
}

fn codes(langs: impl IntoIterator<Item = whatlang::Lang>) -> Vec<String> {
    let mut codes: Vec<String> = langs.into_iter().map(|l| language::iso_code(l).to_string()).collect();
    codes.sort();
    codes
}

/// The GetInfo answer.
pub fn info(pipeline: &Pipeline, limits: &Limits) -> pb::GetInfoResponse {
    let ner_languages = pipeline.entities().languages();
    let cards: Vec<&enrich_nlp::entities::ModelCard> = ner_languages
        .iter()
        .filter_map(|l| pipeline.entities().tagger(*l))
        .map(|t| t.card())
        .collect();
    let ner_models: Vec<String> = cards.iter().map(|c| format!("{} {}", c.name, c.version)).collect();
    let ner_evaluations: Vec<pb::ModelEvaluation> = cards
        .iter()
        .flat_map(|c| {
            c.evaluations.iter().map(move |e| pb::ModelEvaluation {
                language: c.language.clone(),
                dataset: e.dataset.clone(),
                precision: e.precision,
                recall: e.recall,
                f1: e.f1,
            })
        })
        .collect();
    pb::GetInfoResponse {
        service_version: concat!("enrich ", env!("CARGO_PKG_VERSION")).to_string(),
        model_version: enrich_nlp::MODEL_VERSION.to_string(),
        models: vec![
            pb::ModelInfo {
                feature: pb::Feature::Language as i32,
                name: "whatlang".into(),
                version: "0.18".into(),
                languages: codes(language::supported_languages()),
                description: "trigram language identification with ISO 639-1 codes, a reliability floor for short text and the caller's hint as a prior".into(),
                evaluations: Vec::new(),
            },
            pb::ModelInfo {
                feature: pb::Feature::Sentences as i32,
                name: "enrich-segmenter".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                languages: codes(pipeline.segmenter().languages()),
                description: "rule-based layout and sentence segmentation: Punkt-derived abbreviation tables for 19 languages, script rules for CJK, Devanagari, Arabic, Thai and Khmer, web and e-mail boundary rules; other languages use the English table".into(),
                evaluations: Vec::new(),
            },
            pb::ModelInfo {
                feature: pb::Feature::Entities as i32,
                name: if ner_models.is_empty() { "enrich-quantities".into() } else { ner_models.join(", ") },
                version: env!("CARGO_PKG_VERSION").into(),
                languages: codes(ner_languages),
                description: "named entities (PERSON, ORGANIZATION, LOCATION, MISC) from the averaged-perceptron tagger of the listed languages, caller dictionaries winning over it; DATE, TIME, MONEY, PERCENT and NUMBER by rule, with month, weekday, currency, scale and percent words and number conventions for en, de, fr, es, it, pt, nl, pl and ru (digits, ISO dates and currency symbols in every language), relative dates resolved against reference_date".into(),
                evaluations: ner_evaluations,
            },
            pb::ModelInfo {
                feature: pb::Feature::Summary as i32,
                name: "enrich-neutral-summary".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                languages: codes(enrich_nlp::summary::NEUTRALITY_LANGUAGES.iter().copied()),
                description: "a logistic content model learned from extractive reference summaries (TextRank centrality, word frequency, position, length, headline similarity, entity coverage) with MMR, preferring sentences that stand alone; loaded sentences are discounted in the listed languages, each with its lexicons (English: VADER, Pattern and Hu & Liu; German: the German Polarity Lexicon; French and Dutch: Pattern; Italian and Spanish: Pattern's French and English adjectives projected by cognate endings) and editorial cues".into(),
                evaluations: Vec::new(),
            },
        ],
        entity_types: EntityType::ALL.iter().map(|t| convert::entity_type(*t) as i32).collect(),
        limits: Some(pb::Limits {
            max_document_bytes: limits.max_document_bytes as u64,
            max_batch_documents: limits.max_batch_documents as u32,
            max_message_bytes: limits.max_message_bytes as u64,
            max_summary_sentences: convert::MAX_SUMMARY_SENTENCES as u32,
        }),
    }
}
