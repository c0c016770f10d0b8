//! `POST /v1/feedback`: one visitor's answer, validated by `feedback-core`, stored in one round trip.

use feedback_core::delivery::webhook::EventType;
use feedback_core::intake::mood::{mood, Mood};
use feedback_core::intake::spam;
use feedback_core::intake::submission::MAX_BODY_BYTES;
use feedback_core::intake::urgency::{UrgencyRules, UrgentReason};
use feedback_core::intake::visitor::visitor_id;
use feedback_core::{Accepted, Channel, Outcome, Polarity, Rating, Reason, Rejection, Submission};
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1PreparedStatement, Request, Response};

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::runtime::{random_uuid, Now};
use crate::sites::Site;
use crate::{alerts, queued, sites, visitors, webhooks};

/// The `data` of a `feedback.urgent` event.
#[derive(serde::Serialize)]
struct UrgentItem<'a> {
    id: &'a str,
    site: &'a str,
    page: &'a str,
    title: Option<&'a str>,
    channel: Channel,
    rating: Option<Rating>,
    reasons: &'a [Reason],
    comment: Option<&'a str>,
    /// Present only when the visitor ticked "you may contact me".
    contact: Option<&'a str>,
    locale: Option<&'a str>,
    mood: Option<&'a Mood>,
    /// Why it is urgent.
    urgent: &'a [UrgentReason],
    created_at: &'a str,
}

/// Seconds a limited client should wait: the periods of `[[ratelimits]]` in wrangler.toml.
const VISITOR_PERIOD: u32 = 60;
const SITE_PERIOD: u32 = 10;

/// Stores the item; or (same idempotency key, higher revision) replaces it with the visitor's newer
/// answer; or (same visitor, same page, same day, another key) changes theirs. A retry of a revision
/// already stored matches no update and returns no row. UNIQUE constraints decide, so concurrent
/// retries cannot double-count.
const UPSERT_FEEDBACK: &str = "
INSERT INTO feedback (id, site_id, page, title, channel, rating, reasons, comment, contact_email,
  contact_consent, locale, visitor, spam, idempotency_key, revision, created_at, updated_at, mood,
  mood_words, urgent)
SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?16, ?15, ?15, ?17, ?18, ?19
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
  urgent = coalesce(excluded.urgent, urgent),
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
  urgent = coalesce(excluded.urgent, urgent),
  revision = excluded.revision,
  updated_at = excluded.updated_at
RETURNING id, updated_at, created_at";

/// The item an idempotency key already stored, asked only when the upsert changed nothing.
const BY_KEY: &str =
    "SELECT id, updated_at, created_at FROM feedback WHERE site_id = ?1 AND idempotency_key = ?2";

/// The row the upsert returns.
#[derive(Deserialize)]
pub struct Stored {
    id: String,
    updated_at: String,
    created_at: String,
}

/// The item an exact retry (or an older revision) refers to; the upsert changed nothing.
async fn already_stored(bindings: &Bindings, submission: &Submission) -> Result<Stored, ApiError> {
    bindings
        .db
        .prepare(BY_KEY)
        .bind(&[
            submission.site.as_str().into(),
            submission.idempotency_key.as_str().into(),
        ])?
        .first(None)
        .await?
        // Neither stored nor already there: the site was deleted between the cache and the insert.
        .ok_or_else(|| ApiError::UnknownSite(submission.site.clone()))
}

/// Why a stored item is urgent, if it is.
struct Urgency<'a> {
    mood: Option<&'a Mood>,
    reasons: &'a [UrgentReason],
}

/// Tells integrators what a stored item means: `feedback.urgent`, and `page.alert` for a burst.
async fn notify(
    bindings: &Bindings,
    rules: &UrgencyRules,
    submission: &Submission,
    stored: &Stored,
    urgency: Urgency<'_>,
    now: &Now,
) -> Result<(), ApiError> {
    if !urgency.reasons.is_empty() {
        alert(
            bindings,
            submission,
            stored,
            urgency.mood,
            urgency.reasons,
            &now.iso,
        )
        .await?;
    }
    if submission
        .rating
        .is_some_and(|r| r.polarity() == Polarity::Negative)
    {
        alerts::check(
            bindings,
            rules.page_alert,
            &submission.site,
            &submission.page,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Sends `feedback.urgent` for a stored item, once per item (its event id is the item's).
async fn alert(
    bindings: &Bindings,
    submission: &Submission,
    stored: &Stored,
    mood: Option<&Mood>,
    urgent: &[UrgentReason],
    now_iso: &str,
) -> Result<(), ApiError> {
    let event = UrgentItem {
        id: &stored.id,
        site: &submission.site,
        page: &submission.page,
        title: submission.title.as_deref(),
        channel: submission.channel,
        rating: submission.rating,
        reasons: &submission.reasons,
        comment: submission.comment.as_deref(),
        contact: submission.contact.as_ref().map(|c| c.email.as_str()),
        locale: submission.locale.as_deref(),
        mood,
        urgent,
        created_at: &stored.created_at,
    };
    let event_id = format!("msg_{}", stored.id.replace('-', ""));
    webhooks::announce(
        bindings,
        &submission.site,
        EventType::FeedbackUrgent,
        &event_id,
        &event,
        now_iso,
    )
    .await
}

/// Reads the body as text, refusing other media types and oversize bodies before parsing.
async fn read_body(req: &mut Request) -> Result<String, ApiError> {
    let content_type = req.headers().get("content-type")?.unwrap_or_default();
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if !matches!(media_type.as_str(), "application/json" | "text/plain") {
        return Err(ApiError::UnsupportedMediaType(content_type));
    }
    let declared = req
        .headers()
        .get("content-length")?
        .and_then(|n| n.parse::<usize>().ok());
    if let Some(length) = declared.filter(|&n| n > MAX_BODY_BYTES) {
        return Err(Rejection::TooLarge(length).into());
    }
    let bytes = req.bytes().await?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(Rejection::TooLarge(bytes.len()).into());
    }
    String::from_utf8(bytes)
        .map_err(|_| Rejection::Malformed("the body is not UTF-8".into()).into())
}

fn text_or_null(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, Into::into)
}

async fn within_limits(bindings: &Bindings, visitor: &str, site: &str) -> Result<(), ApiError> {
    if let Some(limit) = &bindings.visitor_limit {
        if !limit.limit(format!("{site}:{visitor}")).await?.success {
            return Err(ApiError::RateLimited {
                retry_after: VISITOR_PERIOD,
                who: "visitor",
            });
        }
    }
    if let Some(limit) = &bindings.site_limit {
        if !limit.limit(site.to_owned()).await?.success {
            return Err(ApiError::RateLimited {
                retry_after: SITE_PERIOD,
                who: "site",
            });
        }
    }
    Ok(())
}

/// Stores one submission: 201 for a new item, 200 for a change of mind or an exact retry.
pub async fn submit(req: &mut Request, bindings: &Bindings) -> Result<Response, ApiError> {
    let submission = Submission::from_json(&read_body(req).await?)?;
    let now = Now::read();
    let site = sites::cached(&bindings.db, &submission.site, now.millis)
        .await?
        .ok_or_else(|| ApiError::UnknownSite(submission.site.clone()))?;
    // Browsers always send Origin on a cross-site POST; other clients are not pages to check.
    if let Some(origin) = req.headers().get("origin")? {
        if !site.allowed_origins.allows(&origin) {
            return Err(ApiError::OriginNotAllowed {
                origin,
                site: submission.site,
            });
        }
    }
    let salt = visitors::salt(&bindings.db, now.day).await?;
    let ip = req.headers().get("cf-connecting-ip")?.unwrap_or_default();
    let user_agent = req.headers().get("user-agent")?.unwrap_or_default();
    let visitor = visitor_id(salt.as_bytes(), &ip, &user_agent, &submission.site);
    within_limits(bindings, &visitor, &submission.site).await?;
    let visitor = if submission.channel.one_item_per_visitor() {
        visitor
    } else {
        format!("item:{}", submission.idempotency_key)
    };

    if let Some(queue) = &bindings.ingest {
        return queued::accept(queue, submission, visitor, &now).await;
    }
    let (accepted, status) = store(bindings, &site, &submission, visitor, &now).await?;
    Ok(Response::from_json(&accepted)?.with_status(status))
}

/// Stores a valid submission for `visitor` (mood, urgency, alerts included) and answers what
/// happened with the HTTP status it deserves. The widget's submissions and e-mail confirmations
/// both come through here.
pub async fn store(
    bindings: &Bindings,
    site: &Site,
    submission: &Submission,
    visitor: String,
    now: &Now,
) -> Result<(Accepted, u16), ApiError> {
    let (write, statement) = prepare(bindings, site, submission, visitor, now)?;
    let row = statement.first(None).await?;
    settle(bindings, site, submission, write, row, now).await
}

/// What was decided about a submission before it is written.
pub struct Write {
    /// The id the item gets if it is new.
    id: String,
    mood: Option<Mood>,
    urgent: Vec<UrgentReason>,
}

/// Scores the submission and binds its upsert, to run alone ([`store`]) or in a D1 batch.
pub fn prepare(
    bindings: &Bindings,
    site: &Site,
    submission: &Submission,
    visitor: String,
    now: &Now,
) -> Result<(Write, D1PreparedStatement), ApiError> {
    let id = random_uuid();
    let mood = submission.comment.as_deref().map(mood);
    let urgent = site.urgency.assess(
        submission.rating,
        submission.comment.as_deref(),
        mood.as_ref(),
        submission.contact.is_some(),
    );
    let urgent_json =
        (!urgent.is_empty()).then(|| serde_json::to_string(&urgent).unwrap_or_default());
    let reasons = serde_json::to_string(&submission.reasons).unwrap_or_else(|_| "[]".into());
    let contact = submission.contact.as_ref();
    let statement = bindings.db.prepare(UPSERT_FEEDBACK).bind(&[
        id.as_str().into(),
        submission.site.as_str().into(),
        submission.page.as_str().into(),
        text_or_null(submission.title.as_deref()),
        submission.channel.as_str().into(),
        text_or_null(submission.rating.map(Rating::as_str)),
        reasons.into(),
        text_or_null(submission.comment.as_deref()),
        text_or_null(contact.map(|c| c.email.as_str())),
        i32::from(contact.is_some_and(|c| c.consent)).into(),
        text_or_null(submission.locale.as_deref()),
        visitor.into(),
        text_or_null(spam::verdict(submission).map(spam::SpamReason::as_str)),
        submission.idempotency_key.as_str().into(),
        now.iso.as_str().into(),
        submission.revision.into(),
        mood.as_ref().map_or(JsValue::NULL, |m| m.score.into()),
        text_or_null(
            mood.as_ref()
                .and_then(|m| serde_json::to_string(&m.words).ok())
                .as_deref(),
        ),
        text_or_null(urgent_json.as_deref()),
    ])?;
    Ok((Write { id, mood, urgent }, statement))
}

/// What the upsert's returned row (`None`: it changed nothing) means: the outcome, the alerts it
/// calls for, and the HTTP status the submission deserves.
pub async fn settle(
    bindings: &Bindings,
    site: &Site,
    submission: &Submission,
    write: Write,
    row: Option<Stored>,
    now: &Now,
) -> Result<(Accepted, u16), ApiError> {
    let stored = match row {
        Some(stored) => stored,
        None => already_stored(bindings, submission).await?,
    };
    let outcome = if stored.id == write.id {
        Outcome::Created
    } else if stored.updated_at == now.iso {
        Outcome::Updated
    } else {
        Outcome::Duplicate
    };
    // Spam is kept but never alerts; a duplicate has already done whatever it did.
    if outcome != Outcome::Duplicate && spam::verdict(submission).is_none() {
        let urgency = Urgency {
            mood: write.mood.as_ref(),
            reasons: &write.urgent,
        };
        notify(bindings, &site.urgency, submission, &stored, urgency, now).await?;
    }
    let status = if outcome == Outcome::Created {
        201
    } else {
        200
    };
    Ok((
        Accepted {
            id: stored.id,
            outcome,
        },
        status,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use feedback_core::delivery::webhook::{slack_text, Envelope};

    /// The body of `feedback.urgent`, pinned before the payload moved into `feedback-core`.
    #[test]
    fn the_urgent_event_body_is_pinned() {
        // Built by hand, so the golden pins the payload's shape, not the scorer's lexicon.
        let mood = Mood {
            score: -0.84,
            words: vec![
                feedback_core::intake::mood::Counted {
                    word: "scam".into(),
                    weight: -3,
                },
                feedback_core::intake::mood::Counted {
                    word: "useless".into(),
                    weight: -3,
                },
            ],
        };
        let urgent = [
            UrgentReason::Keyword {
                keyword: "refund".into(),
            },
            UrgentReason::StronglyNegative { score: mood.score },
            UrgentReason::ContactRequested,
        ];
        let data = UrgentItem {
            id: "0b6f2f3e-8f6a-4d3a-9d7e-2f1c3b4a5d6e",
            site: "demo",
            page: "https://docs.example.com/billing",
            title: Some("Billing <FAQ>"),
            channel: Channel::Web,
            rating: Some(Rating::Down),
            reasons: &[Reason::Incorrect, Reason::Other],
            comment: Some("Refund now, this is a scam and useless"),
            contact: Some("ada@example.com"),
            locale: Some("en-GB"),
            mood: Some(&mood),
            urgent: &urgent,
            created_at: "2026-12-04T10:00:00.000Z",
        };
        let body = serde_json::to_string(&Envelope {
            kind: EventType::FeedbackUrgent,
            timestamp: "2026-12-04T10:00:00.000Z",
            data,
        })
        .unwrap();
        let golden = include_str!("../../feedback-core/golden/feedback.urgent.json");
        assert_eq!(body, golden.trim_end());
        let slack = include_str!("../../feedback-core/golden/feedback.urgent.slack.txt");
        assert_eq!(slack_text(&body), slack.trim_end());
    }
}
