//! `VTIMEZONE`s made from jiff's time zone database, with the transitions that cover the
//! events written.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::local;
use super::write::{clean, escape};

/// An offset as `+0100` (seconds are dropped; no zone in use has them).
fn offset_text(offset: jiff::tz::Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

/// The `VTIMEZONE` of a zone for instants from `from` to `until`: one observance for the
/// offset in force at `from` and one per transition up to `until`, each with its exact
/// local start, offsets and abbreviation (no rules that could drift from the database).
pub fn vtimezone(name: &str, tz: &TimeZone, from: Timestamp, until: Timestamp) -> String {
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", clean(name));
    let mut observance = |at: Option<Timestamp>, info: jiff::tz::TimeZoneOffsetInfo<'_>| {
        let to = info.offset();
        let (start, before) = match at {
            Some(at) => {
                let before = at
                    .checked_sub(jiff::SignedDuration::from_secs(1))
                    .map_or(to, |t| tz.to_offset(t));
                (local(at, &TimeZone::fixed(before)), before)
            }
            None => ("19700101T000000".to_owned(), to),
        };
        let kind = if info.dst().is_dst() {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        let abbreviation = escape(info.abbreviation());
        out.push_str(&format!(
            "BEGIN:{kind}\r\nDTSTART:{start}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nTZNAME:{abbreviation}\r\nEND:{kind}\r\n",
            offset_text(before),
            offset_text(to),
        ));
    };
    let after_from = from
        .checked_add(jiff::SignedDuration::from_secs(1))
        .unwrap_or(from);
    match tz.preceding(after_from).next() {
        Some(first) => observance(
            Some(first.timestamp()),
            tz.to_offset_info(first.timestamp()),
        ),
        None => observance(None, tz.to_offset_info(from)),
    }
    for transition in tz.following(from) {
        if transition.timestamp() > until {
            break;
        }
        observance(
            Some(transition.timestamp()),
            tz.to_offset_info(transition.timestamp()),
        );
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}
