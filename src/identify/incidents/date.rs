//! [`PartialDate`]: a date as precise as the data gives it (a year, a month or a day), for incidents,
//! community reports, point files and forecasts alike.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// A date as precise as the data gives it: a year, a month or a day. Written `YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD`, in JSON too.
///
/// Ordered chronologically by its first day; at equal first days the less precise date comes first
/// (`2021` < `2021-01` < `2021-01-01`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// A date that is not `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, or not on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a date: expected YYYY-MM-DD, YYYY-MM or YYYY")]
pub struct InvalidDate;

impl PartialDate {
    /// A whole year (`YYYY`); years 0 to 9999.
    pub const fn year_only(year: i32) -> Result<Self, InvalidDate> {
        if year < 0 || year > 9999 {
            return Err(InvalidDate);
        }
        Ok(Self {
            year,
            month: None,
            day: None,
        })
    }

    /// A month (`YYYY-MM`); month 1 to 12.
    pub fn year_month(year: i32, month: u8) -> Result<Self, InvalidDate> {
        Self::year_only(year)?;
        if !(1..=12).contains(&month) {
            return Err(InvalidDate);
        }
        Ok(Self {
            year,
            month: Some(month),
            day: None,
        })
    }

    /// A day (`YYYY-MM-DD`), checked against the calendar (no 31 April, 29 February in leap years
    /// only).
    pub fn ymd(year: i32, month: u8, day: u8) -> Result<Self, InvalidDate> {
        Self::year_only(year)?;
        let month_of_year = Month::try_from(month).map_err(|_| InvalidDate)?;
        Date::from_calendar_date(year, month_of_year, day).map_err(|_| InvalidDate)?;
        Ok(Self {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// The parts as stored (the store only holds dates that were checked on the way in); `None` when
    /// they are not a date.
    pub fn from_parts(year: i32, month: Option<u8>, day: Option<u8>) -> Option<Self> {
        match (month, day) {
            (None, None) => Self::year_only(year).ok(),
            (Some(m), None) => Self::year_month(year, m).ok(),
            (Some(m), Some(d)) => Self::ymd(year, m, d).ok(),
            (None, Some(_)) => None,
        }
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (four-digit year, two-digit month and day), as point
    /// files and forecasts write them.
    pub fn parse(text: &str) -> Result<Self, InvalidDate> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let digits = |part: &str, len: usize| {
            (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<i32>().ok())
                .flatten()
                .ok_or(InvalidDate)
        };
        match parts.as_slice() {
            [y] => Self::year_only(digits(y, 4)?),
            [y, m] => Self::year_month(digits(y, 4)?, small(digits(m, 2)?)?),
            [y, m, d] => Self::ymd(digits(y, 4)?, small(digits(m, 2)?)?, small(digits(d, 2)?)?),
            _ => Err(InvalidDate),
        }
    }

    /// Parses when a case happened: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, from 1900; refuses impossible
    /// dates and dates after `today`, saying why.
    pub fn parse_case(input: &str, today: Date) -> Result<Self, String> {
        let text = input.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let bad = || format!("`{text}` is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)");
        let year: i32 = parts
            .first()
            .filter(|y| y.len() == 4)
            .and_then(|y| y.parse().ok())
            .ok_or_else(bad)?;
        let month: Option<u8> = match parts.get(1) {
            Some(m) => Some(
                m.parse()
                    .ok()
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(bad)?,
            ),
            None => None,
        };
        let day: Option<u8> = match parts.get(2) {
            Some(d) => Some(d.parse().ok().ok_or_else(bad)?),
            None => None,
        };
        if parts.len() > 3 || year < 1900 {
            return Err(bad());
        }
        let date = Self::from_parts(year, month, day).ok_or_else(bad)?;
        let first_day = date.first_day().ok_or_else(bad)?;
        if first_day > today {
            return Err(format!("`{text}` is in the future"));
        }
        Ok(date)
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month (1 to 12), if the date has one.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month (1 to 31), if the date has one.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// The first calendar day the date covers (1 January for a year, the 1st for a month). The
    /// constructors check the calendar, so this is always `Some`.
    pub fn first_day(&self) -> Option<Date> {
        let month = Month::try_from(self.month.unwrap_or(1)).ok()?;
        Date::from_calendar_date(self.year, month, self.day.unwrap_or(1)).ok()
    }
}

impl From<Date> for PartialDate {
    /// A calendar day.
    fn from(day: Date) -> Self {
        Self {
            year: day.year(),
            month: Some(u8::from(day.month())),
            day: Some(day.day()),
        }
    }
}

fn small(value: i32) -> Result<u8, InvalidDate> {
    u8::try_from(value).map_err(|_| InvalidDate)
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for PartialDate {
    type Err = InvalidDate;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    /// As [`PartialDate::parse_case`]; whether the date lies in the future is checked where "today" is
    /// known (imports).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        PartialDate::parse_case(&text, Date::MAX).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn today() -> Date {
        date!(2026 - 11 - 29)
    }

    #[test]
    fn dates_parse_print_and_order() {
        for text in ["2021", "2021-06", "2021-06-30"] {
            assert_eq!(PartialDate::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(
            PartialDate::parse("2021-06").unwrap().first_day(),
            Some(date!(2021 - 06 - 01))
        );
        assert!(PartialDate::parse("2021").unwrap() < PartialDate::parse("2021-01").unwrap());
        assert!(PartialDate::parse("2021-12-31").unwrap() < PartialDate::parse("2022").unwrap());
        assert_eq!(PartialDate::year_month(2021, 0), Err(InvalidDate));
        assert_eq!(PartialDate::ymd(2023, 2, 29), Err(InvalidDate));
        assert_eq!(PartialDate::year_only(10_000), Err(InvalidDate));
        assert_eq!(PartialDate::from_parts(2021, None, Some(3)), None);
        assert_eq!(
            PartialDate::from(date!(2024 - 02 - 29)).to_string(),
            "2024-02-29"
        );
    }

    #[test]
    fn case_dates_have_a_precision_and_are_not_in_the_future() {
        assert_eq!(
            PartialDate::parse_case("2019", today())
                .unwrap()
                .to_string(),
            "2019"
        );
        assert_eq!(
            PartialDate::parse_case("2019-06", today()).unwrap().month(),
            Some(6)
        );
        assert_eq!(
            PartialDate::parse_case("2019-06-30", today())
                .unwrap()
                .day(),
            Some(30)
        );
        assert!(PartialDate::parse_case("2019-02-30", today()).is_err());
        assert!(PartialDate::parse_case("2019-13", today()).is_err());
        assert!(PartialDate::parse_case("19", today()).is_err());
        assert!(PartialDate::parse_case("1899", today()).is_err());
        assert!(
            PartialDate::parse_case("2027-01", today())
                .unwrap_err()
                .contains("future")
        );
    }
}
