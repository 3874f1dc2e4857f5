"""Term trends: relative frequency per period (Voyant's Trends)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._shim import find_stack_level, renamed
from ..periods import PERIODS, period_alias
from ._input import aligned, check_dtm, group_sums
from .matrix import DocumentTermMatrix

__all__ = ["trends"]


@renamed(freq="period")
def trends(
    dtm: DocumentTermMatrix,
    dates: str | Sequence | np.ndarray | pd.Series,
    terms: str | Sequence[str],
    *,
    period: str = "week",
) -> pd.DataFrame:
    """Relative frequency of some terms per period, in long (tidy) form.

    Parameters
    ----------
    dtm : DocumentTermMatrix
        Summed per period, block by block.
    dates : str or array-like
        A datetime column of ``dtm.docvars`` (``"published"``) or one date per
        document. Documents without a date are left out, with a warning.
        Time-zone-aware dates are converted to UTC first.
    terms : str or list of str
        Terms of the matrix (as they appear in ``dtm.terms``: lower case,
        lemmas if it was lemmatised). Absent terms are dropped with a warning;
        if none is present, a ValueError.
    period : str, default 'week'
        ``'day'``, ``'week'`` (weeks ending Sunday), ``'month'``, ``'quarter'`` or
        ``'year'`` (:data:`analysis.periods.PERIODS`), or a pandas period alias such
        as ``'W'`` (``freq='W'`` is the deprecated spelling).

    Returns
    -------
    DataFrame
        Columns ``period`` (Timestamp of the period start), ``term``, ``count``,
        ``total`` (all term occurrences in the period's documents) and
        ``rel_freq`` (``count / total``), one row per term and period that has
        documents; sorted by term, then period.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.terms import build_dtm
    >>> arts = pd.DataFrame({
    ...     "text": ["trump tax", "trump trump", "brexit vote"],
    ...     "published": pd.to_datetime(["2017-01-02", "2017-01-03", "2017-01-10"], utc=True)})
    >>> trends(build_dtm(arts), "published", ["trump", "brexit"])
          period    term  count  total  rel_freq
    0 2017-01-02  brexit      0      4      0.00
    1 2017-01-09  brexit      1      2      0.50
    2 2017-01-02   trump      3      4      0.75
    3 2017-01-09   trump      0      2      0.00
    """
    check_dtm(dtm, caller="trends")
    wanted = [terms] if isinstance(terms, str) else list(terms)
    if not wanted:
        raise ValueError("terms is empty; pass one or more terms of dtm.terms.")
    idx = dtm.term_index(wanted)
    absent = [t for t, i in zip(wanted, idx, strict=True) if i < 0]
    if len(absent) == len(wanted):
        raise ValueError(
            f"None of the terms {wanted[:5]} is in the vocabulary. Check the spelling "
            "(terms are lower-cased and, with lemmatize=True, lemmatised), or rebuild the "
            "matrix with a lower min_df or without those stop words."
        )
    if absent:
        warnings.warn(
            f"Terms not in the vocabulary are left out: {absent[:10]}.",
            UserWarning,
            stacklevel=find_stack_level(),
        )
    present = [t for t, i in zip(wanted, idx, strict=True) if i >= 0]
    cols = idx[idx >= 0]
    when = aligned(dates, dtm, what="dates")
    try:
        when = pd.to_datetime(when)
    except (TypeError, ValueError) as err:
        raise ValueError(f"dates must be datetimes (or parseable as such): {err}") from None
    if getattr(when.dt, "tz", None) is not None:
        when = when.dt.tz_convert("UTC").dt.tz_localize(None)
    has_date = when.notna().to_numpy()
    if not has_date.all():
        warnings.warn(
            f"{int((~has_date).sum())} documents have no date and are left out.",
            UserWarning,
            stacklevel=find_stack_level(),
        )
    if not has_date.any():
        raise ValueError("No document has a date; pass dates with at least one value.")
    try:
        periods = when[has_date].dt.to_period(period_alias(period))
    except (ValueError, TypeError) as err:
        raise ValueError(
            f"period={period!r} is not a period name ({', '.join(PERIODS)}) nor a pandas "
            f"period alias: {err}"
        ) from None
    period_codes, labels = pd.factorize(periods, sort=True)
    codes = np.full(dtm.shape[0], -1, dtype=np.int64)
    codes[np.flatnonzero(has_date)] = period_codes
    sums = group_sums(dtm, codes, len(labels))  # periods x all terms (summed over blocks)
    total = np.asarray(sums.sum(axis=1)).ravel()
    counts = sums[:, cols].toarray()  # periods x terms
    starts = pd.PeriodIndex(labels).start_time
    n_p, n_t = counts.shape
    out = pd.DataFrame(
        {
            "period": np.tile(starts, n_t),
            "term": np.repeat(np.asarray(present, dtype=object), n_p),
            "count": counts.T.ravel(),
            "total": np.tile(total, n_t),
        }
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        out["rel_freq"] = out["count"] / out["total"].where(out["total"] > 0)
    out = out.sort_values(["term", "period"], kind="stable").reset_index(drop=True)
    return out
