//! What a visitor can answer, and what it means.

use serde::{Deserialize, Serialize};

/// One answer: a thumb or one of three faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    /// Thumbs up: the page helped.
    Up,
    /// Thumbs down: it did not.
    Down,
    /// The unhappy face.
    Sad,
    /// The neither-nor face.
    Neutral,
    /// The happy face.
    Happy,
}

/// Whether an answer counts for or against a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Polarity {
    /// Counts as helpful.
    Positive,
    /// Counts in the total but neither way.
    Neutral,
    /// Counts as not helpful.
    Negative,
}

impl Rating {
    /// Every rating, in the order the API documents them.
    pub const ALL: [Rating; 5] = [Self::Up, Self::Down, Self::Sad, Self::Neutral, Self::Happy];

    /// The wire name, as stored in D1 and sent in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Up => "up",
            Self::Down => "down",
            Self::Sad => "sad",
            Self::Neutral => "neutral",
            Self::Happy => "happy",
        }
    }

    /// Parses a wire name; `None` for anything else.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// Whether this answer says the page helped.
    pub const fn polarity(self) -> Polarity {
        match self {
            Self::Up | Self::Happy => Polarity::Positive,
            Self::Neutral => Polarity::Neutral,
            Self::Down | Self::Sad => Polarity::Negative,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wire_name_parses_back() {
        for rating in Rating::ALL {
            assert_eq!(Rating::parse(rating.as_str()), Some(rating));
            let json = serde_json::to_string(&rating).unwrap();
            assert_eq!(json, format!("\"{}\"", rating.as_str()));
        }
        assert_eq!(Rating::parse("UP"), None);
        assert_eq!(Rating::parse(""), None);
    }

    #[test]
    fn faces_and_thumbs_share_one_scale() {
        assert_eq!(Rating::Up.polarity(), Rating::Happy.polarity());
        assert_eq!(Rating::Down.polarity(), Rating::Sad.polarity());
        assert_eq!(Rating::Neutral.polarity(), Polarity::Neutral);
    }
}
