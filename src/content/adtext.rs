//! Ad texts and the platforms' length limits, counted the way each platform counts.
//!
//! A creative's texts are the attributes `.headline`, `.primary-text` and `.description` of one Fluent
//! message in `campaign.ftl`. Meta counts characters as people see them (a letter with its accents, or an
//! emoji, is one); Google Ads counts double-width characters (Chinese, Japanese, Korean and other East Asian
//! wide forms) as two. Limits live in config (`[content.ad_text.*]`) so they can follow the vendors' changes.

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// The locale file that holds creatives.
pub const CAMPAIGN_FILE: &str = "campaign.ftl";

/// The ad-text fields, as Fluent attribute names.
pub const FIELDS: [AdField; 3] = [
    AdField::Headline,
    AdField::PrimaryText,
    AdField::Description,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdField {
    Headline,
    PrimaryText,
    Description,
}

impl AdField {
    /// The Fluent attribute that holds the field.
    pub fn attribute(self) -> &'static str {
        match self {
            AdField::Headline => "headline",
            AdField::PrimaryText => "primary-text",
            AdField::Description => "description",
        }
    }

    pub fn from_attribute(name: &str) -> Option<Self> {
        FIELDS.into_iter().find(|f| f.attribute() == name)
    }
}

/// How a platform counts a text's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Counting {
    /// Characters as readers see them (extended grapheme clusters).
    Characters,
    /// Characters, with East Asian wide and fullwidth ones counting two.
    DoubleWidth,
}

impl Counting {
    pub fn count(self, text: &str) -> usize {
        // Bidi isolation marks are Beacon's, not the translator's: platforms never see them.
        let clean: String = text
            .chars()
            .filter(|c| !matches!(c, '\u{2068}' | '\u{2069}'))
            .collect();
        match self {
            Counting::Characters => clean.graphemes(true).count(),
            Counting::DoubleWidth => clean
                .graphemes(true)
                .map(|g| {
                    if g.chars()
                        .any(|c| unicode_width::UnicodeWidthChar::width(c) == Some(2))
                    {
                        2
                    } else {
                        1
                    }
                })
                .sum(),
        }
    }
}

/// One platform's limits (see `[content.ad_text.meta]` in config/default.toml).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TextLimits {
    pub counting: Counting,
    pub headline: usize,
    pub primary_text: usize,
    pub description: usize,
}

impl TextLimits {
    pub fn limit(&self, field: AdField) -> usize {
        match field {
            AdField::Headline => self.headline,
            AdField::PrimaryText => self.primary_text,
            AdField::Description => self.description,
        }
    }
}

/// The limits of every platform Beacon knows.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdLimits {
    pub meta: TextLimits,
    pub google: TextLimits,
}

impl Default for AdLimits {
    /// The values of config/default.toml.
    fn default() -> Self {
        Self {
            meta: TextLimits {
                counting: Counting::Characters,
                headline: 40,
                primary_text: 125,
                description: 30,
            },
            google: TextLimits {
                counting: Counting::DoubleWidth,
                headline: 30,
                primary_text: 90,
                description: 90,
            },
        }
    }
}

impl AdLimits {
    pub fn platforms(&self) -> [(&'static str, &TextLimits); 2] {
        [("meta", &self.meta), ("google", &self.google)]
    }
}

/// A field measured on one platform.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measured {
    pub platform: &'static str,
    pub field: AdField,
    pub length: usize,
    pub limit: usize,
}

impl Measured {
    pub fn over(&self) -> bool {
        self.length > self.limit
    }
}

/// Measures one field's text on every platform.
pub fn measure(limits: &AdLimits, field: AdField, text: &str) -> Vec<Measured> {
    limits
        .platforms()
        .into_iter()
        .map(|(platform, l)| Measured {
            platform,
            field,
            length: l.counting.count(text),
            limit: l.limit(field),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_count_differently() {
        // "e" + combining acute is one character as read; a family emoji is one; 漢字 is two wide characters.
        assert_eq!(Counting::Characters.count("Cafe\u{301}"), 4);
        assert_eq!(Counting::Characters.count("👨‍👩‍👧 ok"), 4);
        assert_eq!(Counting::Characters.count("漢字"), 2);
        assert_eq!(Counting::DoubleWidth.count("漢字"), 4);
        assert_eq!(Counting::DoubleWidth.count("Žinok savo teises"), 17);
        assert_eq!(Counting::Characters.count("\u{2068}Jonas\u{2069}"), 5);
    }

    #[test]
    fn measure_flags_texts_over_a_platform_limit() {
        let limits = AdLimits::default();
        let text = "x".repeat(35);
        let m = measure(&limits, AdField::Headline, &text);
        let meta = m.iter().find(|m| m.platform == "meta").unwrap();
        let google = m.iter().find(|m| m.platform == "google").unwrap();
        assert!(!meta.over() && google.over());
        assert_eq!((google.length, google.limit), (35, 30));
    }
}
