"""The document-term matrix container shared by terms and topics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

__all__ = ["DocumentTermMatrix"]


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

        Examples
        --------
        >>> import numpy as np, pandas as pd, scipy.sparse as sp
        >>> dtm = DocumentTermMatrix(sp.csr_matrix(np.eye(2, dtype=int)),
        ...                          np.array(["a", "b"]), pd.Index(["d1", "d2"]))
        >>> dtm.term_index(["b", "zzz"]).tolist()
        [1, -1]
        """
        lookup = pd.Series(np.arange(len(self.terms)), index=self.terms)
        return lookup.reindex(list(terms)).fillna(-1).to_numpy(dtype=np.int64)
