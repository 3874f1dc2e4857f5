"""Choosing the number of topics: coherence and stability over a sweep of k.

Stability follows Greene, O'Callaghan & Cunningham (2014), "How many topics?
Stability analysis for topic models": for each k, a *reference* model is fitted on
all documents, and one model per seed on a random subsample of the documents
(``sample_fraction``, 80% as in the paper). Each model is reduced to its topics' top
``n`` term lists. Two term lists agree by their *average Jaccard* (AJ: the mean,
over depths ``d = 1..t``, of the Jaccard index of the two top-``d`` sets). Two models
agree by the mean AJ of their topics after the best one-to-one matching of topics
(Hungarian algorithm). Stability at k is the mean agreement of the subsample models
with the reference; a model compared with itself scores exactly 1.

Coherence at k is the mean topic coherence of each of those models (reference and
subsamples) over the full texts; the table gives its mean and standard deviation.
For LDA the held-out perplexity of each subsample model on its left-out documents is
reported too.

Work is shared across the sweep: the tf-idf matrix is built once, every model is
fitted first, then all topics are scored against one co-occurrence index in one
counting pass.

The recommended k maximises the mean of the min-max scaled coherence and stability
(both "higher is better"), so a k must do well on both; ties go to the smaller k.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from .._shim import renamed
from ..inputs import as_texts_input
from ..parallel import get_executor
from . import _text
from .coherence import DEFAULT_WINDOW_SIZES, CoherenceIndex, _check_measure, coherence
from .models import _check_k, _fit_estimator, _prepare

__all__ = ["average_jaccard", "select_k", "topic_agreement"]


def average_jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    """Average Jaccard of two ranked term lists (Greene et al. 2014).

    Examples
    --------
    >>> round(average_jaccard(["a", "b", "c"], ["a", "c", "b"]), 4)  # (1 + 1/3 + 1) / 3
    0.7778
    >>> average_jaccard(["a", "b"], ["a", "b"])
    1.0
    """
    depth = min(len(a), len(b))
    if depth == 0:
        return 0.0
    total = 0.0
    seen_a: set = set()
    seen_b: set = set()
    for d in range(depth):
        seen_a.add(a[d])
        seen_b.add(b[d])
        total += len(seen_a & seen_b) / len(seen_a | seen_b)
    return total / depth


def topic_agreement(topics_a: Sequence[Sequence[str]], topics_b: Sequence[Sequence[str]]) -> float:
    """Agreement of two models' topics: best-matched mean average Jaccard.

    Parameters
    ----------
    topics_a, topics_b : sequence of sequence of str
        Each model's topics as ranked term lists (same number of topics).

    Returns
    -------
    float
        In [0, 1]; 1 when the two term-list sets are identical.

    Examples
    --------
    >>> topic_agreement([["a", "b"], ["c", "d"]], [["c", "d"], ["a", "b"]])
    1.0
    """
    if len(topics_a) != len(topics_b) or not topics_a:
        raise ValueError("Both models need the same, non-zero number of topics.")
    sim = np.array([[average_jaccard(x, y) for y in topics_b] for x in topics_a])
    rows, cols = linear_sum_assignment(-sim)
    return float(sim[rows, cols].mean())


def _top_lists(estimator, terms: np.ndarray, top_n: int) -> list[list[str]]:
    order = np.argsort(-estimator.components_, axis=1, kind="stable")[:, :top_n]
    return [list(terms[row]) for row in order]


def _fit_run(task, prep, top_n):
    """One model of the sweep: ``task`` is ``(k, seed, rows)``."""
    k, seed, rows = task
    est, _ = _fit_estimator(prep, k, seed, rows=rows)
    return _top_lists(est, prep.terms, top_n), est


def _coherence_texts(texts: Any, dtm: Any, measure: str):
    if isinstance(texts, CoherenceIndex):
        return texts
    if texts is None:
        if measure == "u_mass":
            return CoherenceIndex.from_dtm(dtm)
        docvars = getattr(dtm, "docvars", None)
        if docvars is not None and "text" in getattr(docvars, "columns", []):
            texts = docvars
        else:
            raise ValueError(
                f"measure={measure!r} slides a window over token sequences, which a "
                "document-term matrix does not keep. Pass texts= (the articles frame, raw "
                "strings or token lists), or use measure='u_mass'."
            )
    texts = as_texts_input(texts, caller="select_k")  # polars frames, records: pandas
    if isinstance(texts, (pd.DataFrame, str)):
        return CoherenceIndex(_text.tokenize_documents(texts, dtm))
    texts = list(texts)
    if texts and isinstance(texts[0], str):
        texts = _text.tokenize_documents(texts, dtm)
    return CoherenceIndex(texts)


@renamed(top_n="n", window_size="window")
def select_k(
    dtm: Any,
    ks: Iterable[int],
    *,
    method: str = "nmf",
    seeds: Sequence[int] = (0, 1, 2),
    measure: str = "c_npmi",
    texts: Any = None,
    n: int = 10,
    sample_fraction: float = 0.8,
    window: int | None = None,
    client: Any = None,
    n_jobs: int | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Coherence and stability for each candidate number of topics.

    Parameters
    ----------
    dtm : DocumentTermMatrix
    ks : iterable of int
        Candidate numbers of topics.
    method : {"nmf", "lda"}, default "nmf"
    seeds : sequence of int, default (0, 1, 2)
        One subsample model per seed; ``seeds[0]`` also seeds the reference model.
    measure : {"c_npmi", "c_uci", "c_v", "u_mass"}, default "c_npmi"
    texts : articles frame, strings, token lists or CoherenceIndex, optional
        Reference corpus for coherence, tokenised like the DTM (see
        :func:`analysis.topics.tokenize_documents`). Optional for ``u_mass`` (the DTM is used).
    n : int, default 10
        Terms per topic for both coherence and stability.
    sample_fraction : float, default 0.8
        Share of documents in each subsample.
    window : int, optional
        Coherence window (gensim's default for the measure).
    client : distributed.Client or str, optional
        Fit the models on a Dask cluster (default: the executor of
        :func:`analysis.parallel.use`, else this process).
    n_jobs : int, optional
        Fit the models in this many local processes (``-1`` = all cores).
        Results do not depend on where they are fitted.
    **options
        Passed to :func:`analysis.topics.fit_topics` (pruning and estimator options).

    Returns
    -------
    pandas.DataFrame
        One row per k: ``k``, ``coherence_mean``, ``coherence_sd``, ``stability``,
        ``stability_sd``, ``score`` (the combined criterion), ``rank`` (1 = best) and,
        for LDA, ``perplexity`` (held out, mean over subsamples). ``attrs`` holds
        ``recommended_k``, ``reason``, ``measure`` and ``method``.

    Notes
    -----
    The recommendation is a starting point, not the number of themes in the corpus.
    Measured against known labels (``benchmarks/bench_topic_quality.py``, NMF, seeds
    0-2), it picked the label count on BBC News (5), too many on a two-label Reuters
    subset (4 for 2) and too few where the labels are many and fine-grained: Reuters
    R8 (4 for 8) and R52 (26 for 52, the smallest k of the grid), because c_npmi
    coherence falls steadily as k grows there. Read the table, not only ``recommended_k``.

    Examples
    --------
    >>> import numpy as np, pandas as pd, scipy.sparse as sp
    >>> from analysis.terms import DocumentTermMatrix
    >>> rng = np.random.default_rng(0)
    >>> blocks = sp.block_diag([rng.poisson(3, (10, 5)) for _ in range(3)]).tocsr()
    >>> dtm = DocumentTermMatrix(blocks, np.array([f"w{i}" for i in range(15)]),
    ...                          pd.Index([f"d{i}" for i in range(30)], name="doc_id"))
    >>> table = select_k(dtm, [2, 3, 4], measure="u_mass", n=5, min_df=1, max_df=1.0)
    >>> table.attrs["recommended_k"]
    3
    """
    top_n, window_size = n, window
    _check_measure(measure)
    ks = sorted({int(k) for k in ks})
    seeds = [int(s) for s in seeds]
    if not ks:
        raise ValueError("ks is empty: pass the candidate numbers of topics, e.g. range(5, 41, 5).")
    if not seeds:
        raise ValueError("seeds is empty: pass at least one seed, e.g. (0, 1, 2).")
    if not 0.0 < sample_fraction <= 1.0:
        raise ValueError(f"sample_fraction must be in (0, 1]; got {sample_fraction}.")
    prep = _prepare(dtm, method, options)
    nonempty_rows = np.flatnonzero(np.diff(prep.weights.indptr) > 0)
    n_docs = len(nonempty_rows)
    for k in ks:
        _check_k(k, n_docs, len(prep.terms))
    n_sample = max(int(round(sample_fraction * n_docs)), 1)
    samples = []
    for seed in seeds:
        rows = np.sort(np.random.default_rng(seed).choice(nonempty_rows, n_sample, replace=False))
        samples.append(rows)
    for k in ks:
        if k > n_sample:
            raise ValueError(
                f"k={k} exceeds the {n_sample} documents in each subsample; use fewer topics "
                "or a larger sample_fraction."
            )

    tasks = [(k, seeds[0], None) for k in ks]
    tasks += [(k, seed, i) for k in ks for i, seed in enumerate(seeds)]
    runs_of = [(k, seed, nonempty_rows if i is None else samples[i]) for k, seed, i in tasks]
    results = get_executor(client, n_jobs).map(_fit_run, runs_of, prep, top_n, desc="models")
    runs: dict[int, list[list[list[str]]]] = {k: [] for k in ks}
    perplexity: dict[int, list[float]] = {k: [] for k in ks}
    for (k, _, i), (topics, est) in zip(tasks, results, strict=True):
        runs[k].append(topics)  # reference first: tasks list every reference before samples
        if method == "lda" and i is not None:
            held_out = np.setdiff1d(nonempty_rows, samples[i])
            if len(held_out):
                perplexity[k].append(float(est.perplexity(prep.weights[held_out])))

    index = _coherence_texts(texts, dtm, measure)
    window = None if measure == "u_mass" else (window_size or DEFAULT_WINDOW_SIZES[measure])
    every_term = {
        t for lists in runs.values() for topics in lists for topic in topics for t in topic
    }
    index.prepare(sorted(every_term), window=window)

    rows_out = []
    for k in ks:
        lists = runs[k]
        per_model = [
            float(np.mean(coherence(t, index, measure=measure, n=top_n, window=window_size)))
            for t in lists
        ]
        agreements = [topic_agreement(lists[0], other) for other in lists[1:]]
        row = {
            "k": k,
            "coherence_mean": float(np.mean(per_model)),
            "coherence_sd": float(np.std(per_model, ddof=1)) if len(per_model) > 1 else 0.0,
            "stability": float(np.mean(agreements)),
            "stability_sd": float(np.std(agreements, ddof=1)) if len(agreements) > 1 else 0.0,
        }
        if method == "lda":
            row["perplexity"] = float(np.mean(perplexity[k])) if perplexity[k] else np.nan
        rows_out.append(row)
    table = pd.DataFrame(rows_out)
    table["score"] = 0.5 * (_minmax(table["coherence_mean"]) + _minmax(table["stability"]))
    table["rank"] = table["score"].rank(ascending=False, method="first").astype(int)
    best = table.sort_values(["score", "k"], ascending=[False, True]).iloc[0]
    coh_rank = int(table["coherence_mean"].rank(ascending=False, method="min")[best.name])
    stab_rank = int(table["stability"].rank(ascending=False, method="min")[best.name])
    table.attrs.update(
        {
            "recommended_k": int(best["k"]),
            "reason": (
                f"k={int(best['k'])} has the best combined score ({best['score']:.2f}; mean of "
                f"min-max scaled coherence and stability): {measure} coherence "
                f"{best['coherence_mean']:.3f} (rank {coh_rank} of {len(table)}) and stability "
                f"{best['stability']:.3f} (rank {stab_rank} of {len(table)}) over "
                f"{len(seeds)} subsample(s) of {sample_fraction:.0%} of the documents."
            ),
            "measure": measure,
            "method": method,
            "n": top_n,
        }
    )
    return table


def _minmax(values: pd.Series) -> pd.Series:
    span = values.max() - values.min()
    if not np.isfinite(span) or span == 0:
        return pd.Series(1.0, index=values.index)
    return (values - values.min()) / span
