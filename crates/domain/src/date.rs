//! Dates as the records know them: often only a month or a year.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Only the year ("2023").
    Year,
    /// Year and month ("in June 2022").
    Month,
    /// A calendar day.
    Day,
    /// A day and a local time of day.
    Minute,
}

/// A date known to the year, month, day or minute, in local time; nothing ever invents the
/// parts that are not known.
///
/// Written as `2022`, `2022-06`, `2022-06-15` or `2022-06-15T14:30`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i16,
    month: Option<u8>,
    day: Option<u8>,
    time: Option<(u8, u8)>,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a date: {reason} (write 2022, 2022-06, 2022-06-15 or 2022-06-15T14:30)")]
pub struct DateError {
    text: String,
    reason: &'static str,
}

impl PartialDate {
    /// A year only.
    pub fn year(year: i16) -> Self {
        Self {
            year,
            month: None,
            day: None,
            time: None,
        }
    }

    /// A month of a year.
    pub fn month(year: i16, month: u8) -> Result<Self, DateError> {
        Self::parse(&format!("{year:04}-{month:02}"))
    }

    /// A calendar day.
    pub fn day(year: i16, month: u8, day: u8) -> Result<Self, DateError> {
        Self::parse(&format!("{year:04}-{month:02}-{day:02}"))
    }

    /// Adds a local time of day to a day.
    pub fn at(self, hour: u8, minute: u8) -> Result<Self, DateError> {
        Self::parse(&format!("{self}T{hour:02}:{minute:02}"))
    }

    /// Parses the written form; the calendar is checked (no 31 June).
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let fail = |reason| DateError {
            text: text.to_owned(),
            reason,
        };
        let (date, time) = match text.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (text, None),
        };
        let mut parts = date.split('-');
        let year = parts
            .next()
            .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|y| y.parse::<i16>().ok())
            .ok_or_else(|| fail("the year must have four digits"))?;
        if !(1900..=2200).contains(&year) {
            return Err(fail("the year must be between 1900 and 2200"));
        }
        let number = |part: Option<&str>, reason| -> Result<Option<u8>, DateError> {
            part.map(|p| {
                p.len()
                    .eq(&2)
                    .then(|| p.parse::<u8>().ok())
                    .flatten()
                    .ok_or_else(|| fail(reason))
            })
            .transpose()
        };
        let month = number(parts.next(), "the month must have two digits")?;
        let day = number(parts.next(), "the day must have two digits")?;
        if parts.next().is_some() {
            return Err(fail("too many parts"));
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(fail("the month must be 01 to 12"));
        }
        if let (Some(m), Some(d)) = (month, day)
            && (d == 0 || d > days_in_month(year, m))
        {
            return Err(fail("that day does not exist in that month"));
        }
        let time = match time {
            None => None,
            Some(_) if day.is_none() => return Err(fail("a time needs a day")),
            Some(t) => {
                let (h, m) = t
                    .split_once(':')
                    .ok_or_else(|| fail("the time must be HH:MM"))?;
                let h = number(Some(h), "the hour must have two digits")?.unwrap_or(0);
                let m = number(Some(m), "the minutes must have two digits")?.unwrap_or(0);
                if h > 23 || m > 59 {
                    return Err(fail("the time must be between 00:00 and 23:59"));
                }
                Some((h, m))
            }
        };
        Ok(Self {
            year,
            month,
            day,
            time,
        })
    }

    /// How much of the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day, self.time) {
            (_, _, Some(_)) => Precision::Minute,
            (_, Some(_), None) => Precision::Day,
            (Some(_), None, None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The year.
    pub fn year_number(&self) -> i16 {
        self.year
    }

    /// The month, when known.
    pub fn month_number(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when known.
    pub fn day_number(&self) -> Option<u8> {
        self.day
    }

    /// The local time of day, when known.
    pub fn time_of_day(&self) -> Option<(u8, u8)> {
        self.time
    }

    /// The first calendar day the date covers (1 January of a year, the first of a month):
    /// where a list sorted by day puts it.
    pub fn first_day(&self) -> jiff::civil::Date {
        let month = self.month.unwrap_or(1);
        let day = self.day.unwrap_or(1);
        jiff::civil::date(self.year, month as i8, day as i8)
    }

    /// The last calendar day the date covers (31 December of a year, the last day of a
    /// month): until then, something on this date is not yet over.
    pub fn last_day(&self) -> jiff::civil::Date {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        jiff::civil::date(self.year, month as i8, day as i8)
    }

    /// The calendar day, when the date is known to the day (or the minute).
    pub fn calendar_day(&self) -> Option<jiff::civil::Date> {
        self.day.map(|_| self.first_day())
    }

    /// The first day of the date's month, when the month is known.
    pub fn month_start(&self) -> Option<jiff::civil::Date> {
        self.month
            .map(|month| jiff::civil::date(self.year, month as i8, 1))
    }

    /// The day a deadline on this date falls on: the day itself, or the last day of the month
    /// when only the month is known; none when only the year is (too vague to remind anyone
    /// of or to keep a call open by).
    pub fn deadline_day(&self) -> Option<jiff::civil::Date> {
        self.month.map(|_| self.last_day())
    }

    /// The first moment of what the date names in a time zone: its minute, or the start of
    /// its day, month or year.
    pub fn start_in(&self, zone: &jiff::tz::TimeZone) -> Option<jiff::Timestamp> {
        let (hour, minute) = self.time.unwrap_or((0, 0));
        let local = self.first_day().at(hour as i8, minute as i8, 0, 0);
        zone.to_timestamp(local).ok()
    }

    /// The moment the date is over in a time zone: a minute at that minute, a day at its end,
    /// a month at the end of the month, a year at the end of the year.
    pub fn end_in(&self, zone: &jiff::tz::TimeZone) -> Option<jiff::Timestamp> {
        if self.time.is_some() {
            return self.start_in(zone);
        }
        let next = self.last_day().tomorrow().ok()?;
        zone.to_timestamp(next.at(0, 0, 0, 0)).ok()
    }

    fn key(&self) -> [u8; 4] {
        let (h, m) = self.time.unwrap_or((0, 0));
        [self.month.unwrap_or(0), self.day.unwrap_or(0), h, m]
    }

    /// Compares two dates only as far as both are known: June 2022 and 15 June 2022 are equal.
    pub fn compare_known(&self, other: &Self) -> Ordering {
        let precision = self.precision().min(other.precision());
        let n = match precision {
            Precision::Year => 0,
            Precision::Month => 1,
            Precision::Day => 2,
            Precision::Minute => 4,
        };
        self.year
            .cmp(&other.year)
            .then_with(|| self.key()[..n].cmp(&other.key()[..n]))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A total order for sorting: by what is known, a less precise date before a more precise one.
impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.year, self.key()).cmp(&(other.year, other.key()))
    }
}

/// The number of days in a month of the Gregorian calendar.
pub fn days_in_month(year: i16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        if let Some((h, m)) = self.time {
            write!(f, "T{h:02}:{m:02}")?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_precision_it_was_given() {
        for text in ["2022", "2022-06", "2022-06-15", "2022-06-15T09:05"] {
            let date = PartialDate::parse(text).unwrap();
            assert_eq!(date.to_string(), text);
        }
        assert_eq!(
            PartialDate::parse("2022-06").unwrap().precision(),
            Precision::Month
        );
        assert_eq!(PartialDate::parse("2022-06").unwrap().day_number(), None);
    }

    #[test]
    fn covers_its_first_to_its_last_day() {
        let days = |text: &str| {
            let date = PartialDate::parse(text).unwrap();
            (date.first_day().to_string(), date.last_day().to_string())
        };
        assert_eq!(days("2022"), ("2022-01-01".into(), "2022-12-31".into()));
        assert_eq!(days("2024-02"), ("2024-02-01".into(), "2024-02-29".into()));
        assert_eq!(days("2023-02"), ("2023-02-01".into(), "2023-02-28".into()));
        assert_eq!(
            days("2022-06-15T09:05"),
            ("2022-06-15".into(), "2022-06-15".into())
        );
    }

    #[test]
    fn knows_its_day_deadline_and_moments_only_as_far_as_it_is_known() {
        let date = |text: &str| PartialDate::parse(text).unwrap();
        let shown = |day: Option<jiff::civil::Date>| day.map(|d| d.to_string());
        assert_eq!(
            shown(date("2022-06-15T09:05").calendar_day()),
            Some("2022-06-15".into())
        );
        assert_eq!(shown(date("2022-06").calendar_day()), None);
        assert_eq!(
            shown(date("2022-06-15").month_start()),
            Some("2022-06-01".into())
        );
        assert_eq!(shown(date("2022").month_start()), None);
        // A deadline known to the month runs to its last day; a year alone is none.
        assert_eq!(
            shown(date("2024-02").deadline_day()),
            Some("2024-02-29".into())
        );
        assert_eq!(
            shown(date("2024-02-10").deadline_day()),
            Some("2024-02-10".into())
        );
        assert_eq!(shown(date("2024").deadline_day()), None);
        let berlin = jiff::tz::TimeZone::get("Europe/Berlin").unwrap();
        let moments = |text: &str| {
            let d = date(text);
            (
                d.start_in(&berlin).map(|t| t.to_string()),
                d.end_in(&berlin).map(|t| t.to_string()),
            )
        };
        assert_eq!(
            moments("2022-06-15T09:05"),
            (
                Some("2022-06-15T07:05:00Z".into()),
                Some("2022-06-15T07:05:00Z".into())
            )
        );
        assert_eq!(
            moments("2022-06-15"),
            (
                Some("2022-06-14T22:00:00Z".into()),
                Some("2022-06-15T22:00:00Z".into())
            )
        );
        assert_eq!(
            moments("2022-12"),
            (
                Some("2022-11-30T23:00:00Z".into()),
                Some("2022-12-31T23:00:00Z".into())
            )
        );
        assert_eq!(
            moments("2022"),
            (
                Some("2021-12-31T23:00:00Z".into()),
                Some("2022-12-31T23:00:00Z".into())
            )
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        for text in [
            "22",
            "2022-13",
            "2022-06-31",
            "2023-02-29",
            "2022-6",
            "2022-06-15T24:00",
            "2022-06T10:00",
            "2022-06-15-01",
            "",
            "abcd",
        ] {
            assert!(PartialDate::parse(text).is_err(), "{text} accepted");
        }
        assert!(PartialDate::parse("2024-02-29").is_ok());
    }

    #[test]
    fn compares_only_what_both_know() {
        let june = PartialDate::parse("2022-06").unwrap();
        let mid_june = PartialDate::parse("2022-06-15").unwrap();
        let may = PartialDate::parse("2022-05-31").unwrap();
        assert_eq!(june.compare_known(&mid_june), Ordering::Equal);
        assert_eq!(may.compare_known(&june), Ordering::Less);
        assert!(june < mid_june);
    }
}
