//! The translators' check of one uploaded Fluent file (`check_texts`, which runs `check_file` and formats
//! every message with sample arguments), against a reference file and beside another file of the locale.
#![no_main]

use std::collections::BTreeMap;

use beacon::content::adtext::AdLimits;
use beacon::content::check::{check_file, check_texts};
use libfuzzer_sys::fuzz_target;

const REFERENCE: &str = include_str!("../../locales/en/campaign.ftl");
const OTHER: &str = include_str!("../../locales/lt/public.ftl");

fuzz_target!(|data: &[u8]| {
    let _ = check_file("en", "campaign.ftl", data, None);
    let others = BTreeMap::from([("public.ftl".to_string(), OTHER.to_string())]);
    let findings = check_texts(
        "lt",
        "campaign.ftl",
        data,
        Some(REFERENCE),
        &others,
        &AdLimits::default(),
    )
    .expect("the file name and locale are valid");
    // Every finding points into the file (line 0 for the file as a whole).
    let lines = data.split(|&b| b == b'\n').count();
    for finding in findings {
        assert!(finding.line <= lines, "{lines} lines: {finding:?}");
    }
});
