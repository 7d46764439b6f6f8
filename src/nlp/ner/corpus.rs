//! Reading annotated documents (`*.docs.jsonl`: text, gold sentences and
//! entities in code-point offsets) and projecting their entities onto this
//! crate's own tokens, so the tagger trains on the tokens it will see when
//! serving.

use super::gazetteer::TYPES;
use super::model::tag;
use crate::nlp::document::Span;
use crate::nlp::tokenize::{tokenize, Token};
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
        docs.push(serde_json::from_str(&line).map_err(|e| anyhow::anyhow!("{}:{}: {e}", path.display(), n + 1))?);
    }
    Ok(docs)
}

/// Code-point offsets of a text as byte offsets (`len + 1` entries).
pub fn code_point_to_byte(text: &str) -> Vec<usize> {
    let mut map: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    map.push(text.len());
    map
}

pub fn type_index(name: &str) -> Option<usize> {
    TYPES.iter().position(|t| *t == name)
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
            let ty = type_index(&e.entity_type)?;
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
    segmenter: &crate::nlp::segment::Segmenter,
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
