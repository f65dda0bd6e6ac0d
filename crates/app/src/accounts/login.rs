//! Logging in and the second factor, with throttling that does not reveal whether an account
//! exists.

use jiff::{SignedDuration, Timestamp};
use urbis_domain::accounts::{User, UserStatus, normalise_email};
use urbis_domain::throttle::Throttle;
use urbis_store::{Session, Store};

use super::passwords;
use super::second_factor::{check_code, recovery_hash};
use super::secrets::{new_token, token_hash};
use crate::App;
use crate::AppError;

/// How long a session lasts at most.
pub const SESSION_HOURS: i64 = 12;
/// Failures per account before each further attempt must wait.
const ACCOUNT: Throttle = Throttle { free_failures: 5 };
/// Failures per network address before each further attempt must wait.
const ADDRESS: Throttle = Throttle { free_failures: 20 };

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

/// Where a live session stands with the second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Logged in: the second factor was given, or the account needs none.
    Complete,
    /// The password was given and the account has a second factor: the session may reach
    /// nothing but the code page until the code is given.
    CodeOwed,
    /// The password was given and the account must set up a second factor first (office
    /// roles without one): the session may reach nothing but the setup page.
    SetupOwed,
}

impl Stage {
    /// True once the session counts as logged in.
    pub fn is_complete(self) -> bool {
        self == Stage::Complete
    }
}

fn throttle_keys(email: &str, address: Option<&str>) -> Vec<(String, Throttle)> {
    let mut keys = vec![(format!("account:{}", normalise_email(email)), ACCOUNT)];
    if let Some(address) = address {
        keys.push((format!("address:{address}"), ADDRESS));
    }
    keys
}

/// An attempt counted against its throttle keys before its secret was checked.
#[derive(Debug)]
pub(crate) struct Attempt {
    keys: Vec<String>,
}

impl Attempt {
    /// Counts one attempt against every key (`(key, free attempts)`), or refuses with
    /// [`AppError::Throttled`] — counting nothing — while any key must wait. Counting first
    /// and checking after is what keeps parallel guesses within the limit.
    pub(crate) async fn begin(
        store: &Store,
        keys: &[(String, Throttle)],
        now: Timestamp,
    ) -> Result<Self, AppError> {
        let mut counted: Vec<String> = Vec::with_capacity(keys.len());
        for (key, throttle) in keys {
            let wait = store.reserve_attempt(key, now, *throttle).await?;
            if wait > 0 {
                for key in &counted {
                    store.release_attempt(key).await?;
                }
                return Err(AppError::Throttled { seconds: wait });
            }
            counted.push(key.clone());
        }
        Ok(Self { keys: counted })
    }

    /// The attempt succeeded: the account's failures are forgotten, and the address's count
    /// goes back by this attempt (others behind the same address keep theirs).
    async fn succeeded(self, store: &Store) -> Result<(), AppError> {
        for key in &self.keys {
            if key.starts_with("account:") {
                store.clear_login_failures(key).await?;
            } else {
                store.release_attempt(key).await?;
            }
        }
        Ok(())
    }
}

/// Logs in with email and password. Unknown accounts, wrong passwords and accounts that
/// cannot log in all get the same answer after the same work.
pub async fn login(
    app: &App,
    email: &str,
    password: &str,
    address: Option<&str>,
    user_agent: Option<&str>,
    now: Timestamp,
) -> Result<LoggedIn, AppError> {
    let store = app.store();
    let attempt = Attempt::begin(store, &throttle_keys(email, address), now).await?;
    let user = store.user_by_email(email).await?;
    let hash = match &user {
        Some(user) => store.secrets(&user.id).await?.password_hash,
        None => None,
    };
    let matches = passwords::verify(password, hash.as_deref().unwrap_or(passwords::decoy_hash()));
    let user = match user {
        Some(user) if matches && hash.is_some() && user.status == UserStatus::Active => user,
        _ => return Err(AppError::WrongCredentials),
    };
    attempt.succeeded(store).await?;
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
    app: &App,
    token: &str,
    user: &User,
    code: &str,
    address: Option<&str>,
    now: Timestamp,
) -> Result<(), AppError> {
    let store = app.store();
    let attempt = Attempt::begin(store, &throttle_keys(&user.email, address), now).await?;
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
        return Err(AppError::WrongCode);
    }
    attempt.succeeded(store).await?;
    store.confirm_second_factor(&token_hash(token)).await?;
    Ok(())
}

/// The user of a live session and where the session stands with the second factor.
pub async fn session_user(
    app: &App,
    token: &str,
    now: Timestamp,
) -> Result<Option<(User, Stage)>, AppError> {
    let store = app.store();
    let hash = token_hash(token);
    let generation = app.write_generation();
    if let Some(kept) = app.sessions().get(&hash, generation, now) {
        return Ok(Some(kept));
    }
    let Some(session) = store.session(&hash, now).await? else {
        return Ok(None);
    };
    let user = match store.user(&session.user).await? {
        Some(user) if user.status == UserStatus::Active => user,
        _ => return Ok(None),
    };
    let stage = if session.second_factor {
        Stage::Complete
    } else if store.secrets(&user.id).await?.totp_secret.is_some() {
        Stage::CodeOwed
    } else {
        Stage::SetupOwed
    };
    app.sessions()
        .put(hash, generation, session.expires_at, &user, stage);
    Ok(Some((user, stage)))
}

/// Ends one session.
pub async fn logout(app: &App, token: &str) -> Result<(), AppError> {
    let store = app.store();
    Ok(store.delete_session(&token_hash(token)).await?)
}

/// Ends every session of the account (on every device), this one included.
pub async fn logout_everywhere(app: &App, user: &urbis_domain::Id) -> Result<(), AppError> {
    app.store().delete_sessions_of(user).await?;
    Ok(())
}
