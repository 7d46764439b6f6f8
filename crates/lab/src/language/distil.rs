//! Distils the embedded n-gram language model from lingua's per-language
//! model crates (Apache-2.0): for each language whatlang also knows, the
//! most frequent n-grams of each order with their conditional
//! log-probabilities. The crates are downloaded by `cargo fetch` on
//! `crates/lab/lingua-models/Cargo.toml` and found with `cargo metadata`.

use anyhow::{bail, Context};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use whatlang::Lang;

/// lingua's language names (as in its crate names) for the languages
/// whatlang also knows. lingua's other languages are not in the service's
/// language set and are left out.
const LINGUA_NAMES: &[(&str, Lang)] = &[
    ("afrikaans", Lang::Afr),
    ("arabic", Lang::Ara),
    ("armenian", Lang::Hye),
    ("azerbaijani", Lang::Aze),
    ("belarusian", Lang::Bel),
    ("bengali", Lang::Ben),
    ("bokmal", Lang::Nob),
    ("bulgarian", Lang::Bul),
    ("catalan", Lang::Cat),
    ("chinese", Lang::Cmn),
    ("croatian", Lang::Hrv),
    ("czech", Lang::Ces),
    ("danish", Lang::Dan),
    ("dutch", Lang::Nld),
    ("english", Lang::Eng),
    ("esperanto", Lang::Epo),
    ("estonian", Lang::Est),
    ("finnish", Lang::Fin),
    ("french", Lang::Fra),
    ("georgian", Lang::Kat),
    ("german", Lang::Deu),
    ("greek", Lang::Ell),
    ("gujarati", Lang::Guj),
    ("hebrew", Lang::Heb),
    ("hindi", Lang::Hin),
    ("hungarian", Lang::Hun),
    ("indonesian", Lang::Ind),
    ("italian", Lang::Ita),
    ("japanese", Lang::Jpn),
    ("korean", Lang::Kor),
    ("latin", Lang::Lat),
    ("latvian", Lang::Lav),
    ("lithuanian", Lang::Lit),
    ("macedonian", Lang::Mkd),
    ("marathi", Lang::Mar),
    ("persian", Lang::Pes),
    ("polish", Lang::Pol),
    ("portuguese", Lang::Por),
    ("punjabi", Lang::Pan),
    ("romanian", Lang::Ron),
    ("russian", Lang::Rus),
    ("serbian", Lang::Srp),
    ("shona", Lang::Sna),
    ("slovak", Lang::Slk),
    ("slovene", Lang::Slv),
    ("spanish", Lang::Spa),
    ("swedish", Lang::Swe),
    ("tagalog", Lang::Tgl),
    ("tamil", Lang::Tam),
    ("telugu", Lang::Tel),
    ("thai", Lang::Tha),
    ("turkish", Lang::Tur),
    ("ukrainian", Lang::Ukr),
    ("urdu", Lang::Urd),
    ("vietnamese", Lang::Vie),
    ("welsh", Lang::Cym),
    ("zulu", Lang::Zul),
];

/// How many n-grams of each order (1 to 5) a language keeps, most frequent
/// first.
pub struct Budget(pub [usize; 5]);

/// The `ngrams.fst` of each lingua model crate the manifest depends on.
pub fn find_tables(manifest: &Path) -> anyhow::Result<Vec<(Lang, PathBuf)>> {
    let output = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(manifest)
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let mut tables = Vec::new();
    for package in metadata["packages"]
        .as_array()
        .context("cargo metadata lists no packages")?
    {
        let name = package["name"].as_str().unwrap_or_default();
        let Some(language) = name
            .strip_prefix("lingua-")
            .and_then(|n| n.strip_suffix("-language-model"))
        else {
            continue;
        };
        let Some(&(_, lang)) = LINGUA_NAMES.iter().find(|(n, _)| *n == language) else {
            continue;
        };
        let manifest_path = PathBuf::from(package["manifest_path"].as_str().context("no manifest_path")?);
        let dir = manifest_path.parent().context("manifest has no directory")?;
        tables.push((lang, dir.join("models/ngrams.fst")));
    }
    tables.sort_by_key(|(lang, _)| lang.code());
    if tables.len() != LINGUA_NAMES.len() {
        bail!(
            "found {} of {} lingua model crates: run `cargo fetch --manifest-path {}` first",
            tables.len(),
            LINGUA_NAMES.len(),
            manifest.display()
        );
    }
    Ok(tables)
}

/// The kept n-grams of one language: (n-gram, ln p(last letter | the rest)).
pub fn distil_one(path: &Path, budget: &Budget) -> anyhow::Result<Vec<(String, f64)>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let map = fst::Map::new(bytes).with_context(|| format!("{} is not an fst map", path.display()))?;
    let mut conditional: HashMap<String, f64> = HashMap::new();
    let mut stream = map.stream();
    use fst::Streamer;
    while let Some((key, value)) = stream.next() {
        let ngram =
            String::from_utf8(key.to_vec()).with_context(|| format!("{}: n-gram is not UTF-8", path.display()))?;
        conditional.insert(ngram, f64::from_bits(value));
    }
    // Rank by joint probability: ln p(abc) = ln p(a) + ln p(b|a) + ln p(c|ab).
    let joint = |ngram: &str| -> Option<f64> {
        let mut total = 0.0;
        let mut end = 0;
        for c in ngram.chars() {
            end += c.len_utf8();
            total += conditional.get(&ngram[..end])?;
        }
        Some(total)
    };
    let mut by_order: Vec<Vec<(f64, &String)>> = vec![Vec::new(); 5];
    for ngram in conditional.keys() {
        let order = ngram.chars().count();
        if let (Some(bucket), Some(j)) = (by_order.get_mut(order.wrapping_sub(1)), joint(ngram)) {
            bucket.push((j, ngram));
        }
    }
    let mut kept = Vec::new();
    for (order, mut ngrams) in by_order.into_iter().enumerate() {
        ngrams.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        for (_, ngram) in ngrams.into_iter().take(budget.0[order]) {
            kept.push((ngram.clone(), conditional[ngram]));
        }
    }
    Ok(kept)
}

/// Each modelled language's function words from stopwords-iso's JSON
/// (`{"en": ["a", "about", ...], ...}`), as (word, language index).
pub fn function_words(path: &Path, langs: &[Lang]) -> anyhow::Result<Vec<(String, u8)>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let lists: std::collections::BTreeMap<String, Vec<String>> =
        serde_json::from_str(&text).with_context(|| format!("{} is not stopwords-iso's JSON", path.display()))?;
    let mut out = Vec::new();
    for (code, words) in lists {
        let Ok(lang) = enrich_nlp::language::parse_language_hint(&code) else {
            continue;
        };
        let Some(index) = langs.iter().position(|&l| l == lang) else {
            continue;
        };
        out.extend(words.into_iter().map(|w| (w, index as u8)));
    }
    Ok(out)
}

/// A distilled model: the file's bytes, and how many n-grams each language
/// kept.
pub struct Distilled {
    pub bytes: Vec<u8>,
    pub kept: Vec<(Lang, usize)>,
}

/// Distils every language and encodes the model file.
pub fn distil(manifest: &Path, stopwords: &Path, budget: &Budget) -> anyhow::Result<Distilled> {
    let tables = find_tables(manifest)?;
    let langs: Vec<Lang> = tables.iter().map(|(l, _)| *l).collect();
    let function_words = function_words(stopwords, &langs)?;
    let mut entries = Vec::new();
    let mut counts = Vec::new();
    for (index, (lang, path)) in tables.iter().enumerate() {
        let kept = distil_one(path, budget)?;
        counts.push((*lang, kept.len()));
        entries.extend(kept.into_iter().map(|(ngram, p)| (ngram, index as u8, p)));
    }
    Ok(Distilled {
        bytes: enrich_nlp::lab::encode_language_model(&langs, &entries, &function_words),
        kept: counts,
    })
}
