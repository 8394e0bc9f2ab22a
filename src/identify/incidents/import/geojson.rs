//! GeoJSON points: a FeatureCollection read one feature at a time.
//!
//! A `FeatureCollection` of `Point` features. The point is the destination, where the exploitation
//! happened; the properties are the Beacon CSV columns ([`super::beacon_csv`]) except `destination_latitude` and
//! `destination_longitude`. A property may be text or a number (`null` or `""` means unknown);
//! `control_methods` may also be an array of terms. A feature's GeoJSON `id` is used as `id` when the
//! properties have none. Other geometry types, unknown properties and identifying properties are
//! errors; an unknown or identifying property is reported once, at the first feature that has it.

use std::collections::HashSet;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::beacon_csv::{BEACON_COLUMNS, COLUMNS, beacon_index, build_beacon, col};
use super::*;
use crate::identify::incidents::GeoPoint;

impl Input<'_, '_> {
    pub(super) fn geojson(&mut self) {
        let tracker = Tracker::default();
        let body = io::BufReader::with_capacity(64 << 10, self.take_body());
        let Input {
            vocabulary,
            today,
            progress,
            errors,
            out,
            offset,
            ..
        } = self;
        let mut context = GeoContext {
            vocabulary,
            today: *today,
            errors,
            out,
            reported: HashSet::new(),
            listed: 0,
            features: 0,
            kind: None,
            has_features: false,
            tracker: &tracker,
        };
        let reader = ProgressReader {
            data: body,
            position: 0,
            next_report: PROGRESS_INTERVAL,
            offset: *offset,
            progress: &mut **progress,
            tracker: &tracker,
        };
        let mut deserializer = serde_json::Deserializer::from_reader(reader);
        let parsed = Document(&mut context)
            .deserialize(&mut deserializer)
            .and_then(|()| deserializer.end());
        if let Err(e) = parsed {
            let too_long = tracker.too_long.get().map(|index| FeatureTooLong { index });
            let (position, reason) = match (too_long, e.classify()) {
                (Some(long), _) => (long.index as u64, long.to_string()),
                (None, serde_json::error::Category::Data) => (
                    context.features as u64,
                    format!("not a GeoJSON FeatureCollection: {e}"),
                ),
                (None, _) => (context.features as u64, format!("not valid JSON: {e}")),
            };
            context.errors.push_at(
                position,
                RowError {
                    line: e.line() as u64,
                    column: None,
                    field: "file".into(),
                    reason,
                },
            );
            return;
        }
        let unlisted = context.reported.len() - context.listed;
        if unlisted > 0 {
            let at_least = if context.reported.len() >= MAX_TRACKED_PROPERTIES {
                "at least "
            } else {
                ""
            };
            context.errors.push_at(
                context.features as u64,
                RowError {
                    line: 0,
                    column: None,
                    field: "property".into(),
                    reason: format!(
                        "… and {at_least}{unlisted} more unknown or identifying properties ({at_least}{} \
                         in all)",
                        context.reported.len()
                    ),
                },
            );
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
    }
}

/// A feature longer than [`MAX_FEATURE_BYTES`].
#[derive(Debug, Clone)]
struct FeatureTooLong {
    index: usize,
}

impl fmt::Display for FeatureTooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "features[{}] is longer than {} MiB, the most Beacon reads in one feature; nothing past it \
             was read",
            self.index,
            MAX_FEATURE_BYTES >> 20
        )
    }
}

impl std::error::Error for FeatureTooLong {}

/// Distinct unknown properties counted for the summary (a few are listed).
const MAX_TRACKED_PROPERTIES: usize = 10_000;

/// Where the reader is, and the feature being read (its index and where it started).
#[derive(Default)]
struct Tracker {
    position: Cell<u64>,
    feature: Cell<Option<(usize, u64)>>,
    /// The feature that was too long, once the reader has stopped there.
    too_long: Cell<Option<usize>>,
}

/// Counts the bytes serde_json reads, to report progress while a feature collection streams past, and
/// stops a feature that grows past [`MAX_FEATURE_BYTES`] before it is held.
struct ProgressReader<'p, R> {
    data: R,
    position: u64,
    next_report: u64,
    offset: u64,
    progress: &'p mut dyn FnMut(u64),
    tracker: &'p Tracker,
}

impl<R: Read> Read for ProgressReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some((index, start)) = self.tracker.feature.get()
            && self.position - start > MAX_FEATURE_BYTES
        {
            self.tracker.too_long.set(Some(index));
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                FeatureTooLong { index },
            ));
        }
        let n = self.data.read(buf)?;
        self.position += n as u64;
        self.tracker.position.set(self.position);
        let read = self.position + self.offset;
        if read >= self.next_report {
            (self.progress)(read);
            self.next_report = read + PROGRESS_INTERVAL;
        }
        Ok(n)
    }
}

struct GeoContext<'a, 'o> {
    vocabulary: &'a Vocabulary,
    today: time::Date,
    errors: &'a mut ImportErrors,
    out: &'a mut Output<'o>,
    /// Unknown or identifying property names met (at most [`MAX_TRACKED_PROPERTIES`]), the first
    /// [`MAX_HEADER_PROBLEMS`] of them listed.
    reported: HashSet<String>,
    listed: usize,
    features: usize,
    /// The top-level `type`.
    kind: Option<String>,
    has_features: bool,
    /// Shared with the reader.
    tracker: &'a Tracker,
}

/// The top-level object: reads `type`, streams `features`, skips everything else.
struct Document<'c, 'a, 'o>(&'c mut GeoContext<'a, 'o>);

impl<'de> DeserializeSeed<'de> for Document<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_, '_, '_> {
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

struct Features<'c, 'a, 'o>(&'c mut GeoContext<'a, 'o>);

impl<'de> DeserializeSeed<'de> for Features<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Features<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of GeoJSON features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            if self.0.out.stopped {
                // The store cannot go on: the rest is not read.
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                return Ok(());
            }
            let index = self.0.features;
            let tracker = self.0.tracker;
            tracker.feature.set(Some((index, tracker.position.get())));
            let value = seq.next_element::<serde_json::Value>()?;
            tracker.feature.set(None);
            let Some(value) = value else {
                return Ok(());
            };
            self.0.features += 1;
            self.0.feature(index, value);
        }
    }
}

impl GeoContext<'_, '_> {
    fn error(&mut self, index: usize, path: &str, field: &str, reason: String) {
        self.errors.push_at(
            index as u64,
            RowError {
                line: 0,
                column: Some(format!("features[{index}]{path}")),
                field: field.to_owned(),
                reason,
            },
        );
    }

    /// Reports an unknown or identifying property the first time it is seen (the first
    /// [`MAX_HEADER_PROBLEMS`] of them; the others are counted and summed up at the end).
    fn error_once(&mut self, index: usize, key: &str, reason: impl FnOnce() -> String) {
        if self.reported.contains(key) || self.reported.len() >= MAX_TRACKED_PROPERTIES {
            return;
        }
        self.reported.insert(key.to_owned());
        if self.listed >= MAX_HEADER_PROBLEMS {
            return;
        }
        self.listed += 1;
        self.error(
            index,
            &format!(".properties.{key}"),
            "property",
            format!(
                "{} (reported once, at the first feature that has it)",
                reason()
            ),
        );
    }

    fn feature(&mut self, index: usize, value: serde_json::Value) {
        let feature = match ::geojson::Feature::from_json_value(value) {
            Ok(f) => f,
            Err(e) => {
                self.error(index, "", "feature", format!("not a GeoJSON Feature: {e}"));
                return;
            }
        };
        let point = match feature.geometry.as_ref().map(|g| &g.value) {
            Some(::geojson::Value::Point(c)) if c.len() >= 2 => match GeoPoint::new(c[1], c[0]) {
                Ok(p) => Some(p),
                Err(reason) => {
                    self.error(index, ".geometry", "destination", reason);
                    None
                }
            },
            Some(::geojson::Value::Point(_)) => {
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
                self.error_once(index, key, || {
                    if is_identifying(key) {
                        IDENTIFYING_REASON.to_owned()
                    } else {
                        unknown_column_reason(key, &GEOJSON_PROPERTIES)
                    }
                });
                continue;
            };
            if c == col::DESTINATION + 1 || c == col::DESTINATION + 2 {
                self.error_once(index, key, || {
                    format!("`{key}` comes from the Point geometry: remove the property")
                });
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
                ::geojson::feature::Id::String(s) => Cow::Borrowed(s.trim()),
                ::geojson::feature::Id::Number(n) => Cow::Owned(n.to_string()),
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
        self.out.row(self.errors.is_empty(), index as u64, incident);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identify::incidents::import::tests::{errors, only_error, run, today};

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
    fn a_feature_over_its_limit_is_refused_before_it_is_held() {
        let big = point(&format!(
            r#"{{"date":"2019","data_source":"ngo","victim_gender":"{}"}}"#,
            "x".repeat(MAX_FEATURE_BYTES as usize + 10)
        ));
        let text = collection(&[point(r#"{"date":"2019","data_source":"ngo"}"#), big]);
        let e = only_error(geojson(&text));
        assert!(
            e.reason.starts_with("features[1] is longer than 1 MiB"),
            "{}",
            e.reason
        );
    }

    #[test]
    fn unknown_properties_are_listed_up_to_a_cap_and_summed_up() {
        let features: Vec<String> = (0..50)
            .map(|i| {
                point(&format!(
                    r#"{{"date":"2019","data_source":"ngo","p{i}":1}}"#
                ))
            })
            .collect();
        let e = errors(geojson(&collection(&features)));
        assert_eq!(e.total(), MAX_HEADER_PROBLEMS as u64 + 1);
        assert!(
            e.rows()[MAX_HEADER_PROBLEMS]
                .reason
                .contains("and 30 more unknown or identifying properties (50 in all)"),
            "{e}"
        );
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
}
