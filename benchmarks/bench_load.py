"""Benchmark the article loader (``analysis.loading.load_corpus``).

Three parts (all by default; pick with --demo / --files / --html):

* demo: load + clean + dedupe the demo corpus, compared with a bare
  ``pandas.read_csv`` of the same file (its peer: the read alone). Target < 10 s.
* files: 5k, 10k, 20k seed-style .txt files (variations of the sample article,
  generated in a temporary folder), compared with a bare read of the same files into
  a one-column frame (its peer). Each size runs in fresh subprocesses. Memory growth
  is the peak RSS (VmHWM, reset after imports and a warm-up load of one file) minus
  the RSS at that point; it is printed beside the articles frame's own size
  (``memory_usage(deep=True)``) and as a ratio, with the marginal growth per MB of
  frame between the smallest and the largest size. ``--tracemalloc`` adds the
  tracemalloc peak plus Arrow's pool peaks (slower). ``--cluster`` also times the
  same load on a local 2-worker Dask cluster. Target < 20 s for 20k, memory growing
  like the frame.
* html: extraction quality on ../shared/corpora/news_html (token F1 and
  SequenceMatcher ratio per page).

Figures are medians of --repeat runs. The machine is shared (2 cores, other jobs
running), so expect noise of +-20 %.

Usage::

    python benchmarks/bench_load.py            # everything, 3 repeats
    python benchmarks/bench_load.py --quick    # CI-sized: 1 repeat, 500-2000 files
    python benchmarks/bench_load.py --files --cluster   # + the cluster path
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


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0); False if not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _naive_read(folder: str) -> pd.DataFrame:
    """The peer: read every file into a one-column frame, no cleaning, no report."""
    paths = sorted(Path(folder).rglob("*.txt"))
    return pd.DataFrame(
        {"text": pd.array([p.read_text(encoding="utf-8") for p in paths], dtype="str")},
        index=pd.Index([p.name for p in paths], dtype="str"),
    )


def _one_size(folder: str, warm: str, what: str, trace: bool) -> None:
    """Subprocess body: load ``folder``; print JSON with time, frame size and peak memory.

    Memory is measured from a baseline taken after a warm-up load of one file (so
    imports and first-call caches are not counted): RSS growth = VmHWM - VmRSS at the
    baseline (VmHWM reset there); with ``trace``, also the tracemalloc peak of Python
    allocations plus the peak of Arrow's memory pools (which tracemalloc cannot see).
    """
    import gc

    import pyarrow as pa

    load = (lambda f: load_corpus(f)[0]) if what == "load_corpus" else _naive_read
    load(warm)
    gc.collect()
    if trace:
        import tracemalloc

        tracemalloc.start()
    base = _status_mb("VmRSS")
    reset = _reset_peak()
    t = time.perf_counter()
    articles = load(folder)
    elapsed = time.perf_counter() - t
    peak = _status_mb("VmHWM")
    out = {
        "seconds": elapsed,
        "articles": len(articles),
        "rss_growth_mb": peak - base if reset else float("nan"),
        "frame_mb": articles.memory_usage(deep=True).sum() / 2**20,
    }
    if trace:
        pools = [pa.default_memory_pool(), pa.system_memory_pool()]
        arrow = sum(p.max_memory() for p in pools) / 2**20
        out["traced_mb"] = tracemalloc.get_traced_memory()[1] / 2**20 + arrow
    print(json.dumps(out))


def _run_size(folder: Path, warm: Path, what: str, repeat: int, trace: bool) -> dict:
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--_one-size", str(folder), str(warm), what]
            + (["--tracemalloc"] if trace else []),
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def bench_files(sizes: list[int], repeat: int, *, trace: bool = False, cluster: bool = False):
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm"
        make_files(warm, 1, seed=1)
        print(
            "seed-style .txt files, each size in fresh processes; memory growth = peak RSS "
            "(VmHWM) - RSS after imports and a warm-up load; ratio = growth / frame"
            + ("; traced = tracemalloc peak + Arrow pool peaks" if trace else "")
        )
        print(
            f"  {'files':>6} {'reader':<12} {'seconds':>8} {'files/s':>8} {'frame':>8} "
            f"{'growth':>8} {'ratio':>6}" + (f" {'traced':>8} {'ratio':>6}" if trace else "")
        )
        rows = {}
        for n in sizes:
            folder = Path(tmp) / f"n{n}"
            make_files(folder, n)
            for what in ("read_text", "load_corpus"):
                r = _run_size(folder, warm, what, repeat, trace)
                rows[n, what] = r
                line = (
                    f"  {n:>6} {what:<12} {r['seconds']:8.2f} {n / r['seconds']:8.0f} "
                    f"{r['frame_mb']:6.1f}MB {r['rss_growth_mb']:6.1f}MB "
                    f"{r['rss_growth_mb'] / r['frame_mb']:5.2f}x"
                )
                if trace:
                    line += f" {r['traced_mb']:6.1f}MB {r['traced_mb'] / r['frame_mb']:5.2f}x"
                print(line)
            ratio = rows[n, "load_corpus"]["seconds"] / rows[n, "read_text"]["seconds"]
            print(f"  {n:>6} load_corpus / read_text time: {ratio:.1f}x")
            if cluster:
                bench_cluster(folder, rows[n, "load_corpus"]["seconds"], repeat)
        lo, hi = rows[sizes[0], "load_corpus"], rows[sizes[-1], "load_corpus"]
        slope = (hi["rss_growth_mb"] - lo["rss_growth_mb"]) / (hi["frame_mb"] - lo["frame_mb"])
        print(
            f"  marginal growth {sizes[0]:,} -> {sizes[-1]:,} files: {slope:.2f} MB per MB of "
            "frame (1.0 = memory grows exactly like the frame)"
        )
        big = sizes[-1]
        print(
            f"  target: 20,000 files < 20 s, growth <= ~1.5x frame; {big:,} files: "
            f"{hi['seconds']:.1f} s, {hi['rss_growth_mb'] / hi['frame_mb']:.2f}x"
        )


def bench_cluster(folder: Path, in_memory_seconds: float, repeat: int) -> None:
    """Time load_corpus(folder, client=...) on a local 2-worker cluster."""
    from analysis.parallel import connect

    with connect(workers=2, progress=False) as client:
        load_corpus(folder / "00000_00000.txt", client=client)  # warm the workers
        t, _ = _median_time(lambda: load_corpus(folder, client=client), repeat)
    print(
        f"  {'':>6} cluster (2 local workers) {t:8.2f} s; in-memory / cluster: "
        f"{in_memory_seconds / t:.2f}x"
    )


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
    p.add_argument(
        "--tracemalloc", action="store_true", help="files: also trace Python and Arrow peaks"
    )
    p.add_argument(
        "--cluster", action="store_true", help="files: also time a local 2-worker Dask cluster"
    )
    p.add_argument("--_one-size", dest="one_size", nargs=3, default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.one_size:
        _one_size(*args.one_size, trace=args.tracemalloc)
        return
    repeat = args.repeat or (1 if args.quick else 3)
    everything = not (args.demo or args.files or args.html)
    print(f"bench_load: repeat={repeat} (median), shared 2-core machine - expect noise")
    if everything or args.demo:
        bench_demo(repeat)
    if everything or args.files:
        sizes = [500, 1000, 2000] if args.quick else [5000, 10000, 20000]
        bench_files(sizes, repeat, trace=args.tracemalloc, cluster=args.cluster)
    if everything or args.html:
        bench_html(repeat)


if __name__ == "__main__":
    main()
