//! What the worker's HTML pages share (the dashboard, the e-mail landing pages): the answer with its
//! security headers, and reading forms and query strings.

use maud::Markup;
use worker::{Headers, Response, Result};

use crate::request::Request;

/// An HTML answer under `csp`, never cached, never sniffed, with `referrer` as its referrer policy.
pub fn html(markup: &Markup, status: u16, csp: &str, referrer: &str) -> Result<Response> {
    let headers = Headers::new();
    headers.set("content-type", "text/html; charset=utf-8")?;
    headers.set("cache-control", "no-store")?;
    headers.set("content-security-policy", csp)?;
    headers.set("x-content-type-options", "nosniff")?;
    headers.set("referrer-policy", referrer)?;
    Ok(Response::ok(markup.clone().into_string())?
        .with_status(status)
        .with_headers(headers))
}

/// The fields of an `application/x-www-form-urlencoded` body.
pub fn form(body: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The first value of `name` among form or query pairs.
pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The request's query pairs.
pub fn query(req: &Request) -> Result<Vec<(String, String)>> {
    Ok(req
        .url()?
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect())
}

/// `text` encoded for a query value.
pub fn url_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
