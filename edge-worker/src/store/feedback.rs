//! The `feedback` table: storing a submission together with every delivery it raises, and reading
//! an item back by its idempotency key.

use feedback_core::delivery::event::{id, BodyAroundItem};
use feedback_core::follow_up::team::TeamName;
use feedback_core::insight::query::format_day;
use feedback_core::intake::decision::Decision;
use feedback_core::intake::spam::SpamReason;
use feedback_core::{Rating, Submission};
use serde::Deserialize;
use time::Date;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

use super::{deliveries, page_alerts, text_or_null};
use crate::api_error::ApiError;
use crate::runtime::{iso_at, Now};
use crate::store::deliveries::Job;

/// Stores the item; or (same idempotency key, higher revision) replaces it with the visitor's newer
/// answer; or (same visitor, same page, same day, another key) changes theirs. The notice an
/// answer names is kept only when it is one of this page's, and follows the latest rating. A retry of a revision
/// already stored matches no update and returns no row. UNIQUE constraints decide, so concurrent
/// retries cannot double-count. An item keeps the team it was first given (routing changes move
/// items only when asked), and becomes urgent once: `urgent_at` is when, the start of its wait.
const UPSERT: &str = "
INSERT INTO feedback (id, site_id, page, title, channel, rating, reasons, comment, contact_email,
  contact_consent, locale, visitor, spam, idempotency_key, revision, created_at, updated_at, mood,
  mood_words, urgent, notice_id, team, urgent_at, day)
SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?16, ?15, ?15, ?17, ?18, ?19,
  (SELECT id FROM page_notes WHERE id = ?20 AND site_id = ?2 AND page = ?3 AND kind = 'notice'),
  ?21, CASE WHEN ?19 IS NOT NULL THEN ?15 END, ?22
WHERE EXISTS (SELECT 1 FROM sites WHERE id = ?2)
ON CONFLICT (site_id, idempotency_key) DO UPDATE SET
  rating = excluded.rating,
  reasons = excluded.reasons,
  comment = excluded.comment,
  contact_email = excluded.contact_email,
  contact_consent = excluded.contact_consent,
  title = coalesce(excluded.title, title),
  locale = coalesce(excluded.locale, locale),
  spam = excluded.spam,
  mood = CASE WHEN excluded.comment IS NOT NULL THEN excluded.mood ELSE mood END,
  mood_words = CASE WHEN excluded.comment IS NOT NULL THEN excluded.mood_words ELSE mood_words END,
  urgent_at = CASE WHEN urgent IS NULL THEN excluded.urgent_at ELSE urgent_at END,
  urgent = coalesce(excluded.urgent, urgent),
  notice_id = CASE WHEN excluded.rating IS NOT NULL THEN excluded.notice_id ELSE notice_id END,
  revision = excluded.revision,
  updated_at = excluded.updated_at
  WHERE excluded.revision > feedback.revision
ON CONFLICT (site_id, page, visitor) DO UPDATE SET
  rating = coalesce(excluded.rating, rating),
  reasons = CASE WHEN excluded.rating IS NOT NULL OR excluded.reasons <> '[]' THEN excluded.reasons ELSE reasons END,
  comment = coalesce(excluded.comment, comment),
  contact_email = coalesce(excluded.contact_email, contact_email),
  contact_consent = max(contact_consent, excluded.contact_consent),
  title = coalesce(excluded.title, title),
  locale = coalesce(excluded.locale, locale),
  spam = coalesce(excluded.spam, spam),
  idempotency_key = excluded.idempotency_key,
  mood = CASE WHEN excluded.comment IS NOT NULL THEN excluded.mood ELSE mood END,
  mood_words = CASE WHEN excluded.comment IS NOT NULL THEN excluded.mood_words ELSE mood_words END,
  urgent_at = CASE WHEN urgent IS NULL THEN excluded.urgent_at ELSE urgent_at END,
  urgent = coalesce(excluded.urgent, urgent),
  notice_id = CASE WHEN excluded.rating IS NOT NULL THEN excluded.notice_id ELSE notice_id END,
  revision = excluded.revision,
  updated_at = excluded.updated_at
RETURNING id, updated_at";

/// The item an idempotency key stored, asked only when the upsert changed nothing.
const BY_KEY: &str =
    "SELECT id, updated_at, revision FROM feedback WHERE site_id = ?1 AND idempotency_key = ?2";

/// A statement that always fails: the test-only switch `TEST_FAIL_DELIVERY_WRITE` puts it where
/// the deliveries are written, so a story can watch a write fail halfway.
const FAILING_DELIVERY_WRITE: &str = "INSERT INTO deliveries (event_id) VALUES (NULL)";

const FORGET_CONTACTS: &str =
    "UPDATE feedback SET contact_email = NULL WHERE contact_email IS NOT NULL AND created_at < ?1";
const DELETE_BEFORE: &str = "DELETE FROM feedback WHERE created_at < ?1";

/// The statement that forgets the contact details of items created before `day`.
pub fn forget_contacts_before(db: &D1Database, day: Date) -> Result<D1PreparedStatement, ApiError> {
    Ok(db
        .prepare(FORGET_CONTACTS)
        .bind(&[format_day(day).into()])?)
}

/// The statement that deletes the items created before `day`.
pub fn delete_before(db: &D1Database, day: Date) -> Result<D1PreparedStatement, ApiError> {
    Ok(db.prepare(DELETE_BEFORE).bind(&[format_day(day).into()])?)
}

/// The row the upsert returns.
#[derive(Deserialize)]
pub struct Stored {
    /// The item's id.
    pub id: String,
    /// When it was last changed.
    pub updated_at: String,
}

/// One submission to write, with what the core decided about it.
pub struct Write<'a> {
    /// The valid submission.
    pub submission: &'a Submission,
    /// Spam, mood, urgency and the events it raises.
    pub decision: &'a Decision,
    /// The anonymous visitor (or the item's own key where each answer is a new item).
    pub visitor: &'a str,
    /// The id the item gets if it is new.
    pub new_id: &'a str,
    /// When it arrived.
    pub now: &'a Now,
    /// The day it arrived on its site's clock, which its counts are kept under.
    pub day: &'a str,
}

/// The statements that store one submission and every delivery it raises, to run in one D1 batch
/// (one transaction): the item, its `feedback.urgent` deliveries, the page's burst check and its
/// `page.alert` deliveries. Either all are stored or none. The deliveries are keyed by event and
/// endpoint, so a retry of an item whose deliveries are missing writes them, and one whose
/// deliveries exist writes nothing twice.
pub fn statements(
    db: &D1Database,
    write: &Write<'_>,
    fail_delivery_write: impl FnOnce() -> bool,
) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let Write {
        submission,
        decision,
        visitor,
        new_id,
        now,
        day,
    } = write;
    let contact = submission.contact.as_ref();
    let mut statements = vec![db.prepare(UPSERT).bind(&[
        (*new_id).into(),
        submission.site.as_str().into(),
        submission.page.as_str().into(),
        text_or_null(submission.title.as_deref()),
        submission.channel.as_str().into(),
        text_or_null(submission.rating.map(Rating::as_str)),
        json(&submission.reasons).into(),
        text_or_null(submission.comment.as_deref()),
        text_or_null(contact.map(|c| c.email.as_str())),
        i32::from(contact.is_some_and(|c| c.consent)).into(),
        text_or_null(submission.locale.as_deref()),
        (*visitor).into(),
        text_or_null(decision.spam.map(SpamReason::as_str)),
        submission.idempotency_key.as_str().into(),
        now.iso.as_str().into(),
        submission.revision.into(),
        decision
            .mood
            .as_ref()
            .map_or(JsValue::NULL, |m| m.score.into()),
        text_or_null(decision.mood.as_ref().map(|m| json(&m.words)).as_deref()),
        text_or_null(
            (!decision.urgent.is_empty())
                .then(|| json(&decision.urgent))
                .as_deref(),
        ),
        // Kept only when it names a notice of this very page (see the statement).
        text_or_null(submission.notice.as_deref()),
        text_or_null(decision.team.as_ref().map(TeamName::as_str)),
        (*day).into(),
    ])?];
    if let Some(event) = &decision.urgent_event {
        statements.push(deliveries::urgent_for_item(
            db,
            &submission.site,
            &submission.idempotency_key,
            &BodyAroundItem::of(event, &now.iso),
            &now.iso,
        )?);
    }
    if let Some(rule) = decision.page_alert {
        let (window, cooldown) = rule.since(now.millis);
        let (window, cooldown) = (iso_at(window), iso_at(cooldown));
        let page = (submission.site.as_str(), submission.page.as_str());
        let team = decision.team.as_ref().map(TeamName::as_str);
        let event_id = id::page_alert(&crate::runtime::random_uuid());
        statements.push(page_alerts::fire(
            db,
            page,
            rule,
            (&window, &cooldown),
            &event_id,
            &now.iso,
        )?);
        statements.push(deliveries::page_alert(
            db,
            (page.0, page.1, team),
            rule,
            &window,
            &event_id,
            &now.iso,
        )?);
    }
    // Asked only of a write with deliveries, so the switch fails the first such write.
    if statements.len() > 1 && fail_delivery_write() {
        statements.push(db.prepare(FAILING_DELIVERY_WRITE));
    }
    Ok(statements)
}

/// What a write's results say: the row the upsert returned (`None`: it changed nothing) and the
/// deliveries it wrote, to be queued.
pub fn written(results: Vec<D1Result>) -> Result<(Option<Stored>, Vec<Job>), ApiError> {
    let mut results = results.into_iter();
    let stored = match results.next() {
        Some(first) => first.results::<Stored>()?.into_iter().next(),
        None => None,
    };
    let mut jobs = Vec::new();
    for result in results {
        jobs.extend(result.results::<Job>()?);
    }
    Ok((stored, jobs))
}

/// The item an idempotency key already stored, with its revision.
#[derive(Deserialize)]
pub struct ByKey {
    /// The stored row.
    #[serde(flatten)]
    pub stored: Stored,
    /// Its revision.
    pub revision: u32,
}

/// The item `site` stored under `key`, if any.
pub async fn by_key(db: &D1Database, site: &str, key: &str) -> Result<Option<ByKey>, ApiError> {
    Ok(db
        .prepare(BY_KEY)
        .bind(&[site.into(), key.into()])?
        .first(None)
        .await?)
}

/// JSON text of what the core serialises (plain data: serialising it cannot fail).
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
