//! The pipeline: stages run in order over one [`Document`], each switchable
//! per request, with a chance to stop between stages.

use crate::document::Document;
use crate::entities::dictionary::EntityDictionary;
use crate::entities::{EntityOptions, EntityRecognizer, NamedEntityTagger};
use crate::language::{LanguageDetector, LanguageOptions};
use crate::ner::{recognizer_with_embedded_models, ModelLoadError};
use crate::segment::Segmenter;
use crate::summary::content::ContentModel;
use crate::summary::{Summarizer, SummaryOptions};
use std::ops::ControlFlow;
use std::time::{Duration, Instant};
use whatlang::Lang;

/// Which results the caller wants. Stages a wanted result depends on run too
/// (a summary needs sentences and entities), but only wanted results are
/// returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Features {
    pub language: bool,
    pub sentences: bool,
    pub entities: bool,
    pub summary: bool,
}

impl Features {
    pub const ALL: Features = Features {
        language: true,
        sentences: true,
        entities: true,
        summary: true,
    };
    pub const NONE: Features = Features {
        language: false,
        sentences: false,
        entities: false,
        summary: false,
    };

    /// The stages to run for these results.
    fn with_dependencies(self) -> Features {
        let entities = self.entities || self.summary;
        let sentences = self.sentences || entities;
        Features {
            // Segmentation and the entity model are chosen by language.
            language: self.language || sentences,
            sentences,
            entities,
            summary: self.summary,
        }
    }
}

/// Everything a request can set.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub features: Features,
    pub language: LanguageOptions,
    pub entities: EntityOptions,
    pub summary: SummaryOptions,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            features: Features::ALL,
            language: LanguageOptions::default(),
            entities: EntityOptions::default(),
            summary: SummaryOptions::default(),
        }
    }
}

/// Asked between stages, and between sentences inside the entity stage,
/// whether to go on: a cancelled call or an expired deadline stops the work
/// instead of finishing it for nobody.
pub trait Interrupt {
    fn should_stop(&self) -> bool;
}

/// Never interrupts.
pub struct RunToEnd;

impl Interrupt for RunToEnd {
    fn should_stop(&self) -> bool {
        false
    }
}

/// The pipeline stopped before finishing; `after` names the last completed
/// stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("stopped after stage {after:?}: the call was cancelled or its deadline passed")]
pub struct Stopped {
    pub after: Option<Stage>,
}

/// The stages, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    Language,
    Sentences,
    Entities,
    Summary,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Language => "language",
            Stage::Sentences => "sentences",
            Stage::Entities => "entities",
            Stage::Summary => "summary",
        }
    }
}

/// How long each stage took, for metrics and benchmarks.
pub type StageTimings = Vec<(Stage, Duration)>;

/// The NLP pipeline: one instance, shared by all requests. Made by
/// [`Pipeline::builder`].
#[derive(Debug)]
pub struct Pipeline {
    language: LanguageDetector,
    segmenter: Segmenter,
    entities: EntityRecognizer,
    summarizer: Summarizer,
}

/// Version of the models as a set, reported in every response.
pub const MODEL_VERSION: &str = concat!("enrich-models-", env!("CARGO_PKG_VERSION"));

/// Assembles a [`Pipeline`]: the embedded models, plus what a deployment or
/// an experiment sets.
#[derive(Default)]
pub struct PipelineBuilder {
    dictionary: Option<EntityDictionary>,
    taggers: Vec<(Lang, Box<dyn NamedEntityTagger>)>,
    content_model: Option<ContentModel>,
    expected_languages: Vec<Lang>,
    neutrality_share: Option<crate::summary::neutrality::Share>,
}

impl PipelineBuilder {
    /// A dictionary whose terms win over the models for every document.
    pub fn dictionary(mut self, dictionary: EntityDictionary) -> Self {
        self.dictionary = Some(dictionary);
        self
    }

    /// A tagger for `lang` in place of the embedded one.
    pub fn tagger(mut self, lang: Lang, tagger: Box<dyn NamedEntityTagger>) -> Self {
        self.taggers.push((lang, tagger));
        self
    }

    /// The languages a deployment expects documents in: a prior for the
    /// language stage, for requests that name none of their own.
    pub fn expected_languages(mut self, languages: Vec<Lang>) -> Self {
        self.expected_languages = languages;
        self
    }

    /// A summary content model other than the embedded one (for training
    /// and evaluation).
    pub fn content_model(mut self, model: ContentModel) -> Self {
        self.content_model = Some(model);
        self
    }

    /// Neutrality scored with a share of the lexicons and cues only, for an
    /// evaluation that judges with the rest.
    #[cfg(feature = "lab")]
    pub fn neutrality_share(mut self, share: crate::summary::neutrality::Share) -> Self {
        self.neutrality_share = Some(share);
        self
    }

    /// Loads the embedded models; fails if one of them does not load.
    ///
    /// The entity models load on a thread of their own while the language
    /// model and the summary's lexicons load on this one: start-up is most
    /// of a replica's time to SERVING, and the two halves take about as
    /// long.
    pub fn build(self) -> Result<Pipeline, ModelLoadError> {
        let (entities, language, summarizer) = std::thread::scope(|scope| {
            let entities = scope.spawn(recognizer_with_embedded_models);
            let language = LanguageDetector::new();
            let summarizer = match self.neutrality_share {
                Some(share) => Summarizer::with_neutrality(share),
                None => Summarizer::new(),
            };
            let entities = entities.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (entities, language, summarizer)
        });
        let mut entities = entities?;
        for (lang, tagger) in self.taggers {
            entities.register(lang, tagger);
        }
        if let Some(dictionary) = self.dictionary {
            entities.set_dictionary(dictionary);
        }
        let mut summarizer = summarizer?;
        if let Some(model) = self.content_model {
            summarizer = summarizer.with_content_model(model);
        }
        Ok(Pipeline {
            language: language?.expecting(self.expected_languages),
            segmenter: Segmenter::new(),
            entities,
            summarizer,
        })
    }
}

impl Pipeline {
    /// A pipeline with every embedded model and nothing else.
    pub fn new() -> Result<Self, ModelLoadError> {
        Self::builder().build()
    }

    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The language stage, to run or inspect on its own.
    pub fn language(&self) -> &LanguageDetector {
        &self.language
    }

    /// The sentence stage.
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    /// The entity stage, with its table of models by language.
    pub fn entities(&self) -> &EntityRecognizer {
        &self.entities
    }

    /// The summary stage.
    pub fn summarizer(&self) -> &Summarizer {
        &self.summarizer
    }

    /// Runs the stages `options.features` needs over `doc`.
    pub fn run(
        &self,
        doc: &mut Document,
        options: &Options,
        interrupt: &dyn Interrupt,
    ) -> Result<StageTimings, Stopped> {
        let mut timings = StageTimings::new();
        self.run_timed(doc, options, interrupt, &mut timings)?;
        Ok(timings)
    }

    /// [`run`](Self::run), adding each finished stage's time to `timings`
    /// as it goes: a stopped run still tells how long its finished stages
    /// took (for a trace of a call that ran out of time).
    pub fn run_timed(
        &self,
        doc: &mut Document,
        options: &Options,
        interrupt: &dyn Interrupt,
        timings: &mut StageTimings,
    ) -> Result<(), Stopped> {
        let needed = options.features.with_dependencies();
        let mut last = None;
        let mut step =
            |stage: Stage, enabled: bool, doc: &mut Document, work: &dyn Fn(&mut Document) -> ControlFlow<()>| {
                if !enabled {
                    return Ok(());
                }
                if interrupt.should_stop() {
                    return Err(Stopped { after: last });
                }
                let started = Instant::now();
                if work(doc).is_break() {
                    return Err(Stopped { after: last });
                }
                timings.push((stage, started.elapsed()));
                last = Some(stage);
                Ok(())
            };
        // Entity tagging, the one stage that takes long on a large document,
        // also asks between sentences.
        step(Stage::Language, needed.language, doc, &|d| {
            self.language.annotate(d, &options.language);
            ControlFlow::Continue(())
        })?;
        step(Stage::Sentences, needed.sentences, doc, &|d| {
            self.segmenter.annotate(d);
            self.language.annotate_segments(d);
            ControlFlow::Continue(())
        })?;
        step(Stage::Entities, needed.entities, doc, &|d| {
            self.entities.annotate_until(d, &options.entities, interrupt)
        })?;
        step(Stage::Summary, needed.summary, doc, &|d| {
            self.summarizer.annotate(d, &options.summary);
            ControlFlow::Continue(())
        })?;
        // Asked once more at the end: what the caller would do next with the
        // document (build a large answer) is work for nobody too.
        if interrupt.should_stop() {
            return Err(Stopped { after: last });
        }
        Ok(())
    }

    /// Convenience: a new document from `text`, run with `options` to the end.
    pub fn annotate(&self, text: impl Into<String>, options: &Options) -> Document {
        let mut doc = Document::new(text);
        // RunToEnd never interrupts, so run cannot fail.
        let _ = self.run(&mut doc, options, &RunToEnd);
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// Says stop once it has been asked `after` times.
    struct StopAfter {
        asked: Cell<usize>,
        after: usize,
    }

    impl Interrupt for StopAfter {
        fn should_stop(&self) -> bool {
            self.asked.set(self.asked.get() + 1);
            self.asked.get() > self.after
        }
    }

    #[test]
    fn an_interrupted_run_stops_between_stages_and_does_no_later_work() {
        let pipeline = Pipeline::new().expect("embedded models load");
        let mut doc = Document::new("Seoul extended the pact with Tokyo on Friday. Kang Kyung-wha said so.");
        let stop = StopAfter {
            asked: Cell::new(0),
            after: 2,
        };
        let result = pipeline.run(&mut doc, &Options::default(), &stop);
        assert_eq!(
            result,
            Err(Stopped {
                after: Some(Stage::Sentences)
            })
        );
        assert!(
            doc.language.is_some() && !doc.segments.is_empty(),
            "the stages before the stop ran"
        );
        assert!(
            doc.entities.is_empty() && doc.summary.is_none(),
            "no stage ran after the stop"
        );
    }

    #[test]
    fn the_entity_stage_stops_between_sentences_not_at_its_end() {
        let pipeline = Pipeline::new().expect("embedded models load");
        let text = "Seoul extended the pact with Tokyo on Friday. ".repeat(200);
        let mut doc = Document::new(text);
        // Two asks before the language and sentence stages, one before the
        // entity stage, then five sentences' worth inside it.
        let stop = StopAfter {
            asked: Cell::new(0),
            after: 8,
        };
        let result = pipeline.run(&mut doc, &Options::default(), &stop);
        assert_eq!(
            result,
            Err(Stopped {
                after: Some(Stage::Sentences)
            })
        );
        assert_eq!(stop.asked.get(), 9, "it stopped at the first ask that said stop");
        assert_eq!(doc.segments.len(), 200);
        assert!(doc.entities.is_empty(), "a stopped stage leaves no partial entities");
    }

    #[test]
    fn only_the_stages_a_request_needs_run() {
        let pipeline = Pipeline::new().expect("embedded models load");
        let options = Options {
            features: Features {
                language: true,
                ..Features::NONE
            },
            ..Options::default()
        };
        let mut doc = Document::new("Seoul extended the pact with Tokyo on Friday.");
        let timings = pipeline.run(&mut doc, &options, &RunToEnd).expect("runs");
        let stages: Vec<Stage> = timings.iter().map(|(s, _)| *s).collect();
        assert_eq!(stages, vec![Stage::Language]);
        assert!(doc.segments.is_empty());
    }

    #[test]
    fn the_summary_reads_the_tokens_the_entity_stage_kept_and_they_match_a_fresh_tokenization() {
        let pipeline = Pipeline::new().expect("embedded models load");
        let text = "# Pact extended\n\nSeoul extended the pact with Tokyo on Friday. Kang Kyung-wha said so. \
                    The agreement lets both share military secrets.";
        let mut doc = Document::new(text);
        pipeline
            .run(&mut doc, &Options::default(), &RunToEnd)
            .expect("runs to the end");
        assert_eq!(
            doc.tokens.len(),
            doc.segments.len(),
            "the entity stage kept every segment's tokens"
        );
        for (i, segment) in doc.segments.iter().enumerate() {
            let fresh = crate::tokenize::tokenize(&doc.text, segment.span);
            assert_eq!(doc.segment_tokens(i).as_ref(), fresh.as_slice(), "segment {i}");
        }
        // Tokens that no longer match the segments are not read.
        let mut stale = doc.clone();
        stale.tokens.pop();
        let first = stale.sentence_indices()[0];
        assert_eq!(
            stale.segment_tokens(first).as_ref(),
            crate::tokenize::tokenize(&stale.text, stale.segments[first].span).as_slice()
        );
        assert!(matches!(stale.segment_tokens(first), std::borrow::Cow::Owned(_)));
        // Nor are tokens that lie outside their segment.
        let mut moved = doc.clone();
        let [a, b] = [moved.sentence_indices()[0], moved.sentence_indices()[1]];
        moved.tokens.swap(a, b);
        assert!(matches!(moved.segment_tokens(a), std::borrow::Cow::Owned(_)));
        assert_eq!(
            moved.segment_tokens(a).as_ref(),
            crate::tokenize::tokenize(&moved.text, moved.segments[a].span).as_slice()
        );
        assert!(doc.summary.is_some_and(|s| !s.sentences.is_empty()));
    }
}
