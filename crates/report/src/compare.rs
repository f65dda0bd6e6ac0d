//! Year-over-year figures: what a year brought compared with the one before, counted from the
//! records up to the level an audience may see counted.

use urbis_domain::events::{Event, EventStatus, Series};
use urbis_domain::network::Membership;
use urbis_domain::parts::Headcount;
use urbis_domain::projects::{ApplicationStatus, FundingApplication};
use urbis_domain::{Access, Id, Lang, PartialDate};
use urbis_store::{ListQuery, Store, Value};

use crate::error::Result;
use crate::model::Table;
use crate::words::Words;

/// The figures of one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearFigures {
    /// The year.
    pub year: i16,
    /// Events that took place.
    pub events_held: u32,
    /// Participants reported for those events (a range where a series reports one per event).
    pub participants: Headcount,
    /// Organisations whose membership began in the year.
    pub members_joined: u32,
    /// Funding applications submitted in the year.
    pub applications_submitted: u32,
    /// Funding applications approved in the year.
    pub applications_approved: u32,
}

/// A year and the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison {
    /// The previous year.
    pub previous: YearFigures,
    /// The report year.
    pub current: YearFigures,
}

fn in_year(date: Option<&PartialDate>, year: i16) -> bool {
    date.is_some_and(|d| d.year_number() == year)
}

fn count<T>(items: &[T], pick: impl Fn(&T) -> bool) -> u32 {
    u32::try_from(items.iter().filter(|i| pick(i)).count()).unwrap_or(u32::MAX)
}

/// Counts the figures of `year` from the records up to `visible`.
pub async fn year_figures(
    store: &Store,
    forum: &Id,
    year: i16,
    visible: Access,
) -> Result<YearFigures> {
    let events: Vec<Event> = store
        .list(
            &ListQuery::new(forum, visible)
                .filter("start_year", Value::int(year))
                .filter("status", Value::name(&EventStatus::Held)),
        )
        .await?;
    let series: Vec<Series> = store.list(&ListQuery::new(forum, visible)).await?;
    let mut participants = Headcount::exact(0);
    for event in &events {
        let reported = event.participants.or_else(|| {
            event
                .series
                .as_ref()
                .and_then(|s| series.iter().find(|x| &x.id == s))
                .and_then(|s| s.participants)
        });
        if let Some(count) = reported {
            participants.min = participants.min.saturating_add(count.min);
            participants.max = participants.max.saturating_add(count.max);
        }
    }
    let memberships: Vec<Membership> = store.list(&ListQuery::new(forum, visible)).await?;
    let applications: Vec<FundingApplication> = store.list(&ListQuery::new(forum, visible)).await?;
    Ok(YearFigures {
        year,
        events_held: u32::try_from(events.len()).unwrap_or(u32::MAX),
        participants,
        members_joined: count(&memberships, |m| in_year(m.since.as_ref(), year)),
        applications_submitted: count(&applications, |a| in_year(a.submitted.as_ref(), year)),
        applications_approved: count(&applications, |a| {
            a.status == ApplicationStatus::Approved && in_year(a.decided.as_ref(), year)
        }),
    })
}

/// The figures of `year` and of the year before.
pub async fn compare(store: &Store, forum: &Id, year: i16, visible: Access) -> Result<Comparison> {
    Ok(Comparison {
        previous: year_figures(store, forum, year - 1, visible).await?,
        current: year_figures(store, forum, year, visible).await?,
    })
}

fn difference(previous: i64, current: i64) -> String {
    match current - previous {
        0 => "±0".to_owned(),
        d if d > 0 => format!("+{d}"),
        d => format!("−{}", d.unsigned_abs()),
    }
}

fn headcount_difference(previous: Headcount, current: Headcount) -> String {
    let low = i64::from(current.min) - i64::from(previous.min);
    let high = i64::from(current.max) - i64::from(previous.max);
    if low == high {
        difference(0, low)
    } else {
        format!("{} … {}", difference(0, low), difference(0, high))
    }
}

/// The comparison as a table: one row per figure, the previous year, the report year, and the
/// change.
pub fn table(comparison: &Comparison, lang: Lang) -> Table {
    let (p, c) = (&comparison.previous, &comparison.current);
    let words = Words::new(lang, "", None, c.year);
    let row = |figure: &str, a: u32, b: u32| {
        vec![
            words.get(figure),
            a.to_string(),
            b.to_string(),
            difference(i64::from(a), i64::from(b)),
        ]
    };
    Table {
        caption: words.titled("report-part-comparison"),
        header: vec![
            words.get("report-figure"),
            p.year.to_string(),
            c.year.to_string(),
            words.get("report-change"),
        ],
        rows: vec![
            row("report-figure-events-held", p.events_held, c.events_held),
            vec![
                words.get("report-figure-participants"),
                p.participants.to_string(),
                c.participants.to_string(),
                headcount_difference(p.participants, c.participants),
            ],
            row(
                "report-figure-members-joined",
                p.members_joined,
                c.members_joined,
            ),
            row(
                "report-figure-applications-submitted",
                p.applications_submitted,
                c.applications_submitted,
            ),
            row(
                "report-figure-applications-approved",
                p.applications_approved,
                c.applications_approved,
            ),
        ],
    }
}
