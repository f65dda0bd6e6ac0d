//! Personal API tokens: a user makes named tokens for programs that use the JSON API in their
//! name (read only, or read and write), sees each secret once, and revokes them. Only hashes
//! are stored; a token acts with its user's roles of the moment.

use urbis_domain::accounts::{User, UserStatus};
use urbis_domain::{Id, Problems};
use urbis_store::{ApiScope, ApiToken};

use super::secrets::{new_token, token_hash};
use crate::App;
use crate::AppError;

/// Every token starts with this, so that secret scanners and people recognise it.
pub const PREFIX: &str = "urbis_";
/// The most tokens one user may have at once.
pub const MAX_TOKENS: usize = 20;
/// The longest name of a token.
pub const MAX_NAME: usize = 80;

/// A token just made: the secret (shown once, never stored) and what is listed.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// The secret to give to the program.
    pub secret: String,
    /// The stored description.
    pub token: ApiToken,
}

/// Makes a token for `user`, after checking its name and the number of tokens.
pub async fn create(
    app: &App,
    user: &User,
    name: &str,
    scope: ApiScope,
) -> Result<NewToken, AppError> {
    let store = app.store();
    let name = name.trim();
    let mut problems = Problems::new();
    problems.require_text("name", name);
    problems.max_len("name", name, MAX_NAME);
    if store.api_tokens_of(&user.id).await?.len() >= MAX_TOKENS {
        problems.push(
            "name",
            format!("you have {MAX_TOKENS} tokens already: revoke one first"),
        );
    }
    problems.into_result()?;
    let secret = format!("{PREFIX}{}", new_token()?);
    let token = ApiToken {
        id: Id::new(),
        user: user.id.clone(),
        name: name.to_owned(),
        scope,
        created: urbis_domain::record::now(),
    };
    store.insert_api_token(&token, &token_hash(&secret)).await?;
    Ok(NewToken { secret, token })
}

/// Revokes one of the user's tokens: it stops working at once. False when there is none.
pub async fn revoke(app: &App, user: &User, id: &Id) -> Result<bool, AppError> {
    let store = app.store();
    Ok(store.delete_api_token(&user.id, id).await?)
}

/// The user's tokens, newest first.
pub async fn list(app: &App, user: &User) -> Result<Vec<ApiToken>, AppError> {
    let store = app.store();
    Ok(store.api_tokens_of(&user.id).await?)
}

/// The active user and scope a presented secret stands for; none for an unknown or revoked
/// token or a user who is no longer active.
pub async fn authenticate(app: &App, secret: &str) -> Result<Option<(User, ApiScope)>, AppError> {
    let store = app.store();
    if !secret.starts_with(PREFIX) || secret.len() > 200 {
        return Ok(None);
    }
    let Some(token) = store.api_token_by_hash(&token_hash(secret)).await? else {
        return Ok(None);
    };
    match store.user(&token.user).await? {
        Some(user) if user.status == UserStatus::Active => Ok(Some((user, token.scope))),
        _ => Ok(None),
    }
}
