"""Static figures for topic models: choosing k, the topic map, prevalence by group and time.

Every function takes an optional matplotlib ``ax`` and returns the axes it drew on.
Topics keep the model's numbering (0 = most prevalent) in every figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._common import axes as _axes
from ._common import concise_dates, group_word, literal

if TYPE_CHECKING:
    import matplotlib.axes

    from ..topics import TopicModel

__all__ = [
    "plot_prevalence_heatmap",
    "plot_prevalence_over_time",
    "plot_select_k",
    "plot_topic_map",
]


def plot_select_k(table: pd.DataFrame, *, ax: matplotlib.axes.Axes | None = None):
    """Coherence (mean +/- sd, left axis) and stability (right axis) against k.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`analysis.topics.select_k`.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The coherence axes; the stability axes is ``ax.right_ax``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> table = pd.DataFrame({"k": [2, 3, 4], "coherence_mean": [0.1, 0.2, 0.15],
    ...                       "coherence_sd": [0.01, 0.02, 0.01], "stability": [0.7, 0.9, 0.6]})
    >>> table.attrs["recommended_k"] = 3
    >>> plot_select_k(table).get_xlabel()
    'number of topics k'
    """
    ax = _axes(ax)
    measure = table.attrs.get("measure", "coherence")
    ax.errorbar(
        table["k"],
        table["coherence_mean"],
        yerr=table.get("coherence_sd"),
        marker="o",
        color="C0",
        capsize=3,
        label=f"{measure} (mean ± sd)",
    )
    ax.set_xlabel("number of topics k")
    ax.set_title("How many topics? Coherence and stability by k")
    ax.set_ylabel(f"coherence ({measure})", color="C0")
    right = ax.twinx()
    right.plot(table["k"], table["stability"], marker="s", color="C1", label="stability")
    right.set_ylabel("stability (mean average Jaccard)", color="C1")
    right.set_ylim(0, 1.05)
    best = table.attrs.get("recommended_k")
    if best is not None:
        ax.axvline(best, color="0.5", linestyle="--", linewidth=1)
        ax.annotate(
            f"k = {best}",
            xy=(best, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, -12),
            textcoords="offset points",
            color="0.3",
        )
    ax.set_xticks(list(table["k"]))
    handles = ax.get_legend_handles_labels()
    more = right.get_legend_handles_labels()
    ax.legend(handles[0] + more[0], handles[1] + more[1], loc="lower right", fontsize="small")
    ax.right_ax = literal(right)
    return literal(ax)


def plot_topic_map(
    model_or_map: TopicModel | pd.DataFrame,
    *,
    ax: matplotlib.axes.Axes | None = None,
    annotate: bool = True,
):
    """Static inter-topic distance map: circles sized by prevalence.

    Parameters
    ----------
    model_or_map : TopicModel or pandas.DataFrame
        A model, or the frame from :func:`analysis.topics.topic_map`.
    ax : matplotlib.axes.Axes, optional
    annotate : bool, default True
        Write each topic's number in its circle and its label below.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if isinstance(model_or_map, pd.DataFrame):
        positions = model_or_map
    else:
        from analysis.topics.maps import topic_map

        positions = topic_map(model_or_map)
    ax = _axes(ax, figsize=(6, 6))
    prev = positions["prevalence"].to_numpy()
    sizes = 3000 * prev / max(prev.max(), 1e-12) + 30
    ax.scatter(positions["x"], positions["y"], s=sizes, alpha=0.35, color="C0", edgecolor="C0")
    if annotate:
        for topic, row in positions.iterrows():
            ax.annotate(str(topic), (row["x"], row["y"]), ha="center", va="center", fontsize=9)
            ax.annotate(
                str(row["label"]),
                (row["x"], row["y"]),
                xytext=(0, -14),
                textcoords="offset points",
                ha="center",
                fontsize=7,
                color="0.3",
            )
    ax.axhline(0, color="0.9", zorder=0)
    ax.axvline(0, color="0.9", zorder=0)
    ax.set_xlabel("PC1 (Jensen-Shannon, classical MDS)")
    ax.set_ylabel("PC2")
    ax.set_title("Inter-topic distance map (size: prevalence)")
    ax.margins(0.15)
    return literal(ax)


def _wide(table: pd.DataFrame, by: str | None) -> tuple[pd.DataFrame, str]:
    by = by or table.columns[0]
    wide = table.pivot_table(index=by, columns="topic", values="share", aggfunc="mean")
    return wide.sort_index(axis=1), by


def plot_prevalence_heatmap(
    table: pd.DataFrame,
    *,
    by: str | None = None,
    ax: matplotlib.axes.Axes | None = None,
    labels: bool = True,
):
    """Heatmap of mean topic share per group (rows: groups, columns: topics).

    Parameters
    ----------
    table : pandas.DataFrame
        The tidy result of :func:`analysis.topics.prevalence`.
    by : str, optional
        The grouping column (default: the table's first column).
    ax : matplotlib.axes.Axes, optional
    labels : bool, default True
        Show topic labels under the topic numbers.

    Returns
    -------
    matplotlib.axes.Axes
    """
    wide, by = _wide(table, by)
    ax = _axes(ax, figsize=(max(6, 0.5 * wide.shape[1] + 2), max(3, 0.35 * wide.shape[0] + 1.5)))
    image = ax.imshow(wide.to_numpy(), aspect="auto", cmap="Blues")
    ax.figure.colorbar(image, ax=ax, label="mean topic share")
    names = table.drop_duplicates("topic").set_index("topic")["label"] if labels else None
    ticks = [f"{t}: {names.get(t, '')}" if names is not None else str(t) for t in wide.columns]
    ax.set_xticks(np.arange(wide.shape[1]), ticks, rotation=60, ha="right", fontsize=9)
    rows = [v.strftime("%Y-%m-%d") if isinstance(v, pd.Timestamp) else str(v) for v in wide.index]
    ax.set_yticks(np.arange(wide.shape[0]), rows, fontsize=9)
    ax.set_xlabel("topic (number: top terms)")
    ax.set_ylabel(group_word(by))
    ax.set_title(f"Which {group_word(by)}s write about which topics? Mean topic share")
    return literal(ax)


def plot_prevalence_over_time(
    table: pd.DataFrame,
    *,
    by: str | None = None,
    topics: Iterable[int] | None = None,
    ax: matplotlib.axes.Axes | None = None,
):
    """Lines of mean topic share per period (``prevalence(..., by="week"|"month")``).

    Parameters
    ----------
    table : pandas.DataFrame
        The tidy result of :func:`analysis.topics.prevalence` grouped by a period.
    by : str, optional
        The period column (default: the table's first column).
    topics : sequence of int, optional
        Topics to draw (default: the five most prevalent, 0-4).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    wide, by = _wide(table, by)
    topics = list(wide.columns[:5]) if topics is None else list(topics)
    names = table.drop_duplicates("topic").set_index("topic")["label"]
    ax = _axes(ax, figsize=(8, 4))
    for topic in topics:
        ax.plot(wide.index, wide[topic], marker=".", label=f"{topic}: {names.get(topic, '')}")
    ax.set_xlabel("")
    ax.set_ylabel("mean topic share of the articles")
    ax.set_title("How do the main topics rise and fall over time?")
    concise_dates(ax, wide.index)
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return literal(ax)
