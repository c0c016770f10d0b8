//! `/v1/admin/sites/{site}/endpoints` and `/deliveries`: where a site's webhooks go, their signing
//! secrets, the delivery log, and replaying what gave up. Guarded by the admin token.

use feedback_core::delivery::webhook::{check_url, Format, Secret};
use feedback_core::FieldError;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use worker::{Request, Response};

use crate::admin::authorise;
use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::runtime::{random_bytes, random_uuid, Now};
use crate::webhooks::{enqueue, Job};

const INSERT: &str = "
INSERT INTO endpoints (id, site_id, url, format, secrets, created_at)
SELECT ?1, id, ?3, ?4, ?5, ?6 FROM sites WHERE id = ?2
RETURNING id, url, format, secrets, disabled_reason, created_at";
const LIST: &str = "
SELECT id, url, format, secrets, disabled_reason, created_at FROM endpoints WHERE site_id = ?1 ORDER BY created_at";
const ONE: &str = "
SELECT id, url, format, secrets, disabled_reason, created_at FROM endpoints WHERE site_id = ?1 AND id = ?2";
const UPDATE: &str = "
UPDATE endpoints SET url = ?3, format = ?4, secrets = ?5,
  disabled_reason = CASE WHEN ?6 THEN NULL ELSE disabled_reason END
WHERE site_id = ?1 AND id = ?2
RETURNING id, url, format, secrets, disabled_reason, created_at";
const DELIVERIES: &str = "
SELECT event_id, endpoint_id, event_type, status, attempts, last_status, last_error, next_attempt_at,
  created_at, updated_at
FROM deliveries WHERE site_id = ?1 AND (?2 IS NULL OR status = ?2)
ORDER BY created_at DESC, event_id LIMIT 500";
const REPLAY: &str = "
UPDATE deliveries SET status = 'pending', attempts = 0, last_error = NULL, next_attempt_at = NULL,
  updated_at = ?3
WHERE site_id = ?1 AND event_id = ?2 AND status <> 'delivered'
  AND endpoint_id IN (SELECT id FROM endpoints WHERE disabled_reason IS NULL)
RETURNING endpoint_id";

#[derive(Deserialize)]
struct Row {
    id: String,
    url: String,
    format: String,
    secrets: String,
    disabled_reason: Option<String>,
    created_at: String,
}

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
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

impl EndpointView {
    fn of(row: Row, secret: Option<String>) -> Self {
        let secrets: Vec<String> = serde_json::from_str(&row.secrets).unwrap_or_default();
        Self {
            id: row.id,
            url: row.url,
            format: row.format,
            active_secrets: secrets.len(),
            disabled_reason: row.disabled_reason,
            created_at: row.created_at,
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
        .ok_or_else(|| invalid("url", "required", "is required"))?;
    let url = check_url(&url, bindings.webhook_allow_local)
        .map_err(|e| invalid("url", "url", e.to_string()))?;
    let format = checked_format(settings.format.as_deref())?;
    let secret = new_secret();
    let row: Option<Row> = bindings
        .db
        .prepare(INSERT)
        .bind(&[
            format!("ep_{}", random_uuid().replace('-', "")).into(),
            site.into(),
            url.as_str().into(),
            format.as_str().into(),
            serde_json::json!([secret]).to_string().into(),
            Now::read().iso.into(),
        ])?
        .first(None)
        .await?;
    let row = row.ok_or_else(|| ApiError::UnknownSite(site.to_owned()))?;
    Ok(Response::from_json(&EndpointView::of(row, Some(secret)))?.with_status(201))
}

/// `GET /v1/admin/sites/{site}/endpoints`.
pub async fn list(req: &Request, bindings: &Bindings, site: &str) -> Result<Response, ApiError> {
    authorise(req, bindings)?;
    let rows: Vec<Row> = bindings
        .db
        .prepare(LIST)
        .bind(&[site.into()])?
        .all()
        .await?
        .results()?;
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
    let row: Option<Row> = bindings
        .db
        .prepare(ONE)
        .bind(&[site.into(), id.into()])?
        .first(None)
        .await?;
    let row =
        row.ok_or_else(|| ApiError::NotFound(format!("/v1/admin/sites/{site}/endpoints/{id}")))?;
    let url = match settings.url {
        Some(url) => check_url(&url, bindings.webhook_allow_local)
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
    let row: Option<Row> = bindings
        .db
        .prepare(UPDATE)
        .bind(&[
            site.into(),
            id.into(),
            url.into(),
            format.as_str().into(),
            serde_json::to_string(&secrets).unwrap_or_default().into(),
            settings.enable.into(),
        ])?
        .first(None)
        .await?;
    let row =
        row.ok_or_else(|| ApiError::NotFound(format!("/v1/admin/sites/{site}/endpoints/{id}")))?;
    Ok(Response::from_json(&EndpointView::of(row, fresh))?)
}

#[derive(Serialize, Deserialize)]
struct DeliveryView {
    event_id: String,
    endpoint_id: String,
    event_type: String,
    status: String,
    attempts: u32,
    last_status: Option<u16>,
    last_error: Option<String>,
    next_attempt_at: Option<String>,
    created_at: String,
    updated_at: String,
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
    if let Some(status) = status
        .as_deref()
        .filter(|s| !["pending", "delivered", "dead", "disabled"].contains(s))
    {
        return Err(ApiError::InvalidQuery(vec![FieldError::new(
            "status",
            "one_of",
            format!("must be pending, delivered, dead or disabled, not {status}"),
        )]));
    }
    let rows: Vec<DeliveryView> = bindings
        .db
        .prepare(DELIVERIES)
        .bind(&[site.into(), status.map_or(JsValue::NULL, Into::into)])?
        .all()
        .await?
        .results()?;
    Ok(Response::from_json(
        &serde_json::json!({ "deliveries": rows }),
    )?)
}

#[derive(Deserialize)]
struct Replayed {
    endpoint_id: String,
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
    let rows: Vec<Replayed> = bindings
        .db
        .prepare(REPLAY)
        .bind(&[site.into(), event.into(), Now::read().iso.into()])?
        .all()
        .await?
        .results()?;
    if rows.is_empty() {
        return Err(ApiError::NotFound(format!(
            "/v1/admin/sites/{site}/deliveries/{event} (nothing to replay)"
        )));
    }
    for row in &rows {
        enqueue(
            bindings,
            &Job {
                event: event.to_owned(),
                endpoint: row.endpoint_id.clone(),
            },
        )
        .await?;
    }
    Ok(Response::from_json(&serde_json::json!({ "replayed": rows.len() }))?.with_status(202))
}
