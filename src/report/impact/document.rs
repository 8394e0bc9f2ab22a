//! The impact report in one reader's language: every label, sentence and note from the locale files
//! (`report.ftl`, with channels' and reach bases' names from `ui.ftl` and questions from `survey.ftl`),
//! numbers written the locale's way, and the charts drawn as SVG. HTML and PDF lay out this one
//! [`ImpactDocument`], so they say the same.

use std::collections::BTreeMap;

use serde::Serialize;

use super::charts::{
    self, ChartText, LocalesChartWords, Numbers, ReachChartWords, SharesChartWords,
};
use super::data::{BreakdownBy, ImpactData, ShareFigures, SurveySection, Wave};
use crate::content::i18n::{ArgValue, LocaleId, Locales, direction};
use crate::content::numbers::NumberFormat;
use crate::packs::{autonym, sector_message_id};

/// The report in one language, ready to lay out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImpactDocument {
    /// The locale the words were asked in.
    pub locale: String,
    /// The language alone (`pt` of `pt-BR`), as document formats want it.
    pub lang: String,
    /// `ltr` or `rtl`.
    pub dir: String,
    pub title: String,
    /// The campaigns and their dates.
    pub subtitle: String,
    /// The warning that the figures are made up; `None` for real data.
    pub synthetic: Option<String>,
    pub sections: Vec<Section>,
    /// Version, date of the data and fingerprint, on every page.
    pub footer: String,
}

/// A part of the report: its paragraphs, then its charts, tables and list, in that order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// A stable name (`reach`, `survey`…), for anchors.
    pub id: String,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub charts: Vec<Chart>,
    pub tables: Vec<Table>,
    pub items: Vec<String>,
}

/// A chart as SVG, with the file name the PDF reads it by.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// `impact-reach.svg`…
    pub file: String,
    /// The chart's title, shown as its caption (its accessible name is in the SVG too).
    pub title: String,
    /// What to keep in mind reading it (may be empty).
    pub caption: String,
    pub svg: String,
}

/// A table of text cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub caption: String,
    pub columns: Vec<String>,
    /// Whether each column holds numbers (aligned to the end).
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

impl Section {
    fn new(id: &str, heading: String) -> Self {
        Self {
            id: id.to_string(),
            heading,
            paragraphs: Vec::new(),
            charts: Vec::new(),
            tables: Vec::new(),
            items: Vec::new(),
        }
    }
}

/// Shown for a figure that could not be computed.
const MISSING: &str = "–";

/// The reader's words and numbers.
struct Words<'a> {
    locales: &'a Locales,
    locale: &'a LocaleId,
    numbers: NumberFormat,
}

fn text(value: impl Into<String>) -> ArgValue {
    ArgValue::Text(value.into())
}

impl Words<'_> {
    fn t(&self, id: &str) -> String {
        self.locales.format_with(self.locale, id, &[])
    }

    fn ta(&self, id: &str, args: &[(&str, ArgValue)]) -> String {
        self.locales.format_with(self.locale, id, args)
    }

    /// The message `id` if the locale files have it, else `fallback` (a code shown as it is).
    fn label_or(&self, id: &str, fallback: &str) -> String {
        self.locales
            .format_with_traced(self.locale, id, &[])
            .map_or_else(|| fallback.to_string(), |t| t.text)
    }

    fn num(&self, value: f64, decimals: usize) -> String {
        if value.is_finite() {
            self.numbers.format(value, 0, decimals, true)
        } else {
            MISSING.to_string()
        }
    }

    fn int(&self, value: impl Into<f64>) -> String {
        self.num(value.into(), 0)
    }

    /// A share of 0 to 1 as a percentage with one decimal.
    fn pct(&self, share: f64) -> String {
        if !share.is_finite() {
            return MISSING.to_string();
        }
        let value = self.numbers.format(share * 100.0, 1, 1, true);
        self.ta("impact-percent", &[("value", text(value))])
    }

    /// A difference of shares in percentage points with its sign.
    fn points(&self, change: f64) -> String {
        self.points_signed(change, true)
    }

    /// Percentage points, with a `+` before a positive value when `signed`.
    fn points_signed(&self, change: f64, signed: bool) -> String {
        if !change.is_finite() {
            return MISSING.to_string();
        }
        let mut value = self.numbers.format(change * 100.0, 1, 1, true);
        if signed && change > 0.0 && (change * 1000.0).round() != 0.0 {
            value.insert(0, '+');
        }
        self.ta("impact-points", &[("value", text(value))])
    }

    fn interval(&self, low: String, high: String) -> String {
        if low == MISSING || high == MISSING {
            return MISSING.to_string();
        }
        self.ta(
            "impact-interval",
            &[("low", text(low)), ("high", text(high))],
        )
    }

    fn share_interval(&self, s: &ShareFigures) -> String {
        self.interval(self.pct(s.ci_low), self.pct(s.ci_high))
    }

    fn p_value(&self, p: f64) -> String {
        if !p.is_finite() {
            MISSING.to_string()
        } else if p < 0.001 {
            format!("< {}", self.numbers.format(0.001, 3, 3, false))
        } else {
            self.numbers.format(p, 3, 3, false)
        }
    }

    fn wave(&self, wave: Wave) -> String {
        self.t(&format!("impact-wave-{}", wave.as_str()))
    }

    fn channel(&self, channel: &str) -> String {
        self.label_or(&format!("channel-{channel}"), channel)
    }

    fn language(&self, locale: &str) -> String {
        let name = autonym(locale);
        if name == locale {
            name
        } else {
            format!("{name} ({locale})")
        }
    }

    /// The sample size an interval used: the answers, or Kish's effective size when it differs.
    fn n(&self, s: &ShareFigures) -> String {
        if (s.n - s.rows as f64).abs() < 1e-9 {
            self.int(s.rows as f64)
        } else {
            self.num(s.n, 1)
        }
    }
}

/// Builds the report's words and charts for `data` in `locale`.
pub fn document(locales: &Locales, locale: &LocaleId, data: &ImpactData) -> ImpactDocument {
    let w = Words {
        locales,
        locale,
        numbers: NumberFormat::for_locale(locale.as_str()),
    };
    let number = |v: f64| w.num(v, 0);
    let percent = |v: f64| w.pct(v);
    let numbers = Numbers {
        number: &number,
        percent: &percent,
    };

    let campaigns = data
        .campaigns
        .iter()
        .map(|c| c.name.clone())
        .collect::<Vec<_>>()
        .join(&w.t("list-separator"));
    let from = data.campaigns.iter().map(|c| c.starts_on.as_str()).min();
    let to = data.campaigns.iter().map(|c| c.ends_on.as_str()).max();
    let subtitle = match (from, to) {
        (Some(from), Some(to)) => w.ta(
            "impact-subtitle",
            &[
                ("campaigns", text(campaigns)),
                ("from", text(from)),
                ("to", text(to)),
            ],
        ),
        _ => w.t("impact-no-campaigns"),
    };
    let through = data
        .provenance
        .data_through
        .clone()
        .unwrap_or_else(|| MISSING.to_string());
    let footer = w.ta(
        "impact-footer",
        &[
            ("version", text(&data.provenance.version)),
            ("through", text(through)),
            (
                "fingerprint",
                text(
                    data.provenance
                        .fingerprint
                        .chars()
                        .take(12)
                        .collect::<String>(),
                ),
            ),
        ],
    );

    let sections = vec![
        summary(&w, data),
        reach(&w, data, &numbers),
        map(&w, data),
        languages(&w, data, &numbers),
        survey(&w, data.survey.as_ref(), &numbers),
        trainings(&w, data),
        costs(&w, data),
        method(&w, data),
        notes(&w, data),
        provenance(&w, data),
    ];
    ImpactDocument {
        locale: locale.as_str().to_string(),
        lang: locale
            .as_str()
            .split('-')
            .next()
            .unwrap_or("en")
            .to_string(),
        dir: direction(locale.as_str()).to_string(),
        title: w.t("impact-title"),
        subtitle,
        synthetic: data.synthetic.then(|| w.t("impact-synthetic")),
        sections,
        footer,
    }
}

fn summary(w: &Words<'_>, data: &ImpactData) -> Section {
    let mut s = Section::new("summary", w.t("impact-summary-heading"));
    match (&data.reach.unique, data.reach.audience) {
        (Some(u), Some(audience)) if audience > 0.0 => s.paragraphs.push(w.ta(
            "impact-summary-reach",
            &[
                ("unique", text(w.int(u.unique))),
                ("audience", text(w.int(audience))),
                ("share", text(w.pct(u.unique / audience))),
            ],
        )),
        _ => s.paragraphs.push(w.ta(
            "impact-summary-reach-no-audience",
            &[("sum", text(w.int(data.reach.sum as f64)))],
        )),
    }
    match &data.survey {
        Some(survey) => {
            if let Some(c) = survey.changes.iter().find(|c| c.group == survey.target) {
                s.paragraphs.push(w.ta(
                    "impact-summary-survey",
                    &[
                        ("target", text(&survey.target)),
                        ("answer", text(w.t(&survey.answer))),
                        ("question", text(w.t(&survey.question))),
                        ("before", text(w.pct(c.change.before.share))),
                        ("after", text(w.pct(c.change.after.share))),
                        ("change", text(w.points(c.change.change))),
                    ],
                ));
            }
            if let (Some(d), Some(comparison)) = (&survey.did, &survey.comparison) {
                s.paragraphs.push(w.ta(
                    "impact-summary-did",
                    &[
                        ("comparison", text(comparison)),
                        ("did", text(w.points(d.did))),
                        (
                            "interval",
                            text(w.interval(w.points(d.ci_low), w.points(d.ci_high))),
                        ),
                    ],
                ));
            }
        }
        None => s.paragraphs.push(w.t("impact-summary-no-survey")),
    }
    s.paragraphs.push(w.ta(
        "impact-summary-trainings",
        &[
            ("sessions", text(w.int(data.trainings.sessions as f64))),
            ("staff", text(w.int(data.trainings.staff as f64))),
        ],
    ));
    s.tables.push(Table {
        caption: w.t("impact-campaigns-caption"),
        columns: vec![
            w.t("impact-col-campaign"),
            w.t("impact-col-dates"),
            w.t("impact-col-regions"),
        ],
        numeric: vec![false, false, false],
        rows: data
            .campaigns
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    w.interval(c.starts_on.clone(), c.ends_on.clone()),
                    c.regions.join(&w.t("list-separator")),
                ]
            })
            .collect(),
    });
    s
}

fn optional(w: &Words<'_>, value: Option<i64>) -> String {
    value.map_or_else(|| MISSING.to_string(), |v| w.int(v as f64))
}

fn reach(w: &Words<'_>, data: &ImpactData, numbers: &Numbers<'_>) -> Section {
    let r = &data.reach;
    let mut s = Section::new("reach", w.t("impact-reach-heading"));
    match r.audience {
        Some(a) => s
            .paragraphs
            .push(w.ta("impact-reach-audience", &[("audience", text(w.int(a)))])),
        None => s.paragraphs.push(w.t("impact-reach-no-audience")),
    }
    match (&r.unique, r.audience) {
        (Some(u), Some(a)) if a > 0.0 => s.paragraphs.push(w.ta(
            "impact-reach-unique",
            &[
                ("unique", text(w.int(u.unique))),
                ("share", text(w.pct(u.unique / a))),
                ("sum", text(w.int(r.sum as f64))),
            ],
        )),
        _ => s
            .paragraphs
            .push(w.ta("impact-reach-sum", &[("sum", text(w.int(r.sum as f64)))])),
    }
    s.paragraphs.push(w.ta(
        "impact-reach-staff",
        &[("staff", text(w.int(r.staff_trained as f64)))],
    ));

    let mut names = BTreeMap::new();
    for d in &data.daily {
        names
            .entry(d.channel.clone())
            .or_insert_with(|| w.channel(&d.channel));
    }
    let days: Vec<&str> = data.daily.iter().map(|d| d.day.as_str()).collect();
    let peak = data
        .daily
        .iter()
        .fold(None::<&super::data::DailyReach>, |best, d| match best {
            Some(b) if b.reach >= d.reach => Some(b),
            _ => Some(d),
        });
    let desc = match (days.iter().min(), days.iter().max(), peak) {
        (Some(from), Some(to), Some(p)) => w.ta(
            "impact-chart-reach-desc",
            &[
                ("from", text(*from)),
                ("to", text(*to)),
                (
                    "channels",
                    text(
                        names
                            .values()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(&w.t("list-separator")),
                    ),
                ),
                ("peak", text(w.int(p.reach as f64))),
                ("channel", text(w.channel(&p.channel))),
                ("day", text(&p.day)),
            ],
        ),
        _ => w.t("impact-chart-empty"),
    };
    let title = w.t("impact-chart-reach-title");
    let words = ReachChartWords {
        text: ChartText {
            title: title.clone(),
            desc,
            empty: w.t("impact-chart-empty"),
        },
        y_label: w.t("impact-chart-reach-axis"),
        channels: names,
    };
    s.charts.push(Chart {
        file: "impact-reach.svg".into(),
        title,
        caption: w.t("impact-chart-reach-caption"),
        svg: charts::reach_over_time("impact-reach", &data.daily, &words, numbers),
    });
    s.tables.push(Table {
        caption: w.t("impact-reach-channels-caption"),
        columns: vec![
            w.t("impact-col-channel"),
            w.t("impact-col-reach"),
            w.t("impact-col-basis"),
            w.t("impact-col-impressions"),
            w.t("impact-col-clicks"),
        ],
        numeric: vec![false, true, false, true, true],
        rows: r
            .channels
            .iter()
            .map(|c| {
                vec![
                    w.channel(&c.channel),
                    w.int(c.reach as f64),
                    w.label_or(&c.basis, &c.basis),
                    optional(w, c.impressions),
                    optional(w, c.clicks),
                ]
            })
            .collect(),
    });
    s
}

fn map(w: &Words<'_>, data: &ImpactData) -> Section {
    let mut s = Section::new("map", w.t("impact-map-heading"));
    let cells: Vec<(h3o::CellIndex, f64)> = data
        .cells
        .iter()
        .filter_map(|c| Some((c.cell.parse().ok()?, c.reach)))
        .collect();
    if cells.is_empty() {
        s.paragraphs.push(w.t("impact-map-none"));
        return s;
    }
    let (min, max) = cells
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, v)| {
            (lo.min(*v), hi.max(*v))
        });
    s.paragraphs.push(w.ta(
        "impact-map-intro",
        &[("cells", text(w.int(cells.len() as f64)))],
    ));
    let title = w.t("impact-map-title");
    let mut options = crate::map::MapOptions::new(
        title.clone(),
        crate::map::Scale::sequential_for(cells.iter().map(|(_, v)| *v)),
    );
    options.width = 720;
    options.height = 480;
    options.legend_title = w.t("impact-map-legend");
    options.description = w.ta(
        "impact-map-desc",
        &[
            ("cells", text(w.int(cells.len() as f64))),
            ("min", text(w.int(min))),
            ("max", text(w.int(max))),
        ],
    );
    options.words = crate::map::words(w.locales, w.locale);
    s.charts.push(Chart {
        file: "impact-map.svg".into(),
        title,
        caption: w.t("impact-map-caption"),
        svg: crate::map::render_cells(&cells, &options),
    });
    s
}

fn languages(w: &Words<'_>, data: &ImpactData, numbers: &Numbers<'_>) -> Section {
    let mut s = Section::new("languages", w.t("impact-languages-heading"));
    if data.locales.is_empty() {
        s.paragraphs.push(w.t("impact-languages-none"));
        return s;
    }
    s.paragraphs.push(w.t("impact-languages-intro"));
    let names: BTreeMap<String, String> = data
        .locales
        .iter()
        .map(|l| (l.locale.clone(), w.language(&l.locale)))
        .collect();
    let title = w.t("impact-chart-languages-title");
    let words = LocalesChartWords {
        text: ChartText {
            title: title.clone(),
            desc: w.ta(
                "impact-chart-languages-desc",
                &[(
                    "values",
                    text(
                        data.locales
                            .iter()
                            .map(|l| {
                                w.ta(
                                    "impact-chart-languages-value",
                                    &[
                                        ("language", text(&names[&l.locale])),
                                        ("audience", text(w.int(l.audience))),
                                        (
                                            "reach",
                                            text(l.reach.map_or_else(
                                                || w.t("impact-chart-no-estimate"),
                                                |r| w.int(r),
                                            )),
                                        ),
                                    ],
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                )],
            ),
            empty: w.t("impact-chart-empty"),
        },
        audience: w.t("impact-chart-audience"),
        reach: w.t("impact-chart-reached"),
        no_estimate: w.t("impact-chart-no-estimate"),
        names: names.clone(),
    };
    s.charts.push(Chart {
        file: "impact-languages.svg".into(),
        title,
        caption: w.t("impact-chart-languages-caption"),
        svg: charts::locale_bars("impact-languages", &data.locales, &words, numbers),
    });
    s.tables.push(Table {
        caption: w.t("impact-languages-caption"),
        columns: vec![
            w.t("impact-col-language"),
            w.t("impact-col-audience"),
            w.t("impact-col-reach"),
            w.t("impact-col-share-reached"),
        ],
        numeric: vec![false, true, true, true],
        rows: data
            .locales
            .iter()
            .map(|l| {
                vec![
                    names[&l.locale].clone(),
                    w.int(l.audience),
                    l.reach
                        .map_or_else(|| w.t("impact-chart-no-estimate"), |r| w.int(r)),
                    match l.reach {
                        Some(r) if l.audience > 0.0 => w.pct(r / l.audience),
                        _ => MISSING.to_string(),
                    },
                ]
            })
            .collect(),
    });
    s
}

fn survey(w: &Words<'_>, survey: Option<&SurveySection>, numbers: &Numbers<'_>) -> Section {
    let mut s = Section::new("survey", w.t("impact-survey-heading"));
    let Some(v) = survey else {
        s.paragraphs.push(w.t("impact-survey-none"));
        return s;
    };
    let answer = w.t(&v.answer);
    let question = w.t(&v.question);
    s.paragraphs.push(w.ta(
        "impact-survey-intro",
        &[
            ("name", text(&v.name)),
            ("answer", text(&answer)),
            ("question", text(&question)),
            ("target", text(&v.target)),
        ],
    ));
    s.paragraphs.push(match &v.comparison {
        Some(c) => w.ta("impact-survey-comparison", &[("comparison", text(c))]),
        None => w.t("impact-survey-no-comparison"),
    });
    if let (Some(d), Some(comparison)) = (&v.did, &v.comparison) {
        s.paragraphs.push(w.ta(
            "impact-survey-did",
            &[
                ("target", text(&v.target)),
                ("comparison", text(comparison)),
                ("did", text(w.points(d.did))),
                ("se", text(w.points_signed(d.se, false))),
                (
                    "interval",
                    text(w.interval(w.points(d.ci_low), w.points(d.ci_high))),
                ),
                ("p", text(w.p_value(d.p_value))),
            ],
        ));
    }

    let mut groups = vec![v.target.clone()];
    groups.extend(v.comparison.clone());
    let title = w.ta(
        "impact-chart-shares-title",
        &[("answer", text(&answer)), ("question", text(&question))],
    );
    let values = v
        .shares
        .iter()
        .map(|c| {
            w.ta(
                "impact-chart-shares-value",
                &[
                    ("group", text(&c.group)),
                    ("wave", text(w.wave(c.wave))),
                    ("share", text(w.pct(c.share.share))),
                    ("interval", text(w.share_interval(&c.share))),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let words = SharesChartWords {
        text: ChartText {
            title: title.clone(),
            desc: w.ta("impact-chart-shares-desc", &[("values", text(values))]),
            empty: w.t("impact-chart-empty"),
        },
        y_label: w.t("impact-chart-shares-axis"),
        before: w.t("impact-wave-before"),
        after: w.t("impact-wave-after"),
    };
    s.charts.push(Chart {
        file: "impact-shares.svg".into(),
        title,
        caption: w.t("impact-chart-shares-caption"),
        svg: charts::survey_shares("impact-shares", &v.shares, &groups, &words, numbers),
    });

    s.tables.push(Table {
        caption: w.t("impact-survey-shares-caption"),
        columns: vec![
            w.t("impact-col-group"),
            w.t("impact-col-wave"),
            w.t("impact-col-answers"),
            w.t("impact-col-n"),
            w.t("impact-col-share"),
            w.t("impact-col-interval"),
        ],
        numeric: vec![false, false, true, true, true, true],
        rows: v
            .shares
            .iter()
            .map(|c| {
                vec![
                    c.group.clone(),
                    w.wave(c.wave),
                    w.int(c.share.rows as f64),
                    w.n(&c.share),
                    w.pct(c.share.share),
                    w.share_interval(&c.share),
                ]
            })
            .collect(),
    });
    s.tables.push(Table {
        caption: w.t("impact-survey-changes-caption"),
        columns: vec![
            w.t("impact-col-group"),
            w.t("impact-col-before"),
            w.t("impact-col-after"),
            w.t("impact-col-change"),
            w.t("impact-col-interval"),
            w.t("impact-col-p"),
        ],
        numeric: vec![false, true, true, true, true, true],
        rows: v
            .changes
            .iter()
            .map(|g| {
                let c = &g.change;
                vec![
                    g.group.clone(),
                    w.pct(c.before.share),
                    w.pct(c.after.share),
                    w.points(c.change),
                    w.interval(w.points(c.ci_low), w.points(c.ci_high)),
                    w.p_value(c.p_value),
                ]
            })
            .collect(),
    });
    if !v.breakdowns.is_empty() {
        s.tables.push(Table {
            caption: w.t("impact-survey-breakdowns-caption"),
            columns: vec![
                w.t("impact-col-by"),
                w.t("impact-col-value"),
                w.t("impact-col-wave"),
                w.t("impact-col-group"),
                w.t("impact-col-answers"),
                w.t("impact-col-share"),
                w.t("impact-col-interval"),
            ],
            numeric: vec![false, false, false, false, true, true, true],
            rows: v
                .breakdowns
                .iter()
                .map(|b| {
                    let value = match b.by {
                        BreakdownBy::Locale => w.language(&b.value),
                        BreakdownBy::Channel => w.channel(&b.value),
                    };
                    let (share, interval) = match (&b.share, b.suppressed) {
                        (Some(sh), false) => (w.pct(sh.share), w.share_interval(sh)),
                        _ => (
                            w.ta("impact-suppressed", &[("k", text(w.int(v.k as f64)))]),
                            MISSING.to_string(),
                        ),
                    };
                    vec![
                        w.t(&format!("impact-by-{}", b.by.as_str())),
                        value,
                        w.wave(b.wave),
                        b.group.clone(),
                        w.int(b.n as f64),
                        share,
                        interval,
                    ]
                })
                .collect(),
        });
    }
    if !v.scales.is_empty() {
        s.tables.push(Table {
            caption: w.t("impact-survey-scales-caption"),
            columns: vec![
                w.t("impact-col-question"),
                w.t("impact-col-wave"),
                w.t("impact-col-group"),
                w.t("impact-col-answers"),
                w.t("impact-col-mean"),
                w.t("impact-col-interval"),
                w.t("impact-col-distribution"),
            ],
            numeric: vec![false, false, false, true, true, true, false],
            rows: v
                .scales
                .iter()
                .map(|q| {
                    let sc = &q.scale;
                    vec![
                        w.t(&q.question),
                        w.wave(q.wave),
                        q.group.clone(),
                        w.int(sc.rows as f64),
                        w.num(sc.mean, 2),
                        w.interval(w.num(sc.ci_low, 2), w.num(sc.ci_high, 2)),
                        sc.distribution
                            .iter()
                            .map(|(answer, share)| format!("{answer}: {}", w.pct(*share)))
                            .collect::<Vec<_>>()
                            .join(" · "),
                    ]
                })
                .collect(),
        });
    }
    if !v.choices.is_empty() {
        let mut rows = Vec::new();
        for q in &v.choices {
            let total: u64 = q.options.iter().map(|o| o.count).sum();
            for o in &q.options {
                rows.push(vec![
                    w.t(&q.question),
                    w.wave(q.wave),
                    q.group.clone(),
                    w.t(&o.label),
                    w.int(o.count as f64),
                    if total > 0 {
                        w.pct(o.count as f64 / total as f64)
                    } else {
                        MISSING.to_string()
                    },
                ]);
            }
        }
        s.tables.push(Table {
            caption: w.t("impact-survey-choices-caption"),
            columns: vec![
                w.t("impact-col-question"),
                w.t("impact-col-wave"),
                w.t("impact-col-group"),
                w.t("impact-col-option"),
                w.t("impact-col-answers"),
                w.t("impact-col-share"),
            ],
            numeric: vec![false, false, false, false, true, true],
            rows,
        });
    }
    // Groups too small to read.
    for c in &v.shares {
        if c.share.n < v.min_n as f64 {
            s.items.push(w.ta(
                "impact-warn-small-n",
                &[
                    ("group", text(&c.group)),
                    ("wave", text(w.wave(c.wave))),
                    ("n", text(w.n(&c.share))),
                    ("min", text(w.int(v.min_n as f64))),
                ],
            ));
        }
    }
    s
}

fn trainings(w: &Words<'_>, data: &ImpactData) -> Section {
    let t = &data.trainings;
    let mut s = Section::new("trainings", w.t("impact-trainings-heading"));
    if t.sessions == 0 {
        s.paragraphs.push(w.t("impact-trainings-none"));
        return s;
    }
    s.paragraphs.push(w.ta(
        "impact-trainings-summary",
        &[
            ("sessions", text(w.int(t.sessions as f64))),
            ("staff", text(w.int(t.staff as f64))),
        ],
    ));
    if let Some(q) = &t.quiz {
        s.paragraphs.push(w.ta(
            "impact-trainings-quiz",
            &[
                ("sessions", text(w.int(q.sessions as f64))),
                ("before", text(w.pct(q.before_share))),
                ("after", text(w.pct(q.after_share))),
                ("change", text(w.points(q.change))),
                (
                    "interval",
                    text(w.interval(w.points(q.low), w.points(q.high))),
                ),
            ],
        ));
    }
    if !t.by_sector.is_empty() {
        s.tables.push(Table {
            caption: w.t("impact-trainings-caption"),
            columns: vec![
                w.t("impact-col-sector"),
                w.t("impact-col-sessions"),
                w.t("impact-col-staff"),
            ],
            numeric: vec![false, true, true],
            rows: t
                .by_sector
                .iter()
                .map(|g| {
                    vec![
                        w.label_or(
                            &format!("pack-sector-{}", sector_message_id(&g.key)),
                            &g.label,
                        ),
                        w.int(g.sessions as f64),
                        w.int(g.staff as f64),
                    ]
                })
                .collect(),
        });
    }
    s
}

fn costs(w: &Words<'_>, data: &ImpactData) -> Section {
    let mut s = Section::new("costs", w.t("impact-costs-heading"));
    if data.costs.is_empty() {
        s.paragraphs.push(w.t("impact-costs-none"));
        return s;
    }
    let money = |amount: f64, decimals: usize, currency: &str| {
        w.ta(
            "impact-money",
            &[
                (
                    "amount",
                    text(w.numbers.format(amount, decimals, decimals, true)),
                ),
                ("currency", text(currency)),
            ],
        )
    };
    s.tables.push(Table {
        caption: w.t("impact-costs-caption"),
        columns: vec![
            w.t("impact-col-channel"),
            w.t("impact-col-spend"),
            w.t("impact-col-cost-per-person"),
        ],
        numeric: vec![false, true, true],
        rows: data
            .costs
            .iter()
            .map(|c| {
                let decimals = c.exponent.min(9) as usize;
                vec![
                    w.channel(&c.channel),
                    money(c.spend(), decimals, &c.currency),
                    c.cost_per_reached
                        .filter(|v| v.is_finite())
                        .map_or_else(|| MISSING.to_string(), |v| money(v, 2, &c.currency)),
                ]
            })
            .collect(),
    });
    s
}

fn method(w: &Words<'_>, data: &ImpactData) -> Section {
    let mut s = Section::new("method", w.t("impact-method-heading"));
    let mut item = |id: &str, args: &[(&str, ArgValue)]| s.items.push(w.ta(id, args));
    if data.synthetic {
        item("impact-method-synthetic", &[]);
    }
    let basis = |b: &str| data.reach.channels.iter().any(|c| c.basis == b);
    if basis("reach-basis-platform-peak") {
        item("impact-method-platform-daily", &[]);
    }
    if basis("reach-basis-platform-lifetime") {
        item("impact-method-platform-lifetime", &[]);
    }
    if data.reach.unique.is_some() {
        item("impact-method-sainsbury", &[]);
        item("impact-method-cap", &[]);
    } else {
        item("impact-method-no-audience", &[]);
    }
    if !data.cells.is_empty() || !data.locales.is_empty() {
        item("impact-method-estimates", &[]);
    }
    if let Some(v) = &data.survey {
        item("impact-method-wilson", &[]);
        item("impact-method-change", &[]);
        item("impact-method-pooled-z", &[]);
        if v.did.is_some() {
            item("impact-method-did", &[]);
        }
        item(
            if v.weighted {
                "impact-method-weights"
            } else {
                "impact-method-unweighted"
            },
            &[],
        );
        item(
            "impact-method-min-n",
            &[("min", text(w.int(v.min_n as f64)))],
        );
        item("impact-method-k", &[("k", text(w.int(v.k as f64)))]);
        if !v.scales.is_empty() {
            item("impact-method-likert", &[]);
        }
    }
    if data.trainings.quiz.is_some() {
        item("impact-method-quiz", &[]);
    }
    if !data.costs.is_empty() {
        item("impact-method-costs", &[]);
    }
    s
}

fn notes(w: &Words<'_>, data: &ImpactData) -> Section {
    let mut s = Section::new("notes", w.t("impact-notes-heading"));
    if data.notes.is_empty() {
        s.paragraphs.push(w.t("impact-notes-none"));
    }
    s.items = w.locales.render_all(w.locale, &data.notes);
    s
}

fn provenance(w: &Words<'_>, data: &ImpactData) -> Section {
    let p = &data.provenance;
    let mut s = Section::new("provenance", w.t("impact-provenance-heading"));
    s.items.push(w.ta(
        "impact-provenance-version",
        &[("version", text(&p.version))],
    ));
    s.items.push(match &p.data_through {
        Some(day) => w.ta("impact-provenance-through", &[("day", text(day))]),
        None => w.t("impact-provenance-no-date"),
    });
    s.items.push(w.ta(
        "impact-provenance-fingerprint",
        &[("fingerprint", text(&p.fingerprint))],
    ));
    s.items.push(if p.sources.is_empty() {
        w.t("impact-provenance-no-sources")
    } else {
        w.ta(
            "impact-provenance-sources",
            &[(
                "sources",
                text(
                    w.locales
                        .render_all(w.locale, &p.sources)
                        .join(&w.t("list-separator")),
                ),
            )],
        )
    });
    s.items.push(w.t("impact-provenance-files"));
    s
}
