//! Work a client abandons still counts against the admission limit until it
//! has actually stopped: ten calls abandoned at their deadline used to be
//! admitted one after another while the earlier ones kept running.

mod common;

use common::{request, TestServer};
use enrich::api::{AdmissionLimits, Limits};
use enrich::proto::enrich::v1 as pb;
use std::time::{Duration, Instant};

/// One sentence of dates and numbers, just under the 1 MiB document limit:
/// about 0.15 s of pipeline work on a fast core in a release build.
fn heavy() -> String {
    "12 March 2020 $4.5bn 34% 10:30 1,234,567 ".repeat(1_000_000 / 42)
}

/// Documents in the abandoned batch: seven heavy ones (7 MB, under the 8 MiB
/// message limit) keep the two test workers busy for half a second or more
/// whatever the machine, well past the deadline below. One document alone
/// was once enough (0.3 s), until a faster machine finished it in 0.15 s,
/// inside the deadline, and the second call was rightly admitted.
const ABANDONED_DOCUMENTS: usize = 7;

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
    let text = heavy();
    let mut abandoned = tonic::Request::new(pb::EnrichBatchRequest {
        documents: (0..ABANDONED_DOCUMENTS)
            .map(|i| pb::Document {
                id: format!("heavy-{i}"),
                ..request(&text).document.expect("a document")
            })
            .collect(),
        ..Default::default()
    });
    // Long enough for the 7 MB request to arrive and be admitted even on a
    // busy machine (with 30 ms a loaded CI run gave up before the server
    // had admitted it), short of the pipeline's work on it.
    abandoned.set_timeout(Duration::from_millis(300));
    let status = client
        .enrich_batch(abandoned)
        .await
        .expect_err("the deadline passes first");
    assert!(
        matches!(status.code(), tonic::Code::DeadlineExceeded | tonic::Code::Cancelled),
        "{status:?}"
    );
    // The abandoned documents are still being worked on: a second call is
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_a_stream_never_reads_count_against_the_admission_budget() {
    let doc_bytes = 32 * 1024;
    // Room for one document and a half.
    let server = TestServer::start_with_limits(Limits {
        admission: AdmissionLimits {
            max_in_flight_bytes: 3 * doc_bytes / 2,
            ..AdmissionLimits::DEFAULT
        },
        ..Limits::DEFAULT
    })
    .await;
    let document = "The council met in Springfield on Monday. ".repeat(doc_bytes / 42);
    // A reader with a small window that never reads: the server's answers
    // wait in its buffer.
    let channel = tonic::transport::Channel::from_shared(format!("http://{}", server.addr))
        .expect("endpoint")
        .initial_stream_window_size(16 * 1024)
        .initial_connection_window_size(16 * 1024)
        .connect()
        .await
        .expect("connect");
    let mut stalled = enrich::proto::enrich::v1::enrich_service_client::EnrichServiceClient::new(channel);
    // One document at a time, each after the one before has been answered.
    let paced = {
        let document = document.clone();
        tokio_stream::StreamExt::throttle(
            tokio_stream::iter((0..6).map(move |_| request(&document))),
            Duration::from_millis(500),
        )
    };
    let never_read = stalled.enrich_stream(paced).await.expect("stream opens");
    // Once the stream's work is done and its answers are waiting, another
    // client's document of the same size is shed (before, waiting answers
    // held nothing and it ran).
    tokio::time::sleep(Duration::from_secs(4)).await;
    let mut client = server.client().await;
    let outcome = client.enrich(request(&document)).await.map(|_| ());
    let shed = outcome.expect_err("the unread answers hold the budget");
    assert_eq!(shed.code(), tonic::Code::ResourceExhausted, "{shed:?}");
    assert!(shed.message().contains("in flight"), "{}", shed.message());
    // The stalled stream goes away: its budget comes back.
    drop(never_read);
    drop(stalled);
    let started = Instant::now();
    while let Err(status) = client.enrich(request(&document)).await {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the budget did not come back: {:?} {}",
            status.code(),
            status.message()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
