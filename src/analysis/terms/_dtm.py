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

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape
