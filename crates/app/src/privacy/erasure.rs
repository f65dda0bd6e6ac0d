//! Erasure (GDPR art. 17): the plan that anonymises a person everywhere, its preview, and
//! its one transaction.

use std::collections::BTreeSet;

use urbis_domain::accounts::UserStatus;
use urbis_domain::advocacy::AdvocacyAction;
use urbis_domain::events::{Event, Guest, Registration};
use urbis_domain::network::{Consent, Person};
use urbis_domain::parts::Contributor;
use urbis_domain::record::now;
use urbis_domain::{Id, Kind, Record};
use urbis_store::{Anonymisation, Store, erased_email, is_anonymous_guest, is_erased_email};

use crate::App;
use crate::AppError;

use super::traces::{accounts_of, addresses, full_name, guest_registrations, to_json};
use super::{ERASED, is_erased};

/// The purpose of the one consent record an erasure leaves: when the data was erased.
pub const ERASURE_PURPOSE: &str = "erasure";

/// What an erasure did, or (from [`preview_erasure`]) would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErasureReport {
    /// The person.
    pub person: Id,
    /// The person had been erased before; only what was added since is anonymised now.
    pub already_erased: bool,
    /// The person's registrations that become anonymous (and still count).
    pub registrations: usize,
    /// Guest registrations made with the person's addresses that become anonymous.
    pub guest_registrations: usize,
    /// Records that keep referring to the now anonymous person (appointments, speakers,
    /// authors, entries).
    pub references_kept: usize,
    /// Records whose speakers or authors also gave the person's name, which goes.
    pub contributors: usize,
    /// Accounts that are disabled and lose their address.
    pub accounts: usize,
    /// Sessions ended (known only once done).
    pub sessions: u64,
    /// Audit log entries scrubbed of personal data.
    pub audit_entries: usize,
    /// Mails to the person's addresses removed from the outbox.
    pub mails: usize,
    /// Deadline reminder subscriptions of the person's addresses that end.
    pub deadline_subscriptions: usize,
    /// Records whose free text mentions the person's name: the erasure does not rewrite
    /// prose, so the office must look at these by hand.
    pub mentions: Vec<(Kind, Id)>,
}

/// Removes the person's name from speakers and authors that also name the person record.
fn drop_contributor_names(contributors: &mut [Contributor], person: &Id) -> bool {
    let mut changed = false;
    for contributor in contributors {
        if contributor.person.as_ref() == Some(person) && contributor.name.is_some() {
            contributor.name = None;
            changed = true;
        }
    }
    changed
}

/// Replaces a guest registration's personal data with the erased marker; the registration
/// stays and counts.
pub(super) fn anonymise_guest(registration: &mut Registration) {
    registration.guest = Some(Guest {
        name: ERASED.to_owned(),
        email: erased_email(&registration.id),
        organisation: None,
    });
    registration.person = None;
    registration.language = None;
    // The consent was given when the guest registered (a guest cannot register without);
    // the anonymous registration keeps it so that it stays a valid record.
    registration.consent = true;
}

async fn plan_erasure(
    store: &Store,
    person_id: &Id,
    actor: Option<&Id>,
) -> Result<(Anonymisation, ErasureReport), AppError> {
    let original: Person = store.get(person_id).await?;
    let already_erased = is_erased(&original);
    let users = accounts_of(store, &original).await?;
    let emails = addresses(&original, &users);
    let mut report = ErasureReport {
        person: person_id.clone(),
        already_erased,
        ..ErasureReport::default()
    };
    let mut work = Anonymisation {
        person: Some(person_id.clone()),
        actor: actor.cloned(),
        emails: emails.clone(),
        ..Anonymisation::default()
    };

    // Texts no audit entry may keep.
    if !already_erased {
        work.needles.push(full_name(&original));
        work.needles.push(original.display_name());
    }
    work.needles.extend(emails.iter().cloned());
    work.needles.extend(original.phone.iter().cloned());
    for user in &users {
        if user.name != ERASED && user.name.split_whitespace().count() >= 2 {
            work.needles.push(user.name.clone());
        }
    }

    // The person record.
    let mut person = original.clone();
    let erasure = original
        .consents
        .iter()
        .find(|c| c.purpose == ERASURE_PURPOSE)
        .cloned()
        .unwrap_or_else(|| Consent {
            purpose: ERASURE_PURPOSE.to_owned(),
            given: false,
            at: now(),
            how: Some(match actor {
                Some(actor) => format!("personal data erased by account {actor}"),
                None => "personal data erased from the command line".to_owned(),
            }),
        });
    person.title = None;
    person.given_name = ERASED.to_owned();
    person.family_name = ERASED.to_owned();
    person.function = None;
    person.email = None;
    person.phone = None;
    person.language = None;
    person.consents = vec![erasure];
    if person != original {
        person.touch();
        work.people.push(person);
    }

    // Registrations: detached from the person and from any guest data, still counting.
    for mut registration in store.registrations_of_person(person_id).await? {
        anonymise_guest(&mut registration);
        registration.touch();
        work.registrations.push(registration);
    }
    report.registrations = work.registrations.len();
    for mut registration in guest_registrations(store, &emails).await? {
        if registration.guest.as_ref().is_some_and(is_anonymous_guest) {
            continue;
        }
        anonymise_guest(&mut registration);
        registration.touch();
        work.registrations.push(registration);
        report.guest_registrations += 1;
    }
    work.audit_records.push(person_id.clone());
    work.audit_records
        .extend(work.registrations.iter().map(|r| r.id.clone()));

    // Records that name the person keep the reference; a name given beside it goes.
    let mut kept = BTreeSet::new();
    for (kind, id, _) in store.referrers(person_id).await? {
        if kind == Kind::Registration || !kept.insert((kind, id.clone())) {
            continue;
        }
        match kind {
            Kind::Event => {
                let mut event: Event = store.get(&id).await?;
                if drop_contributor_names(&mut event.speakers, person_id) {
                    event.touch();
                    work.events.push(event);
                }
            }
            Kind::AdvocacyAction => {
                let mut action: AdvocacyAction = store.get(&id).await?;
                if drop_contributor_names(&mut action.authors, person_id) {
                    action.touch();
                    work.advocacy_actions.push(action);
                }
            }
            _ => {}
        }
    }
    report.references_kept = kept.len();
    report.contributors = work.events.len() + work.advocacy_actions.len();

    // Accounts: disabled, without address, name, roles or secrets.
    for mut user in users {
        if user.status == UserStatus::Disabled
            && is_erased_email(&user.email)
            && user.name == ERASED
        {
            continue;
        }
        user.email = erased_email(&user.id);
        user.name = ERASED.to_owned();
        user.status = UserStatus::Disabled;
        user.grants.clear();
        user.updated = now();
        work.users.push(user);
    }
    report.accounts = work.users.len();

    // Prose that mentions the name is not rewritten; the office is told where it is.
    if !already_erased {
        let name = full_name(&original).to_lowercase();
        for (kind, id) in store.mentions(&full_name(&original)).await? {
            let rewritten =
                match kind {
                    Kind::Person => id == *person_id,
                    Kind::Event => work.events.iter().any(|e| {
                        e.id == id && !to_json(e).to_string().to_lowercase().contains(&name)
                    }),
                    Kind::AdvocacyAction => work.advocacy_actions.iter().any(|a| {
                        a.id == id && !to_json(a).to_string().to_lowercase().contains(&name)
                    }),
                    Kind::Registration => work.registrations.iter().any(|r| r.id == id),
                    _ => false,
                };
            if !rewritten {
                report.mentions.push((kind, id));
            }
        }
    }
    Ok((work, report))
}

/// What [`erase_person`] would do, without doing it.
pub async fn preview_erasure(app: &App, person_id: &Id) -> Result<ErasureReport, AppError> {
    let store = app.store();
    let (work, mut report) = plan_erasure(store, person_id, None).await?;
    report.audit_entries = store.audit_entries_to_scrub(&work).await?;
    for email in &work.emails {
        report.mails += store.mail_to(email).await?.len();
        report.deadline_subscriptions += store.deadline_subscriptions_of(email).await?.len();
    }
    Ok(report)
}

/// Erases a person (GDPR art. 17) in one transaction: the person record keeps only `[erased]`
/// for its names and a record of when it was erased; their registrations become anonymous
/// registrations that still count, so participant figures stay right; guest registrations
/// made with their addresses lose the guest's data; records that name them keep the reference
/// to the now anonymous record; their accounts are disabled, lose address, roles, secrets and
/// sessions; mail to them leaves the outbox; the audit log keeps no personal value. Erasing
/// again is harmless and catches what was added since. `actor` is the account that erases
/// (none for the command line).
pub async fn erase_person(
    app: &App,
    person_id: &Id,
    actor: Option<&Id>,
) -> Result<ErasureReport, AppError> {
    let store = app.store();
    let (work, mut report) = plan_erasure(store, person_id, actor).await?;
    let counts = store.anonymise(&work).await?;
    report.sessions = counts.sessions;
    report.audit_entries = counts.audit_entries;
    report.mails = counts.mails;
    report.deadline_subscriptions =
        usize::try_from(counts.deadline_subscriptions).unwrap_or(usize::MAX);
    tracing::info!(person = %person_id, records = counts.records, "personal data erased");
    Ok(report)
}
