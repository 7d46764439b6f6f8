//! The entity models' workshop: training ([`train`], with the word
//! [`clusters`] it learns from unlabeled text) and end-to-end evaluation
//! ([`eval`]).

pub mod clusters;
pub mod eval;
pub mod train;
