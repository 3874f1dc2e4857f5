"""Plots for the corpus overview. Each takes ``ax=None`` and returns the axes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._common import axes, group_word, literal, placeholder

if TYPE_CHECKING:
    import matplotlib.axes

__all__ = ["plot_articles_over_time", "plot_length_distribution", "plot_sources"]


def plot_sources(
    articles: pd.DataFrame, *, by: str = "source", ax: matplotlib.axes.Axes | None = None
):
    """Horizontal bars: articles per outlet, largest at the top."""
    ax = axes(ax, (8, 4))
    counts = articles[by].value_counts().sort_values()
    y = np.arange(len(counts))
    ax.barh(y, counts.to_numpy(), color="#4C72B0")
    ax.set_yticks(y, counts.index.astype(str))
    ax.set_xlabel("number of articles")
    ax.set_title(f"Who published how much? Articles per {group_word(by)}")
    return literal(ax)


def plot_articles_over_time(
    per_period: pd.DataFrame,
    *,
    by: str | None = "source",
    ax: matplotlib.axes.Axes | None = None,
):
    """Lines of article counts per period, one per group (from ``articles_per_period``)."""
    ax = axes(ax, (8, 4))
    if per_period.empty:
        placeholder(ax, "no dated articles: nothing to count per period")
    elif by and by in per_period:
        wide = per_period.pivot_table(
            index="period", columns=by, values="articles", fill_value=0, observed=True
        )
        wide.plot(ax=ax, linewidth=1.4)
        ax.legend(fontsize=8, ncols=2, frameon=False)
    else:
        ax.plot(per_period["period"], per_period["articles"], marker="o")
    ax.set_xlabel("")
    ax.set_ylabel("articles per period")
    ax.set_title("When were the articles published?")
    return literal(ax)


def plot_length_distribution(
    articles: pd.DataFrame,
    *,
    by: str = "source",
    max_words: int | None = 2000,
    ax: matplotlib.axes.Axes | None = None,
):
    """Box plots of article length in words per group (outliers beyond ``max_words`` clipped)."""
    ax = axes(ax, (8, 4))
    order = articles.groupby(by)["n_words"].median().sort_values().index
    data = [articles.loc[articles[by] == g, "n_words"].clip(upper=max_words) for g in order]
    ax.boxplot(
        data, orientation="horizontal", tick_labels=[str(g) for g in order], showfliers=False
    )
    ax.set_xlabel("words per article" + (f" (clipped at {max_words})" if max_words else ""))
    ax.set_title(f"How long are the articles? Words per article, by {group_word(by)}")
    return literal(ax)
