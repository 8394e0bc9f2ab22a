//! The OpenAPI descriptions of the content API's bodies. The content domain's types (completeness, findings,
//! creatives and their previews, locale versions) are (de)serialized as they are; these describe them for the
//! document, with the same serialized shape and the same names, so that a rename in the domain cannot change
//! the public API unnoticed.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AdField {
    Headline,
    PrimaryText,
    Description,
}

/// A field measured on one platform.
#[derive(Serialize, ToSchema)]
pub struct Measured {
    pub platform: String,
    pub field: AdField,
    pub length: usize,
    pub limit: usize,
}

/// Where a reference message stands in a translation.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Translated,
    Stale,
    Missing,
}

/// One reference message as a translator sees it.
#[derive(Serialize, ToSchema)]
pub struct MessageState {
    pub id: String,
    pub status: Status,
    /// Words in the reference text.
    pub words: usize,
    /// The reference entry, as Fluent text.
    pub reference: String,
    /// The translated entry, when there is one.
    pub translation: Option<String>,
}

/// Counts of messages and of their reference words.
#[derive(Serialize, ToSchema)]
pub struct Tally {
    pub messages: usize,
    pub translated: usize,
    pub stale: usize,
    pub missing: usize,
    pub words: usize,
    pub words_translated: usize,
    pub words_stale: usize,
    pub words_missing: usize,
}

/// One file of a locale.
#[derive(Serialize, ToSchema)]
pub struct FileCompleteness {
    pub file: String,
    #[serde(flatten)]
    pub tally: Tally,
    pub percent: u32,
    /// Ids the translation has and the reference does not.
    pub obsolete: Vec<String>,
    /// The messages to work on: missing and stale ones, in the reference's order by id.
    pub to_do: Vec<MessageState>,
}

/// A locale's completeness.
#[derive(Serialize, ToSchema)]
pub struct Completeness {
    pub locale: String,
    #[serde(flatten)]
    pub tally: Tally,
    pub percent: u32,
    pub files: Vec<FileCompleteness>,
}

/// One accepted version of a locale file, without its text.
#[derive(Serialize, ToSchema)]
pub struct LocaleVersion {
    pub locale: String,
    pub file: String,
    pub version: i64,
    pub sha256: String,
    /// Message ids added, changed and removed against the version before.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
    /// `upload` or `rollback`.
    pub kind: String,
    /// For a rollback: the version restored (0 is the shipped file).
    pub restored: Option<i64>,
    /// Who uploaded it (their e-mail address), if the account still exists.
    pub author: Option<String>,
    pub created_at: i64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, placed as precisely as the file allows.
#[derive(Serialize, ToSchema)]
pub struct Finding {
    pub locale: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub code: String,
    /// What is wrong, in English.
    pub message: String,
    /// The same as a Fluent message of `check.ftl` (`id`, and `args` as `[name, value]` pairs, a value being
    /// a number, a text or a list of such messages), for a client that shows it in another language.
    #[schema(value_type = Object)]
    pub text: serde_json::Value,
    /// The message (or `-term`) id, when the finding is about one.
    pub id: Option<String>,
}

/// What an accepted upload did.
#[derive(Serialize, ToSchema)]
pub struct Accepted {
    pub locale: String,
    /// The versions saved (files whose text did not change get none).
    pub versions: Vec<LocaleVersion>,
    /// Files uploaded with exactly their current text.
    pub unchanged: Vec<String>,
    /// Warnings (errors would have stopped the upload).
    pub findings: Vec<Finding>,
}

/// A stored creative.
#[derive(Serialize, ToSchema)]
pub struct CreativeRow {
    pub id: i64,
    pub name: String,
    pub message_id: String,
    pub image_ref: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A creative as a campaigner writes it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // Read by the OpenAPI derive only: handlers deserialize the domain's own input.
pub struct CreativeInput {
    pub name: String,
    /// The `campaign.ftl` message whose attributes are the ad's texts.
    pub message_id: String,
    /// The image: a path under the campaign's assets or an https URL.
    pub image_ref: String,
}

/// One text of a creative in one locale.
#[derive(Serialize, ToSchema)]
pub struct FieldPreview {
    /// `headline`, `primary-text`, `description` or `image-alt`.
    pub field: String,
    pub text: String,
    /// The locale the text came from.
    pub from: String,
    /// True when the locale had no text and a fallback locale's is shown.
    pub fallback: bool,
    /// True when a translation exists but the English has changed since it was made.
    pub stale: bool,
    /// Lengths per platform (ad texts only).
    pub lengths: Vec<Measured>,
}

/// Where a locale's approval stands.
#[derive(Serialize, ToSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Approval {
    /// Approved as it renders now.
    Approved {
        by: Option<String>,
        at: i64,
    },
    /// Approved once, but it renders differently now.
    Withdrawn {
        by: Option<String>,
        at: i64,
    },
    NotApproved,
}

/// A creative in one locale.
#[derive(Serialize, ToSchema)]
pub struct LocalePreview {
    pub locale: String,
    /// `ltr` or `rtl`.
    pub dir: String,
    pub image_ref: String,
    pub fields: Vec<FieldPreview>,
    /// What stops an approval: fallbacks, stale translations, texts over a platform's limit.
    pub problems: Vec<String>,
    /// Hash of what renders (texts, their locales, the image).
    pub content_hash: String,
    pub approval: Approval,
}

/// A creative with its previews in every locale.
#[derive(Serialize, ToSchema)]
pub struct CreativeView {
    pub creative: CreativeRow,
    pub previews: Vec<LocalePreview>,
    /// Locales whose approval an edit withdrew.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<String>,
}
