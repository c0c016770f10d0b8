//! The marketer's dashboard at `/dashboard`: server-rendered HTML behind the site's read token.
//!
//! Signing in puts the read token in an `HttpOnly`, `SameSite=Strict` cookie scoped to
//! `/dashboard/<site>`, so each site's screens see only their own token; a rotated token signs
//! everyone out. Forms that change something also check the request's origin.

mod chart;
pub mod views;

use feedback_core::follow_up::link_request::ResolutionRequest;
use feedback_core::follow_up::page_note::{NoteKind, Publish};
use feedback_core::follow_up::status::{Actor, StatusChange};
use feedback_core::insight::dashboard::DashboardQuery;
use feedback_core::insight::item::csv_document;
use feedback_core::token::token_matches;
use feedback_core::{FieldError, ItemStatus};
use maud::Markup;
use worker::{Headers, Response};

use crate::request::Request;

/// Every function here answers through the route table's one error mapping.
type Result<T, E = ApiError> = std::result::Result<T, E>;

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::follow_up::links::make;
use crate::follow_up::notes::{self, Author};
use crate::runtime::Now;
use crate::store::screens as data;
use crate::{sites, web};

const COOKIE: &str = "fb_read";
/// What the dashboard's pages may load: our own stylesheet and script, nothing inline, no frames.
pub const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A dashboard page under the dashboard's CSP.
pub fn html(markup: &Markup, status: u16) -> Result<Response> {
    Ok(web::html(markup, status, CSP, "same-origin")?)
}

fn see_other(location: &str, cookie: Option<String>) -> Result<Response> {
    let headers = Headers::new();
    headers.set("location", location)?;
    headers.set("cache-control", "no-store")?;
    if let Some(cookie) = cookie {
        headers.set("set-cookie", &cookie)?;
    }
    Ok(Response::empty()?.with_status(303).with_headers(headers))
}

/// The session cookie for `site`: only its own screens receive it.
fn session_cookie(req: &Request, site: &str, token: &str, max_age: u32) -> Result<String> {
    let secure = if req.url()?.scheme() == "https" {
        "; Secure"
    } else {
        ""
    };
    Ok(format!(
        "{COOKIE}={token}; Path=/dashboard/{site}; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
}

/// The session's token in a `Cookie` header, found by its exact name. By hand: the `cookie` crate
/// would add 18 KB (gzip) to the worker for this one lookup (measured 2026-12-04).
fn session_token(header: &str) -> Option<String> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// Whether a form post comes from our own pages (browsers always send `Origin` on a POST).
fn same_origin(req: &Request) -> Result<bool> {
    let url = req.url()?;
    let own = url.origin().ascii_serialization();
    Ok(req.headers().get("origin")?.as_deref() == Some(own.as_str()))
}

/// A screen of one site's dashboard, as the route table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Figures, trend, channels and the pages table.
    Overview,
    /// One page's detail.
    Page,
    /// The urgent inbox.
    Inbox,
    /// The view's answers as CSV.
    Export,
    /// Moving an item to another status (a form post).
    ChangeStatus,
    /// Signing out (a form post).
    SignOut,
    /// Publishing a note or notice on a page (a form post).
    PublishNote,
    /// Taking one down (a form post).
    UnpublishNote,
    /// The "did this solve your problem?" message of a resolved item, ready to send.
    AskCustomer,
}

/// `GET /dashboard`: the sign-in page.
pub fn sign_in_page(req: &Request) -> Result<Response, ApiError> {
    let query = web::query(req)?;
    html(
        &views::sign_in(web::field(&query, "site").unwrap_or_default(), None),
        200,
    )
}

/// Answers one screen of `site`'s dashboard (`id`: the item of a status change), after checking
/// the site's cookie: without one, the sign-in page.
pub async fn screen(
    req: &mut Request,
    bindings: &Bindings,
    site: &str,
    id: &str,
    screen: Screen,
) -> Result<Response, ApiError> {
    let today = match authorise(req, bindings, site).await {
        Ok(today) => today,
        Err(refusal) => return refusal,
    };
    match screen {
        Screen::Overview => overview(req, bindings, site, today).await,
        Screen::Page => page(req, bindings, site, today).await,
        Screen::Inbox => inbox(req, bindings, site, today).await,
        Screen::Export => export(req, bindings, site, today).await,
        Screen::ChangeStatus => change_status(req, bindings, site, id).await,
        Screen::PublishNote => publish_note(req, bindings, site).await,
        Screen::UnpublishNote => unpublish_note(req, bindings, site, id).await,
        Screen::AskCustomer => ask_customer(req, bindings, site, id).await,
        Screen::SignOut => {
            if !same_origin(req)? {
                return Err(ApiError::ForeignForm);
            }
            see_other(
                &format!("/dashboard?site={site}"),
                Some(session_cookie(req, site, "", 0)?),
            )
        }
    }
}

/// Checks the site's cookie and answers the site's today (on its clock); or the sign-in page (401)
/// or a 404 when it does not open the site.
async fn authorise(
    req: &Request,
    bindings: &Bindings,
    site: &str,
) -> Result<time::Date, Result<Response>> {
    let stored = match sites::fresh(&bindings.db, site).await {
        Ok(Some(stored)) => stored,
        Ok(None) => {
            return Err(html(
                &views::sign_in(site, Some(&format!("No site “{site}” is registered here."))),
                404,
            ))
        }
        Err(error) => return Err(Err(error)),
    };
    let header = req
        .headers()
        .get("cookie")
        .ok()
        .flatten()
        .unwrap_or_default();
    match session_token(&header).filter(|t| !t.is_empty()) {
        None => Err(html(
            &views::sign_in(site, Some("Sign in to see this site's results.")),
            401,
        )),
        Some(token) if token_matches(&token, &stored.read_token_hash) => {
            Ok(stored.clock.today(Now::read().unix_millis()))
        }
        Some(_) => Err(html(
            &views::sign_in(
                site,
                Some("Your sign-in no longer opens this site (its read token was changed). Sign in with the new token."),
            ),
            401,
        )),
    }
}

/// `POST /dashboard/login`: checks the site and its read token, then sets the session cookie.
pub async fn sign_in(req: &mut Request, bindings: &Bindings) -> Result<Response> {
    let pairs = web::form(&req.text().await?);
    let site = web::field(&pairs, "site")
        .unwrap_or_default()
        .trim()
        .to_owned();
    let token = web::field(&pairs, "token")
        .unwrap_or_default()
        .trim()
        .to_owned();
    let valid_id = feedback_core::site::is_site_id(&site);
    let stored = if valid_id {
        match sites::fresh(&bindings.db, &site).await {
            Ok(stored) => stored,
            Err(error) => return Err(error),
        }
    } else {
        None
    };
    let Some(stored) = stored else {
        let problem = format!(
            "No site “{site}” is registered here. Check the id in your embed tag (data-site)."
        );
        return html(&views::sign_in(&site, Some(&problem)), 401);
    };
    if token.is_empty() || !token_matches(&token, &stored.read_token_hash) {
        let problem =
            format!("This token does not open site “{site}”. Use the read token issued for it.");
        return html(&views::sign_in(&site, Some(&problem)), 401);
    }
    // A token is base64url or our demo's words: nothing that could break the cookie's syntax.
    if !token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return html(
            &views::sign_in(
                &site,
                Some("This token has characters a read token never has."),
            ),
            401,
        );
    }
    see_other(
        &format!("/dashboard/{site}"),
        Some(session_cookie(req, &site, &token, 30 * 24 * 3600)?),
    )
}

/// The view the address asks for, with its raw pairs; a 400 problem naming each field it gets wrong.
fn parse_query(
    req: &Request,
    today: time::Date,
) -> Result<(DashboardQuery, Vec<(String, String)>)> {
    let pairs = web::query(req)?;
    let query = DashboardQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), today)
        .map_err(ApiError::InvalidQuery)?;
    Ok((query, pairs))
}

fn frame<'a>(
    bindings: &Bindings,
    site: &'a str,
    site_name: &'a str,
    inbox_new: u64,
    read_at: &'a str,
    pairs: &[(String, String)],
) -> views::Frame<'a> {
    let saved = web::field(pairs, "saved").and_then(|saved| {
        if saved == "owner" {
            return Some("Saved. The item's owner is updated.".to_owned());
        }
        ItemStatus::parse(saved)
            .map(|s| format!("Saved. The item is now {}.", s.label().to_lowercase()))
    });
    let published = match web::field(pairs, "published") {
        Some("note") => {
            Some("Published. Visitors of this page see the note after they answer.".to_owned())
        }
        Some("notice") => Some(
            "Published. Visitors of this page see the notice before the question until it expires."
                .to_owned(),
        ),
        Some("down") => {
            Some("Taken down. Visitors no longer see it; it stays in the history.".to_owned())
        }
        _ => None,
    };
    let notice = match (saved, published) {
        (Some(saved), Some(published)) => Some(format!("{saved} {published}")),
        (saved, published) => saved.or(published),
    };
    views::Frame {
        site,
        site_name,
        inbox_new,
        refresh_seconds: bindings.settings.dashboard_refresh_seconds,
        read_at,
        notice,
    }
}

/// When the figures were read, ISO 8601 in UTC: shown (to the second) and the clock items wait by.
fn read_at() -> String {
    Now::read().iso
}

async fn overview(
    req: &Request,
    bindings: &Bindings,
    site: &str,
    today: time::Date,
) -> Result<Response> {
    let (query, pairs) = parse_query(req, today)?;
    match data::overview(bindings, site, &query).await {
        Ok(overview) => {
            let name = overview.site_name.clone();
            let at = read_at();
            let frame = frame(bindings, site, &name, overview.inbox_new, &at, &pairs);
            html(&views::overview(&frame, &query, overview), 200)
        }
        Err(error) => Err(error),
    }
}

async fn page(
    req: &Request,
    bindings: &Bindings,
    site: &str,
    today: time::Date,
) -> Result<Response> {
    let (query, pairs) = parse_query(req, today)?;
    if query.page.is_none() {
        return Err(ApiError::InvalidQuery(vec![FieldError::new(
            "page",
            "required",
            "say which page, as ?page=https://…",
        )]));
    }
    match data::page(bindings, site, &query).await {
        Ok(detail) => {
            let name = detail.site_name.clone();
            let at = read_at();
            let frame = frame(bindings, site, &name, detail.inbox_new, &at, &pairs);
            html(&views::page_detail(&frame, &query, &detail), 200)
        }
        Err(error) => Err(error),
    }
}

async fn inbox(
    req: &Request,
    bindings: &Bindings,
    site: &str,
    today: time::Date,
) -> Result<Response> {
    let (query, pairs) = parse_query(req, today)?;
    match data::inbox(bindings, site, &query).await {
        Ok(inbox) => {
            let at = read_at();
            let frame = frame(
                bindings,
                site,
                &inbox.site_name,
                inbox.new_in_all,
                &at,
                &pairs,
            );
            html(&views::inbox(&frame, &query, &inbox), 200)
        }
        Err(error) => Err(error),
    }
}

/// The message that asks a resolved item's customer whether it solved their problem, in the
/// visitor's language (else the site's), signed now; a problem page when the item cannot be asked.
async fn ask_customer(
    req: &Request,
    bindings: &Bindings,
    site: &str,
    id: &str,
) -> Result<Response> {
    let pairs = web::query(req)?;
    let back = back_link(&pairs, site, &format!("/dashboard/{site}/inbox"));
    let item = crate::store::history::detail(&bindings.db, site, id)
        .await?
        .item;
    let site_language = notes::site_language(bindings, site).await?;
    let request = Ok(ResolutionRequest::for_customer(
        item.locale.as_deref(),
        site_language,
    ));
    let base = req.url()?.origin().ascii_serialization();
    let message = make::resolution_message(bindings, site, item, request, &base)?;
    let (site_name, inbox_new) = data::frame(bindings, site).await?;
    let at = read_at();
    let frame = frame(bindings, site, &site_name, inbox_new, &at, &[]);
    html(&views::ask_customer(&frame, &message, &back), 200)
}

/// Where a form or page sends the marketer back: `back` when it is one of this site's dashboard
/// addresses (never another site's, another host's or a path that could become one), else `own`.
fn back_link(pairs: &[(String, String)], site: &str, own: &str) -> String {
    let home = format!("/dashboard/{site}");
    web::field(pairs, "back")
        .filter(|b| b.starts_with(&format!("{home}/")) || *b == home)
        .filter(|b| !b.contains("//") && !b.contains('\\'))
        .unwrap_or(own)
        .to_owned()
}

/// Every answer of the view (all screens) as CSV, through the read API's own query.
async fn export(
    req: &Request,
    bindings: &Bindings,
    site: &str,
    today: time::Date,
) -> Result<Response> {
    let (query, _) = parse_query(req, today)?;
    let mut read_query = data::export_query(&query);
    let mut items = Vec::new();
    loop {
        match crate::store::counts::fetch_items(&bindings.db, site, &read_query).await {
            Ok((mut page, next)) => {
                items.append(&mut page);
                match next
                    .as_deref()
                    .and_then(feedback_core::insight::query::Cursor::decode)
                {
                    Some(cursor) => read_query.cursor = Some(cursor),
                    None => break,
                }
            }
            Err(error) => return Err(error),
        }
    }
    let headers = Headers::new();
    headers.set("content-type", "text/csv; charset=utf-8")?;
    headers.set("cache-control", "no-store")?;
    headers.set(
        "content-disposition",
        &format!(
            "attachment; filename=\"feedback-{site}-{}-{}.csv\"",
            read_query.range.start(),
            feedback_core::insight::query::format_day(read_query.range.to)
        ),
    )?;
    Ok(Response::ok(csv_document(&items))?.with_headers(headers))
}

async fn change_status(
    req: &mut Request,
    bindings: &Bindings,
    site: &str,
    id: &str,
) -> Result<Response> {
    if !same_origin(req)? {
        return Err(ApiError::ForeignForm);
    }
    let pairs = web::form(&req.text().await?);
    let back = back_link(&pairs, site, &format!("/dashboard/{site}"));
    let change = match StatusChange::parse(
        web::field(&pairs, "status"),
        web::field(&pairs, "note"),
        web::field(&pairs, "owner"),
    ) {
        Ok(change) => change,
        Err(errors) => return Err(ApiError::InvalidFields(errors)),
    };
    // Resolving may tell the page's visitors what was done: checked before the status moves, so a
    // refused note changes nothing.
    let visitor_note = match web::field(&pairs, "visitor_note").filter(|t| !t.trim().is_empty()) {
        Some(_) if change.to == Some(ItemStatus::Resolved) => {
            let language = notes::site_language(bindings, site).await?;
            let fields = pairs.iter().filter_map(|(k, v)| match k.as_str() {
                "visitor_note" => Some(("text", v.as_str())),
                "page" | "lang" => Some((k.as_str(), v.as_str())),
                _ => None,
            });
            Some(
                Publish::from_form(fields, NoteKind::Note, language, Now::read().unix_millis())
                    .map_err(|errors| ApiError::InvalidFields(visitor_note_fields(errors)))?,
            )
        }
        Some(_) => {
            return Err(ApiError::InvalidFields(vec![FieldError::new(
                "visitor_note",
                "resolved_only",
                "a note for visitors goes with resolving the item; choose Resolved, or publish it from the page's detail",
            )]))
        }
        None => None,
    };
    crate::store::history::apply(&bindings.db, site, id, &change, Actor::Dashboard).await?;
    let mut published = "";
    if let Some(note) = &visitor_note {
        notes::publish_checked(req, bindings, site, note, Author::Dashboard)
            .await
            .map_err(|error| match error {
                ApiError::InvalidFields(errors) => {
                    ApiError::InvalidFields(visitor_note_fields(errors))
                }
                other => other,
            })?;
        published = "&published=note";
    }
    let separator = if back.contains('?') { '&' } else { '?' };
    let saved = change.to.map_or("owner", ItemStatus::as_str);
    see_other(
        &format!("{back}{separator}saved={saved}{published}#item-{id}"),
        None,
    )
}

/// A visitor note's field errors under the status form's own field names.
fn visitor_note_fields(errors: Vec<FieldError>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|mut e| {
            if e.field == "text" {
                "visitor_note".clone_into(&mut e.field);
            }
            e
        })
        .collect()
}

/// Where a note form goes back to: the page's detail, at its notes.
fn page_detail_at_notes(site: &str, page: &str, published: &str) -> String {
    format!(
        "/dashboard/{site}/page?page={}&published={published}#notes",
        web::url_encode(page)
    )
}

/// `POST /dashboard/{site}/notes`: publishes a note or notice from the page's detail.
async fn publish_note(req: &mut Request, bindings: &Bindings, site: &str) -> Result<Response> {
    if !same_origin(req)? {
        return Err(ApiError::ForeignForm);
    }
    let pairs = web::form(&req.text().await?);
    let Some(kind) = web::field(&pairs, "kind").and_then(NoteKind::parse) else {
        return Err(ApiError::InvalidFields(vec![FieldError::new(
            "kind",
            "one_of",
            "must be note or notice",
        )]));
    };
    let language = notes::site_language(bindings, site).await?;
    let note = Publish::from_form(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        kind,
        language,
        Now::read().unix_millis(),
    )
    .map_err(ApiError::InvalidFields)?;
    let stored = notes::publish_checked(req, bindings, site, &note, Author::Dashboard).await?;
    see_other(
        &page_detail_at_notes(site, &stored.page, kind.as_str()),
        None,
    )
}

/// `POST /dashboard/{site}/notes/{id}/unpublish`: takes a note or notice down.
async fn unpublish_note(
    req: &mut Request,
    bindings: &Bindings,
    site: &str,
    id: &str,
) -> Result<Response> {
    if !same_origin(req)? {
        return Err(ApiError::ForeignForm);
    }
    let note = notes::unpublish_checked(req, bindings, site, id).await?;
    see_other(&page_detail_at_notes(site, &note.page, "down"), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_exact_name() {
        let header = "fb_read_old=x; fb_read=fbr_abc; other=1";
        assert_eq!(session_token(header).as_deref(), Some("fbr_abc"));
        assert_eq!(session_token("a=1"), None);
        assert_eq!(session_token("broken; fb_read=fbr_x"), Some("fbr_x".into()));
    }
}
