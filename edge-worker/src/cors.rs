//! Cross-origin answers: the widget posts from the host page's origin; tokens, not cookies, guard reads.

use worker::{Headers, Response, Result};

use crate::request::Request;

/// Lets the calling page read our answer. Which origins may *send* feedback is the ingest's decision.
pub fn allow(req: &Request, response: Response) -> Result<Response> {
    let headers = response.headers().clone();
    if let Some(origin) = req.headers().get("origin")? {
        headers.set("access-control-allow-origin", &origin)?;
        headers.append("vary", "Origin")?;
        headers.set("access-control-expose-headers", "retry-after, link")?;
    }
    Ok(response.with_headers(headers))
}

/// The answer to a CORS preflight for a route that accepts `methods`.
pub fn preflight(req: &Request, methods: &str) -> Result<Response> {
    let headers = Headers::new();
    headers.set("access-control-allow-methods", methods)?;
    headers.set(
        "access-control-allow-headers",
        "content-type, authorization",
    )?;
    headers.set("access-control-max-age", "86400")?;
    allow(
        req,
        Response::empty()?.with_status(204).with_headers(headers),
    )
}
