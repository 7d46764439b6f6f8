//! Civil dates for resolving relative dates (`yesterday`, `last Friday`)
//! against a caller's reference date: proleptic Gregorian calendar, days
//! counted from 1970-01-01 (H. Hinnant's algorithms), no time zones.

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CivilDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl CivilDate {
    /// Parses `YYYY-MM-DD`; None for anything else or a day the month lacks.
    pub fn parse_iso(s: &str) -> Option<CivilDate> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            s.get(r).filter(|p| p.bytes().all(|c| c.is_ascii_digit()))?.parse().ok()
        };
        let date = CivilDate {
            year: i32::try_from(digits(0..4)?).ok()?,
            month: digits(5..7)?,
            day: digits(8..10)?,
        };
        (date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= days_in_month(date.year, date.month))
            .then_some(date)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> CivilDate {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        CivilDate { year, month, day }
    }

    pub fn add_days(self, n: i64) -> CivilDate {
        CivilDate::from_days(self.days() + n)
    }

    /// 0 = Monday ... 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        ((self.days() + 3).rem_euclid(7)) as u32
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

#[cfg(test)]
mod tests {
    use super::CivilDate;

    #[test]
    fn dates_round_trip_through_day_counts_and_know_their_weekday() {
        let d = CivilDate::parse_iso("2019-11-25").expect("valid");
        assert_eq!(d.weekday(), 0, "25 November 2019 was a Monday");
        assert_eq!(d.add_days(-3).iso(), "2019-11-22");
        assert_eq!(
            CivilDate::parse_iso("2020-02-28").expect("valid").add_days(1).iso(),
            "2020-02-29"
        );
        assert_eq!(
            CivilDate::parse_iso("2019-12-31").expect("valid").add_days(1).iso(),
            "2020-01-01"
        );
        for days in [-800_000i64, -1, 0, 1, 18_000, 2_000_000] {
            assert_eq!(CivilDate::from_days(days).days(), days);
        }
    }

    #[test]
    fn malformed_or_impossible_dates_are_rejected() {
        for s in [
            "2019-02-29",
            "2019-13-01",
            "2019-1-01",
            "20191125",
            "yesterday",
            "2019-11-25T00:00",
        ] {
            assert_eq!(CivilDate::parse_iso(s), None, "{s}");
        }
    }
}
