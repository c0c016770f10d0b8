//! The collector: routes HTTP to `feedback-core` and D1. No product rule lives here.

mod admin;
mod api_error;
mod bindings;
mod cors;
mod endpoints;
mod ingest;
mod openapi;
mod read;
mod retention;
mod routes;
mod runtime;
mod sites;
mod visitors;
mod webhooks;

use worker::{
    event, Context, Env, MessageBatch, Request, Response, Result, ScheduleContext, ScheduledEvent,
};

/// Every HTTP request that is not a static asset.
#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    routes::handle(req, &env).await
}

/// The cron triggers of wrangler.toml.
#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    let outcome = match bindings::Bindings::read(&env) {
        Ok(bindings) => retention::purge(&bindings).await,
        Err(error) => Err(error),
    };
    if let Err(error) = outcome {
        worker::console_error!("retention failed: {error}");
    }
}

/// The webhook queues' consumer.
#[event(queue)]
async fn queue(batch: MessageBatch<webhooks::Job>, env: Env, _ctx: Context) -> Result<()> {
    webhooks::consume(batch, &env).await
}
