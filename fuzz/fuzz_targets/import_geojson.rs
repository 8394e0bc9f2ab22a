//! The incident importer's geojson parser (`beacon import incidents`, `POST /api/v1/incidents/import`).
#![no_main]

use beacon::identify::incidents::import::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| beacon_fuzz::import(Format::GeoJson, data));
