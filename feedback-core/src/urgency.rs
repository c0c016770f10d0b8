//! Which items reach people at once: the site's alert rules.

use serde::{Deserialize, Serialize};

use crate::mood::Mood;
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
        }
    }
}

/// Why an item is urgent; an item carries every reason it matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    use crate::mood::mood;

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
    fn partial_settings_keep_the_other_defaults() {
        let rules: UrgencyRules = serde_json::from_str(r#"{"keywords": ["broken"]}"#).unwrap();
        assert_eq!(rules.keywords, ["broken"]);
        assert!((rules.mood_threshold + 0.6).abs() < f64::EPSILON);
    }
}
