//! What a translator's files must pass before they are saved, as pure rules over the locales in use: a
//! locale Beacon has, locale file names and sizes, a zip's size and paths, and the check against the
//! reference with no errors. (The workflow that saves them is `services::translations`.)

use super::catalog::{self, ZipError};
use super::check::{self, CheckError, Finding, Severity};
use super::i18n::{Locales, PSEUDO_LOCALE, REFERENCE_LOCALE};
use crate::config::ContentConfig;
use crate::message::Message;

#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error(
        "unknown locale {code:?}: Beacon has {known}; an administrator adds a locale by creating locales/{code}/"
    )]
    UnknownLocale { code: String, known: String },
    #[error(
        "{0:?} is not a locale file name: use lower-case letters, digits, - or _, ending in .ftl"
    )]
    BadFileName(String),
    #[error("{file}: {size} bytes, over the limit of {limit} bytes for one locale file")]
    TooLarge {
        file: String,
        size: usize,
        limit: usize,
    },
    #[error("{0}")]
    Zip(#[from] ZipError),
    #[error("the upload has {errors} errors; nothing was saved")]
    Rejected {
        errors: usize,
        findings: Vec<Finding>,
    },
    #[error("{locale}/{file} has no version {version}")]
    NoSuchVersion {
        locale: String,
        file: String,
        version: i64,
    },
    #[error("{0}")]
    NotStale(String),
    #[error("{0}")]
    Check(#[from] CheckError),
}

impl ContentError {
    /// The refusal in words the locale files give.
    pub fn message(&self) -> Message {
        match self {
            ContentError::UnknownLocale { code, known } => Message::new("upload-unknown-locale")
                .text("code", code.clone())
                .text("known", known.clone()),
            ContentError::BadFileName(name) => {
                Message::new("upload-bad-file-name").text("name", name.clone())
            }
            ContentError::TooLarge { file, size, limit } => Message::new("upload-too-large")
                .text("file", file.clone())
                .number("size", *size as f64)
                .number("limit", *limit as f64),
            ContentError::Zip(z) => z.message(),
            ContentError::Rejected { errors, .. } => {
                Message::new("upload-rejected").number("errors", *errors as f64)
            }
            ContentError::NoSuchVersion {
                locale,
                file,
                version,
            } => Message::new("upload-no-such-version")
                .text("file", format!("{locale}/{file}"))
                .number("version", *version as f64),
            ContentError::NotStale(_) => Message::new("upload-reference-never-stale"),
            ContentError::Check(c) => c.message(),
        }
    }
}

/// The locale for a code that Beacon has files for (the reference included, the pseudo-locale not).
pub fn known_locale(locales: &Locales, code: &str) -> Result<String, ContentError> {
    if code != PSEUDO_LOCALE && locales.shipped().contains_key(code) {
        return Ok(code.to_string());
    }
    Err(ContentError::UnknownLocale {
        code: code.to_string(),
        known: locales
            .shipped()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Checks uploaded files of a locale against the files in use, each formatted with the locale's other files
/// (the uploaded ones in place of theirs). Nothing is saved.
pub fn check_files(
    locales: &Locales,
    config: &ContentConfig,
    locale: &str,
    uploaded: &[(String, Vec<u8>)],
) -> Result<Vec<Finding>, ContentError> {
    let locale = known_locale(locales, locale)?;
    for (name, bytes) in uploaded {
        if !check::valid_file_name(name) {
            return Err(ContentError::BadFileName(name.clone()));
        }
        if bytes.len() > config.max_file_bytes {
            return Err(ContentError::TooLarge {
                file: name.clone(),
                size: bytes.len(),
                limit: config.max_file_bytes,
            });
        }
    }
    let current = locales.files();
    let reference = current.get(REFERENCE_LOCALE).cloned().unwrap_or_default();
    let mut others = current.get(&locale).cloned().unwrap_or_default();
    for (name, bytes) in uploaded {
        if let Ok(text) = std::str::from_utf8(bytes) {
            others.insert(name.clone(), text.to_string());
        }
    }
    let mut findings = Vec::new();
    for (name, bytes) in uploaded {
        findings.extend(check::check_texts(
            &locale,
            name,
            bytes,
            // The reference is compared with nothing: its own earlier text is not a standard for it.
            reference
                .get(name)
                .filter(|_| locale != REFERENCE_LOCALE)
                .map(String::as_str),
            &others,
            &config.ad_text,
        )?);
    }
    Ok(findings)
}

/// The findings when none is an error; otherwise the refusal that carries them.
pub fn without_errors(findings: Vec<Finding>) -> Result<Vec<Finding>, ContentError> {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if errors > 0 {
        return Err(ContentError::Rejected { errors, findings });
    }
    Ok(findings)
}

/// The `.ftl` files of a zip of a locale, checked for size and paths (see [`catalog::read_zip`]).
pub fn read_locale_zip(
    locales: &Locales,
    config: &ContentConfig,
    locale: &str,
    zip: &[u8],
) -> Result<Vec<(String, Vec<u8>)>, ContentError> {
    let locale = known_locale(locales, locale)?;
    if zip.len() > config.max_zip_bytes {
        return Err(ContentError::TooLarge {
            file: format!("{locale}.zip"),
            size: zip.len(),
            limit: config.max_zip_bytes,
        });
    }
    Ok(catalog::read_zip(zip, &locale, config.max_file_bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (Locales, ContentConfig) {
        let locales = Locales::load(
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/locales")),
            "en",
        )
        .unwrap();
        let config = crate::config::Config::load_from(&Default::default(), &[])
            .unwrap()
            .content;
        (locales, config)
    }

    #[test]
    fn the_reference_may_change_its_variables_and_a_translation_may_not() {
        let (locales, config) = setup();
        let en = locales.shipped()["en"]["public.ftl"].replacen(
            "report-title = Report a concern",
            "report-title = Report a concern in { $town }",
            1,
        );
        let findings = check_files(
            &locales,
            &config,
            "en",
            &[("public.ftl".into(), en.into_bytes())],
        )
        .unwrap();
        assert!(
            findings.iter().all(|f| f.severity != Severity::Error),
            "{findings:?}"
        );
        let lt = locales.shipped()["lt"]["public.ftl"].clone();
        let (id, _) = lt.split_once(" = ").unwrap();
        let id = id.rsplit('\n').next().unwrap().to_string();
        let line = lt
            .lines()
            .find(|l| l.starts_with(&format!("{id} = ")))
            .unwrap();
        let broken = lt.replacen(line, &format!("{line} {{ $invented }}"), 1);
        let findings = check_files(
            &locales,
            &config,
            "lt",
            &[("public.ftl".into(), broken.into_bytes())],
        )
        .unwrap();
        assert!(
            findings.iter().any(|f| f.code == "unknown-variable"),
            "{findings:?}"
        );
        assert!(matches!(
            check_files(&locales, &config, "xx", &[]),
            Err(ContentError::UnknownLocale { .. })
        ));
        assert!(matches!(
            check_files(
                &locales,
                &config,
                "lt",
                &[("public.ftl".into(), vec![b'#'; config.max_file_bytes + 1])]
            ),
            Err(ContentError::TooLarge { .. })
        ));
    }
}
