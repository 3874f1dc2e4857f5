"""Plots for readability scores. Each takes ``ax=None`` and returns the axes.

Inputs are the frames returned by :func:`analysis.readability.readability`; group
labels and dates are passed as Series aligned on its index (e.g.
``articles["source"]``, ``articles["published"]``), so the scores frame never needs
to be joined by hand.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> scores = pd.DataFrame({"flesch_kincaid_grade": [8.0, 9.5, 12.0, 11.0]})
>>> ax = plot_readability_by_group(scores, pd.Series(["a", "a", "b", "b"]))
>>> ax.get_xlabel()
'Flesch-Kincaid grade (US school grade)'
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._shim import renamed
from ..periods import period_alias
from ._common import axes, concise_dates, group_word, literal, measure_label, placeholder

if TYPE_CHECKING:
    import matplotlib.axes
    from numpy.typing import ArrayLike

__all__ = [
    "plot_hardest_paragraphs",
    "plot_readability_by_group",
    "plot_readability_correlation",
    "plot_readability_over_time",
]

DEFAULT_MEASURE = "flesch_kincaid_grade"
_CORR_DEFAULT = [
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "linsear_write_formula",
    "spache_readability",
    "mcalpine_eflaw",
    "lix",
    "text_standard",
    "mattr",
    "mtld",
]


def _labels(scores: pd.DataFrame, by, name: str) -> pd.Series:
    if isinstance(by, str):
        if by not in scores.columns:
            raise ValueError(
                f"{by!r} is not a column of scores. Pass the labels as a Series aligned on "
                f"the index instead, e.g. {name}=articles['source']."
            )
        return scores[by]
    if isinstance(by, pd.Series):
        if by.index.equals(scores.index):
            return by
        if scores.index.nlevels > 1 and by.index.nlevels == 1:
            # unit-level scores: broadcast document labels over (doc_id, position)
            return pd.Series(by.reindex(scores.index.get_level_values(0)).to_numpy(), scores.index)
        return by.reindex(scores.index)
    return pd.Series(np.asarray(by), index=scores.index)


def _measure(scores: pd.DataFrame, measure: str) -> pd.Series:
    if measure not in scores.columns:
        raise ValueError(f"{measure!r} is not a column of scores; choose from {list(scores)}.")
    return pd.to_numeric(scores[measure], errors="coerce").astype(float)


def plot_readability_by_group(
    scores: pd.DataFrame,
    by: str | pd.Series | ArrayLike,
    measure: str = DEFAULT_MEASURE,
    *,
    clip: tuple[float, float] | None = None,
    ax: matplotlib.axes.Axes | None = None,
):
    """Box plots of ``measure`` per group, ordered by median (flagged NaNs left out).

    Parameters
    ----------
    scores : DataFrame
        Output of :func:`analysis.readability.readability`.
    by : str or Series or array-like
        Group labels (a column of ``scores`` or labels aligned on its index).
    measure : str, default "flesch_kincaid_grade"
    clip : (low, high), optional
        Clip values for display (the median order uses unclipped values).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    ax = axes(ax, (8, 4))
    values = _measure(scores, measure)
    groups = _labels(scores, by, "by")
    frame = pd.DataFrame({"g": groups.to_numpy(), "v": values.to_numpy()}).dropna()
    order = frame.groupby("g")["v"].median().sort_values().index
    data = [frame.loc[frame["g"] == g, "v"].to_numpy() for g in order]
    if clip is not None:
        data = [np.clip(d, *clip) for d in data]
    if data:
        ax.boxplot(
            data, orientation="horizontal", tick_labels=[str(g) for g in order], showfliers=False
        )
    else:
        placeholder(ax, f"no {measure} score to show")
    ax.set_xlabel(measure_label(measure))
    word = group_word(getattr(groups, "name", None))
    ax.set_title(f"How hard is each {word} to read? Spread of scores by {word}")
    return literal(ax)


@renamed(freq="period")
def plot_readability_over_time(
    scores: pd.DataFrame,
    dates: str | pd.Series | ArrayLike,
    measure: str = DEFAULT_MEASURE,
    *,
    by: str | pd.Series | ArrayLike | None = None,
    period: str = "month",
    min_count: int = 5,
    ax: matplotlib.axes.Axes | None = None,
):
    """Mean ``measure`` per period (one line per group when ``by`` is given).

    Parameters
    ----------
    scores : DataFrame
    dates : str or Series
        Publication dates (a column of ``scores`` or aligned on its index); NaT rows
        are left out.
    measure : str, default "flesch_kincaid_grade"
    by : str or Series, optional
        Group labels for one line per group.
    period : str, default "month"
        ``"day"``, ``"week"``, ``"month"``, ``"quarter"`` or ``"year"`` (or a pandas
        period alias; ``freq=`` is the deprecated spelling).
    min_count : int, default 5
        Periods with fewer scored texts are not drawn (too noisy).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    ax = axes(ax, (8, 4))
    when = pd.to_datetime(_labels(scores, dates, "dates"), utc=True, errors="coerce")
    frame = pd.DataFrame(
        {
            "period": when.dt.tz_localize(None).dt.to_period(period_alias(period)).to_numpy(),
            "v": _measure(scores, measure).to_numpy(),
            "g": _labels(scores, by, "by").to_numpy() if by is not None else "all",
        }
    ).dropna()
    stats = frame.groupby(["g", "period"])["v"].agg(["mean", "count"])
    stats = stats[stats["count"] >= min_count]
    for g, part in stats.groupby(level="g"):
        x = part.index.get_level_values("period").to_timestamp()
        ax.plot(x, part["mean"].to_numpy(), marker="o", markersize=3, linewidth=1.4, label=str(g))
    if by is not None and len(stats):
        ax.legend(fontsize=8, ncols=2, frameon=False)
    if not len(stats):
        placeholder(ax, f"no period has {min_count} or more dated {measure} scores")
    ax.set_ylabel(f"mean {measure_label(measure)}")
    ax.set_title("Does readability change over time?")
    if len(stats):
        concise_dates(ax)
    return literal(ax)


def plot_readability_correlation(
    scores: pd.DataFrame,
    measures: list[str] | None = None,
    *,
    method: str = "spearman",
    ax: matplotlib.axes.Axes | None = None,
):
    """Heatmap of the correlation between measures (Spearman by default).

    Parameters
    ----------
    scores : DataFrame
    measures : list of str, optional
        Defaults to the grade-like formulas plus ``mattr`` and ``mtld`` that are
        present in ``scores``.
    method : {"spearman", "pearson", "kendall"}
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    ax = axes(ax, figsize=(7, 6))
    cols = measures or [c for c in _CORR_DEFAULT if c in scores.columns]
    if len(cols) < 2:
        raise ValueError("Need at least two measure columns to correlate.")
    corr = scores[cols].apply(pd.to_numeric, errors="coerce").corr(method=method)
    im = ax.imshow(corr.to_numpy(), vmin=-1, vmax=1, cmap="RdBu_r")
    ax.set_xticks(range(len(cols)), cols, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(cols)), cols, fontsize=8)
    if len(cols) <= 16:
        for i in range(len(cols)):
            for j in range(len(cols)):
                v = corr.iat[i, j]
                if not np.isnan(v):
                    ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=6)
    ax.figure.colorbar(im, ax=ax, shrink=0.8, label=f"{method} correlation")
    ax.set_title("Correlation between readability measures")
    return literal(ax)


def plot_hardest_paragraphs(
    units: pd.DataFrame,
    measure: str = DEFAULT_MEASURE,
    *,
    n: int = 8,
    easiest: bool = False,
    min_words: int = 20,
    width: int = 70,
    ax: matplotlib.axes.Axes | None = None,
):
    """Bars for the ``n`` hardest (or easiest) units, labelled with their text.

    Parameters
    ----------
    units : DataFrame
        ``readability(..., level="paragraph")`` or ``level="sentence"`` output (needs
        ``text``; ``n_words`` is used to skip fragments).
    measure : str, default "flesch_kincaid_grade"
        Higher is harder, except ``flesch_reading_ease`` where lower is harder.
    n : int, default 8
    easiest : bool, default False
    min_words : int, default 20
        Units with fewer words are skipped (grade formulas are unstable on them).
    width : int, default 70
        Label length in characters (text is shortened with "...").
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    if "text" not in units.columns:
        raise ValueError(
            "units has no 'text' column. Pass readability(..., level='paragraph') output."
        )
    ax = axes(ax, figsize=(9, 0.45 * n + 1))
    values = _measure(units, measure)
    keep = values.notna()
    if "n_words" in units.columns:
        keep &= units["n_words"].fillna(0).astype(int) >= min_words
    values = values[keep]
    harder_is_lower = measure == "flesch_reading_ease"
    ascending = easiest != harder_is_lower
    pick = values.sort_values(ascending=ascending, kind="stable").head(n)
    labels = [
        textwrap.shorten(" ".join(str(units.loc[i, "text"]).split()), width=width)
        for i in pick.index
    ]
    y = np.arange(len(pick))[::-1]
    ax.barh(y, pick.to_numpy(), color="#55A868" if easiest else "#C44E52")
    ax.set_yticks(y, labels, fontsize=9)
    if pick.empty:
        placeholder(ax, f"no unit of {min_words} or more words has a {measure} score")
    ax.set_xlabel(measure_label(measure))
    ax.set_title(
        f"Which passages are {'easiest' if easiest else 'hardest'} to read? Top {len(pick)}"
    )
    return literal(ax, max_chars=width)
