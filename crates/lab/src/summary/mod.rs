//! Training the summary stage's content model from extractive references.

pub mod train;
