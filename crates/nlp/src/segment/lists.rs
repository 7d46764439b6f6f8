//! List items written inside a line: `1) Buy milk 2) Call the bank`,
//! `a. Red b. Green c. Blue`, `• First point • Second point`.
//!
//! A marker alone proves little (`in 2. Then`, `am 3. Oktober`), a run of
//! them does: a marker starts an item when it is one of two or more markers
//! of the same style numbered in sequence (1, 2, 3 or a, b, c). Bullets need
//! no numbering. Markers closed by a period (`1.`, `a.`) look like ordinals
//! and sentence-final numbers, so their run must start where an item can
//! (the start of the text, after a sentence end, a colon or a bullet) and
//! each must be followed by a capital or a digit that is not a month or
//! another word that follows ordinals.

use super::abbreviations::LanguageAbbreviations;
use super::layout::is_terminal;
use super::trim_span;
use crate::document::Span;
use std::collections::HashMap;

/// How a marker is written: its kind of counter and its punctuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Counter {
    Number,
    Lower,
    Upper,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Punctuation {
    /// `1.`
    Period,
    /// `1)`
    Paren,
    /// `1.)`
    PeriodParen,
    /// `(1)`
    Enclosed,
}

/// A list marker found in prose, with its byte span.
#[derive(Debug, Clone, Copy)]
pub struct Marker {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    marker: Marker,
    counter: Counter,
    punctuation: Punctuation,
    value: u32,
    /// Whether an item may start here without a marker before it.
    at_item_start: bool,
}

pub fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '◦' | '▪' | '‣' | '●' | '○' | '■' | '□' | '►' | '▸')
}

/// Reads a marker word (white space on both sides): its counter, value and
/// punctuation.
fn parse(word: &str) -> Option<(Counter, u32, Punctuation)> {
    let (inner, punctuation) = if let Some(inner) = word.strip_prefix('(').and_then(|w| w.strip_suffix(')')) {
        (inner, Punctuation::Enclosed)
    } else if let Some(inner) = word.strip_suffix(".)") {
        (inner, Punctuation::PeriodParen)
    } else if let Some(inner) = word.strip_suffix(')') {
        (inner, Punctuation::Paren)
    } else if let Some(inner) = word.strip_suffix('.') {
        (inner, Punctuation::Period)
    } else {
        return None;
    };
    let bytes = inner.as_bytes();
    match bytes {
        [c] if c.is_ascii_lowercase() => Some((Counter::Lower, u32::from(c - b'a'), punctuation)),
        [c] if c.is_ascii_uppercase() => Some((Counter::Upper, u32::from(c - b'A'), punctuation)),
        _ if (1..=3).contains(&bytes.len()) && bytes.iter().all(u8::is_ascii_digit) => {
            Some((Counter::Number, inner.parse().ok()?, punctuation))
        }
        _ => None,
    }
}

/// The markers in `prose` that start list items, in order. Linear in the
/// length of the prose.
pub fn item_markers(prose: &str, abbreviations: &LanguageAbbreviations) -> Vec<Marker> {
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut bullets = Vec::new();
    for (start, end) in short_words(prose) {
        let word = &prose[start..end];
        let mut chars = word.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if is_bullet(c) {
                bullets.push(Marker { start, end });
                continue;
            }
        }
        let Some((counter, value, punctuation)) = parse(word) else {
            continue;
        };
        let before = prose[..start].trim_end();
        let at_item_start = before.is_empty()
            || before.ends_with(':')
            || before
                .chars()
                .next_back()
                .is_some_and(|c| is_terminal(c) || is_bullet(c))
            || prose[before.len()..start].contains('\n');
        if punctuation == Punctuation::Period {
            // `1. Pack`, `a. Red`: a capital or a digit follows, and not a
            // word that follows ordinals (`3. Oktober`).
            let rest = prose[end..].trim_start();
            let next = rest.split(char::is_whitespace).next().unwrap_or("");
            let next = next.trim_end_matches(|c: char| !c.is_alphanumeric());
            let starts_item = next
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
            if !starts_item || abbreviations.follows_ordinal(next) {
                continue;
            }
        }
        candidates.push(Candidate {
            marker: Marker { start, end },
            counter,
            punctuation,
            value,
            at_item_start,
        });
    }
    // Chain markers of one style numbered in sequence; keep chains of two
    // or more. `open` maps a style and the value it waits for to its chain.
    let mut chains: Vec<Vec<usize>> = Vec::new();
    let mut open: HashMap<(Counter, Punctuation, u32), usize> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        let chain = match open.remove(&(c.counter, c.punctuation, c.value)) {
            Some(chain) => {
                chains[chain].push(i);
                chain
            }
            None => {
                if c.punctuation == Punctuation::Period && !c.at_item_start {
                    continue;
                }
                chains.push(vec![i]);
                chains.len() - 1
            }
        };
        open.insert((c.counter, c.punctuation, c.value + 1), chain);
    }
    let mut markers: Vec<Marker> = chains
        .iter()
        .filter(|chain| chain.len() >= 2)
        .flatten()
        .map(|&i| candidates[i].marker)
        .chain(bullets)
        .collect();
    markers.sort_by_key(|m| m.start);
    // `• 3. First point`: a number right after a bullet belongs to its item.
    let mut previous_end = None;
    markers.retain(|m| {
        let follows_marker = previous_end.is_some_and(|end| prose[end..m.start].trim().is_empty());
        previous_end = Some(m.end);
        !follows_marker
    });
    markers
}

/// Splits `span` of `text` before each list item that starts inside it.
pub fn split(text: &str, span: Span, abbreviations: &LanguageAbbreviations) -> Vec<Span> {
    let line = span.slice(text);
    let mut out = Vec::new();
    let mut start = 0;
    for marker in item_markers(line, abbreviations) {
        if !line[start..marker.start].trim().is_empty() {
            out.push(trim_span(
                text,
                Span::new(span.start + start, span.start + marker.start),
            ));
            start = marker.start;
        }
    }
    out.push(trim_span(text, Span::new(span.start + start, span.end)));
    out
}

/// The byte spans of the words that could be markers (`12.)`, `(a)`, `•`),
/// separated by white space. Scans bytes: most words are longer or end
/// otherwise, and are skipped without decoding them.
fn short_words(prose: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    const LONGEST_MARKER: usize = 5;
    let bytes = prose.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while at < bytes.len() && !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            // A marker ends in `.` or `)`, or is a bullet (all of which
            // start with the byte 0xE2 in UTF-8).
            let could_be_marker = |last: u8| matches!(last, b'.' | b')') || bytes[start] == 0xE2 && at - start == 3;
            if at > start && at - start <= LONGEST_MARKER && could_be_marker(bytes[at - 1]) {
                return Some((start, at));
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Abbreviations;
    use whatlang::Lang;

    fn markers(text: &str, lang: Lang) -> Vec<&str> {
        let abbreviations = Abbreviations::builtin();
        item_markers(text, &abbreviations.for_language(Some(lang)))
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect()
    }

    #[test]
    fn numbered_and_lettered_runs_are_items() {
        assert_eq!(markers("1) Buy milk 2) Call the bank", Lang::Eng), ["1)", "2)"]);
        assert_eq!(markers("1.) Buy milk 2.) Call", Lang::Eng), ["1.)", "2.)"]);
        assert_eq!(markers("a. Red b. Green c. Blue", Lang::Eng), ["a.", "b.", "c."]);
        assert_eq!(markers("Steps: (a) mix (b) bake", Lang::Eng), ["(a)", "(b)"]);
        assert_eq!(markers("• 3. First point • 4. Second point", Lang::Eng), ["•", "•"]);
    }

    #[test]
    fn lone_numbers_and_ordinals_are_not_items() {
        assert!(markers("He came 2. Then he left.", Lang::Eng).is_empty());
        assert!(markers("Am 3. Oktober und am 4. November.", Lang::Deu).is_empty());
        assert!(markers("It rose in 2019. 2020 was worse.", Lang::Eng).is_empty());
        assert!(markers("Pages 1) and 3) differ.", Lang::Eng).is_empty());
    }
}
