//! Sentence boundaries inside a stretch of running prose.

use super::abbreviations::LanguageAbbreviations;
use super::layout::{is_closing, is_terminal};
use super::trim_span;
use crate::document::Span;

/// Terminals that end a sentence with no white space after them.
fn ends_without_space(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡' | '।' | '॥' | '؟' | '۔' | '።')
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '{' | '「' | '『' | '（' | '【' | '¿' | '¡' | '*' | '_'
    )
}

/// What follows a candidate boundary.
struct Next<'t> {
    /// The first letter or digit after white space and opening punctuation.
    first: Option<char>,
    /// The word it starts, without trailing punctuation.
    word: &'t str,
}

fn next_word(rest: &str) -> Next<'_> {
    let rest = rest.trim_start().trim_start_matches(is_opening);
    let end = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric() && c != '-' && c != '\'')
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    Next {
        first: rest.chars().next(),
        word: &rest[..end],
    }
}

/// The word before a period at byte `at` of `prose`, without its opening
/// punctuation.
fn word_before(prose: &str, at: usize) -> &str {
    let before = &prose[..at];
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    before[start..].trim_start_matches(is_opening)
}

/// Whether a single period after `word` ends the sentence, given what follows.
fn period_ends_sentence(word: &str, next: &Next, abbreviations: &LanguageAbbreviations) -> bool {
    let Some(first) = next.first else { return true };
    if word.is_empty() {
        return !first.is_lowercase();
    }
    if first.is_lowercase() {
        // Web text often starts sentences in lowercase: a period after a
        // plain word (letters only, not an abbreviation, title or initial)
        // still ends one. `e.g. the`, `etc. and`, `Mr. smith` do not.
        let letters_only = word.chars().all(char::is_alphabetic) && word.chars().any(char::is_lowercase);
        let number_like = word.chars().any(|c| c.is_ascii_digit()) && !word.contains('.');
        let plain = word.chars().count() >= 2
            && (letters_only || number_like)
            && !abbreviations.is_title(word)
            && !abbreviations.is_abbreviation(word)
            && !abbreviations.precedes_numbers(word);
        return plain;
    }
    if abbreviations.is_title(word) {
        return false;
    }
    if first.is_ascii_digit() && abbreviations.precedes_numbers(word) {
        return false;
    }
    if word.chars().all(|c| c.is_ascii_digit()) && abbreviations.follows_ordinal(next.word) {
        // `am 3. Oktober`, `5. maddesi`.
        return false;
    }
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let single_letter = letters.next().is_some() && letters.next().is_none() && word.chars().count() <= 2;
    if single_letter && word.chars().all(char::is_alphabetic) && first.is_uppercase() {
        // An initial, as in "James A. Talcott", unless a common sentence
        // starter follows it.
        return abbreviations.is_sentence_starter(next.word);
    }
    // Dotted abbreviations are short letter groups: `U.S`, `e.g`, `a.m`; a URL
    // or file name (`example.com/a.b`) is not one.
    let dotted = word.contains('.')
        && word
            .split('.')
            .all(|part| part.chars().count() <= 3 && part.chars().all(char::is_alphabetic));
    if dotted || abbreviations.is_abbreviation(word) {
        // "U.S. Army" goes on; "in the U.S. The" ends.
        return abbreviations.is_sentence_starter(next.word);
    }
    true
}

/// Whether a text is already tokenized, CoNLL or Penn Treebank style
/// (`the U.S. economy grew .`): its sentence-final periods stand apart, at
/// least three of them and twice as many as periods glued to a word. There a
/// glued period belongs to its token (`Corp.`, `Sr.`) and ends no sentence.
/// Raw prose glues nearly every period: 1 detached against 2,571 glued in
/// the Lee corpus.
pub fn is_pre_tokenized(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (mut detached, mut glued) = (0usize, 0usize);
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        if b != b'.' || !bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace) {
            continue;
        }
        match bytes[i - 1] {
            b' ' => detached += 1,
            b'.' => {}
            c if !c.is_ascii_whitespace() => glued += 1,
            _ => {}
        }
    }
    detached >= 3 && detached >= 2 * glued
}

/// Sentences inside `span` of `text`, trimmed, in order, covering every
/// non-blank character of the span. In `pre_tokenized` text only a period
/// that stands apart ends a sentence.
pub fn sentences(text: &str, span: Span, abbreviations: &LanguageAbbreviations, pre_tokenized: bool) -> Vec<Span> {
    let prose = span.slice(text);
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = prose.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let terminal = is_terminal(c) && (c != ';' || abbreviations.semicolon_asks());
        // `Direct Dial:? 203...`: a `?` glued to a colon is a mangled
        // character, not a question.
        let mangled = c == '?' && prose[..at].ends_with(':');
        if !terminal || mangled {
            continue;
        }
        // Take the whole run of terminals and closers: `?!`, `...`, `."`, `.)`.
        let mut end = at + c.len_utf8();
        let mut run_only_periods = c == '.';
        let mut run_len = 1;
        let mut no_space_needed = ends_without_space(c);
        while let Some(&(i, next)) = chars.peek() {
            if is_terminal(next) && (next != ';' || abbreviations.semicolon_asks()) {
                run_only_periods &= next == '.';
                run_len += 1;
                no_space_needed |= ends_without_space(next);
            } else if !is_closing(next) {
                break;
            }
            end = i + next.len_utf8();
            chars.next();
        }
        let rest = &prose[end..];
        // `"Is it?" she asked`: a closing quote, then lowercase, goes on.
        let quoted = prose[at..end].ends_with(['"', '”', '\'', '’', '»']);
        let boundary = if no_space_needed {
            true
        } else if !rest.starts_with(char::is_whitespace) && !rest.is_empty() {
            false
        } else {
            let next = next_word(rest);
            let lowercase_next = next.first.is_some_and(char::is_lowercase);
            if rest.trim_start().starts_with('.') {
                // A spaced ellipsis, `. . .`, goes on.
                false
            } else if quoted && lowercase_next {
                false
            } else if run_only_periods && run_len == 1 {
                let word = word_before(prose, at);
                if pre_tokenized && !word.is_empty() {
                    // `Industria. Comercio` in CoNLL text: the period is the word's.
                    false
                } else {
                    period_ends_sentence(word, &next, abbreviations)
                }
            } else if run_only_periods {
                // An ellipsis before lowercase trails off mid-sentence.
                !lowercase_next
            } else {
                // `?` and `!` end a sentence whatever follows.
                true
            }
        };
        if boundary {
            let sentence = trim_span(text, Span::new(span.start + start, span.start + end));
            if !sentence.is_empty() {
                out.push(sentence);
            }
            start = end;
        }
    }
    let tail = trim_span(text, Span::new(span.start + start, span.end));
    if !tail.is_empty() {
        out.push(tail);
    }
    out
}
