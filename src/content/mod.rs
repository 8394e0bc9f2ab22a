//! Content: Fluent bundles and the translators' checks; creatives and rendering come with their issue.

pub mod check;
pub mod i18n;
