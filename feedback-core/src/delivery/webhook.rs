//! Standard Webhooks v1: secrets, signatures, and where we may deliver.
//!
//! Spec: <https://www.standardwebhooks.com/> (`webhook-id`, `webhook-timestamp`, `webhook-signature`;
//! the signature is `v1,` + base64 of HMAC-SHA256 over `id.timestamp.body`, keyed with the secret's bytes).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use url::{Host, Url};

/// How every secret starts.
pub const SECRET_PREFIX: &str = "whsec_";

/// Why a webhook setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// Not `whsec_` followed by base64 of 24 to 64 bytes.
    #[error("a webhook secret is \"whsec_\" followed by base64 of 24 to 64 random bytes")]
    BadSecret,
    /// Not a URL at all.
    #[error("the endpoint URL is not a valid absolute URL: {0}")]
    BadUrl(String),
    /// http (or another scheme) outside local development.
    #[error("the endpoint URL must use https")]
    NotHttps,
    /// A loopback, private, link-local or otherwise internal address outside local development.
    #[error("the endpoint URL points at a private or loopback address ({0}); only public hosts receive webhooks")]
    PrivateAddress(String),
}

/// One endpoint's signing key.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// A secret from random bytes (the caller's CSPRNG).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes.to_vec())
    }

    /// Reads `whsec_…`.
    pub fn parse(text: &str) -> Result<Self, WebhookError> {
        let encoded = text
            .trim()
            .strip_prefix(SECRET_PREFIX)
            .ok_or(WebhookError::BadSecret)?;
        let bytes = STANDARD
            .decode(encoded)
            .map_err(|_| WebhookError::BadSecret)?;
        if (24..=64).contains(&bytes.len()) {
            Ok(Self(bytes))
        } else {
            Err(WebhookError::BadSecret)
        }
    }

    /// The `whsec_…` form given to the integrator.
    pub fn encode(&self) -> String {
        format!("{SECRET_PREFIX}{}", STANDARD.encode(&self.0))
    }

    /// `v1,` + base64(HMAC-SHA256(secret, `id.timestamp.body`)).
    pub fn sign(&self, id: &str, timestamp: i64, body: &str) -> String {
        // HMAC takes keys of any length, so this cannot fail.
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC accepts any key length");
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body.as_bytes());
        format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
    }
}

/// The `webhook-signature` header: one signature per active secret, so a receiver with either the new
/// or the old secret verifies while a rotation is under way.
pub fn signature_header(secrets: &[Secret], id: &str, timestamp: i64, body: &str) -> String {
    secrets
        .iter()
        .map(|s| s.sign(id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How an endpoint wants its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The Standard Webhooks envelope, signed.
    #[default]
    Standard,
    /// `{"text": "…"}`, as Slack-compatible incoming webhooks expect (still signed).
    Slack,
}

impl Format {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Slack => "slack",
        }
    }

    /// Parses a wire name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Standard, Self::Slack]
            .into_iter()
            .find(|f| f.as_str() == name)
    }
}

/// Whether a webhook may go to `raw`: https to a public host; in local development (`wrangler dev`)
/// also http and loopback, so tests can run a receiver on 127.0.0.1.
pub fn check_url(raw: &str, local_dev: bool) -> Result<Url, WebhookError> {
    let url = Url::parse(raw.trim()).map_err(|e| WebhookError::BadUrl(e.to_string()))?;
    match url.scheme() {
        "https" => {}
        "http" if local_dev => {}
        _ => return Err(WebhookError::NotHttps),
    }
    let host = url
        .host()
        .ok_or_else(|| WebhookError::BadUrl("no host".into()))?;
    if !local_dev && is_internal(&host) {
        return Err(WebhookError::PrivateAddress(host.to_string()));
    }
    Ok(url)
}

fn is_internal(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => {
            // Already lower-case: the url crate normalises domain names.
            let name = name.trim_end_matches('.');
            #[allow(clippy::case_sensitive_file_extension_comparisons)]
            let internal = name == "localhost"
                || name.ends_with(".localhost")
                || name.ends_with(".local")
                || name.ends_with(".internal")
                || !name.contains('.');
            internal
        }
        Host::Ipv4(ip) => {
            ip.is_private()
                || ip.is_loopback()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
                || ip.is_documentation()
                || ip.octets()[0] == 100 && (64..128).contains(&ip.octets()[1]) // CGNAT
        }
        Host::Ipv6(ip) => {
            let first = ip.segments()[0];
            ip.is_loopback()
                || ip.is_unspecified()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link local
                || ip.to_ipv4_mapped().is_some_and(|v4| is_internal(&Host::Ipv4(v4)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_as_the_standard_webhooks_reference_does() {
        // The reference libraries' own test vector.
        let secret = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert_eq!(
            secret.sign(
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1_614_265_330,
                r#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn secrets_round_trip_and_bad_ones_are_refused() {
        let secret = Secret::from_bytes([7; 32]);
        assert_eq!(Secret::parse(&secret.encode()), Ok(secret.clone()));
        assert!(secret.encode().starts_with("whsec_"));
        assert_eq!(
            Secret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            Err(WebhookError::BadSecret)
        );
        assert_eq!(Secret::parse("whsec_!!!"), Err(WebhookError::BadSecret));
        assert_eq!(Secret::parse("whsec_AAAA"), Err(WebhookError::BadSecret));
        assert_eq!(format!("{secret:?}"), "Secret(…)", "never printed");
    }

    #[test]
    fn a_rotation_signs_with_both_secrets() {
        let (new, old) = (Secret::from_bytes([1; 32]), Secret::from_bytes([2; 32]));
        let header = signature_header(&[new.clone(), old.clone()], "msg_1", 5, "{}");
        let parts: Vec<_> = header.split(' ').collect();
        assert_eq!(
            parts,
            [new.sign("msg_1", 5, "{}"), old.sign("msg_1", 5, "{}")]
        );
    }

    #[test]
    fn only_public_https_endpoints_outside_local_development() {
        assert!(check_url("https://hooks.example.com/x", false).is_ok());
        assert_eq!(
            check_url("http://hooks.example.com/x", false),
            Err(WebhookError::NotHttps)
        );
        for internal in [
            "https://127.0.0.1/x",
            "https://10.1.2.3/x",
            "https://192.168.0.1/",
            "https://169.254.169.254/latest",
            "https://[::1]/",
            "https://[fd00::1]/",
            "https://[::ffff:10.0.0.1]/",
            "https://localhost/",
            "https://db.internal/",
            "https://intranet/",
            "https://100.64.0.1/",
        ] {
            assert!(
                matches!(
                    check_url(internal, false),
                    Err(WebhookError::PrivateAddress(_))
                ),
                "{internal}"
            );
        }
        assert!(check_url("http://127.0.0.1:9999/hook", true).is_ok());
        assert!(matches!(
            check_url("ftp://x.example.com", true),
            Err(WebhookError::NotHttps)
        ));
        assert!(matches!(
            check_url("not a url", false),
            Err(WebhookError::BadUrl(_))
        ));
    }
}
