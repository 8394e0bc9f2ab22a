//! Sets of H3 cells at one resolution: what a region is once it has been filled. Stored compacted (a parent
//! stands for all its children), combined by union, intersection and difference, grown by rings.

use std::collections::HashSet;

use h3o::{CellIndex, Resolution};

/// A set of cells, all at one resolution, sorted and without duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellSet {
    resolution: Resolution,
    cells: Vec<CellIndex>,
}

impl CellSet {
    /// The cells, brought to `resolution`: coarser cells stand for their children, finer cells for their
    /// parent. Returns the set and how many cells were coarsened (so callers can say so).
    pub fn at_resolution(
        resolution: Resolution,
        cells: impl IntoIterator<Item = CellIndex>,
    ) -> (Self, usize) {
        let mut out = Vec::new();
        let mut coarsened = 0;
        for cell in cells {
            match cell.resolution().cmp(&resolution) {
                std::cmp::Ordering::Equal => out.push(cell),
                std::cmp::Ordering::Less => out.extend(cell.children(resolution)),
                std::cmp::Ordering::Greater => {
                    coarsened += 1;
                    out.extend(cell.parent(resolution));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        (
            Self {
                resolution,
                cells: out,
            },
            coarsened,
        )
    }

    /// Cells already at `resolution` (from a polygon fill).
    pub fn from_filled(resolution: Resolution, cells: Vec<CellIndex>) -> Self {
        Self::at_resolution(resolution, cells).0
    }

    pub fn resolution(&self) -> Resolution {
        self.resolution
    }

    pub fn cells(&self) -> &[CellIndex] {
        &self.cells
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn contains(&self, cell: CellIndex) -> bool {
        self.cells.binary_search(&cell).is_ok()
    }

    /// The set compacted: every complete family of children replaced by its parent.
    pub fn compacted(&self) -> Vec<CellIndex> {
        let mut cells = self.cells.clone();
        // The cells are unique and of one resolution, the only two ways compaction can fail.
        CellIndex::compact(&mut cells).expect("unique cells of one resolution");
        cells.sort_unstable();
        cells
    }

    /// Area in km² (the sum of the cells' areas).
    pub fn area_km2(&self) -> f64 {
        self.compacted().iter().map(|c| c.area_km2()).sum()
    }

    /// Both sets at the finer of their resolutions.
    fn aligned(&self, other: &Self) -> (Self, Self) {
        let resolution = self.resolution.max(other.resolution);
        (
            Self::at_resolution(resolution, self.cells.iter().copied()).0,
            Self::at_resolution(resolution, other.cells.iter().copied()).0,
        )
    }

    pub fn union(&self, other: &Self) -> Self {
        let (a, b) = self.aligned(other);
        Self::at_resolution(a.resolution, a.cells.into_iter().chain(b.cells)).0
    }

    pub fn intersection(&self, other: &Self) -> Self {
        let (a, b) = self.aligned(other);
        let cells = a.cells.into_iter().filter(|c| b.contains(*c)).collect();
        Self {
            resolution: a.resolution,
            cells,
        }
    }

    /// The cells of `self` that are not in `other`.
    pub fn difference(&self, other: &Self) -> Self {
        let (a, b) = self.aligned(other);
        let cells = a.cells.into_iter().filter(|c| !b.contains(*c)).collect();
        Self {
            resolution: a.resolution,
            cells,
        }
    }

    /// The set grown by `k` rings of neighbours.
    pub fn grow(&self, k: u32) -> Self {
        if k == 0 {
            return self.clone();
        }
        let mut grown: HashSet<CellIndex> = HashSet::with_capacity(self.cells.len() * 2);
        for cell in &self.cells {
            grown.extend(cell.grid_disk::<Vec<_>>(k));
        }
        Self::at_resolution(self.resolution, grown).0
    }

    /// The compacted set as text: H3 hex strings separated by spaces (how regions are stored).
    pub fn encode(&self) -> String {
        let compacted = self.compacted();
        let mut out = String::with_capacity(compacted.len() * 16);
        for (i, c) in compacted.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&c.to_string());
        }
        out
    }

    /// Reads what [`encode`](Self::encode) wrote.
    pub fn decode(resolution: Resolution, text: &str) -> Result<Self, String> {
        let cells = text
            .split_ascii_whitespace()
            .map(|s| {
                s.parse::<CellIndex>()
                    .map_err(|e| format!("{s:?} is not an H3 cell: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(c) = cells.iter().find(|c| c.resolution() > resolution) {
            return Err(format!(
                "cell {c} is finer than the set's resolution {}",
                u8::from(resolution)
            ));
        }
        Ok(Self::at_resolution(resolution, cells).0)
    }
}

/// Parses H3 cells written as hex strings (or decimal integers), naming the first bad one.
/// Reads cells given as hexadecimal or decimal H3 indexes; a bad one is returned with its place in
/// the list (from 0), trimmed.
pub fn parse_cells(items: &[String]) -> Result<Vec<CellIndex>, (usize, String)> {
    items
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let s = s.trim();
            s.parse::<CellIndex>()
                .or_else(|_| {
                    s.parse::<u64>()
                        .map_err(|_| ())
                        .and_then(|n| CellIndex::try_from(n).map_err(|_| ()))
                })
                .map_err(|_| (i, s.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use h3o::LatLng;

    fn disk(lat: f64, lng: f64, k: u32, res: Resolution) -> CellSet {
        let centre = LatLng::new(lat, lng).unwrap().to_cell(res);
        CellSet::from_filled(res, centre.grid_disk::<Vec<_>>(k))
    }

    #[test]
    fn compaction_round_trips() {
        let parent = LatLng::new(52.66, 0.16).unwrap().to_cell(Resolution::Six);
        let mut cells: Vec<CellIndex> = parent.children(Resolution::Eight).collect();
        let extra = disk(52.9, 0.0, 1, Resolution::Eight);
        cells.extend(extra.cells().iter().copied());
        let set = CellSet::from_filled(Resolution::Eight, cells);
        let compacted = set.compacted();
        assert!(compacted.contains(&parent), "{compacted:?}");
        assert_eq!(compacted.len(), 1 + 7);
        let decoded = CellSet::decode(Resolution::Eight, &set.encode()).unwrap();
        assert_eq!(decoded, set);
        assert!(CellSet::decode(Resolution::Six, &set.encode()).is_err());
        assert!(CellSet::decode(Resolution::Eight, "zz").is_err());
    }

    #[test]
    fn set_operations() {
        let a = disk(52.66, 0.16, 3, Resolution::Eight);
        let b = disk(52.66, 0.16, 1, Resolution::Eight);
        assert_eq!(a.len(), 37);
        assert_eq!(a.intersection(&b), b);
        assert_eq!(a.difference(&b).len(), 30);
        assert_eq!(a.union(&b), a);
        assert_eq!(b.grow(2), a);
        // Mixed resolutions meet at the finer one.
        let coarse = CellSet::from_filled(
            Resolution::Seven,
            vec![b.cells()[0].parent(Resolution::Seven).unwrap()],
        );
        let u = coarse.union(&b);
        assert_eq!(u.resolution(), Resolution::Eight);
        assert!(u.len() >= 7);
        let (fine, coarsened) =
            CellSet::at_resolution(Resolution::Seven, b.cells().iter().copied());
        assert_eq!(coarsened, 7);
        assert!(fine.len() <= 7 && !fine.is_empty());
    }

    #[test]
    fn bad_cells_are_named() {
        let err = parse_cells(&["88194ad32dfffff".into(), "nope".into()]).unwrap_err();
        assert_eq!(err, (1, "nope".to_string()));
        let ok = parse_cells(&["88194ad32dfffff".into()]).unwrap();
        assert_eq!(ok.len(), 1);
    }
}
