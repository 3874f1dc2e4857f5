"""Benchmark analysis.terms on the demo corpus against its peers, in the same run.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_terms.py [--quick] [--repeat N]

* build_dtm (unigrams; unigrams + bigrams) vs a bare scikit-learn CountVectorizer with
  the same settings (English stop words, same n-gram range), runs alternated, on the demo
  corpus, BBC News (``../shared``, not tuned on) and the demo corpus x8: the speed-up
  (CountVectorizer time / ours) must be >= 1.5 on unigrams and > 1 on bigrams (issue #17),
  wall and CPU time. Also: the columnar count equals the text-by-text count, the
  two-pass partitioned build (in this process) and hashed counts. ``--profile`` prints
  what build_dtm spends its time on.
* frequencies on the unigram + bigram DTM (``min_df=2``, as lesson 03's exercise) vs
  plain column sums of the same matrix sorted with pandas; the two tables must agree.
* keyness (one outlet vs the rest; g2 and fisher) vs scipy.stats per term;
  collocations vs gensim's Phrases (test-only reference); kwic vs a plain regex scan.
  Each of ours must take < 2 s on the demo corpus.
* Scaling: build_dtm + keyness on 1x, 2x, 5x, 10x the demo corpus (texts repeated,
  new doc_ids), each in a fresh subprocess: wall time and peak RSS.

Figures are medians of ``--repeat`` runs. The machine is shared (2 cores, other jobs
running), so expect noise of +-20 % between runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from _demo import demo_articles  # noqa: E402

from analysis import config  # noqa: E402
from analysis.terms import build_dtm, collocations, keyness, kwic, make_analyzer  # noqa: E402

OUTLET = "tass.com"


def load_demo(n: int | None = None) -> pd.DataFrame:
    """The demo corpus as the loader produces it (``analysis.load_corpus``, cached)."""
    frame = demo_articles()
    if n is not None:
        frame = frame.sample(n=min(n, len(frame)), random_state=0)
    return frame


def median_time(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def paired_times(ours, peer, repeat: int) -> tuple[float, float, float, object]:
    """Alternate our run and the peer's (fairer on a noisy machine), after one warm-up each.

    Returns both medians, the median of the per-pair ratios, and our last result.
    """
    ours_t, peer_t, ratio, _, out = paired_clocks(ours, peer, repeat)
    return ours_t, peer_t, ratio, out


def paired_clocks(ours, peer, repeat: int) -> tuple[float, float, float, float, object]:
    """:func:`paired_times`, plus the median of the per-pair ratios of CPU time."""
    wall, cpu, out = ([], []), ([], []), None
    ours(), peer()  # warm-up (imports, first-call caches), not timed
    for _ in range(repeat):
        for k, fn in enumerate((ours, peer)):
            t0, c0 = time.perf_counter(), time.process_time()
            result = fn()
            wall[k].append(time.perf_counter() - t0)
            cpu[k].append(time.process_time() - c0)
            out = result if k == 0 else out
    ratio = statistics.median(x / y for x, y in zip(*wall, strict=True))
    cpu_ratio = statistics.median(x / y for x, y in zip(*cpu, strict=True))
    return statistics.median(wall[0]), statistics.median(wall[1]), ratio, cpu_ratio, out


#: BBC News (2,225 articles), read-only material next to the repository: a corpus the
#: columnar path was not tuned on.
BBC_CSV = ROOT.parent / "shared" / "corpora" / "bbc_news" / "bbc_news.csv"
#: Speed-up over CountVectorizer that build_dtm must reach (issue #17).
TARGETS = {(1, 1): 1.5, (1, 2): 1.0}


def dtm_corpora(arts: pd.DataFrame, quick: bool) -> list[tuple[str, list[str]]]:
    """(name, texts): the demo corpus, BBC News, and the demo corpus repeated 8 times."""
    demo = arts["text"].tolist()
    corpora = [("demo", demo)]
    if BBC_CSV.exists():
        bbc = pd.read_csv(BBC_CSV)["text"].fillna("").astype(str).tolist()
        corpora.append(("bbc", bbc[:300] if quick else bbc))
    else:
        print(f"(BBC News not found at {BBC_CSV}: skipped)")
    if not quick:
        corpora.append(("demo x8", demo * 8))
    return corpora


def bench_dtm_speed(corpora, repeat: int) -> list[dict]:
    """build_dtm vs a bare CountVectorizer (English stop words, same n-grams), alternated."""
    from sklearn.feature_extraction.text import CountVectorizer

    print(f"\n## build_dtm vs bare CountVectorizer (runs alternated, median of {repeat})")
    print("speed-up = CountVectorizer time / build_dtm time (> 1: build_dtm is faster)\n")
    print("| corpus | docs | MB | n-grams | terms | build_dtm s | CountVectorizer s "
          "| speed-up (wall) | speed-up (CPU) | target |")  # fmt: skip
    print("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    rows = []
    for name, texts in corpora:
        mb = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts) / 1e6
        for ngram in TARGETS:
            ours = lambda ng=ngram, t=texts: build_dtm(t, ngram_range=ng)  # noqa: E731
            peer = lambda ng=ngram, t=texts: CountVectorizer(  # noqa: E731
                stop_words="english", ngram_range=ng
            ).fit_transform(t)
            ours_t, peer_t, ratio, cpu_ratio, dtm = paired_clocks(ours, peer, repeat)
            speedup, cpu_speedup = 1 / ratio, 1 / cpu_ratio
            verdict = "OK" if speedup >= TARGETS[ngram] else "UNDER"
            print(f"| {name} | {len(texts):,} | {mb:.1f} | {ngram} | {dtm.shape[1]:,} "
                  f"| {ours_t:.2f} | {peer_t:.2f} | {speedup:.2f}x | {cpu_speedup:.2f}x "
                  f"| >= {TARGETS[ngram]}x {verdict} |", flush=True)  # fmt: skip
            rows.append({"corpus": name, "ngram": ngram, "speedup": speedup})
    return rows


def bench_dtm(arts: pd.DataFrame, repeat: int, *, quick: bool = False) -> None:
    from sklearn.feature_extraction.text import CountVectorizer

    from analysis.terms._count import count_texts, count_texts_reference
    from analysis.terms.dtm import build_matrix

    texts = arts["text"].tolist()
    bench_dtm_speed(dtm_corpora(arts, quick), repeat)
    # The columnar count is the text-by-text count (checked once, not timed).
    for ngram in TARGETS:
        analyzer = make_analyzer(ngram_range=ngram)
        (m1, t1), (m2, t2) = count_texts(texts, analyzer), count_texts_reference(texts, analyzer)
        same = list(t1) == list(t2) and (m1 != m2).nnz == 0
        print(f"columnar count identical to the text-by-text count, {ngram}: {same}")
    # Same numbers as CountVectorizer driven by our analyzer (checked once, not timed).
    dtm = build_dtm(arts, ngram_range=(1, 2), min_df=2, max_features=20_000)
    vec = CountVectorizer(analyzer=make_analyzer(ngram_range=(1, 2)), min_df=2,
                          max_features=20_000, dtype=np.int64)  # fmt: skip
    same = (vec.fit_transform(texts) != dtm.matrix).nnz == 0 and list(
        vec.get_feature_names_out()
    ) == list(dtm.terms)
    print(f"identical to CountVectorizer(analyzer=make_analyzer(...)), (1, 2), pruned: {same}")
    whole_t, dtm = median_time(lambda: build_dtm(arts), repeat)
    parts_t, parts = median_time(
        lambda: build_matrix(arts, options=dtm.options, rows_per_partition=500,
                                      progress=False),
        repeat,
    )  # fmt: skip
    same = (parts.matrix != dtm.matrix).nnz == 0
    print(
        f"two-pass, {parts.n_blocks} partitions in this process: {parts_t:6.2f} s vs one pass "
        f"{whole_t:6.2f} s (ratio {parts_t / whole_t:.2f}), identical: {same}"
    )
    with warnings.catch_warnings():  # the collision warning, once per run
        warnings.simplefilter("ignore")
        hashed_t, _ = median_time(lambda: build_dtm(arts, hashed=True, n_features=2**20), repeat)
    print(f"hashed (2**20 buckets, one pass): {hashed_t:6.2f} s")


def profile_dtm(arts: pd.DataFrame, *, n: int = 12) -> None:
    """What build_dtm spends its time on (cProfile, own time), unigrams and bigrams."""
    import cProfile
    import pstats

    texts = arts["text"].tolist()
    for ngram in TARGETS:
        print(f"\n## profile: build_dtm(ngram_range={ngram}) on {len(texts):,} articles")
        profiler = cProfile.Profile()
        profiler.runcall(build_dtm, texts, ngram_range=ngram)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(n)


def bench_frequencies(arts: pd.DataFrame, repeat: int) -> None:
    from analysis.terms import frequencies

    dtm = build_dtm(arts, ngram_range=(1, 2), min_df=2)

    def plain() -> pd.DataFrame:
        m = dtm.matrix.tocsc()
        table = pd.DataFrame(
            {
                "term": dtm.terms.astype(str),
                "count": np.asarray(m.sum(axis=0)).ravel(),
                "doc_count": np.diff(m.indptr),
            }
        )
        return table.sort_values(["count", "term"], ascending=[False, True], ignore_index=True)

    ours_t, peer_t, ratio, out = paired_times(lambda: frequencies(dtm), plain, repeat)
    ref = plain()
    same = all(np.array_equal(out[c].to_numpy(), ref[c].to_numpy()) for c in ref.columns)
    print(
        f"\n## frequencies: unigrams + bigrams, min_df=2 ({dtm.shape[1]:,} terms, median of {repeat})"
    )
    print(
        f"frequencies {ours_t:6.3f} s | column sums + pandas sort {peer_t:6.3f} s | "
        f"time ours/peer {ratio:.2f} (ours also ranks ties and adds rel_freq) | "
        f"same counts and order: {same}"
    )


def bench_keyness(arts: pd.DataFrame, repeat: int) -> None:
    from scipy import stats

    dtm = build_dtm(arts)
    target = (dtm.docvars["source"] == OUTLET).to_numpy()
    print(f"\n## keyness: {OUTLET} vs the rest ({dtm.shape[1]:,} terms, median of {repeat})")
    for measure in ("g2", "chi2", "fisher"):
        t, key = median_time(lambda m=measure: keyness(dtm, target, measure=m), repeat)
        # Peer: scipy per term on a sample of terms, extrapolated to all terms.
        a = key["n_target"].to_numpy()
        b = key["n_reference"].to_numpy()
        c, d = a.sum() - a, b.sum() - b
        idx = np.random.default_rng(0).choice(len(a), size=min(2000, len(a)), replace=False)
        t0 = time.perf_counter()
        for i in idx:
            table = [[a[i], b[i]], [c[i], d[i]]]
            if measure == "fisher":
                stats.fisher_exact(table)
            else:
                stats.chi2_contingency(
                    table,
                    correction=False,
                    lambda_="log-likelihood" if measure == "g2" else None,
                )
        peer = (time.perf_counter() - t0) * len(a) / len(idx)
        verdict = "OK" if t < 2 else "SLOW"
        print(
            f"{measure:>6}: keyness {t:6.3f} s [{verdict} < 2 s] | scipy.stats per term "
            f"{peer:6.2f} s (extrapolated from {len(idx)} terms) | ratio {t / peer:.3f}"
        )


def bench_collocations(arts: pd.DataFrame, repeat: int) -> None:
    print(f"\n## collocations ({len(arts)} articles, min_count=5, median of {repeat})")
    for size, measure in [(2, "lambda"), (2, "pmi"), (3, "lambda")]:
        t, out = median_time(
            lambda s=size, m=measure: collocations(arts, ngram=s, measure=m, min_count=5), repeat
        )
        verdict = "OK" if t < 2 else "SLOW"
        print(f"size={size} {measure:>6}: {t:6.3f} s [{verdict} < 2 s], {len(out):,} scored")
    try:
        from gensim.models.phrases import Phrases

        from analysis.terms.tokenize import _tokenize_segments
    except ImportError:  # pragma: no cover - gensim is a dev-only reference
        print("gensim not installed: no peer figure")
        return

    def peer():
        segments = [s for text in arts["text"] for s in _tokenize_segments(text)]
        return Phrases(segments, min_count=5, threshold=0.5, scoring="npmi")

    t, _ = median_time(peer, repeat)
    print(f"peer gensim Phrases (same segments, size 2): {t:6.3f} s")
    from analysis.terms.collocations import _token_stream, _token_stream_reference

    texts = arts["text"].tolist()
    fast, slow, ratio, _ = paired_times(
        lambda: _token_stream(texts, frozenset()),
        lambda: _token_stream_reference(texts, frozenset()),
        repeat,
    )
    print(
        f"token stream: one pass {fast:6.3f} s vs per document {slow:6.3f} s "
        f"(paired ratio {ratio:.2f})"
    )


def bench_kwic(arts: pd.DataFrame, repeat: int) -> None:
    import re

    print(f"\n## kwic ({len(arts)} articles, window=5, median of {repeat})")
    for pattern, regex in [("prime minister", False), ("trump", False), (r"brexit\w*", True)]:
        t, out = median_time(lambda p=pattern, r=regex: kwic(arts, p, regex=r), repeat)
        rx = re.compile(r"\b" + (pattern if regex else re.escape(pattern)) + r"\b", re.I)
        peer_t, n_peer = median_time(
            lambda rx=rx: sum(1 for text in arts["text"] for _ in rx.finditer(text)), repeat
        )
        verdict = "OK" if t < 2 else "SLOW"
        print(
            f"{pattern!r:>16}: kwic {t:6.3f} s [{verdict} < 2 s], {len(out):,} hits | "
            f"bare re.finditer (no context, no tokens) {peer_t:6.3f} s, {n_peer:,} hits"
        )


def _rss_mb(field: str) -> float:
    """Resident memory from /proc (Linux): VmRSS now, VmHWM the peak since the last reset."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    """Reset the peak-RSS mark so VmHWM measures the work that follows (Linux >= 4.0)."""
    with contextlib.suppress(OSError):  # not permitted / not Linux: peak since start
        Path("/proc/self/clear_refs").write_text("5")


def _scale_child(factor: int, n_sample: int | None, frame: str | None = None) -> None:
    # The parent's loaded corpus, when it hands one over (loading costs ~13 s CPU).
    arts = pd.read_parquet(frame) if frame else load_demo(n_sample)
    big = pd.concat([arts] * factor)
    big.index = pd.Index([f"{i}-{k}" for k in range(factor) for i in arts.index], name="doc_id")
    base = _rss_mb("VmRSS")
    _reset_peak()
    t0 = time.perf_counter()
    dtm = build_dtm(big)
    t1 = time.perf_counter()
    keyness(dtm, (dtm.docvars["source"] == OUTLET).to_numpy())
    t2 = time.perf_counter()
    peak = _rss_mb("VmHWM")
    print(
        json.dumps(
            {
                "factor": factor,
                "docs": len(big),
                "dtm_s": t1 - t0,
                "keyness_s": t2 - t1,
                "rss_before_mb": base,
                "rss_peak_mb": peak,
                "nnz": int(dtm.matrix.nnz),
            }
        )
    )


def bench_scaling(factors, n_sample: int | None, repeat: int, arts=None) -> None:
    print(f"\n## scaling: build_dtm + keyness on k x the corpus (median of {repeat}, subprocesses)")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        frame = Path(tmp) / "articles.parquet"
        if arts is not None:
            arts.to_parquet(frame)
        for factor in factors:
            runs = []
            for _ in range(repeat):
                cmd = [sys.executable, __file__, "--_scale", str(factor)]
                if n_sample:
                    cmd += ["--_sample", str(n_sample)]
                if arts is not None:
                    cmd += ["--_frame", str(frame)]
                out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
                runs.append(json.loads(out.strip().splitlines()[-1]))
            rows.append({k: statistics.median(r[k] for r in runs) for k in runs[0]})
    first = rows[0]
    for row in rows:
        grow = row["dtm_s"] / first["dtm_s"]
        print(
            f"{int(row['factor']):>3}x {int(row['docs']):>7,} docs: build_dtm {row['dtm_s']:7.2f} s "
            f"({grow:5.2f}x time for {row['factor'] / first['factor']:.0f}x docs, "
            f"{1e3 * row['dtm_s'] / row['docs']:.3f} ms/doc) | keyness {row['keyness_s']:6.3f} s | "
            f"peak RSS {row['rss_peak_mb']:7.0f} MB (before: {row['rss_before_mb']:.0f} MB; "
            f"+{row['rss_peak_mb'] - row['rss_before_mb']:.0f} MB)"
        )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="CI-sized: 400 articles, 1x/2x")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument(
        "--scale-repeat", type=int, default=1, help="runs per scaling point (median)"
    )
    parser.add_argument("--profile", action="store_true", help="profile build_dtm and stop")
    parser.add_argument("--dtm-only", action="store_true", help="only the build_dtm figures")
    parser.add_argument("--_scale", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--_sample", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--_frame", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._scale:
        _scale_child(args._scale, args._sample, args._frame)
        return
    if not config.DEMO_CSV.exists():
        sys.exit(f"The demo corpus is missing at {config.DEMO_CSV}; run `make data` first.")
    n_sample = 400 if args.quick else None
    arts = load_demo(n_sample)
    print(
        f"# bench_terms: {len(arts)} articles, repeat={args.repeat}, python {sys.version.split()[0]}"
        " (shared 2-core machine: other jobs may add noise)"
    )
    if args.profile:
        profile_dtm(pd.concat([arts] * 8) if not args.quick else arts)
        return
    bench_dtm(arts, args.repeat, quick=args.quick)
    if args.dtm_only:
        return
    bench_frequencies(arts, args.repeat)
    bench_keyness(arts, args.repeat)
    bench_collocations(arts, args.repeat)
    bench_kwic(arts, args.repeat)
    factors = [1, 2] if args.quick else [1, 2, 5, 10]
    bench_scaling(factors, n_sample, args.scale_repeat, arts)


if __name__ == "__main__":
    main()
