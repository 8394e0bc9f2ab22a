//! Zip uploads of a locale's files (`POST /api/v1/locales/{locale}/zip`, the upload page): the zip's paths
//! and sizes (`content::catalog::read_zip`, behind `content::uploads::read_locale_zip`), then the
//! translators' check of each file in it.
#![no_main]

use beacon::content::catalog::read_zip;
use beacon::content::check::check_file;
use libfuzzer_sys::fuzz_target;

/// `content.max_file_bytes` of config/default.toml.
const MAX_FILE_BYTES: usize = 524_288;

fuzz_target!(|data: &[u8]| {
    let Ok(files) = read_zip(data, "lt", MAX_FILE_BYTES) else {
        return;
    };
    for (name, bytes) in files {
        assert!(
            bytes.len() <= MAX_FILE_BYTES,
            "{name}: {} bytes",
            bytes.len()
        );
        assert!(!name.contains('/') && !name.contains('\\'), "{name}");
        let _ = check_file("lt", &name, &bytes, None);
    }
});
