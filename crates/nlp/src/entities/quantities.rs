//! DATE, TIME, MONEY, PERCENT and NUMBER mentions by rule, with normalized
//! values: ISO 8601 dates where the text fixes them, decimal numbers, and
//! `"<amount> <ISO 4217 code>"` for money.
//!
//! These types are closed classes with regular surface forms; rules are more
//! exact and far cheaper here than a statistical tagger.

use super::calendar::CivilDate;
use crate::document::{EntityType, Span};
use crate::tokenize::Token;

/// A mention found by rule.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityMention {
    pub span: Span,
    pub entity_type: EntityType,
    pub normalized_value: Option<String>,
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan.", 1),
    ("feb.", 2),
    ("mar.", 3),
    ("apr.", 4),
    ("jun.", 6),
    ("jul.", 7),
    ("aug.", 8),
    ("sep.", 9),
    ("sept.", 9),
    ("oct.", 10),
    ("nov.", 11),
    ("dec.", 12),
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const RELATIVE_DAYS: &[&str] = &["yesterday", "today", "tomorrow"];

const CURRENCY_SYMBOLS: &[(&str, &str)] = &[
    ("$", "USD"),
    ("US$", "USD"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("¥", "JPY"),
    ("₩", "KRW"),
    ("₹", "INR"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("HK$", "HKD"),
];

const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("dollar", "USD"),
    ("dollars", "USD"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("pound", "GBP"),
    ("pounds", "GBP"),
    ("sterling", "GBP"),
    ("yen", "JPY"),
    ("won", "KRW"),
    ("yuan", "CNY"),
    ("renminbi", "CNY"),
    ("rupees", "INR"),
    ("francs", "CHF"),
    ("usd", "USD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
    ("jpy", "JPY"),
];

const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("mln", 1e6),
    ("bln", 1e9),
    ("bn", 1e9),
    ("m", 1e6),
];

/// The month a lowercase word names.
fn month(lower: &str) -> Option<u32> {
    MONTHS.iter().find(|(name, _)| *name == lower).map(|&(_, m)| m)
}

/// A number written in digits: `1,000`, `2.5`, `-3`.
fn number(word: &str) -> Option<f64> {
    let first = word.chars().next()?;
    if !first.is_ascii_digit() {
        return None;
    }
    if !word.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') || word.ends_with(['.', ',']) {
        return None;
    }
    word.replace(',', "").parse().ok()
}

fn day(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<u32> {
    (word.len() == 4)
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1000..=2199).contains(y))
}

/// Whether a normalized value is one a caller can use as it is: an ISO 8601
/// date of years 0001 to 9999 (`2019-11-22`, `2019-11`, `2019`, `--11-22`,
/// a decade `193X`), a time, or a finite number (with a currency code for
/// money). Rules can overflow (`$999…9`, a reference date of 9999-12-31 and
/// `tomorrow`); such values are dropped rather than sent.
pub fn is_valid_value(entity_type: EntityType, value: &str) -> bool {
    let finite = |n: &str| n.parse::<f64>().is_ok_and(f64::is_finite);
    match entity_type {
        EntityType::Date => {
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if let Some(month_day) = value.strip_prefix("--") {
                return month_day.len() == 5 && digits(&month_day[..2]) && digits(&month_day[3..]);
            }
            let (year, rest) = value.split_at(value.len().min(4));
            let year_ok =
                year.len() == 4 && year != "0000" && (digits(year) || (digits(&year[..3]) && year.ends_with('X')));
            year_ok
                && (rest.is_empty()
                    || rest
                        .strip_prefix('-')
                        .is_some_and(|r| r.split('-').all(|part| part.len() == 2 && digits(part))))
        }
        EntityType::Money => value
            .split_once(' ')
            .is_some_and(|(n, code)| finite(n) && code.len() == 3),
        EntityType::Percent | EntityType::Number => finite(value),
        _ => true,
    }
}

fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let s = format!("{value:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Finds quantity mentions in one sentence's tokens. With a `reference`
/// date (when the text was written), relative dates resolve to ISO dates:
/// `yesterday`; `last Friday` (the latest Friday before it), `next Monday`
/// (the first after it), a bare `Friday` (the latest on or before it, as news
/// reports what happened); `last year`, `this month`; and a month, or a day
/// and month, without a year take the reference's year.
pub fn find(text: &str, tokens: &[Token], reference: Option<CivilDate>) -> Vec<QuantityMention> {
    let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
    // Borrowed unless the word has an uppercase letter.
    let lower: Vec<std::borrow::Cow<str>> = words
        .iter()
        .map(|w| {
            if w.chars().any(char::is_uppercase) {
                w.to_lowercase().into()
            } else {
                (*w).into()
            }
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    let span = |a: usize, b: usize| Span::new(tokens[a].span.start, tokens[b].span.end);
    let reference_year = reference.and_then(|r| u32::try_from(r.year).ok());
    while i < words.len() {
        let w = words[i];
        let l = lower[i].as_ref();
        // Dates with a month name.
        if let Some(m) = month(l).filter(|_| w.chars().next().is_some_and(char::is_uppercase)) {
            // Month Day[,] [Year]
            if let Some(d) = words.get(i + 1).and_then(|w| day(w)) {
                let mut end = i + 1;
                let mut y = None;
                let comma = words.get(i + 2) == Some(&",");
                if let Some(found) = words.get(i + 2 + comma as usize).and_then(|w| year(w)) {
                    y = Some(found);
                    end = i + 2 + comma as usize;
                }
                out.push(date(span(i, end), y.or(reference_year), Some(m), Some(d)));
                i = end + 1;
                continue;
            }
            if let Some(y) = words.get(i + 1).and_then(|w| year(w)) {
                out.push(date(span(i, i + 1), Some(y), Some(m), None));
                i += 2;
                continue;
            }
            if l != "may" && l != "march" {
                out.push(date(span(i, i), reference_year, Some(m), None));
                i += 1;
                continue;
            }
        }
        // Day Month [Year]
        if let (Some(d), Some(m)) = (day(w), lower.get(i + 1).and_then(|w| month(w))) {
            let mut end = i + 1;
            let mut y = None;
            if let Some(found) = words.get(i + 2).and_then(|w| year(w)) {
                y = Some(found);
                end = i + 2;
            }
            out.push(date(span(i, end), y.or(reference_year), Some(m), Some(d)));
            i = end + 1;
            continue;
        }
        if let Some(offset) = RELATIVE_DAYS.iter().position(|d| *d == l) {
            out.push(QuantityMention {
                span: span(i, i),
                entity_type: EntityType::Date,
                normalized_value: reference.map(|r| r.add_days(offset as i64 - 1).iso()),
            });
            i += 1;
            continue;
        }
        // `last Friday`, `next Monday`, `this Thursday`, `Friday`.
        let modifier = |at: usize| {
            lower
                .get(at)
                .map(|w| w.as_ref())
                .filter(|w| matches!(*w, "last" | "next" | "this"))
        };
        if let Some(weekday) = WEEKDAYS.iter().position(|d| *d == l) {
            let (start, resolved) = match (i.checked_sub(1).and_then(modifier), reference) {
                (Some(m), r) => (i - 1, r.map(|r| resolve_weekday(r, weekday as u32, m))),
                (None, r) => (i, r.map(|r| resolve_weekday(r, weekday as u32, ""))),
            };
            out.push(QuantityMention {
                span: span(start, i),
                entity_type: EntityType::Date,
                normalized_value: resolved.map(CivilDate::iso),
            });
            i += 1;
            continue;
        }
        // `last year`, `this month`, `next year`.
        if let (Some(m), Some(unit)) = (modifier(i), lower.get(i + 1).map(|w| w.as_ref())) {
            if matches!(unit, "year" | "month") {
                let step = match m {
                    "last" => -1,
                    "next" => 1,
                    _ => 0,
                };
                let value = reference.map(|r| {
                    if unit == "year" {
                        format!("{:04}", r.year + step)
                    } else {
                        let months = r.year * 12 + r.month as i32 - 1 + step;
                        format!("{:04}-{:02}", months.div_euclid(12), months.rem_euclid(12) + 1)
                    }
                });
                out.push(QuantityMention {
                    span: span(i, i + 1),
                    entity_type: EntityType::Date,
                    normalized_value: value,
                });
                i += 2;
                continue;
            }
        }
        // ISO dates.
        if let Some(iso) = iso_date(w) {
            out.push(QuantityMention {
                span: span(i, i),
                entity_type: EntityType::Date,
                normalized_value: Some(iso),
            });
            i += 1;
            continue;
        }
        // Decades: 1930s.
        if w.len() == 5 && w.ends_with('s') && year(&w[..4]).is_some() {
            out.push(QuantityMention {
                span: span(i, i),
                entity_type: EntityType::Date,
                normalized_value: Some(format!("{}X", &w[..3])),
            });
            i += 1;
            continue;
        }
        // Times.
        if let Some(t) = clock_time(w, lower.get(i + 1).map(|l| l.as_ref())) {
            let end = if t.1 { i + 1 } else { i };
            out.push(QuantityMention {
                span: span(i, end),
                entity_type: EntityType::Time,
                normalized_value: Some(t.0),
            });
            i = end + 1;
            continue;
        }
        if l == "midnight" || l == "noon" {
            out.push(QuantityMention {
                span: span(i, i),
                entity_type: EntityType::Time,
                normalized_value: Some(if l == "noon" { "12:00" } else { "00:00" }.into()),
            });
            i += 1;
            continue;
        }
        // Money with a symbol first.
        if let Some(&(_, code)) = CURRENCY_SYMBOLS.iter().find(|(s, _)| *s == w) {
            if let Some(v) = words.get(i + 1).and_then(|w| number(w)) {
                let (value, end) = scaled(v, &lower, i + 1);
                out.push(QuantityMention {
                    span: span(i, end),
                    entity_type: EntityType::Money,
                    normalized_value: Some(format!("{} {code}", format_number(value))),
                });
                i = end + 1;
                continue;
            }
        }
        if let Some(v) = number(w) {
            let (value, end) = scaled(v, &lower, i);
            let next = lower.get(end + 1).map(|l| l.as_ref());
            if matches!(next, Some("%" | "percent" | "pct")) {
                out.push(QuantityMention {
                    span: span(i, end + 1),
                    entity_type: EntityType::Percent,
                    normalized_value: Some(format_number(value)),
                });
                i = end + 2;
                continue;
            }
            if next == Some("per") && lower.get(end + 2).map(|l| l.as_ref()) == Some("cent") {
                out.push(QuantityMention {
                    span: span(i, end + 2),
                    entity_type: EntityType::Percent,
                    normalized_value: Some(format_number(value)),
                });
                i = end + 3;
                continue;
            }
            if let Some(&(_, code)) = next.and_then(|n| CURRENCY_WORDS.iter().find(|(c, _)| *c == n)) {
                out.push(QuantityMention {
                    span: span(i, end + 1),
                    entity_type: EntityType::Money,
                    normalized_value: Some(format!("{} {code}", format_number(value))),
                });
                i = end + 2;
                continue;
            }
            let is_year = year(w).is_some() && end == i;
            out.push(QuantityMention {
                span: span(i, end),
                entity_type: if is_year { EntityType::Date } else { EntityType::Number },
                normalized_value: Some(format_number(value)),
            });
            i = end + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// A number followed by a scale word ("5 million"): its value and last token.
fn scaled(value: f64, lower: &[std::borrow::Cow<str>], at: usize) -> (f64, usize) {
    match lower
        .get(at + 1)
        .and_then(|w| SCALES.iter().find(|(s, _)| *s == w.as_ref()))
    {
        Some(&(_, factor)) => (value * factor, at + 1),
        None => (value, at),
    }
}

/// The date of `weekday` (0 = Monday) that `modifier` (`last`, `next`,
/// `this` or none) picks relative to `reference`.
fn resolve_weekday(reference: CivilDate, weekday: u32, modifier: &str) -> CivilDate {
    let back = (reference.weekday() + 7 - weekday) % 7; // days since the latest such day, 0 if today
    match modifier {
        "last" => reference.add_days(-(if back == 0 { 7 } else { back } as i64)),
        "next" => reference.add_days(if back == 0 { 7 } else { 7 - back as i64 }),
        // `this Friday`: the one in the reference's week (Monday first).
        "this" => reference.add_days(weekday as i64 - reference.weekday() as i64),
        _ => reference.add_days(-(back as i64)),
    }
}

fn date(span: Span, year: Option<u32>, month: Option<u32>, day: Option<u32>) -> QuantityMention {
    let normalized_value = match (year, month, day) {
        (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
        (Some(y), Some(m), None) => Some(format!("{y:04}-{m:02}")),
        (None, Some(m), Some(d)) => Some(format!("--{m:02}-{d:02}")),
        (None, Some(m), None) => Some(format!("--{m:02}")),
        _ => None,
    };
    QuantityMention {
        span,
        entity_type: EntityType::Date,
        normalized_value,
    }
}

fn iso_date(word: &str) -> Option<String> {
    let parts: Vec<&str> = word.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return None;
    }
    let y: u32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// `10:30`, `9:05pm`, or `3` followed by `p.m.`: the 24-hour time and whether
/// the next token was consumed.
fn clock_time(word: &str, next: Option<&str>) -> Option<(String, bool)> {
    let meridiem = |s: &str| match s {
        "am" | "a.m." => Some(false),
        "pm" | "p.m." => Some(true),
        _ => None,
    };
    let lower = word.to_lowercase();
    let (digits, attached) = match lower.find(|c: char| c.is_ascii_alphabetic()) {
        Some(at) => (&lower[..at], meridiem(&lower[at..])),
        None => (lower.as_str(), None),
    };
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None if attached.is_some() || next.and_then(meridiem).is_some() => (digits.parse::<u32>().ok()?, 0),
        _ => return None,
    };
    let pm = attached.or_else(|| next.and_then(meridiem));
    let consumed = attached.is_none() && pm.is_some();
    if h > 24 || m > 59 || (pm.is_some() && !(1..=12).contains(&h)) {
        return None;
    }
    let h24 = match pm {
        Some(true) if h < 12 => h + 12,
        Some(false) if h == 12 => 0,
        _ => h,
    };
    Some((format!("{h24:02}:{m:02}"), consumed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn found(text: &str) -> Vec<(&str, EntityType, Option<String>)> {
        found_on(text, None)
    }

    fn found_on<'t>(text: &'t str, reference: Option<&str>) -> Vec<(&'t str, EntityType, Option<String>)> {
        let tokens = tokenize(text, Span::new(0, text.len()));
        let reference = reference.map(|r| CivilDate::parse_iso(r).expect("valid reference date"));
        find(text, &tokens, reference)
            .into_iter()
            .map(|m| (m.span.slice(text), m.entity_type, m.normalized_value))
            .collect()
    }

    #[test]
    fn relative_dates_resolve_against_the_reference_date() {
        // 25 November 2019 was a Monday.
        let text = "Yesterday Seoul said that last Friday, on 22 November, talks failed; they resume next Monday, and a vote came on Thursday. Last year was calm.";
        let dates: Vec<(&str, Option<String>)> = found_on(text, Some("2019-11-25"))
            .into_iter()
            .filter(|(_, t, _)| *t == EntityType::Date)
            .map(|(s, _, v)| (s, v))
            .collect();
        let iso = |s: &str| Some(s.to_string());
        assert_eq!(
            dates,
            vec![
                ("Yesterday", iso("2019-11-24")),
                ("last Friday", iso("2019-11-22")),
                ("22 November", iso("2019-11-22")),
                ("next Monday", iso("2019-12-02")),
                ("Thursday", iso("2019-11-21")),
                ("Last year", iso("2018")),
            ]
        );
        let without: Vec<Option<String>> = found(text)
            .into_iter()
            .filter(|(_, t, _)| *t == EntityType::Date)
            .map(|(_, _, v)| v)
            .collect();
        assert_eq!(without[0], None, "no reference date, no resolution of `Yesterday`");
        assert_eq!(without[2], Some("--11-22".to_string()));
    }

    #[test]
    fn dates_are_normalized_to_iso_8601_where_the_text_fixes_them() {
        assert_eq!(
            found("On 25 November 2019 and August 23, and in November 2016."),
            vec![
                ("25 November 2019", EntityType::Date, Some("2019-11-25".into())),
                ("August 23", EntityType::Date, Some("--08-23".into())),
                ("November 2016", EntityType::Date, Some("2016-11".into())),
            ]
        );
    }

    #[test]
    fn values_outside_iso_dates_or_finite_numbers_are_not_valid() {
        assert!(is_valid_value(EntityType::Date, "2019-11-22"));
        assert!(is_valid_value(EntityType::Date, "2019-11"));
        assert!(is_valid_value(EntityType::Date, "2019"));
        assert!(is_valid_value(EntityType::Date, "--11-22"));
        assert!(is_valid_value(EntityType::Date, "193X"));
        assert!(!is_valid_value(EntityType::Date, "-001"));
        assert!(!is_valid_value(EntityType::Date, "0000-12-31"));
        assert!(!is_valid_value(EntityType::Date, "10000-01-01"));
        assert!(is_valid_value(EntityType::Money, "4500000000 USD"));
        assert!(!is_valid_value(EntityType::Money, "inf USD"));
        assert!(!is_valid_value(EntityType::Number, "inf"));
        assert!(!is_valid_value(EntityType::Percent, "NaN"));
    }

    #[test]
    fn money_percent_and_numbers_carry_values() {
        assert_eq!(
            found("It cost $5.5 million, less than 1 percent of 300 won and 12%."),
            vec![
                ("$5.5 million", EntityType::Money, Some("5500000 USD".into())),
                ("1 percent", EntityType::Percent, Some("1".into())),
                ("300 won", EntityType::Money, Some("300 KRW".into())),
                ("12%", EntityType::Percent, Some("12".into())),
            ]
        );
    }

    #[test]
    fn times_become_24_hour_clock() {
        assert_eq!(
            found("at 3 p.m. or 10:30 or midnight"),
            vec![
                ("3 p.m.", EntityType::Time, Some("15:00".into())),
                ("10:30", EntityType::Time, Some("10:30".into())),
                ("midnight", EntityType::Time, Some("00:00".into())),
            ]
        );
    }
}
