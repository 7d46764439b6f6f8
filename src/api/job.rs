//! One document's way through the service: validated by [`convert`], run
//! through the pipeline, converted into the response. The gRPC handlers,
//! `enrich annotate`, the property tests and the fuzz target all go through
//! [`DocumentJob::run`], so what the tests exercise is what serves.
//!
//! [`convert`]: super::convert

use super::convert::{self, DocumentJob};
use crate::proto::enrich::v1 as pb;
use enrich_nlp::{Document, Interrupt, Pipeline, StageTimings, Stopped};

/// A finished document: the response and how long each stage took.
#[derive(Debug)]
pub struct Enriched {
    pub response: pb::EnrichResponse,
    pub timings: StageTimings,
}

impl DocumentJob {
    /// Runs the stages the job asks for and builds the response. The text
    /// moves into the document, never copied; validation warnings come first
    /// among the response's warnings.
    pub fn run(self, pipeline: &Pipeline, interrupt: &dyn Interrupt) -> Result<Enriched, Stopped> {
        let mut timings = StageTimings::new();
        let response = self.run_timed(pipeline, interrupt, &mut timings)?;
        Ok(Enriched { response, timings })
    }

    /// [`run`](Self::run), adding each finished stage's time to `timings`,
    /// also when the run stops early.
    pub fn run_timed(
        self,
        pipeline: &Pipeline,
        interrupt: &dyn Interrupt,
        timings: &mut StageTimings,
    ) -> Result<pb::EnrichResponse, Stopped> {
        let DocumentJob {
            id,
            text,
            options,
            unit,
            warnings,
        } = self;
        let mut doc = Document::new(text);
        doc.warnings = warnings;
        pipeline.run_timed(&mut doc, &options, interrupt, timings)?;
        Ok(convert::response(id, &doc, options.features, unit))
    }
}
