#!/usr/bin/env python3
"""Fill England with H3 cells in Beacon and in Python's `h3`, and compare cells, time and peak memory.

Beacon side: `target/release/beacon audience cells --region FILE --resolution R` (built with
`cargo build --release` if the binary is absent), timed as a whole process: it reads the British
National Grid GeoJSON, reprojects it, checks it and prints one hex cell a line.

Python side: the same file reprojected with pyproj using the same transformation as Beacon (British
National Grid with the OSGB36 -> WGS 84 Helmert parameters, no grid files), then
`h3.geo_to_cells` (h3 >= 4, cell centre inside, as Beacon). Loading and reprojecting are timed apart
from the fill, and the whole Python process is timed too.

Each side runs in its own child process, so each peak RSS (from wait4) is its own. Run from anywhere:

    python3 scripts/bench_fill.py [--resolutions 8 9] [--region FILE] [--binary PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REGION = ROOT.parent / "shared" / "data" / "england_outline.geojson"
DEFAULT_BINARY = ROOT / "target" / "release" / "beacon"
# The definition src/audience/regions.rs uses for EPSG:27700.
BRITISH_NATIONAL_GRID = (
    "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy "
    "+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs +type=crs"
)
BNG_NAMES = {"epsg:27700", "urn:ogc:def:crs:epsg::27700"}
WGS84_NAMES = {"urn:ogc:def:crs:ogc:1.3:crs84", "epsg:4326", "urn:ogc:def:crs:epsg::4326"}


def die(message: str) -> None:
    print(f"bench_fill: {message}", file=sys.stderr)
    sys.exit(1)


def ensure_module(name: str, requirement: str):
    """Imports `name`, installing `requirement` quietly with pip once if it is missing."""
    try:
        return __import__(name)
    except ImportError:
        pass
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", requirement],
        capture_output=True,
        text=True,
    )
    try:
        return __import__(name)
    except ImportError:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        die(f"needs the Python package {requirement!r}, which did not install: {detail[0]}")


# --------------------------------------------------------------------------- worker (child process)


def reprojected_geometries(path: Path) -> list[dict]:
    """The file's Polygon/MultiPolygon geometries in WGS 84 longitude/latitude."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    crs = ((doc.get("crs") or {}).get("properties") or {}).get("name")
    if doc.get("type") == "FeatureCollection":
        geometries = [f["geometry"] for f in doc.get("features", []) if f.get("geometry")]
    elif doc.get("type") == "Feature":
        geometries = [doc["geometry"]]
    else:
        geometries = [doc]
    if crs is None or crs.lower() in WGS84_NAMES:
        return geometries
    if crs.lower() not in BNG_NAMES:
        die(f"{path}: crs {crs!r} is neither WGS 84 nor British National Grid")
    pyproj = ensure_module("pyproj", "pyproj")
    transformer = pyproj.Transformer.from_crs(
        pyproj.CRS.from_proj4(BRITISH_NATIONAL_GRID), "EPSG:4326", always_xy=True
    )

    def ring(positions):
        xs, ys = transformer.transform([p[0] for p in positions], [p[1] for p in positions])
        return [[x, y] for x, y in zip(xs, ys)]

    out = []
    for g in geometries:
        if g["type"] == "Polygon":
            out.append({"type": "Polygon", "coordinates": [ring(r) for r in g["coordinates"]]})
        elif g["type"] == "MultiPolygon":
            out.append(
                {
                    "type": "MultiPolygon",
                    "coordinates": [[ring(r) for r in p] for p in g["coordinates"]],
                }
            )
        else:
            die(f"{path}: a {g['type']} has no area")
    return out


def worker(region: Path, resolution: int, cells_out: Path, report_out: Path) -> None:
    h3 = ensure_module("h3", "h3>=4")
    if not hasattr(h3, "geo_to_cells"):
        die(f"needs h3 >= 4 (found {getattr(h3, '__version__', '?')})")
    start = time.perf_counter()
    geometries = reprojected_geometries(region)
    loaded = time.perf_counter()
    cells: set[str] = set()
    for g in geometries:
        cells.update(h3.geo_to_cells(g, resolution))
    filled = time.perf_counter()
    cells_out.write_text("\n".join(sorted(cells)) + "\n", encoding="utf-8")
    report_out.write_text(
        json.dumps(
            {
                "load_s": loaded - start,
                "fill_s": filled - loaded,
                "h3": getattr(h3, "__version__", "?"),
            }
        ),
        encoding="utf-8",
    )


# --------------------------------------------------------------------------- parent


def run_measured(
    command: list[str], stdout_path: Path, cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, int, str]:
    """Runs `command` with stdout to a file: (wall seconds, peak RSS in bytes, stderr)."""
    with open(stdout_path, "wb") as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if child.returncode != 0:
        die(f"{' '.join(command)} exited with {child.returncode}: {stderr.strip()[-2000:]}")
    return wall, usage.ru_maxrss * 1024, stderr  # ru_maxrss is in KiB on Linux


def read_cells(path: Path) -> set[str]:
    with open(path, encoding="utf-8") as f:
        return {line.strip() for line in f if line.strip()}


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--region", type=Path, default=DEFAULT_REGION)
    parser.add_argument("--resolutions", type=int, nargs="+", default=[8, 9])
    parser.add_argument("--binary", type=Path, default=DEFAULT_BINARY)
    parser.add_argument("--max-cells", type=int, default=50_000_000, help="beacon's cell cap for this run")
    parser.add_argument("--worker", nargs=4, metavar=("REGION", "RES", "CELLS", "REPORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        region, res, cells, report = args.worker
        worker(Path(region), int(res), Path(cells), Path(report))
        return

    region = args.region.resolve()
    if not region.is_file():
        die(f"no region file at {region}")
    # Check the Python side's packages once, here, so that installing them is not timed.
    ensure_module("h3", "h3>=4")
    ensure_module("pyproj", "pyproj")
    binary = args.binary
    if not binary.is_file():
        print(f"building {binary} (cargo build --release) ...", file=sys.stderr)
        build = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, capture_output=True, text=True)
        if build.returncode != 0 or not binary.is_file():
            die(f"cargo build --release failed: {build.stderr.strip()[-2000:]}")

    # Beacon refuses fills whose estimate (h3o's bounding-box bound, about 12.6 M for England at
    # resolution 9, against 1.38 M cells) exceeds audience.max_cells (5 M by default): lift the cap.
    beacon_env = dict(os.environ, BEACON_AUDIENCE__MAX_CELLS=str(args.max_cells))
    print(
        f"region: {region.name}; beacon: {binary} (BEACON_AUDIENCE__MAX_CELLS={args.max_cells}); "
        f"Python {sys.version.split()[0]}",
        flush=True,
    )
    print(
        "note: h3-py fills England slowly (about 2 min at resolution 8 and 13 min at 9 here); "
        "each line appears when its resolution is done",
        flush=True,
    )
    header = f"{'res':>3}  {'side':<7} {'cells':>10} {'wall s':>8} {'fill s':>8} {'peak RSS':>10}"
    print(header, flush=True)
    with tempfile.TemporaryDirectory(prefix="bench_fill_") as tmp:
        tmp = Path(tmp)
        for res in args.resolutions:
            rust_cells_path = tmp / f"beacon_{res}.txt"
            rust_wall, rust_rss, _ = run_measured(
                [str(binary), "audience", "cells", "--region", str(region), "--resolution", str(res)],
                rust_cells_path,
                ROOT,
                beacon_env,
            )
            py_cells_path, py_report = tmp / f"h3_{res}.txt", tmp / f"h3_{res}.json"
            py_wall, py_rss, _ = run_measured(
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--worker",
                    str(region),
                    str(res),
                    str(py_cells_path),
                    str(py_report),
                ],
                tmp / f"h3_{res}.stdout",
                ROOT,
            )
            report = json.loads(py_report.read_text(encoding="utf-8"))
            rust_cells, py_cells = read_cells(rust_cells_path), read_cells(py_cells_path)
            print(
                f"{res:>3}  {'beacon':<7} {len(rust_cells):>10,} {rust_wall:>8.2f} {'':>8} {mib(rust_rss):>10}",
                flush=True,
            )
            print(
                f"{res:>3}  {'h3 ' + report['h3']:<7} {len(py_cells):>10,} {py_wall:>8.2f} "
                f"{report['fill_s']:>8.2f} {mib(py_rss):>10}   (load + reproject {report['load_s']:.2f} s)"
            )
            if rust_cells == py_cells:
                same = "cell sets equal"
            else:
                diff = len(rust_cells ^ py_cells)
                union = len(rust_cells | py_cells)
                same = (
                    f"cell sets differ: {diff:,} in one only ({100 * diff / union:.4f} % of {union:,}; "
                    f"{len(rust_cells - py_cells):,} beacon only, {len(py_cells - rust_cells):,} h3 only)"
                )
            print(
                f"     {same}; wall time beacon/python {rust_wall / py_wall:.2f}x, "
                f"beacon wall / h3 fill {rust_wall / report['fill_s']:.2f}x; "
                f"peak RSS beacon/python {rust_rss / py_rss:.2f}x",
                flush=True,
            )


if __name__ == "__main__":
    main()
