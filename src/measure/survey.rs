//! Surveys as Beacon keeps them: a definition (questions whose words are Fluent message ids, so each
//! locale has its own words), the checks a definition must pass before it is saved, the one reader of
//! answers (from the public form's fields, and from an imported file's cells through the same path), and
//! the tallies the statistics are computed from.
//!
//! Answers are stored as canonical JSON (keys sorted, free text left out and kept apart), so equal
//! answers are equal text: the results are computed from `GROUP BY` counts of that text, which turns a
//! million responses into a few hundred distinct rows before any JSON is read.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::stats::{ScaleTally, Tally};
use crate::message::Message;

/// The most questions a survey may have.
pub const MAX_QUESTIONS: usize = 50;
/// The most options a choice question may have.
pub const MAX_OPTIONS: usize = 30;
/// The longest free-text answer a definition may allow, in characters.
pub const MAX_FREE_TEXT: usize = 2_000;

/// A survey's questions and its outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    pub questions: Vec<Question>,
    /// The question and answers that count as the outcome ("would act differently": yes).
    pub outcome: Outcome,
    /// The questions that place a respondent in an age band and a gender, for post-stratification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighting: Option<Weighting>,
}

/// The single-choice questions whose answers are a respondent's age band and gender, their options'
/// values named as the audience's (`audience.age_bands`, `audience.genders`), so results can be weighted
/// to the population's mix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Weighting {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
}

/// One question. (Its kind's fields sit beside `key` and `text`; a field no kind has is refused by the
/// kind, as serde cannot refuse unknown fields of a struct that flattens another.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Question {
    /// Its key in answers and files: lower-case letters, digits, `-` and `_`, at most 40.
    pub key: String,
    /// The question's words: a message id of the locale files (`survey-q-seen`).
    pub text: String,
    #[serde(default)]
    pub required: bool,
    #[serde(flatten)]
    pub kind: Kind,
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Kind {
    /// One of the options.
    Single { options: Vec<Choice> },
    /// Any of the options.
    Multiple { options: Vec<Choice> },
    /// `yes` or `no` (words `survey-a-yes`, `survey-a-no`).
    YesNo,
    /// A point from 1 to `points` (3 to 11), its ends worded by `low` and `high` (message ids).
    Likert {
        points: i64,
        low: String,
        high: String,
    },
    /// A whole number from `min` to `max`.
    Number { min: i64, max: i64 },
    /// Words, at most `max_chars`; only where the survey allows free text. Kept apart from the other
    /// answers and shown to analysts only.
    FreeText { max_chars: usize },
}

/// An option of a choice question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The value stored and exported.
    pub value: String,
    /// Its words: a message id of the locale files.
    pub text: String,
}

/// The answers that count as the outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub question: String,
    pub values: Vec<String>,
}

/// One stored answer (free text is never stored among them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Number(i64),
    Choice(String),
    Choices(Vec<String>),
}

/// A response's answers, keyed by question: serialised with its keys in order, so equal answers are
/// equal text.
pub type Answers = BTreeMap<String, Answer>;

/// A definition's problem, or an answer's: the field (a JSON path or a question key) and the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub field: String,
    pub reason: Message,
}

impl Problem {
    fn new(field: impl Into<String>, reason: Message) -> Self {
        Self {
            field: field.into(),
            reason,
        }
    }
}

fn is_key(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// A Fluent message id's shape (the locale files are checked for it separately).
fn is_message_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Question {
    /// The options of a choice question (yes/no's two included).
    pub fn options(&self) -> Vec<Choice> {
        match &self.kind {
            Kind::Single { options } | Kind::Multiple { options } => options.clone(),
            Kind::YesNo => vec![
                Choice {
                    value: "yes".into(),
                    text: "survey-a-yes".into(),
                },
                Choice {
                    value: "no".into(),
                    text: "survey-a-no".into(),
                },
            ],
            _ => Vec::new(),
        }
    }

    pub fn is_free_text(&self) -> bool {
        matches!(self.kind, Kind::FreeText { .. })
    }
}

impl Definition {
    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }

    /// Every message id the definition names, for checking against the locale files.
    pub fn message_ids(&self) -> BTreeSet<&str> {
        let mut ids = BTreeSet::new();
        for q in &self.questions {
            ids.insert(q.text.as_str());
            match &q.kind {
                Kind::Single { options } | Kind::Multiple { options } => {
                    ids.extend(options.iter().map(|o| o.text.as_str()));
                }
                Kind::YesNo => {
                    ids.insert("survey-a-yes");
                    ids.insert("survey-a-no");
                }
                Kind::Likert { low, high, .. } => {
                    ids.insert(low.as_str());
                    ids.insert(high.as_str());
                }
                Kind::Number { .. } | Kind::FreeText { .. } => {}
            }
        }
        ids
    }

    /// Checks the definition's shape; `free_text` says whether the survey allows free-text questions.
    /// Every problem is returned, each naming its field.
    pub fn check(&self, free_text: bool) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.questions.is_empty() || self.questions.len() > MAX_QUESTIONS {
            problems.push(Problem::new(
                "questions",
                Message::new("survey-error-questions").number("max", MAX_QUESTIONS as f64),
            ));
        }
        let mut keys = BTreeSet::new();
        for (i, q) in self.questions.iter().enumerate() {
            let at = |f: &str| format!("questions[{i}].{f}");
            if !is_key(&q.key) {
                problems.push(Problem::new(at("key"), Message::new("survey-error-key")));
            } else if !keys.insert(q.key.as_str()) {
                problems.push(Problem::new(
                    at("key"),
                    Message::new("survey-error-key-twice").text("key", &q.key),
                ));
            }
            if !is_message_id(&q.text) {
                problems.push(Problem::new(at("text"), Message::new("survey-error-words")));
            }
            match &q.kind {
                Kind::Single { options } | Kind::Multiple { options } => {
                    if options.len() < 2 || options.len() > MAX_OPTIONS {
                        problems.push(Problem::new(
                            at("options"),
                            Message::new("survey-error-options").number("max", MAX_OPTIONS as f64),
                        ));
                    }
                    let mut values = BTreeSet::new();
                    for (j, o) in options.iter().enumerate() {
                        if !is_key(&o.value) || !values.insert(o.value.as_str()) {
                            problems.push(Problem::new(
                                at(&format!("options[{j}].value")),
                                Message::new("survey-error-option").text("value", &o.value),
                            ));
                        }
                        if !is_message_id(&o.text) {
                            problems.push(Problem::new(
                                at(&format!("options[{j}].text")),
                                Message::new("survey-error-words"),
                            ));
                        }
                    }
                }
                Kind::YesNo => {}
                Kind::Likert { points, low, high } => {
                    if !(3..=11).contains(points) {
                        problems.push(Problem::new(
                            at("points"),
                            Message::new("survey-error-points"),
                        ));
                    }
                    for (f, id) in [("low", low), ("high", high)] {
                        if !is_message_id(id) {
                            problems.push(Problem::new(at(f), Message::new("survey-error-words")));
                        }
                    }
                }
                Kind::Number { min, max } => {
                    if min >= max {
                        problems.push(Problem::new(at("max"), Message::new("survey-error-range")));
                    }
                }
                Kind::FreeText { max_chars } => {
                    if !free_text {
                        problems.push(Problem::new(
                            at("kind"),
                            Message::new("survey-error-free-text-off"),
                        ));
                    }
                    if *max_chars == 0 || *max_chars > MAX_FREE_TEXT {
                        problems.push(Problem::new(
                            at("max_chars"),
                            Message::new("survey-error-free-text-length")
                                .number("max", MAX_FREE_TEXT as f64),
                        ));
                    }
                }
            }
        }
        match self.question(&self.outcome.question) {
            Some(q) if !q.options().is_empty() => {
                let options = q.options();
                if self.outcome.values.is_empty() {
                    problems.push(Problem::new(
                        "outcome.values",
                        Message::new("survey-error-outcome"),
                    ));
                }
                for v in &self.outcome.values {
                    if !options.iter().any(|o| &o.value == v) {
                        problems.push(Problem::new(
                            "outcome.values",
                            Message::new("survey-error-option").text("value", v),
                        ));
                    }
                }
            }
            _ => problems.push(Problem::new(
                "outcome.question",
                Message::new("survey-error-outcome"),
            )),
        }
        if let Some(w) = &self.weighting {
            if w.age.is_none() && w.gender.is_none() {
                problems.push(Problem::new(
                    "weighting",
                    Message::new("survey-error-weighting-empty"),
                ));
            }
            for (field, key) in [("weighting.age", &w.age), ("weighting.gender", &w.gender)] {
                let Some(key) = key else { continue };
                if !matches!(
                    self.question(key).map(|q| &q.kind),
                    Some(Kind::Single { .. })
                ) {
                    problems.push(Problem::new(
                        field,
                        Message::new("survey-error-weighting-question").text("key", key),
                    ));
                }
            }
        }
        problems
    }

    /// A response's stratum for post-stratification: its answers to the weighting questions, joined by
    /// `|` (`25-34|female`), each checked by `known` (the audience's bands and genders). `None` without
    /// weighting questions, or when an answer is missing or not one `known` accepts.
    pub fn stratum_of(
        &self,
        answers: &Answers,
        known: impl Fn(&str, &str) -> bool,
    ) -> Option<String> {
        let w = self.weighting.as_ref()?;
        let mut parts = Vec::new();
        for (what, key) in [("age", &w.age), ("gender", &w.gender)] {
            let Some(key) = key else { continue };
            match answers.get(key) {
                Some(Answer::Choice(v)) if known(what, v) => parts.push(v.as_str()),
                _ => return None,
            }
        }
        Some(parts.join("|"))
    }

    /// The options a weighting question offers that `known` accepts (`what` is `age` or `gender`).
    pub fn weighting_options(&self, what: &str, known: impl Fn(&str) -> bool) -> Vec<String> {
        let key = self.weighting.as_ref().and_then(|w| match what {
            "age" => w.age.as_ref(),
            _ => w.gender.as_ref(),
        });
        key.and_then(|k| self.question(k))
            .map(|q| {
                q.options()
                    .iter()
                    .filter(|o| known(&o.value))
                    .map(|o| o.value.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Reads answers from name and value pairs (a form's fields, or an imported row's mapped cells; a
    /// multiple-choice question's name repeats). Unknown names are refused, except those in `ignore`
    /// (the form's own fields). Blank values are no answer. Returns the answers and the free text, or
    /// every problem.
    pub fn read_answers<'a>(
        &self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        ignore: &[&str],
    ) -> Result<(Answers, BTreeMap<String, String>), Vec<Problem>> {
        let mut raw: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut problems = Vec::new();
        for (name, value) in pairs {
            if ignore.contains(&name) {
                continue;
            }
            if self.question(name).is_none() {
                if problems.len() < 20 {
                    problems.push(Problem::new(
                        truncate(name, 60),
                        Message::new("survey-error-unknown"),
                    ));
                }
                continue;
            }
            let value = value.trim();
            if !value.is_empty() {
                raw.entry(name).or_default().push(value);
            }
        }
        let mut answers = Answers::new();
        let mut free = BTreeMap::new();
        for q in &self.questions {
            let values = raw.remove(q.key.as_str()).unwrap_or_default();
            if values.is_empty() {
                if q.required {
                    problems.push(Problem::new(&q.key, Message::new("survey-error-required")));
                }
                continue;
            }
            let one = |problems: &mut Vec<Problem>| -> Option<&str> {
                if values.len() > 1 {
                    problems.push(Problem::new(&q.key, Message::new("survey-error-one")));
                    None
                } else {
                    Some(values[0])
                }
            };
            match &q.kind {
                Kind::Single { .. } | Kind::YesNo => {
                    if let Some(v) = one(&mut problems) {
                        if q.options().iter().any(|o| o.value == v) {
                            answers.insert(q.key.clone(), Answer::Choice(v.to_string()));
                        } else {
                            problems.push(Problem::new(
                                &q.key,
                                Message::new("survey-error-choice").text("value", truncate(v, 60)),
                            ));
                        }
                    }
                }
                Kind::Multiple { options } => {
                    let mut chosen = BTreeSet::new();
                    for v in &values {
                        if options.iter().any(|o| o.value == *v) {
                            chosen.insert(v.to_string());
                        } else {
                            problems.push(Problem::new(
                                &q.key,
                                Message::new("survey-error-choice").text("value", truncate(v, 60)),
                            ));
                        }
                    }
                    answers.insert(q.key.clone(), Answer::Choices(chosen.into_iter().collect()));
                }
                Kind::Likert { points, .. } => {
                    if let Some(v) = one(&mut problems) {
                        match v.parse::<i64>() {
                            Ok(n) if (1..=*points).contains(&n) => {
                                answers.insert(q.key.clone(), Answer::Number(n));
                            }
                            _ => problems.push(Problem::new(
                                &q.key,
                                Message::new("survey-error-number")
                                    .number("min", 1.0)
                                    .number("max", *points as f64),
                            )),
                        }
                    }
                }
                Kind::Number { min, max } => {
                    if let Some(v) = one(&mut problems) {
                        match v.parse::<i64>() {
                            Ok(n) if (*min..=*max).contains(&n) => {
                                answers.insert(q.key.clone(), Answer::Number(n));
                            }
                            _ => problems.push(Problem::new(
                                &q.key,
                                Message::new("survey-error-number")
                                    .number("min", *min as f64)
                                    .number("max", *max as f64),
                            )),
                        }
                    }
                }
                Kind::FreeText { max_chars } => {
                    if let Some(v) = one(&mut problems) {
                        if v.chars().count() > *max_chars {
                            problems.push(Problem::new(
                                &q.key,
                                Message::new("survey-error-too-long")
                                    .number("max", *max_chars as f64),
                            ));
                        } else {
                            free.insert(q.key.clone(), v.to_string());
                        }
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok((answers, free))
        } else {
            Err(problems)
        }
    }

    /// Whether a response's answers count as the outcome: `None` when the outcome question was not
    /// answered (the response is then left out of the share).
    pub fn outcome_of(&self, answers: &Answers) -> Option<bool> {
        match answers.get(&self.outcome.question)? {
            Answer::Choice(v) => Some(self.outcome.values.contains(v)),
            Answer::Choices(vs) => Some(vs.iter().any(|v| self.outcome.values.contains(v))),
            Answer::Number(_) => None,
        }
    }
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// The canonical text of answers (keys in order).
pub fn answers_json(answers: &Answers) -> String {
    serde_json::to_string(answers).unwrap_or_else(|_| "{}".to_string())
}

/// Whether two responses' answers differ in at most one question (a near-duplicate when they also come
/// from the same place within minutes).
pub fn near(a: &Answers, b: &Answers) -> bool {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter().filter(|k| a.get(*k) != b.get(*k)).count() <= 1
}

/// One cell of responses: a wave, a group and a breakdown value (`""` for all).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CellKey {
    pub wave: String,
    pub group: String,
}

/// Everything the results need, gathered from `(wave, group, locale, channel, answers, count)` rows.
#[derive(Debug, Clone, Default)]
pub struct Tallies {
    /// The outcome per wave and group.
    pub outcome: BTreeMap<CellKey, Tally>,
    /// The outcome per wave, group and locale.
    pub by_locale: BTreeMap<(CellKey, String), Tally>,
    /// The outcome per wave, group and channel.
    pub by_channel: BTreeMap<(CellKey, String), Tally>,
    /// Each choice question's answers counted per wave: question → wave → value → count.
    pub choices: BTreeMap<String, BTreeMap<String, BTreeMap<String, u64>>>,
    /// Each Likert question per wave and group.
    pub scales: BTreeMap<String, BTreeMap<CellKey, ScaleTally>>,
    /// Responses read, and how many of them were flagged as near-duplicates (counted, not dropped).
    pub responses: u64,
    /// Rows whose answers no longer read (should not happen: answers are checked on the way in).
    pub unreadable: u64,
}

impl Tallies {
    /// Adds `count` responses with the same answers text.
    pub fn add(
        &mut self,
        definition: &Definition,
        cell: CellKey,
        locale: &str,
        channel: &str,
        answers: &str,
        count: u64,
    ) {
        let Ok(parsed) = serde_json::from_str::<Answers>(answers) else {
            self.responses += count;
            self.unreadable += count;
            return;
        };
        self.add_weighted(definition, cell, locale, channel, &parsed, count, 1.0);
    }

    /// Adds `count` responses with the same answers, each of weight `w`, to the outcome's and the
    /// Likert items' sums (choices are counted as answered, unweighted).
    #[allow(clippy::too_many_arguments)]
    pub fn add_weighted(
        &mut self,
        definition: &Definition,
        cell: CellKey,
        locale: &str,
        channel: &str,
        answers: &Answers,
        count: u64,
        w: f64,
    ) {
        self.responses += count;
        if let Some(yes) = definition.outcome_of(answers) {
            let add = |t: &mut Tally| t.add_many(yes, count, w);
            add(self.outcome.entry(cell.clone()).or_default());
            add(self
                .by_locale
                .entry((cell.clone(), locale.to_string()))
                .or_default());
            add(self
                .by_channel
                .entry((cell.clone(), channel.to_string()))
                .or_default());
        }
        for q in &definition.questions {
            match (&q.kind, answers.get(&q.key)) {
                (Kind::Likert { .. }, Some(Answer::Number(x))) => {
                    let t = self
                        .scales
                        .entry(q.key.clone())
                        .or_default()
                        .entry(cell.clone())
                        .or_default();
                    t.add_many(*x, count, w);
                }
                (Kind::Single { .. } | Kind::YesNo, Some(Answer::Choice(v))) => {
                    *self
                        .choices
                        .entry(q.key.clone())
                        .or_default()
                        .entry(cell.wave.clone())
                        .or_default()
                        .entry(v.clone())
                        .or_default() += count;
                }
                (Kind::Multiple { .. }, Some(Answer::Choices(vs))) => {
                    for v in vs {
                        *self
                            .choices
                            .entry(q.key.clone())
                            .or_default()
                            .entry(cell.wave.clone())
                            .or_default()
                            .entry(v.clone())
                            .or_default() += count;
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn fenland() -> Definition {
        serde_json::from_str(
            r#"{"questions":[
              {"key":"seen","text":"survey-q-seen","kind":"single","options":[
                {"value":"yes","text":"survey-a-yes"},{"value":"no","text":"survey-a-no"},
                {"value":"not-sure","text":"survey-a-not-sure"}]},
              {"key":"act","text":"survey-q-act-differently","kind":"yes_no","required":true},
              {"key":"first","text":"survey-q-what-action","kind":"multiple","options":[
                {"value":"helpline","text":"survey-a-call-helpline"},
                {"value":"someone","text":"survey-a-tell-someone"}]},
              {"key":"confident","text":"survey-q-confident","kind":"likert","points":5,
               "low":"survey-likert-low","high":"survey-likert-high"},
              {"key":"age","text":"survey-q-age","kind":"number","min":16,"max":120}],
             "outcome":{"question":"act","values":["yes"]}}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_good_definition_passes_and_names_its_words() {
        let d = fenland();
        assert!(d.check(false).is_empty(), "{:?}", d.check(false));
        let ids = d.message_ids();
        assert!(ids.contains("survey-q-seen") && ids.contains("survey-a-yes"));
        assert!(ids.contains("survey-likert-high"));
    }

    #[test]
    fn every_problem_of_a_definition_is_named() {
        let mut d = fenland();
        d.questions[1].key = "seen".into();
        d.questions.push(Question {
            key: "note".into(),
            text: "bad id!".into(),
            required: false,
            kind: Kind::FreeText { max_chars: 0 },
        });
        d.outcome.values = vec!["maybe".into()];
        let fields: Vec<String> = d.check(false).into_iter().map(|p| p.field).collect();
        assert!(
            fields.contains(&"questions[1].key".to_string()),
            "{fields:?}"
        );
        assert!(fields.contains(&"questions[5].text".to_string()));
        assert!(fields.contains(&"questions[5].kind".to_string()));
        assert!(fields.contains(&"questions[5].max_chars".to_string()));
        // No question is keyed "act" any more, so the outcome names none.
        assert!(fields.contains(&"outcome.question".to_string()));
        let mut d = fenland();
        d.outcome.values = vec!["maybe".into()];
        let fields: Vec<String> = d.check(false).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["outcome.values"]);
    }

    #[test]
    fn answers_are_read_checked_and_canonical() {
        let d = fenland();
        let (a, free) = d
            .read_answers(
                [
                    ("first", "someone"),
                    ("act", "yes"),
                    ("first", "helpline"),
                    ("age", " 34 "),
                    ("seen", ""),
                    ("t", "token"),
                ],
                &["t"],
            )
            .unwrap();
        assert!(free.is_empty());
        assert_eq!(
            answers_json(&a),
            r#"{"act":"yes","age":34,"first":["helpline","someone"]}"#
        );
        assert_eq!(d.outcome_of(&a), Some(true));
        let back: Answers = serde_json::from_str(&answers_json(&a)).unwrap();
        assert_eq!(back, a);
    }

    #[test]
    fn bad_answers_name_each_question() {
        let d = fenland();
        let problems = d
            .read_answers(
                [
                    ("seen", "perhaps"),
                    ("confident", "6"),
                    ("age", "15"),
                    ("wat", "1"),
                    ("seen", "no"),
                ],
                &[],
            )
            .unwrap_err();
        let got: Vec<(String, String)> = problems
            .into_iter()
            .map(|p| (p.field, p.reason.id.clone()))
            .collect();
        for want in [
            ("wat", "survey-error-unknown"),
            ("seen", "survey-error-one"),
            ("act", "survey-error-required"),
            ("confident", "survey-error-number"),
            ("age", "survey-error-number"),
        ] {
            assert!(
                got.contains(&(want.0.to_string(), want.1.to_string())),
                "{want:?} in {got:?}"
            );
        }
    }

    #[test]
    fn near_duplicates_differ_in_at_most_one_answer() {
        let d = fenland();
        let read = |pairs: &[(&'static str, &'static str)]| {
            d.read_answers(pairs.iter().copied(), &[]).unwrap().0
        };
        let a = read(&[("act", "yes"), ("seen", "no"), ("age", "30")]);
        let b = read(&[("act", "yes"), ("seen", "no"), ("age", "31")]);
        let c = read(&[("act", "no"), ("seen", "yes"), ("age", "30")]);
        assert!(near(&a, &b));
        assert!(!near(&a, &c));
    }

    #[test]
    fn tallies_count_grouped_rows() {
        let d = fenland();
        let mut t = Tallies::default();
        let cell = |w: &str, g: &str| CellKey {
            wave: w.into(),
            group: g.into(),
        };
        t.add(
            &d,
            cell("before", "target"),
            "en",
            "meta",
            r#"{"act":"yes","confident":4}"#,
            30,
        );
        t.add(
            &d,
            cell("before", "target"),
            "lt",
            "meta",
            r#"{"act":"no","confident":2}"#,
            70,
        );
        t.add(
            &d,
            cell("after", "target"),
            "lt",
            "email",
            r#"{"seen":"yes"}"#,
            5,
        );
        t.add(&d, cell("after", "target"), "lt", "email", "not json", 1);
        let before = &t.outcome[&cell("before", "target")];
        assert_eq!((before.rows, before.share()), (100, 0.3));
        assert!(!t.outcome.contains_key(&cell("after", "target")));
        assert_eq!(
            t.by_locale[&(cell("before", "target"), "lt".into())].rows,
            70
        );
        assert_eq!(t.responses, 106);
        assert_eq!(t.unreadable, 1);
        assert_eq!(t.choices["act"]["before"]["no"], 70);
        let s = &t.scales["confident"][&cell("before", "target")];
        assert_eq!(s.rows, 100);
        assert!((s.sum_wx / s.sum_w - 2.6).abs() < 1e-12);
    }
}
