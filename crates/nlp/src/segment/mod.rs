//! Sentence segmentation of real text: layout first, then sentences.
//!
//! 1. **Layout** ([`layout`]): lines are grouped into paragraphs (blocks
//!    separated by blank lines). Markdown headings, list items, link-only lines
//!    and separators become their own segments, marked as such so the summary
//!    can skip them; a short unpunctuated first block is a heading, short
//!    unpunctuated lines after it a byline.
//! 2. **Joins**: a paragraph break ends a sentence, except where the paragraph
//!    before it is running prose without final punctuation: then the sentence
//!    goes on in the next paragraph (newswire broken mid-sentence). Hard-wrapped
//!    lines inside a paragraph never end a sentence by themselves.
//! 3. **Boundaries** ([`boundary`]): inside running prose, terminal punctuation
//!    (with its closing quotes and brackets) ends a sentence when white space
//!    and a plausible sentence start follow, unless the word before it is an
//!    abbreviation, an initial or a title from the language's list. CJK full
//!    stops, the danda and friends end sentences without white space.
//! 4. **Web and e-mail text** ([`web`]): mail headers, addresses, sign-offs,
//!    emoticons and separators end sentences that carry no punctuation.

mod abbreviations;
mod boundary;
mod layout;
mod lists;
mod web;

use super::document::{Document, Segment, SegmentKind, Span};
use whatlang::Lang;

pub use abbreviations::Abbreviations;

/// The sentence segmenter. Holds per-language abbreviation tables, built
/// once.
#[derive(Debug)]
pub struct Segmenter {
    abbreviations: Abbreviations,
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl Segmenter {
    pub fn new() -> Self {
        Segmenter {
            abbreviations: Abbreviations::builtin(),
        }
    }

    /// Languages with rules of their own: an abbreviation table, or sentence
    /// punctuation of their script (sorted by code).
    pub fn languages(&self) -> Vec<Lang> {
        let mut languages = self.abbreviations.languages();
        for lang in SCRIPT_RULE_LANGUAGES {
            if !languages.contains(lang) {
                languages.push(*lang);
            }
        }
        languages.sort_by_key(|l| super::language::iso_code(*l));
        languages
    }

    /// Segments `text`: every non-blank stretch of it lands in exactly one
    /// segment, in order, trimmed of white space.
    pub fn segment(&self, text: &str, lang: Option<Lang>) -> Vec<Segment> {
        let abbreviations = self.abbreviations.for_language(lang);
        let by_line_only = lang.is_some_and(writes_without_sentence_punctuation);
        let pre_tokenized = boundary::is_pre_tokenized(text);
        let mut segments = Vec::new();
        for unit in layout::units(text, by_line_only) {
            match unit {
                layout::Unit::Layout(span, kind) => {
                    // `1) Buy milk 2) Call the bank` on one line is two items,
                    // whether the line reads as an item or as a title.
                    let items = match kind {
                        SegmentKind::ListItem | SegmentKind::Heading => lists::split(text, span, &abbreviations),
                        _ => vec![span],
                    };
                    let kind = if items.len() > 1 { SegmentKind::ListItem } else { kind };
                    segments.extend(items.into_iter().map(|span| Segment {
                        span,
                        kind,
                        language: None,
                    }));
                }
                layout::Unit::Prose(span) => {
                    let sentences = boundary::sentences(text, span, &abbreviations, pre_tokenized);
                    for sentence in web::split(text, sentences, span) {
                        segments.push(Segment {
                            span: sentence,
                            kind: SegmentKind::Sentence,
                            language: None,
                        });
                    }
                }
            }
        }
        segments
    }

    /// Runs the stage on a document.
    pub fn annotate(&self, doc: &mut Document) {
        doc.segments = self.segment(&doc.text, doc.lang());
    }
}

/// Languages segmented by their script's own rules rather than a table:
/// CJK full stops, the danda, the Arabic question mark, and lines for Thai
/// and Khmer.
const SCRIPT_RULE_LANGUAGES: &[Lang] = &[Lang::Cmn, Lang::Jpn, Lang::Hin, Lang::Ara, Lang::Tha, Lang::Khm];

/// Scripts whose writers mark sentences rarely or not at all: there a line or
/// paragraph is the unit.
fn writes_without_sentence_punctuation(lang: Lang) -> bool {
    matches!(lang, Lang::Tha | Lang::Khm)
}

/// Trims white space (and the byte-order mark) from both ends of a span.
pub(crate) fn trim_span(text: &str, span: Span) -> Span {
    let slice = span.slice(text);
    let is_blank = |c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}';
    let start_trimmed = slice.trim_start_matches(is_blank);
    let start = span.start + (slice.len() - start_trimmed.len());
    let trimmed = start_trimmed.trim_end_matches(is_blank);
    Span::new(start, start + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<(&str, SegmentKind)> {
        Segmenter::new()
            .segment(text, Some(Lang::Eng))
            .into_iter()
            .map(|s| (s.span.slice(text), s.kind))
            .collect()
    }

    fn texts(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn in_pre_tokenized_text_only_a_detached_period_ends_a_sentence() {
        // CoNLL style: every sentence-final period stands apart, so the
        // glued one in `Industria. Comercio` belongs to its token.
        let conll = "El consejero de Economía, Industria. Comercio , Manuel Amigo , habló hoy . \
La Junta aprobó el plan . El plan entra en vigor en junio .";
        assert_eq!(
            texts(conll),
            vec![
                "El consejero de Economía, Industria. Comercio , Manuel Amigo , habló hoy .",
                "La Junta aprobó el plan .",
                "El plan entra en vigor en junio .",
            ]
        );
        // The same glued period in ordinary prose ends a sentence.
        assert_eq!(
            texts("He ran the ministry of Industria. Comercio rose. The plan works."),
            vec!["He ran the ministry of Industria.", "Comercio rose.", "The plan works."]
        );
    }

    #[test]
    fn splits_plain_sentences_and_keeps_abbreviations_initials_and_titles() {
        assert_eq!(
            texts("Mr. Smith met Dr. James A. Talcott at 2.5 p.m. on Nov. 29. They talked. It rained!"),
            vec![
                "Mr. Smith met Dr. James A. Talcott at 2.5 p.m. on Nov. 29.",
                "They talked.",
                "It rained!"
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            texts("South Korea claims its decision was \"conditional.\" Kim Yu-geun said so."),
            vec![
                "South Korea claims its decision was \"conditional.\"",
                "Kim Yu-geun said so."
            ]
        );
    }

    #[test]
    fn lowercase_after_a_period_does_not_start_a_sentence() {
        assert_eq!(
            texts("See the file config.yaml for e.g. the port. Done."),
            vec!["See the file config.yaml for e.g. the port.", "Done."]
        );
    }

    #[test]
    fn urls_and_emails_do_not_split() {
        assert_eq!(
            texts("Write to jane.doe@example.com or visit https://example.com/a.b. Thanks."),
            vec![
                "Write to jane.doe@example.com or visit https://example.com/a.b.",
                "Thanks."
            ]
        );
    }

    #[test]
    fn cjk_full_stops_end_sentences_without_spaces() {
        let text = "今日は晴れです。明日は雨ですか？はい！";
        let got: Vec<&str> = Segmenter::new()
            .segment(text, Some(Lang::Jpn))
            .iter()
            .map(|s| s.span.slice(text))
            .collect();
        assert_eq!(got, vec!["今日は晴れです。", "明日は雨ですか？", "はい！"]);
    }

    #[test]
    fn headings_bylines_and_links_are_marked_as_layout() {
        let text = "# Big news today\n\nJane Doe  \n25 November 2019\n\nThe council met on Monday. It voted.\n\n- first point\n- second point\n\n**[example.org/contact](https://example.org/contact)**\n";
        assert_eq!(
            sentences(text),
            vec![
                ("# Big news today", SegmentKind::Heading),
                ("Jane Doe", SegmentKind::Byline),
                ("25 November 2019", SegmentKind::Byline),
                ("The council met on Monday.", SegmentKind::Sentence),
                ("It voted.", SegmentKind::Sentence),
                ("- first point", SegmentKind::ListItem),
                ("- second point", SegmentKind::ListItem),
                (
                    "**[example.org/contact](https://example.org/contact)**",
                    SegmentKind::Link
                ),
            ]
        );
    }

    #[test]
    fn a_paragraph_break_inside_a_sentence_does_not_end_it() {
        let text = "Seoul gave in. Washington exerted pressure, including a meeting held late last\n\nThursday night between the two ministers. Kang agreed.";
        assert_eq!(
            texts(text),
            vec![
                "Seoul gave in.",
                "Washington exerted pressure, including a meeting held late last\n\nThursday night between the two ministers.",
                "Kang agreed."
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_do_not_end_sentences() {
        let text =
            "The agreement was signed in\nNovember 2016 and allows the transfer\nof information. It expires soon.";
        assert_eq!(
            texts(text),
            vec![
                "The agreement was signed in\nNovember 2016 and allows the transfer\nof information.",
                "It expires soon."
            ]
        );
    }

    #[test]
    fn crlf_and_bom_are_trimmed_from_segments() {
        let text = "\u{feff}First line here.\r\nSecond one.\r\n";
        assert_eq!(texts(text), vec!["First line here.", "Second one."]);
    }

    #[test]
    fn every_segment_lies_on_char_boundaries_in_order() {
        let text = "Ça va? Oui. 😀 Emoji here! 中文。Done";
        let segs = Segmenter::new().segment(text, None);
        let mut last = 0;
        for s in &segs {
            assert!(s.span.start >= last);
            assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
            last = s.span.end;
        }
        assert_eq!(segs.len(), 5, "{segs:?}");
    }
}
