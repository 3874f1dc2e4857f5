"""Benchmark: analysis.readability vs calling textstat per text and per measure.

Every side runs in a fresh Python process (so textstat's lru caches and the engine's
word table start cold) on the same texts; each process imports its libraries and
provisions the CMU dictionary first, then times only the scoring. Reported: median
seconds over ``--repeat`` runs, articles/s, MB/s (UTF-8 text), the worker's peak RSS,
and the ratio against textstat.

Sides: ``textstat`` (all 16 formulas + 9 counts, one textstat call each),
``engine`` (same columns, n_jobs=1), ``engine_nj2`` (n_jobs=2), ``engine_all``
(adds lexical diversity), ``paragraph`` and ``sentence`` levels (all columns).

Usage::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_readability.py [--quick] [--repeat 3]

The machine is shared (2 cores, other jobs running): treat figures as indicative.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIDES = ["textstat", "engine", "engine_nj2", "engine_all", "paragraph", "sentence"]


def _load_texts(quick: bool) -> list[str]:
    import pandas as pd

    from analysis import config

    if not config.DEMO_CSV.exists():
        sys.exit(f"The demo corpus is missing at {config.DEMO_CSV}; run `make data`.")
    texts = pd.read_csv(config.DEMO_CSV)["text"].dropna()
    if quick:
        texts = texts.sample(300, random_state=0)
    return texts.tolist()


def _worker(side: str, path: str) -> None:
    import resource

    texts = json.loads(Path(path).read_text(encoding="utf-8"))
    from analysis.readability import readability
    from analysis.readability.cmudict import ensure_cmudict
    from analysis.readability.counts import COUNT_COLUMNS
    from analysis.readability.formulas import FORMULAS
    from analysis.readability.reference import textstat_scores

    ensure_cmudict()
    import nltk  # noqa: F401  (both sides import it: textstat does at import)
    import textstat  # noqa: F401

    cols = [*FORMULAS, *COUNT_COLUMNS]
    t0 = time.perf_counter()
    if side == "textstat":
        out = textstat_scores(texts, columns=cols)
    elif side == "engine":
        out = readability(texts, measures=cols)
    elif side == "engine_nj2":
        out = readability(texts, measures=cols, n_jobs=2)
    elif side == "engine_all":
        out = readability(texts)
    elif side in ("paragraph", "sentence"):
        out = readability(texts, level=side)
    else:
        raise SystemExit(f"unknown side {side}")
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rows": len(out), "peak_mb": peak_mb}))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="300 articles instead of all")
    ap.add_argument("--repeat", type=int, default=3, help="runs per side (median reported)")
    ap.add_argument("--sides", nargs="+", default=SIDES, choices=SIDES)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.input)
        return

    texts = _load_texts(args.quick)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts)} articles, {mb:.1f} MB; repeat={args.repeat}; sides={args.sides}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "texts.json"
        path.write_text(json.dumps(texts), encoding="utf-8")
        results = {}
        for side in args.sides:
            runs = []
            for _ in range(args.repeat):
                proc = subprocess.run(
                    [sys.executable, __file__, "--worker", side, "--input", str(path)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if proc.returncode:
                    sys.exit(f"{side} failed:\n{proc.stderr}")
                runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            secs = statistics.median(r["seconds"] for r in runs)
            results[side] = {
                "seconds": secs,
                "runs": [round(r["seconds"], 2) for r in runs],
                "rows": runs[0]["rows"],
                "peak_mb": max(r["peak_mb"] for r in runs),
            }
            print(f"  {side:<11} median {secs:8.2f} s  runs {results[side]['runs']}", flush=True)
    base = results.get("textstat", {}).get("seconds")
    print()
    print(
        f"{'side':<11} {'seconds':>8} {'rows':>7} {'art/s':>8} {'MB/s':>6} {'peakMB':>7} {'x textstat':>10}"
    )
    for side, r in results.items():
        ratio = f"{base / r['seconds']:.1f}x" if base else "-"
        print(
            f"{side:<11} {r['seconds']:8.2f} {r['rows']:7d} {len(texts) / r['seconds']:8.0f} "
            f"{mb / r['seconds']:6.2f} {r['peak_mb']:7.0f} {ratio:>10}"
        )


if __name__ == "__main__":
    main()
