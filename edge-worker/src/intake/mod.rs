//! Taking an answer in: the HTTP handler, the direct write (group-committed with the answers that
//! arrive alongside), and the queued write path.

pub mod group_commit;
pub mod queued;
pub mod submit;
pub mod write;
