//! Aggregation of weighted points to H3 cells, and k-ring neighbourhoods.
//!
//! The flow used by the hotspot analysis is:
//!
//! 1. [`aggregate`] indexes every `(lat, lon, weight)` point at one resolution and sums the
//!    weights per cell ([`CellCounts`]).
//! 2. [`study_cells`] widens the occupied cells by `k` rings, so that empty cells next to
//!    occupied ones take part in the statistics (an empty cell is a zero, not a missing value).
//! 3. [`kring_neighbours`] builds the binary spatial weights (each cell's k-ring, the cell
//!    itself included) that [`super::stats::gi_star`] consumes.
//!
//! The per-cell map uses [`CellHasher`], a small multiplicative hasher written for H3 indexes
//! (no extra dependency), several times cheaper than the standard library's keyed SipHash.
//! It is not keyed, so it gives no protection against inputs crafted to collide: it suits
//! data whose volume Beacon controls (partner uploads, rate-limited community reports). Should
//! untrusted bulk input ever reach [`aggregate`], key the map with
//! `std::collections::hash_map::RandomState` instead.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

use h3o::{CellIndex, LatLng, Resolution};

/// Largest ring count accepted by [`study_cells`] and [`kring_neighbours`]; larger values are
/// clamped to it.
///
/// A disk of `k` rings holds `3k² + 3k + 1` cells, and near pentagons h3o's fallback
/// algorithm pre-allocates several times that, so an unbounded `k` taken from configuration
/// could exhaust memory. Fifty rings (7 651 cells, about 17 km around a resolution-9 cell) is
/// far wider than any hotspot neighbourhood.
pub const MAX_K: u32 = 50;

/// Largest number of map entries [`aggregate`] reserves up front from the input's size hint.
///
/// Reserving avoids rehashing while a large batch is inserted; the cap bounds the memory
/// spent when many points fall in few cells.
const RESERVE_CAP: usize = 1 << 21;

/// Golden-ratio multiplier used by [`CellHasher`] (odd, with well-spread bits).
const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

/// A fast, non-cryptographic [`Hasher`] for H3 indexes and other `u64` keys.
///
/// Each 64-bit word is combined with a folded multiply (the 128-bit product of the word and a
/// constant, high half XOR low half), which spreads the index bits that vary between nearby
/// H3 cells over both the low bits (bucket choice) and the high bits (the control byte used by
/// the standard library's SwissTable). Byte strings, which cell indexes never produce, are
/// consumed in 8-byte little-endian words so the hasher stays correct for any key type.
#[derive(Clone, Copy, Debug, Default)]
pub struct CellHasher {
    hash: u64,
}

impl CellHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        let product = u128::from(self.hash ^ word) * u128::from(MIX);
        // Truncations are the point of a folded multiply: keep both halves of the product.
        self.hash = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl Hasher for CellHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // Mark the length so that "a" and "a\0" hash differently.
            self.mix(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
        }
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.mix(u64::from(n));
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }
}

/// Builds [`CellHasher`]s; use it as the `S` parameter of a `HashMap` or `HashSet`.
pub type CellBuildHasher = BuildHasherDefault<CellHasher>;

/// A `HashMap` keyed by H3 cell, hashed with [`CellHasher`].
pub type CellMap<V> = HashMap<CellIndex, V, CellBuildHasher>;

/// Why [`aggregate`] rejected its input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AggregateError {
    /// The point at `index` (0-based position in the input) has a latitude outside
    /// [-90, 90], a longitude outside [-180, 180], or a non-finite component.
    InvalidCoordinate {
        /// Position of the offending point in the input sequence.
        index: usize,
        /// The latitude given, in degrees.
        lat: f64,
        /// The longitude given, in degrees.
        lon: f64,
    },
    /// The point at `index` has a weight that is negative or not finite.
    InvalidWeight {
        /// Position of the offending point in the input sequence.
        index: usize,
        /// The weight given.
        weight: f64,
    },
}

impl fmt::Display for AggregateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidCoordinate { index, lat, lon } => write!(
                f,
                "point {index}: invalid coordinate (lat {lat}, lon {lon}); latitude must be \
                 within [-90, 90] and longitude within [-180, 180]"
            ),
            Self::InvalidWeight { index, weight } => write!(
                f,
                "point {index}: invalid weight {weight}; weights must be finite and not negative"
            ),
        }
    }
}

impl std::error::Error for AggregateError {}

/// Weighted point counts per H3 cell, as produced by [`aggregate`].
#[derive(Clone, Debug, Default)]
pub struct CellCounts {
    resolution: Option<Resolution>,
    counts: CellMap<f64>,
    points: usize,
    total_weight: f64,
}

impl CellCounts {
    /// The resolution the points were indexed at (`None` only for [`CellCounts::default`]).
    #[must_use]
    pub fn resolution(&self) -> Option<Resolution> {
        self.resolution
    }

    /// The summed weight of the points in `cell`, or 0 when no point fell in it.
    #[must_use]
    pub fn get(&self, cell: CellIndex) -> f64 {
        self.counts.get(&cell).copied().unwrap_or(0.0)
    }

    /// Number of distinct cells holding at least one point.
    #[must_use]
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether no point was aggregated.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Number of points aggregated (including points of weight 0).
    #[must_use]
    pub fn points(&self) -> usize {
        self.points
    }

    /// Sum of all the weights aggregated.
    #[must_use]
    pub fn total_weight(&self) -> f64 {
        self.total_weight
    }

    /// Iterates over `(cell, summed weight)` in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (CellIndex, f64)> + '_ {
        self.counts.iter().map(|(&cell, &weight)| (cell, weight))
    }

    /// The occupied cells, sorted by index (a stable order for [`study_cells`]).
    #[must_use]
    pub fn occupied_sorted(&self) -> Vec<CellIndex> {
        let mut cells: Vec<CellIndex> = self.counts.keys().copied().collect();
        cells.sort_unstable();
        cells
    }

    /// The summed weight of each of `cells`, in the same order, with 0 for empty cells.
    ///
    /// This lines the counts up with a study area from [`study_cells`] for
    /// [`super::stats::gi_star`].
    #[must_use]
    pub fn values_for(&self, cells: &[CellIndex]) -> Vec<f64> {
        cells.iter().map(|&cell| self.get(cell)).collect()
    }

    /// The underlying map from cell to summed weight.
    #[must_use]
    pub fn as_map(&self) -> &CellMap<f64> {
        &self.counts
    }

    /// Consumes the counts, returning the map from cell to summed weight.
    #[must_use]
    pub fn into_map(self) -> CellMap<f64> {
        self.counts
    }
}

/// Points indexed per batch before their cells are inserted into the map (bounds the
/// staging buffers to about 10 MiB).
const CHUNK: usize = 1 << 18;

/// Each batch is partitioned into `2^PARTITION_BITS` runs by the top bits of the bucket a
/// cell's hash selects, so that each run only touches a small window of the table.
const PARTITION_BITS: u32 = 11;

/// Tables of at most `2^DIRECT_BITS` buckets (512 KiB of entries) fit in cache: no
/// partitioning needed.
const DIRECT_BITS: u32 = 15;

/// Indexes `(latitude, longitude, weight)` points (degrees, WGS84) at resolution `res` and
/// sums the weights per cell.
///
/// Points are indexed in batches; before a batch's cells go into the map they are partitioned
/// by the part of the table their hash selects, so that consecutive insertions touch
/// neighbouring memory. With a million points spread over a country at resolution 9 (almost
/// one cell per point) random-order insertion into a table of tens of megabytes is dominated
/// by cache and TLB misses and costs as much as the H3 indexing itself; the partitioned order
/// removes most of that cost. The layout assumption (the standard library's SwissTable picks a
/// bucket from the low bits of the hash) only affects speed: insertion goes through the map's
/// own API, so the result is exact whatever the layout.
///
/// # Errors
///
/// Stops at the first bad point and reports its 0-based position:
/// [`AggregateError::InvalidCoordinate`] for a non-finite or out-of-range latitude (outside
/// [-90, 90]) or longitude (outside [-180, 180]), [`AggregateError::InvalidWeight`] for a
/// negative or non-finite weight.
pub fn aggregate(
    points: impl IntoIterator<Item = (f64, f64, f64)>,
    res: Resolution,
) -> Result<CellCounts, AggregateError> {
    let mut points = points.into_iter();
    let (size_hint, _) = points.size_hint();
    let mut counts =
        CellMap::with_capacity_and_hasher(size_hint.min(RESERVE_CAP), CellBuildHasher::default());
    let mut staged: Vec<(u64, CellIndex, f64)> = Vec::with_capacity(size_hint.min(CHUNK));
    let mut ordered: Vec<(Option<CellIndex>, f64)> = Vec::new();
    let mut total_weight = 0.0;
    let mut index = 0;
    loop {
        staged.clear();
        for (lat, lon, weight) in points.by_ref().take(CHUNK) {
            // The range checks also reject NaN, and infinities fall outside the ranges.
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(AggregateError::InvalidCoordinate { index, lat, lon });
            }
            if !(weight.is_finite() && weight >= 0.0) {
                return Err(AggregateError::InvalidWeight { index, weight });
            }
            let cell = LatLng::new(lat, lon)
                .map_err(|_| AggregateError::InvalidCoordinate { index, lat, lon })?
                .to_cell(res);
            staged.push((counts.hasher().hash_one(cell), cell, weight));
            total_weight += weight;
            index += 1;
        }
        if staged.is_empty() {
            break;
        }
        insert_batch(&mut counts, &staged, &mut ordered);
        if staged.len() < CHUNK {
            break;
        }
    }
    // Many points in few cells: give back the room reserved from the size hint.
    if counts.len() < counts.capacity() / 4 {
        counts.shrink_to_fit();
    }
    Ok(CellCounts {
        resolution: Some(res),
        counts,
        points: index,
        total_weight,
    })
}

/// Adds a batch of `(hash, cell, weight)` to `map`, in an order that walks the table
/// (see [`aggregate`]). `ordered` is scratch space kept between batches.
fn insert_batch(
    map: &mut CellMap<f64>,
    staged: &[(u64, CellIndex, f64)],
    ordered: &mut Vec<(Option<CellIndex>, f64)>,
) {
    // Reserve first, so that the table (and so each cell's bucket) does not move meanwhile.
    map.reserve(staged.len());
    // A SwissTable of 2^b buckets holds 7/8 · 2^b entries.
    let buckets = (map.capacity().saturating_mul(8) / 7)
        .checked_next_power_of_two()
        .unwrap_or(1 << (usize::BITS - 1));
    let bits = buckets.trailing_zeros();
    if bits <= DIRECT_BITS {
        for &(_, cell, weight) in staged {
            *map.entry(cell).or_insert(0.0) += weight;
        }
        return;
    }
    let shift = bits - PARTITION_BITS;
    let mask = (buckets as u64).wrapping_sub(1);
    let run = |hash: u64| ((hash & mask) >> shift) as usize;
    // Counting sort by run: offsets[r] is where run r starts.
    let mut offsets = vec![0usize; (1 << PARTITION_BITS) + 1];
    for &(hash, _, _) in staged {
        offsets[run(hash) + 1] += 1;
    }
    for r in 1..offsets.len() {
        offsets[r] += offsets[r - 1];
    }
    ordered.clear();
    ordered.resize(staged.len(), (None, 0.0));
    for &(hash, cell, weight) in staged {
        let slot = &mut offsets[run(hash)];
        ordered[*slot] = (Some(cell), weight);
        *slot += 1;
    }
    for &(cell, weight) in ordered.iter() {
        if let Some(cell) = cell {
            *map.entry(cell).or_insert(0.0) += weight;
        }
    }
}

/// Appends the cells within `k` rings of `cell` (itself included) to `out`.
///
/// Uses h3o's fast hexagon-ring walk and falls back to its breadth-first search when a
/// pentagon (or pentagon distortion) is met, exactly like `CellIndex::grid_disk`, but without
/// allocating a vector per call.
fn push_disk(cell: CellIndex, k: u32, out: &mut Vec<CellIndex>) {
    let start = out.len();
    for item in cell.grid_disk_fast(k) {
        match item {
            Some(neighbour) => out.push(neighbour),
            None => {
                out.truncate(start);
                out.extend(cell.grid_disk_safe(k));
                return;
            }
        }
    }
}

/// The study area: the `occupied` cells plus every cell within `k` rings of one of them,
/// sorted by index and without duplicates.
///
/// `k` is clamped to [`MAX_K`]. With `k = 0` this is `occupied` sorted and deduplicated.
/// Cells of different resolutions may be mixed; each is widened at its own resolution.
#[must_use]
pub fn study_cells(occupied: &[CellIndex], k: u32) -> Vec<CellIndex> {
    let k = k.min(MAX_K);
    let disk = usize::try_from(h3o::max_grid_disk_size(k)).unwrap_or(usize::MAX);
    let mut cells = Vec::with_capacity(occupied.len().saturating_mul(disk).min(RESERVE_CAP));
    for &cell in occupied {
        push_disk(cell, k, &mut cells);
    }
    cells.sort_unstable();
    cells.dedup();
    cells
}

/// Binary k-ring spatial weights over `cells`, the self-weight included (as Gi* needs).
///
/// Entry `i` lists, in ascending order, the positions `j` in `cells` of every cell within `k`
/// rings (grid distance ≤ `k`) of `cells[i]`, and always contains `i` itself. Cells outside
/// `cells` are ignored, so cells on the edge of the study area have shorter lists. Pentagons
/// are handled (their 1-ring has 6 cells, itself included). If a cell occurs more than once in
/// `cells`, every occurrence is listed.
///
/// `k` is clamped to [`MAX_K`]. Positions are `u32`: if `cells` had more than `u32::MAX`
/// entries (over 32 GiB of indexes), the result would be a list of empty lists.
#[must_use]
pub fn kring_neighbours(cells: &[CellIndex], k: u32) -> Vec<Vec<u32>> {
    let n = cells.len();
    if u32::try_from(n).is_err() {
        return vec![Vec::new(); n];
    }
    let k = k.min(MAX_K);

    // Positions sorted by cell, so that all occurrences of a cell form one run.
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_unstable_by_key(|&i| (cells[i as usize], i));
    // Cell -> (start, length) of its run in `order`.
    let mut runs: CellMap<(u32, u32)> =
        CellMap::with_capacity_and_hasher(n, CellBuildHasher::default());
    let mut start = 0;
    while start < n {
        let cell = cells[order[start] as usize];
        let mut end = start + 1;
        while end < n && cells[order[end] as usize] == cell {
            end += 1;
        }
        runs.insert(cell, (start as u32, (end - start) as u32));
        start = end;
    }

    let mut disk = Vec::new();
    cells
        .iter()
        .map(|&cell| {
            disk.clear();
            push_disk(cell, k, &mut disk);
            let mut list = Vec::with_capacity(disk.len());
            for other in &disk {
                if let Some(&(start, len)) = runs.get(other) {
                    let (start, len) = (start as usize, len as usize);
                    list.extend_from_slice(&order[start..start + len]);
                }
            }
            list.sort_unstable();
            list
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn london() -> CellIndex {
        LatLng::new(51.5074, -0.1278)
            .expect("finite")
            .to_cell(Resolution::Nine)
    }

    #[test]
    fn aggregates_weights_per_cell() {
        let here = (51.5074, -0.1278);
        let there = (53.4808, -2.2426);
        let counts = aggregate(
            [
                (here.0, here.1, 1.0),
                (here.0, here.1, 2.5),
                (there.0, there.1, 1.0),
                (there.0, there.1, 0.0),
            ],
            Resolution::Nine,
        )
        .expect("valid points");
        assert_eq!(counts.len(), 2);
        assert_eq!(counts.points(), 4);
        assert_eq!(counts.total_weight(), 4.5);
        assert_eq!(counts.resolution(), Some(Resolution::Nine));
        assert_eq!(counts.get(london()), 3.5);
        let manchester = LatLng::new(there.0, there.1)
            .expect("finite")
            .to_cell(Resolution::Nine);
        assert_eq!(counts.get(manchester), 1.0);
        let far = LatLng::new(0.0, 0.0)
            .expect("finite")
            .to_cell(Resolution::Nine);
        assert_eq!(counts.get(far), 0.0);
        assert_eq!(
            counts.values_for(&[manchester, far, london()]),
            vec![1.0, 0.0, 3.5]
        );
        let mut occupied = vec![london(), manchester];
        occupied.sort_unstable();
        assert_eq!(counts.occupied_sorted(), occupied);
    }

    /// Deterministic points in a box, with weights that make the summation order visible.
    fn scattered(count: usize, lat: (f64, f64), lon: (f64, f64)) -> Vec<(f64, f64, f64)> {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..count)
            .map(|i| {
                (
                    lat.0 + (lat.1 - lat.0) * next(),
                    lon.0 + (lon.1 - lon.0) * next(),
                    0.1 * (i % 7) as f64,
                )
            })
            .collect()
    }

    fn naive(points: &[(f64, f64, f64)], res: Resolution) -> HashMap<CellIndex, f64> {
        let mut map = HashMap::new();
        for &(lat, lon, weight) in points {
            let cell = LatLng::new(lat, lon).expect("finite").to_cell(res);
            *map.entry(cell).or_insert(0.0) += weight;
        }
        map
    }

    #[test]
    fn batched_aggregation_matches_a_plain_loop_exactly() {
        // More than one batch, over a table large enough to be partitioned.
        let points = scattered(CHUNK + 40_000, (50.0, 55.0), (-4.0, 1.0));
        let counts = aggregate(points.iter().copied(), Resolution::Nine).expect("valid");
        let expected = naive(&points, Resolution::Nine);
        assert_eq!(counts.len(), expected.len());
        assert_eq!(counts.points(), points.len());
        for (cell, weight) in &expected {
            // Same order of additions per cell, so bit-for-bit equal sums.
            assert_eq!(counts.get(*cell).to_bits(), weight.to_bits());
        }
        // Few cells, many points: the map is shrunk back.
        let dense = scattered(CHUNK + 10, (51.50, 51.51), (-0.13, -0.12));
        let counts = aggregate(dense.iter().copied(), Resolution::Seven).expect("valid");
        let expected = naive(&dense, Resolution::Seven);
        assert_eq!(counts.len(), expected.len());
        assert!(counts.as_map().capacity() < 1024);
        for (cell, weight) in &expected {
            assert_eq!(counts.get(*cell).to_bits(), weight.to_bits());
        }
        // An iterator without a size hint goes through the same path.
        let unhinted = points.iter().copied().filter(|_| true);
        let counts = aggregate(unhinted, Resolution::Nine).expect("valid");
        assert_eq!(counts.len(), naive(&points, Resolution::Nine).len());
    }

    #[test]
    fn bad_point_in_a_later_batch_is_reported_with_its_index() {
        let mut points = scattered(CHUNK + 5, (50.0, 51.0), (-1.0, 0.0));
        points[CHUNK + 3].0 = f64::NAN;
        let err = aggregate(points, Resolution::Eight).unwrap_err();
        assert!(
            matches!(err, AggregateError::InvalidCoordinate { index, .. } if index == CHUNK + 3)
        );
    }

    #[test]
    fn empty_input_gives_empty_counts() {
        let counts = aggregate(std::iter::empty(), Resolution::Seven).expect("nothing to reject");
        assert!(counts.is_empty());
        assert_eq!(counts.points(), 0);
    }

    #[test]
    fn rejects_bad_points_with_their_index() {
        let good = (51.0, 0.0, 1.0);
        let cases = [
            (f64::NAN, 0.0, 1.0),
            (0.0, f64::NAN, 1.0),
            (f64::INFINITY, 0.0, 1.0),
            (0.0, f64::NEG_INFINITY, 1.0),
            (90.000001, 0.0, 1.0),
            (-91.0, 0.0, 1.0),
            (0.0, 180.5, 1.0),
            (0.0, -181.0, 1.0),
        ];
        for bad in cases {
            let err = aggregate([good, good, bad, good], Resolution::Nine).unwrap_err();
            match err {
                AggregateError::InvalidCoordinate { index, .. } => assert_eq!(index, 2),
                other => panic!("unexpected {other:?} for {bad:?}"),
            }
            assert!(err.to_string().starts_with("point 2:"));
        }
        for weight in [f64::NAN, f64::INFINITY, -1.0] {
            let err = aggregate([good, (51.0, 0.0, weight)], Resolution::Nine).unwrap_err();
            assert!(matches!(
                err,
                AggregateError::InvalidWeight { index: 1, .. }
            ));
        }
        // The extremes themselves are valid.
        let edges = [(90.0, 180.0, 1.0), (-90.0, -180.0, 1.0)];
        assert_eq!(
            aggregate(edges, Resolution::Nine)
                .expect("valid edges")
                .points(),
            2
        );
    }

    #[test]
    fn study_cells_is_sorted_unique_disk_union() {
        let a = london();
        let b = a.grid_disk::<Vec<_>>(1)[1];
        let cells = study_cells(&[a, b, a], 1);
        let mut expected: Vec<CellIndex> = a
            .grid_disk::<Vec<_>>(1)
            .into_iter()
            .chain(b.grid_disk::<Vec<_>>(1))
            .collect();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(cells, expected);
        // Two adjacent hexagons: 7 + 7 - 4 shared cells.
        assert_eq!(cells.len(), 10);
        assert_eq!(study_cells(&[b, a, b], 0), {
            let mut v = vec![a, b];
            v.sort_unstable();
            v
        });
        assert!(study_cells(&[], 3).is_empty());
    }

    #[test]
    fn kring_neighbours_include_self_and_respect_the_study_area() {
        let centre = london();
        let cells = study_cells(&[centre], 2);
        assert_eq!(cells.len(), 19);
        let neighbours = kring_neighbours(&cells, 1);
        for (i, list) in neighbours.iter().enumerate() {
            assert!(list.contains(&(i as u32)), "cell {i} lacks itself");
            assert!(list.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
            let disk: HashSet<CellIndex> = cells[i].grid_disk::<Vec<_>>(1).into_iter().collect();
            for &j in list {
                assert!(disk.contains(&cells[j as usize]));
            }
            let expected = disk.iter().filter(|c| cells.contains(c)).count();
            assert_eq!(list.len(), expected);
        }
        let centre_pos = cells.binary_search(&centre).expect("centre is in the area");
        assert_eq!(neighbours[centre_pos].len(), 7);
        // Symmetric weights.
        for (i, list) in neighbours.iter().enumerate() {
            for &j in list {
                assert!(neighbours[j as usize].contains(&(i as u32)));
            }
        }
        // 2-ring of the centre covers the whole area.
        let wide = kring_neighbours(&cells, 2);
        assert_eq!(wide[centre_pos].len(), 19);
    }

    #[test]
    fn pentagons_have_five_neighbours() {
        let pentagon = CellIndex::base_cells()
            .find(|c| c.is_pentagon())
            .expect("there are pentagon base cells")
            .center_child(Resolution::Nine)
            .expect("finer resolution");
        assert!(pentagon.is_pentagon());
        let cells = study_cells(&[pentagon], 2);
        assert_eq!(cells.len(), 16, "1 + 5 + 10 cells around a pentagon");
        let neighbours = kring_neighbours(&cells, 1);
        let pos = cells.binary_search(&pentagon).expect("pentagon present");
        assert_eq!(neighbours[pos].len(), 6);
        for (i, list) in neighbours.iter().enumerate() {
            assert!(list.contains(&(i as u32)));
            for &j in list {
                assert!(neighbours[j as usize].contains(&(i as u32)));
            }
        }
    }

    #[test]
    fn duplicate_cells_list_every_occurrence() {
        let a = london();
        let b = a.grid_disk::<Vec<_>>(1)[1];
        let far = LatLng::new(0.0, 0.0)
            .expect("finite")
            .to_cell(Resolution::Nine);
        let neighbours = kring_neighbours(&[a, b, a, far], 1);
        assert_eq!(neighbours[0], vec![0, 1, 2]);
        assert_eq!(neighbours[1], vec![0, 1, 2]);
        assert_eq!(neighbours[2], vec![0, 1, 2]);
        assert_eq!(neighbours[3], vec![3]);
    }

    /// The golden Gi* cases were built with the `h3` Python package (the H3 C library): our
    /// k-ring lists over the same cells must be identical.
    #[test]
    fn kring_neighbours_match_h3_python() {
        let data: serde_json::Value =
            serde_json::from_str(include_str!("../../../tests/data/esda_gi_star.json"))
                .expect("valid JSON");
        let mut checked = 0;
        for case in data["cases"].as_array().expect("cases") {
            let Some(hexes) = case["cells"].as_array() else {
                continue;
            };
            let cells: Vec<CellIndex> = hexes
                .iter()
                .map(|h| {
                    let raw = u64::from_str_radix(h.as_str().expect("hex"), 16).expect("hex");
                    CellIndex::try_from(raw).expect("valid cell")
                })
                .collect();
            let mut sorted = cells.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, cells, "cells are in CellIndex order");
            let k = u32::try_from(case["k"].as_u64().expect("k")).expect("small k");
            let expected: Vec<Vec<u32>> =
                serde_json::from_value(case["neighbours"].clone()).expect("lists");
            assert_eq!(kring_neighbours(&cells, k), expected, "{}", case["name"]);
            checked += 1;
        }
        assert!(checked >= 5);
    }

    #[test]
    fn huge_k_is_clamped() {
        let cells = study_cells(&[london()], u32::MAX);
        assert_eq!(cells.len() as u64, h3o::max_grid_disk_size(MAX_K));
    }

    #[test]
    fn hasher_spreads_nearby_cells() {
        let cells = study_cells(&[london()], 10);
        let build = CellBuildHasher::default();
        let low: HashSet<u64> = cells.iter().map(|c| build.hash_one(c) & 0xFFF).collect();
        let high: HashSet<u64> = cells.iter().map(|c| build.hash_one(c) >> 57).collect();
        // 331 cells over 4096 low buckets and 128 control tags: expect few collisions.
        assert!(low.len() > 300, "low bits too clustered: {}", low.len());
        assert!(high.len() > 100, "high bits too clustered: {}", high.len());
        let mut hasher = CellHasher::default();
        hasher.write(b"abc");
        let mut other = CellHasher::default();
        other.write(b"abc\0");
        assert_ne!(hasher.finish(), other.finish());
    }
}
