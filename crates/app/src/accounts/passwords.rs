//! Password hashing with argon2id, with OWASP's parameters of 7 MiB, 5 passes and 1 lane:
//! as strong as its 19 MiB with 2 passes, but a login holds a third of the memory, and a
//! server's allocator keeps what a login once took.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::AppError;

/// Memory per hash, in KiB.
const MEMORY_KIB: u32 = 7 * 1024;
/// Passes over the memory.
const PASSES: u32 = 5;

/// The hasher new passwords are hashed with (a stored hash is verified with its own
/// parameters, so older hashes keep working).
fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password with a fresh random salt, in PHC string form.
pub fn hash(password: &str) -> Result<String, AppError> {
    hasher()
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
        assert!(one.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"), "{one}");
        // A hash made with the former parameters (19 MiB, 2 passes) still verifies.
        let former = Argon2::default()
            .hash_password(b"correct horse battery staple")
            .unwrap()
            .to_string();
        assert!(former.contains("m=19456,t=2"), "{former}");
        assert!(verify("correct horse battery staple", &former));
        assert!(!verify("correct horse", &former));
        assert_ne!(one, two, "a fresh salt every time");
        assert!(verify("correct horse battery staple", &one));
        assert!(!verify("correct horse battery stapl", &one));
        assert!(!verify("anything", "not a hash"));
        assert!(decoy_hash().starts_with("$argon2id$"));
    }
}
