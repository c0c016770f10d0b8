//! Taking an answer in: the HTTP handler, the direct write, and the queued write path.

pub mod queued;
pub mod submit;
pub mod write;
