//! The impact report's charts as SVG, drawn by Beacon itself: reach over time, survey shares with their
//! intervals, and the audience against reach per language (the map is `crate::map::svg`'s).
//!
//! Every chart reads without colour: lines differ by marker and dash pattern, waves by the shape of their
//! points, and reach bars are hatched where audience bars are plain. Each has `role="img"` with a
//! `<title>` and `<desc>`, every text goes through the XML escaper, and the output is deterministic:
//! coordinates are written with one decimal, and nothing is read from a hash map.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::data::{DailyReach, LocaleReach, ShareCell, Wave};
use crate::xml::escape;

const FONT: &str = "Noto Sans, Noto Sans Arabic, sans-serif";
const INK: &str = "#1a1a1a";
const GRID: &str = "#d9d9d9";
/// Okabe and Ito's colours, distinguishable with colour-blindness; shapes and dashes carry the meaning too.
const COLOURS: [&str; 7] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000",
];
/// Dash patterns, one per line (solid first).
const DASHES: [&str; 5] = ["", "8 4", "2 3", "10 3 2 3", "5 5"];

/// How a chart writes numbers: plain (`12,840`) and as a percentage of 0 to 1 (`29.1%`).
pub struct Numbers<'a> {
    pub number: &'a dyn Fn(f64) -> String,
    pub percent: &'a dyn Fn(f64) -> String,
}

/// A chart's accessible name and description, and what it says when it has nothing to show.
#[derive(Debug, Clone)]
pub struct ChartText {
    pub title: String,
    pub desc: String,
    pub empty: String,
}

/// A round step for about `count` ticks up to `max`, and the top of the axis (a multiple of the step).
pub fn nice_axis(max: f64, count: usize) -> (f64, f64) {
    if !max.is_finite() || max <= 0.0 {
        return (1.0, 1.0);
    }
    let raw = max / count.max(1) as f64;
    let magnitude = 10f64.powi(raw.log10().floor() as i32);
    let norm = raw / magnitude;
    let step = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    } * magnitude;
    let top = (max / step - 1e-9).ceil().max(1.0) * step;
    (step, top)
}

fn open(out: &mut String, id: &str, width: u32, height: u32, text: &ChartText) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="{FONT}" font-size="12" fill="{INK}">"#
    );
    let _ = write!(
        out,
        r##"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc><rect width="{width}" height="{height}" fill="#ffffff"/>"##,
        escape(&text.title),
        escape(&text.desc)
    );
}

fn empty_chart(id: &str, text: &ChartText) -> String {
    let mut out = String::new();
    open(&mut out, id, 720, 120, text);
    let _ = write!(
        out,
        r##"<rect x="0.5" y="0.5" width="719" height="119" fill="none" stroke="{GRID}"/><text x="360" y="64" text-anchor="middle">{}</text></svg>"##,
        escape(&text.empty)
    );
    out
}

/// A marker shape centred on (x, y): circle, square, triangle, diamond, cross, by `kind`.
fn marker(out: &mut String, kind: usize, x: f64, y: f64, colour: &str) {
    let r = 4.0;
    let _ = match kind % 5 {
        0 => write!(
            out,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{colour}" stroke="#ffffff" stroke-width="1"/>"##
        ),
        1 => write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{colour}" stroke="#ffffff" stroke-width="1"/>"##,
            x - r,
            y - r,
            2.0 * r,
            2.0 * r
        ),
        2 => write!(
            out,
            r##"<path d="M{x:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z" fill="{colour}" stroke="#ffffff" stroke-width="1"/>"##,
            y - r - 1.0,
            x + r + 0.5,
            y + r,
            x - r - 0.5,
            y + r
        ),
        3 => write!(
            out,
            r##"<path d="M{x:.1} {:.1}L{:.1} {y:.1}L{x:.1} {:.1}L{:.1} {y:.1}Z" fill="{colour}" stroke="#ffffff" stroke-width="1"/>"##,
            y - r - 1.0,
            x + r + 1.0,
            y + r + 1.0,
            x - r - 1.0
        ),
        _ => write!(
            out,
            r#"<path d="M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}" stroke="{colour}" stroke-width="2.5" fill="none"/>"#,
            x - r,
            y - r,
            x + r,
            y + r,
            x - r,
            y + r,
            x + r,
            y - r
        ),
    };
}

fn dash(i: usize) -> String {
    match DASHES[i % DASHES.len()] {
        "" => String::new(),
        d => format!(r#" stroke-dasharray="{d}""#),
    }
}

/// Words of the reach-over-time chart besides its [`ChartText`].
#[derive(Debug, Clone)]
pub struct ReachChartWords {
    pub text: ChartText,
    /// The vertical axis: people reached per day.
    pub y_label: String,
    /// Each channel's name, by channel; a channel not listed is named by its code.
    pub channels: BTreeMap<String, String>,
}

/// Reach per day, one line per channel with its own marker and dash pattern, and a legend below.
pub fn reach_over_time(
    id: &str,
    daily: &[DailyReach],
    words: &ReachChartWords,
    numbers: &Numbers<'_>,
) -> String {
    let days: Vec<&str> = daily
        .iter()
        .map(|d| d.day.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if days.is_empty() {
        return empty_chart(id, &words.text);
    }
    let mut series: BTreeMap<&str, BTreeMap<usize, i64>> = BTreeMap::new();
    for d in daily {
        let i = days.binary_search(&d.day.as_str()).unwrap_or(0);
        *series
            .entry(d.channel.as_str())
            .or_default()
            .entry(i)
            .or_default() += d.reach;
    }
    let max = series
        .values()
        .flat_map(|s| s.values())
        .copied()
        .max()
        .unwrap_or(0) as f64;
    let (step, top) = nice_axis(max, 5);
    let per_row = 4usize;
    let legend_rows = series.len().div_ceil(per_row);
    let (width, left, right, top_margin) = (720.0, 72.0, 16.0, 28.0);
    let plot_h = 240.0;
    let bottom = top_margin + plot_h;
    let height = bottom + 44.0 + 22.0 * legend_rows as f64;
    let plot_w = width - left - right;
    let x_of = |i: usize| {
        if days.len() == 1 {
            left + plot_w / 2.0
        } else {
            left + plot_w * i as f64 / (days.len() - 1) as f64
        }
    };
    let y_of = |v: f64| bottom - plot_h * v / top;

    let mut out = String::with_capacity(8 * 1024);
    open(&mut out, id, width as u32, height as u32, &words.text);
    // The vertical axis: round ticks with grid lines.
    let _ = write!(
        out,
        r#"<text x="{left:.1}" y="16" font-weight="bold">{}</text><g font-size="11">"#,
        escape(&words.y_label)
    );
    let ticks = (top / step).round() as usize;
    for t in 0..=ticks {
        let v = step * t as f64;
        let y = y_of(v);
        let _ = write!(
            out,
            r#"<line x1="{left:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{GRID}" stroke-width="1"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            width - right,
            left - 6.0,
            y + 4.0,
            escape(&(numbers.number)(v))
        );
    }
    // Day labels: at most eight, evenly spaced.
    let every = days.len().div_ceil(8).max(1);
    for (i, day) in days.iter().enumerate() {
        let x = x_of(i);
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" y1="{bottom:.1}" x2="{x:.1}" y2="{:.1}" stroke="{INK}" stroke-width="1"/>"#,
            bottom + 4.0
        );
        if i % every == 0 {
            let _ = write!(
                out,
                r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                bottom + 18.0,
                escape(day)
            );
        }
    }
    let _ = write!(
        out,
        r#"</g><line x1="{left:.1}" y1="{bottom:.1}" x2="{:.1}" y2="{bottom:.1}" stroke="{INK}" stroke-width="1"/>"#,
        width - right
    );
    // One line per channel, markers on at most about twenty days.
    let mark_every = days.len().div_ceil(20).max(1);
    for (n, (channel, points)) in series.iter().enumerate() {
        let colour = COLOURS[n % COLOURS.len()];
        let name = words
            .channels
            .get(*channel)
            .cloned()
            .unwrap_or_else(|| channel.to_string());
        let _ = write!(out, r#"<g><title>{}</title><path d=""#, escape(&name));
        for (k, (i, v)) in points.iter().enumerate() {
            let _ = write!(
                out,
                "{}{:.1} {:.1}",
                if k == 0 { "M" } else { "L" },
                x_of(*i),
                y_of(*v as f64)
            );
        }
        let _ = write!(
            out,
            r#"" fill="none" stroke="{colour}" stroke-width="2"{}/>"#,
            dash(n)
        );
        for (i, v) in points {
            if i % mark_every == 0 || *i == days.len() - 1 {
                marker(&mut out, n, x_of(*i), y_of(*v as f64), colour);
            }
        }
        out.push_str("</g>");
        // Its legend entry: a stretch of the line with the marker.
        let (row, col) = (n / per_row, n % per_row);
        let lx = left + col as f64 * (plot_w / per_row as f64);
        let ly = bottom + 40.0 + 22.0 * row as f64;
        let _ = write!(
            out,
            r#"<path d="M{lx:.1} {ly:.1}L{:.1} {ly:.1}" stroke="{colour}" stroke-width="2"{}/>"#,
            lx + 36.0,
            dash(n)
        );
        marker(&mut out, n, lx + 18.0, ly, colour);
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
            lx + 44.0,
            ly + 4.0,
            escape(&name)
        );
    }
    out.push_str("</svg>");
    out
}

/// Words of the survey chart besides its [`ChartText`].
#[derive(Debug, Clone)]
pub struct SharesChartWords {
    pub text: ChartText,
    /// The vertical axis: the share answering the outcome.
    pub y_label: String,
    pub before: String,
    pub after: String,
}

/// Each group's share before (circles) and after (squares) with its 95% interval as an error bar, and
/// the value beside each point.
pub fn survey_shares(
    id: &str,
    shares: &[ShareCell],
    groups: &[String],
    words: &SharesChartWords,
    numbers: &Numbers<'_>,
) -> String {
    let drawn: Vec<&ShareCell> = shares
        .iter()
        .filter(|s| groups.contains(&s.group) && s.share.share.is_finite())
        .collect();
    if drawn.is_empty() || groups.is_empty() {
        return empty_chart(id, &words.text);
    }
    let max = drawn
        .iter()
        .map(|s| s.share.ci_high.max(s.share.share))
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let (step, top) = nice_axis((max * 100.0).max(1.0), 5);
    let (step, top) = if top > 100.0 {
        (20.0, 100.0)
    } else {
        (step, top)
    };
    let (width, left, right, top_margin, plot_h) = (720.0, 72.0, 16.0, 28.0, 240.0);
    let bottom = top_margin + plot_h;
    let height = bottom + 70.0;
    let band = (width - left - right) / groups.len() as f64;
    let y_of = |share: f64| bottom - plot_h * (share * 100.0).clamp(0.0, top) / top;

    let mut out = String::with_capacity(4 * 1024);
    open(&mut out, id, width as u32, height as u32, &words.text);
    let _ = write!(
        out,
        r#"<text x="{left:.1}" y="16" font-weight="bold">{}</text><g font-size="11">"#,
        escape(&words.y_label)
    );
    let ticks = (top / step).round() as usize;
    for t in 0..=ticks {
        let v = step * t as f64 / 100.0;
        let y = y_of(v);
        let _ = write!(
            out,
            r#"<line x1="{left:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{GRID}" stroke-width="1"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            width - right,
            left - 6.0,
            y + 4.0,
            escape(&(numbers.percent)(v))
        );
    }
    out.push_str("</g>");
    for (g, group) in groups.iter().enumerate() {
        let centre = left + band * (g as f64 + 0.5);
        let _ = write!(
            out,
            r#"<text x="{centre:.1}" y="{:.1}" text-anchor="middle" font-weight="bold">{}</text>"#,
            bottom + 20.0,
            escape(group)
        );
        for (wave, dx, kind) in [(Wave::Before, -40.0, 0), (Wave::After, 40.0, 1)] {
            let Some(cell) = drawn.iter().find(|s| s.wave == wave && &s.group == group) else {
                continue;
            };
            let x = centre + dx;
            let s = &cell.share;
            let (lo, hi) = (y_of(s.ci_low), y_of(s.ci_high));
            if lo.is_finite() && hi.is_finite() {
                let _ = write!(
                    out,
                    r#"<path d="M{x:.1} {lo:.1}L{x:.1} {hi:.1}M{:.1} {lo:.1}L{:.1} {lo:.1}M{:.1} {hi:.1}L{:.1} {hi:.1}" stroke="{INK}" stroke-width="1.5" fill="none"/>"#,
                    x - 6.0,
                    x + 6.0,
                    x - 6.0,
                    x + 6.0
                );
            }
            let y = y_of(s.share);
            marker(&mut out, kind, x, y, COLOURS[kind]);
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" font-size="11">{}</text>"#,
                x + 10.0,
                y + 4.0,
                escape(&(numbers.percent)(s.share))
            );
        }
    }
    let _ = write!(
        out,
        r#"<line x1="{left:.1}" y1="{bottom:.1}" x2="{:.1}" y2="{bottom:.1}" stroke="{INK}" stroke-width="1"/>"#,
        width - right
    );
    // The legend: the two shapes.
    let ly = bottom + 50.0;
    for (i, label) in [&words.before, &words.after].into_iter().enumerate() {
        let lx = left + 180.0 * i as f64;
        marker(&mut out, i, lx + 6.0, ly, COLOURS[i]);
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
            lx + 16.0,
            ly + 4.0,
            escape(label)
        );
    }
    out.push_str("</svg>");
    out
}

/// Words of the languages chart besides its [`ChartText`].
#[derive(Debug, Clone)]
pub struct LocalesChartWords {
    pub text: ChartText,
    pub audience: String,
    pub reach: String,
    /// Shown where a language has no reach estimate.
    pub no_estimate: String,
    /// Each row's label, by locale code.
    pub names: BTreeMap<String, String>,
}

/// Per language, the audience as a plain bar and the people reached as a hatched bar below it.
pub fn locale_bars(
    id: &str,
    rows: &[LocaleReach],
    words: &LocalesChartWords,
    numbers: &Numbers<'_>,
) -> String {
    if rows.is_empty() {
        return empty_chart(id, &words.text);
    }
    let max = rows
        .iter()
        .flat_map(|r| [Some(r.audience), r.reach])
        .flatten()
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let (step, top) = nice_axis(max, 5);
    let (width, left, right, top_margin, row_h) = (720.0, 160.0, 72.0, 28.0, 44.0);
    let plot_w = width - left - right;
    let bottom = top_margin + row_h * rows.len() as f64;
    let height = bottom + 56.0;
    let x_of = |v: f64| left + plot_w * v.clamp(0.0, top) / top;

    let mut out = String::with_capacity(4 * 1024);
    open(&mut out, id, width as u32, height as u32, &words.text);
    let _ = write!(
        out,
        r##"<defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fbe3c0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#a35200" stroke-width="3"/></pattern></defs><g font-size="11">"##
    );
    let ticks = (top / step).round() as usize;
    for t in 0..=ticks {
        let v = step * t as f64;
        let x = x_of(v);
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" y1="{top_margin:.1}" x2="{x:.1}" y2="{bottom:.1}" stroke="{GRID}" stroke-width="1"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            top_margin - 8.0,
            escape(&(numbers.number)(v))
        );
    }
    out.push_str("</g>");
    for (i, r) in rows.iter().enumerate() {
        let y = top_margin + row_h * i as f64 + 6.0;
        let name = words
            .names
            .get(&r.locale)
            .cloned()
            .unwrap_or_else(|| r.locale.clone());
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            left - 8.0,
            y + 18.0,
            escape(&name)
        );
        let aw = x_of(r.audience) - left;
        let _ = write!(
            out,
            r##"<rect x="{left:.1}" y="{y:.1}" width="{aw:.1}" height="14" fill="#c6dbef" stroke="#2c5d8a" stroke-width="1"/><text x="{:.1}" y="{:.1}" font-size="11">{}</text>"##,
            left + aw + 4.0,
            y + 11.0,
            escape(&(numbers.number)(r.audience))
        );
        let ry = y + 17.0;
        match r.reach.filter(|v| v.is_finite()) {
            Some(reach) => {
                let rw = x_of(reach) - left;
                let _ = write!(
                    out,
                    r##"<rect x="{left:.1}" y="{ry:.1}" width="{rw:.1}" height="14" fill="url(#{id}-hatch)" stroke="#a35200" stroke-width="1"/><text x="{:.1}" y="{:.1}" font-size="11">{}</text>"##,
                    left + rw + 4.0,
                    ry + 11.0,
                    escape(&(numbers.number)(reach))
                );
            }
            None => {
                let _ = write!(
                    out,
                    r#"<text x="{:.1}" y="{:.1}" font-size="11" font-style="italic">{}</text>"#,
                    left + 4.0,
                    ry + 11.0,
                    escape(&words.no_estimate)
                );
            }
        }
    }
    // The legend: a plain swatch and a hatched one.
    let ly = bottom + 24.0;
    let _ = write!(
        out,
        r##"<rect x="{left:.1}" y="{:.1}" width="24" height="12" fill="#c6dbef" stroke="#2c5d8a" stroke-width="1"/><text x="{:.1}" y="{:.1}">{}</text><rect x="{:.1}" y="{:.1}" width="24" height="12" fill="url(#{id}-hatch)" stroke="#a35200" stroke-width="1"/><text x="{:.1}" y="{:.1}">{}</text></svg>"##,
        ly - 10.0,
        left + 30.0,
        ly,
        escape(&words.audience),
        left + 220.0,
        ly - 10.0,
        left + 250.0,
        ly,
        escape(&words.reach)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_have_round_steps() {
        assert_eq!(nice_axis(930.0, 5), (200.0, 1000.0));
        assert_eq!(nice_axis(1000.0, 5), (200.0, 1000.0));
        assert_eq!(nice_axis(43.0, 5), (10.0, 50.0));
        assert_eq!(nice_axis(12.0, 5), (2.5, 12.5));
        assert_eq!(nice_axis(0.0, 5), (1.0, 1.0));
        assert_eq!(nice_axis(f64::NAN, 5), (1.0, 1.0));
    }
}
