//! Everything the feedback product decides, in plain Rust: no network, no DOM, no storage.
//!
//! The widget and the edge worker are thin shells around this crate; a rule lives here once.

pub mod channel;
pub mod dashboard;
pub mod digest;
pub mod email;
pub mod embed;
pub mod item;
pub mod link;
pub mod link_request;
pub mod mood;
pub mod origin;
pub mod page;
pub mod problem;
pub mod public;
pub mod query;
pub mod rating;
pub mod retry;
pub mod scanner;
pub mod site;
pub mod spam;
pub mod stats;
pub mod status;
pub mod strings;
pub mod submission;
pub mod token;
pub mod urgency;
pub mod visitor;
pub mod webhook;

pub use channel::{Channel, Reason};
pub use embed::{Mode, Placement, Theme};
pub use item::Item;
pub use origin::AllowedOrigins;
pub use page::{choose_page, normalise_page, PageError};
pub use problem::{FieldError, Problem, ProblemKind};
pub use rating::{Polarity, Rating};
pub use site::{Retention, SiteSettings};
pub use stats::{wilson_lower_bound, PageStats, Summary};
pub use status::{ItemStatus, StatusChange};
pub use strings::{strings_for, Direction, Strings};
pub use submission::{Accepted, Contact, Outcome, Rejection, Submission};

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]])
        .map(char::from)
        .collect()
}
