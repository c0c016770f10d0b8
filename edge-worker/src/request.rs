//! The request a handler reads: its method, path, URL, headers and body, over the runtime's own
//! request object.
//!
//! workers-rs's `Request` also reads the request's `cf` object (where the visitor connects from)
//! when it is made, for every request; the runtime builds that object from JSON on each read, and
//! this worker never looks at it. Under load that read was 3 % of the isolate's time
//! (`node bench/worker_profile.mjs`, 2026-12-06), so handlers read this type instead.

use worker::wasm_bindgen_futures::JsFuture;
use worker::worker_sys::web_sys;
use worker::{Error, Headers, Result, Url};

/// One incoming HTTP request.
pub struct Request {
    inner: web_sys::Request,
    headers: Headers,
    body_used: bool,
}

impl From<web_sys::Request> for Request {
    fn from(inner: web_sys::Request) -> Self {
        Self {
            headers: Headers(inner.headers()),
            inner,
            body_used: false,
        }
    }
}

impl Request {
    /// The HTTP method, as sent (`GET`, `POST`, …).
    pub fn method(&self) -> String {
        self.inner.method()
    }

    /// The URL's path, still percent-encoded, without its query or fragment.
    pub fn path(&self) -> String {
        path_of(&self.inner.url()).to_owned()
    }

    /// The whole URL, parsed.
    pub fn url(&self) -> Result<Url> {
        let url = self.inner.url();
        url.parse()
            .map_err(|e| Error::RustError(format!("the request's URL {url} is not a URL: {e}")))
    }

    /// The request's headers.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// The body as text; a body can be read once.
    pub async fn text(&mut self) -> Result<String> {
        let text = JsFuture::from(self.take_body()?.text()?).await?;
        text.as_string()
            .ok_or_else(|| Error::RustError("the body did not read as text".into()))
    }

    /// The body as bytes; a body can be read once.
    pub async fn bytes(&mut self) -> Result<Vec<u8>> {
        let buffer = JsFuture::from(self.take_body()?.array_buffer()?).await?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }

    fn take_body(&mut self) -> Result<&web_sys::Request> {
        if std::mem::replace(&mut self.body_used, true) {
            return Err(Error::BodyUsed);
        }
        Ok(&self.inner)
    }
}

/// The path of a serialized URL (as the runtime gives it): from the first `/` after the host up to
/// `?` or `#`, which cannot occur unescaped inside a path. A URL without a path is `/`.
fn path_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[after_scheme..];
    let path = match rest.find(['/', '?', '#']) {
        Some(start) if rest[start..].starts_with('/') => &rest[start..],
        _ => return "/",
    };
    &path[..path.find(['?', '#']).unwrap_or(path.len())]
}

#[cfg(test)]
mod tests {
    use super::path_of;

    #[test]
    fn a_path_is_what_lies_between_the_host_and_the_query() {
        assert_eq!(path_of("http://127.0.0.1:8787/v1/feedback"), "/v1/feedback");
        assert_eq!(
            path_of("https://x.example/v1/sites/demo/pages?days=7#top"),
            "/v1/sites/demo/pages"
        );
        assert_eq!(
            path_of("https://x.example/e/abc%2Fdef?x=/y"),
            "/e/abc%2Fdef"
        );
        assert_eq!(path_of("https://x.example"), "/");
        assert_eq!(path_of("https://x.example?q=/a"), "/");
    }
}
