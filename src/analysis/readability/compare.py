"""Compare a readability measure across groups (outlets, sections, months).

:func:`compare_groups` gives each group's mean and median with a bootstrap interval.
Two groups' intervals overlapping does **not** mean the data cannot tell them apart:
the interval of a *difference* is narrower than the two intervals side by side (its
half-width is about ``sqrt(h1² + h2²)``, not ``h1 + h2``), so intervals that overlap
by up to about a quarter of their length can still go with a clear difference.
:func:`compare_pairs` answers the pairwise question directly: the difference of
means with its own bootstrap interval and Welch's t-test, its p-values adjusted for
the number of pairs compared (Holm, :func:`analysis.stats.holm`).

Groups with fewer than ``min_n`` scored texts get no interval and no test: the
bootstrap of one article is that article every time, a "95 % interval" of width
zero that claims certainty where there is none.
"""

from __future__ import annotations

import itertools
import warnings
import zlib
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..stats import holm

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["compare_groups", "compare_pairs"]


def _boot_stats(values: np.ndarray, n_boot: int, rng: np.random.Generator):
    """Bootstrap means and medians of ``values`` (``n_boot`` resamples)."""
    n = len(values)
    means = np.empty(n_boot)
    medians = np.empty(n_boot)
    step = max(1, 2_000_000 // max(n, 1))  # bound memory: at most ~2M draws at once
    for start in range(0, n_boot, step):
        stop = min(n_boot, start + step)
        sample = values[rng.integers(0, n, size=(stop - start, n))]
        means[start:stop] = sample.mean(axis=1)
        medians[start:stop] = np.median(sample, axis=1)
    return means, medians


def _bootstrap(values: np.ndarray, n_boot: int, rng: np.random.Generator, alpha: float):
    means, medians = _boot_stats(values, n_boot, rng)
    q = [alpha / 2, 1 - alpha / 2]
    return np.quantile(means, q), np.quantile(medians, q)


def _rng(random_state: int, label) -> np.random.Generator:
    """A group's own stream: its interval does not change when other groups are added."""
    return np.random.default_rng([random_state, zlib.crc32(str(label).encode("utf-8"))])


def _check(scores: pd.DataFrame, measure: str, ci: float, n_boot: int, min_n: int) -> None:
    if measure not in scores.columns:
        raise ValueError(
            f"Measure {measure!r} is not a column of scores. Choose one of {list(scores.columns)}."
        )
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1, got {ci}.")
    if n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer, got {n_boot}.")
    if isinstance(min_n, bool) or not isinstance(min_n, (int, np.integer)) or min_n < 2:
        raise ValueError(f"min_n must be an integer of at least 2, got {min_n!r}.")


def _grouped(scores: pd.DataFrame, by, measure: str) -> tuple[pd.DataFrame, str]:
    """A frame of group labels ``g`` and values ``v``, and the group column's name."""
    if isinstance(by, str):
        if by not in scores.columns:
            raise ValueError(
                f"Group column {by!r} is not in scores. Pass the labels instead, e.g. "
                "by=articles['source'] (aligned on the index)."
            )
        groups = scores[by]
    elif isinstance(by, pd.Series):
        groups = by.reindex(scores.index) if not by.index.equals(scores.index) else by
    else:
        groups = pd.Series(np.asarray(by), index=scores.index)
        if len(groups) != len(scores):
            raise ValueError(f"by has {len(groups)} labels for {len(scores)} rows.")
    name = groups.name if isinstance(groups.name, str) and groups.name != measure else "group"
    values = pd.to_numeric(scores[measure], errors="coerce").astype(float)
    frame = pd.DataFrame({"g": groups.to_numpy(), "v": values.to_numpy()}).dropna(subset=["g"])
    if frame.empty:
        warnings.warn("No row has a group label; the result is empty.", stacklevel=3)
    return frame, name


def compare_groups(
    scores: pd.DataFrame,
    by: str | pd.Series | ArrayLike,
    measure: str,
    *,
    n_boot: int = 2000,
    random_state: int = 0,
    ci: float = 0.95,
    min_n: int = 5,
) -> pd.DataFrame:
    """Mean and median of ``measure`` per group, with percentile bootstrap CIs.

    Overlapping intervals do not show that two groups are alike; compare pairs with
    :func:`compare_pairs`.

    Parameters
    ----------
    scores : DataFrame
        Output of :func:`analysis.readability.readability` (or any frame).
    by : str or Series or array-like
        A column of ``scores``, or group labels aligned with ``scores`` (a Series is
        aligned on the index, e.g. ``articles["source"]`` or
        ``articles["published"].dt.to_period("M")``).
    measure : str
        The column to summarise. NaN values (flagged texts) are left out and counted
        in ``n_missing``.
    n_boot : int, default 2000
        Bootstrap resamples per group.
    random_state : int, default 0
        Seed. Each group draws from its own stream derived from the seed and the
        group's label, so a group's interval does not change when others are added.
    ci : float, default 0.95
        Confidence level.
    min_n : int, default 5
        Groups with fewer scored texts keep their mean and median but get no
        interval (NaN): a bootstrap of one or two texts is no measure of uncertainty.

    Returns
    -------
    DataFrame
        One row per group (sorted): the group column (named after ``by``, else
        ``group``), ``n``, ``n_missing``, ``mean``, ``mean_low``, ``mean_high``,
        ``median``, ``median_low``, ``median_high``. Group keys are a column, as in
        every table of the package.

    Examples
    --------
    >>> scores = pd.DataFrame({"grade": [8.0, 9.0, 10.0, 12.0, 13.0, 14.0, 11.0]})
    >>> out = compare_groups(scores, ["a", "a", "a", "b", "b", "b", "c"], "grade",
    ...                      n_boot=200, min_n=3)
    >>> out[["group", "n", "mean", "median", "mean_low"]].round(1)
      group  n  mean  median  mean_low
    0     a  3   9.0     9.0       8.0
    1     b  3  13.0    13.0      12.0
    2     c  1  11.0    11.0       NaN
    >>> a = out.set_index("group").loc["a"]
    >>> bool(a["mean_low"] <= 9.0 <= a["mean_high"])
    True
    """
    _check(scores, measure, ci, n_boot, min_n)
    frame, name = _grouped(scores, by, measure)
    alpha = 1 - ci
    rows = {}
    for label, part in frame.groupby("g", sort=True, observed=True):
        v = part["v"].to_numpy()
        ok = v[~np.isnan(v)]
        ml = mh = dl = dh = np.nan
        if len(ok) >= min_n:
            (ml, mh), (dl, dh) = _bootstrap(ok, n_boot, _rng(random_state, label), alpha)
        rows[label] = {
            "n": len(ok),
            "n_missing": len(v) - len(ok),
            "mean": float(ok.mean()) if len(ok) else np.nan,
            "mean_low": ml,
            "mean_high": mh,
            "median": float(np.median(ok)) if len(ok) else np.nan,
            "median_low": dl,
            "median_high": dh,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = name
    return out.reset_index()


def compare_pairs(
    scores: pd.DataFrame,
    by: str | pd.Series | ArrayLike,
    measure: str,
    *,
    n_boot: int = 2000,
    random_state: int = 0,
    ci: float = 0.95,
    min_n: int = 5,
) -> pd.DataFrame:
    """Every pair of groups: difference of means, its interval, and a corrected test.

    For groups ``A`` and ``B`` (labels in sorted order), ``diff = mean(A) - mean(B)``;
    ``diff_low``/``diff_high`` is the percentile bootstrap interval of the
    difference (each group resampled on its own, with the same streams as
    :func:`compare_groups`); ``p_value`` is Welch's two-sample t-test
    (``scipy.stats.ttest_ind(equal_var=False)``), and ``p_holm`` that p-value
    adjusted for the number of pairs (Holm). ``differ`` is ``p_holm < 1 - ci``.

    Parameters
    ----------
    scores, by, measure, n_boot, random_state, ci
        As for :func:`compare_groups`.
    min_n : int, default 5
        Groups with fewer scored texts are left out of the pairs.

    Returns
    -------
    DataFrame
        Columns ``group_a``, ``group_b``, ``n_a``, ``n_b``, ``diff``, ``diff_low``,
        ``diff_high``, ``p_value``, ``p_holm``, ``differ``; one row per pair, sorted
        by ``p_value`` then the labels.

    Examples
    --------
    >>> scores = pd.DataFrame({"g": [8.0, 9, 10, 9, 8] + [12.0, 13, 14, 13, 12]
    ...                        + [8.5, 9, 9.5, 9, 10]})
    >>> by = ["a"] * 5 + ["b"] * 5 + ["c"] * 5
    >>> pairs = compare_pairs(scores, by, "g", n_boot=500)
    >>> pairs[["group_a", "group_b", "diff", "differ"]]
      group_a group_b  diff  differ
    0       a       b  -4.0    True
    1       b       c   3.6    True
    2       a       c  -0.4   False
    """
    _check(scores, measure, ci, n_boot, min_n)
    frame, _ = _grouped(scores, by, measure)
    values = {
        label: part["v"].dropna().to_numpy()
        for label, part in frame.groupby("g", sort=True, observed=True)
    }
    values = {k: v for k, v in values.items() if len(v) >= min_n}
    boot = {k: _boot_stats(v, n_boot, _rng(random_state, k))[0] for k, v in values.items()}
    q = [(1 - ci) / 2, 1 - (1 - ci) / 2]
    from scipy import stats as sps  # lazy: scoring alone never imports SciPy

    rows = []
    for a, b in itertools.combinations(values, 2):
        va, vb = values[a], values[b]
        low, high = np.quantile(boot[a] - boot[b], q)
        p = sps.ttest_ind(va, vb, equal_var=False).pvalue
        rows.append((a, b, len(va), len(vb), va.mean() - vb.mean(), low, high, p))
    cols = ["group_a", "group_b", "n_a", "n_b", "diff", "diff_low", "diff_high", "p_value"]
    out = pd.DataFrame(rows, columns=cols)
    out["p_holm"] = holm(out["p_value"].to_numpy())
    out["differ"] = out["p_holm"] < 1 - ci
    order = out.assign(_a=out["group_a"].astype(str), _b=out["group_b"].astype(str))
    order = order.sort_values(["p_value", "_a", "_b"], kind="stable").index
    return out.loc[order].reset_index(drop=True)
