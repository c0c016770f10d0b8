//! `GET /v1/openapi.json`: the API's description, kept true by a unit test in `routes`.

use worker::Response;

use crate::api_error::ApiError;

/// The `OpenAPI` 3.1 document.
pub const SPEC: &str = include_str!("../openapi.json");

/// Serves the document.
pub fn document() -> Result<Response, ApiError> {
    let response = Response::ok(SPEC)?;
    response.headers().set("content-type", "application/json")?;
    Ok(response)
}
