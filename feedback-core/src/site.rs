//! A site's settings as an operator registers or changes them.

use serde_json::Value;

use crate::insight::digest::{DigestSchedule, DEFAULT_DIGEST_TIME, DEFAULT_TIME_ZONE};
use crate::intake::urgency::UrgencyRules;
use crate::language::Language;
use crate::origin::AllowedOrigins;
use crate::problem::{json_object, FieldError};

/// The longest site id.
pub const MAX_SITE_LEN: usize = 64;

/// The longest site name.
pub const MAX_NAME_CHARS: usize = 200;

/// Settings given when registering a site, or the ones changed later (then every field is optional).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SiteSettings {
    /// The id used in `data-site` (registration only).
    pub id: Option<String>,
    /// A human name.
    pub name: Option<String>,
    /// Pages that may send feedback.
    pub allowed_origins: Option<AllowedOrigins>,
    /// Whether to issue a new read token, invalidating the old one (changes only).
    pub rotate_read_token: bool,
    /// Which items are urgent and when a page alerts; missing fields take the defaults.
    pub urgency: Option<UrgencyRules>,
    /// Whether anyone may read a page's vote count and helpful share (transparency, opt-in).
    pub public_results: Option<bool>,
    /// Whether visitors see the site's page notes and known-issue notices (transparency, opt-in).
    pub public_notes: Option<bool>,
    /// The site's own language: notes are written in it unless they say, and a visitor without a
    /// note in their language reads the one in it.
    pub language: Option<Language>,
    /// The site's clock: an IANA time zone; its days are the digest's days.
    pub time_zone: Option<String>,
    /// When the digest goes out on the site's clock, `HH:MM`.
    pub digest_time: Option<String>,
}

/// Reads the optional `urgency` rules, checking the mood threshold's range.
fn urgency(value: Option<&Value>, errors: &mut Vec<FieldError>) -> Option<UrgencyRules> {
    let value = value.filter(|v| !v.is_null())?;
    // A language the collector does not hear is named precisely, before serde's general message.
    let by_language = value.get("keywords_by_language").and_then(Value::as_object);
    if let Some(code) = by_language.and_then(|m| {
        m.keys()
            .find(|k| Language::from_tag(k).is_none_or(|l| l.code() != k.as_str()))
    }) {
        let codes: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
        let message = format!(
            "“{code}” is not a language the collector hears; use one of {}",
            codes.join(", ")
        );
        errors.push(FieldError::new(
            "urgency.keywords_by_language",
            "language",
            message,
        ));
        return None;
    }
    match serde_json::from_value::<UrgencyRules>(value.clone()) {
        Ok(rules) if (-1.0..=1.0).contains(&rules.mood_threshold) => Some(rules),
        Ok(_) => {
            let message = "mood_threshold must be from -1 to 1";
            errors.push(FieldError::new("urgency", "range", message));
            None
        }
        Err(e) => {
            errors.push(FieldError::new("urgency", "type", e.to_string()));
            None
        }
    }
}

/// Reads an optional switch such as `public_results`.
fn switch(field: &str, value: Option<&Value>, errors: &mut Vec<FieldError>) -> Option<bool> {
    match value {
        None | Some(Value::Null) => None,
        Some(Value::Bool(on)) => Some(*on),
        Some(_) => {
            errors.push(FieldError::new(field, "type", "must be true or false"));
            None
        }
    }
}

/// A site clock's `time_zone` or `digest_time`, kept when feedback-core's schedule accepts it.
fn checked(value: Option<String>, field: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let value = value?;
    let parsed = if field == "time_zone" {
        DigestSchedule::parse(&value, DEFAULT_DIGEST_TIME)
    } else {
        DigestSchedule::parse(DEFAULT_TIME_ZONE, &value)
    };
    match parsed {
        Ok(_) => Some(value),
        Err(e) => {
            let rule = if field == "time_zone" {
                "time_zone"
            } else {
                "pattern"
            };
            errors.push(FieldError::new(field, rule, e.to_string()));
            None
        }
    }
}

/// Reads the optional site `language`, one the widget speaks.
fn language(value: Option<&Value>, errors: &mut Vec<FieldError>) -> Option<Language> {
    let value = value.filter(|v| !v.is_null())?;
    let language = value.as_str().and_then(Language::from_tag);
    if language.is_none() {
        let codes: Vec<_> = Language::ALL.iter().map(|l| l.code()).collect();
        errors.push(FieldError::new(
            "language",
            "one_of",
            format!("must be one of {}", codes.join(", ")),
        ));
    }
    language
}

/// Whether `id` may name a site.
pub fn is_site_id(id: &str) -> bool {
    (1..=MAX_SITE_LEN).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

impl SiteSettings {
    /// Parses a registration (`creating`: id and name required) or a change.
    pub fn from_json(body: &str, creating: bool) -> Result<Self, Vec<FieldError>> {
        let object = json_object(body)?;
        let mut errors = Vec::new();
        let mut settings = Self::default();
        let text = |field: &str, errors: &mut Vec<FieldError>| match object.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.trim().to_owned()),
            Some(_) => {
                errors.push(FieldError::new(field, "type", "must be a string"));
                None
            }
        };
        if creating {
            match text("id", &mut errors) {
                Some(id) if is_site_id(&id) => settings.id = Some(id),
                Some(_) => errors.push(FieldError::new(
                    "id",
                    "pattern",
                    "must be 1 to 64 characters of a-z, 0-9 and -",
                )),
                None => errors.push(FieldError::new("id", "required", "is required")),
            }
        } else if object.contains_key("id") {
            errors.push(FieldError::new(
                "id",
                "immutable",
                "cannot be changed; register a new site instead",
            ));
        }
        match text("name", &mut errors) {
            Some(name) if (1..=MAX_NAME_CHARS).contains(&name.chars().count()) => {
                settings.name = Some(name);
            }
            Some(_) => errors.push(FieldError::new(
                "name",
                "length",
                format!("must be 1 to {MAX_NAME_CHARS} characters"),
            )),
            None if creating => errors.push(FieldError::new("name", "required", "is required")),
            None => {}
        }
        match object.get("allowed_origins") {
            None | Some(Value::Null) if creating => {
                errors.push(FieldError::new(
                    "allowed_origins",
                    "required",
                    "is required, e.g. [\"https://docs.example.com\"]",
                ));
            }
            None | Some(Value::Null) => {}
            Some(value) => match serde_json::from_value::<Vec<String>>(value.clone()) {
                Ok(patterns) => match AllowedOrigins::parse(patterns) {
                    Ok(origins) => settings.allowed_origins = Some(origins),
                    Err(e) => {
                        errors.push(FieldError::new("allowed_origins", "origin", e.to_string()));
                    }
                },
                Err(_) => errors.push(FieldError::new(
                    "allowed_origins",
                    "type",
                    "must be an array of strings",
                )),
            },
        }
        settings.urgency = urgency(object.get("urgency"), &mut errors);
        settings.public_results =
            switch("public_results", object.get("public_results"), &mut errors);
        settings.public_notes = switch("public_notes", object.get("public_notes"), &mut errors);
        settings.language = language(object.get("language"), &mut errors);
        (settings.time_zone, settings.digest_time) = (
            checked(text("time_zone", &mut errors), "time_zone", &mut errors),
            checked(text("digest_time", &mut errors), "digest_time", &mut errors),
        );
        match object.get("rotate_read_token") {
            None | Some(Value::Null) => {}
            Some(Value::Bool(rotate)) if !creating => settings.rotate_read_token = *rotate,
            Some(_) if creating => errors.push(FieldError::new(
                "rotate_read_token",
                "unknown",
                "only applies to changes",
            )),
            Some(_) => errors.push(FieldError::new(
                "rotate_read_token",
                "type",
                "must be true or false",
            )),
        }
        if errors.is_empty() {
            Ok(settings)
        } else {
            Err(errors)
        }
    }
}

/// How long personal and raw data is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Days an e-mail address is kept after the item was created.
    pub contact_days: u32,
    /// Days an item is kept at all.
    pub item_days: u32,
}

impl Retention {
    /// The defaults: contact details 90 days, items two years.
    pub const DEFAULT: Self = Self {
        contact_days: 90,
        item_days: 730,
    };

    /// Reads the `RETENTION_*_DAYS` settings; a missing or unreadable value keeps its default.
    pub fn from_settings(contact_days: Option<&str>, item_days: Option<&str>) -> Self {
        let read = |value: Option<&str>, default| {
            value.and_then(|v| v.trim().parse().ok()).unwrap_or(default)
        };
        Self {
            contact_days: read(contact_days, Self::DEFAULT.contact_days),
            item_days: read(item_days, Self::DEFAULT.item_days),
        }
    }

    /// The first day whose items keep their contact details, and the first day whose items are kept.
    pub fn cutoffs(&self, today: time::Date) -> (time::Date, time::Date) {
        let back = |days: u32| today - time::Duration::days(i64::from(days));
        (back(self.contact_days), back(self.item_days))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_registration_needs_id_name_and_origins() {
        let settings = SiteSettings::from_json(
            r#"{"id": "acme-docs", "name": " Acme Docs ", "allowed_origins": ["https://docs.acme.com"]}"#,
            true,
        )
        .unwrap();
        assert_eq!(settings.id.as_deref(), Some("acme-docs"));
        assert_eq!(settings.name.as_deref(), Some("Acme Docs"));
        let errors = SiteSettings::from_json(
            r#"{"id": "Acme Docs", "allowed_origins": ["docs.acme.com"]}"#,
            true,
        )
        .unwrap_err();
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.rule.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("id", "pattern"),
                ("name", "required"),
                ("allowed_origins", "origin")
            ]
        );
    }

    #[test]
    fn urgent_words_for_a_language_we_do_not_hear_are_refused_by_name() {
        let errors = SiteSettings::from_json(
            r#"{"urgency": {"keywords_by_language": {"de": ["Mahnung"], "pt": ["reembolso"]}}}"#,
            false,
        )
        .unwrap_err();
        assert_eq!(
            (errors[0].field.as_str(), errors[0].rule.as_str()),
            ("urgency.keywords_by_language", "language")
        );
        assert!(errors[0].message.contains("“pt”"), "{}", errors[0].message);
        let fine = SiteSettings::from_json(
            r#"{"urgency": {"keywords_by_language": {"de": ["Mahnung"]}, "builtin_keywords": false}}"#,
            false,
        )
        .unwrap();
        let rules = fine.urgency.unwrap();
        assert!(!rules.builtin_keywords);
        assert_eq!(rules.keywords_by_language[&Language::De], ["Mahnung"]);
    }

    #[test]
    fn a_change_may_rotate_the_token_but_not_the_id() {
        let change = SiteSettings::from_json(r#"{"rotate_read_token": true}"#, false).unwrap();
        assert!(change.rotate_read_token);
        assert_eq!(change.name, None);
        let errors = SiteSettings::from_json(r#"{"id": "other"}"#, false).unwrap_err();
        assert_eq!(errors[0].rule, "immutable");
    }

    #[test]
    fn retention_reads_settings_and_keeps_defaults() {
        let retention = Retention::from_settings(Some("30"), Some("oops"));
        assert_eq!(
            retention,
            Retention {
                contact_days: 30,
                item_days: 730
            }
        );
        let (contact, items) = retention.cutoffs(date!(2026 - 11 - 22));
        assert_eq!(
            (contact, items),
            (date!(2026 - 10 - 23), date!(2024 - 11 - 22))
        );
    }

    #[test]
    fn notes_are_switched_on_and_written_in_the_sites_language() {
        let settings =
            SiteSettings::from_json(r#"{"public_notes": true, "language": "nl"}"#, false).unwrap();
        assert_eq!(
            (settings.public_notes, settings.language),
            (Some(true), Some(Language::Nl))
        );
        let errors = SiteSettings::from_json(r#"{"public_notes": "yes", "language": "pt"}"#, false)
            .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["public_notes", "language"]);
    }

    #[test]
    fn a_sites_clock_is_an_iana_zone_and_a_time_of_day() {
        let settings = SiteSettings::from_json(
            r#"{"time_zone": "Europe/Amsterdam", "digest_time": "08:15"}"#,
            false,
        )
        .unwrap();
        assert_eq!(settings.time_zone.as_deref(), Some("Europe/Amsterdam"));
        assert_eq!(settings.digest_time.as_deref(), Some("08:15"));
        let errors = SiteSettings::from_json(
            r#"{"time_zone": "Europe/Amsterdamm", "digest_time": "8am"}"#,
            false,
        )
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["time_zone", "digest_time"]);
        assert!(errors[0].message.contains("Europe/Amsterdamm"));
    }
}
