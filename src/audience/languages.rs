//! Community languages: which locales a campaign in a region should speak, ranked by estimated speakers,
//! each estimate with where it came from.
//!
//! Three kinds of evidence, kept apart because they count different things:
//! - **residents**: configured community shares for the region (e.g. "Lithuanian: 4% of Fenland"), and the
//!   host country's official languages from CLDR (English, 98% of the United Kingdom), times the region's
//!   population;
//! - **victims in the region's incidents**: each victim's nationality turned into languages with CLDR's
//!   language shares for that country (a Lithuanian victim counts 0.86 towards `lt` and 0.80 towards `ru`);
//! - **victims on routes into the country**: the same, for incidents whose destination is the region's country.
//!
//! Suggestions are ranked by resident speakers where there is such an estimate, then by victims.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Serialize;

use crate::message::Message;

const CLDR: &str = include_str!("../../assets/geo/country_languages_cldr48.csv");

/// One language of a territory, from CLDR 48's `territoryInfo`.
#[derive(Debug, Clone)]
pub struct TerritoryLanguage {
    /// BCP 47 language tag, with `-` (`sr-Latn`), as Beacon's locales are named.
    pub language: String,
    /// Share of the territory's population that speaks it, 0 to 1.
    pub share: f64,
    pub official: bool,
}

/// CLDR's language shares per territory (ISO 3166 alpha-2) and the territories' names.
#[derive(Debug, Default)]
pub struct Cldr {
    territories: HashMap<String, (String, Vec<TerritoryLanguage>)>,
}

impl Cldr {
    /// The shipped CLDR 48 table.
    pub fn shipped() -> &'static Cldr {
        static CLDR_TABLE: OnceLock<Cldr> = OnceLock::new();
        CLDR_TABLE.get_or_init(|| {
            Cldr::parse(CLDR).unwrap_or_else(|e| panic!("the shipped CLDR table is broken: {e}"))
        })
    }

    pub fn parse(text: &str) -> Result<Cldr, String> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut cldr = Cldr::default();
        for (i, record) in reader.records().enumerate() {
            let r = record.map_err(|e| format!("line {}: {e}", i + 2))?;
            let (Some(code), Some(name), Some(language), Some(percent)) =
                (r.get(0), r.get(3), r.get(5), r.get(6))
            else {
                return Err(format!("line {}: too few fields", i + 2));
            };
            let share = percent
                .parse::<f64>()
                .map_err(|_| format!("line {}: population_percent {percent:?}", i + 2))?
                / 100.0;
            let entry = cldr
                .territories
                .entry(code.to_ascii_uppercase())
                .or_insert_with(|| (name.to_string(), Vec::new()));
            entry.1.push(TerritoryLanguage {
                language: language.replace('_', "-"),
                share: share.clamp(0.0, 1.0),
                official: r.get(7) == Some("official"),
            });
        }
        Ok(cldr)
    }

    pub fn languages(&self, country: &str) -> &[TerritoryLanguage] {
        self.territories
            .get(&country.to_ascii_uppercase())
            .map(|t| t.1.as_slice())
            .unwrap_or(&[])
    }

    pub fn country_name<'a>(&'a self, country: &'a str) -> &'a str {
        self.territories
            .get(&country.to_ascii_uppercase())
            .map(|t| t.0.as_str())
            .filter(|n| !n.is_empty())
            .unwrap_or(country)
    }
}

/// A configured share of a region's residents who speak a language.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct CommunityShare {
    /// Locale (BCP 47 language tag), e.g. `lt`.
    pub locale: String,
    /// Share of the region's residents, 0 to 1.
    pub share: f64,
    /// Where the figure comes from (shown with every estimate).
    pub source: String,
}

/// Everything a suggestion is made from.
#[derive(Debug, Clone, Default)]
pub struct LanguageEvidence {
    /// People living in the region (None when no population is known).
    pub population: Option<f64>,
    /// ISO 3166 alpha-2 code of the country the region lies in.
    pub host_country: Option<String>,
    pub shares: Vec<CommunityShare>,
    /// Victim nationality (ISO alpha-2) → incidents in the region.
    pub region_nationalities: BTreeMap<String, u64>,
    /// Victim nationality → incidents whose destination is the host country.
    pub route_nationalities: BTreeMap<String, u64>,
}

/// One suggested locale.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageSuggestion {
    pub locale: String,
    /// Estimated residents of the region who speak it (configured share or the host country's CLDR share).
    pub residents: Option<f64>,
    /// Victims in the region's incidents whose nationality's languages include it (CLDR-weighted).
    pub victims_in_region: f64,
    /// The same for incidents with the region's country as destination.
    pub victims_on_routes: f64,
    /// Whether Beacon has locale files for it (campaign texts can be written in it).
    pub available: bool,
    /// Where each estimate comes from, as messages of the locale files.
    pub sources: Vec<Message>,
    /// The incidents behind `victims_in_region` and `victims_on_routes`, per nationality, as the disclosure
    /// policy publishes them (0 is left out; none is under k).
    pub nationalities: Vec<NationalityEvidence>,
}

/// Incidents of one victim nationality behind a suggestion.
#[derive(Debug, Clone, Serialize)]
pub struct NationalityEvidence {
    /// ISO 3166 alpha-2.
    pub country: String,
    pub incidents: u64,
    /// Share of the country's people who speak the language (CLDR).
    pub share: f64,
    /// In the region's incidents (true) or on routes into its country (false).
    pub in_region: bool,
}

/// Ranks the languages the evidence points to. `available` lists the locales Beacon has files for.
pub fn suggest(
    cldr: &Cldr,
    evidence: &LanguageEvidence,
    available: &[String],
) -> Vec<LanguageSuggestion> {
    let mut by_locale: BTreeMap<String, LanguageSuggestion> = BTreeMap::new();
    let population = evidence.population;
    // Configured shares win over CLDR's host-country shares for the same language.
    for s in &evidence.shares {
        let e = slot(&mut by_locale, &s.locale, available);
        let residents = population.map(|p| p * s.share);
        e.residents = residents;
        e.sources.push(match residents {
            Some(r) => Message::new("evidence-share")
                .percent("share", s.share)
                .text("source", s.source.clone())
                .text("people", format_count(r)),
            None => Message::new("evidence-share-unsized")
                .percent("share", s.share)
                .text("source", s.source.clone()),
        });
    }
    if let Some(host) = &evidence.host_country {
        for l in cldr.languages(host) {
            // Only the country's official languages: CLDR's other shares include second-language
            // speakers (17% of the UK speak French), which says nothing about a community.
            if !l.official || l.share < 0.005 {
                continue;
            }
            let configured = evidence
                .shares
                .iter()
                .any(|s| base_tag(&s.locale) == base_tag(&l.language));
            let e = slot(&mut by_locale, &l.language, available);
            if configured {
                continue;
            }
            let residents = population.map(|p| p * l.share);
            e.residents = residents;
            e.sources.push(match residents {
                Some(r) => Message::new("evidence-cldr-residents")
                    .percent("share", l.share)
                    .text("country", host.clone())
                    .text("residents", format_count(r)),
                None => Message::new("evidence-cldr")
                    .percent("share", l.share)
                    .text("country", host.clone()),
            });
        }
    }
    let mut add_victims = |nationalities: &BTreeMap<String, u64>, in_region: bool| {
        // Per language: total weight and the nationalities behind it.
        let mut per_language: BTreeMap<String, (f64, Vec<Message>, Vec<NationalityEvidence>)> =
            BTreeMap::new();
        for (country, &count) in nationalities {
            for l in cldr.languages(country) {
                if l.share < 0.05 {
                    continue;
                }
                let w = per_language.entry(base_tag(&l.language)).or_default();
                w.0 += count as f64 * l.share;
                w.2.push(NationalityEvidence {
                    country: country.clone(),
                    incidents: count,
                    share: l.share,
                    in_region,
                });
                w.1.push(
                    Message::new("evidence-nationality")
                        .number("count", count as f64)
                        .text("country", country.clone())
                        .number("share", (l.share * 100.0).round()),
                );
            }
        }
        for (language, (weight, from, behind)) in per_language {
            let e = slot(&mut by_locale, &language, available);
            e.nationalities.extend(behind);
            if in_region {
                e.victims_in_region += weight;
            } else {
                e.victims_on_routes += weight;
            }
            let id = if in_region {
                "evidence-victims-region"
            } else {
                "evidence-victims-routes"
            };
            e.sources.push(
                Message::new(id)
                    .number("victims", (weight * 10.0).round() / 10.0)
                    .list("from", from),
            );
        }
    };
    add_victims(&evidence.region_nationalities, true);
    add_victims(&evidence.route_nationalities, false);
    let mut out: Vec<LanguageSuggestion> = by_locale.into_values().collect();
    out.sort_by(|a, b| {
        let key = |s: &LanguageSuggestion| {
            (
                s.residents.unwrap_or(-1.0),
                s.victims_in_region + s.victims_on_routes,
            )
        };
        let (ka, kb) = (key(a), key(b));
        kb.0.total_cmp(&ka.0)
            .then(kb.1.total_cmp(&ka.1))
            .then(a.locale.cmp(&b.locale))
    });
    out
}

fn slot<'a>(
    map: &'a mut BTreeMap<String, LanguageSuggestion>,
    locale: &str,
    available: &[String],
) -> &'a mut LanguageSuggestion {
    let key = base_tag(locale);
    map.entry(key.clone())
        .or_insert_with(|| LanguageSuggestion {
            available: available.iter().any(|a| base_tag(a) == key),
            locale: key,
            residents: None,
            victims_in_region: 0.0,
            victims_on_routes: 0.0,
            sources: Vec::new(),
            nationalities: Vec::new(),
        })
}

/// The language part of a tag, lower case (`sr-Latn` → `sr`, `pt_BR` → `pt`).
pub fn base_tag(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

/// A whole number with thousands separators.
pub fn format_count(n: f64) -> String {
    let n = n.round() as i64;
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Arg;

    #[test]
    fn cldr_table_reads() {
        let cldr = Cldr::shipped();
        let lt = cldr.languages("LT");
        let share = |code: &str| lt.iter().find(|l| l.language == code).map(|l| l.share);
        assert_eq!(share("lt"), Some(0.86));
        assert_eq!(share("ru"), Some(0.80));
        assert!(!cldr.languages("GB").is_empty());
        assert_eq!(cldr.country_name("LT"), "Lithuania");
    }

    #[test]
    fn suggestions_rank_and_explain() {
        let evidence = LanguageEvidence {
            population: Some(100_000.0),
            host_country: Some("GB".into()),
            shares: vec![CommunityShare {
                locale: "lt".into(),
                share: 0.04,
                source: "demo figure".into(),
            }],
            region_nationalities: BTreeMap::from([("LT".into(), 10), ("RO".into(), 5)]),
            route_nationalities: BTreeMap::new(),
        };
        let available = vec!["en".to_string(), "lt".to_string()];
        let s = suggest(Cldr::shipped(), &evidence, &available);
        assert_eq!(s[0].locale, "en");
        assert!(s[0].available);
        let lt = s.iter().find(|x| x.locale == "lt").unwrap();
        assert_eq!(lt.residents, Some(4000.0));
        assert!((lt.victims_in_region - 8.6).abs() < 1e-9);
        assert!(
            lt.sources
                .iter()
                .any(|x| x.id == "evidence-share" && x.args[0].1 == Arg::Number(4.0)),
            "{:?}",
            lt.sources
        );
        assert!(
            lt.sources
                .iter()
                .any(|x| format!("{x:?}").contains(r#"Text("LT")"#)),
            "{:?}",
            lt.sources
        );
        let ro = s.iter().find(|x| x.locale == "ro").unwrap();
        assert!(!ro.available);
        assert!((ro.victims_in_region - 4.5).abs() < 1e-9);
        // Russian comes only from Lithuanian victims (80%): ranked after Romanian? No: 8.0 > 4.5.
        let pos = |code: &str| s.iter().position(|x| x.locale == code).unwrap();
        assert!(pos("lt") < pos("ru") && pos("ru") < pos("ro"));
        assert_eq!(format_count(1234567.4), "1,234,567");
    }
}
