//! Fluent bundles: every user-facing word, the pages' own included, comes from `locales/<locale>/*.ftl`.
//!
//! `en` is the reference locale and the end of every fallback chain: a message missing from `lt` is
//! shown in English rather than as a blank.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The reference locale.
pub const REFERENCE_LOCALE: &str = "en";

/// A locale code that Beacon has files for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocaleId(String);

impl LocaleId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LocaleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LocaleError {
    #[error("cannot read locales from {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("{path}:{line}:{column}: Fluent syntax error: {reason}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{path}: {reason}")]
    Bundle { path: PathBuf, reason: String },
    #[error("the reference locale `en` is missing from {0}")]
    NoReference(PathBuf),
    #[error("{0}: not a locale folder name (expected a code such as en, lt or pt-BR)")]
    BadLocale(PathBuf),
}

/// All loaded locales.
pub struct Locales {
    bundles: BTreeMap<LocaleId, FluentBundle<FluentResource>>,
    ids: Vec<LanguageIdentifier>,
    default: LocaleId,
}

impl fmt::Debug for Locales {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Locales")
            .field("locales", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Locales {
    /// Loads every `<dir>/<locale>/*.ftl`. Syntax errors stop loading with file, line and column.
    pub fn load(dir: &Path, default_locale: &str) -> Result<Self, LocaleError> {
        let read_err = |path: &Path, e: std::io::Error| LocaleError::Read {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let mut bundles = BTreeMap::new();
        let mut ids = Vec::new();
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| read_err(dir, e))?
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let folder = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            let langid: LanguageIdentifier = name
                .parse()
                .map_err(|_| LocaleError::BadLocale(folder.clone()))?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid.clone()]);
            // Bidi isolation marks matter for right-to-left text; the shipped locales are left-to-right.
            bundle.set_use_isolating(false);
            // NUMBER() and DATETIME(), which translators may use.
            bundle.add_builtins().map_err(|e| LocaleError::Bundle {
                path: folder.clone(),
                reason: e.to_string(),
            })?;
            let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
                .map_err(|e| read_err(&folder, e))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
                .collect();
            files.sort();
            for file in files {
                let text = std::fs::read_to_string(&file).map_err(|e| read_err(&file, e))?;
                let resource = FluentResource::try_new(text.clone()).map_err(|(_, errors)| {
                    let first = &errors[0];
                    let (line, column) = line_column(&text, first.pos.start);
                    LocaleError::Syntax {
                        path: file.clone(),
                        line,
                        column,
                        reason: first.kind.to_string(),
                    }
                })?;
                bundle
                    .add_resource(resource)
                    .map_err(|errors| LocaleError::Bundle {
                        path: file.clone(),
                        reason: errors
                            .iter()
                            .map(|e| e.to_string())
                            .collect::<Vec<_>>()
                            .join("; "),
                    })?;
            }
            ids.push(langid);
            bundles.insert(LocaleId(name), bundle);
        }
        if !bundles.contains_key(&LocaleId(REFERENCE_LOCALE.into())) {
            return Err(LocaleError::NoReference(dir.to_path_buf()));
        }
        let default = if bundles.contains_key(&LocaleId(default_locale.into())) {
            LocaleId(default_locale.into())
        } else {
            LocaleId(REFERENCE_LOCALE.into())
        };
        Ok(Self {
            bundles,
            ids,
            default,
        })
    }

    /// The locales available, in code order.
    pub fn available(&self) -> impl Iterator<Item = &LocaleId> {
        self.bundles.keys()
    }

    pub fn default_locale(&self) -> &LocaleId {
        &self.default
    }

    /// The locale for a code, if Beacon has it.
    pub fn get(&self, code: &str) -> Option<LocaleId> {
        let id = LocaleId(code.to_string());
        self.bundles.contains_key(&id).then_some(id)
    }

    /// Picks the best available locale for an `Accept-Language` header.
    pub fn negotiate(&self, accept_language: Option<&str>) -> LocaleId {
        let Some(header) = accept_language else {
            return self.default.clone();
        };
        let requested = fluent_langneg::accepted_languages::parse(header);
        let default = self
            .ids
            .iter()
            .find(|id| id.to_string() == self.default.0)
            .cloned();
        let chosen = fluent_langneg::negotiate_languages(
            &requested,
            &self.ids,
            default.as_ref(),
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        chosen
            .first()
            .map(|id| LocaleId(id.to_string()))
            .unwrap_or_else(|| self.default.clone())
    }

    /// Formats message `id` (or `id.attribute`) in `locale`, falling back to the reference locale.
    /// A message that exists nowhere shows as its id, so a missing string is visible, never blank.
    pub fn format(&self, locale: &LocaleId, id: &str, args: Option<&FluentArgs>) -> String {
        self.try_format(locale, id, args)
            .or_else(|| self.try_format(&LocaleId(REFERENCE_LOCALE.into()), id, args))
            .unwrap_or_else(|| id.to_string())
    }

    fn try_format(&self, locale: &LocaleId, id: &str, args: Option<&FluentArgs>) -> Option<String> {
        let bundle = self.bundles.get(locale)?;
        let (message_id, attribute) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id, None),
        };
        let message = bundle.get_message(message_id)?;
        let pattern = match attribute {
            Some(a) => message.get_attribute(a)?.value(),
            None => message.value()?,
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(locale = %locale, id, ?errors, "Fluent message formatted with errors");
        }
        Some(text.into_owned())
    }

    /// Formats with arguments given as plain strings and numbers.
    pub fn format_with(&self, locale: &LocaleId, id: &str, args: &[(&str, ArgValue)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (key, value) in args {
            match value {
                ArgValue::Text(s) => fluent_args.set(*key, FluentValue::from(s.clone())),
                ArgValue::Number(n) => fluent_args.set(*key, FluentValue::from(*n)),
            }
        }
        self.format(locale, id, Some(&fluent_args))
    }
}

/// An argument to a Fluent message.
#[derive(Debug, Clone)]
pub enum ArgValue {
    Text(String),
    Number(f64),
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Locales {
        Locales::load(
            Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/locales")),
            "en",
        )
        .unwrap()
    }

    #[test]
    fn shipped_locales_load_with_english_and_lithuanian() {
        let l = shipped();
        let codes: Vec<_> = l.available().map(|c| c.as_str().to_string()).collect();
        assert!(codes.contains(&"en".to_string()) && codes.contains(&"lt".to_string()));
        let lt = l.get("lt").unwrap();
        assert_ne!(
            l.format(&lt, "nav-home", None),
            l.format(&l.get("en").unwrap(), "nav-home", None)
        );
    }

    #[test]
    fn negotiation_follows_accept_language() {
        let l = shipped();
        assert_eq!(l.negotiate(Some("lt-LT,lt;q=0.9,en;q=0.5")).as_str(), "lt");
        assert_eq!(l.negotiate(Some("fr-FR")).as_str(), "en");
        assert_eq!(l.negotiate(None).as_str(), "en");
    }

    #[test]
    fn missing_messages_fall_back_then_show_their_id() {
        let l = shipped();
        let lt = l.get("lt").unwrap();
        assert_eq!(l.format(&lt, "no-such-message", None), "no-such-message");
    }

    #[test]
    fn syntax_errors_name_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("en")).unwrap();
        std::fs::write(
            dir.path().join("en/ui.ftl"),
            "ok = fine\n= no id here\nnext = fine\n",
        )
        .unwrap();
        let err = Locales::load(dir.path(), "en").unwrap_err().to_string();
        assert!(err.contains("ui.ftl:2:"), "{err}");
    }
}
