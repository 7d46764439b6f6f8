//! Reading annotated documents (`*.docs.jsonl`: text, gold sentences and
//! entities in code-point offsets) and projecting their entities onto this
//! crate's own tokens, so the tagger trains on the tokens it will see when
//! serving.

use enrich_nlp::lab::tag;
use enrich_nlp::ner::NerLabel;
use enrich_nlp::tokenize::{tokenize_lang, Token};
use enrich_nlp::Span;
use serde::Deserialize;
use std::io::BufRead;

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub entity_type: String,
}

/// One annotated document as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDocument {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub sentences: Vec<(usize, usize)>,
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
}

/// Reads annotated documents: `*.conll` (token, tab, IOB2 tag; `# doc`
/// lines start documents) or `*.docs.jsonl`. A malformed file is an error
/// that names the line and says what is wrong, never a model trained on
/// silently dropped annotations.
pub fn read_documents(path: &std::path::Path) -> anyhow::Result<Vec<GoldDocument>> {
    let file = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    let lines = std::io::BufReader::new(file).lines();
    let docs = if path.extension().is_some_and(|e| e == "conll") {
        conll_documents(path, lines)?
    } else {
        let mut docs = Vec::new();
        for (n, line) in lines.enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let at = |e: String| anyhow::anyhow!("{}:{}: {e}", path.display(), n + 1);
            let doc: GoldDocument = serde_json::from_str(&line).map_err(|e| at(e.to_string()))?;
            validate(&doc).map_err(at)?;
            docs.push(doc);
        }
        docs
    };
    Ok(docs.into_iter().flat_map(split_at_datelines).collect())
}

/// Checks a document's annotations: known types, offsets inside the text,
/// entities in order and not overlapping, as a tag sequence requires.
fn validate(doc: &GoldDocument) -> Result<(), String> {
    let chars = doc.text.chars().count();
    let mut previous_end = 0;
    for (k, e) in doc.entities.iter().enumerate() {
        let which = format!("entity {} ({}..{}, {:?})", k + 1, e.start, e.end, e.entity_type);
        if NerLabel::from_code(&e.entity_type).is_none() {
            let known: Vec<&str> = NerLabel::ALL.iter().map(|l| l.code()).collect();
            return Err(format!("{which}: unknown type; use one of {}", known.join(", ")));
        }
        if e.start >= e.end || e.end > chars {
            return Err(format!(
                "{which}: offsets outside the text of {chars} code points (start must be below end, end at most {chars})"
            ));
        }
        if e.start < previous_end {
            return Err(format!(
                "{which}: starts before the previous entity ends at {previous_end}; entities must be in text order and must not overlap"
            ));
        }
        previous_end = e.end;
    }
    if let Some((s, e)) = doc.sentences.iter().find(|(s, e)| s >= e || *e > chars) {
        return Err(format!(
            "sentence {s}..{e} lies outside the text of {chars} code points"
        ));
    }
    Ok(())
}

/// Builds documents from CoNLL lines: tokens joined by single spaces,
/// strict IOB2 (an `I-` tag continues an entity of its own type).
fn conll_documents(
    path: &std::path::Path,
    lines: impl Iterator<Item = std::io::Result<String>>,
) -> anyhow::Result<Vec<GoldDocument>> {
    let mut docs: Vec<GoldDocument> = Vec::new();
    let mut chars = 0; // code points of the current document's text
    let mut sentence_start: Option<usize> = None;
    // The entity being read: its start and type.
    let mut open: Option<(usize, String)> = None;
    let new_doc = |id: String| GoldDocument {
        id,
        text: String::new(),
        sentences: Vec::new(),
        entities: Vec::new(),
    };
    fn close(doc: &mut GoldDocument, open: &mut Option<(usize, String)>, end: usize) {
        if let Some((start, entity_type)) = open.take() {
            doc.entities.push(GoldEntity {
                start,
                end,
                entity_type,
            });
        }
    }
    let mut last_token_end = 0;
    for (n, line) in lines.enumerate() {
        let line = line?;
        let at = |e: String| anyhow::anyhow!("{}:{}: {e}", path.display(), n + 1);
        let line = line.trim_end_matches(['\r', '\n']);
        if let Some(id) = line.strip_prefix("# doc ") {
            if let Some(doc) = docs.last_mut() {
                close(doc, &mut open, last_token_end);
                if let Some(s) = sentence_start.take() {
                    doc.sentences.push((s, last_token_end));
                }
            }
            docs.push(new_doc(id.trim().to_string()));
            chars = 0;
            continue;
        }
        if line.trim().is_empty() {
            if let Some(doc) = docs.last_mut() {
                close(doc, &mut open, last_token_end);
                if let Some(s) = sentence_start.take() {
                    doc.sentences.push((s, last_token_end));
                }
            }
            continue;
        }
        let Some((token, tag)) = line.split_once('\t') else {
            return Err(at(format!("{line:?} is not `token<TAB>tag`")));
        };
        if token.is_empty() || token.contains(char::is_whitespace) || tag.contains('\t') {
            return Err(at(format!(
                "{line:?} is not `token<TAB>tag` with a token without spaces"
            )));
        }
        if docs.is_empty() {
            docs.push(new_doc(format!("{}", path.display())));
        }
        let Some(doc) = docs.last_mut() else {
            continue;
        };
        if chars > 0 {
            doc.text.push(' ');
            chars += 1;
        }
        let start = chars;
        doc.text.push_str(token);
        chars += token.chars().count();
        sentence_start.get_or_insert(start);
        let (prefix, entity_type) = match tag.split_once('-') {
            Some((p, t)) => (p, Some(t)),
            None => (tag, None),
        };
        match (prefix, entity_type) {
            ("O", None) => close(doc, &mut open, last_token_end),
            ("B", Some(t)) | ("I", Some(t)) if NerLabel::from_code(t).is_none() => {
                let known: Vec<&str> = NerLabel::ALL.iter().map(|l| l.code()).collect();
                return Err(at(format!(
                    "unknown entity type {t:?} in tag {tag:?}; use one of {}",
                    known.join(", ")
                )));
            }
            ("B", Some(t)) => {
                close(doc, &mut open, last_token_end);
                open = Some((start, t.to_string()));
            }
            ("I", Some(t)) => match &open {
                Some((_, current)) if current == t => {}
                Some((_, current)) => {
                    return Err(at(format!(
                        "broken tag sequence: {tag} continues a {current} entity; start a new entity with B-{t}"
                    )))
                }
                None => {
                    return Err(at(format!(
                        "broken tag sequence: {tag} follows no entity; an entity starts with B-{t}"
                    )))
                }
            },
            _ => return Err(at(format!("{tag:?} is not an IOB2 tag (O, B-TYPE or I-TYPE)"))),
        }
        last_token_end = chars;
    }
    if let Some(doc) = docs.last_mut() {
        close(doc, &mut open, last_token_end);
        if let Some(s) = sentence_start.take() {
            doc.sentences.push((s, last_token_end));
        }
    }
    Ok(docs)
}

/// Whether a gold sentence is an agency dateline, `Madrid , 23 may ( EFE ) .`:
/// it ends with an upper-case agency name in brackets and carries a day
/// number after a comma.
fn is_dateline(sentence: &str) -> bool {
    let Some(body) = sentence.trim_end().strip_suffix('.').map(str::trim_end) else {
        return false;
    };
    let Some(inner) = body.strip_suffix(')').and_then(|b| b.rfind('(').map(|at| &b[at + 1..])) else {
        return false;
    };
    let agency = inner.trim();
    (2..=10).contains(&agency.len())
        && agency.bytes().all(|b| b.is_ascii_uppercase())
        && sentence.len() < 160
        && sentence.contains(", ")
        && sentence
            .split(", ")
            .skip(1)
            .any(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// Splits a document that concatenates agency articles (CoNLL-2002 Spanish
/// ships each split as one document of thousands of sentences) into one
/// document per article, starting at each dateline. Per-document features
/// (the leave-one-document-out gazetteer, a word's other occurrences) then
/// see articles, as serving does, not a whole corpus. Offsets are rebased.
pub fn split_at_datelines(doc: GoldDocument) -> Vec<GoldDocument> {
    let to_byte = code_point_to_byte(&doc.text);
    let sentence_text = |&(s, e): &(usize, usize)| {
        doc.text
            .get(*to_byte.get(s).unwrap_or(&0)..*to_byte.get(e).unwrap_or(&0))
    };
    // Code-point offsets where articles start.
    let mut starts: Vec<usize> = vec![0];
    starts.extend(
        doc.sentences
            .iter()
            .filter(|s| s.0 > 0 && sentence_text(s).is_some_and(is_dateline))
            .map(|s| s.0),
    );
    if starts.len() == 1 {
        return vec![doc];
    }
    let total = to_byte.len() - 1;
    let mut out = Vec::with_capacity(starts.len());
    for (k, &from) in starts.iter().enumerate() {
        let to = starts.get(k + 1).copied().unwrap_or(total);
        let inside = |s: usize, e: usize| s >= from && e <= to;
        out.push(GoldDocument {
            id: format!("{}#{}", doc.id, k),
            text: doc.text[to_byte[from]..to_byte[to]].to_string(),
            sentences: doc
                .sentences
                .iter()
                .filter(|&&(s, e)| inside(s, e))
                .map(|&(s, e)| (s - from, e - from))
                .collect(),
            entities: doc
                .entities
                .iter()
                .filter(|e| inside(e.start, e.end))
                .map(|e| GoldEntity {
                    start: e.start - from,
                    end: e.end - from,
                    entity_type: e.entity_type.clone(),
                })
                .collect(),
        });
    }
    out
}

/// Each of a document's sentences (its own `sentences`, or the whole text if
/// it has none) as a document of its own, offsets rebased: a stand-in for
/// headlines and one-line requests, which come with no document around
/// them.
pub fn sentences_alone(doc: &GoldDocument) -> Vec<GoldDocument> {
    let to_byte = code_point_to_byte(&doc.text);
    sentence_ranges(doc, &to_byte)
        .iter()
        .enumerate()
        .filter_map(|(k, &(from, to))| excerpt(doc, &to_byte, format!("{}~{k}", doc.id), from, to))
        .collect()
}

/// Each sentence that names someone or something after its first word, cut
/// so that it opens with that name (with its opening quotation mark, if
/// any): `Сегин доставил письмо` from `... , Сегин доставил письмо`. News
/// opens sentences with names (`Лавров заявил`), Wikipedia seldom does, so
/// these are a stand-in for news-style sentences, to train on and to score.
/// The name is the sentence's first entity, if it starts with a capital
/// letter (not a lowercase `русском`); sentences that open with it already
/// are left out.
pub fn names_first(doc: &GoldDocument) -> Vec<GoldDocument> {
    let chars: Vec<char> = doc.text.chars().collect();
    let to_byte = code_point_to_byte(&doc.text);
    sentence_ranges(doc, &to_byte)
        .iter()
        .enumerate()
        .filter_map(|(k, &(from, to))| {
            let first = doc
                .entities
                .iter()
                .filter(|e| e.start >= from && e.end <= to)
                .min_by_key(|e| e.start)?;
            if !chars.get(first.start).is_some_and(|c| c.is_uppercase()) {
                return None;
            }
            // Back over spaces to an opening quotation mark, kept with the name.
            let mut before = first.start;
            while before > from && chars.get(before - 1).is_some_and(|c| c.is_whitespace()) {
                before -= 1;
            }
            let quoted = before > from && matches!(chars.get(before - 1), Some('«' | '"' | '“' | '„'));
            let cut = if quoted { before - 1 } else { first.start };
            // Nothing but spaces before the cut: the name opens the sentence.
            if chars.get(from..cut)?.iter().all(|c| c.is_whitespace()) {
                return None;
            }
            excerpt(doc, &to_byte, format!("{}^{k}", doc.id), cut, to)
        })
        .collect()
}

/// A document's sentences as code-point ranges, or the whole text as one if
/// it has none. `to_byte` is the document's [`code_point_to_byte`].
fn sentence_ranges(doc: &GoldDocument, to_byte: &[usize]) -> Vec<(usize, usize)> {
    if doc.sentences.is_empty() {
        vec![(0, to_byte.len() - 1)]
    } else {
        doc.sentences.clone()
    }
}

/// Code points `from..to` of a document as a one-sentence document of its
/// own, with the entities inside the range and their offsets rebased.
fn excerpt(doc: &GoldDocument, to_byte: &[usize], id: String, from: usize, to: usize) -> Option<GoldDocument> {
    Some(GoldDocument {
        id,
        text: doc.text.get(*to_byte.get(from)?..*to_byte.get(to)?)?.to_string(),
        sentences: vec![(0, to - from)],
        entities: doc
            .entities
            .iter()
            .filter(|e| e.start >= from && e.end <= to)
            .map(|e| GoldEntity {
                start: e.start - from,
                end: e.end - from,
                entity_type: e.entity_type.clone(),
            })
            .collect(),
    })
}

/// The document with every word's first letter in capitals, as title-case
/// headlines write them (`Trump Meets Abe in Tokyo` becomes `Trump Meets Abe
/// In Tokyo`). A letter whose capital is not one code point stays as it is,
/// so the entities' code-point offsets still hold.
pub fn title_cased(doc: &GoldDocument) -> GoldDocument {
    let mut text = String::with_capacity(doc.text.len());
    let mut previous: Option<char> = None;
    for c in doc.text.chars() {
        let starts_word = previous.is_none_or(char::is_whitespace);
        let mut upper = c.to_uppercase();
        match (starts_word && c.is_lowercase(), upper.next(), upper.next()) {
            (true, Some(u), None) => text.push(u),
            _ => text.push(c),
        }
        previous = Some(c);
    }
    GoldDocument { text, ..doc.clone() }
}

/// The document as raw French or Italian text writes elisions: the space
/// the corpus puts after an elided article or pronoun is taken out
/// (WikiNEuRal's `l' Élysée` becomes `l'Élysée`), with the entities' and
/// sentences' code-point offsets moved to match. A stand-in for text that
/// was never tokenized.
pub fn elisions_joined(doc: &GoldDocument) -> GoldDocument {
    without_spaces(doc, joins_elision)
}

/// The document as raw text writes it, as far as rules can tell: no space
/// before closing punctuation (`,` `.` `;` `:` `!` `?` `)` `]` `»` `%`),
/// after opening punctuation (`(` `[` `«` `¿` `¡`) or inside straight
/// double quotes (`" I Am the Club Rocker "` becomes `"I Am the Club
/// Rocker"`), before English clitics (`Seoul 's`, `do n't`), and none after
/// an elided article ([`elisions_joined`]). The corpora are tokenized;
/// served text is not, so this scores what the tokenizer gives back.
pub fn detokenized(doc: &GoldDocument) -> GoldDocument {
    let chars: Vec<char> = doc.text.chars().collect();
    // Straight double quotes alternate opening and closing.
    let mut opening = vec![false; chars.len()];
    let mut open = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == '"' {
            open = !open;
            opening[i] = open;
        }
    }
    without_spaces(doc, |chars, i| {
        let before = chars[i - 1];
        let after = chars[i + 1];
        let rest: String = chars[i + 1..].iter().take(4).collect();
        let clitic = ["'s ", "n't ", "'re ", "'ve ", "'ll ", "'d ", "'m "]
            .iter()
            .any(|c| rest.starts_with(c.trim_end()) && chars.get(i + c.len()).is_none_or(|n| !n.is_alphanumeric()));
        matches!(after, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '»' | '%')
            || matches!(before, '(' | '[' | '{' | '«' | '¿' | '¡')
            || (after == '"' && !opening[i + 1])
            || (before == '"' && opening[i - 1])
            || clitic
            || joins_elision(chars, i)
    })
}

/// Whether the space at `i` follows an elided article or pronoun and
/// precedes the word it was elided before (`l' Élysée`).
fn joins_elision(chars: &[char], i: usize) -> bool {
    if !matches!(chars[i - 1], '\'' | '’') || !chars[i + 1].is_alphabetic() {
        return false;
    }
    let apostrophe = i - 1;
    let start = (0..apostrophe)
        .rev()
        .take_while(|&j| chars[j].is_alphabetic())
        .last()
        .unwrap_or(apostrophe);
    let next = chars[i + 1..].iter().take_while(|c| c.is_alphabetic());
    let word: String = chars[start..=apostrophe].iter().chain(next).collect();
    enrich_nlp::tokenize::elision_end(&word).is_some()
}

/// The document with the spaces `drop(chars, i)` picks taken out (only
/// spaces with a character either side are asked about), and the entities'
/// and sentences' code-point offsets moved to match.
fn without_spaces(doc: &GoldDocument, drop: impl Fn(&[char], usize) -> bool) -> GoldDocument {
    let chars: Vec<char> = doc.text.chars().collect();
    let dropped: Vec<bool> = (0..chars.len())
        .map(|i| chars[i] == ' ' && i > 0 && i + 1 < chars.len() && drop(&chars, i))
        .collect();
    // Old code-point offset to new, for every offset 0..=len.
    let mut moved = Vec::with_capacity(chars.len() + 1);
    let mut kept = 0;
    for &gone in &dropped {
        moved.push(kept);
        kept += usize::from(!gone);
    }
    moved.push(kept);
    let at = |k: usize| moved.get(k).copied().unwrap_or(kept);
    GoldDocument {
        id: doc.id.clone(),
        text: chars
            .iter()
            .zip(&dropped)
            .filter(|(_, &gone)| !gone)
            .map(|(c, _)| c)
            .collect(),
        sentences: doc.sentences.iter().map(|&(s, e)| (at(s), at(e))).collect(),
        entities: doc
            .entities
            .iter()
            .map(|e| GoldEntity {
                start: at(e.start),
                end: at(e.end),
                entity_type: e.entity_type.clone(),
            })
            .collect(),
    }
}

/// Code-point offsets of a text as byte offsets (`len + 1` entries).
pub fn code_point_to_byte(text: &str) -> Vec<usize> {
    let mut map: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    map.push(text.len());
    map
}

/// A training sentence: tokens and gold BILOU tags.
pub struct TaggedSentence {
    pub doc: usize,
    pub tokens: Vec<Token>,
    pub tags: Vec<usize>,
}

/// Gold entities as byte spans with type indices.
pub fn gold_spans(doc: &GoldDocument, to_byte: &[usize]) -> Vec<(Span, usize)> {
    doc.entities
        .iter()
        .filter_map(|e| {
            let ty = NerLabel::from_code(&e.entity_type)?.index();
            Some((Span::new(*to_byte.get(e.start)?, *to_byte.get(e.end)?), ty))
        })
        .collect()
}

/// Sentences of a document, as `segmenter` splits them (so training sees
/// the sentences serving will), with tags projected from its entities; counts
/// entities whose edges fall inside a token or across a sentence boundary
/// (they are left untagged).
pub fn tagged_sentences(
    doc_index: usize,
    doc: &GoldDocument,
    segmenter: &enrich_nlp::segment::Segmenter,
    lang: Option<whatlang::Lang>,
    misaligned: &mut usize,
) -> Vec<TaggedSentence> {
    let to_byte = code_point_to_byte(&doc.text);
    let entities = gold_spans(doc, &to_byte);
    let mut out = Vec::new();
    let mut covered = 0;
    let sentences: Vec<Span> = segmenter.segment(&doc.text, lang).into_iter().map(|s| s.span).collect();
    for &Span { start, end } in &sentences {
        let tokens = tokenize_lang(&doc.text, Span::new(start, end), lang);
        let mut tags = vec![0; tokens.len()];
        for (span, ty) in entities.iter().filter(|(sp, _)| sp.start >= start && sp.end <= end) {
            covered += 1;
            let first = tokens.iter().position(|t| t.span.start == span.start);
            let last = tokens.iter().position(|t| t.span.end == span.end);
            match (first, last) {
                (Some(a), Some(b)) if a <= b => {
                    if a == b {
                        tags[a] = tag(*ty, 3);
                    } else {
                        tags[a] = tag(*ty, 0);
                        for t in tags.iter_mut().take(b).skip(a + 1) {
                            *t = tag(*ty, 1);
                        }
                        tags[b] = tag(*ty, 2);
                    }
                }
                _ => *misaligned += 1,
            }
        }
        out.push(TaggedSentence {
            doc: doc_index,
            tokens,
            tags,
        });
    }
    *misaligned += entities.len().saturating_sub(covered);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each entity's text, sliced by its code-point offsets.
    fn named(doc: &GoldDocument) -> Vec<String> {
        doc.entities
            .iter()
            .map(|e| doc.text.chars().skip(e.start).take(e.end - e.start).collect())
            .collect()
    }

    fn entity(start: usize, end: usize, entity_type: &str) -> GoldEntity {
        GoldEntity {
            start,
            end,
            entity_type: entity_type.to_string(),
        }
    }

    #[test]
    fn elisions_are_joined_as_raw_text_writes_them_with_offsets_moved() {
        let text = "Macron à l' Élysée , d' après L' Oréal ; l' 1 et aujourd' hui";
        let doc = GoldDocument {
            id: "fr".into(),
            text: text.into(),
            sentences: vec![(0, text.chars().count())],
            entities: vec![entity(0, 6, "PER"), entity(12, 18, "LOC"), entity(30, 38, "ORG")],
        };
        let joined = elisions_joined(&doc);
        assert_eq!(
            joined.text,
            "Macron à l'Élysée , d'après L'Oréal ; l' 1 et aujourd' hui"
        );
        assert_eq!(named(&joined), ["Macron", "Élysée", "L'Oréal"]);
        assert_eq!(joined.sentences, [(0, joined.text.chars().count())]);
    }

    #[test]
    fn a_tokenized_corpus_is_written_back_as_raw_text_with_offsets_moved() {
        let text = "Seoul 's pact ( with \" Tokyo \" ) was n't final , Kang said : « Oui » .";
        let cp = |needle: &str| text[..text.find(needle).unwrap()].chars().count();
        let doc = GoldDocument {
            id: "en".into(),
            text: text.into(),
            sentences: Vec::new(),
            entities: vec![
                entity(0, 5, "LOC"),
                entity(cp("Tokyo"), cp("Tokyo") + 5, "LOC"),
                entity(cp("Kang"), cp("Kang") + 4, "PER"),
            ],
        };
        let raw = detokenized(&doc);
        assert_eq!(
            raw.text,
            "Seoul's pact (with \"Tokyo\") wasn't final, Kang said: «Oui»."
        );
        assert_eq!(named(&raw), ["Seoul", "Tokyo", "Kang"]);
    }

    #[test]
    fn concatenated_agency_articles_split_at_their_datelines_with_rebased_offsets() {
        // Code points: "Ávila" has a two-byte letter, so byte and code-point
        // offsets differ after it.
        let text = "Ávila , 23 may ( EFE ) . Habló Pérez . Lima , 24 may ( EFECOM ) . Ganó Perú .";
        let cp = |needle: &str| text[..text.find(needle).unwrap()].chars().count();
        let sentence_starts = ["Ávila", "Habló", "Lima", "Ganó"];
        let mut sentences: Vec<(usize, usize)> = Vec::new();
        for (k, s) in sentence_starts.iter().enumerate() {
            let end = sentence_starts
                .get(k + 1)
                .map_or(text.chars().count(), |next| cp(next) - 1);
            sentences.push((cp(s), end));
        }
        let doc = GoldDocument {
            id: "es".into(),
            text: text.into(),
            sentences,
            entities: vec![
                entity(cp("Pérez"), cp("Pérez") + 5, "PER"),
                entity(cp("Perú"), cp("Perú") + 4, "LOC"),
            ],
        };
        let articles = split_at_datelines(doc);
        assert_eq!(articles.len(), 2);
        assert_eq!(articles[0].text, "Ávila , 23 may ( EFE ) . Habló Pérez . ");
        assert!(articles[1].text.starts_with("Lima , 24 may ( EFECOM ) ."));
        assert_eq!(named(&articles[0])[0], "Pérez");
        assert_eq!(named(&articles[1])[0], "Perú");
        assert_eq!(articles[1].sentences[0].0, 0);
    }

    #[test]
    fn each_sentence_alone_keeps_its_own_names_with_rebased_offsets() {
        // "Señor Pérez" crosses no boundary; "Lima . Perú" does and is left out.
        let text = "Habló el señor Pérez . Llegó a Lima . Perú ganó .";
        let cp = |needle: &str| text[..text.find(needle).unwrap()].chars().count();
        let doc = GoldDocument {
            id: "d".into(),
            text: text.into(),
            sentences: vec![
                (0, cp("Llegó") - 1),
                (cp("Llegó"), cp("Perú") - 1),
                (cp("Perú"), text.chars().count()),
            ],
            entities: vec![
                entity(cp("Pérez"), cp("Pérez") + 5, "PER"),
                entity(cp("Lima"), cp("Perú") + 4, "LOC"),
                entity(cp("Perú"), cp("Perú") + 4, "LOC"),
            ],
        };
        let alone = sentences_alone(&doc);
        assert_eq!(alone.len(), 3);
        assert_eq!(alone[1].text, "Llegó a Lima .");
        assert!(alone[1].entities.is_empty(), "a name across sentences belongs to none");
        assert_eq!(named(&alone[0])[0], "Pérez");
        assert_eq!(named(&alone[2])[0], "Perú");
        assert_eq!(alone[2].sentences, vec![(0, alone[2].text.chars().count())]);
    }

    #[test]
    fn title_casing_capitalises_each_word_and_keeps_code_point_offsets() {
        let doc = GoldDocument {
            id: "d".into(),
            text: "Trump meets Abe in Tōkyō , straße ßig".into(),
            sentences: vec![(0, 37)],
            entities: vec![entity(19, 24, "LOC")],
        };
        let titled = title_cased(&doc);
        assert_eq!(titled.text, "Trump Meets Abe In Tōkyō , Straße ßig");
        let named: String = titled.text.chars().skip(19).take(5).collect();
        assert_eq!(named, "Tōkyō");
    }

    fn read(name: &str, content: &str) -> anyhow::Result<Vec<GoldDocument>> {
        let dir = std::env::temp_dir().join(format!("enrich-corpus-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(name);
        std::fs::write(&path, content)?;
        let docs = read_documents(&path);
        std::fs::remove_dir_all(&dir)?;
        docs
    }

    fn error(name: &str, content: &str) -> String {
        match read(name, content) {
            Ok(_) => panic!("{name} was accepted:\n{content}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn conll_files_become_documents_with_code_point_offsets() {
        let docs = read(
            "a.conll",
            "# doc one\nÁngel\tB-PER\nPérez\tI-PER\nvive\tO\nen\tO\nLima\tB-LOC\n.\tO\n\nHola\tO\n\n# doc two\nUN\tB-ORG\n",
        )
        .expect("a valid file");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text, "Ángel Pérez vive en Lima . Hola");
        let types: Vec<&str> = docs[0].entities.iter().map(|e| e.entity_type.as_str()).collect();
        assert_eq!(named(&docs[0]), ["Ángel Pérez", "Lima"]);
        assert_eq!(types, ["PER", "LOC"]);
        assert_eq!(docs[0].sentences, [(0, 26), (27, 31)]);
        assert_eq!((docs[1].entities[0].start, docs[1].entities[0].end), (0, 2));
    }

    #[test]
    fn a_training_file_with_a_broken_tag_sequence_an_unknown_type_or_offsets_outside_the_text_names_the_line() {
        let broken = error("b.conll", "# doc x\nla\tO\nCasa\tI-LOC\n");
        assert!(
            broken.contains("b.conll:3:") && broken.contains("broken tag sequence"),
            "{broken}"
        );
        let switched = error("c.conll", "New\tB-LOC\nYork\tI-ORG\n");
        assert!(
            switched.contains("c.conll:2:") && switched.contains("continues a LOC"),
            "{switched}"
        );
        let unknown = error("d.conll", "\nParis\tB-CITY\n");
        assert!(
            unknown.contains("d.conll:2:") && unknown.contains("\"CITY\""),
            "{unknown}"
        );
        let fields = error("e.conll", "Paris B-LOC\n");
        assert!(
            fields.contains("e.conll:1:") && fields.contains("token<TAB>tag"),
            "{fields}"
        );
        let ok = r#"{"id":"a","text":"Paris is big","entities":[{"start":0,"end":5,"type":"LOC"}]}"#;
        let outside = r#"{"id":"b","text":"Paris","entities":[{"start":0,"end":9,"type":"LOC"}]}"#;
        let message = error("f.docs.jsonl", &format!("{ok}\n\n{outside}\n"));
        assert!(
            message.contains("f.docs.jsonl:3:") && message.contains("outside the text"),
            "{message}"
        );
        let unknown = r#"{"id":"c","text":"Paris","entities":[{"start":0,"end":5,"type":"CITY"}]}"#;
        let message = error("g.docs.jsonl", unknown);
        assert!(
            message.contains("g.docs.jsonl:1:") && message.contains("unknown type"),
            "{message}"
        );
        let overlapping = r#"{"id":"d","text":"New York City","entities":[{"start":0,"end":8,"type":"LOC"},{"start":4,"end":13,"type":"LOC"}]}"#;
        let message = error("h.docs.jsonl", overlapping);
        assert!(
            message.contains("h.docs.jsonl:1:") && message.contains("overlap"),
            "{message}"
        );
    }

    #[test]
    fn a_sentence_is_cut_to_open_with_its_first_name_and_its_quotation_mark() {
        let text = "Сын правителя Кодра , Андрокл , правил . Ласси лает . Он играл за « Спартак » в Москве . В русском языке нет имён .";
        let cp = |needle: &str| text[..text.find(needle).unwrap()].chars().count();
        let ends = [". Ласси", ". Он", ". В "].map(|n| cp(n) + 1);
        let doc = GoldDocument {
            id: "ru".into(),
            text: text.into(),
            sentences: vec![
                (0, ends[0]),
                (ends[0] + 1, ends[1]),
                (ends[1] + 1, ends[2]),
                (ends[2] + 1, text.chars().count()),
            ],
            entities: vec![
                entity(cp("Кодра"), cp("Кодра") + 5, "PER"),
                entity(cp("Андрокл"), cp("Андрокл") + 7, "PER"),
                entity(cp("Ласси"), cp("Ласси") + 5, "PER"),
                entity(cp("Спартак"), cp("Спартак") + 7, "ORG"),
                entity(cp("Москве"), cp("Москве") + 6, "LOC"),
                entity(cp("русском"), cp("русском") + 7, "MISC"),
            ],
        };
        let cut = names_first(&doc);
        // The sentence that opens with `Ласси` is left out, and so is the one
        // whose only name is in lowercase.
        let texts: Vec<&str> = cut.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["Кодра , Андрокл , правил .", "« Спартак » в Москве ."]);
        assert_eq!(named(&cut[0]), ["Кодра", "Андрокл"]);
        assert_eq!(named(&cut[1]), ["Спартак", "Москве"]);
        assert_eq!(cut[1].sentences, [(0, cut[1].text.chars().count())]);
    }

    #[test]
    fn sentences_that_only_mention_an_agency_are_not_datelines() {
        assert!(is_dateline("Madrid , 23 may ( EFE ) ."));
        assert!(!is_dateline("Lo dijo a la agencia ( EFE ) ."));
        assert!(!is_dateline("Ganó 3 , 2 a 1 ( Real Madrid ) ."));
    }
}
