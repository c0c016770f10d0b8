//! Events to integrators: written per endpoint into D1 (the delivery log, which is also the outbox),
//! carried by a Queue, signed and delivered by the consumer, retried for more than a day with backoff,
//! then dead-lettered; an operator can replay them.

use feedback_core::delivery::webhook::{
    self, delivery_delay, signature_header, Envelope, EventType, Format, Secret,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use worker::{
    Env, Fetch, Headers, Message, MessageExt, Method, QueueRetryOptionsBuilder, RequestInit,
};

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::runtime::Now;

const NEW_DELIVERIES: &str = "
INSERT INTO deliveries (event_id, endpoint_id, site_id, event_type, body, created_at, updated_at)
SELECT ?1, id, site_id, ?2, ?3, ?4, ?4 FROM endpoints WHERE site_id = ?5 AND disabled_reason IS NULL
ON CONFLICT (event_id, endpoint_id) DO NOTHING
RETURNING endpoint_id";
const DELIVERY: &str = "
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
RETURNING event_id, endpoint_id";
const DISABLE_ENDPOINT: &str = "UPDATE endpoints SET disabled_reason = ?2 WHERE id = ?1";

/// One delivery to make: the queue's message.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// The `webhook-id`.
    pub event: String,
    /// The endpoint.
    pub endpoint: String,
}

#[derive(Deserialize)]
struct NewRow {
    endpoint_id: String,
}

/// Records `event` for every enabled endpoint of `site` (once per event id) and queues the deliveries.
pub async fn announce<T: Serialize>(
    bindings: &Bindings,
    site: &str,
    kind: EventType,
    event_id: &str,
    data: &T,
    now_iso: &str,
) -> Result<(), ApiError> {
    let body = serde_json::to_string(&Envelope {
        kind,
        timestamp: now_iso,
        data,
    })
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let rows: Vec<NewRow> = bindings
        .db
        .prepare(NEW_DELIVERIES)
        .bind(&[
            event_id.into(),
            kind.as_str().into(),
            body.into(),
            now_iso.into(),
            site.into(),
        ])?
        .all()
        .await?
        .results()?;
    for row in rows {
        enqueue(
            bindings,
            &Job {
                event: event_id.to_owned(),
                endpoint: row.endpoint_id,
            },
        )
        .await?;
    }
    Ok(())
}

/// Puts one delivery on the queue. Without a queue binding the row stays `pending` in the log.
pub async fn enqueue(bindings: &Bindings, job: &Job) -> Result<(), ApiError> {
    if let Some(queue) = &bindings.webhooks {
        return Ok(queue.send(job).await?);
    }
    worker::console_warn!("no WEBHOOKS queue bound: {} stays pending", job.event);
    Ok(())
}

#[derive(Deserialize)]
struct Delivery {
    body: String,
    status: String,
    attempts: u32,
    url: String,
    format: String,
    secrets: String,
    disabled_reason: Option<String>,
}

/// What one attempt came to.
struct Attempt {
    status: u16,
    error: Option<String>,
    retry_after: Option<u32>,
}

async fn post(delivery: &Delivery, job: &Job, now_secs: i64) -> Attempt {
    let format = Format::parse(&delivery.format).unwrap_or_default();
    let payload = match format {
        Format::Standard => delivery.body.clone(),
        Format::Slack => {
            serde_json::json!({ "text": webhook::slack_text(&delivery.body) }).to_string()
        }
    };
    let secrets: Vec<Secret> = serde_json::from_str::<Vec<String>>(&delivery.secrets)
        .unwrap_or_default()
        .iter()
        .filter_map(|s| Secret::parse(s).ok())
        .collect();
    let headers = Headers::new();
    let signed = [
        ("content-type", "application/json".to_owned()),
        ("user-agent", "feedback-collector-webhooks/1".to_owned()),
        ("webhook-id", job.event.clone()),
        ("webhook-timestamp", now_secs.to_string()),
        (
            "webhook-signature",
            signature_header(&secrets, &job.event, now_secs, &payload),
        ),
    ];
    for (name, value) in signed {
        let _ = headers.set(name, &value);
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(JsValue::from_str(&payload)));
    let request = match worker::Request::new_with_init(&delivery.url, &init) {
        Ok(request) => request,
        Err(e) => {
            return Attempt {
                status: 0,
                error: Some(e.to_string()),
                retry_after: None,
            }
        }
    };
    match Fetch::Request(request).send().await {
        Ok(mut response) => {
            let status = response.status_code();
            let retry_after = response
                .headers()
                .get("retry-after")
                .ok()
                .flatten()
                .and_then(|s| s.trim().parse().ok());
            let error = (!(200..300).contains(&status)).then(|| format!("HTTP {status}"));
            // The body is not needed, but reading it lets the connection be reused.
            let _ = response.text().await;
            Attempt {
                status,
                error,
                retry_after,
            }
        }
        Err(e) => Attempt {
            status: 0,
            error: Some(e.to_string()),
            retry_after: None,
        },
    }
}

/// Writes one attempt's outcome into the delivery log: (status, attempts, last HTTP status, error,
/// next attempt).
fn record(
    bindings: &Bindings,
    job: &Job,
    now_iso: &str,
    (status, attempts, last, error, next): (&str, u32, Option<u16>, Option<String>, Option<String>),
) -> worker::Result<worker::D1PreparedStatement> {
    bindings.db.prepare(RECORD).bind(&[
        job.event.as_str().into(),
        job.endpoint.as_str().into(),
        status.into(),
        attempts.into(),
        last.map_or(JsValue::NULL, JsValue::from),
        error.map_or(JsValue::NULL, Into::into),
        next.map_or(JsValue::NULL, Into::into),
        now_iso.into(),
    ])
}

/// Delivers one queued job and decides what comes next.
async fn deliver(bindings: &Bindings, message: &Message<Job>) -> Result<(), ApiError> {
    let job = message.body();
    let delivery: Option<Delivery> = bindings
        .db
        .prepare(DELIVERY)
        .bind(&[job.event.as_str().into(), job.endpoint.as_str().into()])?
        .first(None)
        .await?;
    let Some(delivery) = delivery.filter(|d| d.status == "pending") else {
        message.ack();
        return Ok(());
    };
    let now = Now::read();
    let record = |status: &str, attempts, last, error, next| {
        record(
            bindings,
            job,
            &now.iso,
            (status, attempts, last, error, next),
        )
    };
    if let Some(reason) = &delivery.disabled_reason {
        record(
            "disabled",
            delivery.attempts,
            None,
            Some(reason.clone()),
            None,
        )?
        .run()
        .await?;
        message.ack();
        return Ok(());
    }
    let attempt = post(&delivery, job, now.unix_secs()).await;
    let attempts = delivery.attempts + 1;
    match attempt.status {
        200..=299 => {
            record("delivered", attempts, Some(attempt.status), None, None)?
                .run()
                .await?;
            message.ack();
        }
        410 => {
            let reason = format!("the receiver answered 410 Gone at {}", now.iso);
            bindings
                .db
                .prepare(DISABLE_ENDPOINT)
                .bind(&[job.endpoint.as_str().into(), reason.as_str().into()])?
                .run()
                .await?;
            record("disabled", attempts, Some(410), Some(reason), None)?
                .run()
                .await?;
            message.ack();
        }
        status => {
            let last = (status != 0).then_some(status);
            let delay = (attempts < bindings.webhook_max_attempts)
                .then(|| {
                    delivery_delay(
                        attempts,
                        bindings.webhook_retry_unit,
                        js_sys::Math::random(),
                    )
                })
                .flatten();
            if let Some(delay) = delay {
                // A receiver's Retry-After is honoured, within a Queue's 12 h delay cap.
                let delay = delay.max(attempt.retry_after.unwrap_or(0)).min(43_200);
                let next =
                    js_sys::Date::new(&JsValue::from_f64(now.millis + f64::from(delay) * 1000.0))
                        .to_iso_string()
                        .as_string();
                record("pending", attempts, last, attempt.error, next)?
                    .run()
                    .await?;
                message.retry_with_options(
                    &QueueRetryOptionsBuilder::new()
                        .with_delay_seconds(delay)
                        .build(),
                );
            } else {
                record("dead", attempts, last, attempt.error, None)?
                    .run()
                    .await?;
                if let Some(dead) = &bindings.webhooks_dead {
                    dead.send(job).await?;
                }
                message.ack();
            }
        }
    }
    Ok(())
}

#[derive(Deserialize)]
struct Stranded {
    event_id: String,
    endpoint_id: String,
}

/// The sweeper cron: queues again what the log says is pending but no queue message carries (the
/// queue refused the message, or lost it). A delivery made twice is deduplicated by its webhook-id.
pub async fn sweep(bindings: &Bindings) -> Result<usize, ApiError> {
    let now = Now::read();
    let at = |minutes: f64| -> String {
        js_sys::Date::new(&JsValue::from_f64(now.millis + minutes * 60_000.0))
            .to_iso_string()
            .into()
    };
    let stranded: Vec<Stranded> = bindings
        .db
        .prepare(STRANDED)
        .bind(&[
            at(-2.0).into(),
            at(-15.0).into(),
            at(10.0).into(),
            now.iso.as_str().into(),
        ])?
        .all()
        .await?
        .results()?;
    for row in &stranded {
        let job = Job {
            event: row.event_id.clone(),
            endpoint: row.endpoint_id.clone(),
        };
        enqueue(bindings, &job).await?;
    }
    Ok(stranded.len())
}

/// The queue consumer for `WEBHOOKS` (deliveries) and `WEBHOOKS_DEAD` (events that gave up).
pub async fn consume(
    queue: &str,
    messages: impl Iterator<Item = Message<Job>>,
    env: &Env,
) -> worker::Result<()> {
    let bindings = Bindings::read(env)?;
    let dead_letters = queue.ends_with("-dead");
    for message in messages {
        if dead_letters {
            // Already marked dead in the delivery log; it waits there for a replay.
            worker::console_warn!(
                "webhook {} to {} gave up",
                message.body().event,
                message.body().endpoint
            );
            message.ack();
            continue;
        }
        if let Err(error) = deliver(&bindings, &message).await {
            // Our own failure (D1): let the queue try again later.
            worker::console_error!("webhook delivery failed: {error:?}");
            message.retry();
        }
    }
    Ok(())
}
