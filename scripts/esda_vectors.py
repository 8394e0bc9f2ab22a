#!/usr/bin/env python3
"""Golden vectors for beacon::identify::stats, computed with PySAL's esda and friends.

Writes two files (paths relative to the repository root, or to --out):

* tests/data/esda_gi_star.json: Getis-Ord Gi* z-scores and one-sided p-values from
  ``esda.G_Local(y, w, transform='B', star=True)`` on H3 neighbourhoods built with the
  ``h3`` package (plus esda's own docstring example). Neighbour lists in the file include
  the cell itself, which is how the Rust API takes binary Gi* weights.
* tests/data/stats_reference.json: erfc and two-sided normal p-values from mpmath (50
  digits), Benjamini-Hochberg q-values from SciPy, and Mann-Kendall results from
  pymannkendall.

Self-weights: esda's ``G_Local(..., star=True)`` keeps a non-zero diagonal if the weights
have one, and otherwise fills the diagonal with 1 (``transform='B'``). This script builds
the weights both ways (neighbour dicts without the cell itself, and with it) and checks
that both give the same z-scores, so "binary k-ring weights that include the cell itself"
is what esda computes either way.

Usage: pip install esda libpysal numpy scipy h3 pymannkendall mpmath
       python3 scripts/esda_vectors.py
"""

import argparse
import json
import math
import platform
import sys
import warnings
from importlib.metadata import version
from pathlib import Path

import esda
import h3
import libpysal
import mpmath
import numpy as np
import pymannkendall
import scipy
from scipy import stats

SEED = 20240607
# Resolution-9 cell over central London (h3.latlng_to_cell(51.5074, -0.1278, 9)).
LONDON_LAT, LONDON_LON = 51.5074, -0.1278


def sorted_cells(cells):
    """Cells sorted by their 64-bit index, as Rust sorts CellIndex at one resolution."""
    return sorted(cells, key=lambda c: h3.str_to_int(c))


def kring_lists(cells, k):
    """For each cell, the positions of the cells within k rings that are in ``cells``,
    ascending, including the cell itself."""
    position = {c: i for i, c in enumerate(cells)}
    lists = []
    for c in cells:
        lists.append(sorted(position[d] for d in h3.grid_disk(c, k) if d in position))
    return lists


def run_esda(y, lists):
    """Gi* through esda, once with self excluded from the neighbour dict (star=True adds the
    self-weight) and once with self included; both must agree."""
    y = np.asarray(y, dtype=float)
    n = len(y)
    without_self = {i: [j for j in lists[i] if j != i] for i in range(n)}
    with_self = {i: list(lists[i]) for i in range(n)}
    with warnings.catch_warnings():
        # Islands (cells whose only neighbour is themselves) make libpysal warn.
        warnings.simplefilter("ignore")
        w_a = libpysal.weights.W(without_self, id_order=list(range(n)))
        g_a = esda.G_Local(y, w_a, transform="B", star=True, permutations=0)
        w_b = libpysal.weights.W(with_self, id_order=list(range(n)))
        g_b = esda.G_Local(y, w_b, transform="B", star=True, permutations=0)
    za = np.asarray(g_a.Zs, dtype=float)
    zb = np.asarray(g_b.Zs, dtype=float)
    assert np.all(np.isfinite(za)), "esda produced a non-finite z-score"
    assert np.allclose(za, zb, rtol=0, atol=1e-12), "self-weight handling differs"
    return za, np.asarray(g_a.p_norm, dtype=float)


def h3_case(name, description, cells, k, y):
    lists = kring_lists(cells, k)
    z, p_norm = run_esda(y, lists)
    return {
        "name": name,
        "description": description,
        "resolution": h3.get_resolution(cells[0]),
        "k": k,
        "cells": cells,
        "y": [float(v) for v in y],
        "neighbours": lists,
        "z": z.tolist(),
        "p_norm": p_norm.tolist(),
    }


def gi_star_cases(rng):
    cases = []

    # esda's docstring example (DistanceBand, threshold 15).
    points = [(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)]
    w = libpysal.weights.DistanceBand(points, threshold=15)
    y = [2, 3, 3.2, 5, 8, 7]
    lists = [sorted(w.neighbors[i] + [i]) for i in w.id_order]
    z, p_norm = run_esda(y, lists)
    docstring = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331]
    assert np.allclose(z, docstring, atol=5e-9), "esda docstring example not reproduced"
    cases.append(
        {
            "name": "esda-docstring",
            "description": "esda/getisord.py docstring: DistanceBand(threshold=15), "
            "G_Local(y, w, transform='B', star=True).Zs",
            "cells": None,
            "k": None,
            "y": [float(v) for v in y],
            "neighbours": lists,
            "z": z.tolist(),
            "p_norm": p_norm.tolist(),
        }
    )

    centre = h3.latlng_to_cell(LONDON_LAT, LONDON_LON, 9)
    area = sorted_cells(h3.grid_disk(centre, 5))  # 91 cells
    distance = np.array([h3.grid_distance(centre, c) for c in area], dtype=float)

    # Poisson-like counts with a hotspot around the centre.
    lam = 1.5 + 6.0 * np.exp(-((distance / 2.0) ** 2))
    y = rng.poisson(lam).astype(float)
    cases.append(
        h3_case(
            "h3-ring1-poisson",
            "91 resolution-9 cells (5-disk around central London), 1-ring weights, "
            "Poisson counts with a central hotspot",
            area,
            1,
            y,
        )
    )

    # Same area, 2-ring weights, counts with a cold corner.
    lam = 4.0 + 3.0 * np.sin(np.arange(len(area)) / 7.0)
    y = rng.poisson(lam).astype(float)
    cases.append(
        h3_case(
            "h3-ring2-poisson",
            "the same 91 cells with 2-ring weights and Poisson counts",
            area,
            2,
            y,
        )
    )

    # Many zeros and ties.
    y = rng.choice([0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 5.0], size=len(area))
    y[distance <= 1] = 5.0
    cases.append(
        h3_case(
            "h3-ring1-ties-zeros",
            "the same 91 cells, 1-ring weights, values in {0, 1, 2, 5} with many ties",
            area,
            1,
            y,
        )
    )

    # Around a pentagon (resolution-9 centre child of pentagon base cell 4).
    pentagon = next(c for c in h3.get_pentagons(9) if h3.get_base_cell_number(c) == 4)
    assert h3.is_pentagon(pentagon)
    around = sorted_cells(h3.grid_disk(pentagon, 4))
    y = rng.poisson(3.0, size=len(around)).astype(float)
    y[around.index(pentagon)] = 20.0
    cases.append(
        h3_case(
            "h3-pentagon-ring1",
            "the 4-disk around a resolution-9 pentagon (base cell 4), 1-ring weights",
            around,
            1,
            y,
        )
    )

    # A sparse set: many cells have no neighbour but themselves.
    wide = sorted_cells(h3.grid_disk(centre, 8))
    pick = sorted(rng.choice(len(wide), size=70, replace=False))
    sparse = [wide[i] for i in pick]
    y = rng.gamma(2.0, 3.0, size=len(sparse))
    cases.append(
        h3_case(
            "h3-sparse-islands",
            "70 cells drawn from the 8-disk (many isolated), 1-ring weights, gamma values",
            sparse,
            1,
            y,
        )
    )

    # Non-integer values of both signs (positive mean, which esda's ratio form needs).
    y = rng.normal(1.0, 2.0, size=len(area))
    cases.append(
        h3_case(
            "h3-ring1-signed",
            "the same 91 cells, 1-ring weights, normal(1, 2) values of both signs",
            area,
            1,
            y,
        )
    )
    return cases


def erfc_reference():
    mpmath.mp.dps = 50
    xs = [0.0, 1e-300, 1e-20, 1e-9, 0.1, 0.25, 0.46875, 0.4688, 0.5, 0.75, 1.0, 1.5, 2.0,
          2.5, 3.0, 3.5, 3.999, 4.0, 4.001, 5.0, 6.0, 7.5, 10.0, 15.0, 20.0, 25.0, 26.0,
          26.5, -0.3, -1.0, -3.0, -6.0]
    rows = [[x, float(mpmath.erfc(mpmath.mpf(x)))] for x in xs]
    zs = [0.0, 0.01, 0.1, 0.5, 1.0, 1.281551565545, 1.6448536269514722, 1.959963984540054,
          2.3263478740408408, 2.5758293035489, 3.0, 3.2905267314919255, 3.890591886413,
          4.5, 5.0, 6.0, 7.0, 8.0, 10.0, 12.5, 15.0, 20.0, 25.0, 30.0, 35.0, 37.0, -2.0]
    p_rows = [[z, float(mpmath.erfc(abs(mpmath.mpf(z)) / mpmath.sqrt(2)))] for z in zs]
    return rows, p_rows


def bh_reference(rng):
    cases = []
    samples = [
        [0.01, 0.04, 0.03, 0.005, 0.5, 0.04],
        rng.uniform(size=200).tolist(),
        (rng.uniform(size=300) ** 4).tolist(),
        [1e-300, 1e-12, 1e-12, 0.2, 0.2, 0.2, 1.0, 0.999],
        [0.5],
    ]
    for p in samples:
        q = stats.false_discovery_control(np.asarray(p), method="bh")
        cases.append({"p": [float(v) for v in p], "q": [float(v) for v in q]})
    return cases


def mk_reference(rng):
    t = np.arange(24, dtype=float)
    series = {
        "noise": rng.normal(0.0, 1.0, size=24),
        "rising": 0.15 * t + rng.normal(0.0, 1.0, size=24),
        "falling": -0.2 * t + rng.normal(0.0, 1.0, size=24),
        "ties": rng.integers(0, 4, size=24).astype(float),
        "ties-rising": np.floor(t / 5.0) + rng.integers(0, 2, size=24),
        "short": np.array([1.0, 3.0, 2.0]),
        "strictly-rising": t.copy(),
        "long": np.cumsum(rng.normal(0.05, 1.0, size=120)),
        "constant": np.full(10, 2.0),
    }
    cases = []
    for alpha in (0.05, 0.10):
        for name, x in series.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                r = pymannkendall.original_test(x, alpha=alpha)
            trend = {"increasing": "increasing", "decreasing": "decreasing"}.get(r.trend, "no-trend")
            cases.append(
                {
                    "name": f"{name}@{alpha}",
                    "alpha": alpha,
                    "x": [float(v) for v in x],
                    "s": int(r.s),
                    "var_s": float(r.var_s),
                    "z": float(0.0 if math.isnan(r.z) else r.z),
                    "p": float(1.0 if math.isnan(r.p) else r.p),
                    "tau": float(r.Tau),
                    "trend": trend,
                }
            )
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "tests" / "data",
        help="directory for the JSON files (default: tests/data next to scripts/)",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)

    versions = {
        "esda_version": esda.__version__,
        "libpysal_version": libpysal.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "h3_version": h3.__version__,
        "python_version": platform.python_version(),
    }
    gi = {
        **versions,
        "generator": "scripts/esda_vectors.py",
        "call": "esda.G_Local(y, libpysal.weights.W(neighbours without self), "
        "transform='B', star=True, permutations=0); identical with self included",
        "p_norm": "one-sided: scipy.stats.norm.sf(|Zs|); two-sided p = 2 * p_norm",
        "cases": gi_star_cases(rng),
    }
    erfc_rows, p_rows = erfc_reference()
    reference = {
        **versions,
        "mpmath_version": mpmath.__version__,
        "pymannkendall_version": version("pymannkendall"),
        "generator": "scripts/esda_vectors.py",
        "erfc": erfc_rows,
        "p_two_sided": p_rows,
        "bh": bh_reference(rng),
        "mann_kendall": mk_reference(rng),
    }
    for name, payload in (("esda_gi_star.json", gi), ("stats_reference.json", reference)):
        path = args.out / name
        path.write_text(json.dumps(payload, indent=1, allow_nan=False) + "\n")
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
