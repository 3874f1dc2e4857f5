"""The document-term matrix container shared by terms and topics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

__all__ = ["DocumentTermMatrix", "hash_buckets", "hashed_terms", "is_partitioned"]


@dataclass(frozen=True)
class DocumentTermMatrix:
    """Documents in rows, terms in columns (quanteda's dfm, in scipy form).

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Counts, shape ``(n_docs, n_terms)``.
    terms : numpy.ndarray of str
        Column labels, in column order.
    doc_ids : pandas.Index
        Row labels (the articles' ``doc_id``), in row order.
    options : dict
        The options the matrix was built with (for provenance and for
        transforming new documents the same way).
    docvars : pandas.DataFrame
        Per-document variables (e.g. ``source``, ``published``) aligned to ``doc_ids``.
    """

    matrix: sp.csr_matrix
    terms: np.ndarray
    doc_ids: pd.Index
    options: dict[str, Any] = field(default_factory=dict)
    docvars: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        n_docs, n_terms = self.matrix.shape
        if len(self.terms) != n_terms or len(self.doc_ids) != n_docs:
            raise ValueError(
                f"matrix has shape {self.matrix.shape} but there are {len(self.terms)} terms "
                f"and {len(self.doc_ids)} doc_ids; they must match the columns and rows."
            )
        if self.docvars is not None and len(self.docvars) != n_docs:
            raise ValueError(
                f"docvars has {len(self.docvars)} rows for {n_docs} documents; "
                "pass one row per document, in doc_ids order."
            )

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_docs, n_terms)``."""
        return self.matrix.shape

    def term_index(self, terms) -> np.ndarray:
        """Column positions of ``terms`` (-1 where a term is not in the vocabulary).

        For a hashed matrix (``options["hashed"]``) a term's column is its hash
        bucket (see :func:`hash_buckets`); labels such as ``"#123"`` work as well.

        Examples
        --------
        >>> import numpy as np, pandas as pd, scipy.sparse as sp
        >>> dtm = DocumentTermMatrix(sp.csr_matrix(np.eye(2, dtype=int)),
        ...                          np.array(["a", "b"]), pd.Index(["d1", "d2"]))
        >>> dtm.term_index(["b", "zzz"]).tolist()
        [1, -1]
        """
        return term_index(self, terms)


def term_index(dtm, terms) -> np.ndarray:
    """Column positions of ``terms`` in a DocumentTermMatrix or PartitionedDTM."""
    terms = list(terms)
    lookup = pd.Series(np.arange(len(dtm.terms)), index=dtm.terms)
    found = lookup.reindex(terms).fillna(-1).to_numpy(dtype=np.int64)
    if dtm.options.get("hashed"):
        n_features = int(dtm.options["n_features"])
        words = [t for t, i in zip(terms, found, strict=True) if i < 0]
        if words:
            found[found < 0] = hash_buckets(words, n_features=n_features)
    return found


def hashed_terms(n_features: int) -> np.ndarray:
    """The column labels of a hashed matrix: ``"#0"``, ``"#1"``, ... (object array of str).

    Examples
    --------
    >>> hashed_terms(3).tolist()
    ['#0', '#1', '#2']
    """
    return np.char.add("#", np.arange(n_features).astype(str)).astype(object)


def hash_buckets(terms, *, n_features: int) -> np.ndarray:
    """The hash bucket of each term, as ``build_dtm(..., hashed=True)`` counts it.

    The terms are taken as they appear in a matrix (lower case, lemmas if the
    matrix was lemmatised, ``"white house"`` for a bigram).

    Examples
    --------
    >>> hash_buckets(["trump", "trump", "brexit"], n_features=2**20).tolist()[:2]
    [907820, 907820]
    """
    from sklearn.feature_extraction.text import HashingVectorizer

    terms = [str(t) for t in terms]
    vec = HashingVectorizer(
        analyzer=_one_term, n_features=n_features, alternate_sign=False, norm=None
    )
    x = vec.transform(terms).tocsr()
    return x.indices[x.indptr[:-1]].astype(np.int64)


def _one_term(term: str) -> list[str]:
    return [term]


def is_partitioned(dtm) -> bool:
    """True for a :class:`analysis.scale.terms.PartitionedDTM` (blocks, not one matrix)."""
    return hasattr(dtm, "map_blocks") and hasattr(dtm, "blocks")
