//! Synthetic scale data: the demo network made `factor` times larger, for load tests and
//! benchmarks.
//!
//! The demo's own records stay as they are. Beside them, the demo forum (DEFUS) gets
//! `factor - 1` generated copies of its organisations, memberships, people, series, events,
//! collections, entries, publications, projects, funding calls and applications, advocacy
//! actions, cooperations and outreach. Each copy varies names, titles and descriptions from
//! German and English word lists, spreads dates over 2015–2026 (and a few planned events,
//! open for registration, up to 2030), adds registrations to every event and entries to every collection, and keeps every reference inside the data set: a
//! copy's records refer to the same copy's organisations, people, events and projects, and to
//! the demo's topics. Topics, topic plans, appointments and report texts are not copied (a
//! network keeps one list of topics and one board, and the annual report has one set of texts).
//!
//! Everything comes from one seeded ChaCha8 generator, ids included (UUIDv7-shaped), so the
//! same factor and seed always give the same document; only the demo's own records get fresh
//! ids on import, as always.

mod advocacy;
mod copy;
mod events;
mod knowledge;
mod network;
mod portal;
mod projects;
mod words;

use jiff::Timestamp;
use jiff::civil::Date;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use urbis_domain::{Dataset, Id, Lang, PartialDate, Text};

use crate::{DemoError, dataset};

/// The seed `urbis demo --scale N` uses unless told otherwise.
pub const DEFAULT_SEED: u64 = 2022;

/// The short name of the forum that is scaled.
const SCALED_FORUM: &str = "DEFUS";

/// The first day generated dates fall on.
const FIRST_DAY: (i16, i8, i8) = (2015, 1, 1);
/// How many days generated dates spread over: 2015-01-01 to 2026-10-31.
const DAY_SPAN: u64 = 4322;
/// Events starting before this day (day offset from [`FIRST_DAY`], 2026-11-01) have been held.
const TODAY: u64 = 4322;
/// Planned events start up to this many days after [`TODAY`] (until late 2030), so that a
/// generated network has upcoming events open for registration for years to come.
const PLANNED_SPAN: u64 = 1500;
/// 2015-01-01T00:00:00Z in seconds.
const FIRST_SECOND: i64 = 1_420_070_400;

/// The demo network made `factor` times larger from `seed`; a factor of 0 or 1 gives the plain
/// demo. Ids of generated records are UUIDs, the demo's own records keep their readable keys
/// ([`Dataset::prepare`] turns them into UUIDs as for the plain demo).
pub fn scaled(factor: u32, seed: u64) -> Result<Dataset, DemoError> {
    let mut dataset = dataset()?;
    if factor <= 1 {
        return Ok(dataset);
    }
    let Some(index) = scaled_forum(&dataset) else {
        return Ok(dataset);
    };
    let template = dataset.forums[index].clone();
    let mut generator = Generator::new(seed);
    let data = &mut dataset.forums[index];
    for copy in 1..factor {
        generator.copy(&template, copy, data);
    }
    Ok(dataset)
}

/// The forum that gets the copies: DEFUS, else the one with the most organisations.
fn scaled_forum(dataset: &Dataset) -> Option<usize> {
    dataset
        .forums
        .iter()
        .position(|d| {
            d.forum
                .as_ref()
                .is_some_and(|f| f.short_name == SCALED_FORUM)
        })
        .or_else(|| {
            (0..dataset.forums.len()).max_by_key(|&i| dataset.forums[i].organisations.len())
        })
}

/// Makes the copies: one seeded generator for every choice.
struct Generator {
    rng: ChaCha8Rng,
}

/// The people and organisations of one copy, for references made up on the way.
struct Pool {
    people: Vec<Id>,
    organisations: Vec<Id>,
    projects: Vec<Id>,
    events: Vec<Id>,
}

impl Generator {
    fn new(seed: u64) -> Self {
        Self {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Multiply-shift: unbiased enough for test data, and the same on every platform.
        ((u128::from(self.rng.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high.saturating_sub(low) + 1)
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len() as u64) as usize]
    }

    fn pick_id(&mut self, list: &[Id]) -> Option<Id> {
        (!list.is_empty()).then(|| self.pick(list).clone())
    }

    /// A UUIDv7-shaped id with a time between 2015 and 2026.
    fn id(&mut self) -> Id {
        let millis = (FIRST_SECOND as u64) * 1000 + self.below(DAY_SPAN * 86_400_000);
        let mut random = [0u8; 10];
        self.rng.fill_bytes(&mut random);
        Id::from_text(
            uuid::Builder::from_unix_timestamp_millis(millis, &random)
                .into_uuid()
                .to_string(),
        )
    }

    /// A day offset in `0..DAY_SPAN`.
    fn day(&mut self) -> u64 {
        self.below(DAY_SPAN)
    }

    /// Created and updated times, at or before the given day offset.
    fn stamps(&mut self, until_day: u64) -> (Timestamp, Timestamp) {
        let created = FIRST_SECOND + (self.below(until_day.max(1) * 86_400) as i64);
        let updated = created + self.below(200 * 86_400) as i64;
        let cap = FIRST_SECOND + (DAY_SPAN * 86_400) as i64;
        (second(created), second(updated.min(cap)))
    }

    fn theme(&mut self) -> (&'static str, &'static str) {
        *self.pick(words::THEMES)
    }

    fn city(&mut self) -> &'static str {
        words::CITIES[self.below(words::CITIES.len() as u64) as usize]
    }

    fn name(&mut self) -> (&'static str, &'static str) {
        (*self.pick(words::GIVEN), *self.pick(words::FAMILY))
    }

    /// A description of two sentences on a theme.
    fn description(&mut self, theme: (&str, &str)) -> Text {
        let (a, b) = (self.city(), self.city());
        let aim = *self.pick(words::AIMS);
        let other = self.theme();
        Text::new(
            Lang::De,
            format!(
                "Beiträge aus {a} und {b} zeigen, wie Kommunen beim Thema {} {}. \
                 Im Mittelpunkt stehen außerdem {} und die Frage, was sich übertragen lässt.",
                theme.0, aim.0, other.0
            ),
        )
        .with(
            Lang::En,
            format!(
                "Contributions from {a} and {b} show how municipalities working on {} {}. \
                 The focus is also on {} and on what can be transferred elsewhere.",
                theme.1, aim.1, other.1
            ),
        )
    }
}

fn second(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The calendar day `offset` days after 2015-01-01.
fn day_date(offset: u64) -> Date {
    let first = Date::constant(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2);
    first
        .checked_add(jiff::Span::new().days(offset.min(100_000) as i64))
        .unwrap_or(first)
}

/// A day as a date known to the day.
fn day(offset: u64) -> PartialDate {
    let date = day_date(offset);
    PartialDate::day(date.year(), date.month() as u8, date.day() as u8)
        .unwrap_or(PartialDate::year(date.year()))
}

/// A day as a date known to the month.
fn month(offset: u64) -> PartialDate {
    let date = day_date(offset);
    PartialDate::month(date.year(), date.month() as u8).unwrap_or(PartialDate::year(date.year()))
}

#[cfg(test)]
mod tests;
