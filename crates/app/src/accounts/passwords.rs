//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane).

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::AppError;

/// Hashes a password with a fresh random salt, in PHC string form.
pub fn hash(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Hash(e.to_string()))
}

/// True when the password matches the stored hash.
pub fn verify(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// A valid hash of an unknown password, verified against when an account does not exist, so
/// that a login takes as long for unknown accounts as for known ones.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy password that no one has").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let one = hash("correct horse battery staple").unwrap();
        let two = hash("correct horse battery staple").unwrap();
        assert!(one.starts_with("$argon2id$"), "{one}");
        assert_ne!(one, two, "a fresh salt every time");
        assert!(verify("correct horse battery staple", &one));
        assert!(!verify("correct horse battery stapl", &one));
        assert!(!verify("anything", "not a hash"));
        assert!(decoy_hash().starts_with("$argon2id$"));
    }
}
