"""Term frequencies, tf-idf and the Zipf and Heaps tables (quanteda's textstat_frequency).

Two tf-idf weightings rank the characteristic terms of groups (:func:`top_terms`):

``"tfidf"``
    scikit-learn's default, ``tf * (ln((1 + n) / (1 + df)) + 1)``, rows scaled to unit
    length. The smoothing and the ``+ 1`` keep a term that every group uses at full
    weight: over ten outlets, ``said`` tops most of them. Fine for *documents* (many
    rows, search-style weighting), misleading for a handful of groups.
``"tf_idf"``
    tidytext's ``bind_tf_idf``: ``tf = count / tokens of the group`` and
    ``idf = ln(n_groups / df)``, so a term every group uses weighs exactly 0 and the
    top terms are the ones few groups share: what sets a group apart.

:func:`zipf_fit` and :func:`heaps_fit` estimate the exponents of Zipf's and Heaps'
laws the way the literature does (on all tokens; Zipf on the middle ranks).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from ._input import check_dtm, group_codes, group_sums, texts_of
from .matrix import DocumentTermMatrix
from .tokenize import TOKEN_RE, normalize

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["frequencies", "heaps", "heaps_fit", "tfidf", "top_terms", "zipf", "zipf_fit"]

_WEIGHTINGS = ("tfidf", "tf_idf", "count")


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
    if len(rows) == 0:  # e.g. tf_idf over one group: every term is in every group
        return pd.DataFrame(
            {
                labels.name: pd.Series([], dtype=labels.dtype),
                "rank": pd.Series([], dtype=np.int64),
                "term": pd.Series([], dtype=str),
                "weight": pd.Series([], dtype=vals.dtype),
                "count": pd.Series([], dtype=counts.dtype),
            }
        )
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
    if not c.has_canonical_format:  # scipy samples a canonical matrix by binary search,
        c = c.copy()  # any other by a scan of the row per value: minutes on a bigram DTM
        c.sum_duplicates()
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


def frequencies(
    dtm: DocumentTermMatrix, *, by: str | ArrayLike | None = None, n: int | None = None
) -> pd.DataFrame:
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
    dtm: DocumentTermMatrix,
    *,
    by: str | ArrayLike | None = None,
    n: int = 20,
    weighting: str = "tfidf",
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
    weighting : {'tfidf', 'tf_idf', 'count'}, default 'tfidf'
        ``tfidf`` uses :func:`tfidf` with its defaults (L2-normalised rows);
        ``tf_idf`` is tidytext's ``bind_tf_idf`` (share of the group's tokens times
        ``ln(n / df)``; terms in every row weigh 0 and are not listed). See the
        module docstring for why ``tf_idf`` is the one that separates groups.

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
    >>> top_terms(build_dtm(arts), n=1, weighting="tf_idf").round(3)  # (1/3) ln 2, (1/2) ln 2
      doc_id  rank  term  weight  count
    0     d1     1  cuts   0.231      1
    1     d2     1  rain   0.347      1
    """
    check_dtm(dtm, caller="top_terms")
    _check_n(n, allow_none=False)
    if weighting not in _WEIGHTINGS:
        raise ValueError(f"weighting must be one of {_WEIGHTINGS}; got {weighting!r}.")
    if by is None:
        counts = dtm.matrix  # per document: the blocks are assembled here
        labels = pd.Index(dtm.doc_ids, name="doc_id")
    else:
        codes, labels, _ = group_codes(dtm, by)
        counts = group_sums(dtm, codes, len(labels))
    if weighting == "tfidf":
        weights = TfidfTransformer().fit_transform(counts)
    elif weighting == "tf_idf":
        weights = _tidytext_tf_idf(counts)
    else:
        weights = counts
    return _tidy(weights, counts, dtm.terms, labels, n)


def _tidytext_tf_idf(counts) -> sp.csr_matrix:
    """tidytext's ``bind_tf_idf``: ``count / row total * ln(n_rows / df)``."""
    c = sp.csr_matrix(counts, dtype=float)
    totals = np.asarray(c.sum(axis=1)).ravel()
    df = np.bincount(c.indices, minlength=c.shape[1])
    with np.errstate(divide="ignore"):
        idf = np.log(c.shape[0] / np.maximum(df, 1))
    inv = np.divide(1.0, totals, out=np.zeros_like(totals), where=totals > 0)
    out = sp.diags(inv) @ c @ sp.diags(idf)
    out = sp.csr_matrix(out)
    out.eliminate_zeros()
    return out


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


def zipf_fit(table: pd.DataFrame, *, min_rank: int = 10, min_count: int = 5) -> pd.Series:
    """Zipf exponent: least-squares slope of ``log10(count)`` on ``log10(rank)``, middle ranks.

    The head (the first ``min_rank - 1`` ranks, a handful of function words) and the
    tail (terms seen fewer than ``min_count`` times, where ranks are ties among
    hapaxes) bend away from any power law, so the fit uses the ranks between them,
    as the corpus-linguistics literature does. Fit it on a table of *all* tokens
    (``build_dtm(articles, stop_words=None)``): removing stop words cuts off the head
    and shifts every rank.

    Parameters
    ----------
    table : DataFrame
        From :func:`zipf` (columns ``rank`` and ``count``).
    min_rank : int, default 10
    min_count : int, default 5

    Returns
    -------
    Series
        ``slope`` (Zipf's ``-alpha``, about -1 for natural text), ``intercept``
        (log10 count at rank 1 on the line), ``r2``, ``min_rank``, ``max_rank`` and
        ``n_ranks`` (ranks used); NaN when fewer than 3 ranks qualify.

    Examples
    --------
    >>> t = pd.DataFrame({"rank": range(1, 101), "count": [1e4 / r for r in range(1, 101)]})
    >>> zipf_fit(t, min_rank=2, min_count=200)[["slope", "r2", "n_ranks"]].round(2).tolist()
    [-1.0, 1.0, 49.0]
    """
    rank = table["rank"].to_numpy(dtype=float)
    count = table["count"].to_numpy(dtype=float)
    use = (rank >= min_rank) & (count >= min_count)
    return _loglog_fit(rank[use], count[use], ("min_rank", "max_rank", "n_ranks"))


def heaps_fit(table: pd.DataFrame) -> pd.Series:
    """Heaps' law ``V = K N^beta``: least-squares fit of ``log10(types)`` on ``log10(tokens)``.

    Parameters
    ----------
    table : DataFrame
        From :func:`heaps` (columns ``n_tokens`` and ``n_types``).

    Returns
    -------
    Series
        ``slope`` (beta, typically 0.4-0.7 for English), ``intercept`` (log10 K),
        ``r2``, ``min_tokens``, ``max_tokens`` and ``n_points``.

    Examples
    --------
    >>> t = pd.DataFrame({"n_tokens": [100, 400, 1600], "n_types": [50, 100, 200]})
    >>> heaps_fit(t)[["slope", "intercept"]].round(3).tolist()
    [0.5, 0.699]
    """
    x = table["n_tokens"].to_numpy(dtype=float)
    y = table["n_types"].to_numpy(dtype=float)
    use = (x > 0) & (y > 0)
    return _loglog_fit(x[use], y[use], ("min_tokens", "max_tokens", "n_points"))


def _loglog_fit(x: np.ndarray, y: np.ndarray, names: tuple[str, str, str]) -> pd.Series:
    from scipy import stats

    out = dict.fromkeys(("slope", "intercept", "r2", *names), np.nan)
    out[names[2]] = len(x)
    if len(x) >= 3 and np.ptp(x) > 0:
        fit = stats.linregress(np.log10(x), np.log10(y))
        out.update(
            slope=fit.slope, intercept=fit.intercept, r2=fit.rvalue**2,
            **{names[0]: x.min(), names[1]: x.max()},
        )  # fmt: skip
    return pd.Series(out, dtype=float)


def heaps(
    articles: pd.DataFrame | pd.Series | Iterable[str], *, lowercase: bool = True
) -> pd.DataFrame:
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
