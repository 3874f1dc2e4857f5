"""Validation shared by the public functions: texts from an articles frame, groups, masks."""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .matrix import DocumentTermMatrix

DOCVAR_COLUMNS = ("source", "published", "section")


def read_texts(articles, *, caller: str) -> tuple[list[str], pd.Index, pd.DataFrame, int]:
    """(texts, doc_ids, docvars, n_missing) without the corpus-level checks of :func:`texts_of`.

    Used per partition by :func:`analysis.terms.build_dtm`, which then runs the
    corpus-level checks (:func:`check_corpus`) on the combined result.
    """
    if isinstance(articles, str):
        raise ValueError(
            "Iterable over raw text documents expected, string object received. "
            f"Pass the articles frame (or a list of texts) to {caller}."
        )
    if isinstance(articles, pd.DataFrame):
        if "text" not in articles.columns:
            raise ValueError(
                f"{caller} needs an articles frame with a 'text' column; got columns "
                f"{list(articles.columns)[:8]}. Use analysis.load_corpus to build one."
            )
        column = articles["text"]
        docvars = articles[[c for c in DOCVAR_COLUMNS if c in articles.columns]].copy()
    elif isinstance(articles, pd.Series):
        column = articles
        docvars = pd.DataFrame(index=articles.index)
    elif isinstance(articles, Iterable):
        column = pd.Series(list(articles), dtype=object)
        docvars = pd.DataFrame(index=column.index)
    else:
        raise ValueError(
            f"{caller} expects an articles frame, a Series or a list of texts; "
            f"got {type(articles).__name__}."
        )
    missing = column.isna().to_numpy()
    n_missing = int(missing.sum())
    if n_missing:
        column = column.where(~missing, "")
    texts = [str(t) for t in column.tolist()]
    doc_ids = pd.Index(column.index.astype(str) if len(column) else column.index, name="doc_id")
    docvars.index = doc_ids
    return texts, doc_ids, docvars, n_missing


def check_corpus(doc_ids: pd.Index, n_missing: int, *, caller: str, stacklevel: int = 3) -> None:
    """Corpus-level checks: not empty (error); missing texts, repeated ids (warnings)."""
    if len(doc_ids) == 0:
        raise ValueError(
            f"The corpus is empty: {caller} needs at least one document. "
            "Check the filter that produced the articles frame."
        )
    if n_missing:
        warnings.warn(
            f"{n_missing} of {len(doc_ids)} documents have no text; "
            "they are treated as empty documents.",
            UserWarning,
            stacklevel=stacklevel + 1,
        )
    if not doc_ids.is_unique:
        warnings.warn(
            "doc_ids are not unique; selecting documents by id will be ambiguous. "
            "Use the articles frame from analysis.load_corpus (its index is unique).",
            UserWarning,
            stacklevel=stacklevel + 1,
        )


def texts_of(articles, *, caller: str) -> tuple[list[str], pd.Index, pd.DataFrame]:
    """Return (texts, doc_ids, docvars) from an articles frame, a Series or a list of str."""
    texts, doc_ids, docvars, n_missing = read_texts(articles, caller=caller)
    check_corpus(doc_ids, n_missing, caller=caller, stacklevel=3)
    return texts, doc_ids, docvars


def check_dtm(dtm, *, caller: str):
    """The matrix, if it is a :class:`DocumentTermMatrix` (else a ValueError)."""
    if not isinstance(dtm, DocumentTermMatrix):
        raise ValueError(
            f"{caller} expects a DocumentTermMatrix; got {type(dtm).__name__}. "
            "Build one with analysis.terms.build_dtm(articles)."
        )
    return dtm


def group_sums(dtm, codes, n_groups: int, *, binary: bool = False) -> sp.csr_matrix:
    """Row sums of the matrix per group: ``G @ X`` with ``G`` the group indicator.

    ``codes`` gives each document's group (``0 .. n_groups - 1``, -1 to leave it
    out); with ``binary`` each document counts a term once (document frequency).
    The blocks' sums are added up: integers, so the result never depends on the blocks.
    """
    return dtm.group_sums(np.asarray(codes, dtype=np.int64), n_groups, binary=binary)


def aligned(values, dtm: DocumentTermMatrix, *, what: str) -> pd.Series:
    """A per-document vector: a docvars column name, or values aligned to ``dtm.doc_ids``."""
    if isinstance(values, str):
        if dtm.docvars is None or values not in dtm.docvars.columns:
            have = [] if dtm.docvars is None else list(dtm.docvars.columns)
            raise ValueError(
                f"{what}={values!r} is not a document variable of this matrix "
                f"(available: {have}). Pass a column name from dtm.docvars or one value "
                "per document."
            )
        return pd.Series(dtm.docvars[values].to_numpy(), index=dtm.doc_ids, name=values)
    if isinstance(values, pd.Series) and values.index.astype(str).equals(dtm.doc_ids):
        return pd.Series(values.to_numpy(), index=dtm.doc_ids, name=values.name)
    if isinstance(values, pd.Series) and set(dtm.doc_ids) <= set(values.index.astype(str)):
        out = values.copy()
        out.index = out.index.astype(str)
        return pd.Series(out.reindex(dtm.doc_ids).to_numpy(), index=dtm.doc_ids, name=values.name)
    arr = np.asarray(values)
    if arr.ndim != 1 or len(arr) != dtm.shape[0]:
        raise ValueError(
            f"{what} must have one value per document ({dtm.shape[0]}); got "
            f"{arr.shape[0] if arr.ndim else 'a scalar'}."
        )
    return pd.Series(values if isinstance(values, pd.Series) else arr, index=dtm.doc_ids).rename(
        getattr(values, "name", None)
    )


def group_codes(dtm, by, *, what: str = "by") -> tuple[np.ndarray, pd.Index, str]:
    """Each document's group code (-1: no value), the sorted group labels and the column name."""
    values = aligned(by, dtm, what=what)
    codes, labels = pd.factorize(values, sort=True)
    keep = codes >= 0
    if not keep.all():
        warnings.warn(
            f"{int((~keep).sum())} documents have no {what} value and are left out.",
            UserWarning,
            stacklevel=3,
        )
    if not keep.any():
        raise ValueError(f"No document has a {what} value; nothing to group.")
    name = by if isinstance(by, str) else (values.name or "group")
    return codes.astype(np.int64), pd.Index(labels, name=name), name
