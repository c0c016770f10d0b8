//! E-mail links: making them (`make`), their landing page and the hidden link that gives scanners
//! away (`landing`), and the confirmation that records an answer (`confirm`). A GET or HEAD never
//! records anything.

pub mod confirm;
pub mod landing;
pub mod make;

use feedback_core::follow_up::link::{LinkClaims, LinkError, LinkKeys};
use feedback_core::strings_for;
use maud::{html, Markup, DOCTYPE};
use worker::Response;

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::runtime::Now;
use crate::store::link_events::{self, Event, Kind};
use crate::web;

/// What a landing page may load: our stylesheet, nothing else; forms post only to us.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The keys that sign and check links, or why links are not set up.
fn keys(bindings: &Bindings) -> Result<LinkKeys, ApiError> {
    bindings
        .link_keys()
        .map_err(|e| ApiError::NoLinkKeys(e.to_string()))
}

/// A link's claims, or why the link does not work (a collector without keys opens no link).
fn verify(
    bindings: &Bindings,
    token: &str,
    now_secs: i64,
) -> Result<(LinkKeys, LinkClaims), ApiError> {
    let keys = keys(bindings).map_err(|_| ApiError::LinkRefused(LinkError::UnknownKey))?;
    let claims = keys
        .verify(token, now_secs)
        .map_err(ApiError::LinkRefused)?;
    Ok((keys, claims))
}

/// Records what happened to a link (`kind`, and why), for the landing page view `served`; a failure
/// to record never changes what the person sees.
async fn record(
    bindings: &Bindings,
    claims: &LinkClaims,
    (kind, reason): (Kind, Option<&str>),
    served: Option<&str>,
    now: &Now,
) {
    let event = Event {
        site: &claims.site,
        message: &claims.message,
        kind,
        reason,
        served,
    };
    if let Err(error) = link_events::record(&bindings.db, &event, &now.iso).await {
        worker::console_warn!("a link event was not recorded: {error:?}");
    }
}

/// A landing page's answer: never indexed, never followed, no referrer.
pub fn page(markup: &Markup, status: u16) -> worker::Result<Response> {
    let response = web::html(markup, status, CSP, "no-referrer")?;
    // Scanners and search engines: nothing here to index or follow.
    response
        .headers()
        .set("x-robots-tag", "noindex, nofollow")?;
    Ok(response)
}

/// A landing page in the link's language.
pub fn layout(lang: &str, title: &str, body: &Markup) -> Markup {
    let strings = strings_for(lang);
    html! {
        (DOCTYPE)
        html lang=(strings.lang) dir=(strings.dir.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex, nofollow";
                title { (title) }
                link rel="stylesheet" href="/dashboard-assets/landing.css";
            }
            body { main { (body) } }
        }
    }
}

/// The thank-you a person (and, to learn nothing, a suspected scanner) sees.
pub fn thanks(claims: &LinkClaims) -> Markup {
    let lang = claims.lang.as_deref().unwrap_or("en");
    let strings = strings_for(lang);
    layout(
        lang,
        strings.thanks(),
        &html! {
            h1 role="status" { (strings.thanks()) }
        },
    )
}
