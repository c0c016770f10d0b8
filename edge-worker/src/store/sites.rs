//! The `sites` table: registered sites, their settings and the hash of their read token.

use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

use super::text_or_null;
use crate::api_error::ApiError;

const SETTINGS: &str =
    "SELECT id, allowed_origins, read_token_hash, urgency, public_results, public_notes, language, routing, time_zone FROM sites WHERE id = ?1";
const INSERT_SITE: &str = "
INSERT INTO sites (id, name, allowed_origins, read_token_hash) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (id) DO NOTHING RETURNING id";
const SITE_DETAILS: &str =
    "SELECT id, name, allowed_origins, public_results, public_notes, language, time_zone,
  digest_time, created_at FROM sites WHERE id = ?1";
const UPDATE_SITE: &str = "
UPDATE sites SET name = coalesce(?2, name), allowed_origins = coalesce(?3, allowed_origins),
  read_token_hash = coalesce(?4, read_token_hash), urgency = coalesce(?5, urgency),
  public_results = coalesce(?6, public_results), public_notes = coalesce(?7, public_notes),
  language = coalesce(?8, language), time_zone = coalesce(?9, time_zone), digest_time = coalesce(?10, digest_time)
WHERE id = ?1 RETURNING id, name, allowed_origins, public_results, public_notes, language, time_zone, digest_time,
  created_at";

/// Every site with an enabled endpoint, and its clock: whom the digest goes to, and when.
const CLOCKS: &str = "SELECT id, time_zone, digest_time FROM sites
WHERE id IN (SELECT site_id FROM endpoints WHERE disabled_reason IS NULL)";

const NAME: &str = "SELECT name FROM sites WHERE id = ?1";

/// What the hot path needs of a site, as stored.
#[derive(Deserialize)]
pub struct Settings {
    /// JSON array of origin patterns.
    pub allowed_origins: String,
    /// SHA-256 of the read token.
    pub read_token_hash: String,
    /// The urgency rules, JSON.
    pub urgency: String,
    /// 1 when the site publishes its results.
    pub public_results: u8,
    /// 1 when visitors see the site's notes and notices.
    pub public_notes: u8,
    /// The site's language code.
    pub language: String,
    /// Which team gets which items, JSON.
    pub routing: String,
    /// The site's clock, an IANA name.
    pub time_zone: String,
}

/// A site as the admin API shows it.
#[derive(Deserialize)]
pub struct Details {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// JSON array of origin patterns.
    pub allowed_origins: String,
    /// 1 when the site publishes its results.
    pub public_results: u8,
    /// 1 when visitors see the site's notes and notices.
    pub public_notes: u8,
    /// The site's language code.
    pub language: String,
    /// The site's clock (IANA).
    pub time_zone: String,
    /// When its digest goes out, `HH:MM` on its clock.
    pub digest_time: String,
    /// When it was registered.
    pub created_at: String,
}

/// A change of settings; `None` keeps what is stored.
pub struct Change<'a> {
    /// A new name.
    pub name: Option<&'a str>,
    /// New allowed origins, JSON.
    pub allowed_origins: Option<String>,
    /// A new read token's hash.
    pub read_token_hash: Option<String>,
    /// New urgency rules, JSON.
    pub urgency: Option<String>,
    /// Whether results are public.
    pub public_results: Option<bool>,
    /// Whether notes and notices are public.
    pub public_notes: Option<bool>,
    /// The site's language code.
    pub language: Option<&'static str>,
    /// The site's clock (IANA).
    pub time_zone: Option<&'a str>,
    /// When its digest goes out.
    pub digest_time: Option<&'a str>,
}

/// The statement that reads a site's settings (for a batch); [`Settings`] rows, none when unknown.
pub fn settings_statement(db: &D1Database, id: &str) -> Result<D1PreparedStatement, ApiError> {
    Ok(db.prepare(SETTINGS).bind(&[id.into()])?)
}

/// A site's settings, if it is registered.
pub async fn settings(db: &D1Database, id: &str) -> Result<Option<Settings>, ApiError> {
    Ok(db.prepare(SETTINGS).bind(&[id.into()])?.first(None).await?)
}

/// Registers a site; `false` when the id is taken.
pub async fn insert(
    db: &D1Database,
    id: &str,
    name: &str,
    allowed_origins: Option<&str>,
    read_token_hash: &str,
) -> Result<bool, ApiError> {
    let inserted: Option<serde_json::Value> = db
        .prepare(INSERT_SITE)
        .bind(&[
            id.into(),
            name.into(),
            text_or_null(allowed_origins),
            read_token_hash.into(),
        ])?
        .first(None)
        .await?;
    Ok(inserted.is_some())
}

/// A site as the admin API shows it.
pub async fn details(db: &D1Database, id: &str) -> Result<Option<Details>, ApiError> {
    Ok(db
        .prepare(SITE_DETAILS)
        .bind(&[id.into()])?
        .first(None)
        .await?)
}

/// Changes a site's settings; `None` when it does not exist.
pub async fn update(
    db: &D1Database,
    id: &str,
    change: &Change<'_>,
) -> Result<Option<Details>, ApiError> {
    Ok(db
        .prepare(UPDATE_SITE)
        .bind(&[
            id.into(),
            text_or_null(change.name),
            text_or_null(change.allowed_origins.as_deref()),
            text_or_null(change.read_token_hash.as_deref()),
            text_or_null(change.urgency.as_deref()),
            change
                .public_results
                .map_or(JsValue::NULL, |p| f64::from(u8::from(p)).into()),
            change
                .public_notes
                .map_or(JsValue::NULL, |p| f64::from(u8::from(p)).into()),
            text_or_null(change.language),
            text_or_null(change.time_zone),
            text_or_null(change.digest_time),
        ])?
        .first(None)
        .await?)
}

/// The statement that reads a site's name (for a screen's batch).
pub fn name(db: &D1Database, id: &str) -> Result<D1PreparedStatement, ApiError> {
    Ok(db.prepare(NAME).bind(&[id.into()])?)
}

/// A site's clock, as stored.
#[derive(Deserialize)]
pub struct Clock {
    /// The site.
    pub id: String,
    /// Its IANA time zone.
    pub time_zone: String,
    /// When its digest goes out, `HH:MM`.
    pub digest_time: String,
}

/// The sites a digest goes to, with their clocks.
pub async fn clocks(db: &D1Database) -> Result<Vec<Clock>, ApiError> {
    Ok(db.prepare(CLOCKS).all().await?.results()?)
}
