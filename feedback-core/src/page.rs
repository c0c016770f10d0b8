//! Page identity: one canonical string per page, however the visitor reached it.

use thiserror::Error;
use url::Url;

/// The longest page URL we store, in bytes, after normalisation.
pub const MAX_PAGE_LEN: usize = 2048;

/// Query parameters that say how a visitor arrived, not which page they read.
const TRACKING_PARAMS: [&str; 10] = [
    "gclid", "dclid", "fbclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl",
];

/// Why a page address cannot identify a page.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PageError {
    /// The text is not an absolute URL.
    #[error("must be an absolute http(s) URL")]
    NotAUrl,
    /// Only web pages are rated.
    #[error("must use http or https, not {0}")]
    UnsupportedScheme(String),
    /// Longer than [`MAX_PAGE_LEN`].
    #[error("must be at most {MAX_PAGE_LEN} bytes long")]
    TooLong,
}

fn is_tracking(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_") || TRACKING_PARAMS.contains(&name.as_str())
}

/// Whether a fragment names a route of a single-page app (`#/pricing`, `#!/pricing`) rather than a
/// place on the page (`#install`): only a route is part of the page's identity. The loader
/// (`widget/loader/embed.js`) follows the same rule to notice a new page.
pub fn is_route_fragment(fragment: &str) -> bool {
    fragment.starts_with('/') || fragment.starts_with("!/")
}

/// Normalises a page URL: lower-case host, no default port, no credentials, no fragment unless it
/// is a route, no trailing slash, no tracking parameters, remaining parameters sorted.
pub fn normalise_page(raw: &str) -> Result<String, PageError> {
    if raw.len() > MAX_PAGE_LEN {
        return Err(PageError::TooLong);
    }
    let mut url = Url::parse(raw.trim()).map_err(|_| PageError::NotAUrl)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(PageError::UnsupportedScheme(url.scheme().to_owned()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(PageError::NotAUrl);
    }
    if !url.fragment().is_some_and(is_route_fragment) {
        url.set_fragment(None);
    }
    // Both only fail for URLs that cannot have credentials, which is fine to ignore.
    let _ = url.set_username("");
    let _ = url.set_password(None);

    let mut params: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !is_tracking(name))
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    params.sort();
    if params.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(params);
    }

    let trimmed = url.path().trim_end_matches('/').to_owned();
    url.set_path(if trimmed.is_empty() { "/" } else { &trimmed });

    let page = String::from(url);
    if page.len() > MAX_PAGE_LEN {
        return Err(PageError::TooLong);
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_page_many_spellings() {
        let canonical = "https://docs.example.com/guide/install";
        for spelling in [
            "https://docs.example.com/guide/install",
            "https://DOCS.Example.com/guide/install/",
            "https://docs.example.com:443/guide/install#step-2",
            "https://user:pw@docs.example.com/guide/install",
            "https://docs.example.com/guide/install?utm_source=news&utm_medium=mail&gclid=x",
            "  https://docs.example.com/guide/install\n",
        ] {
            assert_eq!(
                normalise_page(spelling).as_deref(),
                Ok(canonical),
                "{spelling}"
            );
        }
    }

    #[test]
    fn meaningful_parameters_stay_in_one_order() {
        assert_eq!(
            normalise_page("http://example.com:8080/search?q=rust&lang=nl&utm_campaign=x")
                .as_deref(),
            Ok("http://example.com:8080/search?lang=nl&q=rust")
        );
        assert_eq!(
            normalise_page("http://example.com/search?lang=nl&q=rust"),
            normalise_page("http://example.com/search?q=rust&lang=nl")
        );
    }

    #[test]
    fn the_root_keeps_its_slash() {
        assert_eq!(
            normalise_page("https://example.com").as_deref(),
            Ok("https://example.com/")
        );
        assert_eq!(
            normalise_page("https://example.com///").as_deref(),
            Ok("https://example.com/")
        );
    }

    #[test]
    fn refuses_what_is_not_a_web_page() {
        assert_eq!(normalise_page("docs/install"), Err(PageError::NotAUrl));
        assert_eq!(normalise_page(""), Err(PageError::NotAUrl));
        assert_eq!(
            normalise_page("javascript:alert(1)"),
            Err(PageError::UnsupportedScheme("javascript".into()))
        );
        assert_eq!(
            normalise_page("file:///etc/passwd"),
            Err(PageError::UnsupportedScheme("file".into()))
        );
        let long = format!("https://example.com/{}", "a".repeat(MAX_PAGE_LEN));
        assert_eq!(normalise_page(&long), Err(PageError::TooLong));
    }

    #[test]
    fn a_route_fragment_is_part_of_the_page_and_an_anchor_is_not() {
        assert_eq!(
            normalise_page("https://app.example.com/#/pricing").as_deref(),
            Ok("https://app.example.com/#/pricing")
        );
        assert_eq!(
            normalise_page("https://app.example.com/#!/pricing?utm_source=x").as_deref(),
            Ok("https://app.example.com/#!/pricing?utm_source=x"),
            "what follows a route's # is the app's own"
        );
        assert_eq!(
            normalise_page("https://docs.example.com/guide#install").as_deref(),
            Ok("https://docs.example.com/guide")
        );
        assert_ne!(
            normalise_page("https://app.example.com/#/a"),
            normalise_page("https://app.example.com/#/b")
        );
    }

    #[test]
    fn the_loader_knows_a_new_page_by_the_same_rule() {
        let loader = include_str!("../../widget/loader/embed.js");
        assert!(
            loader.contains(r#"replace(/#(?!!?\/).*$/, "")"#),
            "the loader drops every fragment but a route's, as is_route_fragment says"
        );
        assert!(is_route_fragment("/a") && is_route_fragment("!/a"));
        assert!(!is_route_fragment("a") && !is_route_fragment("!a") && !is_route_fragment(""));
    }
}

/// Which address identifies the page a widget sits on: the owner's `data-page`, else the
/// canonical link, else the address bar without query and fragment (but with a route fragment).
pub fn choose_page(data_page: Option<&str>, canonical: Option<&str>, address: &str) -> String {
    let given = |v: Option<&str>| {
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    given(data_page)
        .or_else(|| given(canonical))
        .unwrap_or_else(|| {
            let (before, fragment) = address.split_once('#').unwrap_or((address, ""));
            let path = before.split('?').next().unwrap_or(before);
            if is_route_fragment(fragment) {
                format!("{path}#{fragment}")
            } else {
                path.to_owned()
            }
        })
}

#[cfg(test)]
mod choose_tests {
    use super::choose_page;

    #[test]
    fn a_route_of_a_single_page_app_stays_with_the_address() {
        assert_eq!(
            choose_page(None, None, "https://app.test/?tab=2#/pricing"),
            "https://app.test/#/pricing"
        );
        assert_eq!(
            choose_page(None, None, "https://app.test/guide#install"),
            "https://app.test/guide"
        );
    }

    #[test]
    fn the_owner_wins_then_the_canonical_link_then_the_address() {
        let address = "https://x.test/a?utm_source=y#top";
        assert_eq!(
            choose_page(Some("https://x.test/p"), Some("https://x.test/c"), address),
            "https://x.test/p"
        );
        assert_eq!(
            choose_page(Some("  "), Some("https://x.test/c"), address),
            "https://x.test/c"
        );
        assert_eq!(choose_page(None, None, address), "https://x.test/a");
        assert_eq!(
            choose_page(None, Some(""), "https://x.test/b#x"),
            "https://x.test/b"
        );
    }
}
