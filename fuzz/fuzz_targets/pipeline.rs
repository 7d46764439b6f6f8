//! Fuzzes the whole NLP pipeline and the offset conversion on arbitrary
//! UTF-8: no panic, and every span of the response, in all three units,
//! slices the input to the text returned with it.
#![no_main]

use enrich::api::{convert, Limits};
use enrich_nlp::{Pipeline, RunToEnd};
use enrich::proto::enrich::v1 as pb;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new().expect("embedded models load"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for unit in [pb::OffsetUnit::Utf8Byte, pb::OffsetUnit::CodePoint, pb::OffsetUnit::Utf16CodeUnit] {
        let request = pb::EnrichRequest {
            document: Some(pb::Document {
                id: "fuzz".into(),
                text: text.into(),
                language_hint: String::new(),
                reference_date: String::new(),
                ..Default::default()
            }),
            offset_unit: unit as i32,
            ..Default::default()
        };
        let Ok(job) = convert::enrich_request(request, &Limits::default()) else { return };
        let Ok(enriched) = job.run(pipeline(), &RunToEnd) else { return };
        let response = enriched.response;
        let units16: Vec<u16> = text.encode_utf16().collect();
        let chars: Vec<char> = text.chars().collect();
        let slice = |s: &pb::Span| -> String {
            let (a, b) = (s.start as usize, s.end as usize);
            match unit {
                pb::OffsetUnit::Utf8Byte => text[a..b].to_string(),
                pb::OffsetUnit::Utf16CodeUnit => String::from_utf16(&units16[a..b]).expect("span on surrogate boundaries"),
                _ => chars[a..b].iter().collect(),
            }
        };
        for s in &response.sentences {
            assert_eq!(slice(s.span.as_ref().unwrap()), s.text);
        }
        for e in &response.entities {
            for m in &e.mentions {
                assert_eq!(slice(m.span.as_ref().unwrap()), m.text);
            }
        }
    }
});
