//! Personal API tokens: each user's named tokens for the JSON API, kept as hashes only.

use sqlx::Row;
use urbis_domain::Id;

use crate::accounts::stamp;
use crate::error::{Result, StoreError};
use crate::store::Store;

pub use urbis_domain::accounts::{ApiScope, ApiToken};

fn from_row(row: &sqlx::any::AnyRow) -> Result<ApiToken> {
    let scope: String = row.try_get(3)?;
    let created: String = row.try_get(4)?;
    Ok(ApiToken {
        id: Id::from_text(row.try_get::<String, _>(0)?),
        user: Id::from_text(row.try_get::<String, _>(1)?),
        name: row.try_get(2)?,
        scope: ApiScope::parse(&scope).unwrap_or(ApiScope::Read),
        created: created
            .parse()
            .map_err(|e: jiff::Error| StoreError::Corrupt {
                kind: urbis_domain::Kind::Forum,
                id: "api_tokens".to_owned(),
                message: e.to_string(),
            })?,
    })
}

impl Store {
    /// Stores a new token under the hash of its secret.
    pub async fn insert_api_token(&self, token: &ApiToken, token_hash: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "insert into api_tokens (id, user_id, name, scope, token_hash, created_at) \
             values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token.id.as_str())
        .bind(token.user.as_str())
        .bind(token.name.as_str())
        .bind(token.scope.as_str())
        .bind(token_hash)
        .bind(stamp(token.created))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A user's tokens, newest first.
    pub async fn api_tokens_of(&self, user: &Id) -> Result<Vec<ApiToken>> {
        let rows = sqlx::query(
            "select id, user_id, name, scope, created_at from api_tokens where user_id = $1 \
             order by created_at desc, id desc",
        )
        .bind(user.as_str())
        .fetch_all(&self.pools.read)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Deletes one of a user's tokens; false when the user has no token with that id.
    pub async fn delete_api_token(&self, user: &Id, id: &Id) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("delete from api_tokens where id = $1 and user_id = $2")
            .bind(id.as_str())
            .bind(user.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// The token a secret's hash belongs to, if any.
    pub async fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>> {
        let row = sqlx::query(
            "select id, user_id, name, scope, created_at from api_tokens where token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pools.read)
        .await?;
        row.as_ref().map(from_row).transpose()
    }
}
