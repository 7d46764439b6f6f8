//! Properties over arbitrary Unicode text: the pipeline never panics, every
//! span lies inside the text on character boundaries and slices to the text
//! returned with it in each offset unit, the units agree with each other,
//! and the output is deterministic.

use enrich::api::{convert, Limits};
use enrich::proto::enrich::v1 as pb;
use enrich_nlp::{Options, Pipeline, RunToEnd};
use proptest::prelude::*;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new().expect("embedded models load"))
}

/// Text that looks like prose often and like anything at all sometimes.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z]{1,10}( [A-Za-z]{1,10}){0,12}[.!?]( [A-Z][a-z]{1,8}( [a-z]{1,8}){0,8}[.!?]){0,5}",
        "[ -~\n\r\t]{0,300}",
        any::<String>(),
        prop::collection::vec(
            prop_oneof![
                Just("Seoul".to_string()),
                Just("Dr. Kim".to_string()),
                Just("😀".to_string()),
                Just("世界。".to_string()),
                Just("e\u{301}".to_string()),
                Just("\r\n\r\n".to_string()),
                Just("\u{feff}".to_string()),
                Just("$5.5 million".to_string()),
                Just("25 November 2019".to_string()),
                Just(". ".to_string()),
                Just("# ".to_string()),
                // French elisions, split off the next word in French text.
                Just("Le président s'est rendu à l'Élysée d’après l'AFP.".to_string()),
                Just("l’".to_string()),
                Just("qu'".to_string()),
                "[a-z]{1,8}".prop_map(|s| s),
            ],
            0..40
        )
        .prop_map(|parts| parts.join(" ")),
    ]
}

fn slice(text: &str, span: &pb::Span, unit: pb::OffsetUnit) -> Option<String> {
    let (s, e) = (span.start as usize, span.end as usize);
    if s > e {
        return None;
    }
    match unit {
        pb::OffsetUnit::Utf8Byte => text.get(s..e).map(str::to_string),
        pb::OffsetUnit::Utf16CodeUnit => {
            let units: Vec<u16> = text.encode_utf16().collect();
            String::from_utf16(units.get(s..e)?).ok()
        }
        _ => {
            let chars: Vec<char> = text.chars().collect();
            chars.get(s..e).map(|c| c.iter().collect())
        }
    }
}

fn response(text: &str, unit: pb::OffsetUnit) -> Option<pb::EnrichResponse> {
    let request = pb::EnrichRequest {
        document: Some(pb::Document {
            id: "p".into(),
            text: text.into(),
            language_hint: String::new(),
            reference_date: String::new(),
            ..Default::default()
        }),
        offset_unit: unit as i32,
        ..Default::default()
    };
    // Blank text is refused at validation; that is a tested error path.
    let job = convert::enrich_request(request, &Limits::default()).ok()?;
    job.run(pipeline(), &RunToEnd).ok().map(|enriched| enriched.response)
}

fn spans(r: &pb::EnrichResponse) -> Vec<(pb::Span, String)> {
    let mut out: Vec<(pb::Span, String)> = r
        .sentences
        .iter()
        .map(|s| (s.span.unwrap_or_default(), s.text.clone()))
        .collect();
    for e in &r.entities {
        out.extend(e.mentions.iter().map(|m| (m.span.unwrap_or_default(), m.text.clone())));
    }
    if let Some(s) = &r.summary {
        out.extend(s.sentences.iter().map(|c| (c.span.unwrap_or_default(), c.text.clone())));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_span_slices_to_its_text_in_every_unit_and_the_units_agree(text in text()) {
        let units = [pb::OffsetUnit::Utf8Byte, pb::OffsetUnit::CodePoint, pb::OffsetUnit::Utf16CodeUnit];
        let responses: Vec<Option<pb::EnrichResponse>> = units.iter().map(|u| response(&text, *u)).collect();
        let Some(bytes) = &responses[0] else { return Ok(()) };
        for (unit, r) in units.iter().zip(&responses) {
            let r = r.as_ref().expect("the same text validates in every unit");
            for (span, expected) in spans(r) {
                let sliced = slice(&text, &span, *unit);
                prop_assert_eq!(sliced.as_deref(), Some(expected.as_str()), "{:?} {:?}", unit, span);
            }
        }
        // The same spans, converted: byte offsets map to the code-point and
        // UTF-16 offsets the other responses carry.
        for (other, unit) in responses[1..].iter().zip(&units[1..]) {
            let other = other.as_ref().expect("validates");
            for ((b, _), (o, _)) in spans(bytes).iter().zip(spans(other).iter()) {
                let prefix = |at: u32| &text[..at as usize];
                let convert = |at: u32| match unit {
                    pb::OffsetUnit::CodePoint => prefix(at).chars().count() as u32,
                    _ => prefix(at).encode_utf16().count() as u32,
                };
                prop_assert_eq!((convert(b.start), convert(b.end)), (o.start, o.end));
            }
        }
        for segment_index in bytes.summary.iter().flat_map(|s| s.sentences.iter().map(|c| c.sentence_index)) {
            prop_assert!((segment_index as usize) < bytes.sentences.len());
        }
    }

    #[test]
    fn the_pipeline_is_deterministic_and_never_panics(text in text()) {
        let first = pipeline().annotate(text.clone(), &Options::default());
        let second = pipeline().annotate(text.clone(), &Options::default());
        prop_assert_eq!(format!("{:?}", first.segments), format!("{:?}", second.segments));
        prop_assert_eq!(format!("{:?}", first.entities), format!("{:?}", second.entities));
        prop_assert_eq!(format!("{:?}", first.summary), format!("{:?}", second.summary));
        for s in &first.segments {
            prop_assert!(s.span.start <= s.span.end && s.span.end <= text.len());
            prop_assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
        }
        for e in &first.entities {
            prop_assert!((0.0..=1.0).contains(&e.salience) && (0.0..=1.0).contains(&e.confidence));
            for m in &e.mentions {
                prop_assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end) && m.span.end <= text.len());
            }
        }
    }
}
