"""Benchmark the article loader (``analysis.loading.load_corpus``).

Three parts (all by default; pick with --demo / --files / --html):

* demo: load + clean + dedupe the demo corpus, compared with a bare
  ``pandas.read_csv`` of the same file (its peer: the read alone). Target < 10 s.
* files: 5k, 10k, 20k seed-style .txt files (variations of the sample article,
  generated in a temporary folder). Each size runs in a fresh subprocess so peak RSS
  is per size; the articles frame's own memory is printed beside it. Target < 20 s
  for 20k, memory growing no faster than the frame.
* html: extraction quality on ../shared/corpora/news_html (token F1 and
  SequenceMatcher ratio per page).

Figures are medians of --repeat runs. The machine is shared (2 cores, other jobs
running), so expect noise of +-20 %.

Usage::

    python benchmarks/bench_load.py            # everything, 3 repeats
    python benchmarks/bench_load.py --quick    # CI-sized: 1 repeat, 500-2000 files
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.loading import load_corpus

_TOKEN = re.compile(r"\w+")
DATELINES = ["KYIV:", "WASHINGTON (AP) —", "LONDON, March 3 (Reuters) -", "BERLIN:", ""]


def _median_time(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def bench_demo(repeat: int) -> None:
    path = config.DEMO_CSV
    if not path.is_file():
        print(f"demo: skipped, {path} not found (run `make data`)")
        return
    t_pd, _ = _median_time(lambda: pd.read_csv(path), repeat)
    t_load, (articles, report) = _median_time(lambda: load_corpus(path), repeat)
    t_nodup, _ = _median_time(lambda: load_corpus(path, near_duplicates=False), repeat)
    print(
        f"demo corpus: {len(report):,} records -> {len(articles):,} articles "
        f"({report.attrs['n_duplicate']} duplicates, {report.attrs['n_empty']} empty, "
        f"{report.attrs['n_repairs']:,} repairs)"
    )
    print(f"  pandas.read_csv               {t_pd:7.3f} s")
    print(f"  load_corpus (exact dedupe)    {t_nodup:7.3f} s")
    print(
        f"  load_corpus (+ near dupes)    {t_load:7.3f} s   ratio to read_csv: {t_load / t_pd:5.1f}x"
        f"   target < 10 s: {'OK' if t_load < 10 else 'MISSED'}"
    )


def make_files(folder: Path, n: int, *, seed: int = 0) -> None:
    """Write ``n`` seed-style articles: title twice, dateline, body, footer."""
    source = config.SAMPLE_ARTICLE if config.SAMPLE_ARTICLE.is_file() else None
    if source is None:
        raise SystemExit(f"files: {config.SAMPLE_ARTICLE} not found")
    lines = [x for x in source.read_text(encoding="utf-8").splitlines() if x.strip()]
    title, body = (
        lines[0],
        [x for x in lines[2:] if not x.startswith(("Source", "Leave", "Your email"))],
    )
    body[0] = body[0].split(": ", 1)[1]
    vocab = np.array(sorted({w for x in body for w in x.split()}))
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        paras = []
        for p in rng.permutation(len(body))[: rng.integers(6, len(body))]:
            words = np.array(body[p].split())
            swap = rng.random(len(words)) < 0.5
            words[swap] = rng.choice(vocab, swap.sum())
            paras.append(" ".join(words))
        dl = DATELINES[i % len(DATELINES)]
        paras[0] = f"{dl} {paras[0]}".strip()
        t = f"{title} ({i})"
        text = (
            f"{t}\n\n{t}\n\n\n\n"
            + "\n".join(paras)
            + (
                "\n\n\n\nSource link\n\nLeave a Reply\n\n"
                "Your email address will not be published. Required fields are marked *"
            )
        )
        (folder / f"{i:05d}_{i * 7919 % 100003:05x}.txt").write_text(text, encoding="utf-8")


def _status_mb(key: str) -> float:
    """VmRSS / VmHWM (peak RSS) of this process from /proc, in MB (Linux only)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _one_size(folder: str) -> None:
    """Subprocess body: load ``folder`` and print JSON with time and peak RSS."""
    base = _status_mb("VmHWM")
    t = time.perf_counter()
    articles, report = load_corpus(folder)
    elapsed = time.perf_counter() - t
    peak = _status_mb("VmHWM")
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "articles": len(articles),
                "loaded": report.attrs["n_loaded"],
                "duplicates": report.attrs["n_duplicate"],
                "rss_base_mb": base,
                "rss_peak_mb": peak,
                "frame_mb": articles.memory_usage(deep=True).sum() / 2**20,
            }
        )
    )


def bench_files(sizes: list[int], repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        print(
            "seed-style .txt files (each size in a fresh process; RSS base = after imports, peak = VmHWM)"
        )
        print(
            f"  {'files':>6} {'seconds':>8} {'files/s':>8} {'articles':>8} {'dupes':>6} "
            f"{'RSS base':>9} {'RSS peak':>9} {'peak-base':>9} {'frame':>7}"
        )
        for n in sizes:
            folder = Path(tmp) / f"n{n}"
            make_files(folder, n)
            runs = []
            for _ in range(repeat):
                out = subprocess.run(
                    [sys.executable, __file__, "--_one-size", str(folder)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            r = sorted(runs, key=lambda x: x["seconds"])[len(runs) // 2]
            print(
                f"  {n:>6} {r['seconds']:8.2f} {n / r['seconds']:8.0f} {r['articles']:>8} "
                f"{r['duplicates']:>6} {r['rss_base_mb']:7.0f}MB {r['rss_peak_mb']:7.0f}MB "
                f"{r['rss_peak_mb'] - r['rss_base_mb']:7.0f}MB {r['frame_mb']:5.0f}MB"
            )
        print("  target: 20,000 files < 20 s; peak-base should grow like the frame, not faster")


def token_f1(got: str, expected: str) -> float:
    a, b = Counter(_TOKEN.findall(got.lower())), Counter(_TOKEN.findall(expected.lower()))
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r)


def sequence_ratio(got: str, expected: str) -> float:
    a, b = _TOKEN.findall(got.lower()), _TOKEN.findall(expected.lower())
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def bench_html(repeat: int) -> None:
    folder = config.SHARED_DIR / "corpora" / "news_html"
    if not folder.is_dir():
        print(f"html: skipped, {folder} not found")
        return
    manifest = json.loads((folder / "manifest.json").read_text())
    t, (articles, _) = _median_time(lambda: load_corpus(folder / "html"), repeat)
    by_file = articles.set_index("origin")
    print(f"HTML extraction (8 pages, {t:.2f} s for all): loaded text vs expected text")
    print(f"  {'page':<16} {'words':>6} {'token-F1':>9} {'seq-ratio':>10}")
    f1s = []
    for e in manifest["files"]:
        got = by_file.loc[f"html/{e['name']}.html", "text"]
        exp = (folder / e["expected_text"]).read_text(encoding="utf-8")
        f1, ratio = token_f1(got, exp), sequence_ratio(got, exp)
        f1s.append(f1)
        print(f"  {e['name']:<16} {len(_TOKEN.findall(got)):>6} {f1:9.3f} {ratio:10.3f}")
    print(f"  {'mean':<16} {'':>6} {np.mean(f1s):9.3f}")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="CI-sized: 1 repeat, 500-2000 files")
    p.add_argument("--repeat", type=int, default=None, help="runs per figure (median)")
    p.add_argument("--demo", action="store_true")
    p.add_argument("--files", action="store_true")
    p.add_argument("--html", action="store_true")
    p.add_argument("--_one-size", dest="one_size", default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.one_size:
        _one_size(args.one_size)
        return
    repeat = args.repeat or (1 if args.quick else 3)
    everything = not (args.demo or args.files or args.html)
    print(f"bench_load: repeat={repeat} (median), shared 2-core machine - expect noise")
    if everything or args.demo:
        bench_demo(repeat)
    if everything or args.files:
        bench_files([500, 1000, 2000] if args.quick else [5000, 10000, 20000], repeat)
    if everything or args.html:
        bench_html(repeat)


if __name__ == "__main__":
    main()
