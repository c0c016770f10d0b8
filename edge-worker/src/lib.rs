//! The collector: routes HTTP to `feedback-core` and D1. No product rule lives here.

mod api_error;
mod cors;
mod ingest;
mod routes;
mod stats;

use worker::{event, Context, Env, Request, Response, Result};

/// Every HTTP request that is not a static asset.
#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    routes::handle(req, &env).await
}
