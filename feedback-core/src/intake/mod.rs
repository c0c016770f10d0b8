//! Taking an answer in: validation, the anonymous visitor, spam, mood, urgency, and the one decision about a submission.

pub mod body;
pub mod decision;
pub mod lexicon;
pub mod mood;
pub mod spam;
pub mod submission;
pub mod urgency;
pub mod visitor;
