//! The figures behind the report as files: one CSV per chart and table, the whole data as JSON, and a zip
//! of them with a README stating where they came from.
//!
//! CSV files follow RFC 4180 (comma, CRLF, quotes only where needed), text cells are made safe from
//! spreadsheet formulas, numbers are written in full (Rust's shortest form that reads back to the same
//! `f64`), and a missing figure is an empty cell. The zip's entries are in a fixed order with a fixed
//! date, so the same data gives the same bytes.

use std::io::Write as _;

use super::data::{ImpactData, ShareFigures};
use crate::tabular::formula_safe;

/// A table being written: its header, then rows of cells already written as text.
struct Csv {
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn new(header: &[&str]) -> Self {
        Self {
            rows: vec![header.iter().map(|h| h.to_string()).collect()],
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn finish(self) -> String {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(Vec::new());
        for row in &self.rows {
            // Writing to memory cannot fail.
            let _ = w.write_record(row);
        }
        let bytes = w.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// A text cell.
fn t(text: &str) -> String {
    formula_safe(text)
}

/// A number in full; empty when it could not be computed.
fn f(value: f64) -> String {
    if value.is_finite() {
        format!("{value}")
    } else {
        String::new()
    }
}

fn of<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(String::new, |v| v.to_string())
}

fn share_cells(s: Option<&ShareFigures>) -> [String; 5] {
    match s {
        Some(s) => [
            s.rows.to_string(),
            f(s.n),
            f(s.share),
            f(s.ci_low),
            f(s.ci_high),
        ],
        None => Default::default(),
    }
}

/// Each file's name and what it holds, in the zip's order (the README lists them).
pub const FILES: [(&str, &str); 17] = [
    ("campaigns.csv", "the campaigns the report covers"),
    (
        "reach_channels.csv",
        "people reached per channel (the reach table)",
    ),
    (
        "reach_summary.csv",
        "the audience, the channels' plain sum and the unique estimate",
    ),
    (
        "daily_reach.csv",
        "each channel's figures per day (the reach-over-time chart)",
    ),
    (
        "cells.csv",
        "population and estimated reach per H3 cell (the map)",
    ),
    (
        "locales.csv",
        "audience and estimated reach per language (the languages chart and table)",
    ),
    (
        "survey_shares.csv",
        "the outcome's share per wave and group with Wilson 95% intervals (the survey chart)",
    ),
    (
        "survey_changes.csv",
        "the change per group with its Wald 95% interval and pooled z-test",
    ),
    (
        "survey_did.csv",
        "the difference in differences with its HC0 standard error",
    ),
    (
        "survey_breakdowns.csv",
        "the outcome by language and by channel, cells under k suppressed",
    ),
    (
        "survey_scales.csv",
        "questions answered on a scale: mean and t 95% interval",
    ),
    (
        "survey_scale_answers.csv",
        "questions answered on a scale: each answer's share",
    ),
    (
        "survey_choices.csv",
        "questions with one answer out of several: answers per option",
    ),
    ("trainings.csv", "training sessions and staff per sector"),
    (
        "training_quiz.csv",
        "the training quiz's correct answers before and after",
    ),
    ("costs.csv", "spend per channel and cost per person reached"),
    (
        "notes.csv",
        "the assumptions and warnings, as message ids with their arguments (JSON)",
    ),
];

/// One CSV file per chart and table, named as in [`FILES`] and in that order. Survey files hold only
/// their header when there is no survey.
pub fn csv(data: &ImpactData) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(FILES.len());
    let mut push = |name: &str, table: Csv| out.push((name.to_string(), table.finish()));

    let mut c = Csv::new(&["id", "name", "starts_on", "ends_on", "regions"]);
    for x in &data.campaigns {
        c.row(vec![
            x.id.to_string(),
            t(&x.name),
            t(&x.starts_on),
            t(&x.ends_on),
            t(&x.regions.join("; ")),
        ]);
    }
    push(FILES[0].0, c);

    let mut c = Csv::new(&["channel", "reach", "basis", "impressions", "clicks"]);
    for x in &data.reach.channels {
        c.row(vec![
            t(&x.channel),
            x.reach.to_string(),
            t(&x.basis),
            of(x.impressions),
            of(x.clicks),
        ]);
    }
    push(FILES[1].0, c);

    let mut c = Csv::new(&["audience", "sum", "unique", "capped", "staff_trained"]);
    let u = data.reach.unique.as_ref();
    c.row(vec![
        data.reach.audience.map(f).unwrap_or_default(),
        data.reach.sum.to_string(),
        u.map(|u| f(u.unique)).unwrap_or_default(),
        of(u.map(|u| u.capped)),
        data.reach.staff_trained.to_string(),
    ]);
    push(FILES[2].0, c);

    let mut c = Csv::new(&[
        "day",
        "channel",
        "reach",
        "impressions",
        "clicks",
        "spend_minor",
    ]);
    for x in &data.daily {
        c.row(vec![
            t(&x.day),
            t(&x.channel),
            x.reach.to_string(),
            x.impressions.to_string(),
            x.clicks.to_string(),
            x.spend_minor.to_string(),
        ]);
    }
    push(FILES[3].0, c);

    let mut c = Csv::new(&["cell", "population", "reach"]);
    for x in &data.cells {
        c.row(vec![t(&x.cell), f(x.population), f(x.reach)]);
    }
    push(FILES[4].0, c);

    let mut c = Csv::new(&["locale", "audience", "reach"]);
    for x in &data.locales {
        c.row(vec![
            t(&x.locale),
            f(x.audience),
            x.reach.map(f).unwrap_or_default(),
        ]);
    }
    push(FILES[5].0, c);

    let survey = data.survey.as_ref();
    let mut c = Csv::new(&["group", "wave", "rows", "n", "share", "ci_low", "ci_high"]);
    for x in survey.iter().flat_map(|s| &s.shares) {
        let mut row = vec![t(&x.group), x.wave.as_str().to_string()];
        row.extend(share_cells(Some(&x.share)));
        c.row(row);
    }
    push(FILES[6].0, c);

    let mut c = Csv::new(&[
        "group",
        "before_rows",
        "before_n",
        "before_share",
        "before_ci_low",
        "before_ci_high",
        "after_rows",
        "after_n",
        "after_share",
        "after_ci_low",
        "after_ci_high",
        "change",
        "ci_low",
        "ci_high",
        "z",
        "p_value",
    ]);
    for x in survey.iter().flat_map(|s| &s.changes) {
        let ch = &x.change;
        let mut row = vec![t(&x.group)];
        row.extend(share_cells(Some(&ch.before)));
        row.extend(share_cells(Some(&ch.after)));
        row.extend([
            f(ch.change),
            f(ch.ci_low),
            f(ch.ci_high),
            f(ch.z),
            f(ch.p_value),
        ]);
        c.row(row);
    }
    push(FILES[7].0, c);

    let mut c = Csv::new(&[
        "target",
        "comparison",
        "did",
        "se",
        "ci_low",
        "ci_high",
        "z",
        "p_value",
    ]);
    if let Some(s) = survey
        && let Some(d) = &s.did
    {
        c.row(vec![
            t(&s.target),
            t(s.comparison.as_deref().unwrap_or("")),
            f(d.did),
            f(d.se),
            f(d.ci_low),
            f(d.ci_high),
            f(d.z),
            f(d.p_value),
        ]);
    }
    push(FILES[8].0, c);

    let mut c = Csv::new(&[
        "by",
        "value",
        "wave",
        "group",
        "answers",
        "suppressed",
        "rows",
        "n",
        "share",
        "ci_low",
        "ci_high",
    ]);
    for x in survey.iter().flat_map(|s| &s.breakdowns) {
        let mut row = vec![
            x.by.as_str().to_string(),
            t(&x.value),
            x.wave.as_str().to_string(),
            t(&x.group),
            x.n.to_string(),
            x.suppressed.to_string(),
        ];
        row.extend(share_cells(x.share.as_ref().filter(|_| !x.suppressed)));
        c.row(row);
    }
    push(FILES[9].0, c);

    let mut c = Csv::new(&[
        "question", "wave", "group", "rows", "n", "mean", "sd", "ci_low", "ci_high",
    ]);
    for x in survey.iter().flat_map(|s| &s.scales) {
        let s = &x.scale;
        c.row(vec![
            t(&x.question),
            x.wave.as_str().to_string(),
            t(&x.group),
            s.rows.to_string(),
            f(s.n),
            f(s.mean),
            f(s.sd),
            f(s.ci_low),
            f(s.ci_high),
        ]);
    }
    push(FILES[10].0, c);

    let mut c = Csv::new(&["question", "wave", "group", "answer", "share"]);
    for x in survey.iter().flat_map(|s| &s.scales) {
        for (answer, share) in &x.scale.distribution {
            c.row(vec![
                t(&x.question),
                x.wave.as_str().to_string(),
                t(&x.group),
                answer.to_string(),
                f(*share),
            ]);
        }
    }
    push(FILES[11].0, c);

    let mut c = Csv::new(&["question", "wave", "group", "option", "count"]);
    for x in survey.iter().flat_map(|s| &s.choices) {
        for o in &x.options {
            c.row(vec![
                t(&x.question),
                x.wave.as_str().to_string(),
                t(&x.group),
                t(&o.label),
                o.count.to_string(),
            ]);
        }
    }
    push(FILES[12].0, c);

    let mut c = Csv::new(&["sector", "sessions", "staff"]);
    for x in &data.trainings.by_sector {
        c.row(vec![t(&x.key), x.sessions.to_string(), x.staff.to_string()]);
    }
    push(FILES[13].0, c);

    let mut c = Csv::new(&[
        "sessions",
        "before_correct",
        "before_answers",
        "after_correct",
        "after_answers",
        "before_share",
        "after_share",
        "change",
        "ci_low",
        "ci_high",
    ]);
    if let Some(q) = &data.trainings.quiz {
        c.row(vec![
            q.sessions.to_string(),
            q.before_correct.to_string(),
            q.before_answers.to_string(),
            q.after_correct.to_string(),
            q.after_answers.to_string(),
            f(q.before_share),
            f(q.after_share),
            f(q.change),
            f(q.low),
            f(q.high),
        ]);
    }
    push(FILES[14].0, c);

    let mut c = Csv::new(&[
        "channel",
        "currency",
        "spend_minor",
        "exponent",
        "cost_per_reached",
    ]);
    for x in &data.costs {
        c.row(vec![
            t(&x.channel),
            t(&x.currency),
            x.spend_minor.to_string(),
            x.exponent.to_string(),
            x.cost_per_reached.map(f).unwrap_or_default(),
        ]);
    }
    push(FILES[15].0, c);

    let mut c = Csv::new(&["id", "args"]);
    for x in &data.notes {
        let args = serde_json::to_string(&x.args).unwrap_or_default();
        c.row(vec![t(&x.id), t(&args)]);
    }
    push(FILES[16].0, c);
    out
}

/// The data as pretty-printed JSON (a figure that could not be computed is `null`).
pub fn json(data: &ImpactData) -> String {
    serde_json::to_string_pretty(data).unwrap_or_default()
}

/// What the README of the zip says: where the figures came from and what each file holds.
pub fn readme(data: &ImpactData) -> String {
    let p = &data.provenance;
    let mut out = String::from("Beacon campaign impact report: the figures\r\n\r\n");
    if data.synthetic {
        out.push_str(
            "THESE FIGURES ARE MADE UP (synthetic data, for demonstration and testing). They describe no real campaign.\r\n\r\n",
        );
    }
    for c in &data.campaigns {
        out.push_str(&format!(
            "Campaign {}: {} ({} to {}; {})\r\n",
            c.id,
            c.name,
            c.starts_on,
            c.ends_on,
            c.regions.join(", ")
        ));
    }
    out.push_str(&format!("\r\nMade by Beacon {}\r\n", p.version));
    out.push_str(&format!(
        "Data through: {}\r\n",
        p.data_through.as_deref().unwrap_or("no dated figure")
    ));
    out.push_str(&format!(
        "Fingerprint (SHA-256 of the data's compact JSON with this field empty): {}\r\n",
        p.fingerprint
    ));
    out.push_str("Sources:\r\n");
    for s in &p.sources {
        out.push_str(&format!("- {}\r\n", crate::message::english(s)));
    }
    out.push_str(
        "\r\nFiles (CSV: RFC 4180, UTF-8; numbers in full; an empty cell is a figure that could not be computed or is not shown):\r\n",
    );
    for (name, what) in FILES {
        out.push_str(&format!("- {name}: {what}\r\n"));
    }
    out.push_str("- data.json: everything above in one file\r\n");
    out
}

/// The README, every CSV file and `data.json` in one zip, with a fixed date on every entry (1980-01-01,
/// the earliest a zip can hold), so the same data gives the same bytes.
pub fn zip(data: &ImpactData) -> std::io::Result<Vec<u8>> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut entries = vec![("README.txt".to_string(), readme(data))];
    entries.extend(csv(data));
    entries.push(("data.json".to_string(), json(data)));
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in entries {
        w.start_file(name, options).map_err(std::io::Error::other)?;
        w.write_all(text.as_bytes())?;
    }
    Ok(w.finish().map_err(std::io::Error::other)?.into_inner())
}
