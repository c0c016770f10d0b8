//! Following up: an item's status and history, e-mail links with their landing pages, the notes
//! and notices that tell visitors on the page what happened, teams and their routing, and
//! escalation when nobody acts.

pub mod escalation;
pub mod links;
pub mod notes;
pub mod teams;
pub mod triage;
