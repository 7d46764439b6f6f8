//! Training: an averaged structured perceptron (Collins 2002) over BILOU
//! tags, decoded with constrained Viterbi. Deterministic for a seed.

use super::adapt::{Augmenter, Source};
use crate::corpus::{self, tagged_sentences, GoldDocument};
use crate::rng::Rng;
use enrich_nlp::entities::ModelCard;
use enrich_nlp::lab::{
    sentence_features, skeleton, spans, string_hash, viterbi, CommonWords, DocumentContext, Gazetteer,
    PredictionHistory, RawWeights, Resources, TokenView, WordClusters, TAGS,
};
use enrich_nlp::ner::{NerLabel, PerceptronModel};
use std::collections::HashMap;

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Independent training runs, each with its own shuffling order, whose
    /// averaged weights are averaged again: a perceptron's result depends on
    /// the order it sees the data in, and the mean of several orders varies
    /// less and generalises better than any one of them.
    pub runs: usize,
    /// Weights smaller than this are dropped from the saved model.
    pub prune: f32,
    /// Name, version and language; training adds no evaluations.
    pub card: ModelCard,
    /// The corpus language, for the segmenter's abbreviations.
    pub lang: Option<whatlang::Lang>,
    /// Train with the prediction-history features. A model trained without
    /// them has no weights for them, so tagging ignores the history.
    pub prediction_history: bool,
    /// Share of feature occurrences left out of each training step (dropout
    /// for a perceptron): a name's own word features cannot carry every
    /// decision, so its context learns to.
    pub feature_dropout: f32,
    /// Give tokens the word-length feature (see [`Resources::word_length`]).
    pub word_length: bool,
    /// Give tokens prefix stems (see [`Resources::stems`]).
    pub stems: bool,
    /// Look words' parts up in the gazetteer (see [`Resources::parts`]).
    pub parts: bool,
    /// Mark the last word of every person's name of two or more words in the
    /// gazetteer as a known surname, from the same document (see [`surname`]).
    pub surnames: bool,
    /// How much less the decoder favours the outside tag, as a share of the
    /// model's median entity margin (its calibration): a model that is
    /// precise but misses names (German, which capitalises every noun)
    /// trades some precision for recall. Baked into the transitions into
    /// `O`, which every token's tag passes through exactly once, so serving
    /// needs no new field.
    pub outside_bias: f32,
    /// Which words the model knows as common words (a feature of
    /// capitalised tokens): see [`CommonWordsFrom`].
    pub common_words: CommonWordsFrom,
    /// Clusters grouped from pretrained word vectors, beside the clusters
    /// learned from the training and unlabeled text (see
    /// [`super::embeddings`]).
    pub pretrained_clusters: Option<WordClusters>,
    /// Names (text, type index) from other corpora that the gazetteer knows
    /// beside the training documents' own, never trained on: a name is a
    /// name in every language's text (`Macron`, `Alitalia`).
    pub gazetteer_names: Vec<(String, usize)>,
    /// Learn each feature shared by every training file and privately per
    /// file, and serve the shared weight plus the first file's (see
    /// [`super::adapt`]): files annotated by other conventions teach what
    /// they agree on without teaching their conventions.
    pub adapt: bool,
    /// Give the gazetteer the training documents' and the other corpora's
    /// names by their sound skeleton too, and look capitalised words up by
    /// theirs (see [`enrich_nlp::lab::skeleton`]): Russian text finds
    /// Latin-script names.
    pub cross_script: bool,
    /// Give capitalised words their sentence's words as features (see
    /// [`enrich_nlp::lab::SentenceWords`]).
    pub sentence_words: bool,
    /// Train on one in this many of the sentences that name something after
    /// their first word twice: as they stand, and cut to open with that name
    /// (see [`corpus::names_first`]), as news sentences do; 0 for none.
    pub names_first: usize,
    /// Give tokens the scripts of their window (see
    /// [`Resources::scripts`]).
    pub scripts: bool,
}

/// The document the names of [`TrainOptions::gazetteer_names`] count as
/// coming from: none of the training documents, so every one sees them.
const OTHER_CORPORA: u32 = u32::MAX - 16;

/// Where a model's common words come from. Both are counted on the training
/// text and saved in the model, so the choice changes training only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CommonWordsFrom {
    /// Words seen at least three times in lowercase: in English a
    /// capitalised `Apple` whose lowercase form is common is suspect.
    Lowercase,
    /// Words seen at least three times outside any entity and not opening
    /// their sentence, in any case: German capitalises every noun, so
    /// `Regierung` is never seen in lowercase, but is seen outside names.
    OutsideEntities,
}

/// What training reports.
#[derive(Debug, Clone)]
pub struct TrainReport {
    pub sentences: usize,
    pub tokens: usize,
    pub misaligned_entities: usize,
    pub gazetteer_entries: usize,
    pub cluster_words: usize,
    pub token_errors_per_epoch: Vec<usize>,
}

/// The surname of a person's name of two or more words: its last word, when
/// that word is capitalised and has two letters or more (`Merkel` of `Angela
/// Merkel`; not `Jr.`, not an initial). News names a person in full once
/// and by surname after, and headlines by surname only; the gazetteer then
/// marks the word as a known surname ([`enrich_nlp::lab::SURNAME`]).
fn surname<'a, 't>(name: &'a [TokenView<'t>], ty: usize) -> Option<&'a TokenView<'t>> {
    let last = name
        .last()
        .filter(|_| name.len() >= 2 && ty == NerLabel::Person.index())?;
    let word = last.word;
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let wordlike = word
        .chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’');
    (capitalised && letters >= 2 && wordlike).then_some(last)
}

/// The sound skeletons a name of type index `ty` gives the gazetteer: a
/// one-word name's, and each word's of a person's name (a person is named by
/// surname, and first names recur); other names of several words are
/// known by their whole only, and skeletons are words'.
fn skeletons(name: &[TokenView], ty: usize) -> Vec<String> {
    let words = match name {
        [one] => std::slice::from_ref(one),
        _ if ty == NerLabel::Person.index() => name,
        _ => &[],
    };
    words
        .iter()
        .filter(|t| t.word.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|t| skeleton(t.word))
        .collect()
}

/// Trains a model from annotated documents; `sources` gives each document's
/// training file (0 is the language's own corpus; empty: all are), which
/// matters only with [`TrainOptions::adapt`].
pub fn train(
    docs: &[GoldDocument],
    sources: &[Source],
    unlabeled: &[String],
    options: &TrainOptions,
) -> (PerceptronModel, TrainReport) {
    let mut misaligned = 0;
    let segmenter = enrich_nlp::segment::Segmenter::new();
    // With `names_first`, the cut copies are documents of their own after
    // the training documents; `origin` names the document each was cut from,
    // whose names the gazetteer holds already and whose file it belongs to.
    let copies: Vec<(usize, GoldDocument)> = if options.names_first > 0 {
        docs.iter()
            .enumerate()
            .flat_map(|(i, d)| corpus::names_first(d).into_iter().map(move |c| (i, c)))
            .step_by(options.names_first)
            .collect()
    } else {
        Vec::new()
    };
    let originals = docs.len();
    let origin: Vec<usize> = (0..originals).chain(copies.iter().map(|(i, _)| *i)).collect();
    let docs: Vec<&GoldDocument> = docs.iter().chain(copies.iter().map(|(_, c)| c)).collect();
    let sentences: Vec<_> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, d)| tagged_sentences(i, d, &segmenter, options.lang, &mut misaligned))
        .filter(|s| !s.tokens.is_empty())
        .collect();
    // The gazetteer from the gold entities of every training document.
    let mut gazetteer = Gazetteer::default();
    for s in sentences.iter().filter(|s| s.doc < originals) {
        let text = &docs[s.doc].text;
        let views: Vec<TokenView> = s.tokens.iter().map(|t| TokenView::new(t.text(text))).collect();
        for (start, end, ty) in spans(&s.tags) {
            gazetteer.add(&views[start..end], ty, s.doc as u32);
            if options.cross_script {
                for sound in skeletons(&views[start..end], ty) {
                    gazetteer.add_skeleton(&sound, ty, s.doc as u32);
                }
            }
            if let Some(last) = surname(&views[start..end], ty).filter(|_| options.surnames) {
                gazetteer.add_surname(last, s.doc as u32);
            }
        }
    }
    for (name, ty) in &options.gazetteer_names {
        let tokens = enrich_nlp::tokenize::tokenize(name, enrich_nlp::Span::new(0, name.len()));
        let views: Vec<TokenView> = tokens.iter().map(|t| TokenView::new(t.text(name))).collect();
        gazetteer.add(&views, *ty, OTHER_CORPORA);
        if options.cross_script {
            for sound in skeletons(&views, *ty) {
                gazetteer.add_skeleton(&sound, *ty, OTHER_CORPORA);
            }
        }
        if let Some(last) = surname(&views, *ty).filter(|_| options.surnames) {
            gazetteer.add_surname(last, OTHER_CORPORA);
        }
    }
    // Words seen at least three times in lowercase, or outside entities.
    let mut common_counts: HashMap<String, u32> = HashMap::new();
    for s in sentences.iter().filter(|s| s.doc < originals) {
        let text = &docs[s.doc].text;
        for (i, (t, &tag)) in s.tokens.iter().zip(&s.tags).enumerate() {
            let w = t.text(text);
            if !w.chars().any(char::is_alphabetic) {
                continue;
            }
            let counted = match options.common_words {
                CommonWordsFrom::Lowercase => !w.chars().any(char::is_uppercase),
                CommonWordsFrom::OutsideEntities => tag == 0 && i > 0,
            };
            if counted {
                *common_counts.entry(w.to_lowercase()).or_default() += 1;
            }
        }
    }
    let common_words = CommonWords {
        hashes: common_counts
            .iter()
            .filter(|(_, n)| **n >= 3)
            .map(|(w, _)| string_hash(w))
            .collect(),
    };
    let clusters = super::clusters::learn(
        docs[..originals]
            .iter()
            .map(|d| d.text.as_str())
            .chain(unlabeled.iter().map(String::as_str)),
        options.seed,
    );
    let resources = Resources {
        gazetteer,
        common_words,
        clusters,
        vector_clusters: options.pretrained_clusters.clone().unwrap_or_default(),
        word_length: options.word_length,
        stems: options.stems,
        parts: options.parts,
        cross_script: options.cross_script,
        sentence_words: options.sentence_words,
        scripts: options.scripts,
    };
    // Features once; they do not change between epochs.
    let views: Vec<Vec<TokenView>> = sentences
        .iter()
        .map(|s| {
            s.tokens
                .iter()
                .map(|t| TokenView::new(t.text(&docs[s.doc].text)))
                .collect()
        })
        .collect();
    let mut by_doc: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, s) in sentences.iter().enumerate() {
        by_doc.entry(s.doc).or_default().push(i);
    }
    let contexts: HashMap<usize, DocumentContext> = by_doc
        .iter()
        .map(|(doc, idx)| (*doc, DocumentContext::new(idx.iter().map(|&i| views[i].as_slice()))))
        .collect();
    let features: Vec<Vec<Vec<u32>>> = sentences
        .iter()
        .zip(&views)
        .map(|(s, v)| {
            let mut f = Vec::new();
            sentence_features(v, &resources, &contexts[&s.doc], Some(origin[s.doc]), &mut f);
            f
        })
        .collect();
    // With adaptation, the keys training learns from: each feature and its
    // copy private to the sentence's training file.
    let mut augmenter = Augmenter::default();
    let source_of = |doc: usize| sources.get(origin[doc]).copied().unwrap_or(0);
    let trained_features: Vec<Vec<Vec<u32>>> = if options.adapt {
        sentences
            .iter()
            .zip(&features)
            .map(|(s, f)| {
                f.iter()
                    .map(|keys| {
                        let mut keys = keys.clone();
                        augmenter.augment(&mut keys, 0, source_of(s.doc));
                        keys
                    })
                    .collect()
            })
            .collect()
    } else {
        Vec::new()
    };
    let trained_features = if options.adapt { &trained_features } else { &features };
    let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
    let mut doc_sentences: Vec<Vec<usize>> = vec![Vec::new(); docs.len()];
    for (i, s) in sentences.iter().enumerate() {
        doc_sentences[s.doc].push(i);
    }

    let runs = options.runs.max(1);
    let mut summed: HashMap<u32, [f32; TAGS]> = HashMap::new();
    let mut summed_transitions = vec![0.0f32; (TAGS + 1) * TAGS];
    let mut errors_per_epoch = Vec::new();
    for run in 0..runs {
        let mut w: HashMap<u32, [f32; TAGS]> = HashMap::new();
        let mut u: HashMap<u32, [f32; TAGS]> = HashMap::new();
        let mut tw = vec![0.0f32; (TAGS + 1) * TAGS];
        let mut tu = vec![0.0f32; (TAGS + 1) * TAGS];
        let mut c = 1.0f32;
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut rng = Rng::new(options.seed.wrapping_add(run as u64 * 0x9e37_79b9));
        let emissions_of = |w: &HashMap<u32, [f32; TAGS]>, feats: &[Vec<u32>]| -> Vec<[f32; TAGS]> {
            feats
                .iter()
                .map(|keys| {
                    let mut s = [0.0f32; TAGS];
                    for key in keys {
                        if let Some(row) = w.get(key) {
                            for t in 0..TAGS {
                                s[t] += row[t];
                            }
                        }
                    }
                    s
                })
                .collect()
        };
        let threshold = dropout_threshold(options.feature_dropout);
        let mut dropped: Vec<Vec<u32>> = Vec::new();
        for epoch in 0..options.epochs {
            // The prediction history each sentence would see when served: the
            // current weights tag every document in text order, once per epoch.
            let mut with_history: Vec<Vec<Vec<u32>>> = vec![Vec::new(); sentences.len()];
            for doc in doc_sentences.iter().filter(|_| options.prediction_history) {
                let mut history = PredictionHistory::default();
                for &k in doc {
                    let mut feats = trained_features[k].clone();
                    let lengths: Vec<usize> = feats.iter().map(Vec::len).collect();
                    history.features(&views[k], &mut feats);
                    if options.adapt {
                        for (keys, from) in feats.iter_mut().zip(lengths) {
                            augmenter.augment(keys, from, source_of(sentences[k].doc));
                        }
                    }
                    let predicted = viterbi(&emissions_of(&w, &feats), &tw);
                    history.record(&views[k], &spans(&predicted));
                    with_history[k] = feats;
                }
            }
            for i in (1..order.len()).rev() {
                let j = (rng.next_u64() % (i as u64 + 1)) as usize;
                order.swap(i, j);
            }
            let mut errors = 0;
            for &k in &order {
                let gold = &sentences[k].tags;
                let mut feats = if options.prediction_history {
                    &with_history[k]
                } else {
                    &trained_features[k]
                };
                if threshold > 0 {
                    // Which occurrences drop: a hash of the key, sentence, epoch
                    // and run, so training stays deterministic.
                    let salt = (k as u64) << 24 ^ (epoch as u64) << 8 ^ run as u64;
                    dropped.resize_with(feats.len(), Vec::new);
                    for (i, (out, keys)) in dropped.iter_mut().zip(feats).enumerate() {
                        out.clear();
                        let token_salt = salt ^ (i as u64) << 44;
                        out.extend(
                            keys.iter()
                                .copied()
                                .filter(|&key| dropout_keeps(key, token_salt, threshold)),
                        );
                    }
                    feats = &dropped;
                }
                let predicted = viterbi(&emissions_of(&w, feats), &tw);
                if predicted != *gold {
                    for (i, (&g, &p)) in gold.iter().zip(&predicted).enumerate() {
                        if g != p {
                            errors += 1;
                            for key in &feats[i] {
                                let row = w.entry(*key).or_insert([0.0; TAGS]);
                                row[g] += 1.0;
                                row[p] -= 1.0;
                                let acc = u.entry(*key).or_insert([0.0; TAGS]);
                                acc[g] += c;
                                acc[p] -= c;
                            }
                        }
                        let prev_g = if i == 0 { TAGS } else { gold[i - 1] };
                        let prev_p = if i == 0 { TAGS } else { predicted[i - 1] };
                        if g != p || prev_g != prev_p {
                            tw[prev_g * TAGS + g] += 1.0;
                            tu[prev_g * TAGS + g] += c;
                            tw[prev_p * TAGS + p] -= 1.0;
                            tu[prev_p * TAGS + p] -= c;
                        }
                    }
                }
                c += 1.0;
            }
            errors_per_epoch.push(errors);
        }
        // Averaging within the run, w - u / c, summed over runs (per key, in run
        // order: deterministic).
        for (k, row) in &w {
            let acc = &u[k];
            let sum = summed.entry(*k).or_insert([0.0; TAGS]);
            for t in 0..TAGS {
                sum[t] += row[t] - acc[t] / c;
            }
        }
        for (sum, (w, u)) in summed_transitions.iter_mut().zip(tw.iter().zip(&tu)) {
            *sum += w - u / c;
        }
    }
    let runs_f = runs as f32;
    for row in summed.values_mut() {
        for x in row.iter_mut() {
            *x /= runs_f;
        }
    }
    let raw = RawWeights {
        features: if options.adapt { augmenter.merge(summed) } else { summed },
        transitions: summed_transitions.iter().map(|x| x / runs_f).collect(),
    };
    let cluster_words = resources.clusters.len();
    let mut model = PerceptronModel::from_weights(options.card.clone(), &raw, resources, 1.0, options.prune);
    // Calibration: the median winning margin of tokens tagged as entities on
    // (a sample of) the training data.
    let mut margins: Vec<f32> = features
        .iter()
        .step_by(3)
        .flat_map(|f| {
            let (tags, margins) = model.decode(f);
            tags.into_iter()
                .zip(margins)
                .filter(|(t, _)| *t != 0)
                .map(|(_, m)| m)
                .collect::<Vec<_>>()
        })
        .collect();
    margins.sort_by(f32::total_cmp);
    model.calibration = margins.get(margins.len() / 2).copied().unwrap_or(1.0).max(1e-3);
    if options.outside_bias != 0.0 {
        model.lower_outside(options.outside_bias * model.calibration);
    }
    let report = TrainReport {
        sentences: sentences.len(),
        tokens,
        misaligned_entities: misaligned,
        gazetteer_entries: model.resources.gazetteer.len(),
        cluster_words,
        token_errors_per_epoch: errors_per_epoch,
    };
    (model, report)
}

/// The hash value under which a feature occurrence is dropped.
fn dropout_threshold(share: f32) -> u32 {
    (f64::from(share.clamp(0.0, 1.0)) * f64::from(u32::MAX)) as u32
}

/// Whether a feature occurrence stays in a training step: a hash of the key
/// and the occurrence's `salt` (sentence, token, epoch and run) against the
/// threshold, so the same training run drops the same occurrences.
fn dropout_keeps(key: u32, salt: u64, threshold: u32) -> bool {
    let h = (u64::from(key) ^ salt).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h >> 32) as u32 >= threshold
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::GoldEntity;

    fn options(names: Vec<(String, usize)>, surnames: bool) -> TrainOptions {
        TrainOptions {
            epochs: 1,
            seed: 7,
            runs: 1,
            prune: 0.0,
            card: ModelCard {
                name: "test".into(),
                version: "0".into(),
                language: "en".into(),
                evaluations: Vec::new(),
            },
            lang: Some(whatlang::Lang::Eng),
            prediction_history: true,
            feature_dropout: 0.0,
            word_length: true,
            stems: false,
            parts: false,
            surnames,
            outside_bias: 0.0,
            common_words: CommonWordsFrom::Lowercase,
            pretrained_clusters: None,
            gazetteer_names: names,
            adapt: false,
            cross_script: false,
            sentence_words: false,
            names_first: 0,
            scripts: false,
        }
    }

    fn entity(start: usize, end: usize, code: &str) -> GoldEntity {
        GoldEntity {
            start,
            end,
            entity_type: code.into(),
        }
    }

    #[test]
    fn names_from_other_corpora_reach_the_gazetteer_without_being_trained_on() {
        let doc = GoldDocument {
            id: "d".into(),
            text: "Anna visits Paris .".into(),
            sentences: Vec::new(),
            entities: vec![entity(0, 4, "PER"), entity(12, 17, "LOC")],
        };
        let organisation = NerLabel::from_code("ORG").expect("ORG").index();
        let known = |names: Vec<(String, usize)>| {
            let (model, report) = train(std::slice::from_ref(&doc), &[], &[], &options(names, false));
            assert_eq!(report.sentences, 1, "only the training document is trained on");
            model.resources.gazetteer.single("alitalia", None)
        };
        assert_eq!(known(Vec::new()), 0);
        assert_eq!(known(vec![("Alitalia".into(), organisation)]), 1 << organisation);
    }

    #[test]
    fn sentences_cut_to_open_with_a_name_are_trained_on_without_their_names_counting_twice() {
        let text = "He met Anna in Paris . Rome is old . They left .";
        let doc = GoldDocument {
            id: "d".into(),
            text: text.into(),
            sentences: vec![(0, 22), (23, 36), (37, 48)],
            entities: vec![entity(7, 11, "PER"), entity(15, 20, "LOC"), entity(23, 27, "LOC")],
        };
        let trained = |every: usize| {
            let (model, report) = train(
                std::slice::from_ref(&doc),
                &[],
                &[],
                &TrainOptions {
                    names_first: every,
                    ..options(Vec::new(), false)
                },
            );
            // The document's own names are hidden from it, copies included.
            (report.sentences, model.resources.gazetteer.single("anna", Some(0)))
        };
        // Only the first sentence names something after its first word.
        assert_eq!(trained(0), (3, 0));
        assert_eq!(trained(1), (4, 0));
    }

    #[test]
    fn surnames_of_persons_named_in_full_reach_the_gazetteer_when_asked() {
        // A person, a place of two words, and a person ending in an initial.
        let doc = GoldDocument {
            id: "d".into(),
            text: "Angela Merkel met John F. in New York .".into(),
            sentences: Vec::new(),
            entities: vec![entity(0, 13, "PER"), entity(18, 25, "PER"), entity(29, 37, "LOC")],
        };
        let person = NerLabel::Person.index();
        let other = vec![("Olaf Scholz".to_string(), person)];
        let gazetteer = |surnames: bool| {
            let (model, _) = train(std::slice::from_ref(&doc), &[], &[], &options(other.clone(), surnames));
            ["merkel", "scholz", "york", "f.", "angela"].map(|w| model.resources.gazetteer.single(w, None))
        };
        assert_eq!(gazetteer(false), [0, 0, 0, 0, 0]);
        let surname = enrich_nlp::lab::SURNAME;
        assert_eq!(gazetteer(true), [surname, surname, 0, 0, 0]);
    }

    #[test]
    fn with_adaptation_the_model_serves_its_own_corpus_convention_where_another_file_outvotes_it() {
        // The own corpus (source 0) types a national team as an
        // organisation; a larger second file calls it a place.
        let doc = |ty: &str| GoldDocument {
            id: "d".into(),
            text: "Spain beat Italy in Rome .".into(),
            sentences: Vec::new(),
            entities: vec![entity(0, 5, ty), entity(11, 16, ty), entity(20, 24, "LOC")],
        };
        let docs: Vec<GoldDocument> = std::iter::once(doc("ORG"))
            .chain(std::iter::repeat_with(|| doc("LOC")).take(3))
            .collect();
        let sources = [0, 1, 1, 1];
        let tagged = |adapt: bool| {
            let mut options = options(Vec::new(), false);
            options.epochs = 5;
            options.adapt = adapt;
            let (model, _) = train(&docs, &sources, &[], &options);
            let views: Vec<TokenView> = ["Spain", "beat", "Italy", "in", "Rome", "."]
                .into_iter()
                .map(TokenView::new)
                .collect();
            let document = DocumentContext::new([views.as_slice()]);
            let mut features = Vec::new();
            sentence_features(&views, &model.resources, &document, None, &mut features);
            spans(&model.decode(&features).0)
        };
        let organisation = NerLabel::from_code("ORG").expect("ORG").index();
        let place = NerLabel::from_code("LOC").expect("LOC").index();
        assert_eq!(
            tagged(false)[0],
            (0, 1, place),
            "pooled, the larger file's convention wins"
        );
        assert_eq!(tagged(true)[0], (0, 1, organisation), "learned apart, the own corpus's");
        assert_eq!(tagged(true)[2], (4, 5, place), "what the files agree on holds");
    }

    #[test]
    fn other_corpora_names_reach_a_cross_script_gazetteer_by_their_sound() {
        let doc = GoldDocument {
            id: "d".into(),
            text: "Книга Поппера .".into(),
            sentences: Vec::new(),
            entities: Vec::new(),
        };
        let person = NerLabel::Person.index();
        let organisation = NerLabel::from_code("ORG").expect("ORG").index();
        let names = vec![
            ("Karl Popper".to_string(), person),
            ("Deutsche Bank".to_string(), organisation),
        ];
        let by_sound = |cross_script: bool, word: &str| {
            let mut options = options(names.clone(), false);
            options.cross_script = cross_script;
            let (model, _) = train(std::slice::from_ref(&doc), &[], &[], &options);
            let sound = skeleton(word).expect("a skeleton");
            model.resources.gazetteer.by_skeleton(&sound, None)
        };
        assert_eq!(by_sound(true, "Поппер"), 1 << person, "each word of a person's name");
        assert_eq!(by_sound(true, "Карл"), 1 << person);
        assert_eq!(
            by_sound(true, "Банк"),
            0,
            "an organisation is known by its whole name only"
        );
        assert_eq!(by_sound(false, "Поппер"), 0, "only when asked");
    }

    #[test]
    fn dropout_leaves_out_its_share_of_features_the_same_way_each_time() {
        let threshold = dropout_threshold(0.3);
        let kept = |salt: u64| -> Vec<bool> {
            (0..20_000u32)
                .map(|k| dropout_keeps(k.wrapping_mul(2_654_435_761), salt, threshold))
                .collect()
        };
        let first = kept(42);
        let share = first.iter().filter(|k| **k).count() as f64 / first.len() as f64;
        assert!((share - 0.7).abs() < 0.02, "kept {share}");
        assert_eq!(first, kept(42), "the same salt drops the same occurrences");
        let other = kept(43);
        let differ = first.iter().zip(&other).filter(|(a, b)| a != b).count();
        assert!(differ > 4_000, "another step drops other occurrences: {differ} differ");
        assert!(
            (0..1000u32).all(|k| dropout_keeps(k, 7, dropout_threshold(0.0))),
            "no dropout keeps everything"
        );
    }
}
