//! Incident imports: Beacon's own CSV, CTDC's CSV files and GeoJSON points, checked all or nothing.
//!
//! [`read`] streams a file: it hands the checked records over in batches of [`BATCH_ROWS`] (the store
//! writes each into the import's one transaction) and returns [`ImportErrors`] that list every bad row
//! (the first [`MAX_LISTED_ERRORS`], with the total): one bad row rejects the whole file, so a file is
//! either imported as it is or not at all, and memory does not grow with the file. An id used twice is
//! found by the store among the ids [`read`] hands over, and added to the errors by
//! [`ReadOutcome::finish`]. [`parse`] does all of that in memory, for tests and small inputs.
//!
//! Every record passes [`NewIncident::validate`], whose field errors become row errors. Problems with the file as a whole (empty, no data rows, required columns
//! missing, unknown or identifying columns, the wrong delimiter, invalid UTF-8) are errors too; a UTF-8
//! byte-order mark is skipped and Windows line endings are fine.
//!
//! Errors print as `FILE:LINE: column COLUMN: REASON`, one per line. `LINE` is the 1-based line of the
//! file where the row starts (a quoted cell may span lines). For GeoJSON, which has no line per feature,
//! `LINE` is 0 and `COLUMN` is the JSON path, e.g. `features[3].properties.date` or
//! `features[3].geometry` (features counted from 0). Errors that concern no column leave it out, and
//! whole-file errors with no line print as `FILE: REASON`.
//!
//! Parsing streams: CSV is read with the `csv` crate one reused `ByteRecord` at a time (a row or a cell
//! over the limits of [`crate::tabular`] is refused before it is held), GeoJSON one feature at a time
//! (a feature over [`MAX_FEATURE_BYTES`] likewise), and `progress` is called with the bytes read so far
//! about every [`PROGRESS_INTERVAL`] bytes, and once at the end. Problems with the header (unknown,
//! identifying or repeated columns) list the first [`MAX_HEADER_PROBLEMS`] and sum up the rest in one.
//!
//! One file per format: [`beacon_csv`] (Beacon's own CSV, and writing it), [`ctdc`] (CTDC's CSV files in
//! both shapes) and [`geojson`] (GeoJSON points). This file holds what they share: [`read`] and
//! [`parse`], the errors, reading a CSV header and its rows, and the checks on column names.

pub mod beacon_csv;
pub mod ctdc;
pub mod geojson;

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::io::{self, Read};
use std::str::FromStr;

use csv::ByteRecord;
use serde::{Deserialize, Serialize};

use crate::config::Vocabulary;
use crate::identify::incidents::date::PartialDate;
use crate::identify::incidents::{FieldError, NewIncident};
use crate::tabular::{self, Header, HeaderError, ReadError, TableReader};

/// At most this many errors are listed; [`ImportErrors::total`] counts them all.
pub const MAX_LISTED_ERRORS: usize = 1_000;

/// `progress` is called about every this many bytes.
pub const PROGRESS_INTERVAL: u64 = 64 * 1024;

/// [`read`] hands records over in batches of about this many rows.
pub const BATCH_ROWS: usize = 4096;

/// Problems with the header are listed up to this many; one more sums up the rest.
pub const MAX_HEADER_PROBLEMS: usize = 20;

/// The largest GeoJSON feature read (as written in the file).
pub const MAX_FEATURE_BYTES: u64 = 1 << 20;

/// How much of the start of a file is looked at before it is read as its format.
const HEAD_BYTES: usize = 64 * 1024;

/// The kinds of file [`parse`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Beacon's own CSV (see [`beacon_csv`] for its columns).
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
    /// Where each listed error is in the file (its line, or its feature), to merge in file order.
    #[serde(skip)]
    positions: Vec<u64>,
    total: u64,
}

impl ImportErrors {
    fn new(source_name: &str) -> Self {
        Self {
            source_name: source_name.to_owned(),
            errors: Vec::new(),
            positions: Vec::new(),
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
        self.push_at(error.line, error);
    }

    /// Adds an error found at `position` (a line, or a GeoJSON feature's index).
    fn push_at(&mut self, position: u64, error: RowError) {
        self.total += 1;
        if self.errors.len() < MAX_LISTED_ERRORS {
            self.errors.push(error);
            self.positions.push(position);
        }
    }

    /// Adds errors found apart (in file order themselves), keeping the first [`MAX_LISTED_ERRORS`] of
    /// all in file order; at the same position the errors already here come first.
    fn merge(&mut self, more: Vec<(u64, RowError)>, total: u64) {
        self.total += total;
        if more.is_empty() {
            return;
        }
        let mine = std::mem::take(&mut self.errors)
            .into_iter()
            .zip(std::mem::take(&mut self.positions));
        let mut all: Vec<(u64, RowError)> = mine.map(|(e, p)| (p, e)).collect();
        all.extend(more);
        all.sort_by_key(|(p, _)| *p);
        all.truncate(MAX_LISTED_ERRORS);
        for (p, e) in all {
            self.errors.push(e);
            self.positions.push(p);
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

/// A checked record, ready to store: where it is in the file (its line, or its feature's index in a
/// GeoJSON file) and the incident.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub position: u64,
    pub incident: NewIncident,
}

/// What [`read`] hands over at a time: at most about [`BATCH_ROWS`] rows.
#[derive(Debug, Default)]
pub struct Batch {
    /// Good records, while the file has had no problem.
    pub records: Vec<Record>,
    /// The ids of the rows that are not in `records` (bad rows, and every row after the first problem),
    /// with their positions: an id used twice is a problem wherever it is.
    pub ids: Vec<(u64, String)>,
}

impl Batch {
    fn len(&self) -> usize {
        self.records.len() + self.ids.len()
    }
}

/// An id used again: where, and where it was used first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateId {
    pub position: u64,
    pub id: String,
    pub first: u64,
}

/// The ids used more than once in a file: the first [`MAX_LISTED_ERRORS`] in file order, and how many
/// uses there are beyond the first in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DuplicateIds {
    pub listed: Vec<DuplicateId>,
    pub total: u64,
}

impl DuplicateIds {
    /// Finds them in memory (for [`parse`] and small batches).
    pub fn find<'i>(ids: impl IntoIterator<Item = (u64, &'i str)>) -> Self {
        let mut all: Vec<(u64, &str)> = ids.into_iter().collect();
        all.sort_by_key(|(p, _)| *p);
        let mut first: HashMap<&str, u64> = HashMap::new();
        let mut found = DuplicateIds::default();
        for (position, id) in all {
            match first.get(id) {
                Some(&f) => {
                    found.total += 1;
                    if found.listed.len() < MAX_LISTED_ERRORS {
                        found.listed.push(DuplicateId {
                            position,
                            id: id.to_owned(),
                            first: f,
                        });
                    }
                }
                None => {
                    first.insert(id, position);
                }
            }
        }
        found
    }
}

/// How a file names the id of a row, for the errors about ids used twice.
#[derive(Debug, Clone, PartialEq, Eq)]
enum IdNaming {
    /// A CSV file: the id column as named in its header.
    Column(Option<String>),
    /// A GeoJSON file: features by index.
    Features,
}

/// What [`read`] found besides the records it handed over.
#[derive(Debug)]
pub struct ReadOutcome {
    errors: ImportErrors,
    /// How many records were handed over.
    pub records: u64,
    naming: IdNaming,
}

impl ReadOutcome {
    /// Whether reading found a problem already (the file is refused whatever the ids).
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The file's verdict once the ids used twice are known: the number of records, or every problem.
    pub fn finish(mut self, duplicates: DuplicateIds) -> Result<u64, ImportErrors> {
        let naming = &self.naming;
        let more = duplicates
            .listed
            .into_iter()
            .map(|d| {
                let error = match naming {
                    IdNaming::Column(column) => RowError {
                        line: d.position,
                        column: column.clone(),
                        field: "id".into(),
                        reason: format!("id `{}` is also used on line {}", d.id, d.first),
                    },
                    IdNaming::Features => RowError {
                        line: 0,
                        column: Some(format!("features[{}].properties.id", d.position)),
                        field: "id".into(),
                        reason: format!("id `{}` is also used by features[{}]", d.id, d.first),
                    },
                };
                (d.position, error)
            })
            .collect();
        self.errors.merge(more, duplicates.total);
        if self.errors.is_empty() {
            Ok(self.records)
        } else {
            Err(self.errors)
        }
    }
}

/// Reads a whole file held in memory into incidents, all or nothing (see the module documentation).
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
    let mut records = Vec::new();
    let mut ids = Vec::new();
    let outcome = read(
        format,
        bytes,
        source_name,
        vocabulary,
        today,
        progress,
        &mut |batch| {
            for r in &batch.records {
                if let Some(id) = &r.incident.external_id {
                    ids.push((r.position, id.clone()));
                }
            }
            records.extend(batch.records);
            ids.extend(batch.ids);
            true
        },
    );
    let duplicates = DuplicateIds::find(ids.iter().map(|(p, id)| (*p, id.as_str())));
    outcome.finish(duplicates)?;
    Ok(records.into_iter().map(|r| r.incident).collect())
}

/// Reads a file as it streams in, checking every row, and hands the records over to `store` in batches
/// (see the module documentation). `store` returns `false` to stop the reading (when it cannot go on).
/// The file is good when [`ReadOutcome::finish`] says so, given the ids used twice among those handed
/// over.
pub fn read(
    format: Format,
    input: impl Read,
    source_name: &str,
    vocabulary: &Vocabulary,
    today: time::Date,
    progress: &mut dyn FnMut(u64),
    store: &mut dyn FnMut(Batch) -> bool,
) -> ReadOutcome {
    let count = Cell::new(0);
    let mut input = Counting {
        inner: input,
        count: &count,
    };
    let mut errors = ImportErrors::new(source_name);
    let mut head = Vec::with_capacity(HEAD_BYTES);
    let mut out = Output {
        batch: Batch::default(),
        store,
        stopped: false,
        records: 0,
    };
    let mut naming = IdNaming::Features;
    match (&mut input).take(HEAD_BYTES as u64).read_to_end(&mut head) {
        Err(e) => errors.whole_file(0, format!("cannot read the file: {e}")),
        Ok(_) => {
            let (body, offset) = strip_bom(&head);
            if head.len() < HEAD_BYTES && body.trim_ascii().is_empty() {
                errors.whole_file(0, "the file is empty");
            } else if body.starts_with(b"PK\x03\x04") || body.starts_with(b"\xD0\xCF\x11\xE0") {
                errors.whole_file(
                    0,
                    "the file is a spreadsheet (or another binary file): save it as CSV UTF-8 and import that",
                );
            } else {
                let mut start = io::Cursor::new(head);
                start.set_position(offset);
                let mut reading = Input {
                    body: Some(Box::new(start.chain(&mut input))),
                    offset,
                    vocabulary,
                    today,
                    progress: &mut *progress,
                    errors: &mut errors,
                    out: &mut out,
                };
                naming = match format {
                    Format::Beacon => reading.beacon_csv(),
                    Format::Ctdc => reading.ctdc_csv(),
                    Format::GeoJson => {
                        reading.geojson();
                        IdNaming::Features
                    }
                };
            }
        }
    }
    out.flush();
    progress(count.get());
    ReadOutcome {
        errors,
        records: out.records,
        naming,
    }
}

/// Counts the bytes read from the file.
struct Counting<'c, R> {
    inner: R,
    count: &'c Cell<u64>,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Where records go: the batch being filled, and the store it goes to when full.
struct Output<'s> {
    batch: Batch,
    store: &'s mut dyn FnMut(Batch) -> bool,
    /// The store wants no more.
    stopped: bool,
    records: u64,
}

impl Output<'_> {
    /// Hands over a row: its record while the file is good (`good` and no problem so far), its id
    /// otherwise.
    fn row(&mut self, good: bool, position: u64, incident: NewIncident) {
        if good {
            self.records += 1;
            self.batch.records.push(Record { position, incident });
        } else if let Some(id) = incident.external_id {
            self.batch.ids.push((position, id));
        }
        if self.batch.len() >= BATCH_ROWS {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.batch.len() > 0 && !self.stopped {
            let batch = std::mem::take(&mut self.batch);
            self.stopped = !(self.store)(batch);
        }
    }
}

/// The reason given for a column or property that could identify a person.
const IDENTIFYING_REASON: &str = "Beacon does not store names, contact details or free text that could \
identify a person: remove this column and import again";

/// One import in progress: the input and where its results go.
struct Input<'a, 'o> {
    /// The file without its byte-order mark (taken by the format's reader).
    body: Option<Box<dyn Read + 'a>>,
    /// The length of the byte-order mark, added back when reporting progress.
    offset: u64,
    vocabulary: &'a Vocabulary,
    today: time::Date,
    progress: &'a mut dyn FnMut(u64),
    errors: &'a mut ImportErrors,
    out: &'a mut Output<'o>,
}

type Body<'a> = Box<dyn Read + 'a>;

impl<'a> Input<'a, '_> {
    fn take_body(&mut self) -> Body<'a> {
        self.body.take().unwrap_or_else(|| Box::new(io::empty()))
    }

    fn csv_reader(&mut self) -> TableReader<Body<'a>> {
        let options = tabular::Options {
            flexible: true,
            ..tabular::Options::default()
        };
        TableReader::new(self.take_body(), options)
    }

    /// Hands a row over (see [`Output::row`]).
    fn row(&mut self, problems: bool, position: u64, incident: NewIncident) {
        let good = !problems && self.errors.is_empty();
        self.out.row(good, position, incident);
    }

    /// A reader that could not go on: the line and the reason.
    fn read_failure(error: &csv::Error, what: &str) -> (u64, String) {
        if let Some(long) = tabular::too_long(error) {
            return (long.line, long.reason());
        }
        let line = error.position().map_or(0, |p| p.line());
        (line, format!("cannot read {what}: {error}"))
    }

    /// Reads the header line, refusing a file that is not comma-separated UTF-8.
    fn read_header(&mut self, reader: &mut TableReader<Body<'a>>) -> Option<Header> {
        let mut record = ByteRecord::new();
        let header = match reader.header(&mut record) {
            Ok(header) => header,
            Err(HeaderError::Empty) => {
                self.errors.whole_file(0, "the file is empty");
                return None;
            }
            Err(HeaderError::Read { error, .. }) => {
                let (line, reason) = Self::read_failure(&error, "the header");
                self.errors.whole_file(line.max(1), reason);
                return None;
            }
            Err(HeaderError::NotUtf8 { line, column }) => {
                self.errors.whole_file(
                    line,
                    format!(
                        "line {line} (the header, column {}) is not valid UTF-8: save the file as \
                         CSV UTF-8",
                        column + 1
                    ),
                );
                return None;
            }
        };
        let line = header.line;
        if let (Some(separator), [only]) =
            (header.single_column_separator(), header.names.as_slice())
        {
            let what = match separator {
                ';' => "semicolons",
                '\t' => "tabs",
                _ => "vertical bars",
            };
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
        let names = &header.names;
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut twice = HeaderProblems::new(line, "columns that appear twice");
        for (i, name) in names.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
            if let Some(first) = seen.insert(normalise_column(name), i) {
                twice.add(self.errors, name, || {
                    format!(
                        "column `{name}` appears twice (columns {} and {})",
                        first + 1,
                        i + 1
                    )
                });
            }
        }
        if twice.finish(self.errors) {
            return None;
        }
        Some(header)
    }

    /// Reads every data row, calling `row` with its line. Handles progress, encoding, blank rows and
    /// rows of the wrong length. Reports a file with no data rows.
    fn each_row(
        &mut self,
        reader: &mut TableReader<Body<'a>>,
        header: &Header,
        mut row: impl FnMut(&mut Self, u64, &ByteRecord),
    ) {
        let mut record = ByteRecord::new();
        let mut next_report = PROGRESS_INTERVAL;
        let mut rows = 0u64;
        let width = header.names.len();
        while !self.out.stopped {
            let line = match reader.next_row(&mut record) {
                Ok(Some(line)) => line,
                Ok(None) => break,
                Err(ReadError { error, .. }) => {
                    let (line, reason) = Self::read_failure(&error, "the file");
                    self.errors.whole_file(line, reason);
                    return;
                }
            };
            let read = reader.bytes_read() + self.offset;
            if read >= next_report {
                (self.progress)(read);
                next_report = read + PROGRESS_INTERVAL;
            }
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
            // A NUL byte is text to SQLite but not to PostgreSQL, which refused the whole import naming
            // no place: it is refused here, on both, naming the line and the column.
            if record.as_slice().contains(&0) {
                for (i, _) in record.iter().enumerate().filter(|(_, f)| f.contains(&0)) {
                    let name = header.names.get(i).cloned();
                    self.errors.push(RowError {
                        line,
                        field: name.clone().unwrap_or_else(|| "row".into()),
                        column: name,
                        reason: format!(
                            "cell {} holds a NUL byte (0x00), which cannot be stored as text: remove it",
                            i + 1
                        ),
                    });
                }
                rows += 1;
                continue;
            }
            if tabular::is_blank(&record) {
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
        if rows == 0 && !self.out.stopped {
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
}

/// Problems with a header's columns of one kind: the first [`MAX_HEADER_PROBLEMS`] listed, the rest
/// counted and summed up in one more.
struct HeaderProblems {
    line: u64,
    /// What the rest are, in the summary: "unknown columns", …
    what: &'static str,
    listed: usize,
    more: u64,
}

impl HeaderProblems {
    fn new(line: u64, what: &'static str) -> Self {
        Self {
            line,
            what,
            listed: 0,
            more: 0,
        }
    }

    /// A problem with column `name`; `reason` is only worked out when it is listed.
    fn add(&mut self, errors: &mut ImportErrors, name: &str, reason: impl FnOnce() -> String) {
        if self.listed < MAX_HEADER_PROBLEMS {
            self.listed += 1;
            errors.push(RowError {
                line: self.line,
                column: Some(name.to_owned()),
                field: "header".into(),
                reason: reason(),
            });
        } else {
            self.more += 1;
        }
    }

    /// Adds the summary when some were not listed; whether there was any problem.
    fn finish(self, errors: &mut ImportErrors) -> bool {
        if self.more > 0 {
            errors.push(RowError {
                line: self.line,
                column: None,
                field: "header".into(),
                reason: format!(
                    "… and {} more {} ({} in all)",
                    self.more,
                    self.what,
                    self.more + self.listed as u64
                ),
            });
        }
        self.listed > 0
    }
}

/// A date for records that are refused anyway.
const PLACEHOLDER_DATE: PartialDate = match PartialDate::year_only(1900) {
    Ok(date) => date,
    Err(_) => panic!("1900 is a year"),
};

fn problem(problems: &mut Vec<FieldError>, field: &str, reason: String) {
    problems.push(FieldError {
        field: field.to_owned(),
        reason,
    });
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
        .map(|k| (strsim::levenshtein(&wanted, k), *k))
        .min()
        .filter(|&(d, k)| d <= 3 || k.starts_with(wanted.as_str()));
    // Control characters (a NUL, a tab) are shown escaped: `date\0` and `date` must not look the same.
    let shown = name.escape_debug();
    match closest {
        Some((_, k)) => format!("unknown column `{shown}` (did you mean `{k}`?)"),
        None => format!(
            "unknown column `{shown}`: the columns are {}",
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

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const HEADER: &str = "id,date,source_country,destination_country,destination_latitude,destination_longitude,\
exploitation_type,control_methods,victim_gender,data_source,confidence";

    pub(super) fn today() -> time::Date {
        time::macros::date!(2026 - 11 - 29)
    }

    pub(super) fn run(format: Format, input: &[u8]) -> Result<Vec<NewIncident>, ImportErrors> {
        parse(
            format,
            input,
            "cases.csv",
            &Vocabulary::default(),
            today(),
            &mut |_| {},
        )
    }

    pub(super) fn beacon(text: &str) -> Result<Vec<NewIncident>, ImportErrors> {
        run(Format::Beacon, text.as_bytes())
    }

    pub(super) fn errors(result: Result<Vec<NewIncident>, ImportErrors>) -> ImportErrors {
        match result {
            Ok(incidents) => panic!("expected errors, got {} incidents", incidents.len()),
            Err(e) => e,
        }
    }

    /// The only error of a refused file.
    pub(super) fn only_error(result: Result<Vec<NewIncident>, ImportErrors>) -> RowError {
        let e = errors(result);
        assert_eq!(e.errors.len(), 1, "{e}");
        e.errors[0].clone()
    }

    pub(super) fn good_row(id: &str) -> String {
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
    fn a_nul_byte_in_a_cell_is_refused_naming_the_line_and_column() {
        let file = format!(
            "{HEADER}\n{}\n{}\n",
            good_row("a-1"),
            good_row("a-2").replacen("LT", "L\0T", 1)
        );
        let e = only_error(run(Format::Beacon, file.as_bytes()));
        assert_eq!(e.line, 3);
        assert!(e.column.is_some(), "{e:?}");
        assert!(e.reason.contains("NUL byte"), "{}", e.reason);
    }

    #[test]
    fn a_nul_in_a_header_name_is_shown() {
        let reason = unknown_column_reason("date\0", &["date", "id"]);
        assert!(reason.contains("`date\\0`"), "{reason}");
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
    fn header_problems_are_capped_and_summed_up() {
        let mut text = String::from("date,data_source");
        for i in 0..100_000 {
            text.push_str(&format!(",c{i}"));
        }
        text.push_str("\n2019,police\n");
        let e = errors(beacon(&text));
        assert_eq!(e.total(), MAX_HEADER_PROBLEMS as u64 + 1);
        assert_eq!(e.rows().len(), MAX_HEADER_PROBLEMS + 1);
        assert_eq!(e.rows()[0].column.as_deref(), Some("c0"));
        let last = &e.rows()[MAX_HEADER_PROBLEMS];
        assert_eq!(
            last.reason,
            "… and 99980 more unknown or identifying columns (100000 in all)"
        );
        let twice = errors(beacon(&format!(
            "date,data_source{}\n2019,police\n",
            ",date".repeat(50)
        )));
        assert_eq!(twice.total(), MAX_HEADER_PROBLEMS as u64 + 1);
        assert!(
            twice.rows()[MAX_HEADER_PROBLEMS]
                .reason
                .contains("30 more columns that appear twice")
        );
    }

    #[test]
    fn a_header_of_ten_megabytes_is_one_problem() {
        let started = std::time::Instant::now();
        let mut text = "a,".repeat(5_000_000);
        text.push_str("date\n2019\n");
        let e = only_error(beacon(&text));
        assert_eq!(e.line, 1);
        assert!(
            e.reason.contains("a row is longer than 1 MiB"),
            "{}",
            e.reason
        );
        assert!(started.elapsed().as_secs() < 10);
    }

    #[test]
    fn an_overlong_cell_is_refused_before_it_is_held() {
        let file = format!(
            "{HEADER}\n{}\n{}\n",
            good_row("a-1"),
            good_row("a-2").replacen("LT", &"x".repeat(100_000), 1)
        );
        let e = only_error(beacon(&file));
        assert_eq!(e.line, 3);
        assert!(
            e.reason.contains("a cell is longer than 64 KiB"),
            "{}",
            e.reason
        );
        // A quote left open: the rest of the file would be one cell.
        let mut open = format!("{HEADER}\n{}\n\"", good_row("a-1"));
        for i in 0..10_000 {
            open.push_str(&good_row(&format!("b-{i}")));
            open.push('\n');
        }
        let e = only_error(beacon(&open));
        assert_eq!(e.line, 3);
        assert!(e.reason.contains("quote left open"), "{}", e.reason);
    }

    #[test]
    fn records_stream_out_in_batches_and_ids_used_twice_are_found_across_them() {
        let mut text = format!("{HEADER}\n");
        let rows = 3 * BATCH_ROWS + 10;
        for i in 0..rows {
            text.push_str(&good_row(&format!("r-{i}")));
            text.push('\n');
        }
        text.push_str(&good_row("r-5"));
        text.push('\n');
        let mut batches = Vec::new();
        let mut ids = Vec::new();
        let outcome = read(
            Format::Beacon,
            text.as_bytes(),
            "cases.csv",
            &Vocabulary::default(),
            today(),
            &mut |_| {},
            &mut |batch| {
                batches.push((batch.records.len(), batch.ids.len()));
                for r in batch.records {
                    ids.push((r.position, r.incident.external_id.unwrap()));
                }
                ids.extend(batch.ids);
                true
            },
        );
        assert!(
            batches.iter().all(|(r, i)| r + i <= BATCH_ROWS),
            "{batches:?}"
        );
        assert_eq!(batches.len(), 4);
        assert_eq!(outcome.records, rows as u64 + 1);
        assert!(!outcome.has_errors());
        let duplicates = DuplicateIds::find(ids.iter().map(|(p, id)| (*p, id.as_str())));
        let e = outcome.finish(duplicates).unwrap_err();
        assert_eq!(e.total(), 1);
        assert_eq!(
            e.to_string(),
            format!(
                "cases.csv:{}: column id: id `r-5` is also used on line 7",
                rows + 2
            )
        );
        // A store that cannot go on stops the reading.
        let mut calls = 0;
        read(
            Format::Beacon,
            text.as_bytes(),
            "cases.csv",
            &Vocabulary::default(),
            today(),
            &mut |_| {},
            &mut |_| {
                calls += 1;
                false
            },
        );
        assert_eq!(calls, 1);
    }

    #[test]
    fn merged_errors_stay_in_file_order_and_capped() {
        let mut e = ImportErrors::new("x.csv");
        for line in [2, 5, 9] {
            e.push(RowError {
                line,
                column: None,
                field: "row".into(),
                reason: format!("at {line}"),
            });
        }
        let more = [5, 7]
            .into_iter()
            .map(|line| {
                (
                    line,
                    RowError {
                        line,
                        column: None,
                        field: "id".into(),
                        reason: format!("id at {line}"),
                    },
                )
            })
            .collect();
        e.merge(more, 2);
        let reasons: Vec<&str> = e.rows().iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(reasons, ["at 2", "at 5", "id at 5", "id at 7", "at 9"]);
        assert_eq!(e.total(), 5);
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
}
