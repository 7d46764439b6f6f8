//! Connection and HTTP/2 limits: a client cannot hold connections or
//! streams without bound, and idle connections are closed.

mod common;

use common::{request, TestServer};
use enrich::server::connections::ConnectionLimits;
use enrich::server::{Http2Limits, ServerConfig};
use std::time::{Duration, Instant};
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

fn config(connections: ConnectionLimits, http2: Http2Limits) -> ServerConfig {
    ServerConfig {
        connections,
        http2,
        ..ServerConfig::default()
    }
}

/// How long until the server closes `stream` (reads return end of file), or
/// `None` if it is still open after `wait`.
async fn closed_within(stream: &mut TcpStream, wait: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(wait.saturating_sub(started.elapsed()), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => continue,
            Err(_) => return None,
        }
    }
}

/// An EnrichStream call kept open after its first answer: a connection
/// with a call on it.
struct OpenStream {
    requests: tokio::sync::mpsc::Sender<enrich::proto::enrich::v1::EnrichRequest>,
    answers: tonic::Streaming<enrich::proto::enrich::v1::DocumentResult>,
}

impl OpenStream {
    async fn start(server: &TestServer) -> Self {
        let (requests, rx) = tokio::sync::mpsc::channel(2);
        requests.send(request("Paris is in France.")).await.expect("send");
        let mut answers = server
            .client()
            .await
            .enrich_stream(tokio_stream::wrappers::ReceiverStream::new(rx))
            .await
            .expect("stream opens")
            .into_inner();
        assert!(answers.message().await.expect("first answer").is_some());
        OpenStream { requests, answers }
    }

    /// Sends one more document on the same stream, ends it, and expects the
    /// answer.
    async fn answers_again(mut self) {
        self.requests.send(request("Rome is in Italy.")).await.expect("send");
        drop(self.requests);
        assert!(self.answers.message().await.expect("second answer").is_some());
    }
}

#[tokio::test]
async fn a_connection_with_no_call_is_closed_after_the_idle_timeout() {
    let limits = ConnectionLimits {
        idle_timeout: Duration::from_millis(300),
        ..ConnectionLimits::DEFAULT
    };
    let server = TestServer::start_with(config(limits, Http2Limits::DEFAULT)).await;
    server.channel().await;
    let mut idle = TcpStream::connect(server.addr).await.expect("connect");
    let closed = closed_within(&mut idle, Duration::from_secs(5)).await;
    assert!(
        closed.is_some_and(|after| after >= Duration::from_millis(250)),
        "closed after {closed:?}, expected about 300 ms"
    );
}

#[tokio::test]
async fn a_connection_with_a_call_in_progress_is_not_idle() {
    let limits = ConnectionLimits {
        idle_timeout: Duration::from_millis(300),
        ..ConnectionLimits::DEFAULT
    };
    let server = TestServer::start_with(config(limits, Http2Limits::DEFAULT)).await;
    // One stream held open for three idle timeouts, with a document before
    // and after the pause: both are answered on the same connection.
    let open = OpenStream::start(&server).await;
    tokio::time::sleep(Duration::from_millis(900)).await;
    open.answers_again().await;
}

#[tokio::test]
async fn at_the_cap_the_longest_idle_connection_makes_room_and_busy_ones_are_kept() {
    let limits = ConnectionLimits {
        max_connections: 3,
        ..ConnectionLimits::DEFAULT
    };
    let server = TestServer::start_with(config(limits, Http2Limits::DEFAULT)).await;
    // The client holds a stream open: its connection has a call on it.
    let open = OpenStream::start(&server).await;
    let mut oldest = TcpStream::connect(server.addr).await.expect("connect");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut newer = TcpStream::connect(server.addr).await.expect("connect");
    // Neither idle connection has been idle long enough to be evicted: a
    // new one is closed on arrival.
    let mut refused = TcpStream::connect(server.addr).await.expect("the kernel accepts");
    assert!(
        closed_within(&mut refused, Duration::from_secs(2)).await.is_some(),
        "a fourth connection was kept open while none had been idle a second"
    );
    tokio::time::sleep(enrich::server::connections::EVICT_AFTER_IDLE).await;
    // Now a health probe gets in: the longest-idle connection makes room.
    let probe = tonic::transport::Endpoint::from_shared(format!("http://{}", server.addr))
        .expect("endpoint")
        .connect()
        .await
        .expect("the probe connects");
    let mut health = tonic_health::pb::health_client::HealthClient::new(probe);
    tokio::time::timeout(
        Duration::from_secs(1),
        health.check(tonic_health::pb::HealthCheckRequest { service: String::new() }),
    )
    .await
    .expect("the probe is answered within a second")
    .expect("health answers");
    assert!(
        closed_within(&mut oldest, Duration::from_secs(2)).await.is_some(),
        "the longest-idle connection was not closed"
    );
    assert!(
        closed_within(&mut newer, Duration::from_millis(300)).await.is_none(),
        "only one connection had to make room"
    );
    // The busy connection was kept: its stream goes on.
    open.answers_again().await;
}

#[tokio::test]
async fn the_server_advertises_its_concurrent_stream_limit() {
    let http2 = Http2Limits {
        max_concurrent_streams: 7,
        max_header_list_size: 4096,
        ..Http2Limits::DEFAULT
    };
    let server = TestServer::start_with(config(ConnectionLimits::DEFAULT, http2)).await;
    server.channel().await;
    let tcp = TcpStream::connect(server.addr).await.expect("connect");
    let (send, connection) = h2::client::handshake(tcp).await.expect("HTTP/2 handshake");
    let mut connection = Box::pin(connection);
    // The server's SETTINGS arrive with the first exchange.
    let mut send = send.ready().await.expect("ready");
    let request = tonic::codegen::http::Request::post(format!("http://{}/grpc.health.v1.Health/Check", server.addr))
        .header("content-type", "application/grpc")
        .body(())
        .expect("request");
    let (response, mut stream) = send.send_request(request, false).expect("send");
    stream
        .send_data(bytes::Bytes::from_static(&[0, 0, 0, 0, 0]), true)
        .expect("body");
    tokio::select! {
        _ = &mut connection => panic!("the connection closed"),
        answer = response => { answer.expect("answered"); }
    }
    assert_eq!(connection.max_concurrent_send_streams(), 7);
}
