//! The exporter's settings, read from the standard `OTEL_*` variables so a
//! cluster configures enrich as it configures every other service.
//! <https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/>
//! and the OTLP exporter's
//! <https://opentelemetry.io/docs/specs/otel/protocol/exporter/>.

use std::time::Duration;

/// Which traces are recorded (`OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG`).
#[derive(Clone, Debug, PartialEq)]
pub enum Sampler {
    AlwaysOn,
    AlwaysOff,
    /// The fraction of traces, chosen by trace id so every service that
    /// uses the same rule keeps the same traces.
    TraceIdRatio(f64),
    /// The caller's decision when there is a caller, else the rule inside.
    ParentBased(Box<Sampler>),
}

impl Sampler {
    /// Whether to record a trace, given whether the caller records it
    /// (`None` for a call with no caller's trace context).
    pub fn sample(&self, trace_id: &[u8; 16], sampled_by_caller: Option<bool>) -> bool {
        match (self, sampled_by_caller) {
            (Sampler::ParentBased(_), Some(caller)) => caller,
            (Sampler::ParentBased(root), None) => root.sample(trace_id, None),
            (Sampler::AlwaysOn, _) => true,
            (Sampler::AlwaysOff, _) => false,
            (Sampler::TraceIdRatio(ratio), _) => {
                // The OpenTelemetry SDKs' rule: the trace id's last 8 bytes,
                // shifted to 63 bits, against the ratio of 2^63.
                let mut low = [0u8; 8];
                low.copy_from_slice(&trace_id[8..]);
                let x = u64::from_be_bytes(low) >> 1;
                (x as f64) < ratio * (1u64 << 63) as f64
            }
        }
    }
}

/// How spans are batched (`OTEL_BSP_*`).
#[derive(Clone, Debug, PartialEq)]
pub struct BatchConfig {
    /// The longest a finished span waits before it is sent.
    pub schedule_delay: Duration,
    /// Spans held while waiting; more are dropped and counted.
    pub max_queue_size: usize,
    /// Spans per export request.
    pub max_export_batch_size: usize,
}

/// Everything the exporter needs.
#[derive(Clone, Debug, PartialEq)]
pub struct OtlpConfig {
    /// The collector's gRPC endpoint, such as `http://otel-collector:4317`.
    pub endpoint: String,
    /// Extra request metadata (`OTEL_EXPORTER_OTLP_HEADERS`), such as an API key.
    pub headers: Vec<(String, String)>,
    /// The most one export request may take.
    pub timeout: Duration,
    pub gzip: bool,
    /// PEM of the certificate authority an `https` endpoint is checked against.
    pub certificate_path: Option<String>,
    /// `service.name` and the other resource attributes.
    pub resource: Vec<(String, String)>,
    pub sampler: Sampler,
    pub batch: BatchConfig,
}

/// The service name spans carry when `OTEL_SERVICE_NAME` is not set.
pub const DEFAULT_SERVICE_NAME: &str = "enrich";

/// A setting that is present but not usable: refused at start-up, because
/// a service that silently sends no traces is worse than one that does
/// not start.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{variable}={value:?}: {why}")]
pub struct ConfigError {
    pub variable: String,
    pub value: String,
    pub why: String,
}

fn error(variable: &str, value: &str, why: impl Into<String>) -> ConfigError {
    ConfigError {
        variable: variable.to_string(),
        value: value.to_string(),
        why: why.into(),
    }
}

impl OtlpConfig {
    /// The configuration the variables describe, `None` when span export is
    /// off: no endpoint is set, `OTEL_SDK_DISABLED=true` or
    /// `OTEL_TRACES_EXPORTER=none`. `var` looks a variable up (the
    /// process's environment in production).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Option<Self>, ConfigError> {
        // Empty values count as unset, as the specification asks.
        let get = |name: &str| var(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        // A signal-specific variable wins over the general one.
        let traces_or = |specific: &str, general: &str| {
            get(specific)
                .map(|v| (specific.to_string(), v))
                .or_else(|| get(general).map(|v| (general.to_string(), v)))
        };

        if let Some(disabled) = get("OTEL_SDK_DISABLED") {
            match disabled.to_ascii_lowercase().as_str() {
                "true" => return Ok(None),
                "false" => {}
                _ => return Err(error("OTEL_SDK_DISABLED", &disabled, "must be true or false")),
            }
        }
        match get("OTEL_TRACES_EXPORTER").as_deref() {
            None | Some("otlp") => {}
            Some("none") => return Ok(None),
            Some(other) => {
                return Err(error(
                    "OTEL_TRACES_EXPORTER",
                    other,
                    "enrich exports spans over otlp only; set otlp or none",
                ))
            }
        }
        let Some((endpoint_var, endpoint)) =
            traces_or("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")
        else {
            return Ok(None);
        };
        if let Some((var, protocol)) = traces_or("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL") {
            if protocol != "grpc" {
                return Err(error(&var, &protocol, "enrich exports OTLP over gRPC only; set grpc and point the endpoint at the collector's gRPC port (4317)"));
            }
        }
        let uri: tonic::codegen::http::Uri = endpoint
            .parse()
            .map_err(|e| error(&endpoint_var, &endpoint, format!("not a URL: {e}")))?;
        if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.authority().is_none() {
            return Err(error(
                &endpoint_var,
                &endpoint,
                "must be an http:// or https:// URL with a host, such as http://otel-collector:4317",
            ));
        }
        let certificate_path = traces_or(
            "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE",
            "OTEL_EXPORTER_OTLP_CERTIFICATE",
        )
        .map(|(_, v)| v);
        if uri.scheme_str() == Some("https") && certificate_path.is_none() {
            return Err(error(&endpoint_var, &endpoint, "an https endpoint needs OTEL_EXPORTER_OTLP_CERTIFICATE, the PEM file of the authority that signed the collector's certificate"));
        }
        let headers = match traces_or("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS") {
            Some((var, value)) => key_values(&value).map_err(|why| error(&var, &value, why))?,
            None => Vec::new(),
        };
        let timeout = match traces_or("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT") {
            Some((var, value)) => millis(&var, &value)?,
            None => Duration::from_secs(10),
        };
        let gzip = match traces_or(
            "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION",
            "OTEL_EXPORTER_OTLP_COMPRESSION",
        ) {
            None => false,
            Some((_, v)) if v == "none" => false,
            Some((_, v)) if v == "gzip" => true,
            Some((var, v)) => return Err(error(&var, &v, "must be gzip or none")),
        };
        let mut resource = match get("OTEL_RESOURCE_ATTRIBUTES") {
            Some(value) => key_values(&value).map_err(|why| error("OTEL_RESOURCE_ATTRIBUTES", &value, why))?,
            None => Vec::new(),
        };
        // OTEL_SERVICE_NAME wins over a service.name in the attributes.
        let named = resource.iter().any(|(k, _)| k == "service.name");
        match get("OTEL_SERVICE_NAME") {
            Some(name) => {
                resource.retain(|(k, _)| k != "service.name");
                resource.insert(0, ("service.name".into(), name));
            }
            None if !named => resource.insert(0, ("service.name".into(), DEFAULT_SERVICE_NAME.into())),
            None => {}
        }
        let sampler = sampler(
            get("OTEL_TRACES_SAMPLER").as_deref(),
            get("OTEL_TRACES_SAMPLER_ARG").as_deref(),
        )?;
        let count = |name: &str, default: usize| -> Result<usize, ConfigError> {
            match get(name) {
                None => Ok(default),
                Some(v) => v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| error(name, &v, "must be a positive whole number")),
            }
        };
        let batch = BatchConfig {
            schedule_delay: match get("OTEL_BSP_SCHEDULE_DELAY") {
                Some(v) => millis("OTEL_BSP_SCHEDULE_DELAY", &v)?,
                None => Duration::from_secs(5),
            },
            max_queue_size: count("OTEL_BSP_MAX_QUEUE_SIZE", 2048)?,
            max_export_batch_size: count("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 512)?,
        };
        if batch.max_export_batch_size > batch.max_queue_size {
            return Err(error(
                "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
                &batch.max_export_batch_size.to_string(),
                format!("must be at most OTEL_BSP_MAX_QUEUE_SIZE ({})", batch.max_queue_size),
            ));
        }
        Ok(Some(OtlpConfig {
            endpoint,
            headers,
            timeout,
            gzip,
            certificate_path,
            resource,
            sampler,
            batch,
        }))
    }
}

fn millis(variable: &str, value: &str) -> Result<Duration, ConfigError> {
    value
        .parse::<u64>()
        .map(Duration::from_millis)
        .map_err(|_| error(variable, value, "must be a whole number of milliseconds"))
}

/// `key1=value1,key2=value2`, each part percent-decoded (the W3C baggage
/// format the specification uses for headers and resource attributes).
fn key_values(value: &str) -> Result<Vec<(String, String)>, String> {
    value
        .split(',')
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("{:?} is not key=value; write key1=value1,key2=value2", pair.trim()))?;
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s.trim())
                    .decode_utf8()
                    .map(|c| c.into_owned())
                    .map_err(|_| format!("{:?} is not UTF-8 once percent-decoded", s.trim()))
            };
            let key = decode(key)?;
            if key.is_empty() {
                return Err(format!("{:?} has an empty key", pair.trim()));
            }
            Ok((key, decode(value)?))
        })
        .collect()
}

fn sampler(name: Option<&str>, arg: Option<&str>) -> Result<Sampler, ConfigError> {
    let ratio = || -> Result<f64, ConfigError> {
        match arg {
            None => Ok(1.0),
            Some(a) => a
                .parse::<f64>()
                .ok()
                .filter(|r| (0.0..=1.0).contains(r))
                .ok_or_else(|| error("OTEL_TRACES_SAMPLER_ARG", a, "must be a number from 0 to 1")),
        }
    };
    Ok(match name.unwrap_or("parentbased_always_on") {
        "always_on" => Sampler::AlwaysOn,
        "always_off" => Sampler::AlwaysOff,
        "traceidratio" => Sampler::TraceIdRatio(ratio()?),
        "parentbased_always_on" => Sampler::ParentBased(Box::new(Sampler::AlwaysOn)),
        "parentbased_always_off" => Sampler::ParentBased(Box::new(Sampler::AlwaysOff)),
        "parentbased_traceidratio" => Sampler::ParentBased(Box::new(Sampler::TraceIdRatio(ratio()?))),
        other => {
            return Err(error(
                "OTEL_TRACES_SAMPLER",
                other,
                "must be always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off or parentbased_traceidratio",
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Option<OtlpConfig>, ConfigError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        OtlpConfig::from_env(|name| vars.get(name).cloned())
    }

    #[test]
    fn export_is_off_without_an_endpoint_or_when_disabled() {
        assert_eq!(config(&[]), Ok(None));
        assert_eq!(config(&[("OTEL_EXPORTER_OTLP_ENDPOINT", " ")]), Ok(None));
        let endpoint = ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317");
        assert_eq!(config(&[endpoint, ("OTEL_SDK_DISABLED", "true")]), Ok(None));
        assert_eq!(config(&[endpoint, ("OTEL_TRACES_EXPORTER", "none")]), Ok(None));
        assert!(config(&[endpoint]).expect("valid").is_some());
    }

    #[test]
    fn defaults_follow_the_specification() {
        let c = config(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")])
            .expect("valid")
            .expect("on");
        assert_eq!(c.endpoint, "http://collector:4317");
        assert_eq!(c.timeout, Duration::from_secs(10));
        assert_eq!(c.sampler, Sampler::ParentBased(Box::new(Sampler::AlwaysOn)));
        assert_eq!(c.batch.schedule_delay, Duration::from_secs(5));
        assert_eq!((c.batch.max_queue_size, c.batch.max_export_batch_size), (2048, 512));
        assert_eq!(c.resource, vec![("service.name".to_string(), "enrich".to_string())]);
        assert!(!c.gzip);
    }

    #[test]
    fn trace_specific_variables_win_and_lists_are_percent_decoded() {
        let c = config(&[
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://general:4317"),
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4317"),
            ("OTEL_EXPORTER_OTLP_HEADERS", "api-key=a%20b, x-tenant=news"),
            ("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "2500"),
            ("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip"),
            (
                "OTEL_RESOURCE_ATTRIBUTES",
                "service.name=ignored,deployment.environment=prod",
            ),
            ("OTEL_SERVICE_NAME", "enrich-eu"),
            ("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"),
            ("OTEL_TRACES_SAMPLER_ARG", "0.25"),
        ])
        .expect("valid")
        .expect("on");
        assert_eq!(c.endpoint, "http://traces:4317");
        assert_eq!(
            c.headers,
            vec![
                ("api-key".to_string(), "a b".to_string()),
                ("x-tenant".to_string(), "news".to_string())
            ]
        );
        assert_eq!(c.timeout, Duration::from_millis(2500));
        assert!(c.gzip);
        assert_eq!(
            c.resource,
            vec![
                ("service.name".to_string(), "enrich-eu".to_string()),
                ("deployment.environment".to_string(), "prod".to_string())
            ]
        );
        assert_eq!(c.sampler, Sampler::ParentBased(Box::new(Sampler::TraceIdRatio(0.25))));
    }

    #[test]
    fn unusable_settings_are_refused_naming_the_variable() {
        let endpoint = ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317");
        for (vars, variable) in [
            (
                vec![("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317")],
                "OTEL_EXPORTER_OTLP_ENDPOINT",
            ),
            (
                vec![("OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector:4317")],
                "OTEL_EXPORTER_OTLP_ENDPOINT",
            ),
            (
                vec![endpoint, ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")],
                "OTEL_EXPORTER_OTLP_PROTOCOL",
            ),
            (
                vec![endpoint, ("OTEL_TRACES_EXPORTER", "zipkin")],
                "OTEL_TRACES_EXPORTER",
            ),
            (
                vec![endpoint, ("OTEL_EXPORTER_OTLP_HEADERS", "api-key")],
                "OTEL_EXPORTER_OTLP_HEADERS",
            ),
            (
                vec![endpoint, ("OTEL_EXPORTER_OTLP_TIMEOUT", "10s")],
                "OTEL_EXPORTER_OTLP_TIMEOUT",
            ),
            (
                vec![endpoint, ("OTEL_TRACES_SAMPLER", "sometimes")],
                "OTEL_TRACES_SAMPLER",
            ),
            (
                vec![
                    endpoint,
                    ("OTEL_TRACES_SAMPLER", "traceidratio"),
                    ("OTEL_TRACES_SAMPLER_ARG", "2"),
                ],
                "OTEL_TRACES_SAMPLER_ARG",
            ),
            (
                vec![endpoint, ("OTEL_BSP_MAX_QUEUE_SIZE", "0")],
                "OTEL_BSP_MAX_QUEUE_SIZE",
            ),
            (
                vec![endpoint, ("OTEL_BSP_MAX_QUEUE_SIZE", "10")],
                "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
            ),
            (vec![endpoint, ("OTEL_SDK_DISABLED", "yes")], "OTEL_SDK_DISABLED"),
        ] {
            let e = config(&vars).expect_err(variable);
            assert_eq!(e.variable, variable, "{e}");
        }
    }

    #[test]
    fn the_ratio_sampler_keeps_about_its_share_and_parent_based_follows_the_caller() {
        let ratio = Sampler::TraceIdRatio(0.25);
        let kept = (0u64..10_000)
            .filter(|i| {
                let mut id = [0u8; 16];
                id[8..].copy_from_slice(&i.wrapping_mul(0x9e37_79b9_7f4a_7c15).to_be_bytes());
                ratio.sample(&id, None)
            })
            .count();
        assert!((2300..2700).contains(&kept), "{kept}");
        let parent = Sampler::ParentBased(Box::new(Sampler::AlwaysOff));
        assert!(parent.sample(&[1; 16], Some(true)));
        assert!(!parent.sample(&[1; 16], Some(false)));
        assert!(!parent.sample(&[1; 16], None));
    }
}
