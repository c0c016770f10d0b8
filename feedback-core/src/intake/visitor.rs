//! Who a visitor is, for one day only: a keyed hash, no cookie, no stored address.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A visitor's id on one day: HMAC-SHA256 keyed with that day's random salt over the address, the
/// user agent and the site, cut to 128 bits. The salt is deleted after the day, so ids of
/// different days cannot be linked, and the address cannot be recovered from an id.
pub fn visitor_id(daily_salt: &[u8], ip: &str, user_agent: &str, site: &str) -> String {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(daily_salt).expect("HMAC accepts any key length");
    // Length prefixes keep one part from sliding into the next ("1", "2|3" vs "1|2", "3").
    for part in [ip, user_agent, site] {
        mac.update(&(part.len() as u64).to_le_bytes());
        mac.update(part.as_bytes());
    }
    crate::hex(&mac.finalize().into_bytes()[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_visitor_one_day_one_id() {
        let a = visitor_id(b"salt-of-monday", "203.0.113.9", "Firefox", "demo");
        assert_eq!(
            a,
            visitor_id(b"salt-of-monday", "203.0.113.9", "Firefox", "demo")
        );
        assert_eq!(a.len(), 32);
        assert!(!a.contains("203"));
    }

    #[test]
    fn another_day_site_address_or_browser_is_another_visitor() {
        let a = visitor_id(b"salt-of-monday", "203.0.113.9", "Firefox", "demo");
        assert_ne!(
            a,
            visitor_id(b"salt-of-tuesday", "203.0.113.9", "Firefox", "demo")
        );
        assert_ne!(
            a,
            visitor_id(b"salt-of-monday", "203.0.113.9", "Firefox", "other")
        );
        assert_ne!(
            a,
            visitor_id(b"salt-of-monday", "203.0.113.10", "Firefox", "demo")
        );
        assert_ne!(
            a,
            visitor_id(b"salt-of-monday", "203.0.113.9", "Chrome", "demo")
        );
        // Parts cannot slide into each other.
        assert_ne!(
            visitor_id(b"s", "1", "2|3", "x"),
            visitor_id(b"s", "1|2", "3", "x")
        );
    }
}
