//! An audience is a region × locales × demographics. Its size per locale is estimated as
//! `residents speaking the locale × share in the chosen age bands × share of the chosen genders`, and every
//! input is stated beside the figure.

use serde::{Deserialize, Serialize};

use super::languages::{LanguageSuggestion, base_tag, format_count};
use crate::config::AudienceConfig;
use crate::message::Message;

/// What campaign staff choose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AudienceSpec {
    pub name: String,
    pub region_id: i64,
    /// Locales (BCP 47), e.g. `["en", "lt"]`.
    pub locales: Vec<String>,
    /// Age bands from `audience.age_bands`; empty means every band.
    #[serde(default)]
    pub age_bands: Vec<String>,
    /// Genders from `audience.genders`; empty means everyone.
    #[serde(default)]
    pub genders: Vec<String>,
}

/// The estimated size for one locale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocaleSize {
    pub locale: String,
    /// Residents of the region estimated to speak it, when known.
    pub speakers: Option<f64>,
    /// Speakers in the chosen age bands and genders.
    pub size: Option<f64>,
    /// How the figure was made, as a message of the locale files.
    pub basis: Message,
}

/// The audience's estimate and every input behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AudienceEstimate {
    pub region_population: Option<f64>,
    pub population_source: String,
    pub age_share: f64,
    pub gender_share: f64,
    pub demographics_source: String,
    pub sizes: Vec<LocaleSize>,
    /// The inputs, one sentence each, as messages of the locale files.
    pub inputs: Vec<Message>,
}

/// Why an audience cannot be made as asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {}", crate::message::english(reason))]
pub struct AudienceError {
    pub field: &'static str,
    pub reason: Message,
}

/// Checks the spec against the available locales and configured groups, normalising its lists.
pub fn check_spec(
    spec: &mut AudienceSpec,
    available_locales: &[String],
    config: &AudienceConfig,
) -> Result<(), AudienceError> {
    let bad = |field, reason: Message| Err(AudienceError { field, reason });
    spec.name = spec.name.trim().to_string();
    if spec.name.is_empty() || spec.name.chars().count() > 200 {
        return bad(
            "name",
            Message::new("refused-name-length").number("max", 200),
        );
    }
    if spec.locales.is_empty() {
        return bad("locales", Message::new("refused-no-locale"));
    }
    let mut locales = Vec::new();
    for l in &spec.locales {
        let l = l.trim();
        let Some(found) = available_locales.iter().find(|a| a.eq_ignore_ascii_case(l)) else {
            return bad(
                "locales",
                Message::new("refused-unknown-locale")
                    .text("code", l)
                    .text("known", available_locales.join(", ")),
            );
        };
        if !locales.contains(found) {
            locales.push(found.clone());
        }
    }
    spec.locales = locales;
    for (field, chosen, known) in [
        ("age_bands", &mut spec.age_bands, &config.age_bands),
        ("genders", &mut spec.genders, &config.genders),
    ] {
        for value in chosen.iter_mut() {
            *value = value.trim().to_string();
            if !known.contains_key(value.as_str()) {
                return bad(
                    field,
                    Message::new("refused-unknown-group")
                        .text("value", value.clone())
                        .text(
                            "known",
                            known.keys().cloned().collect::<Vec<_>>().join(", "),
                        ),
                );
            }
        }
        chosen.sort();
        chosen.dedup();
    }
    Ok(())
}

/// Estimates the audience's size per locale from the region's population and language suggestions.
pub fn estimate(
    spec: &AudienceSpec,
    region_population: Option<f64>,
    population_layer: Option<(&str, &str)>,
    suggestions: &[LanguageSuggestion],
    config: &AudienceConfig,
) -> AudienceEstimate {
    let share = |chosen: &[String], known: &std::collections::BTreeMap<String, f64>| {
        if chosen.is_empty() {
            known.values().sum::<f64>().min(1.0)
        } else {
            chosen.iter().filter_map(|c| known.get(c)).sum::<f64>()
        }
    };
    let age_share = share(&spec.age_bands, &config.age_bands);
    let gender_share = share(&spec.genders, &config.genders);
    let groups = |m: Message, name: &str, chosen: &[String]| {
        if chosen.is_empty() {
            m.message(name, Message::new("audience-all"))
        } else {
            m.text(name, chosen.join(", "))
        }
    };
    let population = match (region_population, population_layer) {
        (Some(p), Some((layer, method))) => Message::new("audience-input-population")
            .text("people", format_count(p))
            .text("layer", layer)
            .text("method", method),
        (Some(p), None) => {
            Message::new("audience-input-population-no-layer").text("people", format_count(p))
        }
        (None, _) => Message::new("audience-input-population-unknown"),
    };
    let shares = Message::new("audience-input-groups");
    let shares = groups(shares, "ages", &spec.age_bands).percent("age_share", age_share);
    let shares = groups(shares, "genders", &spec.genders)
        .percent("gender_share", gender_share)
        .text("source", config.demographics_source.clone());
    let mut inputs = vec![
        population,
        shares,
        Message::new("audience-input-independent"),
    ];
    let sizes = spec
        .locales
        .iter()
        .map(|locale| {
            let suggestion = suggestions.iter().find(|s| s.locale == base_tag(locale));
            let speakers = suggestion.and_then(|s| s.residents);
            let size = speakers.map(|s| s * age_share * gender_share);
            let basis = match (suggestion, speakers) {
                (Some(s), Some(_)) => s
                    .sources
                    .first()
                    .cloned()
                    .unwrap_or_else(|| Message::new("audience-basis-unknown")),
                _ => Message::new("audience-basis-unknown"),
            };
            LocaleSize {
                locale: locale.clone(),
                speakers,
                size,
                basis,
            }
        })
        .collect::<Vec<_>>();
    for s in &sizes {
        inputs.push(
            Message::new("audience-input-locale")
                .text("locale", s.locale.clone())
                .message("basis", s.basis.clone()),
        );
    }
    AudienceEstimate {
        region_population,
        population_source: population_layer
            .map(|(layer, method)| format!("{layer}: {method}"))
            .unwrap_or_default(),
        age_share,
        gender_share,
        demographics_source: config.demographics_source.clone(),
        sizes,
        inputs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn config() -> AudienceConfig {
        Config::load_from(&crate::config::Overrides::default(), &[])
            .unwrap()
            .audience
    }

    #[test]
    fn sizes_multiply_speakers_by_group_shares() {
        let config = config();
        let available = vec!["en".to_string(), "lt".to_string()];
        let mut spec = AudienceSpec {
            name: " Fenland adults ".into(),
            region_id: 1,
            locales: vec!["LT".into(), "en".into(), "lt".into()],
            age_bands: vec!["18-24".into(), "25-34".into()],
            genders: vec![],
        };
        check_spec(&mut spec, &available, &config).unwrap();
        assert_eq!(spec.locales, vec!["lt", "en"]);
        assert_eq!(spec.name, "Fenland adults");
        let suggestions = vec![LanguageSuggestion {
            locale: "lt".into(),
            residents: Some(4000.0),
            victims_in_region: 0.0,
            victims_on_routes: 0.0,
            available: true,
            sources: vec![Message::new("evidence-share")],
            nationalities: Vec::new(),
        }];
        let e = estimate(
            &spec,
            Some(100_000.0),
            Some(("demo layer", "a method")),
            &suggestions,
            &config,
        );
        let lt = &e.sizes[0];
        let age = config.age_bands["18-24"] + config.age_bands["25-34"];
        assert!(
            (lt.size.unwrap() - 4000.0 * age * 1.0).abs() < 1e-6,
            "{lt:?}"
        );
        assert_eq!(e.sizes[1].size, None);
        assert_eq!(
            e.inputs[0].arg("people"),
            Some(&crate::message::Arg::Text("100,000".into()))
        );
    }

    #[test]
    fn unknown_locales_and_groups_are_named() {
        let config = config();
        let available = vec!["en".to_string(), "lt".to_string()];
        let mut spec = AudienceSpec {
            name: "x".into(),
            region_id: 1,
            locales: vec!["xx".into()],
            age_bands: vec![],
            genders: vec![],
        };
        let e = check_spec(&mut spec, &available, &config).unwrap_err();
        assert_eq!(e.field, "locales");
        let text = e.to_string();
        assert!(text.contains("“xx”") && text.contains("en, lt"), "{text}");
        spec.locales = vec!["en".into()];
        spec.genders = vec!["robot".into()];
        let e = check_spec(&mut spec, &available, &config).unwrap_err();
        assert_eq!(e.field, "genders");
    }
}
