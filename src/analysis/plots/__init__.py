"""Plots for every analysis. Each function takes ``ax=None`` and returns the axes.

Scraped text (outlet names, titles, terms, paragraphs) is drawn literally: a ``$``
in it is never read as mathtext, and labels longer than
``LABEL_CHARS`` characters are cut with "…". Given
nothing to draw (e.g. an undated corpus), a plot says so in the empty axes.
"""

from .corpus import plot_articles_over_time, plot_length_distribution, plot_sources
from .display import describe, show
from .readability import (
    plot_hardest_paragraphs,
    plot_readability_by_group,
    plot_readability_correlation,
    plot_readability_over_time,
)
from .terms import plot_frequency, plot_heaps, plot_keyness, plot_trends, plot_zipf
from .topics import (
    plot_prevalence_heatmap,
    plot_prevalence_over_time,
    plot_select_k,
    plot_topic_map,
)

__all__ = [
    "describe",
    "plot_articles_over_time",
    "plot_frequency",
    "plot_hardest_paragraphs",
    "plot_heaps",
    "plot_keyness",
    "plot_length_distribution",
    "plot_prevalence_heatmap",
    "plot_prevalence_over_time",
    "plot_readability_by_group",
    "plot_readability_correlation",
    "plot_readability_over_time",
    "plot_select_k",
    "plot_sources",
    "plot_topic_map",
    "plot_trends",
    "plot_zipf",
    "show",
]
