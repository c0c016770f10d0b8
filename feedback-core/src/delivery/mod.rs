//! Delivering events: Standard Webhooks signing, the event payloads and their ids, endpoints, and the delivery policy.

pub mod webhook;
