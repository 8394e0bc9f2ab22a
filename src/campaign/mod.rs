//! Campaigns: when their sends and flights happen (`schedule`). The lifecycle and the job queue's worker
//! come with later issues.

pub mod schedule;
