//! A document four times longer takes about four times as long, not
//! sixteen: one long sentence full of numbers or dates must not make a
//! stage quadratic (the entity grouping once rescanned the sentence for
//! every mention: 256 KiB of `42 ` took 16 s).

use enrich_nlp::{Options, Pipeline};
use std::time::{Duration, Instant};

/// The faster of two runs, to damp a shared machine's noise.
fn time(pipeline: &Pipeline, text: &str) -> Duration {
    (0..2)
        .map(|_| {
            let started = Instant::now();
            let doc = pipeline.annotate(text, &Options::default());
            assert!(!doc.entities.is_empty());
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn assert_linear(unit: &str) {
    let pipeline = Pipeline::new().expect("embedded models load");
    let small = unit.repeat(16 * 1024 / unit.len());
    let large = unit.repeat(64 * 1024 / unit.len());
    let (t_small, t_large) = (time(&pipeline, &small), time(&pipeline, &large));
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-6);
    // Linear is 4; quadratic is 16.
    assert!(
        ratio < 8.0,
        "{unit:?}: 16 KiB took {t_small:?}, 64 KiB took {t_large:?} ({ratio:.1}x)"
    );
}

#[test]
fn one_sentence_of_repeated_numbers_takes_linear_time() {
    assert_linear("42 ");
}

#[test]
fn one_sentence_of_dates_money_and_percentages_takes_linear_time() {
    assert_linear("12 March 2020 $4.5bn 34% 10:30 1,234,567 ");
}
