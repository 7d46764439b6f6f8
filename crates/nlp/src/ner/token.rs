//! The token view the entity models read: a word with its lowercase form
//! and folded shape, computed once per token and shared by every feature
//! template and by the gazetteer.

use super::hash::{string_hash, FNV_OFFSET, FNV_PRIME};

/// Per-token facts computed once per sentence.
pub struct TokenView<'t> {
    pub word: &'t str,
    /// Borrowed when the word has no uppercase letter (most words).
    pub lower: std::borrow::Cow<'t, str>,
    /// Hash of the shape with repeats folded (`Xxxx` → `Xx`, `1996-08-22`
    /// → `d-d-d`, at most 8 symbols): features only compare shapes.
    pub short_shape: u64,
    /// [`string_hash`] of `lower`: the key of the document's and the
    /// model's per-word tables, hashed once here.
    pub lower_hash: u64,
    /// [`string_hash`] of `word` (the word clusters' key).
    pub word_hash: u64,
}

fn short_shape(word: &str) -> u64 {
    let mut hash = FNV_OFFSET;
    let mut last = '\0';
    let mut symbols = 0;
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
            hash = (hash ^ u64::from(u32::from(s))).wrapping_mul(FNV_PRIME);
            last = s;
            symbols += 1;
        }
        if symbols >= 8 {
            break;
        }
    }
    hash
}

impl<'t> TokenView<'t> {
    pub fn new(word: &'t str) -> Self {
        let lower = crate::tokenize::lowercase(word);
        let lower_hash = string_hash(&lower);
        let word_hash = match lower {
            std::borrow::Cow::Borrowed(_) => lower_hash,
            std::borrow::Cow::Owned(_) => string_hash(word),
        };
        TokenView {
            word,
            lower,
            short_shape: short_shape(word),
            lower_hash,
            word_hash,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn a_tokens_lowercase_form_is_borrowed_unless_a_capital_changes_it() {
        let cases = [
            ("paris", "paris", false),
            ("Paris", "paris", true),
            ("USA", "usa", true),
            ("über", "über", false),
            ("Über", "über", true),
        ];
        for (word, lower, owned) in cases {
            let view = TokenView::new(word);
            assert_eq!(view.lower, lower, "{word}");
            assert_eq!(matches!(view.lower, Cow::Owned(_)), owned, "{word}");
            assert_eq!(view.lower_hash, string_hash(lower), "{word}");
        }
    }
}
