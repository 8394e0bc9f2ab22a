//! The disclosure-control policy: one place that decides every number derived from incidents that leaves
//! the analyst role (the shared map, shared routes, region language evidence, regions built from hotspots,
//! and later partner packs and impact reports).
//!
//! The method is the cell-key method of ABS TableBuilder and the ONS Census 2021:
//! - every record has a fixed key; here the key of a set of records is its fingerprint (how many records and
//!   the sum of their ids), mixed with a secret that never leaves the database (SipHash-1-3);
//! - a published count is the true count plus noise drawn from that key through a fixed table, so the same
//!   set of records always gets the same answer, however the question is asked (filters, regions, cell
//!   sets, resolutions), and asking again teaches nothing;
//! - no published count lies between 1 and k − 1: a set of 1 to k − 1 records is published as 0 (its
//!   records then count in a coarser remainder or in "other"), and a set of n ≥ k records moves evenly
//!   by up to ± min(spread, n − k), so it never falls below k and its expected value is n (a set of
//!   exactly k is published as k);
//! - differences between two overlapping queries carry the noise of both, so a pair of answers gives the
//!   true difference only by chance: 1 / (2s + 1) of such pairs away from k (1/7 with the default spread
//!   of 3), up to 1/3 for a pair whose larger count is k + 1.
//!
//! What remains learnable is documented in the README (privacy section): averaging many different queries
//! that isolate the same records narrows the noise, which is why every such read is audited.

use std::collections::BTreeMap;
use std::hash::Hasher;

use h3o::CellIndex;
use siphasher::sip::SipHasher13;

/// A set of records as the policy sees it: how many, and the sum of their ids (the set's fingerprint).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub count: u64,
    pub id_sum: u64,
}

impl Tally {
    pub fn of(count: u64, id_sum: u64) -> Self {
        Tally { count, id_sum }
    }

    /// One record.
    pub fn record(id: i64) -> Self {
        Tally {
            count: 1,
            id_sum: id as u64,
        }
    }

    pub fn add(&mut self, other: Tally) {
        self.count += other.count;
        self.id_sum = self.id_sum.wrapping_add(other.id_sum);
    }
}

/// The policy's parameters: `k`, the noise's `spread`, and the database's secret.
#[derive(Clone)]
pub struct Disclosure {
    k: u64,
    spread: u64,
    secret: [u8; 16],
}

impl std::fmt::Debug for Disclosure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Disclosure")
            .field("k", &self.k)
            .field("spread", &self.spread)
            .finish_non_exhaustive()
    }
}

impl Disclosure {
    pub fn new(k: u64, spread: u64, secret: [u8; 16]) -> Self {
        Disclosure {
            k: k.max(2),
            spread,
            secret,
        }
    }

    pub fn k(&self) -> u64 {
        self.k
    }

    pub fn spread(&self) -> u64 {
        self.spread
    }

    /// The share of overlapping pairs, away from k, whose published difference equals the true one.
    pub fn pair_match_rate(&self) -> f64 {
        1.0 / (2 * self.spread + 1) as f64
    }

    fn draw(&self, t: &Tally) -> u64 {
        let k0 = u64::from_le_bytes(self.secret[..8].try_into().expect("8 bytes"));
        let k1 = u64::from_le_bytes(self.secret[8..].try_into().expect("8 bytes"));
        let mut h = SipHasher13::new_with_keys(k0, k1);
        h.write_u64(t.count);
        h.write_u64(t.id_sum);
        h.finish()
    }

    /// The count published for a set of records: 0, or at least k.
    pub fn publish(&self, t: Tally) -> u64 {
        let n = t.count;
        if n == 0 {
            return 0;
        }
        let u = self.draw(&t);
        let high = u >> 32;
        let k = self.k;
        let s = self.spread;
        if n < k {
            // Never shown: its records count in the coarser remainder or in "other" instead.
            0
        } else {
            // Even noise on -m..=m, where m is the spread or, nearer k, the distance to k: never under k,
            // and the expected published value is the true one (totals are not inflated).
            let m = s.min(n - k);
            n + high % (2 * m + 1) - m
        }
    }

    /// Groups (table rows) as published: rows whose published count is 0 are merged into one "other" set,
    /// itself published the same way.
    pub fn publish_groups<T: Clone>(&self, groups: &[(T, Tally)]) -> PublishedGroups<T> {
        let mut rows = Vec::new();
        let mut other = Tally::default();
        for (g, t) in groups {
            match self.publish(*t) {
                0 => other.add(*t),
                v => rows.push((g.clone(), v)),
            }
        }
        PublishedGroups {
            rows,
            other: self.publish(other),
            k: self.k,
            spread: self.spread,
        }
    }

    /// Cells (all at one resolution) as published. A cell whose published count is 0 passes its records
    /// up to its parent, where they are published together as that parent's remainder (records in the
    /// parent outside the finer cells shown); what is still not shown at resolution 0 is "other".
    pub fn publish_cells(&self, cells: &[(CellIndex, Tally)]) -> PublishedCells {
        let mut pending: BTreeMap<CellIndex, Tally> = BTreeMap::new();
        for (cell, t) in cells {
            if t.count > 0 {
                pending.entry(*cell).or_default().add(*t);
            }
        }
        let finest = pending.keys().map(|c| c.resolution()).max();
        let mut shown = Vec::new();
        let mut other = Tally::default();
        while !pending.is_empty() {
            let mut up: BTreeMap<CellIndex, Tally> = BTreeMap::new();
            for (cell, t) in pending {
                match self.publish(t) {
                    0 => match cell.resolution().pred().and_then(|r| cell.parent(r)) {
                        Some(parent) => up.entry(parent).or_default().add(t),
                        None => other.add(t),
                    },
                    v => shown.push(SharedCell {
                        cell,
                        count: v,
                        remainder: Some(cell.resolution()) != finest,
                    }),
                }
            }
            pending = up;
        }
        shown.sort_by_key(|c| (c.cell.resolution(), c.cell));
        PublishedCells {
            cells: shown,
            other: self.publish(other),
            k: self.k,
            spread: self.spread,
        }
    }
}

/// A cell of the shared map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedCell {
    pub cell: CellIndex,
    /// The published count: 0 is never shown, and no shown count is under k.
    pub count: u64,
    /// A coarser cell standing for the records in it that are not in the finer cells shown.
    pub remainder: bool,
}

/// The shared map's cells.
#[derive(Debug, Clone)]
pub struct PublishedCells {
    pub cells: Vec<SharedCell>,
    /// Records in no cell shown, as published (0 or at least k).
    pub other: u64,
    pub k: u64,
    pub spread: u64,
}

/// Rows of a table as published.
#[derive(Debug, Clone)]
pub struct PublishedGroups<T> {
    pub rows: Vec<(T, u64)>,
    /// The rows not shown, together, as published (0 or at least k).
    pub other: u64,
    pub k: u64,
    pub spread: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use h3o::{LatLng, Resolution};

    fn policy() -> Disclosure {
        Disclosure::new(5, 3, *b"0123456789abcdef")
    }

    fn cell(lat: f64, lon: f64, r: Resolution) -> CellIndex {
        LatLng::new(lat, lon).unwrap().to_cell(r)
    }

    #[test]
    fn no_published_count_is_between_1_and_k_minus_1() {
        let p = policy();
        for n in 0..40u64 {
            for id_sum in 0..500u64 {
                let v = p.publish(Tally::of(n, id_sum * 7919));
                assert!(v == 0 || v >= 5, "n = {n}: {v}");
                if n >= 5 {
                    assert!(v >= 5 && v <= n + 3, "n = {n}: {v}");
                }
                if n == 0 {
                    assert_eq!(v, 0);
                }
            }
        }
    }

    #[test]
    fn the_same_set_always_gets_the_same_answer_and_another_secret_another() {
        let p = policy();
        let t = Tally::of(23, 123_456);
        assert!((0..10).all(|_| p.publish(t) == p.publish(t)));
        let q = Disclosure::new(5, 3, *b"fedcba9876543210");
        let differs = (0..200u64)
            .filter(|i| p.publish(Tally::of(30, *i)) != q.publish(Tally::of(30, *i)))
            .count();
        assert!(differs > 100, "{differs}");
    }

    #[test]
    fn noise_is_centred_and_small_sets_are_hidden() {
        let p = policy();
        let mean = |n: u64| {
            (0..20_000u64)
                .map(|i| p.publish(Tally::of(n, i)) as f64)
                .sum::<f64>()
                / 20_000.0
        };
        // Away from k the noise is uniform on -3..=3: the mean is the true count.
        assert!((mean(30) - 30.0).abs() < 0.1);
        assert!((mean(8) - 8.0).abs() < 0.1);
        for n in 1..5 {
            assert_eq!(mean(n), 0.0);
        }
        // Near k the noise narrows: still centred, never under k.
        assert_eq!(mean(5), 5.0);
        assert!((mean(6) - 6.0).abs() < 0.05, "{}", mean(6));
    }

    #[test]
    fn a_difference_of_two_overlapping_answers_is_the_true_one_only_at_the_documented_rate() {
        let p = policy();
        let mut pairs = 0;
        let mut matched = 0;
        for i in 0..5_000u64 {
            // A set and the same set without 1 to 4 of its records.
            let big = Tally::of(20 + i % 30, i * 104_729);
            let removed = 1 + i % 4;
            let small = Tally::of(big.count - removed, big.id_sum.wrapping_sub(removed * 3));
            pairs += 1;
            if p.publish(big) as i64 - p.publish(small) as i64 == removed as i64 {
                matched += 1;
            }
        }
        let rate = matched as f64 / pairs as f64;
        assert!((rate - p.pair_match_rate()).abs() < 0.03, "{rate}");
    }

    #[test]
    fn cells_shown_hold_no_small_count_and_remainders_climb_to_coarser_cells() {
        let p = policy();
        let mut cells = Vec::new();
        let mut id = 0i64;
        for i in 0..400u64 {
            let lat = 52.5 + (i % 20) as f64 * 0.01;
            let lon = -0.1 + (i / 20) as f64 * 0.013;
            let n = (i * 7919) % 9 + 1;
            let mut t = Tally::default();
            for _ in 0..n {
                id += 1;
                t.add(Tally::record(id));
            }
            cells.push((cell(lat, lon, Resolution::Nine), t));
        }
        let r = p.publish_cells(&cells);
        assert!(r.cells.iter().all(|c| c.count >= 5));
        assert!(r.other == 0 || r.other >= 5);
        // Each cell appears once, finest cells are not remainders, coarser ones are.
        for c in &r.cells {
            assert_eq!(c.remainder, c.cell.resolution() != Resolution::Nine);
        }
        let shown_fine = r.cells.iter().filter(|c| !c.remainder).count();
        assert!(shown_fine > 100, "{shown_fine}");
        // The published total stays close to the true one.
        let total: u64 = r.cells.iter().map(|c| c.count).sum::<u64>() + r.other;
        let truth = id as f64;
        assert!(
            (total as f64 - truth).abs() / truth < 0.1,
            "{total} vs {truth}"
        );
        // The same question, the same map.
        assert_eq!(p.publish_cells(&cells).cells, r.cells);
    }

    #[test]
    fn a_lone_record_is_hidden_or_shown_as_at_least_k() {
        let p = policy();
        for id in 1..200 {
            let r = p.publish_cells(&[(cell(52.6, 0.1, Resolution::Ten), Tally::record(id))]);
            assert!(r.cells.iter().all(|c| c.count >= 5));
            assert!(r.other == 0 || r.other >= 5);
        }
    }

    #[test]
    fn small_groups_merge_into_other_which_is_published_too() {
        let p = policy();
        let g = p.publish_groups(&[
            ("LT→GB", Tally::of(40, 1)),
            ("RO→GB", Tally::of(3, 2)),
            ("PL→GB", Tally::of(1, 3)),
        ]);
        assert!(g.rows.iter().all(|(_, v)| *v >= 5));
        assert!(g.rows.iter().any(|(l, _)| *l == "LT→GB"));
        assert!(g.other == 0 || g.other >= 5);
    }
}
