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
  ``top_n``. A topic with fewer than two known terms raises :class:`ValueError`.
  One deliberate difference: gensim decides whether to truncate *all* topics by
  looking at the length of the first topic only; here each topic is truncated to
  ``top_n`` on its own (identical whenever topics have equal lengths).
* **u_mass** counts documents (boolean document), from token lists or from a
  document-term matrix, and ``log((D(wi, wj) + eps·N) / D(wj))`` per ordered pair
  ``i > j`` as gensim; a pair whose second term occurs in no document scores 0.

Tokenisation is the caller's: pass the same token sequences you would give gensim.
:func:`analysis.topics.tokenize` produces them with the analyzer a
document-term matrix was built with.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import scipy.sparse as sp

__all__ = [
    "DEFAULT_WINDOW_SIZES",
    "EPSILON",
    "MEASURES",
    "CoherenceIndex",
    "coherence",
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


class CoherenceIndex:
    """Encoded token sequences of a corpus with cached co-occurrence counts.

    Build it once per corpus and pass it to :func:`coherence` in place of the texts:
    the token sequences are encoded once, and the window (or document) counts for a
    set of terms are computed once per window size and reused across topics, models
    and numbers of topics. Call :meth:`prepare` with every term you will ask about
    (e.g. the union of all topics in a sweep) to count them in a single pass.

    Parameters
    ----------
    texts : sequence of sequence of str
        Tokenised documents, in reading order.

    Attributes
    ----------
    vocabulary_ : pandas.Index
        Every distinct token, in order of first appearance.
    n_docs_ : int
        Number of documents.

    See Also
    --------
    CoherenceIndex.from_dtm : document counts only (``u_mass``), from a matrix.

    Examples
    --------
    >>> index = CoherenceIndex([["a", "b", "c"], ["a", "b"], ["c", "d"]])
    >>> index.n_docs_, len(index.vocabulary_)
    (3, 4)
    >>> [round(v, 4) for v in coherence([["a", "b"], ["a", "c"]], index, measure="u_mass")]
    [0.0, -0.6931]
    """

    def __init__(self, texts: Iterable[Sequence[str]]):
        if isinstance(texts, str):
            raise TypeError(
                "Iterable over tokenised documents expected, string object received. "
                "Pass a list of token lists, e.g. [['oil', 'price'], ['match', 'goal']]."
            )
        docs = texts if isinstance(texts, (list, tuple)) else list(texts)
        for doc in docs[:5]:
            if doc and not isinstance(doc[0], str):
                raise TypeError(
                    "Each document must be a list of string tokens; got elements of type "
                    f"{type(doc[0]).__name__}."
                )
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
        codes, uniques = _encode(list(itertools.chain.from_iterable(docs)))
        self._init(codes, lengths, pd.Index(uniques, dtype=object), None)

    @classmethod
    def from_dtm(cls, dtm: Any) -> CoherenceIndex:
        """Build a document-only index (for ``u_mass``) from a document-term matrix.

        Parameters
        ----------
        dtm : DocumentTermMatrix
            Any object with ``matrix`` (documents x terms) and ``terms``.

        Returns
        -------
        CoherenceIndex
            Supports ``measure="u_mass"`` only (it has no token order).
        """
        matrix = sp.csr_matrix(dtm.matrix)
        self = cls.__new__(cls)
        presence = matrix.copy()
        presence.data = (presence.data != 0).astype(np.int64)
        presence.eliminate_zeros()
        self._init(None, None, pd.Index(np.asarray(dtm.terms, dtype=object)), presence)
        return self

    def _init(self, codes, lengths, vocabulary, presence) -> None:
        self.vocabulary_ = vocabulary
        self._lookup = pd.Series(np.arange(len(vocabulary)), index=vocabulary)
        if not self._lookup.index.is_unique:
            raise ValueError("Terms must be unique to build a CoherenceIndex.")
        self._codes = codes
        self._lengths = lengths
        if codes is not None:
            self.n_docs_ = int(len(lengths))
            self._starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
            self._doc_of = np.repeat(np.arange(len(lengths)), lengths)
        else:
            self.n_docs_ = int(presence.shape[0])
        self._presence = presence
        # window_size (None = boolean document) -> (term ids, co-occurrence CSR, n)
        self._cache: dict[int | None, tuple[np.ndarray, sp.csr_matrix, int]] = {}

    @property
    def has_windows(self) -> bool:
        """Whether token order is known (needed by the sliding-window measures)."""
        return self._codes is not None

    def __repr__(self) -> str:
        cached = {k: len(v[0]) for k, v in self._cache.items()}
        return (
            f"CoherenceIndex(n_docs={self.n_docs_}, n_terms={len(self.vocabulary_)}, "
            f"cached_terms={cached})"
        )

    # -- term lookup -----------------------------------------------------------------
    def term_ids(self, terms: Iterable[str]) -> np.ndarray:
        """Integer ids of ``terms`` (``-1`` for terms absent from the corpus)."""
        terms = list(terms)
        if not terms:
            return np.zeros(0, dtype=np.int64)
        ids = self._lookup.reindex(pd.Index(terms, dtype=object)).to_numpy()
        return np.where(np.isnan(ids), -1, ids).astype(np.int64)

    # -- counting --------------------------------------------------------------------
    def prepare(self, terms: Iterable[str], *, window_size: int | None) -> CoherenceIndex:
        """Count occurrences and co-occurrences of ``terms`` for one window size.

        Parameters
        ----------
        terms : iterable of str
            Terms to count (unknown ones are ignored). Counts already cached for
            other terms are kept: the cache grows to the union.
        window_size : int or None
            Sliding-window size, or ``None`` for boolean-document counts.

        Returns
        -------
        CoherenceIndex
            ``self``, for chaining.
        """
        ids = self.term_ids(terms)
        self._counts(np.unique(ids[ids >= 0]), window_size)
        return self

    def _counts(self, ids: np.ndarray, window_size: int | None):
        """Return (positions of ``ids`` in the cache, co-occurrence CSR, n virtual docs)."""
        cached = self._cache.get(window_size)
        if cached is not None:
            known, co, n = cached
            pos = np.searchsorted(known, ids)
            pos = np.minimum(pos, len(known) - 1)
            if len(known) and np.all(known[pos] == ids):
                return pos, co, n
            ids_all = np.union1d(known, ids)
        else:
            ids_all = np.unique(ids)
        if window_size is None:
            co, n = self._document_counts(ids_all)
        else:
            if not self.has_windows:
                raise ValueError(
                    "This index was built from a document-term matrix and has no token "
                    "order, so it supports only measure='u_mass'. Build it from tokenised "
                    "texts for the sliding-window measures."
                )
            co, n = self._window_counts(ids_all, int(window_size))
        self._cache[window_size] = (ids_all, co, n)
        return np.searchsorted(ids_all, ids), co, n

    def _document_counts(self, ids: np.ndarray) -> tuple[sp.csr_matrix, int]:
        k = len(ids)
        if self._presence is not None:
            x = self._presence[:, ids]
        else:
            local = np.full(len(self.vocabulary_), -1, dtype=np.int64)
            local[ids] = np.arange(k)
            loc = local[self._codes]
            hit = loc >= 0
            pairs = np.unique(self._doc_of[hit] * k + loc[hit])
            x = sp.csr_matrix(
                (np.ones(len(pairs), dtype=np.int64), (pairs // k, pairs % k)),
                shape=(self.n_docs_, k),
            )
        return sp.csr_matrix(x.T @ x), self.n_docs_

    def _window_counts(self, ids: np.ndarray, window_size: int) -> tuple[sp.csr_matrix, int]:
        if window_size < 1:
            raise ValueError(f"window_size must be a positive integer; got {window_size}.")
        n_windows = np.maximum(self._lengths - window_size + 1, 1)
        n_virtual = int(n_windows.sum())
        k = len(ids)
        starts, stops, term = _window_intervals(
            self._codes, self._doc_of, self._starts, self._lengths, ids, window_size
        )
        if len(starts) == 0:
            return sp.csr_matrix((k, k), dtype=np.int64), n_virtual
        # Cut the window axis at every interval boundary: inside a segment the set of
        # terms present is constant, so counts = B^T diag(length) B.
        bounds = np.unique(np.concatenate([starts, stops]))
        seg_len = np.diff(bounds)
        first = np.searchsorted(bounds, starts)
        last = np.searchsorted(bounds, stops)
        width = last - first
        rows = np.repeat(first - np.cumsum(width) + width, width) + np.arange(width.sum())
        cols = np.repeat(term, width)
        b = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(seg_len), k)
        )
        co = b.T.tocsr() @ sp.csr_matrix(b.multiply(seg_len[:, None]))
        return sp.csr_matrix(co, dtype=np.int64), n_virtual


def _encode(flat: list) -> tuple[np.ndarray, list]:
    """Integer codes (order of first appearance) and the distinct tokens."""
    if not flat:
        return np.zeros(0, dtype=np.int64), []
    try:  # pyarrow's dictionary encoding is about twice as fast as pandas.factorize here
        encoded = pa.array(flat, type=pa.string()).dictionary_encode()
        return encoded.indices.to_numpy().astype(np.int64), encoded.dictionary.to_pylist()
    except (pa.ArrowException, TypeError):
        codes, uniques = pd.factorize(np.array(flat, dtype=object))
        return codes.astype(np.int64), list(uniques)


def _window_intervals(codes, doc_of, doc_starts, lengths, ids, window_size):
    """Window ranges in which gensim's accumulator counts each term as present.

    gensim (``WordOccurrenceAccumulator._slide_window``) starts each document with the
    unique tokens of its first window, then per step removes the token that left and
    adds the token that entered. For a term with occurrences ``p_1 < ... < p_m`` in a
    document with ``T`` windows, window ``t`` whose last occurrence of the term is
    ``p_j`` (``p_j <= t + w - 1 < p_{j+1}``) counts it iff ``p_j >= t`` and no
    occurrence falls in ``(p_j - w, t)`` -- i.e. ``t <= f_j``, the first occurrence at
    or after ``p_j - w + 1``. So occurrence ``j`` contributes the window range
    ``[max(0, p_j - w + 1), min(p_{j+1} - w, f_j, T - 1)]`` (disjoint across ``j``).

    Returns half-open global window ranges ``[start, stop)`` and the local term index
    (position of the term in ``ids``) of each range.
    """
    local = np.full(int(codes.max(initial=0)) + 1, -1, dtype=np.int64)
    local[ids] = np.arange(len(ids))
    loc = local[codes]
    hit = np.flatnonzero(loc >= 0)
    if len(hit) == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    term = loc[hit]
    order = np.lexsort((hit, term))  # by term, then by global position (doc, position)
    gpos, term = hit[order], term[order]
    doc = doc_of[gpos]
    p = gpos - doc_starts[doc]
    # group = one (term, document); occurrences are sorted within a group
    new_group = np.ones(len(p), dtype=bool)
    new_group[1:] = (term[1:] != term[:-1]) | (doc[1:] != doc[:-1])
    group = np.cumsum(new_group) - 1
    span = int(lengths.max()) + 2 * window_size + 2
    nxt = np.full(len(p), span + window_size, dtype=np.int64)  # "no next occurrence"
    same_next = ~new_group[1:]
    nxt[:-1][same_next] = p[1:][same_next]
    key = group * span + p + window_size
    f = p[np.searchsorted(key, group * span + p + 1, side="left")]
    n_win = np.maximum(lengths - window_size + 1, 1)
    start = np.maximum(0, p - window_size + 1)
    end = np.minimum(np.minimum(nxt - window_size, f), n_win[doc] - 1)
    keep = end >= start
    offsets = np.concatenate([[0], np.cumsum(n_win)[:-1]])
    base = offsets[doc[keep]]
    return (
        (base + start[keep]).astype(np.int64),
        (base + end[keep] + 1).astype(np.int64),
        term[keep],
    )


def _resolve_topics(topics, index: CoherenceIndex, top_n: int) -> list[np.ndarray]:
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
        raise ValueError(f"top_n must be at least 2 to form term pairs; got {top_n}.")
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
            stacklevel=3,
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
    npmi = _npmi(sub, occ, n)
    _, inverse = np.unique(ids, return_inverse=True)
    onehot = np.zeros((size, int(inverse.max()) + 1))
    np.add.at(onehot, (np.arange(size), inverse.ravel()), 1.0)
    cv = npmi @ onehot  # one context vector per topic term
    cv_topic = cv.sum(axis=0)  # the context vector of the whole topic
    norms = np.sqrt(np.sum(cv**2, axis=1)) * np.sqrt(np.sum(cv_topic**2))
    with np.errstate(divide="ignore", invalid="ignore"):
        sims = (cv @ cv_topic) / norms
    return float(np.mean(sims))


def coherence(
    topics: Sequence[Sequence[str]],
    texts: Any,
    *,
    measure: str = "c_npmi",
    top_n: int | None = 10,
    window_size: int | None = None,
) -> list[float]:
    """Per-topic coherence, equal to gensim's ``get_coherence_per_topic()``.

    Parameters
    ----------
    topics : sequence of sequence of str
        Each topic's terms, best first.
    texts : sequence of sequence of str, CoherenceIndex or DocumentTermMatrix
        Tokenised documents (the reference corpus), or a prebuilt
        :class:`CoherenceIndex` (fast when scoring many topic sets), or, for
        ``u_mass`` only, a document-term matrix.
    measure : {"c_npmi", "c_uci", "c_v", "u_mass"}, default "c_npmi"
        Coherence measure, as in gensim (Röder, Both & Hinneburg 2015).
    top_n : int or None, default 10
        Score the first ``top_n`` known terms of each topic (``None``: all).
    window_size : int, optional
        Sliding-window size; defaults to gensim's (110 for ``c_v``, 10 for ``c_uci``
        and ``c_npmi``). Ignored by ``u_mass``.

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

    Examples
    --------
    >>> texts = [["oil", "price", "rise"], ["oil", "price", "fall"], ["goal", "match"]]
    >>> [round(v, 3) for v in coherence([["oil", "price"], ["oil", "goal"]], texts)]
    [1.0, -0.946]
    """
    _check_measure(measure)
    if measure == "u_mass":
        window = None
    else:
        window = DEFAULT_WINDOW_SIZES[measure] if window_size is None else int(window_size)
    if isinstance(texts, CoherenceIndex):
        index = texts
    elif hasattr(texts, "matrix") and hasattr(texts, "terms"):
        index = CoherenceIndex.from_dtm(texts)
    else:
        index = CoherenceIndex(texts)
    resolved = _resolve_topics(topics, index, top_n)
    everything = np.unique(np.concatenate(resolved))
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
            stacklevel=2,
        )
    return out
