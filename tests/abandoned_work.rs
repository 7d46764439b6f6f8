//! Work a client abandons still counts against the admission limit until it
//! has actually stopped: ten calls abandoned at their deadline used to be
//! admitted one after another while the earlier ones kept running.

mod common;

use common::{request, TestServer};
use enrich::api::{AdmissionLimits, Limits};
use std::time::{Duration, Instant};

/// One sentence of dates and numbers, about 1 MiB: a few hundred
/// milliseconds of pipeline work.
fn heavy() -> String {
    "12 March 2020 $4.5bn 34% 10:30 1,234,567 ".repeat(1_000_000 / 42)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_call_holds_its_admission_until_its_work_stops() {
    let server = TestServer::start_with_limits(Limits {
        admission: AdmissionLimits {
            max_in_flight: 1,
            ..AdmissionLimits::DEFAULT
        },
        ..Limits::DEFAULT
    })
    .await;
    let mut client = server.client().await;
    let mut abandoned = tonic::Request::new(request(&heavy()));
    abandoned.set_timeout(Duration::from_millis(30));
    let status = client.enrich(abandoned).await.expect_err("the deadline passes first");
    assert!(
        matches!(status.code(), tonic::Code::DeadlineExceeded | tonic::Code::Cancelled),
        "{status:?}"
    );
    // The abandoned document is still being worked on: a second call is
    // shed rather than run beside it.
    let shed = client
        .enrich(request("Paris is in France."))
        .await
        .expect_err("shed while the abandoned work runs");
    assert_eq!(shed.code(), tonic::Code::ResourceExhausted, "{shed:?}");
    // Once that work stops, calls are admitted again.
    let started = Instant::now();
    loop {
        match client.enrich(request("Paris is in France.")).await {
            Ok(_) => break,
            Err(status) if status.code() == tonic::Code::ResourceExhausted => {
                assert!(
                    started.elapsed() < Duration::from_secs(10),
                    "capacity did not come back"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(status) => panic!("{status:?}"),
        }
    }
}
