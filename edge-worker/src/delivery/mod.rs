//! Delivering events: the queue's consumer that signs and posts them, the sweeper, and the admin
//! API for endpoints and the delivery log.

pub mod endpoints;
pub mod webhooks;
