#!/usr/bin/env python3
"""Time esda's Gi* on the input of the Rust benchmark `gi_star_100k_ring1`.

Rebuilds exactly the input of benches/identify.rs: the 182-disk (99 919 cells) around the
resolution-9 cell 89195da49b7ffff in central London, sorted by index, binary 1-ring weights
(self included, through star=True), and the count Binomial(12, 1/2) of cell i taken from
SplitMix64(0xBEAC0001 ^ i). It prints the same checksum as the Rust benchmark (sum of z,
sum of |z|, number of q < 0.10) so that the two runs can be seen to agree, then times:

* building the libpysal W from the neighbour dict,
* esda.G_Local(y, w, transform='B', star=True, permutations=0) (analytical z and p_norm),
* SciPy's Benjamini-Hochberg q-values on the two-sided p-values,
* the same with the self-weight already in the W (esda then skips fill_diagonal),

comparable with the Rust benchmark's "gi_star+p+fdr" (Gi*, p-values and FDR on prebuilt
neighbour lists). Usage:

    python3 scripts/bench_esda.py [--repeat 5]
"""

import argparse
import statistics
import time
import warnings
from importlib.metadata import version

import esda
import h3
import libpysal
import numpy as np
from scipy import stats

CENTRE = "89195da49b7ffff"
RINGS = 182
VALUE_SEED = 0xBEAC0001
MASK64 = (1 << 64) - 1


def splitmix64(x):
    z = (x + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def count(i):
    return float(bin(splitmix64(VALUE_SEED ^ i) & 0xFFF).count("1"))


def timed(fn, repeat):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, times


def describe(label, times):
    print(
        f"{label:<44} best {min(times) * 1e3:9.1f} ms   median "
        f"{statistics.median(times) * 1e3:9.1f} ms   ({len(times)} runs)"
    )


def main():
    parser = argparse.ArgumentParser(description="Time esda G_Local on the Rust bench input")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    print(
        f"esda {esda.__version__}, libpysal {libpysal.__version__}, numpy {np.__version__}, "
        f"scipy {version('scipy')}, h3 {h3.__version__}"
    )
    start = time.perf_counter()
    cells = sorted(h3.grid_disk(CENTRE, RINGS), key=h3.str_to_int)
    position = {c: i for i, c in enumerate(cells)}
    neighbours = {
        i: [position[d] for d in h3.grid_disk(c, 1) if d in position and d != c]
        for i, c in enumerate(cells)
    }
    y = np.array([count(i) for i in range(len(cells))])
    print(
        f"input: {len(cells)} cells, 1-ring neighbour lists built with h3-py in "
        f"{(time.perf_counter() - start) * 1e3:.0f} ms (not timed below)"
    )

    def build_w():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return libpysal.weights.W(neighbours, id_order=list(range(len(cells))))

    def build_w_with_self():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with_self = {i: [i, *js] for i, js in neighbours.items()}
            return libpysal.weights.W(with_self, id_order=list(range(len(cells))))

    def gi(w):
        return esda.G_Local(y, w, transform="B", star=True, permutations=0)

    def gi_p_fdr(w):
        g = gi(w)
        q = stats.false_discovery_control(2.0 * g.p_norm, method="bh")
        return g, q

    w, w_times = timed(build_w, args.repeat)
    (g, q), full_times = timed(lambda: gi_p_fdr(w), args.repeat)
    _, gi_times = timed(lambda: gi(w), args.repeat)
    w_self = build_w_with_self()
    (g_self, _), self_times = timed(lambda: gi_p_fdr(w_self), args.repeat)
    assert np.allclose(g_self.Zs, g.Zs, rtol=0, atol=1e-12)

    z = np.asarray(g.Zs)
    print(
        f"checksum: sum z = {z.sum():.9f}, sum |z| = {np.abs(z).sum():.6f}, "
        f"q < 0.10: {int((q < 0.10).sum())}"
    )
    describe("libpysal.weights.W(neighbours)", w_times)
    describe("G_Local(star=True, permutations=0)", gi_times)
    describe("G_Local + BH q-values (cf. Rust gi_star+p+fdr)", full_times)
    describe("G_Local + BH, self already in W (no fill)", self_times)
    describe("W + G_Local + BH q-values", [a + b for a, b in zip(w_times, full_times)])


if __name__ == "__main__":
    main()
