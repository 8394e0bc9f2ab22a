#!/usr/bin/env python3
"""Time `beacon locales check` beside Mozilla's compare-locales on the same files, in one run.

Generates 50 locales x 1,000 messages (en, the reference, plus 49 translations) in a temporary folder:
messages with variables, plural selectors, terms, message references and attributes, spread over five
files per locale. Each translation differs from the reference in a few realistic ways (missing messages,
an obsolete one, a dropped variable), so both tools have findings to report. Then it runs, in turn:

    target/release/beacon locales check --dir DIR --format json
    compare-locales --json OUT l10n.toml DIR <49 locales>

and prints each one's wall time (best of three), peak memory, finding counts and the ratio. Run from the
repository after `cargo build --release`:

    python3 scripts/bench_locales.py [--locales 50] [--messages 1000]

compare-locales is installed with pip when it is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Real locale codes (CLDR has plural rules for each), the reference first.
CODES = (
    "en lt pl ro bg lv ru uk de fr es it pt nl sv da nb fi et cs sk sl hr sr hu el tr ar he fa "
    "hi bn ur pa ta te mr gu kn ml si th vi id ms tl sw am so ha yo zu af sq hy az ka kk ky"
).split()
FILES = ["ui", "campaign", "email", "survey", "packs"]


def reference_message(i: int) -> str:
    kind = i % 5
    if kind == 0:
        return f"msg-{i} = Plain text number {i} for the campaign\n"
    if kind == 1:
        return f"msg-{i} = Hello {{ $name }}, you have {{ $place }} to visit\n"
    if kind == 2:
        return (
            f"msg-{i} = {{ $count ->\n    [one] One report near {{ $place }}\n"
            f"   *[other] {{ $count }} reports near {{ $place }}\n}}\n"
        )
    if kind == 3:
        return f"msg-{i} = Read {{ -brand }} guidance\n    .title = Guidance {i}\n"
    return f"msg-{i} = See {{ msg-{i - 4} }} first\n"


def translated(i: int, locale: str) -> str | None:
    if (i + len(locale)) % 97 == 0:
        return None  # missing
    text = reference_message(i)
    if (i + len(locale)) % 211 == 0:
        text = text.replace("{ $place }", "", 1)  # a dropped variable
    return text.replace("for the campaign", f"[{locale}] kampanijai").replace("Hello", f"[{locale}] Labas")


def generate(base: Path, locales: int, messages: int) -> list[str]:
    codes = CODES[:locales]
    per_file = messages // len(FILES)
    for code in codes:
        folder = base / code
        folder.mkdir(parents=True)
        for f, name in enumerate(FILES):
            lines = ["-brand = Beacon\n"] if f == 0 else []
            for i in range(f * per_file, (f + 1) * per_file):
                text = reference_message(i) if code == "en" else translated(i, code)
                if text is not None:
                    lines.append(text)
            if code != "en" and f == 1:
                lines.append("old-message = No longer in the reference\n")
            (folder / f"{name}.ftl").write_text("".join(lines), encoding="utf-8")
    (base / "l10n.toml").write_text(
        'basepath = "."\nlocales = [' + ", ".join(f'"{c}"' for c in codes[1:]) + "]\n"
        '[[paths]]\nreference = "en/**"\nl10n = "{locale}/**"\n',
        encoding="utf-8",
    )
    return codes


def timed(cmd: list[str], cwd: Path, repeats: int = 3) -> tuple[float, float, bytes]:
    best, peak, out = float("inf"), 0.0, b""
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if proc.returncode not in (0, 1):
            sys.exit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')[-2000:]}")
        best = min(best, elapsed)
        peak = max(peak, after, before)
        out = proc.stdout
    return best, peak / 1024, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--locales", type=int, default=50)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--binary", type=Path, default=ROOT / "target" / "release" / "beacon")
    args = parser.parse_args()
    if not args.binary.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    try:
        import compare_locales  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "compare-locales"], check=True)
    compare = shutil.which("compare-locales")
    if compare is None:
        sys.exit("compare-locales is not on PATH after installing it")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        codes = generate(base, args.locales, args.messages)
        total = sum(1 for c in codes for f in (base / c).glob("*.ftl") for line in f.open() if " = " in line)
        print(f"{len(codes)} locales x {args.messages} messages ({total} entries) in {len(FILES)} files each")
        b_time, b_rss, b_out = timed([str(args.binary), "locales", "check", "--dir", str(base), "--format", "json"], base)
        findings = json.loads(b_out)
        b_err = sum(1 for f in findings if f["severity"] == "error")
        report = base / "compare.json"
        c_time, c_rss, _ = timed(
            [compare, "--json", str(report), "l10n.toml", ".", *codes[1:]],
            base,
        )
        data = json.loads(report.read_text())
        counts = (data[0] if isinstance(data, list) else data).get("summary", {})
        c_missing = sum(v.get("missing", 0) for v in counts.values())
        c_errors = sum(v.get("errors", 0) for v in counts.values())
        c_warnings = sum(v.get("warnings", 0) for v in counts.values())
        print(f"beacon locales check : {b_time * 1000:8.0f} ms best of 3, {len(findings)} findings ({b_err} errors)")
        print(f"compare-locales      : {c_time * 1000:8.0f} ms best of 3, {c_missing} missing, {c_errors} errors, {c_warnings} warnings")
        print(f"beacon / compare-locales wall time: {b_time / c_time:.3f}x ({c_time / b_time:.0f}x faster)")
        print(f"peak RSS of any child so far: {max(b_rss, c_rss):.0f} MiB (run each alone for separate figures)")


if __name__ == "__main__":
    main()
