//! Boundaries that web and e-mail text marks without punctuation.
//!
//! Forwarded mail, forum posts and blog footers run headers, addresses and
//! sign-offs straight into the next sentence: `Kay Mann 04/26/2001 07:17 AM
//! Will you be providing ...`, `Regards, Debra Perlingiere`, `... at
//! http://example.com/a.html There is ...`. Each rule here marks such a
//! boundary. It fires only where UD English-EWT dev shows it is almost always
//! a sentence boundary (counts in brackets: boundary / not):
//! - after a date-time stamp (`04/26/2001 07:17 AM`) followed by a capital
//!   or a digit [17/0], and before one
//!   unless a preposition introduces it (`on 08/15/2000 06:03 PM`) [15/0];
//! - after an e-mail address or URL followed by a capital, a digit or another
//!   address [19/2, 18/0];
//! - after a sign-off that opens a sentence (`Regards,`, `Thanks,`) [15/0],
//!   and after a greeting that opens one (`Hi,`, `Dear All,`) before a
//!   capital [6/0];
//! - after an emoticon (`:-)`) [9/0];
//! - before and after a separator run (`-----`, `*****`) [13/5], and after
//!   `--` before a signature line;
//! - after a colon that ends a line [8/0];
//! - after an attachment or link marker (`<< File: a.doc >>`, or `<>` where
//!   an archive stripped a link) before a capital, a digit or a dash [6/0].

use crate::document::Span;

/// A white-space-separated word of the prose and its byte span in it.
#[derive(Debug, Clone, Copy)]
struct Word<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

fn words(prose: &str) -> Vec<Word<'_>> {
    // ASCII white space is enough to find these words, and scanning bytes is
    // several times faster than decoding characters. Multi-byte characters
    // never contain ASCII bytes, so every cut is on a character boundary.
    let bytes = prose.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 6);
    let mut start = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (b.is_ascii_whitespace(), start) {
            (true, Some(s)) => {
                out.push(Word {
                    text: &prose[s..i],
                    start: s,
                    end: i,
                });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: &prose[s..],
            start: s,
            end: prose.len(),
        });
    }
    out
}

/// `04/26/2001`, `10/08/99`.
fn is_date(word: &str) -> bool {
    let parts: Vec<&str> = word.split('/').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && parts[0].len() <= 2
        && parts[1].len() <= 2
        && matches!(parts[2].len(), 2 | 4)
}

/// `07:17`, `06:03:48`.
fn is_clock(word: &str) -> bool {
    let parts: Vec<&str> = word.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
}

fn is_meridiem(word: &str) -> bool {
    matches!(word.to_ascii_lowercase().as_str(), "am" | "pm" | "a.m." | "p.m.")
}

/// Words after which a date-time stamp belongs to the sentence.
const STAMP_INTRODUCERS: &[&str] = &[
    "on", "at", "by", "from", "since", "until", "till", "before", "after", "of", "dated", "sent", "the", "between",
    "and", "to",
];

fn trim_wrapping(word: &str) -> &str {
    word.trim_start_matches(['<', '(', '[', '"', '\''])
        .trim_end_matches(['>', ')', ']', '"', '\'', '.', ':', ';'])
}

fn is_email(word: &str) -> bool {
    let w = trim_wrapping(word);
    w.split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.ends_with('.'))
}

fn is_url(word: &str) -> bool {
    let w = trim_wrapping(word).as_bytes();
    let starts = |prefix: &[u8]| w.len() >= prefix.len() && w[..prefix.len()].eq_ignore_ascii_case(prefix);
    (starts(b"http://") || starts(b"https://") || starts(b"www.")) && w.len() > 8
}

/// A run of four or more of one separator character, alone or fused with
/// other separator characters (`-----`, `=====`, `*****`, `____`).
fn is_separator(word: &str) -> bool {
    let separators = |c: char| matches!(c, '-' | '=' | '*' | '_' | '~' | '#');
    word.chars().count() >= 4 && word.chars().filter(|&c| separators(c)).count() * 2 > word.chars().count() + 2
}

/// `report.pdf`, `Sam3102.doc)`: a name with a short alphabetic extension.
fn is_file_name(word: &str) -> bool {
    let w = trim_wrapping(word);
    w.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && (2..=4).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_alphabetic())
            && !stem.ends_with('.')
    }) && !is_url(w)
        && !is_email(w)
}

const EMOTICONS: &[&str] = &[
    ":)", ":-)", ";)", ";-)", ":(", ":-(", ":P", ":-P", ":p", ":D", ":-D", ":/", "^_^", "<3",
];

/// Sign-offs, as lowercase word sequences, that close a message before a
/// name.
const SIGN_OFFS: &[&[&str]] = &[
    &["sincerely"],
    &["regards"],
    &["best", "regards"],
    &["kind", "regards"],
    &["kindest", "regards"],
    &["warm", "regards"],
    &["warmest", "regards"],
    &["best", "wishes"],
    &["thanks"],
    &["many", "thanks"],
    &["thank", "you"],
    &["cheers"],
    &["best"],
    &["take", "care"],
    &["yours"],
    &["yours", "truly"],
    &["respectfully"],
    &["love"],
];

/// Words that open a greeting line (`Hi Anna,`, `Dear All,`); with
/// `good`, the times of day (`Good morning,`).
const GREETINGS: &[&str] = &["hi", "hello", "hey", "dear", "greetings", "hiya", "howdy"];
const GREETING_TIMES: &[&str] = &["morning", "afternoon", "evening", "day"];
/// A greeting names at most this many words before its comma (`Hello dear
/// list members,`).
const MAX_GREETING_WORDS: usize = 4;

fn starts_capital_or_digit(word: &str) -> bool {
    trim_wrapping(word)
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn ends_sentence(word: &str) -> bool {
    word.trim_end_matches(['"', '\'', ')', '”', '’'])
        .ends_with(['.', '!', '?'])
}

/// Byte offsets into `prose` (at the end of a word) where a sentence ends
/// that punctuation does not mark, in increasing order.
pub fn boundaries(prose: &str) -> Vec<usize> {
    let words = words(prose);
    let mut out = Vec::new();
    let lower = |w: &Word| trim_wrapping(w.text).to_lowercase();
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1);
        let Some(next) = next else { break };
        // Every rule needs one of these characters in the word; most words
        // of prose have none, and are done with here.
        let special = w.text.bytes().any(|b| {
            matches!(
                b,
                b'/' | b'@' | b'.' | b',' | b':' | b';' | b'-' | b'*' | b'=' | b'_' | b'~' | b'#' | b'^' | b'<' | b'>'
            )
        });
        if !special {
            continue;
        }
        let after_sentence = i == 0 || ends_sentence(words[i - 1].text);
        // Date-time stamps.
        if is_date(w.text) {
            let mut last = i;
            if words.get(i + 1).is_some_and(|x| is_clock(x.text)) {
                last = i + 1;
                if words.get(i + 2).is_some_and(|x| is_meridiem(x.text)) {
                    last = i + 2;
                }
            }
            if last > i {
                let introduced = i > 0 && STAMP_INTRODUCERS.contains(&lower(&words[i - 1]).as_str());
                if i > 0 && !introduced && !ends_sentence(words[i - 1].text) {
                    out.push(words[i - 1].end);
                }
                if words.get(last + 1).is_some_and(|x| starts_capital_or_digit(x.text)) {
                    out.push(words[last].end);
                }
            }
        }
        // Addresses followed by what starts a new sentence.
        let address = (is_email(w.text) || is_url(w.text)) && !w.text.ends_with([',', ';']);
        if address && (starts_capital_or_digit(next.text) || is_email(next.text) || is_url(next.text)) {
            out.push(w.end);
        }
        // A mail archive's attachment or link marker (`<< File: a.doc >>`,
        // or `<>` where it stripped a link) closes what precedes it.
        let marker_closes = matches!(w.text, ">>" | "<>");
        if marker_closes && (starts_capital_or_digit(next.text) || next.text == "-") {
            out.push(w.end);
        }
        // Sign-offs opening a sentence, followed by a name.
        if w.text.ends_with(',') && starts_capital_or_digit(next.text) {
            let bare = w.text.trim_end_matches(',').to_lowercase();
            for sign_off in SIGN_OFFS {
                let n = sign_off.len();
                if i + 1 < n {
                    continue;
                }
                let first = i + 1 - n;
                let matches = (0..n).all(|k| {
                    let word = if first + k == i {
                        bare.clone()
                    } else {
                        words[first + k].text.to_lowercase()
                    };
                    word == sign_off[k]
                });
                let opens = first == 0 || ends_sentence(words[first - 1].text);
                if matches && opens {
                    out.push(w.end);
                    break;
                }
            }
        }
        // Greetings opening a message: `Hi, Yes it is`, `Dear All, My name`.
        if w.text.ends_with(',') && starts_capital_or_digit(next.text) {
            let opens_with_greeting = (i.saturating_sub(MAX_GREETING_WORDS - 1)..=i).any(|first| {
                let word = words[first].text.trim_end_matches(',').to_lowercase();
                let opens = first == 0 || ends_sentence(words[first - 1].text);
                let one_phrase = words[first..i].iter().all(|x| !x.text.ends_with(','));
                let good = word == "good"
                    && words.get(first + 1).is_some_and(|x| {
                        GREETING_TIMES.contains(&x.text.trim_end_matches(',').to_lowercase().as_str())
                    });
                opens && one_phrase && (GREETINGS.contains(&word.as_str()) || good)
            });
            if opens_with_greeting {
                out.push(w.end);
            }
        }
        if EMOTICONS.contains(&w.text) {
            out.push(w.end);
        }
        // A banner glued to a word (`NOTICE*****`) ends it too.
        let banner_end = w.text.len() > 4 && w.text.ends_with("****") && starts_capital_or_digit(next.text);
        let short_rule =
            matches!(w.text, "***" | "===" | "___") && after_sentence && starts_capital_or_digit(next.text);
        if banner_end || short_rule {
            out.push(w.end);
        }
        if is_separator(w.text) {
            if i > 0 {
                out.push(words[i - 1].end);
            }
            // A mixed run (`---=`) opens a banner line that goes on.
            let mut chars = w.text.chars();
            let first = chars.next();
            if chars.all(|c| Some(c) == first) {
                out.push(w.end);
            }
        }
        // `--` closing a post before its signature line (`years. -- Posted
        // by`); inside a sentence it is a dash (`he's got a -- I'm`).
        if w.text == "--" && after_sentence && starts_capital_or_digit(next.text) {
            out.push(w.end);
        }
        // A list of attachments: `- CrudeStocks.pdf - HeatingOilStocks.pdf`.
        if w.text == "-" && i > 0 && is_file_name(words[i - 1].text) && is_file_name(next.text) {
            out.push(words[i - 1].end);
        }
        if w.text.ends_with(':') && prose[w.end..next.start].contains('\n') {
            out.push(w.end);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Splits each sentence at the boundaries inside it, and gives an emoticon
/// that punctuation cut off (`I love her. :)`) back to its sentence.
pub fn split(text: &str, sentences: Vec<Span>, prose: Span) -> Vec<Span> {
    let cuts: Vec<usize> = boundaries(prose.slice(text))
        .into_iter()
        .map(|b| prose.start + b)
        .collect();
    let mut out: Vec<Span> = Vec::with_capacity(sentences.len() + cuts.len());
    // Both lists are in order: walk them together, so that the work stays
    // linear however many sentences and cuts there are.
    let mut first_cut = 0;
    for sentence in sentences {
        let mut start = sentence.start;
        while cuts.get(first_cut).is_some_and(|&c| c <= sentence.start) {
            first_cut += 1;
        }
        let inside = cuts[first_cut..].iter().take_while(|&&c| c < sentence.end);
        for &cut in inside {
            let piece = super::trim_span(text, Span::new(start, cut));
            if !piece.is_empty() {
                out.push(piece);
                start = cut;
            }
        }
        let tail = super::trim_span(text, Span::new(start, sentence.end));
        if tail.is_empty() {
            continue;
        }
        let emoticon_only = EMOTICONS.contains(&tail.slice(text)) || is_emoticon_run(tail.slice(text));
        match out.last_mut() {
            Some(previous) if emoticon_only && !text[previous.end..tail.start].contains('\n') => {
                previous.end = tail.end
            }
            _ => out.push(tail),
        }
    }
    out
}

/// `:-) :-)`, `:))`.
fn is_emoticon_run(piece: &str) -> bool {
    piece.starts_with([':', ';'])
        && piece
            .chars()
            .all(|c| matches!(c, ':' | ';' | '-' | ')' | '(' | ' ' | 'P' | 'D'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        let mut start = 0;
        let mut out = Vec::new();
        for b in boundaries(text) {
            out.push(text[start..b].trim());
            start = b;
        }
        out.push(text[start..].trim());
        out
    }

    #[test]
    fn an_attachment_or_stripped_link_marker_ends_what_precedes_it() {
        assert_eq!(
            pieces("Thank you. - TEXT.htm << File: TEXT.htm >> I was thinking of converting it."),
            vec![
                "Thank you. - TEXT.htm << File: TEXT.htm >>",
                "I was thinking of converting it."
            ]
        );
        assert_eq!(
            pieces("Read the options here: <> Capt. Spastic's page is next."),
            vec!["Read the options here: <>", "Capt. Spastic's page is next."]
        );
        assert_eq!(pieces("a >> b"), vec!["a >> b"]);
    }

    #[test]
    fn mail_headers_split_around_their_date_time_stamp() {
        assert_eq!(
            pieces("Kay Mann 04/26/2001 07:17 AM Will you be providing an execution version?"),
            vec![
                "Kay Mann",
                "04/26/2001 07:17 AM",
                "Will you be providing an execution version?"
            ]
        );
        assert_eq!(
            pieces("SOblander@carrfut.com on 08/15/2000 06:03:48 PM The information contained herein"),
            vec![
                "SOblander@carrfut.com on 08/15/2000 06:03:48 PM",
                "The information contained herein"
            ]
        );
    }

    #[test]
    fn addresses_sign_offs_emoticons_and_separators_end_sentences() {
        assert_eq!(
            pieces("Email: franz371@gmail.com Site made!"),
            vec!["Email: franz371@gmail.com", "Site made!"]
        );
        assert_eq!(
            pieces("see http://a.example.com/x.html http://a.example.com/y.html"),
            vec!["see http://a.example.com/x.html", "http://a.example.com/y.html"]
        );
        assert_eq!(
            pieces("Hope to see you there. Sincerely, Traci Warner"),
            vec!["Hope to see you there. Sincerely,", "Traci Warner"]
        );
        assert_eq!(
            pieces("Thanks for the ride :-) Now I know."),
            vec!["Thanks for the ride :-)", "Now I know."]
        );
        assert_eq!(
            pieces("Bye. ----- Original message"),
            vec!["Bye.", "-----", "Original message"]
        );
        assert_eq!(
            pieces("- UnleadedStocks.pdf - CrudeStocks.pdf"),
            vec!["- UnleadedStocks.pdf", "- CrudeStocks.pdf"]
        );
        assert_eq!(
            pieces("the next five years. -- Posted by Nook"),
            vec!["the next five years. --", "Posted by Nook"]
        );
    }

    #[test]
    fn ordinary_prose_with_the_same_pieces_is_left_alone() {
        for text in [
            "Write to jane@example.com, and she will answer.",
            "The meeting on 08/15/2000 06:03 PM went well.",
            "Thanks, everyone, for coming.",
            "He said: we will see.",
            "Visit www.example.com for details.",
            "So he's got a -- I'm a decision-maker.",
            "Open notes.txt - it is short.",
        ] {
            assert!(boundaries(text).is_empty(), "{text}: {:?}", pieces(text));
        }
    }
}
