//! Per-language abbreviation tables, registered in one place.
//!
//! Three kinds of entries, because they behave differently before a capital:
//! - **titles** (`Mr.`, `Dr.`, `Gen.`) are followed by a name, never by a new
//!   sentence;
//! - **number words** (`No.`, `Nov.`, `Art.`) never end a sentence before a
//!   digit (`No. 5`, `Nov. 29`);
//! - **general** abbreviations (`Inc.`, `etc.`, `U.S.`) may end one: they do
//!   when a frequent sentence starter follows (`in the U.S. The ...`).
//!
//! Entries are lowercase and without their final period; lookups fold case.
//!
//! Two sources fill the tables: the hand-written [`TABLES`] (titles and
//! number words, which Punkt does not tell apart), and the abbreviation types
//! and frequent sentence starters of the 20 NLTK Punkt models
//! (`assets/segment/punkt-tables.tsv`, built by
//! `scripts/build-punkt-tables.py`; Apache-2.0, see
//! `assets/segment/NOTICE.md`), which add general abbreviations and starters
//! for 19 languages.

use std::collections::{HashMap, HashSet};
use whatlang::Lang;

struct LanguageTable {
    lang: Lang,
    titles: &'static str,
    number_words: &'static str,
    general: &'static str,
    starters: &'static str,
}

/// Titles written the same way across Latin-script languages, added to
/// every table (Punkt does not single titles out).
const COMMON_TITLES: &str = "dr prof";

/// The tables. Each string is a space-separated list.
const TABLES: &[LanguageTable] = &[
    LanguageTable {
        lang: Lang::Eng,
        titles: "mr mrs ms messrs dr drs p.s prof gen sen rep gov lt col capt cpt sgt maj adm cmdr brig cpl pvt st rev hon pres supt insp det fr sr jr mt ft",
        number_words: "no nos art vol pp p fig ch sec sect ed ext tel jan feb mar apr jun jul aug sep sept oct nov dec",
        general: "inc corp ltd co bros vs etc al approx dept est misc univ assn ave blvd rd wk yr yrs min max govt intl jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun",
        starters: "the a an he she it they we i you this that these those there but and or so yet in on at for if when while after before as its his her their our my however meanwhile still also then now since although though because despite",
    },
    LanguageTable {
        lang: Lang::Deu,
        titles: "hr hrn fr frl dr prof st dipl ing",
        number_words: "nr bd s abs art kap jan feb märz apr jun jul aug sep sept okt nov dez",
        general: "bzw ca usw vgl evtl ggf inkl bspw sog zzt etc u.a z.b d.h u.ä o.ä",
        starters: "der die das ein eine er sie es wir ich sie aber und doch als wenn in am im auch dann so",
    },
    LanguageTable {
        lang: Lang::Fra,
        titles: "m mm mme mmes mlle mlles dr pr me mgr st ste",
        number_words: "no n° p art vol chap janv févr avr juil sept oct nov déc",
        general: "etc env cf av apr av. j.-c ex",
        starters: "le la les un une il elle ils elles nous je on mais et en au dans ce cette",
    },
    LanguageTable {
        lang: Lang::Spa,
        titles: "sr sra srta sres dr dra d dña ud uds lic ing prof sto sta",
        number_words: "no núm nº pág art vol cap ene feb mar abr jun jul ago sept oct nov dic",
        general: "etc av avda aprox dpto",
        starters: "el la los las un una él ella ellos pero y en con este esta",
    },
    LanguageTable {
        lang: Lang::Por,
        titles: "sr sra srta dr dra prof exmo exma eng sto sta",
        number_words: "n nº pág art vol cap jan fev mar abr jun jul ago set out nov dez",
        general: "etc av aprox dept",
        starters: "o a os as um uma ele ela eles mas e em com este esta",
    },
    LanguageTable {
        lang: Lang::Ita,
        titles: "sig sigg sig.ra dott dott.ssa prof avv ing arch on mons s st",
        number_words: "n pag art vol cap gen feb mar apr mag giu lug ago set ott nov dic",
        general: "ecc ca",
        starters: "il lo la i gli le un una lui lei ma e in con questo questa",
    },
    LanguageTable {
        lang: Lang::Nld,
        titles: "dhr mevr mw mr drs dr ir ing prof st",
        number_words: "nr blz art jan feb mrt apr jun jul aug sep sept okt nov dec",
        general: "bijv enz o.a d.w.z m.a.w ca",
        starters: "de het een hij zij ze het wij ik maar en in op dit deze",
    },
    LanguageTable {
        lang: Lang::Rus,
        titles: "г гг тов им акад проф",
        number_words: "№ с ст стр т рис янв фев мар апр авг сент окт нояб дек",
        general: "т.е т.д т.п др пр ул д кв млн млрд руб",
        starters: "в на и но он она они это мы я",
    },
];

/// `code<TAB>abbreviations|starters<TAB>words` per line, from the Punkt models.
const PUNKT: &str = include_str!("../../assets/segment/punkt-tables.tsv");

/// Words a language writes in lowercase mid-sentence, one per line, by
/// language (`scripts/build-lowercase-words.sh`; see `NOTICE.md`).
const LOWERCASE_WORDS: &[(Lang, &str)] = &[(Lang::Eng, include_str!("../../assets/segment/lowercase-en.txt"))];

/// Abbreviations for every registered language, plus titles common to all
/// Latin-script text.
#[derive(Debug)]
pub struct Abbreviations {
    by_language: HashMap<Lang, Table>,
    fallback: Table,
}

#[derive(Debug, Default, Clone)]
struct Table {
    titles: HashSet<String>,
    number_words: HashSet<String>,
    general: HashSet<String>,
    starters: HashSet<String>,
    /// Words that follow an ordinal number's period inside a sentence
    /// (`3. Oktober`).
    after_numbers: HashSet<String>,
    /// Words written in lowercase mid-sentence: capitalized, they start one.
    lowercase: HashSet<&'static str>,
}

fn words(list: &str) -> impl Iterator<Item = String> + '_ {
    list.split_whitespace().map(str::to_lowercase)
}

impl Abbreviations {
    pub fn builtin() -> Self {
        let mut by_language = HashMap::new();
        for t in TABLES {
            by_language.insert(
                t.lang,
                Table {
                    titles: words(t.titles).collect(),
                    number_words: words(t.number_words).collect(),
                    general: words(t.general).collect(),
                    starters: words(t.starters).collect(),
                    after_numbers: HashSet::new(),
                    lowercase: HashSet::new(),
                },
            );
        }
        for table in by_language.values_mut() {
            table.titles.extend(words(COMMON_TITLES));
        }
        for line in PUNKT.lines() {
            let mut fields = line.splitn(3, '\t');
            let (Some(code), Some(kind), Some(list)) = (fields.next(), fields.next(), fields.next()) else {
                continue;
            };
            let Ok(lang) = crate::language::parse_language_hint(code) else {
                continue;
            };
            let table: &mut Table = by_language.entry(lang).or_insert_with(|| Table {
                titles: words(COMMON_TITLES).collect(),
                ..Table::default()
            });
            match kind {
                "abbreviations" => table.general.extend(words(list)),
                "starters" => table.starters.extend(words(list)),
                "after_numbers" => table.after_numbers.extend(words(list)),
                _ => {}
            }
        }
        for (lang, list) in LOWERCASE_WORDS {
            if let Some(table) = by_language.get_mut(lang) {
                table.lowercase.extend(list.lines());
            }
        }
        // Unknown language: the English table (hand-written and Punkt), the
        // most common in mixed text.
        let fallback = by_language.get(&Lang::Eng).cloned().unwrap_or_default();
        Abbreviations { by_language, fallback }
    }

    /// Languages with their own table, sorted by code.
    pub fn languages(&self) -> Vec<Lang> {
        let mut languages: Vec<Lang> = self.by_language.keys().copied().collect();
        languages.sort_by_key(|l| crate::language::iso_code(*l));
        languages
    }

    pub fn for_language(&self, lang: Option<Lang>) -> LanguageAbbreviations<'_> {
        LanguageAbbreviations {
            table: lang.and_then(|l| self.by_language.get(&l)).unwrap_or(&self.fallback),
            greek: lang == Some(Lang::Ell),
        }
    }
}

/// The view of the tables the boundary finder uses for one document.
pub struct LanguageAbbreviations<'a> {
    table: &'a Table,
    greek: bool,
}

fn key(word: &str) -> String {
    word.trim_end_matches('.').to_lowercase()
}

impl LanguageAbbreviations<'_> {
    pub fn is_title(&self, word: &str) -> bool {
        self.table.titles.contains(&key(word))
    }

    pub fn precedes_numbers(&self, word: &str) -> bool {
        self.table.number_words.contains(&key(word))
    }

    pub fn is_abbreviation(&self, word: &str) -> bool {
        let k = key(word);
        self.table.general.contains(&k) || self.table.number_words.contains(&k)
    }

    /// Whether `word` follows an ordinal number's period inside a sentence.
    pub fn follows_ordinal(&self, word: &str) -> bool {
        self.table.after_numbers.contains(&word.to_lowercase())
    }

    pub fn is_sentence_starter(&self, word: &str) -> bool {
        self.table.starters.contains(&word.to_lowercase())
    }

    /// Whether a capitalized `word` is one the language writes in lowercase
    /// inside a sentence (`Dinner`, `Another`), so that capitalized it starts
    /// one: Punkt's orthographic evidence. Names (`Brown`) and words often
    /// capitalized inside sentences (`Army`) are not in the list.
    pub fn is_capitalized_common_word(&self, word: &str) -> bool {
        let mut chars = word.chars();
        let capitalized = chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase);
        capitalized && self.table.lowercase.contains(word.to_lowercase().as_str())
    }

    /// In Greek, `;` is the question mark.
    pub fn semicolon_asks(&self) -> bool {
        self.greek
    }
}
