//! The one error type of every handler, and the one place it becomes an HTTP answer.

use feedback_core::problem::{ProblemKind, PROBLEM_CONTENT_TYPE};
use feedback_core::{Problem, Rejection};
use worker::{console_error, Headers, Response};

/// Why a request was not served.
#[derive(Debug)]
pub enum ApiError {
    /// The body broke the submission rules.
    Rejected(Rejection),
    /// The body's media type is not one we read.
    UnsupportedMediaType(String),
    /// No route at this path.
    NotFound(String),
    /// A route exists at this path, but not for this method; `allow` lists the methods that are.
    MethodNotAllowed { method: String, allow: &'static str },
    /// The site id is not registered.
    UnknownSite(String),
    /// A failure of ours (D1, the runtime); logged, never shown.
    Internal(worker::Error),
}

impl From<Rejection> for ApiError {
    fn from(rejection: Rejection) -> Self {
        Self::Rejected(rejection)
    }
}

impl From<worker::Error> for ApiError {
    fn from(error: worker::Error) -> Self {
        Self::Internal(error)
    }
}

impl ApiError {
    fn problem(self) -> (Problem, Option<&'static str>) {
        match self {
            Self::Rejected(rejection) => (rejection.into(), None),
            Self::UnsupportedMediaType(found) => {
                let detail = format!("the body was sent as {found:?}");
                (
                    Problem::new(ProblemKind::UnsupportedMediaType, detail),
                    None,
                )
            }
            Self::NotFound(path) => {
                let detail = format!("no API route matches {path}");
                (Problem::new(ProblemKind::NotFound, detail), None)
            }
            Self::MethodNotAllowed { method, allow } => {
                let detail = format!("{method} is not allowed here; use {allow}");
                (
                    Problem::new(ProblemKind::MethodNotAllowed, detail),
                    Some(allow),
                )
            }
            Self::UnknownSite(site) => {
                let detail =
                    format!("no site {site:?} is registered; check the data-site attribute");
                (Problem::new(ProblemKind::UnknownSite, detail), None)
            }
            Self::Internal(error) => {
                console_error!("internal error: {error}");
                let detail = "the feedback was not stored; please retry";
                (Problem::new(ProblemKind::Internal, detail), None)
            }
        }
    }

    /// The problem-JSON answer for this error.
    pub fn into_response(self) -> worker::Result<Response> {
        let (problem, allow) = self.problem();
        let headers = Headers::new();
        headers.set("content-type", PROBLEM_CONTENT_TYPE)?;
        if let Some(allow) = allow {
            headers.set("allow", allow)?;
        }
        Ok(Response::ok(problem.to_json())?
            .with_status(problem.status)
            .with_headers(headers))
    }
}
