"""Co-occurrence counts of topic terms, per sliding window or per document (gensim's rules).

:class:`CoherenceIndex` counts every term of a reference corpus once and answers for
any topic set; :func:`cooccurrence_counts` counts a fixed list of terms and returns
:class:`CooccurrenceCounts`, which are additive over documents (``a + b``): counting the
partitions of a corpus and summing gives exactly the counts of the whole. The window
rule (gensim's sliding set, quirk included) is described in :mod:`.coherence`.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from .._shim import renamed

__all__ = ["CoherenceIndex", "CooccurrenceCounts", "cooccurrence_counts"]


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
                "the texts first (analysis.topics.tokenize_documents)."
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
    >>> from analysis.topics import coherence
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
    @renamed(window_size="window")
    def prepare(self, terms: Iterable[str], *, window: int | None) -> CoherenceIndex:
        """Count occurrences and co-occurrences of ``terms`` for one window size.

        Parameters
        ----------
        terms : iterable of str
            Terms to count (unknown ones are ignored). Counts already cached for
            other terms are kept: the cache grows to the union.
        window : int or None
            Sliding-window size, or ``None`` for boolean-document counts.

        Returns
        -------
        CoherenceIndex
            ``self``, for chaining.
        """
        ids = self.term_ids(terms)
        self._counts(_unique(ids[ids >= 0]), window)
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
    >>> a = cooccurrence_counts([["oil", "price"]], ["oil", "price", "goal"], window=None)
    >>> b = cooccurrence_counts([["goal", "oil"]], ["oil", "price", "goal"], window=None)
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


@renamed(window_size="window")
def cooccurrence_counts(
    texts: Iterable[Sequence[str]], terms: Iterable[str], *, window: int | None
) -> CooccurrenceCounts:
    """Count occurrences and co-occurrences of ``terms`` in tokenised texts.

    Parameters
    ----------
    texts : sequence of sequence of str
        Tokenised documents, in reading order (every token is a window filler; only
        ``terms`` are counted).
    terms : iterable of str
        The terms to count (e.g. every term of every topic); duplicates are ignored.
    window : int or None
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
    >>> counts = cooccurrence_counts([["a", "b", "x", "a"], ["b"]], ["a", "b"], window=2)
    >>> counts.n, counts.matrix.toarray().tolist()
    (4, [[2, 1], [1, 3]])
    """
    window_size = window
    if window_size is not None and int(window_size) < 1:
        raise ValueError(f"window must be a positive integer; got {window_size}.")
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
