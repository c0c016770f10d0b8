//! Understanding the answers: the read API, the marketer's dashboard and the daily digest.

pub mod dashboard;
pub mod digest;
pub mod read;
