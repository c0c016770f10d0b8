//! Cross-origin answers: the widget posts from the host page's origin.

use worker::{Headers, Request, Response, Result};

/// Headers a browser needs to let a page read our answer.
pub fn allow(req: &Request, response: Response) -> Result<Response> {
    let headers = response.headers().clone();
    if let Some(origin) = req.headers().get("origin")? {
        headers.set("access-control-allow-origin", &origin)?;
        headers.append("vary", "Origin")?;
    }
    Ok(response.with_headers(headers))
}

/// The answer to a CORS preflight for one route.
pub fn preflight(req: &Request, methods: &str) -> Result<Response> {
    let headers = Headers::new();
    headers.set("access-control-allow-methods", methods)?;
    headers.set("access-control-allow-headers", "content-type")?;
    headers.set("access-control-max-age", "86400")?;
    allow(
        req,
        Response::empty()?.with_status(204).with_headers(headers),
    )
}
