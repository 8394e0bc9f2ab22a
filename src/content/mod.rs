//! Content: Fluent bundles now; translator checks, creatives and rendering come with their issue.

pub mod i18n;
