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

/// A valid request to move an item to a status, with an optional note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// The status to move to.
    pub to: ItemStatus,
    /// Why, in the team's words; trimmed, never empty.
    pub note: Option<String>,
}

impl StatusChange {
    /// Checks a change from its raw fields (a JSON body or a form); every broken rule is reported.
    pub fn parse(status: Option<&str>, note: Option<&str>) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let to = match status.map(str::trim) {
            None | Some("") => {
                errors.push(FieldError::new(
                    "status",
                    "required",
                    "say which status the item moves to: new, acknowledged, resolved or dismissed",
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
        match (to, errors.is_empty()) {
            (Some(to), true) => Ok(Self {
                to,
                note: note.map(str::to_owned),
            }),
            _ => Err(errors),
        }
    }

    /// Reads a change from a JSON body `{"status": "...", "note": "..."}`.
    pub fn from_json(body: &str) -> Result<Self, Vec<FieldError>> {
        #[derive(Deserialize)]
        struct Body {
            status: Option<serde_json::Value>,
            note: Option<serde_json::Value>,
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
        match (text(&body.status, "status"), text(&body.note, "note")) {
            (Ok(status), Ok(note)) => Self::parse(status.as_deref(), note.as_deref()),
            (status, note) => Err([status.err(), note.err()].into_iter().flatten().collect()),
        }
    }

    /// Whether applying this to an item at `current` changes anything worth a history entry: a new
    /// status, or a note on the same one. Moving to the same status without a note is a no-op.
    pub fn changes(&self, current: ItemStatus) -> bool {
        self.to != current || self.note.is_some()
    }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_needs_a_known_status_and_a_short_note() {
        assert_eq!(
            StatusChange::parse(Some("resolved"), Some("  fixed the typo  ")),
            Ok(StatusChange {
                to: ItemStatus::Resolved,
                note: Some("fixed the typo".into())
            })
        );
        assert_eq!(
            StatusChange::parse(Some("acknowledged"), Some("   ")),
            Ok(StatusChange {
                to: ItemStatus::Acknowledged,
                note: None
            })
        );
        let errors = StatusChange::parse(Some("done"), Some(&"x".repeat(1001))).unwrap_err();
        let rules: Vec<_> = errors.iter().map(|e| e.rule.as_str()).collect();
        assert_eq!(rules, ["one_of", "max_length"]);
        assert_eq!(
            StatusChange::parse(None, None).unwrap_err()[0].rule,
            "required"
        );
    }

    #[test]
    fn json_bodies_say_what_is_wrong() {
        let change = StatusChange::from_json(r#"{"status":"dismissed","note":null}"#).unwrap();
        assert_eq!(change.to, ItemStatus::Dismissed);
        assert_eq!(
            StatusChange::from_json("status=resolved").unwrap_err()[0].rule,
            "json"
        );
        let errors = StatusChange::from_json(r#"{"status":3,"note":[]}"#).unwrap_err();
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn only_real_changes_leave_history() {
        let same = StatusChange::parse(Some("new"), None).unwrap();
        assert!(!same.changes(ItemStatus::New));
        assert!(same.changes(ItemStatus::Resolved));
        let noted = StatusChange::parse(Some("new"), Some("called back")).unwrap();
        assert!(noted.changes(ItemStatus::New));
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
