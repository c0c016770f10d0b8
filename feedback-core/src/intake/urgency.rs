//! Which items reach people at once: the site's alert rules.

use serde::{Deserialize, Serialize};

use crate::intake::mood::Mood;
use crate::{Polarity, Rating};

/// A site's rules for urgent items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UrgencyRules {
    /// Words that make a negative item with a comment urgent (matched whole, case-insensitive).
    pub keywords: Vec<String>,
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

/// The keywords every new site starts with, in English and Dutch.
pub const DEFAULT_KEYWORDS: [&str; 12] = [
    "refund",
    "cancel",
    "complaint",
    "lawyer",
    "fraud",
    "scam",
    "klacht",
    "opzeggen",
    "terugbetalen",
    "terugbetaling",
    "advocaat",
    "oplichting",
];

impl Default for UrgencyRules {
    fn default() -> Self {
        Self {
            keywords: DEFAULT_KEYWORDS.iter().map(|k| (*k).to_owned()).collect(),
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
    /// Every reason this item is urgent; empty when it is not.
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
            let lower = comment.to_lowercase();
            let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
            for keyword in &self.keywords {
                let keyword = keyword.to_lowercase();
                if words.contains(&keyword.as_str()) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::mood::mood;

    #[test]
    fn an_angry_refund_request_matches_keyword_and_mood() {
        let comment = "Useless product, I want a refund";
        let reasons = UrgencyRules::default().assess(
            Some(Rating::Down),
            Some(comment),
            Some(&mood(comment)),
            false,
        );
        assert_eq!(
            reasons[0],
            UrgentReason::Keyword {
                keyword: "refund".into()
            }
        );
        assert!(matches!(reasons[1], UrgentReason::StronglyNegative { score } if score < -0.6));
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
        assert!(rules
            .assess(Some(Rating::Sad), Some("cancellation policy?"), None, false)
            .is_empty());
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
