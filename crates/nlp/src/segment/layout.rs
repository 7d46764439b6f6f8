//! Layout: which stretches of the text are running prose and which are
//! headings, bylines, list items, links and other non-sentences.

use super::trim_span;
use crate::document::{SegmentKind, Span};

/// A piece of the text at the layout level.
#[derive(Debug, Clone, PartialEq)]
pub enum Unit {
    /// A layout line, segmented as a whole.
    Layout(Span, SegmentKind),
    /// Running prose, to be split into sentences; may span several lines and
    /// paragraphs.
    Prose(Span),
}

/// A heading line of plain text has at most this many words.
const MAX_HEADING_WORDS: usize = 15;
/// Each line of a byline has at most this many words.
const MAX_BYLINE_WORDS: usize = 10;
/// A paragraph is running prose, not a title, when it has more words than
/// this or a sentence end inside it.
const MIN_PROSE_WORDS: usize = 12;

/// Terminal punctuation that may end a paragraph's last sentence.
pub(super) fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '。'
            | '！'
            | '？'
            | '｡'
            | '।'
            | '॥'
            | '؟'
            | ';'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '։'
            | '።'
            | '۔'
            | '჻'
    )
}

/// Closing quotes, brackets and emphasis that may follow terminal punctuation.
pub(super) fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』' | '）' | '】' | '*' | '_'
    )
}

fn ends_with_terminal(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(is_closing)
        .chars()
        .next_back()
        .is_some_and(is_terminal)
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Line spans (without their terminators), blank ones included.
fn lines(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(Span::new(start, i));
                i += 1;
                start = i;
            }
            b'\r' => {
                out.push(Span::new(start, i));
                i += if bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                start = i;
            }
            // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR.
            0xE2 if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8) | Some(0xA9)) => {
                out.push(Span::new(start, i));
                i += 3;
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push(Span::new(start, bytes.len()));
    out
}

/// The layout kind of a line on its own, from its markup.
fn marked_kind(line: &str) -> Option<SegmentKind> {
    let t = line.trim().trim_start_matches('\u{feff}');
    if t.is_empty() {
        return None;
    }
    let hashes = t.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && t[hashes..].chars().next().is_none_or(|c| c == ' ' || c == '\t') {
        return Some(SegmentKind::Heading);
    }
    if is_list_item(t) {
        return Some(SegmentKind::ListItem);
    }
    if is_link_only(t) {
        return Some(SegmentKind::Link);
    }
    if t.chars().count() >= 3
        && t.chars()
            .all(|c| matches!(c, '-' | '*' | '_' | '=' | '~' | '+' | '|' | ':' | ' '))
    {
        return Some(SegmentKind::Other);
    }
    if t.len() > 1 && t.starts_with('|') && t.ends_with('|') {
        return Some(SegmentKind::Other);
    }
    None
}

fn is_list_item(t: &str) -> bool {
    let mut chars = t.chars();
    match chars.next() {
        Some('-' | '*' | '+' | '•' | '◦' | '▪' | '‣' | '–') => {
            chars.next().is_some_and(|c| c == ' ' || c == '\t')
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
            let rest = &t[digits..];
            digits <= 3 && (rest.starts_with(". ") || rest.starts_with(") ") || rest.starts_with(".\t"))
        }
        Some(c) if c.is_ascii_lowercase() => t[1..].starts_with(") "),
        _ => false,
    }
}

fn is_link_only(t: &str) -> bool {
    let stripped = t.trim_matches(|c: char| matches!(c, '*' | '_' | '<' | '>' | ' '));
    if stripped.is_empty() || stripped.contains(char::is_whitespace) && !stripped.starts_with('[') {
        return false;
    }
    if stripped.starts_with('[') {
        // [label](target), nothing after it.
        if let Some(close) = stripped.find("](") {
            return stripped.ends_with(')') && !stripped[close + 2..stripped.len() - 1].contains(char::is_whitespace);
        }
        return false;
    }
    stripped.starts_with("http://") || stripped.starts_with("https://") || stripped.starts_with("www.")
}

/// A run of prose lines inside one paragraph, before joins and titles.
#[derive(Debug)]
struct ProseBlock {
    lines: Vec<Span>,
    /// Whether the block is a whole paragraph (no layout lines beside it).
    whole_paragraph: bool,
}

enum Piece {
    Layout(Span, SegmentKind),
    Prose(ProseBlock),
}

/// Splits the text into layout units. With `by_line_only`, each prose line is
/// its own unit and no titles are inferred (scripts without sentence
/// punctuation).
pub fn units(text: &str, by_line_only: bool) -> Vec<Unit> {
    let pieces = pieces(text);
    let lowercase_starts = writes_lowercase_starts(text, &pieces);
    let mut units = Vec::new();
    let mut after_heading = false;
    let mut seen_prose = false;
    let mut i = 0;
    while i < pieces.len() {
        match &pieces[i] {
            Piece::Layout(span, kind) => {
                after_heading = *kind == SegmentKind::Heading;
                units.push(Unit::Layout(*span, *kind));
                i += 1;
            }
            Piece::Prose(block) => {
                if by_line_only {
                    units.extend(block.lines.iter().map(|&l| Unit::Prose(l)));
                    i += 1;
                    continue;
                }
                let span = Span::new(block.lines[0].start, block.lines[block.lines.len() - 1].end);
                let body = span.slice(text);
                let last_line = block.lines[block.lines.len() - 1].slice(text);
                let terminal = ends_with_terminal(last_line);
                let words = word_count(body);
                let short_lines = block
                    .lines
                    .iter()
                    .all(|l| word_count(l.slice(text)) <= MAX_BYLINE_WORDS);
                let unpunctuated_lines = block.lines.iter().all(|l| !ends_with_terminal(l.slice(text)));
                let starts_by = body.trim_start().starts_with("By ");

                if block.whole_paragraph && after_heading && block.lines.len() <= 3 && short_lines && unpunctuated_lines
                    || block.whole_paragraph && starts_by && short_lines && unpunctuated_lines
                {
                    units.extend(block.lines.iter().map(|&l| Unit::Layout(l, SegmentKind::Byline)));
                    after_heading = false;
                    i += 1;
                    continue;
                }
                after_heading = false;
                let continues = last_line.trim_end().ends_with([',', ':', ';', '-', '–']);
                if block.whole_paragraph
                    && block.lines.len() == 1
                    && !terminal
                    && !continues
                    && words <= MAX_HEADING_WORDS
                    && (!seen_prose || words < MIN_PROSE_WORDS)
                    && !has_inner_sentence_end(body)
                    // A mail or news header line (`Email: a@b.net Groups:
                    // ...`) holds sentence ends that punctuation does not
                    // mark; a title holds none.
                    && super::web::boundaries(body).is_empty()
                {
                    units.push(Unit::Layout(span, SegmentKind::Heading));
                    after_heading = true;
                    i += 1;
                    continue;
                }
                seen_prose = true;
                // Lines the author broke by hand are sentences of their own;
                // the last run of lines may go on in the next paragraph.
                let mut run_start = span.start;
                for &at in &hand_breaks(text, &block.lines) {
                    units.push(Unit::Prose(Span::new(run_start, block.lines[at].end)));
                    run_start = block.lines[at + 1].start;
                }
                let span = Span::new(run_start, span.end);
                // Join following paragraphs while this one stops mid-sentence.
                let mut end = span.end;
                let mut last_terminal = terminal;
                let mut j = i + 1;
                let is_prose_paragraph = words > MIN_PROSE_WORDS || has_inner_sentence_end(body);
                // Only a paragraph that stops on a word runs on into the next
                // (`late last` / `Thursday night`); one that ends with `:` or
                // `,` introduces what follows (`Excerpt:`, `Dear Nina,`).
                let stops_on_word = last_line
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
                if is_prose_paragraph && stops_on_word {
                    while !last_terminal {
                        match pieces.get(j) {
                            Some(Piece::Prose(next))
                                if next.whole_paragraph
                                    && runs_on(
                                        Span::new(span.start, end).slice(text),
                                        next.lines[0].slice(text),
                                        lowercase_starts,
                                    ) =>
                            {
                                let last = next.lines[next.lines.len() - 1];
                                end = last.end;
                                let last_text = last.slice(text).trim_end();
                                last_terminal = ends_with_terminal(last_text)
                                    || !last_text.chars().next_back().is_some_and(char::is_alphanumeric);
                                j += 1;
                            }
                            _ => break,
                        }
                    }
                }
                let joined = Span::new(span.start, end);
                // "To contact us visit:" followed by a link is a footer, not prose.
                let footer = matches!(pieces.get(j), Some(Piece::Layout(_, SegmentKind::Link)))
                    && joined.slice(text).trim_end().ends_with(':');
                if footer {
                    units.push(Unit::Layout(trim_span(text, joined), SegmentKind::Other));
                } else {
                    units.push(Unit::Prose(joined));
                }
                i = j;
            }
        }
    }
    units
}

/// Lines of a prose block (by index) after which the author broke the line
/// by hand where a sentence ends: the next line's first word would have fit
/// on it, so no wrapping put the break there (`Hi Anna` / `Thanks for the
/// note.`), or most lines of the block stop early; the line does not stop
/// on a comma, a hyphen or a word that cannot end a sentence; and the next
/// line starts as a sentence does (a capital, a digit, a quote or a
/// bracket). Hard-wrapped prose fills its lines to the width of the
/// longest, so it never qualifies.
fn hand_breaks(text: &str, lines: &[Span]) -> Vec<usize> {
    if lines.len() < 2 {
        return Vec::new();
    }
    let width = lines.iter().map(|l| l.slice(text).chars().count()).max().unwrap_or(0);
    let would_fit: Vec<bool> = lines
        .windows(2)
        .map(|pair| {
            let next_word = pair[1].slice(text).split_whitespace().next().unwrap_or("");
            pair[0].slice(text).trim_end().chars().count() + 1 + next_word.chars().count() <= width
        })
        .collect();
    // Where half the lines or more stop early, the author breaks every line
    // by hand, the longest too.
    let by_hand = would_fit.iter().filter(|&&f| f).count() * 2 >= would_fit.len();
    let mut out = Vec::new();
    for (i, pair) in lines.windows(2).enumerate() {
        let (line, next) = (pair[0].slice(text).trim_end(), pair[1].slice(text).trim_start());
        let last_word = line.rsplit(char::is_whitespace).next().unwrap_or("");
        let stops_open = line.ends_with([',', ';', ':', '-', '–', '—', '&', '(', '/'])
            || NON_FINAL_WORDS.contains(&last_word.to_lowercase().as_str());
        let starts_sentence = next
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '\'' | '‘' | '(' | '['));
        if (would_fit[i] || by_hand) && !stops_open && starts_sentence && !ends_with_terminal(line) {
            out.push(i);
        }
    }
    out
}

/// Words that rarely end an English sentence: articles, prepositions,
/// conjunctions, auxiliaries and modifiers waiting for their noun (`late
/// last` / `Thursday night`). A paragraph that stops on one runs on.
const NON_FINAL_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "into", "onto", "about", "against",
    "between", "through", "during", "before", "after", "over", "under", "and", "or", "but", "nor", "as", "than",
    "that", "which", "who", "whose", "whom", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will",
    "would", "can", "could", "should", "may", "might", "must", "its", "his", "her", "their", "our", "your", "my",
    "this", "these", "those", "last", "next", "early", "late", "very", "more", "most", "such", "both", "either",
    "neither", "not",
];

/// Whether a paragraph break between `before` and `after` falls inside a
/// sentence: the text before cannot end one, or the text after cannot start
/// one. A lowercase start proves nothing in text whose author starts
/// sentences in lowercase (`lowercase_starts`).
fn runs_on(before: &str, after: &str, lowercase_starts: bool) -> bool {
    let last_word = before.trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
    let starts_lowercase = after.trim_start().chars().next().is_some_and(char::is_lowercase);
    starts_lowercase && !lowercase_starts || NON_FINAL_WORDS.contains(&last_word.to_lowercase().as_str())
}

/// Whether the author starts sentences in lowercase (chat, forums, reviews):
/// some paragraph that starts in lowercase follows one that ended with
/// terminal punctuation, so it cannot be a continuation.
fn writes_lowercase_starts(text: &str, pieces: &[Piece]) -> bool {
    pieces.windows(2).any(|pair| match pair {
        [Piece::Prose(before), Piece::Prose(after)] if after.whole_paragraph => {
            let ended = before.lines.last().is_some_and(|l| ends_with_terminal(l.slice(text)));
            ended
                && after.lines[0]
                    .slice(text)
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
        }
        _ => false,
    })
}

fn has_inner_sentence_end(body: &str) -> bool {
    let trimmed = body.trim_end();
    trimmed.char_indices().any(|(at, c)| {
        is_terminal(c) && trimmed[at + c.len_utf8()..].starts_with(' ') && at + c.len_utf8() < trimmed.len()
    })
}

/// Paragraphs split into layout lines and prose blocks, in order.
fn pieces(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut paragraph: Vec<Span> = Vec::new();
    let all_lines = lines(text);
    let flush = |paragraph: &mut Vec<Span>, pieces: &mut Vec<Piece>| {
        if paragraph.is_empty() {
            return;
        }
        let kinds: Vec<Option<SegmentKind>> = paragraph.iter().map(|l| marked_kind(l.slice(text))).collect();
        let all_prose = kinds.iter().all(Option::is_none);
        let mut prose: Vec<Span> = Vec::new();
        let mut last_item: Option<usize> = None;
        for (line, kind) in paragraph.iter().zip(&kinds) {
            match kind {
                Some(kind) => {
                    if !prose.is_empty() {
                        pieces.push(Piece::Prose(ProseBlock {
                            lines: std::mem::take(&mut prose),
                            whole_paragraph: false,
                        }));
                    }
                    pieces.push(Piece::Layout(trim_span(text, *line), *kind));
                    last_item = (*kind == SegmentKind::ListItem).then(|| pieces.len() - 1);
                }
                None => {
                    // An indented line after a list item continues that item.
                    let indented = line.slice(text).starts_with([' ', '\t']);
                    if let (Some(at), true, true) = (last_item, indented, prose.is_empty()) {
                        if let Piece::Layout(span, _) = &mut pieces[at] {
                            span.end = trim_span(text, *line).end;
                        }
                        continue;
                    }
                    last_item = None;
                    let trimmed = trim_span(text, *line);
                    prose.push(trimmed);
                }
            }
        }
        if !prose.is_empty() {
            pieces.push(Piece::Prose(ProseBlock {
                lines: prose,
                whole_paragraph: all_prose,
            }));
        }
        paragraph.clear();
    };
    for line in all_lines {
        if trim_span(text, line).is_empty() {
            flush(&mut paragraph, &mut pieces);
        } else {
            paragraph.push(line);
        }
    }
    flush(&mut paragraph, &mut pieces);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_markers_and_link_lines_are_recognised() {
        assert_eq!(marked_kind("1. First"), Some(SegmentKind::ListItem));
        assert_eq!(marked_kind("* item"), Some(SegmentKind::ListItem));
        assert_eq!(marked_kind("https://example.com/x"), Some(SegmentKind::Link));
        assert_eq!(marked_kind("[home](https://example.com)"), Some(SegmentKind::Link));
        assert_eq!(marked_kind("---"), Some(SegmentKind::Other));
        assert_eq!(marked_kind("#hashtag is not a heading"), None);
        assert_eq!(marked_kind("2019 was a year."), None);
    }
}
