//! Which web pages may send feedback for a site.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A site's allowed origins: exact (`https://docs.acme.com`), any port (`http://127.0.0.1:*`),
/// any subdomain (`https://*.acme.com`), or everyone (`*`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AllowedOrigins(Vec<String>);

/// Why an allowed-origin pattern was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OriginPatternError {
    /// Not `scheme://host[:port]`.
    #[error(
        "{0:?} is not an origin such as https://docs.example.com (no path, no trailing slash)"
    )]
    NotAnOrigin(String),
}

/// `scheme://host[:port]` into its parts; `None` for anything else.
fn split(origin: &str) -> Option<(&str, &str, Option<&str>)> {
    let (scheme, rest) = origin.split_once("://")?;
    if !matches!(scheme, "http" | "https") || rest.contains(['/', '?', '#', '@']) {
        return None;
    }
    let (host, port) = if rest.starts_with('[') {
        let end = rest.find(']')? + 1;
        let (host, after) = rest.split_at(end);
        (
            host,
            if after.is_empty() {
                None
            } else {
                Some(after.strip_prefix(':')?)
            },
        )
    } else {
        match rest.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        }
    };
    (!host.is_empty() && port.is_none_or(|p| !p.is_empty())).then_some((scheme, host, port))
}

impl AllowedOrigins {
    /// Validates patterns as an owner gives them.
    pub fn parse(patterns: Vec<String>) -> Result<Self, OriginPatternError> {
        for pattern in &patterns {
            let valid = pattern == "*"
                || split(pattern).is_some_and(|(_, host, port)| {
                    let host = host.strip_prefix("*.").unwrap_or(host);
                    !host.contains('*') && port.is_none_or(|p| p == "*" || p.parse::<u16>().is_ok())
                });
            if !valid {
                return Err(OriginPatternError::NotAnOrigin(pattern.clone()));
            }
        }
        Ok(Self(patterns))
    }

    /// The patterns, as stored.
    pub fn patterns(&self) -> &[String] {
        &self.0
    }

    /// Whether a page at `origin` (the browser's `Origin` header) may send feedback.
    pub fn allows(&self, origin: &str) -> bool {
        let origin = origin.to_ascii_lowercase();
        let Some((scheme, host, port)) = split(&origin) else {
            return false;
        };
        self.0.iter().any(|pattern| {
            if pattern == "*" {
                return true;
            }
            let pattern = pattern.to_ascii_lowercase();
            let Some((p_scheme, p_host, p_port)) = split(&pattern) else {
                return false;
            };
            let host_ok = match p_host.strip_prefix("*.") {
                Some(domain) => host
                    .strip_suffix(domain)
                    .is_some_and(|sub| sub.ends_with('.')),
                None => host == p_host,
            };
            let port_ok = p_port == Some("*") || p_port == port;
            p_scheme == scheme && host_ok && port_ok
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(patterns: &[&str]) -> AllowedOrigins {
        AllowedOrigins::parse(patterns.iter().map(ToString::to_string).collect()).unwrap()
    }

    #[test]
    fn exact_origins_match_exactly() {
        let origins = allowed(&["https://docs.acme.com"]);
        assert!(origins.allows("https://docs.acme.com"));
        assert!(origins.allows("https://DOCS.acme.com"));
        assert!(!origins.allows("http://docs.acme.com"));
        assert!(!origins.allows("https://docs.acme.com:8443"));
        assert!(!origins.allows("https://docs.acme.com.evil.test"));
        assert!(!origins.allows("null"));
    }

    #[test]
    fn wildcards_cover_subdomains_and_ports_only() {
        let origins = allowed(&["https://*.acme.com", "http://127.0.0.1:*"]);
        assert!(origins.allows("https://shop.acme.com"));
        assert!(origins.allows("https://a.b.acme.com"));
        assert!(!origins.allows("https://acme.com"));
        assert!(!origins.allows("https://evilacme.com"));
        assert!(origins.allows("http://127.0.0.1:8787"));
        assert!(!origins.allows("http://127.0.0.2:8787"));
        assert!(allowed(&["*"]).allows("https://anyone.test"));
        assert!(!allowed(&[]).allows("https://anyone.test"));
    }

    #[test]
    fn patterns_that_are_not_origins_are_refused() {
        for bad in [
            "docs.acme.com",
            "https://docs.acme.com/",
            "ftp://x.test",
            "https://a*.x.test",
            "https://x.test:port",
        ] {
            assert!(AllowedOrigins::parse(vec![bad.into()]).is_err(), "{bad}");
        }
    }
}
