//! What the impact report shows: numbers only, gathered by the measure service, with no personal data.
//! Words are kept as message ids of the locale files (questions, answers, how a reach was counted, notes)
//! and localised when the document is built (`super::document`).
//!
//! The statistics of `measure` are copied into the `*Figures` types here, which can be read back from
//! JSON as well as written: a report's data is kept and exported as JSON, and its fingerprint is taken over
//! it. A figure that could not be computed (an empty group, a mean of one answer) is NaN in Rust and
//! `null` in JSON.

use serde::{Deserialize, Deserializer, Serialize};
use sha2::{Digest, Sha256};

use crate::measure::reach::ReachEstimate;
use crate::measure::stats::{Change, DiffInDiff, Scale, Share};
use crate::message::Message;
use crate::packs::training::{QuizChange, TrainingGroup};

/// Reads a number, or `null` as NaN (serde_json writes NaN and infinities as `null`).
fn number_or_nan<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// Everything one impact report shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImpactData {
    /// Whether the figures are made up (the demo's, or [`ImpactData::sample`]); the report then says so on
    /// its cover and in its method section.
    pub synthetic: bool,
    /// The campaigns the report covers.
    pub campaigns: Vec<CampaignRef>,
    /// Where the figures came from and which Beacon made the report.
    pub provenance: Provenance,
    /// People reached across channels.
    pub reach: ReachSection,
    /// Each channel's figures per day, for the reach-over-time chart, by day then channel.
    pub daily: Vec<DailyReach>,
    /// Estimated reach per H3 cell, for the map.
    pub cells: Vec<CellReach>,
    /// The audience and its estimated reach per language.
    pub locales: Vec<LocaleReach>,
    /// The follow-up survey's results; `None` when no survey was run.
    pub survey: Option<SurveySection>,
    /// Partners' training sessions for the campaigns.
    pub trainings: TrainingSection,
    /// Spend per channel.
    pub costs: Vec<CostRow>,
    /// Every assumption and warning behind the figures, worded in the locale files.
    pub notes: Vec<Message>,
}

/// A campaign the report covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignRef {
    pub id: i64,
    pub name: String,
    /// First day, `YYYY-MM-DD`.
    pub starts_on: String,
    /// Last day, `YYYY-MM-DD`.
    pub ends_on: String,
    /// The names of the regions it was aimed at.
    pub regions: Vec<String>,
}

/// Where a report's figures came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The Beacon version that gathered the data (`env!("CARGO_PKG_VERSION")`).
    pub version: String,
    /// The latest day in the data, `YYYY-MM-DD`; `None` when there is no dated figure.
    pub data_through: Option<String>,
    /// The hex SHA-256 of the data's canonical JSON with this field empty ([`ImpactData::fingerprint`]).
    pub fingerprint: String,
    /// Each source of figures, worded in the locale files (`impact-source-*`): the platforms' figures,
    /// the survey and its version, each file of answers.
    pub sources: Vec<Message>,
}

/// People reached across channels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReachSection {
    /// The people the campaigns were aimed at; `None` when the audience has no population estimate.
    pub audience: Option<f64>,
    /// Each channel's own reach.
    pub channels: Vec<ChannelRow>,
    /// The plain sum of the channels' reach: a person reached by two channels counts twice.
    pub sum: i64,
    /// Unique people reached across channels (Sainsbury, capped at the audience); `None` without an
    /// audience size.
    pub unique: Option<UniqueReach>,
    /// Partners' staff trained (not part of the audience, so not in the sums).
    pub staff_trained: i64,
}

/// One channel's reach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelRow {
    /// `meta`, `google`, `sandbox`, `email` or `events`.
    pub channel: String,
    /// People reached as the channel counts them.
    pub reach: i64,
    /// How `reach` was counted: a message id of the locale files (`reach-basis-platform-peak`…).
    pub basis: String,
    pub impressions: Option<i64>,
    pub clicks: Option<i64>,
}

/// The estimate of unique people reached, as [`ReachEstimate`] gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UniqueReach {
    /// The audience the channels shared.
    pub audience: f64,
    /// Each channel's reach, as given.
    pub channels: Vec<f64>,
    /// The plain sum of the channels' reach.
    pub sum: f64,
    /// Unique people reached.
    pub unique: f64,
    /// Channels whose reach was larger than the audience, taken as the whole audience.
    pub capped: usize,
}

impl From<&ReachEstimate> for UniqueReach {
    fn from(e: &ReachEstimate) -> Self {
        Self {
            audience: e.audience,
            channels: e.channels.clone(),
            sum: e.sum,
            unique: e.unique,
            capped: e.capped,
        }
    }
}

/// One channel's figures on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DailyReach {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub channel: String,
    /// People reached that day, as the platform counts them (days cannot be added up).
    pub reach: i64,
    pub impressions: i64,
    pub clicks: i64,
    /// Spend that day in the currency's minor unit (pence, cents).
    pub spend_minor: i64,
}

/// Estimated reach in one H3 cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellReach {
    /// The H3 cell index (`87194ad35ffffff`).
    pub cell: String,
    /// People living in the cell, in the audience's population layer.
    pub population: f64,
    /// Estimated people reached in the cell.
    pub reach: f64,
}

/// The audience speaking one language, and how many of them were reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocaleReach {
    /// The locale code (`lt`).
    pub locale: String,
    /// People in the audience who speak it.
    pub audience: f64,
    /// Estimated people reached in it; `None` when no channel reports by language.
    pub reach: Option<f64>,
}

/// A survey wave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Wave {
    Before,
    After,
}

impl Wave {
    /// `before` or `after`, as files and message ids write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Wave::Before => "before",
            Wave::After => "after",
        }
    }
}

/// The follow-up survey's results for the report's outcome question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveySection {
    /// The survey's name.
    pub name: String,
    /// The outcome question: a message id of the locale files (`survey-q-heard-before`).
    pub question: String,
    /// The answer that counts as the outcome: a message id (`survey-a-yes`).
    pub answer: String,
    /// The target group's name (the campaign's region).
    pub target: String,
    /// The comparison group's name (a region the campaign did not reach); `None` without one.
    pub comparison: Option<String>,
    /// Whether answers were weighted (post-stratification); the `n` of every interval is then Kish's
    /// effective sample size.
    pub weighted: bool,
    /// Groups with fewer answers than this are flagged as too small to read.
    pub min_n: u64,
    /// Breakdown cells with fewer answers than this are not shown (the disclosure policy's k).
    pub k: u64,
    /// The outcome's share per wave and group.
    pub shares: Vec<ShareCell>,
    /// The change from before to after, per group.
    pub changes: Vec<GroupChange>,
    /// The target's change less the comparison's; `None` without a comparison group.
    pub did: Option<DidFigures>,
    /// The outcome by the answerer's language and by the channel they saw the campaign on.
    pub breakdowns: Vec<BreakdownRow>,
    /// Questions answered on a scale (Likert).
    pub scales: Vec<ScaleQuestion>,
    /// Questions with one answer out of several: how many gave each.
    pub choices: Vec<ChoiceQuestion>,
}

/// A share with its Wilson 95% interval, as [`Share`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ShareFigures {
    /// Answers counted.
    pub rows: u64,
    /// The sample size the interval uses (Kish's effective size with weights).
    #[serde(deserialize_with = "number_or_nan")]
    pub n: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub share: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub ci_low: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub ci_high: f64,
}

impl From<&Share> for ShareFigures {
    fn from(s: &Share) -> Self {
        Self {
            rows: s.rows,
            n: s.n,
            share: s.share,
            ci_low: s.ci_low,
            ci_high: s.ci_high,
        }
    }
}

/// The outcome's share in one wave and group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShareCell {
    pub wave: Wave,
    /// The group's name: [`SurveySection::target`] or [`SurveySection::comparison`].
    pub group: String,
    pub share: ShareFigures,
}

/// A change between waves with its unpooled Wald 95% interval and pooled z-test, as [`Change`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChangeFigures {
    pub before: ShareFigures,
    pub after: ShareFigures,
    /// `after − before`, as a share (0.05 = 5 percentage points).
    #[serde(deserialize_with = "number_or_nan")]
    pub change: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub ci_low: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub ci_high: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub z: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub p_value: f64,
}

impl From<&Change> for ChangeFigures {
    fn from(c: &Change) -> Self {
        Self {
            before: (&c.before).into(),
            after: (&c.after).into(),
            change: c.change,
            ci_low: c.ci_low,
            ci_high: c.ci_high,
            z: c.z,
            p_value: c.p_value,
        }
    }
}

/// One group's change from before to after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupChange {
    pub group: String,
    pub change: ChangeFigures,
}

/// Difference-in-differences with its HC0 standard error, as [`DiffInDiff`] gives it (the two groups'
/// changes are in [`SurveySection::changes`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DidFigures {
    /// The target's change less the comparison's, as a share.
    #[serde(deserialize_with = "number_or_nan")]
    pub did: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub se: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub ci_low: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub ci_high: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub z: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub p_value: f64,
}

impl From<&DiffInDiff> for DidFigures {
    fn from(d: &DiffInDiff) -> Self {
        Self {
            did: d.did,
            se: d.se,
            ci_low: d.ci_low,
            ci_high: d.ci_high,
            z: d.z,
            p_value: d.p_value,
        }
    }
}

/// What a breakdown splits answers by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BreakdownBy {
    /// The language the survey was answered in.
    Locale,
    /// The channel the answerer saw the campaign on.
    Channel,
}

impl BreakdownBy {
    /// `locale` or `channel`.
    pub fn as_str(self) -> &'static str {
        match self {
            BreakdownBy::Locale => "locale",
            BreakdownBy::Channel => "channel",
        }
    }
}

/// The outcome among the answers with one value of a breakdown, in one wave and group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakdownRow {
    pub by: BreakdownBy,
    /// A locale code or a channel.
    pub value: String,
    pub wave: Wave,
    pub group: String,
    /// Answers in the cell.
    pub n: u64,
    /// The share; `None` when the cell is suppressed.
    pub share: Option<ShareFigures>,
    /// Whether the cell had fewer than k answers, so its share is not shown.
    pub suppressed: bool,
}

/// A Likert item's answers, as [`Scale`] gives them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleFigures {
    pub rows: u64,
    #[serde(deserialize_with = "number_or_nan")]
    pub n: f64,
    /// (answer, share of answers), by answer.
    pub distribution: Vec<(i64, f64)>,
    #[serde(deserialize_with = "number_or_nan")]
    pub mean: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub sd: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub ci_low: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub ci_high: f64,
}

impl From<&Scale> for ScaleFigures {
    fn from(s: &Scale) -> Self {
        Self {
            rows: s.rows,
            n: s.n,
            distribution: s.distribution.clone(),
            mean: s.mean,
            sd: s.sd,
            ci_low: s.ci_low,
            ci_high: s.ci_high,
        }
    }
}

/// A question answered on a scale, in one wave and group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleQuestion {
    /// The question: a message id.
    pub question: String,
    pub wave: Wave,
    pub group: String,
    pub scale: ScaleFigures,
}

/// A question with one answer out of several, in one wave and group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceQuestion {
    /// The question: a message id.
    pub question: String,
    pub wave: Wave,
    pub group: String,
    /// Each option's answers, in the question's order.
    pub options: Vec<ChoiceCount>,
}

/// How many gave one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceCount {
    /// The answer's label: a message id (`survey-a-call-helpline`).
    pub label: String,
    pub count: u64,
}

/// Partners' training sessions for the campaigns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingSection {
    pub sessions: u64,
    pub staff: u64,
    /// Per sector (the sector's code as `key` and `label`), most staff first.
    pub by_sector: Vec<TrainingRow>,
    /// The quiz's correct answers before and after; `None` when no session reported both.
    pub quiz: Option<QuizFigures>,
}

/// One group's sessions and staff trained, as [`TrainingGroup`] gives them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingRow {
    pub key: String,
    pub label: String,
    pub sessions: u64,
    pub staff: u64,
}

impl From<&TrainingGroup> for TrainingRow {
    fn from(g: &TrainingGroup) -> Self {
        Self {
            key: g.key.clone(),
            label: g.label.clone(),
            sessions: g.sessions,
            staff: g.staff,
        }
    }
}

/// The training quiz's change, as [`QuizChange`] gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuizFigures {
    /// Sessions that reported both quizzes.
    pub sessions: u64,
    pub before_correct: u64,
    pub before_answers: u64,
    pub after_correct: u64,
    pub after_answers: u64,
    #[serde(deserialize_with = "number_or_nan")]
    pub before_share: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub after_share: f64,
    /// After minus before, as a share.
    #[serde(deserialize_with = "number_or_nan")]
    pub change: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub low: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub high: f64,
}

impl From<&QuizChange> for QuizFigures {
    fn from(q: &QuizChange) -> Self {
        Self {
            sessions: q.sessions,
            before_correct: q.before_correct,
            before_answers: q.before_answers,
            after_correct: q.after_correct,
            after_answers: q.after_answers,
            before_share: q.before_share,
            after_share: q.after_share,
            change: q.change,
            low: q.low,
            high: q.high,
        }
    }
}

/// One channel's spend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostRow {
    pub channel: String,
    /// ISO 4217 code (`GBP`).
    pub currency: String,
    /// Spend in the currency's minor unit.
    pub spend_minor: i64,
    /// The minor unit's exponent (2 for pence: 12345 is 123.45).
    pub exponent: u32,
    /// Spend in major units per person the channel reached; `None` when it reached nobody.
    pub cost_per_reached: Option<f64>,
}

impl CostRow {
    /// The spend in major units (pounds, euros).
    pub fn spend(&self) -> f64 {
        self.spend_minor as f64 / 10f64.powi(self.exponent.min(9) as i32)
    }
}

impl ImpactData {
    /// The hex SHA-256 of the data's canonical JSON (serde_json's compact form: fields in declaration
    /// order, no maps, floats written shortest-round-trip) with `provenance.fingerprint` empty.
    pub fn fingerprint(&self) -> String {
        let mut copy = self.clone();
        copy.provenance.fingerprint.clear();
        // Serialising these types cannot fail: no maps with non-string keys, no custom serialisers.
        let json = serde_json::to_vec(&copy).unwrap_or_default();
        hex::encode(Sha256::digest(&json))
    }

    /// The data with its fingerprint filled in.
    pub fn with_fingerprint(mut self) -> Self {
        self.provenance.fingerprint = self.fingerprint();
        self
    }

    /// A report with every section filled with made-up Fenland-like figures (marked synthetic), to check
    /// templates with and for tests.
    pub fn sample() -> ImpactData {
        sample()
    }
}

fn sample() -> ImpactData {
    use crate::measure::reach::sainsbury;
    use crate::measure::stats::{ScaleTally, Tally};

    let s = |t: &str| t.to_string();
    let audience = 41_250.0;
    let channels = vec![
        ChannelRow {
            channel: s("meta"),
            reach: 12_840,
            basis: s("reach-basis-platform-peak"),
            impressions: Some(96_310),
            clicks: Some(1_482),
        },
        ChannelRow {
            channel: s("google"),
            reach: 7_310,
            basis: s("reach-basis-platform-peak"),
            impressions: Some(51_904),
            clicks: Some(733),
        },
        ChannelRow {
            channel: s("email"),
            reach: 2_164,
            basis: s("reach-basis-email-delivered"),
            impressions: None,
            clicks: None,
        },
        ChannelRow {
            channel: s("events"),
            reach: 420,
            basis: s("reach-basis-events"),
            impressions: None,
            clicks: None,
        },
    ];
    let reaches: Vec<f64> = channels.iter().map(|c| c.reach as f64).collect();
    let estimate = sainsbury(audience, &reaches);

    // Four weeks of platform figures: a ramp over the first week, then a weekly rhythm.
    let mut daily = Vec::new();
    for d in 0..28i64 {
        let day = format!("2026-10-{:02}", d + 1);
        let ramp = (d + 1).min(7);
        let weekly = [0, 3, 5, 6, 4, 1, -2][(d % 7) as usize];
        for (channel, base, spend) in [("google", 520, 10_650), ("meta", 900, 14_720)] {
            let reach = base * ramp / 7 + base * weekly / 20;
            daily.push(DailyReach {
                day: day.clone(),
                channel: s(channel),
                reach,
                impressions: reach * 7 + d * 13,
                clicks: reach / 9,
                spend_minor: spend * ramp / 7,
            });
        }
    }

    // 37 cells of about 5 km² around Wisbech, more people and more reached nearer the town.
    let cells = sample_cells();

    let before_t = Tally::counts(118, 412);
    let after_t = Tally::counts(187, 436);
    let before_c = Tally::counts(109, 398);
    let after_c = Tally::counts(121, 405);
    let (target, comparison) = (s("Fenland"), s("South Holland"));
    let share = |wave, group: &str, t: &Tally| ShareCell {
        wave,
        group: group.to_string(),
        share: (&Share::of(t)).into(),
    };
    let did = DiffInDiff::of(&before_t, &after_t, &before_c, &after_c);
    let k = 10;
    let mut breakdowns = Vec::new();
    for (by, value, yes, n) in [
        (BreakdownBy::Locale, "en", 121, 281),
        (BreakdownBy::Locale, "lt", 37, 79),
        (BreakdownBy::Locale, "pl", 19, 52),
        (BreakdownBy::Locale, "ro", 8, 18),
        (BreakdownBy::Locale, "bg", 2, 6),
        (BreakdownBy::Channel, "meta", 96, 171),
        (BreakdownBy::Channel, "google", 41, 88),
        (BreakdownBy::Channel, "email", 20, 33),
        (BreakdownBy::Channel, "events", 5, 7),
    ] {
        let suppressed = n < k;
        breakdowns.push(BreakdownRow {
            by,
            value: s(value),
            wave: Wave::After,
            group: target.clone(),
            n,
            share: (!suppressed).then(|| (&Share::of(&Tally::counts(yes, n))).into()),
            suppressed,
        });
    }
    let scale = |counts: [u64; 5]| {
        let mut t = ScaleTally::default();
        for (i, c) in counts.iter().enumerate() {
            for _ in 0..*c {
                t.add(i as i64 + 1, 1.0);
            }
        }
        ScaleFigures::from(&Scale::of(&t))
    };
    let choice = |wave, counts: [u64; 4]| ChoiceQuestion {
        question: s("survey-q-what-action"),
        wave,
        group: target.clone(),
        options: [
            "survey-a-call-helpline",
            "survey-a-tell-someone",
            "survey-a-report-online",
            "survey-a-nothing",
        ]
        .iter()
        .zip(counts)
        .map(|(label, count)| ChoiceCount {
            label: s(label),
            count,
        })
        .collect(),
    };
    let survey = SurveySection {
        name: s("fenland-2026 v2"),
        question: s("survey-q-heard-before"),
        answer: s("survey-a-yes"),
        target: target.clone(),
        comparison: Some(comparison.clone()),
        weighted: false,
        min_n: 30,
        k,
        shares: vec![
            share(Wave::Before, &target, &before_t),
            share(Wave::After, &target, &after_t),
            share(Wave::Before, &comparison, &before_c),
            share(Wave::After, &comparison, &after_c),
        ],
        changes: vec![
            GroupChange {
                group: target.clone(),
                change: (&Change::of(&before_t, &after_t)).into(),
            },
            GroupChange {
                group: comparison.clone(),
                change: (&Change::of(&before_c, &after_c)).into(),
            },
        ],
        did: Some((&did).into()),
        breakdowns,
        scales: vec![
            ScaleQuestion {
                question: s("survey-q-act-differently"),
                wave: Wave::Before,
                group: target.clone(),
                scale: scale([41, 88, 131, 102, 50]),
            },
            ScaleQuestion {
                question: s("survey-q-act-differently"),
                wave: Wave::After,
                group: target.clone(),
                scale: scale([29, 66, 128, 139, 74]),
            },
        ],
        choices: vec![
            choice(Wave::Before, [96, 143, 58, 115]),
            choice(Wave::After, [158, 132, 71, 75]),
        ],
    };

    let quiz_change = Change::of(&Tally::counts(312, 520), &Tally::counts(441, 520));
    let quiz = QuizFigures {
        sessions: 7,
        before_correct: 312,
        before_answers: 520,
        after_correct: 441,
        after_answers: 520,
        before_share: quiz_change.before.share,
        after_share: quiz_change.after.share,
        change: quiz_change.change,
        low: quiz_change.ci_low,
        high: quiz_change.ci_high,
    };
    let row = |key: &str, sessions, staff| TrainingRow {
        key: s(key),
        label: s(key),
        sessions,
        staff,
    };
    let costs = [("meta", 412_350i64, 12_840i64), ("google", 298_000, 7_310)]
        .into_iter()
        .chain([("events", 85_000, 420)])
        .map(|(channel, spend_minor, reach)| CostRow {
            channel: s(channel),
            currency: s("GBP"),
            spend_minor,
            exponent: 2,
            cost_per_reached: Some(spend_minor as f64 / 100.0 / reach as f64),
        })
        .collect();

    ImpactData {
        synthetic: true,
        campaigns: vec![CampaignRef {
            id: 1,
            name: s("Know your rights at work (Fenland, autumn 2026)"),
            starts_on: s("2026-10-01"),
            ends_on: s("2026-10-28"),
            regions: vec![s("Fenland")],
        }],
        provenance: Provenance {
            version: s(env!("CARGO_PKG_VERSION")),
            data_through: Some(s("2026-10-28")),
            fingerprint: String::new(),
            sources: vec![
                Message::new("impact-source-insights"),
                Message::new("impact-source-email"),
                Message::new("impact-source-events"),
                Message::new("impact-source-survey")
                    .text("name", "fenland-2026")
                    .number("version", 2.0),
                Message::new("impact-source-trainings"),
            ],
        },
        reach: ReachSection {
            audience: Some(audience),
            channels,
            sum: estimate.sum as i64,
            unique: Some((&estimate).into()),
            staff_trained: 86,
        },
        daily,
        cells,
        locales: vec![
            LocaleReach {
                locale: s("en"),
                audience: 26_400.0,
                reach: Some(14_900.0),
            },
            LocaleReach {
                locale: s("lt"),
                audience: 6_800.0,
                reach: Some(3_950.0),
            },
            LocaleReach {
                locale: s("pl"),
                audience: 4_900.0,
                reach: Some(2_300.0),
            },
            LocaleReach {
                locale: s("ro"),
                audience: 2_050.0,
                reach: Some(880.0),
            },
            LocaleReach {
                locale: s("bg"),
                audience: 1_100.0,
                reach: None,
            },
        ],
        survey: Some(survey),
        trainings: TrainingSection {
            sessions: 9,
            staff: 86,
            by_sector: vec![
                row("police", 3, 38),
                row("bank", 3, 24),
                row("health", 3, 24),
            ],
            quiz: Some(quiz),
        },
        costs,
        notes: vec![
            Message::new("reach-note-platform-peak"),
            Message::new("reach-note-email")
                .number("sent", 2_231)
                .number("bounced", 67)
                .number("failed", 3),
            Message::new("reach-note-events"),
            Message::new("reach-note-sainsbury"),
            Message::new("impact-note-cells-population"),
            Message::new("impact-note-locales-share"),
        ],
    }
    .with_fingerprint()
}

fn sample_cells() -> Vec<CellReach> {
    let Ok(wisbech) = h3o::LatLng::new(52.666, 0.159) else {
        return Vec::new();
    };
    let centre = wisbech.to_cell(h3o::Resolution::Seven);
    let mut cells: Vec<CellReach> = centre
        .grid_disk::<Vec<_>>(3)
        .into_iter()
        .map(|cell| {
            let ring = centre.grid_distance(cell).unwrap_or(3).max(0) as u32;
            let digits = u64::from(cell) % 97;
            let population = f64::from(2_400 / (ring + 1) + 150) + digits as f64 * 7.0;
            let rate = [0.52, 0.44, 0.37, 0.29][ring.min(3) as usize];
            CellReach {
                cell: cell.to_string(),
                population,
                reach: (population * rate).round(),
            }
        })
        .collect();
    cells.sort_by(|a, b| a.cell.cmp(&b.cell));
    cells
}
