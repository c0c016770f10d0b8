//! Delivering events: Standard Webhooks signing and endpoints, the event payloads and their ids, and
//! the delivery policy.

pub mod event;
pub mod policy;
pub mod webhook;
