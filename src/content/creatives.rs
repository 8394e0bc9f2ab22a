//! Creatives: a campaign's ad is one Fluent message of `campaign.ftl` (its attributes `.headline`,
//! `.primary-text`, `.description` and `.image-alt`) plus an image reference. Each locale's rendering is
//! previewed per platform with its lengths, marked wherever a fallback locale filled in, and approved by a
//! campaigner. An approval holds for the exact texts and image approved: an edit of the creative withdraws
//! every approval, and a translation that changes what a locale renders leaves that locale's approval behind.

use serde::Serialize;

use super::adtext::{AdField, AdLimits, CAMPAIGN_FILE, FIELDS, Measured, measure};
use super::catalog::{self, Completeness, Status};
use super::i18n::{LocaleId, Locales, PSEUDO_LOCALE, REFERENCE_LOCALE, direction};
use crate::message::Message;

/// The attribute that holds the image's alternative text.
pub const IMAGE_ALT: &str = "image-alt";

/// A stored creative.
#[derive(Debug, Clone, Serialize)]
pub struct CreativeRow {
    pub id: i64,
    pub name: String,
    pub message_id: String,
    pub image_ref: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A recorded approval of one locale's creative.
#[derive(Debug, Clone, Serialize)]
pub struct ApprovalRow {
    pub locale: String,
    pub content_hash: String,
    pub approved_by: Option<String>,
    pub approved_at: i64,
}

/// A creative as a campaigner writes it.
#[derive(Debug, Clone, serde::Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CreativeInput {
    pub name: String,
    /// The `campaign.ftl` message whose attributes are the ad's texts.
    pub message_id: String,
    /// The image: a path under the campaign's assets or an https URL.
    pub image_ref: String,
}

/// Why a creative was refused: the field and the reason.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {}", crate::message::english(reason))]
pub struct InvalidCreative {
    pub field: &'static str,
    pub reason: Message,
}

impl CreativeInput {
    /// Trims and checks the input against the reference locale's `campaign.ftl`.
    pub fn validate(mut self, locales: &Locales) -> Result<Self, InvalidCreative> {
        let bad = |field, reason: Message| Err(InvalidCreative { field, reason });
        self.name = self.name.trim().to_string();
        self.message_id = self.message_id.trim().to_string();
        self.image_ref = self.image_ref.trim().to_string();
        if self.name.is_empty() || self.name.chars().count() > 100 {
            return bad(
                "name",
                Message::new("refused-name-length").number("max", 100),
            );
        }
        let files = locales.files();
        let Some(campaign) = files
            .get(REFERENCE_LOCALE)
            .and_then(|f| f.get(CAMPAIGN_FILE))
        else {
            return bad(
                "message_id",
                Message::new("check-obsolete-file")
                    .text("reference", REFERENCE_LOCALE)
                    .text("file", CAMPAIGN_FILE),
            );
        };
        let resource = match fluent_syntax::parser::parse(campaign.as_str()) {
            Ok(r) | Err((r, _)) => r,
        };
        let message = resource.body.iter().find_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) if m.id.name == self.message_id => Some(m),
            _ => None,
        });
        let Some(message) = message else {
            return bad(
                "message_id",
                Message::new("refused-creative-no-message")
                    .text("file", format!("{REFERENCE_LOCALE}/{CAMPAIGN_FILE}"))
                    .text("id", self.message_id.clone()),
            );
        };
        let missing: Vec<String> = FIELDS
            .iter()
            .map(|f| f.attribute())
            .filter(|a| !message.attributes.iter().any(|x| x.id.name == *a))
            .map(|a| format!(".{a}"))
            .collect();
        if !missing.is_empty() {
            return bad(
                "message_id",
                Message::new("refused-creative-no-attributes")
                    .text("id", self.message_id.clone())
                    .text("attributes", missing.join(", ")),
            );
        }
        let r = &self.image_ref;
        let looks_like_path = !r.starts_with('/')
            && !r.contains("..")
            && !r.contains('\\')
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
        if r.is_empty()
            || r.len() > 500
            || r.chars().any(char::is_whitespace)
            || !(r.starts_with("https://") || looks_like_path)
        {
            return bad("image_ref", Message::new("refused-image-ref"));
        }
        Ok(self)
    }
}

/// One text of a creative in one locale.
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct LocalePreview {
    pub locale: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    pub image_ref: String,
    pub fields: Vec<FieldPreview>,
    /// What stops an approval: fallbacks, stale translations, texts over a platform's limit, as messages
    /// of the locale files.
    pub problems: Vec<Message>,
    /// Hash of what renders (texts, their locales, the image).
    pub content_hash: String,
    pub approval: Approval,
}

/// The name of an ad's field, as the locale files call it.
fn field_name(attribute: &str) -> Message {
    Message::new(&format!("creative-field-{attribute}"))
}

/// Renders a creative in `locale` (without stale marks or approval state; see [`preview`]).
pub fn render(
    locales: &Locales,
    limits: &AdLimits,
    creative: &CreativeRow,
    locale: &LocaleId,
) -> LocalePreview {
    let mut fields = Vec::new();
    let mut problems = Vec::new();
    let names = FIELDS
        .iter()
        .map(|f| (f.attribute(), Some(*f)))
        .chain([(IMAGE_ALT, None)]);
    let mut canonical = format!("{}\n{}\n", creative.image_ref, creative.message_id);
    for (attribute, field) in names {
        let id = format!("{}.{attribute}", creative.message_id);
        let traced = locales.format_traced(locale, &id, None);
        let (text, from) = match traced {
            Some(t) => (t.text, t.from.as_str().to_string()),
            None => {
                problems.push(
                    Message::new("creative-problem-no-text")
                        .message("field", field_name(attribute)),
                );
                (String::new(), String::new())
            }
        };
        let fallback =
            !from.is_empty() && from != locale.as_str() && locale.as_str() != PSEUDO_LOCALE;
        if fallback {
            problems.push(
                Message::new("creative-problem-fallback")
                    .message("field", field_name(attribute))
                    .text("locale", locale.as_str())
                    .text("from", from.clone()),
            );
        }
        let lengths = field.map(|f| measure(limits, f, &text)).unwrap_or_default();
        for m in lengths.iter().filter(|m| m.over()) {
            problems.push(
                Message::new("creative-problem-over")
                    .message("field", field_name(attribute))
                    .number("length", m.length as f64)
                    .message(
                        "platform",
                        Message::new(&format!("creative-platform-{}", m.platform)),
                    )
                    .number("limit", m.limit as f64),
            );
        }
        canonical.push_str(&format!("{attribute}={from}:{text}\n"));
        fields.push(FieldPreview {
            field: attribute.to_string(),
            text,
            from,
            fallback,
            stale: false,
            lengths,
        });
    }
    LocalePreview {
        locale: locale.as_str().to_string(),
        dir: direction(locale.as_str()),
        image_ref: creative.image_ref.clone(),
        fields,
        problems,
        content_hash: catalog::hash(&canonical),
        approval: Approval::NotApproved,
    }
}

/// A creative's preview in `locale` as the campaigner sees it: [`render`], with its texts marked stale when
/// the locale's translation of the message is stale, the pseudo-locale marked as never approvable, and the
/// approval state from `approvals` (approved only while the content hash still matches).
pub fn preview(
    locales: &Locales,
    limits: &AdLimits,
    creative: &CreativeRow,
    locale: &LocaleId,
    stale: bool,
    approvals: &[ApprovalRow],
) -> LocalePreview {
    let mut p = render(locales, limits, creative, locale);
    if stale && locale.as_str() != REFERENCE_LOCALE && locale.as_str() != PSEUDO_LOCALE {
        for f in &mut p.fields {
            f.stale = !f.fallback;
        }
        p.problems.push(
            Message::new("creative-problem-stale").text("message", creative.message_id.clone()),
        );
    }
    if locale.as_str() == PSEUDO_LOCALE {
        p.problems.push(Message::new("creative-problem-pseudo"));
    }
    if let Some(a) = approvals.iter().find(|a| a.locale == locale.as_str()) {
        p.approval = if a.content_hash == p.content_hash {
            Approval::Approved {
                by: a.approved_by.clone(),
                at: a.approved_at,
            }
        } else {
            Approval::Withdrawn {
                by: a.approved_by.clone(),
                at: a.approved_at,
            }
        };
    }
    p
}

/// The locales a creative is previewed in: every available one, the pseudo-locale last (for layouts).
pub fn preview_locales(locales: &Locales) -> Vec<LocaleId> {
    let mut codes: Vec<LocaleId> = locales.available().collect();
    if let Some(p) = locales.get(PSEUDO_LOCALE) {
        codes.push(p);
    }
    codes
}

/// Whether `completeness` marks the creative's message of `campaign.ftl` stale.
pub fn is_stale(completeness: &Completeness, creative: &CreativeRow) -> bool {
    completeness
        .files
        .iter()
        .filter(|f| f.file == CAMPAIGN_FILE)
        .flat_map(|f| f.to_do.iter())
        .any(|m| m.status == Status::Stale && m.id == creative.message_id)
}

/// Why an approval was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApproveError {
    #[error("{locale} cannot be approved: {}", problems.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join("; "))]
    Problems {
        locale: String,
        problems: Vec<Message>,
    },
    #[error("no locale {0:?}")]
    UnknownLocale(String),
}

/// The preview of `locale` that may be approved now: refused while anything in [`LocalePreview::problems`]
/// stands.
pub fn approvable(
    previews: Vec<LocalePreview>,
    locale: &str,
) -> Result<LocalePreview, ApproveError> {
    let Some(preview) = previews.into_iter().find(|p| p.locale == locale) else {
        return Err(ApproveError::UnknownLocale(locale.to_string()));
    };
    if !preview.problems.is_empty() {
        return Err(ApproveError::Problems {
            locale: locale.to_string(),
            problems: preview.problems,
        });
    }
    Ok(preview)
}

/// The locales among `wanted` whose creative is not approved as it renders now: what scheduling a campaign
/// must wait for.
pub fn unapproved(previews: &[LocalePreview], wanted: &[String]) -> Vec<String> {
    wanted
        .iter()
        .filter(|l| {
            !previews
                .iter()
                .any(|p| &p.locale == *l && matches!(p.approval, Approval::Approved { .. }))
        })
        .cloned()
        .collect()
}

/// The field a text belongs to, for templates.
pub fn field_label_id(field: &str) -> &'static str {
    match AdField::from_attribute(field) {
        Some(AdField::Headline) => "creative-field-headline",
        Some(AdField::PrimaryText) => "creative-field-primary-text",
        Some(AdField::Description) => "creative-field-description",
        None => "creative-field-image-alt",
    }
}

/// The messages of the reference `campaign.ftl` that can be creatives (they have every ad-text attribute).
pub fn candidate_messages(locales: &Locales) -> Vec<String> {
    let files = locales.files();
    let Some(campaign) = files
        .get(REFERENCE_LOCALE)
        .and_then(|f| f.get(CAMPAIGN_FILE))
    else {
        return Vec::new();
    };
    let resource = match fluent_syntax::parser::parse(campaign.as_str()) {
        Ok(r) | Err((r, _)) => r,
    };
    resource
        .body
        .iter()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m)
                if FIELDS
                    .iter()
                    .all(|f| m.attributes.iter().any(|a| a.id.name == f.attribute())) =>
            {
                Some(m.id.name.to_string())
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(locale: &str, problems: &[&str], approval: Approval) -> LocalePreview {
        LocalePreview {
            locale: locale.into(),
            dir: "ltr",
            image_ref: "a.jpg".into(),
            fields: Vec::new(),
            problems: problems.iter().map(|p| Message::new(p)).collect(),
            content_hash: "h".into(),
            approval,
        }
    }

    #[test]
    fn only_a_preview_without_problems_is_approvable_and_only_approved_ones_count() {
        let previews = vec![
            shown("en", &[], Approval::Approved { by: None, at: 1 }),
            shown("lt", &[], Approval::Withdrawn { by: None, at: 1 }),
            shown("pl", &["creative-problem-fallback"], Approval::NotApproved),
        ];
        let wanted: Vec<String> = ["en", "lt", "pl"].map(String::from).to_vec();
        assert_eq!(unapproved(&previews, &wanted), ["lt", "pl"]);
        assert_eq!(approvable(previews.clone(), "lt").unwrap().locale, "lt");
        assert!(matches!(
            approvable(previews.clone(), "pl"),
            Err(ApproveError::Problems { .. })
        ));
        assert!(matches!(
            approvable(previews, "xx"),
            Err(ApproveError::UnknownLocale(code)) if code == "xx"
        ));
    }
}
