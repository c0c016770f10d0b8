//! The `feedback` table: storing a submission together with every delivery it raises, and reading
//! an item back by its idempotency key.

use feedback_core::delivery::event::{id, BodyAroundItem};
use feedback_core::follow_up::team::TeamName;
use feedback_core::insight::query::format_day;
use feedback_core::intake::decision::Decision;
use feedback_core::intake::spam::SpamReason;
use feedback_core::{Rating, Submission};
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use time::Date;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

use super::{deliveries, page_alerts, text_or_null};
use crate::api_error::ApiError;
use crate::runtime::{iso_at, Now};
use crate::store::deliveries::Job;

/// The columns both upserts write, in the order of their values.
macro_rules! insert_columns {
    () => {
        "
INSERT INTO feedback (id, site_id, page, title, channel, rating, reasons, comment, contact_email,
  contact_consent, locale, visitor, spam, idempotency_key, revision, created_at, updated_at, mood,
  mood_words, urgent, notice_id, team, urgent_at, day)
"
    };
}

/// What both upserts do when an answer meets an item already stored (see [`UPSERT`]).
macro_rules! on_conflict {
    () => {
        "
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
"
    };
}

/// Stores the item; or (same idempotency key, higher revision) replaces it with the visitor's newer
/// answer; or (same visitor, same page, same day, another key) changes theirs. The notice an
/// answer names is kept only when it is one of this page's, and follows the latest rating. A retry of a revision
/// already stored matches no update and returns no row. UNIQUE constraints decide, so concurrent
/// retries cannot double-count. An item keeps the team it was first given (routing changes move
/// items only when asked), and becomes urgent once: `urgent_at` is when, the start of its wait.
const UPSERT: &str = concat!(
    insert_columns!(),
    "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?16, ?15, ?15, ?17, ?18, ?19,
  (SELECT id FROM page_notes WHERE id = ?20 AND site_id = ?2 AND page = ?3 AND kind = 'notice'),
  ?21, CASE WHEN ?19 IS NOT NULL THEN ?15 END, ?22
WHERE EXISTS (SELECT 1 FROM sites WHERE id = ?2)",
    on_conflict!(),
    "RETURNING id, updated_at"
);

/// [`UPSERT`] for many answers in one statement: `?1` is a JSON array of [`Answer`]s, upserted one
/// after another in the array's order (so of two answers to one item the later wins, as in
/// separate statements), each returning its row with its site and key. D1 compiles a statement
/// each time it runs it, and compiling this one (its triggers keep the rollups) costs `SQLite` about
/// twenty times what running it does (hand-measured: 0.8 against 0.04 ms an answer), so a batch of
/// answers compiles it once.
const UPSERT_MANY: &str = concat!(
    insert_columns!(),
    "SELECT a.value ->> 'id', a.value ->> 'site', a.value ->> 'page', a.value ->> 'title',
  a.value ->> 'channel', a.value ->> 'rating', a.value ->> 'reasons', a.value ->> 'comment',
  a.value ->> 'email', a.value ->> 'consent', a.value ->> 'locale', a.value ->> 'visitor',
  a.value ->> 'spam', a.value ->> 'key', a.value ->> 'revision', a.value ->> 'now',
  a.value ->> 'now', a.value ->> 'mood', a.value ->> 'mood_words', a.value ->> 'urgent',
  (SELECT id FROM page_notes WHERE id = a.value ->> 'notice' AND site_id = a.value ->> 'site'
     AND page = a.value ->> 'page' AND kind = 'notice'),
  a.value ->> 'team', CASE WHEN a.value ->> 'urgent' IS NOT NULL THEN a.value ->> 'now' END,
  a.value ->> 'day'
FROM json_each(?1) AS a
WHERE EXISTS (SELECT 1 FROM sites WHERE id = a.value ->> 'site')
ORDER BY a.key",
    on_conflict!(),
    "RETURNING site_id, idempotency_key, id, updated_at"
);

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

/// One answer's values for the upsert, by name: bound one by one into [`UPSERT`], or one of many in
/// the JSON array [`UPSERT_MANY`] reads (its keys are the statement's).
#[derive(Clone, Serialize)]
pub struct Answer {
    id: String,
    site: String,
    page: String,
    title: Option<String>,
    channel: &'static str,
    rating: Option<&'static str>,
    reasons: String,
    comment: Option<String>,
    email: Option<String>,
    consent: i32,
    locale: Option<String>,
    visitor: String,
    spam: Option<&'static str>,
    key: String,
    now: String,
    revision: u32,
    mood: Option<f64>,
    mood_words: Option<String>,
    urgent: Option<String>,
    notice: Option<String>,
    team: Option<String>,
    day: String,
}

impl Answer {
    /// The site and idempotency key [`stored_many`] answers this answer under.
    pub fn stored_under(&self) -> (String, String) {
        (self.site.clone(), self.key.clone())
    }

    /// The upsert of this answer alone.
    fn statement(&self, db: &D1Database) -> Result<D1PreparedStatement, ApiError> {
        let text = |value: &Option<String>| text_or_null(value.as_deref());
        Ok(db.prepare(UPSERT).bind(&[
            self.id.as_str().into(),
            self.site.as_str().into(),
            self.page.as_str().into(),
            text(&self.title),
            self.channel.into(),
            text_or_null(self.rating),
            self.reasons.as_str().into(),
            text(&self.comment),
            text(&self.email),
            self.consent.into(),
            text(&self.locale),
            self.visitor.as_str().into(),
            text_or_null(self.spam),
            self.key.as_str().into(),
            self.now.as_str().into(),
            self.revision.into(),
            self.mood.map_or(JsValue::NULL, Into::into),
            text(&self.mood_words),
            text(&self.urgent),
            // Kept only when it names a notice of this very page (see the statement).
            text(&self.notice),
            text(&self.team),
            self.day.as_str().into(),
        ])?)
    }
}

/// One submission to store: its upsert, and the statements that follow it (its deliveries, the
/// page's burst check), all or nothing.
#[derive(Clone)]
pub struct Pending {
    /// The upsert's values.
    pub answer: Answer,
    /// What follows the upsert, in order.
    pub followers: Vec<D1PreparedStatement>,
}

impl Pending {
    /// The submission's statements alone, the upsert first: one D1 batch (one transaction).
    pub fn statements(&self, db: &D1Database) -> Result<Vec<D1PreparedStatement>, ApiError> {
        let mut statements = vec![self.answer.statement(db)?];
        statements.extend(self.followers.iter().cloned());
        Ok(statements)
    }
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
    pending(db, write, fail_delivery_write)?.statements(db)
}

/// [`statements`], with the upsert still as values, so a batch of answers can share one upsert.
pub fn pending(
    db: &D1Database,
    write: &Write<'_>,
    fail_delivery_write: impl FnOnce() -> bool,
) -> Result<Pending, ApiError> {
    let Write {
        submission,
        decision,
        visitor,
        new_id,
        now,
        day,
    } = write;
    let contact = submission.contact.as_ref();
    let answer = Answer {
        id: (*new_id).to_owned(),
        site: submission.site.clone(),
        page: submission.page.clone(),
        title: submission.title.clone(),
        channel: submission.channel.as_str(),
        rating: submission.rating.map(Rating::as_str),
        reasons: json(&submission.reasons),
        comment: submission.comment.clone(),
        email: contact.map(|c| c.email.clone()),
        consent: i32::from(contact.is_some_and(|c| c.consent)),
        locale: submission.locale.clone(),
        visitor: (*visitor).to_owned(),
        spam: decision.spam.map(SpamReason::as_str),
        key: submission.idempotency_key.clone(),
        now: now.iso.clone(),
        revision: submission.revision,
        mood: decision.mood.as_ref().map(|m| m.score),
        mood_words: decision.mood.as_ref().map(|m| json(&m.words)),
        urgent: (!decision.urgent.is_empty()).then(|| json(&decision.urgent)),
        notice: submission.notice.clone(),
        team: decision.team.as_ref().map(|t| t.as_str().to_owned()),
        day: (*day).to_owned(),
    };
    let mut statements = Vec::new();
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
    Ok(Pending {
        answer,
        followers: statements,
    })
}

/// Whether no two of `answers` share an idempotency key, or a page and visitor, on one site: then
/// none changes the item another one's deliveries and burst check read, so upserting them all
/// first and running what follows each after gives what one after the other would.
pub fn apart<'a>(answers: impl IntoIterator<Item = &'a Answer>) -> bool {
    let mut keys = HashSet::new();
    let mut places = HashSet::new();
    answers.into_iter().all(|a| {
        keys.insert((a.site.as_str(), a.key.as_str()))
            && places.insert((a.site.as_str(), a.page.as_str(), a.visitor.as_str()))
    })
}

/// The upsert of many answers in one statement, in their order ([`UPSERT_MANY`]).
pub fn upsert_many<'a>(
    db: &D1Database,
    answers: impl IntoIterator<Item = &'a Answer>,
) -> Result<D1PreparedStatement, ApiError> {
    let answers: Vec<&Answer> = answers.into_iter().collect();
    let array = serde_json::to_string(&answers)
        .map_err(|e| ApiError::Internal(format!("answers that do not write as JSON: {e}")))?;
    Ok(db.prepare(UPSERT_MANY).bind(&[array.into()])?)
}

/// What [`upsert_many`] returned: each answer's stored row, by site and idempotency key (an answer
/// that changed nothing returned none).
pub fn stored_many(result: &D1Result) -> Result<HashMap<(String, String), Stored>, ApiError> {
    #[derive(Deserialize)]
    struct Returned {
        site_id: String,
        idempotency_key: String,
        id: String,
        updated_at: String,
    }
    Ok(result
        .results::<Returned>()?
        .into_iter()
        .map(|r| {
            let stored = Stored {
                id: r.id,
                updated_at: r.updated_at,
            };
            ((r.site_id, r.idempotency_key), stored)
        })
        .collect())
}

/// What a write's results say: the row the upsert returned (`None`: it changed nothing) and the
/// deliveries it wrote, to be queued.
pub fn written(results: Vec<D1Result>) -> Result<(Option<Stored>, Vec<Job>), ApiError> {
    let mut results = results.into_iter();
    let stored = match results.next() {
        Some(first) => first.results::<Stored>()?.into_iter().next(),
        None => None,
    };
    Ok((stored, jobs(results)?))
}

/// The deliveries the statements that follow an upsert wrote, to be queued.
pub fn jobs(results: impl IntoIterator<Item = D1Result>) -> Result<Vec<Job>, ApiError> {
    let mut jobs = Vec::new();
    for result in results {
        jobs.extend(result.results::<Job>()?);
    }
    Ok(jobs)
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

#[cfg(test)]
mod tests {
    use super::{apart, Answer};

    fn answer(key: &str, page: &str, visitor: &str) -> Answer {
        Answer {
            id: format!("id-{key}"),
            site: "demo".into(),
            page: page.into(),
            title: None,
            channel: "web",
            rating: Some("up"),
            reasons: "[]".into(),
            comment: None,
            email: None,
            consent: 0,
            locale: None,
            visitor: visitor.into(),
            spam: None,
            key: key.into(),
            now: "2026-12-06T05:00:00.000Z".into(),
            revision: 0,
            mood: None,
            mood_words: None,
            urgent: None,
            notice: None,
            team: None,
            day: "2026-12-06".into(),
        }
    }

    #[test]
    fn answers_are_apart_unless_two_share_a_key_or_a_page_and_visitor() {
        let a = answer("key-a", "https://x.example/1", "v1");
        let b = answer("key-b", "https://x.example/1", "v2");
        let c = answer("key-c", "https://x.example/2", "v1");
        assert!(apart([&a, &b, &c]));
        // A retry, or another revision, of one answer.
        assert!(!apart([
            &a,
            &b,
            &answer("key-a", "https://x.example/3", "v3")
        ]));
        // One visitor's second answer to one page (a change of mind under another key).
        assert!(!apart([&a, &answer("key-d", "https://x.example/1", "v1")]));
    }

    #[test]
    fn an_answer_writes_as_the_json_the_batched_upsert_reads() {
        let json = serde_json::to_value(answer("key-a", "https://x.example/1", "v1")).unwrap();
        for name in super::UPSERT_MANY
            .split("a.value ->> '")
            .skip(1)
            .filter_map(|rest| rest.split('\'').next())
        {
            assert!(
                json.get(name).is_some(),
                "the statement reads {name}, which an answer lacks"
            );
        }
    }
}
