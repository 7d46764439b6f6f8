//! Word tokens with byte offsets, for the entity and summary stages.
//!
//! Works on raw text and on space-joined CoNLL text alike: white space
//! separates chunks; opening and closing punctuation is peeled off each
//! chunk; a final period stays on abbreviations (`U.S.`, `Mr.`, initials) and
//! is split off elsewhere; possessives and `n't` become their own tokens
//! (`Seoul's` gives `Seoul` + `'s`), as in the Penn Treebank convention
//! CoNLL follows; and an elided French or Italian article or pronoun is
//! split off the word it precedes (`l'Élysée` gives `l` + `'` + `Élysée`),
//! as the French and Italian training corpora's `l' Élysée` tokenizes, so a
//! name after it is read as trained and its span leaves the article out.

use super::document::Span;
use whatlang::Lang;

/// A token: a span of the text, never empty, on `char` boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span.slice(text)
    }
}

/// Abbreviations that keep their final period as part of the token.
const PERIOD_WORDS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "maj", "adm", "st", "jr",
    "sr", "rev", "inc", "corp", "ltd", "co", "bros", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "no", "mt", "ft", "ave", "dept", "est", "govt", "approx",
];

/// Words elided before a vowel and written with an apostrophe, in
/// lowercase: French (`l'`, `d'`, `qu'`, `jusqu'`), Italian (`dell'`,
/// `nell'`, `un'`, `sant'`) and Catalan (the French ones). WikiNEuRal's
/// French and Italian files split every one of them off the next word, and
/// put it outside the name after it (`l' Élysée`: 1,055 French names follow
/// `l'`, 28 include it). Words not listed stay whole: `aujourd'hui`,
/// `quelqu'un`, `O'Brien`, `zo'n`.
const ELIDED: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "dell", "nell", "all", "dall",
    "sull", "coll", "un", "quell", "quest", "sant", "tutt", "nessun",
];

/// Where an elided word ends in `word` (after its apostrophe), when `word`
/// starts with one of [`ELIDED`] (in any case) and a letter follows; never
/// in English's `n't`.
pub fn elision_end(word: &str) -> Option<usize> {
    let (at, apostrophe) = word.char_indices().find(|&(_, c)| c == '\'' || c == '’')?;
    let end = at + apostrophe.len_utf8();
    let elided = &word[..at];
    if word[end..].eq_ignore_ascii_case("t") {
        return None; // English `n't`, CoNLL's token
    }
    let known = elided.len() <= 6 && ELIDED.iter().any(|e| e.eq_ignore_ascii_case(elided));
    (known && word[end..].chars().next().is_some_and(char::is_alphabetic)).then_some(end)
}

fn is_leading_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '«'
            | '‹'
            | '('
            | '['
            | '{'
            | '¿'
            | '¡'
            | '*'
            | '_'
            | '`'
            | '$'
            | '£'
            | '€'
            | '¥'
            | '#'
            | '@'
            | '<'
            | '「'
            | '『'
            | '（'
    )
}

fn is_trailing_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '”'
            | '’'
            | '»'
            | '›'
            | ')'
            | ']'
            | '}'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '*'
            | '_'
            | '`'
            | '%'
            | '>'
            | '…'
            | '」'
            | '』'
            | '）'
            | '。'
            | '、'
            | '，'
            | '！'
            | '？'
    )
}

fn is_break_inside(c: char) -> bool {
    matches!(
        c,
        '—' | '–' | '/' | '|' | '(' | ')' | '[' | ']' | '"' | '“' | '”' | ',' | ';' | '!' | '?' | '。' | '、' | '，'
    )
}

/// Languages whose elided articles and pronouns are split off the next word
/// (see [`ELIDED`]): elsewhere `d'Avignon` in a Dutch text or `N'Djamena` in
/// an English one is a name's own spelling, kept whole as those languages'
/// corpora keep it.
const ELIDING: &[Lang] = &[Lang::Fra, Lang::Ita, Lang::Cat];

/// Whether text in `lang` has its elisions split off (see [`ELIDED`]).
pub fn splits_elisions(lang: Option<Lang>) -> bool {
    lang.is_some_and(|l| ELIDING.contains(&l))
}

/// Tokenizes `text[span]`, appending to `out`.
pub fn tokenize_into(text: &str, span: Span, out: &mut Vec<Token>) {
    tokenize_text(text, span, false, out);
}

/// Tokenizes `text[span]` written in `lang`, appending to `out`: as
/// [`tokenize_into`], and French, Italian and Catalan elisions split.
pub fn tokenize_lang_into(text: &str, span: Span, lang: Option<Lang>, out: &mut Vec<Token>) {
    tokenize_text(text, span, splits_elisions(lang), out);
}

/// Tokenizes `text[span]` written in `lang` (see [`tokenize_lang_into`]).
pub fn tokenize_lang(text: &str, span: Span, lang: Option<Lang>) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_lang_into(text, span, lang, &mut out);
    out
}

fn tokenize_text(text: &str, span: Span, elisions: bool, out: &mut Vec<Token>) {
    let slice = span.slice(text);
    let mut chunk_start: Option<usize> = None;
    for (i, c) in slice.char_indices() {
        if c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}' {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, span.start + s, span.start + i, elisions, out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(text, span.start + s, span.end, elisions, out);
    }
}

/// Tokenizes `text[span]`.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, span, &mut out);
    out
}

/// `word` in lowercase, borrowed when it has no uppercase letter. A
/// titlecase letter (`ǅ`) is not uppercase and stays as it is, as the
/// entity models were trained; `push_lowercase` lowercases every word.
pub(crate) fn lowercase(word: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if word.is_ascii() {
        // The common case, without the Unicode tables.
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        }
    } else if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// `word` lowercased as [`push_lowercase`] gives it: `word` itself when it
/// is ASCII without capitals, else written into `buffer` (which it
/// replaces); and whether it was written. Any non-ASCII word is written:
/// titlecase letters (`ǅ`) lowercase without being capitals.
pub(crate) fn lowercase_in<'a>(word: &'a str, buffer: &'a mut String) -> (&'a str, bool) {
    if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return (word, false);
    }
    buffer.clear();
    push_lowercase(word, buffer);
    (buffer.as_str(), true)
}

/// Appends `word` lowercased to `out`, exactly as `str::to_lowercase`
/// would give it, without a string of its own for the common ASCII word.
pub(crate) fn push_lowercase(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&word.to_lowercase());
    }
}

fn push(out: &mut Vec<Token>, start: usize, end: usize) {
    if start < end {
        out.push(Token {
            span: Span::new(start, end),
        });
    }
}

/// Splits one white-space-free chunk `text[start..end]`.
fn split_chunk(text: &str, mut start: usize, mut end: usize, elisions: bool, out: &mut Vec<Token>) {
    // Leading punctuation, one token per character.
    while let Some(c) = text[start..end].chars().next() {
        if !is_leading_punct(c) || start + c.len_utf8() == end {
            break;
        }
        push(out, start, start + c.len_utf8());
        start += c.len_utf8();
    }
    // Trailing punctuation, collected right to left.
    let mut trailing = Vec::new();
    loop {
        let word = &text[start..end];
        let Some(c) = word.chars().next_back() else { break };
        if word.len() == c.len_utf8() {
            break;
        }
        let cut = if c == '.' {
            !keeps_final_period(&word[..word.len() - 1])
        } else {
            is_trailing_punct(c)
        };
        if !cut {
            break;
        }
        // "..." stays together.
        let mut cut_start = end - c.len_utf8();
        if c == '.' {
            while text[start..cut_start].ends_with('.') && cut_start > start + 1 {
                cut_start -= 1;
            }
        }
        trailing.push((cut_start, end));
        end = cut_start;
    }
    split_middle(text, start, end, elisions, out);
    for (s, e) in trailing.into_iter().rev() {
        push(out, s, e);
    }
}

/// Splits a chunk without outer punctuation at dashes and slashes, then splits
/// off clitics.
fn split_middle(text: &str, start: usize, end: usize, elisions: bool, out: &mut Vec<Token>) {
    let mut piece_start = start;
    let chunk = &text[start..end];
    for (i, c) in chunk.char_indices() {
        let at = start + i;
        // `1,000` and `11/25` are one token.
        let between_digits = matches!(c, ',' | '/')
            && chunk[..i].chars().next_back().is_some_and(|p| p.is_ascii_digit())
            && chunk[i + 1..].chars().next().is_some_and(|n| n.is_ascii_digit());
        if is_break_inside(c) && !between_digits {
            split_clitics(text, piece_start, at, elisions, out);
            push(out, at, at + c.len_utf8());
            piece_start = at + c.len_utf8();
        }
    }
    split_clitics(text, piece_start, end, elisions, out);
}

fn split_clitics(text: &str, start: usize, end: usize, elisions: bool, out: &mut Vec<Token>) {
    let word = &text[start..end];
    if let Some(elided) = elisions.then(|| elision_end(word)).flatten() {
        // `l` + `'`, as the corpora's `l' Élysée` tokenizes.
        let apostrophe = word[..elided].chars().next_back().map_or(1, char::len_utf8);
        push(out, start, start + elided - apostrophe);
        push(out, start + elided - apostrophe, start + elided);
        return split_clitics(text, start + elided, end, elisions, out);
    }
    let lower_suffix = |suffix_len_chars: usize| -> Option<usize> {
        word.char_indices()
            .rev()
            .nth(suffix_len_chars - 1)
            .map(|(i, _)| start + i)
    };
    for suffix in ["'s", "’s", "'S", "’S"] {
        if word.len() > suffix.len() && word.ends_with(suffix) {
            let at = end - suffix.len();
            push(out, start, at);
            push(out, at, end);
            return;
        }
    }
    if word.len() > 3 && (word.ends_with("n't") || word.ends_with("n’t") || word.ends_with("N'T")) {
        if let Some(at) = lower_suffix(3) {
            push(out, start, at);
            push(out, at, end);
            return;
        }
    }
    // A plural possessive ("workers'") keeps its apostrophe as a token.
    if word.len() > 2 && (word.ends_with("s'") || word.ends_with("s’")) {
        let apostrophe = word.chars().next_back().map_or(1, char::len_utf8);
        push(out, start, end - apostrophe);
        push(out, end - apostrophe, end);
        return;
    }
    push(out, start, end);
}

/// Whether a word keeps its final period: dotted abbreviations (`U.S`),
/// initials (`A`) and known abbreviations.
fn keeps_final_period(word_without_period: &str) -> bool {
    if word_without_period.is_empty() {
        return false;
    }
    let mut letters = word_without_period.chars();
    let first = letters.next();
    if letters.next().is_none() && first.is_some_and(char::is_alphabetic) {
        return true;
    }
    // `U.S`, `e.g`: short letter groups between periods, none empty.
    if word_without_period.contains('.')
        && word_without_period
            .split('.')
            .all(|part| (1..=3).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic))
    {
        return true;
    }
    let lower = word_without_period.to_lowercase();
    PERIOD_WORDS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_lowercase_into_a_buffer_as_to_lowercase_gives_them() {
        let mut out = String::new();
        for word in ["GSOMIA", "Seoul", "ÉTAT", "Straße", "ΟΔΟΣ", "İstanbul", "plain"] {
            out.clear();
            push_lowercase(word, &mut out);
            assert_eq!(out, word.to_lowercase(), "{word}");
        }
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| t.text(text))
            .collect()
    }

    #[test]
    fn splits_punctuation_possessives_and_negations() {
        assert_eq!(
            words("Seoul's \"decision\" wasn't final, Mr. Kim said."),
            vec!["Seoul", "'s", "\"", "decision", "\"", "was", "n't", "final", ",", "Mr.", "Kim", "said", "."]
        );
    }

    #[test]
    fn keeps_conll_tokens_and_abbreviations_whole() {
        assert_eq!(words("the U.S. do n't"), vec!["the", "U.S.", "do", "n't"]);
        assert_eq!(words("North Korea..."), vec!["North", "Korea", "..."]);
        assert_eq!(words("James A. Talcott"), vec!["James", "A.", "Talcott"]);
        assert_eq!(
            words("$5.5 million (3.2%)"),
            vec!["$", "5.5", "million", "(", "3.2", "%", ")"]
        );
        assert_eq!(words("1,000 people, 11/25"), vec!["1,000", "people", ",", "11/25"]);
    }

    fn words_in(text: &str, lang: Lang) -> Vec<&str> {
        tokenize_lang(text, Span::new(0, text.len()), Some(lang))
            .iter()
            .map(|t| t.text(text))
            .collect()
    }

    #[test]
    fn elided_articles_are_split_off_the_word_they_precede_in_french_and_italian() {
        let words = |text| words_in(text, Lang::Fra);
        assert_eq!(
            words("Macron reçoit à l'Élysée, d’après l'AFP."),
            vec!["Macron", "reçoit", "à", "l", "'", "Élysée", ",", "d", "’", "après", "l", "'", "AFP", "."]
        );
        assert_eq!(
            words("L'Oréal e dell'Italia, qu'il sait"),
            vec!["L", "'", "Oréal", "e", "dell", "'", "Italia", ",", "qu", "'", "il", "sait"]
        );
        // Words that are not elided articles keep their apostrophe inside.
        assert_eq!(
            words("aujourd'hui O'Brien zo'n rock'n'roll l'1"),
            vec!["aujourd'hui", "O'Brien", "zo'n", "rock'n'roll", "l'1"]
        );
        assert_eq!(words("don't"), vec!["do", "n't"]);
        // The same tokens as the corpora's spaced form.
        assert_eq!(words("l'Élysée"), words("l' Élysée"));
        assert_eq!(words_in("dell'Italia", Lang::Ita), ["dell", "'", "Italia"]);
        // Other languages keep a French name's spelling whole, as their
        // corpora do.
        assert_eq!(
            words_in("Les Demoiselles d'Avignon", Lang::Nld),
            ["Les", "Demoiselles", "d'Avignon"]
        );
        assert_eq!(words_in("N'Djamena", Lang::Eng), ["N'Djamena"]);
    }

    #[test]
    fn french_tokens_cover_every_non_space_character_once_whatever_the_apostrophes() {
        let pieces = [
            "l", "L", "qu", "d", "'", "’", "''", "’’", "É", "a", "n't", "t", "1", ".", "-", " ", "«",
        ];
        // Every string of up to four pieces.
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
        }
        for text in &texts {
            let tokens = tokenize_lang(text, Span::new(0, text.len()), Some(Lang::Fra));
            let mut at = 0;
            let mut covered = String::new();
            for t in &tokens {
                assert!(t.span.start >= at && t.span.start < t.span.end, "{text:?}: {tokens:?}");
                assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
                covered.push_str(t.text(text));
                at = t.span.end;
            }
            let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(covered, expected, "{text:?}");
        }
    }

    #[test]
    fn hyphenated_names_stay_whole_and_dashes_split() {
        assert_eq!(
            words("Kang Kyung-wha—minister"),
            vec!["Kang", "Kyung-wha", "—", "minister"]
        );
    }
}
