//! Which handler answers which method and path.

use worker::{Env, Method, Request, Response, Result};

use crate::api_error::ApiError;
use crate::{cors, ingest, stats};

/// The API's routes, with the methods each accepts (besides the CORS preflight).
const ROUTES: [(&str, &str); 2] = [("/v1/feedback", "POST"), ("/v1/pages/stats", "GET")];

/// Answers one request; every error becomes problem JSON with CORS headers.
pub async fn handle(mut req: Request, env: &Env) -> Result<Response> {
    let path = req.path();
    let method = req.method();
    let Some(&(route, allow)) = ROUTES.iter().find(|(route, _)| *route == path) else {
        return cors::allow(&req, ApiError::NotFound(path).into_response()?);
    };
    if method == Method::Options {
        return cors::preflight(&req, allow);
    }
    let answer = match (route, method) {
        ("/v1/feedback", Method::Post) => ingest::submit(&mut req, env).await,
        ("/v1/pages/stats", Method::Get) => stats::pages(&req, env).await,
        (_, method) => Err(ApiError::MethodNotAllowed {
            method: method.to_string(),
            allow,
        }),
    };
    let response = answer.or_else(ApiError::into_response)?;
    cors::allow(&req, response)
}
