//! Following up: where an item stands, signed e-mail links and what they may ask, mail scanners, the e-mail snippet.

pub mod email;
pub mod link;
pub mod link_request;
pub mod scanner;
pub mod status;
