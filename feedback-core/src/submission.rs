//! The feedback a visitor sends, and the rules it must meet before it is stored.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::page::normalise_page;
use crate::problem::{FieldError, Problem, ProblemKind};
use crate::rating::Rating;

/// The largest request body the API reads, in bytes.
pub const MAX_BODY_BYTES: usize = 8 * 1024;
/// The longest site id.
pub const MAX_SITE_LEN: usize = 64;
/// The longest comment, in characters, after trimming.
pub const MAX_COMMENT_CHARS: usize = 2000;
/// The shortest and longest client idempotency key.
pub const IDEMPOTENCY_KEY_LEN: std::ops::RangeInclusive<usize> = 8..=128;
/// The longest locale tag.
pub const MAX_LOCALE_LEN: usize = 35;

/// One visitor's feedback on one page, valid and normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// The site's registered id.
    pub site: String,
    /// The page, as an absolute URL (normalised when parsed).
    pub page: String,
    /// The visitor's answer; absent for a comment on its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    /// Free text, trimmed; absent when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The visitor's language tag, as the widget saw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Chosen by the client once per item, so that a retry is recognised as the same item.
    pub idempotency_key: String,
}

/// Why a request body was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// Not JSON, or JSON but not an object.
    #[error("the body is not a JSON object: {0}")]
    Malformed(String),
    /// Larger than [`MAX_BODY_BYTES`].
    #[error("the body is {0} bytes; the limit is {MAX_BODY_BYTES}")]
    TooLarge(usize),
    /// An object whose fields break the rules; every broken field is listed.
    #[error("{} field(s) are not valid", .0.len())]
    Invalid(Vec<FieldError>),
}

impl From<Rejection> for Problem {
    fn from(rejection: Rejection) -> Self {
        let detail = rejection.to_string();
        match rejection {
            Rejection::Malformed(_) => Problem::new(ProblemKind::MalformedBody, detail),
            Rejection::TooLarge(_) => Problem::new(ProblemKind::PayloadTooLarge, detail),
            Rejection::Invalid(errors) => {
                Problem::new(ProblemKind::InvalidFields, detail).with_errors(errors)
            }
        }
    }
}

/// Reads fields one by one so that every broken field is reported, not just the first.
struct Fields<'a> {
    object: &'a Map<String, Value>,
    errors: Vec<FieldError>,
}

impl<'a> Fields<'a> {
    fn string(&mut self, field: &str, required: bool) -> Option<&'a str> {
        match self.object.get(field) {
            None | Some(Value::Null) => {
                if required {
                    self.errors
                        .push(FieldError::new(field, "required", "is required"));
                }
                None
            }
            Some(Value::String(text)) => Some(text),
            Some(other) => {
                let message = format!("must be a string, not {}", json_type(other));
                self.errors.push(FieldError::new(field, "type", message));
                None
            }
        }
    }

    fn fail(&mut self, field: &str, rule: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, rule, message));
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

impl Submission {
    /// Parses and validates a request body, normalising the page and trimming the text.
    pub fn from_json(body: &str) -> Result<Self, Rejection> {
        if body.len() > MAX_BODY_BYTES {
            return Err(Rejection::TooLarge(body.len()));
        }
        let value: Value =
            serde_json::from_str(body).map_err(|e| Rejection::Malformed(e.to_string()))?;
        let Value::Object(object) = value else {
            return Err(Rejection::Malformed(format!("found {}", json_type(&value))));
        };
        let mut fields = Fields {
            object: &object,
            errors: Vec::new(),
        };

        let site = fields.string("site", true);
        if let Some(site) = site {
            if site.is_empty() || site.len() > MAX_SITE_LEN {
                fields.fail(
                    "site",
                    "length",
                    format!("must be 1 to {MAX_SITE_LEN} characters"),
                );
            } else if !site
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                fields.fail("site", "pattern", "may hold only a-z, 0-9 and -");
            }
        }

        let page = fields
            .string("page", true)
            .and_then(|raw| match normalise_page(raw) {
                Ok(page) => Some(page),
                Err(e) => {
                    fields.fail("page", "url", e.to_string());
                    None
                }
            });

        let rating = fields.string("rating", false).and_then(|name| {
            let rating = Rating::parse(name);
            if rating.is_none() {
                let names: Vec<_> = Rating::ALL.iter().map(|r| r.as_str()).collect();
                fields.fail(
                    "rating",
                    "one_of",
                    format!("must be one of {}", names.join(", ")),
                );
            }
            rating
        });

        let comment = fields
            .string("comment", false)
            .map(str::trim)
            .filter(|c| !c.is_empty());
        if comment.is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS) {
            let message = format!("must be at most {MAX_COMMENT_CHARS} characters");
            fields.fail("comment", "max_length", message);
        }
        let rating_reported = fields.errors.iter().any(|e| e.field == "rating");
        if rating.is_none() && comment.is_none() && !rating_reported {
            fields.fail(
                "rating",
                "required",
                "is required unless a comment is given",
            );
        }

        let locale = fields.string("locale", false).filter(|l| !l.is_empty());
        if locale.is_some_and(|l| l.len() > MAX_LOCALE_LEN || !l.chars().all(is_token_char)) {
            fields.fail(
                "locale",
                "pattern",
                "must be a language tag such as en or nl-BE",
            );
        }

        let key = fields.string("idempotency_key", true);
        if key.is_some_and(|k| {
            !IDEMPOTENCY_KEY_LEN.contains(&k.len()) || !k.chars().all(is_token_char)
        }) {
            let message = format!(
                "must be {} to {} characters of A-Z, a-z, 0-9, - and _",
                IDEMPOTENCY_KEY_LEN.start(),
                IDEMPOTENCY_KEY_LEN.end()
            );
            fields.fail("idempotency_key", "pattern", message);
        }

        match (site, page, key) {
            (Some(site), Some(page), Some(key)) if fields.errors.is_empty() => Ok(Self {
                site: site.to_owned(),
                page,
                rating,
                comment: comment.map(str::to_owned),
                locale: locale.map(str::to_owned),
                idempotency_key: key.to_owned(),
            }),
            _ => Err(Rejection::Invalid(fields.errors)),
        }
    }
}

/// The API's answer to a stored (or already stored) submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    /// The stored item's id; the same for every retry with one idempotency key.
    pub id: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: &Value) -> Result<Submission, Rejection> {
        Submission::from_json(&value.to_string())
    }

    fn field_rules(result: Result<Submission, Rejection>) -> Vec<(String, String)> {
        match result {
            Err(Rejection::Invalid(errors)) => {
                errors.into_iter().map(|e| (e.field, e.rule)).collect()
            }
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    fn vote() -> Value {
        json!({
            "site": "acme-docs",
            "page": "https://Docs.Acme.com/start/?utm_source=x",
            "rating": "down",
            "idempotency_key": "0b6f9c1e-6d5a-4c2b-9d7e-2f1a3b4c5d6e",
        })
    }

    #[test]
    fn a_thumbs_vote_is_accepted_and_normalised() {
        let submission = parse(&vote()).unwrap();
        assert_eq!(submission.site, "acme-docs");
        assert_eq!(submission.page, "https://docs.acme.com/start");
        assert_eq!(submission.rating, Some(Rating::Down));
        assert_eq!(submission.comment, None);
    }

    #[test]
    fn what_the_widget_serialises_the_worker_parses_back() {
        let submission = Submission {
            site: "demo".into(),
            page: "https://example.com/a".into(),
            rating: Some(Rating::Happy),
            comment: Some("Clear, thanks".into()),
            locale: Some("nl-BE".into()),
            idempotency_key: "abcdefgh-1234".into(),
        };
        let wire = serde_json::to_string(&submission).unwrap();
        assert_eq!(Submission::from_json(&wire), Ok(submission));
    }

    #[test]
    fn every_missing_field_is_named() {
        assert_eq!(
            field_rules(parse(&json!({}))),
            [
                ("site".into(), "required".into()),
                ("page".into(), "required".into()),
                ("rating".into(), "required".into()),
                ("idempotency_key".into(), "required".into()),
            ]
        );
    }

    #[test]
    fn wrong_types_and_values_are_named_with_their_rule() {
        let mut body = vote();
        body["rating"] = json!("meh");
        body["site"] = json!(42);
        body["page"] = json!("ftp://example.com/x");
        body["comment"] = json!("x".repeat(MAX_COMMENT_CHARS + 1));
        body["idempotency_key"] = json!("short");
        body["locale"] = json!("<script>");
        assert_eq!(
            field_rules(parse(&body)),
            [
                ("site".into(), "type".into()),
                ("page".into(), "url".into()),
                ("rating".into(), "one_of".into()),
                ("comment".into(), "max_length".into()),
                ("locale".into(), "pattern".into()),
                ("idempotency_key".into(), "pattern".into()),
            ]
        );
    }

    #[test]
    fn a_comment_alone_is_feedback_too() {
        let mut body = vote();
        body.as_object_mut().unwrap().remove("rating");
        body["comment"] = json!("  The install step fails on Windows.  ");
        let submission = parse(&body).unwrap();
        assert_eq!(submission.rating, None);
        assert_eq!(
            submission.comment.as_deref(),
            Some("The install step fails on Windows.")
        );
    }

    #[test]
    fn a_blank_comment_is_no_comment() {
        let mut body = vote();
        body["comment"] = json!("   \n ");
        assert_eq!(parse(&body).unwrap().comment, None);
    }

    #[test]
    fn bodies_that_are_not_objects_are_malformed() {
        for body in ["", "{", "[1,2]", "\"vote\"", "null", "{\"site\":}"] {
            assert!(
                matches!(Submission::from_json(body), Err(Rejection::Malformed(_))),
                "{body:?}"
            );
        }
    }

    #[test]
    fn oversize_bodies_are_refused_before_parsing() {
        let body = " ".repeat(MAX_BODY_BYTES + 1);
        assert_eq!(
            Submission::from_json(&body),
            Err(Rejection::TooLarge(MAX_BODY_BYTES + 1))
        );
    }

    #[test]
    fn a_rejection_becomes_the_matching_problem() {
        let problem = Problem::from(Rejection::Malformed("eof".into()));
        assert_eq!(problem.status, 400);
        let problem = Problem::from(Rejection::TooLarge(9000));
        assert_eq!(problem.status, 413);
        let problem = Problem::from(field_rules_problem());
        assert_eq!(problem.status, 422);
        assert_eq!(problem.errors[0].field, "rating");
    }

    fn field_rules_problem() -> Rejection {
        let mut body = vote();
        body["rating"] = json!(true);
        parse(&body).unwrap_err()
    }
}
