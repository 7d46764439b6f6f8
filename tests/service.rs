//! The real server on a loopback port, called with the generated Rust client:
//! happy paths, offsets in every unit, limits, errors, deadlines, shutdown.

mod common;

use common::{request, TestServer, ARTICLE};
use enrich::api::Limits;
use enrich::proto::enrich::v1 as pb;
use enrich::proto::google::rpc::{BadRequest, Status as RpcStatus};
use prost::Message;
use std::time::Duration;
use tonic::Code;

fn slice(text: &str, span: &pb::Span, unit: pb::OffsetUnit) -> String {
    let (s, e) = (span.start as usize, span.end as usize);
    match unit {
        pb::OffsetUnit::Utf8Byte => text.get(s..e).expect("byte span on char boundaries").to_string(),
        pb::OffsetUnit::Utf16CodeUnit => {
            let units: Vec<u16> = text.encode_utf16().collect();
            String::from_utf16(&units[s..e]).expect("UTF-16 span on surrogate boundaries")
        }
        _ => text.chars().skip(s).take(e - s).collect(),
    }
}

/// The field violations a status carries in `grpc-status-details-bin`.
fn violations(status: &tonic::Status) -> Vec<(String, String)> {
    let rich = RpcStatus::decode(status.details()).expect("rich status details");
    rich.details
        .iter()
        .filter(|any| any.type_url.ends_with("google.rpc.BadRequest"))
        .flat_map(|any| {
            BadRequest::decode(any.value.as_slice())
                .expect("BadRequest")
                .field_violations
        })
        .map(|v| (v.field, v.description))
        .collect()
}

#[tokio::test]
async fn enrich_returns_every_feature_by_default() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let r = client.enrich(request(ARTICLE)).await.expect("enrich").into_inner();
    assert_eq!(r.id, "doc-1");
    let language = r.language.expect("language");
    assert_eq!(language.code, "en");
    assert_eq!(language.name, "English");
    assert_eq!(language.script, "Latin");
    assert!(language.reliable);
    let kinds: Vec<i32> = r.sentences.iter().map(|s| s.kind).collect();
    assert_eq!(kinds[0], pb::SegmentKind::Heading as i32);
    assert_eq!(kinds[1], pb::SegmentKind::Byline as i32);
    assert!(r
        .sentences
        .iter()
        .any(|s| s.text == "Mayor John Smith said the plan would fund 12 new schools."));
    let smith = r
        .entities
        .iter()
        .find(|e| e.name == "John Smith")
        .expect("John Smith is found");
    assert_eq!(smith.r#type, pb::EntityType::Person as i32);
    let mentions: Vec<&str> = smith.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        mentions,
        vec!["John Smith", "Smith"],
        "the later surname joins the full name"
    );
    assert!(r
        .entities
        .iter()
        .any(|e| e.name == "Springfield" && e.r#type == pb::EntityType::Location as i32));
    assert!(
        r.entities.iter().all(|e| !e.name.starts_with('#')),
        "markup is not part of a name"
    );
    assert!(
        !r.warnings.iter().any(|w| w.code == "ENTITIES_LANGUAGE_UNSUPPORTED"),
        "English has a model"
    );
    let money = r
        .entities
        .iter()
        .find(|e| e.r#type == pb::EntityType::Money as i32)
        .expect("a MONEY entity");
    assert_eq!(money.name, "$5.5 million");
    assert_eq!(money.normalized_value, "5500000 USD");
    let summary = r.summary.expect("summary");
    assert!(!summary.sentences.is_empty() && summary.sentences.len() <= 3);
    for s in &summary.sentences {
        let sentence = &r.sentences[s.sentence_index as usize];
        assert_eq!(sentence.text, s.text);
        assert_eq!(
            sentence.kind,
            pb::SegmentKind::Sentence as i32,
            "summaries never quote layout"
        );
    }
    assert_eq!(
        r.offset_unit,
        pb::OffsetUnit::CodePoint as i32,
        "the default unit is echoed back"
    );
    assert!(r.model_version.starts_with("enrich-models-"));
}

#[tokio::test]
async fn spans_slice_the_request_text_in_every_offset_unit() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let text = "\u{feff}Émile met 山田太郎 in Tōkyō 🇯🇵 on 25 November 2019.\r\nThe café served cafe\u{301} au lait 😀 for $5.\r\n\r\n東京は晴れです。明日も晴れ！\r\nHe paid 12% more. Done 👍🏽.";
    for unit in [
        pb::OffsetUnit::CodePoint,
        pb::OffsetUnit::Utf8Byte,
        pb::OffsetUnit::Utf16CodeUnit,
    ] {
        let mut req = request(text);
        req.offset_unit = unit as i32;
        let r = client.enrich(req).await.expect("enrich").into_inner();
        assert_eq!(r.offset_unit, unit as i32);
        assert!(r.sentences.len() >= 4, "{unit:?}: {:?}", r.sentences);
        for s in &r.sentences {
            assert_eq!(slice(text, s.span.as_ref().expect("span"), unit), s.text, "{unit:?}");
        }
        assert!(
            !r.entities.is_empty(),
            "{unit:?}: the date, money and percent are found"
        );
        for e in &r.entities {
            for m in &e.mentions {
                assert_eq!(slice(text, m.span.as_ref().expect("span"), unit), m.text, "{unit:?}");
            }
        }
        for s in &r.summary.expect("summary").sentences {
            assert_eq!(slice(text, s.span.as_ref().expect("span"), unit), s.text, "{unit:?}");
        }
    }
}

#[tokio::test]
async fn features_select_what_is_returned() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let mut req = request(ARTICLE);
    req.features = vec![pb::Feature::Entities as i32];
    let r = client.enrich(req).await.expect("enrich").into_inner();
    assert!(r.language.is_none());
    assert!(r.sentences.is_empty());
    assert!(r.summary.is_none());
    assert!(!r.entities.is_empty());
}

#[tokio::test]
async fn summary_options_bound_the_summary() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let mut req = request(ARTICLE);
    req.summary_options = Some(pb::SummaryOptions {
        max_sentences: Some(1),
        max_characters: None,
        neutrality_weight: Some(0.0),
    });
    let r = client.enrich(req).await.expect("enrich").into_inner();
    assert_eq!(r.summary.expect("summary").sentences.len(), 1);

    let mut req = request(ARTICLE);
    req.summary_options = Some(pb::SummaryOptions {
        max_sentences: Some(3),
        max_characters: Some(60),
        neutrality_weight: None,
    });
    let r = client.enrich(req).await.expect("enrich").into_inner();
    let summary = r.summary.expect("summary");
    assert!(summary.sentences.iter().map(|s| s.text.chars().count()).sum::<usize>() <= 60);
    assert!(
        r.warnings.iter().any(|w| w.code == "SUMMARY_BUDGET_LIMITED"),
        "{:?}",
        r.warnings
    );
}

#[tokio::test]
async fn empty_and_blank_text_are_invalid_arguments_naming_the_field() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    for text in ["", " \n\t\u{feff} "] {
        let status = client.enrich(request(text)).await.expect_err("rejected");
        assert_eq!(status.code(), Code::InvalidArgument);
        let v = violations(&status);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].0, "document.text");
        assert!(status.message().contains("document.text"), "{}", status.message());
    }
    let status = client.enrich(pb::EnrichRequest::default()).await.expect_err("rejected");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "document");
}

#[tokio::test]
async fn a_document_over_the_limit_is_rejected_with_the_limit_in_the_message() {
    let server = TestServer::start_with_limits(Limits {
        max_document_bytes: 1000,
        ..Limits::default()
    })
    .await;
    let mut client = server.client().await;
    let status = client
        .enrich(request(&"word ".repeat(300)))
        .await
        .expect_err("rejected");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(
        status.message().contains("1500 bytes, over the limit of 1000 bytes"),
        "{}",
        status.message()
    );
    assert_eq!(violations(&status)[0].0, "document.text");
}

#[tokio::test]
async fn bad_options_are_each_reported() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let mut req = request(ARTICLE);
    req.features = vec![pb::Feature::Language as i32, 42];
    req.offset_unit = 9;
    req.summary_options = Some(pb::SummaryOptions {
        max_sentences: Some(-1),
        max_characters: Some(0),
        neutrality_weight: Some(2.0),
    });
    req.document.as_mut().expect("document").language_hint = "english!".into();
    let status = client.enrich(req).await.expect_err("rejected");
    assert_eq!(status.code(), Code::InvalidArgument);
    let fields: Vec<String> = violations(&status).into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        vec![
            "features[1]",
            "offset_unit",
            "summary_options.max_sentences",
            "summary_options.max_characters",
            "summary_options.neutrality_weight",
            "document.language_hint"
        ]
    );
}

#[tokio::test]
async fn an_unsupported_language_hint_is_a_warning_not_an_error() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let mut req = request(ARTICLE);
    req.document.as_mut().expect("document").language_hint = "ga".into();
    let r = client.enrich(req).await.expect("enrich").into_inner();
    assert!(
        r.warnings.iter().any(|w| w.code == "LANGUAGE_HINT_UNSUPPORTED"),
        "{:?}",
        r.warnings
    );
}

#[tokio::test]
async fn the_language_hint_decides_short_text() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let mut req = request("Hola");
    req.features = vec![pb::Feature::Language as i32];
    req.document.as_mut().expect("document").language_hint = "es".into();
    let r = client.enrich(req).await.expect("enrich").into_inner();
    let language = r.language.expect("language");
    assert_eq!(language.code, "es");
    assert!(!language.reliable);
}

#[tokio::test]
async fn a_batch_answers_in_request_order_and_a_bad_document_fails_alone() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let docs: Vec<pb::Document> = (0..7)
        .map(|i| pb::Document {
            id: format!("d{i}"),
            text: if i == 3 {
                String::new()
            } else {
                format!("Document number {i} was written in Paris on Monday. It is short.")
            },
            language_hint: String::new(),
            reference_date: String::new(),
            ..Default::default()
        })
        .collect();
    let r = client
        .enrich_batch(pb::EnrichBatchRequest {
            documents: docs,
            ..Default::default()
        })
        .await
        .expect("batch")
        .into_inner();
    let ids: Vec<&str> = r.results.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, vec!["d0", "d1", "d2", "d3", "d4", "d5", "d6"]);
    for (i, result) in r.results.iter().enumerate() {
        let status = result.status.as_ref().expect("status");
        if i == 3 {
            assert_eq!(status.code, Code::InvalidArgument as i32);
            assert!(status.message.contains("documents[3].text"), "{}", status.message);
            assert!(result.response.is_none());
        } else {
            assert_eq!(status.code, 0);
            let response = result.response.as_ref().expect("response");
            assert_eq!(response.id, format!("d{i}"));
            assert!(response.sentences[0].text.contains(&format!("number {i}")));
        }
    }
}

#[tokio::test]
async fn batch_limits_and_duplicate_ids_are_rejected() {
    let server = TestServer::start_with_limits(Limits {
        max_batch_documents: 2,
        ..Limits::default()
    })
    .await;
    let mut client = server.client().await;
    let doc = |id: &str| pb::Document {
        id: id.into(),
        text: "Some text here.".into(),
        language_hint: String::new(),
        reference_date: String::new(),
        ..Default::default()
    };
    let status = client
        .enrich_batch(pb::EnrichBatchRequest::default())
        .await
        .expect_err("empty batch");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "documents");

    let status = client
        .enrich_batch(pb::EnrichBatchRequest {
            documents: vec![doc("a"), doc("b"), doc("c")],
            ..Default::default()
        })
        .await
        .expect_err("over the limit");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(
        status.message().contains("holds 3 documents, over the limit of 2"),
        "{}",
        status.message()
    );

    let status = client
        .enrich_batch(pb::EnrichBatchRequest {
            documents: vec![doc("a"), doc("a")],
            ..Default::default()
        })
        .await
        .expect_err("duplicate ids");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "documents[1].id");
}

#[tokio::test]
async fn a_stream_answers_each_request_with_its_id() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let requests: Vec<pb::EnrichRequest> = (0..20)
        .map(|i| {
            let mut r = request(if i == 5 {
                "   "
            } else {
                "The meeting in Berlin ended on Friday. Everyone went home."
            });
            r.document.as_mut().expect("document").id = format!("s{i}");
            r
        })
        .collect();
    let mut stream = client
        .enrich_stream(tokio_stream::iter(requests))
        .await
        .expect("stream")
        .into_inner();
    let mut seen = Vec::new();
    while let Some(result) = stream.message().await.expect("stream item") {
        let code = result.status.as_ref().expect("status").code;
        if result.id == "s5" {
            assert_eq!(code, Code::InvalidArgument as i32);
        } else {
            assert_eq!(code, 0);
            assert_eq!(result.response.as_ref().expect("response").id, result.id);
        }
        seen.push(result.id);
    }
    let expected: Vec<String> = (0..20).map(|i| format!("s{i}")).collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn get_info_lists_languages_entity_types_and_limits() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let info = client.get_info(pb::GetInfoRequest {}).await.expect("info").into_inner();
    assert!(info.service_version.starts_with("enrich "));
    let limits = info.limits.expect("limits");
    assert_eq!(limits.max_document_bytes, 1024 * 1024);
    assert_eq!(limits.max_batch_documents, 1000);
    assert_eq!(limits.max_message_bytes, 8 * 1024 * 1024);
    assert_eq!(info.entity_types.len(), 9);
    let language_model = info
        .models
        .iter()
        .find(|m| m.feature == pb::Feature::Language as i32)
        .expect("language model");
    assert!(language_model.languages.contains(&"en".to_string()));
    assert!(language_model.languages.len() >= 60);
}

#[tokio::test]
async fn get_info_reports_each_entity_models_dev_score_from_its_model_card() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let info = client.get_info(pb::GetInfoRequest {}).await.expect("info").into_inner();
    let entities = info
        .models
        .iter()
        .find(|m| m.feature == pb::Feature::Entities as i32)
        .expect("entity model");
    let mut languages: Vec<&str> = entities.evaluations.iter().map(|e| e.language.as_str()).collect();
    languages.sort();
    assert_eq!(
        languages,
        entities.languages.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(
        languages,
        ["de", "en", "es", "fr", "it", "nl", "pl", "pt", "ru"],
        "one model, with its dev score, per entity language"
    );
    let english = entities
        .evaluations
        .iter()
        .find(|e| e.language == "en")
        .expect("English score");
    assert_eq!(english.dataset, "conll2003/dev.docs.jsonl");
    assert!(english.f1 > 0.9 && english.f1 < 1.0, "English dev F1 {}", english.f1);
    assert!(english.precision > 0.0 && english.recall > 0.0);
}

#[tokio::test]
async fn health_reports_serving_for_the_service() {
    use tonic_health::pb::health_client::HealthClient;
    use tonic_health::pb::HealthCheckRequest;
    let server = TestServer::start().await;
    let mut health = HealthClient::new(server.channel().await);
    for service in ["", "enrich.v1.EnrichService"] {
        let r = health
            .check(HealthCheckRequest {
                service: service.into(),
            })
            .await
            .expect("health")
            .into_inner();
        assert_eq!(
            r.status,
            tonic_health::pb::health_check_response::ServingStatus::Serving as i32
        );
    }
}

#[tokio::test]
async fn a_message_over_the_transport_limit_is_refused() {
    let server = TestServer::start_with_limits(Limits {
        max_message_bytes: 64 * 1024,
        max_document_bytes: 1024 * 1024,
        ..Limits::default()
    })
    .await;
    let mut client = server.client().await;
    let status = client
        .enrich(request(&"x".repeat(100 * 1024)))
        .await
        .expect_err("refused");
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(status.message().contains("65536"), "{}", status.message());
    // The server still answers.
    client.enrich(request("Still here.")).await.expect("still serving");
}

#[tokio::test]
async fn a_call_past_its_deadline_stops_with_deadline_exceeded_or_cancelled() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let text = "The council met in Springfield on Monday and voted. ".repeat(15_000);
    let mut req = tonic::Request::new(request(&text));
    req.set_timeout(Duration::from_millis(1));
    let status = client.enrich(req).await.expect_err("past the deadline");
    assert!(
        matches!(status.code(), Code::DeadlineExceeded | Code::Cancelled),
        "{status:?}"
    );
    client.enrich(request("Still here.")).await.expect("still serving");
}

#[tokio::test]
async fn shutdown_turns_health_not_serving_and_finishes_calls_in_flight() {
    use tonic_health::pb::health_client::HealthClient;
    use tonic_health::pb::HealthCheckRequest;
    let mut server = TestServer::start_with(enrich::server::ServerConfig {
        drain_delay: Duration::from_millis(300),
        ..Default::default()
    })
    .await;
    let channel = server.channel().await;
    let mut client = enrich::proto::enrich::v1::enrich_service_client::EnrichServiceClient::new(channel.clone());
    let text = "The council met in Springfield on Monday and voted. ".repeat(8_000);
    let in_flight = tokio::spawn(async move { client.enrich(request(&text)).await });
    tokio::time::sleep(Duration::from_millis(50)).await;
    server.begin_shutdown();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut health = HealthClient::new(channel);
    let r = health
        .check(HealthCheckRequest {
            service: "enrich.v1.EnrichService".into(),
        })
        .await
        .expect("health during drain")
        .into_inner();
    assert_eq!(
        r.status,
        tonic_health::pb::health_check_response::ServingStatus::NotServing as i32
    );
    let finished = in_flight
        .await
        .expect("task")
        .expect("the call accepted before shutdown completes");
    assert!(!finished.into_inner().sentences.is_empty());
    tokio::time::timeout(Duration::from_secs(10), server.handle)
        .await
        .expect("server exits within the grace period")
        .expect("join")
        .expect("clean exit");
}

#[tokio::test]
async fn health_answers_while_the_pipeline_is_busy() {
    use tonic_health::pb::health_client::HealthClient;
    use tonic_health::pb::HealthCheckRequest;
    let server = TestServer::start().await;
    let channel = server.channel().await;
    let text = "The council met in Springfield on Monday and voted. ".repeat(10_000);
    let busy: Vec<_> = (0..4)
        .map(|_| {
            let mut client =
                enrich::proto::enrich::v1::enrich_service_client::EnrichServiceClient::new(channel.clone());
            let text = text.clone();
            tokio::spawn(async move { client.enrich(request(&text)).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut health = HealthClient::new(channel);
    let started = std::time::Instant::now();
    let r = health
        .check(HealthCheckRequest { service: String::new() })
        .await
        .expect("health while busy")
        .into_inner();
    let waited = started.elapsed();
    assert_eq!(
        r.status,
        tonic_health::pb::health_check_response::ServingStatus::Serving as i32
    );
    let mut still_running = 0;
    for call in busy {
        if !call.is_finished() {
            still_running += 1;
        }
        call.await.expect("task").expect("busy call succeeds");
    }
    assert!(
        still_running > 0,
        "the pipeline calls were still running when health answered (health took {waited:?})"
    );
}

#[tokio::test]
async fn gzip_and_zstd_requests_and_responses_are_accepted() {
    use tonic::codec::CompressionEncoding;
    let server = TestServer::start().await;
    for encoding in [CompressionEncoding::Gzip, CompressionEncoding::Zstd] {
        let mut client =
            enrich::proto::enrich::v1::enrich_service_client::EnrichServiceClient::new(server.channel().await)
                .send_compressed(encoding)
                .accept_compressed(encoding);
        let r = client.enrich(request(ARTICLE)).await.expect("compressed call");
        let used = r
            .metadata()
            .get("grpc-encoding")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        assert_eq!(
            used.as_deref(),
            Some(encoding.to_string().as_str()),
            "response compressed with {encoding:?}"
        );
        assert!(!r.into_inner().sentences.is_empty());
    }
}

#[tokio::test]
async fn languages_without_a_named_entity_model_are_told_so() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let mut req = request("Regeringen i Stockholm beslutade i måndags att satsa fem miljoner kronor på nya skolor. Riksdagen röstade för förslaget.");
    req.features = vec![pb::Feature::Entities as i32];
    let r = client.enrich(req).await.expect("enrich").into_inner();
    let warning = r
        .warnings
        .iter()
        .find(|w| w.code == "ENTITIES_LANGUAGE_UNSUPPORTED")
        .expect("a warning");
    assert!(warning.message.contains("Swedish"), "{}", warning.message);
    assert!(
        r.entities.iter().all(|e| e.r#type >= pb::EntityType::Date as i32),
        "no guessed names: {:?}",
        r.entities
    );
}

#[tokio::test]
async fn work_over_the_in_flight_limit_is_shed_with_retry_advice_and_capacity_returns() {
    let server = TestServer::start_with_limits(Limits {
        admission: enrich::api::AdmissionLimits {
            max_in_flight: 2,
            max_in_flight_bytes: 64 * 1024 * 1024,
        },
        ..Limits::default()
    })
    .await;
    let channel = server.channel().await;
    let text = "The council met in Springfield on Monday and voted. ".repeat(3_000);
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let mut client =
                enrich::proto::enrich::v1::enrich_service_client::EnrichServiceClient::new(channel.clone());
            let text = text.clone();
            tokio::spawn(async move { client.enrich(request(&text)).await })
        })
        .collect();
    let (mut ok, mut shed) = (0, 0);
    for call in calls {
        match call.await.expect("task") {
            Ok(_) => ok += 1,
            Err(status) => {
                assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
                assert!(
                    status.message().contains("retry with exponential backoff"),
                    "{}",
                    status.message()
                );
                let rich = RpcStatus::decode(status.details()).expect("rich status");
                assert!(rich
                    .details
                    .iter()
                    .any(|d| d.type_url.ends_with("google.rpc.RetryInfo")));
                shed += 1;
            }
        }
    }
    assert!(ok >= 2, "accepted calls succeed ({ok} ok, {shed} shed)");
    assert!(shed >= 1, "calls over the limit are shed ({ok} ok, {shed} shed)");
    let mut client = server.client().await;
    client
        .enrich(request("Capacity is back at once."))
        .await
        .expect("the server recovers at once");
}

#[tokio::test]
async fn reference_date_resolves_relative_dates_in_entities() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let mut req = request("Seoul extended the pact yesterday. Talks resume next Monday.");
    req.document.as_mut().expect("document").reference_date = "2019-11-25".into();
    req.features = vec![pb::Feature::Entities as i32];
    let r = client.enrich(req).await.expect("enrich").into_inner();
    let dates: Vec<(String, String)> = r
        .entities
        .iter()
        .filter(|e| e.r#type == pb::EntityType::Date as i32)
        .map(|e| (e.name.clone(), e.normalized_value.clone()))
        .collect();
    assert!(dates.contains(&("yesterday".into(), "2019-11-24".into())), "{dates:?}");
    assert!(
        dates.contains(&("next Monday".into(), "2019-12-02".into())),
        "{dates:?}"
    );
}

#[tokio::test]
async fn request_dictionary_terms_win_over_the_model() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let text = "Kim met executives of Nippon Steel in Seoul. Nippon Steel declined to comment.";
    let entities = |r: &pb::EnrichResponse| -> Vec<(String, i32, usize)> {
        r.entities
            .iter()
            .map(|e| (e.name.clone(), e.r#type, e.mentions.len()))
            .collect()
    };
    let mut req = request(text);
    req.entity_options = Some(pb::EntityOptions {
        dictionary: vec![
            pb::DictionaryEntry {
                text: "Nippon Steel".into(),
                r#type: pb::EntityType::Organization as i32,
            },
            pb::DictionaryEntry {
                text: "Kim".into(),
                r#type: pb::EntityType::Person as i32,
            },
        ],
    });
    let r = client.enrich(req).await.expect("enrich").into_inner();
    let found = entities(&r);
    assert!(
        found.contains(&("Nippon Steel".into(), pb::EntityType::Organization as i32, 2)),
        "{found:?}"
    );
    assert!(
        found.contains(&("Kim".into(), pb::EntityType::Person as i32, 1)),
        "{found:?}"
    );
    let nippon = r
        .entities
        .iter()
        .find(|e| e.name == "Nippon Steel")
        .expect("Nippon Steel");
    assert_eq!(nippon.confidence, 1.0, "a caller's own term is certain");
}

#[tokio::test]
async fn a_held_answer_is_charged_for_the_memory_it_occupies_not_its_encoded_size() {
    // Answers waiting for a stream's reader count against admission. Each
    // mention's text is its own string, so in memory an answer is several
    // times its encoded size; charging `encoded_len` let never-read streams
    // hold far more than the budget.
    let server = TestServer::start().await;
    let text = "The council met in Springfield on Monday and voted on the budget. ".repeat(200);
    let answer = server
        .client()
        .await
        .enrich(request(&text))
        .await
        .expect("enriched")
        .into_inner();
    let encoded = answer.encoded_len();
    let heap = enrich::api::convert::response_heap_bytes(&answer);
    let mentions: usize = answer.entities.iter().map(|e| e.mentions.len()).sum();
    assert!(
        mentions >= 400,
        "Springfield and Monday are found in every sentence: {mentions}"
    );
    assert!(heap > 2 * encoded, "heap {heap} should be well above encoded {encoded}");
    assert!(
        heap < 20 * encoded,
        "heap {heap} is an estimate, not a multiple of everything: encoded {encoded}"
    );
}
