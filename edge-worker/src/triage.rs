//! One item with its history, and moving it along (new → acknowledged → resolved or dismissed).

use feedback_core::follow_up::status::{Actor, HistoryEntry, StatusChange};
use feedback_core::{Item, ItemStatus};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use worker::{Request, Response};

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::read::{authorise, ItemRow, ITEM_COLUMNS};
use crate::runtime::Now;

/// Writes the history entry first, reading the status it leaves from the row itself, so two
/// concurrent changes each record what they really replaced. Same status without a note: nothing.
const RECORD: &str = "
INSERT INTO item_history (item_id, site_id, at, from_status, to_status, note, actor)
SELECT id, site_id, ?3, status, ?4, ?5, ?6 FROM feedback
WHERE site_id = ?1 AND id = ?2 AND (status != ?4 OR ?5 IS NOT NULL)";
const MOVE: &str = "UPDATE feedback SET status = ?3 WHERE site_id = ?1 AND id = ?2";
const HISTORY: &str =
    "SELECT at, from_status, to_status, note, actor FROM item_history WHERE item_id = ?1 ORDER BY seq";
/// The histories of several items at once (?1: a JSON array of ids).
const HISTORIES: &str = "SELECT item_id, at, from_status, to_status, note, actor FROM item_history
WHERE item_id IN (SELECT value FROM json_each(?1)) ORDER BY seq";

fn item_by_id() -> String {
    format!("SELECT {ITEM_COLUMNS} FROM feedback WHERE site_id = ?1 AND id = ?2")
}

/// An item and what happened to it, as the API answers.
#[derive(Serialize)]
pub struct ItemDetail {
    /// The item.
    #[serde(flatten)]
    pub item: Item,
    /// Status changes and notes, oldest first.
    pub history: Vec<HistoryEntry>,
}

#[derive(Deserialize)]
struct HistoryRow {
    #[serde(default)]
    item_id: String,
    at: String,
    from_status: String,
    to_status: String,
    note: Option<String>,
    actor: String,
}

impl HistoryRow {
    fn entry(self) -> HistoryEntry {
        let actor = match self.actor.as_str() {
            "dashboard" => Actor::Dashboard,
            "customer" => Actor::Customer,
            _ => Actor::Api,
        };
        HistoryEntry {
            at: self.at,
            from: ItemStatus::parse(&self.from_status).unwrap_or_default(),
            to: ItemStatus::parse(&self.to_status).unwrap_or_default(),
            note: self.note,
            by: actor,
        }
    }
}

/// Reads one item and its history; `UnknownItem` when the site has no such item.
pub async fn detail(bindings: &Bindings, site: &str, id: &str) -> Result<ItemDetail, ApiError> {
    let db = &bindings.db;
    let results = db
        .batch(vec![
            db.prepare(item_by_id()).bind(&[site.into(), id.into()])?,
            db.prepare(HISTORY).bind(&[id.into()])?,
        ])
        .await?;
    let [item, history] = <[_; 2]>::try_from(results)
        .map_err(|_| ApiError::internal("D1 answered a batch of two with another count"))?;
    let item: Option<ItemRow> = item.results()?.into_iter().next();
    let item = item.ok_or_else(|| ApiError::UnknownItem(id.to_owned()))?;
    let history: Vec<HistoryRow> = history.results()?;
    Ok(ItemDetail {
        item: item.into(),
        history: history.into_iter().map(HistoryRow::entry).collect(),
    })
}

/// The histories of `ids`, each oldest first, in the order of `ids`.
pub async fn histories(
    bindings: &Bindings,
    ids: &[&str],
) -> Result<Vec<Vec<HistoryEntry>>, ApiError> {
    let mut out = vec![Vec::new(); ids.len()];
    if ids.is_empty() {
        return Ok(out);
    }
    let list = serde_json::to_string(ids).map_err(|e| ApiError::Internal(e.to_string()))?;
    let rows: Vec<HistoryRow> = bindings
        .db
        .prepare(HISTORIES)
        .bind(&[list.into()])?
        .all()
        .await?
        .results()?;
    for row in rows {
        if let Some(i) = ids.iter().position(|id| *id == row.item_id) {
            out[i].push(row.entry());
        }
    }
    Ok(out)
}

/// Applies a status change (one D1 transaction) and answers the item as it is now.
pub async fn apply(
    bindings: &Bindings,
    site: &str,
    id: &str,
    change: &StatusChange,
    actor: Actor,
) -> Result<ItemDetail, ApiError> {
    let db = &bindings.db;
    let note = change.note.as_deref().map_or(JsValue::NULL, Into::into);
    db.batch(vec![
        db.prepare(RECORD).bind(&[
            site.into(),
            id.into(),
            Now::read().iso.into(),
            change.to.as_str().into(),
            note,
            actor.as_str().into(),
        ])?,
        db.prepare(MOVE)
            .bind(&[site.into(), id.into(), change.to.as_str().into()])?,
    ])
    .await?;
    detail(bindings, site, id).await
}

/// `GET /v1/sites/{site}/feedback/{id}`: one item with its history.
pub async fn show(
    req: &Request,
    bindings: &Bindings,
    site: &str,
    id: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings, site).await?;
    Ok(Response::from_json(&detail(bindings, site, id).await?)?)
}

/// `PATCH /v1/sites/{site}/feedback/{id}`: moves an item to a status, with an optional note.
pub async fn change(
    req: &mut Request,
    bindings: &Bindings,
    site: &str,
    id: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings, site).await?;
    let change = StatusChange::from_json(&req.text().await?).map_err(ApiError::InvalidFields)?;
    Ok(Response::from_json(
        &apply(bindings, site, id, &change, Actor::Api).await?,
    )?)
}
