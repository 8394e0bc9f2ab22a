//! Fluent bundles: every user-facing word, the pages' own included, comes from Fluent locale files.
//!
//! The shipped files are `locales/<locale>/*.ftl`; translators' accepted uploads (kept in the database, see
//! `content::catalog`) replace shipped files one by one, and the bundles are rebuilt when they change.
//! `en` is the reference locale and the end of every fallback chain (`pt-BR` → `pt` → `en`): a message
//! missing from `lt` is shown in English rather than as a blank, and [`Locales::format_traced`] says so.
//! Right-to-left locales (`ar`, …) isolate placeables with FSI/PDI; left-to-right locales isolate only
//! arguments that hold right-to-left text. The pseudo-locale `en-XA` is English, accented and 30% longer,
//! for testing layouts.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The reference locale.
pub const REFERENCE_LOCALE: &str = "en";
/// The pseudo-locale: English with accents and 30% more length (see `content::pseudo`).
pub const PSEUDO_LOCALE: &str = "en-XA";

/// Locale files' texts: locale code → file name → text.
pub type LocaleFiles = BTreeMap<String, BTreeMap<String, String>>;

/// Languages written right to left (primary language subtags).
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "ha-Arab", "he", "khw", "ks", "ps", "sd", "syr", "ug", "ur",
    "yi",
];

/// Whether a locale is written right to left.
pub fn is_rtl(code: &str) -> bool {
    let language = code.split(['-', '_']).next().unwrap_or(code);
    RTL_LANGUAGES.contains(&language) || code.contains("-Arab") || code.contains("-Hebr")
}

/// `rtl` or `ltr`, for HTML's `dir`.
pub fn direction(code: &str) -> &'static str {
    if is_rtl(code) { "rtl" } else { "ltr" }
}

/// Whether a text holds a strong right-to-left character (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
/// presentation forms).
pub fn has_rtl_text(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32,
            0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
    })
}

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

/// A formatted message and the locale it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Traced {
    pub text: String,
    /// The locale whose file had the message: not the one asked for when a fallback was used.
    pub from: LocaleId,
}

/// All loaded locales. Cheap to read from many threads; [`Locales::apply_overrides`] swaps in new bundles.
pub struct Locales {
    shipped: LocaleFiles,
    origin: PathBuf,
    default_code: String,
    current: RwLock<Arc<Catalog>>,
}

struct Catalog {
    bundles: BTreeMap<LocaleId, FluentBundle<FluentResource>>,
    ids: Vec<LanguageIdentifier>,
    default: LocaleId,
    files: LocaleFiles,
}

impl fmt::Debug for Locales {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Locales")
            .field("locales", &self.shipped.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Locales {
    /// Loads every `<dir>/<locale>/*.ftl`. Syntax errors stop loading with file, line and column.
    pub fn load(dir: &Path, default_locale: &str) -> Result<Self, LocaleError> {
        let files = read_dir_files(dir)?;
        if !files.contains_key(REFERENCE_LOCALE) {
            return Err(LocaleError::NoReference(dir.to_path_buf()));
        }
        let catalog = build_catalog(&files, default_locale, |locale, file| {
            Some(dir.join(locale).join(file))
        })?;
        Ok(Self {
            shipped: files,
            origin: dir.to_path_buf(),
            default_code: default_locale.to_string(),
            current: RwLock::new(Arc::new(catalog)),
        })
    }

    /// The shipped files, as read at start-up.
    pub fn shipped(&self) -> &LocaleFiles {
        &self.shipped
    }

    /// The folder the shipped files came from.
    pub fn origin(&self) -> &Path {
        &self.origin
    }

    /// The files in use: the shipped ones with accepted uploads in their place.
    pub fn files(&self) -> LocaleFiles {
        self.catalog().files.clone()
    }

    /// Replaces shipped files with `overrides` (accepted uploads) and rebuilds the bundles. An override that
    /// cannot be added to its bundle (it was accepted, so this means the reference changed under it) is
    /// skipped with a warning and the shipped file stays; the skipped files are returned.
    pub fn apply_overrides(&self, overrides: &LocaleFiles) -> Vec<String> {
        let mut skipped = Vec::new();
        let mut files = self.shipped.clone();
        for (locale, by_file) in overrides {
            if !self.shipped.contains_key(locale) {
                continue;
            }
            for (name, text) in by_file {
                files
                    .entry(locale.clone())
                    .or_default()
                    .insert(name.clone(), text.clone());
            }
        }
        let catalog = loop {
            match build_catalog(&files, &self.default_code, |_, _| None) {
                Ok(c) => break c,
                Err(LocaleError::Syntax { path, .. } | LocaleError::Bundle { path, .. }) => {
                    // path is "<locale>/<file>"
                    let text = path.display().to_string();
                    let Some((locale, name)) = text.split_once('/') else {
                        return skipped;
                    };
                    if skipped.contains(&text) {
                        tracing::error!(file = %text, "cannot rebuild locales; keeping the current ones");
                        return skipped;
                    }
                    tracing::warn!(file = %text, "an accepted locale file no longer loads; using the shipped one");
                    skipped.push(text.clone());
                    match self.shipped.get(locale).and_then(|f| f.get(name)) {
                        Some(orig) => {
                            files
                                .get_mut(locale)
                                .map(|f| f.insert(name.to_string(), orig.clone()));
                        }
                        None => {
                            files.get_mut(locale).map(|f| f.remove(name));
                        }
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot rebuild locales; keeping the current ones");
                    return skipped;
                }
            }
        };
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(catalog);
        skipped
    }

    fn catalog(&self) -> Arc<Catalog> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The locales available, in code order (the pseudo-locale is not among them).
    pub fn available(&self) -> std::vec::IntoIter<LocaleId> {
        self.catalog()
            .bundles
            .keys()
            .filter(|l| l.0 != PSEUDO_LOCALE)
            .cloned()
            .collect::<Vec<_>>()
            .into_iter()
    }

    pub fn default_locale(&self) -> LocaleId {
        self.catalog().default.clone()
    }

    /// The locale for a code, if Beacon has it (the pseudo-locale included).
    pub fn get(&self, code: &str) -> Option<LocaleId> {
        let id = LocaleId(code.to_string());
        self.catalog().bundles.contains_key(&id).then_some(id)
    }

    /// Picks the best available locale for an `Accept-Language` header.
    pub fn negotiate(&self, accept_language: Option<&str>) -> LocaleId {
        let catalog = self.catalog();
        let Some(header) = accept_language else {
            return catalog.default.clone();
        };
        let requested = fluent_langneg::accepted_languages::parse(header);
        let default = catalog
            .ids
            .iter()
            .find(|id| id.to_string() == catalog.default.0)
            .cloned();
        let chosen = fluent_langneg::negotiate_languages(
            &requested,
            &catalog.ids,
            default.as_ref(),
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        chosen
            .first()
            .map(|id| LocaleId(id.to_string()))
            .unwrap_or_else(|| catalog.default.clone())
    }

    /// The locales tried, in order, for `locale`: itself, its language without region, then `en`.
    pub fn fallback_chain(&self, locale: &LocaleId) -> Vec<LocaleId> {
        let catalog = self.catalog();
        let mut chain = vec![locale.clone()];
        if locale.0 != PSEUDO_LOCALE
            && let Some((language, _)) = locale.0.split_once('-')
        {
            let parent = LocaleId(language.to_string());
            if catalog.bundles.contains_key(&parent) {
                chain.push(parent);
            }
        }
        let reference = LocaleId(REFERENCE_LOCALE.into());
        if !chain.contains(&reference) {
            chain.push(reference);
        }
        chain
    }

    /// Formats message `id` (or `id.attribute`) in `locale`, falling back along [`Self::fallback_chain`].
    /// A message that exists nowhere shows as its id, so a missing string is visible, never blank.
    pub fn format(&self, locale: &LocaleId, id: &str, args: Option<&FluentArgs>) -> String {
        self.format_traced(locale, id, args)
            .map(|t| t.text)
            .unwrap_or_else(|| id.to_string())
    }

    /// Formats like [`Self::format`] and says which locale the text came from; `None` when no locale in the
    /// chain has the message.
    pub fn format_traced(
        &self,
        locale: &LocaleId,
        id: &str,
        args: Option<&FluentArgs>,
    ) -> Option<Traced> {
        let catalog = self.catalog();
        self.fallback_chain(locale)
            .into_iter()
            .find_map(|l| try_format(&catalog, &l, id, args).map(|text| Traced { text, from: l }))
    }

    /// Formats with arguments given as plain strings and numbers. In a left-to-right locale, a text
    /// argument holding right-to-left script is isolated (FSI … PDI) so it cannot reorder what surrounds it.
    pub fn format_with(&self, locale: &LocaleId, id: &str, args: &[(&str, ArgValue)]) -> String {
        let fluent_args = fluent_args(locale, args);
        self.format(locale, id, Some(&fluent_args))
    }

    /// Renders a message the domain built ([`crate::message::Message`]); list arguments are rendered item by
    /// item and joined with the locale's `list-separator`.
    pub fn render(&self, locale: &LocaleId, message: &crate::message::Message) -> String {
        use crate::message::Arg;
        let args: Vec<(&str, ArgValue)> = message
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Number(n) => ArgValue::Number(*n),
                    Arg::Text(t) => ArgValue::Text(t.clone()),
                    Arg::List(items) => ArgValue::Text(
                        items
                            .iter()
                            .map(|m| self.render(locale, m))
                            .collect::<Vec<_>>()
                            .join(&self.format(locale, "list-separator", None)),
                    ),
                };
                (name.as_str(), value)
            })
            .collect();
        self.format_with(locale, &message.id, &args)
    }

    /// A refusal's reason in `locale` (a reason not yet worded in the locale files as it is).
    pub fn reason(&self, locale: &LocaleId, reason: &crate::message::Reason) -> String {
        match reason {
            crate::message::Reason::Worded(m) => self.render(locale, m),
            crate::message::Reason::Plain(t) => t.clone(),
        }
    }

    /// Renders each message of a list.
    pub fn render_all(
        &self,
        locale: &LocaleId,
        messages: &[crate::message::Message],
    ) -> Vec<String> {
        messages.iter().map(|m| self.render(locale, m)).collect()
    }

    /// [`Self::format_with`], traced.
    pub fn format_with_traced(
        &self,
        locale: &LocaleId,
        id: &str,
        args: &[(&str, ArgValue)],
    ) -> Option<Traced> {
        let fluent_args = fluent_args(locale, args);
        self.format_traced(locale, id, Some(&fluent_args))
    }
}

fn fluent_args<'a>(locale: &LocaleId, args: &[(&'a str, ArgValue)]) -> FluentArgs<'a> {
    let mut fluent_args = FluentArgs::new();
    for (key, value) in args {
        match value {
            ArgValue::Text(s) if !is_rtl(locale.as_str()) && has_rtl_text(s) => {
                fluent_args.set(*key, FluentValue::from(format!("\u{2068}{s}\u{2069}")))
            }
            ArgValue::Text(s) => fluent_args.set(*key, FluentValue::from(s.clone())),
            ArgValue::Number(n) => fluent_args.set(*key, FluentValue::from(*n)),
        }
    }
    fluent_args
}

fn try_format(
    catalog: &Catalog,
    locale: &LocaleId,
    id: &str,
    args: Option<&FluentArgs>,
) -> Option<String> {
    let bundle = catalog.bundles.get(locale)?;
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

/// Reads `<dir>/<locale>/*.ftl`.
fn read_dir_files(dir: &Path) -> Result<LocaleFiles, LocaleError> {
    let read_err = |path: &Path, e: std::io::Error| LocaleError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let mut files = LocaleFiles::new();
    let entries = std::fs::read_dir(dir).map_err(|e| read_err(dir, e))?;
    for entry in entries.filter_map(Result::ok) {
        let folder = entry.path();
        if !folder.is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        if name.parse::<LanguageIdentifier>().is_err() || name == PSEUDO_LOCALE {
            return Err(LocaleError::BadLocale(folder));
        }
        let by_file = files.entry(name).or_default();
        for file in std::fs::read_dir(&folder)
            .map_err(|e| read_err(&folder, e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        {
            let text = std::fs::read_to_string(&file).map_err(|e| read_err(&file, e))?;
            let file_name = file
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            by_file.insert(file_name, text);
        }
    }
    Ok(files)
}

/// Builds one bundle per locale (and the pseudo-locale from `en`). `path_of` names a file in errors;
/// without it, errors name `<locale>/<file>`.
fn build_catalog(
    files: &LocaleFiles,
    default_locale: &str,
    path_of: impl Fn(&str, &str) -> Option<PathBuf>,
) -> Result<Catalog, LocaleError> {
    let mut bundles = BTreeMap::new();
    let mut ids = Vec::new();
    let mut build = |code: &str, source: &str, pseudo: bool| -> Result<(), LocaleError> {
        let langid: LanguageIdentifier = code
            .parse()
            .map_err(|_| LocaleError::BadLocale(PathBuf::from(code)))?;
        let mut bundle = FluentBundle::new_concurrent(vec![langid.clone()]);
        bundle.set_use_isolating(is_rtl(code));
        bundle.set_formatter(Some(super::numbers::fluent_formatter));
        if pseudo {
            bundle.set_transform(Some(super::pseudo::transform));
        }
        bundle.add_builtins().map_err(|e| LocaleError::Bundle {
            path: PathBuf::from(code),
            reason: e.to_string(),
        })?;
        for (name, text) in &files[source] {
            let path =
                path_of(source, name).unwrap_or_else(|| PathBuf::from(format!("{source}/{name}")));
            if let Err(unparsable) = super::nesting::check(text) {
                let (line, column) = unparsable.line_column();
                return Err(LocaleError::Syntax {
                    path: path.clone(),
                    line,
                    column,
                    reason: unparsable.reason(),
                });
            }
            let resource = FluentResource::try_new(text.clone()).map_err(|(_, errors)| {
                let first = &errors[0];
                let (line, column) = line_column(text, first.pos.start);
                LocaleError::Syntax {
                    path: path.clone(),
                    line,
                    column,
                    reason: first.kind.to_string(),
                }
            })?;
            bundle
                .add_resource(resource)
                .map_err(|errors| LocaleError::Bundle {
                    path: path.clone(),
                    reason: errors
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                })?;
        }
        if !pseudo {
            ids.push(langid);
        }
        bundles.insert(LocaleId(code.to_string()), bundle);
        Ok(())
    };
    for code in files.keys() {
        build(code, code, false)?;
    }
    if files.contains_key(REFERENCE_LOCALE) {
        build(PSEUDO_LOCALE, REFERENCE_LOCALE, true)?;
    }
    let default = if files.contains_key(default_locale) {
        LocaleId(default_locale.into())
    } else {
        LocaleId(REFERENCE_LOCALE.into())
    };
    Ok(Catalog {
        bundles,
        ids,
        default,
        files: files.clone(),
    })
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
    fn fallbacks_are_traced_and_overrides_replace_shipped_files() {
        let l = shipped();
        let lt = l.get("lt").unwrap();
        let t = l.format_traced(&lt, "nav-home", None).unwrap();
        assert_eq!(t.from.as_str(), "lt");
        let mut overrides = LocaleFiles::new();
        overrides
            .entry("lt".into())
            .or_default()
            .insert("ui.ftl".into(), "nav-home = Pradžia!\n".into());
        assert!(l.apply_overrides(&overrides).is_empty());
        assert_eq!(l.format(&lt, "nav-home", None), "Pradžia!");
        // Everything else of lt/ui.ftl is gone, so English fills in, and the trace says so.
        let t = l.format_traced(&lt, "nav-account", None).unwrap();
        assert_eq!(t.from.as_str(), "en");
        // An override that does not load is skipped and the shipped file stays.
        overrides
            .get_mut("lt")
            .unwrap()
            .insert("ui.ftl".into(), "nav-home = { broken\n".into());
        assert_eq!(l.apply_overrides(&overrides), ["lt/ui.ftl"]);
        assert_eq!(
            l.format_traced(&lt, "nav-account", None)
                .unwrap()
                .from
                .as_str(),
            "lt"
        );
    }

    #[test]
    fn right_to_left_text_is_isolated_and_the_pseudo_locale_is_longer() {
        let l = shipped();
        let en = l.get("en").unwrap();
        let plain = l.format_with(
            &en,
            "signed-in-as",
            &[
                ("email", ArgValue::Text("a@b.example".into())),
                ("role", ArgValue::Text("admin".into())),
            ],
        );
        assert!(!plain.contains('\u{2068}'), "{plain}");
        let arabic = l.format_with(
            &en,
            "signed-in-as",
            &[
                ("email", ArgValue::Text("a@b.example".into())),
                ("role", ArgValue::Text("مدير".into())),
            ],
        );
        assert!(arabic.contains("\u{2068}مدير\u{2069}"), "{arabic}");
        assert!(is_rtl("ar") && is_rtl("fa-IR") && !is_rtl("lt"));
        let pseudo = l.get(PSEUDO_LOCALE).unwrap();
        assert!(!l.available().any(|c| c.as_str() == PSEUDO_LOCALE));
        let english = l.format(&en, "report-title", None);
        let accented = l.format(&pseudo, "report-title", None);
        assert!(accented.chars().count() as f64 >= english.chars().count() as f64 * 1.3);
        assert_ne!(accented, english);
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
