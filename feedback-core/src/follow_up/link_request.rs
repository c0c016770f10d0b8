//! What may be asked of e-mail links: a request for vote links, a request for the "did this solve
//! it?" links of a resolved item, and the customer's answer to those.

use serde::Deserialize;
use serde_json::Value;

use crate::ask::embed::Mode;
use crate::follow_up::link::{DEFAULT_DAYS, MAX_DAYS};
use crate::follow_up::status::ItemStatus;
use crate::language::Language;
use crate::page::normalise_page;
use crate::problem::FieldError;

/// The longest campaign, recipient or message id, in characters.
pub const MAX_LABEL_CHARS: usize = 100;
/// The longest question an e-mail may ask, in characters.
pub const MAX_QUESTION_CHARS: usize = 200;

/// `POST /v1/sites/{site}/email-links`, valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRequest {
    /// The page the e-mail asks about, normalised.
    pub page: String,
    /// Thumbs or faces.
    pub mode: Mode,
    /// The mailing it belongs to.
    pub campaign: Option<String>,
    /// Who it goes to, as the sender labels them.
    pub recipient: Option<String>,
    /// The sender's id for this e-mail; the caller makes one when absent.
    pub message: Option<String>,
    /// The question, instead of the language's own.
    pub question: Option<String>,
    /// The language tag asked for.
    pub lang: Option<String>,
    /// How many days the links work.
    pub days: i64,
}

/// `POST /v1/sites/{site}/feedback/{id}/resolution-link`, valid (an empty body asks for the defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolutionRequest {
    /// The language tag asked for.
    pub lang: Option<String>,
    /// How many days the links work.
    pub days: i64,
}

#[derive(Deserialize)]
struct RawLinkRequest {
    page: Option<String>,
    campaign: Option<String>,
    recipient: Option<String>,
    message: Option<String>,
    mode: Option<String>,
    lang: Option<String>,
    question: Option<String>,
    days: Option<i64>,
}

#[derive(Deserialize, Default)]
struct RawResolutionRequest {
    lang: Option<String>,
    days: Option<i64>,
}

/// A JSON object read as `T`, or one error on `body` saying what to send and what was wrong.
fn object<T: for<'de> Deserialize<'de>>(body: &str, hint: &str) -> Result<T, Vec<FieldError>> {
    let refuse = |why: String| vec![FieldError::new("body", "json", format!("{hint} ({why})"))];
    match serde_json::from_str::<Value>(body) {
        Ok(value @ Value::Object(_)) => {
            serde_json::from_value(value).map_err(|e| refuse(e.to_string()))
        }
        Ok(_) => Err(refuse("not an object".into())),
        Err(e) => Err(refuse(e.to_string())),
    }
}

/// Trimmed text, absent when empty, refused past `max` characters.
fn short_text(
    value: Option<String>,
    field: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let value = value
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())?;
    if value.chars().count() > max {
        errors.push(FieldError::new(
            field,
            "max_length",
            format!("at most {max} characters"),
        ));
        return None;
    }
    Some(value)
}

fn days(days: Option<i64>, errors: &mut Vec<FieldError>) -> i64 {
    let days = days.unwrap_or(DEFAULT_DAYS);
    if !(1..=MAX_DAYS).contains(&days) {
        errors.push(FieldError::new(
            "days",
            "range",
            format!("links stay valid 1 to {MAX_DAYS} days"),
        ));
    }
    days
}

/// When links made at `now_secs` for `days` stop working, in seconds since 1970.
pub fn expires_at(now_secs: i64, days: i64) -> i64 {
    now_secs + days.clamp(1, MAX_DAYS) * 86_400
}

impl LinkRequest {
    /// Parses a request body, naming every field that is wrong.
    pub fn from_json(body: &str) -> Result<Self, Vec<FieldError>> {
        let raw: RawLinkRequest = object(body, "send a JSON object with at least \"page\"")?;
        let mut errors = Vec::new();
        let page = match raw.page.as_deref().map(normalise_page) {
            Some(Ok(page)) => page,
            Some(Err(e)) => {
                errors.push(FieldError::new("page", "url", e.to_string()));
                String::new()
            }
            None => {
                errors.push(FieldError::new(
                    "page",
                    "required",
                    "the page or article the e-mail asks about, as https://…",
                ));
                String::new()
            }
        };
        let mode = match raw.mode.as_deref() {
            None | Some("thumbs") => Mode::Thumbs,
            Some("smileys") => Mode::Smileys,
            Some(_) => {
                errors.push(FieldError::new("mode", "one_of", "thumbs or smileys"));
                Mode::Thumbs
            }
        };
        let request = Self {
            page,
            mode,
            campaign: short_text(raw.campaign, "campaign", MAX_LABEL_CHARS, &mut errors),
            recipient: short_text(raw.recipient, "recipient", MAX_LABEL_CHARS, &mut errors),
            message: short_text(raw.message, "message", MAX_LABEL_CHARS, &mut errors),
            question: short_text(raw.question, "question", MAX_QUESTION_CHARS, &mut errors),
            lang: raw.lang,
            days: days(raw.days, &mut errors),
        };
        if errors.is_empty() {
            Ok(request)
        } else {
            Err(errors)
        }
    }
}

impl ResolutionRequest {
    /// Parses a request body (empty: the defaults), naming every field that is wrong.
    pub fn from_json(body: &str) -> Result<Self, Vec<FieldError>> {
        let raw: RawResolutionRequest = if body.trim().is_empty() {
            RawResolutionRequest::default()
        } else {
            object(body, "send {\"lang\": \"nl\"} or nothing")?
        };
        let mut errors = Vec::new();
        let days = days(raw.days, &mut errors);
        if errors.is_empty() {
            Ok(Self {
                lang: raw.lang,
                days,
            })
        } else {
            Err(errors)
        }
    }

    /// The request the dashboard's inbox makes: the customer is asked in the language they gave
    /// feedback in (their `locale`), else in the site's, with links that work the usual days.
    pub fn for_customer(locale: Option<&str>, site_language: Language) -> Self {
        let language = locale.and_then(Language::from_tag).unwrap_or(site_language);
        Self {
            lang: Some(language.code().to_owned()),
            days: DEFAULT_DAYS,
        }
    }

    /// Why an item with `status` (its wire name) may not be asked about yet; empty when it may:
    /// it must be resolved, and its visitor must have agreed to be contacted.
    pub fn refusals(status: &str, has_contact: bool) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if ItemStatus::parse(status) != Some(ItemStatus::Resolved) {
            errors.push(FieldError::new(
                "status",
                "resolved",
                format!("the item is {status}; resolve it before asking the customer"),
            ));
        }
        if !has_contact {
            errors.push(FieldError::new(
                "contact",
                "consent",
                "the visitor did not agree to be contacted",
            ));
        }
        errors
    }
}

/// The customer's answer to "did this solve it?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerAnswer {
    /// It did.
    Solved,
    /// It did not: the item goes back to `New`.
    NotSolved,
}

impl CustomerAnswer {
    /// Both answers, in the order a page offers them.
    pub const ALL: [CustomerAnswer; 2] = [Self::Solved, Self::NotSolved];

    /// The wire name (link parameter, stored value, webhook field).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Solved => "solved",
            Self::NotSolved => "not_solved",
        }
    }

    /// Parses a wire name.
    pub fn parse(name: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == name)
            .ok_or_else(|| FieldError::new("answer", "one_of", "solved or not_solved"))
    }

    /// The answer's button label in `lang` (English when we do not speak it).
    pub fn label(self, lang: &str) -> &'static str {
        let (_, solved, not_solved) = crate::follow_up::email::resolution_wording(lang);
        match self {
            Self::Solved => solved,
            Self::NotSolved => not_solved,
        }
    }

    /// The status the answer moves the item to: a "no" reopens it; a "yes" leaves it where it is.
    pub const fn moves_to(self) -> Option<ItemStatus> {
        match self {
            Self::Solved => None,
            Self::NotSolved => Some(ItemStatus::New),
        }
    }

    /// The history note, with the customer's comment when they wrote one.
    pub fn note(self, comment: Option<&str>) -> String {
        let said = match self {
            Self::Solved => "solved",
            Self::NotSolved => "not solved",
        };
        match comment {
            Some(c) => format!("Customer: {said} — {c}"),
            None => format!("Customer: {said}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_customer_is_asked_in_their_language_else_the_sites() {
        let asked = |locale| ResolutionRequest::for_customer(locale, Language::De).lang;
        assert_eq!(asked(Some("nl-BE")), Some("nl".to_owned()));
        assert_eq!(asked(Some("tlh")), Some("de".to_owned()));
        assert_eq!(asked(None), Some("de".to_owned()));
        assert_eq!(
            ResolutionRequest::for_customer(None, Language::En).days,
            DEFAULT_DAYS
        );
    }

    #[test]
    fn a_link_request_is_normalised_and_defaulted() {
        let r = LinkRequest::from_json(
            r#"{"page": "https://docs.example.com/a/?x=1#y", "campaign": " n42 "}"#,
        )
        .unwrap();
        assert_eq!(r.page, "https://docs.example.com/a?x=1");
        assert_eq!(r.mode, Mode::Thumbs);
        assert_eq!(r.campaign.as_deref(), Some("n42"));
        assert_eq!(r.days, DEFAULT_DAYS);
    }

    #[test]
    fn every_wrong_field_of_a_link_request_is_named() {
        let long = "x".repeat(MAX_QUESTION_CHARS + 1);
        let body = format!(r#"{{"mode": "stars", "question": "{long}", "days": 0}}"#);
        let fields: Vec<String> = LinkRequest::from_json(&body)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["page", "mode", "question", "days"]);
        assert_eq!(LinkRequest::from_json("[1]").unwrap_err()[0].field, "body");
    }

    #[test]
    fn a_resolution_request_may_be_empty_and_needs_a_resolved_item_with_consent() {
        assert_eq!(
            ResolutionRequest::from_json(" ").unwrap(),
            ResolutionRequest {
                lang: None,
                days: DEFAULT_DAYS
            }
        );
        assert_eq!(
            ResolutionRequest::from_json(r#"{"days": 999}"#).unwrap_err()[0].field,
            "days"
        );
        assert!(ResolutionRequest::refusals("resolved", true).is_empty());
        let fields: Vec<String> = ResolutionRequest::refusals("acknowledged", false)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["status", "contact"]);
    }

    #[test]
    fn only_a_no_reopens_and_the_note_quotes_the_customer() {
        assert_eq!(CustomerAnswer::NotSolved.moves_to(), Some(ItemStatus::New));
        assert_eq!(CustomerAnswer::Solved.moves_to(), None);
        assert_eq!(
            CustomerAnswer::parse("not_solved"),
            Ok(CustomerAnswer::NotSolved)
        );
        assert!(CustomerAnswer::parse("maybe").is_err());
        assert_eq!(CustomerAnswer::Solved.label("nl"), "Ja, opgelost");
        assert_eq!(CustomerAnswer::NotSolved.label("tlh"), "No, not yet");
        assert_eq!(
            CustomerAnswer::NotSolved.note(Some("still broken")),
            "Customer: not solved — still broken"
        );
        assert_eq!(expires_at(0, 2), 172_800);
    }
}
