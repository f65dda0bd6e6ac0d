//! Managing accounts: creating, roles, passwords, invitations and password resets.

use jiff::{SignedDuration, Timestamp};
use urbis_domain::accounts::{ForumRole, User, UserStatus, check_password};
use urbis_domain::throttle::Throttle;
use urbis_domain::{Id, Lang, Problems};
use urbis_store::{Store, TokenPurpose};

use super::passwords;
use super::secrets::{new_token, token_hash};
use crate::App;
use crate::AppError;

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;
/// How long a password reset link works.
pub const RESET_MINUTES: i64 = 60;

/// Creates an invited account (no password yet).
pub async fn add_user(
    app: &App,
    email: &str,
    name: &str,
    language: Lang,
) -> Result<User, AppError> {
    let store = app.store();
    let user = User::new(email, name, language);
    store.insert_user(&user).await?;
    Ok(user)
}

/// Sets a new password after checking the rules; activates an invited account and ends
/// every other session of the user.
pub async fn set_password(app: &App, user: &mut User, password: &str) -> Result<(), AppError> {
    let store = app.store();
    let mut problems = Problems::new();
    check_password(password, &user.email, &mut problems);
    problems.into_result()?;
    let hash = passwords::hash(password)?;
    store.set_password_hash(&user.id, &hash).await?;
    if user.status == UserStatus::Invited {
        user.status = UserStatus::Active;
        store.update_user(user).await?;
    }
    store.delete_sessions_of(&user.id).await?;
    Ok(())
}

/// Gives a user a role in a forum, or (with `None`) takes every role there away.
pub async fn set_role(
    app: &App,
    user: &mut User,
    forum: &Id,
    role: Option<ForumRole>,
    organisation: Option<Id>,
) -> Result<(), AppError> {
    let store = app.store();
    match role {
        Some(role) => user.grant(forum, role, organisation),
        None => user.revoke(forum),
    }
    store.update_user(user).await?;
    Ok(())
}

async fn issue(
    store: &Store,
    user: &User,
    purpose: TokenPurpose,
    valid: SignedDuration,
    now: Timestamp,
) -> Result<String, AppError> {
    let token = new_token()?;
    let expires = now.checked_add(valid).unwrap_or(now);
    store
        .create_token(&user.id, purpose, &token_hash(&token), expires)
        .await?;
    Ok(token)
}

/// A new invitation link token for an invited user (earlier ones stop working).
pub async fn invite(app: &App, user: &User, now: Timestamp) -> Result<String, AppError> {
    let store = app.store();
    issue(
        store,
        user,
        TokenPurpose::Invitation,
        SignedDuration::from_hours(24 * INVITATION_DAYS),
        now,
    )
    .await
}

/// Requests of reset links allowed per email address before each further request must wait
/// (growing), whether the account exists or not.
const RESET_REQUESTS: Throttle = Throttle { free_failures: 3 };
/// Requests of reset links allowed per network address before each further one must wait.
const RESET_REQUESTS_PER_ADDRESS: Throttle = Throttle { free_failures: 20 };

/// A password reset token for an active account; `None` for an unknown or unusable account —
/// the caller answers the same either way, so no one learns which addresses have accounts.
/// Requests are throttled per email and per network address alike.
pub async fn request_reset(
    app: &App,
    email: &str,
    address: Option<&str>,
    now: Timestamp,
) -> Result<Option<(User, String)>, AppError> {
    count_reset_request(app, email, address, now).await?;
    reset_token_for(app, email, now).await
}

/// Counts a request of a reset link against its email and network address, refusing with
/// [`AppError::Throttled`] while either must wait. It does the same work whether an account
/// exists or not, so it may run while the requester waits.
pub async fn count_reset_request(
    app: &App,
    email: &str,
    address: Option<&str>,
    now: Timestamp,
) -> Result<(), AppError> {
    let store = app.store();
    let mut keys = vec![(
        format!("reset:{}", urbis_domain::accounts::normalise_email(email)),
        RESET_REQUESTS,
    )];
    if let Some(address) = address {
        keys.push((
            format!("reset-address:{address}"),
            RESET_REQUESTS_PER_ADDRESS,
        ));
    }
    super::login::Attempt::begin(store, &keys, now).await?;
    Ok(())
}

/// A reset token for the active account of `email`, `None` when there is none. Its work
/// depends on whether the account exists: run it where no requester can time it.
pub async fn reset_token_for(
    app: &App,
    email: &str,
    now: Timestamp,
) -> Result<Option<(User, String)>, AppError> {
    let store = app.store();
    let Some(user) = store.user_by_email(email).await? else {
        return Ok(None);
    };
    if user.status != UserStatus::Active {
        return Ok(None);
    }
    let token = issue(
        store,
        &user,
        TokenPurpose::PasswordReset,
        SignedDuration::from_mins(RESET_MINUTES),
        now,
    )
    .await?;
    Ok(Some((user, token)))
}

/// Uses an invitation or reset token once to set a password. The password is checked before
/// the token is used up, so a too-short password does not burn the link.
pub async fn redeem(
    app: &App,
    purpose: TokenPurpose,
    token: &str,
    password: &str,
    now: Timestamp,
) -> Result<User, AppError> {
    let store = app.store();
    let mut problems = Problems::new();
    check_password(password, "", &mut problems);
    problems.into_result()?;
    let user_id = store
        .use_token(purpose, &token_hash(token), now)
        .await?
        .ok_or(AppError::InvalidToken)?;
    let mut user = store.user(&user_id).await?.ok_or(AppError::InvalidToken)?;
    if user.status == UserStatus::Disabled {
        return Err(AppError::InvalidToken);
    }
    set_password(app, &mut user, password).await?;
    Ok(user)
}

/// The account with this id, if there is one.
pub async fn user(app: &App, id: &Id) -> Result<Option<User>, AppError> {
    Ok(app.store().user(id).await?)
}

/// Stores a new account made by the office (its role granted, no password yet), in the name of
/// the application's actor.
pub async fn insert(app: &App, user: &User) -> Result<(), AppError> {
    app.store().insert_user(user).await?;
    Ok(())
}

/// The accounts with a role in `forum` and that role, by email address.
pub async fn of_forum(
    app: &App,
    forum: &Id,
) -> Result<Vec<(User, urbis_domain::accounts::ForumRole)>, AppError> {
    Ok(app.store().users_of_forum(forum).await?)
}
