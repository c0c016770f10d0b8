//! The one route table: every method and path the worker answers (the API, the dashboard and the
//! e-mail landing pages), which handler answers it, and the one place an error becomes an answer —
//! problem JSON for programs, an HTML page for people, from the same `ApiError`.

use feedback_core::problem::PROBLEM_CONTENT_TYPE;
use maud::html;
use worker::{Headers, Response};

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::follow_up::links::{self, confirm, landing, make};
use crate::follow_up::{notes, teams, triage};
use crate::insight::dashboard::{self, views, Screen};
use crate::request::Request;
use crate::{admin, cors, delivery::endpoints, insight::read, intake, openapi, web};
use feedback_core::follow_up::page_note::NoteKind;

/// Who reads a route's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// Programs: JSON, problem JSON on errors, CORS.
    Api,
    /// The marketer's dashboard: HTML pages.
    Dashboard,
    /// A reader's e-mail landing pages: HTML pages.
    Link,
}

/// Every route as `(method, path pattern, surface)`; `{site}`, `{id}` and `{token}` match one path
/// segment each. `openapi.json` must describe exactly the API's (a unit test checks).
pub const ROUTES: [(&str, &str, Surface); 43] = [
    ("POST", "/v1/feedback", Surface::Api),
    ("GET", "/v1/sites/{site}/pages", Surface::Api),
    ("GET", "/v1/sites/{site}/summary", Surface::Api),
    ("GET", "/v1/sites/{site}/feedback", Surface::Api),
    ("GET", "/v1/sites/{site}/feedback/{id}", Surface::Api),
    ("PATCH", "/v1/sites/{site}/feedback/{id}", Surface::Api),
    ("GET", "/v1/sites/{site}/results", Surface::Api),
    ("GET", "/v1/sites/{site}/notes", Surface::Api),
    ("POST", "/v1/sites/{site}/notes", Surface::Api),
    ("POST", "/v1/sites/{site}/notices", Surface::Api),
    (
        "POST",
        "/v1/sites/{site}/notes/{id}/unpublish",
        Surface::Api,
    ),
    ("POST", "/v1/sites/{site}/email-links", Surface::Api),
    (
        "POST",
        "/v1/sites/{site}/feedback/{id}/resolution-link",
        Surface::Api,
    ),
    ("POST", "/v1/admin/sites", Surface::Api),
    ("GET", "/v1/admin/sites/{site}", Surface::Api),
    ("PATCH", "/v1/admin/sites/{site}", Surface::Api),
    ("POST", "/v1/admin/sites/{site}/endpoints", Surface::Api),
    ("GET", "/v1/admin/sites/{site}/endpoints", Surface::Api),
    (
        "PATCH",
        "/v1/admin/sites/{site}/endpoints/{id}",
        Surface::Api,
    ),
    ("GET", "/v1/admin/sites/{site}/deliveries", Surface::Api),
    ("GET", "/v1/admin/sites/{site}/teams", Surface::Api),
    ("GET", "/v1/admin/sites/{site}/teams/{id}", Surface::Api),
    ("PUT", "/v1/admin/sites/{site}/teams/{id}", Surface::Api),
    ("GET", "/v1/admin/sites/{site}/routing", Surface::Api),
    ("PUT", "/v1/admin/sites/{site}/routing", Surface::Api),
    (
        "POST",
        "/v1/admin/sites/{site}/deliveries/{id}/replay",
        Surface::Api,
    ),
    ("GET", "/v1/openapi.json", Surface::Api),
    ("GET", "/dashboard", Surface::Dashboard),
    ("POST", "/dashboard/login", Surface::Dashboard),
    ("GET", "/dashboard/{site}", Surface::Dashboard),
    ("GET", "/dashboard/{site}/page", Surface::Dashboard),
    ("GET", "/dashboard/{site}/inbox", Surface::Dashboard),
    ("GET", "/dashboard/{site}/export.csv", Surface::Dashboard),
    (
        "POST",
        "/dashboard/{site}/items/{id}/status",
        Surface::Dashboard,
    ),
    (
        "GET",
        "/dashboard/{site}/items/{id}/ask",
        Surface::Dashboard,
    ),
    ("POST", "/dashboard/{site}/notes", Surface::Dashboard),
    (
        "POST",
        "/dashboard/{site}/notes/{id}/unpublish",
        Surface::Dashboard,
    ),
    ("POST", "/dashboard/{site}/logout", Surface::Dashboard),
    ("HEAD", "/e/{token}", Surface::Link),
    ("GET", "/e/{token}", Surface::Link),
    ("POST", "/e/{token}", Surface::Link),
    ("GET", "/e/trap/{token}", Surface::Link),
    ("HEAD", "/e/trap/{token}", Surface::Link),
];

/// The segments a pattern names.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Params {
    /// `{site}`.
    pub site: String,
    /// `{id}`.
    pub id: String,
    /// `{token}`.
    pub token: String,
}

/// The surface a path belongs to, for answers about it even when no route matches.
fn surface_of(path: &str) -> Surface {
    if path == "/dashboard" || path.starts_with("/dashboard/") {
        Surface::Dashboard
    } else if path.starts_with("/e/") {
        Surface::Link
    } else {
        Surface::Api
    }
}

/// The params when `path` matches `pattern` whole, segment by segment.
fn matches(pattern: &str, path: &str) -> Option<Params> {
    let (mut pattern_parts, mut path_parts) = (pattern.split('/'), path.split('/'));
    let mut params = Params::default();
    loop {
        match (pattern_parts.next(), path_parts.next()) {
            (None, None) => return Some(params),
            (Some("{site}"), Some(part)) if !part.is_empty() => part.clone_into(&mut params.site),
            (Some("{id}"), Some(part)) if !part.is_empty() => part.clone_into(&mut params.id),
            (Some("{token}"), Some(part)) if !part.is_empty() => {
                part.clone_into(&mut params.token);
            }
            (Some(expected), Some(part)) if expected == part => {}
            _ => return None,
        }
    }
}

/// What the table says of a method and path.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// This route, with its params.
    Route(&'static str, Params),
    /// The path exists; these methods are allowed on it.
    OtherMethods(String),
    /// No route has this path.
    Nothing,
}

/// Looks up a method and path. A route whose pattern names the path literally wins over one that
/// matches it through a parameter (`/dashboard/login` is not the dashboard of a site `login`).
fn find(method: &str, path: &str) -> Found {
    let candidates: Vec<_> = ROUTES
        .iter()
        .filter_map(|&(m, pattern, _)| matches(pattern, path).map(|params| (m, pattern, params)))
        .collect();
    let literal = candidates
        .iter()
        .any(|(_, pattern, _)| !pattern.contains('{'));
    let candidates: Vec<_> = candidates
        .into_iter()
        .filter(|(_, pattern, _)| !literal || !pattern.contains('{'))
        .collect();
    if candidates.is_empty() {
        return Found::Nothing;
    }
    let allow = candidates
        .iter()
        .map(|(m, ..)| *m)
        .collect::<Vec<_>>()
        .join(", ");
    match candidates.into_iter().find(|(m, ..)| *m == method) {
        Some((_, pattern, params)) => Found::Route(pattern, params),
        None => Found::OtherMethods(allow),
    }
}

/// Answers one request that is not a static asset.
pub async fn handle(
    mut req: Request,
    bindings: Result<std::rc::Rc<Bindings>, worker::Error>,
) -> worker::Result<Response> {
    let raw_path = req.path();
    let surface = surface_of(&raw_path);
    // The dashboard's addresses read the same with a trailing slash.
    let path = match surface {
        Surface::Dashboard => raw_path.trim_end_matches('/').to_owned(),
        Surface::Api | Surface::Link => raw_path.clone(),
    };
    let method = req.method();
    let (pattern, params) = match find(&method, &path) {
        Found::Route(pattern, params) => (pattern, params),
        Found::OtherMethods(allow) if method == "OPTIONS" && surface == Surface::Api => {
            return cors::preflight(&req, &allow);
        }
        Found::OtherMethods(allow) => {
            let error = ApiError::MethodNotAllowed { method, allow };
            return answer_error(&req, error, surface, &Params::default());
        }
        Found::Nothing => {
            return answer_error(
                &req,
                ApiError::NotFound(raw_path),
                surface,
                &Params::default(),
            );
        }
    };
    let answer = match bindings {
        Err(error) => Err(error.into()),
        Ok(bindings) => dispatch(&mut req, &bindings, &method, pattern, &params).await,
    };
    match answer {
        Ok(response) if surface == Surface::Api => cors::allow(&req, response),
        Ok(response) => Ok(response),
        Err(error) => answer_error(&req, error, surface, &params),
    }
}

/// Calls the route's handler.
async fn dispatch(
    req: &mut Request,
    bindings: &Bindings,
    method: &str,
    pattern: &str,
    params: &Params,
) -> Result<Response, ApiError> {
    let Params { site, id, token } = params;
    let screen = match pattern {
        "/dashboard/{site}" => Some(Screen::Overview),
        "/dashboard/{site}/page" => Some(Screen::Page),
        "/dashboard/{site}/inbox" => Some(Screen::Inbox),
        "/dashboard/{site}/export.csv" => Some(Screen::Export),
        "/dashboard/{site}/items/{id}/status" => Some(Screen::ChangeStatus),
        "/dashboard/{site}/items/{id}/ask" => Some(Screen::AskCustomer),
        "/dashboard/{site}/logout" => Some(Screen::SignOut),
        "/dashboard/{site}/notes" => Some(Screen::PublishNote),
        "/dashboard/{site}/notes/{id}/unpublish" => Some(Screen::UnpublishNote),
        _ => None,
    };
    if let Some(screen) = screen {
        return dashboard::screen(req, bindings, site, id, screen).await;
    }
    match (method, pattern) {
        ("POST", "/v1/feedback") => intake::submit::submit(req, bindings).await,
        ("GET", "/v1/sites/{site}/pages") => read::pages(req, bindings, site).await,
        ("GET", "/v1/sites/{site}/summary") => read::summary(req, bindings, site).await,
        ("GET", "/v1/sites/{site}/feedback") => read::items(req, bindings, site).await,
        ("GET", "/v1/sites/{site}/feedback/{id}") => triage::show(req, bindings, site, id).await,
        ("PATCH", "/v1/sites/{site}/feedback/{id}") => {
            triage::change(req, bindings, site, id).await
        }
        ("GET", "/v1/sites/{site}/results") => read::public_results(req, bindings, site).await,
        ("GET", "/v1/sites/{site}/notes") => notes::list(req, bindings, site).await,
        ("POST", "/v1/sites/{site}/notes") => {
            notes::publish(req, bindings, site, NoteKind::Note).await
        }
        ("POST", "/v1/sites/{site}/notices") => {
            notes::publish(req, bindings, site, NoteKind::Notice).await
        }
        ("POST", "/v1/sites/{site}/notes/{id}/unpublish") => {
            notes::unpublish(req, bindings, site, id).await
        }
        ("POST", "/v1/sites/{site}/email-links") => make::create(req, bindings, site).await,
        ("POST", "/v1/sites/{site}/feedback/{id}/resolution-link") => {
            make::resolution_link(req, bindings, site, id).await
        }
        ("POST", "/v1/admin/sites") => admin::create(req, bindings).await,
        ("GET", "/v1/admin/sites/{site}") => admin::show(req, bindings, site).await,
        ("PATCH", "/v1/admin/sites/{site}") => admin::change(req, bindings, site).await,
        ("POST", "/v1/admin/sites/{site}/endpoints") => {
            endpoints::create(req, bindings, site).await
        }
        ("GET", "/v1/admin/sites/{site}/endpoints") => endpoints::list(req, bindings, site).await,
        ("PATCH", "/v1/admin/sites/{site}/endpoints/{id}") => {
            endpoints::change(req, bindings, site, id).await
        }
        ("GET", "/v1/admin/sites/{site}/teams") => teams::list(req, bindings, site).await,
        ("GET", "/v1/admin/sites/{site}/teams/{id}") => teams::show(req, bindings, site, id).await,
        ("PUT", "/v1/admin/sites/{site}/teams/{id}") => teams::put(req, bindings, site, id).await,
        ("GET", "/v1/admin/sites/{site}/routing") => teams::routing(req, bindings, site).await,
        ("PUT", "/v1/admin/sites/{site}/routing") => teams::set_routing(req, bindings, site).await,
        ("GET", "/v1/admin/sites/{site}/deliveries") => {
            endpoints::deliveries(req, bindings, site).await
        }
        ("POST", "/v1/admin/sites/{site}/deliveries/{id}/replay") => {
            endpoints::replay(req, bindings, site, id).await
        }
        ("GET", "/v1/openapi.json") => openapi::document(),
        ("GET", "/dashboard") => dashboard::sign_in_page(req),
        ("POST", "/dashboard/login") => dashboard::sign_in(req, bindings).await,
        ("HEAD", "/e/{token}") => landing::head(bindings, token).await,
        ("GET", "/e/{token}") => landing::show(req, bindings, token).await,
        ("POST", "/e/{token}") => confirm::confirm(req, bindings, token).await,
        ("GET" | "HEAD", "/e/trap/{token}") => landing::trap(req, bindings, token).await,
        _ => Err(ApiError::internal("a route in the table has no handler")),
    }
}

/// The one place an error becomes an answer: problem JSON with CORS for the API, an HTML page with
/// the same title, status and reasons for people.
fn answer_error(
    req: &Request,
    error: ApiError,
    surface: Surface,
    params: &Params,
) -> worker::Result<Response> {
    let (problem, extra) = error.problem();
    let response = match surface {
        Surface::Api => {
            let headers = Headers::new();
            headers.set("content-type", PROBLEM_CONTENT_TYPE)?;
            let response = Response::ok(problem.to_json())?
                .with_status(problem.status)
                .with_headers(headers);
            cors::allow(req, response)?
        }
        Surface::Dashboard => {
            let back = if params.site.is_empty() {
                "/dashboard".to_owned()
            } else {
                format!("/dashboard/{}", params.site)
            };
            let page = views::message(&problem.title, &problem.detail, &back, &problem.errors);
            web::html(&page, problem.status, dashboard::CSP, "same-origin")?
        }
        Surface::Link => {
            let page = links::layout(
                "en",
                &problem.title,
                &html! {
                    h1 { (problem.title) }
                    p role="alert" { (problem.detail) }
                    @if !problem.errors.is_empty() {
                        ul { @for e in &problem.errors { li { (e.message) } } }
                    }
                    @if !params.token.is_empty() && problem.status == 422 {
                        p { a href=(format!("/e/{}", params.token)) { "Back" } }
                    }
                },
            );
            links::page(&page, problem.status)?
        }
    };
    for (name, value) in extra {
        response.headers().set(name, &value)?;
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(method: &str, path: &str) -> Found {
        find(method, path)
    }

    #[test]
    fn patterns_match_whole_segments() {
        let params = |site: &str, id: &str, token: &str| Params {
            site: site.into(),
            id: id.into(),
            token: token.into(),
        };
        assert_eq!(
            matches("/v1/sites/{site}/pages", "/v1/sites/demo/pages"),
            Some(params("demo", "", ""))
        );
        assert_eq!(
            matches("/v1/feedback", "/v1/feedback"),
            Some(Params::default())
        );
        assert_eq!(
            matches(
                "/v1/admin/sites/{site}/deliveries/{id}/replay",
                "/v1/admin/sites/demo/deliveries/msg_1/replay"
            ),
            Some(params("demo", "msg_1", ""))
        );
        assert_eq!(
            matches("/e/{token}", "/e/k1.abc.def"),
            Some(params("", "", "k1.abc.def"))
        );
        assert_eq!(matches("/v1/sites/{site}/pages", "/v1/sites//pages"), None);
        assert_eq!(
            matches("/v1/sites/{site}/pages", "/v1/sites/demo/pages/x"),
            None
        );
        assert_eq!(matches("/v1/feedback", "/v1/feedback/"), None);
    }

    #[test]
    fn one_table_routes_the_api_the_dashboard_and_the_links() {
        assert!(matches!(
            route("POST", "/v1/feedback"),
            Found::Route("/v1/feedback", _)
        ));
        assert_eq!(
            route("GET", "/v1/feedback"),
            Found::OtherMethods("POST".into())
        );
        assert_eq!(route("GET", "/v1/nothing"), Found::Nothing);
        assert!(matches!(
            route("GET", "/dashboard/demo/inbox"),
            Found::Route("/dashboard/{site}/inbox", Params { ref site, .. }) if site == "demo"
        ));
        assert_eq!(
            route("GET", "/dashboard/login"),
            Found::OtherMethods("POST".into()),
            "a literal route wins over a site called login"
        );
        assert!(matches!(
            route("HEAD", "/e/tok"),
            Found::Route("/e/{token}", _)
        ));
        assert!(matches!(
            route("GET", "/e/trap/tok"),
            Found::Route("/e/trap/{token}", _)
        ));
        assert_eq!(
            route("PUT", "/e/tok"),
            Found::OtherMethods("HEAD, GET, POST".into())
        );
        assert_eq!(surface_of("/dashboard"), Surface::Dashboard);
        assert_eq!(surface_of("/dashboards"), Surface::Api);
        assert_eq!(surface_of("/e/x"), Surface::Link);
    }

    #[test]
    fn the_openapi_document_describes_exactly_the_api_routes() {
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
            .filter(|(.., surface)| *surface == Surface::Api)
            .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
            .collect();
        documented.sort();
        routed.sort();
        assert_eq!(documented, routed, "openapi.json and ROUTES disagree");
    }
}
