"""Fit NMF or LDA topic models on a document-term matrix, with measured defaults.

Why one long module: the estimator (:class:`TopicModel`, a scikit-learn estimator), the
measured defaults it documents and the fit and transform steps they govern are read
together; the input handling of the estimator API lives in :mod:`._estimator`.

Topic numbering
---------------
Topics are numbered ``0 .. k-1`` **by prevalence, descending**: topic 0 has the largest
mean share over the (non-empty) documents. Ties keep the estimator's order. The
numbering is fixed when the model is fitted; every view (``topic_terms_``,
``doc_topics_``, ``labels_``, :func:`~analysis.topics.top_terms`,
:func:`~analysis.topics.topic_map`, prevalence tables, plots) uses it, and nothing
re-sorts topics afterwards.

Defaults (chosen by measurement, see ``benchmarks/bench_topics.py`` and
``benchmarks/bench_topic_quality.py``; figures in ``docs/topic-quality.md``)
----------------------------------------------------------------------------------
Both estimators are fitted on single-precision (float32) matrices with single-threaded
BLAS; the weights shown (``topic_terms_``, ``doc_topics_``) are double precision.

NMF: terms in at least 2 documents and at most half of them; tf-idf with sublinear
term frequency (``1 + log tf``) and l2-normalised rows; ``init="nndsvda"``,
Frobenius loss (coordinate descent), a light ridge (L2) penalty on both factors
(``alpha_W=alpha_H=1e-5``, ``l1_ratio=0``) and 100 iterations. Measured at k = the
number of labels on five labelled corpora (BBC News, Reuters R8 and R52, 20
Newsgroups, tm's Reuters acq/crude): the ridge on the document loadings raises NMI
over the previous defaults (no penalty on them) on R8 (0.380 -> 0.415), R52 and 20
Newsgroups, keeps BBC (0.864) and acq/crude, with c_npmi equal or higher (demo
corpus, k=20: 0.239; scikit-learn's NMF defaults on tf-idf: 0.197); ``alpha_W``
from 3e-6 to 1e-4 scores within 0.01. These defaults match (acq/crude, 0.895) or beat
plain scikit-learn NMF on tf-idf on every corpus. LDA on counts does better on the
Reuters collections (NMI, medians of seeds 0-2: R8 0.51 vs 0.415, R52 0.48 vs 0.447):
NMF on l2-normalised tf-idf splits their dominant, formulaic class (``earn``, half of
R8) into report templates; no NMF option measured (pruning, weighting, init, loss,
penalty, iterations) closes that gap.
The penalty keeps scikit-learn's stopping rule from triggering, so the fit
runs its 100 iterations and its convergence warning is silenced: that cap is the
measured setting (figures: ``docs/topic-quality.md``).

Which method by default (``method="auto"``, :func:`default_method`, :data:`AUTO_RULE`):
**LDA when the matrix has at least 1,000 documents and its median document fewer than
64 counted terms, else NMF.** Corpus size alone does not separate the cases (R8 and
R52 lie between BBC and 20 Newsgroups); document length does: median counted terms
(the DTM's row sums) R8 46 and R52 49 (LDA wins), 20 Newsgroups 88, BBC 173 and the
demo corpus 241 (NMF wins or ties). The threshold was first set, from R8 and BBC
alone, at their geometric midpoint (90); 20 Newsgroups (88, where our LDA loses:
0.48 vs NMF's 0.53) fell just under it, so it was lowered to the geometric midpoint of
R8 and 20 Newsgroups (64). The rule is thus chosen on R8, BBC and 20 Newsgroups; R52
(same source as R8) confirms it. The 1,000-document floor keeps small corpora on NMF:
LDA prunes terms in fewer than 10 documents and its fit varies more with the seed on
few documents (tm's 70 acq/crude articles, 70 counted terms: LDA 0.78-0.85 vs NMF 0.895).
LDA costs 10-30 times NMF's fit time; pass ``method="nmf"`` to keep NMF (for
reproducible topics, or speed) on a corpus of short reports.

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
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from ..inputs import as_texts_input
from ._estimator import aligned_counts, as_dtm, is_matrix
from .sampling import fit_on_sample, is_articles
from .transform import transform_documents

__all__ = ["AUTO_RULE", "METHODS", "TopicModel", "default_method", "fit_topics"]

METHODS = ("nmf", "lda")

_PRUNE_DEFAULTS: dict[str, dict[str, Any]] = {
    "nmf": {"min_df": 2, "max_df": 0.5},
    "lda": {"min_df": 10, "max_df": 0.5},
}
_NMF_DEFAULTS: dict[str, Any] = {
    "sublinear_tf": True,
    "init": "nndsvda",
    "beta_loss": "frobenius",
    "alpha_W": 1e-5,
    "alpha_H": 1e-5,
    "l1_ratio": 0.0,
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
#: ``fit_topics(method="auto")``: LDA when the matrix has at least ``min_docs`` documents
#: and its median document fewer than ``max_median_terms`` counted terms, else NMF
#: (the rule, how it was chosen and where it was confirmed: the module docstring).
AUTO_RULE: dict[str, int] = {"min_docs": 1000, "max_median_terms": 64}
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
        raise ValueError(
            "Negative values in data: the document-term matrix has negative entries; "
            "topic models need counts (or non-negative weights)."
        )
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
    if sublinear:  # 1 + log(tf) for counts; weights below 1 (not counts) are kept
        big = x.data >= 1.0
        x.data[big] = np.log(x.data[big]) + 1.0
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
            f"available after pruning (n_samples = {n_docs}, n_features = {n_terms}; so "
            f"k <= {min(n_docs, n_terms)}). Choose a smaller "
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


class TopicModel(TransformerMixin, BaseEstimator):
    """An NMF or LDA topic model with its topics numbered by prevalence.

    A scikit-learn estimator (``fit``, ``transform``, ``fit_transform``,
    ``get_params``/``set_params``, :func:`sklearn.base.clone`, a step of a ``Pipeline``
    after ``CountVectorizer``); :func:`fit_topics` is the shortcut that also takes
    articles and returns the same fitted object.

    Parameters
    ----------
    k : int, default 10
        Number of topics.
    method : {"nmf", "lda"}, default "nmf"
        The estimator fits what it is told; :func:`fit_topics` (default
        ``method="auto"``) chooses with :func:`default_method` and passes the choice here.
    random_state : int, default 0
    min_df, max_df : int or float, optional
        Term pruning before the fit (default: 2 / 0.5 for NMF, 10 / 0.5 for LDA).
    options : dict, optional
        The estimator options of :func:`fit_topics` (``max_iter``, ``alpha_H`` ...);
        None: the measured defaults (see the module docstring).

    Attributes
    ----------
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
    n_features_in_ : int
        Columns of the matrix ``fit`` was given (before pruning).
    feature_names_in_ : numpy.ndarray of str
        Its column names, when it was a pandas frame with string column names.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.base import clone
    >>> X = np.array([[3, 2, 0, 0], [2, 3, 0, 1], [0, 0, 2, 3], [0, 1, 3, 2]])
    >>> model = TopicModel(2, min_df=1, max_df=1.0).fit(X)
    >>> model.transform(X).round(2).shape, list(model.terms_)
    ((4, 2), ['term0', 'term1', 'term2', 'term3'])
    >>> clone(model).set_params(k=3).get_params()["k"]
    3
    """

    def __init__(
        self,
        k: int = 10,
        *,
        method: str = "nmf",
        random_state: int = 0,
        min_df: float | None = None,
        max_df: float | None = None,
        options: dict[str, Any] | None = None,
    ):
        self.k = k
        self.method = method
        self.random_state = random_state
        self.min_df = min_df
        self.max_df = max_df
        self.options = options

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.positive_only = True
        tags.transformer_tags.preserves_dtype = []  # shares are a float64 DataFrame
        return tags

    def _fit_options(self) -> dict[str, Any]:
        pruning = {"min_df": self.min_df, "max_df": self.max_df}
        return {**(self.options or {}), **{k: v for k, v in pruning.items() if v is not None}}

    def fit(self, X: Any, y: Any = None) -> TopicModel:
        """Fit on a document-term matrix: a DocumentTermMatrix, a sparse matrix or an array.

        ``y`` is ignored. Articles or texts: use :func:`fit_topics` (or a ``Pipeline``
        with a vectorizer); the terms of a plain matrix are ``feature_names_in_`` or
        ``term0`` ...
        """
        if not is_matrix(X):
            raise TypeError(
                f"TopicModel.fit takes a document-term matrix (DocumentTermMatrix, sparse "
                f"matrix or array); got {type(X).__name__}. For articles or texts use "
                "analysis.topics.fit_topics(articles, k) or a Pipeline with a vectorizer."
            )
        dtm = as_dtm(self, X, reset=True)
        prep = _prepare(dtm, self.method, self._fit_options())
        k = _check_k(self.k, int((np.diff(prep.weights.indptr) > 0).sum()), len(prep.terms))
        estimator, w = _fit_estimator(prep, k, self.random_state)
        self._set_fitted(prep, estimator, w)
        return self

    def fit_transform(self, X: Any, y: Any = None, **_: Any) -> pd.DataFrame:
        """``fit(X)``, then the training documents' shares: ``doc_topics_``."""
        return self.fit(X, y).doc_topics_.copy()

    def _set_fitted(self, prep: _Prepared, estimator: Any, w: np.ndarray) -> None:
        random_state = self.random_state
        nonempty = np.diff(prep.weights.indptr) > 0
        shares = _shares(w, nonempty)
        order = _topic_order(shares, nonempty)
        k = len(order)
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
                stacklevel=4,
            )

    def __repr__(self, N_CHAR_MAX: int = 700) -> str:
        if not hasattr(self, "doc_topics_"):
            return super().__repr__(N_CHAR_MAX)
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
        texts_or_articles : texts, articles, corpus or document-term matrix
            New documents. Texts (any kind :mod:`analysis.inputs` accepts) are
            tokenised with the analyzer recorded in the DTM's options (see
            :mod:`analysis.topics._text`) and counted over ``terms_``. A processed
            ``.parquet`` file or a partitioned folder (``str`` or ``Path``) or a dask
            DataFrame is read partition by partition. A DocumentTermMatrix, sparse
            matrix or array is taken as counts, matched to ``terms_`` by term name.
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
        check_is_fitted(self, "terms_")
        if is_matrix(texts_or_articles):
            dtm = as_dtm(self, texts_or_articles, reset=False)
            like = pd.Series(index=dtm.doc_ids, dtype=object)
            return self._transform_counts(aligned_counts(dtm, self.terms_), like)
        texts_or_articles = as_texts_input(texts_or_articles, caller="TopicModel.transform")
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
    method: str = "auto",
    random_state: int = 0,
    sample_size: int | None = None,
    dtm_options: dict[str, Any] | None = None,
    client: Any = None,
    n_jobs: int | None = None,
    rows_per_partition: int | None = None,
    **options: Any,
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
    method : {"auto", "nmf", "lda"}, default "auto"
        NMF on sublinear tf-idf weights built from the same counts, or LDA on counts.
        ``"auto"`` picks one by :func:`default_method`'s rule: LDA for a corpus of at
        least 1,000 documents whose median document has fewer than 64 counted terms
        (short reports, such as Reuters), else NMF; options that only one method
        accepts (``alpha_W``, ``topic_word_prior`` ...) pick that method. The fitted
        model's ``method`` says which was used.
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
    if not is_matrix(dtm):
        dtm = as_texts_input(dtm, caller="fit_topics")  # polars, records, iterators
    if not is_matrix(dtm) and not is_articles(dtm) and not isinstance(dtm, str):
        dtm = pd.DataFrame({"text": pd.Series(dtm, dtype=object)})  # a Series or list
    if is_articles(dtm):
        return fit_on_sample(
            dtm, k, fit=fit_topics, method=method, random_state=random_state,
            sample_size=sample_size, dtm_options=dtm_options, client=client, n_jobs=n_jobs,
            rows_per_partition=rows_per_partition, **options,
        )  # fmt: skip
    if sample_size is not None or dtm_options is not None:
        raise ValueError("sample_size and dtm_options need articles, not a document-term matrix.")
    if method == "auto":
        method = default_method(dtm, options=options)
    _split_options(method, options)  # unknown options: a TypeError that lists them
    pruning = {key: options.pop(key) for key in ("min_df", "max_df") if key in options}
    model = TopicModel(k, method=method, random_state=random_state, options=options or None)
    return model.set_params(**pruning).fit(dtm)


def default_method(dtm: Any, *, options: dict[str, Any] | None = None) -> str:
    """The method ``fit_topics(method="auto")`` fits on ``dtm``: ``"lda"`` or ``"nmf"``.

    Options that only one method accepts decide first (``alpha_W`` is NMF's,
    ``topic_word_prior`` LDA's). Otherwise :data:`AUTO_RULE`: LDA when the matrix has at
    least 1,000 documents and its median document fewer than 64 counted terms (the
    row sums of ``dtm``, before the topic model's pruning), else NMF. The module
    docstring gives the measurements behind it.

    Parameters
    ----------
    dtm : DocumentTermMatrix
        Counts, documents in rows.
    options : dict, optional
        The options that will be passed to :func:`fit_topics`.

    Returns
    -------
    str
        ``"lda"`` or ``"nmf"``.

    Examples
    --------
    >>> import numpy as np, pandas as pd, scipy.sparse as sp
    >>> from analysis.terms import DocumentTermMatrix
    >>> def corpus(n_docs, words):
    ...     counts = sp.csr_matrix(np.full((n_docs, 4), words // 4))
    ...     return DocumentTermMatrix(counts, np.array(list("abcd")),
    ...                               pd.Index([str(i) for i in range(n_docs)]))
    >>> default_method(corpus(2000, 40)), default_method(corpus(2000, 200))
    ('lda', 'nmf')
    >>> default_method(corpus(50, 40))  # too few documents for LDA's pruning
    'nmf'
    >>> default_method(corpus(2000, 40), options={"alpha_W": 1e-4})
    'nmf'
    """
    options = options or {}
    own = {m: set(_NMF_DEFAULTS if m == "nmf" else _LDA_DEFAULTS) for m in METHODS}
    for method, other in (("nmf", "lda"), ("lda", "nmf")):
        if any(key in own[method] and key not in own[other] for key in options):
            return method
    _check_dtm(dtm)
    matrix = sp.csr_matrix(dtm.matrix)
    if matrix.shape[0] < AUTO_RULE["min_docs"]:
        return "nmf"
    lengths = np.asarray(matrix.sum(axis=1)).ravel()
    return "lda" if np.median(lengths) < AUTO_RULE["max_median_terms"] else "nmf"
