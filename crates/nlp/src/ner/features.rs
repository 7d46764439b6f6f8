//! Features of a token in its sentence, hashed to 32-bit keys.
//!
//! Training reads a token's keys from [`sentence_features`]; tagging reads
//! the same two halves it is made of, [`own_features`] (remembered per
//! word) and [`context_features`], so a model sees at run time exactly what
//! it was trained on. Keys are FNV-1a hashes of a
//! template id and the feature's strings: stable across platforms and Rust
//! versions, so a committed model keeps working.

use super::clusters::WordClusters;
use super::gazetteer::Gazetteer;
use super::hash::{string_hash, table_bytes, HashedMap, HashedSet, Key};
use super::token::TokenView;

/// What the rest of the document says about a word: seen in lowercase, or
/// capitalised away from a sentence start. `Critics` opening a sentence is a
/// name only if the document never writes `critics`.
#[derive(Debug, Default)]
pub struct DocumentContext {
    seen: HashedMap<(bool, bool)>,
    /// For each capitalised word, the lowercase words seen right before or
    /// after it anywhere in the document, as hashes, at most
    /// [`MAX_AGGREGATED`] (context aggregation, Ratinov and Roth 2009): a name
    /// that follows `minister` or precedes `said` in one sentence is the same
    /// kind of name where it stands alone in the next.
    neighbours: HashedMap<Vec<u64>>,
}

/// Most neighbouring words remembered per word.
const MAX_AGGREGATED: usize = 6;

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

impl DocumentContext {
    /// From every sentence of the document.
    pub fn new<'a>(sentences: impl IntoIterator<Item = &'a [TokenView<'a>]>) -> Self {
        let sentences: Vec<&[TokenView<'a>]> = sentences.into_iter().collect();
        // Sized once for the document's tokens: no rehashing as it fills.
        let tokens: usize = sentences.iter().map(|s| s.len()).sum();
        let mut seen: HashedMap<(bool, bool)> = HashedMap::with_capacity_and_hasher(tokens, Default::default());
        let mut neighbours: HashedMap<Vec<u64>> = HashedMap::default();
        for sentence in sentences {
            for (i, t) in sentence.iter().enumerate().filter(|(_, t)| is_capitalised(t.word)) {
                let list = neighbours.entry(t.lower_hash).or_default();
                // The lowercase word before and after this occurrence; the
                // low bit tells which side.
                for j in [i.wrapping_sub(1), i + 1] {
                    if let Some(n) = sentence.get(j).filter(|n| !is_capitalised(n.word)) {
                        let h = n.lower_hash ^ u64::from(j > i);
                        if list.len() < MAX_AGGREGATED && !list.contains(&h) {
                            list.push(h);
                        }
                    }
                }
            }
            for (i, t) in sentence.iter().enumerate() {
                let entry = seen.entry(t.lower_hash).or_default();
                if !is_capitalised(t.word) {
                    entry.0 = true;
                } else if i > 0 {
                    entry.1 = true;
                }
            }
        }
        DocumentContext { seen, neighbours }
    }

    /// The neighbouring words recorded for a capitalised word, by the
    /// [`string_hash`] of its lowercase form.
    fn neighbours(&self, lower_hash: u64) -> &[u64] {
        self.neighbours.get(&lower_hash).map_or(&[], Vec::as_slice)
    }

    fn flags(&self, lower_hash: u64) -> (bool, bool) {
        self.seen.get(&lower_hash).copied().unwrap_or_default()
    }
}

/// Lowercase words common in the training text, hashed.
#[derive(Debug, Default, Clone)]
pub struct CommonWords {
    pub hashes: HashedSet,
}

impl CommonWords {
    pub fn contains(&self, lower: &str) -> bool {
        self.hashes.contains(&string_hash(lower))
    }
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

/// Which scripts a word's letters are in, as bits: 1 Latin, 2 Cyrillic, 4
/// any other; 0 for a word without letters (numbers, punctuation).
pub fn script(word: &str) -> u8 {
    word.chars().filter(|c| c.is_alphabetic()).fold(0, |bits, c| {
        bits | if c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c) {
            1
        } else if ('\u{400}'..='\u{4ff}').contains(&c) {
            2
        } else {
            4
        }
    })
}

/// The [`script`] of a place outside the sentence.
const NO_SCRIPT: u8 = 8;

/// The lexical resources a model carries beside its weights.
#[derive(Debug, Default, Clone)]
pub struct Resources {
    pub gazetteer: Gazetteer,
    pub common_words: CommonWords,
    pub clusters: WordClusters,
    /// Clusters grouped from pretrained word vectors, keyed by lowercase
    /// forms (Russian's, from Navec): they know the vocabulary of a billion
    /// words of news where the labeled corpus knows ten thousand sentences.
    /// Empty for models without them, which then emit no such features.
    pub vector_clusters: WordClusters,
    /// Whether tokens carry the word-length feature. It is chosen per
    /// language on dev (`enrich-lab train-ner --no-word-length`) and saved with
    /// the model, so tagging emits exactly the features training did.
    pub word_length: bool,
    /// Whether tokens carry prefix stems (their first five and six letters):
    /// where names inflect (`Москва`, `Москве`, `Москву`; `Kraków`,
    /// `Krakowie`), the stem is what the forms share. Chosen per language by
    /// cross-validation and saved with the model.
    pub stems: bool,
    /// Whether a word's parts are looked up in the gazetteer: the parts of
    /// a hyphenated compound (`Wentz-Referenten`, `Nordatlantik-Route`) and
    /// the word less its last one to three letters, which finds the name a
    /// word is derived from (`Züricher` from `Zürich`, `Erhards` from
    /// `Erhard`). Chosen per language by cross-validation and saved with
    /// the model.
    pub parts: bool,
    /// Whether capitalised words are looked up in the gazetteer by their
    /// sound skeleton (see [`super::skeleton`]), and so are the word less
    /// its last one to three letters when [`Resources::parts`] is on:
    /// Russian text then finds the names other languages' corpora write in
    /// Latin script (`Поппера`, `Popper`). Saved with the model.
    pub cross_script: bool,
    /// Whether a capitalised word carries the words around it in its
    /// sentence (see [`SentenceWords`]): what the sentence is about tells a
    /// person from a place where the word itself cannot (`сюиты Рамо ,
    /// Корелли`, `тюрьмы Норфолка`). Saved with the model.
    pub sentence_words: bool,
    /// Whether each token carries the scripts of its window (see
    /// [`script`]): in Russian text a word in Latin script is part of a
    /// name or title nearly always (`Crysis Warhead`, `Cry me a river`),
    /// and where the script changes, a name often begins or ends; the
    /// shape alone does not tell `Xx` in Latin from `Xx` in Cyrillic.
    /// Saved with the model.
    pub scripts: bool,
}

impl Resources {
    /// Bytes the gazetteer, common words and clusters hold in memory.
    pub fn memory_bytes(&self) -> usize {
        self.gazetteer.memory_bytes()
            + table_bytes(self.common_words.hashes.capacity(), 8)
            + self.clusters.memory_bytes()
            + self.vector_clusters.memory_bytes()
    }
}

/// What the model's word-cluster tables say about one token: looked up once
/// per token, read by the token's own features and by its neighbours'.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordIds {
    pub cluster: Option<[u16; 3]>,
    /// From [`Resources::vector_clusters`]; `None` for models without them.
    pub vector: Option<[u16; 3]>,
}

impl WordIds {
    pub fn of(t: &TokenView, resources: &Resources) -> Self {
        WordIds {
            cluster: resources.clusters.get(t),
            vector: if resources.vector_clusters.is_empty() {
                None
            } else {
                resources.vector_clusters.get(t)
            },
        }
    }
}

/// Whether every word of the sentence with letters is in capitals (a
/// headline, a shouted line): the capitalisation features then mean less,
/// and two templates say so.
pub fn all_caps_sentence(tokens: &[TokenView]) -> bool {
    let mut letters = tokens
        .iter()
        .map(|t| t.word)
        .filter(|w| w.chars().any(char::is_alphabetic));
    let mut count = 0;
    let all = letters.all(|w| {
        count += 1;
        !w.chars().any(char::is_lowercase)
    });
    all && count >= 2
}

/// The languages (model codes) whose headlines are written in title case,
/// and whose models read such a headline in capitals (see
/// [`title_case_sentence`]): English. German, French, Spanish and the rest
/// write headlines in sentence case; and a model trained on Wikipedia
/// alone has seen few sentences in capitals: French title-cased sentences
/// scored 0.18 read in capitals against 0.22 as written (docs/entities.md).
pub const TITLE_CASE_HEADLINES: &[&str] = &["en"];

/// Whether a sentence is a title-case headline (`Trump Meets Abe in Tokyo
/// as Tariffs Loom`): three or more words with letters, not all in
/// capitals; no word of four letters or more in lowercase (`iPhone` is not);
/// at most a third in lowercase (the short words some styles keep so); and
/// of the capitalised words after the first, two or more, and a third or
/// more, words the model has seen in lowercase (its common words, or words
/// its clusters know in lowercase: `Tariffs`, `Loom`). A list of names or a
/// results table has few such words among its capitalised ones, and a
/// name-heavy sentence has its verbs in lowercase.
pub fn title_case_sentence<'w>(words: impl Iterator<Item = &'w str> + Clone, resources: &Resources) -> bool {
    // First the case alone, in one pass that stops at the first long word
    // in lowercase, where nearly every sentence stops.
    let (mut count, mut in_lowercase, mut any_lowercase) = (0usize, 0usize, false);
    let words = words.filter(|w| w.chars().any(char::is_alphabetic));
    for w in words.clone() {
        count += 1;
        let has_lowercase = w.chars().any(char::is_lowercase);
        any_lowercase |= has_lowercase;
        if w.chars().next().is_some_and(char::is_lowercase) && !w.chars().any(char::is_uppercase) {
            if w.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
                return false;
            }
            in_lowercase += 1;
        }
    }
    if count < 3 || !any_lowercase || in_lowercase * 3 > count {
        return false;
    }
    let seen_in_lowercase = |w: &str| {
        let lower = crate::tokenize::lowercase(w);
        resources.common_words.contains(&lower)
            || (!resources.clusters.is_lowercase() && resources.clusters.get(&TokenView::new(&lower)).is_some())
    };
    let (mut capitalised, mut common) = (0usize, 0usize);
    for w in words
        .skip(1)
        .filter(|w| is_capitalised(w) && w.chars().skip(1).any(char::is_lowercase))
    {
        capitalised += 1;
        common += usize::from(seen_in_lowercase(w));
    }
    common >= 2 && common * 3 >= capitalised
}

/// Cluster ids as integers: u16::MAX + 1 for "no cluster", + 2 outside the
/// sentence.
fn cluster_id(ids: Option<&Option<[u16; 3]>>, level: usize) -> u64 {
    ids.map_or(1 << 17, |c| c.map_or(1 << 16, |c| u64::from(c[level])))
}

/// Writes the feature keys of each token of a sentence into the first
/// `tokens.len()` buffers of `out`, one per token: its [`own_features`], then
/// its [`context_features`]. `out` grows when needed and never shrinks, so a
/// caller that keeps one `out` across sentences reuses its buffers instead of
/// growing ~45 keys a token from nothing each time. Training reads this;
/// the tagger reads the two halves, to reuse a word's own.
#[cfg(any(test, feature = "lab"))]
pub fn sentence_features(
    tokens: &[TokenView],
    resources: &Resources,
    document: &DocumentContext,
    skip_doc: Option<usize>,
    out: &mut Vec<Vec<u32>>,
) {
    let ids: Vec<WordIds> = tokens.iter().map(|t| WordIds::of(t, resources)).collect();
    let caps = all_caps_sentence(tokens);
    let gaz = resources.gazetteer.matches(tokens, skip_doc);
    if out.len() < tokens.len() {
        out.resize_with(tokens.len(), || Vec::with_capacity(64));
    }
    let words = SentenceWords::new(tokens, resources);
    for (i, t) in tokens.iter().enumerate() {
        let f = &mut out[i];
        f.clear();
        own_features(t, ids[i], caps, resources, skip_doc, f);
        context_features(tokens, i, &ids, resources, document, &gaz[i], f);
        words.features(i, t, f);
    }
}

/// The words around a capitalised word, as its features (a bag of words,
/// the wider context of Ratinov and Roth 2009): a name among `сюиты`,
/// `клавесинные`, `пьесы` is a composer, one after `тюрьмы` or `острова`
/// a place. Each word of four letters or more, all letters, within
/// [`SENTENCE_WORDS_REACH`] tokens either side in the sentence, once, by
/// its first five letters (the stem the cases share: `министр`,
/// `министру`). Empty unless the model reads them
/// ([`Resources::sentence_words`]).
#[derive(Debug, Default)]
pub struct SentenceWords {
    /// Each token's stem hash, `None` for tokens that give none.
    stems: Vec<Option<u64>>,
}

/// How many tokens either side of a word give it their stems: in Russian
/// cross-validation 16 won every fold against the whole sentence, and 12,
/// whose mean was 0.0008 higher, lost a fold to it (docs/entities.md).
pub const SENTENCE_WORDS_REACH: usize = 16;

impl SentenceWords {
    pub fn new(tokens: &[TokenView], resources: &Resources) -> Self {
        if !resources.sentence_words {
            return SentenceWords::default();
        }
        SentenceWords {
            stems: tokens.iter().map(stem_hash).collect(),
        }
    }

    /// Appends to token `i`'s features, if it is capitalised, the stems
    /// around it, less its own.
    pub fn features(&self, i: usize, t: &TokenView, f: &mut Vec<u32>) {
        if self.stems.is_empty() || !is_capitalised(t.word) {
            return;
        }
        let own = self.stems.get(i).copied().flatten();
        let window = self
            .stems
            .get(i.saturating_sub(SENTENCE_WORDS_REACH)..(i + SENTENCE_WORDS_REACH + 1).min(self.stems.len()))
            .unwrap_or_default();
        for (k, &h) in window.iter().enumerate() {
            // Once each: a stem repeated nearer the start of the window
            // was given already.
            if let Some(h) = h.filter(|&h| Some(h) != own && !window[..k].contains(&Some(h))) {
                f.push(Key::new(65).add_int(h).finish());
            }
        }
    }
}

/// The hash of a word's first five letters, for a word of four letters or
/// more that is all letters.
fn stem_hash(t: &TokenView) -> Option<u64> {
    let lower: &str = &t.lower;
    if lower.chars().count() < 4 || !lower.chars().all(char::is_alphabetic) {
        return None;
    }
    let end = lower.char_indices().nth(5).map_or(lower.len(), |(at, _)| at);
    Some(string_hash(&lower[..end]))
}

/// The features a token has by itself, whatever its neighbours and its
/// document: form, shape, affixes, clusters, the parts of a compound, each
/// by whether the sentence is in capitals. They are more than half a
/// token's features, and a tagger may compute their weights once per
/// distinct word and reuse them.
pub fn own_features(
    t: &TokenView,
    ids: WordIds,
    all_caps: bool,
    resources: &Resources,
    skip_doc: Option<usize>,
    f: &mut Vec<u32>,
) {
    let caps = if all_caps { "caps" } else { "mixed" };
    f.push(Key::new(0).finish());
    f.push(Key::new(1).add(t.word).finish());
    f.push(Key::new(2).add(&t.lower).finish());
    f.push(Key::new(3).add_int(t.short_shape).finish());
    if resources.word_length {
        // How long the word is (up to 12 characters), by whether it is
        // capitalised: a prior over name types that affixes do not give.
        // With lighter pruning it raised mean dev F1 by 0.002 English and
        // 0.007 Dutch (README); Spanish models leave it off.
        f.push(
            Key::new(52)
                .add_int(t.word.chars().count().min(12) as u64)
                .add_int(u64::from(is_capitalised(t.word)))
                .finish(),
        );
    }
    // Prefixes and suffixes of 1 to 4 characters, from one walk over the
    // word's character boundaries.
    let mut bounds = [0usize; 5];
    let mut chars = 0;
    for (at, _) in t.lower.char_indices().take(5) {
        bounds[chars] = at;
        chars += 1;
    }
    for (k, &end) in bounds.iter().enumerate().take(chars).skip(1) {
        f.push(Key::new(3 + k as u8).add(&t.lower[..end]).finish());
    }
    let total = if chars <= 4 { chars } else { t.lower.chars().count() };
    if resources.stems && total > 5 {
        let mut ends = t.lower.char_indices().map(|(at, _)| at).skip(5);
        for (k, end) in [(53u8, ends.next()), (54, ends.next())] {
            if let Some(end) = end {
                f.push(Key::new(k).add(&t.lower[..end]).finish());
            }
        }
    }
    for k in 1..=4usize {
        if total > k {
            if let Some(s) = suffix(&t.lower, k) {
                f.push(Key::new(7 + k as u8).add(s).finish());
            }
        }
    }
    f.push(Key::new(21).add(caps).add_int(t.short_shape).finish());
    f.push(Key::new(23).add(caps).add(&t.lower).finish());
    for level in 0..3 {
        f.push(
            Key::new(40 + level as u8)
                .add_int(cluster_id(Some(&ids.cluster), level))
                .finish(),
        );
    }
    f.push(
        Key::new(45)
            .add_int(cluster_id(Some(&ids.cluster), 2))
            .add_int(t.short_shape)
            .finish(),
    );
    if !resources.vector_clusters.is_empty() {
        for level in 0..3 {
            f.push(
                Key::new(56 + level as u8)
                    .add_int(cluster_id(Some(&ids.vector), level))
                    .finish(),
            );
        }
    }
    if resources.parts && total >= 5 && (is_capitalised(t.word) || t.word.contains('-')) {
        part_features(t, &resources.gazetteer, skip_doc, f);
    }
    if resources.cross_script && total >= 4 && is_capitalised(t.word) {
        cross_script_features(t, resources, skip_doc, f);
    }
    if is_capitalised(t.word) && resources.gazetteer.is_surname(&t.lower, skip_doc) {
        // A known person's surname (headlines and later mentions name
        // people so); only models trained with surnames have such entries.
        f.push(Key::new(63).finish());
    }
}

/// The features of token `i` that its neighbours, its place in the
/// sentence, the document ([`DocumentContext`]) and the gazetteer's
/// matches over it (`gaz`) give. `ids` are the sentence's [`WordIds`].
/// Training reads these; the tagger reads the two parts, to reuse what each
/// neighbour's word gives.
#[cfg(any(test, feature = "lab"))]
pub fn context_features(
    tokens: &[TokenView],
    i: usize,
    ids: &[WordIds],
    resources: &Resources,
    document: &DocumentContext,
    gaz: &[(u8, u8)],
    f: &mut Vec<u32>,
) {
    for side in Side::ALL {
        let j = i.checked_add_signed(side.offset()).filter(|&j| j < tokens.len());
        neighbour_features(side, j.map(|j| (&tokens[j], &ids[j])), resources, f);
    }
    window_features(tokens, i, resources, document, gaz, f);
}

/// A neighbour of a token, by its place: the two before and the two after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Before,
    After,
    SecondBefore,
    SecondAfter,
}

impl Side {
    /// Every side, in the order of [`Side::index`].
    pub const ALL: [Side; 4] = [Side::Before, Side::After, Side::SecondBefore, Side::SecondAfter];

    pub fn offset(self) -> isize {
        match self {
            Side::SecondBefore => -2,
            Side::Before => -1,
            Side::After => 1,
            Side::SecondAfter => 2,
        }
    }

    /// Where [`Side::ALL`] lists it.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The features a token takes from one neighbour's word alone (its form,
/// shape and clusters), `None` past the sentence's edge. They are the same
/// wherever the word stands beside a token, so a tagger may sum them once
/// per distinct word and side, as it does a word's [`own_features`].
pub fn neighbour_features(
    side: Side,
    neighbour: Option<(&TokenView, &WordIds)>,
    resources: &Resources,
    f: &mut Vec<u32>,
) {
    let lower = neighbour.map_or(BOUNDARY, |(t, _)| &t.lower);
    let ids = neighbour.map(|(_, ids)| ids);
    match side {
        Side::SecondBefore => f.push(Key::new(14).add(lower).finish()),
        Side::SecondAfter => f.push(Key::new(15).add(lower).finish()),
        Side::Before | Side::After => {
            let before = side == Side::Before;
            let shape = neighbour.map_or(0, |(t, _)| t.short_shape);
            f.push(Key::new(if before { 12 } else { 13 }).add(lower).finish());
            f.push(Key::new(if before { 16 } else { 17 }).add_int(shape).finish());
            f.push(
                Key::new(if before { 43 } else { 44 })
                    .add_int(cluster_id(ids.map(|i| &i.cluster), 1))
                    .finish(),
            );
            if !resources.vector_clusters.is_empty() {
                f.push(
                    Key::new(if before { 59 } else { 60 })
                        .add_int(cluster_id(ids.map(|i| &i.vector), 1))
                        .finish(),
                );
            }
        }
    }
}

/// The features of token `i` that its window gives beyond each neighbour
/// alone ([`neighbour_features`]): word pairs and shapes across it, its
/// place in the sentence, the document ([`DocumentContext`]) and the
/// gazetteer's matches over it (`gaz`).
pub fn window_features(
    tokens: &[TokenView],
    i: usize,
    resources: &Resources,
    document: &DocumentContext,
    gaz: &[(u8, u8)],
    f: &mut Vec<u32>,
) {
    let n = tokens.len();
    let t = &tokens[i];
    let i = i as isize;
    let at = |j: isize| usize::try_from(j).ok().filter(|&j| j < n);
    let lower = |j: isize| at(j).map_or(BOUNDARY, |j| &tokens[j].lower);
    let shape = |j: isize| at(j).map_or(0, |j| tokens[j].short_shape);
    f.push(Key::new(18).add(lower(i - 1)).add(&t.lower).finish());
    f.push(Key::new(19).add(&t.lower).add(lower(i + 1)).finish());
    f.push(
        Key::new(20)
            .add_int(shape(i - 1))
            .add_int(t.short_shape)
            .add_int(shape(i + 1))
            .finish(),
    );
    if i == 0 {
        f.push(Key::new(22).add_int(t.short_shape).finish());
    }
    if resources.scripts {
        let script_at = |j: isize| u64::from(at(j).map_or(NO_SCRIPT, |j| script(tokens[j].word)));
        let (before, own) = (script_at(i - 1), script_at(i));
        f.push(
            Key::new(66)
                .add_int(before)
                .add_int(own)
                .add_int(script_at(i + 1))
                .finish(),
        );
        f.push(
            Key::new(67)
                .add_int(before)
                .add_int(own)
                .add_int(t.short_shape)
                .finish(),
        );
    }
    f.push(Key::new(24).add(t.word).add(lower(i + 1)).finish());
    f.push(Key::new(25).add(lower(i - 1)).add(t.word).finish());
    if is_capitalised(t.word) {
        let (lower_elsewhere, capital_inside) = document.flags(t.lower_hash);
        let common_word = resources.common_words.hashes.contains(&t.lower_hash);
        let at_start = i == 0 || lower(i - 1) == "\"" || lower(i - 1) == ":";
        let flags = [lower_elsewhere, capital_inside, common_word, at_start]
            .map(|b| if b { "1" } else { "0" })
            .concat();
        f.push(Key::new(26).add(&flags).finish());
        f.push(Key::new(27).add(&flags).add_int(t.short_shape).finish());
        for &h in document.neighbours(t.lower_hash) {
            f.push(Key::new(28).add_int(h).finish());
        }
    }
    for &(position, ty) in gaz {
        let label = u64::from(position) << 8 | u64::from(ty);
        f.push(Key::new(30).add_int(label).finish());
        f.push(Key::new(31).add_int(label).add_int(t.short_shape).finish());
    }
}

/// Gazetteer types of a word's parts (see [`Resources::parts`]): of each
/// part of a hyphenated compound, by whether it is the first, a middle or
/// the last part; and of the word less its last one, two or three letters.
fn part_features(t: &TokenView, gazetteer: &Gazetteer, skip_doc: Option<usize>, f: &mut Vec<u32>) {
    let lower: &str = &t.lower;
    if lower.contains('-') {
        let count = lower.split('-').count();
        for (k, part) in lower.split('-').enumerate() {
            let mask = if part.is_empty() {
                0
            } else {
                gazetteer.single(part, skip_doc)
            };
            if mask != 0 {
                let place = if k == 0 {
                    0
                } else if k + 1 == count {
                    2
                } else {
                    1
                };
                f.push(Key::new(61).add_int(place).add_int(u64::from(mask)).finish());
            }
        }
        return;
    }
    let mut ends = lower.char_indices().rev().map(|(at, _)| at);
    for strip in 1..=3u64 {
        let Some(end) = ends.next() else { break };
        let stem = &lower[..end];
        if stem.chars().count() < 3 {
            break;
        }
        let mask = gazetteer.single(stem, skip_doc);
        if mask != 0 {
            f.push(Key::new(62).add_int(strip).add_int(u64::from(mask)).finish());
        }
    }
}

/// Gazetteer types of a capitalised word's sound skeleton (see
/// [`Resources::cross_script`]), and of its skeleton less its last one to
/// three letters when parts are on (`Поппера`: `Поппер`), by letters stripped.
fn cross_script_features(t: &TokenView, resources: &Resources, skip_doc: Option<usize>, f: &mut Vec<u32>) {
    let lower: &str = &t.lower;
    let strips = if resources.parts { 3 } else { 0 };
    let mut ends = std::iter::once(lower.len()).chain(lower.char_indices().rev().map(|(at, _)| at));
    for strip in 0..=strips {
        let Some(end) = ends.next() else { break };
        let Some(sound) = super::skeleton::skeleton(&lower[..end]) else {
            continue;
        };
        let mask = resources.gazetteer.by_skeleton(&sound, skip_doc);
        if mask != 0 {
            f.push(Key::new(64).add_int(strip).add_int(u64::from(mask)).finish());
        }
    }
}

/// The types the tagger gave a capitalised word earlier in the same document
/// (prediction history, Ratinov and Roth 2009): `Abe` alone is a person
/// where `Shinzo Abe` was tagged two sentences before, and a club that
/// was an organisation in the results table stays one in the report below.
/// Filled in document order from the tagger's own predictions, in training
/// as when serving, so the model learns how far to trust them.
#[derive(Debug, Default)]
pub struct PredictionHistory {
    /// Per lowercase word hash: how often it was tagged PER, ORG, LOC, MISC,
    /// and how often it was left outside any entity while capitalised.
    counts: HashedMap<[u16; 5]>,
}

impl PredictionHistory {
    /// Records one tagged sentence: `spans` are `(start, end, type)` token
    /// ranges.
    pub fn record(&mut self, tokens: &[TokenView], spans: &[(usize, usize, usize)]) {
        let mut label = vec![4usize; tokens.len()];
        for &(start, end, ty) in spans {
            for l in &mut label[start..end] {
                *l = ty;
            }
        }
        for (t, &l) in tokens.iter().zip(&label) {
            if is_capitalised(t.word) && t.word.chars().any(char::is_alphabetic) {
                let c = self.counts.entry(t.lower_hash).or_default();
                c[l] = c[l].saturating_add(1);
            }
        }
    }

    /// Appends the history features of each capitalised token: the label it
    /// got most often, and each label it ever got.
    pub fn features(&self, tokens: &[TokenView], out: &mut [Vec<u32>]) {
        if self.counts.is_empty() {
            return;
        }
        for (t, f) in tokens.iter().zip(out.iter_mut()) {
            if !is_capitalised(t.word) {
                continue;
            }
            let Some(c) = self.counts.get(&t.lower_hash) else {
                continue;
            };
            let mut best = 0;
            for l in 1..5 {
                if c[l] > c[best] {
                    best = l;
                }
            }
            f.push(Key::new(32).add_int(best as u64).finish());
            for (l, &n) in c.iter().enumerate() {
                if n > 0 {
                    f.push(Key::new(33).add_int(l as u64).finish());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each word's feature keys, the words read as one sentence and one
    /// document.
    fn sentence_keys(words: &[&str], resources: &Resources) -> Vec<Vec<u32>> {
        let views: Vec<TokenView> = words.iter().map(|w| TokenView::new(w)).collect();
        let document = DocumentContext::new([views.as_slice()]);
        let mut out = Vec::new();
        sentence_features(&views, resources, &document, None, &mut out);
        out
    }

    fn gazetteer(entries: &[(&str, usize)]) -> Gazetteer {
        let mut g = Gazetteer::default();
        for (doc, &(word, ty)) in entries.iter().enumerate() {
            for d in [doc as u32, 1000 + doc as u32] {
                g.add(&[TokenView::new(word)], ty, d);
            }
        }
        g
    }

    fn keys(word: &str, g: &Gazetteer) -> Vec<u32> {
        let mut f = Vec::new();
        part_features(&TokenView::new(word), g, None, &mut f);
        f
    }

    #[test]
    fn title_case_headlines_are_told_from_sentences_and_lists_of_names() {
        let resources = Resources {
            common_words: CommonWords {
                hashes: ["meets", "in", "as", "police", "arrest", "man", "after", "baker", "lane"]
                    .iter()
                    .map(|w| string_hash(w))
                    .collect(),
            },
            // Words the clusters know in lowercase count as well.
            clusters: WordClusters::from_ids(["tariffs", "loom"].iter().map(|w| (string_hash(w), [1, 2, 3])), false),
            ..Resources::default()
        };
        let title = |s: &str| title_case_sentence(s.split(' '), &resources);
        assert!(title("Trump Meets Abe In Tokyo As Tariffs Loom"));
        assert!(
            title("Trump Meets Abe in Tokyo as Tariffs Loom"),
            "short words kept in lowercase"
        );
        assert!(
            title("Police Arrest Man After Stabbing , iPhone Found"),
            "`iPhone` is no lowercase word"
        );
        assert!(!title("Trump meets Abe in Tokyo as tariffs loom"), "sentence case");
        assert!(!title("TRUMP MEETS ABE IN TOKYO"), "capitals are read as they are");
        assert!(
            !title("Peter Baker , Barry Lane , David Carter , Lee Westwood , Paul Lawrie"),
            "a list of names, two of them common words"
        );
        assert!(!title("Abe Meets Trump"), "one common word is not evidence enough");
    }

    #[test]
    fn a_word_derived_from_a_known_name_or_compounded_with_one_says_so() {
        let (per, loc) = (0, 2);
        let g = gazetteer(&[("Zürich", loc), ("Wentz", per)]);
        let derived = keys("Züricher", &g);
        assert_eq!(
            derived,
            [Key::new(62).add_int(2).add_int(1 << loc).finish()],
            "Züricher less two letters is Zürich, a place"
        );
        let compound = keys("Wentz-Referenten", &g);
        assert_eq!(compound, [Key::new(61).add_int(0).add_int(1 << per).finish()]);
        // A word that is no known name's derivation or compound gets none.
        assert!(keys("Regierung", &g).is_empty());
        assert!(keys("Referenten-Wahl", &g).is_empty());
    }

    #[test]
    fn a_known_surname_is_a_feature_of_its_own_and_matches_no_name() {
        let mut g = Gazetteer::default();
        for d in [1, 2] {
            g.add_surname(&TokenView::new("Merkel"), d);
        }
        let words = ["Macron", "und", "Merkel"];
        let views: Vec<TokenView> = words.into_iter().map(TokenView::new).collect();
        let features = |gazetteer: Gazetteer| {
            sentence_keys(
                &words,
                &Resources {
                    gazetteer,
                    ..Resources::default()
                },
            )
        };
        let surname = Key::new(63).finish();
        let with = features(g.clone());
        assert!(with[2].contains(&surname));
        assert!(!with[0].contains(&surname), "`Macron` is no known surname");
        assert!(
            g.matches(&views, None).iter().all(Vec::is_empty),
            "a surname is not a name"
        );
        let without = features(Gazetteer::default());
        assert_eq!(
            with[2].len(),
            without[2].len() + 1,
            "the surname key is the only difference"
        );
        // Hidden inside the one training document that named the person.
        let mut once = Gazetteer::default();
        once.add_surname(&TokenView::new("Merkel"), 5);
        assert_eq!(once.single("merkel", Some(5)), 0);
        assert_eq!(once.single("merkel", Some(6)), crate::ner::gazetteer::SURNAME);
    }

    #[test]
    fn part_features_are_emitted_only_for_models_that_chose_them() {
        let g = gazetteer(&[("Zürich", 2)]);
        let count = |parts: bool| {
            let resources = Resources {
                gazetteer: g.clone(),
                parts,
                ..Resources::default()
            };
            sentence_keys(&["Die", "Züricher", "Bank"], &resources)[1].len()
        };
        assert_eq!(count(true), count(false) + 1);
    }

    #[test]
    fn a_russian_word_finds_a_latin_script_name_by_its_sound_when_the_model_chose_it() {
        let person = crate::ner::NerLabel::Person.index();
        let mut g = Gazetteer::default();
        let sound = crate::ner::skeleton::skeleton("Popper").expect("a skeleton");
        g.add_skeleton(&sound, person, 0);
        // `Поппера`, the genitive: its skeleton less the last letter is Popper's.
        let words = ["книга", "Поппера", "Поппер"];
        let views: Vec<TokenView> = words.into_iter().map(TokenView::new).collect();
        let features = |cross_script: bool| {
            let resources = Resources {
                gazetteer: g.clone(),
                parts: true,
                cross_script,
                ..Resources::default()
            };
            sentence_keys(&words, &resources)
        };
        let found = |strip: u64| Key::new(64).add_int(strip).add_int(1 << person).finish();
        let with = features(true);
        assert!(with[1].contains(&found(1)), "the genitive, less its ending");
        assert!(with[2].contains(&found(0)), "the nominative, whole");
        assert!(!with[0].iter().any(|k| *k == found(0) || *k == found(1)));
        let without = features(false);
        assert!(!without[1].contains(&found(1)) && !without[2].contains(&found(0)));
        assert!(
            g.matches(&views, None).iter().all(Vec::is_empty),
            "a skeleton is no word: it matches no span"
        );
    }

    #[test]
    fn a_capitalised_word_carries_the_words_around_it_when_the_model_chose_them() {
        let features = |words: &[&str], sentence_words: bool| {
            let resources = Resources {
                sentence_words,
                ..Resources::default()
            };
            sentence_keys(words, &resources)
        };
        let word = |stem: &str| Key::new(65).add_int(string_hash(stem)).finish();
        let sentence = ["сюиты", "Рамо", ",", "Корелли", "и", "клавесинные", "пьесы", "1710"];
        let with = features(&sentence, true);
        let without = features(&sentence, false);
        // `Корелли` (by its first five letters) reaches `Рамо`, and the
        // words of four letters or more reach both; `и`, `,` and `1710` do
        // not, and no word carries its own stem.
        for (name, others) in [
            (1, ["сюиты", "корел", "клаве", "пьесы"]),
            (3, ["сюиты", "рамо", "клаве", "пьесы"]),
        ] {
            for stem in others {
                assert!(with[name].contains(&word(stem)), "{stem} for token {name}");
            }
            assert_eq!(with[name].len(), without[name].len() + 4);
        }
        assert!(!with[1].contains(&word("рамо")));
        assert_eq!(with[0], without[0], "a lowercase word carries none");
        assert_eq!(with[5], without[5]);
        // A word further than the reach gives nothing; one at the reach does.
        let mut far = vec!["Рамо"];
        far.extend(std::iter::repeat_n(",", SENTENCE_WORDS_REACH - 1));
        far.extend(["пьесы", "сюиты"]);
        let far = features(&far, true);
        assert!(far[0].contains(&word("пьесы")));
        assert!(!far[0].contains(&word("сюиты")));
    }

    #[test]
    fn a_latin_word_in_cyrillic_text_carries_the_scripts_around_it_when_the_model_chose_them() {
        assert_eq!(
            [
                script("Crysis"),
                script("игры"),
                script("Škoda"),
                script("1710"),
                script("東京")
            ],
            [1, 2, 1, 0, 4]
        );
        assert_eq!(script("Jump-ов"), 3, "both scripts");
        let sentence = ["События", "Crysis", "Warhead", ",", "дополнения"];
        let features = |scripts: bool| {
            let resources = Resources {
                scripts,
                ..Resources::default()
            };
            sentence_keys(&sentence, &resources)
        };
        let (with, without) = (features(true), features(false));
        let around = |before: u8, own: u8, after: u8| {
            Key::new(66)
                .add_int(u64::from(before))
                .add_int(u64::from(own))
                .add_int(u64::from(after))
                .finish()
        };
        // `Crysis` opens a Latin run after a Cyrillic word; `Warhead` closes
        // it before a comma; the sentence's edges are a script of their own.
        assert!(with[1].contains(&around(2, 1, 1)));
        assert!(with[2].contains(&around(1, 1, 0)));
        assert!(with[0].contains(&around(NO_SCRIPT, 2, 1)));
        assert!(with[4].contains(&around(0, 2, NO_SCRIPT)));
        for (w, wo) in with.iter().zip(&without) {
            assert_eq!(w.len(), wo.len() + 2, "two keys a token, and only with the switch");
        }
        // The same shape in another script is another key.
        let shaped = |before: u8, own: u8, word: &str| {
            Key::new(67)
                .add_int(u64::from(before))
                .add_int(u64::from(own))
                .add_int(TokenView::new(word).short_shape)
                .finish()
        };
        assert!(with[1].contains(&shaped(2, 1, "Crysis")));
        assert!(!with[1].contains(&shaped(2, 2, "Crysis")));
    }
}
