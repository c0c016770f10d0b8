//! The `teams` table, the routing stored with each site, moving stored items to the teams new
//! rules give them, and the urgent items whose team has waited too long for someone to act.

use feedback_core::delivery::event::EventType;
use feedback_core::follow_up::team::{Escalation, EscalationState};
use feedback_core::Channel;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

use super::text_or_null;
use crate::api_error::ApiError;

const UPSERT: &str = "
INSERT INTO teams (site_id, name, escalate_after_hours, second_level_after_hours, created_at, updated_at)
SELECT id, ?2, ?3, ?4, ?5, ?5 FROM sites WHERE id = ?1
ON CONFLICT (site_id, name) DO UPDATE SET escalate_after_hours = excluded.escalate_after_hours,
  second_level_after_hours = excluded.second_level_after_hours, updated_at = excluded.updated_at
RETURNING name, escalate_after_hours, second_level_after_hours, created_at, updated_at";
const COLUMNS: &str =
    "name, escalate_after_hours, second_level_after_hours, created_at, updated_at";
const NAMES: &str = "SELECT name FROM teams WHERE site_id = ?1 ORDER BY name";
const ROUTING: &str = "SELECT routing FROM sites WHERE id = ?1";
const SET_ROUTING: &str = "UPDATE sites SET routing = ?2 WHERE id = ?1 RETURNING routing";
/// Every kind of item a site has, by what routing reads: items of one group go to one team.
const GROUPS: &str = "SELECT DISTINCT page, channel, locale FROM feedback WHERE site_id = ?1";
const REASSIGN: &str = "UPDATE feedback SET team = ?5
WHERE site_id = ?1 AND page = ?2 AND channel = ?3 AND locale IS ?4 AND team IS NOT ?5 RETURNING id";

/// New urgent items of a team that have waited at least its first escalation's hours since they
/// became urgent or were last reopened (the same wait as the inbox's; `?1` now, `?2` an hour's
/// seconds), and have not yet reached, in this wait, the last level their team has. Which level is
/// due is `Escalation::level_due`'s to say; this only leaves out what cannot be due.
const WAITING: &str = "
WITH waiting AS (
  SELECT f.id, f.site_id, f.page, f.team, f.owner, f.urgent, f.comment, f.escalated_level, f.escalated_since,
    t.escalate_after_hours, t.second_level_after_hours,
    coalesce((SELECT max(h.at) FROM item_history h
              WHERE h.item_id = f.id AND h.to_status = 'new' AND h.from_status != 'new'),
             f.urgent_at, f.created_at) AS waiting_since
  FROM feedback f JOIN teams t ON t.site_id = f.site_id AND t.name = f.team
  WHERE f.status = 'new' AND f.urgent IS NOT NULL AND f.team IS NOT NULL AND f.spam IS NULL)
SELECT * FROM waiting
WHERE (julianday(?1) - julianday(waiting_since)) * 86400 >= escalate_after_hours * ?2
  AND NOT (escalated_since IS waiting_since
           AND escalated_level >= CASE WHEN second_level_after_hours IS NULL THEN 1 ELSE 2 END)
ORDER BY waiting_since LIMIT 200";
/// Records a level reached, only while the item is still new and has not reached it in this wait.
const REACHED: &str = "
UPDATE feedback SET escalated_level = ?3, escalated_since = ?4
WHERE site_id = ?1 AND id = ?2 AND status = 'new'
  AND NOT (escalated_since IS ?4 AND escalated_level >= ?3)";
/// A `feedback.escalated` for every enabled escalation endpoint of the item's team, while the
/// item is still new; the event id is the item's, level's and wait's, so overlapping cron runs
/// write it once.
const ESCALATION_DELIVERIES: &str = "
INSERT INTO deliveries (event_id, endpoint_id, site_id, event_type, body, created_at, updated_at)
SELECT ?4, e.id, e.site_id, ?5, ?6, ?7, ?7 FROM endpoints e
WHERE e.site_id = ?1 AND e.team = ?3 AND e.role = 'escalation' AND e.disabled_reason IS NULL
  AND EXISTS (SELECT 1 FROM feedback WHERE site_id = ?1 AND id = ?2 AND status = 'new')
ON CONFLICT (event_id, endpoint_id) DO NOTHING
RETURNING event_id AS event, endpoint_id AS endpoint";

/// A team as stored.
#[derive(Debug, Deserialize, serde::Serialize)]
pub struct Team {
    /// Its name.
    pub name: String,
    /// Hours before the first escalation.
    pub escalate_after_hours: u32,
    /// Hours before the second, if any.
    pub second_level_after_hours: Option<u32>,
    /// When it was made.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

#[derive(Deserialize)]
struct Routing {
    routing: String,
}

/// A group of items routing treats alike.
#[derive(Deserialize)]
pub struct Group {
    /// The page.
    pub page: String,
    /// The channel's wire name.
    pub channel: String,
    /// The visitor's language tag.
    pub locale: Option<String>,
}

impl Group {
    /// The channel, as the core reads it.
    pub fn channel(&self) -> Channel {
        Channel::parse(&self.channel).unwrap_or_default()
    }
}

/// An urgent item that has waited for its team, with what its escalation says.
#[derive(Deserialize)]
pub struct Unacknowledged {
    /// The item.
    pub id: String,
    /// Its site.
    pub site_id: String,
    /// Its page.
    pub page: String,
    /// Its team.
    pub team: String,
    /// Its owner.
    pub owner: Option<String>,
    /// Why it is urgent, JSON.
    pub urgent: String,
    /// Its comment.
    pub comment: Option<String>,
    /// The level it reached in the wait that began at `escalated_since`.
    pub escalated_level: u8,
    /// The wait in which it reached that level.
    pub escalated_since: Option<String>,
    /// Hours before the first escalation.
    pub escalate_after_hours: u32,
    /// Hours before the second, if any.
    pub second_level_after_hours: Option<u32>,
    /// When this wait began.
    pub waiting_since: String,
}

impl Unacknowledged {
    /// Its team's escalation.
    pub fn escalation(&self) -> Escalation {
        Escalation {
            escalate_after_hours: self.escalate_after_hours,
            second_level_after_hours: self.second_level_after_hours,
        }
    }

    /// Where it stands with escalation, for the core to say which levels are due.
    pub fn state(&self) -> EscalationState<'_> {
        EscalationState {
            waiting_since: &self.waiting_since,
            reached: self.escalated_level,
            reached_since: self.escalated_since.as_deref(),
        }
    }
}

/// Makes or changes a team of `site`; `None` when the site does not exist.
pub async fn upsert(
    db: &D1Database,
    site: &str,
    name: &str,
    escalation: &Escalation,
    now: &str,
) -> Result<Option<Team>, ApiError> {
    Ok(db
        .prepare(UPSERT)
        .bind(&[
            site.into(),
            name.into(),
            escalation.escalate_after_hours.into(),
            escalation
                .second_level_after_hours
                .map_or(JsValue::NULL, Into::into),
            now.into(),
        ])?
        .first(None)
        .await?)
}

/// A site's teams, by name.
pub async fn list(db: &D1Database, site: &str) -> Result<Vec<Team>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM teams WHERE site_id = ?1 ORDER BY name");
    Ok(db
        .prepare(sql)
        .bind(&[site.into()])?
        .all()
        .await?
        .results()?)
}

/// One team of a site.
pub async fn one(db: &D1Database, site: &str, name: &str) -> Result<Option<Team>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM teams WHERE site_id = ?1 AND name = ?2");
    Ok(db
        .prepare(sql)
        .bind(&[site.into(), name.into()])?
        .first(None)
        .await?)
}

/// The statement that reads a site's team names (for a screen's batch).
pub fn names(db: &D1Database, site: &str) -> Result<D1PreparedStatement, ApiError> {
    Ok(db.prepare(NAMES).bind(&[site.into()])?)
}

/// A site's routing as stored (JSON); `None` when the site does not exist.
pub async fn routing(db: &D1Database, site: &str) -> Result<Option<String>, ApiError> {
    let row: Option<Routing> = db
        .prepare(ROUTING)
        .bind(&[site.into()])?
        .first(None)
        .await?;
    Ok(row.map(|r| r.routing))
}

/// Stores a site's routing (JSON); `None` when the site does not exist.
pub async fn set_routing(
    db: &D1Database,
    site: &str,
    routing: &str,
) -> Result<Option<String>, ApiError> {
    let row: Option<Routing> = db
        .prepare(SET_ROUTING)
        .bind(&[site.into(), routing.into()])?
        .first(None)
        .await?;
    Ok(row.map(|r| r.routing))
}

/// Every group of a site's items routing treats alike.
pub async fn groups(db: &D1Database, site: &str) -> Result<Vec<Group>, ApiError> {
    Ok(db
        .prepare(GROUPS)
        .bind(&[site.into()])?
        .all()
        .await?
        .results()?)
}

/// The statement that gives a group's items `team` (NULL: none); it returns the items it moved.
pub fn reassign(
    db: &D1Database,
    site: &str,
    group: &Group,
    team: Option<&str>,
) -> Result<D1PreparedStatement, ApiError> {
    Ok(db.prepare(REASSIGN).bind(&[
        site.into(),
        group.page.as_str().into(),
        group.channel.as_str().into(),
        text_or_null(group.locale.as_deref()),
        text_or_null(team),
    ])?)
}

/// Urgent items that may be due for escalation at `now`, oldest wait first, at most 200 a run.
pub async fn waiting(
    db: &D1Database,
    now: &str,
    hour_seconds: i64,
) -> Result<Vec<Unacknowledged>, ApiError> {
    #[allow(clippy::cast_precision_loss)] // seconds in an hour
    let hour = hour_seconds as f64;
    Ok(db
        .prepare(WAITING)
        .bind(&[now.into(), hour.into()])?
        .all()
        .await?
        .results()?)
}

/// The statements that escalate `item` to `level`: record the level, and write the event for the
/// team's escalation endpoints; both only while it is still new.
pub fn escalate(
    db: &D1Database,
    item: &Unacknowledged,
    level: u8,
    event_id: &str,
    body: &str,
    now: &str,
) -> Result<[D1PreparedStatement; 2], ApiError> {
    let site = item.site_id.as_str();
    Ok([
        db.prepare(ESCALATION_DELIVERIES).bind(&[
            site.into(),
            item.id.as_str().into(),
            item.team.as_str().into(),
            event_id.into(),
            EventType::FeedbackEscalated.as_str().into(),
            body.into(),
            now.into(),
        ])?,
        db.prepare(REACHED).bind(&[
            site.into(),
            item.id.as_str().into(),
            level.into(),
            item.waiting_since.as_str().into(),
        ])?,
    ])
}
