//! Subscriber files: a CSV header, then one person a row. All or nothing: every bad row is named (file,
//! line, column, why), the first [`MAX_LISTED`] of them listed, and a file with any is refused whole.
//!
//! Columns (any order, names in any case; others are refused so that a misspelt one is not lost):
//! - `email` (required): an address;
//! - `locale` (required): a language Beacon has (`en`, `lt`, `pt-BR`...);
//! - `time_zone` (required): an IANA zone (`Europe/London`);
//! - `consent_source` (required): `form`, `import` or `partner`, how they agreed;
//! - `consent_at` (required): when, as RFC 3339 (`2026-03-01T10:00:00Z`) or a date (`2026-03-01`, taken
//!   as midnight UTC); not in the future;
//! - `consent_version` (optional): the wording they agreed to, as the organisation names it;
//! - `cell` (optional): an H3 cell at resolution 7 or finer (kept at 7), or `latitude` and `longitude`
//!   (optional, together), turned into their resolution-7 cell at once and never kept.

use std::collections::HashMap;

use csv::ByteRecord;
use h3o::{CellIndex, LatLng, Resolution};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::normalise_address;
use crate::message::{Message, english};
use crate::tabular::{self, HeaderError, TableReader};

/// The most problems listed (all are counted).
pub const MAX_LISTED: usize = 100;

/// The coarse area Beacon keeps of a subscriber: an H3 cell of about 5 km².
pub const AREA_RESOLUTION: Resolution = Resolution::Seven;

/// One person to add to a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub line: u64,
    pub email: String,
    pub locale: String,
    pub time_zone: String,
    pub cell: Option<String>,
    pub consent_source: String,
    pub consent_at: i64,
    pub consent_version: String,
}

/// One problem: where, which column, why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RowProblem {
    pub line: u64,
    pub column: Option<String>,
    pub reason: Message,
}

impl RowProblem {
    /// The problem in the locale files' words: file, line, column and why.
    pub fn message(&self, file: &str) -> Message {
        let m = match &self.column {
            Some(c) => Message::new("subscriber-import-at-column").text("column", c.clone()),
            None => Message::new("subscriber-import-at-line"),
        };
        m.text("file", file)
            .number("line", self.line as f64)
            .message("problem", self.reason.clone())
    }
}

/// Why a file was refused.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ImportRefusal {
    pub file: String,
    /// The first [`MAX_LISTED`] problems, in file order.
    pub problems: Vec<RowProblem>,
    /// How many there were in all.
    pub total: u64,
}

impl std::fmt::Display for ImportRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let first = self
            .problems
            .first()
            .map(|p| english(&p.message(&self.file)))
            .unwrap_or_default();
        if self.total == 1 {
            f.write_str(&first)
        } else {
            write!(
                f,
                "{} has {} problems; the first: {first}",
                self.file, self.total
            )
        }
    }
}

impl ImportRefusal {
    pub(crate) fn new(file: &str) -> Self {
        Self {
            file: file.to_string(),
            problems: Vec::new(),
            total: 0,
        }
    }

    pub(crate) fn push(&mut self, line: u64, column: Option<&str>, reason: Message) {
        self.total += 1;
        if self.problems.len() < MAX_LISTED {
            self.problems.push(RowProblem {
                line,
                column: column.map(str::to_string),
                reason,
            });
        }
    }
}

const COLUMNS: [&str; 9] = [
    "email",
    "locale",
    "time_zone",
    "consent_source",
    "consent_at",
    "consent_version",
    "cell",
    "latitude",
    "longitude",
];
const REQUIRED: [&str; 5] = [
    "email",
    "locale",
    "time_zone",
    "consent_source",
    "consent_at",
];
pub const SOURCES: [&str; 3] = ["form", "import", "partner"];

/// Reads a subscriber file. `locales` are the languages Beacon has; `now` (Unix seconds) bounds consent
/// dates.
pub fn parse(
    bytes: &[u8],
    file: &str,
    locales: &[String],
    now: i64,
) -> Result<Vec<ImportRow>, ImportRefusal> {
    let mut refusal = ImportRefusal::new(file);
    let mut table = TableReader::new(bytes, table_options());
    let mut record = ByteRecord::new();
    let Some((header_line, at)) =
        read_header(&mut table, &mut record, &mut refusal, &COLUMNS, &REQUIRED)
    else {
        return Err(refusal);
    };
    if at.contains_key("latitude") != at.contains_key("longitude") {
        refusal.push(
            header_line,
            None,
            Message::new("subscriber-import-lat-lon-together"),
        );
    }
    if refusal.total > 0 {
        return Err(refusal);
    }
    let mut rows = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    loop {
        let line = match next_row(&mut table, &mut record, &mut refusal) {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(()) => return Err(refusal),
        };
        let cell_of = |c: &str| at.get(c).map(|&i| tabular::text(&record, i).trim());
        let before = refusal.total;
        let mut bad = |column: &str, reason: Message| refusal.push(line, Some(column), reason);

        let email = match normalise_address(cell_of("email").unwrap_or("")) {
            Ok(e) => Some(e),
            Err(m) => {
                bad("email", m);
                None
            }
        };
        if let Some(e) = &email {
            if let Some(first) = seen.get(e) {
                bad(
                    "email",
                    Message::new("subscriber-import-duplicate").number("first", *first as f64),
                );
            } else {
                seen.insert(e.clone(), line);
            }
        }
        let locale = cell_of("locale").unwrap_or("");
        let locale = match locales.iter().find(|l| l.eq_ignore_ascii_case(locale)) {
            Some(l) => Some(l.clone()),
            None => {
                bad(
                    "locale",
                    Message::new("subscriber-import-locale")
                        .text("value", locale)
                        .text("locales", locales.join(", ")),
                );
                None
            }
        };
        let zone = cell_of("time_zone").unwrap_or("");
        let time_zone = match zone.parse::<chrono_tz::Tz>() {
            Ok(z) => Some(z.name().to_string()),
            Err(_) => {
                bad(
                    "time_zone",
                    Message::new("subscriber-import-zone").text("value", zone),
                );
                None
            }
        };
        let source = cell_of("consent_source").unwrap_or("").to_ascii_lowercase();
        if !SOURCES.contains(&source.as_str()) {
            bad(
                "consent_source",
                Message::new("subscriber-import-source")
                    .text("value", source.clone())
                    .text("choices", SOURCES.join(", ")),
            );
        }
        let raw_at = cell_of("consent_at").unwrap_or("");
        let consent_at = match parse_instant(raw_at) {
            None => {
                bad(
                    "consent_at",
                    Message::new("subscriber-import-consent-at").text("value", raw_at),
                );
                None
            }
            Some(t) if t > now => {
                bad(
                    "consent_at",
                    Message::new("subscriber-import-consent-future").text("value", raw_at),
                );
                None
            }
            Some(t) => Some(t),
        };
        let consent_version = cell_of("consent_version").unwrap_or("");
        if consent_version.chars().count() > 200 {
            bad(
                "consent_version",
                Message::new("subscriber-import-too-long").number("max", 200),
            );
        }
        let cell = match (
            cell_of("cell").filter(|c| !c.is_empty()),
            cell_of("latitude").filter(|c| !c.is_empty()),
            cell_of("longitude").filter(|c| !c.is_empty()),
        ) {
            (Some(c), _, _) => match c.parse::<CellIndex>() {
                Ok(cell) if cell.resolution() >= AREA_RESOLUTION => {
                    Some(cell.parent(AREA_RESOLUTION).unwrap_or(cell).to_string())
                }
                _ => {
                    bad(
                        "cell",
                        Message::new("subscriber-import-cell").text("value", c),
                    );
                    None
                }
            },
            (None, Some(lat), Some(lon)) => match (lat.parse::<f64>(), lon.parse::<f64>()) {
                (Ok(lat), Ok(lon)) => match LatLng::new(lat, lon) {
                    Ok(p) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => {
                        Some(p.to_cell(AREA_RESOLUTION).to_string())
                    }
                    _ => {
                        bad(
                            "latitude",
                            Message::new("subscriber-import-point")
                                .text("value", format!("{lat}, {lon}")),
                        );
                        None
                    }
                },
                _ => {
                    bad(
                        "latitude",
                        Message::new("subscriber-import-point")
                            .text("value", format!("{lat}, {lon}")),
                    );
                    None
                }
            },
            (None, None, None) => None,
            (None, _, _) => {
                bad(
                    "latitude",
                    Message::new("subscriber-import-lat-lon-together"),
                );
                None
            }
        };
        if refusal.total > before {
            continue;
        }
        if let (Some(email), Some(locale), Some(time_zone), Some(consent_at)) =
            (email, locale, time_zone, consent_at)
        {
            rows.push(ImportRow {
                line,
                email,
                locale,
                time_zone,
                cell,
                consent_source: source,
                consent_at,
                consent_version: if consent_version.is_empty() {
                    "import".to_string()
                } else {
                    consent_version.to_string()
                },
            });
        }
    }
    if refusal.total > 0 {
        return Err(refusal);
    }
    if rows.is_empty() {
        refusal.push(2, None, Message::new("subscriber-import-no-rows"));
        return Err(refusal);
    }
    Ok(rows)
}

/// How people's CSV files are read: trimmed cells, a BOM dropped, blank lines before the header skipped.
pub(crate) fn table_options() -> tabular::Options {
    tabular::Options {
        trim: true,
        strip_bom: true,
        skip_blank_before_header: true,
        ..tabular::Options::default()
    }
}

/// Reads the header of a file of people: each of `columns` at most once (names in any case), nothing else,
/// every one of `required`: the header's line and where each column is. `None` when the header was refused
/// (the problems are in `refusal`).
pub(crate) fn read_header<'c, R: std::io::Read>(
    table: &mut TableReader<R>,
    record: &mut ByteRecord,
    refusal: &mut ImportRefusal,
    columns: &[&'c str],
    required: &[&'c str],
) -> Option<(u64, HashMap<&'c str, usize>)> {
    let header = match table.header(record) {
        Ok(h) => h,
        Err(HeaderError::Empty) => {
            refusal.push(1, None, Message::new("subscriber-import-empty"));
            return None;
        }
        Err(HeaderError::Read { error, .. }) => {
            refusal.push(1, None, tabular::read_error_message(&error));
            return None;
        }
        Err(HeaderError::NotUtf8 { .. }) => {
            refusal.push(1, None, Message::new("subscriber-import-not-utf8"));
            return None;
        }
    };
    let mut at: HashMap<&'c str, usize> = HashMap::new();
    for (i, name) in header.names.iter().enumerate() {
        let lower = name.to_ascii_lowercase();
        match columns.iter().find(|c| **c == lower) {
            Some(c) if at.contains_key(c) => refusal.push(
                header.line,
                Some(name),
                Message::new("subscriber-import-column-twice"),
            ),
            Some(c) => {
                at.insert(c, i);
            }
            None => refusal.push(
                header.line,
                Some(name),
                Message::new("subscriber-import-unknown-column")
                    .text("columns", columns.join(", ")),
            ),
        }
    }
    for r in required {
        if !at.contains_key(r) {
            refusal.push(
                header.line,
                Some(r),
                Message::new("subscriber-import-no-column"),
            );
        }
    }
    (refusal.total == 0).then_some((header.line, at))
}

/// The next row that is not blank: its line, or `None` at the end. A row the reader cannot read is a
/// problem in `refusal`, and `Err`: the reader cannot go on past a broken row.
pub(crate) fn next_row<R: std::io::Read>(
    table: &mut TableReader<R>,
    record: &mut ByteRecord,
    refusal: &mut ImportRefusal,
) -> Result<Option<u64>, ()> {
    loop {
        match table.next_row(record) {
            Ok(Some(_)) if tabular::is_blank(record) => continue,
            Ok(line) => return Ok(line),
            Err(e) => {
                let line = tabular::too_long(&e.error)
                    .map(|t| t.line)
                    .or_else(|| e.error.position().map(|p| p.line()))
                    .unwrap_or(e.line_hint);
                refusal.push(line, None, tabular::read_error_message(&e.error));
                return Err(());
            }
        }
    }
}

/// RFC 3339, or a calendar date taken as midnight UTC.
fn parse_instant(raw: &str) -> Option<i64> {
    if let Ok(t) = OffsetDateTime::parse(raw, &Rfc3339) {
        return Some(t.unix_timestamp());
    }
    let date = time::Date::parse(
        raw,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()?;
    Some(date.midnight().assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locales() -> Vec<String> {
        vec!["en".into(), "lt".into()]
    }

    const NOW: i64 = 1_780_000_000; // 2026-05-28

    #[test]
    fn a_good_file_is_read_with_its_consent() {
        let text = "\u{feff}Email,locale,time_zone,consent_source,consent_at,consent_version,latitude,longitude\n\
                    Ona@Example.LT,LT,Europe/Vilnius,form,2026-03-01T10:00:00Z,v2,52.66,0.16\n\
                    \n\
                    sam@example.org,en,Europe/London,partner,2026-02-01,,,\n";
        let rows = parse(text.as_bytes(), "members.csv", &locales(), NOW).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].email, "ona@example.lt");
        assert_eq!(rows[0].locale, "lt");
        assert_eq!(rows[0].consent_version, "v2");
        let cell: CellIndex = rows[0].cell.as_deref().unwrap().parse().unwrap();
        assert_eq!(cell.resolution(), AREA_RESOLUTION);
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].cell, None);
        assert_eq!(rows[1].consent_version, "import");
        assert_eq!(rows[1].consent_at, 1_769_904_000);
    }

    #[test]
    fn every_bad_row_is_named_and_nothing_is_taken() {
        let text = "email,locale,time_zone,consent_source,consent_at,cell\n\
                    ona@example.lt,lt,Europe/Vilnius,form,2026-03-01,\n\
                    not-an-address,lt,Europe/Vilnius,form,2026-03-01,\n\
                    ONA@example.lt,lt,Europe/Vilnius,form,2026-03-01,\n\
                    sam@example.org,xx,Europe/Londn,,2099-01-01,\n\
                    kim@example.org,en,Europe/London,form,2026-03-01,8518a1fffffffff\n";
        let e = parse(text.as_bytes(), "members.csv", &locales(), NOW).unwrap_err();
        let got: Vec<(u64, Option<&str>, &str)> = e
            .problems
            .iter()
            .map(|p| (p.line, p.column.as_deref(), p.reason.id.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (3, Some("email"), "subscriber-bad-address"),
                (4, Some("email"), "subscriber-import-duplicate"),
                (5, Some("locale"), "subscriber-import-locale"),
                (5, Some("time_zone"), "subscriber-import-zone"),
                (5, Some("consent_source"), "subscriber-import-source"),
                (5, Some("consent_at"), "subscriber-import-consent-future"),
                (6, Some("cell"), "subscriber-import-cell"),
            ]
        );
        assert_eq!(e.total, 7);
        let words = english(&e.problems[0].message("members.csv"));
        assert!(
            words.contains("members.csv") && words.contains('3'),
            "{words}"
        );
    }

    #[test]
    fn a_file_without_the_consent_columns_is_refused_at_its_header() {
        let e = parse(
            b"email,locale,time_zone\na@b.org,en,UTC\n",
            "x.csv",
            &locales(),
            NOW,
        )
        .unwrap_err();
        let columns: Vec<_> = e
            .problems
            .iter()
            .map(|p| p.column.clone().unwrap())
            .collect();
        assert_eq!(columns, ["consent_source", "consent_at"]);
        let e = parse(
            b"email,locale,time_zone,consent_source,consent_at,address\n",
            "x.csv",
            &locales(),
            NOW,
        )
        .unwrap_err();
        assert_eq!(e.problems[0].reason.id, "subscriber-import-unknown-column");
        assert_eq!(e.problems[0].column.as_deref(), Some("address"));
        let e = parse(b"", "x.csv", &locales(), NOW).unwrap_err();
        assert_eq!(e.problems[0].reason.id, "subscriber-import-empty");
        let e = parse(
            b"email,locale,time_zone,consent_source,consent_at\n",
            "x.csv",
            &locales(),
            NOW,
        )
        .unwrap_err();
        assert_eq!(e.problems[0].reason.id, "subscriber-import-no-rows");
    }

    #[test]
    fn only_the_first_problems_are_listed_but_all_are_counted() {
        let mut text = String::from("email,locale,time_zone,consent_source,consent_at\n");
        for i in 0..250 {
            text.push_str(&format!("bad{i},en,UTC,form,2026-01-01\n"));
        }
        let e = parse(text.as_bytes(), "x.csv", &locales(), NOW).unwrap_err();
        assert_eq!(e.problems.len(), MAX_LISTED);
        assert_eq!(e.total, 250);
        assert!(e.to_string().contains("250 problems"), "{e}");
    }
}
