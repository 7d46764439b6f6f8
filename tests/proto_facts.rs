//! The proto's comments state limits and defaults that code generation
//! cannot carry; each is checked here against the constant the code reads,
//! so the contract and the code cannot drift apart.

use enrich::api::convert::{MAX_EXPECTED_LANGUAGES, MAX_ID_BYTES, MAX_REQUEST_TERMS, MAX_SUMMARY_SENTENCES};
use enrich_nlp::entities::dictionary::MAX_TERM_BYTES;
use enrich_nlp::SummaryOptions;

const PROTO: &str = include_str!("../proto/enrich/v1/enrich.proto");

/// The proto with comment markers and line breaks folded, so a fact may
/// wrap across comment lines.
fn comments() -> String {
    PROTO
        .lines()
        .map(|l| l.trim().trim_start_matches("//").trim())
        .collect::<Vec<_>>()
        .join(" ")
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn assert_states(fact: &str) {
    assert!(comments().contains(fact), "the proto should say {fact:?}");
}

#[test]
fn the_summary_defaults_and_bounds_in_the_proto_are_the_codes() {
    let defaults = SummaryOptions::default();
    assert_states(&format!(
        "Most sentences to choose, 1 to {MAX_SUMMARY_SENTENCES}. Not set: {}.",
        defaults.max_sentences
    ));
    assert_states(&format!("Not set: {}.", defaults.neutrality_weight));
    assert_eq!(defaults.max_characters, None);
    assert_states("Not set: no character budget.");
}

#[test]
fn the_dictionary_limits_in_the_proto_are_the_codes() {
    assert_states(&format!(
        "At most {} terms of at most {MAX_TERM_BYTES} bytes each.",
        thousands(MAX_REQUEST_TERMS)
    ));
}

#[test]
fn the_language_priors_and_alternatives_in_the_proto_are_the_codes() {
    use enrich_nlp::language::{Settings, MAX_ALTERNATIVES, MIN_ALTERNATIVE};
    let settings = Settings::DEFAULT;
    assert_states(&format!("Used as a strong prior ({} to 1)", settings.hint_odds));
    assert_states(&format!(
        "each listed language's odds are multiplied by {}",
        settings.expected_odds
    ));
    assert_eq!(MAX_ALTERNATIVES, 3);
    assert_states(&format!("at most three, each at least {MIN_ALTERNATIVE}"));
}

#[test]
fn the_document_id_and_expected_language_limits_in_the_proto_are_the_codes() {
    assert_states(&format!("non-empty ids must be unique. At most {MAX_ID_BYTES} bytes."));
    assert_states(&format!("At most {MAX_EXPECTED_LANGUAGES} codes;"));
}
