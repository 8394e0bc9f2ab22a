//! CSV files of the Counter Trafficking Data Collaborative, mapped to Beacon's fields.
//!
//! The Counter Trafficking Data Collaborative's global dataset, in either shape; the header decides which
//! columns are read. Both need `yearOfRegistration` and `Datasource`; columns not listed below are
//! ignored (CTDC files have many), except identifying ones, which are refused as above.
//!
//! * the derivative shape (`yearOfRegistration, Datasource, gender, ageBroad, citizenship,
//!   CountryOfExploitation, isForcedLabour, isSexualExploit, control_category, RecruiterCategory,
//!   ExploitType, Labor_Type`);
//! * CTDC's own published files, with yes/no flags (`1`, `0`; `-99` or blank for unknown; `yes`, `no`,
//!   `true`, `false` are read too) in `meansOfControl*`, `is*`, `typeOfLabour*`, `typeOfSex*` and
//!   `recruiterRelation*` columns. Names cut to 32 characters by Stata exports
//!   (`meansOfControlThreatOfLawEnforce`) are recognised.
//!
//! Common to both: `yearOfRegistration` → `date` (a year only); `Datasource` → `data_source`
//! (`Case Management` → `case-management`, `Hotline` → `hotline`); `gender` → victim gender in lower
//! case (`Transgender/NonConforming` → `other`); `ageBroad` → victim age band (`18--20` → `18-20`, `48+`
//! stays); `citizenship` → source country **and** victim nationality; `CountryOfExploitation` →
//! destination country; confidence 1; no id (CTDC rows have none, and identical rows are distinct cases:
//! see `DedupeKeys`). In text columns `0`, `00`, `-99`, `Unknown` and blank mean unknown; in flag columns
//! `0` means no. A row with no country at all is imported without a place: it counts in statistics as
//! an unknown route (the Beacon CSV's place rule does not apply to CTDC).
//!
//! Which column wins: `ExploitType` over the `is*` flags over `typeOfExploitConcatenated`;
//! `RecruiterCategory` over the `recruiterRelation*` flags over `RecruiterRelationship`; `Labor_Type`
//! over the `typeOfLabour*`/`typeOfSex*` flags. Control methods are the union of `control_category` and
//! every `meansOfControl*` flag that is 1. Several exploitation types give `multiple`; several subtypes
//! or recruiter relations leave the field unknown (Beacon keeps one). A mapped term that the configured
//! vocabulary lacks becomes `other`.
//!
//! | CTDC | Beacon |
//! |---|---|
//! | `ExploitType` `Sexual` / `Labor` / `Slavery/Similar` / `Forced Marriage` / `Multiple` / `Other` | `sexual` / `forced-labour` / `slavery` / `forced-marriage` / `multiple` / `other` |
//! | `isForcedLabour`, `isSexualExploit`, `isSexAndLabour`, `isForcedMarriage`, `isSlaveryAndPractices`, `isOrganRemoval`, `isForcedMilitary`, `isOtherExploit` = 1 | `forced-labour`, `sexual`, `multiple`, `forced-marriage`, `slavery`, `organ-removal`, `other`, `other` |
//! | `typeOfExploitConcatenated` parts `Forced labour` / `Sexual exploitation` / `Combined sexual and labour exploitation` / `Forced marriage` / `Slavery and similar practices` / `Organ removal` / `Forced military` / other text | `forced-labour` / `sexual` / `multiple` / `forced-marriage` / `slavery` / `organ-removal` / `other` / `other` |
//! | `Labor_Type` | its slug when in the vocabulary (`Domestic Work` → `domestic-work`), else `other` |
//! | `typeOfLabour` `Agriculture`, `Aquafarming`, `Begging`, `Construction`, `DomesticWork`, `Hospitality`, `IllicitActivities`, `Manufacturing`, `MiningOrDrilling`, `Peddling`, `Transportation`, `Other` | `agriculture`, `aquafarming`, `begging`, `construction`, `domestic-work`, `hospitality`, `other`, `manufacturing`, `mining`, `peddling`, `transportation`, `other` |
//! | `typeOfSex` `Prostitution`, `Pornography`, `RemoteInteractiveServices`, `PrivateSexualServices`, `Other` | `prostitution`, `pornography`, `remote-interactive`, `private-sexual-services`, `other` |
//! | `control_category` `Threats` / `Financial` / `Physical` / `Survival` / `Other` | `threats` / `financial` / `physical-abuse` / `survival` / `other` |
//! | `meansOfControl` `DebtBondage`, `TakesEarnings`, `RestrictsFinancialAccess`, `Threats`, `PsychologicalAbuse`, `PhysicalAbuse`, `SexualAbuse`, `FalsePromises`, `PsychoactiveSubstances`, `RestrictsMovement`, `RestrictsMedicalCare`, `ExcessiveWorkingHours`, `UsesChildren`, `ThreatOfLawEnforcement`, `WithholdsNecessities`, `WithholdsDocuments`, `Other` | `debt-bondage`, `takes-earnings`, `financial`, `threats`, `psychological-abuse`, `physical-abuse`, `sexual-abuse`, `false-promises`, `substances`, `restricts-movement`, `withholds-necessities`, `other`, `other`, `threats`, `withholds-necessities`, `withholds-documents`, `other` |
//! | `RecruiterCategory` `Intimate Partner` / `Friend/Acquaintance` / `Family/Relative` / `Other` | `intimate-partner` / `friend-acquaintance` / `family-relative` / `other` |
//! | `recruiterRelation` `IntimatePartner`, `Friend`, `Family`, `Other`; `RecruiterRelationship` parts `Intimate Partner`, `Friend`, `Family`, `Other` | `intimate-partner`, `friend-acquaintance`, `family-relative`, `other` |
//!
//! Ignored CTDC columns include `majorityStatus`, `majorityStatusAtExploit`, `majorityEntry` (an adult
//! or minor flag does not give an age band), `meansOfControlNotSpecified`, `typeOfLabourNotSpecified`,
//! `recruiterRelationUnknown` (they say "unknown"), `meansOfControlConcatenated`,
//! `typeOfLabourConcatenated`, `typeOfSexConcatenated` (they repeat the flags), `isAbduction` and
//! `traffickMonths` (no Beacon field), and an unnamed leading index column.

use super::*;
use crate::identify::incidents::{CountryCode, Demographics, Place, normalise_term, slug};

impl Input<'_, '_> {
    /// Reads a CTDC file (whose rows have no ids).
    pub(super) fn ctdc_csv(&mut self) -> IdNaming {
        let mut reader = self.csv_reader();
        let Some(header) = self.read_header(&mut reader) else {
            return IdNaming::Column(None);
        };
        let Some(layout) = self.ctdc_layout(&header) else {
            return IdNaming::Column(None);
        };
        self.each_row(&mut reader, &header, |input, line, record| {
            let mut problems = Vec::new();
            let mut incident = build_ctdc(record, &layout, input.today, &mut problems);
            let mut field_problems: Vec<FieldError> =
                problems.iter().map(|(_, p)| p.clone()).collect();
            validate(&mut incident, input.vocabulary, &mut field_problems);
            field_problems.drain(..problems.len());
            let bad = !(problems.is_empty() && field_problems.is_empty());
            for (column, p) in problems {
                input.errors.push(RowError {
                    line,
                    column: header.column(column),
                    field: p.field,
                    reason: p.reason,
                });
            }
            input.push_problems(line, field_problems, |field| {
                layout.column_of(field, &header)
            });
            input.row(bad, line, incident);
        });
        IdNaming::Column(None)
    }

    /// Finds the CTDC columns the header has, refusing identifying ones and a missing year or source.
    fn ctdc_layout(&mut self, header: &Header) -> Option<CtdcLayout> {
        let v = self.vocabulary;
        let find = |name: &str| header.names.iter().position(|h| ctdc_name_matches(h, name));
        let mut identifying = HeaderProblems::new(header.line, "identifying columns");
        for name in &header.names {
            if is_identifying(name) {
                identifying.add(self.errors, name, || IDENTIFYING_REASON.into());
            }
        }
        let ok = !identifying.finish(self.errors);
        let (year, source) = (find("yearOfRegistration"), find("Datasource"));
        let (Some(year), Some(source)) = (year, source) else {
            let missing: Vec<&str> = [("yearOfRegistration", year), ("Datasource", source)]
                .into_iter()
                .filter(|(_, found)| found.is_none())
                .map(|(name, _)| name)
                .collect();
            let mut reason = missing_columns_reason(&missing, &header.names);
            if header
                .names
                .iter()
                .any(|n| n.eq_ignore_ascii_case("data_source"))
            {
                reason.push_str(
                    " (this looks like a Beacon CSV: import it with the `beacon` format)",
                );
            }
            self.errors.whole_file(header.line, reason);
            return None;
        };
        if !ok {
            return None;
        }
        let mut flags = Vec::new();
        for flag in CTDC_FLAGS {
            if let Some(i) = find(flag.column) {
                let allowed = match flag.kind {
                    FlagKind::Control => &v.control_methods,
                    FlagKind::Exploitation => &v.exploitation_types,
                    FlagKind::Subtype => &v.exploitation_subtypes,
                    FlagKind::Recruitment => &v.recruitment,
                };
                flags.push(FoundFlag {
                    index: i,
                    kind: flag.kind,
                    term: resolve(flag.term, allowed),
                });
            }
        }
        Some(CtdcLayout {
            year,
            source,
            gender: find("gender"),
            age: find("ageBroad"),
            citizenship: find("citizenship"),
            exploitation_country: find("CountryOfExploitation"),
            exploit_type: find("ExploitType"),
            control_category: find("control_category"),
            recruiter_category: find("RecruiterCategory"),
            labor_type: find("Labor_Type"),
            exploit_concatenated: find("typeOfExploitConcatenated"),
            recruiter_relationship: find("RecruiterRelationship"),
            flags,
            exploit_types: resolve_table(CTDC_EXPLOIT_TYPES, &v.exploitation_types),
            exploit_parts: resolve_table(CTDC_EXPLOIT_PARTS, &v.exploitation_types),
            control_categories: resolve_table(CTDC_CONTROL_CATEGORIES, &v.control_methods),
            recruiter_categories: resolve_table(CTDC_RECRUITER_CATEGORIES, &v.recruitment),
            recruiter_relationships: resolve_table(CTDC_RECRUITER_RELATIONSHIPS, &v.recruitment),
            multiple: resolve("multiple", &v.exploitation_types),
            other_type: resolve("other", &v.exploitation_types),
            other_subtype: resolve("other", &v.exploitation_subtypes),
            other_recruitment: resolve("other", &v.recruitment),
            subtypes: v.exploitation_subtypes.clone(),
        })
    }

    // ---------------------------------------------------------------- GeoJSON
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FlagKind {
    Control,
    Exploitation,
    Subtype,
    Recruitment,
}

impl FlagKind {
    fn field(self) -> &'static str {
        match self {
            FlagKind::Control => "control_methods",
            FlagKind::Exploitation => "exploitation_type",
            FlagKind::Subtype => "exploitation_subtype",
            FlagKind::Recruitment => "recruitment",
        }
    }
}

/// A yes/no column of CTDC's published files and the Beacon term it stands for when it is 1.
struct CtdcFlag {
    column: &'static str,
    kind: FlagKind,
    term: &'static str,
}

const fn flag(column: &'static str, kind: FlagKind, term: &'static str) -> CtdcFlag {
    CtdcFlag { column, kind, term }
}

const CTDC_FLAGS: &[CtdcFlag] = &[
    flag(
        "meansOfControlDebtBondage",
        FlagKind::Control,
        "debt-bondage",
    ),
    flag(
        "meansOfControlTakesEarnings",
        FlagKind::Control,
        "takes-earnings",
    ),
    flag(
        "meansOfControlRestrictsFinancialAccess",
        FlagKind::Control,
        "financial",
    ),
    flag("meansOfControlThreats", FlagKind::Control, "threats"),
    flag(
        "meansOfControlPsychologicalAbuse",
        FlagKind::Control,
        "psychological-abuse",
    ),
    flag(
        "meansOfControlPhysicalAbuse",
        FlagKind::Control,
        "physical-abuse",
    ),
    flag(
        "meansOfControlSexualAbuse",
        FlagKind::Control,
        "sexual-abuse",
    ),
    flag(
        "meansOfControlFalsePromises",
        FlagKind::Control,
        "false-promises",
    ),
    flag(
        "meansOfControlPsychoactiveSubstances",
        FlagKind::Control,
        "substances",
    ),
    flag(
        "meansOfControlRestrictsMovement",
        FlagKind::Control,
        "restricts-movement",
    ),
    flag(
        "meansOfControlRestrictsMedicalCare",
        FlagKind::Control,
        "withholds-necessities",
    ),
    flag(
        "meansOfControlExcessiveWorkingHours",
        FlagKind::Control,
        "other",
    ),
    flag("meansOfControlUsesChildren", FlagKind::Control, "other"),
    flag(
        "meansOfControlThreatOfLawEnforcement",
        FlagKind::Control,
        "threats",
    ),
    flag(
        "meansOfControlWithholdsNecessities",
        FlagKind::Control,
        "withholds-necessities",
    ),
    flag(
        "meansOfControlWithholdsDocuments",
        FlagKind::Control,
        "withholds-documents",
    ),
    flag("meansOfControlOther", FlagKind::Control, "other"),
    flag("isForcedLabour", FlagKind::Exploitation, "forced-labour"),
    flag("isSexualExploit", FlagKind::Exploitation, "sexual"),
    flag("isSexAndLabour", FlagKind::Exploitation, "multiple"),
    flag(
        "isForcedMarriage",
        FlagKind::Exploitation,
        "forced-marriage",
    ),
    flag("isSlaveryAndPractices", FlagKind::Exploitation, "slavery"),
    flag("isOrganRemoval", FlagKind::Exploitation, "organ-removal"),
    flag("isForcedMilitary", FlagKind::Exploitation, "other"),
    flag("isOtherExploit", FlagKind::Exploitation, "other"),
    flag("typeOfLabourAgriculture", FlagKind::Subtype, "agriculture"),
    flag("typeOfLabourAquafarming", FlagKind::Subtype, "aquafarming"),
    flag("typeOfLabourBegging", FlagKind::Subtype, "begging"),
    flag(
        "typeOfLabourConstruction",
        FlagKind::Subtype,
        "construction",
    ),
    flag(
        "typeOfLabourDomesticWork",
        FlagKind::Subtype,
        "domestic-work",
    ),
    flag("typeOfLabourHospitality", FlagKind::Subtype, "hospitality"),
    flag("typeOfLabourIllicitActivities", FlagKind::Subtype, "other"),
    flag(
        "typeOfLabourManufacturing",
        FlagKind::Subtype,
        "manufacturing",
    ),
    flag("typeOfLabourMiningOrDrilling", FlagKind::Subtype, "mining"),
    flag("typeOfLabourPeddling", FlagKind::Subtype, "peddling"),
    flag(
        "typeOfLabourTransportation",
        FlagKind::Subtype,
        "transportation",
    ),
    flag("typeOfLabourOther", FlagKind::Subtype, "other"),
    flag("typeOfSexProstitution", FlagKind::Subtype, "prostitution"),
    flag("typeOfSexPornography", FlagKind::Subtype, "pornography"),
    flag(
        "typeOfSexRemoteInteractiveServices",
        FlagKind::Subtype,
        "remote-interactive",
    ),
    flag(
        "typeOfSexPrivateSexualServices",
        FlagKind::Subtype,
        "private-sexual-services",
    ),
    flag("typeOfSexOther", FlagKind::Subtype, "other"),
    flag(
        "recruiterRelationIntimatePartner",
        FlagKind::Recruitment,
        "intimate-partner",
    ),
    flag(
        "recruiterRelationFriend",
        FlagKind::Recruitment,
        "friend-acquaintance",
    ),
    flag(
        "recruiterRelationFamily",
        FlagKind::Recruitment,
        "family-relative",
    ),
    flag("recruiterRelationOther", FlagKind::Recruitment, "other"),
];

const CTDC_EXPLOIT_TYPES: &[(&str, &str)] = &[
    ("Sexual", "sexual"),
    ("Labor", "forced-labour"),
    ("Labour", "forced-labour"),
    ("Slavery/Similar", "slavery"),
    ("Forced Marriage", "forced-marriage"),
    ("Multiple", "multiple"),
    ("Other", "other"),
];

/// Parts of `typeOfExploitConcatenated` (separated by `;`); other text is `other`.
const CTDC_EXPLOIT_PARTS: &[(&str, &str)] = &[
    ("Forced labour", "forced-labour"),
    ("Sexual exploitation", "sexual"),
    ("Combined sexual and labour exploitation", "multiple"),
    ("Forced marriage", "forced-marriage"),
    ("Slavery and similar practices", "slavery"),
    ("Organ removal", "organ-removal"),
    ("Forced military", "other"),
    ("Other", "other"),
];

const CTDC_CONTROL_CATEGORIES: &[(&str, &str)] = &[
    ("Threats", "threats"),
    ("Financial", "financial"),
    ("Physical", "physical-abuse"),
    ("Survival", "survival"),
    ("Other", "other"),
];

const CTDC_RECRUITER_CATEGORIES: &[(&str, &str)] = &[
    ("Intimate Partner", "intimate-partner"),
    ("Friend/Acquaintance", "friend-acquaintance"),
    ("Family/Relative", "family-relative"),
    ("Other", "other"),
];

/// Parts of `RecruiterRelationship` (separated by `;`).
const CTDC_RECRUITER_RELATIONSHIPS: &[(&str, &str)] = &[
    ("Intimate Partner", "intimate-partner"),
    ("Friend", "friend-acquaintance"),
    ("Family", "family-relative"),
    ("Other", "other"),
];

/// The vocabulary's spelling of `term`, or of `other` when the vocabulary lacks it (or `term` itself when
/// it lacks both, which `validate` then reports).
fn resolve(term: &str, allowed: &[String]) -> String {
    normalise_term(term, allowed)
        .or_else(|| normalise_term("other", allowed))
        .unwrap_or_else(|| term.to_owned())
}

fn resolve_table(
    table: &[(&'static str, &str)],
    allowed: &[String],
) -> Vec<(&'static str, String)> {
    table
        .iter()
        .map(|&(label, term)| (label, resolve(term, allowed)))
        .collect()
}

fn lookup<'t>(table: &'t [(&'static str, String)], label: &str) -> Option<&'t str> {
    table
        .iter()
        .find(|(l, _)| l.eq_ignore_ascii_case(label))
        .map(|(_, term)| term.as_str())
}

struct FoundFlag {
    index: usize,
    kind: FlagKind,
    /// The term, as spelt in the vocabulary.
    term: String,
}

/// Where the CTDC columns are in this file, and the mapping tables resolved against the vocabulary.
struct CtdcLayout {
    year: usize,
    source: usize,
    gender: Option<usize>,
    age: Option<usize>,
    citizenship: Option<usize>,
    exploitation_country: Option<usize>,
    exploit_type: Option<usize>,
    control_category: Option<usize>,
    recruiter_category: Option<usize>,
    labor_type: Option<usize>,
    exploit_concatenated: Option<usize>,
    recruiter_relationship: Option<usize>,
    flags: Vec<FoundFlag>,
    exploit_types: Vec<(&'static str, String)>,
    exploit_parts: Vec<(&'static str, String)>,
    control_categories: Vec<(&'static str, String)>,
    recruiter_categories: Vec<(&'static str, String)>,
    recruiter_relationships: Vec<(&'static str, String)>,
    multiple: String,
    other_type: String,
    other_subtype: String,
    other_recruitment: String,
    subtypes: Vec<String>,
}

impl CtdcLayout {
    /// The column a field's value came from, for errors found by `validate`.
    fn column_of(&self, field: &str, header: &Header) -> Option<String> {
        let flag_of = |kind: FlagKind| self.flags.iter().find(|f| f.kind == kind).map(|f| f.index);
        let index = match field {
            "date" => Some(self.year),
            "data_source" => Some(self.source),
            "victim_gender" => self.gender,
            "victim_age_band" => self.age,
            "exploitation_type" => self
                .exploit_type
                .or_else(|| flag_of(FlagKind::Exploitation))
                .or(self.exploit_concatenated),
            "exploitation_subtype" => self.labor_type.or_else(|| flag_of(FlagKind::Subtype)),
            "control_methods" => self.control_category.or_else(|| flag_of(FlagKind::Control)),
            "recruitment" => self
                .recruiter_category
                .or_else(|| flag_of(FlagKind::Recruitment))
                .or(self.recruiter_relationship),
            _ => None,
        };
        index.and_then(|i| header.column(i))
    }
}

/// A CTDC text cell, `None` when it means unknown (`0`, `00`, `-99`, `Unknown`, `NA`, blank).
fn known(value: Option<&str>) -> Option<&str> {
    value.filter(|s| {
        !matches!(*s, "0" | "00" | "-99" | "-99.0")
            && !["unknown", "na", "n/a", "nan", "null"]
                .iter()
                .any(|u| s.eq_ignore_ascii_case(u))
    })
}

/// A CTDC yes/no cell: `Ok(None)` when unknown.
fn flag_value(value: &str) -> Result<Option<bool>, ()> {
    const YES: [&str; 5] = ["1", "1.0", "yes", "true", "y"];
    const NO: [&str; 5] = ["0", "0.0", "no", "false", "n"];
    const UNKNOWN: [&str; 8] = ["", "-99", "-99.0", "na", "n/a", "nan", "null", "unknown"];
    let is = |set: &[&str]| set.iter().any(|s| s.eq_ignore_ascii_case(value));
    if is(&YES) {
        Ok(Some(true))
    } else if is(&NO) {
        Ok(Some(false))
    } else if is(&UNKNOWN) {
        Ok(None)
    } else {
        Err(())
    }
}

/// Collects the terms of a single-valued field given by several columns.
#[derive(Default)]
struct OneOf<'t> {
    term: Option<&'t str>,
    several: bool,
}

impl<'t> OneOf<'t> {
    fn add(&mut self, term: &'t str) {
        match self.term {
            None => self.term = Some(term),
            Some(t) if t != term => self.several = true,
            Some(_) => {}
        }
    }

    fn is_empty(&self) -> bool {
        self.term.is_none()
    }

    /// The term; several give `several`, or unknown when `several` is `None`.
    fn get(&self, several: Option<&'t str>) -> Option<String> {
        if self.several { several } else { self.term }.map(str::to_owned)
    }
}

/// Builds an incident from a CTDC row; problems name the header index of the cell at fault.
fn build_ctdc(
    record: &ByteRecord,
    layout: &CtdcLayout,
    today: time::Date,
    problems: &mut Vec<(usize, FieldError)>,
) -> NewIncident {
    let text = |i: Option<usize>| known(i.and_then(|i| cell(record, i)));
    let mut report = |index: usize, field: &str, reason: String| {
        problems.push((
            index,
            FieldError {
                field: field.to_owned(),
                reason,
            },
        ));
    };

    let date = match text(Some(layout.year)) {
        Some(year) => {
            let year = year.strip_suffix(".0").unwrap_or(year);
            PartialDate::parse_case(year, today).unwrap_or_else(|reason| {
                report(layout.year, "date", reason);
                PLACEHOLDER_DATE
            })
        }
        None => {
            report(
                layout.year,
                "date",
                "the year of registration is required".into(),
            );
            PLACEHOLDER_DATE
        }
    };
    // `Case Management` → `case-management`, the vocabulary's spelling.
    let data_source = text(Some(layout.source)).map_or_else(
        || {
            report(
                layout.source,
                "data_source",
                "the data source is required".into(),
            );
            String::new()
        },
        slug,
    );
    let mut country = |index: Option<usize>, field: &str| {
        let s = text(index)?;
        CountryCode::parse(s)
            .map_err(|reason| report(index.unwrap_or_default(), field, reason))
            .ok()
    };
    let citizenship = country(layout.citizenship, "source_country");
    let exploitation_country = country(layout.exploitation_country, "destination_country");

    let gender = text(layout.gender).map(|g| {
        let lower = g.to_ascii_lowercase();
        if lower.contains("transgender") || lower.contains("nonconforming") {
            "other".to_owned()
        } else {
            lower
        }
    });
    let age_band = text(layout.age).map(|a| a.replace("--", "-"));

    let mut control_methods: Vec<String> = Vec::new();
    if let Some(c) = text(layout.control_category) {
        control_methods.push(
            lookup(&layout.control_categories, c)
                .unwrap_or(c)
                .to_owned(),
        );
    }
    let mut types = OneOf::default();
    let mut subtypes = OneOf::default();
    let mut recruiters = OneOf::default();
    for flag in &layout.flags {
        let value = cell(record, flag.index).unwrap_or_default();
        match flag_value(value) {
            Ok(Some(true)) => match flag.kind {
                FlagKind::Control => {
                    if !control_methods.contains(&flag.term) {
                        control_methods.push(flag.term.clone());
                    }
                }
                FlagKind::Exploitation => types.add(&flag.term),
                FlagKind::Subtype => subtypes.add(&flag.term),
                FlagKind::Recruitment => recruiters.add(&flag.term),
            },
            Ok(_) => {}
            Err(()) => report(
                flag.index,
                flag.kind.field(),
                format!("`{value}` is not a yes/no flag (1 or 0; -99 or blank for unknown)"),
            ),
        }
    }

    let exploitation_type = if let Some(t) = text(layout.exploit_type) {
        Some(lookup(&layout.exploit_types, t).unwrap_or(t).to_owned())
    } else {
        if types.is_empty() {
            for part in text(layout.exploit_concatenated)
                .into_iter()
                .flat_map(|s| s.split(';'))
            {
                if let Some(part) = known(Some(part.trim()).filter(|p| !p.is_empty())) {
                    types.add(lookup(&layout.exploit_parts, part).unwrap_or(&layout.other_type));
                }
            }
        }
        types.get(Some(&layout.multiple))
    };
    let exploitation_subtype = match text(layout.labor_type) {
        Some(t) => Some(
            normalise_term(t, &layout.subtypes).unwrap_or_else(|| layout.other_subtype.clone()),
        ),
        None => subtypes.get(None),
    };
    let recruitment = if let Some(r) = text(layout.recruiter_category) {
        Some(
            lookup(&layout.recruiter_categories, r)
                .unwrap_or(r)
                .to_owned(),
        )
    } else {
        if recruiters.is_empty() {
            for part in text(layout.recruiter_relationship)
                .into_iter()
                .flat_map(|s| s.split(';'))
            {
                if let Some(part) = known(Some(part.trim()).filter(|p| !p.is_empty())) {
                    recruiters.add(
                        lookup(&layout.recruiter_relationships, part)
                            .unwrap_or(&layout.other_recruitment),
                    );
                }
            }
        }
        recruiters.get(None)
    };

    NewIncident {
        external_id: None,
        date,
        source: Place {
            country: citizenship,
            point: None,
        },
        transit: Place::default(),
        destination: Place {
            country: exploitation_country,
            point: None,
        },
        recruitment,
        control_methods,
        transport: None,
        exploitation_type,
        exploitation_subtype,
        victim: Demographics {
            age_band,
            gender,
            nationality: citizenship,
        },
        offender: Demographics::default(),
        data_source,
        confidence: 1.0,
    }
}

/// A header cell names a CTDC column: ignoring case, or cut short by a Stata export (32 characters).
fn ctdc_name_matches(header: &str, column: &str) -> bool {
    header.eq_ignore_ascii_case(column)
        || (header.len() >= 30
            && header.len() < column.len()
            && column.as_bytes()[..header.len()].eq_ignore_ascii_case(header.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    use crate::identify::incidents::import::tests::{errors, run, today};

    const CTDC_DERIVATIVE: &str = "yearOfRegistration,Datasource,gender,ageBroad,citizenship,CountryOfExploitation,\
isForcedLabour,isSexualExploit,control_category,RecruiterCategory,ExploitType,Labor_Type\r\n\
2002,Case Management,Female,18--20,CO,,0,1,Other,,Sexual,\r\n\
2016,Hotline,Male,48+,,US,1,1,Physical,Intimate Partner,,Domestic Work\r\n\
2016,Hotline,Male,48+,,US,1,1,Physical,Intimate Partner,,Domestic Work\r\n\
2010,Case Management,Female,,0,0,,,,Friend/Acquaintance,Slavery/Similar,Street Vending\r\n\
2011,Case Management,Male,30--38,UA,RU,1,,Survival,Family/Relative,,Construction\r\n\
2012,Case Management,Female,9--17,-99,-99,0,0,Financial,Other,,\r\n\
2013,Case Management,Female,9--17,MD,TR,,,Threats,,Forced Marriage,\r\n\
2014,Case Management,Female,9--17,MD,TR,,,,,Labor,Agriculture\r\n";

    #[test]
    fn the_ctdc_derivative_is_mapped() {
        let got = run(Format::Ctdc, CTDC_DERIVATIVE.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got.len(), 8);
        let a = &got[0];
        assert_eq!(a.date.to_string(), "2002");
        assert_eq!(a.data_source, "case-management");
        assert_eq!(a.victim.gender.as_deref(), Some("female"));
        assert_eq!(a.victim.age_band.as_deref(), Some("18-20"));
        assert_eq!(a.source.country.unwrap().as_str(), "CO");
        assert_eq!(a.victim.nationality.unwrap().as_str(), "CO");
        assert_eq!(a.destination.country, None);
        assert_eq!(a.exploitation_type.as_deref(), Some("sexual"));
        assert_eq!(a.control_methods, vec!["other"]);
        assert_eq!(
            (a.recruitment.as_deref(), a.exploitation_subtype.as_deref()),
            (None, None)
        );
        assert_eq!((a.confidence, a.external_id.as_deref()), (1.0, None));
        let b = &got[1];
        assert_eq!(b.data_source, "hotline");
        assert_eq!(b.victim.age_band.as_deref(), Some("48+"));
        assert_eq!(
            b.exploitation_type.as_deref(),
            Some("multiple"),
            "both flags"
        );
        assert_eq!(b.exploitation_subtype.as_deref(), Some("domestic-work"));
        assert_eq!(b.control_methods, vec!["physical-abuse"]);
        assert_eq!(b.recruitment.as_deref(), Some("intimate-partner"));
        assert_eq!(got[1], got[2], "identical rows are two cases");
        let d = &got[3];
        assert_eq!(
            (d.source, d.destination),
            (Place::default(), Place::default()),
            "no place is allowed"
        );
        assert_eq!(d.victim.age_band, None);
        assert_eq!(d.exploitation_type.as_deref(), Some("slavery"));
        assert_eq!(
            d.exploitation_subtype.as_deref(),
            Some("other"),
            "unknown labour types are other"
        );
        assert_eq!(d.recruitment.as_deref(), Some("friend-acquaintance"));
        assert_eq!(got[4].exploitation_type.as_deref(), Some("forced-labour"));
        assert_eq!(got[4].control_methods, vec!["survival"]);
        assert_eq!(got[4].recruitment.as_deref(), Some("family-relative"));
        assert_eq!(
            got[5].exploitation_type, None,
            "both flags 0 and no ExploitType: unknown"
        );
        assert_eq!(got[5].control_methods, vec!["financial"]);
        assert_eq!(got[5].recruitment.as_deref(), Some("other"));
        assert_eq!(got[5].source.country, None);
        assert_eq!(got[6].exploitation_type.as_deref(), Some("forced-marriage"));
        assert_eq!(got[6].control_methods, vec!["threats"]);
        assert_eq!(got[7].exploitation_type.as_deref(), Some("forced-labour"));
        assert_eq!(got[7].exploitation_subtype.as_deref(), Some("agriculture"));
    }

    #[test]
    fn ctdc_row_errors_name_the_ctdc_column() {
        let text = "yearOfRegistration,Datasource,gender,ageBroad,citizenship,CountryOfExploitation,isForcedLabour\n\
                    2016,Hotline,Female,18--20,PH,XQ,1\n\
                    ,Hotline,Female,18--20,PH,,yes\n\
                    2016,Radio,Female,17--19,PH,,maybe\n\
                    2016,,Female,,PH,,-99\n";
        let e = errors(run(Format::Ctdc, text.as_bytes()));
        let got: Vec<(u64, &str, &str)> = e
            .errors
            .iter()
            .map(|r| (r.line, r.column.as_deref().unwrap(), r.field.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, "CountryOfExploitation", "destination_country"),
                (3, "yearOfRegistration", "date"),
                (4, "isForcedLabour", "exploitation_type"),
                (4, "ageBroad", "victim_age_band"),
                (4, "Datasource", "data_source"),
                (5, "Datasource", "data_source"),
            ]
        );
        assert!(e.errors[2].reason.contains("`maybe` is not a yes/no flag"));
    }

    #[test]
    fn ctdc_stata_column_names_cut_at_32_characters_are_recognised() {
        let text = "yearOfRegistration,Datasource,meansOfControlThreatOfLawEnforce,meansOfControlPsychoactiveSubsta\n\
                    2016,Hotline,1,1\n";
        let got = run(Format::Ctdc, text.as_bytes()).unwrap();
        assert_eq!(got[0].control_methods, vec!["substances", "threats"]);
        assert!(!ctdc_name_matches(
            "meansOfControl",
            "meansOfControlThreats"
        ));
    }

    #[test]
    fn a_term_missing_from_the_vocabulary_becomes_other() {
        let mut vocabulary = Vocabulary::default();
        vocabulary
            .control_methods
            .retain(|m| m != "survival" && m != "substances");
        let text = "yearOfRegistration,Datasource,control_category,meansOfControlPsychoactiveSubstances\n\
                    2016,Hotline,Survival,1\n";
        let got = parse(
            Format::Ctdc,
            text.as_bytes(),
            "x.csv",
            &vocabulary,
            today(),
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(got[0].control_methods, vec!["other"]);
    }

    fn fixture() -> &'static [u8] {
        include_bytes!("../../../../tests/data/import/ctdc_published_sample.csv")
    }

    #[test]
    fn ctdc_published_files_are_mapped() {
        let got = run(Format::Ctdc, fixture()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got.len(), 16);
        let t = |i: usize| got[i].exploitation_type.as_deref();
        let s = |i: usize| got[i].exploitation_subtype.as_deref();
        let r = |i: usize| got[i].recruitment.as_deref();
        let c = |i: usize| {
            got[i]
                .control_methods
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        };

        assert_eq!(got[0].date.to_string(), "2016");
        assert_eq!(got[0].source.country.unwrap().as_str(), "PH");
        assert_eq!(got[0].destination.country.unwrap().as_str(), "SA");
        assert_eq!(
            (t(0), s(0), r(0)),
            (
                Some("forced-labour"),
                Some("domestic-work"),
                Some("friend-acquaintance")
            )
        );
        assert_eq!(c(0), vec!["debt-bondage", "threats"]);
        assert_eq!(got[0], got[12], "identical rows stay two cases");

        assert_eq!(got[1].data_source, "hotline");
        assert_eq!(
            (got[1].victim.age_band.as_deref(), got[1].source.country),
            (None, None)
        );
        assert_eq!(
            (t(1), s(1), r(1)),
            (Some("sexual"), Some("prostitution"), None)
        );
        assert!(c(1).is_empty());

        assert_eq!(
            (got[2].source, got[2].destination),
            (Place::default(), Place::default())
        );
        assert_eq!((t(2), s(2), r(2)), (None, None, None), "all -99");

        assert_eq!(
            (t(3), s(3)),
            (Some("multiple"), None),
            "two subtypes leave it unknown"
        );
        assert_eq!(c(3), vec!["physical-abuse"]);

        assert_eq!((t(4), s(4)), (None, None), "all blank");
        assert_eq!(got[4].victim.age_band.as_deref(), Some("9-17"));
        assert_eq!(got[4].destination.country, None);

        assert_eq!(
            (t(5), r(5)),
            (Some("forced-marriage"), Some("family-relative"))
        );
        assert_eq!(t(6), Some("organ-removal"));
        assert_eq!(t(7), Some("other"), "forced military");
        assert_eq!(
            c(8),
            vec!["other", "substances", "threats", "withholds-necessities"]
        );
        assert_eq!(s(8), Some("mining"));
        assert_eq!(
            (t(9), s(9), r(9)),
            (Some("sexual"), Some("pornography"), None),
            "two recruiter relations"
        );
        assert_eq!(
            (got[10].data_source.as_str(), c(10).len(), t(10)),
            ("hotline", 0, None),
            "NotSpecified"
        );
        assert_eq!(got[11].victim.gender.as_deref(), Some("other"));
        assert_eq!(s(11), Some("other"), "illicit activities");
        assert_eq!((t(13), s(13)), (Some("multiple"), Some("agriculture")));
        assert_eq!(
            c(14),
            vec![
                "false-promises",
                "financial",
                "other",
                "physical-abuse",
                "psychological-abuse",
                "restricts-movement",
                "sexual-abuse",
                "takes-earnings",
                "withholds-documents",
                "withholds-necessities",
            ]
        );
        assert_eq!(
            (s(14), r(14)),
            (Some("private-sexual-services"), Some("other"))
        );
        assert_eq!(
            (t(15), got[15].victim.age_band.as_deref()),
            (Some("slavery"), Some("0-8")),
            "from typeOfExploitConcatenated"
        );
        assert_eq!(Format::detect(fixture(), "sample.csv"), Format::Ctdc);
    }

    #[test]
    fn the_real_ctdc_subset_parses() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/ctdc_global_2020_subset.csv");
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("skipped: {} is not there", path.display());
            return;
        };
        let mut calls = 0;
        let got = parse(
            Format::Ctdc,
            &bytes,
            "ctdc_global_2020_subset.csv",
            &Vocabulary::default(),
            today(),
            &mut |_| calls += 1,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got.len(), 48_773);
        let count = |s: &str| got.iter().filter(|i| i.data_source == s).count();
        assert_eq!(
            (count("case-management"), count("hotline")),
            (36_261, 12_512)
        );
        assert!(
            calls >= 40,
            "progress about every 64 KiB of 2.7 MB: {calls}"
        );
        let sources: HashSet<_> = got.iter().filter_map(|i| i.source.country).collect();
        let destinations: HashSet<_> = got.iter().filter_map(|i| i.destination.country).collect();
        assert!(!destinations.contains(&CountryCode::parse("GB").unwrap()));
        eprintln!(
            "CTDC subset: {} records, {} distinct source countries, {} distinct destination countries",
            got.len(),
            sources.len(),
            destinations.len()
        );
    }
}
