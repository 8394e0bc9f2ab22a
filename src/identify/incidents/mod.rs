//! Incidents: the fields anti-trafficking analysts collect, and nothing that identifies a person.
//!
//! There is deliberately no field for a name, a contact, or a free-text narrative. Locations are a point, a
//! country (ISO 3166-1 alpha-2), or both. Every categorical field is checked against the configured
//! vocabulary, so that the same thing is always called by the same word.

pub mod community;
pub mod date;
pub mod import;
pub mod points;

use std::collections::BTreeSet;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Vocabulary;
use date::PartialDate;

const CLDR_TERRITORIES: &str = include_str!("../../../assets/geo/country_languages_cldr48.csv");

/// An ISO 3166-1 alpha-2 country code known to CLDR (upper case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Parses a code such as `gb` or `LT`; unknown codes are refused.
    pub fn parse(input: &str) -> Result<Self, String> {
        let code = input.trim().to_ascii_uppercase();
        let bytes = code.as_bytes();
        if bytes.len() != 2 || !bytes.iter().all(u8::is_ascii_uppercase) {
            return Err(format!(
                "`{}` is not a two-letter ISO 3166 country code",
                input.trim()
            ));
        }
        if !known_countries().contains(&code) {
            return Err(format!("`{code}` is not a known ISO 3166 country code"));
        }
        Ok(Self([bytes[0], bytes[1]]))
    }

    pub fn as_str(&self) -> &str {
        // Always two ASCII upper-case letters.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CountryCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The territory codes of CLDR's territory information (ISO 3166-1 alpha-2 and a few CLDR additions).
fn known_countries() -> &'static BTreeSet<String> {
    static CODES: OnceLock<BTreeSet<String>> = OnceLock::new();
    CODES.get_or_init(|| {
        CLDR_TERRITORIES
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .filter(|c| c.len() == 2)
            .map(str::to_string)
            .collect()
    })
}

/// A point, checked to be on Earth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub latitude: f64,
    pub longitude: f64,
}

impl GeoPoint {
    pub fn new(latitude: f64, longitude: f64) -> Result<Self, String> {
        if !latitude.is_finite() || !(-90.0..=90.0).contains(&latitude) {
            return Err(format!("latitude {latitude} is outside -90..90"));
        }
        if !longitude.is_finite() || !(-180.0..=180.0).contains(&longitude) {
            return Err(format!("longitude {longitude} is outside -180..180"));
        }
        Ok(Self {
            latitude,
            longitude,
        })
    }
}

/// Where one stage of a case happened: a point, a country, or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<GeoPoint>,
}

impl Place {
    pub fn is_empty(&self) -> bool {
        self.country.is_none() && self.point.is_none()
    }
}

/// Who, in broad bands only: never a name, a date of birth or a contact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Demographics {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<CountryCode>,
}

/// An incident ready to be stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewIncident {
    /// The source's own identifier, when it has one (used to recognise the same record again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    pub date: PartialDate,
    #[serde(default)]
    pub source: Place,
    #[serde(default)]
    pub transit: Place,
    #[serde(default)]
    pub destination: Place,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recruitment: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub control_methods: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exploitation_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exploitation_subtype: Option<String>,
    #[serde(default)]
    pub victim: Demographics,
    #[serde(default)]
    pub offender: Demographics,
    pub data_source: String,
    /// How sure the source is, 0 to 1; it weights hotspot counts.
    pub confidence: f64,
}

/// A field that failed a check, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub reason: String,
}

impl NewIncident {
    /// Checks every categorical field against the vocabulary (normalising case and spacing) and the
    /// numbers against their ranges. Returns every problem, not only the first.
    pub fn validate(&mut self, vocabulary: &Vocabulary) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |field: &str, value: &mut Option<String>, allowed: &[String]| {
            if let Some(v) = value.as_mut() {
                match normalise_term(v, allowed) {
                    Some(term) => *v = term,
                    None => errors.push(FieldError {
                        field: field.into(),
                        reason: format!("`{v}` is not in the vocabulary ({})", allowed.join(", ")),
                    }),
                }
            }
        };
        check(
            "recruitment",
            &mut self.recruitment,
            &vocabulary.recruitment,
        );
        check("transport", &mut self.transport, &vocabulary.transport);
        check(
            "exploitation_type",
            &mut self.exploitation_type,
            &vocabulary.exploitation_types,
        );
        check(
            "exploitation_subtype",
            &mut self.exploitation_subtype,
            &vocabulary.exploitation_subtypes,
        );
        check(
            "victim_age_band",
            &mut self.victim.age_band,
            &vocabulary.age_bands,
        );
        check(
            "victim_gender",
            &mut self.victim.gender,
            &vocabulary.genders,
        );
        check(
            "offender_age_band",
            &mut self.offender.age_band,
            &vocabulary.age_bands,
        );
        check(
            "offender_gender",
            &mut self.offender.gender,
            &vocabulary.genders,
        );
        let mut source = Some(self.data_source.clone());
        check("data_source", &mut source, &vocabulary.data_sources);
        if let Some(s) = source {
            self.data_source = s;
        }
        let mut methods = Vec::new();
        for m in &self.control_methods {
            match normalise_term(m, &vocabulary.control_methods) {
                Some(t) => methods.push(t),
                None => errors.push(FieldError {
                    field: "control_methods".into(),
                    reason: format!(
                        "`{m}` is not in the vocabulary ({})",
                        vocabulary.control_methods.join(", ")
                    ),
                }),
            }
        }
        methods.sort();
        methods.dedup();
        self.control_methods = methods;
        if !(self.confidence.is_finite() && (0.0..=1.0).contains(&self.confidence)) {
            errors.push(FieldError {
                field: "confidence".into(),
                reason: format!("{} is outside 0..1", self.confidence),
            });
        }
        if let Some(id) = &self.external_id
            && (id.trim().is_empty() || id.len() > 200)
        {
            errors.push(FieldError {
                field: "id".into(),
                reason: "an id has 1 to 200 characters".into(),
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The record's content in a canonical form: two records with the same content have the same basis.
    pub fn content_hash(&self) -> String {
        let mut copy = self.clone();
        copy.external_id = None;
        let json = serde_json::to_string(&copy).unwrap_or_default();
        hex::encode(Sha256::digest(json.as_bytes()))
    }
}

/// Matches a term to the vocabulary: case-insensitive, with spaces, underscores and slashes read as hyphens.
pub fn normalise_term(input: &str, allowed: &[String]) -> Option<String> {
    // Most values are already in the vocabulary's own spelling: skip the slugging for them.
    if let Some(exact) = allowed.iter().find(|a| a.as_str() == input) {
        return Some(exact.clone());
    }
    let key = slug(input);
    allowed.iter().find(|a| slug(a) == key).cloned()
}

/// `Forced Labour` → `forced-labour`.
pub fn slug(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut dash = false;
    for c in input.trim().chars() {
        if c.is_alphanumeric() || c == '+' {
            out.extend(c.to_lowercase());
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A dedupe key: the first 128 bits of SHA-256, in hex (collisions are out of reach at any realistic size,
/// and a short key keeps the unique index small for bulk imports).
fn short_key(basis: &str) -> String {
    hex::encode(&Sha256::digest(basis.as_bytes())[..16])
}

/// Stable keys that recognise records already imported. A record with an id is keyed by its source and id;
/// one without is keyed by its content and by how many identical records came before it in the same batch,
/// so re-importing a file adds nothing while genuinely repeated cases (CTDC has many identical rows) all count.
#[derive(Debug, Default)]
pub struct DedupeKeys {
    seen: std::collections::HashMap<String, u32>,
}

impl DedupeKeys {
    pub fn key(&mut self, incident: &NewIncident) -> String {
        match DedupeBasis::of(incident) {
            DedupeBasis::Key(key) => key,
            DedupeBasis::Content(content) => {
                let n = self.seen.entry(content.clone()).or_insert(0);
                *n += 1;
                content_key(&content, u64::from(*n))
            }
        }
    }
}

/// What a record's dedupe key is made from: the key itself for a record with an id; its content for one
/// without, whose key also needs how many identical records came before it ([`content_key`]). A store
/// that counts those itself (over a file too large to count in memory) makes the same keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DedupeBasis {
    Key(String),
    /// The content hash (64 hexadecimal digits).
    Content(String),
}

impl DedupeBasis {
    pub fn of(incident: &NewIncident) -> Self {
        match &incident.external_id {
            Some(id) => DedupeBasis::Key(short_key(&format!(
                "id\u{1f}{}\u{1f}{}",
                incident.data_source,
                id.trim()
            ))),
            None => DedupeBasis::Content(incident.content_hash()),
        }
    }
}

/// The key of the `n`th record (from 1) with this content hash: the first 32 hexadecimal digits of the
/// SHA-256 of `content`, U+001F, the hash, U+001F, `n` in decimal.
pub fn content_key(content: &str, n: u64) -> String {
    short_key(&format!("content\u{1f}{content}\u{1f}{n}"))
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportOutcome {
    /// The import's id (absent in a dry run).
    pub import_id: Option<i64>,
    pub rows: u64,
    pub added: u64,
    /// Records already stored (recognised by their dedupe key), so not added again.
    pub duplicates: u64,
    pub dry_run: bool,
}

/// Filters on incidents; `None` means any.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
pub struct IncidentFilter {
    /// First year included.
    pub from_year: Option<i32>,
    /// Last year included.
    pub to_year: Option<i32>,
    pub exploitation_type: Option<String>,
    /// Victim nationality, ISO 3166 alpha-2.
    pub nationality: Option<String>,
    pub data_source: Option<String>,
    pub victim_gender: Option<String>,
    pub recruitment: Option<String>,
}

/// An incident as analysts read it (never outside the analyst role; every read is audited).
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredIncident {
    pub id: i64,
    pub external_id: Option<String>,
    pub year: i64,
    pub month: Option<i64>,
    pub day: Option<i64>,
    pub source_country: Option<String>,
    pub transit_country: Option<String>,
    pub destination_country: Option<String>,
    pub destination_lat: Option<f64>,
    pub destination_lon: Option<f64>,
    pub recruitment: Option<String>,
    pub control_methods: Vec<String>,
    pub transport: Option<String>,
    pub exploitation_type: Option<String>,
    pub exploitation_subtype: Option<String>,
    pub victim_age_band: Option<String>,
    pub victim_gender: Option<String>,
    pub victim_nationality: Option<String>,
    pub data_source: String,
    pub confidence: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident() -> NewIncident {
        NewIncident {
            external_id: None,
            date: PartialDate::year_month(2019, 6).unwrap(),
            source: Place {
                country: Some(CountryCode::parse("LT").unwrap()),
                point: None,
            },
            transit: Place::default(),
            destination: Place {
                country: Some(CountryCode::parse("gb").unwrap()),
                point: Some(GeoPoint::new(52.66, 0.16).unwrap()),
            },
            recruitment: Some("Job offer".into()),
            control_methods: vec!["Debt bondage".into(), "withholds_documents".into()],
            transport: None,
            exploitation_type: Some("Forced labour".into()),
            exploitation_subtype: Some("agriculture".into()),
            victim: Demographics {
                age_band: Some("30-38".into()),
                gender: Some("Male".into()),
                nationality: None,
            },
            offender: Demographics::default(),
            data_source: "police".into(),
            confidence: 0.8,
        }
    }

    #[test]
    fn country_codes_are_checked() {
        assert_eq!(CountryCode::parse(" gb ").unwrap().as_str(), "GB");
        assert!(CountryCode::parse("UK").is_err());
        assert!(CountryCode::parse("GBR").is_err());
        assert!(CountryCode::parse("0").is_err());
    }

    #[test]
    fn points_are_on_earth() {
        assert!(GeoPoint::new(91.0, 0.0).is_err());
        assert!(GeoPoint::new(0.0, 181.0).is_err());
        assert!(GeoPoint::new(f64::NAN, 0.0).is_err());
    }

    #[test]
    fn vocabulary_normalises_and_names_unknown_terms() {
        let v = Vocabulary::default();
        let mut i = incident();
        i.validate(&v).unwrap();
        assert_eq!(i.exploitation_type.as_deref(), Some("forced-labour"));
        assert_eq!(
            i.control_methods,
            vec!["debt-bondage", "withholds-documents"]
        );
        assert_eq!(i.victim.gender.as_deref(), Some("male"));
        let mut bad = incident();
        bad.exploitation_type = Some("smuggling".into());
        bad.confidence = 2.0;
        let errors = bad.validate(&v).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["exploitation_type", "confidence"]);
    }

    #[test]
    fn dedupe_keys_count_repeats_within_a_batch_and_repeat_across_batches() {
        let a = incident();
        let mut first = DedupeKeys::default();
        let k1 = first.key(&a);
        let k2 = first.key(&a);
        assert_ne!(k1, k2, "two identical cases in one file are two cases");
        let mut again = DedupeKeys::default();
        assert_eq!(again.key(&a), k1, "the same file again gives the same keys");
        let mut with_id = a.clone();
        with_id.external_id = Some("case-17".into());
        let mut other = with_id.clone();
        other.confidence = 0.5;
        assert_eq!(
            DedupeKeys::default().key(&with_id),
            DedupeKeys::default().key(&other)
        );
    }
}
