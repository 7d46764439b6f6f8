//! Sentence boundaries inside a stretch of running prose.

use super::abbreviations::LanguageAbbreviations;
use super::layout::{is_closing, is_terminal};
use super::{lists, trim_span};
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
        // starter or a word written in lowercase follows it (`Henry I.
        // Another copy`).
        return abbreviations.is_sentence_starter(next.word) || abbreviations.is_capitalized_common_word(next.word);
    }
    // Dotted abbreviations are short letter groups: `U.S`, `e.g`, `a.m`; a URL
    // or file name (`example.com/a.b`) is not one.
    let dotted = word.contains('.')
        && word
            .split('.')
            .all(|part| part.chars().count() <= 3 && part.chars().all(char::is_alphabetic));
    if dotted || abbreviations.is_abbreviation(word) {
        // "U.S. Army" goes on; "in the U.S. The" and "at 5 p.m. Dinner"
        // end.
        return abbreviations.is_sentence_starter(next.word) || abbreviations.is_capitalized_common_word(next.word);
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

/// A parenthesized group of the prose: where it opens and closes (bytes),
/// and whether it reads as one inserted remark (no sentence end inside it
/// before its last character).
#[derive(Debug, Clone, Copy)]
struct Group {
    open: usize,
    close: usize,
    one_sentence: bool,
}

/// The prose's balanced parenthesized groups, in order of where they open.
/// Linear, whatever the nesting; unbalanced brackets (`1)`, `:)`) are left
/// out.
fn parenthesized_groups(prose: &str) -> Vec<Group> {
    let mut groups = Vec::new();
    if !prose.as_bytes().contains(&b'(') && !prose.as_bytes().contains(&b'[') {
        return groups;
    }
    let mut open: Vec<(usize, u8, usize)> = Vec::new();
    let mut inner_ends = 0usize;
    // Brackets and the terminals counted here are ASCII; the bytes of other
    // characters never match them. Jump from one such byte to the next.
    let bytes = prose.as_bytes();
    let interesting = |b: &u8| matches!(b, b'(' | b'[' | b')' | b']' | b'.' | b'!' | b'?');
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(interesting) {
        at += offset;
        let b = bytes[at];
        match b {
            b'.' | b'!' | b'?' if bytes.get(at + 1).is_some_and(u8::is_ascii_whitespace) => inner_ends += 1,
            b'(' => open.push((at, b')', inner_ends)),
            b'[' => open.push((at, b']', inner_ends)),
            b')' | b']' if open.last().is_some_and(|&(_, closer, _)| closer == b) => {
                if let Some((opened, _, ends_before)) = open.pop() {
                    groups.push(Group {
                        open: opened,
                        close: at,
                        one_sentence: inner_ends == ends_before,
                    });
                }
            }
            _ => {}
        }
        at += 1;
    }
    groups.sort_unstable_by_key(|g| g.open);
    groups
}

/// Whether the sentence goes on after a parenthesized remark that closes at
/// byte `close`: lowercase, a digit or punctuation follows (`(She said so.)
/// at a small college`, `(see below).`).
fn continues_after(prose: &str, close: usize) -> bool {
    let rest = prose[close..].chars().skip(1).find(|c| !c.is_whitespace());
    rest.is_some_and(|c| {
        c.is_lowercase() || c.is_ascii_digit() || matches!(c, ',' | ';' | ':' | '.' | '!' | '?' | '-' | '–' | '—')
    })
}

/// Where a run of parenthesized groups that opens a sentence ends, if it
/// stands as a sentence of its own: each group holds at most one sentence,
/// only white space separates them, and a capital follows the last one. A
/// source credit, a stage direction or an attachment note between two
/// sentences (`... of Islamic Jihad. (Jerusalem Post) "We're not ...`,
/// `(New Scientist Space) On 3 November, ...`, `(Applause.) The hymn`)
/// belongs to neither. `groups` is sorted by where each opens.
fn standalone_groups_end(prose: &str, groups: &[Group], open: usize) -> Option<usize> {
    let mut end = None;
    let mut at = open;
    while let Ok(i) = groups.binary_search_by_key(&at, |g| g.open) {
        let group = groups[i];
        if !group.one_sentence {
            return None;
        }
        end = Some(group.close + 1);
        let rest = &prose[group.close + 1..];
        at = group.close + 1 + (rest.len() - rest.trim_start().len());
    }
    let end = end?;
    let rest = &prose[end..];
    let spaced = rest.starts_with(char::is_whitespace);
    (spaced && next_word(rest).first.is_some_and(char::is_uppercase)).then_some(end)
}

/// Whether `c`, between `previous` and `next`, is a `quote` mark: an
/// apostrophe inside a word (`don't`) is not one.
fn is_quote_mark(previous: Option<char>, c: char, next: Option<char>, quote: char) -> bool {
    c == quote && !(previous.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric))
}

/// How many straight quotes of each kind the prose holds before a position,
/// counted as the scan moves on so that the whole count stays linear.
#[derive(Default)]
struct QuoteParity {
    scanned: usize,
    previous: Option<char>,
    double: usize,
    single: usize,
}

impl QuoteParity {
    /// Whether the prose before `to` leaves a `quote` open.
    fn open_before(&mut self, prose: &str, to: usize, quote: char) -> bool {
        if to > self.scanned {
            let mut chars = prose[self.scanned..].char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if self.scanned + i >= to {
                    break;
                }
                let next = chars.peek().map(|&(_, n)| n);
                if is_quote_mark(self.previous, c, next, '"') {
                    self.double += 1;
                } else if is_quote_mark(self.previous, c, next, '\'') {
                    self.single += 1;
                }
                self.previous = Some(c);
            }
            self.scanned = to;
        }
        let count = if quote == '"' { self.double } else { self.single };
        count % 2 == 1
    }
}

/// Whether the next sentence of `rest` holds an odd number of `quote`: a
/// quote standing before it then opens a quotation that closes inside it
/// (`1965. " Le Corniaud " consolide ...`) rather than closing an earlier
/// one. Keeps one unbalanced quote earlier in the paragraph from turning
/// every opening quote after it into a closing one.
fn opens_quote_ahead(rest: &str, quote: char) -> bool {
    let mut count = 0usize;
    let mut previous = None;
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if is_terminal(c) && next.is_none_or(char::is_whitespace) {
            break;
        }
        count += usize::from(is_quote_mark(previous, c, next, quote));
        previous = Some(c);
    }
    count % 2 == 1
}

/// Where a closing bracket or quote that stands apart after a sentence's
/// final punctuation ends (`... next day. ) Hop on`, `... the phrase. ' And
/// on April 3`), if it closes something still open: the innermost open group
/// closes there, or the paragraph so far leaves that quote open. A sentence
/// never starts with a closing mark.
fn detached_closer_end(
    prose: &str,
    end: usize,
    innermost_close: Option<usize>,
    quotes: &mut QuoteParity,
) -> Option<usize> {
    let rest = &prose[end..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    let at = end + (rest.len() - trimmed.len());
    let closer = trimmed.chars().next()?;
    let after = trimmed[closer.len_utf8()..].chars().next();
    if at == end || !after.is_none_or(char::is_whitespace) {
        return None;
    }
    let closes = match closer {
        ')' | ']' => innermost_close == Some(at),
        '"' | '\'' => quotes.open_before(prose, at, closer) && !opens_quote_ahead(&trimmed[1..], closer),
        _ => false,
    };
    closes.then_some(at + closer.len_utf8())
}

/// Sentences inside `span` of `text`, trimmed, in order, covering every
/// non-blank character of the span. In `pre_tokenized` text only a period
/// that stands apart ends a sentence.
pub fn sentences(text: &str, span: Span, abbreviations: &LanguageAbbreviations, pre_tokenized: bool) -> Vec<Span> {
    let prose = span.slice(text);
    let mut out = Vec::new();
    let mut start = 0;
    let push = |from: usize, to: usize, out: &mut Vec<Span>| {
        let sentence = trim_span(text, Span::new(span.start + from, span.start + to));
        if !sentence.is_empty() {
            out.push(sentence);
        }
    };
    let markers = lists::item_markers(prose, abbreviations);
    let mut next_marker = markers.iter().peekable();
    let groups = parenthesized_groups(prose);
    let mut next_group = groups.iter().peekable();
    let has_groups = !groups.is_empty();
    let mut quotes = QuoteParity::default();
    // Closing bytes of the groups open at the current position, innermost
    // last, with whether each is a remark inside a sentence that goes on.
    let mut open_groups: Vec<(usize, bool)> = Vec::new();
    let bytes = prose.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if let Some(marker) = next_marker.next_if(|m| m.start <= at) {
            // A list item starts here; its marker's period ends nothing.
            if !prose[start..at].trim().is_empty() {
                push(start, at, &mut out);
                start = at;
            }
            at = at.max(marker.end);
            continue;
        }
        // Most bytes are ASCII letters and spaces: skip them undecoded, up
        // to the next list marker.
        let limit = next_marker.peek().map_or(bytes.len(), |m| m.start.max(at));
        let skipped = bytes[at..limit]
            .iter()
            .position(|&b| {
                b >= 0x80 || matches!(b, b'.' | b'!' | b'?' | b';') || (has_groups && matches!(b, b'(' | b'['))
            })
            .unwrap_or(limit - at);
        if skipped > 0 || bytes[at] & 0xC0 == 0x80 {
            at += skipped.max(1);
            continue;
        }
        if matches!(bytes[at], b'(' | b'[') {
            // Only a group that opens a sentence is looked at, so that each
            // run of groups is walked once.
            let opens_sentence = prose[start..at].trim().is_empty();
            match opens_sentence
                .then(|| standalone_groups_end(prose, &groups, at))
                .flatten()
            {
                Some(end) => {
                    push(start, end, &mut out);
                    start = end;
                    at = end;
                    while next_marker.next_if(|m| m.start < end).is_some() {}
                }
                None => at += 1,
            }
            continue;
        }
        let Some(c) = prose[at..].chars().next() else { break };
        let terminal = is_terminal(c) && (c != ';' || abbreviations.semicolon_asks());
        // `Direct Dial:? 203...`: a `?` glued to a colon is a mangled
        // character, not a question.
        let mangled = c == '?' && prose[..at].ends_with(':');
        if !terminal || mangled {
            at += c.len_utf8();
            continue;
        }
        // The groups open here, innermost last (nested or apart, never
        // crossing).
        while let Some(group) = next_group.next_if(|g| g.open <= at) {
            while open_groups.last().is_some_and(|&(close, _)| close < group.open) {
                open_groups.pop();
            }
            open_groups.push((group.close, group.one_sentence && continues_after(prose, group.close)));
        }
        while open_groups.last().is_some_and(|&(close, _)| close < at) {
            open_groups.pop();
        }
        // Take the whole run of terminals and closers: `?!`, `...`, `."`,
        // `.)`, and a spaced ellipsis `. . .`.
        let mut end = at + c.len_utf8();
        let mut run_only_periods = c == '.';
        let mut run_len = 1;
        let mut no_space_needed = ends_without_space(c);
        loop {
            let rest = &prose[end..];
            let spaced_period = rest.strip_prefix(" .").is_some_and(|after| {
                after
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || c == '.' || is_closing(c))
            });
            if run_only_periods && spaced_period {
                run_len += 1;
                end += 2;
                continue;
            }
            let Some(next) = rest.chars().next() else { break };
            if is_terminal(next) && (next != ';' || abbreviations.semicolon_asks()) {
                run_only_periods &= next == '.';
                run_len += 1;
                no_space_needed |= ends_without_space(next);
            } else if !is_closing(next) {
                break;
            }
            end += next.len_utf8();
        }
        let innermost_close = open_groups.last().map(|&(close, _)| close);
        if let Some(closed) = detached_closer_end(prose, end, innermost_close, &mut quotes) {
            end = closed;
        }
        let rest = &prose[end..];
        // `"Is it?" she asked`: a closing quote, then lowercase, goes on.
        let quoted = prose[at..end].ends_with(['"', '”', '\'', '’', '»']);
        let in_remark = open_groups.last().is_some_and(|&(close, remark)| remark && at < close);
        let boundary = if no_space_needed {
            true
        } else if !rest.starts_with(char::is_whitespace) && !rest.is_empty() {
            false
        } else if in_remark {
            // `(She later said it bored her.) at a small college`.
            false
        } else {
            let next = next_word(rest);
            let lowercase_next = next.first.is_some_and(char::is_lowercase);
            let word = word_before(prose, at);
            if rest.trim_start().starts_with('.') {
                // A spaced ellipsis, `. . .`, goes on.
                false
            } else if quoted && lowercase_next {
                false
            } else if run_only_periods && run_len == 1 {
                if pre_tokenized && !word.is_empty() {
                    // `Industria. Comercio` in CoNLL text: the period is the word's.
                    false
                } else {
                    period_ends_sentence(word, &next, abbreviations)
                }
            } else if run_only_periods {
                // An ellipsis before lowercase trails off mid-sentence; one
                // that opens a sentence belongs to it.
                !lowercase_next && !prose[start..at].trim().is_empty()
            } else if c == '!' && run_len == 1 && lowercase_next {
                // `shares of Yahoo! last week`: a name with an exclamation
                // mark inside a sentence; `Great! thanks` still ends.
                let word_start = at - word.len();
                let name_inside =
                    word.chars().next().is_some_and(char::is_uppercase) && !prose[start..word_start].trim().is_empty();
                !name_inside
            } else {
                // `?` and `!` end a sentence whatever follows.
                true
            }
        };
        if boundary {
            push(start, end, &mut out);
            start = end;
        }
        at = end;
    }
    push(start, prose.len(), &mut out);
    out
}
