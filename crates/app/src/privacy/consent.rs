//! Consent records per person and purpose: recording them, and which one counts.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};
use urbis_domain::network::{Consent, Person};
use urbis_domain::{Id, Problems};

use crate::App;
use crate::AppError;

use super::erasure::ERASURE_PURPOSE;
use super::is_erased;

/// Checks a consent's purpose and the note on how it was given.
fn check_consent(purpose: &str, how: &str, at: Timestamp, problems: &mut Problems) {
    problems.require_text("purpose", purpose);
    problems.max_len("purpose", purpose, urbis_domain::limits::SHORT);
    if purpose.chars().any(char::is_control) {
        problems.push("purpose", "must be one line of text");
    }
    if purpose.eq_ignore_ascii_case(ERASURE_PURPOSE) {
        problems.push(
            "purpose",
            "`erasure` is kept for the record an erasure leaves; name what the consent is for",
        );
    }
    if how.trim().is_empty() {
        problems.push(
            "how",
            "must say how the consent was given or withdrawn (e.g. \"registration form\")",
        );
    }
    problems.max_len("how", how, urbis_domain::limits::CONSENT_HOW);
    let soon = Timestamp::now()
        .checked_add(SignedDuration::from_mins(5))
        .unwrap_or_else(|_| Timestamp::now());
    if at > soon {
        problems.push("at", "must not be in the future");
    }
}

/// Records that a person gave (`given`) or withdrew consent for a purpose, how and when. The
/// history is kept: earlier records are never changed, the newest per purpose counts.
pub async fn record_consent(
    app: &App,
    person_id: &Id,
    purpose: &str,
    given: bool,
    how: &str,
    at: Timestamp,
) -> Result<Person, AppError> {
    let store = app.store();
    let purpose = purpose.trim();
    let how = how.trim();
    let mut problems = Problems::new();
    check_consent(purpose, how, at, &mut problems);
    problems.into_result()?;
    let mut person: Person = store.get(person_id).await?;
    if is_erased(&person) {
        let mut problems = Problems::new();
        problems.push(
            "person",
            "this person's data was erased; there is no one to record consent for",
        );
        return Err(problems.into());
    }
    person.consents.push(Consent {
        purpose: purpose.to_owned(),
        given,
        at: Timestamp::from_microsecond(at.as_microsecond()).unwrap_or(at),
        how: Some(how.to_owned()),
    });
    store.update(&mut person).await?;
    Ok(person)
}

/// The consent that counts for each purpose: the newest record (by time, then by order of
/// recording), the purposes compared without case.
pub fn current_consents(person: &Person) -> BTreeMap<String, &Consent> {
    let mut current: BTreeMap<String, &Consent> = BTreeMap::new();
    for consent in &person.consents {
        let key = consent.purpose.trim().to_lowercase();
        match current.get(&key) {
            Some(newer) if newer.at > consent.at => {}
            _ => {
                current.insert(key, consent);
            }
        }
    }
    current
}
