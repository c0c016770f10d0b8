//! `/v1/admin/sites/{site}/endpoints` and `/deliveries`: where a site's webhooks go, their signing
//! secrets, the delivery log, and replaying what gave up. Guarded by the admin token.

use feedback_core::delivery::policy::DeliveryStatus;
use feedback_core::delivery::webhook::{check_url, Format, Secret};
use feedback_core::FieldError;
use serde::{Deserialize, Serialize};
use worker::Response;

use crate::admin::authorise;
use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::delivery::webhooks::enqueue_all;
use crate::request::Request;
use crate::runtime::{random_bytes, random_uuid, Now};
use crate::store::deliveries;
use crate::store::endpoints::{self, Endpoint, Settings as Stored};
use crate::store::teams;
use feedback_core::follow_up::team::TeamName;

/// An endpoint as the admin API shows it: secrets only when just made.
#[derive(Serialize)]
struct EndpointView {
    id: String,
    url: String,
    format: String,
    /// How many secrets sign each event (two during a rotation).
    active_secrets: usize,
    disabled_reason: Option<String>,
    created_at: String,
    /// The team it belongs to; null: site-wide.
    team: Option<String>,
    /// `events` (feedback.urgent, page.alert, feedback.reopened, digest.daily) or `escalation`.
    role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

impl EndpointView {
    fn of(row: Endpoint, secret: Option<String>) -> Self {
        let secrets: Vec<String> = serde_json::from_str(&row.secrets).unwrap_or_default();
        Self {
            id: row.id,
            url: row.url,
            format: row.format,
            active_secrets: secrets.len(),
            disabled_reason: row.disabled_reason,
            created_at: row.created_at,
            team: row.team,
            role: row.role,
            secret,
        }
    }
}

/// What an endpoint body may say.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Settings {
    url: Option<String>,
    format: Option<String>,
    /// Adds a new secret in front; the old one keeps signing until `retire_old_secret`.
    #[serde(default)]
    rotate_secret: bool,
    /// Ends a rotation: only the newest secret signs.
    #[serde(default)]
    retire_old_secret: bool,
    /// Turns a disabled endpoint (410 Gone) on again.
    #[serde(default)]
    enable: bool,
    /// The team whose events it hears (when made); absent: site-wide.
    team: Option<String>,
    /// `events` (the default) or `escalation` (a team's escalations only; when made).
    role: Option<String>,
}

fn invalid(field: &str, rule: &str, message: impl Into<String>) -> ApiError {
    ApiError::InvalidFields(vec![FieldError::new(field, rule, message)])
}

async fn read_settings(req: &mut Request) -> Result<Settings, ApiError> {
    serde_json::from_str(&req.text().await?).map_err(|e| invalid("body", "json", e.to_string()))
}

fn checked_format(format: Option<&str>) -> Result<Format, ApiError> {
    format.map_or(Ok(Format::Standard), |f| {
        Format::parse(f).ok_or_else(|| invalid("format", "one_of", "must be standard or slack"))
    })
}

/// The team (which must exist) and role an endpoint is made with.
async fn checked_team(
    bindings: &Bindings,
    site: &str,
    settings: &Settings,
) -> Result<(Option<String>, &'static str), ApiError> {
    let role = match settings.role.as_deref() {
        None | Some("events") => "events",
        Some("escalation") => "escalation",
        Some(_) => return Err(invalid("role", "one_of", "must be events or escalation")),
    };
    let Some(name) = &settings.team else {
        if role == "escalation" {
            let message = "an escalation endpoint belongs to a team: give its team";
            return Err(invalid("team", "required", message));
        }
        return Ok((None, role));
    };
    let team = TeamName::parse(name).map_err(|e| invalid("team", "pattern", e.to_string()))?;
    if teams::one(&bindings.db, site, team.as_str())
        .await?
        .is_none()
    {
        let message = format!(
            "there is no team “{name}”; create it first with PUT /v1/admin/sites/{site}/teams/{name}"
        );
        return Err(invalid("team", "unknown_team", message));
    }
    Ok((Some(team.as_str().to_owned()), role))
}

fn new_secret() -> String {
    Secret::from_bytes(random_bytes::<32>()).encode()
}

/// `POST /v1/admin/sites/{site}/endpoints`: adds an endpoint and answers its secret, once.
pub async fn create(
    req: &mut Request,
    bindings: &Bindings,
    site: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings)?;
    let settings = read_settings(req).await?;
    let url = settings
        .url
        .as_deref()
        .ok_or_else(|| invalid("url", "required", "is required"))?;
    let url = check_url(url, bindings.settings.webhook_allow_local)
        .map_err(|e| invalid("url", "url", e.to_string()))?;
    let format = checked_format(settings.format.as_deref())?;
    let (team, role) = checked_team(bindings, site, &settings).await?;
    let secret = new_secret();
    let secrets = serde_json::json!([secret]).to_string();
    let stored = Stored {
        url: url.as_str(),
        format: format.as_str(),
        secrets: &secrets,
    };
    let id = format!("ep_{}", random_uuid().replace('-', ""));
    let row = endpoints::insert(
        &bindings.db,
        (&id, site),
        &stored,
        (team.as_deref(), role),
        &Now::read().iso,
    )
    .await?;
    let row = row.ok_or_else(|| ApiError::UnknownSite(site.to_owned()))?;
    Ok(Response::from_json(&EndpointView::of(row, Some(secret)))?.with_status(201))
}

/// `GET /v1/admin/sites/{site}/endpoints`.
pub async fn list(req: &Request, bindings: &Bindings, site: &str) -> Result<Response, ApiError> {
    authorise(req, bindings)?;
    let rows = endpoints::list(&bindings.db, site).await?;
    let views: Vec<_> = rows
        .into_iter()
        .map(|r| EndpointView::of(r, None))
        .collect();
    Ok(Response::from_json(
        &serde_json::json!({ "endpoints": views }),
    )?)
}

/// `PATCH /v1/admin/sites/{site}/endpoints/{id}`: URL, format, secret rotation, enabling.
pub async fn change(
    req: &mut Request,
    bindings: &Bindings,
    site: &str,
    id: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings)?;
    let settings = read_settings(req).await?;
    if settings.team.is_some() || settings.role.is_some() {
        let field = if settings.team.is_some() {
            "team"
        } else {
            "role"
        };
        let message =
            "is set when an endpoint is made; add a new endpoint for another team or role";
        return Err(invalid(field, "immutable", message));
    }
    let row = endpoints::one(&bindings.db, site, id).await?;
    let row =
        row.ok_or_else(|| ApiError::NotFound(format!("/v1/admin/sites/{site}/endpoints/{id}")))?;
    let url = match settings.url {
        Some(url) => check_url(&url, bindings.settings.webhook_allow_local)
            .map_err(|e| invalid("url", "url", e.to_string()))?
            .to_string(),
        None => row.url,
    };
    let format = checked_format(Some(settings.format.as_deref().unwrap_or(&row.format)))?;
    let mut secrets: Vec<String> = serde_json::from_str(&row.secrets).unwrap_or_default();
    let fresh = settings.rotate_secret.then(new_secret);
    if let Some(secret) = &fresh {
        secrets.insert(0, secret.clone());
    }
    if settings.retire_old_secret || secrets.len() > 2 {
        secrets.truncate(if settings.retire_old_secret { 1 } else { 2 });
    }
    let secrets = serde_json::to_string(&secrets).unwrap_or_default();
    let stored = Stored {
        url: &url,
        format: format.as_str(),
        secrets: &secrets,
    };
    let row = endpoints::update(&bindings.db, site, id, &stored, settings.enable).await?;
    let row =
        row.ok_or_else(|| ApiError::NotFound(format!("/v1/admin/sites/{site}/endpoints/{id}")))?;
    Ok(Response::from_json(&EndpointView::of(row, fresh))?)
}

/// `GET /v1/admin/sites/{site}/deliveries[?status=]`: the delivery log, newest first.
pub async fn deliveries(
    req: &Request,
    bindings: &Bindings,
    site: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings)?;
    let status = req
        .url()?
        .query_pairs()
        .find(|(k, _)| k == "status")
        .map(|(_, v)| v.into_owned());
    let status = match status.as_deref() {
        None => None,
        Some(name) => Some(DeliveryStatus::parse(name).ok_or_else(|| {
            ApiError::InvalidQuery(vec![FieldError::new(
                "status",
                "one_of",
                format!("must be {}, not {name}", DeliveryStatus::listed()),
            )])
        })?),
    };
    let rows = deliveries::log(&bindings.db, site, status).await?;
    Ok(Response::from_json(
        &serde_json::json!({ "deliveries": rows }),
    )?)
}

/// `POST /v1/admin/sites/{site}/deliveries/{id}/replay`: sends a dead (or pending) event again, with
/// the same `webhook-id`, to every enabled endpoint that has not received it.
pub async fn replay(
    req: &Request,
    bindings: &Bindings,
    site: &str,
    event: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings)?;
    let rows = deliveries::replay(&bindings.db, site, event, &Now::read().iso).await?;
    if rows.is_empty() {
        return Err(ApiError::NotFound(format!(
            "/v1/admin/sites/{site}/deliveries/{event} (nothing to replay)"
        )));
    }
    enqueue_all(bindings, &rows).await?;
    Ok(Response::from_json(&serde_json::json!({ "replayed": rows.len() }))?.with_status(202))
}
