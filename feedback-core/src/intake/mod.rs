//! Taking an answer in: validation, the anonymous visitor, spam, mood, urgency, and the one decision about a submission.

pub mod submission;
pub mod visitor;
pub mod spam;
pub mod mood;
pub mod urgency;
