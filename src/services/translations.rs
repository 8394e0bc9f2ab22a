//! The translators' workflow, shared by the API, the pages and start-up: uploads (one file or a zip of a
//! locale) checked and saved only without errors, every accepted version kept with who, when and what
//! changed, rollback, staleness kept in step, and completeness. Each command stores its versions or
//! confirmations, the staleness record and their audit entries in one transaction, then rebuilds the
//! bundles. The rules live in `content::{uploads, check, catalog}`.

use std::collections::BTreeMap;

use crate::accounts::Permission;
use crate::content::catalog::{self, Changes, Completeness, LocaleVersion};
use crate::content::check::Finding;
use crate::content::i18n::{LocaleFiles, REFERENCE_LOCALE};
use crate::content::uploads::{self, ContentError};
use crate::store::StoreError;
use crate::store::content::NewVersion;

use super::{Actor, AuditEvent, ServiceError, Services};

/// Why a translators' use case refused: a rule of the content domain (an upload's findings among them),
/// or the application's refusal (permission, storage).
#[derive(Debug, thiserror::Error)]
pub enum TranslationError {
    #[error(transparent)]
    Content(#[from] ContentError),
    #[error(transparent)]
    Refused(#[from] ServiceError),
}

impl From<StoreError> for TranslationError {
    fn from(e: StoreError) -> Self {
        TranslationError::Refused(e.into())
    }
}

/// A rule of the content domain as the field at fault (an upload's findings become one line).
impl From<ContentError> for ServiceError {
    fn from(e: ContentError) -> Self {
        match e {
            ContentError::UnknownLocale { .. } => ServiceError::invalid("locale", e.message()),
            ContentError::BadFileName(_)
            | ContentError::TooLarge { .. }
            | ContentError::Zip(_)
            | ContentError::Rejected { .. }
            | ContentError::Check(_) => ServiceError::invalid("file", e.message()),
            ContentError::NoSuchVersion { .. } => ServiceError::NotFound(e.to_string()),
            ContentError::NotStale(_) => ServiceError::invalid("ids", e.message()),
        }
    }
}

impl From<TranslationError> for ServiceError {
    fn from(e: TranslationError) -> Self {
        match e {
            TranslationError::Content(c) => c.into(),
            TranslationError::Refused(s) => s,
        }
    }
}

/// What an accepted upload did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Accepted {
    pub locale: String,
    /// The versions saved (files whose text did not change get none).
    pub versions: Vec<LocaleVersion>,
    /// Files uploaded with exactly their current text.
    pub unchanged: Vec<String>,
    /// Warnings (errors would have stopped the upload).
    pub findings: Vec<Finding>,
}

/// One locale file as the history page shows it.
#[derive(Debug, Clone)]
pub struct FileHistory {
    pub locale: String,
    /// The text in use, if the locale has the file.
    pub text: Option<String>,
    /// Whether Beacon ships the file for this locale.
    pub shipped: bool,
    /// Accepted versions, newest first.
    pub versions: Vec<LocaleVersion>,
}

/// Whether `actor` may change `locale`'s files: translators' work, except the reference locale, which is
/// the campaign staff's.
pub fn may_write(actor: &Actor, locale: &str) -> bool {
    require_write(actor, locale).is_ok()
}

/// Forbidden unless `actor` may change `locale`'s files.
pub fn require_write(actor: &Actor, locale: &str) -> Result<(), ServiceError> {
    actor.require(Permission::CheckTranslations)?;
    if locale == REFERENCE_LOCALE {
        actor.require(Permission::EditReference)?;
    }
    Ok(())
}

/// Files as uploaded, with what checking them found.
type CheckedFiles = (Vec<(String, Vec<u8>)>, Result<Vec<Finding>, ContentError>);

pub struct Translations<'a>(pub(super) &'a Services);

impl Translations<'_> {
    /// Puts accepted uploads in place of the shipped files and brings every locale's staleness record up
    /// to date. Run at start-up, by the operator.
    #[tracing::instrument(skip_all)]
    pub async fn init(&self) -> Result<(), ServiceError> {
        let s = self.0;
        self.reload().await?;
        let files = s.locales.files();
        let reference = files.get(REFERENCE_LOCALE).cloned().unwrap_or_default();
        let mut all = Vec::new();
        for (locale, texts) in &files {
            if locale == REFERENCE_LOCALE {
                continue;
            }
            let records = s.store.translation_sources(locale).await?;
            all.push((locale, catalog::sync_sources(&reference, texts, &records)));
        }
        // Read first, then write: the transaction holds no connection while the records are read.
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        for (locale, changes) in &all {
            tx.update_translation_sources(locale, changes, None, at)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The locale for a code that Beacon has files for (the reference included, the pseudo-locale not).
    pub fn known_locale(&self, code: &str) -> Result<String, ContentError> {
        uploads::known_locale(&self.0.locales, code)
    }

    /// Checks uploaded files of a locale against the files in use. Nothing is saved.
    pub async fn check(
        &self,
        actor: &Actor,
        locale: &str,
        uploaded: Vec<(String, Vec<u8>)>,
    ) -> Result<Vec<Finding>, TranslationError> {
        actor.require(Permission::CheckTranslations)?;
        Ok(self.check_files(locale, uploaded).await?.1?)
    }

    /// Checks files on a blocking thread: parsing and formatting every message is CPU work, bounded by the
    /// file size, nesting and attribute limits, and must not hold up the server's other requests.
    async fn check_files(
        &self,
        locale: &str,
        uploaded: Vec<(String, Vec<u8>)>,
    ) -> Result<CheckedFiles, ServiceError> {
        let locales = self.0.locales.clone();
        let config = self.0.config.content.clone();
        let locale = locale.to_string();
        tokio::task::spawn_blocking(move || {
            let findings = uploads::check_files(&locales, &config, &locale, &uploaded);
            (uploaded, findings)
        })
        .await
        .map_err(|e| ServiceError::Internal(e.into()))
    }

    /// The `.ftl` files of a zip of a locale, checked for size and paths; nothing is saved.
    pub fn read_zip(
        &self,
        locale: &str,
        zip: &[u8],
    ) -> Result<Vec<(String, Vec<u8>)>, ContentError> {
        uploads::read_locale_zip(&self.0.locales, &self.0.config.content, locale, zip)
    }

    /// Checks uploaded files and, when none has an error, saves a new version of each one that changed,
    /// updates the staleness record and reloads the bundles. With any error nothing is saved.
    #[tracing::instrument(skip_all, fields(locale = %locale, files = uploaded.len()))]
    pub async fn upload(
        &self,
        actor: &Actor,
        locale: &str,
        uploaded: Vec<(String, Vec<u8>)>,
    ) -> Result<Accepted, TranslationError> {
        require_write(actor, locale)?;
        let (uploaded, findings) = self.check_files(locale, uploaded).await?;
        let findings = uploads::without_errors(findings?)?;
        let texts = uploaded
            .into_iter()
            .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
            .collect();
        self.save(actor, locale, texts, "upload", None, findings)
            .await
    }

    /// Reads a zip of a locale and uploads its files, all or nothing.
    #[tracing::instrument(skip_all)]
    pub async fn upload_zip(
        &self,
        actor: &Actor,
        locale: &str,
        zip: &[u8],
    ) -> Result<Accepted, TranslationError> {
        require_write(actor, locale)?;
        let files = self.read_zip(locale, zip)?;
        self.upload(actor, locale, files).await
    }

    /// Accepted versions of a file, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn versions(
        &self,
        actor: &Actor,
        locale: &str,
        file: &str,
    ) -> Result<Vec<LocaleVersion>, TranslationError> {
        actor.require(Permission::CheckTranslations)?;
        let locale = self.known_locale(locale)?;
        Ok(self.0.store.locale_versions(&locale, file).await?)
    }

    /// A file's text in use, whether it is shipped, and its versions (the history page).
    #[tracing::instrument(skip_all)]
    pub async fn file_history(
        &self,
        actor: &Actor,
        locale: &str,
        file: &str,
    ) -> Result<FileHistory, TranslationError> {
        actor.require(Permission::CheckTranslations)?;
        let s = self.0;
        let locale = self.known_locale(locale)?;
        let text = s
            .locales
            .files()
            .get(&locale)
            .and_then(|f| f.get(file))
            .cloned();
        let shipped = s
            .locales
            .shipped()
            .get(&locale)
            .is_some_and(|f| f.contains_key(file));
        let versions = s.store.locale_versions(&locale, file).await?;
        Ok(FileHistory {
            locale,
            text,
            shipped,
            versions,
        })
    }

    /// The text of one version of a file: 0 is the shipped file.
    #[tracing::instrument(skip_all)]
    pub async fn version_text(
        &self,
        actor: &Actor,
        locale: &str,
        file: &str,
        version: i64,
    ) -> Result<String, TranslationError> {
        actor.require(Permission::CheckTranslations)?;
        self.text_of(locale, file, version).await
    }

    async fn text_of(
        &self,
        locale: &str,
        file: &str,
        version: i64,
    ) -> Result<String, TranslationError> {
        let s = self.0;
        let locale = self.known_locale(locale)?;
        let text = if version == 0 {
            s.locales
                .shipped()
                .get(&locale)
                .and_then(|f| f.get(file))
                .cloned()
        } else {
            s.store.locale_version_text(&locale, file, version).await?
        };
        text.ok_or_else(|| {
            ContentError::NoSuchVersion {
                locale,
                file: file.to_string(),
                version,
            }
            .into()
        })
    }

    /// Restores an earlier version of a file (0 is the shipped file) as a new version, checked like an
    /// upload against the reference as it is now.
    #[tracing::instrument(skip_all, fields(locale = %locale, file = %file, version))]
    pub async fn rollback(
        &self,
        actor: &Actor,
        locale: &str,
        file: &str,
        version: i64,
    ) -> Result<Accepted, TranslationError> {
        require_write(actor, locale)?;
        let s = self.0;
        let locale = self.known_locale(locale)?;
        let text = self.text_of(&locale, file, version).await?;
        let uploaded = vec![(file.to_string(), text.clone().into_bytes())];
        let findings = uploads::without_errors(uploads::check_files(
            &s.locales,
            &s.config.content,
            &locale,
            &uploaded,
        )?)?;
        self.save(
            actor,
            &locale,
            vec![(file.to_string(), text)],
            "rollback",
            Some(version),
            findings,
        )
        .await
    }

    /// Stores the changed files as new versions with the staleness record and one audit entry per version,
    /// in one transaction; then rebuilds the bundles.
    async fn save(
        &self,
        actor: &Actor,
        locale: &str,
        texts: Vec<(String, String)>,
        kind: &str,
        restored: Option<i64>,
        findings: Vec<Finding>,
    ) -> Result<Accepted, TranslationError> {
        let s = self.0;
        let current = s.locales.files();
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
            let records = s.store.translation_sources(locale).await?;
            catalog::sync_sources(&reference, &after, &records)
        };
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let saved = tx
            .save_locale_versions(locale, &versions, &sources, actor.user_id(), at)
            .await?;
        for v in &saved {
            let event = AuditEvent::LocaleVersionSaved {
                locale: v.locale.clone(),
                file: v.file.clone(),
                version: v.version,
                kind: kind.to_string(),
                changes: v.changes.to_string(),
            };
            tx.audit(&event.record(actor, at)).await?;
        }
        // Other instances sharing the database rebuild their bundles when this commits.
        tx.notify(crate::store::LOCALES_CHANNEL).await?;
        tx.commit().await?;
        self.reload().await?;
        Ok(Accepted {
            locale: locale.to_string(),
            versions: saved,
            unchanged,
            findings,
        })
    }

    /// Rebuilds the bundles from the shipped files and the latest accepted versions (also when another
    /// instance accepted an upload).
    pub async fn reload(&self) -> Result<(), StoreError> {
        let s = self.0;
        let overrides = s.store.locale_overrides().await?;
        for skipped in s.locales.apply_overrides(&overrides) {
            tracing::warn!(file = %skipped, "accepted upload not loaded");
        }
        Ok(())
    }

    /// A locale's completeness against the reference, as the files are now.
    #[tracing::instrument(skip_all)]
    pub async fn completeness(
        &self,
        actor: &Actor,
        locale: &str,
    ) -> Result<Completeness, TranslationError> {
        actor.require(Permission::CheckTranslations)?;
        self.completeness_of(locale).await
    }

    /// [`Self::completeness`] without asking who wants it (creatives' previews).
    pub(super) async fn completeness_of(
        &self,
        locale: &str,
    ) -> Result<Completeness, TranslationError> {
        let s = self.0;
        let locale = self.known_locale(locale)?;
        let files = s.locales.files();
        let reference = files.get(REFERENCE_LOCALE).cloned().unwrap_or_default();
        let translation = files.get(&locale).cloned().unwrap_or_default();
        let records = if locale == REFERENCE_LOCALE {
            Vec::new()
        } else {
            s.store.translation_sources(&locale).await?
        };
        Ok(catalog::completeness(
            &locale,
            &reference,
            &translation,
            &records,
        ))
    }

    /// Every translation's completeness (not the reference's), without the lists of messages.
    #[tracing::instrument(skip_all)]
    pub async fn summaries(&self, actor: &Actor) -> Result<Vec<Completeness>, TranslationError> {
        actor.require(Permission::CheckTranslations)?;
        let mut out = Vec::new();
        for locale in self.0.locales.shipped().keys() {
            if locale == REFERENCE_LOCALE {
                continue;
            }
            let mut c = self.completeness_of(locale).await?;
            for f in &mut c.files {
                f.to_do.clear();
            }
            out.push(c);
        }
        Ok(out)
    }

    /// The translators' overview: every translation's summary and the reference's own completeness.
    #[tracing::instrument(skip_all)]
    pub async fn overview(
        &self,
        actor: &Actor,
    ) -> Result<(Vec<Completeness>, Completeness), TranslationError> {
        let summaries = self.summaries(actor).await?;
        let reference = self.completeness_of(REFERENCE_LOCALE).await?;
        Ok((summaries, reference))
    }

    /// Confirms stale translations as still right; the staleness record and the audit entry are stored
    /// together. Returns how many records changed.
    #[tracing::instrument(skip_all, fields(locale = %locale, file = %file, ids = ids.len()))]
    pub async fn confirm(
        &self,
        actor: &Actor,
        locale: &str,
        file: &str,
        ids: &[String],
    ) -> Result<usize, TranslationError> {
        require_write(actor, locale)?;
        let s = self.0;
        let locale = self.known_locale(locale)?;
        if locale == REFERENCE_LOCALE {
            return Err(
                ContentError::NotStale("the reference locale is never stale".into()).into(),
            );
        }
        let files: LocaleFiles = s.locales.files();
        let empty = BTreeMap::new();
        let reference = files.get(REFERENCE_LOCALE).unwrap_or(&empty);
        let translation = files.get(&locale).unwrap_or(&empty);
        let records = s.store.translation_sources(&locale).await?;
        let changes = catalog::confirm(file, ids, reference, translation, &records)
            .map_err(ContentError::NotStale)?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        tx.update_translation_sources(&locale, &changes, actor.user_id(), at)
            .await?;
        let event = AuditEvent::TranslationsConfirmed {
            locale: locale.clone(),
            file: file.to_string(),
            ids: ids.to_vec(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(changes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_events_keep_their_audit_arguments() {
        let staff = Actor::Staff {
            user_id: 4,
            role: crate::accounts::Role::Translator,
            partner_id: None,
        };
        let r = AuditEvent::LocaleVersionSaved {
            locale: "lt".into(),
            file: "ui.ftl".into(),
            version: 2,
            kind: "rollback".into(),
            changes: r#"{"added":[]}"#.into(),
        }
        .record(&staff, 10);
        let args = |detail: &str| serde_json::from_str::<serde_json::Value>(detail).unwrap();
        assert_eq!(
            (r.action, r.subject.as_str(), args(&r.detail)),
            (
                "locale.version",
                "lt/ui.ftl",
                serde_json::json!({"locale": "lt", "file": "ui.ftl", "version": 2, "kind": "rollback", "changes": r#"{"added":[]}"#})
            )
        );
        let r = AuditEvent::TranslationsConfirmed {
            locale: "lt".into(),
            file: "campaign.ftl".into(),
            ids: vec!["a".into(), "b".into()],
        }
        .record(&staff, 10);
        assert_eq!(
            (r.action, r.subject.as_str(), args(&r.detail)),
            (
                "locale.confirm",
                "lt/campaign.ftl",
                serde_json::json!({"locale": "lt", "file": "campaign.ftl", "ids": "a, b"})
            )
        );
    }

    #[test]
    fn content_refusals_name_the_field_at_fault() {
        let field = |e: ContentError| match ServiceError::from(e) {
            ServiceError::Invalid { field, .. } => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(ContentError::UnknownLocale {
                code: "xx".into(),
                known: "en".into()
            }),
            "locale"
        );
        assert_eq!(field(ContentError::BadFileName("a b".into())), "file");
        assert_eq!(field(ContentError::NotStale("no".into())), "ids");
        assert!(matches!(
            ServiceError::from(ContentError::NoSuchVersion {
                locale: "lt".into(),
                file: "ui.ftl".into(),
                version: 9
            }),
            ServiceError::NotFound(_)
        ));
    }

    #[test]
    fn the_reference_is_written_by_campaign_staff_only() {
        let as_role = |role| Actor::Staff {
            user_id: 1,
            role,
            partner_id: None,
        };
        use crate::accounts::Role;
        assert!(may_write(&as_role(Role::Translator), "lt"));
        assert!(!may_write(&as_role(Role::Translator), REFERENCE_LOCALE));
        assert!(may_write(&as_role(Role::Campaigner), REFERENCE_LOCALE));
        assert!(!may_write(&as_role(Role::Analyst), "lt"));
        assert!(may_write(&Actor::System("command line"), REFERENCE_LOCALE));
    }
}
