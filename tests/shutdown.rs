//! Exit comes as soon as the calls in flight are done: an idle connection
//! or an open health `Watch` must not hold the process for the whole grace
//! period (20 s by default) after SIGTERM.

#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;

use common::TestServer;
use std::time::{Duration, Instant};
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::HealthCheckRequest;

#[tokio::test]
async fn shutdown_does_not_wait_for_idle_connections_or_health_watches() {
    let mut server = TestServer::start().await;
    let watching = server.channel().await;
    let mut health = HealthClient::new(watching);
    let mut watch = health
        .watch(HealthCheckRequest { service: String::new() })
        .await
        .unwrap()
        .into_inner();
    assert!(watch.message().await.unwrap().is_some(), "the watch reports a status");
    let _idle = server.channel().await;
    let started = Instant::now();
    server.begin_shutdown();
    let exited = tokio::time::timeout(Duration::from_secs(10), &mut server.handle).await;
    assert!(exited.is_ok(), "the server waited for an idle connection or a Watch");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "exit took {:?}",
        started.elapsed()
    );
}
