//! Beacon's own CSV: reading it (through [`super::parse`]) and writing it.
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

use std::io;

use super::*;
use crate::identify::incidents::{CountryCode, Demographics, GeoPoint, Place};

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
pub(super) mod col {
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

pub(super) const COLUMNS: usize = BEACON_COLUMNS.len();
const REQUIRED_BEACON_COLUMNS: [usize; 2] = [col::DATE, col::DATA_SOURCE];

impl Input<'_, '_> {
    /// Reads a Beacon CSV; how it names its id column.
    pub(super) fn beacon_csv(&mut self) -> IdNaming {
        let mut reader = self.csv_reader();
        let Some(header) = self.read_header(&mut reader) else {
            return IdNaming::Column(None);
        };
        let Some(layout) = self.beacon_layout(&header) else {
            return IdNaming::Column(None);
        };
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
            let bad = !problems.is_empty();
            input.push_problems(line, problems, |field| {
                beacon_index(field)
                    .and_then(|c| layout.slots[c])
                    .and_then(|i| header.column(i))
            });
            input.row(bad, line, incident);
        });
        IdNaming::Column(layout.slots[col::ID].and_then(|i| header.column(i)))
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
        let mut unknown = HeaderProblems::new(line, "unknown or identifying columns");
        for (i, name) in header.names.iter().enumerate() {
            if name.is_empty() {
                layout.unnamed.push(i);
                continue;
            }
            if let Some(c) = beacon_index(&normalise_column(name)) {
                layout.slots[c] = Some(i);
                continue;
            }
            unknown.add(self.errors, name, || {
                if is_identifying(name) {
                    IDENTIFYING_REASON.to_owned()
                } else {
                    unknown_column_reason(name, &BEACON_COLUMNS)
                }
            });
        }
        let mut ok = !unknown.finish(self.errors);
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
}

/// Where each Beacon column is in the file.
struct BeaconLayout {
    slots: [Option<usize>; COLUMNS],
    /// Columns with an empty name: ignored while their cells are empty.
    unnamed: Vec<usize>,
}

pub(super) fn beacon_index(name: &str) -> Option<usize> {
    BEACON_COLUMNS.iter().position(|c| *c == name)
}

/// Builds an incident from Beacon columns (CSV cells or GeoJSON properties, trimmed, `None` when
/// empty). `point` is a GeoJSON geometry, the destination. Problems are pushed with the field named as
/// its column; the incident is only meaningful when there are none.
pub(super) fn build_beacon(
    values: &[Option<&str>; COLUMNS],
    point: Option<GeoPoint>,
    require_place: bool,
    today: time::Date,
    problems: &mut Vec<FieldError>,
) -> NewIncident {
    let text = |c: usize| values[c].map(str::to_owned);
    let date = match values[col::DATE] {
        Some(s) => PartialDate::parse_case(s, today).unwrap_or_else(|reason| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identify::incidents::import::tests::{
        HEADER, beacon, errors, good_row, only_error, run, today,
    };

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
            e.line, 6,
            "the line numbers count the line inside the quoted cell and the blank line"
        );
        let crlf = only_error(beacon(&text.replace('\n', "\r\n")));
        assert_eq!(crlf.line, 6, "Windows line endings count the same");
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
}
