//! `enrich annotate` prints the response as proto JSON: the field and enum
//! names grpcurl shows.

use std::io::Write;
use std::process::Command;

#[test]
fn annotate_prints_proto_json_for_a_file() {
    let mut file = tempfile();
    write!(file.1, "# Budget passes\n\nThe council of Springfield approved $5.5 million on Monday. Critics objected.\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_enrich"))
        .args(["annotate", file.0.to_str().expect("path"), "--features", "sentences,entities", "--log-format", "json"])
        .output()
        .expect("run enrich annotate");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["offsetUnit"], "OFFSET_UNIT_CODE_POINT");
    assert_eq!(json["sentences"][0]["kind"], "SEGMENT_KIND_HEADING");
    assert_eq!(json["sentences"][1]["text"], "The council of Springfield approved $5.5 million on Monday.");
    let money = json["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["type"] == "MONEY")
        .expect("a MONEY entity");
    assert_eq!(money["normalizedValue"], "5500000 USD");
    assert!(json.get("summary").is_none(), "summary was not asked for");
    let _ = std::fs::remove_file(&file.0);
}

#[test]
fn annotate_rejects_an_unknown_feature_with_the_choices() {
    let out = Command::new(env!("CARGO_BIN_EXE_enrich"))
        .args(["annotate", "-", "--features", "sentiment"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run enrich annotate");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown feature \"sentiment\"; use language, sentences, entities or summary"), "{stderr}");
}

fn tempfile() -> (std::path::PathBuf, std::fs::File) {
    let path = std::env::temp_dir().join(format!("enrich-annotate-{}.md", std::process::id()));
    let file = std::fs::File::create(&path).expect("create temp file");
    (path, file)
}
