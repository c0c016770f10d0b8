//! Events to integrators: recorded per endpoint in D1 (the delivery log, which is also the outbox)
//! in the same transaction as what raised them, carried by a Queue, signed and posted by the
//! consumer, retried as `feedback-core`'s delivery policy says, then dead-lettered; an operator can
//! replay them.

use feedback_core::delivery::event::{slack_text, Event};
use feedback_core::delivery::policy::{Attempt, DeliveryStatus, Next, RetryPolicy};
use feedback_core::delivery::webhook::{signature_header, Format, Secret};
use wasm_bindgen::JsValue;
use worker::{
    Env, Fetch, Headers, Message, MessageExt, Method, QueueRetryOptionsBuilder, RequestInit,
};

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::runtime::Now;
use crate::store::deliveries::{self, Audience, Delivery, Job, Outcome};
use crate::store::endpoints;

/// Records `event` for `audience` (a site's site-wide endpoints, or one team's alone) and queues
/// its deliveries.
pub async fn announce(
    bindings: &Bindings,
    audience: Audience<'_>,
    event_id: &str,
    event: &Event,
    now_iso: &str,
) -> Result<(), ApiError> {
    let jobs = deliveries::record_event(
        &bindings.db,
        audience,
        event.kind(),
        event_id,
        &event.body(now_iso),
        now_iso,
    )
    .await?;
    enqueue_all(bindings, &jobs).await
}

/// Puts deliveries on the queue. Without a queue binding they stay `pending` in the log; if the
/// queue refuses them, the sweeper finds them there.
pub async fn enqueue_all(bindings: &Bindings, jobs: &[Job]) -> Result<(), ApiError> {
    let Some(queue) = &bindings.webhooks else {
        if !jobs.is_empty() {
            worker::console_warn!(
                "no WEBHOOKS queue bound: {} deliveries stay pending",
                jobs.len()
            );
        }
        return Ok(());
    };
    for job in jobs {
        queue.send(job).await?;
    }
    Ok(())
}

async fn post(delivery: &Delivery, job: &Job, now_secs: i64) -> Attempt {
    let format = Format::parse(&delivery.format).unwrap_or_default();
    let payload = match format {
        Format::Standard => delivery.body.clone(),
        Format::Slack => serde_json::json!({ "text": slack_text(&delivery.body) }).to_string(),
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
    let unanswered = |error: String| Attempt {
        status: None,
        error: Some(error),
        retry_after: None,
    };
    let request = match worker::Request::new_with_init(&delivery.url, &init) {
        Ok(request) => request,
        Err(e) => return unanswered(e.to_string()),
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
            // The body is not needed, but reading it lets the connection be reused.
            let _ = response.text().await;
            Attempt {
                status: Some(status),
                error: (!(200..300).contains(&status)).then(|| format!("HTTP {status}")),
                retry_after,
            }
        }
        Err(e) => unanswered(e.to_string()),
    }
}

/// Delivers one queued job and records what the policy says comes next.
async fn deliver(bindings: &Bindings, message: &Message<Job>) -> Result<(), ApiError> {
    let job = message.body();
    let db = &bindings.db;
    let delivery = deliveries::one(db, job).await?;
    let Some(delivery) = delivery.filter(|d| d.status() == Some(DeliveryStatus::Pending)) else {
        message.ack();
        return Ok(());
    };
    let now = Now::read();
    if let Some(reason) = &delivery.disabled_reason {
        let outcome = Outcome {
            status: DeliveryStatus::Disabled,
            attempts: delivery.attempts,
            last_status: None,
            error: Some(reason),
            next_attempt_at: None,
        };
        deliveries::record(db, job, &outcome, &now.iso).await?;
        message.ack();
        return Ok(());
    }
    let attempt = post(&delivery, job, now.unix_secs()).await;
    let attempts = delivery.attempts + 1;
    let policy = RetryPolicy {
        unit: bindings.settings.webhook_retry_unit,
        max_attempts: bindings.settings.webhook_max_attempts,
    };
    let next = policy.next(attempts, &attempt, &now.iso, js_sys::Math::random());
    let due = match next {
        Next::RetryAfter(delay) => Some(now.iso_in_minutes(f64::from(delay) / 60.0)),
        _ => None,
    };
    let error = match &next {
        Next::DisableEndpoint { reason } => Some(reason.as_str()),
        _ => attempt.error.as_deref(),
    };
    let outcome = Outcome {
        status: next.status(),
        attempts,
        last_status: attempt.status,
        error,
        next_attempt_at: due.as_deref(),
    };
    if let Next::DisableEndpoint { reason } = &next {
        endpoints::disable(db, &job.endpoint, reason).await?;
    }
    deliveries::record(db, job, &outcome, &now.iso).await?;
    match next {
        Next::RetryAfter(delay) => message.retry_with_options(
            &QueueRetryOptionsBuilder::new()
                .with_delay_seconds(delay)
                .build(),
        ),
        Next::GiveUp => {
            if let Some(dead) = &bindings.webhooks_dead {
                dead.send(job).await?;
            }
            message.ack();
        }
        Next::Delivered | Next::DisableEndpoint { .. } => message.ack(),
    }
    Ok(())
}

/// The sweeper cron: queues again what the log says is pending but no queue message carries (the
/// queue refused the message, or lost it). A delivery made twice is deduplicated by its webhook-id.
pub async fn sweep(bindings: &Bindings) -> Result<usize, ApiError> {
    let now = Now::read();
    let stranded = deliveries::stranded(
        &bindings.db,
        &now.iso_in_minutes(-2.0),
        &now.iso_in_minutes(-15.0),
        &now.iso_in_minutes(10.0),
        &now.iso,
    )
    .await?;
    enqueue_all(bindings, &stranded).await?;
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
