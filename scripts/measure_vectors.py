#!/usr/bin/env python3
"""Golden vectors for beacon::measure::stats, computed with statsmodels and SciPy.

Writes (paths relative to the repository root):

* tests/data/measure_stats.json: for each case, the inputs and what statsmodels / SciPy give:
  - ``shares``: a proportion's Wilson 95% interval,
    ``statsmodels.stats.proportion.proportion_confint(count, nobs, method="wilson")``, including
    shares of 0 and 1 and fractional (weighted, Kish-effective) counts;
  - ``changes``: before and after, the difference of two proportions with its unpooled Wald 95%
    interval (``confint_proportions_2indep(..., method="wald", compare="diff")``) and the two-sided
    z-test with the pooled standard error (``proportions_ztest``);
  - ``did``: difference-in-differences from individual 0/1 answers in four cells (target/comparison x
    before/after): ``OLS(y ~ T + A + T:A).fit(cov_type="HC0")``, the interaction's coefficient, standard
    error, normal 95% interval and p-value;
  - ``likert``: an item's mean with its t 95% interval (``scipy.stats.t.interval`` on the standard
    error of the mean);
  - ``weighted``: 0/1 answers with weights: the weighted share, Kish's effective n and the Wilson
    interval on it.
* tests/data/survey_waves.csv and tests/data/survey_waves_expected.json: a synthetic survey export
  (wave, region, answer, weight) and what ``beacon survey stats`` must print for it, computed here
  with the same statsmodels calls.

Usage: pip install statsmodels scipy numpy pandas
       python3 scripts/measure_vectors.py
"""

import csv
import json
import math
import platform
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

ROOT = Path(__file__).resolve().parent.parent
rng = np.random.default_rng(20261206)


def wilson(count, nobs):
    low, high = proportion_confint(count, nobs, alpha=0.05, method="wilson")
    return {"count": count, "nobs": nobs, "share": count / nobs, "ci_low": float(low), "ci_high": float(high)}


def change(x1, n1, x2, n2):
    low, high = confint_proportions_2indep(x2, n2, x1, n1, method="wald", compare="diff", alpha=0.05)
    if (x1 + x2) in (0, n1 + n2):
        z, p = 0.0, 1.0  # no variation at all: statsmodels divides by zero; Beacon says "no evidence"
    else:
        z, p = proportions_ztest([x2, x1], [n2, n1], alternative="two-sided")
    return {
        "before": [x1, n1],
        "after": [x2, n2],
        "change": x2 / n2 - x1 / n1,
        "ci_low": float(low),
        "ci_high": float(high),
        "z": float(z),
        "p_value": float(p),
    }


def did(cells):
    rows = []
    for (target, after), (x, n) in cells.items():
        rows += [{"y": 1.0, "t": target, "a": after}] * x
        rows += [{"y": 0.0, "t": target, "a": after}] * (n - x)
    fit = smf.ols("y ~ t + a + t:a", data=pd.DataFrame(rows)).fit(cov_type="HC0")
    low, high = fit.conf_int(alpha=0.05).loc["t:a"]
    return {
        "target_before": list(cells[(1, 0)]),
        "target_after": list(cells[(1, 1)]),
        "comparison_before": list(cells[(0, 0)]),
        "comparison_after": list(cells[(0, 1)]),
        "did": float(fit.params["t:a"]),
        "se": float(fit.bse["t:a"]),
        "ci_low": float(low),
        "ci_high": float(high),
        "p_value": float(fit.pvalues["t:a"]),
    }


def likert(values):
    a = np.asarray(values, dtype=float)
    mean = a.mean()
    sem = stats.sem(a)
    low, high = stats.t.interval(0.95, len(a) - 1, loc=mean, scale=sem)
    return {"values": [int(v) for v in values], "mean": float(mean), "ci_low": float(low), "ci_high": float(high)}


def weighted(ys, ws):
    ys = np.asarray(ys, dtype=float)
    ws = np.asarray(ws, dtype=float)
    share = float((ws * ys).sum() / ws.sum())
    n_eff = float(ws.sum() ** 2 / (ws**2).sum())
    low, high = proportion_confint(share * n_eff, n_eff, alpha=0.05, method="wilson")
    return {
        "answers": [int(y) for y in ys],
        "weights": [float(w) for w in ws],
        "share": share,
        "n_eff": n_eff,
        "ci_low": float(low),
        "ci_high": float(high),
    }


def main():
    shares = [wilson(x, n) for x, n in [(0, 1), (1, 1), (0, 20), (20, 20), (45, 100), (1, 3), (161, 161)]]
    for _ in range(20):
        n = int(rng.integers(1, 5000))
        shares.append(wilson(int(rng.integers(0, n + 1)), n))
    shares.append(wilson(37.25, 81.5))  # a weighted count on an effective n

    changes = [change(*c) for c in [(0, 50, 0, 60), (50, 50, 60, 60), (0, 40, 10, 40), (30, 100, 45, 100)]]
    for _ in range(20):
        n1, n2 = int(rng.integers(2, 3000)), int(rng.integers(2, 3000))
        changes.append(change(int(rng.integers(0, n1 + 1)), n1, int(rng.integers(0, n2 + 1)), n2))

    dids = []
    for _ in range(12):
        cells = {}
        for key in [(1, 0), (1, 1), (0, 0), (0, 1)]:
            n = int(rng.integers(20, 400))
            cells[key] = (int(rng.binomial(n, rng.uniform(0.05, 0.95))), n)
        dids.append(did(cells))

    likerts = [likert(rng.integers(1, 6, size=int(rng.integers(2, 300)))) for _ in range(10)]
    likerts.append(likert([3, 3, 4]))

    weights = []
    for _ in range(10):
        n = int(rng.integers(5, 400))
        weights.append(weighted(rng.integers(0, 2, size=n), rng.uniform(0.2, 3.0, size=n).round(3)))

    out = {
        "made_by": f"scripts/measure_vectors.py with statsmodels {version('statsmodels')}, "
        f"scipy {version('scipy')}, numpy {version('numpy')}, Python {platform.python_version()}",
        "shares": shares,
        "changes": changes,
        "did": dids,
        "likert": likerts,
        "weighted": weights,
    }
    (ROOT / "tests/data/measure_stats.json").write_text(json.dumps(out, indent=1) + "\n")

    # A survey export for `beacon survey stats`: two waves, a target and a comparison region, a weight.
    rows = []
    truth = {("Fenland", "baseline"): 0.31, ("Fenland", "follow-up"): 0.45,
             ("Breckland", "baseline"): 0.30, ("Breckland", "follow-up"): 0.33}
    for (region, wave), p in truth.items():
        n = int(rng.integers(180, 320))
        for _ in range(n):
            answer = rng.choice(["Yes", "Probably", "No", "Not sure"],
                                p=[p * 0.7, p * 0.3, (1 - p) * 0.6, (1 - p) * 0.4])
            rows.append({"wave": wave, "region": region, "act_differently": answer,
                         "weight": f"{rng.uniform(0.5, 2.0):.2f}"})
    with (ROOT / "tests/data/survey_waves.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["wave", "region", "act_differently", "weight"])
        w.writeheader()
        w.writerows(rows)
    df = pd.DataFrame(rows)
    df["y"] = df["act_differently"].isin(["Yes", "Probably"]).astype(int)
    cells = {}
    groups = []
    weighted_groups = []
    for region in ["Fenland", "Breckland"]:
        for wave in ["baseline", "follow-up"]:
            sub = df[(df.region == region) & (df.wave == wave)]
            x, n = int(sub.y.sum()), len(sub)
            cells[(1 if region == "Fenland" else 0, 1 if wave == "follow-up" else 0)] = (x, n)
            groups.append({"group": region, "wave": wave, **wilson(x, n)})
            w = weighted(sub.y, sub.weight.astype(float))
            weighted_groups.append({"group": region, "wave": wave, "share": w["share"],
                                    "n_eff": w["n_eff"], "ci_low": w["ci_low"], "ci_high": w["ci_high"]})
    expected = {
        "groups": groups,
        "changes": [
            {"group": region, **change(*cells[(t, 0)], *cells[(t, 1)])}
            for region, t in [("Fenland", 1), ("Breckland", 0)]
        ],
        "did": did(cells),
        "weighted_groups": weighted_groups,
    }
    (ROOT / "tests/data/survey_waves_expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    main()
