//! The impact report of a campaign or a set of campaigns: the figures gathered from the reach summary
//! (`Measure`), the platforms' daily rows, the frozen audience's cells and languages, the linked survey's
//! results (`Surveys`, always as published: groups under `privacy.k` withheld whoever asks), the partners'
//! trainings and the spend, into one [`ImpactData`] with its provenance and fingerprint. The layout is
//! `report::impact`; this service only gathers, so the same data gives the same report, byte for byte.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::error::ServiceError;
use super::measure::ReachSummary;
use super::surveys::{ResultsQuery, SurveyResults};
use super::{Actor, Services};
use crate::accounts::Permission;
use crate::campaign::model::{Campaign, minor_digits};
use crate::measure::reach::sainsbury;
use crate::message::Message;
use crate::report::impact::data::{
    BreakdownBy, BreakdownRow, CampaignRef, CellReach, ChangeFigures, ChannelRow, ChoiceCount,
    ChoiceQuestion, CostRow, DailyReach, DidFigures, GroupChange, LocaleReach, Provenance,
    ReachSection, ScaleFigures, ScaleQuestion, ShareCell, ShareFigures, SurveySection, TrainingRow,
    TrainingSection, UniqueReach, Wave,
};
use crate::report::impact::{ImpactData, ImpactRenderer};

pub struct Impact<'a>(pub(super) &'a Services);

/// At most this many campaigns in one report.
pub const MAX_CAMPAIGNS: usize = 20;

/// What a report covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImpactQuery {
    /// The campaigns, by id (one or more, at most [`MAX_CAMPAIGNS`]).
    pub campaigns: Vec<i64>,
    /// The survey group to compare the target with (its key); the survey's first comparison group when
    /// `None`.
    pub comparison: Option<String>,
    /// The survey's results post-stratified to the audience's age and gender shares.
    pub weighted: bool,
}

/// A campaign that can be reported on, and the comparison groups of its survey.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ReportableCampaign {
    pub id: i64,
    pub name: String,
    pub state: String,
    /// The linked survey's comparison groups: (key, name).
    pub comparisons: Vec<(String, String)>,
    /// Whether the linked survey has weighting questions (see [`ImpactQuery::weighted`]).
    pub can_weight: bool,
}

impl Impact<'_> {
    /// The report templates, loaded and checked on first use (`App::build` asks at start-up, so a broken
    /// template stops Beacon with its file and line).
    pub async fn renderer(&self) -> Result<Arc<ImpactRenderer>, ServiceError> {
        let s = self.0;
        s.impact_renderer
            .get_or_try_init(|| async {
                let dir = s.config.paths.templates.clone();
                let locales = s.locales.clone();
                tokio::task::spawn_blocking(move || ImpactRenderer::load(&dir, &locales))
                    .await
                    .map_err(|e| ServiceError::Internal(e.into()))?
                    .map(Arc::new)
                    .map_err(|e| ServiceError::Internal(anyhow::anyhow!("{e}")))
            })
            .await
            .cloned()
    }

    /// The campaigns a report can be made for, newest first, each with its survey's comparison groups.
    #[tracing::instrument(skip_all)]
    pub async fn campaigns(&self, actor: &Actor) -> Result<Vec<ReportableCampaign>, ServiceError> {
        actor.require(Permission::ReadImpact)?;
        let s = self.0;
        let surveys = s.store.surveys().await?;
        let mut out = Vec::new();
        for c in s.store.campaigns().await? {
            let mut comparisons = Vec::new();
            let mut can_weight = false;
            if let Some(survey) = surveys.iter().find(|v| v.campaign_id == Some(c.id)) {
                can_weight =
                    serde_json::from_str::<crate::measure::survey::Definition>(&survey.definition)
                        .is_ok_and(|d| d.weighting.is_some());
                for g in s.store.survey_groups(survey.id).await? {
                    if g.role == "comparison" {
                        comparisons.push((g.key, g.name));
                    }
                }
            }
            out.push(ReportableCampaign {
                id: c.id,
                name: c.name,
                state: c.state.as_str().to_string(),
                comparisons,
                can_weight,
            });
        }
        Ok(out)
    }

    /// Everything the report on `query.campaigns` shows, with its provenance and fingerprint (staff who
    /// read impact; nothing identifying: survey groups under `privacy.k` are withheld for every reader).
    #[tracing::instrument(skip_all, fields(campaigns = query.campaigns.len()))]
    pub async fn data(
        &self,
        actor: &Actor,
        query: &ImpactQuery,
    ) -> Result<ImpactData, ServiceError> {
        actor.require(Permission::ReadImpact)?;
        let s = self.0;
        let ids: BTreeSet<i64> = query.campaigns.iter().copied().collect();
        if ids.is_empty() {
            return Err(ServiceError::invalid(
                "campaign",
                Message::new("impact-error-no-campaign"),
            ));
        }
        if ids.len() > MAX_CAMPAIGNS {
            return Err(ServiceError::invalid(
                "campaign",
                Message::new("impact-error-too-many").number("max", MAX_CAMPAIGNS as f64),
            ));
        }
        let mut campaigns = Vec::new();
        for id in &ids {
            let c = s
                .store
                .campaign(*id)
                .await?
                .ok_or_else(|| ServiceError::NotFound(format!("no campaign {id}")))?;
            campaigns.push(c);
        }
        let mut notes: Vec<Message> = Vec::new();
        let mut sources: Vec<Message> = Vec::new();
        let mut refs = Vec::new();
        let mut summaries = Vec::new();
        let mut daily: BTreeMap<(String, String), DailyReach> = BTreeMap::new();
        let mut cells: BTreeMap<String, CellReach> = BTreeMap::new();
        let mut locales: BTreeMap<String, (f64, Option<f64>)> = BTreeMap::new();
        let mut audiences: BTreeMap<i64, f64> = BTreeMap::new();
        let mut synthetic = false;
        let mut latest: Option<String> = None;
        let mut later = |day: &str| {
            if latest.as_deref().is_none_or(|l| day > l) {
                latest = Some(day.to_string());
            }
        };
        for c in &campaigns {
            let summary = s.measure().reach_of(c.id).await?;
            let snapshot = s.store.snapshot(c.snapshot_id).await?;
            let region = snapshot
                .as_ref()
                .and_then(|snap| snap.body["region"]["name"].as_str())
                .map(str::to_string);
            refs.push(CampaignRef {
                id: c.id,
                name: c.name.clone(),
                starts_on: local_day(c, c.starts_at),
                ends_on: local_day(c, c.ends_at),
                regions: region.into_iter().collect(),
            });
            if let Some(a) = summary.audience {
                audiences.insert(c.snapshot_id, a);
            }
            for row in s.store.campaign_insight_totals(c.id).await? {
                if !row.breakdown.is_empty() {
                    continue;
                }
                later(&row.day);
                add(&mut sources, Message::new("impact-source-insights"));
                synthetic |= row.channel == "sandbox";
                let d = daily
                    .entry((row.day.clone(), row.channel.clone()))
                    .or_insert_with(|| DailyReach {
                        day: row.day.clone(),
                        channel: row.channel.clone(),
                        reach: 0,
                        impressions: 0,
                        clicks: 0,
                        spend_minor: 0,
                    });
                d.reach += row.reach;
                d.impressions += row.impressions;
                d.clicks += row.clicks;
                d.spend_minor += row.spend_minor;
            }
            for e in s.store.offline_events(c.id).await? {
                later(&e.held_on);
                add(&mut sources, Message::new("impact-source-events"));
            }
            if summary.email.is_some() {
                add(&mut sources, Message::new("impact-source-email"));
            }
            // Reach per cell and per language: this campaign's unique reach spread over its audience.
            let reached = summary
                .unique
                .as_ref()
                .map_or(summary.sum as f64, |u| u.unique);
            if let Some(snap) = &snapshot {
                let population = s.audiences().snapshot_population(c.snapshot_id).await?;
                let total: f64 = population.iter().map(|(_, p)| p).sum();
                if total > 0.0 && reached > 0.0 {
                    for (cell, people) in population {
                        let key = cell.to_string();
                        let r = cells.entry(key.clone()).or_insert(CellReach {
                            cell: key,
                            population: people,
                            reach: 0.0,
                        });
                        r.reach += reached * people / total;
                    }
                }
                for size in snap.body["estimate"]["sizes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                {
                    let (Some(locale), Some(people)) =
                        (size["locale"].as_str(), size["size"].as_f64())
                    else {
                        continue;
                    };
                    let share = summary
                        .audience
                        .filter(|a| *a > 0.0)
                        .map(|a| (people / a).min(1.0));
                    let l = locales.entry(locale.to_string()).or_insert((0.0, None));
                    l.0 += people;
                    if let Some(share) = share {
                        l.1 = Some(l.1.unwrap_or(0.0) + reached * share);
                    }
                }
            }
            summaries.push(summary);
        }
        if !cells.is_empty() {
            notes.push(Message::new("impact-note-cells-population"));
        }
        if locales.values().any(|l| l.1.is_some()) {
            notes.push(Message::new("impact-note-locales-share"));
        }
        let reach = combine(&summaries, &audiences, &mut notes);
        let trainings = self.trainings(&ids, &mut later, &mut sources).await?;
        let survey = self
            .survey(
                &ids,
                query,
                &mut notes,
                &mut sources,
                &mut synthetic,
                &mut later,
            )
            .await?;
        let costs = costs(&campaigns, &daily, &reach);
        let data = ImpactData {
            synthetic,
            campaigns: refs,
            provenance: Provenance {
                version: env!("CARGO_PKG_VERSION").to_string(),
                data_through: latest,
                fingerprint: String::new(),
                sources,
            },
            reach,
            daily: daily.into_values().collect(),
            cells: cells.into_values().collect(),
            locales: locales
                .into_iter()
                .map(|(locale, (audience, reach))| LocaleReach {
                    locale,
                    audience,
                    reach,
                })
                .collect(),
            survey,
            trainings,
            costs,
            notes,
        };
        Ok(data.with_fingerprint())
    }

    async fn trainings(
        &self,
        ids: &BTreeSet<i64>,
        later: &mut impl FnMut(&str),
        sources: &mut Vec<Message>,
    ) -> Result<TrainingSection, ServiceError> {
        let rows: Vec<_> = self
            .0
            .store
            .trainings(None)
            .await?
            .into_iter()
            .filter(|t| t.campaign_id.is_some_and(|c| ids.contains(&c)))
            .collect();
        for r in &rows {
            later(&r.held_on);
        }
        if !rows.is_empty() {
            add(sources, Message::new("impact-source-trainings"));
        }
        let totals = crate::packs::training::totals(&rows);
        Ok(TrainingSection {
            sessions: totals.sessions,
            staff: totals.staff,
            by_sector: totals.by_sector.iter().map(TrainingRow::from).collect(),
            quiz: totals.quiz.as_ref().map(Into::into),
        })
    }

    /// The results of the first survey linked to one of the campaigns, as published.
    async fn survey(
        &self,
        ids: &BTreeSet<i64>,
        query: &ImpactQuery,
        notes: &mut Vec<Message>,
        sources: &mut Vec<Message>,
        synthetic: &mut bool,
        later: &mut impl FnMut(&str),
    ) -> Result<Option<SurveySection>, ServiceError> {
        let s = self.0;
        let Some(record) = s
            .store
            .surveys()
            .await?
            .into_iter()
            .filter(|v| v.campaign_id.is_some_and(|c| ids.contains(&c)))
            .min_by_key(|v| v.id)
        else {
            return Ok(None);
        };
        let results = s
            .surveys()
            .results_for(
                record.id,
                &ResultsQuery {
                    comparison: query.comparison.clone(),
                    weighted: query.weighted,
                    ..ResultsQuery::default()
                },
                false,
            )
            .await?;
        add(
            sources,
            Message::new("impact-source-survey")
                .text("name", &results.name)
                .number("version", results.version as f64),
        );
        for (file, format) in s.store.survey_import_sources(record.id).await? {
            if format == "demo" {
                *synthetic = true;
                add(sources, Message::new("impact-source-demo-answers"));
            } else {
                add(
                    sources,
                    Message::new("impact-source-import")
                        .text("file", &file)
                        .text("format", &format),
                );
            }
        }
        let name = results.name.clone();
        if let Some(day) = s.store.survey_latest_day(record.id).await? {
            later(&day);
        }
        notes.extend(results.notes.iter().cloned());
        Ok(Some(section(&results, name, s.config.measure.min_n)))
    }
}

/// Adds a source once.
fn add(sources: &mut Vec<Message>, m: Message) {
    if !sources.contains(&m) {
        sources.push(m);
    }
}

/// The day a campaign instant falls on in the campaign's zone, `YYYY-MM-DD`.
fn local_day(c: &Campaign, unix: i64) -> String {
    use chrono::TimeZone;
    // A campaign's zone was checked when it was saved; UTC stands in should it ever not read.
    let zone: chrono_tz::Tz = c.time_zone.parse().unwrap_or(chrono_tz::UTC);
    // An instant has exactly one local time, so `single` always holds one.
    zone.timestamp_opt(unix, 0)
        .single()
        .map(|t| t.date_naive().to_string())
        .unwrap_or_default()
}

/// The campaigns' reach as one section: each channel's reach added over the campaigns (rows per channel,
/// in channel order), and unique people by the Sainsbury formula over every campaign's channels within
/// the sum of the distinct audiences (campaigns on different snapshots taken not to share people).
fn combine(
    summaries: &[ReachSummary],
    audiences: &BTreeMap<i64, f64>,
    notes: &mut Vec<Message>,
) -> ReachSection {
    let mut channels: BTreeMap<String, ChannelRow> = BTreeMap::new();
    let mut reaches = Vec::new();
    for s in summaries {
        for c in &s.channels {
            reaches.push(c.reach as f64);
            let row = channels.entry(c.channel.clone()).or_insert(ChannelRow {
                channel: c.channel.clone(),
                reach: 0,
                basis: c.basis.clone(),
                impressions: c.impressions.map(|_| 0),
                clicks: c.clicks.map(|_| 0),
            });
            row.reach += c.reach;
            row.impressions = row.impressions.zip(c.impressions).map(|(a, b)| a + b);
            row.clicks = row.clicks.zip(c.clicks).map(|(a, b)| a + b);
        }
        for n in &s.notes {
            if !notes.contains(n) {
                notes.push(n.clone());
            }
        }
    }
    let audience = (!audiences.is_empty()).then(|| audiences.values().sum::<f64>());
    if audiences.len() > 1 {
        notes.push(
            Message::new("impact-note-audiences-added").number("count", audiences.len() as f64),
        );
    }
    let sum = channels.values().map(|c| c.reach).sum();
    let unique = audience
        .filter(|a| *a > 0.0 && summaries.iter().all(|s| s.audience.is_some()))
        .map(|a| UniqueReach::from(&sainsbury(a, &reaches)));
    ReachSection {
        audience,
        channels: channels.into_values().collect(),
        sum,
        unique,
        staff_trained: summaries.iter().map(|s| s.staff_trained).sum(),
    }
}

/// Spend per channel and currency, from the daily rows, over the people that channel reached.
fn costs(
    campaigns: &[Campaign],
    daily: &BTreeMap<(String, String), DailyReach>,
    reach: &ReachSection,
) -> Vec<CostRow> {
    let mut spend: BTreeMap<String, i64> = BTreeMap::new();
    for d in daily.values() {
        *spend.entry(d.channel.clone()).or_default() += d.spend_minor;
    }
    spend
        .into_iter()
        .map(|(channel, spend_minor)| {
            let currency = campaigns
                .iter()
                .flat_map(|c| &c.channels)
                .find(|p| p.channel == channel)
                .map_or_else(|| "XXX".to_string(), |p| p.currency.clone());
            let exponent = minor_digits(&currency);
            let reached = reach
                .channels
                .iter()
                .find(|c| c.channel == channel)
                .map_or(0, |c| c.reach);
            let major = spend_minor as f64 / 10f64.powi(exponent as i32);
            CostRow {
                channel,
                currency,
                spend_minor,
                exponent,
                cost_per_reached: (reached > 0).then(|| major / reached as f64),
            }
        })
        .collect()
}

/// The survey's results as the report shows them: the outcome's shares in the baseline and follow-up
/// waves of the target and comparison groups, their changes, the difference-in-differences, breakdowns,
/// scales and choices. Suppressed cells are left out (their absence is noted by the results' notes).
fn section(r: &SurveyResults, name: String, min_n: u64) -> SurveySection {
    let group_name = |key: &str| {
        r.groups
            .iter()
            .find(|g| g.key == key)
            .map_or_else(|| key.to_string(), |g| g.name.clone())
    };
    let wave_of = |key: &str| -> Option<Wave> {
        if r.before.as_deref() == Some(key) {
            Some(Wave::Before)
        } else if r.after.as_deref() == Some(key) {
            Some(Wave::After)
        } else {
            None
        }
    };
    let shown = |g: &str| r.target.as_deref() == Some(g) || r.comparison.as_deref() == Some(g);
    let shares = r
        .cells
        .iter()
        .filter(|c| shown(&c.group))
        .filter_map(|c| {
            Some(ShareCell {
                wave: wave_of(&c.wave)?,
                group: group_name(&c.group),
                share: ShareFigures::from(c.share.as_ref()?),
            })
        })
        .collect();
    let changes = r
        .changes
        .iter()
        .filter(|(g, _)| shown(g))
        .filter_map(|(g, c)| {
            Some(GroupChange {
                group: group_name(g),
                change: ChangeFigures::from(c.as_ref()?),
            })
        })
        .collect();
    let breakdowns = r
        .breakdowns
        .iter()
        .filter(|b| shown(&b.cell.group))
        .filter_map(|b| {
            Some(BreakdownRow {
                by: if b.by == "locale" {
                    BreakdownBy::Locale
                } else {
                    BreakdownBy::Channel
                },
                value: b.value.clone(),
                wave: wave_of(&b.cell.wave)?,
                group: group_name(&b.cell.group),
                n: b.cell.share.as_ref().map_or(0, |s| s.rows),
                share: b.cell.share.as_ref().map(ShareFigures::from),
                suppressed: b.cell.suppressed,
            })
        })
        .collect();
    let scales = r
        .likert
        .iter()
        .filter(|l| shown(&l.group))
        .filter_map(|l| {
            Some(ScaleQuestion {
                question: l.text.clone(),
                wave: wave_of(&l.wave)?,
                group: group_name(&l.group),
                scale: ScaleFigures::from(l.scale.as_ref()?),
            })
        })
        .collect();
    let choices = r
        .choices
        .iter()
        .filter_map(|c| {
            Some(ChoiceQuestion {
                question: c.text.clone(),
                wave: wave_of(&c.wave)?,
                group: String::new(),
                options: c
                    .options
                    .iter()
                    .filter_map(|(_, label, count)| {
                        Some(ChoiceCount {
                            label: label.clone(),
                            count: (*count)?,
                        })
                    })
                    .collect(),
            })
        })
        .collect();
    // The first answer that counts, in the words of the outcome question's options.
    let answer = r
        .outcome_values
        .first()
        .and_then(|v| {
            r.choices
                .iter()
                .filter(|c| c.question == r.outcome_question)
                .flat_map(|c| &c.options)
                .find(|(value, _, _)| value == v)
                .map(|(_, text, _)| text.clone())
        })
        .unwrap_or_default();
    SurveySection {
        name,
        question: r.outcome_text.clone(),
        answer,
        target: r.target.as_deref().map(group_name).unwrap_or_default(),
        comparison: r.comparison.as_deref().map(group_name),
        weighted: r.weighted,
        min_n,
        k: r.k,
        shares,
        changes,
        did: r.did.as_ref().map(DidFigures::from),
        breakdowns,
        scales,
        choices,
    }
}
