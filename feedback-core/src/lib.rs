//! Everything the feedback product decides, in plain Rust: no network, no DOM, no storage.
//!
//! The widget and the edge worker are thin shells around this crate; a rule lives here once.

pub mod page;
pub mod problem;
pub mod rating;
pub mod stats;
pub mod strings;
pub mod submission;

pub use page::{choose_page, normalise_page, PageError};
pub use problem::{FieldError, Problem};
pub use rating::{Polarity, Rating};
pub use stats::{wilson_lower_bound, PageStats};
pub use strings::{strings_for, Strings};
pub use submission::{Accepted, Rejection, Submission};
