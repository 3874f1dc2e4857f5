"""Term frequencies, tf-idf and the Zipf and Heaps tables (quanteda's textstat_frequency)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from ._input import check_dtm, group_codes, group_sums, texts_of
from .matrix import DocumentTermMatrix
from .tokenize import TOKEN_RE, normalize

__all__ = ["frequencies", "heaps", "tfidf", "top_terms", "zipf"]


def _check_n(n, *, allow_none: bool) -> None:
    if n is None and allow_none:
        return
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(
            f"n must be a positive integer{' or None' if allow_none else ''}; got {n!r}."
        )


def _tidy(
    weights: sp.spmatrix,
    counts: sp.spmatrix,
    terms: np.ndarray,
    labels: pd.Index,
    n: int | None,
) -> pd.DataFrame:
    """Rows (groups/docs) x terms -> tidy top-n table sorted by weight, then term."""
    w = sp.coo_matrix(weights)
    w.sum_duplicates()
    keep = w.data != 0
    rows, cols, vals = w.row[keep], w.col[keep], w.data[keep]
    term_rank = np.empty(len(terms), dtype=np.int64)  # alphabetical rank for tie-breaks
    term_rank[np.argsort(terms.astype(str), kind="stable")] = np.arange(len(terms))
    order = np.lexsort((term_rank[cols], -vals, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    starts = np.r_[0, np.flatnonzero(np.diff(rows)) + 1]
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)])) + 1
    if n is not None:
        sel = rank <= n
        rows, cols, vals, rank = rows[sel], cols[sel], vals[sel], rank[sel]
    c = sp.csr_matrix(counts)
    out = pd.DataFrame(
        {
            labels.name: labels.to_numpy()[rows],
            "rank": rank,
            "term": terms[cols].astype(str),
            "weight": vals,
            "count": np.asarray(c[rows, cols]).ravel(),
        }
    )
    return out


def frequencies(dtm: DocumentTermMatrix, *, by=None, n: int | None = None) -> pd.DataFrame:
    """Count each term over the corpus, or per group.

    Parameters
    ----------
    dtm : DocumentTermMatrix
        From :func:`analysis.terms.build_dtm`; summed block by block.
    by : str or array-like, optional
        A column of ``dtm.docvars`` (``"source"``) or one value per document (e.g.
        ``dtm.docvars["published"].dt.to_period("M")``). Documents without a
        value are left out, with a warning.
    n : int, optional
        Keep the ``n`` most frequent terms (per group).

    Returns
    -------
    DataFrame
        Columns ``term``, ``count`` (occurrences), ``doc_count`` (documents
        containing the term), ``rel_freq`` (count / all counts, in the group),
        ``rank`` (1 = most frequent; ties broken alphabetically) and, with
        ``by``, the group column (named after ``by``, else ``group``). Sorted by
        group, then rank. Terms a group never uses are not listed for it.

    Examples
    --------
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"text": ["tax cuts, tax", "tax rise", "rain"],
    ...                      "source": ["a", "a", "b"]})
    >>> from analysis.terms import build_dtm
    >>> dtm = build_dtm(arts)
    >>> frequencies(dtm)
       term  count  doc_count  rel_freq  rank
    0   tax      3          2  0.500000     1
    1  cuts      1          1  0.166667     2
    2  rain      1          1  0.166667     3
    3  rise      1          1  0.166667     4
    >>> frequencies(dtm, by="source", n=1)
       term  count  doc_count  rel_freq  rank source
    0   tax      3          2       0.6     1      a
    1  rain      1          1       1.0     1      b
    """
    check_dtm(dtm, caller="frequencies")
    _check_n(n, allow_none=True)
    if by is None:
        codes = np.zeros(dtm.shape[0], dtype=np.int64)
        labels = pd.Index(["all"], name="group")
    else:
        codes, labels, _ = group_codes(dtm, by)
    counts = group_sums(dtm, codes, len(labels))
    docs = group_sums(dtm, codes, len(labels), binary=True)
    totals = np.asarray(counts.sum(axis=1)).ravel().astype(float)
    out = _tidy(counts, docs, dtm.terms, labels, n)
    out = out.rename(columns={"weight": "count", "count": "doc_count"})
    group_pos = labels.get_indexer(out[labels.name])
    with np.errstate(invalid="ignore", divide="ignore"):
        out["rel_freq"] = out["count"].to_numpy() / totals[group_pos]
    cols = ["term", "count", "doc_count", "rel_freq", "rank"]
    if by is not None:
        cols.append(labels.name)
    out = out[cols].reset_index(drop=True)
    out["count"] = out["count"].astype(np.int64)
    out["doc_count"] = out["doc_count"].astype(np.int64)
    return out


def tfidf(
    dtm: DocumentTermMatrix,
    *,
    norm: str | None = "l2",
    smooth_idf: bool = True,
    sublinear_tf: bool = False,
) -> DocumentTermMatrix:
    """Weight the counts by tf-idf (scikit-learn's TfidfTransformer).

    ``idf = ln((1 + n_docs) / (1 + doc_count)) + 1`` with ``smooth_idf``
    (else ``ln(n_docs / doc_count) + 1``); each row is then scaled to unit
    length with ``norm="l2"``.

    Parameters
    ----------
    dtm : DocumentTermMatrix
        Its blocks are assembled in memory first (the weights are per document).
    norm : {'l2', 'l1', None}, default 'l2'
    smooth_idf : bool, default True
    sublinear_tf : bool, default False
        Use ``1 + ln(tf)`` instead of ``tf``.

    Returns
    -------
    DocumentTermMatrix
        Same terms, documents and docvars; ``matrix`` holds float weights and
        ``options["weighting"] == "tfidf"``.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.terms import build_dtm
    >>> dtm = build_dtm(pd.Series(["rain rain sun", "sun"]))
    >>> tfidf(dtm, norm=None).matrix.toarray().round(3)
    array([[2.811, 1.   ],
           [0.   , 1.   ]])
    """
    check_dtm(dtm, caller="tfidf")
    transformer = TfidfTransformer(norm=norm, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf)
    weights = transformer.fit_transform(dtm.matrix).tocsr()
    options = dict(dtm.options)
    options.update(weighting="tfidf", norm=norm, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf)
    return DocumentTermMatrix(
        matrix=weights, terms=dtm.terms, doc_ids=dtm.doc_ids, options=options, docvars=dtm.docvars
    )


def top_terms(
    dtm: DocumentTermMatrix, *, by=None, n: int = 20, weighting: str = "tfidf"
) -> pd.DataFrame:
    """The most characteristic terms of each document, or of each group.

    With ``by``, the documents of a group are summed first and tf-idf is then
    computed over the groups (each group is one "document"), so a term used by
    every group gets the lowest idf.

    Parameters
    ----------
    dtm : DocumentTermMatrix
        With ``by``, summed block by block; without, its matrix is assembled in memory.
    by : str or array-like, optional
        Group documents (see :func:`frequencies`); default: one list per document.
    n : int, default 20
        Terms per document or group.
    weighting : {'tfidf', 'count'}, default 'tfidf'
        ``tfidf`` uses :func:`tfidf` with its defaults (L2-normalised rows).

    Returns
    -------
    DataFrame
        Columns ``doc_id`` (or the group column), ``rank``, ``term``, ``weight``
        and ``count``; sorted by document/group, then rank (ties alphabetical).

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.terms import build_dtm
    >>> arts = pd.DataFrame({"text": ["tax tax cuts", "tax rain"]},
    ...                     index=pd.Index(["d1", "d2"], name="doc_id"))
    >>> top_terms(build_dtm(arts), n=1, weighting="count")
      doc_id  rank  term  weight  count
    0     d1     1   tax       2      2
    1     d2     1  rain       1      1
    """
    check_dtm(dtm, caller="top_terms")
    _check_n(n, allow_none=False)
    if weighting not in ("tfidf", "count"):
        raise ValueError(f"weighting must be 'tfidf' or 'count'; got {weighting!r}.")
    if by is None:
        counts = dtm.matrix  # per document: the blocks are assembled here
        labels = pd.Index(dtm.doc_ids, name="doc_id")
    else:
        codes, labels, _ = group_codes(dtm, by)
        counts = group_sums(dtm, codes, len(labels))
    weights = TfidfTransformer().fit_transform(counts) if weighting == "tfidf" else counts
    return _tidy(weights, counts, dtm.terms, labels, n)


def zipf(dtm: DocumentTermMatrix) -> pd.DataFrame:
    """Rank-frequency table for Zipf's law (frequency roughly proportional to 1/rank).

    Parameters
    ----------
    dtm : DocumentTermMatrix
        Usually built with ``stop_words=None`` (stop words are the head of the curve).

    Returns
    -------
    DataFrame
        Columns ``rank`` (1 = most frequent, ties alphabetical), ``term``,
        ``count`` and ``rel_freq``. Fit ``log(count) ~ log(rank)`` to estimate
        the exponent (:func:`analysis.plots.terms.plot_zipf` does).

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.terms import build_dtm
    >>> zipf(build_dtm(pd.Series(["a a a b b c"]), stop_words=None))
       rank term  count  rel_freq
    0     1    a      3  0.500000
    1     2    b      2  0.333333
    2     3    c      1  0.166667
    """
    check_dtm(dtm, caller="zipf")
    counts = group_sums(dtm, np.zeros(dtm.shape[0], dtype=np.int64), 1).toarray().ravel()
    terms = dtm.terms.astype(str)
    order = np.lexsort((terms, -counts))
    order = order[counts[order] > 0]
    total = counts.sum()
    return pd.DataFrame(
        {
            "rank": np.arange(1, len(order) + 1),
            "term": terms[order],
            "count": counts[order],
            "rel_freq": counts[order] / total,
        }
    )


def heaps(articles, *, lowercase: bool = True) -> pd.DataFrame:
    """Vocabulary growth (Heaps' law): distinct types against tokens read, document by document.

    Documents are read in the frame's order (sort by ``published`` first for a
    time line). All tokens count, stop words included.

    Parameters
    ----------
    articles : DataFrame, Series or list of str
    lowercase : bool, default True

    Returns
    -------
    DataFrame
        One row per document: ``doc_id``, ``n_docs`` (documents read so far),
        ``n_tokens`` and ``n_types`` (cumulative).

    Examples
    --------
    >>> heaps(["The cat sat.", "The cat ran."])
      doc_id  n_docs  n_tokens  n_types
    0      0       1         3        3
    1      1       2         6        4
    """
    texts, doc_ids, _ = texts_of(articles, caller="heaps")
    seen: set[str] = set()
    n_tokens = np.empty(len(texts), dtype=np.int64)
    n_types = np.empty(len(texts), dtype=np.int64)
    total = 0
    for i, text in enumerate(texts):
        tokens = TOKEN_RE.findall(normalize(text, lowercase=lowercase))
        total += len(tokens)
        seen.update(tokens)
        n_tokens[i] = total
        n_types[i] = len(seen)
    return pd.DataFrame(
        {
            "doc_id": doc_ids.to_numpy(),
            "n_docs": np.arange(1, len(texts) + 1),
            "n_tokens": n_tokens,
            "n_types": n_types,
        }
    )
