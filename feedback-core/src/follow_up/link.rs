//! Signed links for e-mail: a vote link per message, and the "did this solve it?" link sent after an
//! item is resolved. A link carries who and what it is for, signed with HMAC-SHA256 under a named
//! key (so keys can be rotated: the first key signs, every listed key verifies) and an expiry.
//!
//! Token: `<key id>.<base64url(JSON claims)>.<base64url(HMAC of "<key id>.<claims>")>`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The shortest secret a link key may have, in bytes.
pub const MIN_SECRET_BYTES: usize = 32;
/// How long a link is valid when the marketer does not say, and at most, in days.
pub const DEFAULT_DAYS: i64 = 30;
/// The longest validity a link may have, in days.
pub const MAX_DAYS: i64 = 365;

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Purpose {
    /// A reader's vote on a page or topic, from an e-mail.
    #[serde(rename = "v")]
    Vote,
    /// A customer's answer to "did this solve it?" about one item.
    #[serde(rename = "r")]
    Resolution,
}

/// What a link says, as signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkClaims {
    /// What the link is for.
    #[serde(rename = "u")]
    pub purpose: Purpose,
    /// The site.
    #[serde(rename = "s")]
    pub site: String,
    /// The normalised page the vote is about (the item's page for a resolution).
    #[serde(rename = "p")]
    pub page: String,
    /// One e-mail: every write through links of one message is one item. For a resolution, the item's id.
    #[serde(rename = "m")]
    pub message: String,
    /// The campaign, for reports.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// The marketer's own opaque reference to the recipient (never an address).
    #[serde(rename = "r", default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// The e-mail's language, for the landing page.
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// When the link stops working (seconds since 1970, UTC).
    #[serde(rename = "x")]
    pub expires: i64,
}

/// Why a link does not open; each reads as a friendly sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// Not a token of ours at all (cut off by a mail client, typed by hand).
    #[error("this link is incomplete; please use the whole link from the e-mail")]
    Malformed,
    /// Signed with a key we no longer have.
    #[error("this link is no longer valid")]
    UnknownKey,
    /// Changed after it was signed.
    #[error("this link was changed after it was sent, so it cannot be used")]
    Tampered,
    /// Past its expiry.
    #[error("this link has expired")]
    Expired,
}

/// Why the link keys setting cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// No key at all.
    #[error("EMAIL_LINK_KEYS is empty: set it to `id:secret` (secrets of at least 32 characters), newest first")]
    Empty,
    /// A key is not `id:secret`, its id is not 1 to 16 of a-z0-9, or its secret is short.
    #[error("EMAIL_LINK_KEYS entry {0} must be `id:secret` with an id of 1-16 characters a-z0-9 and a secret of at least 32 characters")]
    Invalid(usize),
}

/// The keys that sign and verify links: the first signs, all verify.
#[derive(Clone)]
pub struct LinkKeys(Vec<(String, Vec<u8>)>);

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &[u8], data: &str) -> HmacSha256 {
    // HMAC takes keys of any length.
    let mut mac = HmacSha256::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    mac.update(data.as_bytes());
    mac
}

impl LinkKeys {
    /// Reads `id:secret,id:secret` (newest first), as the `EMAIL_LINK_KEYS` secret holds them.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let mut keys = Vec::new();
        for (i, entry) in text
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .enumerate()
        {
            let (id, secret) = entry.split_once(':').ok_or(KeyError::Invalid(i + 1))?;
            let id_ok = (1..=16).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
            if !id_ok || secret.len() < MIN_SECRET_BYTES {
                return Err(KeyError::Invalid(i + 1));
            }
            keys.push((id.to_owned(), secret.as_bytes().to_vec()));
        }
        if keys.is_empty() {
            return Err(KeyError::Empty);
        }
        Ok(Self(keys))
    }

    /// Signs `claims` with the newest key.
    pub fn sign(&self, claims: &LinkClaims) -> String {
        let (id, secret) = &self.0[0];
        let json = serde_json::to_string(claims).unwrap_or_default();
        let body = format!("{id}.{}", URL_SAFE_NO_PAD.encode(json));
        let tag = URL_SAFE_NO_PAD.encode(mac(secret, &body).finalize().into_bytes());
        format!("{body}.{tag}")
    }

    /// Checks a token's key, signature and expiry (`now`: seconds since 1970) and answers its claims.
    pub fn verify(&self, token: &str, now: i64) -> Result<LinkClaims, LinkError> {
        let (body, tag) = token.rsplit_once('.').ok_or(LinkError::Malformed)?;
        let (id, claims) = body.split_once('.').ok_or(LinkError::Malformed)?;
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| LinkError::Malformed)?;
        let (_, secret) = self
            .0
            .iter()
            .find(|(k, _)| k == id)
            .ok_or(LinkError::UnknownKey)?;
        mac(secret, body)
            .verify_slice(&tag)
            .map_err(|_| LinkError::Tampered)?;
        let json = URL_SAFE_NO_PAD
            .decode(claims)
            .map_err(|_| LinkError::Tampered)?;
        let claims: LinkClaims = serde_json::from_slice(&json).map_err(|_| LinkError::Tampered)?;
        if claims.expires <= now {
            return Err(LinkError::Expired);
        }
        Ok(claims)
    }

    /// A proof that the landing page for `token` was served at `served_ms` (milliseconds since
    /// 1970), to send back with the confirmation; `random` makes each page view's proof unique.
    pub fn served(&self, token: &str, served_ms: i64, random: &str) -> String {
        let (id, secret) = &self.0[0];
        let body = format!("{id}.{served_ms}.{random}");
        let tag = URL_SAFE_NO_PAD.encode(
            mac(secret, &format!("{body}.{token}"))
                .finalize()
                .into_bytes(),
        );
        format!("{body}.{tag}")
    }

    /// When the landing page for `token` was served, if `proof` is one of ours for that token.
    pub fn served_at(&self, token: &str, proof: &str) -> Option<i64> {
        let mut parts = proof.splitn(4, '.');
        let (id, at, random, tag) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let (_, secret) = self.0.iter().find(|(k, _)| k == id)?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        mac(secret, &format!("{id}.{at}.{random}.{token}"))
            .verify_slice(&tag)
            .ok()?;
        at.parse().ok()
    }
}

/// The item every vote through one e-mail message's links writes: the same for every link and
/// every confirmation of that message, never another message's or another site's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailItem {
    /// The idempotency key its submissions carry (a change of answer is the next revision).
    pub idempotency_key: String,
    /// The visitor it is stored for, in place of the anonymous daily id.
    pub visitor: String,
}

impl EmailItem {
    /// The item of `message` on `site`.
    pub fn of(site: &str, message: &str) -> Self {
        use sha2::Digest;
        let digest = Sha256::digest(format!("{site}\n{message}").as_bytes());
        let key = crate::hex(&digest[..16]);
        Self {
            idempotency_key: format!("email-{key}"),
            visitor: format!("email:{key}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "k1:0123456789abcdef0123456789abcdef";
    const NEW: &str = "k2:fedcba9876543210fedcba9876543210";

    fn claims() -> LinkClaims {
        LinkClaims {
            purpose: Purpose::Vote,
            site: "demo".into(),
            page: "https://docs.example.com/guide".into(),
            message: "newsletter-42-ann".into(),
            campaign: Some("newsletter-42".into()),
            recipient: None,
            lang: Some("nl".into()),
            expires: 2_000_000_000,
        }
    }

    #[test]
    fn a_signed_link_opens_until_it_expires() {
        let keys = LinkKeys::parse(OLD).unwrap();
        let token = keys.sign(&claims());
        assert!(token.starts_with("k1."));
        assert_eq!(keys.verify(&token, 1_900_000_000), Ok(claims()));
        assert_eq!(keys.verify(&token, 2_000_000_000), Err(LinkError::Expired));
    }

    #[test]
    fn tampered_truncated_and_foreign_links_do_not_open() {
        let keys = LinkKeys::parse(OLD).unwrap();
        let token = keys.sign(&claims());
        let (kid, rest) = token.split_once('.').unwrap();
        let (body, tag) = rest.split_once('.').unwrap();
        let mut forged = claims();
        forged.page = "https://evil.example/".into();
        let forged_body = URL_SAFE_NO_PAD.encode(serde_json::to_string(&forged).unwrap());
        assert_eq!(
            keys.verify(&format!("{kid}.{forged_body}.{tag}"), 0),
            Err(LinkError::Tampered)
        );
        assert_eq!(
            keys.verify(&token[..token.len() - 3], 0),
            Err(LinkError::Tampered)
        );
        assert_eq!(keys.verify("nonsense", 0), Err(LinkError::Malformed));
        assert_eq!(
            keys.verify(&format!("k9.{body}.{tag}"), 0),
            Err(LinkError::UnknownKey)
        );
        let other = LinkKeys::parse("k1:another-secret-of-32-characters-long!").unwrap();
        assert_eq!(other.verify(&token, 0), Err(LinkError::Tampered));
    }

    #[test]
    fn after_a_rotation_old_links_still_open_and_new_ones_use_the_new_key() {
        let before = LinkKeys::parse(OLD).unwrap();
        let old_link = before.sign(&claims());
        let rotated = LinkKeys::parse(&format!("{NEW},{OLD}")).unwrap();
        assert_eq!(rotated.verify(&old_link, 0), Ok(claims()));
        assert!(rotated.sign(&claims()).starts_with("k2."));
        let retired = LinkKeys::parse(NEW).unwrap();
        assert_eq!(retired.verify(&old_link, 0), Err(LinkError::UnknownKey));
    }

    #[test]
    fn key_settings_say_what_is_wrong() {
        assert_eq!(LinkKeys::parse("").err(), Some(KeyError::Empty));
        assert_eq!(
            LinkKeys::parse("k1:short").err(),
            Some(KeyError::Invalid(1))
        );
        assert_eq!(
            LinkKeys::parse(&format!("{OLD},K2:{}", "x".repeat(40))).err(),
            Some(KeyError::Invalid(2))
        );
    }

    #[test]
    fn a_served_proof_belongs_to_one_token() {
        let keys = LinkKeys::parse(OLD).unwrap();
        let token = keys.sign(&claims());
        let proof = keys.served(&token, 1_795_000_000_000, "r4nd0m");
        assert_eq!(keys.served_at(&token, &proof), Some(1_795_000_000_000));
        assert_eq!(keys.served_at("another.token.x", &proof), None);
        assert_eq!(keys.served_at(&token, &proof.replace("1795", "1794")), None);
    }

    #[test]
    fn one_message_is_one_item_and_sites_never_share_it() {
        assert_eq!(EmailItem::of("demo", "m1"), EmailItem::of("demo", "m1"));
        assert_ne!(EmailItem::of("demo", "m1"), EmailItem::of("other", "m1"));
        assert_ne!(EmailItem::of("demo", "m1"), EmailItem::of("demo", "m2"));
        let item = EmailItem::of("demo", "m1");
        assert_eq!(item.idempotency_key.len(), "email-".len() + 32);
        assert_eq!(
            item.visitor.strip_prefix("email:"),
            item.idempotency_key.strip_prefix("email-")
        );
    }
}
