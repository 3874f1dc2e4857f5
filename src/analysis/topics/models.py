"""Fit NMF or LDA topic models on a document-term matrix, with measured defaults.

Topic numbering
---------------
Topics are numbered ``0 .. k-1`` **by prevalence, descending**: topic 0 has the largest
mean share over the (non-empty) documents. Ties keep the estimator's order. The
numbering is fixed when the model is fitted; every view (``topic_terms_``,
``doc_topics_``, ``labels_``, :func:`~analysis.topics.top_terms`,
:func:`~analysis.topics.topic_map`, prevalence tables, plots) uses it, and nothing
re-sorts topics afterwards.

Defaults (chosen by measurement, see ``benchmarks/bench_topics.py``)
--------------------------------------------------------------------
Both estimators are fitted on single-precision (float32) matrices with single-threaded
BLAS; the weights shown (``topic_terms_``, ``doc_topics_``) are double precision.

NMF: terms in at least 2 documents and at most half of them; tf-idf with sublinear
term frequency (``1 + log tf``) and l2-normalised rows; ``init="nndsvda"``,
Frobenius loss (coordinate descent), a light L1 penalty on the topic-term matrix
(``alpha_H=1e-6``, ``l1_ratio=1``) and 100 iterations. On BBC News (k=5, exact
duplicates removed) plain NMF (raw tf-idf, min_df=5) reaches NMI 0.81 and sublinear tf
alone 0.85; these defaults on ``build_dtm``'s matrix give 0.866 for every seed 0-4.
On the demo corpus (k=20) gensim's c_npmi is 0.241 (scikit-learn's NMF defaults on
tf-idf: 0.197), and the fit is faster than scikit-learn's (figures in the
benchmark). The penalty keeps scikit-learn's stopping rule from triggering, so the
fit runs its 100 iterations and its convergence warning is silenced: that cap is the
measured setting (200 iterations: same c_npmi and NMI 0.872, twice the time; 40: c_npmi
0.238, NMI 0.861).

LDA: counts of terms in at least 10 documents and at most half of them; scikit-learn's
batch variational Bayes, 10 iterations, document-topic prior ``1/k`` and a sparse
topic-word prior of 0.01. On the demo corpus (k=20, seeds 0-2) c_npmi 0.071, 0.071,
0.062 where scikit-learn's batch defaults (10 iterations, priors ``1/k``) give 0.067,
0.055, 0.064 in about the same time. Twenty iterations with priors ``1/k`` give
0.074 but take twice as long; online learning and capping the per-document
iterations were faster but less coherent or less stable across seeds. On BBC (k=5)
NMI is 0.75, 0.66, 0.62 over seeds 0-2 (twenty iterations: 0.84, 0.68, 0.65). LDA
stays the less stable of the two: prefer NMF when topics must be reproducible.

Document shares
---------------
``doc_topics_`` rows sum to 1. NMF shares are each document's loadings ``W`` divided
by their sum (documents are l2-normalised tf-idf rows, so documents weigh alike); LDA
shares are the variational posterior means. :meth:`TopicModel.transform` gives new
documents shares that depend on each document alone: NMF solves each document's
non-negative least squares exactly (``_nmf_rows``), LDA runs scikit-learn's
per-document variational step; so a document gets the same shares alone, in a batch,
or in a partition on a cluster (:mod:`analysis.topics.transform`). A document with no counted term (an empty
row, before or after pruning) has no evidence for any topic: it gets the uniform share
``1/k``, is listed in ``empty_docs_``, and a warning says how many there were.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.linalg import solve_triangular
from scipy.optimize import nnls
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

from .sampling import fit_on_sample, is_articles
from .transform import transform_documents

__all__ = ["METHODS", "TopicModel", "fit_topics"]

METHODS = ("nmf", "lda")

_PRUNE_DEFAULTS: dict[str, dict[str, Any]] = {
    "nmf": {"min_df": 2, "max_df": 0.5},
    "lda": {"min_df": 10, "max_df": 0.5},
}
_NMF_DEFAULTS: dict[str, Any] = {
    "sublinear_tf": True,
    "init": "nndsvda",
    "beta_loss": "frobenius",
    "alpha_W": 0.0,
    "alpha_H": 1e-6,
    "l1_ratio": 1.0,
    "max_iter": 100,
    "tol": 1e-4,
}
_LDA_DEFAULTS: dict[str, Any] = {
    "learning_method": "batch",
    "max_iter": 10,
    "doc_topic_prior": None,
    "topic_word_prior": 0.01,
    "learning_decay": 0.7,
    "batch_size": 128,
}
_N_LABEL_TERMS = 3
#: The estimators are fitted on single-precision matrices: measured 1.3-1.4x faster for
#: NMF than double precision with the same topics (c_npmi, BBC NMI unchanged).
_FIT_DTYPE = np.float32


# -- preparation shared by fit_topics and select_k --------------------------------------
@dataclass
class _Prepared:
    """The pruned counts and the (NMF) tf-idf matrix, built once per DTM and method."""

    method: str
    counts: sp.csr_matrix
    weights: sp.csr_matrix  # tf-idf for NMF, counts for LDA (float32, _FIT_DTYPE)
    terms: np.ndarray
    doc_ids: pd.Index
    idf: np.ndarray | None
    options: dict[str, Any]
    dtm_options: dict[str, Any]
    estimator_options: dict[str, Any] = field(default_factory=dict)


def _check_dtm(dtm: Any) -> None:
    for name in ("matrix", "terms", "doc_ids"):
        if not hasattr(dtm, name):
            raise TypeError(
                "fit_topics expects a DocumentTermMatrix (from analysis.terms.build_dtm) "
                f"with a '{name}' attribute; got {type(dtm).__name__}."
            )


def _split_options(method: str, options: dict[str, Any]) -> tuple[dict, dict]:
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}. Choose 'nmf' or 'lda'.")
    model_defaults = _NMF_DEFAULTS if method == "nmf" else _LDA_DEFAULTS
    prune_defaults = _PRUNE_DEFAULTS[method]
    allowed = set(prune_defaults) | set(model_defaults)
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise TypeError(
            f"Unknown option(s) {unknown} for method={method!r}. Accepted: {sorted(allowed)}."
        )
    prune = {**prune_defaults, **{k: v for k, v in options.items() if k in prune_defaults}}
    model = {**model_defaults, **{k: v for k, v in options.items() if k in model_defaults}}
    return prune, model


def _prune(counts: sp.csr_matrix, min_df: float, max_df: float) -> np.ndarray:
    n_docs = counts.shape[0]
    doc_freq = np.bincount(counts.indices, minlength=counts.shape[1])
    low = min_df if isinstance(min_df, (int, np.integer)) else np.ceil(min_df * n_docs)
    high = max_df if isinstance(max_df, (int, np.integer)) else max_df * n_docs
    keep = (doc_freq >= low) & (doc_freq <= high)
    if not keep.any():
        raise ValueError(
            f"After pruning (min_df={min_df}, max_df={max_df}) no terms remain out of "
            f"{counts.shape[1]}. Try a lower min_df or a higher max_df."
        )
    return keep


def _prepare(dtm: Any, method: str, options: dict[str, Any]) -> _Prepared:
    _check_dtm(dtm)
    prune, model = _split_options(method, options)
    counts = sp.csr_matrix(dtm.matrix, dtype=np.float64, copy=True)  # never touch the input
    counts.sum_duplicates()
    counts.eliminate_zeros()
    if counts.shape[0] == 0 or counts.nnz == 0:
        raise ValueError(
            "The document-term matrix is empty (no documents or no counted terms). "
            "Check the corpus and the pruning options of build_dtm."
        )
    if (counts.data < 0).any():
        raise ValueError("The document-term matrix has negative entries; topic models need counts.")
    keep = _prune(counts, prune["min_df"], prune["max_df"])
    counts = sp.csr_matrix(counts[:, keep])
    terms = np.asarray(dtm.terms, dtype=object)[keep]
    idf = None
    weights = counts
    if method == "nmf":
        sublinear = model.pop("sublinear_tf")
        weights, idf = _tfidf(counts, sublinear=sublinear)
        model = {**model, "sublinear_tf": sublinear}
    weights = weights.astype(_FIT_DTYPE)
    return _Prepared(
        method=method,
        counts=counts,
        weights=weights,
        terms=terms,
        doc_ids=pd.Index(dtm.doc_ids, name="doc_id"),
        idf=idf,
        options={**prune, **model},
        dtm_options=dict(getattr(dtm, "options", None) or {}),
        estimator_options={k: v for k, v in model.items() if k != "sublinear_tf"},
    )


def _tfidf(
    counts: sp.csr_matrix, *, sublinear: bool, idf: np.ndarray | None = None
) -> tuple[sp.csr_matrix, np.ndarray]:
    """scikit-learn's TfidfTransformer (smooth idf, l2 rows), with idf reusable."""
    if idf is None:
        n_docs = counts.shape[0]
        doc_freq = np.bincount(counts.indices, minlength=counts.shape[1])
        idf = np.log((1 + n_docs) / (1 + doc_freq)) + 1.0
    x = counts.copy()
    if sublinear:
        np.log(x.data, out=x.data)
        x.data += 1.0
    x = sp.csr_matrix(x.multiply(idf[None, :]))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = sp.csr_matrix(sp.diags(1.0 / norms) @ x)
    return x, idf


def _check_k(k: Any, n_docs: int, n_terms: int) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be an integer number of topics; got {k!r}.")
    if k < 1:
        raise ValueError(f"k must be at least 1; got {k}.")
    if k > min(n_docs, n_terms):
        raise ValueError(
            f"k={k} topics is more than the {n_docs} document(s) and {n_terms} term(s) "
            f"available after pruning (so k <= {min(n_docs, n_terms)}). Choose a smaller "
            "k or a larger corpus / gentler pruning (min_df, max_df)."
        )
    return int(k)


class _LDA(LatentDirichletAllocation):
    """scikit-learn's LDA, keeping the document-topic matrix its ``fit`` ends with.

    ``fit`` ends with an E-step over the training documents (for ``bound_``) that is
    the computation ``transform`` repeats; keeping its result saves a second pass over
    the documents (about a tenth of the default fit). The two agree to float32
    rounding (the last bit can differ). The hook is a private method of
    scikit-learn: if a version stops calling it, ``transform`` runs instead (the
    tests compare the two).
    """

    def _perplexity_precomp_distr(self, X, doc_topic_distr=None, sub_sampling=False):
        if doc_topic_distr is not None:
            self._fit_distr = np.array(doc_topic_distr, copy=True)
        return super()._perplexity_precomp_distr(X, doc_topic_distr, sub_sampling)


def _fit_estimator(prep: _Prepared, k: int, random_state: int, rows: np.ndarray | None = None):
    """Fit the scikit-learn estimator on all rows (or ``rows``); return (estimator, W).

    BLAS runs single-threaded during the fit: measured as fast as two threads for these
    sparse solvers, and it avoids oversubscription when fits run in parallel or the
    machine is shared.
    """
    with threadpool_limits(limits=1):
        return _fit_estimator_unlimited(prep, k, random_state, rows)


def _fit_estimator_unlimited(prep: _Prepared, k: int, random_state: int, rows):
    x = prep.weights if rows is None else prep.weights[rows]
    nonempty = np.diff(x.indptr) > 0
    if prep.method == "nmf":
        est = NMF(n_components=k, random_state=random_state, **prep.estimator_options)
        if est.beta_loss != "frobenius" and est.solver == "cd":
            est.set_params(solver="mu")
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=ConvergenceWarning)
            w = np.zeros((x.shape[0], k))
            w[nonempty] = est.fit_transform(x[nonempty])
    else:
        est = _LDA(n_components=k, random_state=random_state, **prep.estimator_options)
        est.fit(x)
        w = est.__dict__.pop("_fit_distr", None)
        if w is None or w.shape != (x.shape[0], k):  # the hook was not called: transform
            w = est.transform(x)
        else:  # exactly transform's normalisation
            w /= w.sum(axis=1)[:, np.newaxis]
    return est, w


def _nmf_rows(x: sp.csr_matrix, estimator: NMF) -> np.ndarray:
    """Each row's exact loadings on fixed NMF topics: one small NNLS per document.

    Minimises ``0.5 ||x_i - w H||^2 + l1 ||w||_1 + 0.5 l2 ||w||^2`` over ``w >= 0`` with
    scikit-learn's regularisation of ``W`` (``alpha_W``, ``l1_ratio``). With
    ``G = H H^T + l2 I = L L^T`` this is ``min ||L^T w - L^{-1} (H x_i - l1)||`` over
    ``w >= 0``, a k x k problem solved exactly by Lawson-Hanson
    (:func:`scipy.optimize.nnls`). Unlike ``NMF.transform`` (a shared stopping rule and
    a batch-wide initial value), each document's shares depend on that document alone,
    so they are the same whether it is transformed alone, with others, or partition by
    partition on a cluster.
    """
    h = np.asarray(estimator.components_, dtype=np.float64)
    k, n_features = h.shape
    alpha_w = float(estimator.alpha_W)
    l1 = n_features * alpha_w * estimator.l1_ratio
    l2 = n_features * alpha_w * (1.0 - estimator.l1_ratio)
    active = np.flatnonzero(np.any(h > 0, axis=1))  # an all-zero topic gets no loading
    out = np.zeros((x.shape[0], k))
    if len(active) == 0:
        return out
    ha = h[active]
    gram = ha @ ha.T + l2 * np.eye(len(active))
    try:
        chol = np.linalg.cholesky(gram)
    except np.linalg.LinAlgError:  # collinear topics: a tiny ridge keeps it solvable
        chol = np.linalg.cholesky(gram + 1e-10 * np.trace(gram) * np.eye(len(active)))
    lower_inv = solve_triangular(chol, np.eye(len(active)), lower=True)
    upper = np.ascontiguousarray(chol.T)
    xht = sp.csr_matrix(x, dtype=np.float64) @ ha.T  # row i depends on row i only
    xht -= l1
    for i in range(x.shape[0]):
        out[i, active] = nnls(upper, lower_inv @ xht[i])[0]
    return out


def _shares(w: np.ndarray, nonempty: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=np.float64)  # rows then sum to 1 in double precision
    k = w.shape[1]
    totals = w.sum(axis=1)
    ok = nonempty & (totals > 0)
    out = np.full(w.shape, 1.0 / k)
    out[ok] = w[ok] / totals[ok, None]
    return out


def _topic_order(shares: np.ndarray, nonempty: np.ndarray) -> np.ndarray:
    base = shares[nonempty] if nonempty.any() else shares
    prevalence = base.mean(axis=0)
    return np.argsort(-prevalence, kind="stable")


def _labels(topic_terms: np.ndarray, terms: np.ndarray) -> pd.Series:
    labels = []
    seen: set[str] = set()
    for row in topic_terms:
        order = np.argsort(-row, kind="stable")
        n = _N_LABEL_TERMS
        label = ", ".join(terms[order[:n]])
        while label in seen and n < len(order):
            n += 1
            label = ", ".join(terms[order[:n]])
        seen.add(label)
        labels.append(label)
    return pd.Series(labels, index=pd.RangeIndex(len(labels), name="topic"), name="label")


class TopicModel:
    """A fitted topic model with its topics numbered by prevalence.

    Build it with :func:`fit_topics`, not directly.

    Attributes
    ----------
    method : {"nmf", "lda"}
    k : int
        Number of topics.
    terms_ : numpy.ndarray of str
        The model's vocabulary (the DTM's terms after pruning), column order.
    topic_terms_ : pandas.DataFrame
        Topic-term weights, shape ``(k, n_terms)``; index ``topic`` (0 = most prevalent),
        columns ``terms_``. NMF: rows of ``H``; LDA: ``components_`` (pseudo-counts).
    doc_topics_ : pandas.DataFrame
        Document-topic shares, index ``doc_id``, columns ``0 .. k-1``; rows sum to 1.
    labels_ : pandas.Series
        A short label per topic: its top three terms, comma-separated (extended by a
        term when two topics would share a label).
    prevalence_ : pandas.Series
        Mean share of each topic over the non-empty documents (descending).
    empty_docs_ : pandas.Index
        ``doc_id`` of documents with no counted term; their share is uniform.
    term_frequency_ : numpy.ndarray
        Corpus count of each term (used by the LDAvis relevance).
    estimator_ : sklearn estimator
        The fitted NMF or LatentDirichletAllocation (its component order is the
        estimator's, see ``order_``).
    order_ : numpy.ndarray
        ``order_[i]`` is the estimator component shown as topic ``i``.
    options_ : dict
        Every option used (defaults filled in), plus ``random_state``.
    """

    def __init__(self, prep: _Prepared, estimator: Any, w: np.ndarray, random_state: int):
        nonempty = np.diff(prep.weights.indptr) > 0
        shares = _shares(w, nonempty)
        order = _topic_order(shares, nonempty)
        k = len(order)
        self.method = prep.method
        self.k = k
        self.terms_ = prep.terms
        self.order_ = order
        self.estimator_ = estimator
        topic_index = pd.RangeIndex(k, name="topic")
        self.topic_terms_ = pd.DataFrame(
            np.asarray(estimator.components_[order], dtype=np.float64),
            index=topic_index,
            columns=pd.Index(prep.terms, name="term"),
        )
        self.doc_topics_ = pd.DataFrame(shares[:, order], index=prep.doc_ids, columns=topic_index)
        self.empty_docs_ = prep.doc_ids[~nonempty]
        self.doc_topics_.attrs["empty_docs"] = list(self.empty_docs_)
        base = self.doc_topics_.to_numpy()[nonempty] if nonempty.any() else shares
        self.prevalence_ = pd.Series(base.mean(axis=0), index=topic_index, name="prevalence")
        self.labels_ = _labels(self.topic_terms_.to_numpy(), prep.terms)
        self.term_frequency_ = np.asarray(prep.counts.sum(axis=0)).ravel()
        self.options_ = {**prep.options, "random_state": random_state}
        self._idf = prep.idf
        self._dtm_options = prep.dtm_options
        if len(self.empty_docs_):
            warnings.warn(
                f"{len(self.empty_docs_)} document(s) have no counted term after pruning; "
                "they get a uniform topic share (1/k) and are listed in model.empty_docs_.",
                UserWarning,
                stacklevel=3,
            )

    def __repr__(self) -> str:
        return (
            f"TopicModel(method={self.method!r}, k={self.k}, n_docs={len(self.doc_topics_)}, "
            f"n_terms={len(self.terms_)})"
        )

    @property
    def topic_term_dist_(self) -> pd.DataFrame:
        """Topic-term distributions: ``topic_terms_`` rows scaled to sum to 1."""
        values = self.topic_terms_.to_numpy()
        totals = values.sum(axis=1, keepdims=True)
        totals[totals == 0] = 1.0
        return pd.DataFrame(
            values / totals, index=self.topic_terms_.index, columns=self.topic_terms_.columns
        )

    def transform(
        self,
        texts_or_articles: Any,
        *,
        client: Any = None,
        n_jobs: int | None = None,
        rows_per_partition: int | None = None,
    ) -> pd.DataFrame:
        """Topic shares of new documents, in this model's topic numbering.

        Parameters
        ----------
        texts_or_articles : str, sequence of str, Series, articles frame or corpus
            New documents. They are tokenised with the analyzer recorded in the DTM's
            options (see :mod:`analysis.topics._text`) and counted over ``terms_``.
            A processed ``.parquet`` file or a partitioned folder (``str`` or
            ``Path``) or a dask DataFrame is read partition by partition.
        client, n_jobs, rows_per_partition
            Where and how finely to cut (:func:`analysis.parallel.get_executor`); a
            document's shares depend on it alone, so never the result
            (:mod:`analysis.topics.transform`).

        Returns
        -------
        pandas.DataFrame
            One row per document (index: the frame's or Series' index, else
            ``0..n-1``), columns ``0 .. k-1``, rows summing to 1. Documents with no
            known term get the uniform share and are listed in ``.attrs["empty_docs"]``.
        """
        return transform_documents(
            self, texts_or_articles, client=client, n_jobs=n_jobs,
            rows_per_partition=rows_per_partition,
        )  # fmt: skip

    def _transform_counts(self, counts: sp.spmatrix, like: Any = None) -> pd.DataFrame:
        """Topic shares of documents given as counts over ``terms_`` (see transform)."""
        counts = sp.csr_matrix(counts, dtype=np.float64)
        nonempty = np.diff(counts.indptr) > 0
        if self.method == "nmf":
            x, _ = _tfidf(counts, sublinear=self.options_["sublinear_tf"], idf=self._idf)
            x = x.astype(_FIT_DTYPE)
            w = np.zeros((x.shape[0], self.estimator_.n_components_))
            if nonempty.any() and self.estimator_.beta_loss in ("frobenius", 2):
                w[nonempty] = _nmf_rows(x[nonempty], self.estimator_)
            elif nonempty.any():
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", category=ConvergenceWarning)
                    w[nonempty] = self.estimator_.transform(x[nonempty])
        else:
            w = self.estimator_.transform(counts.astype(_FIT_DTYPE))
        shares = _shares(w, nonempty)[:, self.order_]
        if isinstance(like, (pd.Series, pd.DataFrame)):
            index = like.index
        else:
            index = pd.RangeIndex(shares.shape[0])
        out = pd.DataFrame(shares, index=index, columns=pd.RangeIndex(self.k, name="topic"))
        out.attrs["empty_docs"] = list(index[~nonempty])
        return out

    def term_lists(self, n: int = 10) -> list[list[str]]:
        """The ``n`` highest-weighted terms of each topic (topic order), as lists: what
        :func:`analysis.topics.coherence` scores (:func:`analysis.topics.topic_terms`
        is the tidy table)."""
        values = self.topic_terms_.to_numpy()
        order = np.argsort(-values, axis=1, kind="stable")[:, :n]
        return [list(self.terms_[row]) for row in order]

    def top_terms(self, n: int = 10) -> list[list[str]]:
        """Deprecated alias of :meth:`term_lists`."""
        warnings.warn(
            "TopicModel.top_terms is deprecated; use TopicModel.term_lists (the tidy table "
            "is analysis.topics.topic_terms).",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.term_lists(n)

    def dominant_topic(self) -> pd.Series:
        """Each document's largest-share topic (NaN-free; empty documents get -1)."""
        dominant = pd.Series(
            self.doc_topics_.to_numpy().argmax(axis=1), index=self.doc_topics_.index, name="topic"
        )
        dominant[dominant.index.isin(self.empty_docs_)] = -1
        return dominant


def fit_topics(
    dtm: Any,
    k: int,
    *,
    method: str = "nmf",
    random_state: int = 0,
    sample_size: int | None = None,
    dtm_options: dict[str, Any] | None = None,
    client: Any = None,
    n_jobs: int | None = None,
    rows_per_partition: int | None = None,
    **options,
) -> TopicModel:
    """Fit an NMF (tf-idf) or LDA (counts) topic model with measured defaults.

    Parameters
    ----------
    dtm : DocumentTermMatrix or articles
        Counts, documents in rows (``analysis.terms.build_dtm``). Or articles (a
        frame, a dask DataFrame, a ``.parquet`` file or a partitioned folder): the
        model is then fitted on a seeded sample of about ``sample_size`` of them
        (:mod:`analysis.topics.sampling`; all of them by default), on the matrix
        ``build_dtm(sample, **dtm_options)``; when the sample is not the whole
        corpus, every article gets its shares from :meth:`TopicModel.transform` and
        ``sample_`` describes the sample.
    sample_size : int, optional
        With articles: fit on about this many (default: all).
    dtm_options : dict, optional
        With articles: options of :func:`analysis.terms.build_dtm`.
    client, n_jobs, rows_per_partition
        With articles: where the partitions are sampled and transformed
        (:func:`analysis.parallel.get_executor`); they never change the model.
    k : int
        Number of topics, ``1 <= k <= min(n_docs, n_terms)`` after pruning.
    method : {"nmf", "lda"}, default "nmf"
        NMF on sublinear tf-idf weights built from the same counts, or LDA on counts.
    random_state : int, default 0
        Seed; the same seed gives the same model.
    **options
        ``min_df`` (default 2 for NMF, 10 for LDA) and ``max_df`` (default 0.5) prune
        terms (int = number of documents, float = share). NMF: ``sublinear_tf``, ``init``, ``beta_loss``,
        ``alpha_W``, ``alpha_H``, ``l1_ratio``, ``max_iter``, ``tol``. LDA:
        ``learning_method``, ``max_iter``, ``doc_topic_prior``, ``topic_word_prior``,
        ``learning_decay``, ``batch_size``. See the module docstring for the defaults
        and how they were chosen.

    Returns
    -------
    TopicModel
        Topics numbered by prevalence, descending.

    Raises
    ------
    ValueError
        If ``k`` is out of range, the matrix is empty or pruning removes every term.

    Examples
    --------
    >>> import numpy as np, pandas as pd, scipy.sparse as sp
    >>> from analysis.terms import DocumentTermMatrix
    >>> counts = sp.csr_matrix(np.array([[3, 2, 0, 0], [2, 3, 0, 0], [0, 0, 2, 3], [0, 1, 3, 2]]))
    >>> dtm = DocumentTermMatrix(counts, np.array(["oil", "price", "goal", "match"]),
    ...                          pd.Index(["a", "b", "c", "d"], name="doc_id"))
    >>> model = fit_topics(dtm, 2, min_df=1, max_df=1.0)
    >>> model.doc_topics_.sum(axis=1).round(6).tolist()
    [1.0, 1.0, 1.0, 1.0]
    >>> model.labels_.tolist()
    ['oil, price, goal', 'match, goal, price']
    """
    if is_articles(dtm):
        return fit_on_sample(
            dtm, k, fit=fit_topics, method=method, random_state=random_state,
            sample_size=sample_size, dtm_options=dtm_options, client=client, n_jobs=n_jobs,
            rows_per_partition=rows_per_partition, **options,
        )  # fmt: skip
    if sample_size is not None or dtm_options is not None:
        raise ValueError("sample_size and dtm_options need articles, not a document-term matrix.")
    prep = _prepare(dtm, method, options)
    k = _check_k(k, int((np.diff(prep.weights.indptr) > 0).sum()), len(prep.terms))
    estimator, w = _fit_estimator(prep, k, random_state)
    return TopicModel(prep, estimator, w, random_state)
