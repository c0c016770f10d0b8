//! The feedback a visitor sends, and the rules it must meet before it is stored.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::channel::{Channel, Reason};
use crate::page::normalise_page;
use crate::problem::{FieldError, Problem, ProblemKind};
use crate::rating::Rating;
use crate::site::is_site_id;

/// The largest request body the API reads, in bytes.
pub const MAX_BODY_BYTES: usize = 8 * 1024;
/// The longest comment, in characters, after trimming.
pub const MAX_COMMENT_CHARS: usize = 2000;
/// The shortest and longest client idempotency key.
pub const IDEMPOTENCY_KEY_LEN: std::ops::RangeInclusive<usize> = 8..=128;
/// The longest locale tag.
pub const MAX_LOCALE_LEN: usize = 35;
/// The longest page title, in characters.
pub const MAX_TITLE_CHARS: usize = 300;
/// The longest e-mail address (RFC 5321's path limit).
pub const MAX_EMAIL_LEN: usize = 254;

/// How to reach a visitor who asked to be contacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// The address the visitor typed.
    pub email: String,
    /// The visitor ticked "you may contact me"; always true once validated.
    pub consent: bool,
}

/// Whether `email` looks like an address mail can be sent to; deliberately plain (one `@`, a dot in
/// the domain, no spaces), since only sending proves an address.
pub fn is_email(email: &str) -> bool {
    // Searched as bytes: `@`, `.` and `-` are ASCII, and byte searches cost the widget less code.
    let bytes = email.as_bytes();
    let Some(at) = bytes.iter().rposition(|&b| b == b'@') else {
        return false;
    };
    let (local, domain) = (&bytes[..at], &bytes[at + 1..]);
    let labels = || domain.split(|&b| b == b'.');
    email.len() <= MAX_EMAIL_LEN
        && !local.is_empty()
        && local.len() <= 64
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'))
        && !local.contains(&b'@')
        && labels().count() >= 2
        && labels()
            .all(|label| label.first().is_some_and(|&b| b != b'-') && label.last() != Some(&b'-'))
}

/// One visitor's feedback on one page, valid and normalised.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
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
    /// The page's title, as the widget saw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where it was asked.
    #[serde(default)]
    pub channel: Channel,
    /// Quick reasons for a negative answer, each at most once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
    /// How to reach the visitor, given with explicit consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// A honeypot: the widget's hidden field that people never fill; anything here marks spam.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// The known-issue notice the visitor saw above the question, by id: the answer was given
    /// under it, and is counted apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// Chosen by the client once per item, so that a retry is recognised as the same item.
    pub idempotency_key: String,
    /// How often the visitor has changed this item: a higher revision of one idempotency key
    /// replaces what is stored, a lower or equal one (a late retry) changes nothing.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub revision: u32,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The highest revision: a visitor does not change one answer a thousand times.
pub const MAX_REVISION: u32 = 1000;

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
    fn type_error(&mut self, field: &str, expected: &str, found: &Value) {
        let message = format!("must be {expected}, not {}", json_type(found));
        self.errors.push(FieldError::new(field, "type", message));
    }

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
                self.type_error(field, "a string", other);
                None
            }
        }
    }

    /// A string that must pass `valid`; empty optional strings count as absent.
    fn matching(
        &mut self,
        field: &str,
        required: bool,
        valid: fn(&str) -> bool,
        rule: &str,
    ) -> Option<&'a str> {
        let value = self
            .string(field, required)
            .filter(|v| required || !v.is_empty())?;
        if valid(value) {
            Some(value)
        } else {
            self.fail(field, "pattern", rule);
            None
        }
    }

    /// Free text: trimmed, blank means absent, at most `max_chars` characters.
    fn text(&mut self, field: &str, max_chars: usize) -> Option<&'a str> {
        let text = self
            .string(field, false)
            .map(str::trim)
            .filter(|t| !t.is_empty())?;
        if text.chars().count() > max_chars {
            self.fail(
                field,
                "max_length",
                format!("must be at most {max_chars} characters"),
            );
            return None;
        }
        Some(text)
    }

    fn page(&mut self) -> Option<String> {
        match normalise_page(self.string("page", true)?) {
            Ok(page) => Some(page),
            Err(e) => {
                self.fail("page", "url", e.to_string());
                None
            }
        }
    }

    fn rating(&mut self) -> Option<Rating> {
        let name = self.string("rating", false)?;
        let rating = Rating::parse(name);
        if rating.is_none() {
            let names: Vec<_> = Rating::ALL.iter().map(|r| r.as_str()).collect();
            self.fail(
                "rating",
                "one_of",
                format!("must be one of {}", names.join(", ")),
            );
        }
        rating
    }

    fn revision(&mut self) -> u32 {
        match self.object.get("revision") {
            None | Some(Value::Null) => 0,
            Some(Value::Number(n)) => match n.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n) if n <= MAX_REVISION => n,
                _ => {
                    let rule = format!("must be a whole number from 0 to {MAX_REVISION}");
                    self.fail("revision", "range", rule);
                    0
                }
            },
            Some(other) => {
                self.type_error("revision", "a whole number", other);
                0
            }
        }
    }

    fn channel(&mut self) -> Channel {
        let Some(name) = self.string("channel", false) else {
            return Channel::default();
        };
        Channel::parse(name).unwrap_or_else(|| {
            self.fail("channel", "one_of", "must be one of web, email, kiosk");
            Channel::default()
        })
    }

    fn reasons(&mut self) -> Vec<Reason> {
        let mut reasons = Vec::new();
        match self.object.get("reasons") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for item in items {
                    match item.as_str().and_then(Reason::parse) {
                        Some(reason) if !reasons.contains(&reason) => reasons.push(reason),
                        Some(_) => self.fail("reasons", "unique", "must not repeat a reason"),
                        None => {
                            let message = format!("must hold only {}", names(&Reason::ALL));
                            self.fail("reasons", "one_of", message);
                        }
                    }
                }
            }
            Some(other) => self.type_error("reasons", "an array of strings", other),
        }
        reasons
    }

    fn contact(&mut self) -> Option<Contact> {
        let object = match self.object.get("contact") {
            None | Some(Value::Null) => return None,
            Some(Value::Object(object)) => object,
            Some(other) => {
                self.type_error("contact", "an object with email and consent", other);
                return None;
            }
        };
        let email = match object.get("email") {
            Some(Value::String(email)) if is_email(email.trim()) => Some(email.trim().to_owned()),
            Some(Value::String(_)) => {
                self.fail(
                    "contact.email",
                    "email",
                    "must be an e-mail address such as name@example.com",
                );
                None
            }
            None | Some(Value::Null) => {
                self.fail(
                    "contact.email",
                    "required",
                    "is required when contact is given",
                );
                None
            }
            Some(other) => {
                self.type_error("contact.email", "a string", other);
                None
            }
        };
        if object.get("consent") != Some(&Value::Bool(true)) {
            self.fail(
                "contact.consent",
                "required",
                "must be true: we only keep an address the visitor agreed to",
            );
            return None;
        }
        email.map(|email| Contact {
            email,
            consent: true,
        })
    }

    fn fail(&mut self, field: &str, rule: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, rule, message));
    }
}

/// Reasons' wire names, for a message.
fn names(reasons: &[Reason]) -> String {
    let names: Vec<_> = reasons.iter().map(|r| r.as_str()).collect();
    names.join(", ")
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

fn is_locale(tag: &str) -> bool {
    tag.len() <= MAX_LOCALE_LEN && tag.chars().all(is_token_char)
}

/// A page note's id: what the collector hands out (see `follow_up::page_note`).
fn is_note_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.chars().all(is_token_char)
}

fn is_idempotency_key(key: &str) -> bool {
    IDEMPOTENCY_KEY_LEN.contains(&key.len()) && key.chars().all(is_token_char)
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

        let site = fields.matching(
            "site",
            true,
            is_site_id,
            "may hold only a-z, 0-9 and -, 1 to 64 characters",
        );
        let page = fields.page();
        let rating = fields.rating();
        let comment = fields.text("comment", MAX_COMMENT_CHARS);
        let rating_reported = fields.errors.iter().any(|e| e.field == "rating");
        if rating.is_none() && comment.is_none() && !rating_reported {
            fields.fail(
                "rating",
                "required",
                "is required unless a comment is given",
            );
        }
        let locale = fields.matching(
            "locale",
            false,
            is_locale,
            "must be a language tag such as en or nl-BE",
        );
        let title = fields.text("title", MAX_TITLE_CHARS);
        let channel = fields.channel();
        let reasons = fields.reasons();
        if let Some(rating) = rating {
            let answer_side = rating.polarity();
            if let Some(wrong) = reasons.iter().find(|r| r.polarity() != answer_side) {
                let message = match answer_side {
                    crate::Polarity::Neutral => format!(
                        "“{}” explains a yes or a no; a neutral answer takes no reasons",
                        wrong.as_str()
                    ),
                    _ => format!(
                        "“{}” explains the other side; a “{}” answer takes {}",
                        wrong.as_str(),
                        rating.as_str(),
                        names(Reason::offered(answer_side))
                    ),
                };
                fields.fail("reasons", "polarity", message);
            }
        }
        let contact = fields.contact();
        let website = fields.string("website", false).map(str::to_owned);
        let key_rule = format!(
            "must be {} to {} characters of A-Z, a-z, 0-9, - and _",
            IDEMPOTENCY_KEY_LEN.start(),
            IDEMPOTENCY_KEY_LEN.end()
        );
        let key = fields.matching("idempotency_key", true, is_idempotency_key, &key_rule);
        let revision = fields.revision();
        let notice = fields.matching(
            "notice",
            false,
            is_note_id,
            "must be the id of a notice, as the results call gave it",
        );

        match (site, page, key) {
            (Some(site), Some(page), Some(key)) if fields.errors.is_empty() => Ok(Self {
                site: site.to_owned(),
                page,
                rating,
                comment: comment.map(str::to_owned),
                locale: locale.map(str::to_owned),
                title: title.map(str::to_owned),
                channel,
                reasons,
                contact,
                website,
                notice: notice.map(str::to_owned),
                idempotency_key: key.to_owned(),
                revision,
            }),
            _ => Err(Rejection::Invalid(fields.errors)),
        }
    }
}

/// What became of an accepted submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// A new item was stored.
    Created,
    /// The same visitor's item on this page (today) was changed.
    Updated,
    /// An exact retry: nothing changed.
    Duplicate,
}

impl Outcome {
    /// What the upsert did, from the id it meant to give a new item, the id stored, and whether
    /// the stored row was changed at this very moment.
    pub fn of(new_id: &str, stored_id: &str, changed_now: bool) -> Self {
        if stored_id == new_id {
            Self::Created
        } else if changed_now {
            Self::Updated
        } else {
            Self::Duplicate
        }
    }

    /// The HTTP status the submission deserves: 201 for a new item, 200 otherwise.
    pub const fn status(self) -> u16 {
        match self {
            Self::Created => 201,
            Self::Updated | Self::Duplicate => 200,
        }
    }
}

/// The API's answer to a stored (or already stored) submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    /// The stored item's id; the same for every retry with one idempotency key.
    pub id: String,
    /// What the submission did.
    pub outcome: Outcome,
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
            title: Some("Pricing".into()),
            channel: Channel::Kiosk,
            reasons: Vec::new(),
            contact: Some(Contact {
                email: "ann@example.com".into(),
                consent: true,
            }),
            website: None,
            notice: None,
            idempotency_key: "abcdefgh-1234".into(),
            revision: 3,
        };
        let wire = serde_json::to_string(&submission).unwrap();
        assert_eq!(Submission::from_json(&wire), Ok(submission));
    }

    #[test]
    fn revisions_are_small_whole_numbers() {
        let mut body = vote();
        assert_eq!(parse(&body).unwrap().revision, 0);
        body["revision"] = json!(2);
        assert_eq!(parse(&body).unwrap().revision, 2);
        for bad in [json!(-1), json!(1.5), json!(MAX_REVISION + 1), json!("2")] {
            body["revision"] = bad;
            let rules = field_rules(parse(&body));
            assert_eq!(rules.len(), 1, "{rules:?}");
            assert_eq!(rules[0].0, "revision");
        }
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
    fn reasons_explain_a_negative_answer_once_each() {
        let mut body = vote();
        body["reasons"] = json!(["incorrect", "missing_information"]);
        assert_eq!(
            parse(&body).unwrap().reasons,
            [Reason::Incorrect, Reason::MissingInformation]
        );
        body["reasons"] = json!(["incorrect", "incorrect", "boring"]);
        assert_eq!(
            field_rules(parse(&body)),
            [
                ("reasons".into(), "unique".into()),
                ("reasons".into(), "one_of".into())
            ]
        );
        body["reasons"] = json!(["out_of_date", "translation_issue"]);
        assert_eq!(
            parse(&body).unwrap().reasons,
            [Reason::OutOfDate, Reason::TranslationIssue]
        );
        body["reasons"] = json!(["incorrect"]);
        body["rating"] = json!("up");
        let refused = parse(&body).unwrap_err();
        assert_eq!(
            field_rules(Err(refused.clone())),
            [("reasons".into(), "polarity".into())]
        );
        let Rejection::Invalid(errors) = refused else {
            unreachable!()
        };
        assert!(errors[0].message.contains("clear, solved, good_examples"));
        body["rating"] = json!("neutral");
        assert_eq!(
            field_rules(parse(&body)),
            [("reasons".into(), "polarity".into())]
        );
    }

    #[test]
    fn reasons_explain_a_positive_answer_too() {
        let mut body = vote();
        body["rating"] = json!("happy");
        body["reasons"] = json!(["clear", "good_examples"]);
        assert_eq!(
            parse(&body).unwrap().reasons,
            [Reason::Clear, Reason::GoodExamples]
        );
        body["rating"] = json!("down");
        assert_eq!(
            field_rules(parse(&body)),
            [("reasons".into(), "polarity".into())]
        );
    }

    #[test]
    fn an_answer_names_the_notice_it_was_given_under() {
        let mut body = vote();
        body["notice"] = json!("n-4f2a");
        assert_eq!(parse(&body).unwrap().notice.as_deref(), Some("n-4f2a"));
        body["notice"] = json!("<script>");
        assert_eq!(
            field_rules(parse(&body)),
            [("notice".into(), "pattern".into())]
        );
    }

    #[test]
    fn contact_needs_an_address_and_explicit_consent() {
        let mut body = vote();
        body["contact"] = json!({"email": " ann@example.com ", "consent": true});
        let contact = parse(&body).unwrap().contact.unwrap();
        assert_eq!(contact.email, "ann@example.com");
        body["contact"] = json!({"email": "ann@example.com", "consent": "yes"});
        assert_eq!(
            field_rules(parse(&body)),
            [("contact.consent".into(), "required".into())]
        );
        body["contact"] = json!({"email": "not an address", "consent": true});
        assert_eq!(
            field_rules(parse(&body)),
            [("contact.email".into(), "email".into())]
        );
    }

    #[test]
    fn plain_email_rules() {
        for good in [
            "a@b.co",
            "first.last+tag@sub.example.org",
            "jürgen@example.de",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "",
            "a@b",
            "@b.co",
            "a b@c.co",
            "a@b..co",
            "a@-b.co",
            "<a@b.co>",
            "a@b.co,c@d.co",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn channel_defaults_to_web() {
        assert_eq!(parse(&vote()).unwrap().channel, Channel::Web);
        let mut body = vote();
        body["channel"] = json!("fax");
        assert_eq!(
            field_rules(parse(&body)),
            [("channel".into(), "one_of".into())]
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
