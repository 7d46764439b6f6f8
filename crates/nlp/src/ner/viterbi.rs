//! Constrained Viterbi decoding: the best tag sequence among those the
//! BILOU algebra allows.

use super::tags::{allowed, may_end, TAGS};

/// For each tag, the tags allowed before it (`TAGS` stands for the
/// sentence start), computed once.
fn predecessors() -> &'static [Vec<usize>; TAGS] {
    static TABLE: std::sync::OnceLock<[Vec<usize>; TAGS]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| std::array::from_fn(|t| (0..TAGS).filter(|&p| allowed(Some(p), t)).collect()))
}

/// Best tag sequence under the BILOU constraints.
pub fn viterbi(emissions: &[[f32; TAGS]], transitions: &[f32]) -> Vec<usize> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    let before = predecessors();
    let start_row = TAGS * TAGS;
    let mut score = vec![[f32::NEG_INFINITY; TAGS]; n];
    let mut back = vec![[0u8; TAGS]; n];
    for t in 0..TAGS {
        if allowed(None, t) {
            score[0][t] = emissions[0][t] + transitions[start_row + t];
        }
    }
    for i in 1..n {
        let (done, rest) = score.split_at_mut(i);
        let previous = &done[i - 1];
        for t in 0..TAGS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for &p in &before[t] {
                let s = previous[p] + transitions[p * TAGS + t];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            rest[0][t] = best + emissions[i][t];
            back[i][t] = arg as u8;
        }
    }
    let mut last = (0..TAGS)
        .filter(|&t| may_end(t))
        .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]))
        .unwrap_or(0);
    let mut tags = vec![0; n];
    for i in (0..n).rev() {
        tags[i] = last;
        last = back[i][last] as usize;
    }
    tags
}
