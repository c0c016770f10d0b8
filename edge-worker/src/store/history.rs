//! The `item_history` table, and an item read with its history: where each item stands and how
//! it got there.

use feedback_core::follow_up::status::{Actor, HistoryEntry, OwnerMove, StatusChange};
use feedback_core::{Item, ItemStatus};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

use crate::api_error::ApiError;
use crate::runtime::Now;
use crate::store::counts::{ItemRow, ITEM_COLUMNS};

/// Writes the history entry first, reading the status and owner it leaves from the row itself, so
/// two concurrent changes each record what they really replaced. `?4` the status (NULL keeps it),
/// `?7` whether the owner changes to `?8` (NULL: nobody). Nothing new and no note: no entry
/// (`StatusChange::changes` is the same rule).
const RECORD: &str = "
INSERT INTO item_history (item_id, site_id, at, from_status, to_status, note, actor, owner_changed,
  owner_from, owner_to)
SELECT id, site_id, ?3, status, coalesce(?4, status), ?5, ?6, ?7 AND owner IS NOT ?8, owner,
  CASE WHEN ?7 THEN ?8 ELSE owner END
FROM feedback
WHERE site_id = ?1 AND id = ?2 AND (status != coalesce(?4, status) OR ?5 IS NOT NULL OR (?7 AND owner IS NOT ?8))";
const MOVE: &str = "UPDATE feedback SET status = coalesce(?3, status),
  owner = CASE WHEN ?4 THEN ?5 ELSE owner END WHERE site_id = ?1 AND id = ?2";
const HISTORY_COLUMNS: &str =
    "at, from_status, to_status, note, actor, owner_changed, owner_from, owner_to";
fn history_sql() -> String {
    format!("SELECT {HISTORY_COLUMNS} FROM item_history WHERE item_id = ?1 ORDER BY seq")
}
/// The histories of several items at once (?1: a JSON array of ids).
fn histories_sql() -> String {
    format!(
        "SELECT item_id, {HISTORY_COLUMNS} FROM item_history
WHERE item_id IN (SELECT value FROM json_each(?1)) ORDER BY seq"
    )
}

/// The customer's answer, with its history entry first (reading the status it leaves). `?4` is the
/// status the answer moves the item to (`CustomerAnswer::moves_to`), NULL to leave it.
const ANSWER_HISTORY: &str = "
INSERT INTO item_history (item_id, site_id, at, from_status, to_status, note, actor)
SELECT id, site_id, ?3, status, coalesce(?4, status), ?5, 'customer'
FROM feedback WHERE site_id = ?1 AND id = ?2";
const ANSWER: &str = "
UPDATE feedback SET customer_answer = ?3, status = coalesce(?4, status) WHERE site_id = ?1 AND id = ?2";

/// The statements that record the customer's answer to "did this solve it?" (`answer`, with its
/// `note`) and move the item to `moves_to` when the answer does.
pub fn customer_answer(
    db: &D1Database,
    (site, id): (&str, &str),
    answer: &str,
    note: &str,
    moves_to: Option<ItemStatus>,
    now: &str,
) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let moves_to = moves_to.map_or(JsValue::NULL, |s| s.as_str().into());
    Ok(vec![
        db.prepare(ANSWER_HISTORY).bind(&[
            site.into(),
            id.into(),
            now.into(),
            moves_to.clone(),
            note.into(),
        ])?,
        db.prepare(ANSWER)
            .bind(&[site.into(), id.into(), answer.into(), moves_to])?,
    ])
}

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
    #[serde(default)]
    owner_changed: u8,
    owner_from: Option<String>,
    owner_to: Option<String>,
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
            owner: (self.owner_changed == 1).then_some(OwnerMove {
                from: self.owner_from,
                to: self.owner_to,
            }),
        }
    }
}

/// Reads one item and its history; `UnknownItem` when the site has no such item.
pub async fn detail(db: &D1Database, site: &str, id: &str) -> Result<ItemDetail, ApiError> {
    let results = db
        .batch(vec![
            db.prepare(item_by_id()).bind(&[site.into(), id.into()])?,
            db.prepare(history_sql()).bind(&[id.into()])?,
        ])
        .await?;
    let [item, history] = super::exactly(results)?;
    let item: Option<ItemRow> = item.results()?.into_iter().next();
    let item = item.ok_or_else(|| ApiError::UnknownItem(id.to_owned()))?;
    let history: Vec<HistoryRow> = history.results()?;
    Ok(ItemDetail {
        item: item.into(),
        history: history.into_iter().map(HistoryRow::entry).collect(),
    })
}

/// The histories of `ids`, each oldest first, in the order of `ids`.
pub async fn histories(db: &D1Database, ids: &[&str]) -> Result<Vec<Vec<HistoryEntry>>, ApiError> {
    let mut out = vec![Vec::new(); ids.len()];
    if ids.is_empty() {
        return Ok(out);
    }
    let list = serde_json::to_string(ids).map_err(|e| ApiError::Internal(e.to_string()))?;
    let rows: Vec<HistoryRow> = db
        .prepare(histories_sql())
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
    db: &D1Database,
    site: &str,
    id: &str,
    change: &StatusChange,
    actor: Actor,
) -> Result<ItemDetail, ApiError> {
    let note = change.note.as_deref().map_or(JsValue::NULL, Into::into);
    let status = change.to.map_or(JsValue::NULL, |s| s.as_str().into());
    let (owner_changes, owner) = change.owner_binding();
    let owner_changes: JsValue = i32::from(owner_changes).into();
    let owner = owner.map_or(JsValue::NULL, Into::into);
    db.batch(vec![
        db.prepare(RECORD).bind(&[
            site.into(),
            id.into(),
            Now::read().iso.into(),
            status.clone(),
            note,
            actor.as_str().into(),
            owner_changes.clone(),
            owner.clone(),
        ])?,
        db.prepare(MOVE)
            .bind(&[site.into(), id.into(), status, owner_changes, owner])?,
    ])
    .await?;
    detail(db, site, id).await
}
