//! The office's view of an event's registrations: who is confirmed, who waits (in the order
//! they move up), who cancelled, who came; and the same list as CSV or XLSX for download.

use std::collections::HashMap;

use urbis_domain::events::{Event, Registration, RegistrationStatus};
use urbis_domain::network::{Organisation, Person};
use urbis_domain::policy::Viewer;
use urbis_domain::{Id, Lang};

use super::is_office;
use crate::App;
use crate::AppError;
use crate::i18n::Tr;

/// One registration with the details the office lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Participant {
    /// The registration.
    pub registration: Registration,
    /// The person's or guest's name.
    pub name: String,
    /// Their email address (empty when none is known).
    pub email: String,
    /// Their organisation (empty when none is known).
    pub organisation: String,
}

/// The order the office reads a list in: seats first, then the waiting list in the order it
/// moves up, then guests who have not confirmed yet, then cancellations.
fn rank(status: RegistrationStatus) -> u8 {
    match status {
        RegistrationStatus::Confirmed | RegistrationStatus::Attended => 0,
        RegistrationStatus::Waitlisted => 1,
        RegistrationStatus::Unconfirmed => 2,
        RegistrationStatus::Cancelled => 3,
    }
}

/// The registrations of an event for the forum's office (anyone else: [`AppError::Forbidden`];
/// no such event: not found), with names, emails and organisations read in two queries.
pub async fn participants(
    app: &App,
    viewer: &Viewer,
    event_id: &Id,
) -> Result<(Event, Vec<Participant>), AppError> {
    let store = app.store();
    let event: Event = store.get(event_id).await?;
    if !is_office(viewer, &event.forum) {
        return Err(AppError::Forbidden);
    }
    let mut registrations = store.registrations_of_event(&event.id).await?;
    // Stable: within each group the store's order (oldest first) stays.
    registrations.sort_by_key(|r| rank(r.status));
    let person_ids: Vec<Id> = registrations
        .iter()
        .filter_map(|r| r.person.clone())
        .collect();
    let people: HashMap<Id, Person> = store
        .get_many::<Person>(&person_ids)
        .await?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    let organisation_ids: Vec<Id> = people
        .values()
        .filter_map(|p| p.organisation.clone())
        .collect();
    let organisations: HashMap<Id, Organisation> = store
        .get_many::<Organisation>(&organisation_ids)
        .await?
        .into_iter()
        .map(|o| (o.id.clone(), o))
        .collect();
    let list = registrations
        .into_iter()
        .map(|registration| {
            let (name, email, organisation) = match (&registration.guest, &registration.person) {
                (Some(guest), _) => (
                    guest.name.clone(),
                    guest.email.clone(),
                    guest.organisation.clone().unwrap_or_default(),
                ),
                (None, Some(id)) => match people.get(id) {
                    Some(person) => (
                        person.display_name(),
                        person.email.clone().unwrap_or_default(),
                        person
                            .organisation
                            .as_ref()
                            .and_then(|o| organisations.get(o))
                            .map(|o| o.name.original_text().to_owned())
                            .unwrap_or_default(),
                    ),
                    None => (String::new(), String::new(), String::new()),
                },
                (None, None) => (String::new(), String::new(), String::new()),
            };
            Participant {
                registration,
                name,
                email,
                organisation,
            }
        })
        .collect();
    Ok((event, list))
}

/// The status as the office reads it.
pub fn status_label(t: &Tr, status: RegistrationStatus) -> String {
    t.get(match status {
        RegistrationStatus::Confirmed => "events-status-confirmed",
        RegistrationStatus::Waitlisted => "events-status-waitlisted",
        RegistrationStatus::Cancelled => "events-status-cancelled",
        RegistrationStatus::Attended => "events-status-attended",
        RegistrationStatus::Unconfirmed => "events-status-unconfirmed",
    })
}

/// The columns of an export, in `lang`.
fn header(t: &Tr) -> [String; 6] {
    [
        t.get("events-col-name"),
        t.get("events-col-email"),
        t.get("events-col-organisation"),
        t.get("events-col-status"),
        t.get("events-col-registered"),
        t.get("events-col-waitlist"),
    ]
}

/// One row of an export; the waiting-list place counts within the list given.
fn rows(t: &Tr, list: &[Participant]) -> Vec<[String; 6]> {
    let mut place = 0;
    list.iter()
        .map(|p| {
            let waiting = if p.registration.status == RegistrationStatus::Waitlisted {
                place += 1;
                place.to_string()
            } else {
                String::new()
            };
            [
                p.name.clone(),
                p.email.clone(),
                p.organisation.clone(),
                status_label(t, p.registration.status),
                p.registration
                    .created
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string(),
                waiting,
            ]
        })
        .collect()
}

/// A cell text that a spreadsheet would run as a formula gets a leading apostrophe.
fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The list as CSV (UTF-8 with a byte order mark, so spreadsheet programs read the umlauts).
pub fn csv(lang: Lang, list: &[Participant]) -> Result<Vec<u8>, AppError> {
    let t = Tr::new(lang);
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let fail = |e: csv::Error| AppError::Export(e.to_string());
    writer.write_record(header(&t)).map_err(fail)?;
    for row in rows(&t, list) {
        writer
            .write_record(row.iter().map(|c| defuse(c)))
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| AppError::Export(e.to_string()))
}

/// The list as an XLSX workbook with one sheet.
pub fn xlsx(lang: Lang, list: &[Participant]) -> Result<Vec<u8>, AppError> {
    let t = Tr::new(lang);
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Export(e.to_string());
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet
        .set_name(t.get("events-registrations-sheet"))
        .map_err(fail)?;
    for (col, title) in header(&t).iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet
            .write_string_with_format(0, col, title, &bold)
            .map_err(fail)?;
        sheet.set_column_width(col, 24).map_err(fail)?;
    }
    for (i, row) in rows(&t, list).iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (col, cell) in row.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            sheet.write_string(r, col, cell).map_err(fail)?;
        }
    }
    book.save_to_buffer().map_err(fail)
}

/// How many people the desk offers to add at most (by name).
pub const DESK_PEOPLE: i64 = 2000;

/// The people of `forum` the viewer may see, by name, for the desk's "add a person" choice.
pub async fn people_to_add(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
) -> Result<Vec<Person>, AppError> {
    Ok(app
        .store()
        .list(
            &urbis_store::ListQuery::new(forum, viewer.reads(forum))
                .order_by("sort_name", false)
                .page(DESK_PEOPLE, 0),
        )
        .await?)
}
