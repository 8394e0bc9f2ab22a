//! People and organisations: staff accounts, partner organisations, API tokens, sessions and the audit
//! log, over the JSON API (`api`) and the staff pages (`pages`).

pub mod api;
pub mod audit;
pub mod pages;
pub mod schema;
