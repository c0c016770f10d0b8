//! What integrators are told: every event's type, its typed payload, its id, the envelope around it,
//! and the one-line text a Slack-compatible endpoint shows. Golden files in `feedback-core/golden/`
//! pin each body, so a change of shape is always deliberate.

use serde::{Deserialize, Serialize};

use crate::channel::{Channel, Reason};
use crate::insight::digest::Digest;
use crate::intake::mood::Mood;
use crate::intake::urgency::UrgentReason;
use crate::rating::Rating;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventType {
    /// An item the site's rules call urgent.
    #[serde(rename = "feedback.urgent")]
    FeedbackUrgent,
    /// Many negatives on one page in a short time.
    #[serde(rename = "page.alert")]
    PageAlert,
    /// Yesterday's figures.
    #[serde(rename = "digest.daily")]
    DigestDaily,
    /// A customer said a resolved item did not solve their problem; the item is new again.
    #[serde(rename = "feedback.reopened")]
    FeedbackReopened,
    /// An urgent item nobody acknowledged in the team's time: to the team's escalation endpoints.
    #[serde(rename = "feedback.escalated")]
    FeedbackEscalated,
}

impl EventType {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::FeedbackUrgent => "feedback.urgent",
            Self::PageAlert => "page.alert",
            Self::DigestDaily => "digest.daily",
            Self::FeedbackReopened => "feedback.reopened",
            Self::FeedbackEscalated => "feedback.escalated",
        }
    }

    /// Parses a wire name.
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::FeedbackUrgent,
            Self::PageAlert,
            Self::DigestDaily,
            Self::FeedbackReopened,
            Self::FeedbackEscalated,
        ]
        .into_iter()
        .find(|t| t.as_str() == name)
    }
}

/// The body of every webhook: `{type, timestamp, data}`.
#[derive(Debug, Clone, Serialize)]
pub struct Envelope<'a, T: Serialize> {
    /// What happened.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// When, RFC 3339 in UTC.
    pub timestamp: &'a str,
    /// The event's own fields.
    pub data: T,
}

/// The `data` of a `feedback.urgent` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UrgentItem {
    /// The item's id.
    pub id: String,
    /// The site.
    pub site: String,
    /// The page.
    pub page: String,
    /// The page's title, as the widget saw it.
    pub title: Option<String>,
    /// Where it was asked.
    pub channel: Channel,
    /// The answer, if there was one.
    pub rating: Option<Rating>,
    /// Quick reasons.
    pub reasons: Vec<Reason>,
    /// The comment.
    pub comment: Option<String>,
    /// Present only when the visitor ticked "you may contact me".
    pub contact: Option<String>,
    /// The visitor's language.
    pub locale: Option<String>,
    /// The comment's mood.
    pub mood: Option<Mood>,
    /// Why it is urgent.
    pub urgent: Vec<UrgentReason>,
    /// The team the site's routing gave it; absent when the site routes nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// When the item was first stored (the last field: `BodyAroundItem` relies on it).
    pub created_at: String,
}

/// One comment of a burst.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BurstComment {
    /// The rating it came with.
    pub rating: String,
    /// The comment.
    pub comment: String,
    /// When it was last changed.
    pub at: String,
}

/// The `data` of a `page.alert` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageAlert {
    /// The site.
    pub site: String,
    /// The page.
    pub page: String,
    /// Negative answers within the window.
    pub negatives: u64,
    /// The rule's window.
    pub window_minutes: u32,
    /// The window's start.
    pub since: String,
    /// Up to ten of the burst's comments, newest first.
    pub recent_comments: Vec<BurstComment>,
}

/// The `data` of a `feedback.reopened` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reopened {
    /// The item.
    pub id: String,
    /// Its page.
    pub page: String,
    /// The customer's answer (`not_solved`).
    pub customer_answer: String,
    /// What the customer added.
    pub customer_comment: Option<String>,
    /// The item's team; absent when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

/// The `data` of a `feedback.escalated` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Escalated {
    /// The item.
    pub id: String,
    /// The site.
    pub site: String,
    /// Its page.
    pub page: String,
    /// The team it was routed to.
    pub team: String,
    /// 1 for the first escalation, 2 for the second.
    pub level: u8,
    /// When it became urgent, or was last reopened: the wait is counted from then.
    pub waiting_since: String,
    /// How long it has waited unacknowledged, in minutes.
    pub waited_minutes: i64,
    /// Who owns it, if anyone does.
    pub owner: Option<String>,
    /// Why it is urgent.
    pub urgent: Vec<UrgentReason>,
    /// The comment.
    pub comment: Option<String>,
}

/// One event, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// `feedback.urgent`.
    Urgent(UrgentItem),
    /// `page.alert`.
    PageAlert(PageAlert),
    /// `feedback.reopened`.
    Reopened(Reopened),
    /// `digest.daily`.
    Digest(Digest),
    /// `feedback.escalated`.
    Escalated(Escalated),
}

/// The stored form of a body, read back to learn its type.
#[derive(Deserialize)]
struct StoredEnvelope {
    #[serde(rename = "type")]
    kind: EventType,
    data: serde_json::Value,
}

impl Event {
    /// What happened.
    pub const fn kind(&self) -> EventType {
        match self {
            Self::Urgent(_) => EventType::FeedbackUrgent,
            Self::PageAlert(_) => EventType::PageAlert,
            Self::Reopened(_) => EventType::FeedbackReopened,
            Self::Digest(_) => EventType::DigestDaily,
            Self::Escalated(_) => EventType::FeedbackEscalated,
        }
    }

    /// The webhook body: the envelope around the payload, at `timestamp`.
    pub fn body(&self, timestamp: &str) -> String {
        fn envelope<T: Serialize>(kind: EventType, timestamp: &str, data: &T) -> String {
            // Plain structs of strings and numbers: serialising them cannot fail.
            serde_json::to_string(&Envelope {
                kind,
                timestamp,
                data,
            })
            .unwrap_or_default()
        }
        match self {
            Self::Urgent(data) => envelope(self.kind(), timestamp, data),
            Self::PageAlert(data) => envelope(self.kind(), timestamp, data),
            Self::Reopened(data) => envelope(self.kind(), timestamp, data),
            Self::Digest(data) => envelope(self.kind(), timestamp, data),
            Self::Escalated(data) => envelope(self.kind(), timestamp, data),
        }
    }

    /// Reads a stored body back; `None` when it is not one of ours.
    pub fn from_body(body: &str) -> Option<Self> {
        let stored: StoredEnvelope = serde_json::from_str(body).ok()?;
        let data = stored.data;
        Some(match stored.kind {
            EventType::FeedbackUrgent => Self::Urgent(serde_json::from_value(data).ok()?),
            EventType::PageAlert => Self::PageAlert(serde_json::from_value(data).ok()?),
            EventType::FeedbackReopened => Self::Reopened(serde_json::from_value(data).ok()?),
            EventType::DigestDaily => Self::Digest(serde_json::from_value(data).ok()?),
            EventType::FeedbackEscalated => Self::Escalated(serde_json::from_value(data).ok()?),
        })
    }

    /// A one-paragraph summary for Slack-compatible endpoints.
    pub fn slack_text(&self) -> String {
        match self {
            Self::Urgent(item) => {
                let why: Vec<String> = item
                    .urgent
                    .iter()
                    .map(|reason| match reason {
                        UrgentReason::Keyword { keyword } => format!("keyword \"{keyword}\""),
                        UrgentReason::StronglyNegative { .. } => "strongly negative mood".to_owned(),
                        UrgentReason::ContactRequested => "asks to be contacted".to_owned(),
                    })
                    .collect();
                let answered = item
                    .rating
                    .map(|r| format!(" (answered {})", r.as_str()))
                    .unwrap_or_default();
                format!(
                    ":rotating_light: Urgent feedback on {}{answered}{}. Why: {}.",
                    slack_escape(&item.page),
                    quoted(item.comment.as_deref()),
                    why.join(", ")
                )
            }
            Self::PageAlert(alert) => format!(
                ":warning: {} negative answers on {} within {} minutes.",
                alert.negatives,
                slack_escape(&alert.page),
                alert.window_minutes
            ),
            Self::Digest(digest) => {
                let reasons: Vec<String> = digest
                    .reasons
                    .iter()
                    .map(|r| format!("{} {}", r.reason.as_str(), r.count))
                    .collect();
                let reasons = if reasons.is_empty() {
                    String::new()
                } else {
                    format!(" Reasons: {}.", reasons.join(", "))
                };
                let team = digest
                    .team
                    .as_deref()
                    .map(|t| format!(" ({})", slack_escape(t)))
                    .unwrap_or_default();
                format!(
                    ":bar_chart: {}{team}: {} answers, {} helpful, {} urgent.{reasons}",
                    slack_escape(&digest.yesterday.day),
                    digest.yesterday.votes,
                    // As JSON writes it (`0.5`, `1.0`, `null`), as this text always has.
                    serde_json::to_string(&digest.yesterday.helpful_share).unwrap_or_default(),
                    digest.yesterday.urgent
                )
            }
            Self::Escalated(item) => format!(
                ":arrow_double_up: Escalated (level {}) to {}: urgent feedback on {} has waited {} unacknowledged{}.",
                item.level,
                slack_escape(&item.team),
                slack_escape(&item.page),
                waited(item.waited_minutes),
                quoted(item.comment.as_deref())
            ),
            Self::Reopened(reopened) => format!(
                ":leftwards_arrow_with_hook: A customer says the fix on {} did not solve it{}. The item is open again.",
                slack_escape(&reopened.page),
                quoted(reopened.customer_comment.as_deref())
            ),
        }
    }
}

/// A wait as a person says it: `45 minutes`, `4 hours`, `4 hours 30 minutes`.
fn waited(minutes: i64) -> String {
    let (hours, minutes) = (minutes / 60, minutes % 60);
    let unit = |n: i64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match (hours, minutes) {
        (0, m) => unit(m, "minute"),
        (h, 0) => unit(h, "hour"),
        (h, m) => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
    }
}

/// Slack's escaping for text it shows.
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `: “…”` after the sentence, when there are words to quote.
fn quoted(text: Option<&str>) -> String {
    text.map(slack_escape)
        .filter(|c| !c.is_empty())
        .map(|c| format!(": \u{201c}{c}\u{201d}"))
        .unwrap_or_default()
}

/// The Slack text of a stored body.
pub fn slack_text(body: &str) -> String {
    Event::from_body(body).map_or_else(
        || "A feedback event arrived.".to_owned(),
        |e| e.slack_text(),
    )
}

/// Every event's `webhook-id`: the same on every attempt and every endpoint, so receivers deduplicate.
pub mod id {
    /// What an urgent item's event id starts with; the rest is the item's id without dashes.
    pub const URGENT_PREFIX: &str = "msg_";

    /// `feedback.urgent`: one per item, whatever happens to it later.
    pub fn urgent(item: &str) -> String {
        format!("{URGENT_PREFIX}{}", item.replace('-', ""))
    }

    /// `page.alert`: one per firing; `nonce` is fresh randomness.
    pub fn page_alert(nonce: &str) -> String {
        format!("msg_alert_{}", nonce.replace('-', ""))
    }

    /// `feedback.reopened`: one per reopening.
    pub fn reopened(item: &str, at_millis: i64) -> String {
        format!("reopened-{item}-{at_millis}")
    }

    /// `feedback.escalated`: one per item, level and wait (a reopened item waits anew), so cron
    /// runs that overlap send it once.
    pub fn escalated(item: &str, level: u8, waiting_since_millis: i64) -> String {
        format!(
            "msg_escalated_{}_{level}_{waiting_since_millis}",
            item.replace('-', "")
        )
    }

    /// `digest.daily`: one per site and day, so a cron that runs twice sends it once.
    pub fn digest(site: &str, day: &str) -> String {
        format!("msg_digest_{site}_{}", day.replace('-', ""))
    }

    /// A team's `digest.daily`: one per site, team and day. Its own prefix keeps it apart from a
    /// site digest whatever the site is called (a team name has no `_`).
    pub fn team_digest(site: &str, team: &str, day: &str) -> String {
        format!("msg_teamdigest_{site}_{team}_{}", day.replace('-', ""))
    }
}

/// A `feedback.urgent` body with a gap for the two fields only the database knows when the item is
/// written (its id, which a change of mind keeps, and when it was created): the body is
/// `prefix + id + middle + created_at + suffix`, so the item and its deliveries can be written in
/// one statement batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyAroundItem {
    /// Everything before the item's id.
    pub prefix: String,
    /// Between the id and `created_at`.
    pub middle: String,
    /// After `created_at`.
    pub suffix: String,
}

impl BodyAroundItem {
    /// The body of `item` at `timestamp`, around its `id` and `created_at` (whatever they hold).
    pub fn of(item: &UrgentItem, timestamp: &str) -> Self {
        let blank = UrgentItem {
            id: String::new(),
            created_at: String::new(),
            ..item.clone()
        };
        let body = Event::Urgent(blank).body(timestamp);
        // `id` is the payload's first field and `created_at` its last, both plain strings: the
        // first `"id":""` and the closing `""}}` are theirs, whatever the visitor wrote between.
        let opening = "\"data\":{\"id\":\"";
        let split = body.find(opening).map_or(0, |at| at + opening.len());
        let tail = "\"}}";
        let end = body.len().saturating_sub(tail.len()).max(split);
        Self {
            prefix: body[..split].to_owned(),
            middle: body[split..end].to_owned(),
            suffix: body[end..].to_owned(),
        }
    }

    /// The whole body for `id` and `created_at`, as the database assembles it.
    pub fn around(&self, id: &str, created_at: &str) -> String {
        format!(
            "{}{id}{}{created_at}{}",
            self.prefix, self.middle, self.suffix
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::mood::Counted;
    use crate::Rating;

    const NOW: &str = "2026-12-04T10:00:00.000Z";

    fn urgent() -> UrgentItem {
        // The mood is built by hand, so the golden pins the payload's shape, not the lexicon.
        let mood = Mood {
            score: -0.84,
            words: vec![
                Counted {
                    word: "scam".into(),
                    entry: "scam".into(),
                    source: "vader".into(),
                    weight: -2.7,
                    negated: false,
                },
                Counted {
                    word: "useless".into(),
                    entry: "useless".into(),
                    source: "vader".into(),
                    weight: -1.8,
                    negated: false,
                },
            ],
            language: Some(crate::language::Language::En),
        };
        UrgentItem {
            id: "0b6f2f3e-8f6a-4d3a-9d7e-2f1c3b4a5d6e".into(),
            site: "demo".into(),
            page: "https://docs.example.com/billing".into(),
            title: Some("Billing <FAQ>".into()),
            channel: Channel::Web,
            rating: Some(Rating::Down),
            reasons: vec![Reason::Incorrect, Reason::Other],
            comment: Some("Refund now, this is a scam and useless".into()),
            contact: Some("ada@example.com".into()),
            locale: Some("en-GB".into()),
            urgent: vec![
                UrgentReason::Keyword {
                    keyword: "refund".into(),
                },
                UrgentReason::StronglyNegative { score: mood.score },
                UrgentReason::ContactRequested,
            ],
            mood: Some(mood),
            team: None,
            created_at: NOW.into(),
        }
    }

    /// Checks `event`'s body and Slack text against the golden files named `name`, and that the
    /// body reads back as the same event.
    fn golden(event: &Event, timestamp: &str, body: &str, slack: &str) {
        let written = event.body(timestamp);
        assert_eq!(written, body.trim_end());
        assert_eq!(Event::from_body(&written).as_ref(), Some(event));
        assert_eq!(slack_text(&written), slack.trim_end());
    }

    #[test]
    fn the_urgent_body_is_the_golden_one() {
        golden(
            &Event::Urgent(urgent()),
            NOW,
            include_str!("../../golden/feedback.urgent.json"),
            include_str!("../../golden/feedback.urgent.slack.txt"),
        );
    }

    #[test]
    fn the_page_alert_body_is_the_golden_one() {
        let alert = PageAlert {
            site: "demo".into(),
            page: "https://docs.example.com/export".into(),
            negatives: 3,
            window_minutes: 60,
            since: "2026-12-04T09:00:00.000Z".into(),
            recent_comments: vec![
                BurstComment {
                    rating: "down".into(),
                    comment: "Export fails with \"error 500\"".into(),
                    at: "2026-12-04T09:58:00.000Z".into(),
                },
                BurstComment {
                    rating: "sad".into(),
                    comment: "Still broken".into(),
                    at: "2026-12-04T09:30:00.000Z".into(),
                },
            ],
        };
        golden(
            &Event::PageAlert(alert),
            NOW,
            include_str!("../../golden/page.alert.json"),
            include_str!("../../golden/page.alert.slack.txt"),
        );
    }

    #[test]
    fn the_reopened_body_is_the_golden_one() {
        let reopened = Reopened {
            id: "0b6f2f3e-8f6a-4d3a-9d7e-2f1c3b4a5d6e".into(),
            page: "https://docs.example.com/billing".into(),
            customer_answer: "not_solved".into(),
            customer_comment: Some("Still charged <twice>".into()),
            team: None,
        };
        golden(
            &Event::Reopened(reopened),
            NOW,
            include_str!("../../golden/feedback.reopened.json"),
            include_str!("../../golden/feedback.reopened.slack.txt"),
        );
    }

    #[test]
    fn the_escalated_body_is_the_golden_one() {
        let escalated = Escalated {
            id: "0b6f2f3e-8f6a-4d3a-9d7e-2f1c3b4a5d6e".into(),
            site: "demo".into(),
            page: "https://docs.example.com/billing".into(),
            team: "billing".into(),
            level: 2,
            waiting_since: "2026-12-04T05:30:00.000Z".into(),
            waited_minutes: 270,
            owner: None,
            urgent: vec![UrgentReason::Keyword {
                keyword: "refund".into(),
            }],
            comment: Some("Refund <now>".into()),
        };
        golden(
            &Event::Escalated(escalated),
            NOW,
            include_str!("../../golden/feedback.escalated.json"),
            include_str!("../../golden/feedback.escalated.slack.txt"),
        );
        assert_eq!(id::escalated("a-b", 2, 7), "msg_escalated_ab_2_7");
        assert_eq!(waited(45), "45 minutes");
        assert_eq!(waited(60), "1 hour");
        assert_eq!(waited(121), "2 hours 1 minute");
    }

    #[test]
    fn the_digest_body_is_the_golden_one() {
        let page = |p: &str| format!("https://docs.example.com/{p}");
        let digest = Digest::build(
            "demo",
            (
                "2026-12-03",
                vec![
                    (page("good"), Rating::Up, 9),
                    (page("good"), Rating::Down, 1),
                    (page("bad"), Rating::Down, 4),
                    (page("bad"), Rating::Up, 1),
                    (page("meh"), Rating::Neutral, 2),
                ],
                2,
            ),
            ("2026-12-02", vec![(page("good"), Rating::Up, 3)], 0),
        )
        .with_reasons([
            (Reason::Incorrect, 3),
            (Reason::Clear, 4),
            (Reason::OutOfDate, 1),
        ])
        .on_clock_of("Europe/Amsterdam");
        golden(
            &Event::Digest(digest),
            "2026-12-04T06:30:00.000Z",
            include_str!("../../golden/digest.daily.json"),
            include_str!("../../golden/digest.daily.slack.txt"),
        );
    }

    #[test]
    fn a_team_digest_names_its_team_and_has_its_own_handling_only() {
        use crate::follow_up::status::unix_seconds;
        use crate::insight::handling::Handled;
        let handled = |team: &str| Handled {
            team: Some(team.into()),
            window_hours: 4,
            urgent: 1,
            acknowledged: 1,
            acknowledged_after: vec![
                unix_seconds("2026-12-03T10:30:00.000Z").unwrap()
                    - unix_seconds("2026-12-03T10:00:00.000Z").unwrap(),
            ],
            ..Handled::default()
        };
        let digest = Digest::build(
            "demo",
            ("2026-12-03", vec![("/billing".into(), Rating::Down, 2)], 1),
            ("2026-12-02", vec![], 0),
        )
        .for_team("billing")
        .with_handling(&[handled("billing")], "2026-12-04T06:30:00.000Z");
        let event = Event::Digest(digest);
        let body: serde_json::Value =
            serde_json::from_str(&event.body("2026-12-04T06:30:00.000Z")).unwrap();
        assert_eq!(body["data"]["team"], "billing");
        assert_eq!(body["data"]["handling"]["urgent"], 1);
        assert!(body["data"].get("handling_by_team").is_none());
        assert!(event
            .slack_text()
            .starts_with(":bar_chart: 2026-12-03 (billing): 2 answers"));
        assert_eq!(
            id::team_digest("demo_x", "billing", "2026-12-03"),
            "msg_teamdigest_demo_x_billing_20261203"
        );
        assert_ne!(
            id::team_digest("demo", "billing", "2026-12-03"),
            id::digest("demo_billing", "2026-12-03")
        );
    }

    #[test]
    fn the_body_around_an_item_is_the_whole_body_once_filled() {
        let mut item = urgent();
        // A visitor may write anything, including what the gaps look like.
        item.comment = Some("\"data\":{\"id\":\"\"}} \"}} \\\" refund".into());
        let around = BodyAroundItem::of(&item, NOW);
        assert_eq!(
            around.around(&item.id, &item.created_at),
            Event::Urgent(item.clone()).body(NOW)
        );
        assert!(around.prefix.ends_with("\"data\":{\"id\":\""));
        assert_eq!(around.suffix, "\"}}");
    }

    #[test]
    fn unknown_bodies_get_a_plain_text_and_ids_keep_their_forms() {
        assert_eq!(slack_text("not json"), "A feedback event arrived.");
        assert_eq!(
            slack_text(r#"{"type":"other","timestamp":"t","data":{}}"#),
            "A feedback event arrived."
        );
        assert_eq!(id::urgent("a-b-c"), "msg_abc");
        assert_eq!(id::page_alert("1-2"), "msg_alert_12");
        assert_eq!(id::reopened("a-b", 5), "reopened-a-b-5");
        assert_eq!(id::digest("demo", "2026-12-03"), "msg_digest_demo_20261203");
        assert_eq!(
            EventType::parse("digest.daily"),
            Some(EventType::DigestDaily)
        );
    }
}
