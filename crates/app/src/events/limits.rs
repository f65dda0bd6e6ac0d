//! The limits on guest registrations: every one sends mail to an address the visitor typed in,
//! so a client address and an email address get only a few per hour (counted in the store, one
//! write transaction, so concurrent requests cannot slip past the limit).

use jiff::Timestamp;
use urbis_domain::accounts::normalise_email;
use urbis_store::{Limit, Store};

use crate::AppError;
use crate::accounts::secrets::token_hash;

/// Guest registrations one client address may make per window.
pub const GUEST_REGISTRATIONS_PER_ADDRESS: i64 = 10;
/// Guest registrations one email address (normalised) may get per window, across events.
pub const GUEST_REGISTRATIONS_PER_EMAIL: i64 = 3;
/// The length of a window, in seconds: an hour.
pub const GUEST_WINDOW_SECONDS: i64 = 60 * 60;

/// The limits a guest registration counts against. Keys hold hashes, not the address or the
/// email itself, so the counters keep no personal data.
fn guest_limits(client: Option<&str>, email: &str) -> Vec<Limit> {
    let mut limits = vec![Limit {
        key: format!("guest-email:{}", token_hash(&normalise_email(email))),
        max: GUEST_REGISTRATIONS_PER_EMAIL,
        window_seconds: GUEST_WINDOW_SECONDS,
    }];
    if let Some(client) = client.map(str::trim).filter(|c| !c.is_empty()) {
        limits.push(Limit {
            key: format!("guest-address:{}", token_hash(client)),
            max: GUEST_REGISTRATIONS_PER_ADDRESS,
            window_seconds: GUEST_WINDOW_SECONDS,
        });
    }
    limits
}

/// Counts one guest registration (a single event, or a whole series at once) for a client
/// address (when known) and an email address at `now`; over either limit it is
/// [`AppError::RateLimited`] with the seconds until the window ends, and nothing is counted.
pub async fn count_guest_registration(
    store: &Store,
    client: Option<&str>,
    email: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    match store.hit_limits(&guest_limits(client, email), now).await? {
        None => Ok(()),
        Some(seconds) => Err(AppError::RateLimited { seconds }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_normalised_hashes_and_an_unknown_address_counts_nowhere() {
        let a = guest_limits(Some("192.0.2.1"), " Anna@Example.org ");
        let b = guest_limits(None, "anna@example.org");
        assert_eq!(a.len(), 2);
        assert_eq!(b.len(), 1);
        assert_eq!(a[0].key, b[0].key, "the same email, however written");
        assert!(!a[0].key.contains("anna"), "no personal data in keys");
        assert!(!a[1].key.contains("192.0.2.1"));
        assert_eq!(guest_limits(Some(" "), "a@example.org").len(), 1);
    }
}
