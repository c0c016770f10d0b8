//! Where a piece of feedback was asked for.

use serde::{Deserialize, Serialize};

/// The channel an item came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// The widget on a web page.
    #[default]
    Web,
    /// A thumbs link in an e-mail.
    Email,
    /// The widget's kiosk mode on an on-site terminal.
    Kiosk,
}

impl Channel {
    /// Every channel, in the order the API documents them.
    pub const ALL: [Channel; 3] = [Self::Web, Self::Email, Self::Kiosk];

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::Email => "email",
            Self::Kiosk => "kiosk",
        }
    }

    /// Parses a wire name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// Whether one visitor's answers on a page are one item. Not at a kiosk: there one browser
    /// serves a queue of strangers, and each of their answers counts.
    pub const fn one_item_per_visitor(self) -> bool {
        !matches!(self, Self::Kiosk)
    }
}

/// Why a visitor said a page did not help: the quick-reason chips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The page says something wrong.
    Incorrect,
    /// The page is hard to understand.
    HardToUnderstand,
    /// Something the visitor needed is missing.
    MissingInformation,
    /// The page did not solve the visitor's problem.
    DidNotSolve,
    /// Anything else.
    Other,
}

impl Reason {
    /// Every reason, in the order the widget shows them.
    pub const ALL: [Reason; 5] = [
        Self::Incorrect,
        Self::HardToUnderstand,
        Self::MissingInformation,
        Self::DidNotSolve,
        Self::Other,
    ];

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Incorrect => "incorrect",
            Self::HardToUnderstand => "hard_to_understand",
            Self::MissingInformation => "missing_information",
            Self::DidNotSolve => "did_not_solve",
            Self::Other => "other",
        }
    }

    /// Parses a wire name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip() {
        for channel in Channel::ALL {
            assert_eq!(Channel::parse(channel.as_str()), Some(channel));
            assert_eq!(serde_json::to_value(channel).unwrap(), channel.as_str());
        }
        for reason in Reason::ALL {
            assert_eq!(Reason::parse(reason.as_str()), Some(reason));
            assert_eq!(serde_json::to_value(reason).unwrap(), reason.as_str());
        }
    }
}
