"""Weighted log-odds with a Dirichlet prior: which words set one group apart from the others.

Monroe, Colaresi & Quinn (2008), "Fightin' Words", in the form of the R package
``tidylo`` (``bind_log_odds``). Every group ``i`` is compared with all groups together
(itself included), after adding a prior pseudo-count ``alpha_w`` to each count
``n_wi`` of term ``w``::

    y_wi    = n_wi + alpha_w                     pseudo-count of w in group i
    y_w     = sum_i y_wi                         of w over all groups
    n_i     = sum_w y_wi                         of all terms in group i
    log_odds          = ln(y_wi / (n_i - y_wi)) - ln(y_w / (sum y - y_w))   (eqn 15)
    variance          = 1 / y_wi + 1 / y_w                                 (eqn 18)
    weighted_log_odds = log_odds / sqrt(variance)                          (eqn 21)

The *informative* (empirical Bayes) prior is ``alpha_w`` = the term's total count over
all groups, so rare terms are pulled towards the overall rate; the *uninformative*
prior is ``alpha_w = 1``. ``weighted_log_odds`` is a z-score: about 2 or more means the
group uses the term more than the pooled corpus by more than chance variation would
suggest; it is not an odds ratio.

Every group x term cell counts, zeros included: the result equals ``tidylo`` run on
the *complete* table (``tidyr::complete(set, feature, fill = list(n = 0))``); on a
table of non-zero rows only, ``tidylo``'s group totals ``n_i`` leave out the prior of
the missing rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._input import aligned, check_dtm, group_sums
from .matrix import DocumentTermMatrix

__all__ = ["PRIORS", "weighted_log_odds", "weighted_log_odds_from_counts"]

PRIORS = ("informative", "uninformative")


def weighted_log_odds_from_counts(
    counts: pd.DataFrame, *, prior: str = "informative"
) -> pd.DataFrame:
    """Weighted log-odds of every term in every group, from a groups x terms count table.

    Parameters
    ----------
    counts : DataFrame
        One row per group (the index holds the group labels), one column per term,
        non-negative counts.
    prior : {'informative', 'uninformative'}, default 'informative'
        See the module docstring (:mod:`analysis.terms.logodds`).

    Returns
    -------
    DataFrame
        Columns: the group (named after the index, ``group`` if unnamed), ``term``,
        ``n``, ``log_odds``, ``weighted_log_odds``; one row per group and term, in the
        order of ``counts``.

    Examples
    --------
    tidylo's documented example (``mtcars %>% count(vs, gear) %>% bind_log_odds(vs, gear, n)``):

    >>> import pandas as pd
    >>> gears = pd.DataFrame([[12, 2, 4], [3, 10, 1]], columns=["3", "4", "5"],
    ...                      index=pd.Index([0, 1], name="vs"))
    >>> weighted_log_odds_from_counts(gears)["weighted_log_odds"].round(4).tolist()
    [1.1728, -1.3768, 0.4033, -1.1355, 1.5661, -0.4362]
    """
    if prior not in PRIORS:
        raise ValueError(f"prior must be one of {PRIORS}; got {prior!r}.")
    n = counts.to_numpy(dtype=np.float64)
    if n.ndim != 2 or n.size == 0:
        raise ValueError("counts needs at least one group (row) and one term (column).")
    if np.isnan(n).any() or (n < 0).any():
        raise ValueError("counts must be non-negative numbers (no missing values).")
    alpha = n.sum(axis=0, keepdims=True) if prior == "informative" else np.ones_like(n)
    y_wi = n + alpha
    y_w = y_wi.sum(axis=0, keepdims=True)
    n_i = y_wi.sum(axis=1, keepdims=True)
    total = y_wi.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log(y_wi / (n_i - y_wi)) - np.log(y_w / (total - y_w))
        zeta = delta / np.sqrt(1.0 / y_wi + 1.0 / y_w)
    group = counts.index.name or "group"
    return pd.DataFrame(
        {
            group: np.repeat(counts.index.to_numpy(), n.shape[1]),
            "term": np.tile(counts.columns.astype(str).to_numpy(), n.shape[0]),
            "n": n.ravel().astype(np.int64) if np.all(n == np.round(n)) else n.ravel(),
            "log_odds": delta.ravel(),
            "weighted_log_odds": zeta.ravel(),
        }
    )


def weighted_log_odds(
    dtm: DocumentTermMatrix,
    by: str | Sequence | np.ndarray,
    *,
    groups: Sequence | None = None,
    prior: str = "informative",
    min_count: int = 1,
) -> pd.DataFrame:
    """Terms that set each group (e.g. an outlet) apart, by weighted log-odds.

    Parameters
    ----------
    dtm : DocumentTermMatrix
        Counts, summed per group block by block (integers, so the result does not
        depend on the blocks).
    by : str or array-like
        A docvars column (``"source"``) or one value per document.
    groups : list, optional
        Only these groups (e.g. two outlets); the others' documents are left out of
        the comparison. Default: every group.
    prior : {'informative', 'uninformative'}, default 'informative'
        See :mod:`analysis.terms.logodds`.
    min_count : int, default 1
        Keep only terms used at least this often by the compared groups together.
        The prior is computed from the kept terms.

    Returns
    -------
    DataFrame
        Columns: the group column, ``term``, ``n``, ``log_odds``,
        ``weighted_log_odds``; sorted by group, then ``weighted_log_odds``
        (descending, ties by term).

    Raises
    ------
    ValueError
        Fewer than two groups to compare, an unknown group or prior, or no term
        reaching ``min_count``.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.terms import build_dtm
    >>> arts = pd.DataFrame({"text": ["tax tax cuts", "tax rain rain", "rain cuts"],
    ...                      "source": ["a", "b", "b"]})
    >>> table = weighted_log_odds(build_dtm(arts), "source")
    >>> table.groupby("source").head(1)[["source", "term", "n"]]
      source  term  n
    0      a   tax  2
    3      b  rain  3
    """
    check_dtm(dtm, caller="weighted_log_odds")
    if not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ValueError(f"min_count must be a positive integer; got {min_count!r}.")
    values = aligned(by, dtm, what="by")
    name = by if isinstance(by, str) else (values.name or "group")
    labels = pd.Index(sorted(values.dropna().unique()) if groups is None else list(groups))
    unknown = labels.difference(pd.Index(values.dropna().unique()))
    if len(unknown):
        raise ValueError(
            f"{list(unknown)[:3]} are not values of {name!r}; pick groups from "
            f"{sorted(values.dropna().unique())[:10]}."
        )
    if len(labels) < 2:
        raise ValueError(
            f"weighted_log_odds compares groups, but {name!r} has {len(labels)} here; "
            "it needs at least two (e.g. two outlets)."
        )
    codes = pd.Index(labels).get_indexer(values.to_numpy())
    sums = group_sums(dtm, codes, len(labels)).toarray()
    keep = sums.sum(axis=0) >= min_count
    if not keep.any():
        raise ValueError(
            f"No term is used {min_count} times or more by the compared groups; "
            "lower min_count or compare larger groups."
        )
    counts = pd.DataFrame(
        sums[:, keep], index=pd.Index(labels, name=name), columns=np.asarray(dtm.terms)[keep]
    )
    table = weighted_log_odds_from_counts(counts, prior=prior)
    table["_g"] = np.repeat(np.arange(len(labels)), int(keep.sum()))
    table = table.sort_values(["_g", "weighted_log_odds", "term"], ascending=[True, False, True])
    return table.drop(columns="_g").reset_index(drop=True)
