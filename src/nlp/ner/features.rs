//! Features of a token in its sentence, hashed to 32-bit keys.
//!
//! Training and tagging call the same [`sentence_features`], so a model sees
//! at run time exactly what it was trained on. Keys are FNV-1a hashes of a
//! template id and the feature's strings: stable across platforms and Rust
//! versions, so a committed model keeps working.

use super::gazetteer::Gazetteer;

/// Per-token facts computed once per sentence.
pub struct TokenView<'t> {
    pub word: &'t str,
    pub lower: String,
    /// `Xxxx` → `Xx`, `1996-08-22` → `d-d-d`: the shape with repeats folded.
    pub short_shape: String,
}

fn short_shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s != last {
            out.push(s);
            last = s;
        }
        if out.len() >= 8 {
            break;
        }
    }
    out
}

impl<'t> TokenView<'t> {
    pub fn new(word: &'t str) -> Self {
        TokenView {
            word,
            lower: word.to_lowercase(),
            short_shape: short_shape(word),
        }
    }
}

/// FNV-1a over a template id and parts separated by a 0xff byte.
#[derive(Clone, Copy)]
struct Key(u64);

impl Key {
    fn new(template: u8) -> Self {
        Key((0xcbf2_9ce4_8422_2325u64 ^ u64::from(template)).wrapping_mul(0x0100_0000_01b3))
    }
    fn add(mut self, part: &str) -> Self {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }
    fn finish(self) -> u32 {
        (self.0 ^ (self.0 >> 32)) as u32
    }
}

/// A stable 64-bit hash of a string, for gazetteer entries.
pub fn string_hash(s: &str) -> u64 {
    Key::new(255).add(s).0
}

fn prefix(s: &str, chars: usize) -> Option<&str> {
    let end = s.char_indices().nth(chars).map(|(i, _)| i)?;
    Some(&s[..end])
}

fn suffix(s: &str, chars: usize) -> Option<&str> {
    let count = s.chars().count();
    if count <= chars {
        return None;
    }
    let start = s.char_indices().nth(count - chars).map(|(i, _)| i)?;
    Some(&s[start..])
}

const BOUNDARY: &str = "<s>";

/// Appends the feature keys of every token of a sentence to `out`, one
/// `Vec` per token (reused buffers).
pub fn sentence_features(tokens: &[TokenView], gazetteer: &Gazetteer, skip_doc: Option<usize>, out: &mut Vec<Vec<u32>>) {
    let n = tokens.len();
    out.resize_with(n, Vec::new);
    let letters: Vec<&str> = tokens.iter().map(|t| t.word).filter(|w| w.chars().any(char::is_alphabetic)).collect();
    let all_caps_sentence = letters.len() >= 2 && letters.iter().all(|w| !w.chars().any(char::is_lowercase));
    let caps = if all_caps_sentence { "caps" } else { "mixed" };
    let gaz = gazetteer.matches(tokens, skip_doc);
    let lower = |i: isize| -> &str {
        if i < 0 || i as usize >= n {
            BOUNDARY
        } else {
            &tokens[i as usize].lower
        }
    };
    let shape = |i: isize| -> &str {
        if i < 0 || i as usize >= n {
            BOUNDARY
        } else {
            &tokens[i as usize].short_shape
        }
    };
    for (i, t) in tokens.iter().enumerate() {
        let f = &mut out[i];
        f.clear();
        let i = i as isize;
        f.push(Key::new(0).finish());
        f.push(Key::new(1).add(t.word).finish());
        f.push(Key::new(2).add(&t.lower).finish());
        f.push(Key::new(3).add(&t.short_shape).finish());
        for k in 1..=4u8 {
            if let Some(p) = prefix(&t.lower, k as usize) {
                f.push(Key::new(3 + k).add(p).finish());
            }
            if let Some(s) = suffix(&t.lower, k as usize) {
                f.push(Key::new(7 + k).add(s).finish());
            }
        }
        f.push(Key::new(12).add(lower(i - 1)).finish());
        f.push(Key::new(13).add(lower(i + 1)).finish());
        f.push(Key::new(14).add(lower(i - 2)).finish());
        f.push(Key::new(15).add(lower(i + 2)).finish());
        f.push(Key::new(16).add(shape(i - 1)).finish());
        f.push(Key::new(17).add(shape(i + 1)).finish());
        f.push(Key::new(18).add(lower(i - 1)).add(&t.lower).finish());
        f.push(Key::new(19).add(&t.lower).add(lower(i + 1)).finish());
        f.push(Key::new(20).add(shape(i - 1)).add(&t.short_shape).add(shape(i + 1)).finish());
        f.push(Key::new(21).add(caps).add(&t.short_shape).finish());
        if i == 0 {
            f.push(Key::new(22).add(&t.short_shape).finish());
        }
        f.push(Key::new(23).add(caps).add(&t.lower).finish());
        f.push(Key::new(24).add(t.word).add(lower(i + 1)).finish());
        f.push(Key::new(25).add(lower(i - 1)).add(t.word).finish());
        for m in &gaz[i as usize] {
            f.push(Key::new(30).add(m).finish());
            f.push(Key::new(31).add(m).add(&t.short_shape).finish());
        }
    }
}
