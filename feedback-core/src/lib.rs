//! Everything the feedback product decides, in plain Rust: no network, no DOM, no storage.
//!
//! The widget and the edge worker are thin shells around this crate; a rule lives here once.

// The shared vocabulary: what every stage speaks of.
pub mod channel;
pub mod language;
pub mod origin;
pub mod page;
pub mod problem;
pub mod rating;
pub mod site;
pub mod strings;
pub mod token;

// The product's stages, in the order an answer travels.
pub mod ask;
pub mod delivery;
pub mod follow_up;
pub mod insight;
pub mod intake;

pub use ask::embed::{Mode, Placement, Theme};
pub use channel::{Channel, Reason};
pub use follow_up::status::{ItemStatus, StatusChange};
pub use insight::item::Item;
pub use insight::stats::{wilson_lower_bound, PageStats, Summary};
pub use intake::submission::{Accepted, Contact, Outcome, Rejection, Submission};
pub use origin::AllowedOrigins;
pub use page::{choose_page, normalise_page, PageError};
pub use problem::{FieldError, Problem, ProblemKind};
pub use rating::{Polarity, Rating};
pub use site::{Retention, SiteSettings};
pub use strings::{strings_for, Direction, Strings};

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]])
        .map(char::from)
        .collect()
}
