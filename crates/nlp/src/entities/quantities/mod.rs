//! DATE, TIME, MONEY, PERCENT and NUMBER mentions by rule, with normalized
//! values: ISO 8601 dates where the text fixes them, decimal numbers, and
//! `"<amount> <ISO 4217 code>"` for money.
//!
//! These types are closed classes with regular surface forms; rules are more
//! exact and far cheaper here than a statistical tagger. The words and number
//! conventions of each language are tables in [`locale`]; the rules here
//! are the same for every language.

mod locale;

use super::calendar::CivilDate;
use crate::document::{EntityType, Span};
use crate::ner::hash::StrSet;
use crate::tokenize::Token;
use locale::{Locale, CURRENCY_CODES, CURRENCY_SYMBOLS};
use std::borrow::Cow;
use whatlang::Lang;

/// A mention found by rule.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityMention {
    pub span: Span,
    pub entity_type: EntityType,
    pub normalized_value: Option<String>,
}

/// The digits of a number token without its grouping, with a `.` for
/// decimals: `1,000.5` (or `1.000,5` where a comma marks decimals) gives
/// `1000.5`. A period between groups of three digits groups thousands in a
/// decimal-comma language (`1.234`); any other period is a decimal point,
/// as quoted English figures are common everywhere.
fn number(word: &str, decimal_comma: bool) -> Option<f64> {
    let first = word.chars().next()?;
    if !first.is_ascii_digit() {
        return None;
    }
    if !word.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') || word.ends_with(['.', ',']) {
        return None;
    }
    let groups_of_three = |s: &str, sep: char| s.split(sep).skip(1).all(|g| g.len() == 3);
    let plain = if decimal_comma && !(word.matches(',').count() > 1 && groups_of_three(word, ',')) {
        let (whole, decimals) = match word.rsplit_once(',') {
            Some((w, d)) if !d.contains('.') => (w, Some(d)),
            Some(_) => return None,
            None => (word, None),
        };
        let whole = if whole.contains('.') && (decimals.is_some() || groups_of_three(whole, '.')) {
            if !groups_of_three(whole, '.') {
                return None;
            }
            whole.replace('.', "")
        } else {
            whole.to_string()
        };
        match decimals {
            Some(d) => format!("{whole}.{d}"),
            None => whole,
        }
    } else {
        word.replace(',', "")
    };
    plain.parse().ok()
}

/// The day a word names, `23`, `23rd`, `1er`.
fn day(word: &str, locale: &Locale) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| !c.is_ascii_digit());
    let suffix = &word[digits.len()..];
    if !(suffix.is_empty() || locale.day_suffixes.contains(&suffix)) || digits.is_empty() || digits.len() > 2 {
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

/// Finds quantity mentions in one sentence's tokens, with the words of
/// `lang` (English's for a language without its own table). With a
/// `reference` date (when the text was written), relative dates resolve to
/// ISO dates: `yesterday`; `last Friday` (the latest Friday before it), `next
/// Monday` (the first after it), a bare `Friday` (the latest on or before it,
/// as news reports what happened); `last year`, `this month`; and a month, or
/// a day and month, without a year take the reference's year.
pub fn find(text: &str, tokens: &[Token], lang: Option<Lang>, reference: Option<CivilDate>) -> Vec<QuantityMention> {
    Scanner::new(text, tokens, locale::locale(lang), reference).run()
}

/// One sentence's tokens being read left to right.
struct Scanner<'t> {
    text: &'t str,
    tokens: &'t [Token],
    words: Vec<&'t str>,
    /// Lowercase, borrowed unless the word has an uppercase letter.
    lower: Vec<Cow<'t, str>>,
    locale: &'static Locale,
    /// The locale's [`locale::words_of_note`].
    words_of_note: &'static StrSet,
    reference: Option<CivilDate>,
    out: Vec<QuantityMention>,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str, tokens: &'t [Token], locale: &'static Locale, reference: Option<CivilDate>) -> Self {
        let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
        let lower = words.iter().map(|w| crate::tokenize::lowercase(w)).collect();
        Scanner {
            text,
            tokens,
            words,
            lower,
            locale,
            words_of_note: locale::words_of_note(locale),
            reference,
            out: Vec::new(),
        }
    }

    fn lower(&self, at: usize) -> Option<&str> {
        self.lower.get(at).map(|w| w.as_ref())
    }

    fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.tokens[a].span.start, self.tokens[b].span.end)
    }

    fn push(&mut self, a: usize, b: usize, entity_type: EntityType, normalized_value: Option<String>) -> usize {
        self.out.push(QuantityMention {
            span: self.span(a, b),
            entity_type,
            normalized_value,
        });
        b + 1
    }

    fn push_date(&mut self, a: usize, b: usize, year: Option<u32>, month: u32, day: Option<u32>) -> usize {
        let year = year.or_else(|| self.reference.and_then(|r| u32::try_from(r.year).ok()));
        self.push(a, b, EntityType::Date, date_value(year, Some(month), day))
    }

    /// The month the word at `at` names, and whether it is an abbreviation
    /// whose period is the next token (`Okt .`).
    fn month(&self, at: usize) -> Option<(u32, bool)> {
        let lower = self.lower(at)?;
        if self.locale.months_capitalized && !self.words[at].starts_with(char::is_uppercase) {
            return None;
        }
        let months = self.locale.months;
        if let Some(&(_, m)) = months.iter().find(|(name, _)| *name == lower) {
            return Some((m, false));
        }
        let dotted = months
            .iter()
            .find(|(name, _)| name.strip_suffix('.') == Some(lower))
            .map(|&(_, m)| m)?;
        Some((dotted, self.lower(at + 1) == Some(".")))
    }

    /// The index past any of `links` at `at` (`de`, `.`).
    fn skip_link(&self, at: usize, links: &[&str]) -> usize {
        match self.lower(at) {
            Some(w) if links.contains(&w) => at + 1,
            _ => at,
        }
    }

    /// A year at or after `at` (past a link), and the last token it takes
    /// (with a suffix such as `г.`).
    fn year_after(&self, at: usize) -> Option<(u32, usize)> {
        let at = self.skip_link(at, self.locale.month_year_links);
        let y = year(self.words.get(at)?)?;
        let suffix = self.lower(at + 1).filter(|w| self.locale.year_suffixes.contains(w));
        Some((y, at + usize::from(suffix.is_some())))
    }

    /// A word sequence from `table` starting at `at`: its value and length.
    fn sequence<V: Copy>(&self, at: usize, table: &[(&[&str], V)]) -> Option<(V, usize)> {
        table
            .iter()
            .find(|(words, _)| self.words_at(at, words))
            .map(|(words, value)| (*value, words.len()))
    }

    /// Whether `words` stand at `at`, each token lowercase and perhaps
    /// with an abbreviation's period.
    fn words_at(&self, at: usize, words: &[&str]) -> bool {
        words.iter().enumerate().all(|(k, w)| {
            self.lower(at + k)
                .is_some_and(|l| l == *w || l.strip_suffix('.') == Some(w))
        })
    }

    /// A number starting at `at`, with thousands grouped by spaces joined
    /// (`1 234 567`), then a scale word: its value and last token.
    fn amount(&self, at: usize) -> Option<(f64, usize)> {
        let decimal_comma = self.locale.decimal_comma;
        let first = self.words.get(at)?;
        let mut value = number(first, decimal_comma)?;
        let mut end = at;
        if first.len() <= 3 && first.bytes().all(|b| b.is_ascii_digit()) {
            let mut digits = first.to_string();
            while let Some(next) = self.words.get(end + 1) {
                let (group, decimals) = next.split_once(',').unwrap_or((next, ""));
                let grouped = group.len() == 3
                    && group.bytes().all(|b| b.is_ascii_digit())
                    && self.space_groups(end)
                    && (decimals.is_empty() || (decimal_comma && decimals.bytes().all(|b| b.is_ascii_digit())));
                if !grouped {
                    break;
                }
                digits.push_str(next);
                end += 1;
                if !decimals.is_empty() {
                    break;
                }
            }
            if end > at {
                value = number(&digits, decimal_comma)?;
            }
        }
        match self.sequence(end + 1, self.locale.scales) {
            Some((factor, len)) => {
                let last = end + len;
                // `Mio.`: an abbreviated scale takes its period, unless the
                // period ends the sentence.
                let abbreviated = self.lower(last).is_some_and(|w| w.chars().count() <= 4)
                    && self.lower(last + 1) == Some(".")
                    && last + 2 < self.words.len();
                Some((value * factor, last + usize::from(abbreviated)))
            }
            None => Some((value, end)),
        }
    }

    /// Whether the gap after token `at` is one space that may group digits:
    /// a no-break or thin space anywhere, a plain space where the language
    /// groups with it.
    fn space_groups(&self, at: usize) -> bool {
        let (Some(a), Some(b)) = (self.tokens.get(at), self.tokens.get(at + 1)) else {
            return false;
        };
        let mut gap = self.text[a.span.end..b.span.start].chars();
        match (gap.next(), gap.next()) {
            (Some('\u{a0}' | '\u{202f}' | '\u{2009}'), None) => true,
            (Some(' '), None) => self.locale.space_groups,
            _ => false,
        }
    }

    fn run(mut self) -> Vec<QuantityMention> {
        let mut i = 0;
        while i < self.words.len() {
            i = self.at(i);
        }
        self.out
    }

    /// Reads what starts at token `i`; returns where to go on.
    fn at(&mut self, i: usize) -> usize {
        let locale = self.locale;
        let w = self.words[i];
        // Most tokens are words that open nothing: without a digit, only a
        // word of the locale's tables (or `l'` and one) can.
        if !w.bytes().any(|b| b.is_ascii_digit()) {
            let l = self.lower[i].as_ref();
            let elided = ["l'", "l’"].iter().find_map(|e| l.strip_prefix(e));
            let noted = |word: &str| self.words_of_note.contains(word);
            if !noted(l) && !noted(w) && !elided.is_some_and(noted) {
                return i + 1;
            }
        }
        let l = self.lower[i].clone();
        let l = l.as_ref();
        // Dates that start with a month name: Month Day[,] [Year] (English),
        // Month [link] Year, or a month alone.
        if let Some((m, dotted)) = self.month(i) {
            let after = i + 1 + usize::from(dotted);
            if locale.month_before_day {
                if let Some(d) = self.words.get(i + 1).and_then(|w| day(w, locale)) {
                    let comma = usize::from(self.words.get(i + 2) == Some(&","));
                    return match self.words.get(i + 2 + comma).and_then(|w| year(w)) {
                        Some(y) => self.push_date(i, i + 2 + comma, Some(y), m, Some(d)),
                        None => self.push_date(i, i + 1, None, m, Some(d)),
                    };
                }
            }
            if let Some((y, end)) = self.year_after(after) {
                return self.push_date(i, end, Some(y), m, None);
            }
            if !locale.ambiguous_months.contains(&l) {
                return self.push_date(i, i, None, m, None);
            }
        }
        // Day [link] Month [link] [Year]
        if let Some(d) = day(w, locale) {
            let at = self.skip_link(i + 1, locale.day_month_links);
            if let Some((m, dotted)) = self.month(at) {
                let after = at + 1 + usize::from(dotted);
                return match self.year_after(after) {
                    Some((y, end)) => self.push_date(i, end, Some(y), m, Some(d)),
                    None => self.push_date(i, at, None, m, Some(d)),
                };
            }
        }
        if let Some(offset) = locale.relative_days.iter().position(|d| d.contains(&l)) {
            let value = self.reference.map(|r| r.add_days(offset as i64 - 1).iso());
            return self.push(i, i, EntityType::Date, value);
        }
        // `last Friday`, `next Monday`, `this Thursday`, `Friday`.
        let modifier = |s: &Self, at: usize| {
            let word = s.lower(at)?;
            locale.modifiers.iter().position(|m| m.contains(&word))
        };
        // `vendredi dernier`, `el año pasado`: the modifier after.
        let post_modifier = |s: &Self, at: usize| {
            let word = s.lower(at)?;
            locale.post_modifiers.iter().position(|m| m.contains(&word))
        };
        if let Some(weekday) = locale.weekdays.iter().position(|d| d.contains(&l)) {
            let before = i.checked_sub(1).and_then(|at| modifier(self, at));
            let after = post_modifier(self, i + 1).filter(|_| before.is_none());
            let start = if before.is_some() { i - 1 } else { i };
            let end = if after.is_some() { i + 1 } else { i };
            let value = self
                .reference
                .map(|r| resolve_weekday(r, weekday as u32, before.or(after)).iso());
            return self.push(start, end, EntityType::Date, value);
        }
        // `last year`, `this month`, `next year`; `l'année dernière`.
        let unit_at = |s: &Self, at: usize| {
            let word = s.lower(at)?;
            let word = ["l'", "l’"].iter().find_map(|e| word.strip_prefix(e)).unwrap_or(word);
            locale.units.iter().position(|x| x.contains(&word))
        };
        let moved_unit = match (modifier(self, i), unit_at(self, i + 1)) {
            (Some(m), Some(unit)) => Some((m, unit)),
            _ => unit_at(self, i)
                .zip(post_modifier(self, i + 1))
                .map(|(unit, m)| (m, unit)),
        };
        if let Some((m, unit)) = moved_unit {
            let step = [-1, 1, 0][m];
            let value = self.reference.map(|r| {
                if unit == 0 {
                    format!("{:04}", r.year + step)
                } else {
                    let months = r.year * 12 + r.month as i32 - 1 + step;
                    format!("{:04}-{:02}", months.div_euclid(12), months.rem_euclid(12) + 1)
                }
            });
            return self.push(i, i + 1, EntityType::Date, value);
        }
        if let Some(iso) = iso_date(w) {
            return self.push(i, i, EntityType::Date, Some(iso));
        }
        // Decades: 1930s.
        if w.len() == 5 && w.ends_with('s') && year(&w[..4]).is_some() {
            return self.push(i, i, EntityType::Date, Some(format!("{}X", &w[..3])));
        }
        if let Some((time, end)) = self.clock_time(i) {
            return self.push(i, end, EntityType::Time, Some(time));
        }
        if l == "midnight" || l == "noon" {
            let value = if l == "noon" { "12:00" } else { "00:00" };
            return self.push(i, i, EntityType::Time, Some(value.into()));
        }
        // Money with a symbol first.
        if let Some(&(_, code)) = CURRENCY_SYMBOLS.iter().find(|(s, _)| *s == w) {
            if let Some((value, end)) = self.amount(i + 1) {
                return self.push(i, end, EntityType::Money, Some(money(value, code)));
            }
        }
        // An amount with a symbol glued after it: `5€`.
        if let Some((code, value)) = CURRENCY_SYMBOLS.iter().find_map(|(s, code)| {
            let amount = w.strip_suffix(s)?;
            Some((*code, number(amount, locale.decimal_comma)?))
        }) {
            return self.push(i, i, EntityType::Money, Some(money(value, code)));
        }
        if let Some((value, end)) = self.amount(i) {
            if let Some(words) = locale.percent.iter().find(|words| self.words_at(end + 1, words)) {
                return self.push(i, end + words.len(), EntityType::Percent, Some(format_number(value)));
            }
            if let Some((code, last)) = self.currency_after(end + 1) {
                return self.push(i, last, EntityType::Money, Some(money(value, code)));
            }
            let is_year = year(w).is_some() && end == i;
            let ty = if is_year { EntityType::Date } else { EntityType::Number };
            return self.push(i, end, ty, Some(format_number(value)));
        }
        i + 1
    }

    /// A currency written at `at` after an amount (`€`, `EUR`, `Euro`,
    /// `de euros`, `d'euros`): its ISO 4217 code and last token.
    fn currency_after(&self, at: usize) -> Option<(&'static str, usize)> {
        let locale = self.locale;
        let mut at = self.skip_link(at, locale.currency_links);
        // `d'euros`, which French tokenization splits (`d`, `'`, `euros`).
        let elided_link = self.lower(at) == Some("d") && matches!(self.lower(at + 1), Some("'" | "’"));
        if elided_link && !locale.currency_links.is_empty() {
            at += 2;
        }
        let word = self.lower(at)?;
        let bare = word.strip_suffix('.').unwrap_or(word);
        CURRENCY_SYMBOLS
            .iter()
            .chain(CURRENCY_CODES)
            .chain(locale.currency_words)
            .find(|(c, _)| *c == word || *c == bare)
            .map(|&(_, code)| (code, at))
    }

    /// `10:30`, `9:05pm`, `3` followed by `p.m.`, `14h30`, `10:30 Uhr`,
    /// `14.30 Uhr`: the 24-hour time and its last token.
    fn clock_time(&self, at: usize) -> Option<(String, usize)> {
        let meridiem = |s: &str| match s {
            "am" | "a.m." => Some(false),
            "pm" | "p.m." => Some(true),
            _ => None,
        };
        let lower = self.lower(at)?;
        let next = self.lower(at + 1);
        let clock_word = next.filter(|n| self.locale.clock_words.contains(n));
        let (digits, attached) = match lower.find(|c: char| c.is_ascii_alphabetic()) {
            Some(p) if self.locale.h_clock && lower[p..].starts_with('h') => {
                let minutes = &lower[p + 1..];
                if !(minutes.is_empty() || (minutes.len() == 2 && minutes.bytes().all(|b| b.is_ascii_digit()))) {
                    return None;
                }
                let h: u32 = lower[..p].parse().ok()?;
                let m: u32 = if minutes.is_empty() { 0 } else { minutes.parse().ok()? };
                return (h <= 24 && m <= 59).then(|| (format!("{h:02}:{m:02}"), at));
            }
            Some(p) => (&lower[..p], meridiem(&lower[p..])),
            None => (lower, None),
        };
        let separator = if clock_word.is_some() {
            [':', '.'].as_slice()
        } else {
            [':'].as_slice()
        };
        let (h, m) = match digits.split_once(separator) {
            Some((h, m)) if m.len() == 2 => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
            None if attached.is_some() || next.and_then(meridiem).is_some() || clock_word.is_some() => {
                (digits.parse::<u32>().ok()?, 0)
            }
            _ => return None,
        };
        let pm = attached.or_else(|| next.and_then(meridiem));
        let consumed = (attached.is_none() && pm.is_some()) || clock_word.is_some();
        if h > 24 || m > 59 || (pm.is_some() && !(1..=12).contains(&h)) {
            return None;
        }
        let h24 = match pm {
            Some(true) if h < 12 => h + 12,
            Some(false) if h == 12 => 0,
            _ => h,
        };
        Some((format!("{h24:02}:{m:02}"), at + usize::from(consumed)))
    }
}

fn money(value: f64, code: &str) -> String {
    format!("{} {code}", format_number(value))
}

/// The date of `weekday` (0 = Monday) that `modifier` (`last`, `next`,
/// `this` or none) picks relative to `reference`.
fn resolve_weekday(reference: CivilDate, weekday: u32, modifier: Option<usize>) -> CivilDate {
    let back = (reference.weekday() + 7 - weekday) % 7; // days since the latest such day, 0 if today
    match modifier {
        // last
        Some(0) => reference.add_days(-(if back == 0 { 7 } else { back } as i64)),
        // next
        Some(1) => reference.add_days(if back == 0 { 7 } else { 7 - back as i64 }),
        // `this Friday`: the one in the reference's week (Monday first).
        Some(_) => reference.add_days(weekday as i64 - reference.weekday() as i64),
        None => reference.add_days(-(back as i64)),
    }
}

fn date_value(year: Option<u32>, month: Option<u32>, day: Option<u32>) -> Option<String> {
    match (year, month, day) {
        (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
        (Some(y), Some(m), None) => Some(format!("{y:04}-{m:02}")),
        (None, Some(m), Some(d)) => Some(format!("--{m:02}-{d:02}")),
        (None, Some(m), None) => Some(format!("--{m:02}")),
        _ => None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn found(text: &str) -> Vec<(&str, EntityType, Option<String>)> {
        found_on(text, None)
    }

    /// As the entity stage tokenizes text in `lang` (French and Italian
    /// elisions split off).
    fn found_in(lang: Lang, text: &str) -> Vec<(&str, EntityType, String)> {
        let tokens = crate::tokenize::tokenize_lang(text, Span::new(0, text.len()), Some(lang));
        find(text, &tokens, Some(lang), None)
            .into_iter()
            .map(|m| {
                (
                    m.span.slice(text),
                    m.entity_type,
                    m.normalized_value.unwrap_or_default(),
                )
            })
            .collect()
    }

    /// One news-style sentence per language with a date, money, a
    /// percentage and a number written the way that language writes them.
    #[test]
    fn every_language_reads_its_own_dates_money_percentages_and_numbers() {
        use EntityType::{Date, Money, Number, Percent, Time};
        type Expected = &'static [(&'static str, EntityType, &'static str)];
        let cases: &[(Lang, &str, Expected)] = &[
            (
                Lang::Deu,
                "Am 12. März 2020 um 14.30 Uhr stieg der Umsatz um 15 % auf 1.234,56 € und 2,5 Mio. Euro; 1.200 Kunden.",
                &[
                    ("12. März 2020", Date, "2020-03-12"),
                    ("14.30 Uhr", Time, "14:30"),
                    ("15 %", Percent, "15"),
                    ("1.234,56 €", Money, "1234.56 EUR"),
                    ("2,5 Mio. Euro", Money, "2500000 EUR"),
                    ("1.200", Number, "1200"),
                ],
            ),
            (
                Lang::Fra,
                "Le 12 mars 2020 à 14h30, le chiffre d'affaires a atteint 1 234,56 euros, soit 15 pour cent de plus que le 1er avril, et 2,5 milliards d'euros aujourd'hui.",
                &[
                    ("12 mars 2020", Date, "2020-03-12"),
                    ("14h30", Time, "14:30"),
                    ("1 234,56 euros", Money, "1234.56 EUR"),
                    ("15 pour cent", Percent, "15"),
                    ("1er avril", Date, "--04-01"),
                    ("2,5 milliards d'euros", Money, "2500000000 EUR"),
                    ("aujourd'hui", Date, ""),
                ],
            ),
            (
                Lang::Spa,
                "El 12 de marzo de 2020 la empresa ganó 3,5 millones de euros, un 15 % más, y 2.000 empleados.",
                &[
                    ("12 de marzo de 2020", Date, "2020-03-12"),
                    ("3,5 millones de euros", Money, "3500000 EUR"),
                    ("15 %", Percent, "15"),
                    ("2.000", Number, "2000"),
                ],
            ),
            (
                Lang::Ita,
                "Il 12 marzo 2020 il fatturato è salito del 15 per cento a 1.234,56 euro.",
                &[
                    ("12 marzo 2020", Date, "2020-03-12"),
                    ("15 per cento", Percent, "15"),
                    ("1.234,56 euro", Money, "1234.56 EUR"),
                ],
            ),
            (
                Lang::Por,
                "Em 12 de março de 2020 as vendas subiram 15 %, para 2,5 milhões de reais.",
                &[
                    ("12 de março de 2020", Date, "2020-03-12"),
                    ("15 %", Percent, "15"),
                    ("2,5 milhões de reais", Money, "2500000 BRL"),
                ],
            ),
            (
                Lang::Nld,
                "Op 12 maart 2020 steeg de omzet met 15 procent tot 1.234,56 euro.",
                &[
                    ("12 maart 2020", Date, "2020-03-12"),
                    ("15 procent", Percent, "15"),
                    ("1.234,56 euro", Money, "1234.56 EUR"),
                ],
            ),
            (
                Lang::Pol,
                "12 marca 2020 r. sprzedaż wzrosła o 15 proc. do 1 234,56 zł.",
                &[
                    ("12 marca 2020 r.", Date, "2020-03-12"),
                    ("15 proc", Percent, "15"),
                    ("1 234,56 zł", Money, "1234.56 PLN"),
                ],
            ),
            (
                Lang::Rus,
                "12 марта 2020 года выручка выросла на 15 % и составила 2,5 млн рублей.",
                &[
                    ("12 марта 2020 года", Date, "2020-03-12"),
                    ("15 %", Percent, "15"),
                    ("2,5 млн рублей", Money, "2500000 RUB"),
                ],
            ),
        ];
        for (lang, text, expected) in cases {
            let want: Vec<(&str, EntityType, String)> =
                expected.iter().map(|&(s, t, v)| (s, t, v.to_string())).collect();
            assert_eq!(found_in(*lang, text), want, "{lang:?}: {text}");
        }
    }

    #[test]
    fn relative_dates_resolve_with_the_modifier_where_each_language_puts_it() {
        // 25 November 2019 was a Monday.
        let reference = CivilDate::parse_iso("2019-11-25").expect("valid");
        type Expected = &'static [(&'static str, &'static str)];
        let cases: &[(Lang, &str, Expected)] = &[
            (
                Lang::Fra,
                "Vendredi dernier et l'année dernière",
                &[("Vendredi dernier", "2019-11-22"), ("l'année dernière", "2018")],
            ),
            (
                Lang::Spa,
                "el viernes pasado y el año pasado",
                &[("viernes pasado", "2019-11-22"), ("año pasado", "2018")],
            ),
            (
                Lang::Ita,
                "venerdì scorso e il mese prossimo",
                &[("venerdì scorso", "2019-11-22"), ("mese prossimo", "2019-12")],
            ),
            (
                Lang::Por,
                "na sexta-feira passada e no ano passado",
                &[("sexta-feira passada", "2019-11-22"), ("ano passado", "2018")],
            ),
            (
                Lang::Deu,
                "letzten Freitag und nächstes Jahr",
                &[("letzten Freitag", "2019-11-22"), ("nächstes Jahr", "2020")],
            ),
            (
                Lang::Pol,
                "w zeszły piątek i w przyszłym roku",
                &[("zeszły piątek", "2019-11-22"), ("przyszłym roku", "2020")],
            ),
            (
                Lang::Rus,
                "в прошлую пятницу и в этом году",
                &[("прошлую пятницу", "2019-11-22"), ("этом году", "2019")],
            ),
        ];
        for (lang, text, expected) in cases {
            let tokens = tokenize(text, Span::new(0, text.len()));
            let got: Vec<(&str, String)> = find(text, &tokens, Some(*lang), Some(reference))
                .into_iter()
                .map(|m| (m.span.slice(text), m.normalized_value.unwrap_or_default()))
                .collect();
            let want: Vec<(&str, String)> = expected.iter().map(|&(s, v)| (s, v.to_string())).collect();
            assert_eq!(got, want, "{lang:?}: {text}");
        }
    }

    #[test]
    fn a_decimal_comma_language_still_reads_a_decimal_point_that_does_not_group_thousands() {
        let got = found_in(Lang::Deu, "Die Quote lag bei 2.5 und 1.234.567 Stimmen.");
        let values: Vec<&str> = got.iter().map(|(_, _, v)| v.as_str()).collect();
        assert_eq!(values, ["2.5", "1234567"]);
        let english = found_in(Lang::Eng, "It rose 1.234 points to 1,234,567.");
        let values: Vec<&str> = english.iter().map(|(_, _, v)| v.as_str()).collect();
        assert_eq!(values, ["1.234", "1234567"]);
    }

    fn found_on<'t>(text: &'t str, reference: Option<&str>) -> Vec<(&'t str, EntityType, Option<String>)> {
        let tokens = tokenize(text, Span::new(0, text.len()));
        let reference = reference.map(|r| CivilDate::parse_iso(r).expect("valid reference date"));
        find(text, &tokens, None, reference)
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

    /// Symbols and words without a digit open quantities too: the scanner's
    /// shortcut past such words must not skip them.
    #[test]
    fn a_currency_symbol_or_a_date_word_written_apart_still_opens_a_quantity() {
        assert_eq!(
            found("Sales reached US$ 40 and HK$ 7 by noon on Friday."),
            vec![
                ("US$ 40", EntityType::Money, Some("40 USD".into())),
                ("HK$ 7", EntityType::Money, Some("7 HKD".into())),
                ("noon", EntityType::Time, Some("12:00".into())),
                ("Friday", EntityType::Date, None),
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
