"""Benchmark the corpus explorer: start-up, server-side time per interaction, memory.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_explore.py [--quick] [--repeat N]

* Start-up: indexing the texts (the positional index every view reads) and fitting the
  topic model (``build_explorer``), wall and CPU time and the memory they add (RSS);
  then the same index tokenised in two local processes (``n_jobs=2``), for the ratio.
* Interactions: what the server does for one user action in the real Panel app
  (``ExplorerApp``, no browser): a term typed, an outlet chosen, a date range, a context
  line clicked (the reader), a topic clicked, stop words edited, the Compare outlet
  changed. Medians and maxima over ``--repeat`` rounds; the budget is 300 ms on the
  demo corpus and 1 s on ten times it (printed, never asserted).
* Peer: the hits and context lines of a term from the index vs
  ``analysis.terms.kwic`` scanning the texts (same rows; the ratio is printed).
* Scale: the demo corpus and ten times it (texts repeated, new doc_ids), each in a fresh
  subprocess. ``--quick`` (what CI runs): 400 articles and twice that, in well under a
  minute.

The machine is shared (2 cores, other jobs running): expect +-20 % between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis import config  # noqa: E402

TERMS = ["oil", "trump", '"prime minister"', "econom*", "nato", "refugees", "brexit"]
BUDGET = {1: 0.3, 10: 1.0}


def demo_frame(n: int | None, times: int) -> pd.DataFrame:
    """The demo CSV as an articles frame (read directly: loading is not what is timed)."""
    raw = pd.read_csv(config.DEMO_CSV).dropna(subset=["text"])
    if n is not None:
        raw = raw.sample(n=min(n, len(raw)), random_state=0)
    frame = pd.DataFrame(
        {
            "text": raw["text"].astype(str).to_numpy(),
            "title": raw["title"].fillna("").astype(str).to_numpy(),
            "source": raw["article_source_link"].astype(str).str.extract(r"//(?:www\.)?([^/]+)")[0],
            "published": pd.to_datetime(raw["publish_date"], errors="coerce", utc=True),
        }
    )
    frame = pd.concat([frame] * times, ignore_index=True)
    frame.index = pd.Index([f"d{i}" for i in range(len(frame))], name="doc_id")
    return frame


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def cpu_s() -> float:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def interactions(app, ex, rounds: int) -> dict[str, list[float]]:
    """Wall time of each kind of user action, as the server handles it."""
    st = app.state
    outlets = ex.outlets[:3]
    lo = pd.Timestamp(np.nanmin(ex.dates))
    out: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}

    def add(name, fn):
        cpu = time.process_time()
        out.setdefault(name, []).append(timed(fn))
        cpus.setdefault(name, []).append(time.process_time() - cpu)

    for r in range(rounds):
        outlet, other = outlets[r % len(outlets)], outlets[(r + 1) % len(outlets)]
        for term in TERMS:
            add("type a term", partial(setattr, st, "term", term))
        add("choose an outlet", partial(setattr, st, "source", outlet))
        add("all outlets again", partial(setattr, st, "source", ""))
        start = (lo + pd.Timedelta(days=30 + r)).strftime("%Y-%m-%d")
        add("date range", partial(st.param.update, start=start, end=""))
        add("clear dates", partial(st.param.update, start="", end=""))
        st.term = "oil"
        lines = app.kwic.value["doc_id"]
        if len(lines):
            add("click a context line", partial(setattr, st, "doc", lines.iloc[r % len(lines)]))
        if ex.topics is not None:
            add("click a topic", partial(setattr, st, "topic", r % ex.topics.k))
            add("any topic again", partial(setattr, st, "topic", -1))
        words = app.stop_input.value + f" extra{r}"
        add("edit stop words", partial(setattr, app.stop_input, "value", words))
        st.term = TERMS[r % len(TERMS)]
        add("open the Compare tab", partial(setattr, app.tabs, "active", 1))
        add("compare another outlet", partial(setattr, app.cmp_outlet, "value", other))
        next_term = TERMS[(r + 1) % len(TERMS)]
        add("type a term (Compare open)", partial(setattr, st, "term", next_term))
        if ex.topics is not None:
            add("open the Topics tab", partial(setattr, app.tabs, "active", 2))
            add("move the lambda slider", partial(setattr, app.lam, "value", 0.1 * (r % 10)))
        add("back to Collocates", partial(setattr, app.tabs, "active", 0))
    return out, cpus


def run_one(n: int | None, times: int, rounds: int) -> dict:
    """Start-up, memory and interactions for one corpus size (run in a subprocess)."""
    from bokeh.document import Document

    from analysis.explore import CorpusIndex, Explorer, build_explorer
    from analysis.explore.app import ExplorerApp
    from analysis.terms import kwic
    from analysis.topics import fit_topics

    articles = demo_frame(n, times)
    before = rss_mb()
    t0, cpu0 = time.perf_counter(), cpu_s()
    ex = build_explorer(articles, topics=False)
    index_s, index_cpu = time.perf_counter() - t0, cpu_s() - cpu0
    index_mb = rss_mb() - before
    # the same index tokenised in two local processes (analysis.parallel), same load
    t0, cpu0 = time.perf_counter(), cpu_s()
    CorpusIndex.build(articles, n_jobs=2)
    index_2_s, index_2_cpu = time.perf_counter() - t0, cpu_s() - cpu0
    load_startup = os.getloadavg()[0]
    topics_s = None
    if times == 1:  # the topic model is fitted on a seeded sample, so one size is enough
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = fit_topics(articles, 10, random_state=0)
        topics_s = time.perf_counter() - t0
        ex = Explorer(articles, index=ex.index, topics=model)
    t0 = time.perf_counter()
    app = ExplorerApp(ex)
    app.view().get_root(Document())  # the Bokeh models a browser session gets, kept in sync
    session_s = time.perf_counter() - t0
    load = os.getloadavg()[0]
    times_by, cpu_by = interactions(app, ex, rounds)
    peer = {}
    if times == 1:
        ours = [timed(lambda: ex.index.contexts(ex.index.hits("oil"), n=10**9)) for _ in range(3)]
        theirs = [timed(lambda: kwic(articles, "oil")) for _ in range(3)]
        peer = {"ours": statistics.median(ours), "kwic": statistics.median(theirs)}
    return {
        "n_docs": ex.index.n_docs,
        "n_tokens": ex.index.n_tokens,
        "index_s": index_s,
        "index_cpu": index_cpu,
        "index_2_s": index_2_s,
        "index_2_cpu": index_2_cpu,
        "load_startup": load_startup,
        "topics_s": topics_s,
        "session_s": session_s,
        "index_mb": index_mb,
        "rss_mb": rss_mb(),
        "interactions": {
            k: [statistics.median(v), max(v), statistics.median(cpu_by[k])]
            for k, v in times_by.items()
        },
        "load": load,
        "peer": peer,
    }


def report(times: int, res: dict) -> None:
    budget = BUDGET.get(times, 1.0)
    print(f"\n== {times}x: {res['n_docs']:,} articles, {res['n_tokens']:,} words")
    topics = "" if res["topics_s"] is None else f", topic model {res['topics_s']:.1f} s"
    print(f"start-up: index {res['index_s']:.1f} s{topics}, a browser session "
          f"{res['session_s']:.2f} s; index +{res['index_mb']:.0f} MB, "
          f"process {res['rss_mb']:.0f} MB RSS")  # fmt: skip
    print(f"index in one process: {res['index_s']:.1f} s wall, {res['index_cpu']:.1f} s CPU; "
          f"in 2 processes (n_jobs=2): {res['index_2_s']:.1f} s wall, "
          f"{res['index_2_cpu']:.1f} s CPU (wall ratio {res['index_2_s'] / res['index_s']:.2f}; "
          f"load average {res['load_startup']:.1f})")  # fmt: skip
    print(f"load average {res['load']:.1f} on {os.cpu_count()} cores while measuring "
          "(wall time grows with it; CPU time is this process's own work)")  # fmt: skip
    print(f"{'interaction':<27}{'wall median':>12}{'max':>7}{'CPU median':>12}  "
          f"budget {budget * 1000:.0f} ms")  # fmt: skip
    for name, (med, worst, cpu) in res["interactions"].items():
        flag = "ok" if worst <= budget else ("median ok" if med <= budget else "OVER")
        if flag == "OVER" and cpu <= budget:
            flag = "OVER in wall time, CPU ok"
        print(f"{name:<27}{med * 1000:>10.0f}ms{worst * 1000:>7.0f}{cpu * 1000:>10.0f}ms  {flag}")
    if res["peer"]:
        p = res["peer"]
        print(f"peer: hits + context lines of 'oil' {p['ours'] * 1000:.1f} ms vs "
              f"analysis.terms.kwic {p['kwic'] * 1000:.0f} ms "
              f"(ratio {p['ours'] / p['kwic']:.3f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small corpus (CI)")
    parser.add_argument("--repeat", type=int, default=None, help="rounds of interactions")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # n,times: run one size, print JSON
    args = parser.parse_args()
    if args.one:
        n, times, rounds = (int(x) if x != "all" else None for x in args.one.split(","))
        print(json.dumps(run_one(n, times, rounds)))
        return
    if not config.DEMO_CSV.exists():
        sys.exit(f"the demo corpus is missing at {config.DEMO_CSV}; run `make data` first.")
    n = "400" if args.quick else "all"
    rounds = args.repeat or (2 if args.quick else 5)
    for times in (1, 2) if args.quick else (1, 10):
        out = subprocess.run(
            [sys.executable, __file__, "--one", f"{n},{times},{rounds}"],
            capture_output=True, text=True,
        )  # fmt: skip
        if out.returncode:
            sys.exit(f"bench_explore: the {times}x run failed:\n{out.stderr}")
        report(10 if times == 10 else times, json.loads(out.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
