//! Which items reach people at once: the site's alert rules.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::intake::lexicon::{self, Lexicon, Piece};
use crate::intake::mood::Mood;
use crate::language::{is_arabic, Language};
use crate::{Polarity, Rating};

/// A site's rules for urgent items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UrgencyRules {
    /// The site's own words that make a negative item with a comment urgent, in any language
    /// (matched on their Snowball stems in the comment's language, case-insensitive).
    pub keywords: Vec<String>,
    /// The site's own words for one language only, by language code (`{"de": ["Mahnung"]}`).
    pub keywords_by_language: BTreeMap<Language, Vec<String>>,
    /// Whether the built-in words of the comment's language count too ([`builtin_keywords`]).
    pub builtin_keywords: bool,
    /// A comment at or below this mood is urgent (-1..1).
    pub mood_threshold: f64,
    /// A visitor who asks to be contacted is urgent.
    pub contact_is_urgent: bool,
    /// Early warning: many negatives on one page in a short time.
    pub page_alert: PageAlertRule,
}

/// Fire one `page.alert` when a page gets `negatives` negative answers within `window_minutes`, at
/// most once per `cooldown_minutes` per page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PageAlertRule {
    /// Negatives that make a burst (0 turns the alert off).
    pub negatives: u32,
    /// The window they must fall in.
    pub window_minutes: u32,
    /// The quiet time after an alert for the same page.
    pub cooldown_minutes: u32,
}

impl Default for PageAlertRule {
    fn default() -> Self {
        Self {
            negatives: 5,
            window_minutes: 10,
            cooldown_minutes: 60,
        }
    }
}

impl PageAlertRule {
    /// Whether the rule is on.
    pub const fn enabled(self) -> bool {
        self.negatives > 0 && self.window_minutes > 0
    }

    /// The window's start and the cooldown's start, in milliseconds, for a negative at `now_millis`.
    pub fn since(self, now_millis: f64) -> (f64, f64) {
        (
            now_millis - f64::from(self.window_minutes) * 60_000.0,
            now_millis - f64::from(self.cooldown_minutes) * 60_000.0,
        )
    }
}

/// The words that make an item urgent in each language, matched on their stems (so `refunded`,
/// `Rückerstattungen` and `remboursement` count): money back, cancelling, complaints, the law,
/// fraud and danger.
#[rustfmt::skip]
pub const fn builtin_keywords(language: Language) -> &'static [&'static str] {
    match language {
        Language::En => &[
            "refund", "money back", "chargeback", "cancel", "complaint", "complain", "lawyer",
            "attorney", "lawsuit", "sue", "legal action", "fraud", "scam", "stolen", "police", "danger",
            "dangerous", "unsafe", "hacked", "data breach",
        ],
        Language::Nl => &[
            "terugbetalen", "terugbetaling", "geld terug", "opzeggen", "opzegging", "annuleren",
            "klacht", "klagen", "advocaat", "rechtszaak", "aangifte", "fraude", "oplichting",
            "oplichter", "oplichterij", "gestolen", "politie", "gevaar", "gevaarlijk",
        ],
        Language::De => &[
            "rückerstattung", "erstatten", "geld zurück", "kündigen", "kündigung", "stornieren",
            "beschwerde", "beschweren", "anwalt", "rechtsanwalt", "klage", "verklagen", "anzeige",
            "betrug", "betrüger", "abzocke", "gestohlen", "polizei", "gefahr", "gefährlich",
        ],
        Language::Fr => &[
            "rembourser", "remboursement", "annuler", "annulation", "résilier", "résiliation",
            "plainte", "réclamation", "avocat", "procès", "fraude", "arnaque", "escroquerie", "escroc",
            "volé", "police", "danger", "dangereux",
        ],
        Language::Es => &[
            "reembolso", "reembolsar", "devolución", "devuelvan el dinero", "cancelar", "cancelación",
            "queja", "reclamación", "reclamar", "abogado", "demanda", "denuncia", "denunciar", "fraude",
            "estafa", "timo", "robado", "policía", "peligro", "peligroso",
        ],
        Language::Ar => &[
            "استرداد", "استرجاع", "إلغاء", "شكوى", "محامي", "دعوى", "احتيال", "نصب", "غش", "سرقة",
            "مسروق", "شرطة", "خطر", "خطير",
        ],
    }
}

impl Default for UrgencyRules {
    fn default() -> Self {
        Self {
            keywords: Vec::new(),
            keywords_by_language: BTreeMap::new(),
            builtin_keywords: true,
            mood_threshold: -0.6,
            contact_is_urgent: true,
            page_alert: PageAlertRule::default(),
        }
    }
}

/// Why an item is urgent; an item carries every reason it matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum UrgentReason {
    /// A negative (or unrated) item's comment holds a keyword.
    Keyword {
        /// The keyword that matched.
        keyword: String,
    },
    /// The comment's mood is at or below the threshold.
    StronglyNegative {
        /// The mood score.
        score: f64,
    },
    /// The visitor asked to be contacted.
    ContactRequested,
}

impl UrgentReason {
    /// The rule's name, as in the JSON's `rule`.
    pub const fn rule(&self) -> &'static str {
        match self {
            Self::Keyword { .. } => "keyword",
            Self::StronglyNegative { .. } => "strongly_negative",
            Self::ContactRequested => "contact_requested",
        }
    }

    /// What made the item urgent, in words a team member reads.
    pub fn describe(&self) -> String {
        match self {
            Self::Keyword { keyword } => format!("mentions “{keyword}”"),
            Self::StronglyNegative { score } => format!("very unhappy comment ({score:.2})"),
            Self::ContactRequested => "asks to be contacted".to_owned(),
        }
    }
}

impl UrgencyRules {
    /// The words that count for a comment in `language`, each with its language: the site's own
    /// (in the comment's language), the site's for that language, then the built-in words of the
    /// comment's language and of every other one (a German complaint sent without a locale, or with
    /// the wrong one, is still heard; [`Self::assess`] matches those as written, not by stem).
    pub fn keywords_for(&self, language: Option<Language>) -> Vec<(Option<Language>, &str)> {
        let mut words: Vec<(Option<Language>, &str)> = self
            .keywords
            .iter()
            .map(|k| (language, k.as_str()))
            .collect();
        if let Some(own) = language.and_then(|l| self.keywords_by_language.get(&l)) {
            words.extend(own.iter().map(|k| (language, k.as_str())));
        }
        if self.builtin_keywords {
            let others = Language::ALL.into_iter().filter(|l| Some(*l) != language);
            for l in language.into_iter().chain(others) {
                words.extend(builtin_keywords(l).iter().map(|k| (Some(l), *k)));
            }
        }
        words
    }

    /// Every reason this item is urgent; empty when it is not. The comment's language is the one
    /// its mood was read in.
    pub fn assess(
        &self,
        rating: Option<Rating>,
        comment: Option<&str>,
        mood: Option<&Mood>,
        contact: bool,
    ) -> Vec<UrgentReason> {
        let mut reasons = Vec::new();
        let not_positive = rating.is_none_or(|r| r.polarity() == Polarity::Negative);
        if let (true, Some(comment)) = (not_positive, comment) {
            let language = mood.map_or_else(|| Language::of(None, comment), |m| m.language);
            let mut readings: Vec<Stems> = Vec::new();
            // Two keywords of one stem (`rembourser`, `remboursement`) are one reason.
            let mut seen: Vec<Vec<String>> = Vec::new();
            for (lang, keyword) in self.keywords_for(language) {
                // Stems only within the comment's language: across languages they collide (the
                // Spanish stem of "timo", scam, is the one of English "time"), so other languages'
                // words count as written.
                let lang = lang.filter(|l| Some(*l) == language);
                let keyword = keyword.trim().to_lowercase();
                let key: Vec<String> = Stems::of(&keyword, lang)
                    .words
                    .into_iter()
                    .map(|(_, stem)| stem)
                    .collect();
                if key.is_empty() || seen.contains(&key) {
                    continue;
                }
                let i = readings
                    .iter()
                    .position(|r| r.language == lang)
                    .unwrap_or_else(|| {
                        readings.push(Stems::of(comment, lang));
                        readings.len() - 1
                    });
                let reading = &readings[i];
                if reading.contain(&keyword) {
                    seen.push(key);
                    reasons.push(UrgentReason::Keyword { keyword });
                }
            }
        }
        if let Some(mood) = mood.filter(|m| !m.words.is_empty() && m.score <= self.mood_threshold) {
            reasons.push(UrgentReason::StronglyNegative { score: mood.score });
        }
        if contact && self.contact_is_urgent {
            reasons.push(UrgentReason::ContactRequested);
        }
        reasons
    }
}

/// A comment as the keyword rule reads it: each word as written and as its stem in the
/// comment's language (Arabic words also without their clitics).
struct Stems {
    language: Option<Language>,
    words: Vec<(String, String)>,
}

impl Stems {
    fn of(comment: &str, language: Option<Language>) -> Self {
        let words = lexicon::pieces(comment)
            .into_iter()
            .filter_map(|piece| match piece {
                Piece::Word(word) => Some(word),
                Piece::Emoji(_) => None,
            })
            .map(|word| {
                let stem = stem(&word, language);
                (word, stem)
            })
            .collect();
        Self { language, words }
    }

    /// Whether the comment holds `keyword` (one or more words) as written or by stems.
    fn contain(&self, keyword: &str) -> bool {
        let parts: Vec<(String, String)> = Self::of(keyword, self.language).words;
        !parts.is_empty()
            && self.words.windows(parts.len()).any(|window| {
                window
                    .iter()
                    .zip(&parts)
                    .all(|((word, stem), (k, k_stem))| {
                        word == k || stem == k_stem || clitics_off(word, k)
                    })
            })
    }
}

/// A word's stem in its script's language: Arabic words by the Arabic stemmer, others by the
/// comment's language (unchanged when that is unknown).
fn stem(word: &str, language: Option<Language>) -> String {
    let language = if word.chars().any(is_arabic) {
        Some(Language::Ar)
    } else {
        language
    };
    language.map_or_else(|| word.to_owned(), |l| Lexicon::of(l).stem(word))
}

/// Whether an Arabic `word` is `keyword` with clitics in front or behind (`والاحتيال`).
fn clitics_off(word: &str, keyword: &str) -> bool {
    word.chars().any(is_arabic) && word.len() > keyword.len() && word.contains(keyword) && {
        let (front, back) = word.split_once(keyword).unwrap_or(("", ""));
        front.chars().count() <= 3 && back.chars().count() <= 3 && keyword.chars().count() >= 3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::mood::mood;

    #[test]
    fn an_angry_refund_request_matches_keyword_and_mood() {
        let comment = "Useless product and a scam, I want a refund";
        let reasons = UrgencyRules::default().assess(
            Some(Rating::Down),
            Some(comment),
            Some(&mood(comment, Some("en"))),
            false,
        );
        assert_eq!(
            reasons[0],
            UrgentReason::Keyword {
                keyword: "refund".into()
            }
        );
        assert_eq!(
            reasons[1],
            UrgentReason::Keyword {
                keyword: "scam".into()
            }
        );
        assert!(matches!(reasons[2], UrgentReason::StronglyNegative { score } if score < -0.6));
    }

    #[test]
    fn keywords_need_a_negative_or_missing_rating_and_whole_words() {
        let rules = UrgencyRules::default();
        assert!(rules
            .assess(Some(Rating::Up), Some("no need to cancel"), None, false)
            .is_empty());
        assert_eq!(
            rules
                .assess(None, Some("Ik wil opzeggen"), None, false)
                .len(),
            1
        );
        // Whole words by stem: "scan" is not "scam", "policeman" not "police".
        assert!(rules
            .assess(
                Some(Rating::Sad),
                Some("The scan of my policeman badge"),
                None,
                false
            )
            .is_empty());
        // Another language's word by stem would collide: Spanish "timo" (scam) and English "time".
        assert!(keywords(&rules, "en", "It took a long time").is_empty());
    }

    fn keywords(rules: &UrgencyRules, locale: &str, comment: &str) -> Vec<String> {
        let m = mood(comment, Some(locale));
        rules
            .assess(Some(Rating::Down), Some(comment), Some(&m), false)
            .into_iter()
            .filter_map(|r| match r {
                UrgentReason::Keyword { keyword } => Some(keyword),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn complaints_are_heard_in_every_language_and_their_inflections() {
        let rules = UrgencyRules::default();
        let cases = [
            (
                "en",
                "They refunded nothing and cancelled my order",
                "refund",
            ),
            (
                "nl",
                "Ik heb een klacht ingediend, dit is oplichterij",
                "klacht",
            ),
            (
                "de",
                "Ich will mein Geld zurück, eine Frechheit, Betrug!",
                "betrug",
            ),
            ("de", "Wo bleibt meine Rückerstattung?", "rückerstattung"),
            ("en", "Ich will mein Geld zurück, Betrug!", "betrug"),
            (
                "fr",
                "Je veux être remboursé, c'est une arnaque, je vais porter plainte",
                "arnaque",
            ),
            ("es", "Quiero un reembolso, esto es una estafa", "estafa"),
            ("ar", "أريد استرداد أموالي، هذا احتيال", "احتيال"),
            ("ar", "والاحتيال واضح", "احتيال"),
        ];
        for (locale, comment, expected) in cases {
            let found = keywords(&rules, locale, comment);
            assert!(
                found.iter().any(|k| k == expected),
                "{locale}: {comment} → {found:?}"
            );
        }
        let fr = keywords(&rules, "fr", "Je veux être remboursé");
        assert_eq!(fr, ["rembourser"]);
    }

    #[test]
    fn a_site_adds_words_per_language_and_may_leave_out_the_built_in_ones() {
        let rules: UrgencyRules = serde_json::from_str(
            r#"{"keywords_by_language": {"de": ["Mahnung"]}, "builtin_keywords": false}"#,
        )
        .unwrap();
        assert_eq!(
            keywords(&rules, "de", "Schon wieder eine Mahnung"),
            ["mahnung"]
        );
        assert!(keywords(&rules, "de", "Betrug!").is_empty());
        assert!(keywords(&rules, "en", "another mahnung").is_empty());
        let own: UrgencyRules = serde_json::from_str(r#"{"keywords": ["outage"]}"#).unwrap();
        assert_eq!(
            keywords(&own, "en", "Another outage, I want a refund"),
            ["outage", "refund"]
        );
        let unknown: Result<UrgencyRules, _> =
            serde_json::from_str(r#"{"keywords_by_language": {"pt": ["reembolso"]}}"#);
        assert!(unknown.is_err());
    }

    #[test]
    fn contact_requests_are_urgent_unless_the_site_says_otherwise() {
        let mut rules = UrgencyRules::default();
        assert_eq!(
            rules.assess(Some(Rating::Happy), None, None, true),
            [UrgentReason::ContactRequested]
        );
        rules.contact_is_urgent = false;
        assert!(rules
            .assess(Some(Rating::Happy), None, None, true)
            .is_empty());
    }

    #[test]
    fn page_alert_windows_are_measured_back_from_now() {
        let rule = PageAlertRule {
            negatives: 3,
            window_minutes: 2,
            cooldown_minutes: 30,
        };
        assert_eq!(
            rule.since(10_000_000.0),
            (10_000_000.0 - 120_000.0, 10_000_000.0 - 1_800_000.0)
        );
        assert!(rule.enabled());
        assert!(!PageAlertRule {
            negatives: 0,
            ..rule
        }
        .enabled());
    }

    #[test]
    fn partial_settings_keep_the_other_defaults() {
        let rules: UrgencyRules =
            serde_json::from_str(r#"{"keywords": ["broken"], "page_alert": {"negatives": 3}}"#)
                .unwrap();
        assert_eq!(rules.page_alert.negatives, 3);
        assert_eq!(rules.page_alert.window_minutes, 10);
        assert_eq!(rules.keywords, ["broken"]);
        assert!((rules.mood_threshold + 0.6).abs() < f64::EPSILON);
    }
}
