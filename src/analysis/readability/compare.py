"""Compare a readability measure across groups (outlets, sections, months)."""

from __future__ import annotations

import warnings
import zlib

import numpy as np
import pandas as pd

__all__ = ["compare_groups"]


def _bootstrap(values: np.ndarray, n_boot: int, rng: np.random.Generator, alpha: float):
    n = len(values)
    means = np.empty(n_boot)
    medians = np.empty(n_boot)
    step = max(1, 2_000_000 // max(n, 1))  # bound memory: at most ~2M draws at once
    for start in range(0, n_boot, step):
        stop = min(n_boot, start + step)
        sample = values[rng.integers(0, n, size=(stop - start, n))]
        means[start:stop] = sample.mean(axis=1)
        medians[start:stop] = np.median(sample, axis=1)
    q = [alpha / 2, 1 - alpha / 2]
    return np.quantile(means, q), np.quantile(medians, q)


def compare_groups(
    scores: pd.DataFrame,
    by,
    measure: str,
    *,
    n_boot: int = 2000,
    random_state: int = 0,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Mean and median of ``measure`` per group, with percentile bootstrap CIs.

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

    Returns
    -------
    DataFrame
        One row per group (sorted): the group column (named after ``by``, else
        ``group``), ``n``, ``n_missing``, ``mean``, ``mean_low``, ``mean_high``,
        ``median``, ``median_low``, ``median_high``. Group keys are a column, as in
        every table of the package.

    Examples
    --------
    >>> scores = pd.DataFrame({"grade": [8.0, 9.0, 10.0, 12.0, 13.0, 14.0]})
    >>> out = compare_groups(scores, ["a", "a", "a", "b", "b", "b"], "grade", n_boot=200)
    >>> out[["group", "n", "mean", "median"]]
      group  n  mean  median
    0     a  3   9.0     9.0
    1     b  3  13.0    13.0
    >>> a = out.set_index("group").loc["a"]
    >>> bool(a["mean_low"] <= 9.0 <= a["mean_high"])
    True
    """
    if measure not in scores.columns:
        raise ValueError(
            f"Measure {measure!r} is not a column of scores. Choose one of {list(scores.columns)}."
        )
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1, got {ci}.")
    if n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer, got {n_boot}.")
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
        warnings.warn("No row has a group label; the result is empty.", stacklevel=2)
    alpha = 1 - ci
    rows = {}
    for label, part in frame.groupby("g", sort=True, observed=True):
        v = part["v"].to_numpy()
        ok = v[~np.isnan(v)]
        seed = [random_state, zlib.crc32(str(label).encode("utf-8"))]
        rng = np.random.default_rng(seed)
        if len(ok):
            (ml, mh), (dl, dh) = _bootstrap(ok, n_boot, rng, alpha)
            mean, median = float(ok.mean()), float(np.median(ok))
        else:
            ml = mh = dl = dh = mean = median = np.nan
        rows[label] = {
            "n": len(ok),
            "n_missing": len(v) - len(ok),
            "mean": mean,
            "mean_low": ml,
            "mean_high": mh,
            "median": median,
            "median_low": dl,
            "median_high": dh,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = name
    return out.reset_index()
