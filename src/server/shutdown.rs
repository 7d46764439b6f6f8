//! Graceful shutdown, in the order a cluster needs it:
//!
//! 1. a signal arrives (SIGTERM from Kubernetes, SIGINT from a terminal);
//! 2. health turns NOT_SERVING, so readiness probes fail and load balancers
//!    stop sending new calls;
//! 3. after `drain_delay`, the listener closes and HTTP/2 GOAWAY tells
//!    clients to open new calls elsewhere;
//! 4. calls already accepted run to completion within the grace period;
//! 5. the process exits 0 as soon as no enrichment call is in flight: idle
//!    connections and open health `Watch` streams do not hold it.

use std::time::Duration;
use tonic_health::server::HealthReporter;
use tonic_health::ServingStatus;

/// Resolves on SIGTERM or SIGINT.
pub async fn signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!(signal = "SIGINT", "shutting down"),
        () = terminate => tracing::info!(signal = "SIGTERM", "shutting down"),
    }
}

/// Steps 2 and 3: report NOT_SERVING, then wait out the drain delay.
pub struct Drain {
    pub health: HealthReporter,
    pub services: Vec<&'static str>,
    pub drain_delay: Duration,
}

impl Drain {
    pub async fn begin(&self) {
        for service in &self.services {
            self.health
                .set_service_status(*service, ServingStatus::NotServing)
                .await;
        }
        tracing::info!(
            drain_delay_seconds = self.drain_delay.as_secs_f64(),
            "health is NOT_SERVING; draining"
        );
        tokio::time::sleep(self.drain_delay).await;
    }
}
