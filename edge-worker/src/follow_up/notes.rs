//! Notes and known-issue notices on a site's pages: publishing them (API and dashboard), taking them
//! down, listing a page's history. What visitors then read comes from `insight::read::public_results`.

use feedback_core::follow_up::page_note::{page_origin, NoteKind, PageNote, Publish};
use feedback_core::language::Language;
use feedback_core::{normalise_page, FieldError};
use serde::Serialize;
use worker::{Cache, Response};

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::insight::read::{authorise, results_cache_key};
use crate::request::Request;
use crate::runtime::{random_uuid, Now};
use crate::sites;
use crate::store::page_notes;

/// Where a note was published, as its history says.
#[derive(Debug, Clone, Copy)]
pub enum Author {
    /// Through the API.
    Api,
    /// From the dashboard.
    Dashboard,
}

impl Author {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::Dashboard => "dashboard",
        }
    }
}

/// The checks every publication passes, then the row: the site shows notes, and the page is one of
/// the site's own (its origin is allowed). Answers the stored note.
pub async fn publish_checked(
    req: &Request,
    bindings: &Bindings,
    site: &str,
    note: &Publish,
    author: Author,
) -> Result<PageNote, ApiError> {
    let stored = sites::fresh(&bindings.db, site)
        .await?
        .ok_or_else(|| ApiError::UnknownSite(site.to_owned()))?;
    if !stored.public_notes {
        return Err(ApiError::NotesOff(site.to_owned()));
    }
    let origin = page_origin(&note.page);
    if !stored.allowed_origins.allows(origin) {
        return Err(ApiError::InvalidFields(vec![FieldError::new(
            "page",
            "origin",
            format!("{origin} is not one of this site's allowed_origins; a note goes on the site's own pages"),
        )]));
    }
    let now = Now::read();
    let id = format!("n-{}", random_uuid());
    let note = page_notes::publish(
        &bindings.db,
        site,
        (&id, author.as_str()),
        note,
        now.unix_millis(),
    )
    .await?
    .ok_or_else(|| ApiError::UnknownSite(site.to_owned()))?;
    forget_cached(req, site, &note.page).await;
    Ok(note)
}

/// Takes a note or notice down (it stays in the history).
pub async fn unpublish_checked(
    req: &Request,
    bindings: &Bindings,
    site: &str,
    id: &str,
) -> Result<PageNote, ApiError> {
    let note = page_notes::unpublish(&bindings.db, site, id, Now::read().unix_millis())
        .await?
        .ok_or_else(|| ApiError::UnknownNote(id.to_owned()))?;
    forget_cached(req, site, &note.page).await;
    Ok(note)
}

/// Drops this data centre's cached public answers for the page, in every language, so the next
/// visitor here reads the change at once (elsewhere within the answer's max-age).
async fn forget_cached(req: &Request, site: &str, page: &str) {
    let Ok(url) = req.url() else { return };
    let origin = url.origin().ascii_serialization();
    let cache = Cache::default();
    for language in Language::ALL {
        let key = results_cache_key(&origin, site, page, language.code());
        // A cache that cannot be reached holds nothing to forget.
        let _ = cache.delete(key.as_str(), false).await;
    }
}

/// The site's language, for a note that does not say its own.
pub async fn site_language(bindings: &Bindings, site: &str) -> Result<Language, ApiError> {
    Ok(sites::fresh(&bindings.db, site)
        .await?
        .ok_or_else(|| ApiError::UnknownSite(site.to_owned()))?
        .language)
}

/// `POST /v1/sites/{site}/notes` and `/notices`: publishes one; 201 with it.
pub async fn publish(
    req: &mut Request,
    bindings: &Bindings,
    site: &str,
    kind: NoteKind,
) -> Result<Response, ApiError> {
    authorise(req, bindings, site).await?;
    let language = site_language(bindings, site).await?;
    let body = req.text().await?;
    let note = Publish::from_json(&body, kind, language, Now::read().unix_millis())
        .map_err(ApiError::InvalidFields)?;
    let stored = publish_checked(req, bindings, site, &note, Author::Api).await?;
    Ok(Response::from_json(&stored)?.with_status(201))
}

/// `POST /v1/sites/{site}/notes/{id}/unpublish`: takes one down; answers it with `unpublished_at`.
pub async fn unpublish(
    req: &Request,
    bindings: &Bindings,
    site: &str,
    id: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings, site).await?;
    Ok(Response::from_json(
        &unpublish_checked(req, bindings, site, id).await?,
    )?)
}

#[derive(Serialize)]
struct NoteList {
    notes: Vec<PageNote>,
}

/// `GET /v1/sites/{site}/notes?page=…`: a page's notes and notices (or the site's), newest first,
/// live or not.
pub async fn list(req: &Request, bindings: &Bindings, site: &str) -> Result<Response, ApiError> {
    authorise(req, bindings, site).await?;
    let mut page = None;
    let mut errors = Vec::new();
    for (key, value) in req.url()?.query_pairs() {
        match key.as_ref() {
            "page" => match normalise_page(&value) {
                Ok(p) => page = Some(p),
                Err(e) => errors.push(FieldError::new("page", "url", e.to_string())),
            },
            other => errors.push(FieldError::new(
                other,
                "unknown",
                "is not a parameter here; use page",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::InvalidQuery(errors));
    }
    let notes = page_notes::history(&bindings.db, site, page.as_deref()).await?;
    Ok(Response::from_json(&NoteList { notes })?)
}
