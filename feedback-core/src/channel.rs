//! Where a piece of feedback was asked for.

use serde::{Deserialize, Serialize};

use crate::rating::Polarity;

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

/// Why a page did or did not help: the quick-reason chips after an answer.
///
/// Declared in display order, the reasons for a "no" first: `reason as usize` indexes every
/// language's table of chip labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The page says something wrong.
    Incorrect,
    /// The page is hard to understand.
    HardToUnderstand,
    /// Something the visitor needed is missing.
    MissingInformation,
    /// The page describes how things were, not how they are.
    OutOfDate,
    /// The page reads badly in the visitor's language.
    TranslationIssue,
    /// The page did not solve the visitor's problem.
    DidNotSolve,
    /// Anything else.
    Other,
    /// The page was easy to follow.
    Clear,
    /// The page solved the visitor's problem.
    Solved,
    /// The page's examples helped.
    GoodExamples,
}

impl Reason {
    /// Every reason, in the order the widget shows them.
    pub const ALL: [Reason; 10] = [
        Self::Incorrect,
        Self::HardToUnderstand,
        Self::MissingInformation,
        Self::OutOfDate,
        Self::TranslationIssue,
        Self::DidNotSolve,
        Self::Other,
        Self::Clear,
        Self::Solved,
        Self::GoodExamples,
    ];

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Incorrect => "incorrect",
            Self::HardToUnderstand => "hard_to_understand",
            Self::MissingInformation => "missing_information",
            Self::OutOfDate => "out_of_date",
            Self::TranslationIssue => "translation_issue",
            Self::DidNotSolve => "did_not_solve",
            Self::Other => "other",
            Self::Clear => "clear",
            Self::Solved => "solved",
            Self::GoodExamples => "good_examples",
        }
    }

    /// Parses a wire name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// Which answers this reason explains: a "yes" or a "no" (no reason explains a neutral one).
    pub const fn polarity(self) -> Polarity {
        if (self as usize) < Self::Clear as usize {
            Polarity::Negative
        } else {
            Polarity::Positive
        }
    }

    /// The reasons offered after an answer of `polarity`, in display order; none after a neutral one.
    pub fn offered(polarity: Polarity) -> &'static [Reason] {
        let split = Self::Clear as usize;
        match polarity {
            Polarity::Negative => &Self::ALL[..split],
            Polarity::Positive => &Self::ALL[split..],
            Polarity::Neutral => &[],
        }
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

    #[test]
    fn each_answer_is_offered_the_reasons_of_its_side() {
        let negative = Reason::offered(Polarity::Negative);
        let positive = Reason::offered(Polarity::Positive);
        assert_eq!(negative.len() + positive.len(), Reason::ALL.len());
        assert!(negative.iter().all(|r| r.polarity() == Polarity::Negative));
        assert!(positive.iter().all(|r| r.polarity() == Polarity::Positive));
        assert!(
            negative.contains(&Reason::OutOfDate) && negative.contains(&Reason::TranslationIssue)
        );
        assert_eq!(
            positive,
            [Reason::Clear, Reason::Solved, Reason::GoodExamples]
        );
        assert!(Reason::offered(Polarity::Neutral).is_empty());
    }
}
