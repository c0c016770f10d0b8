//! Understanding the answers: per-page results and ranking, dashboard state, the digest, read queries, items and what a site publishes.

pub mod dashboard;
pub mod digest;
pub mod handling;
pub mod item;
pub mod public;
pub mod query;
pub mod stats;
