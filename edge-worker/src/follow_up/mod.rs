//! Following up: an item's status and history, and e-mail links with their landing pages.

pub mod links;
pub mod triage;
