//! Training partners report: sessions held with a pack, staff trained, and optionally a short quiz's
//! correct answers before and after. Totals per partner, sector, region and campaign, and the quiz's change
//! with its 95% interval, for the impact report.
//!
//! The quiz change pools every session that reported both quizzes: the share of correct answers after
//! minus the share before, with the Wald interval of a difference of two independent proportions
//! (`d ± 1.96·√(pₐ(1−pₐ)/nₐ + p_b(1−p_b)/n_b)`, answers as the units). Answers from one person are not
//! independent, and the same people answer both quizzes, so the interval is a guide, not a test; the impact
//! report says so.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::measure::stats::{Change, Tally};
use crate::store::packs::TrainingRow;

/// One group's sessions and the staff they trained.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingGroup {
    /// What the group is: a partner's id, a sector, a region's id or a campaign's id (`none` for sessions
    /// under no campaign).
    pub key: String,
    /// How people call it: the partner's or region's name, the sector's code.
    pub label: String,
    pub sessions: u64,
    pub staff: u64,
}

/// Correct answers before and after, pooled, and the change with its interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuizChange {
    /// Sessions that reported both quizzes.
    pub sessions: u64,
    pub before_correct: u64,
    pub before_answers: u64,
    pub after_correct: u64,
    pub after_answers: u64,
    pub before_share: f64,
    pub after_share: f64,
    /// After minus before, as a share (0.25 = 25 points).
    pub change: f64,
    pub low: f64,
    pub high: f64,
}

/// Everything the training totals show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingTotals {
    pub sessions: u64,
    pub staff: u64,
    pub by_partner: Vec<TrainingGroup>,
    pub by_sector: Vec<TrainingGroup>,
    pub by_region: Vec<TrainingGroup>,
    pub by_campaign: Vec<TrainingGroup>,
    /// `None` when no session reported both quizzes.
    pub quiz: Option<QuizChange>,
}

fn group(
    rows: &[TrainingRow],
    key: impl Fn(&TrainingRow) -> (String, String),
) -> Vec<TrainingGroup> {
    let mut groups: BTreeMap<String, TrainingGroup> = BTreeMap::new();
    for r in rows {
        let (k, label) = key(r);
        let g = groups.entry(k.clone()).or_insert(TrainingGroup {
            key: k,
            label,
            sessions: 0,
            staff: 0,
        });
        g.sessions += 1;
        g.staff += r.staff_trained.max(0) as u64;
    }
    let mut out: Vec<TrainingGroup> = groups.into_values().collect();
    out.sort_by(|a, b| b.staff.cmp(&a.staff).then_with(|| a.label.cmp(&b.label)));
    out
}

/// The quiz change over sessions that reported both quizzes.
pub fn quiz_change(rows: &[TrainingRow]) -> Option<QuizChange> {
    let mut q = QuizChange {
        sessions: 0,
        before_correct: 0,
        before_answers: 0,
        after_correct: 0,
        after_answers: 0,
        before_share: 0.0,
        after_share: 0.0,
        change: 0.0,
        low: 0.0,
        high: 0.0,
    };
    for r in rows {
        if let (Some(bc), Some(ba), Some(ac), Some(aa)) = (
            r.before_correct,
            r.before_answers,
            r.after_correct,
            r.after_answers,
        ) && ba > 0
            && aa > 0
        {
            q.sessions += 1;
            q.before_correct += bc as u64;
            q.before_answers += ba as u64;
            q.after_correct += ac as u64;
            q.after_answers += aa as u64;
        }
    }
    if q.sessions == 0 {
        return None;
    }
    let c = Change::of(
        &Tally::counts(q.before_correct, q.before_answers),
        &Tally::counts(q.after_correct, q.after_answers),
    );
    q.before_share = c.before.share;
    q.after_share = c.after.share;
    q.change = c.change;
    q.low = c.ci_low;
    q.high = c.ci_high;
    Some(q)
}

/// Totals of `rows` per partner, sector, region and campaign, and the quiz change.
pub fn totals(rows: &[TrainingRow]) -> TrainingTotals {
    TrainingTotals {
        sessions: rows.len() as u64,
        staff: rows.iter().map(|r| r.staff_trained.max(0) as u64).sum(),
        by_partner: group(rows, |r| (r.partner_id.to_string(), r.partner_name.clone())),
        by_sector: group(rows, |r| (r.sector.clone(), r.sector.clone())),
        by_region: group(rows, |r| (r.region_id.to_string(), r.region_name.clone())),
        by_campaign: group(rows, |r| match r.campaign_id {
            Some(id) => (
                id.to_string(),
                r.campaign_name.clone().unwrap_or_else(|| id.to_string()),
            ),
            None => ("none".to_string(), "none".to_string()),
        }),
        quiz: quiz_change(rows),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        partner: i64,
        sector: &str,
        staff: i64,
        quiz: Option<(i64, i64, i64, i64)>,
    ) -> TrainingRow {
        TrainingRow {
            id: 0,
            partner_id: partner,
            partner_name: format!("Partner {partner}"),
            sector: sector.into(),
            pack_id: 1,
            pack_version: 1,
            region_id: 7,
            region_name: "Fenland".into(),
            campaign_id: None,
            campaign_name: None,
            held_on: "2026-11-01".into(),
            staff_trained: staff,
            before_correct: quiz.map(|q| q.0),
            before_answers: quiz.map(|q| q.1),
            after_correct: quiz.map(|q| q.2),
            after_answers: quiz.map(|q| q.3),
            created_at: 0,
        }
    }

    #[test]
    fn totals_add_up_per_group() {
        let rows = [
            row(1, "bank", 12, None),
            row(1, "bank", 8, None),
            row(2, "police", 30, None),
        ];
        let t = totals(&rows);
        assert_eq!((t.sessions, t.staff), (3, 50));
        assert_eq!(t.by_partner[0].label, "Partner 2");
        assert_eq!((t.by_partner[1].sessions, t.by_partner[1].staff), (2, 20));
        assert_eq!(t.by_sector.len(), 2);
        assert_eq!(t.by_region[0].staff, 50);
        assert_eq!(t.by_campaign[0].key, "none");
        assert!(t.quiz.is_none());
    }

    #[test]
    fn the_quiz_change_has_the_wald_interval_of_two_proportions() {
        // 60 of 100 right before, 85 of 100 after (and a session without quizzes, left out).
        let rows = [
            row(1, "bank", 10, Some((30, 50, 42, 50))),
            row(2, "bank", 10, Some((30, 50, 43, 50))),
            row(3, "bank", 10, None),
        ];
        let q = quiz_change(&rows).unwrap();
        assert_eq!(q.sessions, 2);
        assert!((q.before_share - 0.60).abs() < 1e-12);
        assert!((q.after_share - 0.85).abs() < 1e-12);
        // 0.25 ± 1.96·√(0.85·0.15/100 + 0.6·0.4/100) = (0.1312, 0.3688).
        let se: f64 = (0.85f64 * 0.15 / 100.0 + 0.6 * 0.4 / 100.0).sqrt();
        assert!((q.change - 0.25).abs() < 1e-12);
        assert!((q.low - (0.25 - crate::measure::stats::Z95 * se)).abs() < 1e-12);
        assert!((q.low - 0.131_2).abs() < 1e-4, "{}", q.low);
        assert!((q.high - 0.368_8).abs() < 1e-4, "{}", q.high);
    }
}
