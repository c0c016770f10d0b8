//! The queued write path, measured against the direct one by `bench/collector_throughput.mjs`
//! (`WRITE_PATH = "queued"` with the `INGEST` queue bound): the request answers 202 once the valid
//! submission is on the queue, and the consumer writes each batch with one D1 `batch` call. The
//! direct path ships; BENCHMARKS.md ("Collector throughput") says why.

use feedback_core::intake::decision::decide;
use feedback_core::Submission;
use serde::{Deserialize, Serialize};
use worker::{Env, Message, MessageExt, Queue, Response};

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::intake::write;
use crate::runtime::{random_uuid, Now};
use crate::sites;
use crate::store::feedback::{self, Write};

/// The queue the consumer writes from.
pub const QUEUE: &str = "feedback-ingest";

/// One accepted submission on its way to D1.
#[derive(Serialize, Deserialize)]
pub struct Item {
    submission: Submission,
    /// The anonymous visitor id, computed with the salt of the day it arrived.
    visitor: String,
    /// When it arrived, in milliseconds since 1970: its `created_at`, whenever it is written.
    received: f64,
}

/// What the 202 says: accepted, written within a batch timeout, deduplicated by its key.
#[derive(Serialize)]
struct Queued<'a> {
    outcome: &'static str,
    idempotency_key: &'a str,
}

/// Puts a valid submission on the queue and answers 202.
pub async fn accept(
    queue: &Queue,
    submission: Submission,
    visitor: String,
    now: &Now,
) -> Result<Response, ApiError> {
    let item = Item {
        submission,
        visitor,
        received: now.millis,
    };
    queue.send(&item).await?;
    Ok(Response::from_json(&Queued {
        outcome: "queued",
        idempotency_key: &item.submission.idempotency_key,
    })?
    .with_status(202))
}

/// Writes one batch: every item with its deliveries in one D1 `batch` (one transaction), then each
/// item's outcome. A failed batch is retried whole; idempotency keys and delivery keys keep that
/// exact, and a retry writes any delivery a lost attempt did not.
pub async fn consume(
    messages: impl Iterator<Item = Message<Item>>,
    env: &Env,
) -> worker::Result<()> {
    let bindings = Bindings::read(env)?;
    let mut items = Vec::new();
    let mut statements = Vec::new();
    for message in messages {
        let item = message.body();
        let now = Now::at(item.received);
        let Some(site) = sites::cached(&bindings.db, &item.submission.site, now.millis)
            .await
            .map_err(failed)?
        else {
            worker::console_warn!(
                "site {} was deleted; its item is dropped",
                item.submission.site
            );
            message.ack();
            continue;
        };
        let decision = decide(&item.submission, &site.urgency, &site.routing);
        let new_id = random_uuid();
        let day = site.clock.day_of(now.unix_millis());
        let write = Write {
            submission: &item.submission,
            decision: &decision,
            visitor: &item.visitor,
            new_id: &new_id,
            now: &now,
            day: &day,
        };
        let mine = feedback::statements(&bindings.db, &write, || bindings.fail_delivery_write())
            .map_err(failed)?;
        let count = mine.len();
        statements.extend(mine);
        items.push((message, new_id, now, count));
    }
    if statements.is_empty() {
        return Ok(());
    }
    let mut results = bindings.db.batch(statements).await?.into_iter();
    for (message, new_id, now, count) in items {
        let mine: Vec<_> = results.by_ref().take(count).collect();
        let submission = &message.body().submission;
        let settled = match feedback::written(mine) {
            Ok((row, jobs)) => {
                write::settle(&bindings, submission, &new_id, row, &jobs, &now).await
            }
            Err(error) => Err(error),
        };
        match settled {
            Ok(_) => message.ack(),
            Err(error) => {
                worker::console_error!("a queued item's outcome failed: {error:?}");
                message.retry();
            }
        }
    }
    Ok(())
}

/// Fails the whole batch so the queue delivers it again.
#[allow(clippy::needless_pass_by_value)] // the shape `map_err` wants
fn failed(error: ApiError) -> worker::Error {
    worker::Error::RustError(format!("queued batch not written: {error:?}"))
}
