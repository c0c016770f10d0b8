//! The one error type of every handler, and the problem each one is; `routes` turns it into the
//! answer (problem JSON or an HTML page).

use feedback_core::follow_up::link::LinkError;
use feedback_core::{FieldError, Problem, ProblemKind, Rejection};
use worker::console_error;

/// Why a request was not served.
#[derive(Debug)]
pub enum ApiError {
    /// The body broke the submission rules.
    Rejected(Rejection),
    /// A settings body broke its rules.
    InvalidFields(Vec<FieldError>),
    /// Query parameters broke their rules.
    InvalidQuery(Vec<FieldError>),
    /// The body's media type is not one we read.
    UnsupportedMediaType(String),
    /// No route at this path.
    NotFound(String),
    /// A route exists at this path, but not for this method; `allow` lists the methods that are.
    MethodNotAllowed { method: String, allow: String },
    /// The site id is not registered.
    UnknownSite(String),
    /// The site has no item with this id.
    UnknownItem(String),
    /// The site publishes neither its results nor its notes.
    NotPublic(String),
    /// Notes and notices cannot be published: the site has not switched them on.
    NotesOff(String),
    /// The site has no note or notice with this id.
    UnknownNote(String),
    /// E-mail links cannot be made: the operator has not set (valid) keys.
    NoLinkKeys(String),
    /// The site to register exists already.
    SiteExists(String),
    /// No token, or not the right one; the text says which, without saying what the right one is.
    Unauthorized(&'static str),
    /// The page's origin is not among the site's allowed origins.
    OriginNotAllowed { origin: String, site: String },
    /// Over a rate limit; retry after this many seconds.
    RateLimited { retry_after: u32, who: &'static str },
    /// A form that changes something came from another page than our own.
    ForeignForm,
    /// A signed e-mail link that does not (or no longer) work.
    LinkRefused(LinkError),
    /// A failure of ours (D1, the runtime); logged, never shown.
    Internal(String),
}

impl From<Rejection> for ApiError {
    fn from(rejection: Rejection) -> Self {
        Self::Rejected(rejection)
    }
}

impl From<worker::Error> for ApiError {
    fn from(error: worker::Error) -> Self {
        Self::Internal(error.to_string())
    }
}

impl ApiError {
    /// An internal error with a message for the logs.
    pub fn internal(message: &str) -> Self {
        Self::Internal(message.to_owned())
    }

    /// The problem this error answers, with the headers it calls for.
    pub fn problem(self) -> (Problem, Vec<(&'static str, String)>) {
        let mut headers = Vec::new();
        let problem = match self {
            Self::Rejected(rejection) => rejection.into(),
            Self::InvalidFields(errors) => {
                let detail = format!("{} field(s) are not valid", errors.len());
                Problem::new(ProblemKind::InvalidFields, detail).with_errors(errors)
            }
            Self::InvalidQuery(errors) => {
                let detail = format!("{} query parameter(s) are not valid", errors.len());
                Problem::new(ProblemKind::InvalidQuery, detail).with_errors(errors)
            }
            Self::UnsupportedMediaType(found) => Problem::new(
                ProblemKind::UnsupportedMediaType,
                format!("the body was sent as {found:?}"),
            ),
            Self::NotFound(path) => Problem::new(
                ProblemKind::NotFound,
                format!("no API route matches {path}"),
            ),
            Self::MethodNotAllowed { method, allow } => {
                let detail = format!("{method} is not allowed here; use {allow}");
                headers.push(("allow", allow));
                Problem::new(ProblemKind::MethodNotAllowed, detail)
            }
            Self::UnknownSite(site) => {
                let detail =
                    format!("no site {site:?} is registered; check the data-site attribute");
                Problem::new(ProblemKind::UnknownSite, detail)
            }
            Self::UnknownItem(id) => Problem::new(
                ProblemKind::NotFound,
                format!("this site has no item {id:?}; ids come from the feedback list"),
            ),
            Self::NoLinkKeys(why) => {
                console_error!("e-mail links: {why}");
                Problem::new(
                    ProblemKind::Internal,
                    "e-mail links are not set up on this collector; its operator must set EMAIL_LINK_KEYS",
                )
            }
            Self::NotPublic(site) => Problem::new(
                ProblemKind::NotFound,
                format!("site {site:?} publishes neither its results nor its notes; its owner can turn on public_results or public_notes"),
            ),
            Self::NotesOff(site) => Problem::new(
                ProblemKind::Conflict,
                format!("site {site:?} does not show notes to visitors; its operator must turn on public_notes first (PATCH /v1/admin/sites/{site})"),
            ),
            Self::UnknownNote(id) => Problem::new(
                ProblemKind::NotFound,
                format!("this site has no note or notice {id:?}; ids come from the notes list"),
            ),
            Self::SiteExists(site) => Problem::new(
                ProblemKind::Conflict,
                format!("a site {site:?} is registered already"),
            ),
            Self::Unauthorized(why) => {
                headers.push(("www-authenticate", "Bearer".to_owned()));
                Problem::new(ProblemKind::Unauthorized, why)
            }
            Self::OriginNotAllowed { origin, site } => {
                let detail = format!("pages at {origin} may not send feedback for site {site:?}; add the origin to the site's allowed_origins");
                Problem::new(ProblemKind::OriginNotAllowed, detail)
            }
            Self::RateLimited { retry_after, who } => {
                headers.push(("retry-after", retry_after.to_string()));
                let detail =
                    format!("too many submissions from this {who}; retry after {retry_after} s");
                Problem::new(ProblemKind::RateLimited, detail)
            }
            Self::ForeignForm => Problem::new(
                ProblemKind::ForeignForm,
                "this change was not sent from the dashboard's own page, so it was not made; open the dashboard and try again",
            ),
            Self::LinkRefused(error) => {
                let kind = if error == LinkError::Expired {
                    ProblemKind::ExpiredLink
                } else {
                    ProblemKind::BadLink
                };
                let detail = format!("{error}. Nothing was recorded; if you want to tell us something, reply to the e-mail");
                Problem::new(kind, sentence_case(&detail))
            }
            Self::Internal(message) => {
                console_error!("internal error: {message}");
                Problem::new(
                    ProblemKind::Internal,
                    "the request was not completed; please retry",
                )
            }
        };
        (problem, headers)
    }
}

/// `text` with its first letter in upper case.
fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
