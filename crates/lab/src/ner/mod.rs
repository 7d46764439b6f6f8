//! The entity models' workshop: training ([`train`], with the word
//! [`clusters`] it learns from unlabeled text or groups from pretrained
//! [`embeddings`], and [`adapt`]ing to corpora annotated by other
//! conventions) and end-to-end evaluation ([`eval`]).

pub mod adapt;
pub mod clusters;
pub mod embeddings;
pub mod eval;
pub mod train;
