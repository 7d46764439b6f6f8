//! Bad and unusual input, one case at a time against the real server: each
//! asserts the exact status code, that the message says what to fix, and that
//! the server still answers afterwards.

#![allow(clippy::unwrap_used)] // test helpers: a panic there is a failed test

mod common;

use common::TestServer;
use enrich::api::Limits;
use enrich::proto::enrich::v1 as pb;
use enrich::proto::enrich::v1::enrich_service_client::EnrichServiceClient;
use std::time::Duration;
use tonic::transport::Channel;
use tonic::Code;

fn doc(text: &str) -> pb::EnrichRequest {
    let mut r = common::request(text);
    if let Some(d) = r.document.as_mut() {
        d.id = "bad-input".into();
    }
    r
}

fn with_options(text: &str, f: impl FnOnce(&mut pb::EnrichRequest)) -> pb::EnrichRequest {
    let mut r = doc(text);
    f(&mut r);
    r
}

fn summary(max_sentences: Option<i32>, max_characters: Option<i32>, weight: Option<f32>) -> Option<pb::SummaryOptions> {
    Some(pb::SummaryOptions {
        max_sentences,
        max_characters,
        neutrality_weight: weight,
    })
}

async fn still_answers(client: &mut EnrichServiceClient<Channel>, case: &str) {
    client
        .enrich(doc("The server still answers."))
        .await
        .unwrap_or_else(|e| panic!("after {case}: the server stopped answering: {e:?}"));
}

/// Every span of a response slices the request text (code points) to the
/// text returned with it.
fn assert_spans_slice(text: &str, r: &pb::EnrichResponse, case: &str) {
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: &pb::Span| chars[s.start as usize..s.end as usize].iter().collect::<String>();
    for s in &r.sentences {
        assert_eq!(slice(s.span.as_ref().expect("span")), s.text, "{case}");
    }
    for e in &r.entities {
        for m in &e.mentions {
            assert_eq!(slice(m.span.as_ref().expect("span")), m.text, "{case}");
        }
    }
}

/// Requests that must fail with INVALID_ARGUMENT, and a phrase the message must hold.
fn invalid_requests() -> Vec<(&'static str, pb::EnrichRequest, &'static str)> {
    vec![
        ("empty text", doc(""), "document.text: is empty"),
        ("white space only", doc(" \t\n  "), "only white space"),
        ("byte-order mark only", doc("\u{feff}"), "only white space"),
        ("CRLF lines only", doc("\r\n\r\n\r\n"), "only white space"),
        ("no document", pb::EnrichRequest::default(), "document: is missing"),
        (
            "unknown feature",
            with_options("Text.", |r| r.features = vec![99]),
            "unknown feature 99",
        ),
        (
            "negative feature",
            with_options("Text.", |r| r.features = vec![-1]),
            "unknown feature -1",
        ),
        (
            "unknown offset unit",
            with_options("Text.", |r| r.offset_unit = 7),
            "unknown offset unit 7",
        ),
        (
            "negative max_sentences",
            with_options("Text.", |r| r.summary_options = summary(Some(-3), None, None)),
            "must be from 1 to 100",
        ),
        (
            "zero max_sentences",
            with_options("Text.", |r| r.summary_options = summary(Some(0), None, None)),
            "must be from 1 to 100",
        ),
        (
            "absurd max_sentences",
            with_options("Text.", |r| r.summary_options = summary(Some(1_000_000), None, None)),
            "must be from 1 to 100",
        ),
        (
            "negative max_characters",
            with_options("Text.", |r| r.summary_options = summary(None, Some(-5), None)),
            "must be at least 1",
        ),
        (
            "zero max_characters",
            with_options("Text.", |r| r.summary_options = summary(None, Some(0), None)),
            "must be at least 1",
        ),
        (
            "negative neutrality weight",
            with_options("Text.", |r| r.summary_options = summary(None, None, Some(-0.1))),
            "neutrality_weight",
        ),
        (
            "neutrality weight above 1",
            with_options("Text.", |r| r.summary_options = summary(None, None, Some(1.5))),
            "neutrality_weight",
        ),
        (
            "NaN neutrality weight",
            with_options("Text.", |r| r.summary_options = summary(None, None, Some(f32::NAN))),
            "neutrality_weight",
        ),
        (
            "malformed language hint",
            with_options("Text.", |r| {
                r.document.as_mut().unwrap().language_hint = "english!".into()
            }),
            "is not a language code",
        ),
        (
            "over-long language hint",
            with_options("Text.", |r| {
                r.document.as_mut().unwrap().language_hint = "abcdefghijk".into()
            }),
            "is not a language code",
        ),
        (
            "language hint with a bad subtag",
            with_options("Text.", |r| r.document.as_mut().unwrap().language_hint = "en-$$".into()),
            "is not a language code",
        ),
        (
            "an id longer than a key",
            with_options("Text.", |r| r.document.as_mut().unwrap().id = "x".repeat(4 << 20)),
            "document.id: is 4194304 bytes, over the limit of 256 bytes",
        ),
        (
            "malformed code in the expected languages",
            with_options("Text.", |r| {
                r.document.as_mut().unwrap().expected_languages = vec!["en".into(), "english!".into()]
            }),
            "document.expected_languages[1]: \"english!\" is not a language code",
        ),
        (
            "an expected-languages list longer than any deployment needs",
            with_options("Text.", |r| {
                r.document.as_mut().unwrap().expected_languages = vec!["en".into(); 1000]
            }),
            "document.expected_languages: lists 1000 codes, over the limit of 100",
        ),
        (
            "unknown language in the expected languages",
            with_options("Text.", |r| {
                r.document.as_mut().unwrap().expected_languages = vec!["xx".into()]
            }),
            "document.expected_languages[0]: \"xx\" names no language the detector supports",
        ),
        (
            "a filter by expected languages without any",
            with_options("Text.", |r| r.document.as_mut().unwrap().expected_languages_only = true),
            "document.expected_languages_only: is set but expected_languages is empty",
        ),
        (
            "reference date in another format",
            with_options("Text.", |r| {
                r.document.as_mut().unwrap().reference_date = "25/11/2019".into()
            }),
            "document.reference_date: \"25/11/2019\" is not a date; use YYYY-MM-DD",
        ),
        (
            "reference date that does not exist",
            with_options("Text.", |r| {
                r.document.as_mut().unwrap().reference_date = "2019-02-30".into()
            }),
            "is not a date",
        ),
        (
            "dictionary term without a type",
            with_options("Text.", |r| {
                r.entity_options = Some(dictionary(&[("Nippon Steel", pb::EntityType::Unspecified)]))
            }),
            "entity_options.dictionary[0].type: is 0; set ENTITY_TYPE_PERSON, ENTITY_TYPE_ORGANIZATION, ENTITY_TYPE_LOCATION or ENTITY_TYPE_MISC",
        ),
        (
            "empty dictionary term",
            with_options("Text.", |r| {
                r.entity_options = Some(dictionary(&[
                    ("Abe", pb::EntityType::Person),
                    ("  ", pb::EntityType::Misc),
                ]))
            }),
            "entity_options.dictionary[1].text: is empty",
        ),
        (
            "dictionary over the request limit",
            with_options("Text.", |r| {
                let terms: Vec<(String, pb::EntityType)> = (0..10_001)
                    .map(|i| (format!("term{i}"), pb::EntityType::Misc))
                    .collect();
                let borrowed: Vec<(&str, pb::EntityType)> = terms.iter().map(|(t, ty)| (t.as_str(), *ty)).collect();
                r.entity_options = Some(dictionary(&borrowed));
            }),
            "has 10001 terms, over the limit of 10000",
        ),
    ]
}

fn dictionary(terms: &[(&str, pb::EntityType)]) -> pb::EntityOptions {
    pb::EntityOptions {
        dictionary: terms
            .iter()
            .map(|(text, t)| pb::DictionaryEntry {
                text: (*text).into(),
                r#type: *t as i32,
            })
            .collect(),
    }
}

#[tokio::test]
async fn invalid_requests_answer_invalid_argument_naming_what_to_fix() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    for (case, request, needle) in invalid_requests() {
        let status = client.enrich(request).await.expect_err(case);
        assert_eq!(status.code(), Code::InvalidArgument, "{case}: {status:?}");
        assert!(
            status.message().contains(needle),
            "{case}: {:?} lacks {needle:?}",
            status.message()
        );
        still_answers(&mut client, case).await;
    }
}

#[tokio::test]
async fn limits_are_answered_with_the_limit_in_the_message() {
    let server = TestServer::start_with_limits(Limits {
        max_document_bytes: 10_000,
        max_batch_documents: 3,
        max_message_bytes: 100_000,
        ..Limits::default()
    })
    .await;
    let mut client = server.client().await;
    let cases: Vec<(&str, Result<(), tonic::Status>, Code, &str)> = vec![
        (
            "document over the limit",
            client.enrich(doc(&"a ".repeat(6_000))).await.map(|_| ()),
            Code::InvalidArgument,
            "over the limit of 10000 bytes",
        ),
        (
            "message over the transport limit",
            client.enrich(doc(&"a".repeat(200_000))).await.map(|_| ()),
            Code::ResourceExhausted,
            "limit of 100000 bytes",
        ),
        (
            "batch over the limit",
            client
                .enrich_batch(pb::EnrichBatchRequest {
                    documents: (0..4)
                        .map(|i| doc(&format!("Doc {i}.")).document.unwrap())
                        .map(|mut d| {
                            d.id = d.text.clone();
                            d
                        })
                        .collect(),
                    ..Default::default()
                })
                .await
                .map(|_| ()),
            Code::InvalidArgument,
            "over the limit of 3",
        ),
        (
            "empty batch",
            client.enrich_batch(pb::EnrichBatchRequest::default()).await.map(|_| ()),
            Code::InvalidArgument,
            "send at least one document",
        ),
        (
            "duplicate ids in a batch",
            client
                .enrich_batch(pb::EnrichBatchRequest {
                    documents: vec![doc("One.").document.unwrap(), doc("Two.").document.unwrap()],
                    ..Default::default()
                })
                .await
                .map(|_| ()),
            Code::InvalidArgument,
            "unique id",
        ),
    ];
    for (case, result, code, needle) in cases {
        let status = result.expect_err(case);
        assert_eq!(status.code(), code, "{case}: {status:?}");
        assert!(
            status.message().contains(needle),
            "{case}: {:?} lacks {needle:?}",
            status.message()
        );
        still_answers(&mut client, case).await;
    }
}

#[tokio::test]
async fn unusual_but_valid_text_is_enriched_with_exact_spans() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let cases: Vec<(&str, String)> = vec![
        (
            "NUL and control characters",
            "Hello\u{0}world.\u{7}\u{1b}[31m Next\u{8} sentence.\u{0}".into(),
        ),
        ("a 1 MiB single word", "x".repeat(1024 * 1024 - 16)),
        ("100,000 one-character sentences", "a. ".repeat(100_000)),
        ("deeply repeated punctuation", "!?.".repeat(100_000)),
        ("only punctuation", "...!!!???;;;".into()),
        ("only emoji", "😀😃😄🎉👍🏽🇯🇵".into()),
        (
            "combining marks and zero-width joiners only",
            "\u{301}\u{302}\u{200d}\u{200d}\u{303}".into(),
        ),
        (
            "right-to-left and mixed scripts",
            "مرحبا بالعالم. Hello world. שלום עולם! 你好，世界。Привет, мир.".into(),
        ),
        (
            "Devanagari danda and Greek question mark",
            "नमस्ते दुनिया। यह एक परीक्षण है। Τι κάνεις; Καλά.".into(),
        ),
        ("an id at the length limit", "Some text.".into()),
        (
            "tabs and form feeds",
            "First\tsentence.\u{c}Second\u{b}sentence.".into(),
        ),
        (
            "lone surrogate-range characters outside the BMP",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕞𝕒𝕥𝕙. 𐍈𐌰𐌹𐍃. 🜁🜂🜃.".into(),
        ),
    ];
    for (case, text) in cases {
        let mut request = doc(&text);
        if case == "an id at the length limit" {
            request.document.as_mut().unwrap().id = "i".repeat(enrich::api::convert::MAX_ID_BYTES);
        }
        let r = client
            .enrich(request)
            .await
            .unwrap_or_else(|e| panic!("{case}: {e:?}"))
            .into_inner();
        if case != "a 1 MiB single word"
            && case != "100,000 one-character sentences"
            && case != "deeply repeated punctuation"
        {
            assert_spans_slice(&text, &r, case);
        }
        still_answers(&mut client, case).await;
    }
}

#[tokio::test]
async fn utf16_offsets_count_characters_outside_the_bmp_as_two_units() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let text = "😀 First. 𝔘𝔫𝔦 second! Third 🇯🇵.";
    let mut request = doc(text);
    request.offset_unit = pb::OffsetUnit::Utf16CodeUnit as i32;
    let r = client.enrich(request).await.expect("enrich").into_inner();
    let units: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(r.sentences.len(), 3, "{:?}", r.sentences);
    for s in &r.sentences {
        let span = s.span.as_ref().expect("span");
        assert_eq!(
            String::from_utf16(&units[span.start as usize..span.end as usize]).expect("utf16"),
            s.text
        );
    }
    assert_eq!(
        r.sentences[0].span.as_ref().map(|s| (s.start, s.end)),
        Some((0, 9)),
        "😀 is two UTF-16 units"
    );
}

#[tokio::test]
async fn warnings_not_errors_for_requests_that_can_be_served() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let r = client
        .enrich(with_options("This is plain text that can be read.", |r| {
            r.document.as_mut().unwrap().language_hint = "xx".into();
            r.summary_options = summary(None, Some(1), None);
            r.features = vec![0, 0, 4, 4, 4];
        }))
        .await
        .expect("served")
        .into_inner();
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(codes.contains(&"LANGUAGE_HINT_UNSUPPORTED"), "{codes:?}");
    assert!(codes.contains(&"SUMMARY_BUDGET_LIMITED"), "{codes:?}");
    assert!(r.summary.expect("summary").sentences.is_empty());
}

#[tokio::test]
async fn malformed_raw_requests_and_missing_messages_are_invalid_arguments_not_internal() {
    use bytes::{Buf, BufMut};
    use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};

    /// Sends and receives raw bytes, to put bytes on the wire the generated
    /// client would refuse to build.
    #[derive(Default)]
    struct Raw;
    struct RawEncoder;
    struct RawDecoder;
    impl Encoder for RawEncoder {
        type Item = Vec<u8>;
        type Error = tonic::Status;
        fn encode(&mut self, item: Vec<u8>, dst: &mut EncodeBuf<'_>) -> Result<(), tonic::Status> {
            dst.put_slice(&item);
            Ok(())
        }
    }
    impl Decoder for RawDecoder {
        type Item = Vec<u8>;
        type Error = tonic::Status;
        fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Vec<u8>>, tonic::Status> {
            let mut out = vec![0; src.remaining()];
            src.copy_to_slice(&mut out);
            Ok(Some(out))
        }
    }
    impl Codec for Raw {
        type Encode = Vec<u8>;
        type Decode = Vec<u8>;
        type Encoder = RawEncoder;
        type Decoder = RawDecoder;
        fn encoder(&mut self) -> RawEncoder {
            RawEncoder
        }
        fn decoder(&mut self) -> RawDecoder {
            RawDecoder
        }
    }

    let server = TestServer::start().await;
    let channel = server.channel().await;
    // EnrichRequest { document (1): Document { text (2): 0xff 0xfe 'a' } }
    let document = [0x12, 3, 0xff, 0xfe, b'a'];
    let mut request = vec![0x0a, document.len() as u8];
    request.extend_from_slice(&document);
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.expect("ready");
    let path = tonic::codegen::http::uri::PathAndQuery::from_static("/enrich.v1.EnrichService/Enrich");
    let status = grpc
        .unary(tonic::Request::new(request), path, Raw)
        .await
        .expect_err("refused");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(status.message().contains("not valid UTF-8"), "{}", status.message());

    // A truncated message is refused the same way.
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.expect("ready");
    let path = tonic::codegen::http::uri::PathAndQuery::from_static("/enrich.v1.EnrichService/Enrich");
    let status = grpc
        .unary(tonic::Request::new(vec![0x0a, 50, 0x12]), path, Raw)
        .await
        .expect_err("refused");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(
        status.message().contains("could not be decoded"),
        "{}",
        status.message()
    );

    // A unary call that ends without any message is the caller's error too,
    // not the server's (tonic says INTERNAL).
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.expect("ready");
    let path = tonic::codegen::http::uri::PathAndQuery::from_static("/enrich.v1.EnrichService/Enrich");
    let status = grpc
        .client_streaming(tonic::Request::new(futures_util::stream::empty::<Vec<u8>>()), path, Raw)
        .await
        .expect_err("refused");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(
        status.message().contains("without a request message"),
        "{}",
        status.message()
    );

    let mut client = EnrichServiceClient::new(channel);
    still_answers(&mut client, "invalid UTF-8").await;
}

#[tokio::test]
async fn an_unknown_method_is_unimplemented() {
    let server = TestServer::start().await;
    let channel = server.channel().await;
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.expect("ready");
    let path = tonic::codegen::http::uri::PathAndQuery::from_static("/enrich.v1.EnrichService/Summarise");
    let status = grpc
        .unary::<pb::GetInfoRequest, pb::GetInfoResponse, _>(
            tonic::Request::new(pb::GetInfoRequest {}),
            path,
            tonic_prost::ProstCodec::default(),
        )
        .await
        .expect_err("no such method");
    assert_eq!(status.code(), Code::Unimplemented);
    let mut client = EnrichServiceClient::new(channel);
    still_answers(&mut client, "unknown method").await;
}

#[tokio::test]
async fn a_client_that_cancels_mid_stream_leaves_the_server_answering() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let text = "The council met on Monday and voted. ".repeat(2_000);
    for i in 0..3 {
        let mut r = doc(&text);
        r.document.as_mut().unwrap().id = format!("s{i}");
        tx.send(r).await.expect("queue");
    }
    let mut stream = client
        .enrich_stream(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .expect("stream")
        .into_inner();
    let first = stream.message().await.expect("first result").expect("a result");
    assert_eq!(first.id, "s0");
    drop(stream);
    drop(tx);
    tokio::time::sleep(Duration::from_millis(50)).await;
    still_answers(&mut client, "a cancelled stream").await;
}

#[tokio::test]
async fn one_bad_document_in_a_stream_fails_alone() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let requests = vec![
        doc("First is fine."),
        pb::EnrichRequest::default(),
        doc("Third is fine."),
    ];
    let mut stream = client
        .enrich_stream(tokio_stream::iter(requests))
        .await
        .expect("stream")
        .into_inner();
    let mut codes = Vec::new();
    while let Some(r) = stream.message().await.expect("item") {
        codes.push(r.status.expect("status").code);
    }
    assert_eq!(codes, vec![0, Code::InvalidArgument as i32, 0]);
}
