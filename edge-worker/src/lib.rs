//! The collector: routes HTTP to `feedback-core` and D1. No product rule lives here.

mod admin;
mod api_error;
mod bindings;
mod cors;
mod delivery;
mod follow_up;
mod insight;
mod intake;
mod openapi;
mod request;
mod retention;
mod routes;
mod runtime;
mod sites;
mod store;
mod visitors;
mod web;

use worker::worker_sys::web_sys;
use worker::{
    event, Context, Env, MessageBatch, Response, Result, ScheduleContext, ScheduledEvent,
};

/// Every HTTP request that is not a static asset.
#[event(fetch)]
async fn fetch(req: web_sys::Request, env: Env, _ctx: Context) -> Result<Response> {
    store::take_rows_read();
    let response = routes::handle(req.into(), bindings::Bindings::read(&env)).await?;
    // What the answer cost the database, for operators and `bench/scale.mjs`.
    let rows = store::take_rows_read();
    if rows > 0 {
        // A response from the Cache API has immutable headers: the figure is left off.
        let _ = response.headers().set("x-d1-rows-read", &rows.to_string());
    }
    Ok(response)
}

/// The cron that runs every five minutes: stranded webhook deliveries are queued again, every
/// site whose clock has passed its digest time gets yesterday's digest, once, and urgent items
/// nobody acknowledged in their team's time are escalated. Every other cron runs
/// retention (see wrangler.toml).
const EVERY_FIVE_MINUTES: &str = "*/5 * * * *";

/// The cron triggers of wrangler.toml.
#[event(scheduled)]
async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    let bindings = match bindings::Bindings::read(&env) {
        Ok(bindings) => bindings,
        Err(error) => return worker::console_error!("cron without bindings: {error}"),
    };
    if event.cron() == EVERY_FIVE_MINUTES {
        match delivery::webhooks::sweep(&bindings).await {
            Ok(0) => {}
            Ok(n) => worker::console_warn!("queued {n} stranded webhook deliveries again"),
            Err(error) => worker::console_error!("sweep failed: {error:?}"),
        }
        // The moment the cron was due, not when it ran: a late run still sends the right day.
        let now = runtime::Now::at(event.schedule());
        if let Err(error) = insight::digest::send(&bindings, &now).await {
            worker::console_error!("digest failed: {error:?}");
        }
        // Real time, not the schedule's: an item's wait is counted to the second.
        if let Err(error) = follow_up::escalation::run(&bindings, &runtime::Now::read()).await {
            worker::console_error!("escalation failed: {error:?}");
        }
    } else if let Err(error) = retention::purge(&bindings).await {
        worker::console_error!("retention failed: {error:?}");
    }
}

/// The queues' consumer: webhook deliveries, and queued submissions when `WRITE_PATH = "queued"`.
/// Each consumer reads its own message type from the raw batch.
#[event(queue)]
async fn queue(batch: MessageBatch<()>, env: Env, _ctx: Context) -> Result<()> {
    let queue = batch.queue();
    let consumed = if queue == intake::queued::QUEUE {
        intake::queued::consume(readable(&batch), &env).await
    } else {
        delivery::webhooks::consume(&queue, readable(&batch), &env).await
    };
    // An error returned from here would abort the whole worker (workers-rs panics on it) and lose
    // the isolate's state; the queue delivers the batch again instead, as it would after a crash.
    if let Err(error) = consumed {
        worker::console_error!("{queue}: the batch was not written and comes again: {error}");
        batch.retry_all();
    }
    Ok(())
}

/// The batch's messages read as `T`. Only this worker writes its queues, so a body it cannot read
/// is a bug, not something a retry would fix: it is logged and left out (and so acknowledged).
fn readable<T: serde::de::DeserializeOwned>(
    batch: &MessageBatch<()>,
) -> impl Iterator<Item = worker::Message<T>> {
    let queue = batch.queue();
    batch.raw_iter().filter_map(move |raw| {
        worker::Message::try_from(raw)
            .inspect_err(|error| {
                worker::console_error!("unreadable message on {queue} dropped: {error}");
            })
            .ok()
    })
}
