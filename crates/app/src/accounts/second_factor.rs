//! The second factor: time-based one-time codes (RFC 6238) and single-use recovery codes.

use jiff::Timestamp;
use totp_rs::{Builder, Secret, Totp};

use super::login::{Stage, session_user};
use super::secrets::{new_token, token_hash};
use crate::App;
use crate::AppError;

/// The issuer shown in authenticator apps.
const ISSUER: &str = "urbis";

/// A new TOTP secret (base32) to show once and store.
pub fn new_secret() -> String {
    Secret::generate().to_base32()
}

fn totp(secret: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret).ok()?;
    Builder::new()
        .with_secret(secret)
        .with_account_name(account)
        .with_issuer(Some(ISSUER))
        .build()
        .ok()
}

/// The `otpauth://` address an authenticator app reads (as a link or QR code).
pub fn setup_url(secret: &str, account: &str) -> Option<String> {
    totp(secret, account)?.to_url().ok()
}

/// The time step a code is valid for at `unix_seconds` (one step of leeway either way), or
/// `None` when the code is wrong. The caller must accept each step only once.
pub fn check_code(secret: &str, account: &str, code: &str, unix_seconds: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    totp(secret, account)?.check(&code, unix_seconds)
}

/// The code for a moment, for tests and for showing a setup is working.
pub fn code_at(secret: &str, account: &str, unix_seconds: u64) -> Option<String> {
    Some(totp(secret, account)?.generate(unix_seconds).to_string())
}

/// Ten recovery codes to show once, and their hashes to store.
pub fn new_recovery_codes() -> Result<(Vec<String>, Vec<String>), AppError> {
    let mut codes = Vec::with_capacity(10);
    while codes.len() < 10 {
        let code: String = new_token()?
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(10)
            .collect::<String>()
            .to_lowercase();
        if let (Some(head), Some(tail)) = (code.get(..5), code.get(5..10)) {
            codes.push(format!("{head}-{tail}"));
        }
    }
    let hashes = codes.iter().map(|c| token_hash(c)).collect();
    Ok((codes, hashes))
}

/// The hash under which a typed recovery code is stored.
pub fn recovery_hash(code: &str) -> String {
    token_hash(&code.trim().to_lowercase())
}

/// Sets up (or replaces) the second factor of the session `token`'s user: the key is stored
/// once a code from it is right, the session counts as complete, and the new recovery codes
/// come back to be shown once. Only a complete session, or one that must set up its first
/// factor, may do this: a session that owes its code gets [`AppError::Forbidden`], so the
/// password alone never replaces a second factor. A wrong code is [`AppError::WrongCode`].
pub async fn set_up(
    app: &App,
    token: &str,
    secret: &str,
    code: &str,
    now: Timestamp,
) -> Result<Vec<String>, AppError> {
    let store = app.store();
    let Some((user, stage)) = session_user(app, token, now).await? else {
        return Err(AppError::Forbidden);
    };
    if stage == Stage::CodeOwed {
        return Err(AppError::Forbidden);
    }
    let seconds = u64::try_from(now.as_second()).unwrap_or(0);
    let Some(step) = check_code(secret, &user.email, code, seconds) else {
        return Err(AppError::WrongCode);
    };
    let (codes, hashes) = new_recovery_codes()?;
    store
        .install_second_factor(&user.id, secret, step, &hashes, &token_hash(token))
        .await?;
    Ok(codes)
}

/// Whether the account has set up its second factor.
pub async fn is_set_up(app: &App, user: &urbis_domain::Id) -> Result<bool, AppError> {
    Ok(app.store().secrets(user).await?.totp_secret.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_valid_for_their_step_and_neighbours_only() {
        let secret = new_secret();
        let now = 1_700_000_000;
        let code = code_at(&secret, "a@example.org", now).unwrap();
        assert_eq!(code.len(), 6);
        let step = check_code(&secret, "a@example.org", &code, now).unwrap();
        assert_eq!(step, now / 30);
        assert!(check_code(&secret, "a@example.org", &code, now + 30).is_some());
        assert!(check_code(&secret, "a@example.org", &code, now + 120).is_none());
        assert!(check_code(&secret, "a@example.org", "000000x", now).is_none());
        assert!(
            setup_url(&secret, "a@example.org")
                .unwrap()
                .starts_with("otpauth://totp/urbis")
        );
    }

    #[test]
    fn recovery_codes_are_distinct_and_hashed() {
        let (codes, hashes) = new_recovery_codes().unwrap();
        assert_eq!(codes.len(), 10);
        assert_eq!(codes[0].len(), 11);
        assert_eq!(recovery_hash(&codes[3].to_uppercase()), hashes[3]);
        let unique: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), 10);
    }
}
