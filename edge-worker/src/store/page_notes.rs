//! The `page_notes` table: notes and known-issue notices a site publishes on its pages. Rows are
//! added, and only ever changed to take one down, so a page's rows are its history.

use feedback_core::follow_up::page_note::{PageNote, Publish};
use worker::{D1Database, D1PreparedStatement};

use crate::api_error::ApiError;

const COLUMNS: &str =
    "id, kind, page, text, lang, published_at, expires_at, unpublished_at, author";

/// How many rows of a page's history the dashboard and the API show.
pub const HISTORY_SIZE: u32 = 50;

/// What a page has up now: the public call picks the reader's language from these.
fn live_sql() -> String {
    format!(
        "SELECT {COLUMNS} FROM page_notes WHERE site_id = ?1 AND page = ?2 AND unpublished_at IS NULL
  AND (expires_at IS NULL OR expires_at > ?3) ORDER BY published_at DESC LIMIT 24"
    )
}

fn history_sql() -> String {
    format!(
        "SELECT {COLUMNS} FROM page_notes WHERE site_id = ?1 AND (?2 IS NULL OR page = ?2)
  ORDER BY published_at DESC, id DESC LIMIT {HISTORY_SIZE}"
    )
}

fn insert_sql() -> String {
    format!(
        "INSERT INTO page_notes (id, site_id, page, kind, lang, text, published_at, expires_at, author)
  SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE EXISTS (SELECT 1 FROM sites WHERE id = ?2)
  RETURNING {COLUMNS}"
    )
}

/// Takes a live one down; one already down keeps the moment it went.
fn unpublish_sql() -> String {
    format!(
        "UPDATE page_notes SET unpublished_at = coalesce(unpublished_at, ?3) WHERE site_id = ?1 AND id = ?2
  RETURNING {COLUMNS}"
    )
}

/// The statement that reads a page's live notes and notices (for the public call's batch).
pub fn live(
    db: &D1Database,
    site: &str,
    page: &str,
    now_ms: i64,
) -> Result<D1PreparedStatement, ApiError> {
    #[allow(clippy::cast_precision_loss)] // milliseconds stay below 2^53 for 285,000 years
    let now = now_ms as f64;
    Ok(db
        .prepare(live_sql())
        .bind(&[site.into(), page.into(), now.into()])?)
}

/// The statement that reads a page's history ([`PageNote`] rows), for a screen's batch.
pub fn history_statement(
    db: &D1Database,
    site: &str,
    page: &str,
) -> Result<D1PreparedStatement, ApiError> {
    Ok(db
        .prepare(history_sql())
        .bind(&[site.into(), page.into()])?)
}

/// Every note and notice of a page (or of the whole site), newest first, live or not.
pub async fn history(
    db: &D1Database,
    site: &str,
    page: Option<&str>,
) -> Result<Vec<PageNote>, ApiError> {
    Ok(db
        .prepare(history_sql())
        .bind(&[site.into(), super::text_or_null(page)])?
        .all()
        .await?
        .results()?)
}

/// Publishes a note or notice under `id`; `None` when the site is gone.
pub async fn publish(
    db: &D1Database,
    site: &str,
    (id, author): (&str, &str),
    note: &Publish,
    now_ms: i64,
) -> Result<Option<PageNote>, ApiError> {
    #[allow(clippy::cast_precision_loss)]
    let (now, expires) = (now_ms as f64, note.expires_at.map(|at| at as f64));
    Ok(db
        .prepare(insert_sql())
        .bind(&[
            id.into(),
            site.into(),
            note.page.as_str().into(),
            note.kind.as_str().into(),
            note.lang.code().into(),
            note.text.as_str().into(),
            now.into(),
            expires.map_or(wasm_bindgen::JsValue::NULL, Into::into),
            author.into(),
        ])?
        .first(None)
        .await?)
}

/// Takes a note or notice down; `None` when the site has no such one.
pub async fn unpublish(
    db: &D1Database,
    site: &str,
    id: &str,
    now_ms: i64,
) -> Result<Option<PageNote>, ApiError> {
    #[allow(clippy::cast_precision_loss)]
    let now = now_ms as f64;
    Ok(db
        .prepare(unpublish_sql())
        .bind(&[site.into(), id.into(), now.into()])?
        .first(None)
        .await?)
}
