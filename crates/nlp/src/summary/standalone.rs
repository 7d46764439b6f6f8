//! Whether a sentence still makes sense lifted out of its document.
//!
//! An extractive summary shows sentences without their neighbours, so a
//! sentence that leans on the one before it reads wrong on its own: it
//! opens with a pronoun or a connective (`It is seen as ...`, `Yet ...`,
//! `The latter told ...`), or it is a piece of a quotation whose speaker is
//! named in another sentence. Such sentences are not wrong to choose, but an
//! editor picks a self-contained one when there is one, and the content
//! model ([`super::content`]) counts the problems against a sentence.

use super::neutrality::ATTRIBUTION;

/// Openers that refer back to an earlier sentence.
const DEPENDENT_OPENERS: &[&[&str]] = &[
    &["it"],
    &["this"],
    &["these"],
    &["those"],
    &["that"],
    &["he"],
    &["she"],
    &["they"],
    &["his"],
    &["her"],
    &["their"],
    &["its"],
    &["such"],
    &["yet"],
    &["but"],
    &["however"],
    &["also"],
    &["and"],
    &["so"],
    &["nevertheless"],
    &["still"],
    &["instead"],
    &["then"],
    &["the", "latter"],
    &["the", "former"],
    &["in", "response"],
    &["by", "then"],
];

const OPENING_QUOTES: &[char] = &['"', '“', '‘'];
const CLOSING_QUOTES: &[char] = &['"', '”', '’'];

/// How much the sentence leans on its neighbours: 0 when it stands alone, 1
/// for an opener that refers back or the tail of a quotation opened in an
/// earlier sentence (`... 2.5 percent,” Moon stated.`: of what?), 2 for a
/// quotation fragment with no speaker (the reader cannot even tell whose
/// words they are), 3 for an opener and such a fragment.
pub fn context_dependence(sentence: &str) -> u8 {
    let trimmed = sentence.trim();
    let words: Vec<String> = trimmed
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .take(3)
        .map(str::to_lowercase)
        .collect();
    let opener = DEPENDENT_OPENERS
        .iter()
        .any(|o| words.len() > o.len() && words.iter().zip(o.iter()).all(|(w, o)| w == o));
    let fragment = match quote_fragment(trimmed) {
        QuoteFragment::None => 0,
        QuoteFragment::Attributed => 1,
        QuoteFragment::Unattributed => 2,
    };
    (u8::from(opener) + fragment).min(3)
}

enum QuoteFragment {
    None,
    /// The tail of a quotation, with its speaker named.
    Attributed,
    Unattributed,
}

/// True when the sentence needs another sentence to be understood.
#[cfg(test)]
pub fn depends_on_context(sentence: &str) -> bool {
    context_dependence(sentence) > 0
}

/// A sentence that opens inside a quotation, or closes one it did not open:
/// a fragment of someone's words. Without a speaker named, a fragment of
/// them without the someone.
fn quote_fragment(sentence: &str) -> QuoteFragment {
    let opens = sentence.starts_with(OPENING_QUOTES);
    let quote_marks = sentence
        .chars()
        .filter(|c| OPENING_QUOTES.contains(c) || CLOSING_QUOTES.contains(c))
        .count();
    let closes_unopened = !opens && quote_marks % 2 == 1;
    if !opens && !closes_unopened {
        return QuoteFragment::None;
    }
    let lower = sentence.to_lowercase();
    let attributed = lower
        .split(|c: char| !c.is_alphabetic())
        .any(|w| ATTRIBUTION.contains(&w));
    match (attributed, closes_unopened) {
        (false, _) => QuoteFragment::Unattributed,
        (true, true) => QuoteFragment::Attributed,
        (true, false) => QuoteFragment::None,
    }
}

#[cfg(test)]
mod tests {
    use super::{context_dependence, depends_on_context};

    #[test]
    fn pronoun_and_connective_openers_depend_on_the_sentence_before() {
        assert!(depends_on_context("It is seen as a key aspect of the missile network."));
        assert!(depends_on_context("Yet Japan claims otherwise."));
        assert!(depends_on_context(
            "The latter told his counterpart last Friday that it mattered."
        ));
        assert!(!depends_on_context(
            "Seoul extended the agreement hours before it lapsed."
        ));
        assert!(
            !depends_on_context("Items were sold at the market."),
            "`Items` is not `It`"
        );
    }

    #[test]
    fn quotation_fragments_without_a_speaker_depend_on_context() {
        assert_eq!(
            context_dependence("“Yet Japan claims that it cannot trust South Korea in security terms.”"),
            3
        );
        assert_eq!(context_dependence("Yet Japan claims otherwise."), 1);
        assert!(depends_on_context(
            "\"We also want to cooperate with Japan as much as possible."
        ));
        assert_eq!(
            context_dependence("In its case, it's close to 2.5 percent,” Moon stated."),
            1,
            "the tail of an earlier quotation"
        );
        assert!(!depends_on_context("\"The deal will hold,\" the minister said."));
    }
}
