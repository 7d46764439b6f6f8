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
//! one (weight 0), with the standard error of the neutral summary's gap to
//! its document; and how often each includes the sentence the judge rates
//! most loaded in its document.
//!
//! The halves of a small lexicon make a weak judge (Italian's is 160
//! projected adjectives), so a judge may also come from another lexicon
//! altogether ([`independent_judge`]); the summary stage then selects with
//! everything it has, as in the service.

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
    /// The standard error of the mean of (neutral summary - document) over
    /// the documents: how far the means' gap could be chance.
    pub gap_standard_error: f64,
}

/// The judge of [`evaluate`]: the half of the embedded lexicons the
/// selector (built with [`Share::Selector`]) does not see.
pub fn held_apart_judge(lang: Lang) -> Option<NeutralityScorer> {
    NeutralityScorer::for_language(lang, Share::Judge)
}

/// A judge that shares nothing with the summary stage: the words of another
/// lexicon, read from `path` (a JSON object from word to its rating, in the
/// format of the lexicons npm `natural` ships, which
/// `scripts/fetch-judges.sh` unpacks). A word rated with a subjectivity
/// (Pattern's lexicons) is charged as the embedded Pattern lexicons are; one
/// rated with a polarity alone (ML-SentiCon) as the German lexicon is,
/// adjectives and adverbs judging, nouns and verbs naming; an AFINN valence
/// `v` (a plain number) charges `|v| / 5`. Forms of several
/// words or senses of one form are averaged; word groups are left out.
pub fn independent_judge(lang: Lang, path: &std::path::Path) -> anyhow::Result<NeutralityScorer> {
    use enrich_nlp::lab::{pattern_evidence, polarity_evidence};
    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let entries: std::collections::BTreeMap<String, serde_json::Value> = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}: not a JSON object of words: {e}", path.display()))?;
    let number = |v: &serde_json::Value, field: &str| -> Option<f32> {
        match &v[field] {
            serde_json::Value::String(s) => s.parse().ok(),
            serde_json::Value::Number(n) => n.as_f64().map(|x| x as f32),
            _ => None,
        }
    };
    let mut charges: std::collections::BTreeMap<String, (f32, u32)> = std::collections::BTreeMap::new();
    for (word, rating) in &entries {
        if word.is_empty() || word.contains([' ', '_']) {
            continue;
        }
        let charge = if let Some(valence) = rating.as_f64() {
            // AFINN: a valence from -5 to 5, events and opinions alike, as
            // VADER's in English.
            (valence.abs() / 5.0) as f32
        } else if let (Some(s), Some(p)) = (number(rating, "subjectivity"), number(rating, "polarity")) {
            pattern_evidence(s, p)
        } else if let Some(p) = number(rating, "pol") {
            let pos = rating["pos"].as_str().unwrap_or("");
            polarity_evidence(p, matches!(pos, "a" | "r"))
        } else {
            continue;
        };
        let sum = charges.entry(word.to_lowercase()).or_default();
        sum.0 += charge.clamp(0.0, 1.0);
        sum.1 += 1;
    }
    if charges.is_empty() {
        anyhow::bail!("{}: no rated words", path.display());
    }
    NeutralityScorer::independent_judge(lang, charges.into_iter().map(|(w, (sum, n))| (w, sum / n as f32)))
        .ok_or_else(|| anyhow::anyhow!("no cue lists for {}", lang.eng_name()))
}

/// Judges `k`-sentence summaries of `texts` in `lang` by `judge`, which
/// must share no words with what `selector` chose by: [`held_apart_judge`]
/// for a selector built with [`Share::Selector`]
/// (`PipelineBuilder::neutrality_share`), or an [`independent_judge`].
pub fn evaluate(
    selector: &Pipeline,
    judge: &NeutralityScorer,
    lang: Lang,
    texts: &[String],
    k: usize,
    neutral_weight: f32,
) -> Judged {
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
    let mut gaps: Vec<f64> = Vec::new();
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
        gaps.push(mean(&neutral_chosen) - document);
        let most = judged.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((most, _)) = most.filter(|(_, l)| *l > 0.0) {
            out.with_loaded_sentence += 1;
            out.neutral_takes_most_loaded += f64::from(u8::from(neutral_chosen.contains(&most)));
            out.plain_takes_most_loaded += f64::from(u8::from(plain_chosen.contains(&most)));
        }
    }
    let n = out.documents.max(1) as f64;
    if gaps.len() > 1 {
        let mean = gaps.iter().sum::<f64>() / n;
        let variance = gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / (n - 1.0);
        out.gap_standard_error = (variance / n).sqrt();
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The judge's loadedness of a sentence of one word.
    fn judged(judge: &NeutralityScorer, word: &str) -> f32 {
        let span = enrich_nlp::Span::new(0, word.len());
        judge.loadedness(word, span, &tokenize(word, span))
    }

    #[test]
    fn an_independent_judge_reads_pattern_senticon_and_afinn_ratings_and_skips_word_groups() {
        let path = std::env::temp_dir().join(format!("enrich-judge-{}.json", std::process::id()));
        std::fs::write(
            &path,
            r#"{"disastroso": {"form": "disastroso", "pos": "JJ", "polarity": "-1.00", "subjectivity": "1.00"},
                "DISASTROSO": {"form": "DISASTROSO", "pos": "", "polarity": "0.00", "subjectivity": "0.00"},
                "terrible": {"pos": "a", "pol": "-0.8", "std": "0.1"},
                "guerra": -2,
                "a bordo": 5}"#,
        )
        .expect("temporary file");
        let judge = independent_judge(Lang::Ita, &path);
        std::fs::remove_file(&path).ok();
        let judge = judge.expect("a judge");
        let expected = |charge: f32| 1.0 - (-charge).exp();
        // Pattern: s q = 1.0; averaged with its capitalised sense (0): 0.5.
        assert!((judged(&judge, "disastroso") - expected(0.5)).abs() < 1e-4);
        // ML-SentiCon adjective: 0.8 |pol|.
        assert!((judged(&judge, "terrible") - expected(0.64)).abs() < 1e-4);
        // AFINN: |v| / 5.
        assert!((judged(&judge, "guerra") - expected(0.4)).abs() < 1e-4);
        assert_eq!(judged(&judge, "bordo"), 0.0, "word groups are left out");
        assert_eq!(judged(&judge, "tavolo"), 0.0);
    }

    #[test]
    fn a_file_with_no_rated_words_is_refused() {
        let path = std::env::temp_dir().join(format!("enrich-judge-empty-{}.json", std::process::id()));
        std::fs::write(&path, r#"{"a bordo": 1, "x": {"pos": "a"}}"#).expect("temporary file");
        let judge = independent_judge(Lang::Ita, &path);
        std::fs::remove_file(&path).ok();
        assert!(judge.err().is_some_and(|e| e.to_string().contains("no rated words")));
    }
}
