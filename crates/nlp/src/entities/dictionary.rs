//! Caller entity dictionaries: terms with a type, matched in the text with an
//! Aho-Corasick automaton, that win over the model where they overlap.
//!
//! A dictionary comes from the server's configuration (a file, loaded once at
//! start-up) or with a request (its own terms, for that request only). A
//! match must be a whole word or phrase: it neither starts nor ends inside a
//! word, so `Korea` does not match inside `Koreans`. Matching is exact and
//! case-sensitive, as names are (`Apple` the company, `apple` the fruit);
//! list each spelling you want found. Overlapping terms resolve to the
//! leftmost, then longest match.

use crate::document::{EntityType, Span};
use aho_corasick::{AhoCorasick, MatchKind};

/// Most terms one dictionary may hold.
pub const MAX_TERMS: usize = 100_000;
/// Longest term, in bytes.
pub const MAX_TERM_BYTES: usize = 256;

/// Why a dictionary could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DictionaryError {
    #[error("term {index} is empty or only white space")]
    EmptyTerm { index: usize },
    #[error("term {index} is {bytes} bytes, over the limit of {MAX_TERM_BYTES}")]
    TermTooLong { index: usize, bytes: usize },
    #[error("{count} terms, over the limit of {MAX_TERMS}")]
    TooManyTerms { count: usize },
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("cannot build the matcher: {0}")]
    Automaton(String),
}

/// A match of a dictionary term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DictionaryMatch {
    pub span: Span,
    pub entity_type: EntityType,
}

/// Terms with their types, compiled into one automaton.
#[derive(Debug, Clone)]
pub struct EntityDictionary {
    automaton: AhoCorasick,
    types: Vec<EntityType>,
}

impl EntityDictionary {
    /// Builds a dictionary from `(term, type)` pairs; terms are trimmed.
    pub fn new(entries: &[(String, EntityType)]) -> Result<Self, DictionaryError> {
        if entries.len() > MAX_TERMS {
            return Err(DictionaryError::TooManyTerms { count: entries.len() });
        }
        let mut terms = Vec::with_capacity(entries.len());
        for (index, (term, _)) in entries.iter().enumerate() {
            let term = term.trim();
            if term.is_empty() {
                return Err(DictionaryError::EmptyTerm { index });
            }
            if term.len() > MAX_TERM_BYTES {
                return Err(DictionaryError::TermTooLong {
                    index,
                    bytes: term.len(),
                });
            }
            terms.push(term);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&terms)
            .map_err(|e| DictionaryError::Automaton(e.to_string()))?;
        Ok(EntityDictionary {
            automaton,
            types: entries.iter().map(|(_, t)| *t).collect(),
        })
    }

    /// Reads a dictionary file: one `TYPE<TAB>term` per line, where TYPE is
    /// PERSON, ORGANIZATION, LOCATION, MISC (or any other entity type name);
    /// blank lines and lines starting with `#` are skipped.
    pub fn parse(source: &str) -> Result<Self, DictionaryError> {
        let mut entries = Vec::new();
        for (n, line) in source.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let Some((type_name, term)) = line.split_once('\t') else {
                return Err(DictionaryError::Line {
                    line: n + 1,
                    message: "expected TYPE<TAB>term".into(),
                });
            };
            let Some(entity_type) = EntityType::from_name(type_name.trim()) else {
                return Err(DictionaryError::Line {
                    line: n + 1,
                    message: format!(
                        "unknown type {:?}; use PERSON, ORGANIZATION, LOCATION or MISC",
                        type_name.trim()
                    ),
                });
            };
            if term.trim().is_empty() {
                return Err(DictionaryError::Line {
                    line: n + 1,
                    message: "the term is empty".into(),
                });
            }
            entries.push((term.to_string(), entity_type));
        }
        Self::new(&entries)
    }

    pub fn len(&self) -> usize {
        self.types.len()
    }

    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// Whole-word matches in `text`, in order, not overlapping.
    pub fn find(&self, text: &str) -> Vec<DictionaryMatch> {
        let is_word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
        self.automaton
            .find_iter(text)
            .filter(|m| {
                // Matches start and end on char boundaries because the terms
                // are valid UTF-8; check the characters around them.
                !is_word_char(text[..m.start()].chars().next_back()) && !is_word_char(text[m.end()..].chars().next())
            })
            .map(|m| DictionaryMatch {
                span: Span::new(m.start(), m.end()),
                entity_type: self.types[m.pattern().as_usize()],
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_word_terms_match_leftmost_longest_with_their_types() {
        let dictionary = EntityDictionary::new(&[
            ("GSOMIA".into(), EntityType::Misc),
            ("Korea".into(), EntityType::Location),
            ("South Korea".into(), EntityType::Location),
            ("Nippon Steel".into(), EntityType::Organization),
        ])
        .expect("valid");
        let text = "South Korea kept GSOMIA; Koreans and Nippon Steel's lawyers noticed.";
        let found: Vec<(&str, EntityType)> = dictionary
            .find(text)
            .iter()
            .map(|m| (m.span.slice(text), m.entity_type))
            .collect();
        assert_eq!(
            found,
            vec![
                ("South Korea", EntityType::Location),
                ("GSOMIA", EntityType::Misc),
                ("Nippon Steel", EntityType::Organization)
            ]
        );
    }

    #[test]
    fn dictionary_files_report_the_line_that_is_wrong() {
        let parsed = EntityDictionary::parse("# terms\nORGANIZATION\tNippon Steel\n\nMISC\tGSOMIA\n").expect("valid");
        assert_eq!(parsed.len(), 2);
        assert_eq!(
            EntityDictionary::parse("PERSON\tAbe\nPLANET\tMars\n").unwrap_err(),
            DictionaryError::Line {
                line: 2,
                message: "unknown type \"PLANET\"; use PERSON, ORGANIZATION, LOCATION or MISC".into()
            }
        );
        assert!(matches!(
            EntityDictionary::parse("Abe\n"),
            Err(DictionaryError::Line { line: 1, .. })
        ));
    }
}
