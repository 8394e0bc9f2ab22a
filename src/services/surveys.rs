//! Surveys: definitions (checked, their words checked against the locale files), versions (editing a
//! survey that has answers makes a new version; earlier answers keep theirs), waves and groups, the
//! public form (a one-use token per page, no account, cookie or identifier), near-duplicates flagged for
//! review, and the results: the outcome's share per wave and group with Wilson intervals, each group's
//! change, the difference-in-differences against the comparison group, breakdowns by locale and channel,
//! Likert items and choice distributions; groups under `measure.min_n` warned about, groups under
//! `privacy.k` shown to analysts only.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::audit::AuditEvent;
use super::error::ServiceError;
use super::submissions::{FlagCheck, Outcome, Pending};
use super::{Actor, Services};
use crate::accounts::Permission;
use crate::measure::import::{self, Mapping};
use crate::measure::stats::{Change, DiffInDiff, Scale, Share, Tally};
use crate::measure::survey::{self, Answers, CellKey, Definition, Kind, Problem, Tallies};
use crate::message::Message;
use crate::store::surveys::{FlaggedResponse, Group, NewResponse, SurveyRecord, Wave};
use crate::subscribers::{LinkError, Purpose};

pub struct Surveys<'a>(pub(super) &'a Services);

/// The channels a survey link may name; anything else is counted as `other`.
pub const CHANNELS: [&str; 10] = [
    "meta", "google", "sandbox", "export", "email", "pack", "qr", "event", "direct", "other",
];

/// How long a page's form token can be sent, in seconds.
const FORM_TOKEN_SECONDS: i64 = 24 * 3600;

/// How long the public form reads a survey, its waves and its groups from memory before asking the
/// database again. A change made through this process is seen at once; one made by another process (the
/// command line, another instance) within this time.
const FORM_CACHE_FOR: Duration = Duration::from_secs(5);
/// The most surveys the form keeps in memory (only surveys that exist are kept).
const FORM_CACHE_MAX: usize = 1024;

/// A survey as the public form needs it.
#[derive(Debug)]
struct FormParts {
    record: SurveyRecord,
    definition: Arc<Definition>,
    waves: Vec<Wave>,
    groups: Vec<Group>,
}

/// The public forms' surveys by key, each read at most [`FORM_CACHE_FOR`] ago.
#[derive(Debug, Default)]
pub struct FormCache(std::sync::Mutex<HashMap<String, (Instant, Arc<FormParts>)>>);

impl FormCache {
    fn get(&self, key: &str) -> Option<Arc<FormParts>> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key)
            .filter(|(at, _)| at.elapsed() < FORM_CACHE_FOR)
            .map(|(_, parts)| parts.clone())
    }

    fn put(&self, key: &str, parts: Arc<FormParts>) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= FORM_CACHE_MAX {
            map.retain(|_, (at, _)| at.elapsed() < FORM_CACHE_FOR);
            if map.len() >= FORM_CACHE_MAX {
                map.clear();
            }
        }
        map.insert(key.to_string(), (Instant::now(), parts));
    }

    /// Forgets every survey: called when this process changes one.
    fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// Where the people a campaign reached are asked what it changed: a survey's follow-up wave in its target
/// group. Beacon's e-mails, packs and ads link to it with [`SurveyLink::url`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurveyLink {
    pub survey: String,
    pub wave: String,
    pub group: String,
}

impl SurveyLink {
    /// The absolute link for one channel and locale (`{public}/s/{key}?w=…&g=…&ch=…&lang=…`): the same for
    /// everyone it reaches, nothing in it names a person. Keys, channels and locale codes are all
    /// URL-safe by construction.
    pub fn url(&self, public: &str, channel: &str, locale: &str) -> String {
        format!(
            "{}/s/{}?w={}&g={}&ch={channel}&lang={locale}",
            public.trim_end_matches('/'),
            self.survey,
            self.wave,
            self.group
        )
    }
}

/// The follow-up links Beacon's e-mails and ads (`campaign`) and partners' packs (`packs`) carry to a
/// survey; `None` where they lead elsewhere or nowhere.
#[derive(Debug, Clone, Default)]
pub struct Carried {
    pub campaign: Option<SurveyLink>,
    pub packs: Option<SurveyLink>,
}

/// What a [`SurveyLink`] is looked up for.
#[derive(Debug, Clone, Copy)]
pub enum LinkFor {
    /// The survey linked to this campaign, in its (first) target group.
    Campaign(i64),
    /// Any survey whose target group is this region (a partner's pack for it).
    Region(i64),
}

/// A new survey.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyInput {
    /// In links (`/s/{key}`): lower-case letters, digits, `-` and `_`, at most 40.
    pub key: String,
    pub name: String,
    pub campaign_id: Option<i64>,
    /// Whether free-text questions are allowed (their answers are kept apart, shown to analysts only).
    #[serde(default)]
    pub free_text: bool,
    pub definition: Definition,
}

/// A wave: a baseline `before` the campaign, or a follow-up `after`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WaveInput {
    pub key: String,
    pub phase: String,
    pub opens_on: String,
    pub closes_on: String,
}

/// A group: the campaign's region (`target`) or a region it did not target (`comparison`).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupInput {
    pub key: String,
    pub role: String,
    pub name: String,
    pub region_id: Option<i64>,
}

/// A survey as staff see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SurveyView {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub campaign_id: Option<i64>,
    pub free_text: bool,
    /// The current version; answers keep the version they answered.
    pub version: i64,
    pub definition: Definition,
    pub waves: Vec<Wave>,
    pub groups: Vec<Group>,
    pub responses: i64,
    /// Near-duplicates waiting for review (counted in no result until kept).
    pub flagged: i64,
}

/// The public form of a survey for one link: its wave, group and channel.
#[derive(Debug, Clone)]
pub struct PublicForm {
    pub survey: SurveyRecord,
    pub definition: Arc<Definition>,
    pub wave: Wave,
    pub group: Group,
    pub channel: String,
}

/// What became of a form sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    /// Kept.
    Kept,
    /// This page's form was sent before: nothing more was kept.
    AlreadyReceived,
}

/// Why a form was not accepted.
#[derive(Debug)]
pub enum SubmitError {
    /// The answers, each problem naming its question.
    Answers(Vec<Problem>),
    /// The page's token is not one Beacon made, or its day is over: the page must be loaded again.
    Token,
    /// The survey's questions were rewritten since the page was read: the page must be loaded again.
    Changed,
    Service(ServiceError),
}

impl From<ServiceError> for SubmitError {
    fn from(e: ServiceError) -> Self {
        SubmitError::Service(e)
    }
}

/// A response read from a file (or made by the demo), its answers already checked by
/// [`Definition::read_answers`].
#[derive(Debug, Clone)]
pub struct ResponseInput {
    /// The file's line, for errors.
    pub line: u64,
    pub wave: String,
    pub group: String,
    pub locale: String,
    pub channel: String,
    /// `YYYY-MM-DD`; the import's day when the file has none.
    pub submitted_on: Option<String>,
    pub answers: Answers,
    pub free_text: BTreeMap<String, String>,
    pub flagged: bool,
}

/// Why an import kept nothing.
#[derive(Debug, thiserror::Error)]
pub enum SurveyImportError {
    /// The file has bad rows, each named by file, line, column and reason.
    #[error("{} bad rows", .0.len())]
    Rejected(Vec<crate::measure::file::FileError>),
    #[error(transparent)]
    Refused(#[from] ServiceError),
}

impl From<crate::store::StoreError> for SurveyImportError {
    fn from(e: crate::store::StoreError) -> Self {
        SurveyImportError::Refused(e.into())
    }
}

/// The name a format is saved and audited under.
pub fn format_name(format: import::Format) -> &'static str {
    match format {
        import::Format::GoogleForms => "google-forms",
        import::Format::Kobo => "kobo",
    }
}

/// What an import kept.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportSummary {
    pub import_id: i64,
    pub rows: u64,
    /// Near-duplicates kept but flagged for review.
    pub flagged: u64,
}

/// Which waves and groups to compare.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct ResultsQuery {
    /// The baseline wave's key (default: the first `before` wave).
    pub before: Option<String>,
    /// The follow-up wave's key (default: the last `after` wave).
    pub after: Option<String>,
    /// The comparison group's key (default: the first comparison group).
    pub comparison: Option<String>,
    /// Post-stratified to the audience's age and gender shares (`audience.age_bands`,
    /// `audience.genders`), through the survey's weighting questions.
    #[serde(default)]
    pub weighted: bool,
}

/// One wave of one group.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResultCell {
    pub wave: String,
    pub group: String,
    /// Absent when suppressed (fewer than `k` answers, outside the analyst role) or empty.
    #[schema(value_type = Option<Object>)]
    pub share: Option<Share>,
    /// Fewer answers than `k`: shown to analysts only.
    pub suppressed: bool,
    /// Fewer answers than `min_n`: the interval is wide.
    pub small: bool,
}

/// A breakdown row: the outcome in one wave and group for one locale or channel.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BreakdownRow {
    /// `locale` or `channel`.
    pub by: String,
    pub value: String,
    #[serde(flatten)]
    pub cell: ResultCell,
}

/// A Likert item in one wave and group.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LikertRow {
    pub question: String,
    /// The question's words (a message id).
    pub text: String,
    pub wave: String,
    pub group: String,
    #[schema(value_type = Option<Object>)]
    pub scale: Option<Scale>,
    pub suppressed: bool,
}

/// How a choice question was answered in one wave (all groups).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChoiceRow {
    pub question: String,
    pub text: String,
    pub wave: String,
    /// (value, words as a message id, count); counts under `k` are absent outside the analyst role.
    pub options: Vec<(String, String, Option<u64>)>,
}

/// A survey's results.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SurveyResults {
    pub survey_id: i64,
    pub key: String,
    pub name: String,
    pub version: i64,
    /// The outcome question's key and words (a message id), and the answers that count.
    pub outcome_question: String,
    pub outcome_text: String,
    pub outcome_values: Vec<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub target: Option<String>,
    pub comparison: Option<String>,
    pub waves: Vec<Wave>,
    pub groups: Vec<Group>,
    pub cells: Vec<ResultCell>,
    /// Each group's change from `before` to `after` (absent when either side is suppressed or empty).
    #[schema(value_type = Vec<Object>)]
    pub changes: Vec<(String, Option<Change>)>,
    #[schema(value_type = Option<Object>)]
    pub did: Option<DiffInDiff>,
    pub breakdowns: Vec<BreakdownRow>,
    pub likert: Vec<LikertRow>,
    pub choices: Vec<ChoiceRow>,
    /// Responses counted (flagged near-duplicates excluded).
    pub responses: u64,
    pub flagged: i64,
    pub min_n: u64,
    pub k: u64,
    /// Whether the shares, changes and Likert means are post-stratified (see [`ResultsQuery::weighted`]).
    pub weighted: bool,
    /// Whether the survey has weighting questions, so its results can be weighted.
    pub can_weight: bool,
    #[schema(value_type = Vec<Object>)]
    pub notes: Vec<Message>,
}

fn key_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn day(field: &str, text: &str) -> Result<time::Date, ServiceError> {
    time::Date::parse(
        text.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| ServiceError::invalid(field, Message::new("refused-day")))
}

fn problems_error(problems: Vec<Problem>) -> ServiceError {
    let first = problems.into_iter().next();
    match first {
        Some(p) => ServiceError::invalid(&p.field, p.reason),
        None => ServiceError::invalid("definition", Message::new("survey-error-questions")),
    }
}

impl Surveys<'_> {
    fn check_definition(
        &self,
        definition: &Definition,
        free_text: bool,
    ) -> Result<(), ServiceError> {
        let problems = definition.check(free_text);
        if !problems.is_empty() {
            return Err(problems_error(problems));
        }
        let audience = &self.0.config.audience;
        for (what, field, known) in [
            ("age", "weighting.age", &audience.age_bands),
            ("gender", "weighting.gender", &audience.genders),
        ] {
            let asked = definition.weighting.as_ref().is_some_and(|w| {
                if what == "age" {
                    w.age.is_some()
                } else {
                    w.gender.is_some()
                }
            });
            if asked
                && definition
                    .weighting_options(what, |v| known.contains_key(v))
                    .is_empty()
            {
                let names: Vec<&str> = known.keys().map(String::as_str).collect();
                return Err(ServiceError::invalid(
                    field,
                    Message::new("survey-error-weighting-options").text("values", names.join(", ")),
                ));
            }
        }
        let en = self.0.locales.default_locale();
        let reference = self.0.locales.get("en").unwrap_or(en);
        for id in definition.message_ids() {
            if self.0.locales.format_traced(&reference, id, None).is_none() {
                return Err(ServiceError::invalid(
                    "definition",
                    Message::new("survey-error-no-words").text("id", id),
                ));
            }
        }
        Ok(())
    }

    /// Makes a survey (campaign staff; audited).
    #[tracing::instrument(skip_all)]
    pub async fn create(
        &self,
        actor: &Actor,
        input: &SurveyInput,
    ) -> Result<SurveyView, ServiceError> {
        actor.require(Permission::ManageSurveys)?;
        let s = self.0;
        if !key_ok(&input.key) {
            return Err(ServiceError::invalid(
                "key",
                Message::new("survey-error-key"),
            ));
        }
        let name = input.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(ServiceError::invalid(
                "name",
                Message::new("refused-name-length").number("max", 200.0),
            ));
        }
        self.check_definition(&input.definition, input.free_text)?;
        if let Some(c) = input.campaign_id
            && s.store.campaign_state(c).await?.is_none()
        {
            return Err(ServiceError::invalid(
                "campaign_id",
                Message::new("survey-error-campaign"),
            ));
        }
        let definition = serde_json::to_string(&input.definition)
            .map_err(|e| ServiceError::Internal(e.into()))?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let id = tx
            .insert_survey(
                &input.key,
                name,
                input.campaign_id,
                input.free_text,
                &definition,
                actor.user_id(),
                at,
            )
            .await?;
        let event = AuditEvent::SurveyCreated {
            survey_id: id,
            key: input.key.clone(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        self.view(id).await
    }

    /// Replaces a survey's questions: a new version when the current one has answers, else the current
    /// version rewritten (campaign staff; audited).
    #[tracing::instrument(skip_all, fields(survey_id))]
    pub async fn edit(
        &self,
        actor: &Actor,
        survey_id: i64,
        definition: &Definition,
    ) -> Result<SurveyView, ServiceError> {
        actor.require(Permission::ManageSurveys)?;
        let s = self.0;
        let record = self.record(survey_id).await?;
        self.check_definition(definition, record.free_text)?;
        let text =
            serde_json::to_string(definition).map_err(|e| ServiceError::Internal(e.into()))?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        // Read inside the write transaction (the version locked first on PostgreSQL), so an answer
        // arriving meanwhile keeps its version.
        tx.lock_survey_version(survey_id, record.version).await?;
        let answered = tx
            .survey_version_answered(survey_id, record.version)
            .await?;
        let version = if answered {
            record.version + 1
        } else {
            record.version
        };
        tx.put_survey_version(survey_id, version, &text, at).await?;
        let event = AuditEvent::SurveyEdited { survey_id, version };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        s.survey_forms.clear();
        self.view(survey_id).await
    }

    /// Adds a wave (campaign staff; audited).
    pub async fn add_wave(
        &self,
        actor: &Actor,
        survey_id: i64,
        input: &WaveInput,
    ) -> Result<Wave, ServiceError> {
        actor.require(Permission::ManageSurveys)?;
        let s = self.0;
        self.record(survey_id).await?;
        if !key_ok(&input.key) {
            return Err(ServiceError::invalid(
                "key",
                Message::new("survey-error-key"),
            ));
        }
        if input.phase != "before" && input.phase != "after" {
            return Err(ServiceError::invalid(
                "phase",
                Message::new("survey-error-phase"),
            ));
        }
        let opens = day("opens_on", &input.opens_on)?;
        let closes = day("closes_on", &input.closes_on)?;
        if closes < opens {
            return Err(ServiceError::invalid(
                "closes_on",
                Message::new("survey-error-closes"),
            ));
        }
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let id = tx
            .insert_survey_wave(
                survey_id,
                &input.key,
                &input.phase,
                &opens.to_string(),
                &closes.to_string(),
            )
            .await?;
        let event = AuditEvent::SurveyWaveAdded {
            survey_id,
            key: input.key.clone(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        s.survey_forms.clear();
        Ok(Wave {
            id,
            key: input.key.clone(),
            phase: input.phase.clone(),
            opens_on: opens.to_string(),
            closes_on: closes.to_string(),
        })
    }

    /// Adds a group (campaign staff; audited).
    pub async fn add_group(
        &self,
        actor: &Actor,
        survey_id: i64,
        input: &GroupInput,
    ) -> Result<Group, ServiceError> {
        actor.require(Permission::ManageSurveys)?;
        let s = self.0;
        self.record(survey_id).await?;
        if !key_ok(&input.key) {
            return Err(ServiceError::invalid(
                "key",
                Message::new("survey-error-key"),
            ));
        }
        if input.role != "target" && input.role != "comparison" {
            return Err(ServiceError::invalid(
                "role",
                Message::new("survey-error-role"),
            ));
        }
        let name = input.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(ServiceError::invalid(
                "name",
                Message::new("refused-name-length").number("max", 200.0),
            ));
        }
        if let Some(region) = input.region_id
            && s.store.region_by_id(region).await?.is_none()
        {
            return Err(ServiceError::invalid(
                "region_id",
                Message::new("refused-no-region").number("id", region as f64),
            ));
        }
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let id = tx
            .insert_survey_group(survey_id, &input.key, &input.role, name, input.region_id)
            .await?;
        let event = AuditEvent::SurveyGroupAdded {
            survey_id,
            key: input.key.clone(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        s.survey_forms.clear();
        Ok(Group {
            id,
            key: input.key.clone(),
            role: input.role.clone(),
            name: name.to_string(),
            region_id: input.region_id,
        })
    }

    async fn record(&self, survey_id: i64) -> Result<SurveyRecord, ServiceError> {
        self.0
            .store
            .survey(survey_id)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("no survey {survey_id}")))
    }

    fn definition(record: &SurveyRecord) -> Result<Definition, ServiceError> {
        serde_json::from_str(&record.definition).map_err(|e| ServiceError::Internal(e.into()))
    }

    async fn view(&self, survey_id: i64) -> Result<SurveyView, ServiceError> {
        let s = self.0;
        let record = self.record(survey_id).await?;
        let definition = Self::definition(&record)?;
        let (_, flagged) = s.store.flagged_responses(survey_id, 0).await?;
        Ok(SurveyView {
            id: record.id,
            key: record.key,
            name: record.name,
            campaign_id: record.campaign_id,
            free_text: record.free_text,
            version: record.version,
            definition,
            waves: s.store.survey_waves(survey_id).await?,
            groups: s.store.survey_groups(survey_id).await?,
            responses: s.store.survey_response_count(survey_id, None).await?,
            flagged,
        })
    }

    /// One survey (staff who read results).
    pub async fn get(&self, actor: &Actor, survey_id: i64) -> Result<SurveyView, ServiceError> {
        actor.require(Permission::ReadImpact)?;
        self.view(survey_id).await
    }

    /// Every survey.
    pub async fn list(&self, actor: &Actor) -> Result<Vec<SurveyView>, ServiceError> {
        actor.require(Permission::ReadImpact)?;
        let mut out = Vec::new();
        for r in self.0.store.surveys().await? {
            out.push(self.view(r.id).await?);
        }
        Ok(out)
    }

    /// The public form for a link: the survey by its key, the wave named (or the one open today), the
    /// group named (or the only one), the channel (anything unknown is `other`). `None` when the link
    /// names nothing that exists or no wave is open.
    pub async fn form(
        &self,
        key: &str,
        wave: Option<&str>,
        group: Option<&str>,
        channel: Option<&str>,
    ) -> Result<Option<PublicForm>, ServiceError> {
        let s = self.0;
        if !key_ok(key) {
            return Ok(None);
        }
        let Some(parts) = self.form_parts(key).await? else {
            return Ok(None);
        };
        let today = s.clock.now().date().to_string();
        let open = |w: &&Wave| w.opens_on <= today && today <= w.closes_on;
        let wave = match wave.filter(|w| !w.is_empty()) {
            Some(k) => parts.waves.iter().find(|w| w.key == k).filter(open),
            None => parts.waves.iter().find(open),
        };
        let group = match group.filter(|g| !g.is_empty()) {
            Some(k) => parts.groups.iter().find(|g| g.key == k),
            None if parts.groups.len() == 1 => parts.groups.first(),
            None => None,
        };
        let (Some(wave), Some(group)) = (wave.cloned(), group.cloned()) else {
            return Ok(None);
        };
        let channel = channel
            .filter(|c| CHANNELS.contains(c))
            .unwrap_or(if channel.is_some() { "other" } else { "direct" })
            .to_string();
        Ok(Some(PublicForm {
            survey: parts.record.clone(),
            definition: parts.definition.clone(),
            wave,
            group,
            channel,
        }))
    }

    /// The survey with `key`, its waves and groups: from memory when read in the last
    /// [`FORM_CACHE_FOR`], else from the database.
    async fn form_parts(&self, key: &str) -> Result<Option<Arc<FormParts>>, ServiceError> {
        let s = self.0;
        if let Some(parts) = s.survey_forms.get(key) {
            return Ok(Some(parts));
        }
        let Some(record) = s.store.survey_by_key(key).await? else {
            return Ok(None);
        };
        let parts = Arc::new(FormParts {
            definition: Arc::new(Self::definition(&record)?),
            waves: s.store.survey_waves(record.id).await?,
            groups: s.store.survey_groups(record.id).await?,
            record,
        });
        s.survey_forms.put(key, parts.clone());
        Ok(Some(parts))
    }

    /// The follow-up link for a campaign or a region: the newest survey that fits, its `after` wave open
    /// today (or, when none is, the next to open) and its target group. `None` when no survey fits or
    /// every follow-up wave has closed: then nothing links to a survey.
    pub async fn follow_up_link(&self, of: LinkFor) -> Result<Option<SurveyLink>, ServiceError> {
        let s = self.0;
        let today = s.clock.now().date().to_string();
        let records = s.store.surveys().await?;
        for record in records.iter().rev() {
            if let LinkFor::Campaign(c) = of
                && record.campaign_id != Some(c)
            {
                continue;
            }
            let Some(parts) = self.form_parts(&record.key).await? else {
                continue;
            };
            let wave = parts
                .waves
                .iter()
                .filter(|w| w.phase == "after" && w.closes_on >= today)
                .min_by(|a, b| (&a.opens_on, &a.key).cmp(&(&b.opens_on, &b.key)));
            let group = parts.groups.iter().find(|g| {
                g.role == "target"
                    && match of {
                        LinkFor::Campaign(_) => true,
                        LinkFor::Region(r) => g.region_id == Some(r),
                    }
            });
            if let (Some(w), Some(g)) = (wave, group) {
                return Ok(Some(SurveyLink {
                    survey: record.key.clone(),
                    wave: w.key.clone(),
                    group: g.key.clone(),
                }));
            }
        }
        Ok(None)
    }

    /// Whether Beacon's own messages lead to this survey now: the link the campaign's e-mails and ads
    /// carry, and the one packs for its target group's region carry, each only when it is this survey's
    /// (see [`Self::follow_up_link`]).
    pub async fn carried(&self, actor: &Actor, survey_id: i64) -> Result<Carried, ServiceError> {
        actor.require(Permission::ReadImpact)?;
        let record = self.record(survey_id).await?;
        let own = |l: Option<SurveyLink>| l.filter(|l| l.survey == record.key);
        let campaign = match record.campaign_id {
            Some(c) => own(self.follow_up_link(LinkFor::Campaign(c)).await?),
            None => None,
        };
        let mut packs = None;
        for g in self.0.store.survey_groups(survey_id).await? {
            if let (Some(r), "target", None) = (g.region_id, g.role.as_str(), &packs) {
                packs = own(self.follow_up_link(LinkFor::Region(r)).await?);
            }
        }
        Ok(Carried { campaign, packs })
    }

    /// The day a link's wave opens, when the link names a wave of the survey that has not opened yet (what
    /// the closed page tells someone who came early, from a pack printed before the follow-up).
    pub async fn opens_later(
        &self,
        key: &str,
        wave: Option<&str>,
    ) -> Result<Option<String>, ServiceError> {
        let (Some(wave), true) = (wave, key_ok(key)) else {
            return Ok(None);
        };
        let Some(parts) = self.form_parts(key).await? else {
            return Ok(None);
        };
        let today = self.0.clock.now().date().to_string();
        Ok(parts
            .waves
            .iter()
            .find(|w| w.key == wave && w.opens_on > today)
            .map(|w| w.opens_on.clone()))
    }

    /// A token for one page of the form: sent with the answers, spent once.
    pub async fn form_token(&self) -> Result<String, ServiceError> {
        let keys = self.0.subscribers().keys().await?;
        let nonce = (rand::random::<u64>() >> 1) as i64;
        Ok(keys.sign(
            Purpose::SurveyForm,
            nonce,
            self.0.clock.unix() + FORM_TOKEN_SECONDS,
        ))
    }

    /// Keeps a response from the public form: the token spent and the response kept in one transaction
    /// (shared with the responses sent at the same moment, see [`super::submissions`]), so a form sent
    /// twice makes one response and a response is kept exactly when its token is spent; the answer comes
    /// only once that transaction has committed. `flagged` marks a near-duplicate for review; it is asked
    /// only once the token is spent. Nothing about the sender is kept but the day.
    #[tracing::instrument(skip_all)]
    pub async fn submit<'p>(
        &self,
        form: &PublicForm,
        token: &str,
        pairs: impl IntoIterator<Item = (&'p str, &'p str)>,
        locale: &str,
        flagged: impl FnOnce(&Answers) -> bool + Send + Sync + 'static,
    ) -> Result<(Submitted, Answers), SubmitError> {
        let s = self.0;
        let keys = s.subscribers().keys().await?;
        let nonce = match keys.verify(Purpose::SurveyForm, token, s.clock.unix()) {
            Ok(n) => n,
            Err(LinkError::Invalid | LinkError::Expired) => return Err(SubmitError::Token),
        };
        let (answers, free) = form
            .definition
            .read_answers(pairs, &["t", "lang", "w", "g", "ch"])
            .map_err(SubmitError::Answers)?;
        let text = survey::answers_json(&answers);
        let free_text = (!free.is_empty() && form.survey.free_text)
            .then(|| serde_json::to_string(&free).unwrap_or_default());
        let check: FlagCheck = Box::new(flagged);
        let pending = Pending {
            nonce: nonce.to_string(),
            survey_id: form.survey.id,
            version: form.survey.version,
            definition: form.survey.definition.clone(),
            wave_id: form.wave.id,
            group_id: form.group.id,
            locale: locale.to_string(),
            channel: form.channel.clone(),
            day: s.clock.now().date().to_string(),
            answers,
            answers_json: text,
            free_text,
            check: Some(check),
            flagged: None,
            done: None,
        };
        let answers = pending.answers.clone();
        match s.submissions.keep(&s.store, pending).await? {
            Outcome::Kept => Ok((Submitted::Kept, answers)),
            Outcome::AlreadyReceived => Ok((Submitted::AlreadyReceived, answers)),
            Outcome::Changed => {
                s.survey_forms.clear();
                Err(SubmitError::Changed)
            }
        }
    }

    /// Keeps responses read from a file, all or nothing: every row's wave and group must exist (the first
    /// row that names one that does not is refused with its line), and the rows are kept with their
    /// import in one transaction (campaign staff; audited with how many rows, never what they say).
    #[tracing::instrument(skip_all, fields(survey_id, rows = rows.len()))]
    pub async fn record_batch(
        &self,
        actor: &Actor,
        survey_id: i64,
        file_name: &str,
        format: &str,
        rows: &[ResponseInput],
    ) -> Result<ImportSummary, ServiceError> {
        self.store_batch(actor, survey_id, file_name, format, rows, None)
            .await
    }

    /// As [`Surveys::record_batch`], saving `mapping` (the format's column mapping, as JSON) in the same
    /// transaction.
    async fn store_batch(
        &self,
        actor: &Actor,
        survey_id: i64,
        file_name: &str,
        format: &str,
        rows: &[ResponseInput],
        mapping: Option<&str>,
    ) -> Result<ImportSummary, ServiceError> {
        actor.require(Permission::ManageSurveys)?;
        let s = self.0;
        let record = self.record(survey_id).await?;
        let waves = s.store.survey_waves(survey_id).await?;
        let groups = s.store.survey_groups(survey_id).await?;
        let today = s.clock.now().date().to_string();
        let mut resolved = Vec::with_capacity(rows.len());
        for r in rows {
            let line = |id: &str, key: &str| {
                ServiceError::invalid(
                    "file",
                    Message::new(id)
                        .text("file", file_name)
                        .number("line", r.line as f64)
                        .text("key", key),
                )
            };
            let wave = waves
                .iter()
                .find(|w| w.key == r.wave)
                .ok_or_else(|| line("survey-import-no-wave", &r.wave))?;
            let group = groups
                .iter()
                .find(|g| g.key == r.group)
                .ok_or_else(|| line("survey-import-no-group", &r.group))?;
            if !s.locales.available().any(|l| l.as_str() == r.locale) {
                return Err(line("survey-import-no-locale", &r.locale));
            }
            let channel = if CHANNELS.contains(&r.channel.as_str()) {
                r.channel.as_str()
            } else {
                "other"
            };
            let free = (!r.free_text.is_empty() && record.free_text)
                .then(|| serde_json::to_string(&r.free_text).unwrap_or_default());
            resolved.push((
                wave.id,
                group.id,
                channel,
                survey::answers_json(&r.answers),
                free,
            ));
        }
        let flagged = rows.iter().filter(|r| r.flagged).count() as u64;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let import_id = tx
            .insert_survey_import(
                survey_id,
                file_name,
                format,
                rows.len() as i64,
                flagged as i64,
                actor.user_id(),
                at,
            )
            .await?;
        for (r, (wave_id, group_id, channel, answers, free)) in rows.iter().zip(&resolved) {
            tx.insert_response(&NewResponse {
                survey_id,
                version: record.version,
                wave_id: *wave_id,
                group_id: *group_id,
                locale: &r.locale,
                channel,
                import_id: Some(import_id),
                submitted_on: r.submitted_on.as_deref().unwrap_or(&today),
                answers,
                free_text: free.as_deref(),
                flagged: r.flagged,
            })
            .await?;
        }
        if let Some(mapping) = mapping {
            tx.put_survey_mapping(survey_id, format, mapping, at)
                .await?;
        }
        let event = AuditEvent::SurveyImported {
            survey_id,
            import_id,
            rows: rows.len() as u64,
            flagged,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(ImportSummary {
            import_id,
            rows: rows.len() as u64,
            flagged,
        })
    }

    /// The mapping saved for `format`, or one suggested from the file's header when none is saved
    /// (campaign staff).
    #[tracing::instrument(skip_all, fields(survey_id))]
    pub async fn import_mapping(
        &self,
        actor: &Actor,
        survey_id: i64,
        format: import::Format,
        header: &[String],
    ) -> Result<(Mapping, bool), ServiceError> {
        actor.require(Permission::ManageSurveys)?;
        if let Some(saved) = self.saved_mapping(survey_id, format).await? {
            return Ok((saved, true));
        }
        let record = self.record(survey_id).await?;
        let definition = Self::definition(&record)?;
        let mut m = import::suggest(&definition, header, crate::message::english_id);
        m.format = format;
        Ok((m, false))
    }

    async fn saved_mapping(
        &self,
        survey_id: i64,
        format: import::Format,
    ) -> Result<Option<Mapping>, ServiceError> {
        let Some(text) = self
            .0
            .store
            .survey_mapping(survey_id, format_name(format))
            .await?
        else {
            return Ok(None);
        };
        Ok(serde_json::from_str(&text).ok())
    }

    /// Imports a Google Forms or KoboToolbox/ODK export all or nothing, through `mapping` (saved for
    /// the next file of that format) or the mapping saved before. Every bad row is named by file, line,
    /// column and reason; a file with any is refused whole. Near-duplicates are kept, flagged for review.
    #[tracing::instrument(skip_all, fields(survey_id, bytes = bytes.len()))]
    pub async fn import(
        &self,
        actor: &Actor,
        survey_id: i64,
        file_name: &str,
        bytes: Vec<u8>,
        format: import::Format,
        mapping: Option<Mapping>,
    ) -> Result<ImportSummary, SurveyImportError> {
        actor.require(Permission::ManageSurveys)?;
        let s = self.0;
        let record = self.record(survey_id).await?;
        let definition = Self::definition(&record)?;
        let mapping = match mapping {
            Some(m) => m,
            None => self
                .saved_mapping(survey_id, format)
                .await?
                .ok_or_else(|| {
                    ServiceError::invalid("mapping", Message::new("survey-import-no-mapping"))
                })?,
        };
        if mapping.format != format {
            return Err(ServiceError::invalid(
                "mapping.format",
                Message::new("survey-import-format-differs"),
            )
            .into());
        }
        if let Some(p) = mapping.check(&definition).into_iter().next() {
            return Err(ServiceError::invalid(&format!("mapping.{}", p.field), p.reason).into());
        }
        let waves = s.store.survey_waves(survey_id).await?;
        let groups = s.store.survey_groups(survey_id).await?;
        let locales: Vec<String> = s
            .locales
            .available()
            .map(|l| l.as_str().to_string())
            .collect();
        let name = file_name.to_string();
        let read = tokio::task::spawn_blocking({
            let mapping = mapping.clone();
            move || {
                let limits = import::Limits::default();
                let rows = import::read(&name, bytes.as_slice(), &definition, &mapping, limits)?;
                // Every row's wave, group and locale must exist; each row that names one that does
                // not is listed, as a bad answer is.
                let mut errors = Vec::new();
                for r in &rows {
                    let mut bad = |column: &str, id: &str, key: &str| {
                        errors.push(crate::measure::file::FileError {
                            file: name.clone(),
                            line: Some(r.line),
                            column: Some(column.to_string()),
                            reason: crate::message::english(&Message::new(id).text("key", key)),
                        })
                    };
                    if !waves.iter().any(|w| w.key == r.wave) {
                        bad("wave", "survey-import-unknown-wave", &r.wave);
                    }
                    if !groups.iter().any(|g| g.key == r.group) {
                        bad("group", "survey-import-unknown-group", &r.group);
                    }
                    if !locales.contains(&r.locale) {
                        bad("locale", "survey-import-unknown-locale", &r.locale);
                    }
                }
                if errors.is_empty() {
                    Ok(rows)
                } else {
                    errors.truncate(limits.max_errors);
                    Err(errors)
                }
            }
        })
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?
        .map_err(SurveyImportError::Rejected)?;
        let rows: Vec<ResponseInput> = read
            .into_iter()
            .map(|r| ResponseInput {
                line: r.line,
                wave: r.wave,
                group: r.group,
                locale: r.locale,
                channel: r.channel,
                submitted_on: r.submitted_on,
                answers: r.answers,
                free_text: r.free_text,
                flagged: r.near_duplicate,
            })
            .collect();
        let json = serde_json::to_string(&mapping).map_err(|e| ServiceError::Internal(e.into()))?;
        Ok(self
            .store_batch(
                actor,
                survey_id,
                file_name,
                format_name(format),
                &rows,
                Some(&json),
            )
            .await?)
    }

    /// Near-duplicates waiting for review (campaign staff).
    pub async fn flagged(
        &self,
        actor: &Actor,
        survey_id: i64,
    ) -> Result<(Vec<FlaggedResponse>, i64), ServiceError> {
        actor.require(Permission::ManageSurveys)?;
        self.record(survey_id).await?;
        Ok(self.0.store.flagged_responses(survey_id, 200).await?)
    }

    /// Settles a near-duplicate: kept (counted from now on) or removed (campaign staff; audited).
    pub async fn settle(
        &self,
        actor: &Actor,
        survey_id: i64,
        response_id: i64,
        keep: bool,
    ) -> Result<(), ServiceError> {
        actor.require(Permission::ManageSurveys)?;
        let s = self.0;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        if !tx.settle_flagged(survey_id, response_id, keep).await? {
            return Err(ServiceError::NotFound(format!(
                "no flagged response {response_id} in survey {survey_id}"
            )));
        }
        let event = AuditEvent::SurveyFlagSettled {
            survey_id,
            response_id,
            kept: keep,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Free-text answers, newest first (analysts only).
    pub async fn free_text(
        &self,
        actor: &Actor,
        survey_id: i64,
    ) -> Result<Vec<(i64, BTreeMap<String, String>)>, ServiceError> {
        actor.require(Permission::Analyse)?;
        self.record(survey_id).await?;
        let rows = self.0.store.survey_free_text(survey_id, 500).await?;
        Ok(rows
            .into_iter()
            .map(|(id, text)| (id, serde_json::from_str(&text).unwrap_or_default()))
            .collect())
    }

    /// A survey's results (staff who read results; small groups to analysts only).
    #[tracing::instrument(skip_all, fields(survey_id))]
    pub async fn results(
        &self,
        actor: &Actor,
        survey_id: i64,
        query: &ResultsQuery,
    ) -> Result<SurveyResults, ServiceError> {
        actor.require(Permission::ReadImpact)?;
        self.results_for(survey_id, query, actor.can(Permission::Analyse))
            .await
    }

    /// A survey's results, with groups under `privacy.k` shown only when `analyst`, for a use case that
    /// has checked its actor's permission (the impact report, which is never an analyst's view).
    pub(crate) async fn results_for(
        &self,
        survey_id: i64,
        query: &ResultsQuery,
        analyst: bool,
    ) -> Result<SurveyResults, ServiceError> {
        let s = self.0;
        let record = self.record(survey_id).await?;
        let definition = Self::definition(&record)?;
        let waves = s.store.survey_waves(survey_id).await?;
        let groups = s.store.survey_groups(survey_id).await?;
        let pick_wave = |named: &Option<String>,
                         phase: &str,
                         last: bool|
         -> Result<Option<String>, ServiceError> {
            match named {
                Some(k) => waves
                    .iter()
                    .find(|w| &w.key == k)
                    .map(|w| Some(w.key.clone()))
                    .ok_or_else(|| {
                        ServiceError::invalid(
                            if phase == "before" { "before" } else { "after" },
                            Message::new("survey-error-no-wave").text("key", k),
                        )
                    }),
                None => {
                    let mut it = waves.iter().filter(|w| w.phase == phase);
                    Ok(if last { it.next_back() } else { it.next() }.map(|w| w.key.clone()))
                }
            }
        };
        let before = pick_wave(&query.before, "before", false)?;
        let after = pick_wave(&query.after, "after", true)?;
        let target = groups
            .iter()
            .find(|g| g.role == "target")
            .map(|g| g.key.clone());
        let comparison = match &query.comparison {
            Some(k) => Some(
                groups
                    .iter()
                    .find(|g| &g.key == k && g.role == "comparison")
                    .map(|g| g.key.clone())
                    .ok_or_else(|| {
                        ServiceError::invalid(
                            "comparison",
                            Message::new("survey-error-no-group").text("key", k),
                        )
                    })?,
            ),
            None => groups
                .iter()
                .find(|g| g.role == "comparison")
                .map(|g| g.key.clone()),
        };
        let counts = s.store.survey_answer_counts(survey_id, false).await?;
        let (_, flagged) = s.store.flagged_responses(survey_id, 0).await?;
        if query.weighted && definition.weighting.is_none() {
            return Err(ServiceError::invalid(
                "weighted",
                Message::new("survey-error-no-weighting"),
            ));
        }
        let weighted = query.weighted;
        let audience = s.config.audience.clone();
        let results = tokio::task::spawn_blocking({
            let min_n = s.config.measure.min_n;
            let k = s.config.privacy.k as u64;
            move || {
                let mut tallies = Tallies::default();
                let mut notes = Vec::new();
                let parsed: Vec<Option<Answers>> = counts
                    .iter()
                    .map(|c| serde_json::from_str::<Answers>(&c.answers).ok())
                    .collect();
                let cell = |c: &crate::store::surveys::AnswerCount| CellKey {
                    wave: c.wave.clone(),
                    group: c.group.clone(),
                };
                let weights: Vec<Option<f64>> = if weighted {
                    let (w, left_out) = weights_for(&definition, &audience, &counts, &parsed);
                    notes.push(
                        Message::new("survey-note-weighted")
                            .text("source", &audience.demographics_source),
                    );
                    if left_out > 0 {
                        notes.push(
                            Message::new("survey-note-weight-left-out")
                                .number("n", left_out as f64),
                        );
                    }
                    w
                } else {
                    vec![Some(1.0); counts.len()]
                };
                for ((c, answers), w) in counts.iter().zip(&parsed).zip(&weights) {
                    let count = c.count.max(0) as u64;
                    match (answers, w) {
                        (None, _) => tallies.add(
                            &definition,
                            cell(c),
                            &c.locale,
                            &c.channel,
                            &c.answers,
                            count,
                        ),
                        (Some(a), Some(w)) => tallies.add_weighted(
                            &definition,
                            cell(c),
                            &c.locale,
                            &c.channel,
                            a,
                            count,
                            *w,
                        ),
                        (Some(_), None) => {}
                    }
                }
                compute(Computation {
                    weighted,
                    notes,
                    record,
                    definition,
                    tallies,
                    waves,
                    groups,
                    before,
                    after,
                    target,
                    comparison,
                    flagged,
                    min_n,
                    k,
                    analyst,
                })
            }
        })
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?;
        Ok(results)
    }
}

/// Post-stratification weights for the grouped responses `counts` (their answers `parsed`): each
/// response's stratum is its answers to the survey's weighting questions, and the population's share
/// of a stratum is the product of its age band's and gender's shares in `audience` (the two taken as
/// independent), among the options the questions offer. Returns each row's weight (`None`: left out,
/// its stratum unknown) and how many responses were left out.
fn weights_for(
    definition: &Definition,
    audience: &crate::config::AudienceConfig,
    counts: &[crate::store::surveys::AnswerCount],
    parsed: &[Option<Answers>],
) -> (Vec<Option<f64>>, u64) {
    let known = |what: &str, v: &str| match what {
        "age" => audience.age_bands.contains_key(v),
        _ => audience.genders.contains_key(v),
    };
    let has = |what: &str| {
        definition.weighting.as_ref().is_some_and(|w| match what {
            "age" => w.age.is_some(),
            _ => w.gender.is_some(),
        })
    };
    let ages: Vec<(String, f64)> = if has("age") {
        definition
            .weighting_options("age", |v| known("age", v))
            .into_iter()
            .map(|v| {
                let share = audience.age_bands[&v];
                (v, share)
            })
            .collect()
    } else {
        vec![(String::new(), 1.0)]
    };
    let genders: Vec<(String, f64)> = if has("gender") {
        definition
            .weighting_options("gender", |v| known("gender", v))
            .into_iter()
            .map(|v| {
                let share = audience.genders[&v];
                (v, share)
            })
            .collect()
    } else {
        vec![(String::new(), 1.0)]
    };
    let mut population = BTreeMap::new();
    for (a, pa) in &ages {
        for (g, pg) in &genders {
            let key = [a.as_str(), g.as_str()]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("|");
            population.insert(key, pa * pg);
        }
    }
    let rows: Vec<(CellKey, Option<String>, u64)> = counts
        .iter()
        .zip(parsed)
        .map(|(c, a)| {
            (
                CellKey {
                    wave: c.wave.clone(),
                    group: c.group.clone(),
                },
                a.as_ref().and_then(|a| definition.stratum_of(a, known)),
                c.count.max(0) as u64,
            )
        })
        .collect();
    let weights = crate::measure::stats::cell_weights(&rows, &population);
    let left_out = rows
        .iter()
        .zip(&weights)
        .filter(|(_, w)| w.is_none())
        .map(|((_, _, n), _)| *n)
        .sum();
    (weights, left_out)
}

struct Computation {
    record: SurveyRecord,
    definition: Definition,
    tallies: Tallies,
    waves: Vec<Wave>,
    groups: Vec<Group>,
    before: Option<String>,
    after: Option<String>,
    target: Option<String>,
    comparison: Option<String>,
    flagged: i64,
    min_n: u64,
    k: u64,
    analyst: bool,
    weighted: bool,
    /// Notes made while tallying (the weighting's).
    notes: Vec<Message>,
}

fn compute(c: Computation) -> SurveyResults {
    let Computation {
        record,
        definition,
        tallies,
        waves,
        groups,
        before,
        after,
        target,
        comparison,
        flagged,
        min_n,
        k,
        analyst,
        weighted,
        mut notes,
    } = c;
    let can_weight = definition.weighting.is_some();
    let cell_of = |t: Option<&Tally>, wave: &str, group: &str| -> ResultCell {
        let rows = t.map(|t| t.rows).unwrap_or(0);
        let suppressed = rows > 0 && rows < k && !analyst;
        ResultCell {
            wave: wave.to_string(),
            group: group.to_string(),
            share: t.filter(|t| t.rows > 0 && !suppressed).map(Share::of),
            suppressed,
            small: rows > 0 && rows < min_n,
        }
    };
    let mut cells = Vec::new();
    for w in &waves {
        for g in &groups {
            let key = CellKey {
                wave: w.key.clone(),
                group: g.key.clone(),
            };
            let cell = cell_of(tallies.outcome.get(&key), &w.key, &g.key);
            if cell.small && !cell.suppressed {
                notes.push(
                    Message::new("survey-note-small")
                        .text("wave", &w.key)
                        .text("group", &g.name)
                        .number("n", tallies.outcome[&key].rows as f64)
                        .number("min", min_n as f64),
                );
            }
            if cell.suppressed {
                notes.push(
                    Message::new("survey-note-suppressed")
                        .text("wave", &w.key)
                        .text("group", &g.name)
                        .number("k", k as f64),
                );
            }
            if cell.share.is_none() && !cell.suppressed {
                notes.push(
                    Message::new("survey-note-empty")
                        .text("wave", &w.key)
                        .text("group", &g.name),
                );
            }
            cells.push(cell);
        }
    }
    let visible = |wave: &Option<String>, group: &str| -> Option<Tally> {
        let key = CellKey {
            wave: wave.clone()?,
            group: group.to_string(),
        };
        let t = *tallies.outcome.get(&key)?;
        (t.rows > 0 && (analyst || t.rows >= k)).then_some(t)
    };
    let changes: Vec<(String, Option<Change>)> = groups
        .iter()
        .map(|g| {
            let change = match (visible(&before, &g.key), visible(&after, &g.key)) {
                (Some(b), Some(a)) => Some(Change::of(&b, &a)),
                _ => None,
            };
            (g.key.clone(), change)
        })
        .collect();
    let did = match (&target, &comparison) {
        (Some(t), Some(c)) => match (
            visible(&before, t),
            visible(&after, t),
            visible(&before, c),
            visible(&after, c),
        ) {
            (Some(tb), Some(ta), Some(cb), Some(ca)) => Some(DiffInDiff::of(&tb, &ta, &cb, &ca)),
            _ => {
                notes.push(Message::new("survey-note-no-did"));
                None
            }
        },
        _ => {
            notes.push(Message::new("survey-note-no-comparison"));
            None
        }
    };
    if before.is_none() || after.is_none() {
        notes.push(Message::new("survey-note-one-wave"));
    }
    let mut breakdowns = Vec::new();
    for (by, map) in [
        ("locale", &tallies.by_locale),
        ("channel", &tallies.by_channel),
    ] {
        for ((cell, value), t) in map {
            breakdowns.push(BreakdownRow {
                by: by.to_string(),
                value: value.clone(),
                cell: cell_of(Some(t), &cell.wave, &cell.group),
            });
        }
    }
    let mut likert = Vec::new();
    for q in &definition.questions {
        if let Kind::Likert { .. } = q.kind
            && let Some(per) = tallies.scales.get(&q.key)
        {
            for (cell, t) in per {
                let suppressed = t.rows < k && !analyst;
                likert.push(LikertRow {
                    question: q.key.clone(),
                    text: q.text.clone(),
                    wave: cell.wave.clone(),
                    group: cell.group.clone(),
                    scale: (!suppressed).then(|| Scale::of(t)),
                    suppressed,
                });
            }
        }
    }
    let mut choices = Vec::new();
    for q in &definition.questions {
        let options = q.options();
        if options.is_empty() {
            continue;
        }
        for w in &waves {
            let counted = tallies.choices.get(&q.key).and_then(|m| m.get(&w.key));
            choices.push(ChoiceRow {
                question: q.key.clone(),
                text: q.text.clone(),
                wave: w.key.clone(),
                options: options
                    .iter()
                    .map(|o| {
                        let n = counted.and_then(|m| m.get(&o.value)).copied().unwrap_or(0);
                        let shown = (analyst || n == 0 || n >= k).then_some(n);
                        (o.value.clone(), o.text.clone(), shown)
                    })
                    .collect(),
            });
        }
    }
    if tallies.unreadable > 0 {
        notes.push(Message::new("survey-note-unreadable").number("n", tallies.unreadable as f64));
    }
    if flagged > 0 {
        notes.push(Message::new("survey-note-flagged").number("n", flagged as f64));
    }
    notes.push(Message::new("survey-note-method"));
    let outcome_text = definition
        .question(&definition.outcome.question)
        .map(|q| q.text.clone())
        .unwrap_or_default();
    SurveyResults {
        survey_id: record.id,
        key: record.key,
        name: record.name,
        version: record.version,
        outcome_question: definition.outcome.question.clone(),
        outcome_text,
        outcome_values: definition.outcome.values.clone(),
        before,
        after,
        target,
        comparison,
        waves,
        groups,
        cells,
        changes,
        did,
        breakdowns,
        likert,
        choices,
        responses: tallies.responses,
        flagged,
        min_n,
        k,
        weighted,
        can_weight,
        notes,
    }
}
