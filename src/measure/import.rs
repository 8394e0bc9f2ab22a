//! Survey answers imported from a Google Forms or a KoboToolbox/ODK CSV export, through a saved
//! [`Mapping`]: which column feeds which question, which cell text is which option, and where each
//! response's wave, group, locale and channel come from. Pure: the caller stores the mapping and the
//! responses.
//!
//! [`suggest`] proposes a first mapping from the header; the person importing corrects and saves it.
//! [`read`] reads a file all or nothing: every row's mapped cells become name and value pairs and go
//! through [`Definition::read_answers`], the one reader of answers, and every bad row is named by file,
//! line, column and reason (the first [`Limits::max_errors`], then how many more). The file streams
//! through [`crate::tabular`], which refuses an over-long row or cell before holding it and gives each
//! row the physical line it starts on (a quoted cell may span lines).
//!
//! Of a submission time only the day is kept, never the time of day: with it, a response could be
//! matched to the person who sent it. Responses that look like one person answering twice are flagged
//! ([`ImportedResponse::near_duplicate`]), never dropped.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Read;

use serde::{Deserialize, Serialize};

use super::file::FileError;
use super::survey::{Answer, Answers, Definition, Kind, Problem, near};
use crate::message::Message;
use crate::tabular::{self, Options, TableReader};

/// Which tool wrote the export: it decides how a multiple-choice cell holds several answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Google Forms (its CSV download, or the responses sheet saved as CSV): checkbox answers are
    /// joined with `", "`, and an option's own words may hold a comma.
    GoogleForms,
    /// KoboToolbox or ODK Central: `select_multiple` values are joined with a space, and the export
    /// may add one `question/option` column of 0 or 1 per option.
    Kobo,
}

/// Where a response's wave, group, locale or channel comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The same text for every row of the file.
    Fixed(String),
    /// The text of this column (its header as written), trimmed.
    Column(String),
}

/// The column holding each response's submission time, of which only the day is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Submitted {
    pub column: String,
    /// Whether a date written with slashes puts the day first (`14/4/2023`, a sheet in a British
    /// locale) rather than the month (`4/14/2023`, the United States). A date starting with a
    /// four-digit year (`2023/04/14`, `2023-04-14T…`) is read as year, month, day either way.
    #[serde(default)]
    pub day_first: bool,
}

/// How an export's columns and cells become a survey's answers. Saved per survey and format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub format: Format,
    /// Column (its header as written, matched ignoring ASCII case) → the question it feeds: a
    /// question key, or `key/option` for a column of 0 or 1 that says whether that option of a
    /// multiple-choice question was chosen. Columns not named here are not read.
    pub columns: BTreeMap<String, String>,
    /// The header's columns left out, as [`suggest`] found them, for the person checking the
    /// mapping. Reading does not depend on it.
    #[serde(default)]
    pub ignored: Vec<String>,
    /// Question key → cell text → the value stored: for exports that hold an option's words rather
    /// than its value (`"Kidnappers / strangers"` → `strangers`), or that word a number (`"Agree"` →
    /// `4`). An empty value makes that cell text no answer. Cell texts are matched exactly (after
    /// trimming). A Google Forms export holds the options' words, so of a choice question only the
    /// texts listed here are recognised; in a Kobo export an option's own value (its XML name) is
    /// recognised as well.
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// Question key → the value that a choice cell (or, in a multiple-choice cell, a part of it)
    /// matching no known text counts as: a form's "Other" option, whose words people write
    /// themselves. Those words are not kept. An empty value makes them no answer. Without an entry,
    /// such a cell is an error.
    #[serde(default)]
    pub other: BTreeMap<String, String>,
    pub wave: Source,
    pub group: Source,
    pub locale: Source,
    pub channel: Source,
    /// Where the day of each response comes from; none when the export has no time.
    #[serde(default)]
    pub submitted: Option<Submitted>,
}

/// What one import may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most responses one file may hold; a file with more is refused whole.
    pub max_rows: u64,
    /// The most errors listed; one more says how many others there were.
    pub max_errors: usize,
    /// The longest row, in bytes ([`tabular::MAX_ROW_BYTES`] by default).
    pub max_row_bytes: usize,
    /// The longest cell, in bytes ([`tabular::MAX_CELL_BYTES`] by default).
    pub max_cell_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_rows: 100_000,
            max_errors: 100,
            max_row_bytes: tabular::MAX_ROW_BYTES,
            max_cell_bytes: tabular::MAX_CELL_BYTES,
        }
    }
}

/// One response read from a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedResponse {
    /// The line its row starts on.
    pub line: u64,
    pub wave: String,
    pub group: String,
    pub locale: String,
    pub channel: String,
    pub answers: Answers,
    /// Free-text answers, kept apart from the others.
    pub free_text: BTreeMap<String, String>,
    /// The day it was submitted, `YYYY-MM-DD`, as the export writes it (no time of day is kept).
    pub submitted_on: Option<String>,
    /// Whether another response of the file, from the same day, wave and group, differs from it in
    /// at most one answer ([`near`]). Flagged for the analyst; it is still imported and counted.
    pub near_duplicate: bool,
}

/// Spaces collapsed and trimmed, lower case: how header names and question words are compared.
fn folded(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a `::` part of a Kobo header is a convention word or a language (`label`, `English (en)`)
/// rather than a name.
fn is_convention_part(part: &str) -> bool {
    let p = folded(part);
    if ["label", "key", "name", "hint", "xml", "value"].contains(&p.as_str()) {
        return true;
    }
    // A language as Kobo writes it: words, then a tag in brackets.
    match p.strip_suffix(')').and_then(|s| s.rsplit_once(" (")) {
        Some((name, tag)) => {
            !name.is_empty()
                && !tag.is_empty()
                && tag.len() <= 12
                && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        }
        None => false,
    }
}

/// The names a header may stand for: itself, or the parts of a Kobo `::` header that are not
/// convention words.
fn header_names(header: &str) -> Vec<&str> {
    if !header.contains("::") {
        return vec![header.trim()];
    }
    header
        .split("::")
        .map(str::trim)
        .filter(|p| !p.is_empty() && !is_convention_part(p))
        .collect()
}

/// The last part of a Kobo path (`group_x/seen` → `seen`).
fn last_segment(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name).trim()
}

/// Proposes a mapping from a file's header (its names as written). The format is Kobo when the
/// header has one of Kobo's own columns (`_submission_time`, `_uuid`, `_id`, `_index`,
/// `meta/instanceID`, `end`) or a `::` name, and Google Forms otherwise. A column feeds a question
/// when its header equals the question's key or English words, ignoring case and extra spaces; a
/// Kobo header's group path (`group_x/seen`) and `::` parts (`label::English (en)::…`, `key::…`) are
/// looked through, and a `question/option` column (Kobo's 0 or 1 per option) feeds that option when
/// the export has no column for the whole question. Each choice question's English option words
/// are mapped to their values. Wave, group, locale and channel come from a column named `wave`,
/// `group`, `locale` (or `language`) and `channel`, and are left blank otherwise; the submission day
/// from `Timestamp` (Google Forms) or `_submission_time`, else `end` (Kobo). `english` gives a
/// message id's English words.
pub fn suggest(
    definition: &Definition,
    header: &[String],
    english: impl Fn(&str) -> String,
) -> Mapping {
    let format = if header.iter().any(|h| {
        h.contains("::")
            || [
                "_submission_time",
                "_uuid",
                "_id",
                "_index",
                "meta/instanceid",
                "end",
            ]
            .contains(&folded(h).as_str())
    }) {
        Format::Kobo
    } else {
        Format::GoogleForms
    };
    let words: Vec<(String, String)> = definition
        .questions
        .iter()
        .map(|q| (folded(&q.key), folded(&english(&q.text))))
        .collect();
    let question_named = |name: &str| -> Option<usize> {
        let f = folded(name);
        words.iter().position(|(k, w)| *k == f || *w == f)
    };
    // A per-option column: `…/question/option`, the option as value or English words.
    let option_named = |name: &str| -> Option<(usize, String)> {
        for (i, _) in name.match_indices('/') {
            let (left, right) = (&name[..i], folded(&name[i + 1..]));
            let q = question_named(left).or_else(|| question_named(last_segment(left)));
            let Some(q) = q else { continue };
            let question = &definition.questions[q];
            if !matches!(question.kind, Kind::Multiple { .. }) {
                continue;
            }
            if let Some(o) = question
                .options()
                .into_iter()
                .find(|o| folded(&o.value) == right || folded(&english(&o.text)) == right)
            {
                return Some((q, o.value));
            }
        }
        None
    };

    let mut whole: BTreeMap<usize, &str> = BTreeMap::new();
    let mut per_option: Vec<(&str, usize, String)> = Vec::new();
    for h in header {
        let names = header_names(h);
        if let Some(q) = names.iter().find_map(|n| question_named(n)) {
            whole.entry(q).or_insert(h);
        } else if let Some((q, o)) = names.iter().find_map(|n| option_named(n)) {
            per_option.push((h.as_str(), q, o));
        } else if let Some(q) = names.iter().find_map(|n| question_named(last_segment(n))) {
            whole.entry(q).or_insert(h);
        }
    }
    let mut columns = BTreeMap::new();
    for (q, h) in &whole {
        columns.insert(h.to_string(), definition.questions[*q].key.clone());
    }
    for (h, q, o) in per_option {
        if !whole.contains_key(&q) {
            columns.insert(
                h.to_string(),
                format!("{}/{o}", definition.questions[q].key),
            );
        }
    }
    let mut values = BTreeMap::new();
    for key in columns.values() {
        let key = key.split('/').next().unwrap_or(key);
        let Some(q) = definition.question(key) else {
            continue;
        };
        let texts: BTreeMap<String, String> = q
            .options()
            .into_iter()
            .map(|o| (english(&o.text).trim().to_string(), o.value))
            .filter(|(text, _)| !text.is_empty())
            .collect();
        if !texts.is_empty() {
            values.insert(q.key.clone(), texts);
        }
    }
    let column_named = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| header.iter().find(|h| folded(h) == *n))
            .cloned()
    };
    let source = |names: &[&str]| match column_named(names) {
        Some(h) => Source::Column(h),
        None => Source::Fixed(String::new()),
    };
    let submitted = match format {
        Format::GoogleForms => column_named(&["timestamp"]),
        Format::Kobo => column_named(&["_submission_time", "end"]),
    }
    .map(|column| Submitted {
        column,
        day_first: false,
    });
    let mut used: BTreeSet<&str> = columns.keys().map(String::as_str).collect();
    let wave = source(&["wave"]);
    let group = source(&["group"]);
    let locale = source(&["locale", "language"]);
    let channel = source(&["channel"]);
    for s in [&wave, &group, &locale, &channel] {
        if let Source::Column(c) = s {
            used.insert(c);
        }
    }
    if let Some(s) = &submitted {
        used.insert(&s.column);
    }
    let ignored = header
        .iter()
        .filter(|h| !used.contains(h.as_str()))
        .cloned()
        .collect();
    Mapping {
        format,
        columns,
        ignored,
        values,
        other: BTreeMap::new(),
        wave,
        group,
        locale,
        channel,
        submitted,
    }
}

/// What a mapped column feeds.
#[derive(Debug, Clone)]
enum Target<'d> {
    /// A question's answer, from the cell's text.
    Question(&'d super::survey::Question),
    /// One option of a multiple-choice question, chosen when the cell is 1.
    Option(&'d super::survey::Question, String),
}

impl Mapping {
    /// The mapping's problems against the survey's definition, each naming its field (a JSON path):
    /// a column feeding no question or option of it, a value or an "other" value that is not an
    /// option of its question, a required question no column feeds.
    pub fn check(&self, definition: &Definition) -> Vec<Problem> {
        let mut problems = Vec::new();
        let problem = |field: String, reason: Message| Problem { field, reason };
        for (column, target) in &self.columns {
            if self.target(definition, target).is_none() {
                problems.push(problem(
                    format!("columns.{column}"),
                    Message::new("survey-error-unknown"),
                ));
            }
        }
        let is_option = |key: &str, value: &str| {
            definition
                .question(key)
                .is_some_and(|q| q.options().iter().any(|o| o.value == value))
        };
        for (key, texts) in &self.values {
            let Some(q) = definition.question(key) else {
                problems.push(problem(
                    format!("values.{key}"),
                    Message::new("survey-error-unknown"),
                ));
                continue;
            };
            if q.options().is_empty() {
                continue;
            }
            for (text, value) in texts {
                if !value.is_empty() && !is_option(key, value) {
                    problems.push(problem(
                        format!("values.{key}.{text}"),
                        Message::new("survey-error-option").text("value", value),
                    ));
                }
            }
        }
        for (key, value) in &self.other {
            let choice = definition
                .question(key)
                .is_some_and(|q| !q.options().is_empty());
            if !choice {
                problems.push(problem(
                    format!("other.{key}"),
                    Message::new("survey-error-unknown"),
                ));
            } else if !value.is_empty() && !is_option(key, value) {
                problems.push(problem(
                    format!("other.{key}"),
                    Message::new("survey-error-option").text("value", value),
                ));
            }
        }
        for q in definition.questions.iter().filter(|q| q.required) {
            let fed = self
                .columns
                .values()
                .any(|t| t.split('/').next() == Some(q.key.as_str()));
            if !fed {
                problems.push(problem(
                    format!("columns[{}]", q.key),
                    Message::new("survey-error-required"),
                ));
            }
        }
        problems
    }

    fn target<'d>(&self, definition: &'d Definition, target: &str) -> Option<Target<'d>> {
        match target.split_once('/') {
            None => definition.question(target).map(Target::Question),
            Some((key, option)) => {
                let q = definition.question(key)?;
                let Kind::Multiple { options } = &q.kind else {
                    return None;
                };
                options
                    .iter()
                    .any(|o| o.value == option)
                    .then(|| Target::Option(q, option.to_string()))
            }
        }
    }
}

/// A message in English (the reader of answers' words are in `survey.ftl`).
fn words(message: &Message) -> String {
    crate::message::english(message)
}

/// The known cell texts of a choice question and their values, longest first: the mapping's texts,
/// and in a Kobo export the options' values too.
fn known_texts(mapping: &Mapping, q: &super::survey::Question) -> Vec<(String, String)> {
    let mut known: BTreeMap<String, String> = match mapping.format {
        Format::Kobo => q
            .options()
            .into_iter()
            .map(|o| (o.value.clone(), o.value))
            .collect(),
        Format::GoogleForms => BTreeMap::new(),
    };
    if let Some(texts) = mapping.values.get(&q.key) {
        for (text, value) in texts {
            let text = text.trim();
            if !text.is_empty() {
                known.insert(text.to_string(), value.clone());
            }
        }
    }
    let mut known: Vec<(String, String)> = known.into_iter().collect();
    known.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    known
}

/// The length of the separator at the start of `s`: a comma and the spaces after it (Google Forms),
/// or spaces (Kobo). `None` when `s` does not start with one; `Some(0)` at the end.
fn separator(s: &str, format: Format) -> Option<usize> {
    if s.is_empty() {
        return Some(0);
    }
    let rest = match format {
        Format::GoogleForms => s.strip_prefix(',')?,
        Format::Kobo => s,
    };
    let spaces = rest.len() - rest.trim_start().len();
    if format == Format::Kobo && spaces == 0 {
        return None;
    }
    Some(s.len() - rest.len() + spaces)
}

/// The known text that `s` starts with, ending at a separator: its value and the length of the text
/// and separator.
fn known_at<'k>(
    s: &str,
    known: &'k [(String, String)],
    format: Format,
) -> Option<(&'k str, usize)> {
    known.iter().find_map(|(text, value)| {
        let rest = s.strip_prefix(text.as_str())?;
        let sep = separator(rest, format)?;
        Some((value.as_str(), text.len() + sep))
    })
}

/// Splits a multiple-choice cell into its parts by matching the known texts longest first at each
/// separator, so that an option's own comma (`500,000`) does not split it. A part matching no known
/// text runs to the next separator at which a known text starts, or to the end (a form's "Other"
/// words, written last). Each part is `Ok(value)` or `Err(unknown text)`.
fn split_choices<'c>(
    cell: &'c str,
    known: &'c [(String, String)],
    format: Format,
) -> Vec<Result<&'c str, &'c str>> {
    let mut parts = Vec::new();
    let mut s = cell.trim();
    while !s.is_empty() {
        if let Some((value, len)) = known_at(s, known, format) {
            parts.push(Ok(value));
            s = &s[len..];
            continue;
        }
        // The unknown part ends before the first separator followed by a known text.
        let mut end = s.len();
        let mut next = s.len();
        for (i, _) in s.char_indices().skip(1) {
            if let Some(sep) = separator(&s[i..], format).filter(|&n| n > 0)
                && known_at(&s[i + sep..], known, format).is_some()
            {
                end = i;
                next = i + sep;
                break;
            }
        }
        let unknown = s[..end].trim();
        if !unknown.is_empty() {
            parts.push(Err(unknown));
        }
        s = &s[next..];
    }
    parts
}

/// The day of a submission time: ISO 8601 (`2023-04-10T07:33:52.123+03:00`, `2023-04-10 07:33`),
/// Google Forms' `4/10/2023 7:33:52` (month first unless `day_first`) or `2023/04/10 7:33:52 AM
/// GMT+1`. Only the date as written is read; the time is not.
fn day_of(text: &str, day_first: bool) -> Option<String> {
    let date = text.trim().split([' ', 'T']).next()?;
    let numbers: Vec<&str> = if date.contains('-') {
        date.split('-').collect()
    } else {
        date.split('/').collect()
    };
    let [a, b, c] = numbers.as_slice() else {
        return None;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(a) && digits(b) && digits(c)) {
        return None;
    }
    let n = |s: &str| s.parse::<u32>().ok();
    let (y, m, d) = if a.len() == 4 {
        (n(a)?, n(b)?, n(c)?)
    } else if c.len() == 4 && !date.contains('-') {
        if day_first {
            (n(c)?, n(b)?, n(a)?)
        } else {
            (n(c)?, n(a)?, n(b)?)
        }
    } else {
        return None;
    };
    let day = chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?;
    Some(day.format("%Y-%m-%d").to_string())
}

/// Reads the export `reader` (named `file_name` in errors) with the saved `mapping`: every response,
/// or every problem. Problems with the mapping or the header come alone, before any row is read;
/// then each bad row's problems, naming its line and the column, at most [`Limits::max_errors`] and
/// one more saying how many others there were. An empty file, a header without rows and a file
/// with more than [`Limits::max_rows`] responses are refused. Blank rows are skipped.
pub fn read(
    file_name: &str,
    reader: impl Read,
    definition: &Definition,
    mapping: &Mapping,
    limits: Limits,
) -> Result<Vec<ImportedResponse>, Vec<FileError>> {
    let err = |line: Option<u64>, column: Option<&str>, reason: String| FileError {
        file: file_name.to_string(),
        line,
        column: column.map(str::to_string),
        reason,
    };
    let mut table = TableReader::with_limits(
        reader,
        Options {
            trim: true,
            flexible: true,
            strip_bom: true,
            skip_blank_before_header: true,
        },
        limits.max_row_bytes,
        limits.max_cell_bytes,
    );
    let mut record = csv::ByteRecord::new();
    let header = table.header(&mut record).map_err(|e| {
        vec![match e {
            tabular::HeaderError::Empty => err(None, None, "the file is empty: no header".into()),
            // The reader reads ahead: a row too long further on can stop it at the header.
            tabular::HeaderError::Read { line_hint, error } => err(
                Some(
                    tabular::too_long(&error)
                        .map(|t| t.line)
                        .or_else(|| error.position().map(csv::Position::line))
                        .unwrap_or(line_hint)
                        .max(1),
                ),
                None,
                words(&tabular::read_error_message(&error)),
            ),
            tabular::HeaderError::NotUtf8 { line, column } => err(
                Some(line),
                None,
                format!("column {} of the header is not UTF-8 text", column + 1),
            ),
        }]
    })?;

    // The mapping against the definition, then against the header.
    let mut errors: Vec<FileError> = mapping
        .check(definition)
        .into_iter()
        .map(|p| {
            err(
                None,
                None,
                format!("the mapping's {}: {}", p.field, words(&p.reason)),
            )
        })
        .collect();
    let position = |name: &str| header.position(name.trim());
    let mut plan: Vec<(usize, &str, Target)> = Vec::new();
    for (column, target) in &mapping.columns {
        match (position(column), mapping.target(definition, target)) {
            (Some(i), Some(t)) => plan.push((i, column.as_str(), t)),
            (None, _) => errors.push(err(
                Some(header.line),
                Some(column),
                "the mapping names this column, but the header has no such column".into(),
            )),
            (Some(_), None) => {} // already said by `check`
        }
    }
    let mut source = |s: &Source, what: &str| -> Option<usize> {
        match s {
            Source::Fixed(_) => None,
            Source::Column(c) => {
                let found = position(c);
                if found.is_none() {
                    errors.push(err(
                        Some(header.line),
                        Some(c),
                        format!("the mapping takes the {what} from this column, but the header has no such column"),
                    ));
                }
                found
            }
        }
    };
    let sources = [
        source(&mapping.wave, "wave"),
        source(&mapping.group, "group"),
        source(&mapping.locale, "locale"),
        source(&mapping.channel, "channel"),
    ];
    let submitted = mapping.submitted.as_ref().and_then(|s| {
        let found = position(&s.column);
        if found.is_none() {
            errors.push(err(
                Some(header.line),
                Some(&s.column),
                "the mapping takes the submission time from this column, but the header has no such column".into(),
            ));
        }
        found.map(|i| (i, s))
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    // The column named in a question's problems: the first feeding it.
    let mut column_of: BTreeMap<&str, &str> = BTreeMap::new();
    for (_, column, target) in &plan {
        let (Target::Question(q) | Target::Option(q, _)) = target;
        column_of.entry(q.key.as_str()).or_insert(column);
    }
    let known: BTreeMap<&str, Vec<(String, String)>> = plan
        .iter()
        .filter_map(|(_, _, t)| match t {
            Target::Question(q) if !q.options().is_empty() => {
                Some((q.key.as_str(), known_texts(mapping, q)))
            }
            _ => None,
        })
        .collect();

    let mut problems = Capped::new(limits.max_errors);
    let mut push = |e: FileError| problems.push(e);
    let mut responses = Vec::new();
    let mut rows = 0u64;
    loop {
        let line = match table.next_row(&mut record) {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(e) => {
                let line = tabular::too_long(&e.error)
                    .map(|t| t.line)
                    .or_else(|| e.error.position().map(csv::Position::line))
                    .unwrap_or(e.line_hint)
                    .max(1);
                push(err(
                    Some(line),
                    None,
                    words(&tabular::read_error_message(&e.error)),
                ));
                break;
            }
        };
        if tabular::is_blank(&record) {
            continue;
        }
        rows += 1;
        if rows > limits.max_rows {
            push(err(
                Some(line),
                None,
                format!(
                    "more than {} responses, the most one import takes; nothing was imported",
                    limits.max_rows
                ),
            ));
            break;
        }
        if record.len() != header.names.len() {
            push(err(
                Some(line),
                None,
                format!(
                    "{} columns where the header has {}",
                    record.len(),
                    header.names.len()
                ),
            ));
            continue;
        }
        let cell = |i: usize| -> Result<&str, usize> {
            match record.get(i).map(std::str::from_utf8) {
                Some(Ok(t)) => Ok(t.trim()),
                Some(Err(_)) => Err(i),
                None => Ok(""),
            }
        };
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let mut bad_row = false;
        for (i, column, target) in &plan {
            let text = match cell(*i) {
                Ok(t) => t,
                Err(_) => {
                    push(err(Some(line), Some(column), "not UTF-8 text".into()));
                    bad_row = true;
                    continue;
                }
            };
            match target {
                Target::Option(q, option) => match text.to_ascii_lowercase().as_str() {
                    "1" | "true" => pairs.push((q.key.as_str(), option.clone())),
                    "0" | "false" | "" => {}
                    _ => {
                        push(err(
                            Some(line),
                            Some(column),
                            format!(
                                "“{}” is neither 1 nor 0 (whether option “{option}” was chosen)",
                                text.chars().take(60).collect::<String>()
                            ),
                        ));
                        bad_row = true;
                    }
                },
                Target::Question(q) => {
                    let mapped = mapping.values.get(&q.key).and_then(|v| v.get(text));
                    let other = mapping.other.get(&q.key).map(String::as_str);
                    match &q.kind {
                        Kind::Multiple { .. } => {
                            for part in split_choices(text, &known[q.key.as_str()], mapping.format)
                            {
                                match (part, other) {
                                    (Ok(v), _) | (Err(_), Some(v)) => {
                                        if !v.is_empty() {
                                            pairs.push((q.key.as_str(), v.to_string()));
                                        }
                                    }
                                    (Err(unknown), None) => {
                                        pairs.push((q.key.as_str(), unknown.to_string()))
                                    }
                                }
                            }
                        }
                        Kind::Single { .. } | Kind::YesNo => {
                            let value = known[q.key.as_str()]
                                .iter()
                                .find(|(t, _)| t == text)
                                .map(|(_, v)| v.as_str());
                            let value = match (value, other) {
                                (Some(v), _) => v,
                                (None, Some(o)) if !text.is_empty() => o,
                                (None, _) => text,
                            };
                            pairs.push((q.key.as_str(), value.to_string()));
                        }
                        _ => pairs.push((
                            q.key.as_str(),
                            mapped.map_or(text, String::as_str).to_string(),
                        )),
                    }
                }
            }
        }
        let read = definition.read_answers(pairs.iter().map(|(k, v)| (*k, v.as_str())), &[]);
        let (answers, free_text) = match read {
            Ok(read) => read,
            Err(problems) => {
                for p in problems {
                    let column = column_of.get(p.field.as_str()).copied();
                    let reason = match column {
                        Some(_) => words(&p.reason),
                        None => format!("question “{}”: {}", p.field, words(&p.reason)),
                    };
                    push(err(Some(line), column, reason));
                }
                continue;
            }
        };
        let submitted_on = match submitted {
            Some((i, s)) => match cell(i) {
                Ok("") => None,
                Ok(t) => match day_of(t, s.day_first) {
                    Some(day) => Some(day),
                    None => {
                        push(err(
                            Some(line),
                            Some(&s.column),
                            format!(
                                "“{}” is not a date and time this import reads (such as 4/14/2023 8:51:29 or 2023-04-14T08:51:29)",
                                t.chars().take(40).collect::<String>()
                            ),
                        ));
                        continue;
                    }
                },
                Err(_) => {
                    push(err(Some(line), Some(&s.column), "not UTF-8 text".into()));
                    continue;
                }
            },
            None => None,
        };
        let from = |s: &Source, at: Option<usize>| -> Result<String, ()> {
            match (s, at) {
                (Source::Fixed(t), _) => Ok(t.clone()),
                (Source::Column(_), Some(i)) => cell(i).map(str::to_string).map_err(|_| ()),
                (Source::Column(_), None) => Ok(String::new()),
            }
        };
        let [wave, group, locale, channel] = [
            (&mapping.wave, sources[0]),
            (&mapping.group, sources[1]),
            (&mapping.locale, sources[2]),
            (&mapping.channel, sources[3]),
        ]
        .map(|(s, at)| from(s, at));
        let (Ok(wave), Ok(group), Ok(locale), Ok(channel)) = (wave, group, locale, channel) else {
            push(err(
                Some(line),
                None,
                "the wave, group, locale or channel is not UTF-8 text".into(),
            ));
            continue;
        };
        if bad_row {
            continue;
        }
        responses.push(ImportedResponse {
            line,
            wave,
            group,
            locale,
            channel,
            answers,
            free_text,
            submitted_on,
            near_duplicate: false,
        });
    }
    if rows == 0 && problems.total == 0 {
        return Err(vec![err(
            Some(header.line),
            None,
            "the file has a header but no responses".into(),
        )]);
    }
    if problems.total > 0 {
        let (more, total) = (problems.total - problems.listed_count(), problems.total);
        let mut listed = problems.listed;
        if more > 0 {
            listed.push(err(
                None,
                None,
                format!("… and {more} more problems ({total} in all)"),
            ));
        }
        return Err(listed);
    }
    flag_near_duplicates(&mut responses);
    Ok(responses)
}

/// Errors listed up to a cap, and how many there were in all.
struct Capped {
    listed: Vec<FileError>,
    total: u64,
    max: usize,
}

impl Capped {
    fn new(max: usize) -> Self {
        Self {
            listed: Vec::new(),
            total: 0,
            max,
        }
    }

    fn push(&mut self, e: FileError) {
        self.total += 1;
        if self.listed.len() < self.max {
            self.listed.push(e);
        }
    }

    fn listed_count(&self) -> u64 {
        self.listed.len() as u64
    }
}

/// A 128-bit hash of `value`, from two differently salted runs of the standard hasher.
fn hash128(value: &impl Hash) -> u128 {
    let run = |salt: u8| {
        let mut h = DefaultHasher::new();
        salt.hash(&mut h);
        value.hash(&mut h);
        h.finish()
    };
    (u128::from(run(1)) << 64) | u128::from(run(2))
}

/// One answer's hash, its question key included.
fn answer_hash(key: &str, answer: &Answer) -> u128 {
    match answer {
        Answer::Number(n) => hash128(&(key, 0u8, n)),
        Answer::Choice(c) => hash128(&(key, 1u8, c)),
        Answer::Choices(cs) => hash128(&(key, 2u8, cs)),
    }
}

/// Flags ([`ImportedResponse::near_duplicate`]) every response that another one of the same day,
/// wave and group differs from in at most one answer ([`near`]).
///
/// Two responses differ in at most one answer exactly when, for some question, they are equal with
/// that question left out. So for each question key `k` that any response answers, every response
/// gets a signature: a hash of its day, wave and group beside the wrapping sum of its answers'
/// 128-bit hashes, less the answer to `k`. Sorting the signatures puts such responses next to each
/// other, and each neighbouring pair with equal signatures is confirmed with [`near`] (so a hash
/// collision can never flag a response) before both are flagged. The cost is one sort per question:
/// O(q · n log n) for n responses and q questions, with O(n) memory.
pub fn flag_near_duplicates(responses: &mut [ImportedResponse]) {
    let n = responses.len();
    let keys: BTreeSet<&str> = responses
        .iter()
        .flat_map(|r| r.answers.keys().map(String::as_str))
        .collect();
    let place: Vec<u128> = responses
        .iter()
        .map(|r| hash128(&(&r.submitted_on, &r.wave, &r.group)))
        .collect();
    let sums: Vec<u128> = responses
        .iter()
        .map(|r| {
            r.answers
                .iter()
                .fold(0u128, |s, (k, a)| s.wrapping_add(answer_hash(k, a)))
        })
        .collect();
    let mut flags = vec![false; n];
    let same_place = |a: &ImportedResponse, b: &ImportedResponse| {
        a.submitted_on == b.submitted_on && a.wave == b.wave && a.group == b.group
    };
    // With no answers anywhere, one pass compares the responses whole.
    let masks: Vec<Option<&str>> = if keys.is_empty() {
        vec![None]
    } else {
        keys.iter().map(|k| Some(*k)).collect()
    };
    let mut signatures: Vec<(u128, u128, usize)> = Vec::with_capacity(n);
    for mask in masks {
        signatures.clear();
        for (i, r) in responses.iter().enumerate() {
            let left_out = mask
                .and_then(|k| r.answers.get_key_value(k))
                .map_or(0, |(k, a)| answer_hash(k, a));
            signatures.push((place[i], sums[i].wrapping_sub(left_out), i));
        }
        signatures.sort_unstable();
        for pair in signatures.windows(2) {
            let ((p1, s1, i), (p2, s2, j)) = (pair[0], pair[1]);
            if p1 == p2 && s1 == s2 {
                let (a, b) = (&responses[i], &responses[j]);
                if same_place(a, b) && near(&a.answers, &b.answers) {
                    flags[i] = true;
                    flags[j] = true;
                }
            }
        }
    }
    for (r, flag) in responses.iter_mut().zip(flags) {
        r.near_duplicate = flag;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// English words for the tests' message ids.
    fn english(id: &str) -> String {
        match id {
            "survey-a-yes" => "Yes",
            "survey-a-no" => "No",
            "t-q-age" => "What is your age?",
            "t-a-17" => "17 or younger",
            "t-a-18-20" => "18-20",
            "t-a-21-29" => "21-29",
            "t-a-30-39" => "30-39",
            "t-a-40-49" => "40-49",
            "t-a-50-59" => "50-59",
            "t-a-60" => "60 or older",
            "t-q-gender" => "What is your gender?",
            "t-a-female" => "Female",
            "t-a-male" => "Male",
            "t-q-survivors" => "Do you personally know any survivors of human trafficking?",
            "t-q-likely" => {
                "Please rate the likelihood that there are active trafficking operations in the area you live in"
            }
            "t-q-type" => "Which type of slavery has the most reported victims?",
            "t-a-sexual" => "Commercial sexual exploitation",
            "t-a-labour" => "Forced labor",
            "t-a-marriage" => "Forced marriage",
            "t-q-traffickers" => "Who are most often the traffickers?",
            "t-a-family" => "Family",
            "t-a-foster" => "Foster system",
            "t-a-strangers" => "Kidnappers / strangers",
            "t-a-other" => "Other",
            "t-q-interested" => "Are you interested in opportunities to fight human trafficking?",
            "t-q-seen" => "Have you seen our message?",
            "t-q-first" => "What would you do first?",
            "t-a-helpline" => "Call the helpline",
            "t-a-someone" => "Tell someone I trust",
            "t-q-many" => "How many people are in slavery?",
            "t-a-500k" => "500,000",
            "t-a-5m" => "5 million",
            "t-a-unknown" => "No one knows",
            _ => id,
        }
        .to_string()
    }

    /// Seven of the Google Forms survey's questions; the age bands' words are their values but for
    /// the two ends.
    fn awareness() -> Definition {
        serde_json::from_str(
            r#"{"questions":[
              {"key":"age","text":"t-q-age","kind":"single","options":[
                {"value":"17-or-younger","text":"t-a-17"},{"value":"18-20","text":"t-a-18-20"},
                {"value":"21-29","text":"t-a-21-29"},{"value":"30-39","text":"t-a-30-39"},
                {"value":"40-49","text":"t-a-40-49"},{"value":"50-59","text":"t-a-50-59"},
                {"value":"60-or-older","text":"t-a-60"}]},
              {"key":"gender","text":"t-q-gender","kind":"single","options":[
                {"value":"female","text":"t-a-female"},{"value":"male","text":"t-a-male"}]},
              {"key":"survivors","text":"t-q-survivors","kind":"yes_no"},
              {"key":"likely","text":"t-q-likely","kind":"likert","points":5,
               "low":"t-likely-low","high":"t-likely-high"},
              {"key":"type","text":"t-q-type","kind":"single","options":[
                {"value":"sexual","text":"t-a-sexual"},{"value":"labour","text":"t-a-labour"},
                {"value":"marriage","text":"t-a-marriage"}]},
              {"key":"traffickers","text":"t-q-traffickers","kind":"multiple","options":[
                {"value":"family","text":"t-a-family"},{"value":"foster","text":"t-a-foster"},
                {"value":"strangers","text":"t-a-strangers"},{"value":"other","text":"t-a-other"}]},
              {"key":"interested","text":"t-q-interested","kind":"yes_no"}],
             "outcome":{"question":"interested","values":["yes"]}}"#,
        )
        .unwrap()
    }

    fn header_of(text: &str) -> Vec<String> {
        let mut table = TableReader::new(
            text.as_bytes(),
            Options {
                trim: true,
                flexible: true,
                strip_bom: true,
                skip_blank_before_header: true,
            },
        );
        table.header(&mut csv::ByteRecord::new()).unwrap().names
    }

    fn small_limits() -> Limits {
        Limits {
            max_rows: 10,
            max_errors: 3,
            max_row_bytes: 400,
            max_cell_bytes: 200,
        }
    }

    fn count(responses: &[ImportedResponse], key: &str, value: &str) -> usize {
        responses
            .iter()
            .filter(|r| match r.answers.get(key) {
                Some(Answer::Choice(v)) => v == value,
                Some(Answer::Choices(vs)) => vs.iter().any(|v| v == value),
                Some(Answer::Number(n)) => n.to_string() == value,
                None => value.is_empty(),
            })
            .count()
    }

    /// The real export, read where it lies beside the checkout. The figures were counted once with
    /// Python's `csv` module, apart from this code: 161 responses on 185 physical lines (answers
    /// to the definition question span lines; the last row starts on line 185); ages 21-29: 52,
    /// 40-49: 34, 30-39: 30, 50-59: 24, 60 or older: 15, 18-20: 4, 17 or younger: 2; Female 119,
    /// Male 42; knows a survivor Yes 63, No 98; likelihood 1: 63, 2: 26, 3: 20, 4: 17, 5: 35;
    /// commercial sexual exploitation 102, forced labor 51, forced marriage 8; traffickers (split on
    /// the known option words longest first, any other words as "other") family 107, strangers 74,
    /// foster 31, other 13; interested Yes 102, No 42, 17 other answers (Maybe, NA, sentences).
    /// Without "Other" mapped, 13 traffickers cells (lines 36, 38, 44, 63, 75, 96, 104, 110, 139,
    /// 144, 149, 151, 163) and 17 interested cells (first on line 6) are refused: 30 problems.
    /// 37 days from 2023-04-10 to 2023-05-28. Near-duplicates (same day and country lived in, at
    /// most one of the seven answers different, brute force over all pairs): 25 responses, the first
    /// on lines 3, 19 and 61.
    #[test]
    fn the_real_google_forms_export_imports() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/awareness_survey_2023_google_forms.csv");
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("skipped: {} is not there", path.display());
            return;
        };
        let text = String::from_utf8(bytes).unwrap();
        let d = awareness();
        assert!(d.check(false).is_empty(), "{:?}", d.check(false));
        let header = header_of(&text);
        let mut mapping = suggest(&d, &header, english);
        assert_eq!(mapping.format, Format::GoogleForms);
        assert_eq!(mapping.columns.len(), 7, "{:?}", mapping.columns);
        assert_eq!(mapping.columns["What is your age?"], "age");
        assert_eq!(
            mapping.columns["Who are most often the traffickers?"],
            "traffickers"
        );
        assert_eq!(
            mapping.values["traffickers"]["Kidnappers / strangers"],
            "strangers"
        );
        assert_eq!(mapping.values["survivors"]["Yes"], "yes");
        assert_eq!(mapping.values["age"]["21-29"], "21-29");
        assert!(!mapping.values.contains_key("likely"));
        assert_eq!(
            mapping.submitted,
            Some(Submitted {
                column: "Timestamp".into(),
                day_first: false
            })
        );
        assert_eq!(mapping.ignored.len(), header.len() - 8);
        assert!(
            mapping
                .ignored
                .contains(&"Where do you currently live?".to_string())
        );
        assert!(mapping.check(&d).is_empty(), "{:?}", mapping.check(&d));

        // As suggested, the answers people wrote themselves are refused, each named.
        let limits = Limits::default();
        let errors = read("survey.csv", text.as_bytes(), &d, &mapping, limits).unwrap_err();
        assert_eq!(errors.len(), 30, "{errors:#?}");
        assert_eq!(
            errors[0].to_string(),
            "survey.csv: line 6, column “Are you interested in opportunities to fight human trafficking?”: “Maybe” is not one of the answers"
        );
        let traffickers: Vec<u64> = errors
            .iter()
            .filter(|e| e.column.as_deref() == Some("Who are most often the traffickers?"))
            .filter_map(|e| e.line)
            .collect();
        assert_eq!(
            traffickers,
            [36, 38, 44, 63, 75, 96, 104, 110, 139, 144, 149, 151, 163]
        );

        // Corrected: other words count as "other" among the traffickers and as no answer to the
        // outcome; the group is the country lived in.
        mapping.other.insert("traffickers".into(), "other".into());
        mapping.other.insert("interested".into(), String::new());
        mapping.wave = Source::Fixed("2023".into());
        mapping.group = Source::Column("Where do you currently live?".into());
        mapping.locale = Source::Fixed("en".into());
        mapping.channel = Source::Fixed("web".into());
        assert!(mapping.check(&d).is_empty());
        // The mapping survives being saved.
        let saved = serde_json::to_string(&mapping).unwrap();
        let mapping: Mapping = serde_json::from_str(&saved).unwrap();
        let got = read("survey.csv", text.as_bytes(), &d, &mapping, limits).unwrap();
        assert_eq!(got.len(), 161);
        assert_eq!((got[0].line, got[160].line), (2, 185));
        for (band, n) in [
            ("21-29", 52),
            ("40-49", 34),
            ("30-39", 30),
            ("50-59", 24),
            ("60-or-older", 15),
            ("18-20", 4),
            ("17-or-younger", 2),
        ] {
            assert_eq!(count(&got, "age", band), n, "{band}");
        }
        assert_eq!(
            (
                count(&got, "gender", "female"),
                count(&got, "gender", "male")
            ),
            (119, 42)
        );
        assert_eq!(
            (
                count(&got, "survivors", "yes"),
                count(&got, "survivors", "no")
            ),
            (63, 98)
        );
        let likely: Vec<usize> = (1..=5)
            .map(|n| count(&got, "likely", &n.to_string()))
            .collect();
        assert_eq!(likely, [63, 26, 20, 17, 35]);
        assert_eq!(
            ["sexual", "labour", "marriage"].map(|v| count(&got, "type", v)),
            [102, 51, 8]
        );
        assert_eq!(
            ["family", "strangers", "foster", "other"].map(|v| count(&got, "traffickers", v)),
            [107, 74, 31, 13]
        );
        assert_eq!(
            ["yes", "no", ""].map(|v| count(&got, "interested", v)),
            [102, 42, 17]
        );
        assert_eq!(d.outcome_of(&got[0].answers), Some(true));
        assert!(
            got.iter()
                .all(|r| r.free_text.is_empty() && r.wave == "2023")
        );
        assert_eq!(got[0].group, "USA");
        let days: BTreeSet<&str> = got
            .iter()
            .filter_map(|r| r.submitted_on.as_deref())
            .collect();
        assert_eq!(days.len(), 37);
        assert_eq!(days.first(), Some(&"2023-04-10"));
        assert_eq!(days.last(), Some(&"2023-05-28"));
        let flagged: Vec<u64> = got
            .iter()
            .filter(|r| r.near_duplicate)
            .map(|r| r.line)
            .collect();
        assert_eq!(flagged.len(), 25, "{flagged:?}");
        assert_eq!(flagged[..3], [3, 19, 61]);
    }

    #[test]
    fn multiple_choices_split_on_known_words_longest_first() {
        let known: Vec<(String, String)> = vec![
            ("500,000".into(), "500k".into()),
            ("5 million".into(), "5m".into()),
            ("500".into(), "500".into()),
        ];
        let split = |cell| split_choices(cell, &known, Format::GoogleForms);
        assert_eq!(split("500,000, 5 million"), [Ok("500k"), Ok("5m")]);
        assert_eq!(split("500, 500,000"), [Ok("500"), Ok("500k")]);
        assert_eq!(
            split("5 million, my own words, with commas, 500"),
            [Ok("5m"), Err("my own words, with commas"), Ok("500")]
        );
        assert_eq!(split("5 million, "), [Ok("5m")]);
        assert_eq!(split("5 millions"), [Err("5 millions")]);
        let kobo: Vec<(String, String)> = vec![
            ("helpline".into(), "helpline".into()),
            ("Tell someone I trust".into(), "someone".into()),
        ];
        assert_eq!(
            split_choices("helpline  Tell someone I trust", &kobo, Format::Kobo),
            [Ok("helpline"), Ok("someone")]
        );
        assert_eq!(
            split_choices("helpline nobody", &kobo, Format::Kobo),
            [Ok("helpline"), Err("nobody")]
        );
    }

    #[test]
    fn days_are_read_and_the_time_left_out() {
        assert_eq!(
            day_of("4/10/2023 7:33:52", false).as_deref(),
            Some("2023-04-10")
        );
        assert_eq!(
            day_of("4/10/2023 7:33:52", true).as_deref(),
            Some("2023-10-04")
        );
        assert_eq!(
            day_of("2023/04/10 7:33:52 PM GMT+1", true).as_deref(),
            Some("2023-04-10")
        );
        assert_eq!(
            day_of("2023-04-10T07:33:52.123+03:00", false).as_deref(),
            Some("2023-04-10")
        );
        assert_eq!(day_of("2023-04-10", false).as_deref(), Some("2023-04-10"));
        for bad in [
            "13/14/2023 1:00",
            "yesterday",
            "2023-02-30T00:00",
            "4/10/23",
            "10-04-2023",
        ] {
            assert_eq!(day_of(bad, false), None, "{bad}");
        }
    }

    fn fenland() -> Definition {
        serde_json::from_str(
            r#"{"questions":[
              {"key":"seen","text":"t-q-seen","kind":"yes_no","required":true},
              {"key":"first","text":"t-q-first","kind":"multiple","options":[
                {"value":"helpline","text":"t-a-helpline"},{"value":"someone","text":"t-a-someone"}]},
              {"key":"many","text":"t-q-many","kind":"single","options":[
                {"value":"500k","text":"t-a-500k"},{"value":"5m","text":"t-a-5m"},
                {"value":"unknown","text":"t-a-unknown"}]},
              {"key":"note","text":"t-q-note","kind":"free_text","max_chars":20}],
             "outcome":{"question":"seen","values":["yes"]}}"#,
        )
        .unwrap()
    }

    /// A KoboToolbox export with XML names in a group, both the joined `select_multiple` column and
    /// its 0/1 columns, ISO times, a byte-order mark and CRLF line ends.
    const KOBO: &str = "\u{feff}start,end,grp/seen,grp/first,grp/first/helpline,grp/first/someone,grp/many,grp/note,wave,_id,_submission_time\r\n\
        2024-03-01T09:00:00.000+00:00,2024-03-01T09:05:00.000+00:00,yes,helpline someone,1,1,500k,,before,1,2024-03-01T09:05:03\r\n\
        2024-03-01T23:50:00.000+00:00,2024-03-02T00:10:00.000+00:00,yes,helpline,1,0,500k,\"two\r\nlines\",before,2,2024-03-02T00:10:09\r\n\
        \r\n\
        2024-03-05T10:00:00.000+00:00,2024-03-05T10:01:00.000+00:00,no,,0,0,unknown,,after,3,2024-03-05T10:01:30\r\n";

    #[test]
    fn a_kobo_export_imports_through_xml_names() {
        let d = fenland();
        let header = header_of(KOBO);
        let mapping = suggest(&d, &header, english);
        assert_eq!(mapping.format, Format::Kobo);
        let want: BTreeMap<String, String> = [
            ("grp/seen", "seen"),
            ("grp/first", "first"),
            ("grp/many", "many"),
            ("grp/note", "note"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .into();
        assert_eq!(mapping.columns, want);
        assert!(mapping.ignored.contains(&"grp/first/helpline".to_string()));
        assert_eq!(mapping.wave, Source::Column("wave".into()));
        assert_eq!(mapping.group, Source::Fixed(String::new()));
        assert_eq!(
            mapping.submitted.as_ref().unwrap().column,
            "_submission_time"
        );
        let got = read("kobo.csv", KOBO.as_bytes(), &d, &mapping, small_limits()).unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 6]);
        assert_eq!(
            got[0].answers["first"],
            Answer::Choices(vec!["helpline".into(), "someone".into()])
        );
        assert_eq!(got[1].free_text["note"], "two\r\nlines");
        assert_eq!(
            got.iter()
                .map(|r| r.submitted_on.as_deref().unwrap())
                .collect::<Vec<_>>(),
            ["2024-03-01", "2024-03-02", "2024-03-05"]
        );
        assert_eq!(got[2].wave, "after");
        assert!(!got[2].answers.contains_key("first"));
        // Different days: not near-duplicates, though the first two differ in one answer.
        assert!(got.iter().all(|r| !r.near_duplicate));

        // Only the 0/1 columns: they feed the question's options.
        let split_only = "grp/seen,grp/first/helpline,grp/first/someone,_submission_time\n\
            yes,1,1,2024-03-01T09:05:03\n\
            no,0,1,2024-03-01T09:06:03\n";
        let header = header_of(split_only);
        let mapping = suggest(&d, &header, english);
        assert_eq!(mapping.columns["grp/first/helpline"], "first/helpline");
        assert_eq!(mapping.columns["grp/first/someone"], "first/someone");
        let got = read(
            "kobo.csv",
            split_only.as_bytes(),
            &d,
            &mapping,
            small_limits(),
        )
        .unwrap();
        assert_eq!(
            got[0].answers["first"],
            Answer::Choices(vec!["helpline".into(), "someone".into()])
        );
        assert_eq!(
            got[1].answers["first"],
            Answer::Choices(vec!["someone".into()])
        );
    }

    #[test]
    fn kobo_label_headers_and_labels_are_recognised() {
        let d = fenland();
        let csv = "label::English (en)::Have you seen our message?,What would you do first?,key::many,end\n\
            Yes,Call the helpline Tell someone I trust,\"500,000\",2024-03-01T09:05:00+01:00\n\
            No,Tell someone I trust,5 million,2024-03-01T10:05:00+01:00\n";
        let header = header_of(csv);
        let mapping = suggest(&d, &header, english);
        assert_eq!(mapping.format, Format::Kobo);
        assert_eq!(mapping.columns.len(), 3, "{:?}", mapping.columns);
        assert_eq!(mapping.columns["key::many"], "many");
        assert_eq!(mapping.submitted.as_ref().unwrap().column, "end");
        let got = read("labels.csv", csv.as_bytes(), &d, &mapping, small_limits()).unwrap();
        assert_eq!(got[0].answers["seen"], Answer::Choice("yes".into()));
        assert_eq!(
            got[0].answers["first"],
            Answer::Choices(vec!["helpline".into(), "someone".into()])
        );
        assert_eq!(got[0].answers["many"], Answer::Choice("500k".into()));
        assert_eq!(got[1].answers["many"], Answer::Choice("5m".into()));
    }

    #[test]
    fn near_duplicates_are_flagged_within_a_day_wave_and_group() {
        let d = fenland();
        let csv = "Timestamp,Have you seen our message?,How many people are in slavery?,What would you do first?,wave\n\
            4/10/2023 7:33:52,Yes,\"500,000\",Call the helpline,before\n\
            4/10/2023 9:00:00,Yes,5 million,Call the helpline,before\n\
            4/10/2023 9:30:00,No,No one knows,Call the helpline,before\n\
            4/10/2023 10:00:00,Yes,5 million,Call the helpline,after\n\
            4/11/2023 7:33:52,Yes,\"500,000\",Call the helpline,before\n\
            4/11/2023 8:00:00,No,\"500,000\",\"Call the helpline, Tell someone I trust\",before\n";
        let mapping = suggest(&d, &header_of(csv), english);
        let got = read("dups.csv", csv.as_bytes(), &d, &mapping, small_limits()).unwrap();
        let flags: Vec<bool> = got.iter().map(|r| r.near_duplicate).collect();
        // Lines 2 and 3 differ in one answer; line 4 in two; line 5 is another wave; lines 6 and 7
        // differ in two answers.
        assert_eq!(flags, [true, true, false, false, false, false]);
    }

    #[test]
    fn the_flagging_agrees_with_comparing_every_pair() {
        // A deterministic spread of answers over few values, so that many pairs are near.
        let mut seed = 12345u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let mut responses: Vec<ImportedResponse> = (0..1500)
            .map(|i| {
                let mut answers = Answers::new();
                for k in ["a", "b", "c", "d"] {
                    if next(5) > 0 {
                        answers.insert(k.into(), Answer::Number(next(3) as i64));
                    }
                }
                if next(2) == 0 {
                    answers.insert("e".into(), Answer::Choices(vec!["x".into()]));
                }
                ImportedResponse {
                    line: i + 2,
                    wave: ["before", "after"][next(2) as usize].into(),
                    group: "target".into(),
                    locale: "en".into(),
                    channel: "web".into(),
                    answers,
                    free_text: BTreeMap::new(),
                    submitted_on: Some(format!("2024-03-0{}", 1 + next(3))),
                    near_duplicate: false,
                }
            })
            .collect();
        flag_near_duplicates(&mut responses);
        let mut want = vec![false; responses.len()];
        for i in 0..responses.len() {
            for j in i + 1..responses.len() {
                let (a, b) = (&responses[i], &responses[j]);
                if a.submitted_on == b.submitted_on
                    && a.wave == b.wave
                    && a.group == b.group
                    && near(&a.answers, &b.answers)
                {
                    want[i] = true;
                    want[j] = true;
                }
            }
        }
        let got: Vec<bool> = responses.iter().map(|r| r.near_duplicate).collect();
        assert_eq!(got, want);
        assert!(got.iter().any(|f| *f) && got.iter().any(|f| !*f));
    }

    fn errors_of(csv: &str, mapping: &Mapping) -> Vec<FileError> {
        read(
            "bad.csv",
            csv.as_bytes(),
            &fenland(),
            mapping,
            small_limits(),
        )
        .unwrap_err()
    }

    #[test]
    fn bad_files_name_the_line_column_and_reason() {
        let d = fenland();
        let csv = "seen,first,many\nYes,Call the helpline,5 million\n";
        let good = suggest(&d, &header_of(csv), english);
        assert_eq!(
            read("ok.csv", csv.as_bytes(), &d, &good, small_limits())
                .unwrap()
                .len(),
            1
        );

        // A required question no column feeds.
        let mut unmapped = good.clone();
        unmapped.columns.remove("seen");
        let e = errors_of(csv, &unmapped);
        assert_eq!(e.len(), 1);
        assert_eq!(
            e[0].to_string(),
            "bad.csv: the mapping's columns[seen]: please answer this question"
        );
        // A required answer left blank, and a value not among the options.
        let e = errors_of(
            "seen,first,many\nYes,Call the helpline,5 million\n,Call the helpline,5 million\nYes,\"Call the helpline, nobody\",lots\n",
            &good,
        );
        let got: Vec<String> = e.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "bad.csv: line 3, column “seen”: please answer this question",
                "bad.csv: line 4, column “first”: “nobody” is not one of the answers",
                "bad.csv: line 4, column “many”: “lots” is not one of the answers",
            ]
        );
        // A row too long (the limit is 400 bytes), named by the line it starts on.
        let long = format!(
            "seen,first,many\nyes,helpline,5m\n\nyes,helpline,{}\n",
            "xxxxx,".repeat(100)
        );
        let e = errors_of(&long, &good);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].line, Some(4));
        assert!(e[0].reason.contains("longer than"), "{}", e[0].reason);
        let cell = format!("seen,first,many\nyes,helpline,\"{}\"\n", "x".repeat(300));
        let e = errors_of(&cell, &good);
        assert_eq!(
            (e[0].line, e[0].reason.contains("a cell is longer")),
            (Some(2), true)
        );
        // A mapping naming a column the header lacks: one error, on the header's line.
        let mut missing = good.clone();
        missing.columns.insert("Seen it?".into(), "seen".into());
        missing.wave = Source::Column("Wave".into());
        let e = errors_of(
            "\u{feff}\r\nseen,first,many\r\nYes,Call the helpline,5 million\r\n",
            &missing,
        );
        let got: Vec<String> = e.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "bad.csv: line 2, column “Seen it?”: the mapping names this column, but the header has no such column",
                "bad.csv: line 2, column “Wave”: the mapping takes the wave from this column, but the header has no such column",
            ]
        );
        // A mapping to no question, or to a value no option has.
        let mut wrong = good.clone();
        wrong.columns.insert("many".into(), "how_many".into());
        wrong.other.insert("first".into(), "nothing".into());
        let fields: Vec<String> = wrong.check(&d).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["columns.many", "other.first"]);
    }

    #[test]
    fn empty_files_short_rows_and_too_many_rows_are_refused() {
        let d = fenland();
        let good = suggest(&d, &header_of("seen,first,many\n"), english);
        let e = errors_of("", &good);
        assert_eq!(e[0].to_string(), "bad.csv: the file is empty: no header");
        let e = errors_of("\u{feff}seen,first,many\r\n\r\n", &good);
        assert_eq!(
            e[0].to_string(),
            "bad.csv: line 1: the file has a header but no responses"
        );
        let e = errors_of("seen,first,many\nyes,helpline\n", &good);
        assert_eq!(
            e[0].to_string(),
            "bad.csv: line 2: 2 columns where the header has 3"
        );
        let many = format!(
            "seen,first,many\n{}",
            "Yes,Call the helpline,5 million\n".repeat(11)
        );
        let e = errors_of(&many, &good);
        assert_eq!(
            e[0].to_string(),
            "bad.csv: line 12: more than 10 responses, the most one import takes; nothing was imported"
        );
        // Errors past the cap are counted in one more.
        let bad = format!(
            "seen,first,many\n{}",
            "Maybe,Call the helpline,5 million\n".repeat(5)
        );
        let e = errors_of(&bad, &good);
        assert_eq!(e.len(), 4);
        assert_eq!(
            e[3].to_string(),
            "bad.csv: … and 2 more problems (5 in all)"
        );
    }
}

#[cfg(test)]
mod definition_fields {
    use super::*;

    /// A misspelt field of a question is still refused, by its kind, now that `Question` itself
    /// cannot deny unknown fields beside `flatten`.
    #[test]
    fn unknown_question_fields_are_refused() {
        let with = |extra: &str, kind: &str| {
            serde_json::from_str::<Definition>(&format!(
                r#"{{"questions":[{{"key":"a","text":"t-a",{kind}{extra}}}],
                   "outcome":{{"question":"a","values":["yes"]}}}}"#
            ))
        };
        let options =
            r#""kind":"single","options":[{"value":"x","text":"t-x"},{"value":"y","text":"t-y"}]"#;
        // Not yes/no: a unit variant of an internally tagged enum ignores other fields.
        let kinds = [options, r#""kind":"number","min":1,"max":3"#];
        for kind in kinds {
            assert!(with("", kind).is_ok(), "{kind}: {:?}", with("", kind));
        }
        let accepted: Vec<&str> = kinds
            .into_iter()
            .filter(|kind| with(r#","requird":true"#, kind).is_ok())
            .collect();
        assert!(accepted.is_empty(), "{accepted:?}");
    }
}
