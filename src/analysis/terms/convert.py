"""A :class:`DocumentTermMatrix` to and from gensim, scikit-learn and R's quanteda.

======================  =======================================  ==========================
library                 to                                       from
======================  =======================================  ==========================
scikit-learn            :func:`to_sklearn` -> ``(X, terms)``     :func:`from_sklearn`
gensim                  :func:`to_gensim` -> ``(corpus, dict)``  :func:`from_gensim`
quanteda (R), files     :func:`to_quanteda` -> a folder          :func:`read_quanteda`
======================  =======================================  ==========================

Counts, terms, document ids and document variables (``source``, ``published``,
``section``) survive each round trip unchanged. The matrix's tokenizer options do not
travel with the files: a model trained elsewhere is applied to new texts with that
library's own vectorizer.

Reading the quanteda folder in R (Matrix Market counts, one feature per line, and the
document variables as CSV, in document order)::

    library(Matrix); library(quanteda)
    m <- Matrix::readMM("dtm/dtm.mtx")
    rownames(m) <- read.csv("dtm/docvars.csv", colClasses = "character")$doc_id
    colnames(m) <- readLines("dtm/features.txt", encoding = "UTF-8")
    d <- quanteda::as.dfm(m)
    vars <- read.csv("dtm/docvars.csv", encoding = "UTF-8", stringsAsFactors = FALSE)
    docvars(d) <- vars[, setdiff(names(vars), "doc_id"), drop = FALSE]

The same lines are written beside the files as ``read_dtm.R``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.io
import scipy.sparse as sp

from .._io import output_dir
from .._optional import require
from ._input import DOCVAR_COLUMNS
from .matrix import DocumentTermMatrix

__all__ = [
    "QUANTEDA_FILES",
    "from_gensim",
    "from_sklearn",
    "read_quanteda",
    "to_gensim",
    "to_quanteda",
    "to_sklearn",
]

#: The files :func:`to_quanteda` writes: counts, features, document variables, R code.
QUANTEDA_FILES = ("dtm.mtx", "features.txt", "docvars.csv", "read_dtm.R")

_R_SNIPPET = """\
# Read this folder into a quanteda dfm (written by news-analysis, analysis.terms.to_quanteda).
library(Matrix); library(quanteda)
here <- if (interactive()) "." else dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE)))
m <- Matrix::readMM(file.path(here, "dtm.mtx"))
vars <- read.csv(file.path(here, "docvars.csv"), encoding = "UTF-8", stringsAsFactors = FALSE,
                 colClasses = c(doc_id = "character"))
rownames(m) <- vars$doc_id
colnames(m) <- readLines(file.path(here, "features.txt"), encoding = "UTF-8")
d <- quanteda::as.dfm(m)
docvars(d) <- vars[, setdiff(names(vars), "doc_id"), drop = FALSE]
"""


def _check(dtm: Any, caller: str) -> DocumentTermMatrix:
    if not isinstance(dtm, DocumentTermMatrix):
        raise TypeError(
            f"{caller} converts a DocumentTermMatrix; got {type(dtm).__name__}. Build one "
            "with analysis.terms.build_dtm(articles)."
        )
    return dtm


# -- scikit-learn ---------------------------------------------------------------------------
def to_sklearn(dtm: DocumentTermMatrix) -> tuple[sp.csr_matrix, np.ndarray]:
    """The counts as scikit-learn takes them: ``(X, terms)``, X a CSR matrix (int64).

    ``terms[j]`` names column ``j``, as ``vectorizer.get_feature_names_out()`` does.

    Examples
    --------
    >>> from analysis.terms import build_dtm
    >>> X, terms = to_sklearn(build_dtm(["Oil prices rose.", "Oil fell."]))
    >>> X.toarray().tolist(), list(terms)
    ([[0, 1, 1, 1], [1, 1, 0, 0]], ['fell', 'oil', 'prices', 'rose'])
    """
    dtm = _check(dtm, "to_sklearn")
    x = sp.csr_matrix(dtm.matrix)
    return x.astype(np.int64) if _integral(x) else x, np.asarray(dtm.terms, dtype=object)


def _integral(x: sp.spmatrix) -> bool:
    return x.dtype.kind in "iu" or bool(np.all(np.mod(x.data, 1) == 0))


def from_sklearn(
    X: Any, vectorizer: Any, *, docs: Any = None, options: dict | None = None
) -> DocumentTermMatrix:
    """A DocumentTermMatrix from a scikit-learn vectorizer's output.

    Parameters
    ----------
    X : sparse matrix or array, shape (n_docs, n_terms)
        ``vectorizer.fit_transform(texts)`` (counts, or weights such as tf-idf).
    vectorizer : fitted vectorizer or sequence of str
        Gives the terms (``get_feature_names_out()``), or the terms themselves.
    docs : articles frame, Series or sequence, optional
        The documents, in the rows' order: a frame gives ``doc_ids`` (its index) and
        ``docvars`` (``source``, ``published``, ``section``), a Series its index, a
        sequence its values as ids. Default: ``"0" .. "n-1"``.
    options : dict, optional
        Recorded as the matrix's ``options``.

    Examples
    --------
    >>> from sklearn.feature_extraction.text import CountVectorizer
    >>> texts = pd.Series(["oil oil price", "goal match"], index=["a", "b"])
    >>> vec = CountVectorizer()
    >>> dtm = from_sklearn(vec.fit_transform(texts), vec, docs=texts)
    >>> dtm.shape, list(dtm.doc_ids), list(dtm.terms)
    ((2, 4), ['a', 'b'], ['goal', 'match', 'oil', 'price'])
    """
    if isinstance(X, pd.DataFrame):
        X = X.to_numpy()
    x = sp.csr_matrix(X)
    terms = _terms(vectorizer)
    if len(terms) != x.shape[1]:
        raise ValueError(
            f"X has {x.shape[1]} columns but the vectorizer gives {len(terms)} terms; "
            "pass the vectorizer that produced X."
        )
    doc_ids, docvars = _documents(docs, x.shape[0])
    return DocumentTermMatrix(x, terms, doc_ids, dict(options or {}), docvars)


def _terms(vectorizer: Any) -> np.ndarray:
    if hasattr(vectorizer, "get_feature_names_out"):
        try:
            return np.asarray(vectorizer.get_feature_names_out(), dtype=object)
        except Exception as err:  # NotFittedError, or a hashing vectorizer
            raise ValueError(
                f"The vectorizer gives no term names ({type(err).__name__}: {err}); pass a "
                "fitted CountVectorizer or TfidfVectorizer, or the terms themselves."
            ) from None
    if isinstance(vectorizer, (str, bytes)) or not isinstance(vectorizer, Iterable):
        raise TypeError(
            "vectorizer must be a fitted scikit-learn vectorizer (get_feature_names_out) "
            f"or a sequence of terms; got {type(vectorizer).__name__}."
        )
    return np.asarray([str(t) for t in vectorizer], dtype=object)


def _documents(docs: Any, n: int) -> tuple[pd.Index, pd.DataFrame | None]:
    if docs is None:
        return pd.Index([str(i) for i in range(n)], name="doc_id"), None
    if isinstance(docs, (pd.DataFrame, pd.Series)):
        ids, docvars = docs.index, None
        if isinstance(docs, pd.DataFrame):
            docvars = docs[[c for c in DOCVAR_COLUMNS if c in docs.columns]].copy()
    else:
        ids, docvars = pd.Index(list(docs)), None
    if len(ids) != n:
        raise ValueError(f"docs has {len(ids)} documents but X has {n} rows; pass one per row.")
    doc_ids = pd.Index(ids.astype(str), name="doc_id")
    if docvars is not None:
        docvars.index = doc_ids
    return doc_ids, docvars


# -- gensim -----------------------------------------------------------------------------------
def _gensim():
    corpora = require("gensim.corpora", "gensim", feature="The gensim conversion")
    return corpora.Dictionary


def to_gensim(dtm: DocumentTermMatrix) -> tuple[list[list[tuple[int, int]]], Any]:
    """``(corpus, dictionary)`` for gensim: bag-of-words lists and a ``Dictionary``.

    Term ids are the matrix's column numbers; ``dictionary.dfs`` and ``cfs`` are the
    document and corpus frequencies, so gensim models (``LdaModel(corpus,
    id2word=dictionary)``, ``CoherenceModel``) can be trained on it directly.

    Examples
    --------
    >>> from analysis.terms import build_dtm
    >>> corpus, dictionary = to_gensim(build_dtm(["Oil prices rose.", "Oil fell."]))
    >>> corpus[1], dictionary[0], dictionary.dfs[1]
    ([(0, 1), (1, 1)], 'fell', 2)
    """
    Dictionary = _gensim()
    dtm = _check(dtm, "to_gensim")
    x = sp.csr_matrix(dtm.matrix)
    x.sort_indices()
    counts = x.data.astype(np.int64) if _integral(x) else x.data
    corpus = [
        list(zip(x.indices[a:b].tolist(), counts[a:b].tolist(), strict=True))
        for a, b in zip(x.indptr[:-1], x.indptr[1:], strict=True)
    ]
    dictionary = Dictionary()
    dictionary.token2id = {str(t): i for i, t in enumerate(dtm.terms)}
    dictionary.dfs = dict(enumerate(np.bincount(x.indices, minlength=x.shape[1]).tolist()))
    dictionary.cfs = dict(enumerate(np.asarray(x.sum(axis=0)).ravel().tolist()))
    dictionary.num_docs = x.shape[0]
    dictionary.num_pos = int(x.sum())
    dictionary.num_nnz = int(x.nnz)
    return corpus, dictionary


def from_gensim(
    corpus: Iterable[Sequence[tuple[int, float]]],
    dictionary: Any,
    *,
    doc_ids: Sequence[Any] | None = None,
) -> DocumentTermMatrix:
    """A DocumentTermMatrix from a gensim bag-of-words corpus and its ``Dictionary``.

    Columns follow the dictionary's ids (``dictionary[i]`` names column ``i``).

    Examples
    --------
    >>> from gensim.corpora import Dictionary
    >>> d = Dictionary([["oil", "price"], ["goal"]])
    >>> dtm = from_gensim([d.doc2bow(["oil", "oil"]), d.doc2bow(["goal"])], d)
    >>> dtm.matrix.toarray().tolist(), list(dtm.terms)
    ([[2, 0, 0], [0, 0, 1]], ['oil', 'price', 'goal'])
    """
    n_terms = len(dictionary)
    terms = np.asarray([dictionary[i] for i in range(n_terms)], dtype=object)
    rows, cols, vals = [], [], []
    n_docs = 0
    for n_docs, bow in enumerate(corpus, start=1):
        for term_id, value in bow:
            rows.append(n_docs - 1)
            cols.append(term_id)
            vals.append(value)
    values = np.asarray(vals)
    dtype = np.int64 if values.size == 0 or np.all(np.mod(values, 1) == 0) else np.float64
    x = sp.csr_matrix((values.astype(dtype), (rows, cols)), shape=(n_docs, n_terms))
    ids, _ = _documents(doc_ids, n_docs)
    return DocumentTermMatrix(x, terms, ids)


# -- quanteda (R) ------------------------------------------------------------------------------
def to_quanteda(dtm: DocumentTermMatrix, folder: str | os.PathLike, *, force: bool = False) -> Path:
    """Write the matrix as files R's quanteda reads; return the folder.

    The folder holds ``QUANTEDA_FILES``: ``dtm.mtx`` (Matrix Market counts,
    documents in rows), ``features.txt`` (one term per line, UTF-8), ``docvars.csv``
    (``doc_id`` then the document variables) and ``read_dtm.R`` (the R lines of the
    module docstring). Written like every output of the package: a folder it did not
    write is refused unless ``force=True``, which moves it aside first.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from analysis.terms import build_dtm
    >>> out = to_quanteda(build_dtm(["Oil prices rose.", "Oil fell."]),
    ...                   pathlib.Path(tempfile.mkdtemp()) / "dtm")
    >>> sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    ['docvars.csv', 'dtm.mtx', 'features.txt', 'read_dtm.R']
    """
    dtm = _check(dtm, "to_quanteda")
    x, terms = to_sklearn(dtm)
    if any("\n" in t or "\r" in t for t in terms):
        raise ValueError("A term holds a line break; features.txt has one term per line.")
    docvars = pd.DataFrame(index=dtm.doc_ids) if dtm.docvars is None else dtm.docvars.copy()
    docvars.index = pd.Index(dtm.doc_ids, name="doc_id")
    with output_dir(folder, force=force, kind="quanteda") as build:
        scipy.io.mmwrite(build / "dtm.mtx", sp.coo_matrix(x), field=_field(x))
        (build / "features.txt").write_text("".join(f"{t}\n" for t in terms), encoding="utf-8")
        docvars.to_csv(build / "docvars.csv", encoding="utf-8")
        (build / "read_dtm.R").write_text(_R_SNIPPET, encoding="utf-8")
    return Path(folder)


def _field(x: sp.spmatrix) -> str:
    return "integer" if x.dtype.kind in "iu" else "real"


def read_quanteda(folder: str | os.PathLike) -> DocumentTermMatrix:
    """Read back a folder written by :func:`to_quanteda` (or the same files from R).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from analysis.terms import build_dtm
    >>> dtm = build_dtm(["Oil prices rose.", "Oil fell."])
    >>> back = read_quanteda(to_quanteda(dtm, pathlib.Path(tempfile.mkdtemp()) / "q"))
    >>> (back.matrix != dtm.matrix).nnz, list(back.terms) == list(dtm.terms)
    (0, True)
    """
    folder = Path(folder)
    missing = [n for n in QUANTEDA_FILES[:3] if not (folder / n).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{folder}: no {', '.join(missing)}; pass a folder written by "
            "analysis.terms.to_quanteda."
        )
    x = sp.csr_matrix(scipy.io.mmread(folder / "dtm.mtx"))
    terms = (folder / "features.txt").read_text(encoding="utf-8").split("\n")[:-1]
    docvars = pd.read_csv(folder / "docvars.csv", dtype={"doc_id": str}, encoding="utf-8")
    doc_ids = pd.Index(docvars.pop("doc_id").astype(str), name="doc_id")
    docvars.index = doc_ids
    if "published" in docvars.columns:
        docvars["published"] = pd.to_datetime(docvars["published"], utc=True, format="ISO8601")
    return DocumentTermMatrix(
        x, np.asarray(terms, dtype=object), doc_ids, None, docvars if len(docvars.columns) else None
    )
