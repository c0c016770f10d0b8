//! The `endpoints` table: where a site's events go, how, and with which secrets.

use serde::Deserialize;
use worker::D1Database;

use crate::api_error::ApiError;

const INSERT: &str = "
INSERT INTO endpoints (id, site_id, url, format, secrets, created_at, team, role)
SELECT ?1, id, ?3, ?4, ?5, ?6, ?7, ?8 FROM sites WHERE id = ?2
RETURNING id, url, format, secrets, disabled_reason, created_at, team, role";
const LIST: &str = "
SELECT id, url, format, secrets, disabled_reason, created_at, team, role FROM endpoints WHERE site_id = ?1 ORDER BY created_at";
const ONE: &str = "
SELECT id, url, format, secrets, disabled_reason, created_at, team, role FROM endpoints WHERE site_id = ?1 AND id = ?2";
const UPDATE: &str = "
UPDATE endpoints SET url = ?3, format = ?4, secrets = ?5,
  disabled_reason = CASE WHEN ?6 THEN NULL ELSE disabled_reason END
WHERE site_id = ?1 AND id = ?2
RETURNING id, url, format, secrets, disabled_reason, created_at, team, role";
const TEAMS_HEARING_EVENTS: &str = "
SELECT DISTINCT team FROM endpoints WHERE site_id = ?1 AND team IS NOT NULL AND role = 'events'
  AND disabled_reason IS NULL ORDER BY team";
const DISABLE: &str = "UPDATE endpoints SET disabled_reason = ?2 WHERE id = ?1";

/// An endpoint as stored.
#[derive(Deserialize)]
pub struct Endpoint {
    /// Its id.
    pub id: String,
    /// Where events go.
    pub url: String,
    /// `standard` or `slack`.
    pub format: String,
    /// JSON array of `whsec_…`, newest first.
    pub secrets: String,
    /// Why no more events go there.
    pub disabled_reason: Option<String>,
    /// When it was added.
    pub created_at: String,
    /// The team it belongs to; `None`: site-wide.
    pub team: Option<String>,
    /// `events` or `escalation`.
    pub role: String,
}

/// What an endpoint is set to.
pub struct Settings<'a> {
    /// Where events go.
    pub url: &'a str,
    /// `standard` or `slack`.
    pub format: &'a str,
    /// JSON array of secrets.
    pub secrets: &'a str,
}

/// Adds an endpoint to `site`, site-wide or for a team (`team`, `role`); `None` when the site does
/// not exist.
pub async fn insert(
    db: &D1Database,
    (id, site): (&str, &str),
    settings: &Settings<'_>,
    (team, role): (Option<&str>, &str),
    now: &str,
) -> Result<Option<Endpoint>, ApiError> {
    Ok(db
        .prepare(INSERT)
        .bind(&[
            id.into(),
            site.into(),
            settings.url.into(),
            settings.format.into(),
            settings.secrets.into(),
            now.into(),
            super::text_or_null(team),
            role.into(),
        ])?
        .first(None)
        .await?)
}

/// A site's endpoints, oldest first.
pub async fn list(db: &D1Database, site: &str) -> Result<Vec<Endpoint>, ApiError> {
    Ok(db
        .prepare(LIST)
        .bind(&[site.into()])?
        .all()
        .await?
        .results()?)
}

/// One endpoint of a site.
pub async fn one(db: &D1Database, site: &str, id: &str) -> Result<Option<Endpoint>, ApiError> {
    Ok(db
        .prepare(ONE)
        .bind(&[site.into(), id.into()])?
        .first(None)
        .await?)
}

/// Changes an endpoint; `enable` turns a disabled one on again.
pub async fn update(
    db: &D1Database,
    site: &str,
    id: &str,
    settings: &Settings<'_>,
    enable: bool,
) -> Result<Option<Endpoint>, ApiError> {
    Ok(db
        .prepare(UPDATE)
        .bind(&[
            site.into(),
            id.into(),
            settings.url.into(),
            settings.format.into(),
            settings.secrets.into(),
            enable.into(),
        ])?
        .first(None)
        .await?)
}

/// Sends no more events to an endpoint, saying why.
pub async fn disable(db: &D1Database, id: &str, reason: &str) -> Result<(), ApiError> {
    db.prepare(DISABLE)
        .bind(&[id.into(), reason.into()])?
        .run()
        .await?;
    Ok(())
}

/// The teams of `site` with an enabled `events` endpoint of their own: those a team digest reaches.
pub async fn teams_hearing_events(db: &D1Database, site: &str) -> Result<Vec<String>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        team: String,
    }
    let rows: Vec<Row> = db
        .prepare(TEAMS_HEARING_EVENTS)
        .bind(&[site.into()])?
        .all()
        .await?
        .results()?;
    Ok(rows.into_iter().map(|r| r.team).collect())
}
