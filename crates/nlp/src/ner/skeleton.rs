//! A name's sound skeleton, the same in Latin and Cyrillic script.
//!
//! Russian writes foreign names as they sound (`Поппер`, `Макрон`,
//! `Гамбург`), and the other languages' corpora know them as written
//! (`Popper`, `Macron`, `Hamburg`): the Russian tagger can learn from those
//! names only through a form both scripts map to. The skeleton transcribes
//! Cyrillic letter by letter, folds Latin diacritics and spellings into the
//! sounds Russian writes for them (`sch` and `ch` as `ш`/`ч`, `w` as `в`,
//! `h` as `г`, `z` and `ts` as `ц`/`з`), writes every vowel as one and
//! merges repeated symbols: `Popper`, `Поппер` → `papar`; `Meyerhof`,
//! `Мейергоф` → `maragaf`. It is coarse on purpose, and the tagger learns
//! how far to trust a match.

/// The skeleton of `word`, or `None` when it has a character that is no
/// letter of either script, or fewer than three symbols.
pub fn skeleton(word: &str) -> Option<String> {
    let mut latin = String::with_capacity(word.len() + 4);
    for c in word.chars().flat_map(char::to_lowercase) {
        latin.push_str(transcribe(c)?);
    }
    let bytes = latin.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let (symbol, used) = sound(&bytes[i..]);
        if let Some(symbol) = symbol {
            if !out.ends_with(symbol) {
                out.push(symbol);
            }
        }
        i += used;
    }
    (out.len() >= 3).then_some(out)
}

/// The symbol for the spelling that starts `s` (ASCII lowercase), and how
/// many bytes it takes. `S` stands for the hushing sounds (`ш`, `ч`, `sch`,
/// `sh`, `ch`, `cz`, `sz`), `J` for `ж`/`дж` (`j`, `zh`, `rz`), `a` for
/// every vowel; `None` for a silent spelling.
fn sound(s: &[u8]) -> (Option<char>, usize) {
    const RULES: [(&[u8], char); 16] = [
        (b"tsch", 'S'),
        (b"shch", 'S'),
        (b"sch", 'S'),
        (b"dzh", 'J'),
        (b"sh", 'S'),
        (b"ch", 'S'),
        (b"cz", 'S'),
        (b"sz", 'S'),
        (b"zh", 'J'),
        (b"rz", 'J'),
        (b"kh", 'g'),
        (b"ph", 'f'),
        (b"th", 't'),
        (b"ck", 'k'),
        (b"ts", 's'),
        (b"tz", 's'),
    ];
    for (spelling, symbol) in RULES {
        if s.starts_with(spelling) {
            return (Some(symbol), spelling.len());
        }
    }
    let symbol = match s[0] {
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y' => 'a',
        b'c' | b'q' | b'k' => 'k',
        b'z' | b's' => 's',
        b'h' | b'g' => 'g',
        b'w' | b'v' => 'v',
        b'j' => 'J',
        b'x' => return (Some('k'), 1),
        b'\'' => return (None, 1),
        other => other as char,
    };
    (Some(symbol), 1)
}

/// A lowercase letter in Latin spelling (ASCII), or `None` when `c` is no
/// letter of the Latin or Cyrillic alphabets.
fn transcribe(c: char) -> Option<&'static str> {
    Some(match c {
        'a'..='z' => {
            const ASCII: [&str; 26] = [
                "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
                "u", "v", "w", "x", "y", "z",
            ];
            ASCII[(c as u8 - b'a') as usize]
        }
        '\'' | '’' => "'",
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' | 'æ' => "a",
        'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ě' | 'œ' => "e",
        'í' | 'ì' | 'î' | 'ï' => "i",
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => "o",
        'ú' | 'ù' | 'û' | 'ü' | 'ů' => "u",
        'ý' | 'ÿ' => "y",
        'ç' => "s",
        'ñ' | 'ń' | 'ň' => "n",
        'ł' => "l",
        'ś' | 'š' | 'ć' | 'č' => "sh",
        'ż' | 'ź' | 'ž' => "zh",
        'ř' => "rzh",
        'ß' => "ss",
        'ð' => "d",
        'þ' => "th",
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'ы' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ю' => "iu",
        'я' => "ia",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::skeleton;

    #[test]
    fn a_foreign_name_and_its_russian_spelling_share_a_skeleton() {
        for (latin, cyrillic) in [
            ("Popper", "Поппер"),
            ("Lakatos", "Лакатос"),
            ("Meyerhof", "Мейергоф"),
            ("Macron", "Макрон"),
            ("Trump", "Трамп"),
            ("Merkel", "Меркель"),
            ("Hamburg", "Гамбург"),
            ("Schröder", "Шрёдер"),
            ("Washington", "Вашингтон"),
            ("Mozart", "Моцарт"),
            ("Jackson", "Джексон"),
            ("Chirac", "Ширак"),
            ("Lewandowski", "Левандовский"),
        ] {
            assert_eq!(skeleton(latin), skeleton(cyrillic), "{latin} / {cyrillic}");
            assert!(skeleton(latin).is_some(), "{latin}");
        }
    }

    #[test]
    fn different_names_keep_different_skeletons() {
        let names = [
            "Popper", "Parker", "Berlin", "Merkel", "Madrid", "Moskau", "Paris", "Prague",
        ];
        let skeletons: Vec<_> = names.iter().map(|n| skeleton(n)).collect();
        for (i, a) in skeletons.iter().enumerate() {
            for b in &skeletons[i + 1..] {
                assert_ne!(a, b, "{skeletons:?}");
            }
        }
    }

    #[test]
    fn words_with_other_characters_or_too_short_have_none() {
        assert_eq!(skeleton("F1"), None);
        assert_eq!(skeleton("東京"), None);
        assert_eq!(skeleton("Ab"), None);
        assert_eq!(skeleton(""), None);
    }
}
