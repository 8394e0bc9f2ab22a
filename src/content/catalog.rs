//! The translators' catalogue, as pure functions over locale files' texts: a hash and a word count per entry,
//! staleness against the reference, completeness per locale and file, what an upload changes, and zips of a
//! locale read safely.
//!
//! Staleness: for every translated message Beacon records the hash of the reference (`en`) entry it was
//! translated or confirmed against, and the hash of the translation at that moment. A translation is stale
//! when the reference entry's hash has moved on. A translation that differs from the recorded one is an
//! update, so its record moves to the current reference ([`sync_sources`]); a translator who checks a stale
//! message and finds it still right confirms it ([`confirm`]).

use crate::message::Message;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use fluent_syntax::ast;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// What the staleness record holds for one translated message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRecord {
    pub file: String,
    pub message_id: String,
    pub source_hash: String,
    pub translation_hash: String,
}

/// A change to the staleness record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceChange {
    Set(SourceRecord),
    Delete { file: String, message_id: String },
}

/// One message or term of a file (terms as `-id`).
#[derive(Debug, Clone, PartialEq)]
pub struct EntryInfo {
    /// Hash of the entry's canonical text (comments and layout left out).
    pub hash: String,
    /// Words in the entry's text (its value and attributes, placeables left out).
    pub words: usize,
    /// The entry as Fluent text, for people to read.
    pub source: String,
}

/// The entries of a file by id. Entries the parser cannot read are left out.
pub fn entries(text: &str) -> BTreeMap<String, EntryInfo> {
    if super::nesting::check(text).is_err() {
        // Not safe to parse (the translators' check says where and why).
        return BTreeMap::new();
    }
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let mut out = BTreeMap::new();
    for entry in resource.body {
        let (id, words, canonical) = match entry {
            ast::Entry::Message(mut m) => {
                m.comment = None;
                let words = pattern_words(m.value.as_ref())
                    + m.attributes
                        .iter()
                        .map(|a| pattern_words(Some(&a.value)))
                        .sum::<usize>();
                (m.id.name.to_string(), words, ast::Entry::Message(m))
            }
            ast::Entry::Term(mut t) => {
                t.comment = None;
                let words = pattern_words(Some(&t.value))
                    + t.attributes
                        .iter()
                        .map(|a| pattern_words(Some(&a.value)))
                        .sum::<usize>();
                (format!("-{}", t.id.name), words, ast::Entry::Term(t))
            }
            _ => continue,
        };
        let source = fluent_syntax::serializer::serialize(&ast::Resource {
            body: vec![canonical],
        });
        let source = source.trim_end().to_string();
        out.insert(
            id,
            EntryInfo {
                hash: hash(&source),
                words,
                source,
            },
        );
    }
    out
}

fn pattern_words(pattern: Option<&ast::Pattern<&str>>) -> usize {
    let Some(p) = pattern else { return 0 };
    p.elements
        .iter()
        .map(|e| match e {
            ast::PatternElement::TextElement { value } => value.split_whitespace().count(),
            ast::PatternElement::Placeable { expression } => expression_words(expression),
        })
        .sum()
}

fn expression_words(e: &ast::Expression<&str>) -> usize {
    match e {
        // A select's words are those of its default variant: what one reader sees.
        ast::Expression::Select { variants, .. } => variants
            .iter()
            .find(|v| v.default)
            .map(|v| pattern_words(Some(&v.value)))
            .unwrap_or(0),
        ast::Expression::Inline(_) => 0,
    }
}

/// A short, stable hash of a text (SHA-256, 16 hex digits).
pub fn hash(text: &str) -> String {
    hex::encode(&Sha256::digest(text.as_bytes())[..8])
}

/// SHA-256 of a whole file, in hex.
pub fn file_sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Where a reference message stands in a translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Translated,
    Stale,
    Missing,
}

/// One reference message as a translator sees it.
#[derive(Debug, Clone, Serialize)]
pub struct MessageState {
    pub id: String,
    pub status: Status,
    /// Words in the reference text.
    pub words: usize,
    /// The reference entry, as Fluent text.
    pub reference: String,
    /// The translated entry, when there is one.
    pub translation: Option<String>,
}

/// Counts of messages and of their reference words.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Tally {
    pub messages: usize,
    pub translated: usize,
    pub stale: usize,
    pub missing: usize,
    pub words: usize,
    pub words_translated: usize,
    pub words_stale: usize,
    pub words_missing: usize,
}

impl Tally {
    fn add(&mut self, status: Status, words: usize) {
        self.messages += 1;
        self.words += words;
        match status {
            Status::Translated => {
                self.translated += 1;
                self.words_translated += words;
            }
            Status::Stale => {
                self.stale += 1;
                self.words_stale += words;
            }
            Status::Missing => {
                self.missing += 1;
                self.words_missing += words;
            }
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.messages += other.messages;
        self.translated += other.translated;
        self.stale += other.stale;
        self.missing += other.missing;
        self.words += other.words;
        self.words_translated += other.words_translated;
        self.words_stale += other.words_stale;
        self.words_missing += other.words_missing;
    }

    /// Translated and current, as a whole percentage of the reference messages (rounded down, so 100 means
    /// every one).
    pub fn percent(&self) -> u32 {
        (self.translated * 100)
            .checked_div(self.messages)
            .map_or(100, |p| p as u32)
    }
}

/// One file of a locale.
#[derive(Debug, Clone, Serialize)]
pub struct FileCompleteness {
    pub file: String,
    #[serde(flatten)]
    pub tally: Tally,
    pub percent: u32,
    /// Ids the translation has and the reference does not.
    pub obsolete: Vec<String>,
    /// The messages to work on: missing and stale ones, in the reference's order by id.
    pub to_do: Vec<MessageState>,
}

/// A locale's completeness.
#[derive(Debug, Clone, Serialize)]
pub struct Completeness {
    pub locale: String,
    #[serde(flatten)]
    pub tally: Tally,
    pub percent: u32,
    pub files: Vec<FileCompleteness>,
}

/// The completeness of `translation` against `reference` (both by file name), with `records` the staleness
/// record of the locale.
pub fn completeness(
    locale: &str,
    reference: &BTreeMap<String, String>,
    translation: &BTreeMap<String, String>,
    records: &[SourceRecord],
) -> Completeness {
    let recorded: BTreeMap<(&str, &str), &SourceRecord> = records
        .iter()
        .map(|r| ((r.file.as_str(), r.message_id.as_str()), r))
        .collect();
    let mut total = Tally::default();
    let mut files = Vec::new();
    for (file, ref_text) in reference {
        let ref_entries = entries(ref_text);
        let tr_entries = translation
            .get(file)
            .map(|t| entries(t))
            .unwrap_or_default();
        let mut tally = Tally::default();
        let mut to_do = Vec::new();
        for (id, r) in &ref_entries {
            let translated = tr_entries.get(id);
            let status = match translated {
                None => Status::Missing,
                Some(_) => match recorded.get(&(file.as_str(), id.as_str())) {
                    Some(rec) if rec.source_hash != r.hash => Status::Stale,
                    _ => Status::Translated,
                },
            };
            tally.add(status, r.words);
            if status != Status::Translated {
                to_do.push(MessageState {
                    id: id.clone(),
                    status,
                    words: r.words,
                    reference: r.source.clone(),
                    translation: translated.map(|t| t.source.clone()),
                });
            }
        }
        let obsolete = tr_entries
            .keys()
            .filter(|id| !ref_entries.contains_key(*id))
            .cloned()
            .collect();
        total.merge(&tally);
        files.push(FileCompleteness {
            file: file.clone(),
            percent: tally.percent(),
            tally,
            obsolete,
            to_do,
        });
    }
    Completeness {
        locale: locale.to_string(),
        percent: total.percent(),
        tally: total,
        files,
    }
}

/// What the staleness record of a locale needs so that it describes `translation`: a record for every
/// translated message (new or updated ones against the current reference), none for messages that are gone.
pub fn sync_sources(
    reference: &BTreeMap<String, String>,
    translation: &BTreeMap<String, String>,
    records: &[SourceRecord],
) -> Vec<SourceChange> {
    let recorded: BTreeMap<(&str, &str), &SourceRecord> = records
        .iter()
        .map(|r| ((r.file.as_str(), r.message_id.as_str()), r))
        .collect();
    let mut wanted = BTreeSet::new();
    let mut changes = Vec::new();
    for (file, text) in translation {
        let Some(ref_text) = reference.get(file) else {
            continue;
        };
        let ref_entries = entries(ref_text);
        for (id, t) in entries(text) {
            let Some(r) = ref_entries.get(&id) else {
                continue;
            };
            wanted.insert((file.clone(), id.clone()));
            let up_to_date = recorded
                .get(&(file.as_str(), id.as_str()))
                .is_some_and(|rec| rec.translation_hash == t.hash);
            if !up_to_date {
                changes.push(SourceChange::Set(SourceRecord {
                    file: file.clone(),
                    message_id: id,
                    source_hash: r.hash.clone(),
                    translation_hash: t.hash,
                }));
            }
        }
    }
    for r in records {
        if !wanted.contains(&(r.file.clone(), r.message_id.clone())) {
            changes.push(SourceChange::Delete {
                file: r.file.clone(),
                message_id: r.message_id.clone(),
            });
        }
    }
    changes
}

/// Confirms stale translations of `ids` in `file` as still right: their records move to the current reference.
/// Ids that are not stale translations are refused, named.
pub fn confirm(
    file: &str,
    ids: &[String],
    reference: &BTreeMap<String, String>,
    translation: &BTreeMap<String, String>,
    records: &[SourceRecord],
) -> Result<Vec<SourceChange>, String> {
    let ref_entries = reference.get(file).map(|t| entries(t)).unwrap_or_default();
    let tr_entries = translation
        .get(file)
        .map(|t| entries(t))
        .unwrap_or_default();
    let mut changes = Vec::new();
    for id in ids {
        let (Some(r), Some(t)) = (ref_entries.get(id), tr_entries.get(id)) else {
            return Err(format!("{id}: not translated in {file}"));
        };
        let stale = records
            .iter()
            .any(|rec| rec.file == file && &rec.message_id == id && rec.source_hash != r.hash);
        if !stale {
            return Err(format!("{id}: not stale"));
        }
        changes.push(SourceChange::Set(SourceRecord {
            file: file.to_string(),
            message_id: id.clone(),
            source_hash: r.hash.clone(),
            translation_hash: t.hash.clone(),
        }));
    }
    Ok(changes)
}

/// One accepted version of a locale file, without its text.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LocaleVersion {
    pub locale: String,
    pub file: String,
    pub version: i64,
    pub sha256: String,
    /// Message ids added, changed and removed against the version before.
    pub changes: serde_json::Value,
    /// `upload` or `rollback`.
    pub kind: String,
    /// For a rollback: the version restored (0 is the shipped file).
    pub restored: Option<i64>,
    /// Who uploaded it (their e-mail address), if the account still exists.
    pub author: Option<String>,
    pub created_at: i64,
}

/// What a new version of a file changes, by message id.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Compares two versions of a file.
pub fn diff(old: Option<&str>, new: &str) -> Changes {
    let old = old.map(entries).unwrap_or_default();
    let new = entries(new);
    let mut c = Changes::default();
    for (id, e) in &new {
        match old.get(id) {
            None => c.added.push(id.clone()),
            Some(o) if o.hash != e.hash => c.changed.push(id.clone()),
            _ => {}
        }
    }
    c.removed = old
        .keys()
        .filter(|id| !new.contains_key(*id))
        .cloned()
        .collect();
    c
}

/// Why a zip of a locale was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ZipError {
    #[error("not a zip file: {0}")]
    NotZip(String),
    #[error(
        "{0}: the path leaves the locale folder; a zip may hold only <file>.ftl or {1}/<file>.ftl"
    )]
    Escapes(String, String),
    #[error(
        "{0}: only .ftl files named with lower-case letters, digits, - and _ may be in the zip"
    )]
    NotLocaleFile(String),
    #[error("{name}: {size} bytes when unpacked, over the limit of {limit} bytes for one file")]
    TooLarge {
        name: String,
        size: u64,
        limit: usize,
    },
    #[error("more than {0} files in the zip")]
    TooMany(usize),
    #[error("{0} is in the zip twice")]
    Duplicate(String),
    #[error("the zip holds no .ftl files")]
    Empty,
}

impl ZipError {
    /// The refusal in words the locale files give.
    pub fn message(&self) -> Message {
        match self {
            ZipError::NotZip(_) => Message::new("upload-zip-not-zip"),
            ZipError::Escapes(name, locale) => Message::new("upload-zip-escapes")
                .text("name", name.clone())
                .text("locale", locale.clone()),
            ZipError::NotLocaleFile(name) => {
                Message::new("upload-zip-not-locale-file").text("name", name.clone())
            }
            ZipError::TooLarge { name, size, limit } => Message::new("upload-zip-too-large")
                .text("name", name.clone())
                .number("size", *size as f64)
                .number("limit", *limit as f64),
            ZipError::TooMany(n) => Message::new("upload-zip-too-many").number("limit", *n as f64),
            ZipError::Duplicate(name) => {
                Message::new("upload-zip-duplicate").text("name", name.clone())
            }
            ZipError::Empty => Message::new("upload-zip-empty"),
        }
    }
}

/// The most files a zip of one locale may hold.
pub const MAX_ZIP_FILES: usize = 64;

/// Reads the `.ftl` files of a zip of `locale`: entries named `<file>.ftl` or `<locale>/<file>.ftl`.
/// Paths that leave the folder (`..`, absolute, other folders), other kinds of file and files over `max_file`
/// bytes (measured while unpacking, whatever the zip claims) refuse the whole zip. Folders and macOS's
/// `__MACOSX/` and `.DS_Store` are passed over.
pub fn read_zip(
    bytes: &[u8],
    locale: &str,
    max_file: usize,
) -> Result<Vec<(String, Vec<u8>)>, ZipError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ZipError::NotZip(e.to_string()))?;
    if archive.len() > MAX_ZIP_FILES * 4 {
        return Err(ZipError::TooMany(MAX_ZIP_FILES));
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| ZipError::NotZip(e.to_string()))?;
        let name = entry.name().to_string();
        if name.starts_with("__MACOSX/") || name.ends_with(".DS_Store") {
            continue;
        }
        let parts: Vec<&str> = name.split(['/', '\\']).collect();
        if name.starts_with('/')
            || name.contains('\\')
            || name.contains(':')
            || parts.iter().any(|p| *p == ".." || *p == ".")
        {
            return Err(ZipError::Escapes(name, locale.to_string()));
        }
        if entry.is_dir() {
            if parts.len() == 2 && parts[0] == locale {
                continue;
            }
            return Err(ZipError::Escapes(name, locale.to_string()));
        }
        let file = match parts.as_slice() {
            [file] => *file,
            [folder, file] if *folder == locale => *file,
            _ => return Err(ZipError::Escapes(name, locale.to_string())),
        };
        if !super::check::valid_file_name(file) {
            return Err(ZipError::NotLocaleFile(name));
        }
        if files.iter().any(|(f, _)| f == file) {
            return Err(ZipError::Duplicate(file.to_string()));
        }
        if files.len() >= MAX_ZIP_FILES {
            return Err(ZipError::TooMany(MAX_ZIP_FILES));
        }
        let mut data = Vec::new();
        (&mut entry)
            .take(max_file as u64 + 1)
            .read_to_end(&mut data)
            .map_err(|e| ZipError::NotZip(format!("{name}: {e}")))?;
        if data.len() > max_file {
            return Err(ZipError::TooLarge {
                name,
                size: entry.size().max(data.len() as u64),
                limit: max_file,
            });
        }
        files.push((file.to_string(), data));
    }
    if files.is_empty() {
        return Err(ZipError::Empty);
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn apply(records: &mut Vec<SourceRecord>, changes: Vec<SourceChange>) {
        for c in changes {
            match c {
                SourceChange::Set(r) => {
                    records.retain(|x| !(x.file == r.file && x.message_id == r.message_id));
                    records.push(r);
                }
                SourceChange::Delete { file, message_id } => {
                    records.retain(|x| !(x.file == file && x.message_id == message_id))
                }
            }
        }
    }

    #[test]
    fn hashes_ignore_comments_and_layout_and_words_are_counted() {
        let a = entries("# a comment\nhello = Hello, { $name }!\n    .title = Two words\n");
        let b = entries("hello =\n    Hello, { $name }!\n    .title = Two words\n");
        assert_eq!(a["hello"].hash, b["hello"].hash);
        assert_eq!(a["hello"].words, 4);
        let c = entries("hello = Hello, { $name }.\n    .title = Two words\n");
        assert_ne!(a["hello"].hash, c["hello"].hash);
        let t = entries(
            "-brand = Beacon\nn = { $n ->\n    [one] one thing\n   *[other] many more things\n}\n",
        );
        assert_eq!((t["-brand"].words, t["n"].words), (1, 3));
    }

    #[test]
    fn a_changed_reference_makes_translations_stale_until_updated_or_confirmed() {
        let en1 = files(&[("ui.ftl", "a = One\nb = Two\nc = Three\n")]);
        let lt = files(&[("ui.ftl", "a = Vienas\nb = Du\n")]);
        let mut records = Vec::new();
        let c = sync_sources(&en1, &lt, &records);
        apply(&mut records, c);
        assert_eq!(records.len(), 2);
        let c = completeness("lt", &en1, &lt, &records);
        assert_eq!(
            (c.tally.translated, c.tally.stale, c.tally.missing),
            (2, 0, 1)
        );
        assert_eq!(c.files[0].to_do[0].id, "c");

        let en2 = files(&[("ui.ftl", "a = One!\nb = Two, changed\nc = Three\n")]);
        let c = completeness("lt", &en2, &lt, &records);
        assert_eq!(
            (c.tally.translated, c.tally.stale, c.tally.missing),
            (0, 2, 1)
        );
        assert_eq!(c.tally.words_stale, 3);
        // Re-uploading the same translation keeps them stale...
        assert!(sync_sources(&en2, &lt, &records).is_empty());
        // ...an updated translation of b is current, and a translator confirms a.
        let lt2 = files(&[("ui.ftl", "a = Vienas\nb = Du, pakeista\n")]);
        let c = sync_sources(&en2, &lt2, &records);
        apply(&mut records, c);
        let c = confirm("ui.ftl", &["a".into()], &en2, &lt2, &records).unwrap();
        apply(&mut records, c);
        let c = completeness("lt", &en2, &lt2, &records);
        assert_eq!(
            (c.tally.translated, c.tally.stale, c.tally.missing),
            (2, 0, 1)
        );
        assert!(confirm("ui.ftl", &["a".into()], &en2, &lt2, &records).is_err());
        assert!(confirm("ui.ftl", &["c".into()], &en2, &lt2, &records).is_err());
        // Removing a translation removes its record.
        let lt3 = files(&[("ui.ftl", "a = Vienas\n")]);
        let c = sync_sources(&en2, &lt3, &records);
        apply(&mut records, c);
        assert_eq!(records.len(), 1);
    }

    #[test]
    fn diff_names_added_changed_and_removed_ids() {
        let c = diff(Some("a = 1\nb = 2\nc = 3\n"), "a = 1\nb = 20\nd = 4\n");
        assert_eq!(c.added, ["d"]);
        assert_eq!(c.changed, ["b"]);
        assert_eq!(c.removed, ["c"]);
        assert!(diff(Some("a = 1\n"), "# comment\na = 1\n").is_empty());
    }

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        for (name, data) in entries {
            if name.ends_with('/') {
                w.add_directory(*name, zip::write::SimpleFileOptions::default())
                    .unwrap();
            } else {
                w.start_file(*name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                std::io::Write::write_all(&mut w, data).unwrap();
            }
        }
        w.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn zips_are_read_only_within_the_locale_folder() {
        let good = zip_of(&[
            ("lt/", b""),
            ("lt/ui.ftl", b"a = A\n"),
            ("public.ftl", b"b = B\n"),
            ("__MACOSX/._ui.ftl", b"junk"),
        ]);
        let files = read_zip(&good, "lt", 1000).unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(files[1].0, "ui.ftl");
        for (name, err) in [
            ("../en/ui.ftl", "leaves the locale folder"),
            ("lt/../../etc/passwd.ftl", "leaves the locale folder"),
            ("/abs.ftl", "leaves the locale folder"),
            ("pl/ui.ftl", "leaves the locale folder"),
            ("lt/readme.txt", "only .ftl files"),
        ] {
            let z = zip_of(&[(name, b"a = A\n")]);
            let e = read_zip(&z, "lt", 1000).unwrap_err().to_string();
            assert!(e.contains(err), "{name}: {e}");
        }
        let big = zip_of(&[("ui.ftl", &vec![b'a'; 5000])]);
        assert!(matches!(
            read_zip(&big, "lt", 1000),
            Err(ZipError::TooLarge { .. })
        ));
        assert!(matches!(
            read_zip(b"not a zip", "lt", 1000),
            Err(ZipError::NotZip(_))
        ));
        assert_eq!(
            read_zip(&zip_of(&[("lt/", b"")]), "lt", 10),
            Err(ZipError::Empty)
        );
    }
}
