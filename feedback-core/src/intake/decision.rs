//! The one question the collector asks about a valid submission: what does it mean? Spam, mood,
//! urgency and the events it raises, decided once, here.

use crate::delivery::event::UrgentItem;
use crate::follow_up::team::{Routing, TeamName};
use crate::intake::mood::{mood, Mood};
use crate::intake::spam::{self, SpamReason};
use crate::intake::submission::Submission;
use crate::intake::urgency::{PageAlertRule, UrgencyRules, UrgentReason};
use crate::rating::Polarity;

/// Everything decided about a submission before it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Why it looks like spam; kept, never alerting.
    pub spam: Option<SpamReason>,
    /// The comment's mood, when there is a comment.
    pub mood: Option<Mood>,
    /// Every urgency rule it matched (empty: not urgent).
    pub urgent: Vec<UrgentReason>,
    /// The `feedback.urgent` it raises, without the id and creation time only the store knows;
    /// `None` when it is not urgent or is spam.
    pub urgent_event: Option<UrgentItem>,
    /// The burst rule to check once it is stored: a negative, non-spam answer on a site whose rule
    /// is on.
    pub page_alert: Option<PageAlertRule>,
    /// The team the site's routing gives it (kept by a stored item when the rules change later).
    pub team: Option<TeamName>,
}

/// Decides what `submission` means under the site's `rules`, and which team its `routing` gives it.
pub fn decide(submission: &Submission, rules: &UrgencyRules, routing: &Routing) -> Decision {
    let team = routing
        .team_for(
            &submission.page,
            submission.channel,
            submission.locale.as_deref(),
        )
        .cloned();
    let spam = spam::verdict(submission);
    let mood = submission
        .comment
        .as_deref()
        .map(|comment| mood(comment, submission.locale.as_deref()));
    let urgent = rules.assess(
        submission.rating,
        submission.comment.as_deref(),
        mood.as_ref(),
        submission.contact.is_some(),
    );
    let alerting = spam.is_none();
    let urgent_event = (alerting && !urgent.is_empty()).then(|| UrgentItem {
        id: String::new(),
        site: submission.site.clone(),
        page: submission.page.clone(),
        title: submission.title.clone(),
        channel: submission.channel,
        rating: submission.rating,
        reasons: submission.reasons.clone(),
        comment: submission.comment.clone(),
        contact: submission.contact.as_ref().map(|c| c.email.clone()),
        locale: submission.locale.clone(),
        mood: mood.clone(),
        urgent: urgent.clone(),
        team: team.as_ref().map(|t| t.as_str().to_owned()),
        created_at: String::new(),
    });
    let negative = submission
        .rating
        .is_some_and(|r| r.polarity() == Polarity::Negative);
    let page_alert =
        (alerting && negative && rules.page_alert.enabled()).then_some(rules.page_alert);
    Decision {
        spam,
        mood,
        urgent,
        urgent_event,
        page_alert,
        team,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::submission::Outcome;

    fn submission(json: &str) -> Submission {
        Submission::from_json(json).unwrap()
    }

    const BASE: &str =
        r#""site":"demo","page":"https://x.test/billing","idempotency_key":"k-123456""#;

    #[test]
    fn an_angry_refund_request_is_urgent_alerts_its_page_and_carries_its_event() {
        let s = submission(&format!(
            r#"{{{BASE},"rating":"down","comment":"I want a refund, this is useless","contact":{{"email":"a@x.test","consent":true}}}}"#
        ));
        let d = decide(&s, &UrgencyRules::default(), &Routing::default());
        assert_eq!(d.spam, None);
        assert!(d.mood.as_ref().is_some_and(|m| m.score < 0.0));
        let rules: Vec<_> = d.urgent.iter().map(UrgentReason::rule).collect();
        assert!(
            rules.contains(&"keyword") && rules.contains(&"contact_requested"),
            "{rules:?}"
        );
        let event = d.urgent_event.expect("urgent");
        assert_eq!(event.contact.as_deref(), Some("a@x.test"));
        assert_eq!(event.urgent, d.urgent);
        assert!(
            event.id.is_empty() && event.created_at.is_empty(),
            "the store fills these"
        );
        assert_eq!(d.page_alert, Some(UrgencyRules::default().page_alert));
    }

    #[test]
    fn spam_is_scored_but_never_alerts() {
        let s = submission(&format!(
            r#"{{{BASE},"rating":"down","comment":"refund","website":"http://spam.test"}}"#
        ));
        let d = decide(&s, &UrgencyRules::default(), &Routing::default());
        assert!(d.spam.is_some());
        assert!(!d.urgent.is_empty(), "still recorded as matched");
        assert_eq!((d.urgent_event, d.page_alert), (None, None));
    }

    #[test]
    fn a_happy_thumb_raises_nothing() {
        let d = decide(
            &submission(&format!(r#"{{{BASE},"rating":"up"}}"#)),
            &UrgencyRules::default(),
            &Routing::default(),
        );
        assert_eq!((d.mood, d.urgent_event, d.page_alert), (None, None, None));
    }

    #[test]
    fn the_routing_gives_an_item_and_its_urgent_event_a_team() {
        let s = submission(&format!(
            r#"{{{BASE},"rating":"down","comment":"I want a refund"}}"#
        ));
        let routing = Routing::from_json(
            &format!(
                r#"{{"rules": [{{"page": "{}", "team": "billing"}}], "default_team": "docs"}}"#,
                s.page
            ),
            |_| true,
        )
        .unwrap()
        .routing;
        let d = decide(&s, &UrgencyRules::default(), &routing);
        assert_eq!(d.team.as_ref().map(TeamName::as_str), Some("billing"));
        assert_eq!(d.urgent_event.unwrap().team.as_deref(), Some("billing"));
        let d = decide(&s, &UrgencyRules::default(), &Routing::default());
        assert_eq!((d.team, d.urgent_event.unwrap().team), (None, None));
    }

    #[test]
    fn outcomes_and_their_statuses() {
        assert_eq!(Outcome::of("a", "a", true), Outcome::Created);
        assert_eq!(Outcome::of("a", "b", true), Outcome::Updated);
        assert_eq!(Outcome::of("a", "b", false), Outcome::Duplicate);
        assert_eq!(Outcome::Created.status(), 201);
        assert_eq!(Outcome::Updated.status(), 200);
        assert_eq!(Outcome::Duplicate.status(), 200);
    }
}
