"""Hashed term counts (scikit-learn's HashingVectorizer) and the collisions they imply."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from ._count import count_texts
from .matrix import hash_buckets

__all__ = ["check_hashing", "hashed_counts", "hashed_counts_reference", "hashing_occupancy",
           "hashing_report", "warn_collisions"]  # fmt: skip


def hashed_counts(
    texts: Sequence[str], analyzer: Callable[[str], list[str]], n_features: int
) -> sp.csr_matrix:
    """Hashed term counts: scikit-learn's HashingVectorizer, counts kept as integers.

    The terms are counted first (:func:`~analysis.terms._count.count_texts`, columnar
    for the analyzers of :func:`~analysis.terms.make_analyzer`) and each distinct term
    is hashed once (:func:`~analysis.terms.matrix.hash_buckets`, HashingVectorizer's own
    hash): the same matrix as :func:`hashed_counts_reference`.

    Examples
    --------
    >>> from analysis.terms import make_analyzer
    >>> hashed_counts(["Rates rose, rates fell."], make_analyzer(), 8).toarray()
    array([[0, 0, 0, 0, 1, 0, 1, 2]])
    """
    counts, terms = count_texts(texts, analyzer)
    if len(terms) == 0:
        return sp.csr_matrix((len(texts), n_features), dtype=np.int64)
    buckets = hash_buckets(terms, n_features=n_features)
    matrix = sp.csr_matrix(
        (counts.data, buckets[counts.indices], counts.indptr), shape=(len(texts), n_features)
    )
    matrix.sum_duplicates()
    return matrix


def hashed_counts_reference(
    texts: Sequence[str], analyzer: Callable[[str], list[str]], n_features: int
) -> sp.csr_matrix:
    """:func:`hashed_counts` by HashingVectorizer itself, text by text."""
    vectorizer = HashingVectorizer(
        analyzer=analyzer, n_features=n_features, alternate_sign=False, norm=None,
        dtype=np.int64,
    )  # fmt: skip
    matrix = vectorizer.transform(texts).tocsr()
    matrix.sum_duplicates()
    return matrix


def check_hashing(
    hashed: bool,
    n_features: int,
    min_df: int | float,
    max_df: int | float,
    max_features: int | None,
) -> None:
    if not hashed:
        return
    if isinstance(n_features, bool) or not isinstance(n_features, (int, np.integer)):
        raise ValueError(f"n_features must be a positive integer, e.g. 2**20; got {n_features!r}.")
    if not 1 <= n_features <= np.iinfo(np.int32).max:
        raise ValueError(f"n_features must be between 1 and 2**31 - 1; got {n_features!r}.")
    if (min_df, max_df, max_features) != (1, 1.0, None):
        raise ValueError(
            "min_df, max_df and max_features need a vocabulary, which hashed counts do not "
            "keep. Leave them at their defaults with hashed=True, or use hashed=False."
        )


def hashing_report(matrix: sp.spmatrix, n_features: int) -> dict:
    """Occupancy of the hash buckets and the collisions it implies.

    ``buckets_used`` is the number of non-empty buckets ``m``. With ``k`` distinct
    terms thrown into ``n`` buckets, ``m ~ n (1 - exp(-k / n))``, so
    ``estimated_terms = -n ln(1 - m / n)`` and ``estimated_collisions = estimated_terms - m``
    (terms that share a bucket with another term). Exact counts would need the
    vocabulary that hashing avoids keeping.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> hashing_report(sp.csr_matrix([[1, 0, 2, 0]]), 4)
    {'buckets_used': 2, 'estimated_terms': 2.77, 'estimated_collisions': 0.77}
    """
    m = int(np.count_nonzero(np.bincount(sp.csr_matrix(matrix).indices, minlength=n_features)))
    return hashing_occupancy(m, n_features)


def hashing_occupancy(m: int, n_features: int) -> dict:
    """:func:`hashing_report` from the number of non-empty buckets ``m``."""
    k = float("inf") if m >= n_features else float(-n_features * np.log1p(-m / n_features))
    return {
        "buckets_used": m,
        "estimated_terms": round(k, 2),
        "estimated_collisions": round(k - m, 2),
    }


def warn_collisions(report: dict, n_features: int, *, stacklevel: int = 3) -> None:
    k = report["estimated_terms"]
    share = 1.0 if not np.isfinite(k) else report["estimated_collisions"] / max(k, 1.0)
    if share > 0.01:
        warnings.warn(
            f"About {100 * share:.1f}% of the distinct terms share a hash bucket with another "
            f"term ({report['buckets_used']:,} of {n_features:,} buckets used). Raise "
            "n_features (a power of two, e.g. 2**22) to separate them.",
            UserWarning,
            stacklevel=stacklevel,
        )
