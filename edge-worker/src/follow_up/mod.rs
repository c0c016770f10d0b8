//! Following up: an item's status and history, e-mail links with their landing pages, and the notes
//! and notices that tell visitors on the page what happened.

pub mod links;
pub mod notes;
pub mod triage;
