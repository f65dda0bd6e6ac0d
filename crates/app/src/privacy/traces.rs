//! Where a person's data lies: their accounts, addresses, name and guest registrations,
//! found alike for the export and for the erasure.

use serde_json::Value as Json;
use urbis_domain::accounts::{User, normalise_email};
use urbis_domain::events::Registration;
use urbis_domain::network::Person;
use urbis_store::{Store, is_erased_email};

use crate::AppError;

/// A value as JSON (null if it cannot be written, which the types used here never do).
pub(super) fn to_json<T: serde::Serialize>(value: &T) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

/// The guest registrations made with any of the addresses, each once, oldest first.
pub(super) async fn guest_registrations(
    store: &Store,
    emails: &[String],
) -> Result<Vec<Registration>, AppError> {
    let mut found: Vec<Registration> = Vec::new();
    for email in emails {
        for registration in store.guest_registrations_by_email(email).await? {
            if !found.iter().any(|r| r.id == registration.id) {
                found.push(registration);
            }
        }
    }
    found.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
    Ok(found)
}

/// The accounts of a person: tied to the record, or using the person's email address.
pub(super) async fn accounts_of(store: &Store, person: &Person) -> Result<Vec<User>, AppError> {
    let mut users = store.users_of_person(&person.id).await?;
    if let Some(email) = &person.email
        && let Some(user) = store.user_by_email(email).await?
        && user.person.as_ref().is_none_or(|p| p == &person.id)
        && !users.iter().any(|u| u.id == user.id)
    {
        users.push(user);
    }
    users.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(users)
}

/// The addresses of a person and their accounts, normalised, without erased ones.
pub(super) fn addresses(person: &Person, users: &[User]) -> Vec<String> {
    let mut emails: Vec<String> = person
        .email
        .iter()
        .chain(users.iter().map(|u| &u.email))
        .map(|e| normalise_email(e))
        .filter(|e| !e.is_empty() && !is_erased_email(e))
        .collect();
    emails.sort();
    emails.dedup();
    emails
}

/// The name by which free text may mention a person ("Anna Rau").
pub(super) fn full_name(person: &Person) -> String {
    format!("{} {}", person.given_name.trim(), person.family_name.trim())
        .trim()
        .to_owned()
}
