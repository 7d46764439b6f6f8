//! JSON over HTTP/1.1 on the gRPC port: the same answers as gRPC for the
//! same documents, errors as `google.rpc.Status` JSON with the matching
//! HTTP status, and gRPC untouched beside it. gRPC-Web on the same port.

mod common;

use common::{request, TestServer, ARTICLE};
use enrich::proto::enrich::v1 as pb;
use serde_json::{json, Value};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One HTTP/1.1 exchange on a fresh connection, as curl makes it: the
/// status code and the body parsed as JSON.
async fn http(addr: SocketAddr, method: &str, path: &str, content_type: &str, body: &str) -> (u16, Value) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: enrich\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write head");
    stream.write_all(body.as_bytes()).await.expect("write body");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read answer");
    let answer = String::from_utf8(answer).expect("UTF-8 answer");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    assert!(
        head.to_ascii_lowercase().contains("content-type: application/json"),
        "{head}"
    );
    (status, serde_json::from_str(body).expect("a JSON body"))
}

fn to_value<M: prost::Message>(message: &M, name: &str) -> Value {
    serde_json::from_str(&enrich::json::to_json(message, name).expect("JSON")).expect("parse")
}

#[tokio::test]
async fn json_routes_answer_what_grpc_answers_for_the_same_documents() {
    let server = TestServer::start().await;
    let mut client = server.client().await;

    let grpc = client.enrich(request(ARTICLE)).await.expect("gRPC Enrich").into_inner();
    let body = json!({"document": {"id": "doc-1", "text": ARTICLE}}).to_string();
    let (status, answer) = http(server.addr, "POST", "/v1/enrich", "application/json", &body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer, to_value(&grpc, "enrich.v1.EnrichResponse"));
    let entities = answer["entities"].as_array().expect("entities");
    assert!(
        entities
            .iter()
            .any(|e| e["name"] == "John Smith" && e["type"] == "ENTITY_TYPE_PERSON"),
        "{answer}"
    );

    let batch = pb::EnrichBatchRequest {
        documents: vec![
            request(ARTICLE).document.expect("document"),
            pb::Document {
                id: "de".into(),
                text: "Angela Merkel besuchte am 12. März 2020 Paris.".into(),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let grpc = client
        .enrich_batch(batch.clone())
        .await
        .expect("gRPC batch")
        .into_inner();
    let body = to_value(&batch, "enrich.v1.EnrichBatchRequest").to_string();
    let (status, answer) = http(
        server.addr,
        "POST",
        "/v1/enrich:batch",
        "application/json; charset=utf-8",
        &body,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer, to_value(&grpc, "enrich.v1.EnrichBatchResponse"));
    assert_eq!(answer["results"][1]["response"]["language"]["code"], "de");

    let grpc = client
        .get_info(pb::GetInfoRequest {})
        .await
        .expect("gRPC GetInfo")
        .into_inner();
    let (status, answer) = http(server.addr, "GET", "/v1/info", "application/json", "").await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer, to_value(&grpc, "enrich.v1.GetInfoResponse"));
}

/// Ten short news-style documents in the languages the service tags.
const DOCUMENTS: [&str; 10] = [
    "The central bank raised rates by 0.5% on Tuesday, its governor said in Frankfurt.",
    "Angela Merkel traf am 12. März 2020 in Berlin den französischen Präsidenten.",
    "Le gouvernement a annoncé 1,2 milliard d'euros pour les hôpitaux de Lyon lundi.",
    "El Real Madrid ganó 3-1 al Barcelona el sábado en el estadio Santiago Bernabéu.",
    "Il presidente Mattarella ha incontrato il papa Francesco in Vaticano ieri.",
    "O Banco Central do Brasil cortou a taxa Selic para 10,5% em São Paulo.",
    "De Nederlandse regering investeert 2 miljard euro in Rotterdam, meldt het ANP.",
    "Prezydent Andrzej Duda spotkał się w Warszawie z kanclerzem Niemiec.",
    "Президент Владимир Путин провёл встречу в Москве 5 марта 2021 года.",
    "東京で新しい法律が成立した。政府は来年から施行する。",
];

#[tokio::test]
async fn json_answers_equal_grpc_answers_for_news_in_every_tagged_language() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let mut texts: Vec<String> = DOCUMENTS.iter().map(|t| t.to_string()).collect();
    // The seed article, where the shared data sits beside the checkout.
    if let Ok(seed) = std::fs::read_to_string("../shared/data/seed/gsomia-article.txt") {
        texts.push(seed);
    }
    for (i, text) in texts.iter().enumerate() {
        let mut req = request(text);
        if let Some(document) = req.document.as_mut() {
            document.id = format!("doc-{i}");
        }
        let grpc = client.enrich(req.clone()).await.expect("gRPC Enrich").into_inner();
        let body = to_value(&req, "enrich.v1.EnrichRequest").to_string();
        let (status, answer) = http(server.addr, "POST", "/v1/enrich", "application/json", &body).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer, to_value(&grpc, "enrich.v1.EnrichResponse"), "document {i}");
    }
}

#[tokio::test]
async fn json_errors_are_status_objects_with_the_matching_http_status() {
    let server = TestServer::start().await;
    let addr = server.addr;

    // The service's own validation, with its field violation.
    let (status, answer) = http(
        addr,
        "POST",
        "/v1/enrich",
        "application/json",
        r#"{"document":{"text":""}}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(answer["code"], 3);
    assert_eq!(answer["details"][0]["fieldViolations"][0]["field"], "document.text");

    // A misspelt field, broken JSON, the wrong content type.
    let (status, answer) = http(addr, "POST", "/v1/enrich", "application/json", r#"{"documnt":{}}"#).await;
    assert_eq!((status, answer["code"].clone()), (400, json!(3)));
    assert!(
        answer["message"].as_str().is_some_and(|m| m.contains("documnt")),
        "{answer}"
    );
    let (status, _) = http(addr, "POST", "/v1/enrich", "application/json", r#"{"document":"#).await;
    assert_eq!(status, 400);
    let (status, answer) = http(addr, "POST", "/v1/enrich", "text/plain", "hello").await;
    assert_eq!(status, 415);
    assert!(
        answer["message"]
            .as_str()
            .is_some_and(|m| m.contains("application/json")),
        "{answer}"
    );

    // Routes and methods.
    let (status, answer) = http(addr, "GET", "/v1/nothing", "application/json", "").await;
    assert_eq!((status, answer["code"].clone()), (404, json!(5)));
    let (status, _) = http(addr, "GET", "/v1/enrich", "application/json", "").await;
    assert_eq!(status, 405);

    // The gRPC limits hold; a body over twice the message limit is refused
    // before it is parsed.
    let limits = enrich::api::Limits {
        max_message_bytes: 1024,
        max_document_bytes: 64,
        ..enrich::api::Limits::default()
    };
    let small = TestServer::start_with_limits(limits).await;
    let body = json!({"document": {"text": "word ".repeat(600)}}).to_string();
    let (status, answer) = http(small.addr, "POST", "/v1/enrich", "application/json", &body).await;
    assert_eq!((status, answer["code"].clone()), (413, json!(8)));
    assert!(
        answer["message"].as_str().is_some_and(|m| m.contains("2048 bytes")),
        "{answer}"
    );
    let body = json!({"document": {"text": "word ".repeat(40)}}).to_string();
    let (status, answer) = http(small.addr, "POST", "/v1/enrich", "application/json", &body).await;
    assert_eq!(status, 400);
    assert!(
        answer["message"]
            .as_str()
            .is_some_and(|m| m.contains("over the limit of 64 bytes")),
        "{answer}"
    );
}

#[tokio::test]
async fn a_grpc_web_call_over_http1_gets_the_grpc_answer_and_its_status_in_a_trailer_frame() {
    use prost::Message;
    let server = TestServer::start().await;
    let grpc = server
        .client()
        .await
        .enrich(request(ARTICLE))
        .await
        .expect("gRPC Enrich")
        .into_inner();

    let message = request(ARTICLE).encode_to_vec();
    let mut body = vec![0u8];
    body.extend_from_slice(&u32::try_from(message.len()).expect("small").to_be_bytes());
    body.extend_from_slice(&message);
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.expect("connect");
    let head = format!(
        "POST /enrich.v1.EnrichService/Enrich HTTP/1.1\r\nHost: enrich\r\nContent-Type: application/grpc-web+proto\r\nX-Grpc-Web: 1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write head");
    stream.write_all(&body).await.expect("write body");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read answer");
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head and a body");
    let head = String::from_utf8_lossy(&answer[..split]).to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("content-type: application/grpc-web"), "{head}");
    // The body may be chunked; take the grpc-web frames out of the chunks.
    let mut frames = Vec::new();
    if head.contains("transfer-encoding: chunked") {
        let mut rest = &answer[split + 4..];
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n").expect("chunk size line");
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).expect("hex"), 16).expect("size");
            if size == 0 {
                break;
            }
            frames.extend_from_slice(&rest[line_end + 2..line_end + 2 + size]);
            rest = &rest[line_end + 2 + size + 2..];
        }
    } else {
        frames.extend_from_slice(&answer[split + 4..]);
    }
    let length = u32::from_be_bytes([frames[1], frames[2], frames[3], frames[4]]) as usize;
    assert_eq!(frames[0], 0, "the first frame is the message");
    let response = pb::EnrichResponse::decode(&frames[5..5 + length]).expect("an EnrichResponse");
    assert_eq!(response, grpc);
    let trailer = &frames[5 + length..];
    assert_eq!(trailer[0], 0x80, "then the trailer frame");
    let trailer_text = String::from_utf8_lossy(&trailer[5..]).to_ascii_lowercase();
    assert!(trailer_text.contains("grpc-status:0"), "{trailer_text}");
}
