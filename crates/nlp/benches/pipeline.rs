//! Per-stage and whole-pipeline benchmarks on real text, one core:
//!
//! ```sh
//! cargo bench --bench pipeline
//! ```
//!
//! Reads `../shared/data` beside the checkout (the seed article, the Lee corpus of 300 short
//! news articles, one long State of the Union address); divan prints time
//! and bytes/s per benchmark, and word tokens/s (items/s) for the whole
//! pipeline and the entity stage. Each stage is timed on a document the earlier
//! stages have already annotated, so its figure is its own cost.

use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;
use enrich_nlp::language::LanguageOptions;
use enrich_nlp::{Document, Features, Options, Pipeline, RunToEnd};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn data(path: &str) -> String {
    let full = format!("{}/../../../shared/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("benchmarks read {full}: {e}"))
}

fn texts_from_jsonl(path: &str) -> Vec<String> {
    data(path)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
        .collect()
}

/// The corpora: name and documents.
fn corpus(name: &str) -> &'static [String] {
    static SEED: OnceLock<Vec<String>> = OnceLock::new();
    static LEE: OnceLock<Vec<String>> = OnceLock::new();
    static SOTU: OnceLock<Vec<String>> = OnceLock::new();
    match name {
        "seed" => SEED.get_or_init(|| vec![data("seed/gsomia-article.txt")]),
        "lee" => LEE.get_or_init(|| texts_from_jsonl("text/lee_background.jsonl")),
        // The 2016 address: a long document (~30 KB).
        _ => SOTU.get_or_init(|| {
            texts_from_jsonl("text/sotu.jsonl")
                .into_iter()
                .last()
                .into_iter()
                .collect()
        }),
    }
}

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new().expect("embedded models load"))
}

const CORPORA: &[&str] = &["seed", "lee", "sotu"];

fn bytes(docs: &[String]) -> usize {
    docs.iter().map(String::len).sum()
}

/// Word tokens in the documents, for tokens/s (items/s in divan's output).
fn tokens(docs: &[String]) -> usize {
    docs.iter()
        .map(|t| enrich_nlp::tokenize::tokenize(t, enrich_nlp::Span::new(0, t.len())).len())
        .sum()
}

/// Documents annotated up to (not including) `stage`.
fn prepared(docs: &[String], upto: usize) -> Vec<Document> {
    let p = pipeline();
    docs.iter()
        .map(|t| {
            let mut d = Document::new(t.clone());
            if upto > 0 {
                p.language().annotate(&mut d, &LanguageOptions::default());
            }
            if upto > 1 {
                p.segmenter().annotate(&mut d);
                p.language().annotate_segments(&mut d);
            }
            if upto > 2 {
                p.entities().annotate(&mut d);
            }
            d
        })
        .collect()
}

#[divan::bench(args = CORPORA)]
fn full_pipeline(bencher: Bencher, corpus_name: &str) {
    let docs = corpus(corpus_name);
    let options = Options::default();
    bencher
        .counter(BytesCount::new(bytes(docs)))
        .counter(ItemsCount::new(tokens(docs)))
        .bench(|| {
            for text in docs {
                let mut d = Document::new(text.clone());
                let _ = pipeline().run(&mut d, &options, &RunToEnd);
                divan::black_box(&d);
            }
        });
}

#[divan::bench(args = CORPORA)]
fn stage_language(bencher: Bencher, corpus_name: &str) {
    let docs = corpus(corpus_name);
    bencher.counter(BytesCount::new(bytes(docs))).bench(|| {
        for text in docs {
            divan::black_box(pipeline().language().detect(text, &LanguageOptions::default()));
        }
    });
}

/// Short texts (under 100 bytes) in several languages and scripts: chat
/// lines, headlines, search queries.
const SHORT_TEXTS: &[&str] = &[
    "Paris is in France.",
    "Hi.",
    "Trade slow.",
    "Zimbabwe executes convicted murderer.",
    "It is not sustainable.",
    "Where is the nearest train station?",
    "Der Zug nach Berlin hat zehn Minuten Verspätung.",
    "Le gouvernement annonce de nouvelles mesures.",
    "¿Dónde está la biblioteca?",
    "Il treno per Roma è in ritardo.",
    "O governo anunciou novas medidas hoje.",
    "De trein naar Amsterdam is vertraagd.",
    "Rząd ogłosił nowe przepisy.",
    "Правительство объявило новые меры.",
    "東京で新しい法律が成立した。",
    "政府宣布了新的措施。",
    "정부가 새로운 조치를 발표했다.",
    "الحكومة تعلن عن إجراءات جديدة",
    "Hükümet yeni önlemler açıkladı.",
    "Regeringen meddelade nya åtgärder.",
];

/// Short-text detection: texts per second (items/s).
#[divan::bench]
fn language_short_texts(bencher: Bencher) {
    let options = LanguageOptions::default();
    bencher.counter(ItemsCount::new(SHORT_TEXTS.len())).bench(|| {
        for text in SHORT_TEXTS {
            divan::black_box(pipeline().language().detect(text, &options));
        }
    });
}

/// The same texts through whatlang alone, for the ratio.
#[divan::bench]
fn language_short_texts_whatlang_bare(bencher: Bencher) {
    bencher.counter(ItemsCount::new(SHORT_TEXTS.len())).bench(|| {
        for text in SHORT_TEXTS {
            divan::black_box(whatlang::detect(text));
        }
    });
}

/// Per-sentence languages on a segmented document (part of the sentence
/// stage in the pipeline).
#[divan::bench(args = CORPORA)]
fn stage_sentence_languages(bencher: Bencher, corpus_name: &str) {
    let docs = prepared(corpus(corpus_name), 2);
    bencher
        .counter(BytesCount::new(docs.iter().map(|d| d.text.len()).sum::<usize>()))
        .bench(|| {
            for d in &docs {
                let mut d = d.clone();
                pipeline().language().annotate_segments(&mut d);
                divan::black_box(&d);
            }
        });
}

#[divan::bench(args = CORPORA)]
fn stage_sentences(bencher: Bencher, corpus_name: &str) {
    let docs = prepared(corpus(corpus_name), 1);
    bencher
        .counter(BytesCount::new(docs.iter().map(|d| d.text.len()).sum::<usize>()))
        .bench(|| {
            for d in &docs {
                divan::black_box(pipeline().segmenter().segment(&d.text, d.lang()));
            }
        });
}

#[divan::bench(args = CORPORA)]
fn stage_segment_languages(bencher: Bencher, corpus_name: &str) {
    let docs = prepared(corpus(corpus_name), 2);
    bencher
        .counter(BytesCount::new(docs.iter().map(|d| d.text.len()).sum::<usize>()))
        .with_inputs(|| docs.clone())
        .bench_local_values(|mut docs| {
            for d in &mut docs {
                pipeline().language().annotate_segments(d);
            }
            docs
        });
}

#[divan::bench(args = CORPORA)]
fn stage_entities(bencher: Bencher, corpus_name: &str) {
    let docs = prepared(corpus(corpus_name), 2);
    bencher
        .counter(BytesCount::new(docs.iter().map(|d| d.text.len()).sum::<usize>()))
        .counter(ItemsCount::new(tokens(corpus(corpus_name))))
        .with_inputs(|| docs.clone())
        .bench_local_values(|mut docs| {
            for d in &mut docs {
                pipeline().entities().annotate(d);
            }
            docs
        });
}

/// The languages with an entity model, for the per-language entity benchmark.
const ENTITY_LANGUAGES: &[&str] = &["en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru"];

/// The entity stage in each language, on the first 50 WikiNEuRal training
/// pseudo-documents of that language (1,000 sentences of encyclopedic text,
/// language set as detected): tokens/s per language (items/s).
#[divan::bench(args = ENTITY_LANGUAGES)]
fn stage_entities_by_language(bencher: Bencher, code: &str) {
    let texts: Vec<String> = texts_from_jsonl(&format!("ner/wikineural/{code}_train.docs.jsonl"))
        .into_iter()
        .take(50)
        .collect();
    let docs = prepared(&texts, 2);
    let lang = enrich_nlp::language::parse_language_hint(code).expect("a supported language");
    let wrong = docs
        .iter()
        .filter(|d| d.language.as_ref().and_then(|l| l.lang) != Some(lang))
        .count();
    assert!(
        wrong <= 2,
        "{wrong} of the {code} documents were detected as another language"
    );
    bencher
        .counter(BytesCount::new(docs.iter().map(|d| d.text.len()).sum::<usize>()))
        .counter(ItemsCount::new(tokens(&texts)))
        .with_inputs(|| docs.clone())
        .bench_local_values(|mut docs| {
            for d in &mut docs {
                pipeline().entities().annotate(d);
            }
            docs
        });
}

#[divan::bench(args = CORPORA)]
fn stage_summary(bencher: Bencher, corpus_name: &str) {
    let docs = prepared(corpus(corpus_name), 3);
    let options = enrich_nlp::SummaryOptions::default();
    bencher
        .counter(BytesCount::new(docs.iter().map(|d| d.text.len()).sum::<usize>()))
        .with_inputs(|| docs.clone())
        .bench_local_values(|mut docs| {
            for d in &mut docs {
                pipeline().summarizer().annotate(d, &options);
            }
            docs
        });
}

#[allow(dead_code)]
fn features_all() -> Features {
    Features::ALL
}
