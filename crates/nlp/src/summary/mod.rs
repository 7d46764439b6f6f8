//! The summary stage: an extractive summary that keeps the facts and leaves
//! out loaded sentences.
//!
//! 1. Candidates are running-text segments only: never headings, bylines,
//!    list items, links or footers.
//! 2. Content score in (0, 1): a logistic model learned from extractive
//!    reference summaries ([`content`]) over centrality (TextRank over TF-IDF
//!    cosine of content words, or similarity to the centroid for very long
//!    documents: [`centrality`]), the mean document frequency of the
//!    sentence's words, position, length, similarity to the headline, the
//!    salience of the entities it mentions and whether it quotes. A sentence
//!    that leans on its neighbours ([`standalone`]) or tells earlier years
//!    than the news ([`background`]) then loses a fixed share of it.
//! 3. Neutrality ([`neutrality`]) discounts it: `score = content *
//!    exp(-2 w L)`, steeper above loadedness 0.4 where a sentence reads as
//!    commentary ([`neutrality_discount`]); weight 0 gives a plain
//!    extractive summary.
//! 4. Selection is greedy with maximal marginal relevance (a candidate's
//!    score minus [`REDUNDANCY`] times its greatest similarity to a chosen
//!    sentence), within the sentence count and character budget, and is
//!    returned in document order.

pub(crate) mod background;
pub(crate) mod centrality;
pub mod content;
pub(crate) mod neutrality;
pub(crate) mod standalone;

use super::document::{Document, SegmentKind, Summary, SummarySentence};
use super::tokenize::Token;
use centrality::TfIdf;
use content::{ContentModel, ContentModelError, Features, Signals};
use neutrality::NeutralityScorers;
use std::borrow::Cow;
use whatlang::Lang;

/// Share of its content score a sentence loses per problem that makes it
/// lean on its neighbours. Not learned: extractive references keep such
/// sentences (BBC's take quotation tails freely), but a summary shows them
/// without their neighbours.
pub const DEPENDENT_PENALTY: f32 = 0.15;

/// Share of its content score a sentence about earlier years than the news
/// loses: it keeps `GSOMIA was originally signed in November 2016` out of
/// the seed article's summary.
pub const BACKGROUND_PENALTY: f32 = 0.25;

/// How strongly similarity to an already chosen sentence counts against a
/// candidate (maximal marginal relevance), in units of content score.
pub const REDUNDANCY: f32 = 0.05;

/// Options for one summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryOptions {
    pub max_sentences: usize,
    /// In code points.
    pub max_characters: Option<usize>,
    /// 0 to 1.
    pub neutrality_weight: f32,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        SummaryOptions {
            max_sentences: 3,
            max_characters: None,
            neutrality_weight: 0.75,
        }
    }
}

/// The share of its content score a sentence keeps at this neutrality
/// weight and loadedness: `exp(-2 w L - 6 w max(0, L - 0.4))`.
///
/// Below 0.4 loadedness is a trade-off against content (at the default
/// weight 0.75, a sentence of loadedness 0.05 keeps 93% and one of 0.25
/// keeps 69%). Above it a sentence is commentary rather than reporting, and
/// an editor would take it only when nothing plainer says the same, so the
/// discount steepens: 0.6 keeps 17% (without the hinge, 41%).
pub fn neutrality_discount(weight: f32, loadedness: f32) -> f32 {
    (-2.0 * weight * loadedness - 6.0 * weight * (loadedness - COMMENTARY_LOADEDNESS).max(0.0)).exp()
}

/// Loadedness above which a sentence reads as commentary.
pub const COMMENTARY_LOADEDNESS: f32 = 0.4;

/// The summary stage.
#[derive(Debug)]
pub struct Summarizer {
    neutrality: NeutralityScorers,
    content: ContentModel,
}

/// Languages whose loadedness can be scored (the embedded lexicons').
pub const NEUTRALITY_LANGUAGES: &[Lang] = neutrality::LANGUAGES;

/// A document's candidate sentences: segment indices, tokens and TF-IDF
/// vectors, made once and read by every signal.
struct Candidates<'d> {
    indices: Vec<usize>,
    tokens: Vec<Cow<'d, [Token]>>,
    tfidf: TfIdf,
}

impl<'d> Candidates<'d> {
    fn of(doc: &'d Document) -> Self {
        let indices = doc.sentence_indices();
        let tokens: Vec<_> = indices.iter().map(|&i| doc.segment_tokens(i)).collect();
        let lang = doc.language.as_ref().and_then(|l| l.lang);
        let tfidf = TfIdf::new(&doc.text, &tokens, lang);
        Candidates { indices, tokens, tfidf }
    }

    /// The content model's features of each candidate.
    fn features(&self, doc: &Document) -> Vec<Features> {
        let text = &doc.text;
        let candidates = &self.indices;
        let centrality = centrality::centrality(&self.tfidf);
        // Each entity adds its salience once to every sentence that mentions
        // it: one pass over the mentions, each placed by binary search (a
        // scan of every entity per sentence was quadratic in long documents).
        let starts: Vec<usize> = candidates.iter().map(|&i| doc.segments[i].span.start).collect();
        let mut coverage = vec![0.0f32; candidates.len()];
        let mut mentioned: Vec<usize> = Vec::new();
        for entity in &doc.entities {
            mentioned.clear();
            mentioned.extend(entity.mentions.iter().filter_map(|m| {
                let k = starts.partition_point(|&start| start <= m.span.start).checked_sub(1)?;
                doc.segments[candidates[k]].span.contains(m.span).then_some(k)
            }));
            mentioned.sort_unstable();
            mentioned.dedup();
            for &k in &mentioned {
                coverage[k] += entity.salience;
            }
        }
        let max_coverage = coverage.iter().copied().fold(0.0f32, f32::max).max(1e-6);
        let first_candidate = starts.first().copied().unwrap_or(0);
        let headline = doc
            .segments
            .iter()
            .position(|s| s.kind == SegmentKind::Heading && s.span.end <= first_candidate)
            .map(|h| self.tfidf.similarity_to(text, &doc.segment_tokens(h)));
        let signals: Vec<Signals> = (0..candidates.len())
            .map(|k| {
                let sentence = doc.segments[candidates[k]].span.slice(text);
                Signals {
                    centrality: centrality[k],
                    frequency: self.tfidf.frequency(k),
                    words: self.tokens[k]
                        .iter()
                        .filter(|t| t.text(text).chars().next().is_some_and(char::is_alphanumeric))
                        .count(),
                    headline: headline.as_ref().map_or(0.0, |h| h[k]),
                    coverage: coverage[k] / max_coverage,
                    quotation: sentence.contains(['"', '\u{201C}', '\u{201D}']),
                }
            })
            .collect();
        content::features(&signals)
    }

    /// The share of its content score each candidate keeps after the
    /// editorial checks: a sentence that leans on its neighbours loses
    /// [`DEPENDENT_PENALTY`] per problem ([`standalone`]), one about earlier
    /// years than the news loses [`BACKGROUND_PENALTY`] ([`background`]).
    fn editorial(&self, doc: &Document) -> Vec<f32> {
        let latest_year = background::years(&doc.text).max();
        self.indices
            .iter()
            .map(|&i| {
                let sentence = doc.segments[i].span.slice(&doc.text);
                let background = if background::is_background(sentence, latest_year) {
                    1.0 - BACKGROUND_PENALTY
                } else {
                    1.0
                };
                (1.0 - DEPENDENT_PENALTY).powi(i32::from(standalone::context_dependence(sentence))) * background
            })
            .collect()
    }
}

/// The content model's features of each candidate sentence of a segmented
/// (and, for the coverage feature, entity-tagged) document, in document
/// order: what `enrich-lab train-summary` learns from.
#[cfg(feature = "lab")]
pub fn content_features(doc: &Document) -> Vec<Features> {
    Candidates::of(doc).features(doc)
}

impl Summarizer {
    /// The stage with the embedded lexicons and content model.
    pub fn new() -> Result<Self, ContentModelError> {
        Ok(Summarizer {
            neutrality: NeutralityScorers::default(),
            content: ContentModel::embedded()?,
        })
    }

    /// The stage with neutrality scored from `share` of each lexicon.
    pub(crate) fn with_neutrality(share: neutrality::Share) -> Result<Self, ContentModelError> {
        Ok(Summarizer {
            neutrality: NeutralityScorers::new(share),
            content: ContentModel::embedded()?,
        })
    }

    /// The same stage with another content model (for training and
    /// evaluation).
    pub fn with_content_model(mut self, model: ContentModel) -> Self {
        self.content = model;
        self
    }

    /// Runs the stage on a segmented document (entities, when present, feed
    /// the coverage score).
    pub fn annotate(&self, doc: &mut Document, options: &SummaryOptions) {
        let scorer = doc
            .route_language(
                |l| NEUTRALITY_LANGUAGES.contains(&l),
                "SUMMARY_LANGUAGE_ASSUMED",
                "neutrality scoring",
            )
            .and_then(|l| self.neutrality.get(l));
        let scored_neutrality = scorer.is_some();
        let prepared = Candidates::of(doc);
        if prepared.indices.is_empty() {
            doc.summary = Some(Summary::default());
            doc.warn(
                "SUMMARY_EMPTY",
                "the document has no running-text sentence to summarise",
            );
            return;
        }
        let content: Vec<f32> = prepared
            .features(doc)
            .iter()
            .zip(prepared.editorial(doc))
            .map(|(x, keep)| self.content.score(x) * keep)
            .collect();
        let Candidates {
            indices: candidates,
            tokens,
            tfidf,
        } = prepared;
        let text = &doc.text;
        let loadedness: Vec<f32> = match scorer {
            Some(scorer) => candidates
                .iter()
                .zip(&tokens)
                .map(|(&i, t)| scorer.loadedness(text, doc.segments[i].span, t))
                .collect(),
            None => vec![0.0; candidates.len()],
        };
        let weight = options.neutrality_weight.clamp(0.0, 1.0);
        let score: Vec<f32> = (0..candidates.len())
            .map(|k| content[k] * neutrality_discount(weight, loadedness[k]))
            .collect();

        // Greedy selection with a redundancy penalty (MMR). Each sentence's
        // redundancy, its highest similarity to a chosen one, is updated with
        // the newest choice only, so a step costs one pass over the sentences.
        let chars: Vec<usize> = candidates
            .iter()
            .map(|&i| doc.segments[i].span.slice(text).chars().count())
            .collect();
        let mut redundancy = vec![0.0f32; candidates.len()];
        let mut taken = vec![false; candidates.len()];
        let mut chosen: Vec<usize> = Vec::new();
        let mut used_chars = 0usize;
        let mut skipped_for_budget = false;
        while chosen.len() < options.max_sentences {
            let separator = usize::from(!chosen.is_empty());
            let best = (0..candidates.len())
                .filter(|&k| !taken[k])
                .filter(|&k| {
                    let fits = options
                        .max_characters
                        .is_none_or(|max| used_chars + chars[k] + separator <= max);
                    skipped_for_budget |= !fits;
                    fits
                })
                .map(|k| (k, score[k] - REDUNDANCY * redundancy[k]))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            let Some((k, _)) = best else { break };
            used_chars += chars[k] + separator;
            taken[k] = true;
            chosen.push(k);
            for (other, r) in redundancy.iter_mut().enumerate() {
                if !taken[other] {
                    *r = r.max(tfidf.cosine(other, k));
                }
            }
        }
        chosen.sort_unstable();
        if skipped_for_budget && chosen.len() < options.max_sentences.min(candidates.len()) {
            doc.warn(
                "SUMMARY_BUDGET_LIMITED",
                format!(
                    "the summary has {} of the {} sentences asked for: longer sentences did not fit max_characters",
                    chosen.len(),
                    options.max_sentences
                ),
            );
        }
        if !scored_neutrality {
            doc.warn(
                "SUMMARY_NEUTRALITY_UNSCORED",
                format!(
                    "neutrality is scored only for {}; this summary is a plain extractive summary",
                    NEUTRALITY_LANGUAGES
                        .iter()
                        .map(|l| l.eng_name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        let mean = |values: &mut dyn Iterator<Item = f32>, count: usize| {
            (scored_neutrality && count > 0).then(|| values.sum::<f32>() / count as f32)
        };
        let summary_loadedness = mean(&mut chosen.iter().map(|&k| loadedness[k]), chosen.len());
        let document_loadedness = mean(&mut loadedness.iter().copied(), loadedness.len());
        doc.summary = Some(Summary {
            sentences: chosen
                .iter()
                .map(|&k| SummarySentence {
                    segment_index: candidates[k],
                    score: content[k].clamp(0.0, 1.0),
                    neutrality: scored_neutrality.then(|| 1.0 - loadedness[k]),
                })
                .collect(),
            summary_loadedness,
            document_loadedness,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::SummaryOptions;
    use crate::pipeline::{Options, Pipeline};

    /// An opinionated local news story: what happened, its related facts, a
    /// quotation, and the author's own commentary woven through.
    const OPINIONATED_STORY: &str = "# Harbor authority extends port lease with Baltic Freight\n\n\
By Ana Ruiz\n\n\
The Northport Harbor Authority extended its lease with Baltic Freight on Tuesday, two days before the old contract was due to expire. \
While posturing as guardians of the public purse, the authority's board has routinely handed the port's most valuable assets to shipping firms behind the backs of residents. \
The new lease runs for ten years and covers the container terminal on the east pier of the port. \
Authority chairman Tom Weller said the lease kept 400 jobs at the port. \
The true purpose of the lease is obviously to enrich a handful of shipping executives at the expense of the port and its workers. \
Baltic Freight will pay $12 million a year under the lease, up from $9 million under the old contract. \
\"It is a fair price,\" Weller said. \
The city council had asked the authority in March to put the port lease out to tender. \
Signalling its utter contempt for the council, the authority ignored the request and renewed the lease with Baltic Freight anyway.\n";

    fn summary(weight: f32) -> Vec<String> {
        let pipeline = Pipeline::new().expect("embedded models load");
        let options = Options {
            summary: SummaryOptions {
                neutrality_weight: weight,
                ..SummaryOptions::default()
            },
            ..Options::default()
        };
        let doc = pipeline.annotate(OPINIONATED_STORY, &options);
        let summary = doc.summary.as_ref().expect("summary");
        summary
            .sentences
            .iter()
            .map(|s| doc.segments[s.segment_index].span.slice(&doc.text).to_string())
            .collect()
    }

    #[test]
    fn default_summary_states_the_news_without_the_authors_commentary() {
        let chosen = summary(SummaryOptions::default().neutrality_weight);
        assert_eq!(chosen.len(), 3, "{chosen:#?}");
        assert!(
            chosen[0].starts_with("The Northport Harbor Authority extended its lease"),
            "{chosen:#?}"
        );
        for editorial in ["posturing", "true purpose", "contempt"] {
            assert!(
                !chosen.iter().any(|s| s.contains(editorial)),
                "{editorial} in {chosen:#?}"
            );
        }
    }

    /// Six sentences of the story's nine: by content alone the summary takes
    /// two loaded ones (`true purpose`, the closing jab), and the
    /// neutrality weight trades one for a plain fact (`The new lease runs
    /// for ten years`). Which sentences rank where moves with the entity
    /// models (with four sentences, an earlier English model put the jab
    /// fourth), so the test asks for enough sentences to reach them.
    #[test]
    fn neutrality_weight_lowers_the_summary_loadedness() {
        let pipeline = Pipeline::new().expect("embedded models load");
        let loadedness = |weight: f32| {
            let options = Options {
                summary: SummaryOptions {
                    neutrality_weight: weight,
                    max_sentences: 6,
                    ..SummaryOptions::default()
                },
                ..Options::default()
            };
            let doc = pipeline.annotate(OPINIONATED_STORY, &options);
            let summary = doc.summary.expect("summary");
            (
                summary.summary_loadedness.expect("scored"),
                summary.document_loadedness.expect("scored"),
            )
        };
        let (plain, document) = loadedness(0.0);
        let (neutral, _) = loadedness(1.0);
        assert!(neutral < plain, "weight 1 {neutral} vs weight 0 {plain}");
        assert!(neutral < document - 0.05, "summary {neutral} vs document {document}");
    }
}
