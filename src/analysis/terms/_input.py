"""Validation shared by the public functions: texts from an articles frame, groups, masks."""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._dtm import DocumentTermMatrix

DOCVAR_COLUMNS = ("source", "published", "section")


def texts_of(articles, *, caller: str) -> tuple[list[str], pd.Index, pd.DataFrame]:
    """Return (texts, doc_ids, docvars) from an articles frame, a Series or a list of str."""
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
    if len(column) == 0:
        raise ValueError(
            f"The corpus is empty: {caller} needs at least one document. "
            "Check the filter that produced the articles frame."
        )
    missing = column.isna().to_numpy()
    if missing.any():
        warnings.warn(
            f"{int(missing.sum())} of {len(column)} documents have no text; "
            "they are treated as empty documents.",
            UserWarning,
            stacklevel=3,
        )
        column = column.where(~missing, "")
    texts = [str(t) for t in column.tolist()]
    doc_ids = pd.Index(column.index.astype(str) if len(column) else column.index, name="doc_id")
    if not doc_ids.is_unique:
        warnings.warn(
            "doc_ids are not unique; selecting documents by id will be ambiguous. "
            "Use the articles frame from analysis.load_corpus (its index is unique).",
            UserWarning,
            stacklevel=3,
        )
    docvars.index = doc_ids
    return texts, doc_ids, docvars


def check_dtm(dtm, *, caller: str) -> DocumentTermMatrix:
    if not isinstance(dtm, DocumentTermMatrix):
        raise ValueError(
            f"{caller} expects a DocumentTermMatrix; got {type(dtm).__name__}. "
            "Build one with analysis.terms.build_dtm(articles)."
        )
    return dtm


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


def group_matrix(dtm: DocumentTermMatrix, by, *, what: str = "by"):
    """Indicator matrix (groups x docs), the group labels and the group column name."""
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
    rows = codes[keep]
    cols = np.flatnonzero(keep)
    g = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(labels), dtm.shape[0])
    )
    name = by if isinstance(by, str) else (values.name or "group")
    return g, pd.Index(labels, name=name), name
