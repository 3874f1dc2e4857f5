"""analysis.plots.readability: each function draws what it says and returns the axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis.plots.readability import (
    plot_hardest_paragraphs,
    plot_readability_by_group,
    plot_readability_correlation,
    plot_readability_over_time,
)
from analysis.readability import readability

PARAS = [
    "The cat sat. It was warm. The dog slept.",
    "Notwithstanding considerable institutional opposition, the parliamentary "
    "subcommittee unanimously ratified comprehensive constitutional amendments "
    "concerning intergovernmental responsibilities and administrative accountability.",
    "We went home. We ate soup. Then we read a book and went to bed early.",
]


@pytest.fixture(scope="module")
def articles():
    rng = np.random.default_rng(0)
    texts = [PARAS[i % 3] + "\n\n" + PARAS[(i + 1) % 3] for i in range(30)]
    return pd.DataFrame(
        {
            "text": texts,
            "source": ["a", "b", "c"] * 10,
            "published": pd.to_datetime("2017-01-01", utc=True)
            + pd.to_timedelta(rng.integers(0, 90, 30), unit="D"),
        },
        index=pd.Index([f"d{i}" for i in range(30)], name="doc_id"),
    )


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_by_group(articles):
    scores = readability(articles)
    ax = plot_readability_by_group(scores, articles["source"])
    assert [
        t.get_text() for t in ax.get_yticklabels()
    ] and ax.get_xlabel() == "Flesch-Kincaid grade (US school grade)"
    assert len(ax.get_yticklabels()) == 3


def test_over_time_with_groups(articles):
    scores = readability(articles, measures=["gunning_fog"])
    _, ax = plt.subplots()
    out = plot_readability_over_time(
        scores, articles["published"], "gunning_fog", by=articles["source"], min_count=1
    )
    assert out is not ax  # a fresh axes when none is given
    assert len(out.get_lines()) == 3
    assert plot_readability_over_time(scores, articles["published"], "gunning_fog", ax=ax) is ax


def test_correlation_heatmap(articles):
    scores = readability(articles)
    ax = plot_readability_correlation(
        scores, ["flesch_reading_ease", "flesch_kincaid_grade", "lix"]
    )
    img = ax.get_images()[0].get_array()
    assert img.shape == (3, 3)
    assert img[0, 1] < 0 < img[1, 2]  # ease falls as grade rises


def test_hardest_and_easiest_paragraphs(articles):
    units = readability(articles, level="paragraph")
    ax = plot_hardest_paragraphs(units, n=2, min_words=1)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1].startswith("Notwithstanding")  # hardest on top
    ax = plot_hardest_paragraphs(units, n=2, min_words=1, easiest=True)
    assert not any(t.get_text().startswith("Notwithstanding") for t in ax.get_yticklabels())
    with pytest.raises(ValueError, match="level='paragraph'"):
        plot_hardest_paragraphs(readability(articles), n=2)


def test_unit_level_scores_take_document_labels(articles):
    units = readability(articles, level="paragraph", measures=["lix"])
    ax = plot_readability_by_group(units, articles["source"], "lix")
    assert len(ax.get_yticklabels()) == 3
