use super::*;

fn detector() -> LanguageDetector {
    LanguageDetector::new().expect("the embedded language model loads")
}

fn detect(text: &str) -> DetectedLanguage {
    detector().detect(text, &LanguageOptions::default())
}
