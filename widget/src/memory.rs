//! What this browser answered on a page before, so a returning visitor sees it and can change it.

use feedback_core::Rating;

use crate::storage;

/// The item a visitor's answers on one page belong to.
#[derive(Clone)]
pub struct Answer {
    /// The item's idempotency key, kept across visits.
    pub key: String,
    /// How often it was changed.
    pub revision: u32,
    /// The last answer.
    pub rating: Option<Rating>,
}

fn slot(site: &str, page: &str) -> String {
    format!("feedback-widget:answer:{site}:{page}")
}

/// The visitor's earlier answer on this page.
pub fn recall(site: &str, page: &str) -> Option<Answer> {
    let stored = storage::read(&slot(site, page))?;
    Some(Answer {
        key: storage::text(&stored, "key")?,
        // Revisions are small whole numbers (MAX_REVISION), so the cast is exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        revision: storage::number(&stored, "revision")? as u32,
        rating: storage::text(&stored, "rating").and_then(|r| Rating::parse(&r)),
    })
}

/// Remembers the visitor's latest answer on this page.
pub fn remember(site: &str, page: &str, answer: &Answer) {
    let value = storage::object();
    storage::set(&value, "key", answer.key.as_str());
    storage::set(&value, "revision", answer.revision);
    if let Some(rating) = answer.rating {
        storage::set(&value, "rating", rating.as_str());
    }
    storage::write(&slot(site, page), &value);
}
