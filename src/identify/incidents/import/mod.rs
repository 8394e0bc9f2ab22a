//! Incident imports: Beacon's own CSV, CTDC's CSV files and GeoJSON points, checked all or nothing.
//!
//! [`parse`] turns a whole file into [`NewIncident`]s, or into [`ImportErrors`] that list every bad row
//! (the first [`MAX_LISTED_ERRORS`], with the total): one bad row rejects the whole file, so a file is
//! either imported as it is or not at all. Every record passes [`NewIncident::validate`], whose field
//! errors become row errors. Problems with the file as a whole (empty, no data rows, required columns
//! missing, unknown or identifying columns, the wrong delimiter, invalid UTF-8) are errors too; a UTF-8
//! byte-order mark is skipped and Windows line endings are fine.
//!
//! Errors print as `FILE:LINE: column COLUMN: REASON`, one per line. `LINE` is the 1-based line of the
//! file where the row starts (a quoted cell may span lines). For GeoJSON, which has no line per feature,
//! `LINE` is 0 and `COLUMN` is the JSON path, e.g. `features[3].properties.date` or
//! `features[3].geometry` (features counted from 0). Errors that concern no column leave it out, and
//! whole-file errors with no line print as `FILE: REASON`.
//!
//! Parsing streams: CSV is read with the `csv` crate one reused `ByteRecord` at a time, GeoJSON one
//! feature at a time, and `progress` is called with the bytes read so far about every
//! [`PROGRESS_INTERVAL`] bytes, and once at the end with the file's length.
//!
//! # Beacon CSV
//!
//! Comma-separated, UTF-8, one header line naming the columns, in any order; names are matched ignoring
//! case, and spaces or hyphens read as underscores. Only `date` and `data_source` are required. An empty
//! cell means unknown. Categorical values are matched to the `[vocabulary]` of the configuration ignoring
//! case, with spaces, underscores and slashes read as hyphens (`Forced Labour` is `forced-labour`).
//!
//! | column | content |
//! |---|---|
//! | `id` | optional: the source's own identifier (1–200 characters), used to recognise the record when it is imported again; unique within a file |
//! | `date` | **required**: when the case happened, as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; not in the future |
//! | `source_country` | where the victim was recruited: ISO 3166-1 alpha-2 code (`LT`, `gb`) |
//! | `source_latitude`, `source_longitude` | that place as a point (WGS 84 decimal degrees); each needs the other |
//! | `transit_country`, `transit_latitude`, `transit_longitude` | a place the victim was moved through, likewise |
//! | `destination_country`, `destination_latitude`, `destination_longitude` | where the exploitation happened, likewise |
//! | `recruitment` | how the victim was recruited: vocabulary `recruitment` |
//! | `control_methods` | how the victim was controlled: several terms of vocabulary `control_methods`, separated by `\|` or `;` |
//! | `transport` | vocabulary `transport` |
//! | `exploitation_type` | vocabulary `exploitation_types` |
//! | `exploitation_subtype` | vocabulary `exploitation_subtypes` |
//! | `victim_age_band`, `offender_age_band` | vocabulary `age_bands` (`18-20`, `48+`) |
//! | `victim_gender`, `offender_gender` | vocabulary `genders` |
//! | `victim_nationality`, `offender_nationality` | ISO 3166-1 alpha-2 code |
//! | `data_source` | **required**: vocabulary `data_sources` |
//! | `confidence` | how sure the source is, 0 to 1 (default 1); it weights hotspot counts |
//!
//! Every row needs at least one place: a country or a point for the source, transit or destination. A
//! column not in this table is refused, so that a misspelt column cannot silently drop data; a column
//! named like a person's name, contact or free text (`name`, `first_name`, `surname`, `phone`, `email`,
//! `address`, `narrative`, `notes`, `description`, …) is refused with the reason that Beacon stores no
//! identifying or free-text data. Rows whose cells are all empty are skipped.
//!
//! # GeoJSON
//!
//! A `FeatureCollection` of `Point` features. The point is the destination, where the exploitation
//! happened; the properties are the Beacon CSV columns above except `destination_latitude` and
//! `destination_longitude`. A property may be text or a number (`null` or `""` means unknown);
//! `control_methods` may also be an array of terms. A feature's GeoJSON `id` is used as `id` when the
//! properties have none. Other geometry types, unknown properties and identifying properties are
//! errors; an unknown or identifying property is reported once, at the first feature that has it.
//!
//! # CTDC
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

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{self, Read};
use std::str::FromStr;

use csv::ByteRecord;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::config::Vocabulary;
use crate::identify::incidents::{
    CaseDate, CountryCode, Demographics, FieldError, GeoPoint, NewIncident, Place, normalise_term,
    slug,
};

/// At most this many errors are listed; [`ImportErrors::total`] counts them all.
pub const MAX_LISTED_ERRORS: usize = 1_000;

/// `progress` is called about every this many bytes.
pub const PROGRESS_INTERVAL: u64 = 64 * 1024;

/// The kinds of file [`parse`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Beacon's own CSV (see the module documentation for its columns).
    Beacon,
    /// A CSV file of the Counter Trafficking Data Collaborative, derivative or as published.
    Ctdc,
    /// A GeoJSON FeatureCollection of Point features.
    GeoJson,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Beacon, Format::Ctdc, Format::GeoJson];

    /// The name used on the command line and in the API: `beacon`, `ctdc` or `geojson`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Beacon => "beacon",
            Format::Ctdc => "ctdc",
            Format::GeoJson => "geojson",
        }
    }

    /// Guesses the format from the start of a file (a few KiB are plenty) and its name. The content
    /// decides first: JSON is GeoJSON, a first line naming `yearOfRegistration` is CTDC, another
    /// comma-separated first line is a Beacon CSV; the name's extension (`.geojson`, `.json`) only
    /// decides when the content does not. Anything else is taken for a Beacon CSV, whose parse then says
    /// what is wrong with it (a spreadsheet, a semicolon-separated file, …).
    pub fn detect(first_bytes: &[u8], file_name: &str) -> Format {
        let body = strip_bom(first_bytes).0.trim_ascii_start();
        if body.starts_with(b"{") || body.starts_with(b"[") {
            return Format::GeoJson;
        }
        let first_line = body.split(|&b| b == b'\n').next().unwrap_or_default();
        let first_line = String::from_utf8_lossy(first_line).to_ascii_lowercase();
        if first_line.contains("yearofregistration") {
            return Format::Ctdc;
        }
        if first_line.contains(',') {
            return Format::Beacon;
        }
        let name = file_name.to_ascii_lowercase();
        if name.ends_with(".geojson") || name.ends_with(".json") {
            Format::GeoJson
        } else {
            Format::Beacon
        }
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(input: &str) -> Result<Self, String> {
        let wanted = input.trim();
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| format!("`{wanted}` is not an import format (beacon, ctdc or geojson)"))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem with a row (or with the whole file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// The 1-based line where the row starts; 0 for GeoJSON features and when no line applies.
    pub line: u64,
    /// The column as named in the file's header, or the JSON path of a GeoJSON value.
    pub column: Option<String>,
    /// The incident field concerned (`date`, `victim_gender`, …), or `file`, `header`, `row`, `place`.
    pub field: String,
    pub reason: String,
}

/// Why a file was refused: every problem found, the first [`MAX_LISTED_ERRORS`] of them listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportErrors {
    source_name: String,
    errors: Vec<RowError>,
    total: u64,
}

impl ImportErrors {
    fn new(source_name: &str) -> Self {
        Self {
            source_name: source_name.to_owned(),
            errors: Vec::new(),
            total: 0,
        }
    }

    /// The file name, as given to [`parse`].
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// The problems, in file order, at most [`MAX_LISTED_ERRORS`] of them.
    pub fn rows(&self) -> &[RowError] {
        &self.errors
    }

    /// How many problems there were in all (more than [`rows`](Self::rows) holds past the cap).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// One line: the problem, or how many there are and the first.
    pub fn summary(&self) -> String {
        let first = self
            .errors
            .first()
            .map(|e| self.located(e))
            .unwrap_or_default();
        if self.total == 1 {
            first
        } else {
            format!(
                "{} has {} problems; the first: {first}",
                self.source_name, self.total
            )
        }
    }

    /// `FILE:LINE: column COLUMN: REASON`.
    fn located(&self, e: &RowError) -> String {
        if e.line > 0 || e.column.is_some() {
            format!("{}:{e}", self.source_name)
        } else {
            format!("{}: {e}", self.source_name)
        }
    }

    fn push(&mut self, error: RowError) {
        self.total += 1;
        if self.errors.len() < MAX_LISTED_ERRORS {
            self.errors.push(error);
        }
    }

    fn whole_file(&mut self, line: u64, reason: impl Into<String>) {
        self.push(RowError {
            line,
            column: None,
            field: "file".into(),
            reason: reason.into(),
        });
    }

    fn is_empty(&self) -> bool {
        self.total == 0
    }
}

impl fmt::Display for RowError {
    /// `LINE: column COLUMN: REASON`, without the file name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 || self.column.is_some() {
            write!(f, "{}: ", self.line)?;
        }
        if let Some(column) = &self.column {
            write!(f, "column {column}: ")?;
        }
        f.write_str(&self.reason)
    }
}

impl fmt::Display for ImportErrors {
    /// `FILE:LINE: column COLUMN: REASON`, one per line, then how many more there were.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&self.located(e))?;
        }
        let listed = self.errors.len() as u64;
        if self.total > listed {
            write!(
                f,
                "\n{}: … and {} more errors ({} in total)",
                self.source_name,
                self.total - listed,
                self.total
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

/// Reads a whole file into incidents, all or nothing (see the module documentation).
///
/// `source_name` names the file in errors; `today` bounds dates (no date in the future); `progress` is
/// called with the number of bytes read so far, about every [`PROGRESS_INTERVAL`] bytes and at the end.
pub fn parse(
    format: Format,
    bytes: &[u8],
    source_name: &str,
    vocabulary: &Vocabulary,
    today: time::Date,
    progress: &mut dyn FnMut(u64),
) -> Result<Vec<NewIncident>, ImportErrors> {
    let mut errors = ImportErrors::new(source_name);
    let (body, offset) = strip_bom(bytes);
    let incidents = if body.trim_ascii().is_empty() {
        errors.whole_file(0, "the file is empty");
        Vec::new()
    } else if body.starts_with(b"PK\x03\x04") || body.starts_with(b"\xD0\xCF\x11\xE0") {
        errors.whole_file(
            0,
            "the file is a spreadsheet (or another binary file): save it as CSV UTF-8 and import that",
        );
        Vec::new()
    } else {
        let mut input = Input {
            body,
            offset,
            vocabulary,
            today,
            progress,
            errors: &mut errors,
        };
        match format {
            Format::Beacon => input.beacon_csv(),
            Format::Ctdc => input.ctdc_csv(),
            Format::GeoJson => input.geojson(),
        }
    };
    progress(bytes.len() as u64);
    if errors.is_empty() {
        Ok(incidents)
    } else {
        Err(errors)
    }
}

/// Writes incidents as a Beacon CSV, every column, in the order of [`BEACON_COLUMNS`]; [`parse`] reads
/// it back to the same (validated) incidents.
pub fn write_beacon_csv<W: io::Write>(incidents: &[NewIncident], writer: W) -> csv::Result<()> {
    fn text(value: &Option<String>) -> String {
        value.clone().unwrap_or_default()
    }
    fn country(value: Option<CountryCode>) -> String {
        value.map(|c| c.to_string()).unwrap_or_default()
    }
    fn place(place: &Place) -> [String; 3] {
        let (lat, lon) = match place.point {
            Some(p) => (p.latitude.to_string(), p.longitude.to_string()),
            None => (String::new(), String::new()),
        };
        [country(place.country), lat, lon]
    }
    let mut w = csv::Writer::from_writer(writer);
    w.write_record(BEACON_COLUMNS)?;
    for i in incidents {
        let [sc, sla, slo] = place(&i.source);
        let [tc, tla, tlo] = place(&i.transit);
        let [dc, dla, dlo] = place(&i.destination);
        w.write_record([
            text(&i.external_id),
            i.date.to_string(),
            sc,
            sla,
            slo,
            tc,
            tla,
            tlo,
            dc,
            dla,
            dlo,
            text(&i.recruitment),
            i.control_methods.join("|"),
            text(&i.transport),
            text(&i.exploitation_type),
            text(&i.exploitation_subtype),
            text(&i.victim.age_band),
            text(&i.victim.gender),
            country(i.victim.nationality),
            text(&i.offender.age_band),
            text(&i.offender.gender),
            country(i.offender.nationality),
            i.data_source.clone(),
            i.confidence.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The columns of a Beacon CSV, in the order [`write_beacon_csv`] writes them.
pub const BEACON_COLUMNS: [&str; 24] = [
    "id",
    "date",
    "source_country",
    "source_latitude",
    "source_longitude",
    "transit_country",
    "transit_latitude",
    "transit_longitude",
    "destination_country",
    "destination_latitude",
    "destination_longitude",
    "recruitment",
    "control_methods",
    "transport",
    "exploitation_type",
    "exploitation_subtype",
    "victim_age_band",
    "victim_gender",
    "victim_nationality",
    "offender_age_band",
    "offender_gender",
    "offender_nationality",
    "data_source",
    "confidence",
];

/// Indexes into [`BEACON_COLUMNS`].
mod col {
    pub const ID: usize = 0;
    pub const DATE: usize = 1;
    /// Each place is three columns: country, latitude, longitude.
    pub const SOURCE: usize = 2;
    pub const TRANSIT: usize = 5;
    pub const DESTINATION: usize = 8;
    pub const RECRUITMENT: usize = 11;
    pub const CONTROL_METHODS: usize = 12;
    pub const TRANSPORT: usize = 13;
    pub const EXPLOITATION_TYPE: usize = 14;
    pub const EXPLOITATION_SUBTYPE: usize = 15;
    pub const VICTIM_AGE_BAND: usize = 16;
    pub const VICTIM_GENDER: usize = 17;
    pub const VICTIM_NATIONALITY: usize = 18;
    pub const OFFENDER_AGE_BAND: usize = 19;
    pub const OFFENDER_GENDER: usize = 20;
    pub const OFFENDER_NATIONALITY: usize = 21;
    pub const DATA_SOURCE: usize = 22;
    pub const CONFIDENCE: usize = 23;
}

const COLUMNS: usize = BEACON_COLUMNS.len();
const REQUIRED_BEACON_COLUMNS: [usize; 2] = [col::DATE, col::DATA_SOURCE];

/// The reason given for a column or property that could identify a person.
const IDENTIFYING_REASON: &str = "Beacon does not store names, contact details or free text that could \
identify a person: remove this column and import again";

/// One import in progress: the input and where its results go.
struct Input<'a, 'p> {
    /// The file without its byte-order mark.
    body: &'a [u8],
    /// The length of the byte-order mark, added back when reporting progress.
    offset: u64,
    vocabulary: &'a Vocabulary,
    today: time::Date,
    progress: &'p mut dyn FnMut(u64),
    errors: &'a mut ImportErrors,
}

/// A CSV header: the names as written (trimmed), and the line they are on.
struct Header {
    names: Vec<String>,
    line: u64,
}

impl Header {
    fn column(&self, index: usize) -> Option<String> {
        self.names.get(index).cloned()
    }
}

impl<'a> Input<'a, '_> {
    fn csv_reader(&self) -> csv::Reader<&'a [u8]> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(self.body)
    }

    /// Reads the header line, refusing a file that is not comma-separated UTF-8.
    fn read_header(&mut self, reader: &mut csv::Reader<&[u8]>) -> Option<Header> {
        let mut record = ByteRecord::new();
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => {
                self.errors.whole_file(0, "the file is empty");
                return None;
            }
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line());
                self.errors
                    .whole_file(line, format!("cannot read the header: {e}"));
                return None;
            }
        }
        let line = record.position().map_or(1, |p| p.line());
        let mut names = Vec::with_capacity(record.len());
        for (i, raw) in record.iter().enumerate() {
            match std::str::from_utf8(raw) {
                Ok(name) => names.push(name.trim().to_owned()),
                Err(_) => {
                    self.errors.whole_file(
                        line,
                        format!(
                            "line {line} (the header, column {}) is not valid UTF-8: save the file as \
                             CSV UTF-8",
                            i + 1
                        ),
                    );
                    return None;
                }
            }
        }
        if let [only] = names.as_slice() {
            for (separator, what) in [(';', "semicolons"), ('\t', "tabs"), ('|', "vertical bars")] {
                if only.contains(separator) {
                    self.errors.whole_file(
                        line,
                        format!(
                            "the header is one column, `{}`, separated by {what}: Beacon reads \
                             comma-separated files (save the file as CSV with commas)",
                            shorten(only, 120)
                        ),
                    );
                    return None;
                }
            }
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut duplicate = false;
        for (i, name) in names.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
            if let Some(first) = seen.insert(normalise_column(name), i) {
                duplicate = true;
                self.errors.push(RowError {
                    line,
                    column: Some(name.clone()),
                    field: "header".into(),
                    reason: format!(
                        "column `{name}` appears twice (columns {} and {})",
                        first + 1,
                        i + 1
                    ),
                });
            }
        }
        if duplicate {
            return None;
        }
        Some(Header { names, line })
    }

    /// Reads every data row, calling `row` with its line. Handles progress, encoding, blank rows and
    /// rows of the wrong length. Reports a file with no data rows.
    fn each_row(
        &mut self,
        reader: &mut csv::Reader<&[u8]>,
        header: &Header,
        mut row: impl FnMut(&mut Self, u64, &ByteRecord),
    ) {
        let mut record = ByteRecord::new();
        let mut next_report = PROGRESS_INTERVAL;
        let mut rows = 0u64;
        let width = header.names.len();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    self.errors
                        .whole_file(line, format!("cannot read the file: {e}"));
                    return;
                }
            }
            let read = reader.position().byte() + self.offset;
            if read >= next_report {
                (self.progress)(read);
                next_report = read + PROGRESS_INTERVAL;
            }
            let line = record.position().map_or(0, |p| p.line());
            let ascii = record.as_slice().is_ascii();
            if let Some(i) = record
                .iter()
                .position(|f| !ascii && std::str::from_utf8(f).is_err())
            {
                let column = header
                    .names
                    .get(i)
                    .map_or(String::new(), |n| format!(", column `{n}`"));
                self.errors.whole_file(
                    line,
                    format!(
                        "line {line}{column} is not valid UTF-8: save the file as CSV UTF-8 (in Excel: \
                         \"CSV UTF-8 (Comma delimited)\")"
                    ),
                );
                return;
            }
            if record.iter().all(|f| f.trim_ascii().is_empty()) {
                continue;
            }
            rows += 1;
            let extra = record
                .iter()
                .skip(width)
                .any(|f| !f.trim_ascii().is_empty());
            if record.len() < width || extra {
                self.errors.push(RowError {
                    line,
                    column: None,
                    field: "row".into(),
                    reason: format!(
                        "the row has {} cells but the header has {width} columns",
                        record.len()
                    ),
                });
                continue;
            }
            row(self, line, &record);
        }
        if rows == 0 {
            self.errors
                .whole_file(header.line, "the file has a header but no data rows");
        }
    }

    fn push_problems(
        &mut self,
        line: u64,
        problems: Vec<FieldError>,
        column: impl Fn(&str) -> Option<String>,
    ) {
        for p in problems {
            self.errors.push(RowError {
                line,
                column: column(&p.field),
                field: p.field,
                reason: p.reason,
            });
        }
    }

    // ---------------------------------------------------------------- Beacon CSV

    fn beacon_csv(&mut self) -> Vec<NewIncident> {
        let mut reader = self.csv_reader();
        let Some(header) = self.read_header(&mut reader) else {
            return Vec::new();
        };
        let Some(layout) = self.beacon_layout(&header) else {
            return Vec::new();
        };
        let mut incidents = Vec::new();
        let mut ids: HashMap<String, u64> = HashMap::new();
        self.each_row(&mut reader, &header, |input, line, record| {
            for &i in &layout.unnamed {
                if cell(record, i).is_some() {
                    input.errors.push(RowError {
                        line,
                        column: None,
                        field: "row".into(),
                        reason: format!(
                            "a value in column {}, which has no name in the header",
                            i + 1
                        ),
                    });
                }
            }
            let values: [Option<&str>; COLUMNS] =
                std::array::from_fn(|c| layout.slots[c].and_then(|i| cell(record, i)));
            let mut problems = Vec::new();
            let mut incident = build_beacon(&values, None, true, input.today, &mut problems);
            validate(&mut incident, input.vocabulary, &mut problems);
            if let Some(id) = &incident.external_id {
                match ids.entry(id.clone()) {
                    Entry::Occupied(first) => problems.push(FieldError {
                        field: "id".into(),
                        reason: format!("id `{id}` is also used on line {}", first.get()),
                    }),
                    Entry::Vacant(slot) => {
                        slot.insert(line);
                    }
                }
            }
            if problems.is_empty() {
                if input.errors.is_empty() {
                    incidents.push(incident);
                }
            } else {
                input.push_problems(line, problems, |field| {
                    beacon_index(field)
                        .and_then(|c| layout.slots[c])
                        .and_then(|i| header.column(i))
                });
            }
        });
        incidents
    }

    /// Maps the header to Beacon's columns, refusing unknown, identifying and missing ones.
    fn beacon_layout(&mut self, header: &Header) -> Option<BeaconLayout> {
        let line = header.line;
        if header
            .names
            .iter()
            .any(|n| n.eq_ignore_ascii_case("yearOfRegistration"))
        {
            self.errors.whole_file(
                line,
                "this is a CTDC file (it has a `yearOfRegistration` column): import it with the `ctdc` \
                 format",
            );
            return None;
        }
        let mut layout = BeaconLayout {
            slots: [None; COLUMNS],
            unnamed: Vec::new(),
        };
        let mut ok = true;
        for (i, name) in header.names.iter().enumerate() {
            if name.is_empty() {
                layout.unnamed.push(i);
                continue;
            }
            if let Some(c) = beacon_index(&normalise_column(name)) {
                layout.slots[c] = Some(i);
                continue;
            }
            ok = false;
            let reason = if is_identifying(name) {
                IDENTIFYING_REASON.to_owned()
            } else {
                unknown_column_reason(name, &BEACON_COLUMNS)
            };
            self.errors.push(RowError {
                line,
                column: Some(name.clone()),
                field: "header".into(),
                reason,
            });
        }
        let missing: Vec<&str> = REQUIRED_BEACON_COLUMNS
            .iter()
            .filter(|&&c| layout.slots[c].is_none())
            .map(|&c| BEACON_COLUMNS[c])
            .collect();
        if !missing.is_empty() {
            ok = false;
            self.errors
                .whole_file(line, missing_columns_reason(&missing, &header.names));
        }
        ok.then_some(layout)
    }

    // ---------------------------------------------------------------- CTDC

    fn ctdc_csv(&mut self) -> Vec<NewIncident> {
        let mut reader = self.csv_reader();
        let Some(header) = self.read_header(&mut reader) else {
            return Vec::new();
        };
        let Some(layout) = self.ctdc_layout(&header) else {
            return Vec::new();
        };
        let mut incidents = Vec::new();
        self.each_row(&mut reader, &header, |input, line, record| {
            let mut problems = Vec::new();
            let mut incident = build_ctdc(record, &layout, input.today, &mut problems);
            let mut field_problems: Vec<FieldError> =
                problems.iter().map(|(_, p)| p.clone()).collect();
            validate(&mut incident, input.vocabulary, &mut field_problems);
            field_problems.drain(..problems.len());
            if problems.is_empty() && field_problems.is_empty() {
                if input.errors.is_empty() {
                    incidents.push(incident);
                }
                return;
            }
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
        });
        incidents
    }

    /// Finds the CTDC columns the header has, refusing identifying ones and a missing year or source.
    fn ctdc_layout(&mut self, header: &Header) -> Option<CtdcLayout> {
        let v = self.vocabulary;
        let find = |name: &str| header.names.iter().position(|h| ctdc_name_matches(h, name));
        let mut ok = true;
        for name in &header.names {
            if is_identifying(name) {
                ok = false;
                self.errors.push(RowError {
                    line: header.line,
                    column: Some(name.clone()),
                    field: "header".into(),
                    reason: IDENTIFYING_REASON.into(),
                });
            }
        }
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

    fn geojson(&mut self) -> Vec<NewIncident> {
        let mut context = GeoContext {
            vocabulary: self.vocabulary,
            today: self.today,
            errors: &mut *self.errors,
            incidents: Vec::new(),
            ids: HashMap::new(),
            reported: HashSet::new(),
            features: 0,
            kind: None,
            has_features: false,
        };
        let reader = ProgressReader {
            data: self.body,
            position: 0,
            next_report: PROGRESS_INTERVAL,
            offset: self.offset,
            progress: &mut *self.progress,
        };
        let mut deserializer = serde_json::Deserializer::from_reader(reader);
        let parsed = Document(&mut context)
            .deserialize(&mut deserializer)
            .and_then(|()| deserializer.end());
        if let Err(e) = parsed {
            let reason = match e.classify() {
                serde_json::error::Category::Data => {
                    format!("not a GeoJSON FeatureCollection: {e}")
                }
                _ => format!("not valid JSON: {e}"),
            };
            context.errors.whole_file(e.line() as u64, reason);
            return Vec::new();
        }
        match context.kind.as_deref() {
            Some("FeatureCollection") if context.has_features => {
                if context.features == 0 {
                    context.errors.whole_file(0, "the FeatureCollection has no features");
                }
            }
            Some("FeatureCollection") => context
                .errors
                .whole_file(0, "the FeatureCollection has no `features` array"),
            Some("Feature") => context.errors.whole_file(
                0,
                "the file is a single Feature: Beacon imports a FeatureCollection of Point features",
            ),
            Some(other) => context.errors.whole_file(
                0,
                format!(
                    "the file is a GeoJSON `{other}`: Beacon imports a FeatureCollection of Point features"
                ),
            ),
            None => context.errors.whole_file(
                0,
                "the JSON object has no `\"type\": \"FeatureCollection\"`: Beacon imports a \
                 FeatureCollection of Point features",
            ),
        }
        context.incidents
    }
}

/// Where each Beacon column is in the file.
struct BeaconLayout {
    slots: [Option<usize>; COLUMNS],
    /// Columns with an empty name: ignored while their cells are empty.
    unnamed: Vec<usize>,
}

fn beacon_index(name: &str) -> Option<usize> {
    BEACON_COLUMNS.iter().position(|c| *c == name)
}

/// Builds an incident from Beacon columns (CSV cells or GeoJSON properties, trimmed, `None` when
/// empty). `point` is a GeoJSON geometry, the destination. Problems are pushed with the field named as
/// its column; the incident is only meaningful when there are none.
fn build_beacon(
    values: &[Option<&str>; COLUMNS],
    point: Option<GeoPoint>,
    require_place: bool,
    today: time::Date,
    problems: &mut Vec<FieldError>,
) -> NewIncident {
    let text = |c: usize| values[c].map(str::to_owned);
    let date = match values[col::DATE] {
        Some(s) => CaseDate::parse(s, today).unwrap_or_else(|reason| {
            problem(problems, "date", reason);
            PLACEHOLDER_DATE
        }),
        None => {
            problem(
                problems,
                "date",
                "a date is required (YYYY, YYYY-MM or YYYY-MM-DD)".into(),
            );
            PLACEHOLDER_DATE
        }
    };
    let before = problems.len();
    let source = beacon_place(values, col::SOURCE, problems);
    let transit = beacon_place(values, col::TRANSIT, problems);
    let mut destination = beacon_place(values, col::DESTINATION, problems);
    if point.is_some() {
        destination.point = point;
    }
    if require_place
        && problems.len() == before
        && source.is_empty()
        && transit.is_empty()
        && destination.is_empty()
    {
        problem(
            problems,
            "place",
            "no place: give at least a country or a latitude and longitude for the source, transit or \
             destination"
                .into(),
        );
    }
    let control_methods = values[col::CONTROL_METHODS]
        .map(|s| {
            s.split(['|', ';'])
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let data_source = values[col::DATA_SOURCE].map_or_else(
        || {
            problem(problems, "data_source", "a data source is required".into());
            String::new()
        },
        str::to_owned,
    );
    let confidence = values[col::CONFIDENCE].map_or(1.0, |s| {
        s.parse::<f64>().unwrap_or_else(|_| {
            problem(
                problems,
                "confidence",
                format!("`{s}` is not a number from 0 to 1"),
            );
            1.0
        })
    });
    NewIncident {
        external_id: text(col::ID),
        date,
        source,
        transit,
        destination,
        recruitment: text(col::RECRUITMENT),
        control_methods,
        transport: text(col::TRANSPORT),
        exploitation_type: text(col::EXPLOITATION_TYPE),
        exploitation_subtype: text(col::EXPLOITATION_SUBTYPE),
        victim: Demographics {
            age_band: text(col::VICTIM_AGE_BAND),
            gender: text(col::VICTIM_GENDER),
            nationality: beacon_country(values, col::VICTIM_NATIONALITY, problems),
        },
        offender: Demographics {
            age_band: text(col::OFFENDER_AGE_BAND),
            gender: text(col::OFFENDER_GENDER),
            nationality: beacon_country(values, col::OFFENDER_NATIONALITY, problems),
        },
        data_source,
        confidence,
    }
}

/// A date for records that are refused anyway.
const PLACEHOLDER_DATE: CaseDate = CaseDate {
    year: 1900,
    month: None,
    day: None,
};

fn problem(problems: &mut Vec<FieldError>, field: &str, reason: String) {
    problems.push(FieldError {
        field: field.to_owned(),
        reason,
    });
}

fn beacon_country(
    values: &[Option<&str>],
    c: usize,
    problems: &mut Vec<FieldError>,
) -> Option<CountryCode> {
    let s = values[c]?;
    CountryCode::parse(s)
        .map_err(|reason| problem(problems, BEACON_COLUMNS[c], reason))
        .ok()
}

/// The place whose country, latitude and longitude columns start at `first`.
fn beacon_place(values: &[Option<&str>], first: usize, problems: &mut Vec<FieldError>) -> Place {
    let country = beacon_country(values, first, problems);
    let (lat_column, lon_column) = (BEACON_COLUMNS[first + 1], BEACON_COLUMNS[first + 2]);
    let number = |s: &str, column: &str, problems: &mut Vec<FieldError>| {
        let value = s.parse::<f64>().ok().filter(|v| v.is_finite());
        if value.is_none() {
            problem(
                problems,
                column,
                format!("`{s}` is not a number (use decimal degrees, e.g. 52.66)"),
            );
        }
        value
    };
    let point = match (values[first + 1], values[first + 2]) {
        (None, None) => None,
        (Some(_), None) => {
            problem(
                problems,
                lon_column,
                "a latitude needs its longitude".into(),
            );
            None
        }
        (None, Some(_)) => {
            problem(
                problems,
                lat_column,
                "a longitude needs its latitude".into(),
            );
            None
        }
        (Some(lat), Some(lon)) => {
            let lat = number(lat, lat_column, problems).and_then(|lat| {
                GeoPoint::new(lat, 0.0)
                    .map(|_| lat)
                    .map_err(|r| problem(problems, lat_column, r))
                    .ok()
            });
            let lon = number(lon, lon_column, problems).and_then(|lon| {
                GeoPoint::new(0.0, lon)
                    .map(|_| lon)
                    .map_err(|r| problem(problems, lon_column, r))
                    .ok()
            });
            match (lat, lon) {
                (Some(lat), Some(lon)) => GeoPoint::new(lat, lon).ok(),
                _ => None,
            }
        }
    };
    Place { country, point }
}

/// Runs `NewIncident::validate`, adding its problems except for fields that already have one.
fn validate(incident: &mut NewIncident, vocabulary: &Vocabulary, problems: &mut Vec<FieldError>) {
    if let Err(found) = incident.validate(vocabulary) {
        let before = problems.len();
        for e in found {
            if !problems[..before].iter().any(|p| p.field == e.field) {
                problems.push(e);
            }
        }
    }
}

// -------------------------------------------------------------------- CTDC mapping

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
            CaseDate::parse(year, today).unwrap_or_else(|reason| {
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

// -------------------------------------------------------------------- GeoJSON

/// Counts the bytes serde_json reads, to report progress while a feature collection streams past.
struct ProgressReader<'a, 'p> {
    data: &'a [u8],
    position: usize,
    next_report: u64,
    offset: u64,
    progress: &'p mut dyn FnMut(u64),
}

impl Read for ProgressReader<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let rest = &self.data[self.position..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.position += n;
        let read = self.position as u64 + self.offset;
        if read >= self.next_report {
            (self.progress)(read);
            self.next_report = read + PROGRESS_INTERVAL;
        }
        Ok(n)
    }
}

struct GeoContext<'a> {
    vocabulary: &'a Vocabulary,
    today: time::Date,
    errors: &'a mut ImportErrors,
    incidents: Vec<NewIncident>,
    /// The feature index where each id was first seen.
    ids: HashMap<String, usize>,
    /// Unknown or identifying property names already reported.
    reported: HashSet<String>,
    features: usize,
    /// The top-level `type`.
    kind: Option<String>,
    has_features: bool,
}

/// The top-level object: reads `type`, streams `features`, skips everything else.
struct Document<'c, 'a>(&'c mut GeoContext<'a>);

impl<'de> DeserializeSeed<'de> for Document<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a GeoJSON FeatureCollection (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => self.0.kind = Some(map.next_value()?),
                "features" => {
                    self.0.has_features = true;
                    map.next_value_seed(Features(&mut *self.0))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct Features<'c, 'a>(&'c mut GeoContext<'a>);

impl<'de> DeserializeSeed<'de> for Features<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Features<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of GeoJSON features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element::<serde_json::Value>()? {
            let index = self.0.features;
            self.0.features += 1;
            self.0.feature(index, value);
        }
        Ok(())
    }
}

impl GeoContext<'_> {
    fn error(&mut self, index: usize, path: &str, field: &str, reason: String) {
        self.errors.push(RowError {
            line: 0,
            column: Some(format!("features[{index}]{path}")),
            field: field.to_owned(),
            reason,
        });
    }

    /// Reports an unknown or identifying property the first time it is seen.
    fn error_once(&mut self, index: usize, key: &str, reason: String) {
        if self.reported.insert(key.to_owned()) {
            self.error(
                index,
                &format!(".properties.{key}"),
                "property",
                format!("{reason} (reported once, at the first feature that has it)"),
            );
        }
    }

    fn feature(&mut self, index: usize, value: serde_json::Value) {
        let feature = match geojson::Feature::from_json_value(value) {
            Ok(f) => f,
            Err(e) => {
                self.error(index, "", "feature", format!("not a GeoJSON Feature: {e}"));
                return;
            }
        };
        let point = match feature.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::Value::Point(c)) if c.len() >= 2 => match GeoPoint::new(c[1], c[0]) {
                Ok(p) => Some(p),
                Err(reason) => {
                    self.error(index, ".geometry", "destination", reason);
                    None
                }
            },
            Some(geojson::Value::Point(_)) => {
                self.error(
                    index,
                    ".geometry",
                    "destination",
                    "a Point needs a longitude and a latitude".into(),
                );
                None
            }
            Some(other) => {
                self.error(
                    index,
                    ".geometry",
                    "destination",
                    format!(
                        "a {} cannot be imported: only Point features can (the point is where the \
                         exploitation happened)",
                        other.type_name()
                    ),
                );
                None
            }
            None => {
                self.error(
                    index,
                    ".geometry",
                    "destination",
                    "a feature needs a Point geometry: where the exploitation happened".into(),
                );
                None
            }
        };

        let mut values: [Option<Cow<'_, str>>; COLUMNS] = Default::default();
        let mut keys: [Option<&str>; COLUMNS] = [None; COLUMNS];
        for (key, value) in feature.properties.iter().flatten() {
            let Some(c) = beacon_index(&normalise_column(key)) else {
                let reason = if is_identifying(key) {
                    IDENTIFYING_REASON.to_owned()
                } else {
                    unknown_column_reason(key, &GEOJSON_PROPERTIES)
                };
                self.error_once(index, key, reason);
                continue;
            };
            if c == col::DESTINATION + 1 || c == col::DESTINATION + 2 {
                self.error_once(
                    index,
                    key,
                    format!("`{key}` comes from the Point geometry: remove the property"),
                );
                continue;
            }
            match property_text(value, c == col::CONTROL_METHODS) {
                Ok(None) => {}
                Ok(Some(text)) if values[c].is_none() => {
                    values[c] = Some(text);
                    keys[c] = Some(key.as_str());
                }
                Ok(Some(_)) => self.error(
                    index,
                    &format!(".properties.{key}"),
                    BEACON_COLUMNS[c],
                    format!("`{}` is given twice", BEACON_COLUMNS[c]),
                ),
                Err(reason) => self.error(
                    index,
                    &format!(".properties.{key}"),
                    BEACON_COLUMNS[c],
                    reason,
                ),
            }
        }
        if let Some(id) = &feature.id {
            let id = match id {
                geojson::feature::Id::String(s) => Cow::Borrowed(s.trim()),
                geojson::feature::Id::Number(n) => Cow::Owned(n.to_string()),
            };
            match &values[col::ID] {
                None if !id.is_empty() => values[col::ID] = Some(id),
                Some(own) if *own != id => self.error(
                    index,
                    ".id",
                    "id",
                    format!("the feature id `{id}` differs from the id property `{own}`"),
                ),
                _ => {}
            }
        }

        let fields: [Option<&str>; COLUMNS] = std::array::from_fn(|c| values[c].as_deref());
        let mut problems = Vec::new();
        let mut incident = build_beacon(&fields, point, false, self.today, &mut problems);
        validate(&mut incident, self.vocabulary, &mut problems);
        if let Some(id) = &incident.external_id {
            match self.ids.entry(id.clone()) {
                Entry::Occupied(first) => problems.push(FieldError {
                    field: "id".into(),
                    reason: format!("id `{id}` is also used by features[{}]", first.get()),
                }),
                Entry::Vacant(slot) => {
                    slot.insert(index);
                }
            }
        }
        for p in problems {
            let key = beacon_index(&p.field)
                .map_or(p.field.as_str(), |c| keys[c].unwrap_or(BEACON_COLUMNS[c]));
            let path = if p.field == "place" {
                ".geometry".to_owned()
            } else {
                format!(".properties.{key}")
            };
            self.error(index, &path, &p.field, p.reason);
        }
        if self.errors.is_empty() {
            self.incidents.push(incident);
        }
    }
}

/// The properties a GeoJSON feature may have: the Beacon columns less the destination point.
const GEOJSON_PROPERTIES: [&str; COLUMNS - 2] = {
    let mut out = [""; COLUMNS - 2];
    let mut i = 0;
    let mut o = 0;
    while i < COLUMNS {
        if i != col::DESTINATION + 1 && i != col::DESTINATION + 2 {
            out[o] = BEACON_COLUMNS[i];
            o += 1;
        }
        i += 1;
    }
    out
};

/// A property value as text: `None` for null or empty; numbers as written; an array of terms (allowed
/// for `control_methods`) joined with `|`.
fn property_text(value: &serde_json::Value, list: bool) -> Result<Option<Cow<'_, str>>, String> {
    use serde_json::Value;
    match value {
        Value::Null => Ok(None),
        Value::String(s) => {
            let s = s.trim();
            Ok((!s.is_empty()).then_some(Cow::Borrowed(s)))
        }
        Value::Number(n) => Ok(Some(Cow::Owned(n.to_string()))),
        Value::Array(items) if list => {
            let mut terms = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(s) => terms.push(s.trim()),
                    _ => return Err("a list of terms must hold only text".into()),
                }
            }
            let joined = terms.join("|");
            Ok((!joined.trim_matches('|').is_empty()).then_some(Cow::Owned(joined)))
        }
        Value::Bool(_) => Err("must be text or a number, not true or false".into()),
        Value::Array(_) => Err("must be text or a number, not a list".into()),
        Value::Object(_) => Err("must be text or a number, not an object".into()),
    }
}

// -------------------------------------------------------------------- shared helpers

fn strip_bom(bytes: &[u8]) -> (&[u8], u64) {
    match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    }
}

/// A cell, trimmed; `None` when empty or missing.
fn cell(record: &ByteRecord, index: usize) -> Option<&str> {
    let s = std::str::from_utf8(record.get(index)?).ok()?.trim();
    (!s.is_empty()).then_some(s)
}

/// `Victim Gender` → `victim_gender`.
fn normalise_column(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

fn shorten(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => Cow::Borrowed(text),
    }
}

/// Whether a column or property name suggests a person's name, contact or free text.
fn is_identifying(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "name",
        "names",
        "phone",
        "telephone",
        "mobile",
        "email",
        "mail",
        "address",
        "postcode",
        "zipcode",
        "narrative",
        "notes",
        "note",
        "description",
        "comment",
        "comments",
        "story",
        "dob",
        "birth",
        "birthday",
        "birthdate",
        "passport",
        "contact",
        "contacts",
    ];
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut lower_before = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && lower_before && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            lower_before = !c.is_uppercase();
            word.extend(c.to_lowercase());
        } else {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            lower_before = false;
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
        .iter()
        .any(|w| WORDS.contains(&w.as_str()) || (w.len() > 4 && w.ends_with("name")))
}

fn unknown_column_reason(name: &str, known: &[&str]) -> String {
    let wanted = normalise_column(name);
    let closest = known
        .iter()
        .map(|k| (edit_distance(&wanted, k), *k))
        .min()
        .filter(|&(d, k)| d <= 3 || k.starts_with(wanted.as_str()));
    match closest {
        Some((_, k)) => format!("unknown column `{name}` (did you mean `{k}`?)"),
        None => format!(
            "unknown column `{name}`: the columns are {}",
            known.join(", ")
        ),
    }
}

fn missing_columns_reason(missing: &[&str], found: &[String]) -> String {
    let plural = if missing.len() == 1 { "" } else { "s" };
    let missing = missing
        .iter()
        .map(|m| format!("`{m}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut shown: Vec<String> = found
        .iter()
        .filter(|f| !f.is_empty())
        .take(40)
        .map(|f| format!("`{}`", shorten(f, 60)))
        .collect();
    if found.len() > 40 {
        shown.push(format!("… ({} columns)", found.len()));
    }
    format!(
        "missing required column{plural} {missing}; the header has {}",
        if shown.is_empty() {
            "no named columns".to_owned()
        } else {
            shown.join(", ")
        }
    )
}

/// Levenshtein distance, for suggesting the column a typo meant.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,date,source_country,destination_country,destination_latitude,destination_longitude,\
exploitation_type,control_methods,victim_gender,data_source,confidence";

    fn today() -> time::Date {
        time::macros::date!(2026 - 11 - 29)
    }

    fn run(format: Format, input: &[u8]) -> Result<Vec<NewIncident>, ImportErrors> {
        parse(
            format,
            input,
            "cases.csv",
            &Vocabulary::default(),
            today(),
            &mut |_| {},
        )
    }

    fn beacon(text: &str) -> Result<Vec<NewIncident>, ImportErrors> {
        run(Format::Beacon, text.as_bytes())
    }

    fn errors(result: Result<Vec<NewIncident>, ImportErrors>) -> ImportErrors {
        match result {
            Ok(incidents) => panic!("expected errors, got {} incidents", incidents.len()),
            Err(e) => e,
        }
    }

    /// The only error of a refused file.
    fn only_error(result: Result<Vec<NewIncident>, ImportErrors>) -> RowError {
        let e = errors(result);
        assert_eq!(e.errors.len(), 1, "{e}");
        e.errors[0].clone()
    }

    fn good_row(id: &str) -> String {
        format!(
            "{id},2019-06,LT,GB,52.66,0.16,Forced labour,debt bondage|Withholds documents,Male,police,0.8"
        )
    }

    #[test]
    fn formats_parse_and_detect() {
        assert_eq!("beacon".parse::<Format>(), Ok(Format::Beacon));
        assert_eq!(" CTDC ".parse::<Format>(), Ok(Format::Ctdc));
        assert_eq!("geojson".parse::<Format>(), Ok(Format::GeoJson));
        assert!(
            "xlsx"
                .parse::<Format>()
                .unwrap_err()
                .contains("beacon, ctdc or geojson")
        );
        assert_eq!(Format::GeoJson.to_string(), "geojson");
        assert_eq!(
            serde_json::to_string(&Format::GeoJson).unwrap(),
            "\"geojson\""
        );

        let detect = Format::detect;
        assert_eq!(detect(b"\xEF\xBB\xBF  {\"type\"", "x.txt"), Format::GeoJson);
        assert_eq!(
            detect(b"yearOfRegistration,Datasource\n2016", "a.csv"),
            Format::Ctdc
        );
        assert_eq!(
            detect(b",yearOfRegistration,Datasource", "a.csv"),
            Format::Ctdc
        );
        assert_eq!(detect(HEADER.as_bytes(), "upload"), Format::Beacon);
        assert_eq!(detect(b"date", "cases.csv"), Format::Beacon);
        assert_eq!(detect(b"date", "cases.GeoJSON"), Format::GeoJson);
        assert_eq!(detect(b"", "cases.json"), Format::GeoJson);
        assert_eq!(detect(b"date;data_source", "cases.txt"), Format::Beacon);
        assert_eq!(detect(b"PK\x03\x04...", "cases.xlsx"), Format::Beacon);
    }

    #[test]
    fn spreadsheets_are_refused_with_advice() {
        for format in Format::ALL {
            let e = only_error(run(format, b"PK\x03\x04\x14\x00\x06\x00"));
            assert!(
                e.reason.contains("save it as CSV UTF-8"),
                "{format}: {}",
                e.reason
            );
        }
    }

    #[test]
    fn errors_have_a_summary_and_accessors() {
        let one = errors(beacon("date,source_country,data_source\n2019,LT,nobody\n"));
        assert_eq!(
            (one.source_name(), one.total(), one.rows().len()),
            ("cases.csv", 1, 1)
        );
        assert!(
            one.summary()
                .starts_with("cases.csv:2: column data_source: `nobody` is not in")
        );
        let two = errors(beacon(
            "date,source_country,data_source\n2019,LT,nobody\n2019,XX,ngo\n",
        ));
        assert!(
            two.summary()
                .starts_with("cases.csv has 2 problems; the first: cases.csv:2: column")
        );
        assert_eq!(errors(beacon("")).summary(), "cases.csv: the file is empty");
        let json = serde_json::to_value(&two).unwrap();
        assert_eq!(json["total"], 2);
        assert_eq!(json["errors"][1]["column"], "source_country");
    }

    #[test]
    fn progress_may_be_a_send_closure() {
        let mut seen = 0;
        let progress: &mut (dyn FnMut(u64) + Send) = &mut |n| seen = n;
        let text = "date,source_country,data_source\n2019,LT,ngo\n";
        parse(
            Format::Beacon,
            text.as_bytes(),
            "x.csv",
            &Vocabulary::default(),
            today(),
            progress,
        )
        .unwrap();
        assert_eq!(seen, text.len() as u64);
    }

    #[test]
    fn a_beacon_csv_is_read_into_validated_incidents() {
        let text = format!("{HEADER}\n{}\n,2020,RO,,,,,,,ngo,\n", good_row("case-1"));
        let incidents = beacon(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(incidents.len(), 2);
        let a = &incidents[0];
        assert_eq!(a.external_id.as_deref(), Some("case-1"));
        assert_eq!(a.date.to_string(), "2019-06");
        assert_eq!(a.source.country.unwrap().as_str(), "LT");
        let point = a.destination.point.unwrap();
        assert_eq!((point.latitude, point.longitude), (52.66, 0.16));
        assert_eq!(a.exploitation_type.as_deref(), Some("forced-labour"));
        assert_eq!(
            a.control_methods,
            vec!["debt-bondage", "withholds-documents"]
        );
        assert_eq!(a.victim.gender.as_deref(), Some("male"));
        assert_eq!(a.confidence, 0.8);
        let b = &incidents[1];
        assert_eq!(b.external_id, None);
        assert_eq!(b.confidence, 1.0, "confidence defaults to 1");
        assert_eq!(b.destination, Place::default());
        assert!(b.control_methods.is_empty());
    }

    #[test]
    fn a_beacon_csv_round_trips() {
        let text = format!(
            "{HEADER}\n{}\n{}\n,2021-02-03,,ro,,,Sexual,threats;false promises,female,ngo,1\n",
            good_row("a"),
            good_row("b")
        );
        let mut first = beacon(&text).unwrap();
        first[1].transit = Place {
            country: Some(CountryCode::parse("DE").unwrap()),
            point: Some(GeoPoint::new(-33.865143, 151.2099).unwrap()),
        };
        first[1].offender = Demographics {
            age_band: Some("30-38".into()),
            gender: Some("other".into()),
            nationality: Some(CountryCode::parse("AL").unwrap()),
        };
        first[1].recruitment = Some("job-offer".into());
        first[1].transport = Some("on-foot".into());
        first[1].exploitation_subtype = Some("agriculture".into());
        first[1].victim.age_band = Some("48+".into());
        first[1].confidence = 0.123456789;
        let mut csv = Vec::new();
        write_beacon_csv(&first, &mut csv).unwrap();
        let again = run(Format::Beacon, &csv).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again, first);
        let header = String::from_utf8(csv).unwrap();
        assert!(header.starts_with(&BEACON_COLUMNS.join(",")));
    }

    #[test]
    fn a_byte_order_mark_windows_line_endings_and_header_spelling_are_fine() {
        let text =
            "\u{feff}ID,Date,Source Country,DATA-SOURCE\r\nx,2019,LT,police\r\ny,2018,PL,ngo\r\n";
        let incidents = beacon(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(incidents.len(), 2);
        assert_eq!(incidents[1].external_id.as_deref(), Some("y"));
        assert_eq!(incidents[1].data_source, "ngo");
    }

    #[test]
    fn blank_rows_are_skipped_and_quoted_cells_may_span_lines() {
        let text = "date,source_country,control_methods,data_source\n\
                    2019,LT,\"threats|\nfalse promises\",police\n\
                    ,,,\n\
                    \n\
                    2019,XX,,police\n";
        let e = only_error(beacon(text));
        assert_eq!(
            e.line, 5,
            "the line numbers count the line inside the quoted cell"
        );
        assert_eq!(e.column.as_deref(), Some("source_country"));
    }

    #[test]
    fn whole_file_errors() {
        let empty = only_error(beacon(""));
        assert_eq!((empty.line, empty.field.as_str()), (0, "file"));
        assert!(empty.reason.contains("empty"));
        assert!(only_error(beacon("\u{feff} \r\n")).reason.contains("empty"));
        assert!(
            only_error(run(Format::GeoJson, b""))
                .reason
                .contains("empty")
        );

        let no_rows = only_error(beacon("date,source_country,data_source\r\n,,\r\n"));
        assert_eq!(no_rows.line, 1);
        assert!(
            no_rows.reason.contains("no data rows"),
            "{}",
            no_rows.reason
        );

        let missing = only_error(beacon("Date,source_country\n2019,LT\n"));
        assert_eq!(missing.line, 1);
        assert!(
            missing
                .reason
                .contains("missing required column `data_source`")
        );
        assert!(
            missing.reason.contains("`Date`, `source_country`"),
            "names the columns found: {}",
            missing.reason
        );

        let semicolons = only_error(beacon("date;source_country;data_source\n2019;LT;police\n"));
        assert!(
            semicolons.reason.contains("semicolons"),
            "{}",
            semicolons.reason
        );
        assert!(semicolons.reason.contains("comma-separated"));
        let tabs = only_error(beacon(
            "date\tsource_country\tdata_source\n2019\tLT\tpolice\n",
        ));
        assert!(tabs.reason.contains("tabs"));

        let latin1 = b"date,source_country,data_source\n2019,LT,police\n2019,LT,caf\xe9\n";
        let bad = only_error(run(Format::Beacon, latin1));
        assert_eq!(bad.line, 3);
        assert!(
            bad.reason
                .contains("line 3, column `data_source` is not valid UTF-8"),
            "{}",
            bad.reason
        );
        let bad_header = only_error(run(Format::Beacon, b"date,caf\xe9\n2019,x\n"));
        assert_eq!(bad_header.line, 1);
        assert!(bad_header.reason.contains("UTF-8"));

        let twice = only_error(beacon(
            "date,Date,source_country,data_source\n2019,2019,LT,police\n",
        ));
        assert!(
            twice.reason.contains("appears twice (columns 1 and 2)"),
            "{}",
            twice.reason
        );

        let ctdc = only_error(beacon("yearOfRegistration,Datasource\n2016,Hotline\n"));
        assert!(ctdc.reason.contains("`ctdc`"));
        let beacon_as_ctdc = only_error(run(Format::Ctdc, b"date,data_source\n2019,police\n"));
        assert!(
            beacon_as_ctdc
                .reason
                .contains("`yearOfRegistration`, `Datasource`")
        );
        assert!(beacon_as_ctdc.reason.contains("`beacon`"));
    }

    #[test]
    fn unknown_and_identifying_columns_are_refused() {
        let e = errors(beacon(
            "date,victim_gendr,source_country,First Name,phone,email,Notes,description,address,surname,\
             Narrative,name,data_source,colour\n2019,male,LT,,,,,,,,,,police,red\n",
        ));
        let by_column = |c: &str| {
            e.errors
                .iter()
                .find(|r| r.column.as_deref() == Some(c))
                .unwrap()
        };
        assert!(
            by_column("victim_gendr")
                .reason
                .contains("did you mean `victim_gender`?")
        );
        assert!(
            by_column("colour")
                .reason
                .contains("unknown column `colour`")
        );
        for c in [
            "First Name",
            "phone",
            "email",
            "Notes",
            "description",
            "address",
            "surname",
            "Narrative",
            "name",
        ] {
            let r = by_column(c);
            assert_eq!(r.line, 1);
            assert!(r.reason.contains("does not store"), "{c}: {}", r.reason);
        }
        assert_eq!(e.total, 11);
        assert!(!is_identifying("data_source"));
        assert!(!is_identifying("CountryOfExploitation"));
        assert!(!is_identifying("RecruiterRelationship"));
        assert!(is_identifying("victimName"));
        assert!(is_identifying("E-mail"));
        assert!(is_identifying("DateOfBirth"));
        let ctdc = errors(run(
            Format::Ctdc,
            b"yearOfRegistration,Datasource,victim_name\n2016,Hotline,x\n",
        ));
        assert!(ctdc.errors[0].reason.contains("does not store"));
    }

    #[test]
    fn row_errors_name_the_line_and_the_column() {
        let text = format!(
            "{HEADER}\n\
             {}\n\
             r2,2019-13,LT,GB,52.66,0.16,Forced labour,,male,police,\n\
             r3,2030,UK,,52.66,,smuggling,threats|bribes,male,,1.5\n\
             r4,2019,,,,,,,,police,\n\
             r5,2019,LT,,,,,,,police,lots\n\
             r6,2019,LT\n\
             r7,2019,LT,GB,95,200,,,,police,\n",
            good_row("r1")
        );
        let e = errors(beacon(&text));
        let got: Vec<(u64, Option<&str>, &str)> = e
            .errors
            .iter()
            .map(|r| (r.line, r.column.as_deref(), r.field.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, Some("date"), "date"),
                (4, Some("date"), "date"),
                (4, Some("source_country"), "source_country"),
                (4, Some("destination_longitude"), "destination_longitude"),
                (4, Some("data_source"), "data_source"),
                (4, Some("exploitation_type"), "exploitation_type"),
                (4, Some("control_methods"), "control_methods"),
                (4, Some("confidence"), "confidence"),
                (5, None, "place"),
                (6, Some("confidence"), "confidence"),
                (7, None, "row"),
                (8, Some("destination_latitude"), "destination_latitude"),
                (8, Some("destination_longitude"), "destination_longitude"),
            ]
        );
        let reasons: Vec<&str> = e.errors.iter().map(|r| r.reason.as_str()).collect();
        assert!(reasons[1].contains("future"));
        assert!(reasons[2].contains("`UK`"));
        assert_eq!(reasons[3], "a latitude needs its longitude");
        assert!(reasons[6].contains("`bribes` is not in the vocabulary"));
        assert!(reasons[7].contains("1.5 is outside 0..1"));
        assert!(reasons[10].contains("the row has 3 cells but the header has 11 columns"));
        assert!(reasons[11].contains("latitude 95"));
        let shown = e.to_string();
        assert!(
            shown.starts_with("cases.csv:3: column date: `2019-13` is not a date"),
            "{shown}"
        );
        assert!(
            shown.contains("\ncases.csv:5: no place: give at least"),
            "{shown}"
        );
        assert_eq!(shown.lines().count(), e.errors.len());
    }

    #[test]
    fn one_bad_row_refuses_the_whole_file() {
        let text = format!(
            "{HEADER}\n{}\n{}\n{}\n",
            good_row("a"),
            good_row("b"),
            "c,2019,LT,,,,,,,nobody,"
        );
        let e = errors(beacon(&text));
        assert_eq!(e.total, 1);
        assert_eq!(e.errors[0].line, 4);
        assert_eq!(e.errors[0].column.as_deref(), Some("data_source"));
    }

    #[test]
    fn duplicate_ids_name_both_lines() {
        let text = format!(
            "{HEADER}\n{}\n{}\n{}\n",
            good_row("a"),
            good_row("b"),
            good_row(" a ")
        );
        let e = only_error(beacon(&text));
        assert_eq!((e.line, e.column.as_deref()), (4, Some("id")));
        assert_eq!(e.reason, "id `a` is also used on line 2");
    }

    #[test]
    fn unnamed_columns_must_stay_empty() {
        assert!(beacon("date,source_country,data_source,\n2019,LT,police,\n").is_ok());
        let e = only_error(beacon(
            "date,source_country,data_source,\n2019,LT,police,x\n",
        ));
        assert!(e.reason.contains("column 4, which has no name"));
    }

    #[test]
    fn errors_are_capped_and_counted() {
        let mut text = String::from("date,source_country,data_source\n");
        for _ in 0..1500 {
            text.push_str("2019,ZZZ,police\n");
        }
        let e = errors(beacon(&text));
        assert_eq!(e.errors.len(), MAX_LISTED_ERRORS);
        assert_eq!(e.total, 1500);
        assert_eq!(e.errors[999].line, 1001);
        let shown = e.to_string();
        assert!(
            shown.ends_with("cases.csv: … and 500 more errors (1500 in total)"),
            "{}",
            &shown[shown.len() - 80..]
        );
    }

    #[test]
    fn progress_is_reported_about_every_64_kib() {
        let mut text = String::from("date,source_country,data_source\n");
        while text.len() < 300_000 {
            text.push_str("2019,LT,police\n");
        }
        let mut calls = Vec::new();
        let result = parse(
            Format::Beacon,
            text.as_bytes(),
            "big.csv",
            &Vocabulary::default(),
            today(),
            &mut |n| calls.push(n),
        );
        assert!(result.is_ok());
        assert!((5..=7).contains(&calls.len()), "{calls:?}");
        assert!(calls.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(*calls.last().unwrap(), text.len() as u64);
        assert!(calls[0] >= PROGRESS_INTERVAL && calls[0] < PROGRESS_INTERVAL + 100);
    }

    // ------------------------------------------------------------ GeoJSON

    fn geojson(text: &str) -> Result<Vec<NewIncident>, ImportErrors> {
        run(Format::GeoJson, text.as_bytes())
    }

    fn point(properties: &str) -> String {
        format!(
            r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[0.16,52.66]}},"properties":{properties}}}"#
        )
    }

    fn collection(features: &[String]) -> String {
        format!(
            r#"{{"type":"FeatureCollection","name":"x","features":[{}]}}"#,
            features.join(",\n")
        )
    }

    #[test]
    fn geojson_points_are_destinations() {
        let text = collection(&[
            point(r#"{"id":"k-1","date":"2019-06","source_country":"lt","control_methods":["Threats","debt bondage"],"confidence":0.5,"victim_gender":null,"data_source":"ngo"}"#),
            r#"{"type":"Feature","id":17,"geometry":{"type":"Point","coordinates":[-1.5,53.1,20]},"properties":{"date":2020,"data_source":"police","destination_country":"GB"}}"#.into(),
        ]);
        let incidents = geojson(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(incidents.len(), 2);
        let a = &incidents[0];
        assert_eq!(
            a.destination.point,
            Some(GeoPoint::new(52.66, 0.16).unwrap())
        );
        assert_eq!(a.source.country.unwrap().as_str(), "LT");
        assert_eq!(a.control_methods, vec!["debt-bondage", "threats"]);
        assert_eq!(a.confidence, 0.5);
        assert_eq!(a.victim.gender, None);
        let b = &incidents[1];
        assert_eq!(
            b.external_id.as_deref(),
            Some("17"),
            "the feature id is used"
        );
        assert_eq!(b.date.to_string(), "2020");
        assert_eq!(b.destination.country.unwrap().as_str(), "GB");
        assert_eq!(b.destination.point.unwrap().latitude, 53.1);
    }

    #[test]
    fn geojson_errors_name_the_feature_and_property() {
        let polygon = r#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"date":"2019","data_source":"ngo"}}"#;
        let text = collection(&[
            point(r#"{"date":"2019","data_source":"ngo","id":"a"}"#),
            polygon.into(),
            point(r#"{"date":"2019-02-30","data_source":"ngo","fid":3,"name":"x","destination_latitude":1}"#),
            point(r#"{"date":"2019","Data_Source":"nobody","fid":4,"victim_gender":true}"#),
            point(r#"{"date":"2019","data_source":"ngo","id":"a"}"#),
            r#"{"type":"Feature","geometry":null,"properties":{"date":"2019","data_source":"ngo"}}"#.into(),
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[0,91]},"properties":{"date":"2019","data_source":"ngo"}}"#.into(),
        ]);
        let e = errors(geojson(&text));
        let got: Vec<(u64, &str)> = e
            .errors
            .iter()
            .map(|r| (r.line, r.column.as_deref().unwrap()))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, "features[1].geometry"),
                (0, "features[2].properties.destination_latitude"),
                (0, "features[2].properties.fid"),
                (0, "features[2].properties.name"),
                (0, "features[2].properties.date"),
                (0, "features[3].properties.victim_gender"),
                (0, "features[3].properties.Data_Source"),
                (0, "features[4].properties.id"),
                (0, "features[5].geometry"),
                (0, "features[6].geometry"),
            ]
        );
        let reasons: Vec<&str> = e.errors.iter().map(|r| r.reason.as_str()).collect();
        assert!(
            reasons[0].contains("a Polygon cannot be imported"),
            "{}",
            reasons[0]
        );
        assert!(reasons[1].contains("comes from the Point geometry"));
        assert!(
            reasons[2].contains("unknown column `fid`") && reasons[2].contains("reported once")
        );
        assert!(reasons[3].contains("does not store"));
        assert!(reasons[5].contains("not true or false"));
        assert!(reasons[6].contains("`nobody` is not in the vocabulary"));
        assert!(reasons[7].contains("also used by features[0]"));
        assert!(reasons[9].contains("latitude 91"));
        assert!(
            e.to_string()
                .starts_with("cases.csv:0: column features[1].geometry: a Polygon")
        );
    }

    #[test]
    fn geojson_whole_file_errors() {
        let bad = only_error(geojson(
            "{\"type\":\"FeatureCollection\",\n\"features\":[\n{,}]}",
        ));
        assert_eq!(bad.line, 3);
        assert!(bad.reason.contains("not valid JSON"), "{}", bad.reason);
        assert!(
            only_error(geojson(r#"{"type":"FeatureCollection","features":[]}"#))
                .reason
                .contains("no features")
        );
        assert!(
            only_error(geojson(r#"{"type":"FeatureCollection"}"#))
                .reason
                .contains("no `features`")
        );
        assert!(
            only_error(geojson(&point("{}")))
                .reason
                .contains("single Feature")
        );
        assert!(
            only_error(geojson(r#"{"features":[]}"#))
                .reason
                .contains("FeatureCollection")
        );
        assert!(
            only_error(geojson("[1,2]"))
                .reason
                .contains("not a GeoJSON FeatureCollection")
        );
        assert!(
            only_error(geojson(r#"{"type":"FeatureCollection","features":{}}"#))
                .reason
                .contains("array")
        );
        let trailing = only_error(geojson(r#"{"type":"FeatureCollection","features":[]} x"#));
        assert!(trailing.reason.contains("trailing"), "{}", trailing.reason);
        let latin1 = b"{\"type\":\"FeatureCollection\",\n\"features\":[\"caf\xe9\"]}";
        let e = only_error(run(Format::GeoJson, latin1));
        assert_eq!(e.line, 2);
    }

    #[test]
    fn geojson_reports_progress() {
        let features: Vec<String> = (0..2000)
            .map(|i| {
                point(&format!(
                    r#"{{"id":"{i}","date":"2019","data_source":"ngo"}}"#
                ))
            })
            .collect();
        let text = collection(&features);
        let mut calls = Vec::new();
        let result = parse(
            Format::GeoJson,
            text.as_bytes(),
            "x.geojson",
            &Vocabulary::default(),
            today(),
            &mut |n| calls.push(n),
        );
        assert_eq!(result.unwrap().len(), 2000);
        assert!(calls.len() >= 3, "{calls:?}");
        assert_eq!(*calls.last().unwrap(), text.len() as u64);
    }

    // ------------------------------------------------------------ CTDC

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
