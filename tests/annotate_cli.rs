//! `enrich annotate` prints the response as proto JSON: the field and enum
//! names grpcurl shows.

use std::io::Write;
use std::process::Command;

#[test]
fn annotate_prints_proto_json_for_a_file() {
    let mut file = tempfile();
    write!(
        file.1,
        "# Budget passes\n\nThe council of Springfield approved $5.5 million on Monday. Critics objected.\n"
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_enrich"))
        .args([
            "annotate",
            file.0.to_str().expect("path"),
            "--features",
            "sentences,entities",
            "--log-format",
            "json",
        ])
        .output()
        .expect("run enrich annotate");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["offsetUnit"], "OFFSET_UNIT_CODE_POINT");
    assert_eq!(json["sentences"][0]["kind"], "SEGMENT_KIND_HEADING");
    assert_eq!(
        json["sentences"][1]["text"],
        "The council of Springfield approved $5.5 million on Monday."
    );
    let money = json["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["type"] == "ENTITY_TYPE_MONEY")
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
    assert!(
        stderr.contains("unknown feature \"sentiment\"; use language, sentences, entities or summary"),
        "{stderr}"
    );
}

#[test]
fn a_configured_dictionary_file_and_a_reference_date_shape_the_entities() {
    let mut text = tempfile_named("dictionary-text.md");
    writeln!(text.1, "Gyeongdu Jeong met Nippon Steel yesterday.").expect("write");
    let mut dictionary = tempfile_named("dictionary.tsv");
    write!(
        dictionary.1,
        "# our terms\nPERSON\tGyeongdu Jeong\nORGANIZATION\tNippon Steel\n"
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_enrich"))
        .args([
            "annotate",
            text.0.to_str().expect("path"),
            "--features",
            "entities",
            "--log-format",
            "json",
        ])
        .args([
            "--entity-dictionary",
            dictionary.0.to_str().expect("path"),
            "--reference-date",
            "2019-11-25",
        ])
        .output()
        .expect("run enrich annotate");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let found: Vec<(String, String, String)> = json["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (s("name"), s("type"), s("normalizedValue"))
        })
        .collect();
    assert!(
        found.contains(&("Gyeongdu Jeong".into(), "ENTITY_TYPE_PERSON".into(), String::new())),
        "{found:?}"
    );
    assert!(
        found.contains(&("Nippon Steel".into(), "ENTITY_TYPE_ORGANIZATION".into(), String::new())),
        "{found:?}"
    );
    assert!(
        found.contains(&("yesterday".into(), "ENTITY_TYPE_DATE".into(), "2019-11-24".into())),
        "{found:?}"
    );

    let mut broken = tempfile_named("broken-dictionary.tsv");
    write!(broken.1, "PERSON\tAbe\nPLANET\tMars\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_enrich"))
        .args([
            "annotate",
            text.0.to_str().expect("path"),
            "--entity-dictionary",
            broken.0.to_str().expect("path"),
        ])
        .output()
        .expect("run enrich annotate");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2: unknown type \"PLANET\""), "{stderr}");
    for f in [text.0, dictionary.0, broken.0] {
        let _ = std::fs::remove_file(f);
    }
}

fn tempfile() -> (std::path::PathBuf, std::fs::File) {
    tempfile_named("annotate.md")
}

fn tempfile_named(name: &str) -> (std::path::PathBuf, std::fs::File) {
    let path = std::env::temp_dir().join(format!("enrich-{}-{name}", std::process::id()));
    let file = std::fs::File::create(&path).expect("create temp file");
    (path, file)
}

#[test]
fn a_retrained_model_replaces_the_embedded_one_and_a_model_for_another_language_or_format_is_refused() {
    let english = format!("{}/crates/nlp/assets/models/ner-en.bin", env!("CARGO_MANIFEST_DIR"));
    let mut text = tempfile_named("model.txt");
    write!(text.1, "Shinzo Abe met Moon Jae-in in Seoul.").expect("write");
    let run = |model: &str| {
        Command::new(env!("CARGO_BIN_EXE_enrich"))
            .args(["annotate", text.0.to_str().expect("path"), "--features", "entities"])
            .args(["--language-hint", "en", "--ner-model", model])
            .output()
            .expect("run enrich annotate")
    };
    let out = run(&format!("en={english}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Shinzo Abe"));

    let out = run(&format!("de={english}"));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--ner-model de=") && stderr.contains("\"en\"") && stderr.contains("\"de\""),
        "{stderr}"
    );

    let mut older = std::fs::read(&english).expect("read the English model");
    older[6] = b'4';
    let mut old_file = tempfile_named("ner-old.bin");
    old_file.1.write_all(&older).expect("write");
    let out = run(&format!("en={}", old_file.0.display()));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ENRNER4") && stderr.contains("retrain"), "{stderr}");

    let out = run("english.bin");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("CODE=PATH"));
    for f in [text.0, old_file.0] {
        let _ = std::fs::remove_file(f);
    }
}
