//! The cases sentence-segmentation test suites are made of: lists written on
//! one line, abbreviations and initials that end a sentence, names and
//! numbering with sentence punctuation inside, parenthesized sentences,
//! spaced ellipses, and lines broken by hand. Then input built to be slow.

use enrich_nlp::segment::Segmenter;
use std::time::{Duration, Instant};
use whatlang::Lang;

fn split(text: &str) -> Vec<&str> {
    Segmenter::new()
        .segment(text, Some(Lang::Eng))
        .iter()
        .map(|s| s.span.slice(text))
        .collect()
}

#[test]
fn lists_written_on_one_line_are_split_into_items() {
    assert_eq!(
        split("1.) Buy milk 2.) Call the bank"),
        ["1.) Buy milk", "2.) Call the bank"]
    );
    assert_eq!(
        split("1) Buy milk 2) Call the bank"),
        ["1) Buy milk", "2) Call the bank"]
    );
    assert_eq!(split("1. Pack. 2. Leave."), ["1. Pack.", "2. Leave."]);
    assert_eq!(
        split("• 3. First point • 4. Second point"),
        ["• 3. First point", "• 4. Second point"]
    );
    assert_eq!(split("a. Red b. Green c. Blue"), ["a. Red", "b. Green", "c. Blue"]);
    assert_eq!(
        split("I need three things: (a) a map (b) a torch (c) water."),
        ["I need three things:", "(a) a map", "(b) a torch", "(c) water."]
    );
}

#[test]
fn numbers_that_only_look_like_list_markers_stay_in_their_sentence() {
    assert_eq!(
        split("Sales rose in 2019. 2020 was worse for everyone."),
        ["Sales rose in 2019.", "2020 was worse for everyone."]
    );
    assert_eq!(
        split("See pages 1) and 3) of the report."),
        ["See pages 1) and 3) of the report."]
    );
}

#[test]
fn an_abbreviation_or_initial_before_a_new_sentence_ends_it() {
    assert_eq!(
        split("The talks end at 5 p.m. Dinner follows."),
        ["The talks end at 5 p.m.", "Dinner follows."]
    );
    assert_eq!(
        split("It was signed by me and Henry I. Another copy went to Rome."),
        ["It was signed by me and Henry I.", "Another copy went to Rome."]
    );
}

#[test]
fn an_abbreviation_or_initial_before_a_name_does_not_end_the_sentence() {
    assert_eq!(
        split("The U.S. Army and John F. Kennedy met Dr. Brown at 5 p.m. Eastern time."),
        ["The U.S. Army and John F. Kennedy met Dr. Brown at 5 p.m. Eastern time."]
    );
}

#[test]
fn names_and_numbering_with_sentence_punctuation_stay_inside_sentences() {
    assert_eq!(
        split("He sold shares of Yahoo! last week."),
        ["He sold shares of Yahoo! last week."]
    );
    assert_eq!(
        split("File it under No. 42.17.3 please."),
        ["File it under No. 42.17.3 please."]
    );
    assert_eq!(split("Great! thanks for asking."), ["Great!", "thanks for asking."]);
}

#[test]
fn a_sentence_in_parentheses_inside_another_does_not_end_it() {
    assert_eq!(
        split("She studied law (She later said it bored her.) at a small college."),
        ["She studied law (She later said it bored her.) at a small college."]
    );
    assert_eq!(
        split("He left early. (Nobody knew why.) The party went on."),
        ["He left early.", "(Nobody knew why.)", "The party went on."]
    );
}

#[test]
fn a_credit_in_parentheses_between_two_sentences_stands_alone() {
    assert_eq!(
        split("Hamas rejected the truce. (Jerusalem Post) \"We are not happy,\" he said."),
        [
            "Hamas rejected the truce.",
            "(Jerusalem Post)",
            "\"We are not happy,\" he said."
        ]
    );
    assert_eq!(
        split("(New Scientist Space) On 3 November, NASA asked for bids."),
        ["(New Scientist Space)", "On 3 November, NASA asked for bids."]
    );
    assert_eq!(
        split("The vote was close. [Updated 10:00 GMT] (AP) Voters went to the polls."),
        [
            "The vote was close.",
            "[Updated 10:00 GMT] (AP)",
            "Voters went to the polls."
        ]
    );
    // Inside a sentence, or before lowercase, a parenthesized group ends
    // nothing.
    assert_eq!(
        split("He met the chairman (Mr. Lee) on Monday. (See below) for the figures."),
        [
            "He met the chairman (Mr. Lee) on Monday.",
            "(See below) for the figures."
        ]
    );
}

#[test]
fn a_closing_bracket_or_quote_standing_apart_stays_with_the_sentence_it_closes() {
    assert_eq!(
        split("(We check in at noon. We fly the next day. ) Hop onto a bus."),
        ["(We check in at noon.", "We fly the next day. )", "Hop onto a bus."]
    );
    assert_eq!(
        split("AP quoted him: ' A radical group has formed. It grows. ' And on April 3 he spoke."),
        [
            "AP quoted him: ' A radical group has formed.",
            "It grows. '",
            "And on April 3 he spoke."
        ]
    );
    // A quote that pairs with one in the next sentence opens it, even after
    // an unbalanced quote earlier in the paragraph.
    assert_eq!(
        split("It measured 5\" across. \" Le Corniaud \" opened in 1965."),
        ["It measured 5\" across.", "\" Le Corniaud \" opened in 1965."]
    );
}

#[test]
fn spaced_ellipses_trail_off_end_or_open_a_sentence() {
    assert_eq!(
        split("He paused . . . and then went on."),
        ["He paused . . . and then went on."]
    );
    assert_eq!(
        split("It was late . . . . Then it rained."),
        ["It was late . . . .", "Then it rained."]
    );
    assert_eq!(
        split(". . . And so it ended. He left."),
        [". . . And so it ended.", "He left."]
    );
}

#[test]
fn lines_broken_by_hand_end_sentences_but_wrapped_lines_do_not() {
    assert_eq!(
        split("Hi Anna\nThanks for the note, see you at six\nBob"),
        ["Hi Anna", "Thanks for the note, see you at six", "Bob"]
    );
    let wrapped = "The company said on Monday that it would cut\nits workforce by a tenth as demand for its\nproducts fell in Europe and Asia.";
    assert_eq!(split(wrapped), [wrapped]);
}

#[test]
fn greetings_that_open_a_message_end_their_sentence() {
    assert_eq!(
        split("Hi, Yes the room is free. Dear All, My name is Ann."),
        ["Hi,", "Yes the room is free.", "Dear All,", "My name is Ann."]
    );
    assert_eq!(split("Hi, how are you?"), ["Hi, how are you?"]);
}

#[test]
fn a_mail_header_line_is_split_like_prose_not_kept_whole_as_a_title() {
    assert_eq!(
        split("Email: davidr...@optonline.net Groups: alt.animals.cat\n\nThis message was cancelled."),
        [
            "Email: davidr...@optonline.net",
            "Groups: alt.animals.cat",
            "This message was cancelled."
        ]
    );
    // A title with no header in it stays one piece.
    assert_eq!(
        split("Rabbits in the City\n\nThey live in parks."),
        ["Rabbits in the City", "They live in parks."]
    );
}

/// The fastest of five runs, to damp a shared machine's noise (with two,
/// a run beside a busy training job once read 1 MiB as more than 8 times
/// 256 KiB).
fn time(segmenter: &Segmenter, text: &str) -> Duration {
    (0..5)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(segmenter.segment(text, Some(Lang::Eng)));
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// A megabyte of anything takes at most this long (unoptimized test builds
/// run about twenty times slower than release).
const MAX_PER_MEGABYTE: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(30)
} else {
    Duration::from_secs(2)
};

/// 256 KiB and 1 MiB of `unit` repeated: linear is 4 times slower, quadratic
/// 16 times. Below 100 ms for the megabyte the ratio is cache and allocator
/// noise, and quadratic work on a megabyte takes seconds.
fn assert_linear(name: &str, unit: &str) {
    let segmenter = Segmenter::new();
    let small = unit.repeat(256 * 1024 / unit.len());
    let large = unit.repeat(1024 * 1024 / unit.len());
    let (t_small, t_large) = (time(&segmenter, &small), time(&segmenter, &large));
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-6);
    eprintln!("{name}: 256 KiB {t_small:?}, 1 MiB {t_large:?}");
    assert!(
        (ratio < 8.0 || t_large < Duration::from_millis(100)) && t_large < MAX_PER_MEGABYTE,
        "{name}: 256 KiB took {t_small:?}, 1 MiB took {t_large:?} ({ratio:.1}x)"
    );
}

#[test]
fn one_unbroken_line_takes_linear_time() {
    assert_linear("one line", "word ");
}

#[test]
fn many_newlines_take_linear_time() {
    assert_linear("newlines", "\n");
    assert_linear("short lines", "a\n");
}

#[test]
fn many_list_markers_take_linear_time() {
    assert_linear("list markers", "1) x ");
    assert_linear("bullets", "• x ");
}

#[test]
fn many_bracketed_credits_and_detached_quotes_take_linear_time() {
    assert_linear("credits", "(Source) It ended. ");
    assert_linear("detached quotes", "It ended. ' ");
    assert_linear("one long run of groups", "(x) ");
}

#[test]
fn deeply_nested_brackets_take_linear_time() {
    let nested = format!("{}It ended. Then{}. ", "(".repeat(1000), ")".repeat(1000));
    assert_linear("nested brackets", &nested);
}
