//! Transparency, opt-in per site: what anyone may read about a page — its results and the one line
//! the widget shows ("87% of 1,204 readers found this page helpful."), the site's latest note on
//! what it changed, and a known-issue notice — in one answer, so the widget makes one request.

use serde::Serialize;

use crate::follow_up::page_note::{self, NoteKind, PageNote};
use crate::insight::stats::Votes;
use crate::language::Language;
use crate::strings::group_digits;
use crate::strings::strings_for;

/// Below this many answers that took a side, no share is published: 2 of 3 is not "67 %".
pub const MIN_DECIDED: u64 = 10;

/// A page's public results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicResults {
    /// The normalised page.
    pub page: String,
    /// Answers that said helpful or not; absent when the site does not publish its results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided: Option<u64>,
    /// The helpful share; `None` until [`MIN_DECIDED`] answers (or when results are not public).
    pub helpful_share: Option<f64>,
    /// The sentence for readers in the asked language; `None` until [`MIN_DECIDED`] answers.
    pub line: Option<String>,
    /// The language of `line`.
    pub lang: &'static str,
    /// A known issue to show before the question, when the site publishes notes and one is up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<Shown>,
    /// What the site changed after feedback, to show after an answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Shown>,
}

/// A note or notice as a visitor's widget receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shown {
    /// Its id; an answer given under a notice sends it back.
    pub id: String,
    /// The site's text, plain.
    pub text: String,
    /// The text's language, for the `lang` attribute (it may not be the widget's).
    pub lang: &'static str,
    /// When it was published, Unix milliseconds.
    pub published_at: i64,
    /// When a notice comes down, Unix milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
}

impl Shown {
    fn of(note: &PageNote) -> Self {
        Self {
            id: note.id.clone(),
            text: note.text.clone(),
            lang: note.lang.code(),
            published_at: note.published_at,
            expires_at: note.expires_at,
        }
    }
}

/// How one language writes the sentence and its numbers.
struct Phrasing {
    template: &'static str,
    thousands: &'static str,
    percent: &'static str,
}

fn phrasing(lang: &str) -> Phrasing {
    let (template, thousands, percent) = match lang {
        "nl" => (
            "{share} van {count} lezers vond deze pagina nuttig.",
            ".",
            "%",
        ),
        "de" => (
            "{share} von {count} Lesern fanden diese Seite hilfreich.",
            ".",
            "\u{a0}%",
        ),
        "fr" => (
            "{share} des {count} lecteurs ont trouvé cette page utile.",
            "\u{202f}",
            "\u{a0}%",
        ),
        "es" => (
            "Al {share} de {count} lectores les resultó útil esta página.",
            ".",
            "\u{a0}%",
        ),
        "ar" => ("وجد {share} من {count} قارئًا هذه الصفحة مفيدة.", ",", "%"),
        _ => (
            "{share} of {count} readers found this page helpful.",
            ",",
            "%",
        ),
    };
    Phrasing {
        template,
        thousands,
        percent,
    }
}

impl PublicResults {
    /// The public view of `votes` on `page`, phrased in `lang` (a tag such as `nl-BE`; English when
    /// unknown); `None` votes when the site keeps its results to itself.
    pub fn new(page: String, votes: Option<Votes>, lang: &str) -> Self {
        let lang = strings_for(lang).lang;
        let decided = votes.map(|v| v.positive + v.negative);
        let share = votes
            .and_then(Votes::helpful_share)
            .filter(|_| decided.is_some_and(|d| d >= MIN_DECIDED));
        let line = share.map(|share| {
            let phrasing = phrasing(lang);
            let percent = format!("{:.0}{}", share * 100.0, phrasing.percent);
            phrasing.template.replace("{share}", &percent).replace(
                "{count}",
                &group_digits(decided.unwrap_or(0), phrasing.thousands),
            )
        });
        Self {
            page,
            decided,
            helpful_share: share,
            line,
            lang,
            notice: None,
            note: None,
        }
    }

    /// Adds the note and notice a reader of this answer's language sees (see
    /// [`page_note::shown`]), and answers how long the whole may be cached, at most `max_seconds`.
    pub fn with_notes(
        mut self,
        notes: &[PageNote],
        site_language: Language,
        now_ms: i64,
        max_seconds: u32,
    ) -> (Self, u32) {
        let visitor = Language::from_tag(self.lang).unwrap_or(site_language);
        let pick = |kind| page_note::shown(notes, kind, visitor, site_language, now_ms);
        let (notice, note) = (pick(NoteKind::Notice), pick(NoteKind::Note));
        let shown: Vec<&PageNote> = notice.into_iter().chain(note).collect();
        self.notice = notice.map(Shown::of);
        self.note = note.map(Shown::of);
        (self, page_note::cache_seconds(&shown, now_ms, max_seconds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn votes(positive: u64, negative: u64) -> Votes {
        Votes {
            positive,
            negative,
            neutral: 0,
        }
    }

    #[test]
    fn each_language_writes_its_own_numbers() {
        let line = |lang| {
            PublicResults::new("p".into(), Some(votes(1048, 156)), lang)
                .line
                .unwrap()
        };
        assert_eq!(line("en"), "87% of 1,204 readers found this page helpful.");
        assert_eq!(
            line("nl-BE"),
            "87% van 1.204 lezers vond deze pagina nuttig."
        );
        assert_eq!(
            line("de"),
            "87\u{a0}% von 1.204 Lesern fanden diese Seite hilfreich."
        );
        assert_eq!(
            line("fr"),
            "87\u{a0}% des 1\u{202f}204 lecteurs ont trouvé cette page utile."
        );
        assert_eq!(line("tlh"), line("en"));
    }

    #[test]
    fn too_few_answers_publish_no_share() {
        let few = PublicResults::new("p".into(), Some(votes(6, 3)), "en");
        assert_eq!(
            (few.decided, few.helpful_share, few.line),
            (Some(9), None, None)
        );
        assert!(PublicResults::new("p".into(), Some(votes(7, 3)), "en")
            .line
            .is_some());
    }

    #[test]
    fn a_site_that_keeps_its_results_shows_only_its_notes() {
        let note = PageNote {
            id: "n1".into(),
            kind: NoteKind::Note,
            page: "p".into(),
            text: "Bijgewerkt op 3 december: stap 3 beschrijft nu ook Windows.".into(),
            lang: Language::Nl,
            published_at: 1,
            expires_at: None,
            unpublished_at: None,
            author: "dashboard".into(),
        };
        let (results, seconds) =
            PublicResults::new("p".into(), None, "nl-BE").with_notes(&[note], Language::En, 2, 300);
        let json = serde_json::to_value(&results).unwrap();
        assert_eq!(json.get("decided"), None);
        assert_eq!(json["helpful_share"], serde_json::Value::Null);
        assert_eq!(json["note"]["lang"], "nl");
        assert_eq!(json.get("notice"), None);
        assert_eq!(seconds, 300);
    }
}
