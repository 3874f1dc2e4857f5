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

Counts are additive over documents: :func:`cooccurrence_counts` returns them for a fixed
list of terms as a :class:`CooccurrenceCounts`, two of which add up (``a + b``), and
:func:`coherence` scores topics from such (summed) counts exactly as from the texts
themselves -- the same integers go into the same arithmetic. That is how
:mod:`analysis.scale.topics` computes coherence over a partitioned corpus.

Tokenisation is the caller's: pass the same token sequences you would give gensim.
:func:`analysis.topics.tokenize` produces them with the analyzer a
document-term matrix was built with.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from ._text import is_partitioned

__all__ = [
    "DEFAULT_WINDOW_SIZES",
    "EPSILON",
    "MEASURES",
    "CoherenceIndex",
    "CooccurrenceCounts",
    "coherence",
    "cooccurrence_counts",
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


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array.

    ``np.unique`` hashes integers in numpy >= 2.3, which is about 50x slower than
    sorting for the few hundred thousand window bounds counted here.
    """
    values = np.sort(np.asarray(values), kind="stable")
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (restored on exit).

    The token lists of a corpus are a million tracked objects: a collection that
    happens to start while they are counted costs more than the counting itself
    (measured: 0.10 s per cold coherence call without collections, 0.11-0.28 s with).
    Nothing here creates reference cycles, so nothing is left uncollected.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_docs(texts: Any) -> list:
    if isinstance(texts, str):
        raise TypeError(
            "Iterable over tokenised documents expected, string object received. "
            "Pass a list of token lists, e.g. [['oil', 'price'], ['match', 'goal']]."
        )
    docs = texts if isinstance(texts, (list, tuple)) else list(texts)
    for doc in docs[:5]:
        if isinstance(doc, str):
            raise TypeError(
                "Each document must be a list of string tokens, not a string; tokenise "
                "the texts first (analysis.topics.tokenize)."
            )
        if len(doc) and not isinstance(doc[0], str):
            raise TypeError(
                "Each document must be a list of string tokens; got elements of type "
                f"{type(doc[0]).__name__}."
            )
    return docs


def _flat_tokens(docs: list) -> tuple[Any, np.ndarray]:
    """All tokens in reading order (an Arrow string array, or a list) and doc lengths."""
    try:  # one C++ pass over the nested lists, no Python-level flattening
        nested = pa.array(docs, type=pa.list_(pa.string()))
        if nested.null_count == 0 and nested.flatten().null_count == 0:
            lengths = np.diff(nested.offsets.to_numpy()).astype(np.int64)
            return nested.flatten(), lengths
    except (pa.ArrowException, TypeError, ValueError):
        pass
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    return list(itertools.chain.from_iterable(docs)), lengths


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
        with _gc_paused():
            flat, lengths = _flat_tokens(_check_docs(texts))
            codes, uniques = _encode(flat)
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
        self._counts(_unique(ids[ids >= 0]), window_size)
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
            ids_all = _unique(np.concatenate([known, ids]))
        else:
            ids_all = _unique(ids)
        if window_size is None:
            if self._presence is not None:
                x = self._presence[:, ids_all]
                co, n = sp.csr_matrix(x.T @ x), self.n_docs_
            else:
                co, n = _document_counts(self._local(ids_all), self._lengths, len(ids_all))
        else:
            if not self.has_windows:
                raise ValueError(
                    "This index was built from a document-term matrix and has no token "
                    "order, so it supports only measure='u_mass'. Build it from tokenised "
                    "texts for the sliding-window measures."
                )
            co, n = _window_counts(
                self._local(ids_all), self._lengths, len(ids_all), int(window_size)
            )
        self._cache[window_size] = (ids_all, co, n)
        return np.searchsorted(ids_all, ids), co, n

    def _local(self, ids: np.ndarray) -> np.ndarray:
        """Position of each token's term in ``ids`` (-1 for any other token)."""
        local = np.full(len(self.vocabulary_), -1, dtype=np.int64)
        local[ids] = np.arange(len(ids))
        return local[self._codes]


@dataclass(frozen=True, eq=False)
class CooccurrenceCounts:
    """Occurrence and co-occurrence counts of a fixed list of terms in a corpus.

    Made by :func:`cooccurrence_counts`; :func:`coherence` accepts it in place of the
    texts. Counts are additive over documents, so the counts of a corpus split into
    parts are the sum of the parts' counts: ``a + b`` (or ``sum(parts)``) gives exactly
    the counts of the concatenated texts.

    Attributes
    ----------
    terms : pandas.Index
        The counted terms, in the order given.
    matrix : scipy.sparse.csr_matrix of int64
        ``matrix[i, j]``: number of windows (or documents) containing both terms;
        the diagonal counts those containing the term (0: absent from the texts).
    n : int
        Number of windows ("virtual documents"), or of documents when
        ``window_size`` is ``None``.
    window_size : int or None
        Sliding-window size, or ``None`` for boolean-document counts (``u_mass``).

    Examples
    --------
    >>> a = cooccurrence_counts([["oil", "price"]], ["oil", "price", "goal"], window_size=None)
    >>> b = cooccurrence_counts([["goal", "oil"]], ["oil", "price", "goal"], window_size=None)
    >>> total = a + b
    >>> total.n, total.matrix.diagonal().tolist()
    (2, [2, 1, 1])
    """

    terms: pd.Index
    matrix: sp.csr_matrix
    n: int
    window_size: int | None

    def __add__(self, other: Any) -> CooccurrenceCounts:
        if isinstance(other, int) and other == 0:  # so that sum(parts) works
            return self
        if not isinstance(other, CooccurrenceCounts):
            return NotImplemented
        if other.window_size != self.window_size or not self.terms.equals(other.terms):
            raise ValueError(
                "Only counts of the same terms with the same window_size add up; count "
                "every part with the same terms= and window_size=."
            )
        return CooccurrenceCounts(
            self.terms, sp.csr_matrix(self.matrix + other.matrix), self.n + other.n,
            self.window_size,
        )  # fmt: skip

    __radd__ = __add__

    def term_ids(self, terms: Iterable[str]) -> np.ndarray:
        """Positions of ``terms`` in ``self.terms`` (``-1``: not counted or never seen)."""
        terms = list(terms)
        if not terms:
            return np.zeros(0, dtype=np.int64)
        pos = self.terms.get_indexer(pd.Index(terms, dtype=object)).astype(np.int64)
        seen = np.asarray(self.matrix.diagonal()) > 0
        return np.where((pos >= 0) & seen[np.maximum(pos, 0)], pos, -1)

    def _counts(self, ids: np.ndarray, window_size: int | None):
        if window_size != self.window_size:
            raise ValueError(
                f"These counts were made with window_size={self.window_size}, but the "
                f"measure needs window_size={window_size}. Count again with that window "
                "(None for u_mass)."
            )
        return ids, self.matrix, self.n


def cooccurrence_counts(
    texts: Iterable[Sequence[str]], terms: Iterable[str], *, window_size: int | None
) -> CooccurrenceCounts:
    """Count occurrences and co-occurrences of ``terms`` in tokenised texts.

    Parameters
    ----------
    texts : sequence of sequence of str
        Tokenised documents, in reading order (every token is a window filler; only
        ``terms`` are counted).
    terms : iterable of str
        The terms to count (e.g. every term of every topic); duplicates are ignored.
    window_size : int or None
        Sliding-window size as used by ``c_npmi``/``c_uci``/``c_v`` (gensim's window
        rule, see the module notes), or ``None`` for boolean-document counts
        (``u_mass``).

    Returns
    -------
    CooccurrenceCounts
        Additive over documents: counting parts of a corpus and summing the results
        gives exactly the counts of the whole.

    Examples
    --------
    >>> counts = cooccurrence_counts([["a", "b", "x", "a"], ["b"]], ["a", "b"], window_size=2)
    >>> counts.n, counts.matrix.toarray().tolist()
    (4, [[2, 1], [1, 3]])
    """
    if window_size is not None and int(window_size) < 1:
        raise ValueError(f"window_size must be a positive integer; got {window_size}.")
    docs = _check_docs(texts)
    terms = pd.Index(list(dict.fromkeys(terms)), dtype=object)
    with _gc_paused():
        flat, lengths = _flat_tokens(docs)
        local = _lookup_codes(flat, terms)
        k = len(terms)
        if window_size is None:
            co, n = _document_counts(local, lengths, k)
        else:
            co, n = _window_counts(local, lengths, k, int(window_size))
    return CooccurrenceCounts(terms, co, n, None if window_size is None else int(window_size))


def _lookup_codes(flat: Any, terms: pd.Index) -> np.ndarray:
    """Position of each token in ``terms`` (-1 for any other token)."""
    if len(flat) == 0:
        return np.zeros(0, dtype=np.int64)
    if isinstance(flat, pa.Array):
        found = pc.index_in(flat, value_set=pa.array(list(terms), type=pa.string()))
        return pc.fill_null(found, -1).to_numpy().astype(np.int64)
    lookup = {t: i for i, t in enumerate(terms)}
    get = lookup.get
    return np.fromiter((get(t, -1) for t in flat), dtype=np.int64, count=len(flat))


def _encode(flat: Any) -> tuple[np.ndarray, list]:
    """Integer codes (order of first appearance) and the distinct tokens."""
    if len(flat) == 0:
        return np.zeros(0, dtype=np.int64), []
    try:  # pyarrow's dictionary encoding is about twice as fast as pandas.factorize here
        array = flat if isinstance(flat, pa.Array) else pa.array(flat, type=pa.string())
        encoded = array.dictionary_encode()
        return encoded.indices.to_numpy().astype(np.int64), encoded.dictionary.to_pylist()
    except (pa.ArrowException, TypeError):
        codes, uniques = pd.factorize(np.array(list(flat), dtype=object))
        return codes.astype(np.int64), list(uniques)


def _document_counts(local: np.ndarray, lengths: np.ndarray, k: int) -> tuple[sp.csr_matrix, int]:
    """Boolean-document co-occurrence of the ``k`` terms coded in ``local`` (-1: others)."""
    n_docs = len(lengths)
    hit = np.flatnonzero(local >= 0)
    starts = np.cumsum(lengths) - lengths
    doc = np.searchsorted(starts, hit, side="right") - 1  # skips empty documents
    pairs = _unique(doc * k + local[hit])
    x = sp.csr_matrix(
        (np.ones(len(pairs), dtype=np.int64), (pairs // k, pairs % k)), shape=(n_docs, k)
    )
    return sp.csr_matrix(x.T @ x, dtype=np.int64), n_docs


def _window_counts(
    local: np.ndarray, lengths: np.ndarray, k: int, window_size: int
) -> tuple[sp.csr_matrix, int]:
    """Window co-occurrence of the ``k`` terms coded in ``local`` (-1: other tokens).

    The term-by-window incidence is a union of window ranges per term (see
    :func:`_window_intervals`). Cutting the window axis at every range boundary gives
    segments inside which the set of present terms is constant, so the counts are
    ``B^T diag(segment length) B`` for the segment-by-term incidence ``B``, one sparse
    product. ``B^T`` is assembled directly in CSR form (ranges come sorted by term).
    """
    if window_size < 1:
        raise ValueError(f"window_size must be a positive integer; got {window_size}.")
    n_virtual = int(np.maximum(lengths - window_size + 1, 1).sum())
    starts, stops, term = _window_intervals(local, lengths, window_size)
    if len(starts) == 0:
        return sp.csr_matrix((k, k), dtype=np.int64), n_virtual
    bounds = _unique(np.concatenate([starts, stops]))
    seg_len = np.diff(bounds)
    first = np.searchsorted(bounds, starts)
    width = np.searchsorted(bounds, stops) - first
    offsets = np.cumsum(width) - width
    segments = np.arange(int(width.sum()), dtype=np.int64) + np.repeat(first - offsets, width)
    indptr = np.zeros(k + 1, dtype=np.int64)
    np.cumsum(np.bincount(term, weights=width, minlength=k).astype(np.int64), out=indptr[1:])
    index_dtype = np.int32 if max(len(bounds), len(segments)) < 2**31 - 1 else np.int64
    segments = segments.astype(index_dtype)
    indptr = indptr.astype(index_dtype)
    shape = (k, len(seg_len))
    bt = sp.csr_matrix((np.ones(len(segments), dtype=np.int64), segments, indptr), shape=shape)
    weighted = sp.csr_matrix((seg_len[segments], segments, indptr), shape=shape)
    co = weighted @ bt.T.tocsr()
    return sp.csr_matrix(co, dtype=np.int64), n_virtual


def _window_intervals(local: np.ndarray, lengths: np.ndarray, window_size: int):
    """Window ranges in which gensim's accumulator counts each term as present.

    gensim (``WordOccurrenceAccumulator._slide_window``) starts each document with the
    unique tokens of its first window, then per step removes the token that left and
    adds the token that entered. For a term with occurrences ``p_1 < ... < p_m`` in a
    document with ``T`` windows, window ``t`` whose last occurrence of the term is
    ``p_j`` (``p_j <= t + w - 1 < p_{j+1}``) counts it iff ``p_j >= t`` and no
    occurrence falls in ``(p_j - w, t)`` -- i.e. ``t <= f_j``, the first occurrence at
    or after ``p_j - w + 1``. So occurrence ``j`` contributes the window range
    ``[max(0, p_j - w + 1), min(p_{j+1} - w, f_j, T - 1)]`` (disjoint across ``j``).

    ``local`` holds, per token of the concatenated documents, the index of the counted
    term (``-1`` for other tokens). Returns half-open global window ranges
    ``[start, stop)`` and the term index of each range, sorted by term.
    """
    hit = np.flatnonzero(local >= 0)
    if len(hit) == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    term = local[hit]
    order = np.lexsort((hit, term))  # by term, then by global position (doc, position)
    gpos, term = hit[order], term[order]
    doc_starts = np.cumsum(lengths) - lengths
    doc = np.searchsorted(doc_starts, gpos, side="right") - 1  # skips empty documents
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
    offsets = np.cumsum(n_win) - n_win
    base = offsets[doc[keep]]
    return (
        (base + start[keep]).astype(np.int64),
        (base + end[keep] + 1).astype(np.int64),
        term[keep],
    )


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


def coherence(
    topics: Sequence[Sequence[str]],
    texts: Any,
    *,
    measure: str = "c_npmi",
    top_n: int | None = 10,
    window_size: int | None = None,
    client: Any = None,
    dtm: Any = None,
) -> list[float]:
    """Per-topic coherence, equal to gensim's ``get_coherence_per_topic()``.

    Parameters
    ----------
    topics : sequence of sequence of str
        Each topic's terms, best first.
    texts : sequence of sequence of str, CoherenceIndex, CooccurrenceCounts or DocumentTermMatrix
        Tokenised documents (the reference corpus), or a prebuilt
        :class:`CoherenceIndex` (fast when scoring many topic sets), or counts of
        the topics' terms from :func:`cooccurrence_counts` (possibly summed over the
        parts of a corpus; the window must be the measure's), or, for ``u_mass``
        only, a document-term matrix.
    measure : {"c_npmi", "c_uci", "c_v", "u_mass"}, default "c_npmi"
        Coherence measure, as in gensim (Röder, Both & Hinneburg 2015).
    top_n : int or None, default 10
        Score the first ``top_n`` known terms of each topic (``None``: all).
    window_size : int, optional
        Sliding-window size; defaults to gensim's (110 for ``c_v``, 10 for ``c_uci``
        and ``c_npmi``). Ignored by ``u_mass``.
    client : distributed.Client or str, optional
        Count on a Dask cluster (a client or a scheduler address). ``texts`` is then
        the articles (a frame, a dask DataFrame or a partitioned corpus folder; the
        latter two are also counted partition by partition without a client): each
        partition is tokenised with ``dtm``'s analyzer and counted, and the counts are
        summed (:func:`analysis.scale.topics.coherence_partitions`). The values are
        identical to the in-memory ones.
    dtm : DocumentTermMatrix or dict, optional
        With ``client``: the matrix (or its options) whose analyzer tokenises the
        articles, as :func:`analysis.topics.tokenize`.

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
    window = _window_of(measure, window_size)
    if client is not None or is_partitioned(texts):
        from ..scale.topics import coherence_partitions

        return coherence_partitions(
            topics, texts, measure=measure, top_n=top_n, window_size=window_size, dtm=dtm,
            client=client,
        )  # fmt: skip
    if not isinstance(topics, str) and isinstance(topics, Iterable):
        topics = list(topics)
    if isinstance(texts, (CoherenceIndex, CooccurrenceCounts)):
        index = texts
    elif hasattr(texts, "matrix") and hasattr(texts, "terms"):
        index = CoherenceIndex.from_dtm(texts)
    else:  # count only the topics' terms: no full vocabulary needed
        index = cooccurrence_counts(texts, _topic_terms(topics), window_size=window)
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
            stacklevel=2,
        )
    return out
