//! End-to-end evaluations of the stages on gold data.
//!
//! - [`language`]: accuracy per language on the UDHR translations;
//! - [`sentences`]: boundary precision, recall and F1;
//! - [`summary`]: coverage of extractive references and loadedness;
//! - [`neutrality`]: loadedness of summaries by a judge that did not choose them.

pub mod neutrality;
pub mod sentences;
pub mod summary;
