//! `/v1/admin/sites`: registering sites and changing their settings, guarded by the `ADMIN_TOKEN` secret.

use feedback_core::language::Language;
use feedback_core::token::{bearer, new_read_token, secrets_equal, token_hash};
use feedback_core::SiteSettings;
use serde::Serialize;
use worker::Response;

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::request::Request;
use crate::runtime::random_bytes;
use crate::store::sites::{self, Change, Details};

/// A site as the admin API shows it; the read token only when it was just issued.
#[derive(Serialize)]
struct SiteView {
    id: String,
    name: String,
    allowed_origins: Vec<String>,
    public_results: bool,
    public_notes: bool,
    language: String,
    time_zone: String,
    digest_time: String,
    created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    read_token: Option<String>,
}

impl SiteView {
    fn of(row: Details, read_token: Option<String>) -> Self {
        Self {
            id: row.id,
            name: row.name,
            allowed_origins: serde_json::from_str(&row.allowed_origins).unwrap_or_default(),
            public_results: row.public_results == 1,
            public_notes: row.public_notes == 1,
            language: row.language,
            time_zone: row.time_zone,
            digest_time: row.digest_time,
            created_at: Some(row.created_at),
            read_token,
        }
    }
}

pub(crate) fn authorise(req: &Request, bindings: &Bindings) -> Result<(), ApiError> {
    let Some(expected) = &bindings.settings.admin_token else {
        return Err(ApiError::Unauthorized(
            "the admin API is off: set the ADMIN_TOKEN secret to turn it on",
        ));
    };
    let header = req.headers().get("authorization")?;
    match header.as_deref().and_then(bearer) {
        Some(token) if secrets_equal(token, expected) => Ok(()),
        Some(_) => Err(ApiError::Unauthorized("this is not the admin token")),
        None => Err(ApiError::Unauthorized(
            "send the admin token as Authorization: Bearer <token>",
        )),
    }
}

async fn settings(req: &mut Request, creating: bool) -> Result<SiteSettings, ApiError> {
    SiteSettings::from_json(&req.text().await?, creating).map_err(ApiError::InvalidFields)
}

fn origins_json(settings: &SiteSettings) -> Option<String> {
    settings
        .allowed_origins
        .as_ref()
        .and_then(|o| serde_json::to_string(o).ok())
}

/// The stored change the settings ask for (no new token).
fn change_of(settings: &SiteSettings) -> Change<'_> {
    Change {
        name: settings.name.as_deref(),
        allowed_origins: origins_json(settings),
        read_token_hash: None,
        urgency: settings
            .urgency
            .as_ref()
            .and_then(|u| serde_json::to_string(u).ok()),
        public_results: settings.public_results,
        public_notes: settings.public_notes,
        language: settings.language.map(Language::code),
        time_zone: settings.time_zone.as_deref(),
        digest_time: settings.digest_time.as_deref(),
    }
}

/// `POST /v1/admin/sites`: registers a site and answers its read token, once.
pub async fn create(req: &mut Request, bindings: &Bindings) -> Result<Response, ApiError> {
    authorise(req, bindings)?;
    let settings = settings(req, true).await?;
    let (Some(id), Some(name)) = (settings.id.clone(), settings.name.clone()) else {
        return Err(ApiError::internal(
            "validated settings lost their id or name",
        ));
    };
    let token = new_read_token(&random_bytes::<24>());
    let origins = origins_json(&settings);
    let inserted = sites::insert(
        &bindings.db,
        &id,
        &name,
        origins.as_deref(),
        &token_hash(&token),
    )
    .await?;
    if !inserted {
        return Err(ApiError::SiteExists(id));
    }
    // The settings the insert does not take are given as a change right after it.
    let change = Change {
        name: None,
        allowed_origins: None,
        read_token_hash: None,
        ..change_of(&settings)
    };
    sites::update(&bindings.db, &id, &change).await?;
    show_with_token(bindings, &id, Some(token), 201).await
}

async fn show_with_token(
    bindings: &Bindings,
    id: &str,
    token: Option<String>,
    status: u16,
) -> Result<Response, ApiError> {
    let row = sites::details(&bindings.db, id).await?;
    let row = row.ok_or_else(|| ApiError::UnknownSite(id.to_owned()))?;
    Ok(Response::from_json(&SiteView::of(row, token))?.with_status(status))
}

/// `GET /v1/admin/sites/{site}`: a site's settings (never its token).
pub async fn show(req: &Request, bindings: &Bindings, site: &str) -> Result<Response, ApiError> {
    authorise(req, bindings)?;
    show_with_token(bindings, site, None, 200).await
}

/// `PATCH /v1/admin/sites/{site}`: changes settings; with `rotate_read_token`, answers the new token.
pub async fn change(
    req: &mut Request,
    bindings: &Bindings,
    site: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings)?;
    let settings = settings(req, false).await?;
    let token = settings
        .rotate_read_token
        .then(|| new_read_token(&random_bytes::<24>()));
    let change = Change {
        read_token_hash: token.as_deref().map(token_hash),
        ..change_of(&settings)
    };
    let row = sites::update(&bindings.db, site, &change).await?;
    let row = row.ok_or_else(|| ApiError::UnknownSite(site.to_owned()))?;
    crate::sites::forget(site);
    Ok(Response::from_json(&SiteView::of(row, token))?)
}
