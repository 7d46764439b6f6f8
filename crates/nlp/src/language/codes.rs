//! Language codes: ISO 639-1 where one exists (callers expect `en`, not
//! `eng`), the aliases callers use, and parsing the codes a caller sends.

use whatlang::Lang;

/// ISO 639-3 (as whatlang names them) to ISO 639-1, for every language
/// whatlang knows. `Lang::code()` gives the 639-3 side.
const ISO_639_1: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cym", "cy"),
    ("cmn", "zh"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

/// Other names callers commonly use for a language whatlang knows.
const ALIASES: &[(&str, &str)] = &[
    ("no", "nob"),
    ("nor", "nob"),
    ("fas", "pes"),
    ("per", "pes"),
    ("zho", "cmn"),
    ("chi", "cmn"),
    ("fil", "tgl"),
    ("ger", "deu"),
    ("fre", "fra"),
    ("dut", "nld"),
    ("cze", "ces"),
    ("gre", "ell"),
    ("rum", "ron"),
    ("slo", "slk"),
    ("arm", "hye"),
    ("geo", "kat"),
    ("mac", "mkd"),
    ("bur", "mya"),
    ("may", "ind"),
];

/// The code callers see: ISO 639-1 where one exists, else ISO 639-3.
pub fn iso_code(lang: Lang) -> &'static str {
    let code3 = lang.code();
    ISO_639_1
        .iter()
        .find(|(three, _)| *three == code3)
        .map(|(_, two)| *two)
        .unwrap_or(code3)
}

/// Why a language hint was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HintError {
    /// Not shaped like a language tag at all: the caller must fix it.
    Malformed,
    /// A well-formed tag for a language the detector does not know.
    Unsupported,
}

/// Parses a caller's hint: ISO 639-1 (`en`), ISO 639-3 (`eng`), or a BCP 47
/// tag whose primary subtag is one of those (`en-GB`, `zh-Hant`).
pub fn parse_language_hint(hint: &str) -> Result<Lang, HintError> {
    let hint = hint.trim();
    let primary = hint.split(['-', '_']).next().unwrap_or("");
    let well_formed = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && hint
            .split(['-', '_'])
            .skip(1)
            .all(|sub| (1..=8).contains(&sub.len()) && sub.chars().all(|c| c.is_ascii_alphanumeric()));
    if !well_formed {
        return Err(HintError::Malformed);
    }
    let primary = primary.to_ascii_lowercase();
    let code3 = ISO_639_1
        .iter()
        .find(|(_, two)| *two == primary)
        .map(|(three, _)| *three)
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == primary).map(|(_, t)| *t))
        .unwrap_or(primary.as_str());
    Lang::from_code(code3).ok_or(HintError::Unsupported)
}

/// Every language the detector knows.
pub fn supported_languages() -> impl Iterator<Item = Lang> {
    Lang::all().iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_iso_639_1_where_one_exists() {
        assert_eq!(iso_code(Lang::Eng), "en");
        assert_eq!(iso_code(Lang::Cmn), "zh");
        assert_eq!(iso_code(Lang::Pes), "fa");
        for lang in supported_languages() {
            let code = iso_code(lang);
            assert!(code.len() == 2 || code == lang.code(), "{lang:?} -> {code}");
        }
    }

    #[test]
    fn hints_accept_two_and_three_letter_codes_and_bcp47_tags() {
        assert_eq!(parse_language_hint("en"), Ok(Lang::Eng));
        assert_eq!(parse_language_hint("deu"), Ok(Lang::Deu));
        assert_eq!(parse_language_hint("en-GB"), Ok(Lang::Eng));
        assert_eq!(parse_language_hint("zh-Hant"), Ok(Lang::Cmn));
        assert_eq!(parse_language_hint("no"), Ok(Lang::Nob));
        assert_eq!(parse_language_hint("english!"), Err(HintError::Malformed));
        assert_eq!(parse_language_hint("e"), Err(HintError::Malformed));
        assert_eq!(parse_language_hint("ga"), Err(HintError::Unsupported));
    }
}
