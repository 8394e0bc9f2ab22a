//! What the fuzz targets share.

use std::sync::OnceLock;

use beacon::config::Vocabulary;
use beacon::identify::incidents::import::beacon_csv::write_beacon_csv;
use beacon::identify::incidents::import::{Format, parse};

/// A fixed "today", so that a crash reproduces on any day.
pub const TODAY: time::Date = time::macros::date!(2026 - 01 - 15);

/// Parses `data` as an incident file of `format`; every incident it accepts must pass its checks, and,
/// from a Beacon CSV or GeoJSON, be written as a Beacon CSV and read back the same (as `write_beacon_csv`
/// promises). CTDC records are left out of that: CTDC keeps cases with no place at all, which a Beacon CSV
/// refuses.
pub fn import(format: Format, data: &[u8]) {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    let vocabulary = VOCABULARY.get_or_init(Vocabulary::default);
    let _ = Format::detect(data, "fuzz.csv");
    let mut last = 0;
    let result = parse(format, data, "fuzz", vocabulary, TODAY, &mut |read| {
        assert!(read >= last, "progress went back from {last} to {read}");
        last = read;
    });
    assert_eq!(
        last,
        data.len() as u64,
        "progress ends at the file's length"
    );
    let incidents = match result {
        Ok(incidents) => incidents,
        Err(errors) => {
            assert!(errors.total() > 0, "a refusal names a problem");
            let _ = errors.summary();
            let _ = errors.to_string();
            return;
        }
    };
    for incident in &incidents {
        let mut again = incident.clone();
        assert_eq!(again.validate(vocabulary), Ok(()), "{incident:?}");
        assert_eq!(
            &again, incident,
            "validating an accepted incident changes nothing"
        );
    }
    if format == Format::Ctdc {
        return;
    }
    let mut csv = Vec::new();
    write_beacon_csv(&incidents, &mut csv).expect("writes to memory");
    match parse(
        Format::Beacon,
        &csv,
        "again",
        vocabulary,
        TODAY,
        &mut |_| {},
    ) {
        Ok(again) => assert_eq!(
            again, incidents,
            "the Beacon CSV reads back to the same incidents"
        ),
        Err(e) => panic!(
            "the Beacon CSV of accepted incidents is refused: {e}\n{}",
            String::from_utf8_lossy(&csv)
        ),
    }
}
