//! A name's head word decides its type where the tagger's word and context
//! features are weakest: long or rare names. `General Security of Military
//! Information Agreement` is a treaty whatever its inner words suggest, `World
//! Trade Organization` an organisation, `Nippon Steel` a company although it
//! reads like a person's name; and the one word before `administration`
//! (`the Trump administration`) is a person, as newswire annotation has it.
//!
//! English and German put a name's head last, French, Spanish, Italian and
//! Portuguese first (`Organisation mondiale du commerce`); each language's
//! head words are one table in [`HEADS`]. A head applies only to names of two
//! or more words, so a bare `Steel` or `Agreement` keeps the tagger's type.

use crate::document::EntityType;
#[cfg(test)]
use crate::document::Span;
use crate::tokenize::Token;
use whatlang::Lang;

/// Where a language puts a name's head word.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HeadPosition {
    Last,
    First,
}

/// One language's head words (lowercase) and the type each gives.
struct HeadTable {
    lang: Lang,
    position: HeadPosition,
    heads: &'static [(&'static str, EntityType)],
    /// Words after a one-word name that make it a person whatever the
    /// tagger said: in the CoNLL-2003 English training text the one-word
    /// names before `administration` are persons (`the Clinton
    /// administration`), never places.
    person_followers: &'static [&'static str],
}

use EntityType::{Location as L, Misc as M, Organization as O};

const HEADS: &[HeadTable] = &[
    HeadTable {
        lang: Lang::Eng,
        position: HeadPosition::Last,
        heads: &[
            ("agreement", M),
            ("treaty", M),
            ("accord", M),
            ("accords", M),
            ("pact", M),
            ("convention", M),
            ("protocol", M),
            ("charter", M),
            ("declaration", M),
            ("organization", O),
            ("organisation", O),
            ("association", O),
            ("corporation", O),
            ("corp", O),
            ("company", O),
            ("inc", O),
            ("ltd", O),
            ("plc", O),
            ("bank", O),
            ("ministry", O),
            ("agency", O),
            ("institute", O),
            ("university", O),
            ("committee", O),
            ("commission", O),
            ("federation", O),
            ("steel", O),
            ("motors", O),
            ("airlines", O),
            ("airways", O),
            ("electronics", O),
            ("industries", O),
            ("holdings", O),
            ("group", O),
        ],
        person_followers: &["administration", "presidency"],
    },
    HeadTable {
        lang: Lang::Deu,
        position: HeadPosition::Last,
        heads: &[
            ("abkommen", M),
            ("vertrag", M),
            ("ag", O),
            ("gmbh", O),
            ("bank", O),
            ("partei", O),
            ("ministerium", O),
            ("universität", O),
            ("organisation", O),
        ],
        person_followers: &["regierung"],
    },
    HeadTable {
        lang: Lang::Fra,
        position: HeadPosition::First,
        heads: &[
            ("accord", M),
            ("traité", M),
            ("organisation", O),
            ("banque", O),
            ("ministère", O),
            ("université", O),
            ("parti", O),
            ("fleuve", L),
            ("lac", L),
        ],
        person_followers: &[],
    },
    HeadTable {
        lang: Lang::Spa,
        position: HeadPosition::First,
        heads: &[
            ("acuerdo", M),
            ("tratado", M),
            ("organización", O),
            ("banco", O),
            ("ministerio", O),
            ("universidad", O),
            ("partido", O),
            ("río", L),
        ],
        person_followers: &[],
    },
    HeadTable {
        lang: Lang::Ita,
        position: HeadPosition::First,
        heads: &[
            ("accordo", M),
            ("trattato", M),
            ("organizzazione", O),
            ("banca", O),
            ("ministero", O),
            ("università", O),
            ("partito", O),
        ],
        person_followers: &[],
    },
    HeadTable {
        lang: Lang::Por,
        position: HeadPosition::First,
        heads: &[
            ("acordo", M),
            ("tratado", M),
            ("organização", O),
            ("banco", O),
            ("ministério", O),
            ("universidade", O),
            ("partido", O),
            ("rio", L),
        ],
        person_followers: &[],
    },
];

/// The type a name's head word or its context gives it, if any: `tokens`
/// are the sentence's, `[start, end)` the name's.
pub(crate) fn typed_by_head(
    lang: Option<Lang>,
    text: &str,
    tokens: &[Token],
    start: usize,
    end: usize,
    current: EntityType,
) -> Option<EntityType> {
    let table = HEADS.iter().find(|t| Some(t.lang) == lang)?;
    let lower = |i: usize| tokens.get(i).map(|t| t.text(text).to_lowercase());
    let words = end - start;
    if words >= 2 {
        let at = match table.position {
            HeadPosition::Last => end - 1,
            HeadPosition::First => start,
        };
        let head = lower(at)?;
        let head = head.trim_end_matches('.');
        if let Some(&(_, ty)) = table.heads.iter().find(|(h, _)| *h == head) {
            return (ty != current).then_some(ty);
        }
    }
    let follows = lower(end).is_some_and(|next| table.person_followers.contains(&next.as_str()));
    let word = tokens.get(start).map(|t| t.text(text)).unwrap_or_default();
    (words == 1
        && follows
        && matches!(
            current,
            EntityType::Misc | EntityType::Organization | EntityType::Location
        )
        && !is_nationality_form(word))
    .then_some(EntityType::Person)
}

/// Whether a word ends as nationality adjectives do (`Japanese`, `American`,
/// `British`, `Israeli`): `the Japanese administration` is not a person.
fn is_nationality_form(word: &str) -> bool {
    let lower = word.to_lowercase();
    ["ese", "an", "ish", "i", "ic", "ch"].iter().any(|s| lower.ends_with(s))
}

/// The span of tokens `[start, end)`.
#[cfg(test)]
fn span_of(tokens: &[Token], start: usize, end: usize) -> Span {
    Span::new(tokens[start].span.start, tokens[end - 1].span.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn retyped(lang: Lang, text: &str, name: &str, current: EntityType) -> Option<EntityType> {
        let tokens = tokenize(text, Span::new(0, text.len()));
        let at = text.find(name).expect("name in text");
        let start = tokens
            .iter()
            .position(|t| t.span.start == at)
            .expect("name starts a token");
        let end = tokens
            .iter()
            .position(|t| t.span.end == at + name.len())
            .expect("name ends a token")
            + 1;
        assert_eq!(span_of(&tokens, start, end).slice(text), name);
        typed_by_head(Some(lang), text, &tokens, start, end, current)
    }

    #[test]
    fn a_names_head_word_gives_its_type() {
        use EntityType::*;
        let en = "Seoul kept the General Security of Military Information Agreement and withdrew a World Trade Organization complaint; Nippon Steel must pay.";
        assert_eq!(
            retyped(
                Lang::Eng,
                en,
                "General Security of Military Information Agreement",
                Organization
            ),
            Some(Misc)
        );
        assert_eq!(
            retyped(Lang::Eng, en, "World Trade Organization", Misc),
            Some(Organization)
        );
        assert_eq!(retyped(Lang::Eng, en, "Nippon Steel", Person), Some(Organization));
        assert_eq!(retyped(Lang::Eng, en, "Seoul", Location), None, "one word has no head");
        let fr = "Elle a saisi l' Organisation mondiale du commerce hier.";
        assert_eq!(
            retyped(Lang::Fra, fr, "Organisation mondiale du commerce", Misc),
            Some(Organization)
        );
        let de = "Das Abkommen heißt Pariser Abkommen und die Deutsche Bank zahlt.";
        assert_eq!(retyped(Lang::Deu, de, "Pariser Abkommen", Location), Some(Misc));
        assert_eq!(
            retyped(Lang::Deu, de, "Deutsche Bank", Organization),
            None,
            "already right"
        );
    }

    #[test]
    fn one_word_before_administration_is_a_person_unless_it_is_a_nationality() {
        use EntityType::*;
        let text = "the Trump administration and the Japanese administration";
        assert_eq!(retyped(Lang::Eng, text, "Trump", Misc), Some(Person));
        assert_eq!(retyped(Lang::Eng, text, "Japanese", Misc), None);
        assert_eq!(retyped(Lang::Eng, text, "Trump", Location), Some(Person));
        assert_eq!(retyped(Lang::Eng, text, "Trump", Person), None, "already right");
    }
}
