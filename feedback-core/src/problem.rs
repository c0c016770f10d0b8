//! RFC 9457 problem details: the one shape every refusal of the API takes.

use serde::{Deserialize, Serialize};

/// The media type of a problem answer.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// What went wrong with one field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's name as the client sent it (`rating`, `page`, …).
    pub field: String,
    /// A stable machine-readable rule name (`required`, `one_of`, `max_length`, …).
    pub rule: String,
    /// A sentence a developer can act on.
    pub message: String,
}

impl FieldError {
    /// A field error from its parts.
    pub fn new(field: &str, rule: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            rule: rule.to_owned(),
            message: message.into(),
        }
    }
}

/// Reads a request body that must be a JSON object; anything else is one error on `body`.
pub fn json_object(
    body: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, Vec<FieldError>> {
    match serde_json::from_str(body) {
        Ok(serde_json::Value::Object(object)) => Ok(object),
        _ => Err(vec![FieldError::new(
            "body",
            "json",
            "must be a JSON object",
        )]),
    }
}

/// Reports every key of `object` not in `known`, each under `field(key)`, saying what it is not
/// part of (`what`) and which keys are.
pub fn unknown_keys(
    object: &serde_json::Map<String, serde_json::Value>,
    known: &[&str],
    (what, field): (&str, &dyn Fn(&str) -> String),
    errors: &mut Vec<FieldError>,
) {
    for key in object.keys().filter(|k| !known.contains(&k.as_str())) {
        let message = format!("is not part of {what}; use {}", known.join(", "));
        errors.push(FieldError::new(&field(key), "unknown", message));
    }
}

/// The kinds of problem the API reports; each has one status and one title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The body is not JSON, or not a JSON object.
    MalformedBody,
    /// The body is JSON but some fields break the rules.
    InvalidFields,
    /// No route has this path.
    NotFound,
    /// The path exists, the method does not.
    MethodNotAllowed,
    /// The body is neither JSON nor plain text.
    UnsupportedMediaType,
    /// The body is larger than the API takes.
    PayloadTooLarge,
    /// The site id is not registered.
    UnknownSite,
    /// Query parameters break a rule.
    InvalidQuery,
    /// No credentials, or wrong ones.
    Unauthorized,
    /// The page's origin may not send feedback for this site.
    OriginNotAllowed,
    /// Too many requests; `Retry-After` says when to try again.
    RateLimited,
    /// The thing to create exists already.
    Conflict,
    /// A form that changes something was posted from another page than our own.
    ForeignForm,
    /// A signed e-mail link was changed, cut short, or signed with a key no longer in use.
    BadLink,
    /// A signed e-mail link has expired.
    ExpiredLink,
    /// Something failed on our side; the details are in our logs, not in the answer.
    Internal,
}

impl ProblemKind {
    /// The HTTP status for this kind.
    pub const fn status(self) -> u16 {
        match self {
            Self::MalformedBody | Self::InvalidQuery | Self::BadLink => 400,
            Self::Unauthorized => 401,
            Self::OriginNotAllowed | Self::ForeignForm => 403,
            Self::ExpiredLink => 410,
            Self::RateLimited => 429,
            Self::Conflict => 409,
            Self::InvalidFields => 422,
            Self::NotFound | Self::UnknownSite => 404,
            Self::MethodNotAllowed => 405,
            Self::UnsupportedMediaType => 415,
            Self::PayloadTooLarge => 413,
            Self::Internal => 500,
        }
    }

    /// The stable slug that ends the problem's `type` URI.
    pub const fn slug(self) -> &'static str {
        match self {
            Self::MalformedBody => "malformed-body",
            Self::InvalidFields => "invalid-fields",
            Self::NotFound => "not-found",
            Self::MethodNotAllowed => "method-not-allowed",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::PayloadTooLarge => "payload-too-large",
            Self::UnknownSite => "unknown-site",
            Self::InvalidQuery => "invalid-query",
            Self::Unauthorized => "unauthorized",
            Self::OriginNotAllowed => "origin-not-allowed",
            Self::RateLimited => "rate-limited",
            Self::Conflict => "conflict",
            Self::ForeignForm => "foreign-form",
            Self::BadLink => "bad-link",
            Self::ExpiredLink => "expired-link",
            Self::Internal => "internal",
        }
    }

    /// A short, human summary that does not change from one occurrence to the next.
    pub const fn title(self) -> &'static str {
        match self {
            Self::MalformedBody => "The request body is not a JSON object",
            Self::InvalidFields => "Some fields are not valid",
            Self::NotFound => "There is nothing at this address",
            Self::MethodNotAllowed => "This address does not accept that method",
            Self::UnsupportedMediaType => "The body must be application/json or text/plain",
            Self::PayloadTooLarge => "The request body is too large",
            Self::UnknownSite => "No site is registered under this id",
            Self::InvalidQuery => "Some query parameters are not valid",
            Self::Unauthorized => "A valid token is needed",
            Self::OriginNotAllowed => "This page's origin may not send feedback for this site",
            Self::RateLimited => "Too many requests",
            Self::Conflict => "It exists already",
            Self::ForeignForm => "This change did not come from our own page",
            Self::BadLink => "This link does not work",
            Self::ExpiredLink => "This link has expired",
            Self::Internal => "Something went wrong on our side",
        }
    }
}

/// A problem details object (RFC 9457) with our `errors` extension for field-level reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A URI reference naming the kind of problem.
    #[serde(rename = "type")]
    pub kind_uri: String,
    /// The kind's fixed summary.
    pub title: String,
    /// The HTTP status, repeated for clients that only see the body.
    pub status: u16,
    /// What happened this time.
    pub detail: String,
    /// Field-level reasons, when the problem is about fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// A problem of `kind` with a detail for this occurrence.
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> Self {
        Self {
            kind_uri: format!("/problems/{}", kind.slug()),
            title: kind.title().to_owned(),
            status: kind.status(),
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    /// Adds field-level reasons.
    #[must_use]
    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    /// The JSON body of the answer.
    pub fn to_json(&self) -> String {
        // A struct of strings and numbers always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_rfc_9457_with_field_errors() {
        let problem =
            Problem::new(ProblemKind::InvalidFields, "1 field is not valid").with_errors(vec![
                FieldError::new("rating", "one_of", "must be up or down"),
            ]);
        let json: serde_json::Value = serde_json::from_str(&problem.to_json()).unwrap();
        assert_eq!(json["type"], "/problems/invalid-fields");
        assert_eq!(json["status"], 422);
        assert_eq!(json["title"], "Some fields are not valid");
        assert_eq!(json["errors"][0]["field"], "rating");
        assert_eq!(json["errors"][0]["rule"], "one_of");
    }

    #[test]
    fn leaves_out_errors_when_there_are_none() {
        let json = Problem::new(ProblemKind::NotFound, "no route").to_json();
        assert!(!json.contains("errors"), "{json}");
    }
}
