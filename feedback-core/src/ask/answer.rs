//! How a visitor's clicks become answers: which item an answer revises, what a second click on the
//! same answer does, and when a kiosk is ready for the next person. The widget follows these rules;
//! they are tested here, without a browser.

use crate::ask::embed::Mode;
use crate::intake::submission::MAX_REVISION;
use crate::rating::Rating;

/// Seconds a kiosk shows its thank-you before it is ready for the next person.
pub const KIOSK_RESET_SECONDS: u64 = 4;

/// The revision the next answer gets when it revises the visitor's earlier item (`previous`, its
/// revision), or `None` when it starts a new item: a kiosk's next answer is always someone else's.
pub fn next_revision(mode: Mode, previous: Option<u32>) -> Option<u32> {
    previous
        .filter(|_| mode.follows_up())
        .map(|revision| (revision + 1).min(MAX_REVISION))
}

/// What a click on an answer does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Click {
    /// Send it, thank the visitor, offer the follow-up.
    Send,
    /// Send it as a new item, thank, and reset for the next person after [`KIOSK_RESET_SECONDS`].
    SendAndReset,
    /// The answer already chosen (a double click, a returning visitor confirming): send nothing
    /// again, only offer the follow-up.
    OfferMore,
}

/// What clicking `chosen` does while `shown` is the answer on screen.
pub fn click(mode: Mode, shown: Option<Rating>, chosen: Rating) -> Click {
    if mode == Mode::Kiosk {
        Click::SendAndReset
    } else if shown == Some(chosen) {
        Click::OfferMore
    } else {
        Click::Send
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visitor_revises_their_item_and_a_kiosk_starts_a_new_one() {
        assert_eq!(
            next_revision(Mode::Thumbs, None),
            None,
            "a first answer is a new item"
        );
        assert_eq!(next_revision(Mode::Thumbs, Some(0)), Some(1));
        assert_eq!(next_revision(Mode::Smileys, Some(7)), Some(8));
        assert_eq!(next_revision(Mode::Text, Some(2)), Some(3));
        assert_eq!(
            next_revision(Mode::Thumbs, Some(MAX_REVISION)),
            Some(MAX_REVISION),
            "the collector takes no revision past its maximum"
        );
        assert_eq!(next_revision(Mode::Kiosk, Some(3)), None, "the next person");
    }

    #[test]
    fn a_second_click_on_the_same_answer_sends_nothing_again_except_at_a_kiosk() {
        assert_eq!(click(Mode::Thumbs, None, Rating::Up), Click::Send);
        assert_eq!(
            click(Mode::Thumbs, Some(Rating::Up), Rating::Down),
            Click::Send
        );
        assert_eq!(
            click(Mode::Thumbs, Some(Rating::Up), Rating::Up),
            Click::OfferMore
        );
        assert_eq!(
            click(Mode::Smileys, Some(Rating::Sad), Rating::Sad),
            Click::OfferMore
        );
        assert_eq!(
            click(Mode::Kiosk, Some(Rating::Happy), Rating::Happy),
            Click::SendAndReset
        );
        assert_eq!(click(Mode::Kiosk, None, Rating::Sad), Click::SendAndReset);
    }
}
