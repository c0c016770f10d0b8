//! `GET` and `PATCH /v1/sites/{site}/feedback/{id}`: one item with its history, and moving it along
//! (new → acknowledged → resolved or dismissed).

use feedback_core::follow_up::status::{Actor, StatusChange};
use worker::Response;

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::insight::read::authorise;
use crate::request::Request;
use crate::store::history;

/// `GET /v1/sites/{site}/feedback/{id}`: one item with its history.
pub async fn show(
    req: &Request,
    bindings: &Bindings,
    site: &str,
    id: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings, site).await?;
    Ok(Response::from_json(
        &history::detail(&bindings.db, site, id).await?,
    )?)
}

/// `PATCH /v1/sites/{site}/feedback/{id}`: moves an item to a status, with an optional note.
pub async fn change(
    req: &mut Request,
    bindings: &Bindings,
    site: &str,
    id: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings, site).await?;
    let change = StatusChange::from_json(&req.text().await?).map_err(ApiError::InvalidFields)?;
    Ok(Response::from_json(
        &history::apply(&bindings.db, site, id, &change, Actor::Api).await?,
    )?)
}
