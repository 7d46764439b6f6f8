//! From mentions to entities: which mentions name the same thing, the
//! canonical name, and how salient each entity is.
//!
//! Grouping rules, applied per type family:
//! - the same text (ignoring case, a leading "the", a possessive and line
//!   wraps) with the same type is the same entity; the same name with two
//!   types is two entities (`Brasil` the country and `Brasil` the team);
//! - a shorter person mention that is the first or last word of exactly one
//!   fuller person mention is that person (`Abe` → `Shinzo Abe`, `Kang` →
//!   `Kang Kyung-wha`);
//! - a shorter organisation, place or other mention whose words all occur in
//!   order inside one fuller mention of the same type joins it;
//! - an acronym (`US`, `U.S.`, `WTO`, `GSOMIA`) joins the one mention whose
//!   last words' initials it spells (`the United States`, `World Trade
//!   Organization`, `Japan-South Korea General Security of Military
//!   Information Agreement`), whatever the model typed it as.

use crate::document::{Entity, EntityType, Mention, Segment, Span};
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// A mention before grouping.
#[derive(Debug, Clone, PartialEq)]
pub struct RawMention {
    pub span: Span,
    pub entity_type: EntityType,
    pub confidence: f32,
    pub normalized_value: Option<String>,
}

fn is_named(t: EntityType) -> bool {
    matches!(
        t,
        EntityType::Person | EntityType::Organization | EntityType::Location | EntityType::Misc
    )
}

/// The words of a mention for matching: lowercase, without a leading article,
/// a trailing possessive or guillemets (`«Спартак»` is `Спартак`).
fn key_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(['«', '»'])
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    words
}

fn is_function_word(word: &str) -> bool {
    matches!(word, "of" | "the" | "and" | "for" | "on" | "de" | "la" | "&")
}

/// Whether `acronym` spells the initials of the last two or more words of a
/// name, each word giving its first letter (a hyphenated word its first, or
/// one per part), and a function word giving its own or none: `GSOMIA` is
/// the `General Security of Military Information Agreement` that ends
/// `Japan-South Korea General Security of ...`, `THAAD` the `Terminal
/// High-Altitude Area Defense`, and `WTO` the `World Trade Organization`.
fn spells_initials(words: &[String], acronym: &str) -> bool {
    fn from(words: &[String], letters: &[char]) -> bool {
        let Some((word, rest)) = words.split_first() else {
            return letters.is_empty();
        };
        let gives_initial = letters.first().is_some_and(|c| word.starts_with(*c)) && from(rest, &letters[1..]);
        let parts: Vec<char> = word.split('-').filter_map(|p| p.chars().next()).collect();
        let gives_part_initials = parts.len() > 1 && letters.starts_with(&parts) && from(rest, &letters[parts.len()..]);
        gives_initial || gives_part_initials || is_function_word(word) && from(rest, letters)
    }
    let letters: Vec<char> = acronym.chars().collect();
    (0..words.len().saturating_sub(1))
        .any(|start| letters.first().is_some_and(|c| words[start].starts_with(*c)) && from(&words[start..], &letters))
}

fn as_acronym(text: &str) -> Option<String> {
    let letters = || text.chars().filter(|c| *c != '.');
    let ok = (2..=6).contains(&letters().count()) && letters().all(|c| c.is_uppercase());
    ok.then(|| letters().collect::<String>().to_lowercase())
}

/// `text` with each run of white space folded to one space, trimmed.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn contains_in_order(long: &[String], short: &[String]) -> bool {
    short.len() < long.len() && long.windows(short.len()).any(|w| w == short)
}

struct Cluster {
    entity_type: EntityType,
    words: Vec<String>,
    mentions: Vec<RawMention>,
    /// The longest mention's text, white space folded.
    name: String,
}

/// Groups mentions into entities and scores their salience. `segments` tells
/// which mentions sit in the headline or first sentence.
pub fn group(text: &str, mut mentions: Vec<RawMention>, segments: &[Segment]) -> Vec<Entity> {
    mentions.sort_by_key(|m| m.span);
    // Each mention keeps the type the tagger gave it: a name can change type
    // within a story (`Brasil` the country, then `Brasil` the team), and the
    // tagger's prediction history already keeps a name's type steady where
    // it should be. Forcing every mention to its name's majority type cost
    // 0.006 F1 on CoNLL-2003 dev and 0.002 on Spanish.
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut by_key: HashMap<(EntityType, String), usize> = HashMap::new();
    for m in mentions {
        let mention_text = m.span.slice(text);
        let words = is_named(m.entity_type).then(|| key_words(mention_text));
        let key = if let Some(words) = &words {
            words.join(" ")
        } else {
            m.normalized_value
                .clone()
                .unwrap_or_else(|| mention_text.to_lowercase())
        };
        match by_key.entry((m.entity_type, key)) {
            Entry::Occupied(at) => clusters[*at.get()].mentions.push(m),
            Entry::Vacant(slot) => {
                slot.insert(clusters.len());
                clusters.push(Cluster {
                    entity_type: m.entity_type,
                    words: words.unwrap_or_else(|| key_words(mention_text)),
                    name: folded(mention_text),
                    mentions: vec![m],
                });
            }
        }
    }
    // Merge shorter named clusters into the one fuller cluster they abbreviate.
    let mut merged_into: Vec<Option<usize>> = vec![None; clusters.len()];
    for short in 0..clusters.len() {
        let s = &clusters[short];
        if !is_named(s.entity_type) {
            continue;
        }
        let acronym = as_acronym(&s.name);
        let candidates: Vec<usize> = (0..clusters.len())
            .filter(|&long| long != short)
            .filter(|&long| {
                let l = &clusters[long];
                if !is_named(l.entity_type) || l.words.len() <= s.words.len() {
                    return false;
                }
                if let Some(acr) = &acronym {
                    if spells_initials(&l.words, acr) {
                        return true;
                    }
                }
                // A bare surname or given name joins its person whatever the
                // tagger typed it as (`Moon` → `Moon Jae-in`).
                if l.entity_type == EntityType::Person
                    && s.words.len() == 1
                    && s.name.chars().next().is_some_and(char::is_uppercase)
                    && (l.words.first() == s.words.first() || l.words.last() == s.words.last())
                {
                    return true;
                }
                if l.entity_type != s.entity_type {
                    return false;
                }
                match s.entity_type {
                    EntityType::Person => {
                        s.words.len() == 1 && (l.words.first() == s.words.first() || l.words.last() == s.words.last())
                    }
                    _ => contains_in_order(&l.words, &s.words),
                }
            })
            .collect();
        if let [only] = candidates[..] {
            merged_into[short] = Some(only);
        }
    }
    // Follow chains (A → B → C) to their root.
    let root = |mut i: usize| {
        let mut hops = 0;
        while let Some(next) = merged_into[i] {
            i = next;
            hops += 1;
            if hops > clusters.len() {
                break;
            }
        }
        i
    };
    let mut roots: HashMap<usize, Vec<RawMention>> = HashMap::new();
    for (i, cluster) in clusters.iter().enumerate() {
        roots
            .entry(root(i))
            .or_default()
            .extend(cluster.mentions.iter().cloned());
    }
    let headline_end = headline_end(segments);
    let text_len = text.len().max(1) as f32;
    let max_count = roots.values().map(Vec::len).max().unwrap_or(1) as f32;
    let mut entities: Vec<Entity> = roots
        .into_iter()
        .map(|(r, mut ms)| {
            ms.sort_by_key(|m| m.span);
            let c = &clusters[r];
            let count = ms.len() as f32;
            let first = ms[0].span.start as f32;
            let in_lead = ms.iter().any(|m| m.span.end <= headline_end);
            let subject_share = ms.iter().filter(|m| is_subject(text, segments, m.span)).count() as f32 / count;
            let mut salience = 0.45 * (1.0 + count).ln() / (1.0 + max_count).ln()
                + 0.25 * (1.0 - first / text_len)
                + 0.15 * f32::from(u8::from(in_lead))
                + 0.15 * subject_share;
            if !is_named(c.entity_type) {
                // Dates and numbers support a story; they are rarely its subject.
                salience *= 0.5;
            }
            let confidence = ms.iter().map(|m| m.confidence).sum::<f32>() / count;
            let normalized_value = ms.iter().find_map(|m| m.normalized_value.clone());
            // The fullest mention (the last of equals), measured before
            // its white space is folded into a name.
            let name = ms
                .iter()
                .map(|m| m.span.slice(text))
                .max_by_key(|n| {
                    let (words, letters) = n
                        .split_whitespace()
                        .fold((0usize, 0usize), |(w, l), word| (w + 1, l + word.len()));
                    (words, letters + words.saturating_sub(1))
                })
                .map_or_else(|| c.name.clone(), folded);
            Entity {
                name,
                entity_type: c.entity_type,
                salience: salience.clamp(0.0, 1.0),
                confidence: confidence.clamp(0.0, 1.0),
                mentions: ms
                    .into_iter()
                    .map(|m| Mention {
                        span: m.span,
                        confidence: m.confidence,
                    })
                    .collect(),
                normalized_value,
            }
        })
        .collect();
    entities.sort_by(|a, b| {
        b.salience
            .total_cmp(&a.salience)
            .then(a.mentions[0].span.start.cmp(&b.mentions[0].span.start))
    });
    entities
}

/// Verbs that follow a clause's subject: auxiliaries and reporting verbs
/// (`Kang had told`, `Abe welcomed`, `Seoul said`).
const SUBJECT_VERBS: &[&str] = &[
    "is",
    "was",
    "are",
    "were",
    "has",
    "had",
    "have",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "must",
    "should",
    "did",
    "does",
    "said",
    "says",
    "told",
    "announced",
    "welcomed",
    "criticized",
    "criticised",
    "claimed",
    "stated",
    "added",
    "warned",
    "agreed",
    "decided",
    "signed",
    "imposed",
    "dispatched",
    "withdrew",
];

/// Whether the mention at `span` is a subject, read from its position: it
/// opens its sentence (after at most one word such as `The`, or an opening
/// phrase set off by a comma), or an auxiliary or reporting verb follows it.
/// Entities that act in a story are more central to it than ones it only
/// mentions.
///
/// Cost is independent of the sentence's length: the segment is found by
/// binary search (segments are in document order and do not overlap) and
/// only the two words before and the word after the mention are read, so a
/// sentence of ten thousand mentions stays linear.
fn is_subject(text: &str, segments: &[Segment], span: Span) -> bool {
    let first_candidate = segments.partition_point(|s| s.span.end <= span.start);
    let Some(segment) = segments[first_candidate..]
        .iter()
        .take_while(|s| s.span.start <= span.start)
        .find(|s| s.span.contains(span) && s.kind.is_running_text())
    else {
        return false;
    };
    let before = text[segment.span.start..span.start].trim_end();
    let opens = before.split_whitespace().rev().nth(1).is_none() || before.ends_with(',');
    if opens {
        return true;
    }
    let next = text[span.end..segment.span.end]
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    next.len() <= MAX_SUBJECT_VERB_BYTES && SUBJECT_VERBS.contains(&next.to_lowercase().as_str())
}

/// The longest of [`SUBJECT_VERBS`], with room for case changes: a longer
/// word is not one of them, and is not lowercased.
const MAX_SUBJECT_VERB_BYTES: usize = 32;

/// End of the headline and first running sentence, where salient entities
/// tend to be named.
fn headline_end(segments: &[Segment]) -> usize {
    segments
        .iter()
        .find(|s| s.kind.is_running_text())
        .map(|s| s.span.end)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_open_their_clause_or_precede_an_auxiliary_or_reporting_verb() {
        let text = "Kang had told the assembly on Friday. Officials later met Abe in Tokyo. Yesterday, Seoul reversed course, and Motegi said so.";
        let segments: Vec<Segment> = [(0, 37), (38, 71), (72, text.len())]
            .iter()
            .map(|&(a, b)| Segment {
                span: Span::new(a, b),
                kind: crate::document::SegmentKind::Sentence,
                language: None,
            })
            .collect();
        let at = |needle: &str| {
            let start = text.find(needle).expect("in text");
            Span::new(start, start + needle.len())
        };
        assert!(is_subject(text, &segments, at("Kang")));
        assert!(!is_subject(text, &segments, at("Abe")));
        assert!(!is_subject(text, &segments, at("Tokyo")));
        assert!(
            is_subject(text, &segments, at("Seoul")),
            "after an opening phrase set off by a comma"
        );
        assert!(is_subject(text, &segments, at("Motegi")), "before a reporting verb");
    }

    fn mention(text: &str, needle: &str, nth: usize, t: EntityType) -> RawMention {
        let start = text.match_indices(needle).nth(nth).map(|(i, _)| i).unwrap_or_default();
        RawMention {
            span: Span::new(start, start + needle.len()),
            entity_type: t,
            confidence: 0.9,
            normalized_value: None,
        }
    }

    /// Groups the given mentions (`(text, nth occurrence, type)`) of `text`.
    fn grouped(text: &str, specs: &[(&str, usize, EntityType)]) -> Vec<Entity> {
        group(
            text,
            specs
                .iter()
                .map(|&(needle, nth, t)| mention(text, needle, nth, t))
                .collect(),
            &[],
        )
    }

    fn names_and_sizes(entities: &[Entity]) -> Vec<(&str, usize)> {
        entities.iter().map(|e| (e.name.as_str(), e.mentions.len())).collect()
    }

    #[test]
    fn short_person_and_acronym_mentions_join_the_fullest_one() {
        use EntityType::{Location, Person};
        let text = "Shinzo Abe met Kang Kyung-wha in the United States. Abe and Kang left the US.";
        let entities = grouped(
            text,
            &[
                ("Shinzo Abe", 0, Person),
                ("Kang Kyung-wha", 0, Person),
                ("United States", 0, Location),
                ("Abe", 1, Person),
                ("Kang", 1, Person),
                ("US", 0, Location),
            ],
        );
        let names = names_and_sizes(&entities);
        assert_eq!(entities.len(), 3, "{names:?}");
        assert!(names.contains(&("Shinzo Abe", 2)));
        assert!(names.contains(&("Kang Kyung-wha", 2)));
        assert!(names.contains(&("United States", 2)));
        assert!(entities.iter().all(|e| (0.0..=1.0).contains(&e.salience)));
    }

    #[test]
    fn a_name_in_guillemets_and_the_same_name_without_them_are_one_entity() {
        use EntityType::Organization;
        let text = "Он играл за клуб «Спартак». Спартак выиграл.";
        let entities = grouped(text, &[("«Спартак»", 0, Organization), ("Спартак", 1, Organization)]);
        assert_eq!(names_and_sizes(&entities), vec![("«Спартак»", 2)]);
    }

    #[test]
    fn an_acronym_joins_the_name_whose_last_words_it_spells() {
        use EntityType::{Misc, Organization};
        let text = "The Japan-South Korea General Security of Military Information Agreement (GSOMIA) lapses. \
                    GSOMIA matters to the World Trade Organization, the WTO, and not to the IMF \
                    or the Terminal High-Altitude Area Defense (THAAD).";
        let entities = grouped(
            text,
            &[
                (
                    "Japan-South Korea General Security of Military Information Agreement",
                    0,
                    Misc,
                ),
                ("GSOMIA", 0, Organization),
                ("GSOMIA", 1, Organization),
                ("World Trade Organization", 0, Organization),
                ("WTO", 0, Misc),
                ("IMF", 0, Organization),
                ("Terminal High-Altitude Area Defense", 0, Misc),
                ("THAAD", 0, Organization),
            ],
        );
        let named = names_and_sizes(&entities);
        assert!(
            named.contains(&(
                "Japan-South Korea General Security of Military Information Agreement",
                3
            )),
            "{named:?}"
        );
        assert!(named.contains(&("World Trade Organization", 2)), "{named:?}");
        assert!(
            named.contains(&("IMF", 1)),
            "an acronym that spells no name stays apart: {named:?}"
        );
        assert!(named.contains(&("Terminal High-Altitude Area Defense", 2)), "{named:?}");
    }

    #[test]
    fn a_name_the_tagger_types_two_ways_stays_two_entities() {
        use EntityType::{Location, Organization};
        let text = "Brasil beat Wales 3-0. Brasil, the country, hosts the cup. Brasil scored early.";
        let entities = grouped(
            text,
            &[
                ("Brasil", 0, Organization),
                ("Brasil", 1, Location),
                ("Brasil", 2, Organization),
            ],
        );
        let typed: Vec<(EntityType, usize)> = entities.iter().map(|e| (e.entity_type, e.mentions.len())).collect();
        assert_eq!(entities.len(), 2, "{typed:?}");
        assert!(typed.contains(&(Organization, 2)), "{typed:?}");
        assert!(
            typed.contains(&(Location, 1)),
            "the minority mention keeps its own type: {typed:?}"
        );
    }
}
