//! Survey statistics of an exported answers file (a CSV with a header), for `beacon survey stats`: the
//! share of answers that count as the outcome per wave and group, with Wilson intervals; where two waves
//! are named, each group's change with its interval and z-test; where a target and a comparison group
//! are named too, the difference-in-differences. The file streams through [`crate::tabular`] (one row
//! held at a time), so its size costs only time; every problem names the file, the line, the column and
//! the reason.

use std::io::Read;

use serde::Serialize;

use super::stats::{Change, DiffInDiff, Share, Tally};
use crate::tabular::{self, Options, TableReader};

/// What to compute, as the command line names it.
#[derive(Debug, Clone)]
pub struct StatsSpec {
    /// The column holding the answer, and the answers that count as the outcome.
    pub outcome: (String, Vec<String>),
    /// The wave column, and its before and after values.
    pub wave: Option<(String, String, String)>,
    /// The group column, and its target and comparison values.
    pub group: Option<(String, String, String)>,
    /// A column of non-negative weights.
    pub weight: Option<String>,
    /// Groups with fewer answers than this are warned about.
    pub min_n: u64,
}

/// Why a file could not be read: where, and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}: {}{reason}", location(*line, column.as_deref()))]
pub struct FileError {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<String>,
    pub reason: String,
}

fn location(line: Option<u64>, column: Option<&str>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("line {l}, column “{c}”: "),
        (Some(l), None) => format!("line {l}: "),
        (None, Some(c)) => format!("column “{c}”: "),
        (None, None) => String::new(),
    }
}

/// One wave of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupShare {
    pub group: String,
    pub wave: String,
    #[serde(flatten)]
    pub share: Share,
}

/// One group's change between the waves.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupChange {
    pub group: String,
    pub change: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub z: f64,
    pub p_value: f64,
}

/// The difference-in-differences between the target and the comparison group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Did {
    pub did: f64,
    pub se: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub z: f64,
    pub p_value: f64,
}

/// Everything `beacon survey stats` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileStats {
    pub file: String,
    pub rows_read: u64,
    /// Rows counted: in a named wave and group, with an answer.
    pub rows_used: u64,
    /// Rows left out because their answer was blank.
    pub blank_answers: u64,
    /// Rows left out because their wave or group is neither of those named.
    pub other_waves_or_groups: u64,
    pub weighted: bool,
    pub groups: Vec<GroupShare>,
    pub changes: Vec<GroupChange>,
    pub did: Option<Did>,
    /// Groups too small to read much into, and anything else a reader must know.
    pub warnings: Vec<String>,
}

/// The value's index among `choices`, ignoring case and spaces around it.
fn pick(value: &str, choices: &[&str]) -> Option<usize> {
    choices
        .iter()
        .position(|c| c.trim().eq_ignore_ascii_case(value.trim()))
}

/// Reads `input` (the file named `file`) and computes what `spec` asks.
pub fn stats_of(input: impl Read, file: &str, spec: &StatsSpec) -> Result<FileStats, FileError> {
    let err = |line: Option<u64>, column: Option<&str>, reason: String| FileError {
        file: file.to_string(),
        line,
        column: column.map(str::to_string),
        reason,
    };
    let mut reader = TableReader::new(
        input,
        Options {
            trim: true,
            flexible: true,
            strip_bom: true,
            skip_blank_before_header: true,
        },
    );
    let mut record = csv::ByteRecord::new();
    let header = reader.header(&mut record).map_err(|e| match e {
        tabular::HeaderError::Empty => err(None, None, "the file is empty: no header".into()),
        tabular::HeaderError::Read { line_hint, error } => err(
            Some(line_hint.max(1)),
            None,
            crate::message::english(&tabular::read_error_message(&error)),
        ),
        tabular::HeaderError::NotUtf8 { line, column } => err(
            Some(line),
            None,
            format!("column {} of the header is not UTF-8 text", column + 1),
        ),
    })?;
    let column = |name: &str| {
        header.position(name).ok_or_else(|| {
            err(
                Some(header.line),
                Some(name),
                format!(
                    "no such column; the header has {}",
                    header
                        .names
                        .iter()
                        .map(|n| format!("“{n}”"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
    };
    let outcome_col = column(&spec.outcome.0)?;
    let wave = spec
        .wave
        .as_ref()
        .map(|(c, b, a)| column(c).map(|i| (i, c.as_str(), [b.as_str(), a.as_str()])))
        .transpose()?;
    let group = spec
        .group
        .as_ref()
        .map(|(c, t, k)| column(c).map(|i| (i, c.as_str(), [t.as_str(), k.as_str()])))
        .transpose()?;
    let weight = spec.weight.as_deref().map(column).transpose()?;
    let yes: Vec<&str> = spec.outcome.1.iter().map(String::as_str).collect();

    // tallies[group][wave]
    let mut tallies = [[Tally::default(); 2]; 2];
    let mut stats = FileStats {
        file: file.to_string(),
        rows_read: 0,
        rows_used: 0,
        blank_answers: 0,
        other_waves_or_groups: 0,
        weighted: weight.is_some(),
        groups: Vec::new(),
        changes: Vec::new(),
        did: None,
        warnings: Vec::new(),
    };
    loop {
        let line = match reader.next_row(&mut record) {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(e) => {
                return Err(err(
                    Some(e.line_hint.max(1)),
                    None,
                    crate::message::english(&tabular::read_error_message(&e.error)),
                ));
            }
        };
        if tabular::is_blank(&record) {
            continue;
        }
        stats.rows_read += 1;
        // The row's wave and group among those named (the first when none is named).
        let chosen = |named: Option<(usize, &str, [&str; 2])>| match named {
            Some((i, _, values)) => pick(tabular::text(&record, i), &values),
            None => Some(0),
        };
        let (Some(w_index), Some(g_index)) = (chosen(wave), chosen(group)) else {
            stats.other_waves_or_groups += 1;
            continue;
        };
        let answer = tabular::text(&record, outcome_col);
        if answer.trim().is_empty() {
            stats.blank_answers += 1;
            continue;
        }
        let w = match weight {
            Some(i) => {
                let cell = tabular::text(&record, i);
                match cell.trim().parse::<f64>() {
                    Ok(w) if w.is_finite() && w >= 0.0 => w,
                    _ => {
                        return Err(err(
                            Some(line),
                            spec.weight.as_deref(),
                            format!("“{cell}” is not a weight (a number, 0 or more)"),
                        ));
                    }
                }
            }
            None => 1.0,
        };
        // Several answers in one cell (a multiple-choice export): any of them counts.
        let counts = answer
            .split([';', ','])
            .any(|part| pick(part, &yes).is_some())
            || pick(answer, &yes).is_some();
        tallies[g_index][w_index].add(counts, w);
        stats.rows_used += 1;
    }

    let group_names: Vec<String> = match group {
        Some((_, _, values)) => values.iter().map(|v| v.to_string()).collect(),
        None => vec!["all".into()],
    };
    let wave_names: Vec<String> = match wave {
        Some((_, _, values)) => values.iter().map(|v| v.to_string()).collect(),
        None => vec!["all".into()],
    };
    for (g, gname) in group_names.iter().enumerate() {
        for (w, wname) in wave_names.iter().enumerate() {
            let t = &tallies[g][w];
            let share = Share::of(t);
            if t.rows == 0 {
                stats.warnings.push(format!(
                    "{gname}, {wname}: no answers, so no share can be given"
                ));
            } else if t.rows < spec.min_n {
                stats.warnings.push(format!(
                    "{gname}, {wname}: {} answers, fewer than measure.min_n ({}): the interval is wide and the share unsteady",
                    t.rows, spec.min_n
                ));
            }
            stats.groups.push(GroupShare {
                group: gname.clone(),
                wave: wname.clone(),
                share,
            });
        }
        if wave.is_some() {
            let c = Change::of(&tallies[g][0], &tallies[g][1]);
            stats.changes.push(GroupChange {
                group: gname.clone(),
                change: c.change,
                ci_low: c.ci_low,
                ci_high: c.ci_high,
                z: c.z,
                p_value: c.p_value,
            });
        }
    }
    if wave.is_some() && group.is_some() {
        let d = DiffInDiff::of(
            &tallies[0][0],
            &tallies[0][1],
            &tallies[1][0],
            &tallies[1][1],
        );
        stats.did = Some(Did {
            did: d.did,
            se: d.se,
            ci_low: d.ci_low,
            ci_high: d.ci_high,
            z: d.z,
            p_value: d.p_value,
        });
    }
    if stats.weighted {
        stats.warnings.push(
            "weighted: each interval uses Kish's effective sample size, (Σw)²/Σw²".to_string(),
        );
    }
    Ok(stats)
}

/// The same as CSV: one row per share, change and difference-in-differences
/// (`kind,group,wave,n,estimate,ci_low,ci_high,z,p_value`; a value that cannot be given is empty).
pub fn to_csv(stats: &FileStats) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let num = |x: f64| {
        if x.is_finite() {
            x.to_string()
        } else {
            String::new()
        }
    };
    let text = tabular::formula_safe;
    // Writing to a Vec cannot fail.
    let _ = w.write_record([
        "kind", "group", "wave", "n", "estimate", "ci_low", "ci_high", "z", "p_value",
    ]);
    for g in &stats.groups {
        let _ = w.write_record([
            "share".into(),
            text(&g.group),
            text(&g.wave),
            num(g.share.n),
            num(g.share.share),
            num(g.share.ci_low),
            num(g.share.ci_high),
            String::new(),
            String::new(),
        ]);
    }
    for c in &stats.changes {
        let _ = w.write_record([
            "change".into(),
            text(&c.group),
            String::new(),
            String::new(),
            num(c.change),
            num(c.ci_low),
            num(c.ci_high),
            num(c.z),
            num(c.p_value),
        ]);
    }
    if let Some(d) = &stats.did {
        let _ = w.write_record([
            "did".into(),
            String::new(),
            String::new(),
            String::new(),
            num(d.did),
            num(d.ci_low),
            num(d.ci_high),
            num(d.z),
            num(d.p_value),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> StatsSpec {
        StatsSpec {
            outcome: ("answer".into(), vec!["Yes".into(), "Probably".into()]),
            wave: Some(("wave".into(), "before".into(), "after".into())),
            group: None,
            weight: None,
            min_n: 3,
        }
    }

    #[test]
    fn shares_and_the_change_between_waves() {
        let csv =
            "wave,answer\nbefore,Yes\nbefore,No\nbefore,\nafter,probably\nafter,Yes\nduring,Yes\n";
        let s = stats_of(csv.as_bytes(), "s.csv", &spec()).unwrap();
        assert_eq!((s.rows_read, s.rows_used), (6, 4));
        assert_eq!((s.blank_answers, s.other_waves_or_groups), (1, 1));
        assert_eq!(s.groups[0].share.share, 0.5);
        assert_eq!(s.groups[1].share.share, 1.0);
        assert_eq!(s.changes[0].change, 0.5);
        assert!(s.did.is_none());
        assert_eq!(
            s.warnings.len(),
            2,
            "both waves under min_n: {:?}",
            s.warnings
        );
        let csv_out = to_csv(&s);
        assert!(csv_out.starts_with("kind,group,wave,n,estimate"));
        assert_eq!(csv_out.lines().count(), 4);
    }

    #[test]
    fn problems_name_the_file_line_and_column() {
        let e = stats_of("wave,reply\n".as_bytes(), "s.csv", &spec()).unwrap_err();
        assert_eq!(e.column.as_deref(), Some("answer"));
        assert!(
            e.to_string()
                .starts_with("s.csv: line 1, column “answer”: no such column")
        );
        let mut weighted = spec();
        weighted.weight = Some("w".into());
        let e = stats_of(
            "wave,answer,w\nbefore,Yes,1\nafter,No,-2\n".as_bytes(),
            "s.csv",
            &weighted,
        )
        .unwrap_err();
        assert_eq!((e.line, e.column.as_deref()), (Some(3), Some("w")));
        let e = stats_of("".as_bytes(), "s.csv", &spec()).unwrap_err();
        assert!(e.reason.contains("empty"));
    }

    #[test]
    fn an_empty_group_is_said_not_hidden() {
        let csv = "wave,answer\nbefore,Yes\nbefore,No\nbefore,No\n";
        let s = stats_of(csv.as_bytes(), "s.csv", &spec()).unwrap();
        assert!(s.groups[1].share.share.is_nan());
        assert!(s.warnings.iter().any(|w| w.contains("no answers")));
    }
}
