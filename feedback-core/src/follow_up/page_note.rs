//! Telling visitors what happened, on the page itself: a note on what was changed after their
//! feedback ("you said, we did"), shown after an answer, and a known-issue notice, shown before the
//! question until it expires. Only the site's own words, in plain text, one per language.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::language::Language;
use crate::page::normalise_page;
use crate::problem::FieldError;

/// The longest note or notice, in characters: a sentence or two, not an article.
pub const MAX_NOTE_CHARS: usize = 280;
/// How long a notice stays up unless its author says otherwise.
pub const DEFAULT_NOTICE_DAYS: u32 = 7;
/// The longest a notice may stay up: a known issue older than a quarter is the page's content.
pub const MAX_NOTICE_DAYS: u32 = 90;
/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;

/// Which of the two a page note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// What was changed after feedback, shown after an answer.
    Note,
    /// Something known to be broken, shown before the question until it expires.
    Notice,
}

impl NoteKind {
    /// The wire and stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Notice => "notice",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Note, Self::Notice]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

/// A note or notice to publish, validated: what the API and the dashboard's forms ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publish {
    /// Note or notice.
    pub kind: NoteKind,
    /// The normalised page it is about.
    pub page: String,
    /// The text, trimmed, with runs of white space made one space.
    pub text: String,
    /// The language it is written in.
    pub lang: Language,
    /// When a notice comes down, in Unix milliseconds; `None` for a note.
    pub expires_at: Option<i64>,
}

/// Why a text cannot be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Nothing but white space.
    #[error("is required: write what visitors should read")]
    Empty,
    /// Longer than [`MAX_NOTE_CHARS`].
    #[error("is {0} characters; at most 280 fit beside the question")]
    TooLong(usize),
    /// Holds an HTML tag or comment.
    #[error("is plain text: write it without HTML tags such as <b> or <a>; visitors see the text exactly as written")]
    Markup,
    /// Holds a control character.
    #[error("holds a control character; write plain text")]
    Control,
}

impl TextError {
    /// The rule's name in a field error.
    pub const fn rule(self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::TooLong(_) => "max_length",
            Self::Markup => "markup",
            Self::Control => "pattern",
        }
    }
}

/// A note's text as visitors will read it: trimmed, white space collapsed, plain.
///
/// Markup is refused rather than stripped, so the author sees at once that `<b>` would be shown as
/// `<b>` (every surface shows the text as text); a lone `<` as in "2 < 3" is text and stays.
pub fn plain_text(raw: &str) -> Result<String, TextError> {
    if raw
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(TextError::Control);
    }
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(TextError::Empty);
    }
    let chars = text.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(TextError::TooLong(chars));
    }
    let bytes = text.as_bytes();
    let tag = bytes.windows(2).any(|pair| {
        pair[0] == b'<' && (pair[1].is_ascii_alphabetic() || matches!(pair[1], b'/' | b'!' | b'?'))
    });
    if tag {
        return Err(TextError::Markup);
    }
    Ok(text)
}

impl Publish {
    /// Reads a JSON body: `{page, text, lang?, expires_in_days?}` (days only for a notice).
    /// `site_language` is the language of a note that does not say.
    pub fn from_json(
        body: &str,
        kind: NoteKind,
        site_language: Language,
        now_ms: i64,
    ) -> Result<Self, Vec<FieldError>> {
        let object: Map<String, Value> = match serde_json::from_str(body) {
            Ok(Value::Object(object)) => object,
            _ => {
                return Err(vec![FieldError::new(
                    "body",
                    "type",
                    "must be a JSON object such as {\"page\": \"https://…\", \"text\": \"…\"}",
                )])
            }
        };
        let mut errors = Vec::new();
        let mut text_of = |field: &str| match object.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                errors.push(FieldError::new(field, "type", "must be a string"));
                None
            }
        };
        let (page, text, lang) = (text_of("page"), text_of("text"), text_of("lang"));
        let days = match object.get("expires_in_days") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => Some(
                n.as_u64()
                    .map_or_else(|| "-1".to_owned(), |n| n.to_string()),
            ),
            Some(_) => {
                errors.push(FieldError::new(
                    "expires_in_days",
                    "type",
                    "must be a whole number of days",
                ));
                None
            }
        };
        for key in object.keys() {
            if !["page", "text", "lang", "expires_in_days"].contains(&key.as_str()) {
                errors.push(FieldError::new(
                    key,
                    "unknown",
                    "is not a field here; use page, text, lang, expires_in_days",
                ));
            }
        }
        let fields = Fields {
            page: page.as_deref(),
            text: text.as_deref(),
            lang: lang.as_deref(),
            days: days.as_deref(),
        };
        fields.read(kind, site_language, now_ms, errors)
    }

    /// Reads a dashboard form's fields (`page`, `text`, `lang`, `days`); blank means absent.
    pub fn from_form<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        kind: NoteKind,
        site_language: Language,
        now_ms: i64,
    ) -> Result<Self, Vec<FieldError>> {
        let mut fields = Fields::default();
        for (key, value) in pairs {
            let value = Some(value).filter(|v| !v.trim().is_empty());
            match key {
                "page" => fields.page = value,
                "text" => fields.text = value,
                "lang" => fields.lang = value,
                "days" => fields.days = value,
                _ => {}
            }
        }
        fields.read(kind, site_language, now_ms, Vec::new())
    }
}

/// The fields of a publish request, as text, before they are checked.
#[derive(Default)]
struct Fields<'a> {
    page: Option<&'a str>,
    text: Option<&'a str>,
    lang: Option<&'a str>,
    days: Option<&'a str>,
}

impl Fields<'_> {
    fn read(
        self,
        kind: NoteKind,
        site_language: Language,
        now_ms: i64,
        mut errors: Vec<FieldError>,
    ) -> Result<Publish, Vec<FieldError>> {
        let page = match self.page.map(normalise_page) {
            None => {
                errors.push(FieldError::new(
                    "page",
                    "required",
                    "say which page, as https://…",
                ));
                None
            }
            Some(Err(e)) => {
                errors.push(FieldError::new("page", "url", e.to_string()));
                None
            }
            Some(Ok(page)) => Some(page),
        };
        let text = match plain_text(self.text.unwrap_or_default()) {
            Ok(text) => Some(text),
            Err(e) => {
                errors.push(FieldError::new("text", e.rule(), e.to_string()));
                None
            }
        };
        let lang = match self.lang {
            None => site_language,
            Some(tag) => Language::from_tag(tag).unwrap_or_else(|| {
                let codes: Vec<_> = Language::ALL.iter().map(|l| l.code()).collect();
                errors.push(FieldError::new(
                    "lang",
                    "one_of",
                    format!("must be one of {}", codes.join(", ")),
                ));
                site_language
            }),
        };
        let expires_at = match (kind, self.days) {
            (NoteKind::Note, None) => None,
            (NoteKind::Note, Some(_)) => {
                errors.push(FieldError::new(
                    "expires_in_days",
                    "notice_only",
                    "only a notice expires; a note stays until it is unpublished",
                ));
                None
            }
            (NoteKind::Notice, days) => {
                let days = days.map_or(Some(DEFAULT_NOTICE_DAYS), |d| d.trim().parse().ok());
                let expires = days
                    .filter(|d| (1..=MAX_NOTICE_DAYS).contains(d))
                    .map(|days| now_ms + i64::from(days) * DAY_MS);
                if expires.is_none() {
                    errors.push(FieldError::new(
                        "expires_in_days",
                        "range",
                        format!("must be a whole number of days from 1 to {MAX_NOTICE_DAYS}"),
                    ));
                }
                expires
            }
        };
        match (page, text) {
            (Some(page), Some(text)) if errors.is_empty() => Ok(Publish {
                kind,
                page,
                text,
                lang,
                expires_at,
            }),
            _ => Err(errors),
        }
    }
}

/// The first words of a notice about a page that alerted, in the site's language, for its author to
/// finish: never published by itself.
pub const fn draft_notice(lang: Language) -> &'static str {
    match lang {
        Language::En => "We know something on this page is not working. We are fixing it.",
        Language::Nl => "We weten dat er iets op deze pagina niet werkt. We lossen het op.",
        Language::De => "Wir wissen, dass auf dieser Seite etwas nicht funktioniert. Wir beheben es.",
        Language::Fr => "Nous savons que quelque chose ne fonctionne pas sur cette page. Nous corrigeons le problème.",
        Language::Es => "Sabemos que algo no funciona en esta página. Lo estamos solucionando.",
        Language::Ar => "نعلم أن شيئًا ما في هذه الصفحة لا يعمل. نعمل على إصلاحه.",
    }
}

/// The origin (`scheme://host[:port]`) of a normalised page, to check it belongs to the site.
pub fn page_origin(page: &str) -> &str {
    let after_scheme = page.find("://").map_or(0, |i| i + 3);
    let end = page[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(page.len(), |i| after_scheme + i);
    &page[..end]
}

/// A published note or notice, as stored and as the public call and the dashboard show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageNote {
    /// Its id, which answers given under a notice carry.
    pub id: String,
    /// Note or notice.
    pub kind: NoteKind,
    /// The page.
    pub page: String,
    /// The text, plain.
    pub text: String,
    /// Its language.
    pub lang: Language,
    /// When it was published, Unix milliseconds.
    pub published_at: i64,
    /// When a notice comes down, Unix milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// When it was taken down before that, Unix milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unpublished_at: Option<i64>,
    /// Where it was published (`dashboard` or `api`), for the history.
    pub author: String,
}

impl PageNote {
    /// Whether visitors see it at `now_ms`.
    pub fn is_live(&self, now_ms: i64) -> bool {
        self.unpublished_at.is_none() && self.expires_at.is_none_or(|at| at > now_ms)
    }
}

/// The note (or notice) a visitor reading `visitor` sees: the latest live one in their language,
/// else the latest in the site's language; a note in a third language would be one they may not
/// read. `notes` may hold anything: dead ones and other kinds are passed over.
pub fn shown(
    notes: &[PageNote],
    kind: NoteKind,
    visitor: Language,
    site_language: Language,
    now_ms: i64,
) -> Option<&PageNote> {
    let latest = |lang: Language| {
        notes
            .iter()
            .filter(|n| n.kind == kind && n.lang == lang && n.is_live(now_ms))
            .max_by_key(|n| (n.published_at, n.id.as_str()))
    };
    latest(visitor).or_else(|| latest(site_language))
}

/// How long a public answer showing `notes` may be cached: `max` seconds, but never past the
/// moment a shown notice expires.
pub fn cache_seconds(shown: &[&PageNote], now_ms: i64, max: u32) -> u32 {
    shown
        .iter()
        .filter_map(|n| n.expires_at)
        .map(|at| u32::try_from((at - now_ms).max(0) / 1000).unwrap_or(u32::MAX))
        .fold(max, u32::min)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_806_400_000;

    fn note(id: &str, kind: NoteKind, lang: Language, published_at: i64) -> PageNote {
        PageNote {
            id: id.into(),
            kind,
            page: "https://docs.example.com/export".into(),
            text: format!("text of {id}"),
            lang,
            published_at,
            expires_at: None,
            unpublished_at: None,
            author: "dashboard".into(),
        }
    }

    #[test]
    fn text_is_plain_short_and_tidy() {
        assert_eq!(
            plain_text("  Step 3 now\n covers   Windows. 2 < 3 ").unwrap(),
            "Step 3 now covers Windows. 2 < 3"
        );
        assert_eq!(plain_text(" \n "), Err(TextError::Empty));
        assert_eq!(plain_text(&"é".repeat(281)), Err(TextError::TooLong(281)));
        assert!(plain_text(&"é".repeat(280)).is_ok());
        for markup in [
            "<b>new</b>",
            "fixed </p>",
            "<!-- x -->",
            "<script>alert(1)</script>",
        ] {
            assert_eq!(plain_text(markup), Err(TextError::Markup), "{markup}");
        }
        assert_eq!(plain_text("bell\u{7}"), Err(TextError::Control));
    }

    #[test]
    fn a_publish_request_names_each_wrong_field() {
        let ok = Publish::from_json(
            r#"{"page": "https://docs.example.com/export?utm_source=x", "text": "Fixed.", "lang": "nl-BE"}"#,
            NoteKind::Note,
            Language::En,
            NOW,
        )
        .unwrap();
        assert_eq!(ok.page, "https://docs.example.com/export");
        assert_eq!((ok.lang, ok.expires_at), (Language::Nl, None));
        let fields = |body: &str, kind| {
            Publish::from_json(body, kind, Language::En, NOW)
                .unwrap_err()
                .into_iter()
                .map(|e| (e.field, e.rule))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(
                &format!(
                    r#"{{"page": "nope", "text": "{}", "lang": "pt", "colour": 1}}"#,
                    "a".repeat(300)
                ),
                NoteKind::Note
            ),
            [
                ("colour".into(), "unknown".into()),
                ("page".into(), "url".into()),
                ("text".into(), "max_length".into()),
                ("lang".into(), "one_of".into()),
            ]
        );
        assert_eq!(
            fields(
                r#"{"page": "https://a.test/", "text": "x", "expires_in_days": 3}"#,
                NoteKind::Note
            ),
            [("expires_in_days".into(), "notice_only".into())]
        );
        assert_eq!(
            fields(
                r#"{"page": "https://a.test/", "text": "x", "expires_in_days": 91}"#,
                NoteKind::Notice
            ),
            [("expires_in_days".into(), "range".into())]
        );
        assert_eq!(
            fields("[]", NoteKind::Note),
            [("body".into(), "type".into())]
        );
    }

    #[test]
    fn a_notice_lasts_a_week_unless_told() {
        let notice = |days: Option<&str>| {
            let mut pairs = vec![
                ("page", "https://a.test/x"),
                ("text", "Export fails; fix coming."),
            ];
            if let Some(days) = days {
                pairs.push(("days", days));
            }
            Publish::from_form(pairs, NoteKind::Notice, Language::De, NOW)
        };
        let week = notice(None).unwrap();
        assert_eq!(week.expires_at, Some(NOW + 7 * DAY_MS));
        assert_eq!(week.lang, Language::De);
        assert_eq!(notice(Some("1")).unwrap().expires_at, Some(NOW + DAY_MS));
        assert!(notice(Some("0")).is_err());
        assert!(notice(Some("soon")).is_err());
    }

    #[test]
    fn the_visitors_language_first_then_the_sites() {
        let notes = [
            note("en-old", NoteKind::Note, Language::En, NOW - 3 * DAY_MS),
            note("en-new", NoteKind::Note, Language::En, NOW - DAY_MS),
            note("nl", NoteKind::Note, Language::Nl, NOW - 2 * DAY_MS),
            note("de-notice", NoteKind::Notice, Language::De, NOW - DAY_MS),
        ];
        let pick = |visitor| {
            shown(&notes, NoteKind::Note, visitor, Language::En, NOW).map(|n| n.id.as_str())
        };
        assert_eq!(pick(Language::Nl), Some("nl"));
        assert_eq!(pick(Language::Fr), Some("en-new"));
        assert_eq!(pick(Language::En), Some("en-new"));
        // A notice in German is for German readers; the site's language has none.
        let notice = |visitor| {
            shown(&notes, NoteKind::Notice, visitor, Language::En, NOW).map(|n| n.id.as_str())
        };
        assert_eq!(notice(Language::De), Some("de-notice"));
        assert_eq!(notice(Language::Fr), None);
    }

    #[test]
    fn unpublished_and_expired_ones_are_not_shown() {
        let mut gone = note("gone", NoteKind::Note, Language::En, NOW - 2 * DAY_MS);
        gone.unpublished_at = Some(NOW - DAY_MS);
        let older = note("older", NoteKind::Note, Language::En, NOW - 5 * DAY_MS);
        let mut expired = note("expired", NoteKind::Notice, Language::En, NOW - 8 * DAY_MS);
        expired.expires_at = Some(NOW - DAY_MS);
        let notes = [gone, older, expired];
        assert_eq!(
            shown(&notes, NoteKind::Note, Language::En, Language::En, NOW).map(|n| n.id.as_str()),
            Some("older")
        );
        assert_eq!(
            shown(&notes, NoteKind::Notice, Language::En, Language::En, NOW),
            None
        );
        assert!(notes[2].is_live(NOW - 2 * DAY_MS));
    }

    #[test]
    fn a_cached_answer_never_outlives_its_notice() {
        let mut notice = note("n", NoteKind::Notice, Language::En, NOW);
        notice.expires_at = Some(NOW + 42_000);
        let plain = note("p", NoteKind::Note, Language::En, NOW);
        assert_eq!(cache_seconds(&[&plain], NOW, 300), 300);
        assert_eq!(cache_seconds(&[&plain, &notice], NOW, 300), 42);
        assert_eq!(cache_seconds(&[], NOW, 300), 300);
    }

    #[test]
    fn a_draft_notice_is_publishable_in_every_language() {
        for lang in Language::ALL {
            assert_eq!(
                plain_text(draft_notice(lang)).as_deref(),
                Ok(draft_notice(lang))
            );
        }
    }

    #[test]
    fn a_pages_origin_is_its_scheme_host_and_port() {
        assert_eq!(
            page_origin("https://docs.example.com/a/b?x#y"),
            "https://docs.example.com"
        );
        assert_eq!(
            page_origin("http://127.0.0.1:8787"),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            page_origin("http://127.0.0.1:8787/?q"),
            "http://127.0.0.1:8787"
        );
    }
}
