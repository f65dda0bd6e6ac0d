//! Users, their roles per forum, sessions, single-use tokens and login throttling.

use jiff::Timestamp;
use sqlx::{AnyConnection, Row};
use urbis_domain::accounts::{ForumRole, User, normalise_email};
use urbis_domain::throttle::Throttle;
use urbis_domain::{Id, Kind, Problems};

use crate::connect::Backend;
use crate::error::{Result, StoreError};
use crate::store::Store;

/// Timestamps in tables that are compared in SQL: fixed width, UTC, so text order is time order.
pub(crate) fn stamp(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

pub use urbis_domain::accounts::TokenPurpose;

/// A stored login session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The user.
    pub user: Id,
    /// When the session ends at the latest.
    pub expires_at: Timestamp,
    /// True once the second factor was given (or when none is needed).
    pub second_factor: bool,
}

/// The secrets of an account, kept apart from [`User`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    /// The argon2id hash of the password, once set.
    pub password_hash: Option<String>,
    /// The TOTP secret (base32), once the second factor is set up.
    pub totp_secret: Option<String>,
    /// Hashes of the unused recovery codes.
    pub recovery_codes: Vec<String>,
}

fn user_write_error(error: sqlx::Error) -> StoreError {
    if let Some(db) = error.as_database_error()
        && db.kind() == sqlx::error::ErrorKind::UniqueViolation
    {
        return StoreError::Conflict {
            field: "email".into(),
            message: "another account already uses this email address".into(),
        };
    }
    if let Some(db) = error.as_database_error()
        && db.kind() == sqlx::error::ErrorKind::ForeignKeyViolation
    {
        return StoreError::Conflict {
            field: "grants".into(),
            message: "a role names a forum or organisation that does not exist".into(),
        };
    }
    StoreError::Database(error)
}

async fn write_grants(conn: &mut AnyConnection, user: &User) -> Result<()> {
    sqlx::query("delete from user_grants where user_id = $1")
        .bind(user.id.as_str())
        .execute(&mut *conn)
        .await?;
    for grant in &user.grants {
        let role = grant.role.as_str();
        sqlx::query(
            "insert into user_grants (user_id, forum_id, role, organisation_id) values ($1, $2, $3, $4)",
        )
        .bind(user.id.as_str())
        .bind(grant.forum.as_str())
        .bind(role)
        .bind(grant.organisation.as_ref().map(|o| o.as_str().to_owned()))
        .execute(&mut *conn)
        .await
        .map_err(user_write_error)?;
    }
    Ok(())
}

fn user_from_row(row: &sqlx::any::AnyRow) -> Result<User> {
    let body: String = row.try_get(0)?;
    serde_json::from_str(&body).map_err(|e| StoreError::Corrupt {
        kind: Kind::Person,
        id: row.try_get(1).unwrap_or_default(),
        message: format!("user: {e}"),
    })
}

impl Store {
    /// Creates an account.
    pub async fn insert_user(&self, user: &User) -> Result<()> {
        let mut problems = Problems::new();
        user.validate(&mut problems);
        problems.into_result()?;
        let body = serde_json::to_string(user).map_err(|e| StoreError::Corrupt {
            kind: Kind::Person,
            id: user.id.to_string(),
            message: e.to_string(),
        })?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "insert into users (id, email_key, status, created_at, updated_at, body) values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(user.id.as_str())
        .bind(normalise_email(&user.email))
        .bind(user.status.as_str())
        .bind(user.created.to_string())
        .bind(user.updated.to_string())
        .bind(body)
        .execute(&mut *tx)
        .await
        .map_err(user_write_error)?;
        write_grants(&mut tx, user).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Saves a changed account (email, name, status, roles), marking it as changed now.
    pub async fn update_user(&self, user: &mut User) -> Result<()> {
        user.updated = urbis_domain::record::now();
        let mut problems = Problems::new();
        user.validate(&mut problems);
        problems.into_result()?;
        let body = serde_json::to_string(&*user).map_err(|e| StoreError::Corrupt {
            kind: Kind::Person,
            id: user.id.to_string(),
            message: e.to_string(),
        })?;
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "update users set email_key = $2, status = $3, updated_at = $4, body = $5 where id = $1",
        )
        .bind(user.id.as_str())
        .bind(normalise_email(&user.email))
        .bind(user.status.as_str())
        .bind(user.updated.to_string())
        .bind(body)
        .execute(&mut *tx)
        .await
        .map_err(user_write_error)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                kind: Kind::Person,
                id: user.id.clone(),
            });
        }
        write_grants(&mut tx, user).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Reads an account by id.
    pub async fn user(&self, id: &Id) -> Result<Option<User>> {
        let row = sqlx::query("select body, id from users where id = $1")
            .bind(id.as_str())
            .fetch_optional(&self.pools.read)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// Reads an account by its email, whatever its case.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        let row = sqlx::query("select body, id from users where email_key = $1")
            .bind(normalise_email(email))
            .fetch_optional(&self.pools.read)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// The accounts with a role in a forum, by name.
    pub async fn users_of_forum(&self, forum: &Id) -> Result<Vec<(User, ForumRole)>> {
        let rows = sqlx::query(
            "select u.body, u.id from users u join user_grants g on g.user_id = u.id \
             where g.forum_id = $1 order by u.email_key",
        )
        .bind(forum.as_str())
        .fetch_all(&self.pools.read)
        .await?;
        let mut users = Vec::with_capacity(rows.len());
        for row in &rows {
            let user = user_from_row(row)?;
            if let Some(role) = user.role_in(forum) {
                users.push((user, role));
            }
        }
        Ok(users)
    }

    /// The secrets of an account.
    pub async fn secrets(&self, user: &Id) -> Result<Secrets> {
        let row = sqlx::query(
            "select password_hash, totp_secret, recovery_codes from users where id = $1",
        )
        .bind(user.as_str())
        .fetch_optional(&self.pools.read)
        .await?;
        let Some(row) = row else {
            return Ok(Secrets::default());
        };
        let codes: String = row.try_get(2)?;
        Ok(Secrets {
            password_hash: row.try_get(0)?,
            totp_secret: row.try_get(1)?,
            recovery_codes: serde_json::from_str(&codes).unwrap_or_default(),
        })
    }

    /// Replaces the password hash.
    pub async fn set_password_hash(&self, user: &Id, hash: &str) -> Result<()> {
        self.write_secret("password_hash", user, Some(hash.to_owned()))
            .await
    }

    /// Sets or clears the TOTP secret.
    pub async fn set_totp_secret(&self, user: &Id, secret: Option<&str>) -> Result<()> {
        self.write_secret("totp_secret", user, secret.map(str::to_owned))
            .await
    }

    /// Replaces the hashes of the recovery codes.
    pub async fn set_recovery_codes(&self, user: &Id, hashes: &[String]) -> Result<()> {
        let json = serde_json::to_string(hashes).unwrap_or_else(|_| "[]".into());
        self.write_secret("recovery_codes", user, Some(json)).await
    }

    async fn write_secret(
        &self,
        column: &'static str,
        user: &Id,
        value: Option<String>,
    ) -> Result<()> {
        let sql = match column {
            "password_hash" => "update users set password_hash = $2 where id = $1",
            "totp_secret" => "update users set totp_secret = $2 where id = $1",
            _ => "update users set recovery_codes = $2 where id = $1",
        };
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(sql)
            .bind(user.as_str())
            .bind(value)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                kind: Kind::Person,
                id: user.clone(),
            });
        }
        Ok(())
    }

    /// Installs a new second factor in one transaction: the TOTP secret with the step just
    /// used (so that code cannot be replayed), the hashes of fresh recovery codes, and the
    /// session it was set up in marked complete. Nothing is half-written.
    pub async fn install_second_factor(
        &self,
        user: &Id,
        secret: &str,
        step: u64,
        recovery_hashes: &[String],
        session_hash: &str,
    ) -> Result<()> {
        let step = i64::try_from(step).unwrap_or(i64::MAX);
        let codes = serde_json::to_string(recovery_hashes).unwrap_or_else(|_| "[]".into());
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "update users set totp_secret = $2, totp_last_step = $3, recovery_codes = $4 \
             where id = $1",
        )
        .bind(user.as_str())
        .bind(secret)
        .bind(step)
        .bind(codes)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                kind: Kind::Person,
                id: user.clone(),
            });
        }
        sqlx::query("update sessions set second_factor = 1 where token_hash = $1")
            .bind(session_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Accepts a second-factor time step once: false when this step (or a later one) was
    /// already used, so an observed code cannot be replayed.
    pub async fn accept_totp_step(&self, user: &Id, step: u64) -> Result<bool> {
        let step = i64::try_from(step).unwrap_or(i64::MAX);
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "update users set totp_last_step = $2 where id = $1 and totp_last_step < $2",
        )
        .bind(user.as_str())
        .bind(step)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Stores a new session under the hash of its token.
    pub async fn create_session(
        &self,
        token_hash: &str,
        session: &Session,
        ip: Option<&str>,
        user_agent: Option<&str>,
    ) -> Result<()> {
        let now = stamp(Timestamp::now());
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "insert into sessions (token_hash, user_id, created_at, expires_at, last_seen_at, second_factor, ip, user_agent) \
             values ($1, $2, $3, $4, $3, $5, $6, $7)",
        )
        .bind(token_hash)
        .bind(session.user.as_str())
        .bind(now)
        .bind(stamp(session.expires_at))
        .bind(i64::from(session.second_factor))
        .bind(ip.map(str::to_owned))
        .bind(user_agent.map(|u| u.chars().take(300).collect::<String>()))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The live session with this token hash, if it has not expired.
    pub async fn session(&self, token_hash: &str, now: Timestamp) -> Result<Option<Session>> {
        let row = sqlx::query(
            "select user_id, expires_at, second_factor from sessions where token_hash = $1 and expires_at > $2",
        )
        .bind(token_hash)
        .bind(stamp(now))
        .fetch_optional(&self.pools.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let expires: String = row.try_get(1)?;
        Ok(Some(Session {
            user: Id::from_text(row.try_get::<String, _>(0)?),
            expires_at: expires.parse().unwrap_or(now),
            second_factor: row.try_get::<i64, _>(2)? != 0,
        }))
    }

    /// Marks a session's second factor as given.
    pub async fn confirm_second_factor(&self, token_hash: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("update sessions set second_factor = 1 where token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends one session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("delete from sessions where token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends every session of a user ("log out everywhere", and after a password change).
    pub async fn delete_sessions_of(&self, user: &Id) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("delete from sessions where user_id = $1")
            .bind(user.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// Stores a single-use token; earlier unused tokens of the same purpose stop working.
    pub async fn create_token(
        &self,
        user: &Id,
        purpose: TokenPurpose,
        token_hash: &str,
        expires_at: Timestamp,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("delete from tokens where user_id = $1 and purpose = $2 and used_at is null")
            .bind(user.as_str())
            .bind(purpose.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "insert into tokens (token_hash, user_id, purpose, created_at, expires_at) values ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user.as_str())
        .bind(purpose.as_str())
        .bind(stamp(Timestamp::now()))
        .bind(stamp(expires_at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Uses a token once: the user it belongs to when it is valid, unused and not expired;
    /// afterwards it never works again.
    pub async fn use_token(
        &self,
        purpose: TokenPurpose,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<Id>> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "select user_id from tokens where token_hash = $1 and purpose = $2 and used_at is null and expires_at > $3",
        )
        .bind(token_hash)
        .bind(purpose.as_str())
        .bind(stamp(now))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let done =
            sqlx::query("update tokens set used_at = $2 where token_hash = $1 and used_at is null")
                .bind(token_hash)
                .bind(stamp(now))
                .execute(&mut *tx)
                .await?;
        tx.commit().await?;
        if done.rows_affected() == 1 {
            Ok(Some(Id::from_text(row.try_get::<String, _>(0)?)))
        } else {
            Ok(None)
        }
    }

    /// Counts an attempt for a throttle key (an account, an address) *before* it is checked,
    /// unless the key must still wait as `throttle` rules. Reading and counting happen in one
    /// write transaction (the row locked on PostgreSQL, the single writer on SQLite), so
    /// parallel attempts are counted one after the other and none slips past the limit.
    /// Returns that wait when it is not over (nothing counted), else 0 (counted).
    pub async fn reserve_attempt(
        &self,
        key: &str,
        now: Timestamp,
        throttle: Throttle,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "insert into login_throttle (throttle_key, failures, last_failure_at) \
             values ($1, 0, $2) on conflict (throttle_key) do nothing",
        )
        .bind(key)
        .bind(stamp(now))
        .execute(&mut *tx)
        .await?;
        let select = match self.pools.backend {
            Backend::Postgres => {
                "select failures, last_failure_at from login_throttle \
                 where throttle_key = $1 for update"
            }
            Backend::Sqlite => {
                "select failures, last_failure_at from login_throttle where throttle_key = $1"
            }
        };
        let row = sqlx::query(select).bind(key).fetch_one(&mut *tx).await?;
        let attempts: i64 = row.try_get(0)?;
        // An unreadable time (never written so) counts as just now: the key waits in full.
        let last: Timestamp = row.try_get::<String, _>(1)?.parse().unwrap_or(now);
        let seconds = throttle.wait_seconds(attempts, last, now);
        if seconds > 0 {
            tx.commit().await?;
            return Ok(seconds);
        }
        sqlx::query(
            "update login_throttle set failures = failures + 1, last_failure_at = $2 \
             where throttle_key = $1",
        )
        .bind(key)
        .bind(stamp(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(0)
    }

    /// Takes back one attempt counted by [`Store::reserve_attempt`] that turned out to be
    /// no failure (a successful login from an address that others share).
    pub async fn release_attempt(&self, key: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "update login_throttle set failures = case when failures > 0 \
             then failures - 1 else 0 end where throttle_key = $1",
        )
        .bind(key)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Forgets the failures of a key after a successful login.
    pub async fn clear_login_failures(&self, key: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("delete from login_throttle where throttle_key = $1")
            .bind(key)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
