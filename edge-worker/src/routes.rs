//! Which handler answers which method and path.

use worker::{Env, Request, Response, Result};

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::{admin, cors, endpoints, intake, links, openapi, read, triage};

/// Every API route as `(method, path pattern)`; `{site}` and `{id}` match one path segment each.
/// `openapi.json` must describe exactly these (a unit test checks).
pub const ROUTES: [(&str, &str); 18] = [
    ("POST", "/v1/feedback"),
    ("GET", "/v1/sites/{site}/pages"),
    ("GET", "/v1/sites/{site}/summary"),
    ("GET", "/v1/sites/{site}/feedback"),
    ("GET", "/v1/sites/{site}/feedback/{id}"),
    ("PATCH", "/v1/sites/{site}/feedback/{id}"),
    ("GET", "/v1/sites/{site}/results"),
    ("POST", "/v1/sites/{site}/email-links"),
    ("POST", "/v1/sites/{site}/feedback/{id}/resolution-link"),
    ("POST", "/v1/admin/sites"),
    ("GET", "/v1/admin/sites/{site}"),
    ("PATCH", "/v1/admin/sites/{site}"),
    ("POST", "/v1/admin/sites/{site}/endpoints"),
    ("GET", "/v1/admin/sites/{site}/endpoints"),
    ("PATCH", "/v1/admin/sites/{site}/endpoints/{id}"),
    ("GET", "/v1/admin/sites/{site}/deliveries"),
    ("POST", "/v1/admin/sites/{site}/deliveries/{id}/replay"),
    ("GET", "/v1/openapi.json"),
];

/// The `{site}` and `{id}` segments when `path` matches `pattern` (empty when the pattern has none).
fn matches(pattern: &str, path: &str) -> Option<(String, String)> {
    let (mut pattern_parts, mut path_parts) = (pattern.split('/'), path.split('/'));
    let (mut site, mut id) = (String::new(), String::new());
    loop {
        match (pattern_parts.next(), path_parts.next()) {
            (None, None) => return Some((site, id)),
            (Some("{site}"), Some(part)) if !part.is_empty() => part.clone_into(&mut site),
            (Some("{id}"), Some(part)) if !part.is_empty() => part.clone_into(&mut id),
            (Some(expected), Some(part)) if expected == part => {}
            _ => return None,
        }
    }
}

/// Answers one request; every error becomes problem JSON with CORS headers.
pub async fn handle(mut req: Request, env: &Env) -> Result<Response> {
    let path = req.path();
    let method = req.method().to_string();
    let candidates: Vec<_> = ROUTES
        .iter()
        .filter_map(|&(m, pattern)| matches(pattern, &path).map(|params| (m, pattern, params)))
        .collect();
    if candidates.is_empty() {
        return cors::allow(&req, ApiError::NotFound(path).into_response()?);
    }
    let allow = candidates
        .iter()
        .map(|(m, ..)| *m)
        .collect::<Vec<_>>()
        .join(", ");
    if method == "OPTIONS" {
        return cors::preflight(&req, &allow);
    }
    let Some((_, pattern, (site, id))) = candidates.into_iter().find(|(m, ..)| *m == method) else {
        return cors::allow(
            &req,
            ApiError::MethodNotAllowed { method, allow }.into_response()?,
        );
    };
    let answer = match Bindings::read(env) {
        Err(error) => Err(error.into()),
        Ok(bindings) => match (method.as_str(), pattern) {
            ("POST", "/v1/feedback") => intake::submit::submit(&mut req, &bindings).await,
            ("GET", "/v1/sites/{site}/pages") => read::pages(&req, &bindings, &site).await,
            ("GET", "/v1/sites/{site}/summary") => read::summary(&req, &bindings, &site).await,
            ("GET", "/v1/sites/{site}/feedback") => read::items(&req, &bindings, &site).await,
            ("GET", "/v1/sites/{site}/feedback/{id}") => {
                triage::show(&req, &bindings, &site, &id).await
            }
            ("PATCH", "/v1/sites/{site}/feedback/{id}") => {
                triage::change(&mut req, &bindings, &site, &id).await
            }
            ("GET", "/v1/sites/{site}/results") => {
                read::public_results(&req, &bindings, &site).await
            }
            ("POST", "/v1/sites/{site}/email-links") => {
                links::create(&mut req, &bindings, &site).await
            }
            ("POST", "/v1/sites/{site}/feedback/{id}/resolution-link") => {
                links::resolution_link(&mut req, &bindings, &site, &id).await
            }
            ("POST", "/v1/admin/sites") => admin::create(&mut req, &bindings).await,
            ("GET", "/v1/admin/sites/{site}") => admin::show(&req, &bindings, &site).await,
            ("PATCH", "/v1/admin/sites/{site}") => admin::change(&mut req, &bindings, &site).await,
            ("POST", "/v1/admin/sites/{site}/endpoints") => {
                endpoints::create(&mut req, &bindings, &site).await
            }
            ("GET", "/v1/admin/sites/{site}/endpoints") => {
                endpoints::list(&req, &bindings, &site).await
            }
            ("PATCH", "/v1/admin/sites/{site}/endpoints/{id}") => {
                endpoints::change(&mut req, &bindings, &site, &id).await
            }
            ("GET", "/v1/admin/sites/{site}/deliveries") => {
                endpoints::deliveries(&req, &bindings, &site).await
            }
            ("POST", "/v1/admin/sites/{site}/deliveries/{id}/replay") => {
                endpoints::replay(&req, &bindings, &site, &id).await
            }
            _ => openapi::document(),
        },
    };
    let response = answer.or_else(ApiError::into_response)?;
    cors::allow(&req, response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_whole_segments() {
        let both = |site: &str, id: &str| Some((site.to_owned(), id.to_owned()));
        assert_eq!(
            matches("/v1/sites/{site}/pages", "/v1/sites/demo/pages"),
            both("demo", "")
        );
        assert_eq!(matches("/v1/feedback", "/v1/feedback"), both("", ""));
        assert_eq!(
            matches(
                "/v1/admin/sites/{site}/deliveries/{id}/replay",
                "/v1/admin/sites/demo/deliveries/msg_1/replay"
            ),
            both("demo", "msg_1")
        );
        assert_eq!(matches("/v1/sites/{site}/pages", "/v1/sites//pages"), None);
        assert_eq!(
            matches("/v1/sites/{site}/pages", "/v1/sites/demo/pages/x"),
            None
        );
        assert_eq!(matches("/v1/feedback", "/v1/feedback/"), None);
    }

    #[test]
    fn the_openapi_document_describes_exactly_the_routes() {
        let spec: serde_json::Value =
            serde_json::from_str(openapi::SPEC).expect("openapi.json is JSON");
        let mut documented = Vec::new();
        for (path, item) in spec["paths"].as_object().expect("paths") {
            for method in item.as_object().expect("path item").keys() {
                if ["get", "post", "patch", "put", "delete"].contains(&method.as_str()) {
                    documented.push((method.to_uppercase(), path.clone()));
                }
            }
        }
        let mut routed: Vec<_> = ROUTES
            .iter()
            .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
            .collect();
        documented.sort();
        routed.sort();
        assert_eq!(documented, routed, "openapi.json and ROUTES disagree");
    }
}
