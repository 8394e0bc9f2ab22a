//! The translators' workflow over the store, shared by the API, the pages and start-up: uploads (one file or a
//! zip of a locale) checked and saved only without errors, every accepted version kept with who, when and
//! what changed, rollback, staleness kept in step, and completeness. (Like `audience::service`, this is where
//! a domain module meets the store; the rules live in `check` and `catalog`.)

use std::collections::BTreeMap;

use super::catalog::{self, Changes, Completeness, ZipError};
use super::check::{self, CheckError, Finding, Severity};
use super::i18n::{LocaleFiles, Locales, PSEUDO_LOCALE, REFERENCE_LOCALE};
use crate::config::ContentConfig;
use crate::store::content::{LocaleVersion, NewVersion};
use crate::store::{Store, StoreError};

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
    Store(#[from] StoreError),
    #[error("{0}")]
    Check(#[from] CheckError),
}

/// What an accepted upload did.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Accepted {
    pub locale: String,
    /// The versions saved (files whose text did not change get none).
    pub versions: Vec<LocaleVersion>,
    /// Files uploaded with exactly their current text.
    pub unchanged: Vec<String>,
    /// Warnings (errors would have stopped the upload).
    pub findings: Vec<Finding>,
}

/// Puts accepted uploads in place of the shipped files and brings every locale's staleness record up to date.
/// Run at start-up.
pub async fn init(store: &Store, locales: &Locales) -> Result<(), StoreError> {
    let overrides = store.locale_overrides().await?;
    for skipped in locales.apply_overrides(&overrides) {
        tracing::warn!(file = %skipped, "accepted upload not loaded");
    }
    let files = locales.files();
    let reference = files.get(REFERENCE_LOCALE).cloned().unwrap_or_default();
    for (locale, texts) in &files {
        if locale == REFERENCE_LOCALE {
            continue;
        }
        let records = store.translation_sources(locale).await?;
        let changes = catalog::sync_sources(&reference, texts, &records);
        store
            .update_translation_sources(locale, &changes, None)
            .await?;
    }
    Ok(())
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
fn without_errors(findings: Vec<Finding>) -> Result<Vec<Finding>, ContentError> {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if errors > 0 {
        return Err(ContentError::Rejected { errors, findings });
    }
    Ok(findings)
}

/// Checks uploaded files and, when none has an error, saves a new version of each one that changed, updates
/// the staleness record and reloads the bundles. With any error nothing is saved.
pub async fn upload(
    store: &Store,
    locales: &Locales,
    config: &ContentConfig,
    by: Option<i64>,
    locale: &str,
    uploaded: Vec<(String, Vec<u8>)>,
) -> Result<Accepted, ContentError> {
    let findings = without_errors(check_files(locales, config, locale, &uploaded)?)?;
    let texts = uploaded
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
        .collect();
    save(store, locales, by, locale, texts, "upload", None, findings).await
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

/// Reads a zip of a locale and uploads its files, all or nothing.
pub async fn upload_zip(
    store: &Store,
    locales: &Locales,
    config: &ContentConfig,
    by: Option<i64>,
    locale: &str,
    zip: &[u8],
) -> Result<Accepted, ContentError> {
    let files = read_locale_zip(locales, config, locale, zip)?;
    upload(store, locales, config, by, locale, files).await
}

/// The text of one version of a file: 0 is the shipped file.
pub async fn version_text(
    store: &Store,
    locales: &Locales,
    locale: &str,
    file: &str,
    version: i64,
) -> Result<String, ContentError> {
    let locale = known_locale(locales, locale)?;
    let text = if version == 0 {
        locales
            .shipped()
            .get(&locale)
            .and_then(|f| f.get(file))
            .cloned()
    } else {
        store.locale_version_text(&locale, file, version).await?
    };
    text.ok_or_else(|| ContentError::NoSuchVersion {
        locale,
        file: file.to_string(),
        version,
    })
}

/// Restores an earlier version of a file (0 is the shipped file) as a new version, checked like an upload
/// against the reference as it is now.
pub async fn rollback(
    store: &Store,
    locales: &Locales,
    config: &ContentConfig,
    by: Option<i64>,
    locale: &str,
    file: &str,
    version: i64,
) -> Result<Accepted, ContentError> {
    let locale = known_locale(locales, locale)?;
    let text = version_text(store, locales, &locale, file, version).await?;
    let uploaded = vec![(file.to_string(), text.clone().into_bytes())];
    let findings = without_errors(check_files(locales, config, &locale, &uploaded)?)?;
    save(
        store,
        locales,
        by,
        &locale,
        vec![(file.to_string(), text)],
        "rollback",
        Some(version),
        findings,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn save(
    store: &Store,
    locales: &Locales,
    by: Option<i64>,
    locale: &str,
    texts: Vec<(String, String)>,
    kind: &str,
    restored: Option<i64>,
    findings: Vec<Finding>,
) -> Result<Accepted, ContentError> {
    let current = locales.files();
    let before = current.get(locale).cloned().unwrap_or_default();
    let mut after = before.clone();
    let mut changed: Vec<(String, String, Changes, String)> = Vec::new();
    let mut unchanged = Vec::new();
    for (name, text) in texts {
        if before.get(&name) == Some(&text) {
            unchanged.push(name);
            continue;
        }
        let changes = catalog::diff(before.get(&name).map(String::as_str), &text);
        let sha = catalog::file_sha256(&text);
        after.insert(name.clone(), text.clone());
        changed.push((name, text, changes, sha));
    }
    if changed.is_empty() {
        return Ok(Accepted {
            locale: locale.to_string(),
            versions: Vec::new(),
            unchanged,
            findings,
        });
    }
    let change_values: Vec<serde_json::Value> = changed
        .iter()
        .map(|(_, _, c, _)| serde_json::to_value(c).unwrap_or_default())
        .collect();
    let versions: Vec<NewVersion> = changed
        .iter()
        .zip(&change_values)
        .map(|((name, text, _, sha), changes)| NewVersion {
            locale,
            file: name,
            content: text,
            sha256: sha,
            changes,
            kind,
            restored,
        })
        .collect();
    let sources = if locale == REFERENCE_LOCALE {
        Vec::new()
    } else {
        let reference = current.get(REFERENCE_LOCALE).cloned().unwrap_or_default();
        let records = store.translation_sources(locale).await?;
        catalog::sync_sources(&reference, &after, &records)
    };
    let saved = store
        .save_locale_versions(locale, &versions, &sources, by)
        .await?;
    reload(store, locales).await?;
    for v in &saved {
        store
            .audit(
                by,
                "locale.version",
                &format!("{}/{}", v.locale, v.file),
                &format!("version {} ({kind}): {}", v.version, v.changes),
            )
            .await?;
    }
    Ok(Accepted {
        locale: locale.to_string(),
        versions: saved,
        unchanged,
        findings,
    })
}

/// Rebuilds the bundles from the shipped files and the latest accepted versions.
pub async fn reload(store: &Store, locales: &Locales) -> Result<(), StoreError> {
    let overrides = store.locale_overrides().await?;
    for skipped in locales.apply_overrides(&overrides) {
        tracing::warn!(file = %skipped, "accepted upload not loaded");
    }
    Ok(())
}

/// A locale's completeness against the reference, as the files are now.
pub async fn completeness(
    store: &Store,
    locales: &Locales,
    locale: &str,
) -> Result<Completeness, ContentError> {
    let locale = known_locale(locales, locale)?;
    let files = locales.files();
    let reference = files.get(REFERENCE_LOCALE).cloned().unwrap_or_default();
    let translation = files.get(&locale).cloned().unwrap_or_default();
    let records = if locale == REFERENCE_LOCALE {
        Vec::new()
    } else {
        store.translation_sources(&locale).await?
    };
    Ok(catalog::completeness(
        &locale,
        &reference,
        &translation,
        &records,
    ))
}

/// Every translation's completeness (not the reference's), without the lists of messages.
pub async fn summaries(
    store: &Store,
    locales: &Locales,
) -> Result<Vec<Completeness>, ContentError> {
    let mut out = Vec::new();
    for locale in locales.shipped().keys() {
        if locale == REFERENCE_LOCALE {
            continue;
        }
        let mut c = completeness(store, locales, locale).await?;
        for f in &mut c.files {
            f.to_do.clear();
        }
        out.push(c);
    }
    Ok(out)
}

/// Confirms stale translations as still right.
pub async fn confirm(
    store: &Store,
    locales: &Locales,
    by: Option<i64>,
    locale: &str,
    file: &str,
    ids: &[String],
) -> Result<usize, ContentError> {
    let locale = known_locale(locales, locale)?;
    if locale == REFERENCE_LOCALE {
        return Err(ContentError::NotStale(
            "the reference locale is never stale".into(),
        ));
    }
    let files: LocaleFiles = locales.files();
    let empty = BTreeMap::new();
    let reference = files.get(REFERENCE_LOCALE).unwrap_or(&empty);
    let translation = files.get(&locale).unwrap_or(&empty);
    let records = store.translation_sources(&locale).await?;
    let changes = catalog::confirm(file, ids, reference, translation, &records)
        .map_err(ContentError::NotStale)?;
    store
        .update_translation_sources(&locale, &changes, by)
        .await?;
    store
        .audit(
            by,
            "locale.confirm",
            &format!("{locale}/{file}"),
            &ids.join(", "),
        )
        .await?;
    Ok(changes.len())
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
