"""Keyness: which terms a target set of documents uses more (or less) than a reference.

Every statistic is computed on the 2x2 table of each term (vectorised over all
terms at once)::

                      target   reference
    this term           a          b          R1 = a + b
    all other terms     c          d          R2 = c + d
                        C1         C2         N  = C1 + C2

where ``C1``/``C2`` are the target/reference token totals and ``E = R1 C1 / N``
is the count of the term expected in the target under independence. These are
the definitions of quanteda's ``textstat_keyness`` (quanteda.textstats,
``src/keyness.cpp``), with the differences marked *(differs)*:

``g2``
    Dunning's log-likelihood ratio ``G2 = 2 sum O ln(O / E)`` over the four
    cells, ``0 ln 0 = 0``.
``chi2``
    Pearson's ``X2 = N (ad - bc)^2 / (R1 R2 C1 C2)``.
``pmi``
    Pointwise mutual information ``ln(a / E + 1e-9)`` (natural log; the
    ``1e-9`` is quanteda's epsilon, so ``a = 0`` gives about ``-20.7``, not
    ``-inf``). It has no sampling distribution: ``p_value`` is the one of the
    uncorrected ``g2`` test on the same table *(differs: quanteda reports a
    chi-squared p-value of the pmi value itself)*.
``fisher``
    Fisher's exact test, two-sided ``p_value`` (tables as or less likely than
    the observed one, relative tolerance ``1e-7`` as in R and scipy). The
    statistic is the natural log of the sample odds ratio ``ln(ad / bc)``,
    ``+inf``/``-inf`` when a cell is zero *(differs: quanteda reports the
    conditional maximum-likelihood odds ratio, unsigned)*.

Corrections (``g2`` and ``chi2`` only):

``"yates"``
    Each observed count moves ``min(0.5, |O - E|)`` towards its expected count
    before the statistic is computed; for ``chi2`` this is
    ``N max(|ad - bc| - N/2, 0)^2 / (R1 R2 C1 C2)``. This is the correction of
    ``scipy.stats.chi2_contingency(correction=True)`` and R's ``chisq.test``,
    applied to every table *(differs: quanteda applies it only when an expected
    count is below 5)*.
``"williams"``
    Williams' (1976) ``q = 1 + (N/R1 + N/R2 - 1)(N/C1 + N/C2 - 1) / (6N)``; the
    statistic is divided by ``q`` *(differs: quanteda skips it when a cell is
    zero)*.

Signs: ``g2`` and ``chi2`` are positive when ``a > E`` (the term leans to the
target) and negative otherwise; ``pmi`` and ``fisher`` have that sign by
construction. ``p_value`` for ``g2``/``chi2`` is ``P(chi2_1 > |statistic|)``.

``log_ratio`` (Hardie 2014) is always reported: ``log2((a / C1) / (b / C2))``,
a zero ``a`` or ``b`` taken as 0.5. Positive = more frequent in the target. The
0.5 substitution is a floor, not an estimate: for a term absent from one side
and rare on the other, with corpora of very different sizes, it can even have
the opposite sign of the statistic; rank such terms by the statistic.

Reading the table: the p-value of G² assumes every token is an independent draw,
but words come in articles, and an article that mentions a name once mentions it
ten times; with thousands of terms tested, some come out "significant" by chance
alone. So read the effect size (``log_ratio``) first, ask for a minimum count
(``min_count``: a term seen three times cannot be key however large its ratio),
and treat ``p_value`` as a ranking device, not a probability. ``p_holm`` adjusts
the p-values for the number of terms tested (Holm, :func:`analysis.stats.holm`);
even it does not fix the independence assumption.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import special, stats

from ..stats import holm
from ._input import check_dtm, group_sums
from .matrix import DocumentTermMatrix

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["MEASURES", "keyness", "keyness_from_counts", "keyness_table"]

MEASURES = ("g2", "chi2", "pmi", "fisher")
_SORTS = ("statistic", "log_ratio")
_EPS = 1e-9  # quanteda's epsilon for pmi


def _mask(dtm: DocumentTermMatrix, selector, *, what: str) -> np.ndarray:
    n = dtm.shape[0]
    if isinstance(selector, str):
        selector = [selector]
    if isinstance(selector, pd.Series) and selector.dtype == bool:
        if selector.index.astype(str).equals(dtm.doc_ids):
            return selector.to_numpy()
        if len(selector) == n and not set(dtm.doc_ids) <= set(selector.index.astype(str)):
            return selector.to_numpy()
        return selector.reindex(dtm.doc_ids, fill_value=False).to_numpy(dtype=bool)
    arr = np.asarray(selector)
    if arr.dtype == bool:
        if arr.ndim != 1 or len(arr) != n:
            raise ValueError(
                f"A boolean {what} mask needs one value per document ({n}); got {arr.shape}."
            )
        return arr
    ids = pd.Index(np.asarray(arr, dtype=object).astype(str).ravel())
    missing = ids.difference(dtm.doc_ids)
    if len(missing):
        raise ValueError(
            f"{len(missing)} {what} doc_ids are not in the matrix, e.g. {list(missing[:3])}. "
            "Pass ids from dtm.doc_ids, or a boolean mask with one value per document."
        )
    return dtm.doc_ids.isin(ids)


def keyness_table(
    a: ArrayLike,
    b: ArrayLike,
    c: ArrayLike,
    d: ArrayLike,
    *,
    measure: str = "g2",
    correction: str | None = None,
):
    """Keyness statistics for 2x2 tables given as arrays of cells (see the module docstring).

    Parameters
    ----------
    a, b, c, d : array-like
        ``a`` term in target, ``b`` term in reference, ``c`` other terms in
        target, ``d`` other terms in reference (broadcast together).
    measure : {'g2', 'chi2', 'pmi', 'fisher'}
    correction : {None, 'yates', 'williams'}

    Returns
    -------
    statistic, p_value, log_ratio : numpy.ndarray

    Examples
    --------
    Term counts 10 of 100 target tokens and 5 of 200 reference tokens. The
    expected cells are 5, 10, 95 and 190, so
    ``G2 = 2 (10 ln 2 + 5 ln 0.5 + 90 ln(90/95) + 195 ln(195/190)) = 7.3298``
    and ``log_ratio = log2((10/100) / (5/200)) = 2``:

    >>> stat, p, lr = keyness_table(10, 5, 90, 195)
    >>> round(float(stat), 4), round(float(p), 5), float(lr)
    (7.3298, 0.00678, 2.0)
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}; got {measure!r}.")
    if correction not in (None, "yates", "williams"):
        raise ValueError(f"correction must be None, 'yates' or 'williams'; got {correction!r}.")
    if correction is not None and measure in ("pmi", "fisher"):
        raise ValueError(
            f"correction={correction!r} is not defined for measure={measure!r}. "
            "Use correction=None, or measure='g2' or 'chi2'."
        )
    a, b, c, d = (np.asarray(v, dtype=np.float64) for v in np.broadcast_arrays(a, b, c, d))
    r1, r2, c1, c2 = a + b, c + d, a + c, b + d
    n = r1 + r2
    with np.errstate(divide="ignore", invalid="ignore"):
        e = r1 * c1 / n
        sign = np.where(a > e, 1.0, -1.0)
        lr_a = np.where(a > 0, a, 0.5)
        lr_b = np.where(b > 0, b, 0.5)
        log_ratio = np.log2((lr_a / c1) / (lr_b / c2))
        diff = a * d - b * c
        if measure in ("g2", "pmi"):
            oa, ob, oc, od = a, b, c, d
            if correction == "yates":
                delta = np.minimum(0.5, np.abs(diff) / n) * np.sign(diff)
                oa, ob, oc, od = a - delta, b + delta, c + delta, d - delta
            # 2 sum O ln(O/E) with E = row * col / N, written with margins so zero cells
            # and zero margins need no special case.
            g2 = 2 * (
                special.xlogy(oa, oa) + special.xlogy(ob, ob) + special.xlogy(oc, oc)
                + special.xlogy(od, od) - special.xlogy(r1, r1) - special.xlogy(r2, r2)
                - special.xlogy(c1, c1) - special.xlogy(c2, c2) + special.xlogy(n, n)
            )  # fmt: skip
            g2 = np.maximum(g2, 0.0)  # rounding can leave -1e-12
            if correction == "williams":
                g2 = g2 / _williams(r1, r2, c1, c2, n)
            p_value = stats.chi2.sf(g2, 1)
            stat = sign * g2
            if measure == "pmi":
                stat = np.log(a / e + _EPS)
        elif measure == "chi2":
            num = np.abs(diff)
            if correction == "yates":
                num = np.maximum(num - n / 2, 0.0)
            chi2 = n * num**2 / (r1 * r2 * c1 * c2)
            if correction == "williams":
                chi2 = chi2 / _williams(r1, r2, c1, c2, n)
            p_value = stats.chi2.sf(chi2, 1)
            stat = sign * chi2
        else:
            stat = np.log(a * d) - np.log(b * c)
            p_value = _fisher_two_sided(a.ravel(), r1.ravel(), c1.ravel(), n.ravel()).reshape(
                a.shape
            )
    return stat, p_value, log_ratio


def _williams(r1, r2, c1, c2, n):
    return 1.0 + (n / r1 + n / r2 - 1.0) * (n / c1 + n / c2 - 1.0) / (6.0 * n)


def _fisher_two_sided(a, r1, c1, n, *, chunk: int = 4_000_000) -> np.ndarray:
    """Two-sided Fisher p for each table, summing the hypergeometric pmf over its support.

    The support of term i has at most ``min(R1_i, C1) + 1`` points, so the work over
    all terms is bounded by the number of tokens plus the number of terms (and far
    less after trimming negligible tails); it is done in chunks of about ``chunk``
    points to bound memory.
    """
    a = np.asarray(a, dtype=np.int64)
    r1 = np.asarray(r1, dtype=np.int64)
    c1 = np.asarray(c1, dtype=np.int64)
    n = np.asarray(n, dtype=np.int64)
    lo = np.maximum(0, r1 + c1 - n)
    hi = np.minimum(r1, c1)
    # The pmf is log-concave and close to normal: points more than 40 standard
    # deviations beyond the observed count's distance from the mean add less than
    # exp(-800) relative to the observed table's probability; skip them.
    mean = r1 * c1 / n
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(r1 * c1 * ((n - r1) / n) * ((n - c1) / np.maximum(n - 1, 1)) / n)
    half = np.abs(a - mean) + 40 * np.nan_to_num(sd) + 10
    lo = np.maximum(lo, np.floor(mean - half).astype(np.int64))
    hi = np.minimum(hi, np.ceil(mean + half).astype(np.int64))
    size = hi - lo + 1
    out = np.empty(len(a), dtype=np.float64)
    cum = np.cumsum(size)
    start = 0
    while start < len(a):
        done = cum[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(cum, done + chunk, side="right")))
        sl = slice(start, stop)
        out[sl] = _fisher_chunk(a[sl], r1[sl], c1[sl], n[sl], lo[sl], size[sl])
        start = stop
    return out


def _log_choose(n, k):
    return special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)


def _fisher_chunk(a, r1, c1, n, lo, size):
    owner = np.repeat(np.arange(len(a)), size)
    offsets = np.arange(size.sum()) - np.repeat(np.cumsum(size) - size, size)
    x = lo[owner] + offsets
    rr1, cc1, nn = r1[owner], c1[owner], n[owner]
    logpmf = _log_choose(rr1, x) + _log_choose(nn - rr1, cc1 - x) - _log_choose(nn, cc1)
    log_obs = _log_choose(r1, a) + _log_choose(n - r1, c1 - a) - _log_choose(n, c1)
    keep = logpmf <= log_obs[owner] + np.log1p(1e-7)
    p = np.bincount(owner, weights=np.where(keep, np.exp(logpmf), 0.0), minlength=len(a))
    return np.minimum(p, 1.0)


def keyness(
    dtm: DocumentTermMatrix,
    target: str | Sequence[str] | ArrayLike,
    *,
    reference: str | Sequence[str] | ArrayLike | None = None,
    measure: str = "g2",
    correction: str | None = None,
    min_count: int = 1,
    sort: str = "statistic",
) -> pd.DataFrame:
    """Terms that a target set of documents over- or under-uses against a reference.

    Definitions, signs and corrections are in the module docstring
    (:mod:`analysis.terms.keyness`); they follow quanteda's ``textstat_keyness``.

    Parameters
    ----------
    dtm : DocumentTermMatrix
        The two sides' counts are summed block by block; the statistics
        are then computed by :func:`keyness_from_counts`, as for one matrix.
    target : boolean array-like, doc_id or list of doc_ids
        The target documents (a boolean Series indexed by doc_id is aligned).
    reference : same kinds as ``target``, optional
        The reference documents; default: every document not in the target.
    measure : {'g2', 'chi2', 'pmi', 'fisher'}, default 'g2'
    correction : {None, 'yates', 'williams'}, default None
        Only for ``g2`` and ``chi2``.
    min_count : int, default 1
        Terms seen fewer times on both sides together are left out (and not
        counted in the Holm adjustment).
    sort : {'statistic', 'log_ratio'}, default 'statistic'
        ``log_ratio`` ranks by effect size (ties by statistic, then term).

    Returns
    -------
    DataFrame
        Columns ``term``, ``n_target``, ``n_reference``, ``statistic``,
        ``p_value``, ``log_ratio``, ``p_holm`` (``p_value`` adjusted for the number
        of terms listed); sorted by ``sort`` (descending; ties by significance, then
        term), so target-leaning terms come first and reference-leaning terms last.
        Terms used by neither side are left out.

    Raises
    ------
    ValueError
        The target (or reference) selects no document, the target selects every
        document, target and reference overlap, a side has no tokens, or an
        unknown measure/correction.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.terms import build_dtm
    >>> arts = pd.DataFrame({"text": ["Moscow said Moscow", "Paris said", "Paris rain"]},
    ...                     index=pd.Index(["t1", "r1", "r2"], name="doc_id"))
    >>> key = keyness(build_dtm(arts), ["t1"])
    >>> key[["term", "n_target", "n_reference"]]
         term  n_target  n_reference
    0  moscow         2            0
    1    said         1            1
    2    rain         0            1
    3   paris         0            2
    >>> bool((key["statistic"] > 0).iloc[0]), bool((key["log_ratio"] < 0).iloc[-1])
    (True, True)
    """
    check_dtm(dtm, caller="keyness")
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}; got {measure!r}.")
    t = _mask(dtm, target, what="target")
    if not t.any():
        raise ValueError(
            "target selects no documents. Pass a boolean mask with at least one True, "
            "or doc_ids present in dtm.doc_ids."
        )
    if reference is None:
        if t.all():
            raise ValueError(
                "target selects every document, so nothing is left for the reference. "
                "Leave some documents out of the target, or pass reference=..."
            )
        r = ~t
    else:
        r = _mask(dtm, reference, what="reference")
        if not r.any():
            raise ValueError(
                "reference selects no documents. Pass a mask with at least one True, or "
                "leave reference=None to use every document outside the target."
            )
        if (t & r).any():
            raise ValueError(
                f"target and reference share {int((t & r).sum())} documents; a document "
                "can be on one side only."
            )
    # Both sides' term counts in one pass over the rows (over every block of a
    # matrix): target = group 0, reference = group 1.
    codes = np.where(t, 0, np.where(r, 1, -1))
    sums = group_sums(dtm, codes, 2).toarray()
    return keyness_from_counts(
        dtm.terms,
        sums[0],
        sums[1],
        measure=measure,
        correction=correction,
        min_count=min_count,
        sort=sort,
    )


def keyness_from_counts(
    terms: ArrayLike,
    n_t: ArrayLike,
    n_r: ArrayLike,
    *,
    measure: str = "g2",
    correction: str | None = None,
    min_count: int = 1,
    sort: str = "statistic",
) -> pd.DataFrame:
    """The keyness table from the target's and the reference's summed term counts.

    The final step of :func:`keyness`, once the two sides' counts are summed (for
    counts made elsewhere, e.g. summed over several matrices).

    Examples
    --------
    >>> import numpy as np
    >>> keyness_from_counts(np.array(["a", "b"]), np.array([3, 0]), np.array([1, 4]))["term"].tolist()
    ['a', 'b']
    >>> keyness_from_counts(np.array(["a", "b"]), np.array([3, 0]), np.array([1, 6]),
    ...                     min_count=5)["term"].tolist()
    ['b']
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}; got {measure!r}.")
    if sort not in _SORTS:
        raise ValueError(f"sort must be one of {_SORTS}; got {sort!r}.")
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ValueError(f"min_count must be a positive integer; got {min_count!r}.")
    n_t = np.asarray(n_t)
    n_r = np.asarray(n_r)
    c1, c2 = n_t.sum(), n_r.sum()
    if c1 == 0 or c2 == 0:
        side = "target" if c1 == 0 else "reference"
        raise ValueError(
            f"The {side} documents contain no terms (all their rows are zero). "
            "Choose documents with text, or rebuild the matrix with fewer stop words."
        )
    used = (n_t + n_r) >= min_count
    terms = np.asarray(terms)[used].astype(str)
    a, b = n_t[used], n_r[used]
    stat, p, lr = keyness_table(a, b, c1 - a, c2 - b, measure=measure, correction=correction)
    with np.errstate(divide="ignore"):
        strength = np.sign(stat) * -np.log(np.maximum(p, 1e-300))
    if sort == "statistic":
        order = np.lexsort((terms, -strength, -stat))
    else:
        order = np.lexsort((terms, -strength, -stat, -lr))
    return pd.DataFrame(
        {
            "term": terms[order],
            "n_target": a[order],
            "n_reference": b[order],
            "statistic": stat[order],
            "p_value": p[order],
            "log_ratio": lr[order],
            "p_holm": holm(p)[order],
        }
    )
