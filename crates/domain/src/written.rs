//! Dates as people read them, in German and English, printed with exactly the precision they
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

/// The name of a month (1–12); German for German readers, English for everyone else.
pub fn month(lang: Lang, month: u8) -> &'static str {
    let names = if lang == Lang::De {
        &MONTHS_DE
    } else {
        &MONTHS_EN
    };
    names
        .get(usize::from(month.clamp(1, 12)) - 1)
        .copied()
        .unwrap_or_default()
}

fn time_of_day(lang: Lang, date: &PartialDate) -> Option<String> {
    date.time_of_day().map(|(h, m)| {
        if lang == Lang::De {
            format!("{h:02}:{m:02} Uhr")
        } else {
            format!("{h:02}:{m:02}")
        }
    })
}

/// A date as far as it is known: "2022", "Juni 2022", "12. Juni 2023", "12. Juni 2023,
/// 14:30 Uhr"; English "June 2022", "June 12, 2023", "June 12, 2023, 14:30".
pub fn date(lang: Lang, date: &PartialDate) -> String {
    let year = date.year_number();
    let text = match (date.month_number(), date.day_number()) {
        (Some(m), Some(d)) if lang == Lang::De => format!("{d}. {} {year}", month(lang, m)),
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
/// "June 12–13, 2023", "Juni–Juli 2022", "2020–2023", "12. Juni 2023, 10:00–16:00 Uhr"; one
/// date when there is no end or the end is the same.
pub fn range(lang: Lang, start: &PartialDate, end: Option<&PartialDate>) -> String {
    let Some(end) = end.filter(|e| *e != start) else {
        return date(lang, start);
    };
    let de = lang == Lang::De;
    let same_year = start.year_number() == end.year_number();
    let same_day = same_year
        && start.month_number() == end.month_number()
        && start.day_number() == end.day_number();
    if start.precision() == Precision::Minute && end.precision() == Precision::Minute && same_day {
        let day = date(lang, &strip_time(start));
        let (sh, sm) = start.time_of_day().unwrap_or_default();
        let (eh, em) = end.time_of_day().unwrap_or_default();
        let suffix = if de { " Uhr" } else { "" };
        return format!("{day}, {sh:02}:{sm:02}–{eh:02}:{em:02}{suffix}");
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
            date(Lang::Fr, &d("2023-06")),
            "June 2023",
            "other languages read English"
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
}
