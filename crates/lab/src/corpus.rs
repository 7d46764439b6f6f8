//! Reading annotated documents (`*.docs.jsonl`: text, gold sentences and
//! entities in code-point offsets) and projecting their entities onto this
//! crate's own tokens, so the tagger trains on the tokens it will see when
//! serving.

use enrich_nlp::lab::tag;
use enrich_nlp::ner::NerLabel;
use enrich_nlp::tokenize::{tokenize, Token};
use enrich_nlp::Span;
use serde::Deserialize;
use std::io::BufRead;

#[derive(Debug, Deserialize)]
pub struct GoldEntity {
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub entity_type: String,
}

/// One annotated document as stored.
#[derive(Debug, Deserialize)]
pub struct GoldDocument {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub sentences: Vec<(usize, usize)>,
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
}

/// Reads a `*.docs.jsonl` file.
pub fn read_documents(path: &std::path::Path) -> anyhow::Result<Vec<GoldDocument>> {
    let file = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    let mut docs = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: GoldDocument =
            serde_json::from_str(&line).map_err(|e| anyhow::anyhow!("{}:{}: {e}", path.display(), n + 1))?;
        docs.extend(split_at_datelines(doc));
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
        let tokens = tokenize(&doc.text, Span::new(start, end));
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

    fn entity(start: usize, end: usize, entity_type: &str) -> GoldEntity {
        GoldEntity {
            start,
            end,
            entity_type: entity_type.to_string(),
        }
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
        let named =
            |d: &GoldDocument, e: &GoldEntity| d.text.chars().skip(e.start).take(e.end - e.start).collect::<String>();
        assert_eq!(named(&articles[0], &articles[0].entities[0]), "Pérez");
        assert_eq!(named(&articles[1], &articles[1].entities[0]), "Perú");
        assert_eq!(articles[1].sentences[0].0, 0);
    }

    #[test]
    fn sentences_that_only_mention_an_agency_are_not_datelines() {
        assert!(is_dateline("Madrid , 23 may ( EFE ) ."));
        assert!(!is_dateline("Lo dijo a la agencia ( EFE ) ."));
        assert!(!is_dateline("Ganó 3 , 2 a 1 ( Real Madrid ) ."));
    }
}
