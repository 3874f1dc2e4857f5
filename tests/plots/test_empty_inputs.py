"""Plots given nothing to draw (an undated corpus, too few scores) say so instead of failing."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import overview, plots


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture
def undated():
    return pd.DataFrame(
        {
            "source": ["a", "a", "b"],
            "published": pd.to_datetime([None, None, None], utc=True),
            "n_words": [10, 20, 30],
        }
    )


def _note(ax) -> str:
    ax.figure.canvas.draw()
    return " ".join(t.get_text() for t in ax.texts)


def test_articles_over_time_of_an_undated_corpus(undated):
    per_period = overview.articles_per_period(undated, period="week")
    assert per_period.empty
    assert "no dated articles" in _note(plots.plot_articles_over_time(per_period))


def test_readability_over_time_without_a_full_period(undated):
    scores = pd.DataFrame({"flesch_kincaid_grade": [5.0, 6.0, 7.0]})
    dated = pd.Series(pd.to_datetime(["2017-01-02", "2017-03-01", None], utc=True))
    for dates in (undated["published"], dated):
        ax = plots.plot_readability_over_time(scores, dates)
        assert "no period has 5 or more dated flesch_kincaid_grade scores" in _note(ax)


def test_readability_by_group_without_scores():
    scores = pd.DataFrame({"flesch_kincaid_grade": [float("nan")] * 2})
    ax = plots.plot_readability_by_group(scores, pd.Series(["a", "b"]))
    assert "no flesch_kincaid_grade score" in _note(ax)


def test_hardest_paragraphs_of_short_units():
    units = pd.DataFrame({"text": ["Short.", "Tiny."], "n_words": [1, 1],
                          "flesch_kincaid_grade": [1.0, 2.0]})  # fmt: skip
    ax = plots.plot_hardest_paragraphs(units)
    assert "no unit of 20 or more words has a flesch_kincaid_grade score" in _note(ax)
