"""What :class:`~analysis.topics.TopicModel` needs to be a scikit-learn estimator.

``fit(X)`` and ``transform(X)`` take a :class:`~analysis.terms.DocumentTermMatrix` or
any document-term matrix scikit-learn passes along a ``Pipeline`` (a sparse matrix, an
array, a numeric pandas frame). A plain matrix is validated the scikit-learn way
(:func:`sklearn.utils.validation.validate_data`: finite values, ``n_features_in_``,
``feature_names_in_``) and wrapped into a ``DocumentTermMatrix`` whose terms are the
frame's column names, else ``term0``, ``term1`` ...; new documents are counted over the
model's terms by name, so a matrix with other or re-ordered terms is aligned, not
misread.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.utils.validation import validate_data

from ..terms import DocumentTermMatrix

__all__ = ["aligned_counts", "as_dtm", "is_matrix"]


def is_matrix(X: Any) -> bool:
    """True for a document-term matrix (not texts, articles or a corpus on disk).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> is_matrix(np.ones((2, 3))), is_matrix(pd.DataFrame({"text": ["a"]})), is_matrix(["a"])
    (True, False, False)
    >>> is_matrix([[0, 2], [1, 0]]), is_matrix([["a", "b"]])
    (True, False)
    """
    if _is_dtm(X) or sp.issparse(X) or isinstance(X, np.ndarray):
        return True
    if isinstance(X, pd.DataFrame):
        return len(X.columns) > 0 and all(pd.api.types.is_numeric_dtype(t) for t in X.dtypes)
    if isinstance(X, (list, tuple)):  # rows of numbers, as scikit-learn allows
        row = X[0] if len(X) else None
        return isinstance(row, (list, tuple, np.ndarray)) and all(
            isinstance(v, (int, float, np.number)) for v in row
        )
    if type(X).__module__.split(".")[0] in ("polars", "dask", "pandas", "datasets"):
        return False  # frames of texts or articles
    return hasattr(X, "__array__") and not isinstance(X, (str, bytes, list, tuple))


def _is_dtm(X: Any) -> bool:
    """A DocumentTermMatrix, or an object that has what one has (duck typing)."""
    return isinstance(X, DocumentTermMatrix) or all(
        hasattr(X, name) for name in ("matrix", "terms", "doc_ids")
    )


def as_dtm(model: Any, X: Any, *, reset: bool) -> DocumentTermMatrix:
    """``X`` as a DocumentTermMatrix; for plain matrices, checked by scikit-learn's rules.

    ``reset=True`` (fit) records ``n_features_in_`` (and ``feature_names_in_`` for a
    frame with string column names); ``reset=False`` (transform) checks ``X`` against
    them.
    """
    if _is_dtm(X):
        if reset:
            model.n_features_in_ = len(X.terms)
            model.__dict__.pop("feature_names_in_", None)
        return X
    index = X.index.astype(str) if isinstance(X, pd.DataFrame) else None
    matrix = validate_data(model, X, accept_sparse="csr", dtype=np.float64, reset=reset)
    matrix = sp.csr_matrix(matrix)
    names = getattr(model, "feature_names_in_", None)
    if names is None or len(names) != matrix.shape[1]:
        names = np.array([f"term{i}" for i in range(matrix.shape[1])], dtype=object)
    doc_ids = pd.Index(index if index is not None else np.arange(matrix.shape[0]).astype(str),
                       name="doc_id")  # fmt: skip
    return DocumentTermMatrix(matrix, np.asarray(names, dtype=object), doc_ids)


def aligned_counts(dtm: DocumentTermMatrix, terms: np.ndarray) -> sp.csr_matrix:
    """The matrix's counts over ``terms`` (matched by name; a term it lacks counts 0).

    Examples
    --------
    >>> import numpy as np, pandas as pd, scipy.sparse as sp
    >>> dtm = DocumentTermMatrix(sp.csr_matrix(np.array([[1, 2], [3, 0]])),
    ...                          np.array(["b", "a"]), pd.Index(["d1", "d2"]))
    >>> aligned_counts(dtm, np.array(["a", "c", "b"])).toarray().tolist()
    [[2.0, 0.0, 1.0], [0.0, 0.0, 3.0]]
    """
    matrix = sp.csr_matrix(dtm.matrix, dtype=np.float64)
    position = pd.Index(np.asarray(dtm.terms, dtype=object)).get_indexer(terms)
    found = position >= 0
    pick = sp.csr_matrix(
        (np.ones(found.sum()), (position[found], np.flatnonzero(found))),
        shape=(matrix.shape[1], len(terms)),
    )
    return sp.csr_matrix(matrix @ pick)
