"""Topic coherence (``c_npmi``, ``c_uci``, ``c_v``, ``u_mass``) from sparse co-occurrence counts.

The values reproduce gensim 4.4's ``CoherenceModel(...).get_coherence_per_topic()``
(serial accumulation, ``processes=1``) to floating-point precision, quirks included,
but the counting is done once per corpus and window size with numpy/scipy instead of
a Python loop over every sliding window:

* **Windows.** For ``c_npmi``, ``c_uci`` and ``c_v`` each document of ``n`` tokens
  gives ``n - window_size + 1`` virtual documents (one window per token step), and a
  document shorter than the window (empty ones included) gives exactly one. The
  probability of a term is the share of virtual documents that contain it.
* **gensim's sliding-set quirk.** gensim keeps the set of terms in the current window
  incrementally: when the window moves on it *removes the token that just left*, even
  if another copy of that token is still inside the window. So a term is counted in a
  window only if its last occurrence in the window is at least ``window_size``
  positions after its last occurrence before the window. This index reproduces that
  rule exactly (see :func:`_window_intervals`), so the values equal gensim's.
* **Epsilon.** ``1e-12`` is added to joint probabilities before taking logs, as in
  gensim, so a pair that never co-occurs gets a large negative finite score, not ``-inf``.
* **Topic terms absent from the texts** are dropped from the topic (gensim does this
  through its dictionary) with a :class:`UserWarning`; the topic is then truncated to
  ``n``. A topic with fewer than two known terms raises :class:`ValueError`.
  One deliberate difference: gensim decides whether to truncate *all* topics by
  looking at the length of the first topic only; here each topic is truncated to
  ``n`` on its own (identical whenever topics have equal lengths).
* **u_mass** counts documents (boolean document), from token lists or from a
  document-term matrix, and ``log((D(wi, wj) + eps·N) / D(wj))`` per ordered pair
  ``i > j`` as gensim; a pair whose second term occurs in no document scores 0.

Counts are additive over documents: :func:`cooccurrence_counts` returns them for a fixed
list of terms as a :class:`CooccurrenceCounts`, two of which add up (``a + b``), and
:func:`coherence` scores topics from such (summed) counts exactly as from the texts
themselves -- the same integers go into the same arithmetic. That is how
:func:`coherence` works on any input it can cut into partitions (token lists, an
articles frame, a partitioned corpus): each partition is counted by
:func:`count_partition` through the executor and the counts are summed, so the values
are identical however the input is cut and wherever the partitions run.

Tokenisation is the caller's: pass the same token sequences you would give gensim.
:func:`analysis.topics.tokenize_documents` produces them with the analyzer a
document-term matrix was built with (or pass the articles and ``dtm=``).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._shim import find_stack_level, renamed
from ..inputs import as_texts_input
from ..parallel import as_partitions, as_path, get_executor, is_partitioned, read_partition
from ._text import text_columns, tokenize_documents
from .cooccurrence import (
    CoherenceIndex,
    CooccurrenceCounts,
    _check_docs,
    _unique,
    cooccurrence_counts,
)

__all__ = [
    "DEFAULT_WINDOW_SIZES",
    "EPSILON",
    "MEASURES",
    "CoherenceIndex",
    "CooccurrenceCounts",
    "coherence",
    "cooccurrence_counts",
    "count_partition",
]

EPSILON = 1e-12
MEASURES = ("c_npmi", "c_uci", "c_v", "u_mass")
DEFAULT_WINDOW_SIZES: dict[str, int | None] = {
    "c_v": 110,
    "c_uci": 10,
    "c_npmi": 10,
    "u_mass": None,
}


def _check_measure(measure: str) -> str:
    if measure not in MEASURES:
        raise ValueError(
            f"Unknown coherence measure {measure!r}. Choose one of {', '.join(MEASURES)}."
        )
    return measure


def _window_of(measure: str, window_size: int | None) -> int | None:
    """The window a measure counts with: ``None`` (documents) for u_mass."""
    _check_measure(measure)
    if measure == "u_mass":
        return None
    return DEFAULT_WINDOW_SIZES[measure] if window_size is None else int(window_size)


def _topic_terms(topics: Any) -> list[str]:
    """Every distinct term of every topic, in order of first appearance."""
    if isinstance(topics, str) or not isinstance(topics, Iterable):
        raise TypeError("topics must be a list of term lists, e.g. [['oil', 'price'], ...].")
    out: dict[str, None] = {}
    for topic in topics:
        if isinstance(topic, str) or not isinstance(topic, Iterable):
            continue  # reported by _resolve_topics
        out.update(dict.fromkeys(topic))
    return list(out)


def _resolve_topics(topics, index: Any, top_n: int) -> list[np.ndarray]:
    if isinstance(topics, str) or not isinstance(topics, Iterable):
        raise TypeError("topics must be a list of term lists, e.g. [['oil', 'price'], ...].")
    topics = list(topics)
    for number, topic in enumerate(topics):
        if isinstance(topic, str):
            raise TypeError(f"Topic {number} is a string; each topic must be a list of terms.")
    topics = [list(t) for t in topics]
    if not topics:
        raise ValueError("No topics given: pass at least one list of terms.")
    if top_n is not None and top_n < 2:
        raise ValueError(f"n must be at least 2 to form term pairs; got {top_n}.")
    resolved, missing = [], []
    for number, topic in enumerate(topics):
        ids = index.term_ids(topic)
        absent = [t for t, i in zip(topic, ids, strict=True) if i < 0]
        if absent:
            missing.append((number, absent))
        ids = ids[ids >= 0]
        if top_n is not None:
            ids = ids[:top_n]
        if len(ids) < 2:
            raise ValueError(
                f"Topic {number} has {len(ids)} term(s) that occur in the texts "
                f"(missing: {absent[:10]}); coherence needs at least two. Check that the "
                "texts were tokenised with the same analyzer as the topic model."
            )
        resolved.append(ids)
    if missing:
        shown = "; ".join(f"topic {n}: {a[:5]}" for n, a in missing[:5])
        warnings.warn(
            f"{sum(len(a) for _, a in missing)} topic term(s) do not occur in the texts and "
            f"were dropped before scoring, as gensim does ({shown}).",
            UserWarning,
            stacklevel=find_stack_level(),
        )
    return resolved


def _pmi(sub: np.ndarray, occ_i: np.ndarray, occ_j: np.ndarray, n: float) -> np.ndarray:
    """gensim's ``log_ratio_measure`` (unnormalised), elementwise."""
    numerator = sub / n + EPSILON
    denominator = (occ_i / n)[:, None] * (occ_j / n)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(numerator / denominator)


def _npmi(sub: np.ndarray, occ: np.ndarray, n: float) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return _pmi(sub, occ, occ, n) / -np.log(sub / n + EPSILON)


def _score_topic(measure: str, sub: np.ndarray, ids: np.ndarray, n: float) -> float:
    """One topic's coherence from its counts ``sub`` (diagonal = occurrences)."""
    occ = np.diag(sub).copy()
    size = len(occ)
    if measure in ("c_uci", "c_npmi"):
        values = _pmi(sub, occ, occ, n) if measure == "c_uci" else _npmi(sub, occ, n)
        off = ~np.eye(size, dtype=bool)  # s_one_one: every ordered pair i != j
        return float(np.mean(values[off]))
    if measure == "u_mass":
        i, j = np.tril_indices(size, k=-1)  # s_one_pre: w' = topic[i], w* = topic[j], j < i
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.log((sub[i, j] / n + EPSILON) / (occ[j] / n))
        values = np.where(occ[j] == 0, 0.0, values)
        return float(np.mean(values))
    # c_v (s_one_set + indirect cosine): the context vector of a segment is the sum of
    # the NPMI of its terms with each distinct topic term (repeated terms add up).
    # Columns in order of first appearance in the topic, so the sums below run in the
    # same order whatever integer ids the counts use (index ids or count positions).
    npmi = _npmi(sub, occ, n)
    column: dict[int, int] = {}
    inverse = np.array([column.setdefault(int(i), len(column)) for i in ids])
    onehot = np.zeros((size, len(column)))
    np.add.at(onehot, (np.arange(size), inverse), 1.0)
    cv = npmi @ onehot  # one context vector per topic term
    cv_topic = cv.sum(axis=0)  # the context vector of the whole topic
    norms = np.sqrt(np.sum(cv**2, axis=1)) * np.sqrt(np.sum(cv_topic**2))
    with np.errstate(divide="ignore", invalid="ignore"):
        sims = (cv @ cv_topic) / norms
    return float(np.mean(sims))


@renamed(top_n="n", window_size="window")
def coherence(
    topics: Sequence[Sequence[str]],
    texts: Any,
    *,
    measure: str = "c_npmi",
    n: int | None = 10,
    window: int | None = None,
    dtm: Any = None,
    client: Any = None,
    n_jobs: int | None = None,
    rows_per_partition: int | None = None,
) -> list[float]:
    """Per-topic coherence, equal to gensim's ``get_coherence_per_topic()``.

    Parameters
    ----------
    topics : sequence of sequence of str
        Each topic's terms, best first.
    texts : token lists, articles, CoherenceIndex, CooccurrenceCounts or DocumentTermMatrix
        The reference corpus: tokenised documents; or articles (a frame, a dask
        DataFrame, a processed ``.parquet`` file or a partitioned folder, ``str`` or
        ``Path``), tokenised with ``dtm``'s analyzer; or a prebuilt
        :class:`CoherenceIndex` (fast when scoring many topic sets); or counts of the
        topics' terms from :func:`cooccurrence_counts` (possibly summed over the parts
        of a corpus; the window must be the measure's); or, for ``u_mass`` only, a
        document-term matrix.
    measure : {"c_npmi", "c_uci", "c_v", "u_mass"}, default "c_npmi"
        Coherence measure, as in gensim (Röder, Both & Hinneburg 2015).
    n : int or None, default 10
        Score the first ``n`` known terms of each topic (``None``: all; ``top_n=`` is
        the deprecated spelling).
    window : int, optional
        Sliding-window size; defaults to gensim's (110 for ``c_v``, 10 for ``c_uci``
        and ``c_npmi``). Ignored by ``u_mass``.
    dtm : DocumentTermMatrix or dict, optional
        The matrix (or its options) whose analyzer tokenises articles, as
        :func:`analysis.topics.tokenize_documents`.
    client : distributed.Client or str, optional
        Count token lists or articles on a Dask cluster; default: the executor of
        :func:`analysis.parallel.use`, else this process. Each partition is counted
        (``count_partition``) and the integer counts are summed, so the values
        are identical however the input is cut and wherever it runs.
    n_jobs : int, optional
        Count in this many local processes instead.
    rows_per_partition : int, optional
        Documents per partition (default: :func:`analysis.parallel.partition_size`).

    Returns
    -------
    list of float
        One value per topic, in the order given.

    Raises
    ------
    ValueError
        For an unknown measure, an empty topic list, or a topic with fewer than two
        terms that occur in the texts. Terms absent from the texts are dropped with a
        warning (as gensim does).

    See Also
    --------
    CoherenceIndex : reuse the counts across calls.
    cooccurrence_counts : counts of a part of the corpus, to be summed.

    Examples
    --------
    >>> texts = [["oil", "price", "rise"], ["oil", "price", "fall"], ["goal", "match"]]
    >>> [round(v, 3) for v in coherence([["oil", "price"], ["oil", "goal"]], texts)]
    [1.0, -0.946]
    """
    top_n, window_size = n, window
    window = _window_of(measure, window_size)
    if not isinstance(topics, str) and isinstance(topics, Iterable):
        topics = list(topics)
    if isinstance(texts, (CoherenceIndex, CooccurrenceCounts)):
        index = texts
    elif hasattr(texts, "matrix") and hasattr(texts, "terms"):
        index = CoherenceIndex.from_dtm(texts)
    else:  # count only the topics' terms, partition by partition: no full vocabulary
        index = _summed_counts(
            texts, _topic_terms(topics), window, dtm, get_executor(client, n_jobs),
            rows_per_partition,
        )  # fmt: skip
    resolved = _resolve_topics(topics, index, top_n)
    everything = _unique(np.concatenate(resolved))
    _, co, n = index._counts(everything, window)
    if n == 0:
        raise ValueError("The texts contain no documents; coherence needs a reference corpus.")
    out = []
    nan_topics = []
    for number, ids in enumerate(resolved):
        pos, co, n = index._counts(ids, window)
        sub = co[pos][:, pos].toarray().astype(np.float64)
        value = _score_topic(measure, sub, ids, float(n))
        if not np.isfinite(value):
            nan_topics.append(number)
        out.append(value)
    if nan_topics:
        warnings.warn(
            f"Coherence is not finite for topic(s) {nan_topics} (gensim gives the same): "
            "e.g. a context vector of zeros in c_v, or a pair in every window.",
            RuntimeWarning,
            stacklevel=find_stack_level(),
        )
    return out


# -- per-partition step and combine ------------------------------------------------------------
def _partitions(texts: Any, rows_per_partition: int | None, n_workers: int) -> list:
    texts = as_texts_input(texts, caller="coherence")  # polars frames, records: pandas
    if is_partitioned(texts) or as_path(texts) is not None or isinstance(texts, pd.DataFrame):
        return as_partitions(texts, rows_per_partition=rows_per_partition, n_workers=n_workers)
    docs = pd.Series(_token_lists(texts), dtype=object)
    return [list(p) for p in as_partitions(docs, rows_per_partition=rows_per_partition,
                                           n_workers=n_workers)]  # fmt: skip


def _token_lists(texts: Any) -> list:
    if not isinstance(texts, str) and not isinstance(texts, Iterable):
        raise TypeError(
            "texts must be token lists, articles, a CoherenceIndex, CooccurrenceCounts or a "
            f"document-term matrix; got {type(texts).__name__}."
        )
    return _check_docs(texts)  # the message for strings here, not from a partition


def count_partition(partition: Any, terms: list[str], window: int | None, options: dict):
    """Co-occurrence counts of ``terms`` in one partition (token lists or articles).

    Articles (a frame or a part file) are tokenised with the analyzer of the matrix
    options ``options`` first (:func:`analysis.topics.tokenize_documents`).

    Examples
    --------
    >>> count_partition([["oil", "price"], ["oil"]], ["oil", "price"], None, {}).n
    2
    """
    if isinstance(partition, list):
        docs = partition
    else:
        frame = read_partition(partition, columns=text_columns(options))
        docs = tokenize_documents(frame, options)
    return cooccurrence_counts(docs, terms, window=window)


def _summed_counts(texts, terms, window, dtm, executor, rows_per_partition):
    options = dict(getattr(dtm, "options", dtm) or {})
    parts = _partitions(texts, rows_per_partition, executor.n_workers)
    counts = executor.map(
        count_partition, parts, terms, window, options, desc="co-occurrence counts"
    )
    return sum(counts[1:], counts[0])
