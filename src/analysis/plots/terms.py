"""Plots for :mod:`analysis.terms`: ranked bars, keyness, trends, Zipf and Heaps.

Every function draws on ``ax`` (a new figure's axes when ``None``) and returns
the axes, so plots compose into subplots and notebooks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._common import axes as _axes
from ._common import concise_dates, literal

if TYPE_CHECKING:
    import matplotlib.axes

__all__ = ["plot_frequency", "plot_heaps", "plot_keyness", "plot_trends", "plot_zipf"]

_TARGET, _REFERENCE = "#1f77b4", "#7f7f7f"


def _need(frame: pd.DataFrame, columns, *, what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{what} needs columns {list(columns)}; missing {missing}. "
            "Pass the frame returned by the matching analysis.terms function."
        )


#: Axis labels of the frequency columns, in words with units.
_COLUMN_WORDS = {
    "count": "occurrences (count)",
    "doc_count": "articles using the term (count)",
    "rel_freq": "share of all counted words",
    "statistic": "keyness (log-likelihood G²)",
    "log_ratio": "log ratio (log2 of the frequency ratio)",
    "weight": "tf-idf weight",
}


def _column_word(column: str) -> str:
    return _COLUMN_WORDS.get(column, column.replace("_", " "))


def plot_frequency(
    freq: pd.DataFrame,
    *,
    n: int = 20,
    column: str | None = None,
    ax: matplotlib.axes.Axes | None = None,
):
    """Horizontal bars of the top terms, most frequent on top (Voyant's ranked list).

    Parameters
    ----------
    freq : DataFrame
        From :func:`analysis.terms.frequencies` (uses ``count``) or
        :func:`analysis.terms.top_terms` (uses ``weight``), for one group.
    n : int, default 20
    column : str, optional
        The value to plot; default ``count`` if present, else ``weight``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> freq = pd.DataFrame({"term": ["tax", "cuts"], "count": [4, 2]})
    >>> [t.get_text() for t in plot_frequency(freq).get_yticklabels()]
    ['cuts', 'tax']
    """
    column = column or ("count" if "count" in freq.columns else "weight")
    _need(freq, ["term", column], what="plot_frequency")
    top = freq.nlargest(n, column, keep="first").iloc[::-1]
    ax = _axes(ax)
    y = np.arange(len(top))
    ax.barh(y, top[column], color=_TARGET)
    ax.set_yticks(y, top["term"].astype(str))
    ax.set_xlabel(_column_word(column))
    ax.set_ylabel("")
    ax.set_title(f"Which words are most frequent? Top {len(top)}")
    return literal(ax)


def plot_keyness(
    key: pd.DataFrame,
    *,
    n: int = 20,
    labels: tuple[str, str] = ("target", "reference"),
    column: str = "statistic",
    ax: matplotlib.axes.Axes | None = None,
):
    """Diverging bars of the most target- and reference-leaning terms (textplot_keyness).

    Parameters
    ----------
    key : DataFrame
        From :func:`analysis.terms.keyness`.
    n : int, default 20
        Terms on each side.
    labels : (str, str)
        Legend names of the target and the reference.
    column : str, default 'statistic'
        ``log_ratio`` is the better choice for ``measure="fisher"`` (whose
        statistic is infinite for one-sided terms).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> key = pd.DataFrame({"term": ["moscow", "said", "paris"],
    ...                     "statistic": [5.0, 0.1, -3.0]})
    >>> ax = plot_keyness(key, n=1, labels=("TASS", "rest"))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['paris', 'moscow']
    """
    _need(key, ["term", column], what="plot_keyness")
    values = key[column].astype(float)
    finite = values.replace([np.inf, -np.inf], np.nan)
    if finite.notna().any():
        cap = finite.abs().max()
        values = values.clip(-cap, cap)
    pos = key.assign(_v=values)[values > 0].nlargest(n, "_v")
    neg = key.assign(_v=values)[values < 0].nsmallest(n, "_v")
    # Bottom to top: most reference-leaning first, most target-leaning last (on top).
    rows = pd.concat([neg, pos.iloc[::-1]])
    ax = _axes(ax, figsize=(6, max(3, 0.25 * len(rows) + 1)))
    colors = np.where(rows["_v"] > 0, _TARGET, _REFERENCE)
    y = np.arange(len(rows))
    ax.barh(y, rows["_v"], color=colors)
    ax.set_yticks(y, rows["term"].astype(str))
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(_column_word(column))
    ax.set_title("Which words set one side apart from the other?")
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(color=_TARGET, label=labels[0]), Patch(color=_REFERENCE, label=labels[1])],
        loc="lower right",
        frameon=False,
    )
    return literal(ax)


def plot_trends(
    trend: pd.DataFrame, *, column: str = "rel_freq", ax: matplotlib.axes.Axes | None = None
):
    """One line per term over the periods (Voyant's Trends).

    Parameters
    ----------
    trend : DataFrame
        From :func:`analysis.terms.trends`.
    column : str, default 'rel_freq'
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> trend = pd.DataFrame({"period": pd.to_datetime(["2017-01-02", "2017-01-09"] * 2),
    ...                       "term": ["trump", "trump", "brexit", "brexit"],
    ...                       "rel_freq": [0.01, 0.02, 0.0, 0.005]})
    >>> len(plot_trends(trend).get_lines())
    2
    """
    _need(trend, ["period", "term", column], what="plot_trends")
    ax = _axes(ax, figsize=(7, 4))
    for term, part in trend.groupby("term", sort=False):
        part = part.sort_values("period")
        ax.plot(part["period"], part[column], marker="o", markersize=3, label=str(term))
    ax.set_ylabel(_column_word(column))
    ax.set_title("How often are these terms used over time?")
    concise_dates(ax, trend["period"])
    ax.legend(frameon=False)
    return literal(ax)


def plot_zipf(table: pd.DataFrame, *, fit: bool = True, ax: matplotlib.axes.Axes | None = None):
    """Log-log rank-frequency plot with the fitted Zipf exponent.

    The line is a least-squares fit of ``log10(count)`` on ``log10(rank)``; its
    slope (about -1 for Zipf's law) is shown in the legend.

    Parameters
    ----------
    table : DataFrame
        From :func:`analysis.terms.zipf`.
    fit : bool, default True
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> table = pd.DataFrame({"rank": [1, 2, 3, 4], "count": [12, 6, 4, 3]})
    >>> plot_zipf(table).get_legend().get_texts()[1].get_text()
    'fit: slope = -1.00'
    """
    _need(table, ["rank", "count"], what="plot_zipf")
    ax = _axes(ax)
    rank = table["rank"].to_numpy(dtype=float)
    count = table["count"].to_numpy(dtype=float)
    ax.loglog(rank, count, ".", markersize=3, color=_TARGET, label="terms")
    if fit and len(rank) >= 2:
        slope, intercept = np.polyfit(np.log10(rank), np.log10(count), 1)
        ax.loglog(
            rank, 10**intercept * rank**slope, "-", color="black", label=f"fit: slope = {slope:.2f}"
        )
    ax.set_xlabel("rank of the term (1 = most frequent, log scale)")
    ax.set_ylabel("occurrences (count, log scale)")
    ax.set_title("Do word frequencies follow Zipf's law?")
    ax.legend(frameon=False)
    return literal(ax)


def plot_heaps(table: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None):
    """Vocabulary size against tokens read (Heaps' law), with the fitted exponent.

    Parameters
    ----------
    table : DataFrame
        From :func:`analysis.terms.heaps`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> table = pd.DataFrame({"n_tokens": [100, 400, 1600], "n_types": [50, 100, 200]})
    >>> plot_heaps(table).get_legend().get_texts()[1].get_text()
    'fit: beta = 0.50'
    """
    _need(table, ["n_tokens", "n_types"], what="plot_heaps")
    ax = _axes(ax)
    x = table["n_tokens"].to_numpy(dtype=float)
    y = table["n_types"].to_numpy(dtype=float)
    ax.loglog(x, y, "-", color=_TARGET, label="corpus")
    if len(x) >= 2:
        beta, intercept = np.polyfit(np.log10(x), np.log10(y), 1)
        ax.loglog(x, 10**intercept * x**beta, "--", color="black", label=f"fit: beta = {beta:.2f}")
    ax.set_xlabel("words read (tokens)")
    ax.set_ylabel("distinct terms")
    ax.set_title("How fast does the vocabulary grow?")
    ax.legend(frameon=False)
    return literal(ax)
