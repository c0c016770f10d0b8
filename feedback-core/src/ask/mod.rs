//! Asking: the tag's options, the modes and their reserved heights, when the widget retries, and how a visitor's answer is revised.

pub mod answer;
pub mod embed;
pub mod retry;
