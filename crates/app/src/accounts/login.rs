//! Logging in and the second factor, with throttling that does not reveal whether an account
//! exists.

use jiff::{SignedDuration, Timestamp};
use urbis_domain::accounts::{User, UserStatus, normalise_email};
use urbis_store::{Session, Store};

use super::passwords;
use super::second_factor::{check_code, recovery_hash};
use super::secrets::{new_token, token_hash};
use crate::AppError;

/// How long a session lasts at most.
pub const SESSION_HOURS: i64 = 12;
/// Failures per account before each further attempt must wait.
const ACCOUNT_FREE_FAILURES: i64 = 5;
/// Failures per network address before each further attempt must wait.
const ADDRESS_FREE_FAILURES: i64 = 20;
/// The longest wait.
const MAX_WAIT_SECONDS: i64 = 15 * 60;

/// Where a new session stands with the second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    /// The account does not use one.
    NotNeeded,
    /// The account has one: the code must be given before the session counts.
    Required,
    /// The account must use one (office roles) but has none yet: it must be set up first.
    SetupRequired,
}

/// A successful login: the session token for the cookie, the user and what is still owed.
#[derive(Debug, Clone)]
pub struct LoggedIn {
    /// The session token (only its hash is stored).
    pub token: String,
    /// The user.
    pub user: User,
    /// Whether a second factor is still owed.
    pub second_factor: SecondFactor,
}

fn throttle_keys(email: &str, address: Option<&str>) -> Vec<(String, i64)> {
    let mut keys = vec![(
        format!("account:{}", normalise_email(email)),
        ACCOUNT_FREE_FAILURES,
    )];
    if let Some(address) = address {
        keys.push((format!("address:{address}"), ADDRESS_FREE_FAILURES));
    }
    keys
}

/// The wait still owed for a key, growing with every failure past the free ones.
pub(crate) fn wait_seconds(failures: i64, free: i64, last: Timestamp, now: Timestamp) -> i64 {
    if failures < free {
        return 0;
    }
    let exponent = u32::try_from((failures - free).min(20)).unwrap_or(20);
    let wait = 2_i64.saturating_pow(exponent).min(MAX_WAIT_SECONDS);
    let waited = now.duration_since(last).as_secs();
    (wait - waited).max(0)
}

/// Refuses with [`AppError::Throttled`] while an account or address must wait.
pub async fn check_throttle(
    store: &Store,
    email: &str,
    address: Option<&str>,
    now: Timestamp,
) -> Result<(), AppError> {
    for (key, free) in throttle_keys(email, address) {
        if let Some((failures, last)) = store.login_failures(&key).await? {
            let seconds = wait_seconds(failures, free, last, now);
            if seconds > 0 {
                return Err(AppError::Throttled { seconds });
            }
        }
    }
    Ok(())
}

async fn fail(store: &Store, email: &str, address: Option<&str>, now: Timestamp) -> AppError {
    for (key, _) in throttle_keys(email, address) {
        if let Err(error) = store.record_login_failure(&key, now).await {
            return error.into();
        }
    }
    AppError::WrongCredentials
}

/// Logs in with email and password. Unknown accounts, wrong passwords and accounts that
/// cannot log in all get the same answer after the same work.
pub async fn login(
    store: &Store,
    email: &str,
    password: &str,
    address: Option<&str>,
    user_agent: Option<&str>,
    now: Timestamp,
) -> Result<LoggedIn, AppError> {
    check_throttle(store, email, address, now).await?;
    let user = store.user_by_email(email).await?;
    let hash = match &user {
        Some(user) => store.secrets(&user.id).await?.password_hash,
        None => None,
    };
    let matches = passwords::verify(password, hash.as_deref().unwrap_or(passwords::decoy_hash()));
    let user = match user {
        Some(user) if matches && hash.is_some() && user.status == UserStatus::Active => user,
        _ => return Err(fail(store, email, address, now).await),
    };
    for (key, _) in throttle_keys(email, None) {
        store.clear_login_failures(&key).await?;
    }
    let has_code = store.secrets(&user.id).await?.totp_secret.is_some();
    let second_factor = match (has_code, user.needs_second_factor()) {
        (true, _) => SecondFactor::Required,
        (false, true) => SecondFactor::SetupRequired,
        (false, false) => SecondFactor::NotNeeded,
    };
    let token = new_token()?;
    let session = Session {
        user: user.id.clone(),
        expires_at: now
            .checked_add(SignedDuration::from_hours(SESSION_HOURS))
            .unwrap_or(now),
        second_factor: second_factor == SecondFactor::NotNeeded,
    };
    store
        .create_session(&token_hash(&token), &session, address, user_agent)
        .await?;
    Ok(LoggedIn {
        token,
        user,
        second_factor,
    })
}

/// Completes a session's second factor with a code from the app or a recovery code. Wrong
/// codes count as failed logins.
pub async fn give_second_factor(
    store: &Store,
    token: &str,
    user: &User,
    code: &str,
    address: Option<&str>,
    now: Timestamp,
) -> Result<(), AppError> {
    check_throttle(store, &user.email, address, now).await?;
    let secrets = store.secrets(&user.id).await?;
    let Some(secret) = secrets.totp_secret else {
        return Err(AppError::WrongCode);
    };
    let seconds = u64::try_from(now.as_second()).unwrap_or(0);
    let accepted = match check_code(&secret, &user.email, code, seconds) {
        Some(step) => store.accept_totp_step(&user.id, step).await?,
        None => {
            let typed = recovery_hash(code);
            let before = secrets.recovery_codes.len();
            let left: Vec<String> = secrets
                .recovery_codes
                .into_iter()
                .filter(|h| h != &typed)
                .collect();
            if left.len() < before {
                store.set_recovery_codes(&user.id, &left).await?;
                true
            } else {
                false
            }
        }
    };
    if !accepted {
        fail(store, &user.email, address, now).await;
        return Err(AppError::WrongCode);
    }
    store.confirm_second_factor(&token_hash(token)).await?;
    Ok(())
}

/// The user of a live session and whether its second factor is done.
pub async fn session_user(
    store: &Store,
    token: &str,
    now: Timestamp,
) -> Result<Option<(User, bool)>, AppError> {
    let Some(session) = store.session(&token_hash(token), now).await? else {
        return Ok(None);
    };
    match store.user(&session.user).await? {
        Some(user) if user.status == UserStatus::Active => Ok(Some((user, session.second_factor))),
        _ => Ok(None),
    }
}

/// Ends one session.
pub async fn logout(store: &Store, token: &str) -> Result<(), AppError> {
    Ok(store.delete_session(&token_hash(token)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_the_free_failures_and_are_capped() {
        let last: Timestamp = "2026-01-01T10:00:00Z".parse().unwrap();
        assert_eq!(wait_seconds(4, 5, last, last), 0);
        assert_eq!(wait_seconds(5, 5, last, last), 1);
        assert_eq!(wait_seconds(8, 5, last, last), 8);
        assert_eq!(wait_seconds(40, 5, last, last), MAX_WAIT_SECONDS);
        let later = last.checked_add(SignedDuration::from_secs(5)).unwrap();
        assert_eq!(wait_seconds(8, 5, last, later), 3);
    }
}
