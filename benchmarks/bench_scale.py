"""Scale-out benchmark: readability + DTM + keyness in memory and on a local Dask cluster.

    .venv/bin/python benchmarks/bench_scale.py [--quick] [--repeat N] [--factor 50]

* In memory (one process, the functions as a notebook calls them) on the demo corpus
  replicated 1x and 10x, each run in a fresh subprocess: wall time per stage, articles/s,
  MB/s of text, and the subprocess's peak RSS.
* On a local cluster (``connect(workers=2, memory_limit="2GB")``) on the corpus
  replicated 1x, 10x and ``--factor`` times (default 50: about 190,000 articles and
  625 MB of text), written first as a partitioned Parquet dataset that the workers
  read themselves: the same three stages, throughput, the peak memory of each worker
  (sampled every 0.2 s) and of the driver.
* The ratio cluster / in-memory at the factors both ran, so the crossover is visible.
  The workers are warmed up first (imports, CMU dictionary) on 400 articles, untimed;
  the cluster's start-up (about 4 s) is not in the figures either.

Replicas get new doc_ids (``-r1``, ``-r2`` ...) but the same texts, so the vocabulary
does not grow with the factor as a real corpus's would: DTM width and keyness cost are
those of the demo vocabulary. Medians of ``--repeat`` runs. The machine is shared
(2 cores); a 2-worker cluster uses both, while the in-memory path uses one.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from _demo import demo_articles  # noqa: E402

from analysis import config  # noqa: E402

OUTLET = "tass.com"
STAGES = ("readability", "build_dtm", "keyness")


def replicate(articles: pd.DataFrame, factor: int) -> pd.DataFrame:
    """``factor`` copies of the corpus; copy r>0 gets doc_ids suffixed ``-r<r>``."""
    copies = []
    for r in range(factor):
        part = articles.copy(deep=False)
        if r:
            part.index = (part.index + f"-r{r}").rename("doc_id")
        copies.append(part)
    return pd.concat(copies) if factor > 1 else articles


def text_mb(articles: pd.DataFrame) -> float:
    return float(articles["text"].str.len().sum()) / 1e6  # characters, ~bytes for news


def run_stages(data, client, *, docvars: pd.DataFrame) -> dict[str, float]:
    """The three stages on in-memory articles (client None) or a dataset folder."""
    from analysis.readability import readability
    from analysis.terms import build_dtm, keyness

    times = {}
    t0 = time.perf_counter()
    scores = readability(data, client=client, measures=["flesch_kincaid_grade", "n_words"])
    times["readability"] = time.perf_counter() - t0
    assert len(scores) == len(docvars)
    t0 = time.perf_counter()
    dtm = build_dtm(data, client=client)
    times["build_dtm"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    key = keyness(dtm, (docvars["source"] == OUTLET).to_numpy())
    times["keyness"] = time.perf_counter() - t0
    assert len(key) > 0
    return times


# ------------------------------------------------------------------ in memory
def _in_memory_child(factor: int) -> None:
    articles = replicate(demo_articles(), factor)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times = run_stages(articles, None, docvars=articles[["source"]])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"times": times, "peak_mb": peak, "before_mb": base}))


def in_memory(factor: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(factor)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ on the cluster
class MemorySampler:
    """Peak RSS of every worker (via the scheduler's heartbeat metrics) and of us."""

    def __init__(self, client, every: float = 0.2) -> None:
        import psutil

        self.client, self.every = client, every
        self.workers: dict[str, float] = {}
        self.driver = 0.0
        self._me = psutil.Process()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            info = self.client.scheduler_info(n_workers=-1)["workers"]
            for w in info.values():
                mb = w["metrics"]["memory"] / 1e6
                name = w.get("name", w["id"])
                self.workers[name] = max(self.workers.get(name, 0.0), mb)
            self.driver = max(self.driver, self._me.memory_info().rss / 1e6)
            self._stop.wait(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def on_cluster(client, articles: pd.DataFrame, factor: int, work: Path, parts: int) -> dict:
    from analysis.loading import write_dataset

    data = replicate(articles, factor)
    rows = max(1, -(-len(data) // parts))
    folder = write_dataset(data, work / f"corpus-{factor}x", rows_per_partition=rows)
    docvars = data[["source"]]
    del data
    client.run(_collect)  # start every sample from settled workers
    with MemorySampler(client) as mem:
        times = run_stages(folder, client, docvars=docvars)
    return {"times": times, "workers_mb": mem.workers, "driver_mb": mem.driver}


def _collect() -> None:
    import gc

    gc.collect()


# ------------------------------------------------------------------ report
def median_of(runs: list[dict]) -> dict:
    times = {s: statistics.median(r["times"][s] for r in runs) for s in STAGES}
    out = dict(runs[-1])
    out["times"] = times
    return out


def line(label: str, n: int, mb: float, res: dict, memory: str) -> str:
    total = sum(res["times"].values())
    stages = "  ".join(f"{res['times'][s]:7.2f}" for s in STAGES)
    return (
        f"{label:<22} {n:>9,} {stages}  {total:8.2f}  {n / total:9,.0f}  {mb / total:6.2f}  "
        f"{memory}"
    )


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="CI size: factors 1 and 2")
    ap.add_argument("--repeat", type=int, default=3, help="runs per configuration (median)")
    ap.add_argument("--factor", type=int, default=50, help="largest replication on the cluster")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--memory-limit", default="2GB", help="per worker")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _in_memory_child(args.child)
        return

    from analysis.parallel import connect

    articles = demo_articles()
    mem_factors = [1, 2] if args.quick else [1, 10]
    big = 2 if args.quick else args.factor
    cluster_factors = sorted({*mem_factors, big})
    repeat = 1 if args.quick else args.repeat
    n1, mb1 = len(articles), text_mb(articles)
    print(f"demo corpus: {n1:,} articles, {mb1:.1f} MB of text; median of {repeat} run(s)")
    header = (
        f"{'path':<22} {'articles':>9} {'read.':>7}  {'dtm':>7}  {'keyn.':>7}  {'total s':>8}  "
        f"{'art/s':>9}  {'MB/s':>6}  peak memory"
    )
    print("\n" + header + "\n" + "-" * len(header))
    results: dict[tuple[str, int], dict] = {}
    for f in mem_factors:
        res = median_of([in_memory(f) for _ in range(repeat)])
        results[("memory", f)] = res
        print(line(f"in memory {f}x", n1 * f, mb1 * f, res, f"{res['peak_mb']:,.0f} MB (process)"))
    work = config.INTERIM_DIR / "bench_scale"
    with connect(workers=args.workers, memory_limit=args.memory_limit) as client:
        # Warm-up (imports, CMU dictionary) on every worker, not timed.
        on_cluster(client, articles.iloc[:400], 1, work, 2 * args.workers)
        for f in cluster_factors:
            parts = max(2 * args.workers, 8 * f // 10 or 1)
            res = median_of([on_cluster(client, articles, f, work, parts) for _ in range(repeat)])
            results[("cluster", f)] = res
            workers = ", ".join(f"{v:,.0f}" for v in sorted(res["workers_mb"].values()))
            print(
                line(
                    f"{args.workers} workers {f}x",
                    n1 * f,
                    mb1 * f,
                    res,
                    f"workers {workers} MB; driver {res['driver_mb']:,.0f} MB",
                )
            )
    print("\ncluster / in-memory wall time (below 1 = the cluster is faster):")
    for f in mem_factors:
        ratio = sum(results[("cluster", f)]["times"].values()) / sum(
            results[("memory", f)]["times"].values()
        )
        print(f"  {f}x: {ratio:.2f}")
    import shutil

    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
