//! Background sentences: what happened before the news.
//!
//! A report opens with the event and then fills in history: `GSOMIA was
//! originally signed in November 2016`. Such a sentence can be central (it
//! names the story's subjects) while saying nothing about what happened. The
//! cue used is the calendar: a sentence whose years all fall before the
//! latest year the document mentions (its dateline's, usually) is
//! background, a feature of the content model ([`super::content`]), which
//! learns what it costs. Sentences without a year are never background.

/// Years 1800 to 2199 written as a standalone four-digit number.
pub fn years(text: &str) -> impl Iterator<Item = u16> + '_ {
    let bytes = text.as_bytes();
    // Only digits can start a year: the scan visits them alone.
    let starts = bytes[..bytes.len().saturating_sub(3)]
        .iter()
        .enumerate()
        .filter(|(_, b)| b.is_ascii_digit())
        .map(|(i, _)| i);
    starts.filter_map(move |i| {
        let digits = &bytes[i..i + 4];
        let standalone = (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_alphanumeric());
        if !standalone || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let year = digits.iter().fold(0u16, |y, d| y * 10 + u16::from(d - b'0'));
        (1800..2200).contains(&year).then_some(year)
    })
}

/// Whether a sentence only mentions years before `latest`.
pub fn is_background(sentence: &str, latest: Option<u16>) -> bool {
    let Some(latest) = latest else { return false };
    let mut any = false;
    for year in years(sentence) {
        if year >= latest {
            return false;
        }
        any = true;
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_about_an_earlier_year_is_background() {
        let latest = years("Ben McGrath, 25 November 2019. In 2017 it began.").max();
        assert_eq!(latest, Some(2019));
        assert!(is_background("GSOMIA was originally signed in November 2016.", latest));
        assert!(!is_background(
            "Seoul extended the pact in November 2019, after the 2016 deal.",
            latest
        ));
        assert!(!is_background("Seoul extended the pact yesterday.", latest));
    }

    #[test]
    fn numbers_that_are_not_years_are_ignored() {
        assert_eq!(
            years("It cost 12000 dollars, code A1999, 1500 troops, in 1999.").collect::<Vec<_>>(),
            vec![1999]
        );
    }
}
