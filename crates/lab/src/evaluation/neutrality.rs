//! Neutrality judged by a scorer that did not choose the sentences.
//!
//! Every lexicon is split in two by a hash of the word ([`Share`]): the
//! summary stage selects with one half plus the language's cues, and a
//! judge scores every sentence with the other half alone: no cues (they are
//! the selector's own design) and no calibration. A summary that only avoided the words it was told
//! to avoid would look no plainer to the judge than a plain summary.
//!
//! Reported per language: the judge's mean loadedness of the summary and of
//! the document, for the neutral summary (default weight) and for a plain
//! one (weight 0); and how often each includes the sentence the judge rates
//! most loaded in its document.

use enrich_nlp::lab::{tokenize, NeutralityScorer, Share};
use enrich_nlp::language::LanguageOptions;
use enrich_nlp::{Options, Pipeline, SummaryOptions};
use whatlang::Lang;

/// Means over the documents that have more sentences than the summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct Judged {
    pub documents: usize,
    pub document_loadedness: f64,
    pub neutral_summary: f64,
    pub plain_summary: f64,
    /// Documents whose most loaded sentence (by the judge, loadedness above
    /// 0) the summary includes, over the documents that have one.
    pub neutral_takes_most_loaded: f64,
    pub plain_takes_most_loaded: f64,
    /// Documents with a sentence the judge rates above 0.
    pub with_loaded_sentence: usize,
    /// Documents where the neutral summary is less loaded than the document.
    pub neutral_below_document: usize,
}

/// Judges `k`-sentence summaries of `texts` in `lang`. `selector` must be
/// built with [`Share::Selector`] (`PipelineBuilder::neutrality_share`).
pub fn evaluate(selector: &Pipeline, lang: Lang, texts: &[String], k: usize, neutral_weight: f32) -> Judged {
    let judge = NeutralityScorer::for_language(lang, Share::Judge);
    let Some(judge) = judge else {
        return Judged::default();
    };
    let options = |weight: f32| Options {
        language: LanguageOptions {
            expected: vec![lang],
            only_expected: true,
            ..LanguageOptions::default()
        },
        summary: SummaryOptions {
            max_sentences: k,
            neutrality_weight: weight,
            ..SummaryOptions::default()
        },
        ..Options::default()
    };
    let (neutral_options, plain_options) = (options(neutral_weight), options(0.0));
    let mut out = Judged::default();
    for text in texts {
        let neutral = selector.annotate(text.clone(), &neutral_options);
        let plain = selector.annotate(text.clone(), &plain_options);
        let sentences = neutral.sentence_indices();
        if sentences.len() <= k {
            continue;
        }
        let judged: Vec<(usize, f32)> = sentences
            .iter()
            .map(|&i| {
                let span = neutral.segments[i].span;
                (i, judge.loadedness(&neutral.text, span, &tokenize(&neutral.text, span)))
            })
            .collect();
        let loadedness_of = |i: usize| judged.iter().find(|(j, _)| *j == i).map_or(0.0, |(_, l)| *l);
        let chosen = |doc: &enrich_nlp::Document| -> Vec<usize> {
            doc.summary
                .as_ref()
                .map(|s| s.sentences.iter().map(|s| s.segment_index).collect())
                .unwrap_or_default()
        };
        let (neutral_chosen, plain_chosen) = (chosen(&neutral), chosen(&plain));
        if neutral_chosen.is_empty() || plain_chosen.is_empty() {
            continue;
        }
        let mean = |ids: &[usize]| ids.iter().map(|&i| f64::from(loadedness_of(i))).sum::<f64>() / ids.len() as f64;
        let document = judged.iter().map(|(_, l)| f64::from(*l)).sum::<f64>() / judged.len() as f64;
        out.documents += 1;
        out.document_loadedness += document;
        out.neutral_summary += mean(&neutral_chosen);
        out.plain_summary += mean(&plain_chosen);
        if mean(&neutral_chosen) < document {
            out.neutral_below_document += 1;
        }
        let most = judged.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((most, _)) = most.filter(|(_, l)| *l > 0.0) {
            out.with_loaded_sentence += 1;
            out.neutral_takes_most_loaded += f64::from(u8::from(neutral_chosen.contains(&most)));
            out.plain_takes_most_loaded += f64::from(u8::from(plain_chosen.contains(&most)));
        }
    }
    let n = out.documents.max(1) as f64;
    out.document_loadedness /= n;
    out.neutral_summary /= n;
    out.plain_summary /= n;
    let m = out.with_loaded_sentence.max(1) as f64;
    out.neutral_takes_most_loaded /= m;
    out.plain_takes_most_loaded /= m;
    out
}

/// Every running-text sentence of `texts` in `lang`, with its tokens, as
/// the summary stage sees them.
fn sentences(pipeline: &Pipeline, lang: Lang, texts: &[String]) -> Vec<(String, Vec<enrich_nlp::Span>)> {
    let options = Options {
        features: enrich_nlp::Features {
            sentences: true,
            ..enrich_nlp::Features::NONE
        },
        language: LanguageOptions {
            expected: vec![lang],
            only_expected: true,
            ..LanguageOptions::default()
        },
        ..Options::default()
    };
    texts
        .iter()
        .map(|text| {
            let doc = pipeline.annotate(text.clone(), &options);
            let spans = doc
                .sentence_indices()
                .into_iter()
                .map(|i| doc.segments[i].span)
                .collect();
            (doc.text, spans)
        })
        .collect()
}

/// Mean loadedness of the sentences of `texts` by `scorer`.
fn mean_loadedness(scorer: &NeutralityScorer, documents: &[(String, Vec<enrich_nlp::Span>)]) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for (text, spans) in documents {
        for &span in spans {
            sum += f64::from(scorer.loadedness(text, span, &tokenize(text, span)));
            n += 1;
        }
    }
    sum / n.max(1) as f64
}

/// The calibration that gives `lang`'s sentences in `texts` the mean
/// loadedness English sentences have in `english` (uncalibrated), so that a
/// loadedness means the same in both: found by bisection, as the mean grows
/// with the calibration. Returns the English mean, the language's mean
/// uncalibrated, and the calibration.
pub fn calibrate(pipeline: &Pipeline, lang: Lang, texts: &[String], english: &[String]) -> (f64, f64, f32) {
    let scorer = |l: Lang| NeutralityScorer::for_language(l, Share::All);
    let (Some(reference), Some(scorer)) = (scorer(Lang::Eng), scorer(lang)) else {
        return (0.0, 0.0, 1.0);
    };
    let target = mean_loadedness(
        &reference.with_calibration(1.0),
        &sentences(pipeline, Lang::Eng, english),
    );
    let documents = sentences(pipeline, lang, texts);
    let mut scorer = scorer.with_calibration(1.0);
    let uncalibrated = mean_loadedness(&scorer, &documents);
    let (mut low, mut high) = (0.1f32, 20.0f32);
    for _ in 0..30 {
        let mid = 0.5 * (low + high);
        scorer = scorer.with_calibration(mid);
        if mean_loadedness(&scorer, &documents) < target {
            low = mid;
        } else {
            high = mid;
        }
    }
    (target, uncalibrated, 0.5 * (low + high))
}
