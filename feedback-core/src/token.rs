//! Secrets that open a site's data: read tokens for marketers, the admin token for operators.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// Every read token starts with this, so a leaked one is recognisable in logs and scanners.
pub const READ_TOKEN_PREFIX: &str = "fbr_";

/// A new read token from 24 random bytes the caller draws from a secure source.
pub fn new_read_token(random: &[u8; 24]) -> String {
    format!("{READ_TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(random))
}

/// What is stored instead of a token: its SHA-256, hex. A database leak reveals no working token.
pub fn token_hash(token: &str) -> String {
    crate::hex(&Sha256::digest(token.as_bytes()))
}

/// Compares two secrets in time that depends only on their lengths.
pub fn secrets_equal(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether `token` is the one whose hash is stored.
pub fn token_matches(token: &str, stored_hash: &str) -> bool {
    secrets_equal(&token_hash(token), stored_hash)
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_matches_its_hash_only() {
        let token = new_read_token(&[7; 24]);
        assert!(token.starts_with(READ_TOKEN_PREFIX));
        assert_eq!(token.len(), READ_TOKEN_PREFIX.len() + 32);
        let stored = token_hash(&token);
        assert!(token_matches(&token, &stored));
        assert!(!token_matches(&new_read_token(&[8; 24]), &stored));
        assert!(!token_matches("", &stored));
    }

    #[test]
    fn the_demo_token_hash_in_the_seed_is_right() {
        let seed = include_str!("../../edge-worker/seed/demo-site.sql");
        assert!(
            seed.contains(&token_hash("demo-read-token")),
            "seed/demo-site.sql holds a stale hash"
        );
    }

    #[test]
    fn bearer_headers_are_read_strictly() {
        assert_eq!(bearer("Bearer fbr_abc"), Some("fbr_abc"));
        assert_eq!(bearer("bearer   fbr_abc "), Some("fbr_abc"));
        assert_eq!(bearer("Basic dXNlcg=="), None);
        assert_eq!(bearer("Bearer "), None);
        assert_eq!(bearer("fbr_abc"), None);
    }
}
