//! Converts the NLP core's UTF-8 byte offsets into the unit the caller asked
//! for. This is the only place offsets change unit.

use enrich_nlp::Span;

/// A unit in which callers count offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Utf8Byte,
    Utf16CodeUnit,
    CodePoint,
}

/// Bytes between checkpoints: a conversion counts at most this many bytes.
const STRIDE: usize = 256;

/// Converts byte offsets of one text in O(STRIDE) each, in any order.
pub struct OffsetMap<'t> {
    text: &'t str,
    unit: Unit,
    /// `checkpoints[k]`: units before `floor_boundary(k * STRIDE)`.
    checkpoints: Vec<u32>,
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn units(s: &str, unit: Unit) -> usize {
    match unit {
        Unit::Utf8Byte => s.len(),
        Unit::CodePoint => s.chars().count(),
        Unit::Utf16CodeUnit => s.chars().map(char::len_utf16).sum(),
    }
}

impl<'t> OffsetMap<'t> {
    pub fn new(text: &'t str, unit: Unit) -> Self {
        let mut checkpoints = Vec::new();
        if unit != Unit::Utf8Byte {
            let mut total = 0usize;
            let mut previous = 0usize;
            for k in 0..=text.len() / STRIDE {
                let boundary = floor_boundary(text, k * STRIDE);
                total += units(&text[previous..boundary], unit);
                checkpoints.push(total as u32);
                previous = boundary;
            }
        }
        OffsetMap {
            text,
            unit,
            checkpoints,
        }
    }

    /// The offset `byte` (a char boundary of the text) in the caller's unit.
    pub fn convert(&self, byte: usize) -> u32 {
        let byte = floor_boundary(self.text, byte);
        if self.unit == Unit::Utf8Byte {
            return byte as u32;
        }
        let k = byte / STRIDE;
        let from = floor_boundary(self.text, k * STRIDE);
        self.checkpoints[k] + units(&self.text[from..byte], self.unit) as u32
    }

    pub fn span(&self, span: Span) -> (u32, u32) {
        (self.convert(span.start), self.convert(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_agree_with_a_direct_count_in_every_unit() {
        let text = "\u{feff}Héllo 😀 世界\r\ne\u{301} ".repeat(40);
        for unit in [Unit::Utf8Byte, Unit::CodePoint, Unit::Utf16CodeUnit] {
            let map = OffsetMap::new(&text, unit);
            for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
                assert_eq!(
                    map.convert(byte) as usize,
                    units(&text[..byte], unit),
                    "{unit:?} at {byte}"
                );
            }
        }
    }
}
