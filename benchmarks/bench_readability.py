"""Benchmark: analysis.readability vs textstat, by text length, and the start-up time.

Both sides produce the same outputs: the 16 measures of
:data:`analysis.readability.formulas.FORMULAS` (``text_standard`` included); textstat
is called once per text and measure, as a user would call it
(:func:`analysis.readability.reference.textstat_scores`).

Method. Every timed run is a fresh Python process that imports its libraries, loads
its word tables and warms up on about 20,000 characters of texts that are timed
nowhere (textstat caches its results per text, Pyphen per word; the engine keeps a row
per distinct word), then times **one** text set. So every set pays for the words it
is the first to bring, on both sides, whatever the order of the sets: with the old
method (``--sequential``: one process per side and run times every set in turn, the
length buckets first) the sets timed last (the three corpus sets) found most of their
words already looked up by the buckets, which flattered the engine on them (the
engine's first look-up of a word is most of its cost on a small set of long texts,
textstat's is a small part of its cost). Sides are interleaved, set by set, so a
change of load hits both. Reported: the median of ``--repeat`` runs per side and
set, and the ratio, in wall seconds and in CPU seconds of the process (the steadier
figure on a machine shared with other jobs: waiting for a core is not counted).

Text sets (``../shared`` must hold the BBC corpus; the demo corpus is
``data/external/NewsArticles.csv``):

* by length: every text of the three corpora below, pooled and cut into
  ``<300``, ``300-1000``, ``1000-3000`` and ``>3000`` characters (a sample of each);
* ``demo articles``: whole articles of the demo corpus (long texts);
* ``demo chunks``: demo articles cut into runs of four sentences (short texts);
* ``bbc paragraphs``: paragraphs of the BBC corpus (short texts the engine was not
  tuned on).

Start-up: ``import analysis.readability as r; r.readability(['One short text.'])``
in a fresh process, timed after ``import pandas`` (wall and CPU seconds: a process's
wall time minus that of a bare ``import pandas``), with a cold cache (an empty
``NEWS_ANALYSIS_CACHE`` folder: the word tables are built) and a warm one.

Usage::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_readability.py [--quick] [--repeat 3]

``--quick`` (what CI runs) takes the four length buckets only, small samples and one
run per side. The machine is shared (2 cores, other jobs running): treat the figures
as indicative; the ratio is measured in the same run, on the same texts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIDES = ["textstat", "engine", "engine_nj2", "engine_all", "paragraph", "sentence"]
BUCKETS = [(0, 300), (300, 1000), (1000, 3000), (3000, None)]
STARTUP = "import analysis.readability as r; r.readability(['One short text.'])"


def _bucket_name(lo: int, hi: int | None) -> str:
    return f"<{hi}" if lo == 0 else f">{lo}" if hi is None else f"{lo}-{hi}"


def _chunks(text: str, size: int = 4) -> list[str]:
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    return [" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size)]


def _corpora() -> dict[str, list[str]]:
    import pandas as pd

    from analysis import config

    if not config.DEMO_CSV.exists():
        sys.exit(f"The demo corpus is missing at {config.DEMO_CSV}; run `make data`.")
    demo = pd.read_csv(config.DEMO_CSV)["text"].dropna().tolist()
    out = {
        "demo articles": demo,
        "demo chunks": [c for t in demo for c in _chunks(t) if c.strip()],
    }
    bbc = config.SHARED_DIR / "corpora" / "bbc_news" / "bbc_news.csv"
    if bbc.exists():
        texts = pd.read_csv(bbc)["text"].dropna()
        out["bbc paragraphs"] = [p.strip() for t in texts for p in t.split("\n\n") if p.strip()]
    else:
        print(f"(no BBC corpus at {bbc}: its set is skipped)")
    return out


def _sample(texts: list[str], max_chars: int, seed: int) -> list[str]:
    """Texts in a seeded random order until ``max_chars`` characters."""
    import random

    order = list(texts)
    random.Random(seed).shuffle(order)
    out, total = [], 0
    for t in order:
        if total >= max_chars:
            break
        out.append(t)
        total += len(t)
    return out


def _sets(quick: bool, max_chars: int | None) -> tuple[dict[str, list[str]], list[str]]:
    """The timed text sets, and the warm-up texts (timed nowhere)."""
    corpora = _corpora()
    max_chars = max_chars or (100_000 if quick else 600_000)
    pooled = [t for texts in corpora.values() for t in texts]
    warm = _sample(pooled, 20_000, seed=99)
    warm_ids = set(map(id, warm))
    pooled = [t for t in pooled if id(t) not in warm_ids]
    sets = {}
    for lo, hi in BUCKETS:
        inside = [t for t in pooled if len(t) >= lo and (hi is None or len(t) < hi)]
        sets[_bucket_name(lo, hi)] = _sample(inside, max_chars, seed=lo)
    if not quick:
        for name, texts in corpora.items():
            rest = [t for t in texts if id(t) not in warm_ids]
            sets[name] = _sample(rest, 3 * max_chars if name == "demo articles" else max_chars, 1)
    return sets, warm


def _worker(side: str, path: str, only: str | None = None) -> None:
    import resource

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if only is not None:
        data["sets"] = {only: data["sets"][only]}
    from analysis.readability import readability
    from analysis.readability.formulas import FORMULAS
    from analysis.readability.reference import textstat_scores

    cols = list(FORMULAS)

    def run(texts):
        if side == "textstat":
            return textstat_scores(texts, columns=cols)
        if side == "engine":
            return readability(texts, measures=cols)
        if side == "engine_nj2":
            return readability(texts, measures=cols, n_jobs=2)
        if side == "engine_all":
            return readability(texts)
        if side in ("paragraph", "sentence"):
            return readability(texts, level=side)
        raise SystemExit(f"unknown side {side}")

    run(data["warm"])  # word tables loaded, caches and code paths warmed
    seconds, cpu = {}, {}
    for name, texts in data["sets"].items():
        t0, c0 = time.perf_counter(), time.process_time()
        run(texts)
        seconds[name] = time.perf_counter() - t0
        cpu[name] = time.process_time() - c0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb}))


# The start-up measure: in a fresh process, after ``import pandas``, wall and CPU time
# of importing the engine and scoring one text (the same as a whole process's wall
# time minus that of ``python -c "import pandas"``, without two noisy processes).
_TIMED = (
    "import time, pandas; w, c = time.perf_counter(), time.process_time(); "
    + STARTUP
    + "; print(time.perf_counter() - w, time.process_time() - c)"
)


def _timed(env: dict) -> tuple[float, float]:
    proc = subprocess.run(
        [sys.executable, "-c", _TIMED], env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode:
        sys.exit(f"start-up run failed:\n{proc.stderr}")
    wall, cpu = proc.stdout.split()[-2:]
    return float(wall), float(cpu)


def _startup(repeat: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of the start-up, cold and warm cache."""
    cold, warm = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "NEWS_ANALYSIS_CACHE": cache}
            cold.append(_timed(env))
            warm.append(_timed(env))

    def median(runs):
        return tuple(statistics.median(r[i] for r in runs) for i in (0, 1))

    return {"cold cache (tables built)": median(cold), "warm cache": median(warm)}


def _print_table(sets, results, sides) -> None:
    head = f"{'texts':<15} {'n':>6} {'median ch':>9}"
    for side in sides:
        head += f" {side + ' s':>12}"
    print(head + f" {'engine us/text':>14} {'x textstat':>10}")
    for name, texts in sets.items():
        lengths = sorted(map(len, texts))
        row = f"{name:<15} {len(texts):>6} {lengths[len(lengths) // 2] if texts else 0:>9}"
        for side in sides:
            row += f" {results[side][name]:>12.3f}"
        engine = results.get("engine", {}).get(name)
        per_text = f"{1e6 * engine / max(len(texts), 1):.0f}" if engine else "-"
        base = results.get("textstat", {}).get(name)
        ratio = f"{base / engine:.1f}x" if base and engine else "-"
        print(row + f" {per_text:>14} {ratio:>10}")


def _run_worker(side: str, path: Path, only: str | None) -> dict:
    cmd = [sys.executable, __file__, "--worker", side, "--input", str(path)]
    proc = subprocess.run(
        cmd + (["--only", only] if only else []), capture_output=True, text=True, check=False
    )
    if proc.returncode:
        sys.exit(f"{side} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _runs(path: Path, names, sides, repeat: int, *, sequential: bool) -> dict[str, list[dict]]:
    """Every side's runs: per run, the seconds and CPU seconds of every set.

    By default each set is timed in its own fresh process (after the warm-up), so no
    set finds words looked up for another; ``sequential`` times every set in one
    process per side and run, in the order of ``names``. Sides are interleaved, so a
    change of load hits both.
    """
    runs: dict[str, list[dict]] = {side: [] for side in sides}
    for _ in range(repeat):
        merged = {side: {"seconds": {}, "cpu": {}, "peak_mb": 0.0} for side in sides}
        for only in [None] if sequential else names:
            for side in sides:
                one = _run_worker(side, path, only)
                merged[side]["seconds"].update(one["seconds"])
                merged[side]["cpu"].update(one["cpu"])
                merged[side]["peak_mb"] = max(merged[side]["peak_mb"], one["peak_mb"])
        for side in sides:
            runs[side].append(merged[side])
    return runs


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small samples, one run per side")
    ap.add_argument("--repeat", type=int, help="runs per side (median reported; default 3)")
    ap.add_argument("--sides", nargs="+", default=["textstat", "engine"], choices=SIDES)
    ap.add_argument(
        "--max-chars",
        type=int,
        help="characters per text set (default 100,000 quick, 600,000 full; 3x for articles)",
    )
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up runs")
    ap.add_argument(
        "--sequential",
        action="store_true",
        help="the old method: one process per side and run times every set in turn "
        "(later sets find the words of earlier ones already looked up)",
    )
    ap.add_argument("--only-sets", nargs="+", metavar="NAME", help="time only these sets")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--only", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.input, args.only)
        return
    repeat = args.repeat or (1 if args.quick else 3)

    if not args.no_startup:
        startup = _startup(repeat)
        print(f"Start-up after `import pandas` (fresh process, median of {repeat}):")
        for name, (wall, cpu) in startup.items():
            print(f"  {name:<26} wall {wall:6.3f} s   CPU {cpu:6.3f} s")
        print()

    sets, warm = _sets(args.quick, args.max_chars)
    if args.only_sets:
        unknown = sorted(set(args.only_sets) - set(sets))
        if unknown:
            sys.exit(f"Unknown set(s) {unknown}; choose from {list(sets)}.")
        sets = {name: texts for name, texts in sets.items() if name in args.only_sets}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "texts.json"
        path.write_text(json.dumps({"warm": warm, "sets": sets}), encoding="utf-8")
        runs = _runs(path, list(sets), args.sides, repeat, sequential=args.sequential)
    method = "one process per side and run" if args.sequential else "one process per set"
    print(f"Method: {method}, each warmed on {sum(map(len, warm)):,} characters not timed.")
    for clock, title in (("seconds", "Wall"), ("cpu", "CPU")):
        results = {
            side: {name: statistics.median(r[clock][name] for r in rs) for name in sets}
            for side, rs in runs.items()
        }
        print(f"{title} seconds per set (median of {repeat} fresh processes, 16 outputs/text):")
        _print_table(sets, results, args.sides)
        print()
    for side, rs in runs.items():
        print(f"  {side}: peak RSS {max(r['peak_mb'] for r in rs):.0f} MB")


if __name__ == "__main__":
    main()
