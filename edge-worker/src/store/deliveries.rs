//! The `deliveries` table: one event for one endpoint and what became of it. It is the delivery
//! log and the outbox at once: a row is written in the same transaction as what raised it, and the
//! queue only carries its key.

use feedback_core::delivery::event::{id, BodyAroundItem, EventType};
use feedback_core::delivery::policy::DeliveryStatus;
use feedback_core::intake::urgency::PageAlertRule;
use feedback_core::Polarity;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

use super::{ratings_json, text_or_null};
use crate::api_error::ApiError;

/// An event for every endpoint of a site that hears the team `?6` (NULL: the site-wide ones only),
/// once per event id. An item's events go to the site-wide endpoints and to its team's `events`
/// endpoints (never to `escalation` ones); the statements below say the same for their items.
const FOR_EVENT: &str = "
INSERT INTO deliveries (event_id, endpoint_id, site_id, event_type, body, created_at, updated_at)
SELECT ?1, e.id, e.site_id, ?2, ?3, ?4, ?4 FROM endpoints e WHERE e.site_id = ?5
  AND e.disabled_reason IS NULL AND e.role = 'events' AND (e.team IS NULL OR e.team = ?6)
ON CONFLICT (event_id, endpoint_id) DO NOTHING
RETURNING event_id AS event, endpoint_id AS endpoint";
/// An event for the `events` endpoints of the team `?6` alone (a team's own digest), once per
/// event id.
const FOR_TEAM: &str = "
INSERT INTO deliveries (event_id, endpoint_id, site_id, event_type, body, created_at, updated_at)
SELECT ?1, e.id, e.site_id, ?2, ?3, ?4, ?4 FROM endpoints e WHERE e.site_id = ?5
  AND e.disabled_reason IS NULL AND e.role = 'events' AND e.team = ?6
ON CONFLICT (event_id, endpoint_id) DO NOTHING
RETURNING event_id AS event, endpoint_id AS endpoint";
/// An item's `feedback.urgent`, for the site-wide endpoints and its team's, read from the item as it is stored in
/// this very transaction: its id (a change of mind keeps the first) and creation time complete the
/// body (`BodyAroundItem`) and the event id (`id::urgent`: the prefix, then the id without dashes).
const URGENT_FOR_ITEM: &str = "
INSERT INTO deliveries (event_id, endpoint_id, site_id, event_type, body, created_at, updated_at)
SELECT ?1 || replace(f.id, '-', ''), e.id, f.site_id, ?2, ?3 || f.id || ?4 || f.created_at || ?5, ?6, ?6
FROM feedback f JOIN endpoints e ON e.site_id = f.site_id AND e.disabled_reason IS NULL
  AND e.role = 'events' AND (e.team IS NULL OR e.team = f.team)
WHERE f.site_id = ?7 AND f.idempotency_key = ?8
ON CONFLICT (event_id, endpoint_id) DO NOTHING
RETURNING event_id AS event, endpoint_id AS endpoint";
/// A page's `page.alert`, only when this very request fired it (`page_alerts.event_id = ?6`).
/// The body is the core's `PageAlert` in its field order, assembled from the burst in the same
/// transaction: `?1` site, `?2` page, `?3` now, `?4` window start, `?5` window minutes, `?6` event
/// id, `?7` the event type, `?8` the negative ratings (JSON), `?9` the page's team (NULL: none),
/// whose endpoints hear it with the site-wide ones.
const PAGE_ALERT: &str = "
INSERT INTO deliveries (event_id, endpoint_id, site_id, event_type, body, created_at, updated_at)
SELECT ?6, e.id, e.site_id, ?7, json_object('type', ?7, 'timestamp', ?3, 'data', json_object(
    'site', ?1, 'page', ?2,
    'negatives', (SELECT count(*) FROM feedback WHERE site_id = ?1 AND page = ?2
                  AND rating IN (SELECT value FROM json_each(?8)) AND spam IS NULL AND created_at >= date(?4, '-1 day') AND updated_at >= ?4),
    'window_minutes', CAST(?5 AS INTEGER),
    'since', ?4,
    'recent_comments', (SELECT json_group_array(json_object('rating', rating, 'comment', comment, 'at', updated_at))
      FROM (SELECT rating, comment, updated_at FROM feedback WHERE site_id = ?1 AND page = ?2
            AND rating IN (SELECT value FROM json_each(?8)) AND spam IS NULL AND created_at >= date(?4, '-1 day') AND updated_at >= ?4 AND comment IS NOT NULL
            ORDER BY updated_at DESC LIMIT 10)))),
  ?3, ?3
FROM endpoints e
WHERE e.site_id = ?1 AND e.disabled_reason IS NULL AND e.role = 'events' AND (e.team IS NULL OR e.team = ?9)
  AND EXISTS (SELECT 1 FROM page_alerts WHERE site_id = ?1 AND page = ?2 AND event_id = ?6)
ON CONFLICT (event_id, endpoint_id) DO NOTHING
RETURNING event_id AS event, endpoint_id AS endpoint";
const ONE: &str = "
SELECT d.body, d.status, d.attempts, e.url, e.format, e.secrets, e.disabled_reason
FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id
WHERE d.event_id = ?1 AND d.endpoint_id = ?2";
const RECORD: &str = "
UPDATE deliveries SET status = ?3, attempts = ?4, last_status = ?5, last_error = ?6,
  next_attempt_at = ?7, updated_at = ?8
WHERE event_id = ?1 AND endpoint_id = ?2";
/// Pending deliveries nobody is carrying: queued just as the queue failed, or overdue by far.
const STRANDED: &str = "
UPDATE deliveries SET next_attempt_at = ?3, updated_at = ?4
WHERE rowid IN (
  SELECT rowid FROM deliveries WHERE status = 'pending'
    AND ((next_attempt_at IS NULL AND created_at < ?1) OR next_attempt_at < ?2)
  LIMIT 200)
RETURNING event_id AS event, endpoint_id AS endpoint";
const LOG: &str = "
SELECT event_id, endpoint_id, event_type, status, attempts, last_status, last_error, next_attempt_at,
  created_at, updated_at
FROM deliveries WHERE site_id = ?1 AND (?2 IS NULL OR status = ?2)
ORDER BY created_at DESC, event_id LIMIT 500";
const REPLAY: &str = "
UPDATE deliveries SET status = 'pending', attempts = 0, last_error = NULL, next_attempt_at = NULL,
  updated_at = ?3
WHERE site_id = ?1 AND event_id = ?2 AND status <> 'delivered'
  AND endpoint_id IN (SELECT id FROM endpoints WHERE disabled_reason IS NULL)
RETURNING event_id AS event, endpoint_id AS endpoint";

/// One delivery to make: the queue's message, and what writing deliveries returns.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// The `webhook-id`.
    pub event: String,
    /// The endpoint.
    pub endpoint: String,
}

/// The statement that records `body` (an event of `kind`) for the endpoints of `site` that hear
/// `team` (`None`: the site-wide ones).
pub fn for_event(
    db: &D1Database,
    (site, team): (&str, Option<&str>),
    kind: EventType,
    event_id: &str,
    body: &str,
    now: &str,
) -> Result<D1PreparedStatement, ApiError> {
    Ok(db.prepare(FOR_EVENT).bind(&[
        event_id.into(),
        kind.as_str().into(),
        body.into(),
        now.into(),
        site.into(),
        text_or_null(team),
    ])?)
}

/// The statement that records the `feedback.urgent` of the item `key` stores.
pub fn urgent_for_item(
    db: &D1Database,
    site: &str,
    key: &str,
    body: &BodyAroundItem,
    now: &str,
) -> Result<D1PreparedStatement, ApiError> {
    Ok(db.prepare(URGENT_FOR_ITEM).bind(&[
        id::URGENT_PREFIX.into(),
        EventType::FeedbackUrgent.as_str().into(),
        body.prefix.as_str().into(),
        body.middle.as_str().into(),
        body.suffix.as_str().into(),
        now.into(),
        site.into(),
        key.into(),
    ])?)
}

/// The statement that records the page's `page.alert` when this request fired it as `event_id`.
pub fn page_alert(
    db: &D1Database,
    (site, page, team): (&str, &str, Option<&str>),
    rule: PageAlertRule,
    window: &str,
    event_id: &str,
    now: &str,
) -> Result<D1PreparedStatement, ApiError> {
    Ok(db.prepare(PAGE_ALERT).bind(&[
        site.into(),
        page.into(),
        now.into(),
        window.into(),
        rule.window_minutes.into(),
        event_id.into(),
        EventType::PageAlert.as_str().into(),
        ratings_json(Polarity::Negative).into(),
        text_or_null(team),
    ])?)
}

/// The deliveries a batch wrote (the rows its `RETURNING` statements gave), to be queued.
pub fn jobs(results: Vec<D1Result>) -> Result<Vec<Job>, ApiError> {
    let mut jobs = Vec::new();
    for result in results {
        jobs.extend(result.results::<Job>()?);
    }
    Ok(jobs)
}

/// Who hears an event that is not an item's.
#[derive(Clone, Copy)]
pub enum Audience<'a> {
    /// The site-wide endpoints of the site.
    Site(&'a str),
    /// The `events` endpoints of one team of the site, alone (the team's own digest).
    Team(&'a str, &'a str),
}

/// Records an event for `audience` and answers the deliveries to queue.
pub async fn record_event(
    db: &D1Database,
    audience: Audience<'_>,
    kind: EventType,
    event_id: &str,
    body: &str,
    now: &str,
) -> Result<Vec<Job>, ApiError> {
    let statement = match audience {
        Audience::Site(site) => for_event(db, (site, None), kind, event_id, body, now)?,
        Audience::Team(site, team) => db.prepare(FOR_TEAM).bind(&[
            event_id.into(),
            kind.as_str().into(),
            body.into(),
            now.into(),
            site.into(),
            team.into(),
        ])?,
    };
    Ok(statement.all().await?.results()?)
}

/// A delivery with its endpoint, as the consumer needs it.
#[derive(Deserialize)]
pub struct Delivery {
    /// The stored body.
    pub body: String,
    /// Where it stands.
    pub status: String,
    /// Attempts so far.
    pub attempts: u32,
    /// The endpoint's URL.
    pub url: String,
    /// The endpoint's format.
    pub format: String,
    /// The endpoint's secrets, JSON.
    pub secrets: String,
    /// Why the endpoint is disabled, if it is.
    pub disabled_reason: Option<String>,
}

impl Delivery {
    /// Where it stands, typed.
    pub fn status(&self) -> Option<DeliveryStatus> {
        DeliveryStatus::parse(&self.status)
    }
}

/// One delivery, if it exists.
pub async fn one(db: &D1Database, job: &Job) -> Result<Option<Delivery>, ApiError> {
    Ok(db
        .prepare(ONE)
        .bind(&[job.event.as_str().into(), job.endpoint.as_str().into()])?
        .first(None)
        .await?)
}

/// What an attempt leaves in the log.
pub struct Outcome<'a> {
    /// The new status.
    pub status: DeliveryStatus,
    /// Attempts so far.
    pub attempts: u32,
    /// The receiver's last HTTP status.
    pub last_status: Option<u16>,
    /// The last error.
    pub error: Option<&'a str>,
    /// When the next attempt is due.
    pub next_attempt_at: Option<&'a str>,
}

/// Records what an attempt came to.
pub async fn record(
    db: &D1Database,
    job: &Job,
    outcome: &Outcome<'_>,
    now: &str,
) -> Result<(), ApiError> {
    db.prepare(RECORD)
        .bind(&[
            job.event.as_str().into(),
            job.endpoint.as_str().into(),
            outcome.status.as_str().into(),
            outcome.attempts.into(),
            outcome.last_status.map_or(JsValue::NULL, JsValue::from),
            text_or_null(outcome.error),
            text_or_null(outcome.next_attempt_at),
            now.into(),
        ])?
        .run()
        .await?;
    Ok(())
}

/// Marks pending deliveries that nobody carries (unqueued since `unqueued_before`, or overdue
/// since `overdue_before`) as due at `due`, and answers them.
pub async fn stranded(
    db: &D1Database,
    unqueued_before: &str,
    overdue_before: &str,
    due: &str,
    now: &str,
) -> Result<Vec<Job>, ApiError> {
    Ok(db
        .prepare(STRANDED)
        .bind(&[
            unqueued_before.into(),
            overdue_before.into(),
            due.into(),
            now.into(),
        ])?
        .all()
        .await?
        .results()?)
}

/// One line of the delivery log, as the admin API shows it.
#[derive(Serialize, Deserialize)]
pub struct LogLine {
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

/// A site's delivery log, newest first, optionally of one status.
pub async fn log(
    db: &D1Database,
    site: &str,
    status: Option<DeliveryStatus>,
) -> Result<Vec<LogLine>, ApiError> {
    Ok(db
        .prepare(LOG)
        .bind(&[
            site.into(),
            text_or_null(status.map(DeliveryStatus::as_str)),
        ])?
        .all()
        .await?
        .results()?)
}

/// Sets an event's undelivered deliveries to enabled endpoints pending again; answers them.
pub async fn replay(
    db: &D1Database,
    site: &str,
    event: &str,
    now: &str,
) -> Result<Vec<Job>, ApiError> {
    Ok(db
        .prepare(REPLAY)
        .bind(&[site.into(), event.into(), now.into()])?
        .all()
        .await?
        .results()?)
}

const EVENT_RECORDED: &str = "SELECT 1 AS found FROM deliveries WHERE event_id = ?1 LIMIT 1";

/// Whether an event has been recorded for any endpoint (a digest already sent, say).
pub async fn event_recorded(db: &D1Database, event_id: &str) -> Result<bool, ApiError> {
    let row: Option<serde_json::Value> = db
        .prepare(EVENT_RECORDED)
        .bind(&[event_id.into()])?
        .first(None)
        .await?;
    Ok(row.is_some())
}
