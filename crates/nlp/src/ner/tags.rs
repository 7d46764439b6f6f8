//! BILOU tag algebra: a tag is `O` (0) or a position (B, I, L, U) of a
//! [`NerLabel`], packed in one index so the Viterbi tables stay small; which
//! tag may follow which; and tag sequences back to spans.

use super::labels::NerLabel;

/// O, then B, I, L, U for each label.
pub const TAGS: usize = 1 + 4 * NerLabel::COUNT;

/// Tag index for position `pos` (0 B, 1 I, 2 L, 3 U) of type `ty`.
#[cfg_attr(not(feature = "lab"), allow(dead_code))] // used by training and tests
pub fn tag(ty: usize, pos: usize) -> usize {
    1 + ty * 4 + pos
}

pub fn type_of(tag: usize) -> Option<usize> {
    (tag > 0).then(|| (tag - 1) / 4)
}

pub fn pos_of(tag: usize) -> usize {
    (tag - 1) % 4
}

#[cfg(test)]
fn tag_name(t: usize) -> String {
    match type_of(t) {
        None => "O".into(),
        Some(ty) => format!(
            "{}-{}",
            ["B", "I", "L", "U"][pos_of(t)],
            NerLabel::from_index(ty).map_or("?", NerLabel::code)
        ),
    }
}

/// Whether `next` may follow `prev` (`None`: sentence start).
pub fn allowed(prev: Option<usize>, next: usize) -> bool {
    let inside = prev.is_some_and(|p| p > 0 && pos_of(p) <= 1);
    match (inside, type_of(next)) {
        // After B or I of a type only I or L of that type.
        (true, Some(ty)) => Some(ty) == prev.and_then(type_of) && pos_of(next) >= 1 && pos_of(next) <= 2,
        (true, None) => false,
        (false, None) => true,
        (false, Some(_)) => pos_of(next) == 0 || pos_of(next) == 3,
    }
}

/// Whether a sentence may end after `last`.
pub fn may_end(last: usize) -> bool {
    last == 0 || pos_of(last) >= 2
}

/// Spans `[start, end)` of token indices with their type index, from tags.
pub fn spans(tags: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match type_of(t) {
            None => open = None,
            Some(ty) => match pos_of(t) {
                0 => open = Some((i, ty)),
                1 => {}
                2 => {
                    if let Some((s, oty)) = open.take() {
                        if oty == ty {
                            out.push((s, i + 1, ty));
                        }
                    }
                }
                _ => {
                    open = None;
                    out.push((i, i + 1, ty));
                }
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_come_back_from_well_formed_bilou_tags_only() {
        let per = NerLabel::Person.index();
        let loc = NerLabel::Location.index();
        // B-PER L-PER O U-LOC, then a B-LOC never closed.
        let tags = [tag(per, 0), tag(per, 2), 0, tag(loc, 3), tag(loc, 0)];
        assert_eq!(spans(&tags), vec![(0, 2, per), (3, 4, loc)]);
        assert_eq!(tag_name(tags[0]), "B-PER");
        assert!(allowed(Some(tag(per, 0)), tag(per, 1)));
        assert!(!allowed(Some(tag(per, 0)), tag(loc, 2)));
        assert!(!may_end(tag(per, 0)));
    }
}
