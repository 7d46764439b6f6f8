//! Dutch cues. `demonstreren` (also: to protest) is left out on purpose.

use super::Cues;

pub(super) const CUES: Cues = Cues {
    intensifiers: &[
        "zeer",
        "erg",
        "heel",
        "uiterst",
        "extreem",
        "volkomen",
        "totaal",
        "absoluut",
        "echt",
        "werkelijk",
        "diep",
        "hoogst",
        "ontzettend",
        "enorm",
        "ongelooflijk",
        "buitengewoon",
        "verschrikkelijk",
        "vreselijk",
    ],
    evaluative: &[
        "vermeend",
        "vermeende",
        "kennelijk",
        "duidelijk",
        "uiteraard",
        "natuurlijk",
        "helaas",
        "gelukkig",
        "ironisch",
        "cynisch",
        "opzettelijk",
        "welbewust",
        "doelbewust",
        "openlijk",
        "schaamteloos",
        "typisch",
        "ongetwijfeld",
        "jammer",
        "berucht",
        "onbeschaamd",
    ],
    speculation: &[
        "zou",
        "zouden",
        "misschien",
        "wellicht",
        "waarschijnlijk",
        "vermoedelijk",
        "mogelijk",
        "mogelijkerwijs",
        "schijnbaar",
        "blijkbaar",
        "onvermijdelijk",
        "allicht",
    ],
    interpretive: &[
        "signaleert",
        "onthult",
        "onthulde",
        "verraadt",
        "verried",
        "onderstreept",
        "onderstreepte",
        "bewijst",
        "bewees",
    ],
    charged: &[
        "propaganda",
        "hypocrisie",
        "hypocriet",
        "chauvinisme",
        "oorlogsstoker",
        "oorlogszucht",
        "regime",
        "marionet",
        "handlanger",
        "demagoog",
        "demagogie",
        "schijnvertoning",
        "farce",
        "poppenkast",
        "imperialisme",
        "militarisme",
        "hetze",
        "bangmakerij",
        "doofpot",
    ],
    framing: &[
        &["in", "werkelijkheid"],
        &["in", "waarheid"],
        &["het", "ware", "doel"],
        &["het", "echte", "doel"],
        &["de", "ware", "reden"],
        &["de", "echte", "reden"],
        &["zogenaamde"],
        &["zogenaamd"],
        &["het", "is", "duidelijk"],
        &["zonder", "twijfel"],
        &["is", "het", "gevolg", "van"],
        &["is", "het", "resultaat", "van"],
        &["komt", "voort", "uit"],
    ],
    first_person: &["ik", "wij", "we", "ons", "onze", "mijn", "me", "mij"],
    attribution: &[
        "zei",
        "zegt",
        "zeiden",
        "verklaarde",
        "meldde",
        "aldus",
        "volgens",
        "kondigde",
        "voegde",
        "stelde",
        "benadrukte",
        "liet",
    ],
    stopwords: &[
        "de", "het", "een", "en", "of", "in", "op", "aan", "te", "van", "voor", "met", "bij", "uit", "door", "naar",
        "is", "zijn", "was", "waren", "wordt", "werd", "worden", "heeft", "hebben", "had", "dat", "die", "dit", "deze",
        "er", "niet", "ook", "als", // Closed-class words whose spelling an opinion word shares.
        "naar", "waar", "net", "nog", "al", "wel", "maar", "dan", "toen", "nu", "hier", "daar", "zo", "om", "tot",
        "over", "onder", "tegen", "tussen", "na", "sinds", "zonder", "via", "per", "hij", "zij", "ze", "jij", "je",
        "u", "hun", "hem", "haar", "zich", "wat", "wie", "welke", "wanneer", "hoe", "omdat", "dus", "want", "nadat",
        "voordat", "zodat", "eens", "enkel", "pas", "reeds", "zelfs", "steeds", "weer", "toch", "even", "bijna",
        "echter", "men", "iets", "niets", "alles", "kan", "kon", "moet", "moest", "zal", "wil", "mag", "gaat", "ging",
        "komt", "kwam", "laat",
    ],
    // The English list's concepts: quantity, order, time, size, and the
    // names of agreements and procedures.
    descriptive: &[
        "alleen",
        "enige",
        "ander",
        "andere",
        "zelfde",
        "eigen",
        "zulke",
        "laatste",
        "eerste",
        "volgende",
        "weinig",
        "veel",
        "meer",
        "meeste",
        "verscheidene",
        "geheel",
        "hele",
        "volledig",
        "nieuw",
        "nieuwe",
        "voormalig",
        "voormalige",
        "vorige",
        "recent",
        "recente",
        "huidige",
        "vroeg",
        "laat",
        "lang",
        "lange",
        "algemeen",
        "algemene",
        "groot",
        "grote",
        "klein",
        "kleine",
        "hoog",
        "hoge",
        "laag",
        "lage",
        "akkoord",
        "overeenkomst",
        "veiligheid",
        "steun",
        "hulp",
        "belang",
        "klacht",
        // The Belgian franc, and `made` (Pattern rates `gemaakt`, affected).
        "frank",
        "gemaakt",
    ],
    concessive_openers: &["hoewel", "ofschoon", "terwijl", "ondanks"],
    participle_opener: None,
    capitals_are_names: true,
    base_form: Some(base_form),
    calibration: CALIBRATION,
};

/// `enrich-lab calibrate-neutrality --lang nl --docs ../shared/data/ner/wikineural/nl_train.docs.jsonl`
/// (see [`Cues::calibration`]).
const CALIBRATION: f32 = 1.69;

/// The attributive `-e` of adjectives stripped, with Dutch spelling undone:
/// a doubled consonant is single again (`dikke` → `dik`) and an open
/// syllable's vowel doubled again (`grote` → `groot`).
fn base_form(word: &str, find: &dyn Fn(&str) -> Option<f32>) -> Option<f32> {
    let stem = word.strip_suffix('e')?;
    let chars: Vec<char> = stem.chars().collect();
    let n = chars.len();
    if n < 3 {
        return None;
    }
    let vowel = |c: char| "aeiou".contains(c);
    find(stem)
        .or_else(|| {
            (n >= 4 && chars[n - 1] == chars[n - 2] && !vowel(chars[n - 1]))
                .then(|| find(&stem[..stem.len() - chars[n - 1].len_utf8()]))
                .flatten()
        })
        .or_else(|| {
            ("aeou".contains(chars[n - 2]) && !vowel(chars[n - 1]) && !vowel(chars[n - 3]))
                .then(|| {
                    let mut doubled: String = chars[..n - 1].iter().collect();
                    doubled.push(chars[n - 2]);
                    doubled.push(chars[n - 1]);
                    find(&doubled)
                })
                .flatten()
        })
}
