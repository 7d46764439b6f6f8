//! Language identification in the lab: distilling the n-gram model
//! ([`distil`]) and evaluating the language stage ([`eval`]).

pub mod distil;
pub mod eval;
