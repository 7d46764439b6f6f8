//! The model file: how a trained [`PerceptronModel`] is committed and
//! embedded.
//!
//! Little-endian throughout: magic `ENRNER5\0`; the model card (name,
//! version, language code, then its evaluations: dataset, precision, recall,
//! F1); the calibration margin (f32); the weight scale (f32); feature
//! switches (u8: bit 0, the word-length feature; bit 1, prefix stems; bit 2,
//! a second cluster table follows the first; bit 3, words' parts looked up in
//! the gazetteer; bit 4, the gazetteer marks known surnames; bit 5, words
//! are looked up in the gazetteer by their sound skeleton; bit 6, capitalised
//! words carry the words around them; bit 7, tokens carry their window's
//! scripts); transition weights
//! (`(TAGS + 1) × TAGS` f32, the last row from the sentence start); the
//! gazetteer; the common lowercase words (u64 hashes); the word clusters (u64
//! hash and three u16 ids each) and, with switch bit 2, the clusters grouped
//! from word vectors (the same layout, keyed by lowercase forms); then the
//! features, sorted by key: key (u32), entry count (u8), and per entry its
//! tag (u8) and quantized weight (i16).
//! Only non-zero tags are stored, which keeps a model to a few MB.
//!
//! Strings are a u32 byte length and UTF-8; counts are u32. Reading never
//! trusts a count further than the bytes left can hold, so a damaged or
//! foreign file is an error, never a huge allocation.

use super::clusters::WordClusters;
use super::features::{CommonWords, Resources};
use super::gazetteer::Gazetteer;
use super::model::PerceptronModel;
use super::table::FeatureTable;
use super::tags::TAGS;
use crate::entities::{ModelCard, ModelEvaluation};

const MAGIC: &[u8; 8] = b"ENRNER5\0";
/// Every enrich NER model file starts with this, whatever its version.
const MAGIC_PREFIX: &[u8; 6] = b"ENRNER";

/// Bit of the feature-switch byte: the word-length feature is on.
const WORD_LENGTH: u8 = 1;
/// Bit of the feature-switch byte: the prefix-stem features are on.
const STEMS: u8 = 2;
/// Bit of the feature-switch byte: clusters grouped from word vectors,
/// keyed by lowercase forms, follow the text clusters.
const VECTOR_CLUSTERS: u8 = 4;
/// Bit of the feature-switch byte: words' parts are looked up in the gazetteer.
const PARTS: u8 = 8;
/// Bit of the feature-switch byte: the gazetteer marks known surnames
/// ([`super::gazetteer::SURNAME`]), a feature older readers do not know.
const SURNAMES: u8 = 16;
/// Bit of the feature-switch byte: capitalised words are looked up in the
/// gazetteer by their sound skeleton too.
const CROSS_SCRIPT: u8 = 32;
/// Bit of the feature-switch byte: capitalised words carry their sentence's
/// words.
const SENTENCE_WORDS: u8 = 64;
/// Bit of the feature-switch byte: tokens carry the scripts of their window.
/// The last bit: every value of the byte now names known switches, and a
/// further switch needs a new format version (the magic).
const SCRIPTS: u8 = 128;

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelFileError {
    #[error("not an enrich NER model (bad magic)")]
    NotAModel,
    #[error("the NER model file has format {found:?}; this version of enrich reads ENRNER5 (retrain it with enrich-lab train-ner)")]
    Version { found: String },
    #[error("the NER model file is truncated or corrupt")]
    Truncated,
    #[error("the NER model file has {0} bytes after its last feature; it was written by a different version of enrich or is corrupt")]
    TrailingBytes(usize),
}

/// A cursor over the file's bytes; every read fails cleanly at the end.
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Result<&'b [u8], ModelFileError> {
        let end = self.at.checked_add(n).ok_or(ModelFileError::Truncated)?;
        let slice = self.bytes.get(self.at..end).ok_or(ModelFileError::Truncated)?;
        self.at = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelFileError> {
        self.take(N)?.try_into().map_err(|_| ModelFileError::Truncated)
    }

    fn u8(&mut self) -> Result<u8, ModelFileError> {
        Ok(self.array::<1>()?[0])
    }

    fn u16(&mut self) -> Result<u16, ModelFileError> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    fn u32(&mut self) -> Result<u32, ModelFileError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, ModelFileError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn f32(&mut self) -> Result<f32, ModelFileError> {
        Ok(f32::from_bits(self.u32()?))
    }

    fn string(&mut self) -> Result<String, ModelFileError> {
        let len = self.u32()? as usize;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|_| ModelFileError::Truncated)
    }

    /// A count of items of at least `min_size` bytes each, capped by what
    /// the remaining bytes can hold (for reservations only).
    fn count(&mut self, min_size: usize) -> Result<(usize, usize), ModelFileError> {
        let n = self.u32()? as usize;
        let fits = (self.bytes.len() - self.at) / min_size.max(1);
        Ok((n, n.min(fits)))
    }

    fn remaining(&self) -> &'b [u8] {
        &self.bytes[self.at..]
    }
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    // Counts and lengths in a model are far below 4 GiB.
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_string(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

impl PerceptronModel {
    /// The model as a file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        write_card(&self.card, &mut out);
        out.extend_from_slice(&self.calibration.to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.push(
            if self.resources.word_length { WORD_LENGTH } else { 0 }
                | if self.resources.stems { STEMS } else { 0 }
                | if self.resources.vector_clusters.is_empty() {
                    0
                } else {
                    VECTOR_CLUSTERS
                }
                | if self.resources.parts { PARTS } else { 0 }
                | if self.resources.gazetteer.has_surnames() {
                    SURNAMES
                } else {
                    0
                }
                | if self.resources.cross_script { CROSS_SCRIPT } else { 0 }
                | if self.resources.sentence_words {
                    SENTENCE_WORDS
                } else {
                    0
                }
                | if self.resources.scripts { SCRIPTS } else { 0 },
        );
        for t in &self.transitions {
            out.extend_from_slice(&t.to_le_bytes());
        }
        self.resources.gazetteer.write(&mut out);
        let mut common: Vec<u64> = self.resources.common_words.hashes.iter().copied().collect();
        common.sort_unstable();
        put_u32(&mut out, common.len());
        for h in common {
            out.extend_from_slice(&h.to_le_bytes());
        }
        write_clusters(&self.resources.clusters, &mut out);
        if !self.resources.vector_clusters.is_empty() {
            write_clusters(&self.resources.vector_clusters, &mut out);
        }
        put_u32(&mut out, self.table.len());
        out.extend_from_slice(self.table.record_bytes());
        out
    }

    /// Reads a model file; a damaged, foreign or older file is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelFileError> {
        Self::read(bytes, FeatureTable::copied)
    }

    /// Reads a model file embedded in the binary: its weights are read in
    /// place, not copied ([`FeatureTable`]).
    pub fn from_embedded(bytes: &'static [u8]) -> Result<Self, ModelFileError> {
        Self::read(bytes, FeatureTable::embedded)
    }

    /// Reads everything but the weights, which `table` indexes from the
    /// file's feature records.
    fn read<'b>(
        bytes: &'b [u8],
        table: impl FnOnce(&'b [u8], usize) -> Result<FeatureTable, ModelFileError>,
    ) -> Result<Self, ModelFileError> {
        match bytes.get(..8) {
            Some(magic) if magic == MAGIC => {}
            Some(magic) if magic.starts_with(MAGIC_PREFIX) => {
                return Err(ModelFileError::Version {
                    found: String::from_utf8_lossy(&magic[..7]).into_owned(),
                })
            }
            _ => return Err(ModelFileError::NotAModel),
        }
        let mut r = Reader { bytes, at: 8 };
        let card = read_card(&mut r)?;
        let calibration = r.f32()?;
        let scale = r.f32()?;
        let switches = r.u8()?;
        let mut transitions = Vec::with_capacity((TAGS + 1) * TAGS);
        for _ in 0..(TAGS + 1) * TAGS {
            transitions.push(r.f32()?);
        }
        let (gazetteer, used) = Gazetteer::read(r.remaining()).ok_or(ModelFileError::Truncated)?;
        if gazetteer.has_surnames() != (switches & SURNAMES != 0) {
            return Err(ModelFileError::Truncated);
        }
        r.take(used)?;
        let (n, _) = r.count(8)?;
        let mut common_words = CommonWords::default();
        for _ in 0..n {
            common_words.hashes.insert(r.u64()?);
        }
        let clusters = read_clusters(&mut r, false)?;
        let vector_clusters = if switches & VECTOR_CLUSTERS != 0 {
            read_clusters(&mut r, true)?
        } else {
            WordClusters::default()
        };
        let n = r.u32()? as usize;
        let table = table(r.remaining(), n)?;
        Ok(PerceptronModel {
            card,
            calibration,
            scale,
            transitions,
            resources: Resources {
                gazetteer,
                common_words,
                clusters,
                vector_clusters,
                word_length: switches & WORD_LENGTH != 0,
                stems: switches & STEMS != 0,
                parts: switches & PARTS != 0,
                cross_script: switches & CROSS_SCRIPT != 0,
                sentence_words: switches & SENTENCE_WORDS != 0,
                scripts: switches & SCRIPTS != 0,
            },
            table,
            scratch: Default::default(),
        })
    }
}

fn write_clusters(clusters: &WordClusters, out: &mut Vec<u8>) {
    put_u32(out, clusters.len());
    for (h, ids) in clusters.rows() {
        out.extend_from_slice(&h.to_le_bytes());
        for id in ids {
            out.extend_from_slice(&id.to_le_bytes());
        }
    }
}

fn read_clusters(r: &mut Reader, lowercase: bool) -> Result<WordClusters, ModelFileError> {
    let (n, reserve) = r.count(14)?;
    let mut rows = Vec::with_capacity(reserve);
    for _ in 0..n {
        let h = r.u64()?;
        let ids = [r.u16()?, r.u16()?, r.u16()?];
        if !WordClusters::ids_fit(ids) {
            return Err(ModelFileError::Truncated);
        }
        rows.push((h, ids));
    }
    Ok(WordClusters::from_ids(rows, lowercase))
}

fn write_card(card: &ModelCard, out: &mut Vec<u8>) {
    put_string(out, &card.name);
    put_string(out, &card.version);
    put_string(out, &card.language);
    put_u32(out, card.evaluations.len());
    for e in &card.evaluations {
        put_string(out, &e.dataset);
        for v in [e.precision, e.recall, e.f1] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
}

fn read_card(r: &mut Reader) -> Result<ModelCard, ModelFileError> {
    let name = r.string()?;
    let version = r.string()?;
    let language = r.string()?;
    let (n, reserve) = r.count(16)?;
    let mut evaluations = Vec::with_capacity(reserve);
    for _ in 0..n {
        evaluations.push(ModelEvaluation {
            dataset: r.string()?,
            precision: r.f32()?,
            recall: r.f32()?,
            f1: r.f32()?,
        });
    }
    Ok(ModelCard {
        name,
        version,
        language,
        evaluations,
    })
}
