//! Campaigns: what they are and how they are checked (`model`), the states they move through
//! (`lifecycle`), and when their sends and flights happen (`schedule`). The use cases are in
//! `services/campaigns.rs`; the job worker that launches them is `worker.rs`.

pub mod lifecycle;
pub mod model;
pub mod schedule;
