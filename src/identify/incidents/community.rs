//! Anonymous community reports: what someone saw, roughly where and on which day, and nothing else.
//!
//! The location is coarsened to an H3 cell (resolution 7 by default, about 5 km²) and the time to the day
//! before anything is written. There is no free text: a reporter picks a category and the signs they saw, so
//! a report cannot carry a name or an address by accident.

use h3o::{CellIndex, LatLng, Resolution};

use super::date::PartialDate;
use super::{GeoPoint, NewIncident, Place};

/// What kind of exploitation the reporter suspects, and the incident vocabulary it maps to.
pub const CATEGORIES: [(&str, &str, Option<&str>); 5] = [
    ("labour", "forced-labour", None),
    ("sexual", "sexual", None),
    ("domestic", "forced-labour", Some("domestic-work")),
    ("criminal", "forced-criminality", None),
    ("other", "other", None),
];

/// Signs a reporter can tick (the red flags of awareness campaigns), and the control method each suggests.
pub const SIGNS: [(&str, &str); 8] = [
    ("controlled", "restricts-movement"),
    ("documents", "withholds-documents"),
    ("debt", "debt-bondage"),
    ("earnings", "takes-earnings"),
    ("fear", "threats"),
    ("injuries", "physical-abuse"),
    ("housing", "withholds-necessities"),
    ("transport", "other"),
];

/// A report as it will be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReport {
    pub day: time::Date,
    pub cell: CellIndex,
    pub category: &'static str,
    pub signs: Vec<&'static str>,
    pub locale: String,
}

/// Why a report form cannot be accepted; `field` is the form field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportError {
    pub field: &'static str,
    pub message_id: &'static str,
}

/// Turns the form's values into a report, coarsening the place and checking every field.
pub fn build_report(
    day: &str,
    today: time::Date,
    point: Option<(f64, f64)>,
    category: &str,
    signs: &[String],
    locale: &str,
    resolution: Resolution,
) -> Result<NewReport, Vec<ReportError>> {
    let mut errors = Vec::new();
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let parsed_day = match time::Date::parse(day.trim(), format) {
        Ok(d) if d > today => {
            errors.push(ReportError {
                field: "day",
                message_id: "report-error-future",
            });
            None
        }
        Ok(d) if (today - d).whole_days() > 366 => {
            errors.push(ReportError {
                field: "day",
                message_id: "report-error-old",
            });
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(ReportError {
                field: "day",
                message_id: "report-error-day",
            });
            None
        }
    };
    let cell = match point {
        Some((lat, lon)) => match coarsen(lat, lon, resolution) {
            Ok(c) => Some(c),
            Err(_) => {
                errors.push(ReportError {
                    field: "place",
                    message_id: "report-error-place",
                });
                None
            }
        },
        None => {
            errors.push(ReportError {
                field: "place",
                message_id: "report-error-place",
            });
            None
        }
    };
    let category = CATEGORIES.iter().find(|c| c.0 == category).map(|c| c.0);
    if category.is_none() {
        errors.push(ReportError {
            field: "category",
            message_id: "report-error-category",
        });
    }
    let mut chosen = Vec::new();
    for s in signs {
        match SIGNS.iter().find(|(code, _)| code == s) {
            Some((code, _)) => chosen.push(*code),
            None => errors.push(ReportError {
                field: "signs",
                message_id: "report-error-signs",
            }),
        }
    }
    chosen.sort_unstable();
    chosen.dedup();
    match (parsed_day, cell, category, errors.is_empty()) {
        (Some(day), Some(cell), Some(category), true) => Ok(NewReport {
            day,
            cell,
            category,
            signs: chosen,
            locale: locale.to_string(),
        }),
        _ => Err(errors),
    }
}

/// A new report's identifier: random, so that the nth report sent is not report n and no id tells when a
/// report arrived or how many came before it. Positive and below 2^53, so that it stays exact as a JSON
/// number in any client (JavaScript's integers are exact only up to 2^53).
pub fn new_report_id() -> i64 {
    use rand::Rng;
    rand::rngs::OsRng.gen_range(1..(1i64 << 53))
}

/// The H3 cell of a point at `resolution`: the only location a report keeps.
pub fn coarsen(lat: f64, lon: f64, resolution: Resolution) -> Result<CellIndex, String> {
    GeoPoint::new(lat, lon)?;
    LatLng::new(lat, lon)
        .map(|ll| ll.to_cell(resolution))
        .map_err(|e| e.to_string())
}

/// The incident an accepted report becomes: the day, the cell's centre, the category and signs mapped
/// to the vocabulary, and the configured confidence.
pub fn to_incident(
    report_id: i64,
    day: time::Date,
    cell: CellIndex,
    category: &str,
    signs: &[String],
    confidence: f64,
) -> NewIncident {
    let centre = LatLng::from(cell);
    let (exploitation_type, subtype) = CATEGORIES
        .iter()
        .find(|c| c.0 == category)
        .map(|c| (c.1, c.2))
        .unwrap_or(("other", None));
    let mut control_methods: Vec<String> = signs
        .iter()
        .filter_map(|s| {
            SIGNS
                .iter()
                .find(|(code, _)| code == s)
                .map(|(_, m)| m.to_string())
        })
        .collect();
    control_methods.sort();
    control_methods.dedup();
    NewIncident {
        external_id: Some(format!("community-report-{report_id}")),
        date: PartialDate::from(day),
        source: Place::default(),
        transit: Place::default(),
        destination: Place {
            country: None,
            point: GeoPoint::new(centre.lat(), centre.lng()).ok(),
        },
        recruitment: None,
        control_methods,
        transport: None,
        exploitation_type: Some(exploitation_type.to_string()),
        exploitation_subtype: subtype.map(str::to_string),
        victim: Default::default(),
        offender: Default::default(),
        data_source: "community-report".to_string(),
        confidence,
    }
}

/// A stored report as the moderation queue shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredReport {
    pub id: i64,
    pub day: String,
    /// The H3 cell (hex) the report was coarsened to.
    pub cell: String,
    pub category: String,
    pub signs: Vec<String>,
    pub locale: String,
    pub status: String,
    pub incident_id: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> time::Date {
        time::macros::date!(2026 - 11 - 29)
    }

    #[test]
    fn a_report_keeps_only_the_day_and_a_coarse_cell() {
        let r = build_report(
            "2026-11-20",
            today(),
            Some((52.66612, 0.15898)),
            "labour",
            &["documents".into(), "debt".into(), "documents".into()],
            "lt",
            Resolution::Seven,
        )
        .unwrap();
        assert_eq!(r.cell.resolution(), Resolution::Seven);
        assert_eq!(r.signs, vec!["debt", "documents"]);
        // Nearby points fall in the same cell: the exact spot is not recoverable.
        let near = coarsen(52.6665, 0.1595, Resolution::Seven).unwrap();
        assert_eq!(near, r.cell);
    }

    #[test]
    fn every_bad_field_is_named() {
        let errors = build_report(
            "2027-01-01",
            today(),
            None,
            "smuggling",
            &["x".into()],
            "en",
            Resolution::Seven,
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["day", "place", "category", "signs"]);
        let errors = build_report(
            "yesterday",
            today(),
            Some((95.0, 0.0)),
            "labour",
            &[],
            "en",
            Resolution::Seven,
        )
        .unwrap_err();
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn accepted_reports_become_incidents_in_the_vocabulary() {
        let cell = coarsen(52.66, 0.16, Resolution::Seven).unwrap();
        let mut i = to_incident(
            7,
            today(),
            cell,
            "domestic",
            &["documents".into(), "fear".into()],
            0.5,
        );
        i.validate(&crate::config::Vocabulary::default()).unwrap();
        assert_eq!(i.exploitation_subtype.as_deref(), Some("domestic-work"));
        assert_eq!(i.control_methods, vec!["threats", "withholds-documents"]);
        assert_eq!(i.external_id.as_deref(), Some("community-report-7"));
    }
}
