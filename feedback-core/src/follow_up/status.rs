//! Where an item stands with the site's team, how it gets there, and the history it leaves.

use serde::{Deserialize, Serialize};

use crate::problem::FieldError;

/// The longest note a status change may carry, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

/// Where an item stands: every item starts `New`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemStatus {
    /// Nobody has looked at it yet.
    #[default]
    New,
    /// Someone is on it.
    Acknowledged,
    /// Dealt with.
    Resolved,
    /// Not worth acting on (spam that slipped through, a duplicate, a joke).
    Dismissed,
}

impl ItemStatus {
    /// Every status, in the order the dashboard's inbox shows them.
    pub const ALL: [ItemStatus; 4] = [
        Self::New,
        Self::Acknowledged,
        Self::Resolved,
        Self::Dismissed,
    ];

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Acknowledged => "acknowledged",
            Self::Resolved => "resolved",
            Self::Dismissed => "dismissed",
        }
    }

    /// The name a person reads.
    pub const fn label(self) -> &'static str {
        match self {
            Self::New => "New",
            Self::Acknowledged => "Acknowledged",
            Self::Resolved => "Resolved",
            Self::Dismissed => "Dismissed",
        }
    }

    /// Parses a wire name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether the item still needs someone.
    pub const fn is_open(self) -> bool {
        matches!(self, Self::New | Self::Acknowledged)
    }
}

/// Who changed a status; kept in the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Actor {
    /// Someone using the read API with the site's token.
    Api,
    /// Someone in the dashboard.
    Dashboard,
    /// The customer, answering "did this solve it?".
    Customer,
}

impl Actor {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::Dashboard => "dashboard",
            Self::Customer => "customer",
        }
    }
}

/// The longest owner name kept: a person's name or e-mail address, as the organisation writes it.
pub const MAX_OWNER_CHARS: usize = 120;

/// How long an urgent item may wait for someone to acknowledge it before it is overdue: 4 hours,
/// the escalation window when nobody has set one.
pub const ACKNOWLEDGE_WITHIN_MINUTES: i64 = 4 * 60;

/// Who is to own an item after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnerChange {
    /// This person (an opaque name or address the organisation chooses).
    Assign(String),
    /// Nobody.
    Unassign,
}

/// A valid request to move an item: to a status, to an owner, or both, with an optional note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// The status to move to; `None` keeps it.
    pub to: Option<ItemStatus>,
    /// Why, in the team's words; trimmed, never empty.
    pub note: Option<String>,
    /// The owner to give it; `None` keeps the owner it has.
    pub owner: Option<OwnerChange>,
}

impl StatusChange {
    /// Checks a change from its raw fields (a JSON body or a form); every broken rule is reported.
    /// `owner`: absent keeps the owner, `Some("")` (or blank) takes it away.
    pub fn parse(
        status: Option<&str>,
        note: Option<&str>,
        owner: Option<&str>,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let owner = owner.map(|o| {
            let o = o.trim();
            if o.is_empty() {
                return OwnerChange::Unassign;
            }
            let chars = o.chars().count();
            if chars > MAX_OWNER_CHARS || o.chars().any(char::is_control) {
                errors.push(FieldError::new(
                    "owner",
                    "pattern",
                    format!("an owner is a name or address of 1 to {MAX_OWNER_CHARS} characters on one line"),
                ));
            }
            OwnerChange::Assign(o.to_owned())
        });
        let to = match status.map(str::trim) {
            None | Some("") if owner.is_some() => None,
            None | Some("") => {
                errors.push(FieldError::new(
                    "status",
                    "required",
                    "say which status the item moves to (new, acknowledged, resolved or dismissed) or who owns it",
                ));
                None
            }
            Some(name) => {
                let parsed = ItemStatus::parse(name);
                if parsed.is_none() {
                    errors.push(FieldError::new(
                        "status",
                        "one_of",
                        format!("{name:?} is not a status; use new, acknowledged, resolved or dismissed"),
                    ));
                }
                parsed
            }
        };
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if let Some(note) = note {
            let chars = note.chars().count();
            if chars > MAX_NOTE_CHARS {
                errors.push(FieldError::new(
                    "note",
                    "max_length",
                    format!("the note has {chars} characters; at most {MAX_NOTE_CHARS} are kept"),
                ));
            }
        }
        if errors.is_empty() {
            Ok(Self {
                to,
                note: note.map(str::to_owned),
                owner,
            })
        } else {
            Err(errors)
        }
    }

    /// Reads a change from a JSON body `{"status": "...", "note": "...", "owner": "..."}`; an
    /// `owner` of `null` or `""` takes the item's owner away.
    pub fn from_json(body: &str) -> Result<Self, Vec<FieldError>> {
        #[derive(Deserialize)]
        struct Body {
            status: Option<serde_json::Value>,
            note: Option<serde_json::Value>,
            #[serde(default, deserialize_with = "present")]
            owner: Option<serde_json::Value>,
        }
        /// `Some(Null)` for an explicit `null`, so it differs from a missing field.
        fn present<'de, D: serde::Deserializer<'de>>(
            d: D,
        ) -> Result<Option<serde_json::Value>, D::Error> {
            serde_json::Value::deserialize(d).map(Some)
        }
        let body: Body = serde_json::from_str(body).map_err(|e| {
            vec![FieldError::new(
                "body",
                "json",
                format!("send a JSON object such as {{\"status\": \"resolved\", \"note\": \"…\"}} ({e})"),
            )]
        })?;
        let text = |value: &Option<serde_json::Value>, field: &str| match value {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(FieldError::new(field, "type", "must be a string")),
        };
        let owner = match &body.owner {
            Some(serde_json::Value::Null) => Ok(Some(String::new())),
            other => text(other, "owner"),
        };
        match (
            text(&body.status, "status"),
            text(&body.note, "note"),
            owner,
        ) {
            (Ok(status), Ok(note), Ok(owner)) => {
                Self::parse(status.as_deref(), note.as_deref(), owner.as_deref())
            }
            (status, note, owner) => Err([status.err(), note.err(), owner.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }

    /// Whether applying this to an item at `current` (owned by `owner`) changes anything worth a
    /// history entry: a new status, a new owner, or a note. The same of everything is a no-op.
    pub fn changes(&self, current: ItemStatus, owner: Option<&str>) -> bool {
        let moves = self.to.is_some_and(|to| to != current);
        let hands_over = match &self.owner {
            Some(OwnerChange::Assign(name)) => owner != Some(name.as_str()),
            Some(OwnerChange::Unassign) => owner.is_some(),
            None => false,
        };
        moves || hands_over || self.note.is_some()
    }

    /// The owner it leaves the item with, as stored: `(changes, name)`.
    pub fn owner_binding(&self) -> (bool, Option<&str>) {
        match &self.owner {
            Some(OwnerChange::Assign(name)) => (true, Some(name)),
            Some(OwnerChange::Unassign) => (true, None),
            None => (false, None),
        }
    }
}

/// When an urgent item began to wait for the team: when it came in, or when a customer reopened it
/// last (the latest move back to `new` in its history). Times are ISO 8601 in UTC, so they sort.
pub fn waiting_since<'a>(created_at: &'a str, history: &'a [HistoryEntry]) -> &'a str {
    history
        .iter()
        .filter(|e| e.to == ItemStatus::New && e.from != ItemStatus::New)
        .map(|e| e.at.as_str())
        .max()
        .unwrap_or(created_at)
        .max(created_at)
}

/// Whole minutes from `since` to `now` (both RFC 3339); `None` when either is not a time.
pub fn minutes_between(since: &str, now: &str) -> Option<i64> {
    seconds_between(since, now).map(|seconds| seconds.div_euclid(60))
}

/// An RFC 3339 time, or `None`.
fn parse_time(at: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).ok()
}

/// Whole seconds from `since` to `now` (both RFC 3339); `None` when either is not a time.
pub fn seconds_between(since: &str, now: &str) -> Option<i64> {
    Some((parse_time(now)? - parse_time(since)?).whole_seconds())
}

/// Unix seconds of an RFC 3339 time; `None` when it is not one.
pub fn unix_seconds(at: &str) -> Option<i64> {
    parse_time(at).map(time::OffsetDateTime::unix_timestamp)
}

/// Whether an item at `status` that has waited `minutes` is overdue: only a new one waits; the
/// clock stops when someone acknowledges it.
pub const fn is_overdue(status: ItemStatus, minutes: i64) -> bool {
    matches!(status, ItemStatus::New) && minutes >= ACKNOWLEDGE_WITHIN_MINUTES
}

/// An owner change kept in an item's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerMove {
    /// Who owned it before (`None`: nobody).
    pub from: Option<String>,
    /// Who owns it now (`None`: nobody).
    pub to: Option<String>,
}

/// One entry of an item's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When (ISO 8601, UTC).
    pub at: String,
    /// The status before.
    pub from: ItemStatus,
    /// The status after.
    pub to: ItemStatus,
    /// The note that came with it.
    pub note: Option<String>,
    /// Who made the change.
    pub by: Actor,
    /// The owner it passed from and to, when it changed hands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<OwnerMove>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_needs_a_known_status_and_a_short_note() {
        assert_eq!(
            StatusChange::parse(Some("resolved"), Some("  fixed the typo  "), None),
            Ok(StatusChange {
                to: Some(ItemStatus::Resolved),
                note: Some("fixed the typo".into()),
                owner: None,
            })
        );
        assert_eq!(
            StatusChange::parse(Some("acknowledged"), Some("   "), None)
                .unwrap()
                .note,
            None
        );
        let errors = StatusChange::parse(Some("done"), Some(&"x".repeat(1001)), None).unwrap_err();
        let rules: Vec<_> = errors.iter().map(|e| e.rule.as_str()).collect();
        assert_eq!(rules, ["one_of", "max_length"]);
        assert_eq!(
            StatusChange::parse(None, None, None).unwrap_err()[0].rule,
            "required"
        );
    }

    #[test]
    fn an_item_is_handed_to_an_owner_or_to_nobody() {
        let assign = StatusChange::parse(None, None, Some(" ana@example.com ")).unwrap();
        assert_eq!(assign.to, None);
        assert_eq!(
            assign.owner,
            Some(OwnerChange::Assign("ana@example.com".into()))
        );
        assert_eq!(assign.owner_binding(), (true, Some("ana@example.com")));
        assert!(assign.changes(ItemStatus::New, None));
        assert!(!assign.changes(ItemStatus::New, Some("ana@example.com")));
        let away = StatusChange::from_json(r#"{"owner": null}"#).unwrap();
        assert_eq!(away.owner, Some(OwnerChange::Unassign));
        assert!(away.changes(ItemStatus::New, Some("ana@example.com")));
        assert!(!away.changes(ItemStatus::New, None));
        let kept = StatusChange::from_json(r#"{"status": "acknowledged"}"#).unwrap();
        assert_eq!(kept.owner_binding(), (false, None));
        assert_eq!(kept.owner, None);
        let long = StatusChange::parse(None, None, Some(&"a".repeat(121))).unwrap_err();
        assert_eq!(
            (long[0].field.as_str(), long[0].rule.as_str()),
            ("owner", "pattern")
        );
        assert_eq!(
            StatusChange::from_json(r#"{"owner": 7}"#).unwrap_err()[0].field,
            "owner"
        );
    }

    #[test]
    fn json_bodies_say_what_is_wrong() {
        let change = StatusChange::from_json(r#"{"status":"dismissed","note":null}"#).unwrap();
        assert_eq!(change.to, Some(ItemStatus::Dismissed));
        assert_eq!(
            StatusChange::from_json("status=resolved").unwrap_err()[0].rule,
            "json"
        );
        let errors = StatusChange::from_json(r#"{"status":3,"note":[]}"#).unwrap_err();
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn only_real_changes_leave_history() {
        let same = StatusChange::parse(Some("new"), None, None).unwrap();
        assert!(!same.changes(ItemStatus::New, None));
        assert!(same.changes(ItemStatus::Resolved, None));
        let noted = StatusChange::parse(Some("new"), Some("called back"), None).unwrap();
        assert!(noted.changes(ItemStatus::New, None));
    }

    #[test]
    fn an_item_waits_from_its_arrival_or_its_last_reopening_until_acknowledged() {
        let entry = |at: &str, from, to| HistoryEntry {
            at: at.into(),
            from,
            to,
            note: None,
            by: Actor::Dashboard,
            owner: None,
        };
        let created = "2026-12-01T08:00:00.000Z";
        assert_eq!(waiting_since(created, &[]), created);
        let history = [
            entry(
                "2026-12-01T09:00:00.000Z",
                ItemStatus::New,
                ItemStatus::Resolved,
            ),
            entry(
                "2026-12-02T10:00:00.000Z",
                ItemStatus::Resolved,
                ItemStatus::New,
            ),
            entry("2026-12-02T11:00:00.000Z", ItemStatus::New, ItemStatus::New),
        ];
        assert_eq!(waiting_since(created, &history), "2026-12-02T10:00:00.000Z");
        assert!(!is_overdue(ItemStatus::New, ACKNOWLEDGE_WITHIN_MINUTES - 1));
        assert!(is_overdue(ItemStatus::New, ACKNOWLEDGE_WITHIN_MINUTES));
        assert!(!is_overdue(ItemStatus::Acknowledged, 10_000));
        assert_eq!(
            minutes_between("2026-12-02T10:00:00.000Z", "2026-12-02T14:05:59.000Z"),
            Some(245)
        );
        assert_eq!(
            minutes_between("yesterday", "2026-12-02T14:05:59.000Z"),
            None
        );
    }

    #[test]
    fn wire_names_round_trip() {
        for status in ItemStatus::ALL {
            assert_eq!(ItemStatus::parse(status.as_str()), Some(status));
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{}\"", status.as_str())
            );
        }
        assert!(ItemStatus::Acknowledged.is_open() && !ItemStatus::Dismissed.is_open());
    }
}
