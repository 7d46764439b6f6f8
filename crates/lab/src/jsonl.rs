//! The one JSON-lines reader of the lab: every corpus, reference set and
//! document list goes through it, so every error names the file and line the
//! same way (`path:line: what`).

use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::io::BufRead;
use std::path::Path;

/// Reads one `T` per non-blank line of `path`.
pub fn read<T: DeserializeOwned>(path: &Path) -> anyhow::Result<Vec<T>> {
    let file = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| anyhow::anyhow!("{}:{}: {e}", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(&line).map_err(|e| anyhow::anyhow!("{}:{}: {e}", path.display(), n + 1))?);
    }
    Ok(out)
}

/// A line that carries a document text (other fields are ignored).
#[derive(Deserialize)]
struct TextLine {
    text: String,
}

/// The `text` field of every line of `path`.
pub fn read_texts(path: &Path) -> anyhow::Result<Vec<String>> {
    Ok(read::<TextLine>(path)?.into_iter().map(|l| l.text).collect())
}
