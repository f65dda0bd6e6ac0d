//! The limits on guest registrations: every one sends mail to an address the visitor typed in,
//! so a client address and an email address get only a few per hour (counted in the store, one
//! write transaction, so concurrent requests cannot slip past the limit). An installation may
//! set other figures ([`ADDRESS_ENV`], [`EMAIL_ENV`]), e.g. when a city hall registers its
//! staff from behind one address, or for a load test.

use std::sync::OnceLock;

use jiff::Timestamp;
use urbis_domain::Problems;
use urbis_domain::accounts::normalise_email;
use urbis_store::Limit;

use crate::App;
use crate::AppError;
use crate::accounts::secrets::token_hash;

/// Guest registrations one client address may make per window, unless configured.
pub const GUEST_REGISTRATIONS_PER_ADDRESS: i64 = 10;
/// Guest registrations one email address (normalised) may get per window, across events,
/// unless configured.
pub const GUEST_REGISTRATIONS_PER_EMAIL: i64 = 3;
/// The length of a window, in seconds: an hour.
pub const GUEST_WINDOW_SECONDS: i64 = 60 * 60;
/// The variable that sets guest registrations per client address and hour.
pub const ADDRESS_ENV: &str = "URBIS_GUEST_REGISTRATIONS_PER_ADDRESS";
/// The variable that sets guest registrations per email address and hour.
pub const EMAIL_ENV: &str = "URBIS_GUEST_REGISTRATIONS_PER_EMAIL";

/// How many guest registrations an hour a client address and an email address may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuestLimits {
    /// Per client address.
    pub per_address: i64,
    /// Per normalised email address.
    pub per_email: i64,
}

impl Default for GuestLimits {
    fn default() -> Self {
        Self {
            per_address: GUEST_REGISTRATIONS_PER_ADDRESS,
            per_email: GUEST_REGISTRATIONS_PER_EMAIL,
        }
    }
}

/// One figure from the environment: a whole number of at least one, else the default.
fn figure(name: &'static str, default: i64, problems: &mut Problems) -> i64 {
    match std::env::var(name) {
        Ok(text) if !text.trim().is_empty() => match text.trim().parse::<i64>() {
            Ok(n) if n >= 1 => n,
            _ => {
                problems.push(
                    name,
                    format!("`{text}` is not a whole number of at least 1"),
                );
                default
            }
        },
        _ => default,
    }
}

/// The limits set by [`ADDRESS_ENV`] and [`EMAIL_ENV`] (each defaulting to the constants);
/// a value that is not a whole number of at least one is refused with its variable.
pub fn configured_limits() -> Result<GuestLimits, AppError> {
    let mut problems = Problems::new();
    let limits = GuestLimits {
        per_address: figure(ADDRESS_ENV, GUEST_REGISTRATIONS_PER_ADDRESS, &mut problems),
        per_email: figure(EMAIL_ENV, GUEST_REGISTRATIONS_PER_EMAIL, &mut problems),
    };
    if problems.is_empty() {
        Ok(limits)
    } else {
        Err(problems.into())
    }
}

/// The limits of this process, read once (`urbis serve` checks [`configured_limits`] on
/// start, so a bad value never gets this far; should one, the defaults hold).
fn limits() -> GuestLimits {
    static LIMITS: OnceLock<GuestLimits> = OnceLock::new();
    *LIMITS.get_or_init(|| configured_limits().unwrap_or_default())
}

/// The limits a guest registration counts against. Keys hold hashes, not the address or the
/// email itself, so the counters keep no personal data.
fn guest_limits(figures: GuestLimits, client: Option<&str>, email: &str) -> Vec<Limit> {
    let mut limits = vec![Limit {
        key: format!("guest-email:{}", token_hash(&normalise_email(email))),
        max: figures.per_email,
        window_seconds: GUEST_WINDOW_SECONDS,
    }];
    if let Some(client) = client.map(str::trim).filter(|c| !c.is_empty()) {
        limits.push(Limit {
            key: format!("guest-address:{}", token_hash(client)),
            max: figures.per_address,
            window_seconds: GUEST_WINDOW_SECONDS,
        });
    }
    limits
}

/// Counts one guest registration (a single event, or a whole series at once) for a client
/// address (when known) and an email address at `now`, against the configured limits; over either limit it is
/// [`AppError::RateLimited`] with the seconds until the window ends, and nothing is counted.
pub async fn count_guest_registration(
    app: &App,
    client: Option<&str>,
    email: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let store = app.store();
    match store
        .hit_limits(&guest_limits(limits(), client, email), now)
        .await?
    {
        None => Ok(()),
        Some(seconds) => Err(AppError::RateLimited { seconds }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_normalised_hashes_and_an_unknown_address_counts_nowhere() {
        let figures = GuestLimits::default();
        let a = guest_limits(figures, Some("192.0.2.1"), " Anna@Example.org ");
        let b = guest_limits(figures, None, "anna@example.org");
        assert_eq!(a.len(), 2);
        assert_eq!(b.len(), 1);
        assert_eq!(a[0].key, b[0].key, "the same email, however written");
        assert!(!a[0].key.contains("anna"), "no personal data in keys");
        assert!(!a[1].key.contains("192.0.2.1"));
        assert_eq!(guest_limits(figures, Some(" "), "a@example.org").len(), 1);
        assert_eq!((a[0].max, a[1].max), (3, 10));
    }
}
