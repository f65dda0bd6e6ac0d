//! The mails about registrations: as decided (a seat or the waiting list), on moving up from
//! the waiting list, and the event's lines and calendar file they carry.

use jiff::Timestamp;
use urbis_domain::Lang;
use urbis_domain::date::Precision;
use urbis_domain::events::{Event, EventStatus, Registration, RegistrationStatus};
use urbis_domain::network::Person;
use urbis_mail::Mail;
use urbis_store::{DecidedMails, OutgoingMail, Store, StoreError};

use super::{Site, ics as calendar};
use crate::AppError;
use crate::i18n::Tr;

/// The mails `write` writes for `registration` decided each way the store may decide it (a
/// seat, or the waiting list when the event has one), written before anything is stored: a
/// mail that could not be sent is refused then.
pub(super) fn decided_mails(
    registration: &Registration,
    waiting_list: bool,
    write: impl Fn(&Registration) -> Option<Mail>,
) -> Result<DecidedMails, AppError> {
    let as_decided = |status: RegistrationStatus| {
        let mut decided = registration.clone();
        decided.status = status;
        write(&decided)
            .map(|mail| mail.outgoing().map_err(|e| AppError::Mail(e.to_string())))
            .transpose()
    };
    Ok(DecidedMails {
        seat: as_decided(RegistrationStatus::Confirmed)?,
        waiting_list: if waiting_list {
            as_decided(RegistrationStatus::Waitlisted)?
        } else {
            None
        },
    })
}

/// The mail about a registration as decided (a seat or the waiting list), with the cancel
/// link and, with a seat, the meeting link and the event as an `.ics` file.
#[allow(clippy::too_many_arguments)]
pub(super) fn decided_mail(
    event: &Event,
    stored: &Registration,
    to: String,
    link: &str,
    language: Lang,
    site: &Site<'_>,
    sequence: i64,
    now: Timestamp,
) -> Mail {
    let (subject, intro) = match stored.status {
        RegistrationStatus::Waitlisted => (
            "mail-registration-waitlisted-subject",
            "mail-registration-waitlisted-intro",
        ),
        _ => (
            "mail-registration-confirmed-subject",
            "mail-registration-confirmed-intro",
        ),
    };
    let lang = stored.language.unwrap_or(language);
    let t = Tr::new(lang);
    let confirmed = stored.status == RegistrationStatus::Confirmed;
    let text = format!(
        "{}\n\n{}{}\n\n{}\n\n{link}",
        t.get(intro),
        describe(event, lang),
        if confirmed {
            link_line(event, lang)
        } else {
            String::new()
        },
        t.get("mail-registration-cancel-hint"),
    );
    let mut mail = Mail::from_text(to, lang, t.get(subject), text)
        .forum(event.forum.clone())
        .dedupe_key(format!(
            "registration-{}-{}",
            stored.id,
            stored.status.as_str()
        ));
    if confirmed && let Some(ics) = ics(event, lang, site.calendar_host, sequence, true, now) {
        mail = mail.attach("event.ics", "text/calendar; charset=utf-8", ics);
    }
    mail
}

/// The event in a few lines: title, date, place.
pub(crate) fn describe(event: &Event, lang: Lang) -> String {
    let mut lines = vec![event.title.localize(lang).text.to_owned()];
    let mut when = event.start.to_string().replace('T', " ");
    if let Some(end) = &event.end {
        when = format!("{when} – {}", end.to_string().replace('T', " "));
    }
    lines.push(format!("{when} ({})", event.time_zone));
    let place: Vec<&str> = [event.venue.as_deref(), event.city.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !place.is_empty() {
        lines.push(place.join(", "));
    }
    lines.join("\n")
}

/// The event as an iCalendar file for a registrant's mail, when its start is known at least
/// to the day (a mail gives no month-long entry): the same `UID` and `SEQUENCE` as the feeds, the meeting link when `confirmed`
/// (only confirmed participants see it), `METHOD:CANCEL` for a called-off event.
pub fn ics(
    event: &Event,
    lang: Lang,
    host: Option<&str>,
    sequence: i64,
    confirmed: bool,
    now: Timestamp,
) -> Option<Vec<u8>> {
    if event.start.precision() < Precision::Day {
        return None;
    }
    let link = event.online_link.as_deref().filter(|_| confirmed);
    let entry = calendar::event_entry(
        event,
        lang,
        host.unwrap_or("urbis"),
        sequence,
        &std::collections::HashMap::new(),
        None,
        None,
        link,
    )?;
    let method = if event.status == EventStatus::Cancelled {
        calendar::Method::Cancel
    } else {
        calendar::Method::Publish
    };
    calendar::write_with(method, None, &[entry], now)
        .ok()
        .map(String::into_bytes)
}

/// The meeting link line of a mail to a confirmed participant, if the event has one.
pub(super) fn link_line(event: &Event, lang: Lang) -> String {
    match &event.online_link {
        Some(link) => format!("\n\n{} {link}", Tr::new(lang).get("events-mail-link")),
        None => String::new(),
    }
}

/// The mail to someone promoted from the waiting list, as the outbox keeps it (None: no
/// address to write to); written for the notice the transaction that gave the seat left.
pub(crate) async fn promoted_mail(
    store: &Store,
    promoted: Registration,
    now: Timestamp,
    site: &Site<'_>,
) -> Result<Option<OutgoingMail>, StoreError> {
    let event: Event = store.get(&promoted.event).await?;
    let to = match (&promoted.guest, &promoted.person) {
        (Some(guest), _) => Some(guest.email.clone()),
        (None, Some(person)) => match store.get::<Person>(person).await {
            Ok(person) => person.email,
            Err(StoreError::NotFound { .. }) => None,
            Err(e) => return Err(e),
        },
        (None, None) => None,
    };
    let Some(to) = to else {
        return Ok(None);
    };
    let lang = promoted.language.unwrap_or(Lang::De);
    let t = Tr::new(lang);
    let text = format!(
        "{}\n\n{}{}\n\n{}",
        t.get("mail-registration-promoted-intro"),
        describe(&event, lang),
        link_line(&event, lang),
        t.get("mail-registration-promoted-outro"),
    );
    let mut mail = Mail::from_text(to, lang, t.get("mail-registration-promoted-subject"), text)
        .forum(event.forum.clone())
        .dedupe_key(format!("registration-{}-promoted", promoted.id));
    let sequence = store.update_count(&event.id).await?;
    if let Some(ics) = ics(&event, lang, site.calendar_host, sequence, true, now) {
        mail = mail.attach("event.ics", "text/calendar; charset=utf-8", ics);
    }
    match mail.outgoing() {
        Ok(mail) => Ok(Some(mail)),
        Err(error) => {
            tracing::warn!(registration = %promoted.id, %error, "no mail to the promoted registration");
            Ok(None)
        }
    }
}
