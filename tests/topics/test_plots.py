"""analysis.plots.topics: each function draws on the given axes and returns it."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.plots.topics import (
    plot_prevalence_heatmap,
    plot_prevalence_over_time,
    plot_select_k,
    plot_topic_map,
)
from analysis.topics import fit_topics, prevalence, topic_map


@pytest.fixture(scope="module")
def model(toy_dtm):
    return fit_topics(toy_dtm, 3, min_df=1, max_df=1.0)


def test_select_k_plot():
    table = pd.DataFrame(
        {
            "k": [2, 3, 4],
            "coherence_mean": [0.1, 0.2, 0.15],
            "coherence_sd": [0.01, 0.02, 0.01],
            "stability": [0.7, 0.9, 0.6],
        }
    )
    table.attrs.update(recommended_k=3, measure="c_npmi")
    fig, ax = plt.subplots()
    out = plot_select_k(table, ax=ax)
    assert out is ax
    assert list(out.right_ax.lines[0].get_ydata()) == [0.7, 0.9, 0.6]
    assert "c_npmi" in ax.get_ylabel()
    plt.close(fig)


def test_topic_map_plot(model):
    fig, ax = plt.subplots()
    assert plot_topic_map(model, ax=ax) is ax
    assert len(ax.collections[0].get_offsets()) == 3
    assert plot_topic_map(topic_map(model)) is not None
    plt.close("all")


def test_prevalence_plots(model, toy_articles):
    fig, ax = plt.subplots()
    table = prevalence(model, toy_articles, by="source")
    assert plot_prevalence_heatmap(table, ax=ax) is ax
    assert ax.images[0].get_array().shape == (2, 3)
    fig2, ax2 = plt.subplots()
    weekly = prevalence(model, toy_articles, by="week")
    assert plot_prevalence_over_time(weekly, ax=ax2, topics=[0, 1]) is ax2
    assert len(ax2.lines) == 2
    plt.close("all")
