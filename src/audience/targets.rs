//! Geo-targets: a region (H3 cells at one resolution, chosen by centre) turned into the circles ad
//! platforms accept (latitude, longitude, radius), plus optional excluded circles, using as few circles
//! as the platform's limits allow while meeting a coverage goal and a spill goal.
//!
//! Definitions (all population-weighted, all at the region's resolution R):
//! - a cell is *reached* when its centre lies within some target circle and within no excluded circle
//!   (great-circle distance, Earth radius 6371.0088 km);
//! - *coverage* = population of reached region cells / region population;
//! - *spill* = population of reached cells outside the region / region population.
//!
//! [`measure`] computes both exactly: for each circle it walks H3 cells from a coarse resolution down to
//! R, keeping whole coarse cells that lie surely inside, dropping those surely outside and splitting the
//! rest, so every cell whose centre is in a circle is counted once however large the circle.
//!
//! [`compile`] is a deterministic greedy weighted set cover:
//! 1. Working grid: the region's population is aggregated to the finest resolution W <= R at which the
//!    region has at most 30,000 cells, plus a halo of outside cells whose population is what spill is
//!    made of, as wide as the largest of: the minimum radius plus two cell spacings, four spacings, 5% of
//!    the square root of the region's area. Each working cell stands at its centre.
//! 2. Candidates: circles centred on region working cells (decimated through coarser H3 parents so that
//!    neighbouring centres are about half a radius apart), with radii from a geometric ladder (ratio
//!    1.25, rounded up to 0.1 km) between the minimum radius and the largest radius that stays inside
//!    the halo. Candidates reaching past the halo are dropped.
//! 3. For each spill penalty λ in a fixed ladder (0.25 to 32): pick circles with a lazy priority queue
//!    by score = newly reached region population − λ × newly reached outside population, until the
//!    coverage goal (plus 0.3 points when W is coarser than R) is reached or the target limit is hit;
//!    remove circles whose loss keeps coverage at the goal (the one costing least coverage minus λ ×
//!    spill first); shrink circles down the ladder where that cuts spill by more than λ times the
//!    coverage lost; and, if spill is still over the goal, add excluded circles (centred on reached halo
//!    cells, radii up to four times the minimum) that cut spill by more than twice the coverage they
//!    cost, while coverage stays at the goal. The ladder stops once a plan needs more circles than a
//!    plan already meeting both goals; if no plan reaches the coverage goal, λ = 0 is tried too.
//! 4. Plans are ranked by how far they miss the goals (points of coverage short plus a tenth of the
//!    points of spill over: reaching the region's people comes first), then by fewest circles in all,
//!    fewest target circles, least spill. The best are measured exactly (re-planned with a wider margin
//!    if coverage fell short on the working grid) and the best measured is returned; when it misses a
//!    goal, `notes` says which goal gives, by how many points, and why.
//!
//! Centres are rounded to 5 decimals and radii up to 0.1 km (within the limits) before any measuring,
//! so the reported figures are those of the circles returned.
//!
//! This file is over 1,000 lines on purpose: the candidate search, the spill-penalty sweep, pruning,
//! shrinking and the exact measures are one algorithm whose parts share private state; about a third of
//! it is tests against brute force.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};

use h3o::{CellIndex, LatLng, Resolution};

use crate::geodesy::{EARTH_RADIUS_KM, haversine_km};
use crate::message::Message;

/// A circle on the Earth: centre in degrees, radius in kilometres.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Circle {
    pub latitude: f64,
    pub longitude: f64,
    pub radius_km: f64,
}

/// What a platform accepts.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_targets: usize,
    pub max_excluded: usize,
    pub min_radius_km: f64,
    pub max_radius_km: f64,
}

impl Limits {
    /// Meta `custom_locations`: at most 200 circles of 1 km to 80 km, and 200 excluded locations.
    pub const META: Limits = Limits {
        max_targets: 200,
        max_excluded: 200,
        min_radius_km: 1.0,
        max_radius_km: 80.0,
    };
    /// Google Ads proximity targets: at most 500 per campaign, 1 km to 800 km; no excluded circles here
    /// (raise `max_excluded` for campaigns that use negative locations).
    pub const GOOGLE_ADS: Limits = Limits {
        max_targets: 500,
        max_excluded: 0,
        min_radius_km: 1.0,
        max_radius_km: 800.0,
    };
}

/// Fractions of the region's population: coverage at least `min_coverage`, spill at most `max_spill`.
#[derive(Debug, Clone, Copy)]
pub struct Goals {
    pub min_coverage: f64,
    pub max_spill: f64,
}

impl Default for Goals {
    fn default() -> Self {
        Goals {
            min_coverage: 0.95,
            max_spill: 0.10,
        }
    }
}

/// The circles chosen for a region and how well they fit it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Compilation {
    pub targets: Vec<Circle>,
    pub excluded: Vec<Circle>,
    /// Fraction of the region's population reached (exact, from [`measure`]).
    pub coverage: f64,
    /// Population reached outside the region, as a fraction of the region's population (exact).
    pub spill: f64,
    /// How many circles the naive answer ([`baseline`]) needs.
    pub baseline: usize,
    pub goals_met: bool,
    /// What the plan achieves and, when a goal is missed, why, as messages of the locale files.
    pub notes: Vec<Message>,
    /// The number of target circles (`targets.len()`).
    pub count: usize,
    /// The region's H3 resolution, at which coverage and spill are measured.
    pub resolution: u8,
}

/// Why a region cannot be compiled into circles.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TargetError {
    #[error("the region has no cells, so there is nothing to target")]
    EmptyRegion,
    #[error(
        "the region mixes H3 resolutions: its first cell is at resolution {first} but cell {cell} is at resolution {other}; fill the region at a single resolution"
    )]
    MixedResolutions { first: u8, other: u8, cell: String },
    #[error(
        "nobody lives in the region (its population adds up to 0), so coverage cannot be measured"
    )]
    ZeroPopulation,
    #[error("the population given for cell {cell} is {value}; it must be a number of 0 or more")]
    BadPopulation { cell: String, value: f64 },
    #[error("the platform limits cannot be used: {reason}")]
    BadLimits { reason: String },
    #[error("the goals cannot be used: {reason}")]
    BadGoals { reason: String },
}

impl TargetError {
    /// Why, in words the locale files give; `None` for limits and goals, which come from the
    /// configuration: an administrator's mistake, not the campaigner's.
    pub fn message(&self) -> Option<crate::message::Message> {
        use crate::message::Message;
        Some(match self {
            TargetError::EmptyRegion => Message::new("targets-empty-region"),
            TargetError::MixedResolutions { first, other, cell } => {
                Message::new("targets-mixed-resolutions")
                    .number("first", *first)
                    .number("other", *other)
                    .text("cell", cell.clone())
            }
            TargetError::ZeroPopulation => Message::new("targets-zero-population"),
            TargetError::BadPopulation { cell, value } => Message::new("targets-bad-population")
                .text("cell", cell.clone())
                .text("value", value.to_string()),
            TargetError::BadLimits { .. } | TargetError::BadGoals { .. } => return None,
        })
    }
}

/// Rounds a radius up to the next 0.1 km (a hair of tolerance keeps 1.0 at 1.0).
fn round_radius_up(r: f64) -> f64 {
    ((r * 10.0) - 1e-9).ceil() / 10.0
}

fn round_degrees(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

/// The naive answer: one circle around each cell of the compacted region, its radius the cell's
/// circumradius (rounded up to 0.1 km), its centre the cell's centre (rounded to 5 decimals).
pub fn baseline(region: &[CellIndex]) -> Vec<Circle> {
    let mut cells = region.to_vec();
    cells.sort_unstable();
    cells.dedup();
    let uncompacted = cells.clone();
    if CellIndex::compact(&mut cells).is_err() {
        // Mixed resolutions cannot be compacted: one circle per cell as given.
        cells = uncompacted;
    }
    cells
        .iter()
        .map(|&cell| {
            let centre = LatLng::from(cell);
            Circle {
                latitude: round_degrees(centre.lat()),
                longitude: round_degrees(centre.lng()),
                radius_km: round_radius_up(circumradius_km(cell)),
            }
        })
        .collect()
}

fn circumradius_km(cell: CellIndex) -> f64 {
    let centre = LatLng::from(cell);
    cell.boundary()
        .iter()
        .map(|v| haversine_km(centre, *v))
        .fold(0.0, f64::max)
}

/// An upper bound on the distance from a cell's centre to the centre of any of its descendants:
/// descendants of an H3 cell spread about 5% past its hexagon, so 1.5 times its circumradius is safe.
fn descendant_bound_km(cell: CellIndex) -> f64 {
    1.5 * circumradius_km(cell) + 1e-6
}

/// Appends every cell at `resolution` whose centre lies within `circle` (great-circle distance).
fn circle_cells(circle: &Circle, resolution: Resolution, out: &mut Vec<CellIndex>) {
    let r = circle.radius_km;
    if !r.is_finite() || r < 0.0 {
        return;
    }
    let Ok(centre) = LatLng::new(circle.latitude, circle.longitude) else {
        return;
    };
    // Walk coarse cells about a third of the radius across, then refine only along the rim.
    let mut coarse = resolution;
    while let Some(p) = coarse.pred() {
        if p.edge_length_km() * 3.0 <= r {
            coarse = p;
        } else {
            break;
        }
    }
    let start = centre.to_cell(coarse);
    let mut seen: HashSet<CellIndex> = HashSet::from([start]);
    let mut queue = vec![start];
    let mut head = 0;
    while head < queue.len() {
        let cell = queue[head];
        head += 1;
        let d = haversine_km(centre, LatLng::from(cell));
        let bound = if coarse == resolution {
            0.0
        } else {
            descendant_bound_km(cell)
        };
        // Neighbours are explored while the cell's centre is within a cell's width of the circle.
        if d > r + bound + 2.0 * circumradius_km(cell) {
            continue;
        }
        descend(cell, coarse, resolution, centre, r, out);
        for n in cell.grid_disk::<Vec<_>>(1) {
            if seen.insert(n) {
                queue.push(n);
            }
        }
    }
}

fn descend(
    cell: CellIndex,
    res: Resolution,
    target: Resolution,
    centre: LatLng,
    r: f64,
    out: &mut Vec<CellIndex>,
) {
    let d = haversine_km(centre, LatLng::from(cell));
    if res == target {
        if d <= r {
            out.push(cell);
        }
        return;
    }
    let bound = descendant_bound_km(cell);
    if d - bound > r {
        return;
    }
    if d + bound <= r {
        out.extend(cell.children(target));
        return;
    }
    let finer = res
        .succ()
        .expect("a resolution coarser than the target has a finer one");
    for child in cell.children(finer) {
        descend(child, finer, target, centre, r, out);
    }
}

/// Every cell at `resolution` reached by any of `circles`, sorted and without duplicates.
fn cells_in_circles(circles: &[Circle], resolution: Resolution) -> Vec<CellIndex> {
    let mut cells = Vec::new();
    for c in circles {
        circle_cells(c, resolution, &mut cells);
    }
    cells.sort_unstable();
    cells.dedup();
    cells
}

/// Exact measure of any circle set against a region at its resolution: (coverage, spill), as defined in
/// the module documentation. The region's resolution is that of its first cell; an empty region or one
/// with no population measures (0, 0).
pub fn measure(
    region: &[CellIndex],
    population: &dyn Fn(CellIndex) -> f64,
    targets: &[Circle],
    excluded: &[Circle],
) -> (f64, f64) {
    let mut cells = region.to_vec();
    cells.sort_unstable();
    cells.dedup();
    let pops: Vec<f64> = cells.iter().map(|&c| population(c)).collect();
    measure_sorted(&cells, &pops, &mut |c| population(c), targets, excluded)
}

/// [`measure`] for a sorted, deduplicated region whose populations are known, `outside` giving the
/// population of other cells. Both sums run in cell order, so the figures do not depend on the caller.
fn measure_sorted(
    cells: &[CellIndex],
    pops: &[f64],
    outside: &mut dyn FnMut(CellIndex) -> f64,
    targets: &[Circle],
    excluded: &[Circle],
) -> (f64, f64) {
    let Some(first) = cells.first() else {
        return (0.0, 0.0);
    };
    let total: f64 = pops.iter().sum();
    if total.is_nan() || total <= 0.0 {
        return (0.0, 0.0);
    }
    let resolution = first.resolution();
    let reached = cells_in_circles(targets, resolution);
    let removed = cells_in_circles(excluded, resolution);
    let (mut inside, mut spilled) = (0.0, 0.0);
    for cell in reached {
        if removed.binary_search(&cell).is_ok() {
            continue;
        }
        match cells.binary_search(&cell) {
            Ok(i) => inside += pops[i],
            Err(_) => spilled += outside(cell),
        }
    }
    (inside / total, spilled / total)
}

// ---------------------------------------------------------------------------------------------------
// The working grid and its circles.

/// Neighbour slot with no cell (pentagons have five neighbours).
const NONE: u32 = u32::MAX;
/// Neighbour beyond the halo: its population is unknown to the working grid.
const BEYOND: u32 = u32::MAX - 1;
/// The most working cells the region may have before a coarser working resolution is used.
const MAX_WORKING_CELLS: usize = 30_000;
/// Ratio between consecutive radii of the candidate ladder.
const LADDER_RATIO: f64 = 1.25;
/// Spill penalties tried, in order.
const PENALTIES: [f64; 8] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0];

type Vec3 = [f64; 3];

fn unit_vector(lat: f64, lon: f64) -> Vec3 {
    let (p, l) = (lat.to_radians(), lon.to_radians());
    [p.cos() * l.cos(), p.cos() * l.sin(), p.sin()]
}

fn chord2(a: &Vec3, b: &Vec3) -> f64 {
    let (x, y, z) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    x * x + y * y + z * z
}

/// Squared chord length of a great-circle distance.
fn chord2_of_km(km: f64) -> f64 {
    let half = (km / EARTH_RADIUS_KM / 2.0).min(std::f64::consts::FRAC_PI_2);
    (2.0 * half.sin()).powi(2)
}

struct Grid {
    cells: Vec<CellIndex>,
    /// Cells `0..n_region` hold region population; the rest are halo.
    n_region: usize,
    /// Unit vectors of the cells' centres.
    pos: Vec<Vec3>,
    /// Rounded centres (latitude, longitude) for circles centred on each cell, and their unit vectors.
    centre: Vec<(f64, f64)>,
    cpos: Vec<Vec3>,
    in_pop: Vec<f64>,
    out_pop: Vec<f64>,
    nbr: Vec<[u32; 6]>,
    /// Typical distance between neighbouring centres, km.
    spacing_km: f64,
    /// The region's population.
    total: f64,
}

impl Grid {
    /// Builds the working grid at `working` for a sorted region at its own resolution.
    fn build(
        region: &[CellIndex],
        region_pop: &[f64],
        population: &dyn Fn(CellIndex) -> f64,
        working: Resolution,
        halo_km: f64,
    ) -> Grid {
        let fine = region[0].resolution();
        let spacing_km = working.edge_length_km() * 3f64.sqrt();
        let mut cells: Vec<CellIndex>;
        let mut in_pop: Vec<f64>;
        let mut out_pop: Vec<f64>;
        if working == fine {
            cells = region.to_vec();
            in_pop = region_pop.to_vec();
            out_pop = vec![0.0; cells.len()];
        } else {
            cells = region
                .iter()
                .map(|c| c.parent(working).expect("working resolution is coarser"))
                .collect();
            cells.sort_unstable();
            cells.dedup();
            in_pop = vec![0.0; cells.len()];
            for (c, p) in region.iter().zip(region_pop) {
                let parent = c.parent(working).expect("working resolution is coarser");
                let i = cells.binary_search(&parent).expect("parent listed");
                in_pop[i] += p;
            }
            out_pop = cells
                .iter()
                .map(|p| {
                    p.children(fine)
                        .filter(|c| region.binary_search(c).is_err())
                        .map(population)
                        .sum()
                })
                .collect();
        }
        let n_region = cells.len();
        let mut index: HashMap<CellIndex, u32> = cells
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, i as u32))
            .collect();
        let rings = (halo_km / spacing_km).ceil() as u32 + 1;
        let mut ring = vec![0u32; n_region];
        let mut nbr = Vec::with_capacity(n_region);
        let mut i = 0;
        while i < cells.len() {
            let mut slots = [NONE; 6];
            let mut k = 0;
            for n in cells[i].grid_disk::<Vec<_>>(1) {
                if n == cells[i] || k == 6 {
                    continue;
                }
                slots[k] = match index.get(&n) {
                    Some(&j) => j,
                    None if ring[i] < rings => {
                        let j = cells.len() as u32;
                        index.insert(n, j);
                        cells.push(n);
                        ring.push(ring[i] + 1);
                        j
                    }
                    None => BEYOND,
                };
                k += 1;
            }
            nbr.push(slots);
            i += 1;
        }
        for &halo in &cells[n_region..] {
            in_pop.push(0.0);
            out_pop.push(if working == fine {
                population(halo)
            } else {
                halo.children(fine).map(population).sum()
            });
        }
        let mut pos = Vec::with_capacity(cells.len());
        let mut centre = Vec::with_capacity(cells.len());
        let mut cpos = Vec::with_capacity(cells.len());
        for &c in &cells {
            let ll = LatLng::from(c);
            pos.push(unit_vector(ll.lat(), ll.lng()));
            let (lat, lon) = (round_degrees(ll.lat()), round_degrees(ll.lng()));
            centre.push((lat, lon));
            cpos.push(unit_vector(lat, lon));
        }
        let total = region_pop.iter().sum();
        Grid {
            cells,
            n_region,
            pos,
            centre,
            cpos,
            in_pop,
            out_pop,
            nbr,
            spacing_km,
            total,
        }
    }

    /// For each region cell, roughly how far (km) it lies from the nearest cell outside the region.
    fn depth_km(&self) -> Vec<f64> {
        let mut source = vec![NONE; self.n_region];
        let mut queue = Vec::new();
        for (i, slot) in source.iter_mut().enumerate() {
            // Region cells touching the halo (never the far side of it) start the walk.
            if let Some(&n) = self.nbr[i]
                .iter()
                .find(|&&n| n != NONE && n != BEYOND && n as usize >= self.n_region)
            {
                *slot = n;
                queue.push(i as u32);
            }
        }
        let mut head = 0;
        while head < queue.len() {
            let i = queue[head] as usize;
            head += 1;
            for &n in &self.nbr[i] {
                if n == NONE || n == BEYOND || n as usize >= self.n_region {
                    continue;
                }
                if source[n as usize] == NONE {
                    source[n as usize] = source[i];
                    queue.push(n);
                }
            }
        }
        (0..self.n_region)
            .map(|i| {
                if source[i] == NONE {
                    0.0
                } else {
                    let c2 = chord2(&self.pos[i], &self.pos[source[i] as usize]);
                    2.0 * EARTH_RADIUS_KM * (c2.sqrt() / 2.0).min(1.0).asin()
                }
            })
            .collect()
    }
}

/// Breadth-first walks over the working grid, with a visit stamp instead of clearing a set each time.
struct Walker {
    stamp: Vec<u32>,
    tick: u32,
    queue: Vec<u32>,
}

impl Walker {
    fn new(n: usize) -> Walker {
        Walker {
            stamp: vec![0; n],
            tick: 0,
            queue: Vec::new(),
        }
    }

    /// The working cells whose centres lie within `radius_km` of the rounded centre of cell `centre`,
    /// into `out`. Returns false (and an incomplete `out`) when `stop_at_edge` is set and the circle
    /// reaches past the halo.
    fn disc(
        &mut self,
        g: &Grid,
        centre: u32,
        radius_km: f64,
        stop_at_edge: bool,
        out: &mut Vec<u32>,
    ) -> bool {
        out.clear();
        self.tick = self.tick.wrapping_add(1);
        if self.tick == 0 {
            self.stamp.fill(0);
            self.tick = 1;
        }
        let tick = self.tick;
        let t_in = chord2_of_km(radius_km);
        let t_ext = chord2_of_km(radius_km + g.spacing_km);
        let c = g.cpos[centre as usize];
        self.queue.clear();
        self.queue.push(centre);
        self.stamp[centre as usize] = tick;
        let mut head = 0;
        while head < self.queue.len() {
            let i = self.queue[head] as usize;
            head += 1;
            let inside = chord2(&c, &g.pos[i]) <= t_in;
            if inside {
                out.push(i as u32);
            }
            for &n in &g.nbr[i] {
                if n == NONE {
                    continue;
                }
                if n == BEYOND {
                    if stop_at_edge && inside {
                        return false;
                    }
                    continue;
                }
                if self.stamp[n as usize] == tick {
                    continue;
                }
                self.stamp[n as usize] = tick;
                if chord2(&c, &g.pos[n as usize]) <= t_ext {
                    self.queue.push(n);
                }
            }
        }
        true
    }
}

#[derive(Clone, Copy)]
struct Candidate {
    centre: u32,
    rung: u16,
    in_sum: f64,
    out_sum: f64,
}

/// Max-heap entry: higher score first, then lower index.
#[derive(PartialEq)]
struct Entry {
    score: f64,
    idx: u32,
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then(other.idx.cmp(&self.idx))
    }
}

#[derive(Clone)]
struct Placed {
    centre: u32,
    rung: u16,
    cells: Vec<u32>,
}

/// One candidate answer on the working grid.
#[derive(Clone)]
struct Plan {
    targets: Vec<Placed>,
    excluded: Vec<Placed>,
    /// Working estimates of the population reached inside and outside the region.
    covered: f64,
    spilled: f64,
}

struct Planner<'a> {
    g: &'a Grid,
    ladder: Vec<f64>,
    candidates: Vec<Candidate>,
    walker: Walker,
    limits: Limits,
}

impl<'a> Planner<'a> {
    fn new(g: &'a Grid, ladder: Vec<f64>, limits: Limits) -> Planner<'a> {
        let mut p = Planner {
            g,
            ladder,
            candidates: Vec::new(),
            walker: Walker::new(g.cells.len()),
            limits,
        };
        p.generate();
        p
    }

    /// Candidate circles for every rung of the ladder, centred on region cells spaced about half a
    /// radius apart; circles reaching past the halo, or repeating a smaller circle's cells, are dropped.
    fn generate(&mut self) {
        let g = self.g;
        let working = g.cells[0].resolution();
        let mut last_count = vec![0u32; g.n_region];
        let mut out = Vec::new();
        for (rung, &r) in self.ladder.iter().enumerate() {
            let mut coarse = working;
            while let Some(p) = coarse.pred() {
                if p.edge_length_km() * 3f64.sqrt() <= 0.5 * r {
                    coarse = p;
                } else {
                    break;
                }
            }
            let centres: Vec<u32> = if coarse == working {
                (0..g.n_region as u32).collect()
            } else {
                // One centre per coarse parent: the member nearest the parent's centre.
                let mut chosen = Vec::new();
                let mut i = 0;
                while i < g.n_region {
                    let parent = g.cells[i].parent(coarse).expect("coarser");
                    let ll = LatLng::from(parent);
                    let pv = unit_vector(ll.lat(), ll.lng());
                    let mut best = (f64::INFINITY, i);
                    let mut j = i;
                    while j < g.n_region && g.cells[j].parent(coarse) == Some(parent) {
                        let d = chord2(&pv, &g.pos[j]);
                        if d < best.0 {
                            best = (d, j);
                        }
                        j += 1;
                    }
                    chosen.push(best.1 as u32);
                    i = j;
                }
                chosen
            };
            for c in centres {
                if !self.walker.disc(g, c, r, true, &mut out) {
                    continue;
                }
                let n = out.len() as u32;
                if n == last_count[c as usize] {
                    continue;
                }
                last_count[c as usize] = n;
                let in_sum: f64 = out.iter().map(|&i| g.in_pop[i as usize]).sum();
                if in_sum <= 0.0 {
                    continue;
                }
                let out_sum: f64 = out.iter().map(|&i| g.out_pop[i as usize]).sum();
                self.candidates.push(Candidate {
                    centre: c,
                    rung: rung as u16,
                    in_sum,
                    out_sum,
                });
            }
        }
    }

    fn covered(&self, cover: &[u32], excl: &[u32]) -> (f64, f64) {
        let g = self.g;
        let (mut a, mut b) = (0.0, 0.0);
        for i in 0..g.cells.len() {
            if cover[i] > 0 && excl[i] == 0 {
                a += g.in_pop[i];
                b += g.out_pop[i];
            }
        }
        (a, b)
    }

    /// Greedy cover, pruning, shrinking and exclusions for spill penalty `lambda`, aiming at coverage
    /// `cov_target` and spill `spill_target` (both as populations).
    fn plan(&mut self, lambda: f64, cov_target: f64, spill_target: f64) -> Plan {
        let g = self.g;
        let n = g.cells.len();
        let mut cover = vec![0u32; n];
        let no_excl = vec![0u32; n];
        let mut targets: Vec<Placed> = Vec::new();
        let mut heap: BinaryHeap<Entry> = self
            .candidates
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let score = c.in_sum - lambda * c.out_sum;
                (score > 0.0).then_some(Entry {
                    score,
                    idx: i as u32,
                })
            })
            .collect();
        let mut covered = 0.0;
        let mut cells = Vec::new();
        while targets.len() < self.limits.max_targets && covered < cov_target {
            let Some(top) = heap.pop() else { break };
            let cand = self.candidates[top.idx as usize];
            self.walker.disc(
                g,
                cand.centre,
                self.ladder[cand.rung as usize],
                false,
                &mut cells,
            );
            let (mut gain_in, mut gain_out) = (0.0, 0.0);
            for &i in &cells {
                if cover[i as usize] == 0 {
                    gain_in += g.in_pop[i as usize];
                    gain_out += g.out_pop[i as usize];
                }
            }
            let score = gain_in - lambda * gain_out;
            if gain_in <= 0.0 || score <= 0.0 {
                continue;
            }
            if heap.peek().is_none_or(|next| score >= next.score) {
                for &i in &cells {
                    cover[i as usize] += 1;
                }
                covered += gain_in;
                targets.push(Placed {
                    centre: cand.centre,
                    rung: cand.rung,
                    cells: std::mem::take(&mut cells),
                });
            } else {
                heap.push(Entry {
                    score,
                    idx: top.idx,
                });
            }
        }

        // Prune: drop the circle whose loss costs least (coverage lost minus λ × spill saved) while
        // coverage stays at the target.
        loop {
            let (covered, _) = self.covered(&cover, &no_excl);
            let mut best: Option<(f64, usize)> = None;
            for (k, t) in targets.iter().enumerate() {
                let (mut u_in, mut u_out) = (0.0, 0.0);
                for &i in &t.cells {
                    if cover[i as usize] == 1 {
                        u_in += g.in_pop[i as usize];
                        u_out += g.out_pop[i as usize];
                    }
                }
                if covered - u_in < cov_target.min(covered) {
                    continue;
                }
                let cost = u_in - lambda * u_out;
                if best.is_none_or(|(b, _)| cost <= b) {
                    best = Some((cost, k));
                }
            }
            let Some((_, k)) = best else { break };
            for &i in &targets[k].cells {
                cover[i as usize] -= 1;
            }
            targets.remove(k);
        }

        // Shrink: move circles down the ladder where the spill saved outweighs λ × coverage lost.
        let mut mark = vec![false; n];
        let mut smaller = Vec::new();
        for t in &mut targets {
            let (covered, _) = self.covered(&cover, &no_excl);
            if !t.cells.iter().any(|&i| g.out_pop[i as usize] > 0.0) {
                continue;
            }
            let mut best: Option<(f64, u16, Vec<u32>)> = None;
            for rung in (0..t.rung).rev() {
                self.walker
                    .disc(g, t.centre, self.ladder[rung as usize], false, &mut smaller);
                for &i in &smaller {
                    mark[i as usize] = true;
                }
                let (mut lost_in, mut lost_out) = (0.0, 0.0);
                for &i in &t.cells {
                    if !mark[i as usize] && cover[i as usize] == 1 {
                        lost_in += g.in_pop[i as usize];
                        lost_out += g.out_pop[i as usize];
                    }
                }
                for &i in &smaller {
                    mark[i as usize] = false;
                }
                if covered - lost_in < cov_target.min(covered) {
                    break;
                }
                let gain = lost_out - lambda * lost_in;
                if gain > 0.0 && best.as_ref().is_none_or(|(b, _, _)| gain > *b) {
                    best = Some((gain, rung, smaller.clone()));
                }
            }
            if let Some((_, rung, new_cells)) = best {
                for &i in &t.cells {
                    cover[i as usize] -= 1;
                }
                for &i in &new_cells {
                    cover[i as usize] += 1;
                }
                t.rung = rung;
                t.cells = new_cells;
            }
        }

        let (excluded, covered, spilled) = self.exclude(&cover, cov_target, spill_target);
        Plan {
            targets,
            excluded,
            covered,
            spilled,
        }
    }

    /// Excluded circles over reached outside population, while spill is over its target and coverage
    /// stays at its target; each must cut spill by more than twice the coverage it costs.
    fn exclude(
        &mut self,
        cover: &[u32],
        cov_target: f64,
        spill_target: f64,
    ) -> (Vec<Placed>, f64, f64) {
        let g = self.g;
        let mut excl = vec![0u32; g.cells.len()];
        let mut excluded = Vec::new();
        let (mut covered, mut spilled) = self.covered(cover, &excl);
        if self.limits.max_excluded == 0 || spilled <= spill_target {
            return (excluded, covered, spilled);
        }
        let max_rung = self
            .ladder
            .iter()
            .rposition(|&r| r <= 4.0 * self.limits.min_radius_km.max(g.spacing_km))
            .unwrap_or(0);
        let mut cells = Vec::new();
        let mut heap = BinaryHeap::new();
        let mut cands: Vec<(u32, u16)> = Vec::new();
        for c in g.n_region..g.cells.len() {
            if cover[c] == 0 || g.out_pop[c] <= 0.0 {
                continue;
            }
            for rung in 0..=max_rung {
                self.walker
                    .disc(g, c as u32, self.ladder[rung], false, &mut cells);
                let score = self.exclusion_score(&cells, cover, &excl);
                if score > 0.0 {
                    heap.push(Entry {
                        score,
                        idx: cands.len() as u32,
                    });
                    cands.push((c as u32, rung as u16));
                }
            }
        }
        while excluded.len() < self.limits.max_excluded && spilled > spill_target {
            let Some(top) = heap.pop() else { break };
            let (c, rung) = cands[top.idx as usize];
            self.walker
                .disc(g, c, self.ladder[rung as usize], false, &mut cells);
            let score = self.exclusion_score(&cells, cover, &excl);
            if score <= 0.0 {
                continue;
            }
            if heap.peek().is_some_and(|next| score < next.score) {
                heap.push(Entry {
                    score,
                    idx: top.idx,
                });
                continue;
            }
            let (mut lost_in, mut lost_out) = (0.0, 0.0);
            for &i in &cells {
                if cover[i as usize] > 0 && excl[i as usize] == 0 {
                    lost_in += g.in_pop[i as usize];
                    lost_out += g.out_pop[i as usize];
                }
            }
            if covered - lost_in < cov_target {
                continue;
            }
            for &i in &cells {
                excl[i as usize] += 1;
            }
            covered -= lost_in;
            spilled -= lost_out;
            excluded.push(Placed {
                centre: c,
                rung,
                cells: cells.clone(),
            });
        }
        let (covered, spilled) = self.covered(cover, &excl);
        (excluded, covered, spilled)
    }

    fn exclusion_score(&self, cells: &[u32], cover: &[u32], excl: &[u32]) -> f64 {
        let g = self.g;
        let (mut lost_in, mut lost_out) = (0.0, 0.0);
        for &i in cells {
            if cover[i as usize] > 0 && excl[i as usize] == 0 {
                lost_in += g.in_pop[i as usize];
                lost_out += g.out_pop[i as usize];
            }
        }
        lost_out - 2.0 * lost_in
    }

    fn circles(&self, placed: &[Placed]) -> Vec<Circle> {
        placed
            .iter()
            .map(|p| {
                let (latitude, longitude) = self.g.centre[p.centre as usize];
                Circle {
                    latitude,
                    longitude,
                    radius_km: self.ladder[p.rung as usize],
                }
            })
            .collect()
    }
}

/// Radii from `low` to `high` growing by [`LADDER_RATIO`], rounded up to 0.1 km within the limits.
fn radius_ladder(low: f64, high: f64, limits: &Limits) -> Vec<f64> {
    let fit = |r: f64| {
        round_radius_up(r)
            .max(limits.min_radius_km)
            .min(limits.max_radius_km)
    };
    let mut ladder = Vec::new();
    let mut r = low;
    while r < high {
        ladder.push(fit(r));
        r *= LADDER_RATIO;
    }
    ladder.push(fit(high));
    ladder.dedup();
    ladder
}

/// A difference of fractions in percentage points, to one decimal.
fn points(x: f64) -> f64 {
    (x * 1000.0).round() / 10.0
}

/// A goal as a percentage to two decimals at most: 0.95 → 95, 0.125 → 12.5.
fn goal_percent(x: f64) -> f64 {
    (x * 10000.0).round() / 100.0
}

/// Chooses as few circles as the limits allow to reach at least `goals.min_coverage` of the region's
/// population with at most `goals.max_spill` spill; see the module documentation for the method.
///
/// `region`: the region's cells, all at one resolution, sorted, not compacted. `population(cell)` gives
/// the people in any cell at that resolution, inside or outside the region (0 where nobody lives or
/// nothing is known).
pub fn compile(
    region: &[CellIndex],
    population: &dyn Fn(CellIndex) -> f64,
    limits: &Limits,
    goals: &Goals,
) -> Result<Compilation, TargetError> {
    let first = *region.first().ok_or(TargetError::EmptyRegion)?;
    let fine = first.resolution();
    if let Some(other) = region.iter().find(|c| c.resolution() != fine) {
        return Err(TargetError::MixedResolutions {
            first: u8::from(fine),
            other: u8::from(other.resolution()),
            cell: other.to_string(),
        });
    }
    check_limits(limits)?;
    check_goals(goals)?;
    let mut cells = region.to_vec();
    cells.sort_unstable();
    cells.dedup();
    let mut region_pop = Vec::with_capacity(cells.len());
    for &c in &cells {
        let p = population(c);
        if !p.is_finite() || p < 0.0 {
            return Err(TargetError::BadPopulation {
                cell: c.to_string(),
                value: p,
            });
        }
        region_pop.push(p);
    }
    let total: f64 = region_pop.iter().sum();
    if total <= 0.0 {
        return Err(TargetError::ZeroPopulation);
    }
    let baseline_count = baseline(&cells).len();

    // Working resolution and halo.
    let mut working = fine;
    let mut count = cells.len();
    while count > MAX_WORKING_CELLS {
        let Some(p) = working.pred() else { break };
        working = p;
        let mut parents: Vec<CellIndex> = cells
            .iter()
            .map(|c| c.parent(p).expect("coarser"))
            .collect();
        parents.dedup();
        count = parents.len();
    }
    let spacing = working.edge_length_km() * 3f64.sqrt();
    let area = cells.len() as f64 * fine.area_km2();
    let halo_km = (limits.min_radius_km + 2.0 * spacing)
        .max(4.0 * spacing)
        .max(0.05 * area.sqrt());
    let grid = Grid::build(&cells, &region_pop, population, working, halo_km);
    let deepest = grid.depth_km().into_iter().fold(0.0, f64::max);
    let low = if working == fine {
        limits.min_radius_km
    } else {
        limits.min_radius_km.max(spacing)
    };
    let high = (1.1 * (deepest + halo_km)).clamp(low, limits.max_radius_km);
    let ladder = radius_ladder(low, high, limits);
    let mut planner = Planner::new(&grid, ladder, *limits);

    // Plans for a ladder of spill penalties, ranked on the working estimates (exact when W = R; with a
    // small coverage margin otherwise). Stop once a plan needs more circles than a feasible one.
    let exact_working = working == fine;
    let base_margin = if exact_working { 0.0 } else { 0.003 };
    let aims = |margin: f64| {
        (
            (goals.min_coverage + margin).min(1.0) * grid.total,
            (goals.max_spill - margin).max(0.0) * grid.total,
        )
    };
    let mut plans: Vec<(Ranked, f64, Plan)> = Vec::new();
    let mut fewest_feasible: Option<usize> = None;
    let mut penalties = PENALTIES.to_vec();
    let mut k = 0;
    while k < penalties.len() {
        let lambda = penalties[k];
        k += 1;
        let (cov_aim, spill_aim) = aims(base_margin);
        let plan = planner.plan(lambda, cov_aim, spill_aim);
        let ranked = Ranked::new(
            plan.covered / grid.total,
            plan.spilled / grid.total,
            plan.targets.len(),
            plan.excluded.len(),
            goals,
        );
        let circles = ranked.circles();
        let met = ranked.met;
        plans.push((ranked, lambda, plan));
        if fewest_feasible.is_some_and(|fewest| circles > fewest) {
            break;
        }
        if met {
            fewest_feasible = Some(fewest_feasible.map_or(circles, |f| f.min(circles)));
        }
        // When no penalty reaches the coverage goal, try once more ignoring spill altogether.
        if k == penalties.len()
            && lambda > 0.0
            && !plans
                .iter()
                .any(|(r, _, _)| r.coverage >= goals.min_coverage)
        {
            penalties.push(0.0);
        }
    }
    plans.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal));

    // Measure the best plans exactly (widening the margin if the working estimate fell short), until
    // the best measured plan ranks no worse than the next plan's working estimate.
    let mut outside_cache: HashMap<CellIndex, f64> = HashMap::new();
    let mut outside = |c: CellIndex| *outside_cache.entry(c).or_insert_with(|| population(c));
    let mut best: Option<(Ranked, Vec<Circle>, Vec<Circle>)> = None;
    for (working_rank, lambda, plan) in plans.iter().take(4) {
        if best.as_ref().is_some_and(|(b, _, _)| b <= working_rank) {
            break;
        }
        let mut plan = plan.clone();
        let mut margin = base_margin;
        for attempt in 0..3 {
            let targets = planner.circles(&plan.targets);
            let excluded = planner.circles(&plan.excluded);
            let (coverage, spill) =
                measure_sorted(&cells, &region_pop, &mut outside, &targets, &excluded);
            let ranked = Ranked::new(coverage, spill, targets.len(), excluded.len(), goals);
            if best.as_ref().is_none_or(|(b, _, _)| ranked < *b) {
                best = Some((ranked, targets, excluded));
            }
            let short = goals.min_coverage - coverage;
            if exact_working
                || short <= 0.0
                || plan.targets.len() >= limits.max_targets
                || attempt == 2
            {
                break;
            }
            margin += short + 0.002;
            let (cov_aim, spill_aim) = aims(margin);
            plan = planner.plan(*lambda, cov_aim, spill_aim);
        }
    }
    let (ranked, targets, excluded) = best.expect("at least one plan is measured");
    let (coverage, spill) = (ranked.coverage, ranked.spill);
    let goals_met = ranked.met;

    let summary = if excluded.is_empty() {
        Message::new("targets-summary")
    } else {
        Message::new("targets-summary-excluded").number("excluded", excluded.len() as f64)
    };
    let mut notes = vec![
        summary
            .number("count", targets.len() as f64)
            .percent("coverage", coverage)
            .percent("spill", spill)
            .number("baseline", baseline_count as f64),
    ];
    let at_limit = targets.len() >= limits.max_targets;
    if coverage < goals.min_coverage {
        let why = if at_limit {
            Message::new("targets-why-limit-coverage").number("limit", limits.max_targets as f64)
        } else {
            Message::new("targets-why-radius-coverage")
                .number("min", limits.min_radius_km)
                .number("max", limits.max_radius_km)
                .number("goal", goal_percent(goals.max_spill))
        };
        notes.push(
            Message::new("targets-coverage-short")
                .percent("coverage", coverage)
                .number("goal", goal_percent(goals.min_coverage))
                .number("points", points(goals.min_coverage - coverage))
                .message("why", why),
        );
    }
    if spill > goals.max_spill {
        let why = if at_limit {
            Message::new("targets-why-limit-spill").number("limit", limits.max_targets as f64)
        } else {
            Message::new("targets-why-radius-spill").number("min", limits.min_radius_km)
        };
        notes.push(
            Message::new("targets-spill-over")
                .percent("spill", spill)
                .number("goal", goal_percent(goals.max_spill))
                .number("points", points(spill - goals.max_spill))
                .message("why", why),
        );
    }
    Ok(Compilation {
        count: targets.len(),
        targets,
        excluded,
        coverage,
        spill,
        baseline: baseline_count,
        goals_met,
        notes,
        resolution: u8::from(fine),
    })
}

/// How good an answer is: first how far it misses the goals (points of coverage short, plus a tenth of
/// the points of spill over: reaching the region's people matters more than sparing others), then the
/// fewest circles in all, the fewest target circles, the least spill.
#[derive(PartialEq)]
struct Ranked {
    shortfall: f64,
    met: bool,
    count: usize,
    excluded: usize,
    coverage: f64,
    spill: f64,
}

impl Ranked {
    fn new(coverage: f64, spill: f64, count: usize, excluded: usize, goals: &Goals) -> Ranked {
        let short = (goals.min_coverage - coverage).max(0.0);
        let over = (spill - goals.max_spill).max(0.0);
        Ranked {
            shortfall: short + over / 10.0,
            met: short <= 0.0 && over <= 0.0,
            count,
            excluded,
            coverage,
            spill,
        }
    }

    fn circles(&self) -> usize {
        self.count + self.excluded
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(
            self.shortfall
                .total_cmp(&other.shortfall)
                .then(self.circles().cmp(&other.circles()))
                .then(self.count.cmp(&other.count))
                .then(self.spill.total_cmp(&other.spill)),
        )
    }
}

fn check_limits(limits: &Limits) -> Result<(), TargetError> {
    let bad = |reason: String| Err(TargetError::BadLimits { reason });
    if limits.max_targets == 0 {
        return bad("they allow no target circles (max_targets is 0)".into());
    }
    if !(limits.min_radius_km.is_finite() && limits.min_radius_km > 0.0) {
        return bad(format!(
            "the smallest radius must be more than 0 km, not {} km",
            limits.min_radius_km
        ));
    }
    if !(limits.max_radius_km.is_finite() && limits.max_radius_km >= limits.min_radius_km) {
        return bad(format!(
            "the largest radius ({} km) must be at least the smallest ({} km)",
            limits.max_radius_km, limits.min_radius_km
        ));
    }
    if limits.max_radius_km > 10_000.0 {
        return bad(format!(
            "a radius of {} km is more than a quarter of the way round the Earth",
            limits.max_radius_km
        ));
    }
    Ok(())
}

fn check_goals(goals: &Goals) -> Result<(), TargetError> {
    if !(0.0..=1.0).contains(&goals.min_coverage) {
        return Err(TargetError::BadGoals {
            reason: format!(
                "the coverage goal must be a fraction from 0 to 1, not {}",
                goals.min_coverage
            ),
        });
    }
    if !(goals.max_spill >= 0.0 && goals.max_spill.is_finite()) {
        return Err(TargetError::BadGoals {
            reason: format!(
                "the spill goal must be a fraction of 0 or more, not {}",
                goals.max_spill
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audience::regions;
    use crate::geodesy::distance_km;
    use crate::message::Arg;
    use std::time::Instant;

    const FENLAND: &str = include_str!("../../assets/geo/fenland_lsoa_2011.geojson");

    fn by_area(c: CellIndex) -> f64 {
        c.area_km2()
    }

    fn filled(text: &str, res: Resolution) -> Vec<CellIndex> {
        let region = regions::parse_region(text, "test region").unwrap();
        regions::fill(&region, res, 2_000_000, "test region").unwrap()
    }

    /// The Fenland district alone, out of the six-district LSOA file.
    fn fenland_district() -> String {
        let mut all: serde_json::Value = serde_json::from_str(FENLAND).unwrap();
        let features = all["features"].as_array_mut().unwrap();
        features.retain(|f| f["properties"]["district"] == "Fenland");
        assert_eq!(features.len(), 55);
        all.to_string()
    }

    /// Compiles and checks everything a caller relies on; returns the answer for more checks.
    fn compile_checked(
        name: &str,
        region: &[CellIndex],
        population: &dyn Fn(CellIndex) -> f64,
        limits: &Limits,
    ) -> Compilation {
        let started = Instant::now();
        let out = compile(region, population, limits, &Goals::default()).unwrap();
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        eprintln!(
            "{name}: {} cells, baseline {}, {} targets + {} excluded, coverage {:.4}, spill {:.4}, {ms:.0} ms",
            region.len(),
            out.baseline,
            out.count,
            out.excluded.len(),
            out.coverage,
            out.spill
        );
        assert!(out.goals_met, "{name}: {:?}", out.notes);
        assert!(out.coverage >= 0.95 && out.spill <= 0.10, "{name}");
        assert_eq!(out.count, out.targets.len());
        assert!(
            out.count * 4 <= out.baseline,
            "{name}: {} circles, baseline {}",
            out.count,
            out.baseline
        );
        assert!(out.targets.len() <= limits.max_targets);
        assert!(out.excluded.len() <= limits.max_excluded);
        for c in out.targets.iter().chain(&out.excluded) {
            assert!(
                (limits.min_radius_km..=limits.max_radius_km).contains(&c.radius_km),
                "{c:?}"
            );
            assert!(((c.radius_km * 10.0).round() - c.radius_km * 10.0).abs() < 1e-9);
            assert!(((c.latitude * 1e5).round() - c.latitude * 1e5).abs() < 1e-6);
        }
        let (coverage, spill) = measure(region, population, &out.targets, &out.excluded);
        assert_eq!(coverage, out.coverage, "{name}");
        assert_eq!(spill, out.spill, "{name}");
        assert!(
            out.notes[0]
                .args
                .contains(&("count".to_string(), Arg::Number(out.count as f64)))
        );
        let again = compile(region, population, limits, &Goals::default()).unwrap();
        assert_eq!(again.targets, out.targets, "{name}: not deterministic");
        assert_eq!(again.excluded, out.excluded, "{name}: not deterministic");
        out
    }

    #[test]
    fn fenland_districts_meet_the_goals_for_meta_and_google() {
        for res in [Resolution::Eight, Resolution::Seven] {
            let region = filled(FENLAND, res);
            for (platform, limits) in [("Meta", Limits::META), ("Google", Limits::GOOGLE_ADS)] {
                compile_checked(
                    &format!("six districts, res {res}, {platform}"),
                    &region,
                    &by_area,
                    &limits,
                );
            }
        }
    }

    #[test]
    fn a_single_district_meets_the_goals() {
        let text = fenland_district();
        for res in [Resolution::Eight, Resolution::Seven] {
            let region = filled(&text, res);
            for (platform, limits) in [("Meta", Limits::META), ("Google", Limits::GOOGLE_ADS)] {
                compile_checked(
                    &format!("Fenland district, res {res}, {platform}"),
                    &region,
                    &by_area,
                    &limits,
                );
            }
        }
    }

    /// Towns as Gaussian bumps (σ 2 km) on a thin rural background, Peterborough just outside.
    fn towns(c: CellIndex) -> f64 {
        const TOWNS: [(f64, f64, f64); 6] = [
            (52.666, 0.159, 3000.0),  // Wisbech
            (52.551, 0.088, 2200.0),  // March
            (52.558, -0.130, 1600.0), // Whittlesey
            (52.456, 0.053, 1000.0),  // Chatteris
            (52.573, -0.241, 6000.0), // Peterborough (outside the district)
            (52.754, 0.398, 4000.0),  // King's Lynn (outside the district)
        ];
        let ll = LatLng::from(c);
        let density: f64 = 20.0
            + TOWNS
                .iter()
                .map(|&(lat, lon, peak)| {
                    let d = distance_km(ll.lat(), ll.lng(), lat, lon);
                    peak * (-d * d / (2.0 * 2.0 * 2.0)).exp()
                })
                .sum::<f64>();
        density * c.area_km2()
    }

    #[test]
    fn population_in_towns_meets_the_goals() {
        let region = filled(&fenland_district(), Resolution::Eight);
        for (platform, limits) in [("Meta", Limits::META), ("Google", Limits::GOOGLE_ADS)] {
            let out = compile_checked(
                &format!("Fenland towns, {platform}"),
                &region,
                &towns,
                &limits,
            );
            // Four towns hold most people: far fewer circles than for uniform population.
            assert!(out.count < 40, "{} circles", out.count);
        }
        let region = filled(FENLAND, Resolution::Eight);
        compile_checked("six districts, towns, Meta", &region, &towns, &Limits::META);
    }

    #[test]
    fn too_few_circles_give_way_on_coverage_and_say_so() {
        let region = filled(FENLAND, Resolution::Eight);
        let limits = Limits {
            max_targets: 3,
            ..Limits::META
        };
        let out = compile(&region, &by_area, &limits, &Goals::default()).unwrap();
        assert!(!out.goals_met);
        assert!(out.count <= 3);
        let (coverage, spill) = measure(&region, &by_area, &out.targets, &out.excluded);
        assert_eq!((coverage, spill), (out.coverage, out.spill));
        let note = out
            .notes
            .iter()
            .find(|n| n.id == "targets-coverage-short")
            .unwrap_or_else(|| panic!("no coverage note in {:?}", out.notes));
        let arg = |name: &str| note.arg(name).cloned();
        assert_eq!(arg("goal"), Some(Arg::Number(95.0)), "{note:?}");
        assert_eq!(
            arg("points"),
            Some(Arg::Number(((0.95 - coverage) * 1000.0).round() / 10.0)),
            "{note:?}"
        );
        assert_eq!(
            arg("why"),
            Some(Arg::List(vec![
                Message::new("targets-why-limit-coverage").number("limit", 3.0)
            ])),
            "{note:?}"
        );
        eprintln!("{:?}", out.notes);
    }

    #[test]
    fn a_thin_region_gives_way_on_spill_and_says_so() {
        // A strip 300 m wide and 20 km long: every circle of 1 km or more spills.
        let strip = r#"{"type":"Polygon","coordinates":[[[0.0,52.5],[0.3,52.5],[0.3,52.5027],[0.0,52.5027],[0.0,52.5]]]}"#;
        let region = filled(strip, Resolution::Nine);
        let out = compile(&region, &by_area, &Limits::META, &Goals::default()).unwrap();
        assert!(!out.goals_met);
        eprintln!("{:?}", out.notes);
        let note = out
            .notes
            .iter()
            .find(|n| n.id == "targets-spill-over")
            .unwrap();
        let points = ((out.spill - 0.10) * 1000.0).round() / 10.0;
        assert_eq!(note.arg("goal"), Some(&Arg::Number(10.0)), "{note:?}");
        assert_eq!(note.arg("points"), Some(&Arg::Number(points)), "{note:?}");
    }

    #[test]
    fn measure_known_circles() {
        let region = filled(&fenland_district(), Resolution::Seven);
        // The district spans about 40 km; a 100 km circle from its middle holds all of it.
        let all = Circle {
            latitude: 52.55,
            longitude: 0.05,
            radius_km: 100.0,
        };
        let (coverage, spill) = measure(&region, &by_area, &[all], &[]);
        assert!((coverage - 1.0).abs() < 1e-12, "{coverage}");
        // Spill is the circle's area less the district's, over the district's.
        let district: f64 = region.iter().map(|c| c.area_km2()).sum();
        let disc = std::f64::consts::PI * 100.0 * 100.0;
        assert!(
            (spill - (disc - district) / district).abs() < 0.02 * disc / district,
            "{spill}"
        );
        assert_eq!(measure(&region, &by_area, &[], &[]), (0.0, 0.0));
        assert_eq!(measure(&region, &by_area, &[all], &[all]), (0.0, 0.0));
        let hole = Circle {
            latitude: 52.55,
            longitude: 0.05,
            radius_km: 5.0,
        };
        let (with_hole, _) = measure(&region, &by_area, &[all], &[hole]);
        let hole_area = std::f64::consts::PI * 25.0;
        assert!(
            (1.0 - with_hole - hole_area / district).abs() < 0.3 * hole_area / district,
            "{with_hole}"
        );
    }

    /// Every cell with its centre in the circle, by brute force over a generous disk.
    fn brute_force(circle: &Circle, res: Resolution) -> Vec<CellIndex> {
        let centre = LatLng::new(circle.latitude, circle.longitude).unwrap();
        let k = (circle.radius_km / (res.edge_length_km() * 1.2)).ceil() as u32 + 3;
        let mut cells: Vec<CellIndex> = centre
            .to_cell(res)
            .grid_disk::<Vec<_>>(k)
            .into_iter()
            .filter(|&c| haversine_km(centre, LatLng::from(c)) <= circle.radius_km)
            .collect();
        cells.sort_unstable();
        cells
    }

    #[test]
    fn circle_cells_match_brute_force() {
        let pentagon = LatLng::from(Resolution::Five.pentagons().next().unwrap());
        let circles = [
            (52.55, 0.05, 1.0, Resolution::Eight),
            (52.55, 0.05, 9.7, Resolution::Eight),
            (52.3, -1.2, 30.0, Resolution::Seven),
            (-33.87, 151.21, 55.5, Resolution::Six),
            (0.0, 179.99, 12.0, Resolution::Seven),
            (pentagon.lat(), pentagon.lng(), 40.0, Resolution::Six),
            (pentagon.lat(), pentagon.lng(), 3.0, Resolution::Eight),
        ];
        for (lat, lon, r, res) in circles {
            let circle = Circle {
                latitude: lat,
                longitude: lon,
                radius_km: r,
            };
            let fast = cells_in_circles(&[circle], res);
            assert!(!fast.is_empty());
            assert_eq!(fast, brute_force(&circle, res), "{circle:?} at {res}");
        }
    }

    #[test]
    fn descendants_stay_within_the_bound() {
        let mut parents: Vec<CellIndex> = Resolution::Three.pentagons().collect();
        for (lat, lon) in [(52.5, 0.1), (0.0, 0.0), (-60.0, 120.0), (10.0, -45.0)] {
            for res in [Resolution::Two, Resolution::Five, Resolution::Nine] {
                parents.push(LatLng::new(lat, lon).unwrap().to_cell(res));
            }
        }
        for p in parents {
            let bound = descendant_bound_km(p);
            let centre = LatLng::from(p);
            let deepest = Resolution::try_from(u8::from(p.resolution()) + 4).unwrap();
            let far = p
                .children(deepest)
                .map(|c| haversine_km(centre, LatLng::from(c)))
                .fold(0.0, f64::max);
            assert!(far < bound / 1.2, "{p}: {far} km against {bound} km");
        }
    }

    #[test]
    fn unusable_input_is_refused_plainly() {
        let goals = Goals::default();
        let err = compile(&[], &by_area, &Limits::META, &goals).unwrap_err();
        assert_eq!(err, TargetError::EmptyRegion);
        assert!(err.to_string().contains("no cells"));
        let region = filled(&fenland_district(), Resolution::Seven);
        let err = compile(&region, &|_| 0.0, &Limits::META, &goals).unwrap_err();
        assert_eq!(err, TargetError::ZeroPopulation);
        assert!(err.to_string().contains("nobody lives"), "{err}");
        let mut mixed = region.clone();
        mixed.push(region[0].parent(Resolution::Six).unwrap());
        let err = compile(&mixed, &by_area, &Limits::META, &goals)
            .unwrap_err()
            .to_string();
        assert!(err.contains("mixes H3 resolutions"), "{err}");
        let err = compile(&region, &|_| -1.0, &Limits::META, &goals)
            .unwrap_err()
            .to_string();
        assert!(err.contains("must be a number of 0 or more"), "{err}");
        let limits = Limits {
            max_targets: 0,
            ..Limits::META
        };
        let err = compile(&region, &by_area, &limits, &goals)
            .unwrap_err()
            .to_string();
        assert!(err.contains("allow no target circles"), "{err}");
    }

    #[test]
    fn baseline_is_one_circle_per_compacted_cell() {
        let region = filled(&fenland_district(), Resolution::Eight);
        let mut compacted = region.clone();
        CellIndex::compact(&mut compacted).unwrap();
        let naive = baseline(&region);
        assert_eq!(naive.len(), compacted.len());
        assert!(naive.len() < region.len());
        // The naive circles reach every cell of the region.
        let (coverage, _) = measure(&region, &by_area, &naive, &[]);
        assert!((coverage - 1.0).abs() < 1e-12, "{coverage}");
    }

    /// A box of about 131,000 km² (England's size) at resolution 8: 500 circles of 1-800 km.
    /// Run with `cargo test --release -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn england_sized_box_is_quick() {
        let text = r#"{"type":"Polygon","coordinates":[[[-3.0,51.0],[2.0,51.0],[2.0,54.5],[-3.0,54.5],[-3.0,51.0]]]}"#;
        let region = filled(text, Resolution::Eight);
        let started = Instant::now();
        let out = compile(&region, &by_area, &Limits::GOOGLE_ADS, &Goals::default()).unwrap();
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "box: {} cells, baseline {}, {} targets, coverage {:.4}, spill {:.4}, {secs:.2} s; {:?}",
            region.len(),
            out.baseline,
            out.count,
            out.coverage,
            out.spill,
            out.notes
        );
        assert!(out.goals_met, "{:?}", out.notes);
        assert!(secs < 5.0, "{secs:.2} s");
        let (coverage, spill) = measure(&region, &by_area, &out.targets, &out.excluded);
        assert_eq!((coverage, spill), (out.coverage, out.spill));

        // Measuring many circles: 500 of 10 km at resolution 8, then 200 of 80 km at resolution 7.
        let grid = |n: usize, r: f64| -> Vec<Circle> {
            (0..n)
                .map(|i| Circle {
                    latitude: 51.0 + 3.5 * ((i * 7919) % n) as f64 / n as f64,
                    longitude: -3.0 + 5.0 * i as f64 / n as f64,
                    radius_km: r,
                })
                .collect()
        };
        let started = Instant::now();
        let (coverage, spill) = measure(&region, &by_area, &grid(500, 10.0), &[]);
        eprintln!(
            "measure 500 × 10 km at res 8: coverage {coverage:.3}, spill {spill:.3}, {:.2} s",
            started.elapsed().as_secs_f64()
        );
        let region7 = filled(text, Resolution::Seven);
        let started = Instant::now();
        let (coverage, spill) = measure(&region7, &by_area, &grid(200, 80.0), &[]);
        eprintln!(
            "measure 200 × 80 km at res 7: coverage {coverage:.3}, spill {spill:.3}, {:.2} s",
            started.elapsed().as_secs_f64()
        );
        let started = Instant::now();
        let meta = compile(&region, &by_area, &Limits::META, &Goals::default()).unwrap();
        eprintln!(
            "box with Meta's limits: {} targets + {} excluded, coverage {:.4}, spill {:.4}, {:.2} s",
            meta.count,
            meta.excluded.len(),
            meta.coverage,
            meta.spill,
            started.elapsed().as_secs_f64()
        );
        assert!(meta.goals_met, "{:?}", meta.notes);
    }
}
