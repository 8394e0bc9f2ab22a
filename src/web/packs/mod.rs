//! Partners and their packs on the web: the API (`api.rs`) and the pages (`pages.rs`).

pub mod api;
pub mod pages;

pub use api::{api_router, upload_api_router};
pub use pages::{pages, upload_pages};
