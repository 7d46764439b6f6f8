//! `enrich-lab bench`: a gRPC load generator built on the generated client.
//!
//! Runs `concurrency` workers against one target for a duration or a number
//! of requests, in unary, batch or stream mode; checks every response's
//! status (and every document's status inside batches and streams) and
//! reports throughput, errors by status code and latency percentiles. It
//! talks only to the address it is given (loopback by default).

use enrich::proto::enrich::v1::enrich_service_client::EnrichServiceClient;
use enrich::proto::enrich::v1::{Document, EnrichBatchRequest, EnrichRequest};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tonic::transport::Channel;

/// How documents are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// One `Enrich` call per document.
    Unary,
    /// `EnrichBatch` calls of `batch_size` documents.
    Batch,
    /// One `EnrichStream` per worker call, `batch_size` documents each.
    Stream,
}

/// A load test.
#[derive(Debug, Clone)]
pub struct LoadTest {
    pub target: String,
    pub concurrency: usize,
    pub duration: Duration,
    /// Stop after this many calls in all (overrides `duration` when set).
    pub requests: Option<u64>,
    pub mode: Mode,
    pub batch_size: usize,
    pub documents: Arc<Vec<String>>,
}

/// What a load test measured.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub calls: u64,
    pub documents: u64,
    pub bytes: u64,
    pub elapsed: Duration,
    /// Failed calls and failed documents, by status code name.
    pub errors: BTreeMap<String, u64>,
    /// Call latencies, sorted.
    pub latencies: Vec<Duration>,
}

impl Report {
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let at = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[at.min(self.latencies.len() - 1)]
    }

    pub fn render(&self, test: &LoadTest) -> String {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let errors = if self.errors.is_empty() {
            "none".to_string()
        } else {
            self.errors
                .iter()
                .map(|(c, n)| format!("{c}={n}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        format!(
            "mode {:?}, concurrency {}, {} calls, {} documents, {:.1} MB in {:.2} s\n\
             throughput: {:.0} calls/s, {:.0} documents/s, {:.2} MB/s\n\
             latency per call: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms\n\
             errors: {}",
            test.mode,
            test.concurrency,
            self.calls,
            self.documents,
            self.bytes as f64 / 1e6,
            secs,
            self.calls as f64 / secs,
            self.documents as f64 / secs,
            self.bytes as f64 / 1e6 / secs,
            ms(self.percentile(0.5)),
            ms(self.percentile(0.9)),
            ms(self.percentile(0.99)),
            ms(self.latencies.last().copied().unwrap_or_default()),
            errors
        )
    }
}

/// Waits until the target's health check answers SERVING; returns how long
/// that took.
pub async fn wait_until_serving(target: &str, timeout: Duration) -> anyhow::Result<Duration> {
    use tonic_health::pb::health_client::HealthClient;
    use tonic_health::pb::HealthCheckRequest;
    let started = Instant::now();
    while started.elapsed() < timeout {
        if let Ok(channel) = Channel::from_shared(target.to_string())?.connect().await {
            let mut health = HealthClient::new(channel);
            let request = HealthCheckRequest {
                service: enrich::server::SERVICE_NAME.into(),
            };
            if let Ok(r) = health.check(request).await {
                if r.into_inner().status == tonic_health::pb::health_check_response::ServingStatus::Serving as i32 {
                    return Ok(started.elapsed());
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    anyhow::bail!("{target} did not report SERVING within {timeout:?}")
}

/// Runs the test and gathers the report.
pub async fn run(test: LoadTest) -> anyhow::Result<Report> {
    let channel = Channel::from_shared(test.target.clone())?
        .connect()
        .await
        .map_err(|e| anyhow::anyhow!("cannot connect to {}: {e}", test.target))?;
    let issued = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + test.duration;
    let mut workers = Vec::new();
    for worker in 0..test.concurrency {
        let client = EnrichServiceClient::new(channel.clone()).max_decoding_message_size(64 * 1024 * 1024);
        let test = test.clone();
        let issued = issued.clone();
        workers.push(tokio::spawn(async move {
            work(worker, client, test, issued, deadline).await
        }));
    }
    let mut report = Report::default();
    for w in workers {
        let part = w.await?;
        report.calls += part.calls;
        report.documents += part.documents;
        report.bytes += part.bytes;
        report.latencies.extend(part.latencies);
        for (code, n) in part.errors {
            *report.errors.entry(code).or_default() += n;
        }
    }
    report.elapsed = started.elapsed();
    report.latencies.sort_unstable();
    Ok(report)
}

fn code_name(code: i32) -> String {
    format!("{:?}", tonic::Code::from_i32(code))
}

async fn work(
    worker: usize,
    mut client: EnrichServiceClient<Channel>,
    test: LoadTest,
    issued: Arc<AtomicU64>,
    deadline: Instant,
) -> Report {
    let mut report = Report::default();
    let docs = &test.documents;
    let mut next = worker;
    loop {
        let n = issued.fetch_add(1, Ordering::Relaxed);
        let done = match test.requests {
            Some(limit) => n >= limit,
            None => Instant::now() >= deadline,
        };
        if done {
            break;
        }
        let per_call = if test.mode == Mode::Unary { 1 } else { test.batch_size };
        let batch: Vec<Document> = (0..per_call)
            .map(|k| {
                let text = &docs[(next + k) % docs.len()];
                Document {
                    id: format!("w{worker}-{n}-{k}"),
                    text: text.clone(),
                    language_hint: String::new(),
                    reference_date: String::new(),
                    ..Default::default()
                }
            })
            .collect();
        next += per_call;
        let bytes: u64 = batch.iter().map(|d| d.text.len() as u64).sum();
        let started = Instant::now();
        let outcome: Result<Vec<i32>, tonic::Status> = match test.mode {
            Mode::Unary => client
                .enrich(EnrichRequest {
                    document: batch.into_iter().next(),
                    ..Default::default()
                })
                .await
                .map(|_| vec![0]),
            Mode::Batch => client
                .enrich_batch(EnrichBatchRequest {
                    documents: batch,
                    ..Default::default()
                })
                .await
                .map(|r| {
                    r.into_inner()
                        .results
                        .iter()
                        .map(|x| x.status.as_ref().map_or(2, |s| s.code))
                        .collect()
                }),
            Mode::Stream => {
                let requests = batch.into_iter().map(|d| EnrichRequest {
                    document: Some(d),
                    ..Default::default()
                });
                match client.enrich_stream(futures_util::stream::iter(requests)).await {
                    Ok(response) => {
                        let mut stream = response.into_inner();
                        let mut codes = Vec::new();
                        loop {
                            match stream.message().await {
                                Ok(Some(r)) => codes.push(r.status.as_ref().map_or(2, |s| s.code)),
                                Ok(None) => break Ok(codes),
                                Err(status) => break Err(status),
                            }
                        }
                    }
                    Err(status) => Err(status),
                }
            }
        };
        report.latencies.push(started.elapsed());
        report.calls += 1;
        match outcome {
            Ok(codes) => {
                report.bytes += bytes;
                for code in codes {
                    if code == 0 {
                        report.documents += 1;
                    } else {
                        *report
                            .errors
                            .entry(format!("document:{}", code_name(code)))
                            .or_default() += 1;
                    }
                }
            }
            Err(status) => *report.errors.entry(format!("{:?}", status.code())).or_default() += 1,
        }
    }
    report
}

/// Reads documents: a `.jsonl` file gives each line's `text`; any other file
/// is one document. `max_bytes` cuts each to at most that many bytes (on a
/// char boundary), for small-document tests.
pub fn load_documents(path: &std::path::Path, max_bytes: Option<usize>) -> anyhow::Result<Vec<String>> {
    let mut docs: Vec<String> = if path.extension().is_some_and(|e| e == "jsonl") {
        crate::jsonl::read_texts(path)?
    } else {
        vec![std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?]
    };
    if let Some(max) = max_bytes {
        for d in &mut docs {
            let mut cut = max.min(d.len());
            while !d.is_char_boundary(cut) {
                cut -= 1;
            }
            d.truncate(cut);
        }
    }
    docs.retain(|d| !d.trim().is_empty());
    anyhow::ensure!(!docs.is_empty(), "{} holds no documents", path.display());
    Ok(docs)
}
