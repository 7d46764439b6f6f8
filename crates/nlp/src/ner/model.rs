//! The averaged-perceptron sequence tagger: scores each token's tags from
//! its features ([`super::table`]), decodes the best BILOU sequence
//! ([`super::viterbi`]) and turns margins into confidences. Its file format
//! is in [`super::codec`].

use super::features::{
    all_caps_sentence, neighbour_features, own_features, title_case_sentence, window_features, DocumentContext,
    PredictionHistory, Resources, SentenceWords, Side, WordIds, TITLE_CASE_HEADLINES,
};
use super::labels::NerLabel;
use super::scratch::{Scratch, ScratchPool, SeenWord, WordRows};
use super::table::FeatureTable;
use super::tags::{spans, type_of, TAGS};
use super::token::TokenView;
use super::viterbi::viterbi;
use crate::entities::{ModelCard, NamedEntityTagger, TaggedMention};
use crate::pipeline::Interrupt;
use crate::tokenize::Token;
use std::collections::HashMap;

/// Keys looked up together in [`PerceptronModel::add_rows`].
const LOOKAHEAD: usize = 16;

/// A trained tagger.
pub struct PerceptronModel {
    /// Name, version, language and evaluations, written at training time.
    pub card: ModelCard,
    /// Median winning margin of entity tokens on the training data. A
    /// mention's confidence is `1 - exp(-3 * margin / calibration)`: 0.95 at
    /// the training median, 0.63 at a third of it, 0 for a tie.
    pub calibration: f32,
    pub(crate) scale: f32,
    pub(crate) transitions: Vec<f32>,
    pub resources: Resources,
    pub(crate) table: FeatureTable,
    /// Words' own weights remembered between documents ([`super::scratch`]).
    /// They hold for these weights and resources: a model changed after it
    /// has tagged (as the lab's tools change fresh ones) would need a new pool.
    pub(crate) scratch: ScratchPool,
}

/// Weights as training produces them.
pub struct RawWeights {
    pub features: HashMap<u32, [f32; TAGS]>,
    pub transitions: Vec<f32>,
}

impl PerceptronModel {
    /// Packs trained weights, dropping those smaller than `prune`.
    pub fn from_weights(
        card: ModelCard,
        weights: &RawWeights,
        resources: Resources,
        calibration: f32,
        prune: f32,
    ) -> Self {
        let max = weights
            .features
            .values()
            .flat_map(|row| row.iter())
            .fold(0.0f32, |m, w| m.max(w.abs()))
            .max(1e-9);
        let scale = max / f32::from(i16::MAX);
        let mut keys: Vec<u32> = weights.features.keys().copied().collect();
        keys.sort_unstable();
        let rows: Vec<(u32, Vec<(u8, i16)>)> = keys
            .into_iter()
            .map(|k| {
                let entries = weights.features[&k]
                    .iter()
                    .enumerate()
                    .filter_map(|(t, w)| {
                        let q = (w / scale).round();
                        (w.abs() >= prune && q != 0.0).then_some((t as u8, q as i16))
                    })
                    .collect();
                (k, entries)
            })
            .filter(|(_, entries): &(u32, Vec<(u8, i16)>)| !entries.is_empty())
            .collect();
        PerceptronModel {
            card,
            calibration,
            scale,
            transitions: weights.transitions.clone(),
            resources,
            table: FeatureTable::from_rows(&rows),
            scratch: ScratchPool::default(),
        }
    }

    /// Lowers the outside tag's score by `penalty` at every token: the
    /// decoder then prefers entity tags where they were nearly as likely
    /// (more recall, less precision). Done in the transitions into `O`, as
    /// every token's tag is entered by exactly one transition (the first
    /// from the sentence start), so the model file needs no new field.
    pub fn lower_outside(&mut self, penalty: f32) {
        for row in self.transitions.chunks_mut(TAGS) {
            row[0] -= penalty;
        }
    }

    pub fn feature_count(&self) -> usize {
        self.table.len()
    }

    /// Bytes the model takes in memory: its lookup index, the weights
    /// unless they are read in place from the binary, transitions and
    /// resources; not the word memories, which grow with use.
    pub fn memory_bytes(&self) -> usize {
        self.table.memory_bytes() + self.transitions.len() * 4 + self.resources.memory_bytes()
    }

    /// Adds the weight rows of `keys` to `scores`, in quantized units.
    /// Integers, so the sum is the same in any order and any grouping:
    /// a word's own features may be summed once and reused.
    fn add_rows(&self, keys: &[u32], scores: &mut [i32; TAGS]) {
        // Lookups go in passes over a few keys at a time: every key's
        // bucket in the index (small, mostly cached), then the first byte of
        // each bucket, then the search. The loads of the first two passes
        // are independent of each other, so the CPU overlaps their cache
        // misses instead of waiting on one at a time, and the search finds
        // its records on their way in.
        for chunk in keys.chunks(LOOKAHEAD) {
            let mut buckets = [(0usize, 0usize); LOOKAHEAD];
            let mut touched = 0u8;
            for (bucket, &key) in buckets.iter_mut().zip(chunk) {
                *bucket = self.table.bucket(key);
            }
            for &bucket in &buckets[..chunk.len()] {
                touched ^= self.table.touch(bucket);
            }
            std::hint::black_box(touched);
            for (&key, &bucket) in chunk.iter().zip(&buckets) {
                for e in self.table.find(key, bucket).chunks_exact(3) {
                    if let Some(s) = scores.get_mut(usize::from(e[0])) {
                        *s += i32::from(i16::from_le_bytes([e[1], e[2]]));
                    }
                }
            }
        }
    }

    /// Quantized scores to the scale of the transitions. Exact: a token's
    /// sum stays far below 2^24, where `f32` starts to round integers.
    fn scaled(&self, scores: &[i32; TAGS]) -> [f32; TAGS] {
        scores.map(|s| s as f32 * self.scale)
    }

    /// The best tag sequence and each token's margin over its best rival,
    /// from each token's feature keys.
    pub fn decode(&self, features: &[Vec<u32>]) -> (Vec<usize>, Vec<f32>) {
        self.decode_emissions(self.emissions(features))
    }

    fn emissions(&self, features: &[Vec<u32>]) -> Vec<[f32; TAGS]> {
        features
            .iter()
            .map(|keys| {
                let mut scores = [0i32; TAGS];
                self.add_rows(keys, &mut scores);
                self.scaled(&scores)
            })
            .collect()
    }

    fn decode_emissions(&self, emissions: Vec<[f32; TAGS]>) -> (Vec<usize>, Vec<f32>) {
        let tags = viterbi(&emissions, &self.transitions);
        let margins = emissions
            .iter()
            .zip(&tags)
            .map(|(e, &t)| {
                // The rival is the best tag of another type (or O): a B/I/L/U
                // variant of the same entity type is no rival to it.
                let best_own = e
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| type_of(*i) == type_of(t))
                    .map(|(_, s)| *s)
                    .fold(f32::MIN, f32::max);
                let rival = e
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| type_of(*i) != type_of(t))
                    .map(|(_, s)| *s)
                    .fold(f32::MIN, f32::max);
                best_own - rival
            })
            .collect();
        (tags, margins)
    }

    /// A word's own weights and its weights as each neighbour, from
    /// `scratch`'s memory or computed on first sight.
    fn word(&self, t: &TokenView, all_caps: bool, scratch: &mut Scratch) -> WordRows {
        let key = t.word_hash ^ u64::from(all_caps);
        let known = scratch.recall(key);
        if let Some(seen) = known.filter(|w| *w.word == *t.word && w.all_caps == all_caps) {
            return seen.rows;
        }
        let taken = known.is_some();
        let ids = WordIds::of(t, &self.resources);
        scratch.keys.clear();
        own_features(t, ids, all_caps, &self.resources, None, &mut scratch.keys);
        let mut own = [0i32; TAGS];
        self.add_rows(&scratch.keys, &mut own);
        let beside = self.beside(Some((t, &ids)), scratch);
        let rows = WordRows { own, beside };
        if !taken {
            let word = SeenWord {
                word: t.word.into(),
                all_caps,
                rows,
            };
            scratch.remember(key, word);
        }
        rows
    }

    /// The weights a word (`None`: the sentence's edge) gives the token on
    /// each of its sides, in [`Side::ALL`]'s order.
    fn beside(&self, word: Option<(&TokenView, &WordIds)>, scratch: &mut Scratch) -> [[i32; TAGS]; 4] {
        Side::ALL.map(|side| {
            // The word stands on `side` of the token it informs.
            scratch.keys.clear();
            neighbour_features(side, word, &self.resources, &mut scratch.keys);
            let mut rows = [0i32; TAGS];
            self.add_rows(&scratch.keys, &mut rows);
            rows
        })
    }

    /// Each token's tag scores, from its remembered own weights, its
    /// neighbours' remembered weights and its window keys: the same numbers
    /// as [`Self::decode`] reads from all of a token's keys.
    fn sentence_emissions(
        &self,
        views: &[TokenView],
        document: &DocumentContext,
        history: &PredictionHistory,
        scratch: &mut Scratch,
    ) -> Vec<[f32; TAGS]> {
        let all_caps = all_caps_sentence(views);
        let words: Vec<WordRows> = views.iter().map(|t| self.word(t, all_caps, scratch)).collect();
        let edge = match scratch.edge {
            Some(edge) => edge,
            None => {
                let edge = self.beside(None, scratch);
                scratch.edge = Some(edge);
                edge
            }
        };
        let gaz = self.resources.gazetteer.matches(views, None);
        if scratch.context.len() < views.len() {
            scratch.context.resize_with(views.len(), || Vec::with_capacity(32));
        }
        let window = &mut scratch.context[..views.len()];
        let around = SentenceWords::new(views, &self.resources);
        for (i, f) in window.iter_mut().enumerate() {
            f.clear();
            window_features(views, i, &self.resources, document, &gaz[i], f);
            around.features(i, &views[i], f);
        }
        history.features(views, window);
        window
            .iter()
            .enumerate()
            .map(|(i, keys)| {
                let mut scores = words[i].own;
                for side in Side::ALL {
                    // Token i's neighbour on `side`: its weights there were
                    // summed when the word was first seen.
                    let rows = match i.checked_add_signed(side.offset()).filter(|&j| j < views.len()) {
                        Some(j) => &words[j].beside[side.index()],
                        None => &edge[side.index()],
                    };
                    for (s, r) in scores.iter_mut().zip(rows) {
                        *s += r;
                    }
                }
                self.add_rows(keys, &mut scores);
                self.scaled(&scores)
            })
            .collect()
    }

    /// A title-case headline's words in capitals (see
    /// [`title_case_sentence`]), or `None` to read the sentence as written;
    /// asked only in the languages of [`TITLE_CASE_HEADLINES`].
    /// Every word of a title-case headline is capitalised, so case tells
    /// names from words no more than in a headline in capitals, which the
    /// models have learned from (CoNLL's `JAPAN GET LUCKY WIN`): read as
    /// written, the common words look like names and join them
    /// (`Trump Meets Abe`). Capitals rather than lowercasing the common
    /// words: names that are common words (`Apple`, `Bush`) keep their
    /// chance, and on title-cased held-out sentences capitals scored 0.78
    /// against 0.71 (docs/entities.md).
    fn recase(&self, text: &str, tokens: &[Token]) -> Option<Vec<String>> {
        let words = tokens.iter().map(|t| t.text(text));
        title_case_sentence(words.clone(), &self.resources).then(|| words.map(str::to_uppercase).collect())
    }

    /// Whether this model's language writes title-case headlines (see
    /// [`Self::recase`]); asked once per document.
    fn reads_title_case(&self) -> bool {
        TITLE_CASE_HEADLINES.contains(&self.card.language.as_str())
    }

    /// Tags one sentence; `scratch` holds the buffers and the words seen,
    /// kept from sentence to sentence and from document to document.
    fn tag_views(
        &self,
        views: &[TokenView],
        document: &DocumentContext,
        history: &mut PredictionHistory,
        scratch: &mut Scratch,
    ) -> Vec<TaggedMention> {
        let emissions = self.sentence_emissions(views, document, history, scratch);
        let (tags, margins) = self.decode_emissions(emissions);
        let found = spans(&tags);
        history.record(views, &found);
        let calibration = self.calibration.max(1e-6);
        found
            .into_iter()
            .map(|(start, end, ty)| {
                let mean_margin = margins[start..end].iter().sum::<f32>() / (end - start) as f32;
                TaggedMention {
                    start,
                    end,
                    entity_type: NerLabel::from_index(ty).unwrap_or(NerLabel::Misc).entity_type(),
                    confidence: (1.0 - (-3.0 * mean_margin.max(0.0) / calibration).exp()).clamp(0.0, 1.0),
                }
            })
            .collect()
    }
}

impl NamedEntityTagger for PerceptronModel {
    fn card(&self) -> &ModelCard {
        &self.card
    }

    fn tag(&self, text: &str, tokens: &[Token]) -> Vec<TaggedMention> {
        let recased = self.reads_title_case().then(|| self.recase(text, tokens)).flatten();
        let views = views(text, tokens, recased.as_deref());
        let document = DocumentContext::new([views.as_slice()]);
        let mut scratch = self.scratch.take();
        let mentions = self.tag_views(&views, &document, &mut PredictionHistory::default(), &mut scratch);
        self.scratch.give_back(scratch);
        mentions
    }

    fn tag_document(
        &self,
        text: &str,
        sentences: &[Vec<Token>],
        interrupt: &dyn Interrupt,
    ) -> Option<Vec<Vec<TaggedMention>>> {
        let title_case = self.reads_title_case();
        let recased: Vec<Option<Vec<String>>> = sentences
            .iter()
            .map(|tokens| title_case.then(|| self.recase(text, tokens)).flatten())
            .collect();
        let views: Vec<Vec<TokenView>> = sentences
            .iter()
            .zip(&recased)
            .map(|(tokens, recased)| views(text, tokens, recased.as_deref()))
            .collect();
        let document = DocumentContext::new(views.iter().map(Vec::as_slice));
        // In document order: each sentence reads the history of those before.
        let mut history = PredictionHistory::default();
        let mut scratch = self.scratch.take();
        let mentions = views
            .iter()
            .map(|v| {
                if interrupt.should_stop() {
                    None
                } else if v.is_empty() {
                    Some(Vec::new())
                } else {
                    Some(self.tag_views(v, &document, &mut history, &mut scratch))
                }
            })
            .collect();
        self.scratch.give_back(scratch);
        mentions
    }
}

/// A sentence's token views: of `recased` words when the sentence is read
/// recased ([`PerceptronModel::recase`]), else of the text as written.
fn views<'a>(text: &'a str, tokens: &[Token], recased: Option<&'a [String]>) -> Vec<TokenView<'a>> {
    match recased {
        Some(words) => words.iter().map(|w| TokenView::new(w)).collect(),
        None => tokens.iter().map(|t| TokenView::new(t.text(text))).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{EntityType, Span};
    use crate::ner::features::sentence_features;
    use crate::tokenize::tokenize;

    fn english() -> PerceptronModel {
        let (_, bytes) = super::super::EMBEDDED
            .iter()
            .find(|(lang, _)| *lang == whatlang::Lang::Eng)
            .expect("English model");
        PerceptronModel::from_bytes(bytes).expect("the embedded English model loads")
    }

    /// Bytes the model card takes in the file (see `codec`).
    fn card_bytes(c: &ModelCard) -> usize {
        let string = |s: &str| 4 + s.len();
        string(&c.name)
            + string(&c.version)
            + string(&c.language)
            + 4
            + c.evaluations.iter().map(|e| string(&e.dataset) + 12).sum::<usize>()
    }

    fn summary(mentions: &[TaggedMention]) -> Vec<(usize, usize, EntityType, u32)> {
        mentions
            .iter()
            .map(|m| (m.start, m.end, m.entity_type, m.confidence.to_bits()))
            .collect()
    }

    /// The tagger remembers each word's own weights from document to
    /// document; a remembered word must score exactly as one computed
    /// afresh from all its keys, in capitals and in mixed case.
    #[test]
    fn words_remembered_from_earlier_documents_score_exactly_as_computed_afresh() {
        let model = english();
        let documents = [
            "Angela Merkel visited Paris on Friday .\nMerkel met the French president .",
            "MERKEL , MACRON MEET IN PARIS ON FRIDAY\nThe president of France , Emmanuel Macron , greeted Merkel .",
            "Paris Hilton visited Merkel's office in Berlin .\nShe said Paris was lovely , in 2024 .",
        ];
        let mut scratch = Scratch::default();
        let mut remembered_words = 0;
        // Twice over: the second round finds every word remembered.
        for text in documents.iter().chain(&documents) {
            let sentences: Vec<Vec<TokenView>> = text
                .lines()
                .map(|line| line.split(' ').map(TokenView::new).collect())
                .collect();
            let document = DocumentContext::new(sentences.iter().map(Vec::as_slice));
            let mut history = PredictionHistory::default();
            for views in &sentences {
                remembered_words += views.iter().filter(|t| scratch.recall(t.word_hash).is_some()).count();
                let remembered = model.sentence_emissions(views, &document, &history, &mut scratch);
                let mut features = Vec::new();
                sentence_features(views, &model.resources, &document, None, &mut features);
                let features = &mut features[..views.len()];
                history.features(views, features);
                let afresh = model.emissions(features);
                let bits = |e: &[[f32; TAGS]]| -> Vec<u32> { e.iter().flatten().map(|s| s.to_bits()).collect() };
                assert_eq!(
                    bits(&remembered),
                    bits(&afresh),
                    "{views:?}",
                    views = views.iter().map(|t| t.word).collect::<Vec<_>>()
                );
                let (tags, _) = model.decode_emissions(afresh);
                history.record(views, &spans(&tags));
            }
        }
        assert!(remembered_words > 40, "the second round reads remembered words");
    }

    /// The tagger reuses its feature buffers from sentence to sentence: a
    /// short sentence must not see what a longer one before it left there.
    #[test]
    fn a_short_sentence_after_a_long_one_is_tagged_as_if_alone() {
        let model = english();
        let long = "the markets of the whole region fell sharply on monday after traders sold their shares in a hurry because prices had risen for weeks .";
        let short = "Angela Merkel visited Paris on Friday .";
        let text = format!("{long} {short}");
        let long_tokens = tokenize(&text, Span::new(0, long.len()));
        let short_tokens = tokenize(&text, Span::new(long.len() + 1, text.len()));
        let in_document = model
            .tag_document(&text, &[long_tokens, short_tokens], &crate::pipeline::RunToEnd)
            .expect("runs to the end");

        let alone = model.tag(short, &tokenize(short, Span::new(0, short.len())));

        assert_eq!(summary(&in_document[1]), summary(&alone));
        let found: Vec<(usize, usize, EntityType)> = alone.iter().map(|m| (m.start, m.end, m.entity_type)).collect();
        assert_eq!(found, vec![(0, 2, EntityType::Person), (3, 4, EntityType::Location)]);
    }

    #[test]
    fn a_damaged_or_foreign_model_file_is_an_error_not_a_crash() {
        let model = english();
        let bytes = model.to_bytes();
        assert_eq!(
            PerceptronModel::from_bytes(&bytes).map(|m| m.to_bytes()),
            Ok(bytes.clone())
        );
        for cut in [7, 8, 100, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                PerceptronModel::from_bytes(&bytes[..cut]).is_err(),
                "truncated at {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(PerceptronModel::from_bytes(&longer)
            .err()
            .is_some_and(|e| e.to_string().contains("different version")));
        // A count field claiming four billion entries must fail on the
        // missing bytes, not try to reserve memory for them.
        let card = card_bytes(&model.card);
        let names = 8 + card;
        let gazetteer_count = names + 8 + 1 + 4 * (TAGS + 1) * TAGS;
        let r = &model.resources;
        let feature_count = gazetteer_count
            + 4
            + 9 * r.gazetteer.len()
            + 4
            + 8 * r.common_words.hashes.len()
            + 4
            + 14 * r.clusters.len();
        for at in [gazetteer_count, feature_count] {
            let mut huge = bytes.clone();
            huge[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
            assert!(PerceptronModel::from_bytes(&huge).is_err(), "count at {at}");
        }
        // Features are written sorted by key, each once: a repeated key is
        // a damaged file, not a second row for the same feature.
        let first = feature_count + 4;
        let second = first + 4 + 1 + 3 * usize::from(bytes[first + 4]);
        let mut repeated = bytes.clone();
        repeated.copy_within(first..first + 4, second);
        assert!(PerceptronModel::from_bytes(&repeated).is_err());
    }

    /// Every feature switch a model was trained with must survive its
    /// file, or the served model reads other features than training did.
    #[test]
    fn every_feature_switch_survives_the_model_file() {
        for (word_length, stems, parts, sentence_words, scripts) in [
            (true, false, false, false, false),
            (false, true, false, false, false),
            (false, false, true, false, false),
            (false, false, false, true, false),
            (false, false, false, false, true),
            (true, true, true, true, true),
        ] {
            let mut model = english();
            model.resources.word_length = word_length;
            model.resources.stems = stems;
            model.resources.parts = parts;
            model.resources.sentence_words = sentence_words;
            model.resources.scripts = scripts;
            let reloaded = PerceptronModel::from_bytes(&model.to_bytes()).expect("round trip");
            let r = &reloaded.resources;
            assert_eq!(
                (r.word_length, r.stems, r.parts, r.sentence_words, r.scripts),
                (word_length, stems, parts, sentence_words, scripts)
            );
            assert!(r.gazetteer.has_surnames(), "the English model knows surnames");
        }
    }

    #[test]
    fn the_word_length_switch_travels_with_the_model_and_changes_the_features() {
        let embedded = |lang| {
            let (_, bytes) = super::super::EMBEDDED
                .iter()
                .find(|(l, _)| *l == lang)
                .expect("embedded model");
            PerceptronModel::from_bytes(bytes).expect("the embedded model loads")
        };
        assert!(embedded(whatlang::Lang::Eng).resources.word_length);
        assert!(!embedded(whatlang::Lang::Spa).resources.word_length);
        let mut model = english();
        model.resources.word_length = false;
        let reloaded = PerceptronModel::from_bytes(&model.to_bytes()).expect("round trip");
        assert!(!reloaded.resources.word_length);

        let text = "Pirelli shares rose .";
        let views: Vec<TokenView> = tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| TokenView::new(t.text(text)))
            .collect();
        let document = DocumentContext::new([views.as_slice()]);
        let keys = |resources: &Resources| {
            let mut out = Vec::new();
            sentence_features(&views, resources, &document, None, &mut out);
            out[0].len()
        };
        assert_eq!(keys(&english().resources), keys(&reloaded.resources) + 1);

        // Every bit of the switch byte names a switch; the last, the
        // scripts around a word, is read like the others.
        let mut scripted = model.to_bytes();
        let card = card_bytes(&model.card);
        let switch_at = 8 + card + 8;
        assert_eq!(scripted[switch_at] & 0x80, 0);
        scripted[switch_at] |= 0x80;
        let scripted = PerceptronModel::from_bytes(&scripted).expect("bit 7 is a known switch");
        assert!(scripted.resources.scripts && !reloaded.resources.scripts);
        // A gazetteer with surnames needs its switch: a file that marks
        // surnames without it is no file this version wrote.
        let mut unmarked = model.to_bytes();
        assert_ne!(
            unmarked[switch_at] & 16,
            0,
            "the English model's surnames are switched on"
        );
        unmarked[switch_at] &= !16;
        assert!(PerceptronModel::from_bytes(&unmarked).is_err());
    }

    #[test]
    fn russian_vector_clusters_are_keyed_by_lowercase_forms_and_survive_a_round_trip() {
        let (_, bytes) = super::super::EMBEDDED
            .iter()
            .find(|(l, _)| *l == whatlang::Lang::Rus)
            .expect("embedded Russian model");
        let russian = PerceptronModel::from_bytes(bytes).expect("the embedded model loads");
        let clusters = &russian.resources.vector_clusters;
        assert!(clusters.is_lowercase());
        // A name at the start of a sentence, in capitals or in lowercase is
        // one word to the clusters; the vectors were trained on lowercase text.
        let capital = clusters.get(&TokenView::new("Москва"));
        assert!(capital.is_some());
        assert_eq!(capital, clusters.get(&TokenView::new("москва")));
        assert_eq!(capital, clusters.get(&TokenView::new("МОСКВА")));
        // Two cities share their coarsest cluster.
        let city = |w| clusters.get(&TokenView::new(w)).map(|c| c[0]);
        assert_eq!(city("Москва"), city("Петербург"));
        let reloaded = PerceptronModel::from_bytes(&russian.to_bytes()).expect("round trip");
        assert!(reloaded.resources.vector_clusters.is_lowercase());
        assert_eq!(
            reloaded.resources.vector_clusters.get(&TokenView::new("Москва")),
            capital
        );
        // Clusters learned from text are keyed by the word form; English
        // has no clusters from word vectors.
        assert!(!russian.resources.clusters.is_lowercase());
        assert!(!russian.resources.clusters.is_empty());
        assert!(english().resources.vector_clusters.is_empty());
        // Russian looks names up by their sound skeleton too, and the file
        // says so; English does not.
        assert!(russian.resources.cross_script && reloaded.resources.cross_script);
        let popper = crate::ner::skeleton::skeleton("Поппер").expect("a skeleton");
        let person = crate::ner::NerLabel::Person.index();
        assert_ne!(
            reloaded.resources.gazetteer.by_skeleton(&popper, None) & (1 << person),
            0
        );
        assert!(!english().resources.cross_script);
        // Capitalised Russian words read the words around them, and the
        // file says so.
        assert!(russian.resources.sentence_words && reloaded.resources.sentence_words);
    }
}
