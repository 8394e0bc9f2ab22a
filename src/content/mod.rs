//! Content: Fluent bundles, the pseudo-locale, the translators' checks, accepted uploads with their versions
//! and staleness, ad-text length limits and creatives.

pub mod adtext;
pub mod catalog;
pub mod check;
pub mod creatives;
pub mod i18n;
pub mod nesting;
pub mod numbers;
pub mod pseudo;
pub mod uploads;
