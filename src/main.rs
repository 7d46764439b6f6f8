//! The `enrich` command: serve the gRPC API, or annotate a file locally.

use clap::{Parser, Subcommand};
use enrich::api::{convert, Limits};
use enrich::proto::enrich::v1 as pb;
use enrich::server::connections::ConnectionLimits;
use enrich::server::{self, Http2Limits, ServerConfig};
use enrich::telemetry::{self, LogFormat};
use enrich_nlp::Pipeline;
use std::io::Read;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(
    name = "enrich",
    version,
    about = "NLP enrichment over gRPC: language, sentences, named entities, sentiment-neutral summaries"
)]
struct Cli {
    /// Log format.
    #[arg(long, env = "ENRICH_LOG_FORMAT", value_enum, default_value = "auto", global = true)]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the gRPC API (with health and reflection) until SIGTERM or SIGINT.
    #[command(
        after_help = "Traces are exported over OTLP/gRPC when OTEL_EXPORTER_OTLP_ENDPOINT is set, configured by the standard OTEL_* variables (deploy/README.md lists them)."
    )]
    Serve(ServeArgs),
    /// Enrich a file (or standard input with `-`) locally and print the response as JSON.
    Annotate(AnnotateArgs),
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to serve on: gRPC, gRPC-Web and JSON over HTTP share it.
    #[arg(long, env = "ENRICH_LISTEN", default_value = "0.0.0.0:50051")]
    listen: SocketAddr,
    /// Address to serve Prometheus metrics on (`/metrics`), or `off`.
    #[arg(long, env = "ENRICH_METRICS_LISTEN", default_value = "0.0.0.0:9090")]
    metrics_listen: String,
    /// Largest document text, in UTF-8 bytes.
    #[arg(long, env = "ENRICH_MAX_DOCUMENT_BYTES", default_value_t = Limits::DEFAULT.max_document_bytes)]
    max_document_bytes: usize,
    /// Most documents in one EnrichBatch call.
    #[arg(long, env = "ENRICH_MAX_BATCH_DOCUMENTS", default_value_t = Limits::DEFAULT.max_batch_documents)]
    max_batch_documents: usize,
    /// Largest request message, in bytes after decompression.
    #[arg(long, env = "ENRICH_MAX_MESSAGE_BYTES", default_value_t = Limits::DEFAULT.max_message_bytes)]
    max_message_bytes: usize,
    /// Most calls (or stream documents) admitted at once, running or waiting for a worker; more are shed with RESOURCE_EXHAUSTED.
    #[arg(long, env = "ENRICH_MAX_IN_FLIGHT", default_value_t = Limits::DEFAULT.admission.max_in_flight)]
    max_in_flight: usize,
    /// Most bytes admitted at once (documents, and answers a stream has not taken); more are shed with RESOURCE_EXHAUSTED.
    #[arg(long, env = "ENRICH_MAX_IN_FLIGHT_BYTES", default_value_t = Limits::DEFAULT.admission.max_in_flight_bytes)]
    max_in_flight_bytes: usize,
    /// Threads that run documents, each taking the next from one first-in, first-out queue; 0 means one per core.
    #[arg(long, env = "ENRICH_WORKERS", default_value_t = Limits::DEFAULT.workers)]
    workers: usize,
    /// Seconds in-flight calls may take to finish after SIGTERM.
    #[arg(long, env = "ENRICH_SHUTDOWN_GRACE_SECONDS", default_value_t = ServerConfig::DEFAULT_SHUTDOWN_GRACE.as_secs_f64())]
    shutdown_grace_seconds: f64,
    /// PEM certificate chain for TLS (with --tls-key); plaintext when not set.
    #[arg(long, env = "ENRICH_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<std::path::PathBuf>,
    /// PEM private key for TLS (with --tls-cert).
    #[arg(long, env = "ENRICH_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<std::path::PathBuf>,
    /// PEM CA certificate: clients must present a certificate it signed (mutual TLS).
    #[arg(long, env = "ENRICH_TLS_CLIENT_CA", requires = "tls_cert")]
    tls_client_ca: Option<std::path::PathBuf>,
    /// Seconds to keep serving while health reports NOT_SERVING, before the listener closes.
    #[arg(long, env = "ENRICH_DRAIN_DELAY_SECONDS", default_value_t = ServerConfig::DEFAULT_DRAIN_DELAY.as_secs_f64())]
    drain_delay_seconds: f64,
    /// Most connections held at once; more are closed as they arrive.
    #[arg(long, env = "ENRICH_MAX_CONNECTIONS", default_value_t = ConnectionLimits::DEFAULT.max_connections)]
    max_connections: usize,
    /// Seconds a connection may stay open with no call on it.
    #[arg(long, env = "ENRICH_IDLE_TIMEOUT_SECONDS", default_value_t = ConnectionLimits::DEFAULT.idle_timeout.as_secs_f64())]
    idle_timeout_seconds: f64,
    /// Calls one HTTP/2 connection may have open at once (clients queue the rest).
    #[arg(long, env = "ENRICH_MAX_CONCURRENT_STREAMS", default_value_t = Http2Limits::DEFAULT.max_concurrent_streams)]
    max_concurrent_streams: u32,
    /// Largest request header list, in bytes.
    #[arg(long, env = "ENRICH_MAX_HEADER_LIST_BYTES", default_value_t = Http2Limits::DEFAULT.max_header_list_size)]
    max_header_list_bytes: u32,
    /// Seconds between HTTP/2 keepalive pings the server sends.
    #[arg(long, env = "ENRICH_KEEPALIVE_INTERVAL_SECONDS", default_value_t = Http2Limits::DEFAULT.keepalive_interval.as_secs_f64())]
    keepalive_interval_seconds: f64,
    /// Seconds to wait for a ping's answer before closing the connection.
    #[arg(long, env = "ENRICH_KEEPALIVE_TIMEOUT_SECONDS", default_value_t = Http2Limits::DEFAULT.keepalive_timeout.as_secs_f64())]
    keepalive_timeout_seconds: f64,
    /// Entity dictionary file: one `TYPE<TAB>term` per line (PERSON, ORGANIZATION, LOCATION or MISC);
    /// its terms win over the model for every document.
    #[arg(long, env = "ENRICH_ENTITY_DICTIONARY")]
    entity_dictionary: Option<std::path::PathBuf>,
    /// A retrained named-entity model for a language, `CODE=PATH` (e.g. `de=ner-de.bin`, from
    /// `enrich-lab train-ner`); replaces the embedded one. May repeat. A model for another language
    /// or an older format is refused at start-up.
    #[arg(long = "ner-model", env = "ENRICH_NER_MODELS", value_delimiter = ',')]
    ner_models: Vec<String>,
    /// Languages documents are expected in (comma-separated codes such as en,de,fr): a prior for
    /// language detection, not a filter, for requests that send no `expected_languages` of their own.
    #[arg(long, env = "ENRICH_LANGUAGES", value_delimiter = ',')]
    languages: Vec<String>,
}

/// Parses `--languages`: every code must name a supported language.
fn expected_languages(codes: &[String]) -> anyhow::Result<Vec<whatlang::Lang>> {
    codes
        .iter()
        .map(|code| code.trim())
        .filter(|code| !code.is_empty())
        .map(|code| {
            enrich_nlp::language::parse_language_hint(code).map_err(|e| match e {
                enrich_nlp::language::HintError::Malformed => anyhow::anyhow!(
                    "--languages: {code:?} is not a language code; use ISO 639-1 codes such as en,de,fr"
                ),
                enrich_nlp::language::HintError::Unsupported => {
                    anyhow::anyhow!("--languages: {code:?} names no language the detector supports (see GetInfo)")
                }
            })
        })
        .collect()
}

/// Reads `--ner-model CODE=PATH`: the language, and the model file checked
/// against it (a model for another language or format version is refused
/// with a message that says which and what to do).
fn ner_model(spec: &str) -> anyhow::Result<(whatlang::Lang, enrich_nlp::ner::PerceptronModel)> {
    let (code, path) = spec
        .split_once('=')
        .ok_or_else(|| anyhow::anyhow!("--ner-model {spec:?}: write CODE=PATH, such as de=models/ner-de.bin"))?;
    let lang = enrich_nlp::language::parse_language_hint(code.trim())
        .map_err(|_| anyhow::anyhow!("--ner-model {spec:?}: {code:?} is not a language code such as de"))?;
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read --ner-model {path}: {e}"))?;
    let model = enrich_nlp::ner::load_model(lang, &bytes).map_err(|e| anyhow::anyhow!("--ner-model {spec}: {e}"))?;
    tracing::info!(language = code, path, model = %model.card.name, version = %model.card.version, "named-entity model loaded");
    Ok((lang, model))
}

/// The pipeline with the configured dictionary and models, if any, and the
/// expected languages.
fn configured_pipeline(
    path: Option<&std::path::Path>,
    ner_models: &[String],
    languages: &[String],
) -> anyhow::Result<Pipeline> {
    let mut pipeline = Pipeline::builder().expected_languages(expected_languages(languages)?);
    if let Some(path) = path {
        let source = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read --entity-dictionary {}: {e}", path.display()))?;
        let dictionary = enrich_nlp::entities::dictionary::EntityDictionary::parse(&source)
            .map_err(|e| anyhow::anyhow!("--entity-dictionary {}: {e}", path.display()))?;
        tracing::info!(path = %path.display(), terms = dictionary.len(), "entity dictionary loaded");
        pipeline = pipeline.dictionary(dictionary);
    }
    for spec in ner_models {
        let (lang, model) = ner_model(spec)?;
        pipeline = pipeline.tagger(lang, Box::new(model));
    }
    Ok(pipeline.build()?)
}

#[derive(clap::Args)]
struct AnnotateArgs {
    /// File to read, or `-` for standard input.
    #[arg(default_value = "-")]
    input: String,
    /// Features to return (comma-separated: language,sentences,entities,summary); all when not set.
    #[arg(long, value_delimiter = ',')]
    features: Vec<String>,
    /// Language hint (ISO 639-1, ISO 639-3 or BCP 47).
    #[arg(long, default_value = "")]
    language_hint: String,
    /// Languages the text is expected in (comma-separated codes): a prior.
    #[arg(long, value_delimiter = ',')]
    expected_languages: Vec<String>,
    /// Pick only among --expected-languages.
    #[arg(long)]
    expected_languages_only: bool,
    /// Date the text was written (YYYY-MM-DD), for relative dates.
    #[arg(long, default_value = "")]
    reference_date: String,
    /// Entity dictionary file (`TYPE<TAB>term` per line).
    #[arg(long)]
    entity_dictionary: Option<std::path::PathBuf>,
    /// A retrained named-entity model, `CODE=PATH`, instead of the embedded one; may repeat.
    #[arg(long = "ner-model")]
    ner_models: Vec<String>,
    /// Offset unit: code-point, utf8-byte or utf16-code-unit.
    #[arg(long, default_value = "code-point")]
    offset_unit: String,
    /// Most summary sentences.
    #[arg(long)]
    max_sentences: Option<i32>,
    /// Summary character budget.
    #[arg(long)]
    max_characters: Option<i32>,
    /// Neutrality weight of the summary, 0 to 1.
    #[arg(long)]
    neutrality_weight: Option<f32>,
}

fn seconds(value: f64, flag: &str) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| anyhow::anyhow!("--{flag} must be a non-negative number of seconds, not {value}"))
}

/// A duration flag that must be above zero (a zero timeout would close
/// every connection at once).
fn positive_seconds(value: f64, flag: &str) -> anyhow::Result<Duration> {
    match seconds(value, flag)? {
        d if d.is_zero() => anyhow::bail!("--{flag} must be above zero, not {value}"),
        d => Ok(d),
    }
}

/// A count flag that must be at least 1.
fn positive<T: PartialOrd + Default + std::fmt::Display>(value: T, flag: &str) -> anyhow::Result<T> {
    if value > T::default() {
        Ok(value)
    } else {
        anyhow::bail!("--{flag} must be at least 1, not {value}")
    }
}

fn at_most(value: usize, max: usize, flag: &str) -> anyhow::Result<usize> {
    if value <= max {
        Ok(value)
    } else {
        anyhow::bail!("--{flag} must be at most {max}, not {value}")
    }
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    telemetry::init(cli.log_format);
    match cli.command {
        Command::Serve(args) => serve(args),
        Command::Annotate(args) => annotate(args),
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let config = ServerConfig {
        limits: Limits {
            max_document_bytes: args.max_document_bytes,
            max_batch_documents: args.max_batch_documents,
            max_message_bytes: args.max_message_bytes,
            admission: enrich::api::AdmissionLimits {
                max_in_flight: args.max_in_flight,
                max_in_flight_bytes: args.max_in_flight_bytes,
            },
            workers: at_most(args.workers, Limits::MAX_WORKERS, "workers")?,
        },
        shutdown_grace: seconds(args.shutdown_grace_seconds, "shutdown-grace-seconds")?,
        drain_delay: seconds(args.drain_delay_seconds, "drain-delay-seconds")?,
        connections: ConnectionLimits {
            max_connections: positive(args.max_connections, "max-connections")?,
            idle_timeout: positive_seconds(args.idle_timeout_seconds, "idle-timeout-seconds")?,
        },
        http2: Http2Limits {
            max_concurrent_streams: positive(args.max_concurrent_streams, "max-concurrent-streams")?,
            max_header_list_size: positive(args.max_header_list_bytes, "max-header-list-bytes")?,
            keepalive_interval: positive_seconds(args.keepalive_interval_seconds, "keepalive-interval-seconds")?,
            keepalive_timeout: positive_seconds(args.keepalive_timeout_seconds, "keepalive-timeout-seconds")?,
            ..Http2Limits::DEFAULT
        },
        tls: match (&args.tls_cert, &args.tls_key) {
            (Some(cert), Some(key)) => {
                let read = |path: &std::path::Path, flag: &str| {
                    std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read --{flag} {}: {e}", path.display()))
                };
                Some(enrich::server::TlsConfig {
                    certificate_pem: read(cert, "tls-cert")?,
                    key_pem: read(key, "tls-key")?,
                    client_ca_pem: args
                        .tls_client_ca
                        .as_deref()
                        .map(|p| read(p, "tls-client-ca"))
                        .transpose()?,
                })
            }
            _ => None,
        },
    };
    let metrics_listen: Option<SocketAddr> =
        match args.metrics_listen.as_str() {
            "off" => None,
            address => Some(address.parse().map_err(|e| {
                anyhow::anyhow!("--metrics-listen must be an address such as 0.0.0.0:9090, or off: {e}")
            })?),
        };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        if let Some(address) = metrics_listen {
            enrich::telemetry::metrics::serve(address)?;
        }
        let tracing_on = enrich::telemetry::otlp::install_from_env()?;
        let pipeline = Arc::new(configured_pipeline(args.entity_dictionary.as_deref(), &args.ner_models, &args.languages)?);
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", args.listen))?;
        tracing::info!(
            address = %listener.local_addr()?,
            metrics = %args.metrics_listen,
            otlp = if tracing_on { "on" } else { "off" },
            tls = if config.tls.as_ref().is_some_and(|t| t.client_ca_pem.is_some()) { "mutual" } else if config.tls.is_some() { "on" } else { "off" },
            startup_ms = started.elapsed().as_secs_f64() * 1e3,
            max_document_bytes = config.limits.max_document_bytes,
            max_batch_documents = config.limits.max_batch_documents,
            "serving enrich.v1.EnrichService"
        );
        server::serve(pipeline, config, listener, server::shutdown::signal()).await?;
        enrich::telemetry::otlp::flush_at_exit().await;
        tracing::info!("shut down cleanly");
        Ok(())
    })
}

fn annotate(args: AnnotateArgs) -> anyhow::Result<()> {
    let features = args
        .features
        .iter()
        .map(|f| match f.trim() {
            "language" => Ok(pb::Feature::Language as i32),
            "sentences" => Ok(pb::Feature::Sentences as i32),
            "entities" => Ok(pb::Feature::Entities as i32),
            "summary" => Ok(pb::Feature::Summary as i32),
            other => Err(anyhow::anyhow!(
                "unknown feature {other:?}; use language, sentences, entities or summary"
            )),
        })
        .collect::<anyhow::Result<Vec<i32>>>()?;
    let offset_unit = match args.offset_unit.as_str() {
        "code-point" => pb::OffsetUnit::CodePoint,
        "utf8-byte" => pb::OffsetUnit::Utf8Byte,
        "utf16-code-unit" => pb::OffsetUnit::Utf16CodeUnit,
        other => anyhow::bail!("unknown offset unit {other:?}; use code-point, utf8-byte or utf16-code-unit"),
    };
    // Arguments are checked first, so a typo fails before waiting on stdin.
    let mut text = String::new();
    if args.input == "-" {
        std::io::stdin().read_to_string(&mut text)?;
    } else {
        text = std::fs::read_to_string(&args.input).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.input))?;
    }
    let request = pb::EnrichRequest {
        document: Some(pb::Document {
            id: args.input.clone(),
            text,
            language_hint: args.language_hint,
            reference_date: args.reference_date,
            expected_languages: args.expected_languages,
            expected_languages_only: args.expected_languages_only,
        }),
        features,
        offset_unit: offset_unit as i32,
        summary_options: Some(pb::SummaryOptions {
            max_sentences: args.max_sentences,
            max_characters: args.max_characters,
            neutrality_weight: args.neutrality_weight,
        }),
        entity_options: None,
    };
    let job = convert::enrich_request(request, &Limits::default()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let pipeline = configured_pipeline(args.entity_dictionary.as_deref(), &args.ner_models, &[])?;
    let enriched = job.run(&pipeline, &enrich_nlp::RunToEnd)?;
    println!(
        "{}",
        enrich::json::to_json(&enriched.response, "enrich.v1.EnrichResponse")?
    );
    Ok(())
}
