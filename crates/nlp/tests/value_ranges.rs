//! Normalized values a caller can use as they are: rules that overflow
//! (a reference date at the end of year 9999, a sum of money with hundreds
//! of digits) leave the value out and say so, instead of sending `inf USD`
//! or `10000-01-01`.

use enrich_nlp::entities::calendar::CivilDate;
use enrich_nlp::{EntityType, Options, Pipeline};

fn values(pipeline: &Pipeline, text: &str, reference: &str) -> (Vec<(EntityType, Option<String>)>, Vec<String>) {
    let mut options = Options::default();
    options.entities.reference_date = CivilDate::parse_iso(reference);
    let doc = pipeline.annotate(text, &options);
    let values = doc
        .entities
        .iter()
        .map(|e| (e.entity_type, e.normalized_value.clone()))
        .collect();
    (values, doc.warnings.iter().map(|w| w.code.to_string()).collect())
}

#[test]
fn dates_past_year_9999_or_before_year_1_carry_no_value_and_a_warning() {
    let pipeline = Pipeline::new().expect("embedded models load");
    for (reference, text) in [
        ("9999-12-31", "The meeting is tomorrow."),
        ("0001-01-01", "It happened last year."),
    ] {
        let (values, warnings) = values(&pipeline, text, reference);
        let date = values
            .iter()
            .find(|(t, _)| *t == EntityType::Date)
            .expect("the date is found");
        assert_eq!(date.1, None, "{text:?} with reference {reference}");
        assert!(
            warnings.iter().any(|w| w == "ENTITIES_VALUE_OUT_OF_RANGE"),
            "{warnings:?}"
        );
    }
    let (values, warnings) = values(&pipeline, "The meeting is tomorrow.", "2019-11-25");
    assert!(
        values.contains(&(EntityType::Date, Some("2019-11-26".into()))),
        "{values:?}"
    );
    assert!(warnings.iter().all(|w| w != "ENTITIES_VALUE_OUT_OF_RANGE"));
}

#[test]
fn a_sum_too_large_for_a_number_carries_no_value() {
    let pipeline = Pipeline::new().expect("embedded models load");
    let text = format!("They paid ${} for it.", "9".repeat(400));
    let (values, warnings) = values(&pipeline, &text, "2019-11-25");
    let money = values
        .iter()
        .find(|(t, _)| *t == EntityType::Money)
        .expect("the sum is found");
    assert_eq!(money.1, None);
    assert!(
        warnings.iter().any(|w| w == "ENTITIES_VALUE_OUT_OF_RANGE"),
        "{warnings:?}"
    );
}
