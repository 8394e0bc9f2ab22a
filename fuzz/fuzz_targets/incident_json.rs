//! JSON request bodies Beacon reads itself (`web::error::parse_json`, which names the field at fault):
//! incidents for `POST /api/v1/incidents` (one or a list), then their checks, as the handler and the
//! service run them.
#![no_main]

use beacon::config::Vocabulary;
use beacon::identify::incidents::NewIncident;
use beacon::web::error::parse_json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let vocabulary = Vocabulary::default();
    let mut incidents = match parse_json::<Vec<NewIncident>>(data) {
        Ok(list) => list,
        Err(_) => match parse_json::<NewIncident>(data) {
            Ok(one) => vec![one],
            Err(_) => return,
        },
    };
    for incident in &mut incidents {
        let _ = incident.validate(&vocabulary);
        let _ = incident.date.first_day();
        let _ = incident.date.to_string();
    }
});
