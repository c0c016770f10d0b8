//! Following up: where an item stands, signed e-mail links and what they may ask, mail scanners, the
//! e-mail snippet, and the notes and notices that tell visitors on the page what happened, and which team follows up
//! an item and when it goes up to the team's escalation.

pub mod email;
pub mod link;
pub mod link_request;
pub mod page_note;
pub mod scanner;
pub mod status;
pub mod team;
