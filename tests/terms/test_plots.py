"""analysis.plots.terms: each plot draws what it is given and returns its axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis.plots.terms import (
    plot_frequency,
    plot_heaps,
    plot_keyness,
    plot_trends,
    plot_zipf,
)
from analysis.terms import build_dtm, frequencies, heaps, keyness, trends, zipf


@pytest.fixture
def dtm():
    arts = pd.DataFrame(
        {
            "text": ["Moscow said Moscow talks", "Paris said", "Paris rain rain", "Moscow"],
            "published": pd.to_datetime(
                ["2017-01-02", "2017-01-03", "2017-01-10", "2017-01-11"], utc=True
            ),
        },
        index=pd.Index(["t1", "r1", "r2", "t2"], name="doc_id"),
    )
    return build_dtm(arts)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_frequency_bars(dtm):
    _, ax = plt.subplots()
    out = plot_frequency(frequencies(dtm), n=2, ax=ax)
    assert out is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == ["paris", "moscow"]
    assert [p.get_width() for p in ax.patches] == [2, 3]


def test_keyness_both_directions(dtm):
    key = keyness(dtm, ["t1", "t2"])
    ax = plot_keyness(key, n=2, labels=("Moscow desk", "rest"))
    widths = [p.get_width() for p in ax.patches]
    assert min(widths) < 0 < max(widths)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "moscow"  # most target-leaning on top
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Moscow desk", "rest"]
    fisher = keyness(dtm, ["t1", "t2"], measure="fisher")
    widths = [p.get_width() for p in plot_keyness(fisher).patches]
    assert np.isfinite(widths).all()  # infinite statistics are capped


def test_trends_lines(dtm):
    ax = plot_trends(trends(dtm, "published", ["moscow", "paris"]))
    assert sorted(line.get_label() for line in ax.get_lines()) == ["moscow", "paris"]


def test_zipf_and_heaps_fits():
    table = pd.DataFrame({"rank": np.arange(1, 101), "count": 1000 / np.arange(1, 101)})
    ax = plot_zipf(table)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_legend().get_texts()[1].get_text() == "fit: slope = -1.00"
    assert plot_heaps(heaps(["a b", "b c d", "e"])).get_xscale() == "log"


def test_zipf_from_dtm(dtm):
    ax = plot_zipf(zipf(dtm))
    assert len(ax.get_lines()) == 2


def test_wrong_frame():
    with pytest.raises(ValueError, match="plot_keyness needs columns"):
        plot_keyness(pd.DataFrame({"x": [1]}))
