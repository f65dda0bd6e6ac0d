//! Dates as people read them, in German, English and French, printed with exactly the precision they
//! are known to — one wording for the pages, the mails and the annual report.

use crate::date::{PartialDate, Precision};
use crate::text::Lang;

const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// The name of a month (1–12); German and French for their readers, English for everyone else.
pub fn month(lang: Lang, month: u8) -> &'static str {
    let names = match lang {
        Lang::De => &MONTHS_DE,
        Lang::Fr => &MONTHS_FR,
        _ => &MONTHS_EN,
    };
    names
        .get(usize::from(month.clamp(1, 12)) - 1)
        .copied()
        .unwrap_or_default()
}

/// A time of day: "14:30 Uhr", "14:30", French "14 h 30" (non-breaking spaces) or "9 h".
fn clock(lang: Lang, h: u8, m: u8) -> String {
    match lang {
        Lang::Fr if m == 0 => format!("{h}\u{a0}h"),
        Lang::Fr => format!("{h}\u{a0}h\u{a0}{m:02}"),
        _ => format!("{h:02}:{m:02}"),
    }
}

fn time_of_day(lang: Lang, date: &PartialDate) -> Option<String> {
    date.time_of_day().map(|(h, m)| {
        if lang == Lang::De {
            format!("{h:02}:{m:02} Uhr")
        } else {
            clock(lang, h, m)
        }
    })
}

/// A day of the month in French: "1er" for the first, else the number.
fn jour(day: u8) -> String {
    if day == 1 {
        "1er".to_owned()
    } else {
        day.to_string()
    }
}

/// A date as far as it is known: "2022", "Juni 2022", "12. Juni 2023", "12. Juni 2023,
/// 14:30 Uhr"; English "June 2022", "June 12, 2023", "June 12, 2023, 14:30"; French
/// "juin 2022", "1er juin 2023", "12 juin 2023, 14 h 30".
pub fn date(lang: Lang, date: &PartialDate) -> String {
    let year = date.year_number();
    let text = match (date.month_number(), date.day_number()) {
        (Some(m), Some(d)) if lang == Lang::De => format!("{d}. {} {year}", month(lang, m)),
        (Some(m), Some(d)) if lang == Lang::Fr => format!("{} {} {year}", jour(d), month(lang, m)),
        (Some(m), Some(d)) => format!("{} {d}, {year}", month(lang, m)),
        (Some(m), None) => format!("{} {year}", month(lang, m)),
        _ => year.to_string(),
    };
    match time_of_day(lang, date) {
        Some(time) => format!("{text}, {time}"),
        None => text,
    }
}

/// A span of dates, shortened where both ends share a month or a year: "12.–13. Juni 2023",
/// "June 12–13, 2023", "Juni–Juli 2022", "2020–2023", "12. Juni 2023, 10:00–16:00 Uhr",
/// French "12–13 juin 2023", "12 juin 2023, 10 h–16 h 30"; one date when there is no end or
/// the end is the same.
pub fn range(lang: Lang, start: &PartialDate, end: Option<&PartialDate>) -> String {
    let Some(end) = end.filter(|e| *e != start) else {
        return date(lang, start);
    };
    let de = lang == Lang::De;
    let fr = lang == Lang::Fr;
    let same_year = start.year_number() == end.year_number();
    let same_day = same_year
        && start.month_number() == end.month_number()
        && start.day_number() == end.day_number();
    if start.precision() == Precision::Minute && end.precision() == Precision::Minute && same_day {
        let day = date(lang, &strip_time(start));
        let (sh, sm) = start.time_of_day().unwrap_or_default();
        let (eh, em) = end.time_of_day().unwrap_or_default();
        let suffix = if de { " Uhr" } else { "" };
        let (from, to) = (clock(lang, sh, sm), clock(lang, eh, em));
        return format!("{day}, {from}–{to}{suffix}");
    }
    let timed = start.time_of_day().is_some() || end.time_of_day().is_some();
    if !timed
        && start.precision() == end.precision()
        && let (Some(sm), Some(em)) = (start.month_number(), end.month_number())
        && same_year
    {
        let year = start.year_number();
        match (start.day_number(), end.day_number()) {
            (Some(sd), Some(ed)) if sm == em && de => {
                return format!("{sd}.–{ed}. {} {year}", month(lang, sm));
            }
            (Some(sd), Some(ed)) if sm == em && fr => {
                return format!("{}–{ed} {} {year}", jour(sd), month(lang, sm));
            }
            (Some(sd), Some(ed)) if fr => {
                return format!(
                    "{} {} – {} {} {year}",
                    jour(sd),
                    month(lang, sm),
                    jour(ed),
                    month(lang, em)
                );
            }
            (Some(sd), Some(ed)) if sm == em => {
                return format!("{} {sd}–{ed}, {year}", month(lang, sm));
            }
            (Some(sd), Some(ed)) if de => {
                return format!(
                    "{sd}. {} – {ed}. {} {year}",
                    month(lang, sm),
                    month(lang, em)
                );
            }
            (Some(sd), Some(ed)) => {
                return format!(
                    "{} {sd} – {} {ed}, {year}",
                    month(lang, sm),
                    month(lang, em)
                );
            }
            (None, None) => {
                return format!("{}–{} {year}", month(lang, sm), month(lang, em));
            }
            _ => {}
        }
    }
    if start.precision() == Precision::Year && end.precision() == Precision::Year {
        return format!("{}–{}", start.year_number(), end.year_number());
    }
    format!("{} – {}", date(lang, start), date(lang, end))
}

/// The same day without its time.
fn strip_time(date: &PartialDate) -> PartialDate {
    match (date.month_number(), date.day_number()) {
        (Some(m), Some(d)) => PartialDate::day(date.year_number(), m, d).unwrap_or(*date),
        _ => *date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    #[test]
    fn dates_keep_their_precision() {
        assert_eq!(date(Lang::De, &d("2022")), "2022");
        assert_eq!(date(Lang::De, &d("2022-06")), "Juni 2022");
        assert_eq!(date(Lang::En, &d("2022-06")), "June 2022");
        assert_eq!(date(Lang::De, &d("2023-06-12")), "12. Juni 2023");
        assert_eq!(date(Lang::En, &d("2023-06-12")), "June 12, 2023");
        assert_eq!(
            date(Lang::De, &d("2023-06-12T14:30")),
            "12. Juni 2023, 14:30 Uhr"
        );
        assert_eq!(
            date(Lang::It, &d("2023-06")),
            "June 2023",
            "other languages read English"
        );
        assert_eq!(date(Lang::Fr, &d("2023-06")), "juin 2023");
        assert_eq!(date(Lang::Fr, &d("2023-06-12")), "12 juin 2023");
        assert_eq!(date(Lang::Fr, &d("2023-08-01")), "1er août 2023");
        assert_eq!(
            date(Lang::Fr, &d("2023-06-12T14:30")),
            "12 juin 2023, 14\u{a0}h\u{a0}30"
        );
        assert_eq!(
            date(Lang::Fr, &d("2023-06-12T09:00")),
            "12 juin 2023, 9\u{a0}h"
        );
    }

    #[test]
    fn ranges_share_what_both_ends_have() {
        let r = |lang, a: &str, b: &str| range(lang, &d(a), Some(&d(b)));
        assert_eq!(r(Lang::De, "2023-06-12", "2023-06-13"), "12.–13. Juni 2023");
        assert_eq!(r(Lang::En, "2023-06-12", "2023-06-13"), "June 12–13, 2023");
        assert_eq!(
            r(Lang::De, "2023-01-30", "2023-02-02"),
            "30. Januar – 2. Februar 2023"
        );
        assert_eq!(r(Lang::En, "2022-06", "2022-07"), "June–July 2022");
        assert_eq!(r(Lang::De, "2020", "2023"), "2020–2023");
        assert_eq!(
            r(Lang::De, "2023-06-12T10:00", "2023-06-12T16:00"),
            "12. Juni 2023, 10:00–16:00 Uhr"
        );
        assert_eq!(
            r(Lang::En, "2022-12", "2023-01"),
            "December 2022 – January 2023"
        );
        assert_eq!(
            range(Lang::De, &d("2022-06"), Some(&d("2022-06"))),
            "Juni 2022"
        );
        assert_eq!(range(Lang::De, &d("2022-06"), None), "Juni 2022");
    }

    #[test]
    fn french_ranges_read_french() {
        let r = |a: &str, b: &str| range(Lang::Fr, &d(a), Some(&d(b)));
        assert_eq!(r("2023-06-12", "2023-06-13"), "12–13 juin 2023");
        assert_eq!(r("2023-06-01", "2023-06-03"), "1er–3 juin 2023");
        assert_eq!(r("2023-01-30", "2023-02-02"), "30 janvier – 2 février 2023");
        assert_eq!(r("2022-06", "2022-07"), "juin–juillet 2022");
        assert_eq!(
            r("2023-06-12T10:00", "2023-06-12T16:30"),
            "12 juin 2023, 10\u{a0}h–16\u{a0}h\u{a0}30"
        );
        assert_eq!(r("2022-12", "2023-01"), "décembre 2022 – janvier 2023");
    }
}
