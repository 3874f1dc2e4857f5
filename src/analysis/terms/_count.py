"""Counting terms in three steps that a cluster can split: count, choose the vocabulary, restrict.

:func:`analysis.terms.build_dtm` runs :func:`count_texts` + :func:`term_stats` on each
partition, sums the statistics (:func:`merge_term_stats`), chooses the vocabulary once
(:func:`select_vocabulary`) and then restricts each partition's counts to it
(:func:`restrict`). One partition or many, every line that decides a count is the
same, so the matrices are identical.

The vocabulary rule is scikit-learn's ``CountVectorizer`` (version 1.x,
``fit_transform``): terms sorted by code point; ``min_df``/``max_df`` as an
absolute document count (int) or a share of the documents (float); then, if more
than ``max_features`` terms are left, the ``max_features`` highest total counts,
ties broken exactly as scikit-learn breaks them (its ``argsort`` of the negated
counts, in sorted-term order). The tests check the equality on random corpora.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain, count
from numbers import Integral, Real

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._columnar import code_point_order, count_columnar
from .analyzer import _Analyzer as Analyzer

__all__ = [
    "check_pruning",
    "count_texts",
    "count_texts_reference",
    "merge_term_stats",
    "restrict",
    "select_vocabulary",
    "term_stats",
]

#: Documents tokenised at once: bounds the memory held by token strings.
CHUNK_DOCS = 1000


def count_texts(
    texts: Sequence[str], analyzer: Callable[[str], list[str]], *, chunk: int = CHUNK_DOCS
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Count the analyzer's terms in each text, with the texts' own (sorted) vocabulary.

    Returns the counts (CSR, int64, canonical: sorted indices, no duplicates) and the
    terms of its columns (object array of str, sorted). Only terms that occur are
    columns. The same as ``CountVectorizer(analyzer=analyzer)`` without pruning.

    An analyzer of :func:`analysis.terms.make_analyzer` is
    applied to the whole column at once (:mod:`analysis.terms._columnar`: split with
    pyarrow, tokenise each distinct chunk once, count with numpy); any other callable,
    and texts pyarrow cannot take, go text by text (:func:`count_texts_reference`).
    Both give the same matrix.

    Examples
    --------
    >>> m, terms = count_texts(["b a b", "c"], str.split)
    >>> terms.tolist(), m.toarray().tolist()
    (['a', 'b', 'c'], [[1, 2, 0], [0, 0, 1]])
    """
    if isinstance(analyzer, Analyzer):
        counted = count_columnar(texts, analyzer)
        if counted is not None:
            return counted
    return count_texts_reference(texts, analyzer, chunk=chunk)


def count_texts_reference(
    texts: Sequence[str], analyzer: Callable[[str], list[str]], *, chunk: int = CHUNK_DOCS
) -> tuple[sp.csr_matrix, np.ndarray]:
    """:func:`count_texts` text by text: the analyzer is called on each text.

    Each token is looked up once in a dict by ``map`` (in C), and the rest is numpy.
    Texts are tokenised ``chunk`` at a time, which bounds the memory held by token
    strings. An analyzer with ``split`` and ``finish`` methods (as
    :func:`analysis.terms.make_analyzer` returns) has each distinct token finished
    (lemmatised) once instead of at every occurrence.

    Examples
    --------
    >>> m, terms = count_texts_reference(["b a b", "c"], str.split)
    >>> terms.tolist(), m.toarray().tolist()
    (['a', 'b', 'c'], [[1, 2, 0], [0, 0, 1]])
    """
    split = getattr(analyzer, "split", analyzer)
    finish = getattr(analyzer, "finish", None)
    # Every distinct token maps to the position of its first occurrence: one C-level
    # dict lookup per token (the hash is often cached by the stop-word check already).
    first: dict[str, int] = {}
    position = count()
    n_docs = len(texts)
    lengths = np.zeros(n_docs, dtype=np.int64)  # tokens per document
    ids_parts = []
    for start in range(0, n_docs, chunk):
        lists = [split(t) for t in texts[start : start + chunk]]
        lengths[start : start + len(lists)] = np.fromiter(map(len, lists), np.int64, len(lists))
        n_tok = int(lengths[start : start + len(lists)].sum())
        tokens = chain.from_iterable(lists)
        ids_parts.append(
            np.fromiter(map(first.setdefault, tokens, position), dtype=np.int64, count=n_tok)
        )
        del lists
    tokens = np.empty(len(first), dtype=object)
    tokens[:] = list(first)
    firsts = np.fromiter(first.values(), dtype=np.int64, count=len(first))
    del first
    # Distinct tokens -> terms (several tokens may share a lemma), in code-point order.
    term_of_token, terms = pd.factorize(finish(tokens) if finish is not None else tokens)
    terms = np.asarray(terms, dtype=object)
    if len(terms) == 0:
        return sp.csr_matrix((n_docs, 0), dtype=np.int64), terms
    order = code_point_order(terms)
    rank = np.empty(len(order) + 1, dtype=np.int64)
    rank[order] = np.arange(len(order))
    rank[-1] = -1  # term_of_token == -1 (a None from finish: dropped) -> the last slot
    # First-occurrence position -> column, by a lookup table over the positions.
    lut = np.full(next(position), -1, dtype=np.int32 if len(terms) < 2**31 else np.int64)
    lut[firsts] = rank[term_of_token]
    cols = lut[np.concatenate(ids_parts)]
    del lut, ids_parts
    keep = cols >= 0
    if not keep.all():
        rows = np.repeat(np.arange(n_docs), lengths)[keep]
        lengths = np.bincount(rows, minlength=n_docs)
        cols = cols[keep]
    # Rows are in document order already: build the CSR arrays directly.
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    matrix = sp.csr_matrix(
        (np.ones(len(cols), dtype=np.int64), cols, indptr), shape=(n_docs, len(terms))
    )
    matrix.sum_duplicates()  # sorts each row's columns and adds repeated ones
    return matrix, terms[order]


def term_stats(matrix: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Total count and document frequency of every column (int64).

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> counts, dfs = term_stats(sp.csr_matrix([[2, 0], [1, 1]]))
    >>> counts.tolist(), dfs.tolist()
    ([3, 1], [2, 1])
    """
    matrix = sp.csr_matrix(matrix)
    counts = np.asarray(matrix.sum(axis=0), dtype=np.int64).ravel()
    dfs = np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(np.int64)
    return counts, dfs


def merge_term_stats(
    parts: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sum ``(terms, counts, dfs)`` of several partitions; terms come out sorted.

    Each part's terms are sorted and distinct, as :func:`count_texts` returns them.

    Examples
    --------
    >>> import numpy as np
    >>> a = (np.array(["a", "b"], dtype=object), np.array([1, 2]), np.array([1, 1]))
    >>> b = (np.array(["b", "c"], dtype=object), np.array([5, 1]), np.array([2, 1]))
    >>> [x.tolist() for x in merge_term_stats([a, b])]
    [['a', 'b', 'c'], [1, 7, 1], [1, 3, 1]]
    """
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return np.empty(0, dtype=object), np.empty(0, np.int64), np.empty(0, np.int64)
    if len(parts) == 1:  # one partition: its terms are sorted and distinct already
        terms, counts, dfs = parts[0]
        return (np.asarray(terms, dtype=object), np.asarray(counts, np.int64),
                np.asarray(dfs, np.int64))  # fmt: skip
    all_terms = np.concatenate([np.asarray(p[0], dtype=object) for p in parts])
    codes, uniques = pd.factorize(all_terms)
    uniques = np.asarray(uniques, dtype=object)
    counts = np.zeros(len(uniques), dtype=np.int64)
    dfs = np.zeros(len(uniques), dtype=np.int64)
    np.add.at(counts, codes, np.concatenate([np.asarray(p[1], np.int64) for p in parts]))
    np.add.at(dfs, codes, np.concatenate([np.asarray(p[2], np.int64) for p in parts]))
    order = code_point_order(uniques)
    return uniques[order], counts[order], dfs[order]


def _is_int(value) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


def check_pruning(min_df: int | float, max_df: int | float, max_features: int | None) -> None:
    """Validate the pruning options as scikit-learn's ``CountVectorizer`` does."""
    for name, value in (("max_df", max_df), ("min_df", min_df)):  # scikit-learn's order
        if _is_int(value):
            if value < 1:
                raise ValueError(
                    f"{name}={value!r}: an integer {name} is a number of documents and must "
                    "be >= 1; a float in [0.0, 1.0] is a share of the documents."
                )
        elif isinstance(value, Real) and not isinstance(value, bool):
            if not 0.0 <= value <= 1.0:
                raise ValueError(
                    f"{name}={value!r}: a float {name} is a share of the documents and must "
                    "be in [0.0, 1.0]; pass an int for a number of documents."
                )
        else:
            raise ValueError(
                f"{name} must be an int (documents) or a float in [0.0, 1.0] (share of "
                f"documents); got {value!r}."
            )
    if max_features is not None and (not _is_int(max_features) or max_features < 1):
        raise ValueError(f"max_features must be a positive integer or None; got {max_features!r}.")


def select_vocabulary(
    terms: np.ndarray,
    counts: np.ndarray,
    dfs: np.ndarray,
    n_docs: int,
    *,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    max_features: int | None = None,
) -> np.ndarray:
    """The kept terms (sorted), from corpus-wide counts and document frequencies.

    ``terms`` must be sorted (as :func:`count_texts` and :func:`merge_term_stats`
    return them). The rule is scikit-learn's (module docstring), including its
    error messages.

    Examples
    --------
    >>> import numpy as np
    >>> terms = np.array(["a", "b", "c", "d"], dtype=object)
    >>> select_vocabulary(terms, np.array([5, 1, 3, 3]), np.array([3, 1, 2, 2]), 3,
    ...                   min_df=2, max_features=2).tolist()
    ['a', 'c']
    """
    check_pruning(min_df, max_df, max_features)
    max_doc_count = max_df if _is_int(max_df) else max_df * n_docs
    min_doc_count = min_df if _is_int(min_df) else min_df * n_docs
    if max_doc_count < min_doc_count:
        raise ValueError(
            "max_df corresponds to < documents than min_df. Lower min_df or raise max_df."
        )
    mask = (dfs <= max_doc_count) & (dfs >= min_doc_count)
    if max_features is not None and mask.sum() > max_features:
        tfs = np.asarray(counts, dtype=np.int64)
        # Exactly scikit-learn's expression (default, unstable argsort): same ties.
        mask_inds = (-tfs[mask]).argsort()[:max_features]
        new_mask = np.zeros(len(dfs), dtype=bool)
        new_mask[np.where(mask)[0][mask_inds]] = True
        mask = new_mask
    kept = np.asarray(terms, dtype=object)[mask]
    if len(kept) == 0:
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    return kept


def restrict(matrix: sp.csr_matrix, terms: np.ndarray, vocabulary: np.ndarray) -> sp.csr_matrix:
    """Re-index a :func:`count_texts` matrix to ``vocabulary``'s columns (both sorted).

    Terms outside the vocabulary are dropped; vocabulary terms absent here are
    zero columns.

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> m = sp.csr_matrix([[1, 2, 3]])
    >>> terms = np.array(["a", "b", "c"], dtype=object)
    >>> restrict(m, terms, np.array(["b", "c", "z"], dtype=object)).toarray().tolist()
    [[2, 3, 0]]
    """
    matrix = sp.csr_matrix(matrix)
    if len(terms) == len(vocabulary) and np.array_equal(terms, vocabulary):
        return matrix
    col_map = pd.Index(vocabulary).get_indexer(np.asarray(terms, dtype=object))
    new_cols = col_map[matrix.indices]
    keep = new_cols >= 0
    kept_before = np.concatenate([[0], np.cumsum(keep, dtype=np.int64)])
    indptr = kept_before[matrix.indptr]
    # vocabulary and terms are both sorted, so the map is increasing: indices stay sorted.
    out = sp.csr_matrix(
        (matrix.data[keep], new_cols[keep], indptr), shape=(matrix.shape[0], len(vocabulary))
    )
    out.has_sorted_indices = True
    return out
